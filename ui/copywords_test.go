package ui

import (
	"errors"
	"strings"
	"testing"
)

// A copy that cannot be confirmed says so and how to check; inside tmux it
// names the line tmux needs; "OSC 52" is never said (issue 19, item 5).
func TestCopyWordingSaysWhetherItWorked(t *testing.T) {
	ssh := ClipboardHost{GOOS: "linux", Getenv: func(string) string { return "" }}
	tmux := ClipboardHost{GOOS: "linux", Getenv: func(k string) string { return map[string]string{"TMUX": "/tmp/tmux-0/default,1,0"}[k] }}
	for _, tt := range []struct {
		name string
		host ClipboardHost
		want []string
	}{
		{"over SSH", ssh, []string{"⚠ Link may not have reached your clipboard: paste to check.", "no display here"}},
		{"inside tmux", tmux, []string{"⚠ Link may not have reached your clipboard: paste to check.", "tmux passes it on only with: set -g set-clipboard on"}},
	} {
		var term syncBuffer
		c := SystemAndTerminal{Write: func(string) error { return errors.New("exit status 1") }, Terminal: &term, Host: &tt.host}
		msg, ok := copyStatus("Link", c.Copy("https://in.sumsub.com/x"))
		for _, w := range tt.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: %q lacks %q", tt.name, msg, w)
			}
		}
		if ok || strings.Contains(msg, "OSC") || strings.Contains(msg, "copied") {
			t.Errorf("%s: %q (good news %v)", tt.name, msg, ok)
		}
		// On screen, the line to add stands whole on a row at every size.
		for _, w := range []int{60, 70, 80, 120} {
			h := newHarness(t)
			m := h.submitted(t, h.model(w, 24), okID)
			m = update(m, copiedMsg{what: "Link", res: c.Copy("x")})
			if tt.name == "inside tmux" && !strings.Contains(plain(m), "set -g set-clipboard on") {
				t.Errorf("%s at %d columns: the line is not on screen:\n%s", tt.name, w, plain(m))
			}
			if strings.Contains(plain(m), "OSC 52") {
				t.Errorf("%s at %d columns: says OSC 52", tt.name, w)
			}
		}
	}
	// Confirmed by the system clipboard: copied, inside tmux too.
	c := SystemAndTerminal{Write: func(string) error { return nil }, Terminal: &syncBuffer{}, Host: &tmux}
	if msg, ok := copyStatus("Link", c.Copy("x")); !ok || msg != "✓ Link copied to the clipboard." {
		t.Errorf("confirmed copy: %q", msg)
	}
}

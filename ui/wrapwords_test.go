// This file tests that prose is wrapped at its spaces only: a command's
// flag and a URL in a hint stay whole on a row.

package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/kyclink/kyclink/client"
)

// The gateway-token hint on the error screen, for gateways whose names
// put the flag and the URL at every place on a row, at 70x20 and 60x16:
// "--base-url" and the gateway's URL are each whole on one row, never
// "--" / "base-url" or "http://" / "127.0.0.1:…".
func TestTheHintKeepsTheCommandsFlagAndTheURLWhole(t *testing.T) {
	h := newHarness(t)
	for n := range 16 {
		host := "gw" + strings.Repeat("x", n) + ".example.com"
		for _, url := range []string{"http://127.0.0.1:4" + strings.Repeat("7", n%5), "https://" + host + "/kyc"} {
			for _, size := range [][2]int{{70, 20}, {60, 16}} {
				o := h.options()
				o.Environment = client.Environment{Kind: client.EnvCustom, Host: host}
				o.SignIn = "kyclink auth login --base-url " + url
				m := update(New(o), tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				m.fail(&client.APIError{Kind: client.KindAuth, Status: 401, AtGateway: true}, okID)
				m = update(m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				v := plain(m)
				rows := strings.Split(v, "\n")
				for _, whole := range []string{"--base-url", url + ")", "Your token"} {
					if !hasRowWith(rows, whole) {
						t.Errorf("%s at %dx%d: %q not whole on a row:\n%s", url, size[0], size[1], whole, v)
					}
				}
			}
		}
	}
}

func hasRowWith(rows []string, s string) bool {
	for _, r := range rows {
		if strings.Contains(r, s) {
			return true
		}
	}
	return false
}

// wrap breaks at spaces only, drops the spaces it breaks at, keeps every
// row within the width, cuts only a word wider than it, and loses no
// word.
func TestWrapBreaksAtSpacesOnly(t *testing.T) {
	for _, tt := range []struct {
		s    string
		w    int
		want string
	}{
		{"sign in (kyclink auth login --base-url http://127.0.0.1:4)", 30, "sign in (kyclink auth login\n--base-url http://127.0.0.1:4)"},
		{"see https://gw.example.com/kyc now", 20, "see\nhttps://gw.example.c\nom/kyc now"},
		{"a  b", 3, "a\nb"},
		{"  indented", 20, "  indented"},
		{"  indented", 4, "inde\nnted"},
		{"one\ntwo three", 5, "one\ntwo\nthree"},
		{"re-run it", 20, "re-run it"},
		{"äöü 日本語 x", 6, "äöü\n日本語\nx"},
		{"", 5, ""},
	} {
		if got := wrap(tt.s, tt.w); got != tt.want {
			t.Errorf("wrap(%q, %d) = %q, want %q", tt.s, tt.w, got, tt.want)
		}
	}
	prose := "Your token for the gateway at gw.example.com is wrong, expired or revoked: sign in to it again (kyclink auth login --base-url https://gw.example.com/kyc), or ask whoever runs the gateway for a new one."
	for w := 1; w <= 80; w++ {
		got := wrap(prose, w)
		for _, row := range strings.Split(got, "\n") {
			if ansi.StringWidth(row) > w {
				t.Fatalf("width %d: row %q too wide", w, row)
			}
		}
		if w >= len("https://gw.example.com/kyc),") && !strings.Contains(got, "--base-url") {
			t.Errorf("width %d: the flag cut: %q", w, got)
		}
		if w >= 30 && fmt.Sprint(strings.Fields(got)) != fmt.Sprint(strings.Fields(prose)) {
			t.Errorf("width %d: words lost or cut: %q", w, got)
		}
	}
}

// BenchmarkWrapHint wraps the gateway-token hint as the error screen does
// at 70 columns.
func BenchmarkWrapHint(b *testing.B) {
	prose := "Your token for the gateway at gw.example.com is wrong, expired or revoked: sign in to it again (kyclink auth login --base-url https://gw.example.com/kyc), or ask whoever runs the gateway for a new one."
	b.ReportAllocs()
	for b.Loop() {
		wrap(prose, 68)
	}
}

// Sphere's text may hold a tab or another kind of space (an em or an
// ideographic space): wrap breaks there as at a space, as ansi.Wrap did,
// rather than cutting the words around it, and leaves no tab, which the
// terminal or a style would widen past the row (a non-breaking space
// still binds). The error screen's rows stay within the window.
func TestWrapBreaksAtEveryKindOfSpace(t *testing.T) {
	for _, tt := range []struct {
		s    string
		w    int
		want string
	}{
		{"one\ttwo", 5, "one\ntwo"},
		{"one\ttwo", 20, "one two"},
		{"one\u2003two\u3000three", 6, "one\ntwo\nthree"},
		{"one\u00a0two", 5, "one\u00a0t\nwo"},
	} {
		if got := wrap(tt.s, tt.w); got != tt.want {
			t.Errorf("wrap(%q, %d) = %q, want %q", tt.s, tt.w, got, tt.want)
		}
	}
	h := newHarness(t)
	detail := strings.Repeat("field\tvalue\u3000more\u2003words ", 12)
	e := &client.APIError{Kind: client.KindValidation, Status: 422, Title: "Validation failed", Detail: detail,
		Errors: []client.FieldError{{Parameter: "email", Detail: detail}}}
	m := h.model(70, 40)
	m.fail(e, okID)
	m = update(m, tea.WindowSizeMsg{Width: 70, Height: 40})
	for _, row := range strings.Split(m.View(), "\n") {
		if ansi.StringWidth(row) > 70 || strings.Contains(row, "\t") {
			t.Errorf("row %q (%d cells) in a 70-cell window", ansi.Strip(row), ansi.StringWidth(row))
		}
	}
	if v := plain(m); !strings.Contains(v, "field value") {
		t.Errorf("the tab is not a space:\n%s", v)
	}
}

// This file tests that a broken or hostile server can neither hang the
// one-shot nor pass its text off as kyclink's own lines.

package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client/spheretest"
	"github.com/kyclink/kyclink/ui"
)

// runBounded runs the command and fails the test if it has not returned
// within a generous bound: what it guards against is waiting forever.
func runBounded(t *testing.T, r runner, args ...string) result {
	t.Helper()
	done := make(chan result, 1)
	go func() { done <- r.run(t, args...) }()
	select {
	case res := <-done:
		return res
	case <-time.After(10 * time.Second):
		t.Fatalf("%v did not return", args)
		return result{}
	}
}

// hostileAPI is spheretest with its fault scenarios holding connections
// far longer than any test runs.
func hostileAPI(t *testing.T) runner {
	t.Helper()
	return runnerFor(t, spheretest.NewTestServer(t, spheretest.Options{StallFor: time.Hour}))
}

func TestOneShotNeverHangsOnAHostileServer(t *testing.T) {
	tests := []struct {
		name   string
		id     string
		cancel bool // the agent presses ctrl+c (main's signal context ends)
		args   []string
		code   int
		stderr string
		kind   string // with --json
	}{
		{"101 is refused at once", spheretest.SwitchingProtocols, false, []string{"--timeout", "1h"}, exitFailed, "101 Switching Protocols", "bad_response"},
		{"101 with a short timeout", spheretest.SwitchingProtocols, false, []string{"--timeout", "3s"}, exitFailed, "not an answer", "bad_response"},
		{"stalled body: timeout", spheretest.StalledBody, false, []string{"--timeout", "200ms"}, exitTemporary, "Timed out", "timeout"},
		{"stalled body: interrupt", spheretest.StalledBody, true, []string{"--timeout", "1h"}, exitInterrupted, "Cancelled", "cancelled"},
		{"slow answer: interrupt", spheretest.Slow, true, []string{"--timeout", "1h"}, exitInterrupted, "Cancelled", "cancelled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := hostileAPI(t)
			if tt.cancel {
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				time.AfterFunc(100*time.Millisecond, cancel)
				r.ctx = ctx
			}
			check := func(want string, extra ...string) {
				t.Helper()
				args := append(append([]string{"regenerate", tt.id}, tt.args...), extra...)
				res := runBounded(t, r, args...)
				if res.code != tt.code || res.stdout != "" || !strings.Contains(res.stderr, want) {
					t.Errorf("%v: exit %d (want %d), stdout %q, stderr %q (want %q)", args, res.code, tt.code, res.stdout, res.stderr, want)
				}
			}
			check(tt.stderr)
			if !tt.cancel { // a cancelled context is spent
				check(`{"kind":"`+tt.kind+`"`, "--json")
			}
		})
	}
}

func TestRegenerateWarnsAboutEveryUnexpectedHost(t *testing.T) {
	tests := []struct{ host, shown, why string }{
		{"127.0.0.1", "127.0.0.1", " (it is an IP address)"},
		{"[::1]", "[::1]", " (it is an IP address)"},
		{"0x7f.1", "0x7f.1", " (it is an IP address)"},
		{"a_b.sumsub.com", "a_b.sumsub.com", " (it is a name with an underscore)"},
		{"xn--zz.sumsub.com", "xn--zz.sumsub.com", " (it is not a valid host name)"},
		{"-in-.sumsub.com", "-in-.sumsub.com", " (it is not a valid host name)"},
		{"evil.example", "evil.example", "\n"},
	}
	for _, tt := range tests {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(201)
			fmt.Fprintf(w, `{"customerId":%q,"url":"https://%s/websdk/p/x","expiresAt":"2026-12-24T09:00:00Z"}`, okID, tt.host)
		}))
		r := runner{env: map[string]string{"SPHERE_BASE_URL": srv.URL, "SPHERE_API_KEY": "secret_hostile_test_key"}}
		res := r.run(t, "regenerate", okID, "--link-hosts", "sumsub.com,127.0.0.1,::1")
		want := "Warning:     the link's host " + tt.shown + " is not one of sumsub.com, 127.0.0.1, ::1" + tt.why
		if res.code != 0 || !strings.Contains(res.stderr, want) {
			t.Errorf("%s: exit %d, stderr:\n%s\nwant %q", tt.host, res.code, res.stderr, want)
		}
		srv.Close()
	}
}

// forgedLines returns the lines of out that start, in one of kyclink's own
// columns (at most maxLead spaces in), with words kyclink's own lines start
// with, yet are not one of kyclink's lines (own reports those).
func forgedLines(out string, maxLead int, own func(string) bool) []string {
	var bad []string
	for _, l := range strings.Split(out, "\n") {
		rest := strings.TrimLeft(l, " ")
		if len(l)-len(rest) > maxLead || own(l) {
			continue
		}
		for _, p := range []string{"kyclink:", "correlation id", "expires:"} {
			if strings.HasPrefix(strings.ToLower(rest), p) {
				bad = append(bad, l)
			}
		}
	}
	return bad
}

func TestNoForgedLinesOnStderr(t *testing.T) {
	r := hostileAPI(t)
	res := r.run(t, "regenerate", spheretest.HostileText, "--debug")
	if res.code != exitFailed {
		t.Fatalf("exit %d:\n%s", res.code, res.stderr)
	}
	lines := strings.Split(res.stderr, "\n")
	head := -1
	for i, l := range lines {
		if strings.HasPrefix(l, "kyclink: Validation failed (HTTP 422)") {
			head = i
		}
	}
	own := func(l string) bool {
		return l == "kyclink: Validation failed (HTTP 422)" ||
			strings.HasPrefix(l, "  correlation ID: ") && strings.HasSuffix(l, " (quote it to Sphere support)")
	}
	if bad := forgedLines(res.stderr, 2, own); len(bad) > 0 || head < 0 {
		t.Errorf("forged lines %q in:\n%s", bad, res.stderr)
	}
	// Sphere's lines are all there, indented under the heading.
	for _, want := range []string{"    Forged kyclink: Link copied", "    ok", "    kyclink: Link copied", "    Correlation ID: fake", "    Expires: never",
		"  • email Correlation ID: fake: bad", "    kyclink: Link copied", "  code: bad Correlation ID: fake"} {
		found := false
		for _, l := range lines[head:] {
			found = found || strings.HasPrefix(l, want)
		}
		if !found {
			t.Errorf("stderr lacks a line %q:\n%s", want, res.stderr)
		}
	}
}

func TestNoForgedLinesInTheDebugFile(t *testing.T) {
	r := hostileAPI(t)
	path := filepath.Join(t.TempDir(), "debug.log")
	r.tty = true
	r.tui = func(ctx context.Context, o ui.Options) error { // what the app does
		_, err := o.Client.RegenerateKYCLinkWithKey(ctx, spheretest.HostileText, "")
		if err == nil {
			return errors.New("the hostile scenario answered with a link")
		}
		return nil
	}
	if res := r.run(t, "--debug", "--debug-file", path); res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	log, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	stamp := regexp.MustCompile(`^\d\d:\d\d:\d\d\.\d{3} kyclink: `)
	for _, l := range strings.Split(strings.TrimSuffix(string(log), "\n"), "\n") {
		if !stamp.MatchString(l) {
			t.Errorf("a line of the debug file is not kyclink's: %q", l)
		}
	}
	if !strings.Contains(string(log), "problem: kind=validation") {
		t.Errorf("debug file:\n%s", log)
	}
}

package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client/spheretest"
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
	h := spheretest.NewHandler(spheretest.Options{Now: func() time.Time { return t0 }, Seed: 7, SlowDelay: time.Hour, StallFor: time.Hour})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return runner{env: map[string]string{"SPHERE_BASE_URL": srv.URL, "SPHERE_API_KEY": spheretest.DemoKey}}
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
		r := runner{env: map[string]string{"SPHERE_BASE_URL": srv.URL, "SPHERE_API_KEY": "k"}}
		res := r.run(t, "regenerate", okID, "--link-hosts", "sumsub.com,127.0.0.1,::1")
		want := "Warning:     the link's host " + tt.shown + " is not one of sumsub.com, 127.0.0.1, ::1" + tt.why
		if res.code != 0 || !strings.Contains(res.stderr, want) {
			t.Errorf("%s: exit %d, stderr:\n%s\nwant %q", tt.host, res.code, res.stderr, want)
		}
		srv.Close()
	}
}

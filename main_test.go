// This file owns the harness the root tests share: runner runs kyclink
// in-process, fakeAPI points it at spheretest.

package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
	"github.com/kyclink/kyclink/ui"
)

const okID = "customer_f31121c389624d3697cbf3ea8830b7a4"

// result is what one run left: its exit code, its output, and the options
// the interactive app was started with (nil if it was not).
type result struct {
	code           int
	stdout, stderr string
	tui            *ui.Options
}

// runner runs kyclink in-process with a fake environment, at a fixed time
// in a fixed zone, and with retries that do not wait.
type runner struct {
	env   map[string]string
	stdin string // what kyclink reads on stdin: a pipe, never a terminal
	tty   bool
	ctx   context.Context
	now   func() time.Time // nil: spheretest.TestTime
	// tui stands in for the interactive app; nil records its options in
	// result.tui.
	tui func(context.Context, ui.Options) error
	// after stands in for the watch's timer; nil: time.After.
	after func(time.Duration) <-chan time.Time
	// tweak changes the client's options further (after no-wait retries).
	tweak func(*client.Options)
}

func (r runner) run(t *testing.T, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	var res result
	env := map[string]string{ // no test reaches for the user's own folders
		"XDG_CONFIG_HOME": t.TempDir(), "XDG_STATE_HOME": t.TempDir(), "HOME": t.TempDir(),
	}
	for k, v := range r.env {
		env[k] = v
	}
	a := &app{
		stdin:  strings.NewReader(r.stdin),
		stdout: &out, stderr: &errOut,
		getenv: func(k string) string { return env[k] },
		isTTY:  func() bool { return r.tty },
		runTUI: r.tui,
		now:    r.now,
		after:  r.after,
		loc:    time.FixedZone("CET", 3600),
		tweak: func(o *client.Options) {
			o.Sleep = spheretest.NoWait
			if r.tweak != nil {
				r.tweak(o)
			}
		},
	}
	if a.runTUI == nil {
		a.runTUI = func(_ context.Context, o ui.Options) error { res.tui = &o; return nil }
	}
	if a.now == nil {
		a.now = func() time.Time { return spheretest.TestTime }
	}
	ctx := r.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	res.code = a.run(ctx, args)
	res.stdout, res.stderr = out.String(), errOut.String()
	return res
}

// runnerFor returns a runner pointed at a fake: its URL, its key, its
// clock, and folders of the test's own for the kept key and the record.
func runnerFor(t *testing.T, s *spheretest.TestServer) runner {
	o := s.ClientOptions()
	return runner{env: map[string]string{"SPHERE_BASE_URL": o.BaseURL, "SPHERE_API_KEY": o.APIKey,
		"XDG_CONFIG_HOME": t.TempDir(), "XDG_STATE_HOME": t.TempDir()}, now: o.Now}
}

// fakeAPI starts spheretest for the test and returns a runner pointed at it.
func fakeAPI(t *testing.T) (runner, *spheretest.Handler) {
	t.Helper()
	s := spheretest.NewTestServer(t, spheretest.Options{})
	return runnerFor(t, s), s.Handler
}

// TestMain keeps every test away from the real keychain: go-keyring's mock
// stands in for it (a test that needs no keychain at all swaps in
// keyring.MockInitWithError), as for one reached over a session bus.
// The test binary run as kyclink itself (TestRunMain) keeps the real one.
func TestMain(m *testing.M) {
	if os.Getenv("KYCLINK_TEST_MAIN_ARGS") == "" {
		keyring.MockInit()
		os.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/kyclink-test-bus")
	}
	os.Exit(m.Run())
}

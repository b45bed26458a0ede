// This file tests `kyclink watch`, `send-code` and `face-link`: lines and
// JSON per change, the exit codes, and the pace, on the fake's clock.

package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
)

// ticking is a watch timer that moves the fake's clock instead of
// waiting, and remembers each wait.
type ticking struct {
	mu    sync.Mutex
	clock *spheretest.Clock
	waits []time.Duration
	stop  func(n int) bool // cancels instead of ticking when true
}

func (k *ticking) after(d time.Duration) <-chan time.Time {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.waits = append(k.waits, d)
	ch := make(chan time.Time, 1)
	if k.stop != nil && k.stop(len(k.waits)) {
		return ch // never fires: the test cancels
	}
	k.clock.Advance(d)
	ch <- k.clock.Now()
	return ch
}

func watchRunner(t *testing.T) (runner, *spheretest.TestServer, *ticking) {
	s := spheretest.NewTestServer(t, spheretest.Options{})
	r := runnerFor(t, s)
	k := &ticking{clock: s.Clock}
	r.after = k.after
	return r, s, k
}

// reads counts the fake's reads of one customer.
func reads(h *spheretest.Handler, id string) int {
	n := 0
	for _, r := range h.Requests() {
		if r.Method == http.MethodGet && r.CustomerID == id {
			n++
		}
	}
	return n
}

func TestWatchUntilApproved(t *testing.T) {
	r, s, k := watchRunner(t)
	c := s.NewClient(t)
	erin := spheretest.CustomerTermsPending
	if _, err := c.TermsLink(context.Background(), erin, ""); err != nil {
		t.Fatal(err)
	}
	s.Clock.Advance(spheretest.ErinAcceptsAfter)
	if _, err := c.RegenerateKYCLink(context.Background(), erin); err != nil {
		t.Fatal(err)
	}
	res := r.run(t, "watch", erin, "--json")
	if res.code != exitOK {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	var changes []string
	dec := json.NewDecoder(strings.NewReader(res.stdout))
	for dec.More() {
		var doc struct {
			Time, CustomerID, Change, Status string
			NextStep                         struct{ Step, Summary string }
		}
		if err := dec.Decode(&doc); err != nil {
			t.Fatal(err)
		}
		if doc.CustomerID != erin || doc.Time == "" || doc.Status == "" || doc.NextStep.Step == "" {
			t.Errorf("%+v", doc)
		}
		changes = append(changes, doc.Change)
	}
	if len(changes) < 4 || changes[0] != "watching Erin Example" || changes[1] != "done: upload an identity document" || changes[len(changes)-1] != "approved" {
		t.Errorf("changes %q", changes)
	}
	// One read a wait, each wait the default, and nothing recorded.
	if n := reads(s.Handler, erin); n != len(k.waits)+1 {
		t.Errorf("%d reads for %d waits", n, len(k.waits))
	}
	for _, w := range k.waits {
		if w != client.DefaultWatchEvery {
			t.Errorf("waited %s", w)
		}
	}
	if posts(s.Handler) != 2 {
		t.Errorf("%d posts: a watch only reads", posts(s.Handler))
	}
}

func TestWatchLinesAndTimeout(t *testing.T) {
	r, s, k := watchRunner(t)
	erin := spheretest.CustomerTermsPending
	if _, err := s.NewClient(t).TermsLink(context.Background(), erin, ""); err != nil {
		t.Fatal(err)
	}
	res := r.run(t, "watch", erin, "--every", "10s", "--for", "2m")
	if res.code != exitTemporary || !strings.Contains(res.stderr, "no decision by Sphere after 2m0s") {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	want := "10:00 watching Erin Example · not started or incomplete · next: Needs to accept Sphere's terms first\n" +
		"10:00 accepted the terms · not started or incomplete · next: Needs to complete identity verification\n"
	if res.stdout != want {
		t.Errorf("stdout\n%s\nwant\n%s", res.stdout, want)
	}
	// The first read, then one every 10 s for 2 minutes; the last wait
	// is what was left (nothing).
	if n := len(k.waits); n != 13 || k.waits[12] != 0 || reads(s.Handler, erin) != 13 {
		t.Errorf("%d waits (%v), %d reads in 2 minutes at 10 s", n, k.waits, reads(s.Handler, erin))
	}
}

func TestWatchRejectedAndFailures(t *testing.T) {
	r, _, _ := watchRunner(t)
	if res := r.run(t, "watch", spheretest.CustomerRejected); res.code != exitFailed || !strings.Contains(res.stderr, "rejected by Sphere") {
		t.Errorf("rejected: exit %d %q", res.code, res.stderr)
	}
	if res := r.run(t, "watch", spheretest.NotFound); res.code != exitFailed {
		t.Errorf("not found: exit %d %q", res.code, res.stderr)
	}
	for _, args := range [][]string{{"--every", "1s"}, {"--for", "0s"}, {"--every", "soon"}} {
		if res := r.run(t, append([]string{"watch", spheretest.CustomerPending}, args...)...); res.code != exitUsage {
			t.Errorf("%v: exit %d %q", args, res.code, res.stderr)
		}
	}
	if res := r.run(t, "watch", spheretest.CustomerApproved); res.code != exitOK {
		t.Errorf("approved already: exit %d", res.code)
	}
}

func TestWatchCtrlC(t *testing.T) {
	r, s, k := watchRunner(t)
	ctx, cancel := context.WithCancel(context.Background())
	k.stop = func(n int) bool {
		if n == 3 {
			cancel()
			return true
		}
		return false
	}
	r.ctx = ctx
	res := r.run(t, "watch", spheretest.CustomerPending, "--json")
	if res.code != exitInterrupted || reads(s.Handler, spheretest.CustomerPending) != 3 {
		t.Errorf("exit %d, %d reads: %s", res.code, reads(s.Handler, spheretest.CustomerPending), res.stderr)
	}
	// In words, the same as any command cut off by ctrl+c.
	ctx, cancel = context.WithCancel(context.Background())
	k.stop = func(int) bool { cancel(); return true }
	r.ctx = ctx
	if res := r.run(t, "watch", spheretest.CustomerPending); res.code != exitInterrupted || res.stderr != "kyclink: Cancelled\n" {
		t.Errorf("exit %d, stderr %q", res.code, res.stderr)
	}
}

// A failed read is said on stderr and tried again later, slower.
func TestWatchBacksOff(t *testing.T) {
	r, s, k := watchRunner(t)
	fails := 0
	srv := httptestProxy(t, s, func(w http.ResponseWriter, req *http.Request) bool {
		if req.Method == http.MethodGet && fails < 2 && len(k.waits) > 0 {
			fails++
			w.Header().Set("Retry-After", "40")
			w.WriteHeader(http.StatusTooManyRequests)
			return true
		}
		return false
	})
	r.env["SPHERE_BASE_URL"] = srv
	res := r.run(t, "watch", spheretest.CustomerPending, "--for", "3m")
	if res.code != exitTemporary || strings.Count(res.stderr, "reading the customer failed") != 2 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	if k.waits[0] != 15*time.Second || k.waits[1] != 40*time.Second || k.waits[2] != time.Minute || k.waits[3] != 15*time.Second {
		t.Errorf("waits %v: 15 s, then the Retry-After, then doubled, then back to 15 s", k.waits)
	}
}

// A read answered with a Retry-After past the end of --for ends the watch
// at once (exit 5), saying why, rather than sleeping until the end.
func TestWatchStopsWhenTheWaitOutlastsIt(t *testing.T) {
	r, s, k := watchRunner(t)
	srv := httptestProxy(t, s, func(w http.ResponseWriter, req *http.Request) bool {
		if req.Method == http.MethodGet && len(k.waits) > 0 {
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(http.StatusTooManyRequests)
			return true
		}
		return false
	})
	r.env["SPHERE_BASE_URL"] = srv
	res := r.run(t, "watch", spheretest.CustomerPending)
	want := "no decision by Sphere: reading the customer failed (Rate limited (HTTP 429)) and the next read (in 1h0m0s) would come after --for 30m0s"
	if res.code != exitTemporary || !strings.Contains(res.stderr, want) || strings.Contains(res.stderr, "next read in") {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	if len(k.waits) != 1 || k.waits[0] != client.DefaultWatchEvery {
		t.Errorf("waits %v: one pace, then none", k.waits)
	}
}

func TestSendCode(t *testing.T) {
	r, h := fakeAPI(t)
	res := r.run(t, "send-code", spheretest.CustomerTermsPending, "--phone")
	if res.code != 0 || res.stdout != "Code sent by phone to +1 •••• 0005, valid until 10:10 (in 10m 0s).\n" {
		t.Errorf("exit %d %q %q", res.code, res.stdout, res.stderr)
	}
	res = r.run(t, "send-code", spheretest.SampleID(4), "--email", "--json")
	var doc struct{ CustomerID, By, To, ExpiresAt string }
	oneJSON(t, res.stdout, &doc)
	if res.code != 0 || doc.By != "email" || doc.To != "d•••e@example.com" || doc.ExpiresAt != "2026-11-26T09:10:00.000Z" {
		t.Errorf("%+v", doc)
	}
	for _, args := range [][]string{{}, {"--email", "--phone"}} {
		if res := r.run(t, append([]string{"send-code", spheretest.CustomerTermsPending}, args...)...); res.code != exitUsage {
			t.Errorf("%v: exit %d", args, res.code)
		}
	}
	// The record knows the phone code: a second is refused, unless --again.
	if res := r.run(t, "send-code", spheretest.CustomerTermsPending, "--phone"); res.code != exitFailed ||
		!strings.Contains(res.stderr, "a code went by phone at 10:00 and is valid until 10:10; a new one would make it useless. --again sends one anyway") {
		t.Errorf("second code: exit %d %q", res.code, res.stderr)
	}
	if res := r.run(t, "send-code", spheretest.CustomerTermsPending, "--phone", "--again"); res.code != 0 {
		t.Errorf("--again: exit %d %q", res.code, res.stderr)
	}
	if res := r.run(t, "send-code", spheretest.ServerError, "--email"); res.code != exitTemporary {
		t.Errorf("500: exit %d", res.code)
	}
	sends := 0
	for _, q := range h.Requests() {
		if strings.HasSuffix(q.Path, "/otp-send") {
			sends++
		}
	}
	if sends != 3 {
		t.Errorf("%d codes sent", sends)
	}
}

func TestFaceLink(t *testing.T) {
	r, _ := fakeAPI(t)
	res := r.run(t, "face-link", spheretest.CustomerTermsPending)
	if res.code != 0 || !strings.HasPrefix(res.stdout, "https://in.sumsub.com/websdk/p/face_") || !strings.Contains(res.stderr, "Link:        face verification link") || strings.Contains(res.stderr, "Warning") {
		t.Errorf("exit %d %q %q", res.code, res.stdout, res.stderr)
	}
	if res := r.run(t, "face-link", spheretest.PlainHTTPLink, "--json"); res.code != exitFailed || res.stdout != "" {
		t.Errorf("http link: exit %d %q", res.code, res.stdout)
	}
}

// httptestProxy serves the fake's handler behind intercept, which answers
// a request itself when it returns true; its URL.
func httptestProxy(t *testing.T, s *spheretest.TestServer, intercept func(http.ResponseWriter, *http.Request) bool) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !intercept(w, r) {
			s.Handler.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestWatchFlagsReachTheApp(t *testing.T) {
	r, _ := fakeAPI(t)
	r.tty = true
	res := r.run(t)
	if res.code != 0 || res.tui == nil || res.tui.Watch != client.DefaultWatchEvery || res.tui.Quiet {
		t.Fatalf("exit %d, %+v", res.code, res.tui)
	}
	if res = r.run(t, "--watch-every", "0", "--no-notify"); res.tui == nil || res.tui.Watch != 0 || !res.tui.Quiet {
		t.Errorf("0 and --no-notify: %+v", res.tui)
	}
	if res = r.run(t, "--watch-every", "2s"); res.tui == nil || res.tui.Watch != 2*time.Second {
		t.Errorf("2s: %+v", res.tui)
	}
	for _, bad := range []string{"1s", "-5s"} {
		if res = r.run(t, "--watch-every", bad); res.code != exitUsage || res.tui != nil {
			t.Errorf("%s: exit %d", bad, res.code)
		}
	}
}

// `watch --demo` runs a fake of its own, where no link is made: its
// customers never move, and it says so, with how to follow the app's.
func TestWatchDemoSaysItsCustomersStay(t *testing.T) {
	res := runner{env: map[string]string{}}.run(t, "watch", "--demo", spheretest.CustomerTermsPending, "--for", "1ms")
	if res.code != exitTemporary || !strings.Contains(res.stderr, "Note: --demo starts a fake Sphere of its own, where no link is made: its customers stay as they are.") ||
		!strings.Contains(res.stderr, "spheretest") {
		t.Errorf("exit %d:\n%s", res.code, res.stderr)
	}
	if res := (runner{env: map[string]string{}}).run(t, "customer", "--demo", spheretest.CustomerTermsPending); strings.Contains(res.stderr, "Note: --demo") {
		t.Errorf("customer says the watch's note:\n%s", res.stderr)
	}
}

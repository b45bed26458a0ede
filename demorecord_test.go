// This file tests that --demo keeps a record of its own: a demo run never
// reads nor writes the agent's real record of links, demo runs recall each
// other's links, `kyclink log --demo` reads the demo's, and the DEMO lines
// older kyclinks left in the real record break nothing.

package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/audit"
	"github.com/kyclink/kyclink/client/spheretest"
	"github.com/kyclink/kyclink/ui"
)

// oldDemoLine is a KYC link an older kyclink's --demo run wrote into the
// real record, today.
var oldDemoLine = `{"time":"` + spheretest.TestTime.Add(-time.Minute).UTC().Format(time.RFC3339Nano) +
	`","user":"ana","hostname":"desk-7","environment":"DEMO","apiHost":"127.0.0.1:41234","action":"kyc-link","customerId":"` + okID +
	`","outcome":"ok","status":201,"expiresAt":"2026-12-24T09:00:00Z","linkSha256":"3f9a0c1b22de"}` + "\n"

// appOptions runs the interactive app (stood in for) and returns the
// options it was handed.
func appOptions(t *testing.T, r runner, args ...string) ui.Options {
	t.Helper()
	r.tty = true
	var o ui.Options
	r.tui = func(_ context.Context, opts ui.Options) error { o = opts; return nil }
	if res := r.run(t, args...); res.code != 0 {
		t.Fatalf("%v: exit %d: %s", args, res.code, res.stderr)
	}
	return o
}

func TestADemoRunLeavesTheRealRecordUntouched(t *testing.T) {
	r, _ := fakeAPI(t)
	dir := filepath.Join(r.env["XDG_STATE_HOME"], "kyclink")
	real, demo := filepath.Join(dir, audit.FileName), filepath.Join(dir, audit.DemoFileName)
	if res := r.run(t, "regenerate", okID); res.code != 0 { // the agent's real work
		t.Fatal(res.stderr)
	}
	if err := os.WriteFile(real, append(mustRead(t, real), oldDemoLine...), 0o600); err != nil {
		t.Fatal(err)
	}
	before := mustRead(t, real)

	// A demo run finds none of the real record's links, DEMO or not.
	o := appOptions(t, r, "--demo")
	if _, _, ok := o.Earlier(okID, client.LinkKYC); ok {
		t.Error("a --demo run recalled a link of the real record")
	}
	for _, args := range [][]string{{"--demo", "regenerate", okID}, {"--demo", "terms-link", okID},
		{"--demo", "customer", okID}, {"--demo", "send-code", okID, "--email"}, {"--demo", "log", "--all"}} {
		if res := r.run(t, args...); res.code != 0 {
			t.Fatalf("%v: exit %d: %s", args, res.code, res.stderr)
		}
	}
	if after := mustRead(t, real); string(after) != string(before) {
		t.Errorf("--demo changed the real record:\n%s", after)
	}
	got := recordOf(t, runner{env: map[string]string{"XDG_STATE_HOME": r.env["XDG_STATE_HOME"]}}, audit.DemoFileName)
	var actions []string
	for _, e := range got {
		if e.Environment != "DEMO" {
			t.Errorf("in the demo's record: %+v", e)
		}
		actions = append(actions, e.Action)
	}
	if strings.Join(actions, " ") != "kyc-link terms-link customer customer otp-send" {
		t.Errorf("the demo's record: %+v", got)
	}
	for _, p := range []string{demo, demo + ".lock"} {
		if info, err := os.Lstat(p); err != nil || info.Mode().Perm() != 0o600 || !info.Mode().IsRegular() {
			t.Errorf("%s: %v %v", p, info, err)
		}
	}

	// Another demo run recalls the first one's link ("made earlier").
	o = appOptions(t, r, "--demo")
	if _, _, ok := o.Earlier(okID, client.LinkKYC); !ok {
		t.Error("a demo run does not recall the previous demo run's link")
	}
	if _, _, ok := o.EarlierCode(okID, client.CodeByEmail); !ok {
		t.Error("a demo run does not recall the previous demo run's code")
	}
}

func TestARealRunNeverRecallsADemoLink(t *testing.T) {
	r, _ := fakeAPI(t)
	if res := r.run(t, "--demo", "regenerate", okID); res.code != 0 {
		t.Fatal(res.stderr)
	}
	real := filepath.Join(r.env["XDG_STATE_HOME"], "kyclink", audit.FileName)
	if _, err := os.Lstat(real); !os.IsNotExist(err) {
		t.Errorf("a --demo run wrote the real record: %v", err)
	}
	o := appOptions(t, r)
	if _, _, ok := o.Earlier(okID, client.LinkKYC); ok {
		t.Error("a real run recalled the demo's link")
	}
	res := r.run(t, "log", "--since", "0", "--all")
	if res.code != 0 || res.stdout != "" || strings.Contains(res.stderr, "DEMO") {
		t.Errorf("log shows the demo's work: %+v", res)
	}
	res = r.run(t, "log", "--demo")
	if res.code != 0 || !strings.Contains(res.stdout, "DEMO") || !strings.Contains(res.stdout, okID) {
		t.Errorf("log --demo: %+v", res)
	}
}

// The DEMO lines older kyclinks left in the real record stay in the file
// and break nothing: `log` leaves them out, says so, and shows the rest.
func TestOldDemoLinesInTheRealRecordAreLeftOut(t *testing.T) {
	r, _ := fakeAPI(t)
	if res := r.run(t, "regenerate", okID); res.code != 0 {
		t.Fatal(res.stderr)
	}
	real := filepath.Join(r.env["XDG_STATE_HOME"], "kyclink", audit.FileName)
	if err := os.WriteFile(real, append(mustRead(t, real), oldDemoLine...), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"log"}, {"log", "--json"}} {
		res := r.run(t, args...)
		if res.code != 0 || strings.Count(res.stdout, okID) != 1 || strings.Contains(res.stdout, "DEMO") ||
			strings.Contains(res.stderr, "damaged") || !strings.Contains(res.stderr, "1 entry of --demo runs in this record left out") {
			t.Errorf("%v: %+v", args, res)
		}
	}
	if o := appOptions(t, r); o.Notice() != "" {
		t.Errorf("the app's notice: %q", o.Notice())
	}
	if got := mustRead(t, real); !strings.HasSuffix(string(got), oldDemoLine) {
		t.Errorf("the old demo line was touched:\n%s", got)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// log --demo --team names where the demo's record is read: --team's own
// advice (give --base-url) cannot be taken with --demo.
func TestLogDemoTeamNamesTheDemosRecord(t *testing.T) {
	res := runner{}.run(t, "log", "--demo", "--team")
	if res.code != exitUsage || !strings.Contains(res.stderr, "'kyclink log --demo'") || strings.Contains(res.stderr, "--base-url") {
		t.Errorf("%d %q", res.code, res.stderr)
	}
}

// A newcomer's first links are the demo's: an empty real record says
// where they are; with links of its own, or none of the demo's, nothing.
func TestAnEmptyRecordPointsToTheDemosOwn(t *testing.T) {
	r := runner{env: map[string]string{"XDG_STATE_HOME": t.TempDir()}}
	if res := r.run(t, "log"); res.code != 0 || strings.Contains(res.stderr, "log --demo") {
		t.Errorf("no demo run yet: %d %q", res.code, res.stderr)
	}
	if res := r.run(t, "--demo", "regenerate", okID); res.code != 0 {
		t.Fatal(res.stderr)
	}
	if res := r.run(t, "log"); res.code != 0 || !strings.Contains(res.stderr, "kyclink log --demo") {
		t.Errorf("after a demo run: %d %q", res.code, res.stderr)
	}
}

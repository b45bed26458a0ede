// This file tests the record of links at the command line: every attempt
// of a run recorded without the link or the key, --no-audit, `kyclink log`,
// and a record that cannot be written, which warns and never fails a run.

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/audit"
	"github.com/kyclink/kyclink/client/spheretest"
)

// recordOf reads a runner's record (name: the real one by default),
// oldest line first.
func recordOf(t *testing.T, r runner, name ...string) []audit.Entry {
	t.Helper()
	file := audit.FileName
	if len(name) > 0 {
		file = name[0]
	}
	b, err := os.ReadFile(filepath.Join(r.env["XDG_STATE_HOME"], "kyclink", file))
	if err != nil {
		t.Fatal(err)
	}
	var out []audit.Entry
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var e audit.Entry
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		out = append(out, e)
	}
	return out
}

func TestEveryAttemptIsRecorded(t *testing.T) {
	r, _ := fakeAPI(t)
	host := strings.TrimPrefix(r.env["SPHERE_BASE_URL"], "http://")
	res := r.run(t, "regenerate", okID)
	link := strings.TrimSpace(res.stdout)
	for _, id := range []string{spheretest.Validation, spheretest.NotFound, spheretest.ServerError, "customer_BAD"} {
		r.run(t, "regenerate", id)
	}
	got := recordOf(t, r)
	if len(got) != 4 { // the malformed ID was never sent, so never recorded
		t.Fatalf("%d entries: %+v", len(got), got)
	}
	ok := got[0]
	if ok.Action != "kyc-link" || ok.Outcome != "ok" || ok.Status != 201 || ok.CustomerID != okID || ok.Environment != "CUSTOM" ||
		ok.APIHost != host || ok.LinkSHA256 != client.LinkFingerprint(link) || ok.ExpiresAt == nil ||
		!ok.ExpiresAt.Equal(spheretest.TestTime.Add(spheretest.DefaultLinkLifetime)) || !ok.Time.Equal(spheretest.TestTime) || ok.User == "" {
		t.Errorf("success: %+v", ok)
	}
	for i, want := range []struct {
		outcome string
		status  int
	}{{"validation", 422}, {"not_found", 404}, {"unavailable", 500}} {
		e := got[i+1]
		if e.Outcome != want.outcome || e.Status != want.status || e.CorrelationID == "" || e.LinkSHA256 != "" || e.ExpiresAt != nil {
			t.Errorf("failure %d: %+v", i, e)
		}
	}
	raw, _ := os.ReadFile(filepath.Join(r.env["XDG_STATE_HOME"], "kyclink", audit.FileName))
	if strings.Contains(string(raw), link) || strings.Contains(string(raw), "sumsub") || strings.Contains(string(raw), spheretest.DemoKey[:8]) {
		t.Errorf("the record holds the link or the key:\n%s", raw)
	}

	// --demo records too, as DEMO, in the demo's own record; --no-audit
	// records nothing.
	if res := r.run(t, "--demo", "regenerate", okID); res.code != 0 {
		t.Fatal(res.stderr)
	}
	if got := recordOf(t, r, audit.DemoFileName); len(got) != 1 || got[0].Environment != "DEMO" {
		t.Errorf("--demo: %+v", got)
	}
	quiet, _ := fakeAPI(t)
	if res := quiet.run(t, "regenerate", okID, "--no-audit"); res.code != 0 {
		t.Fatal(res.stderr)
	}
	if _, err := os.Stat(filepath.Join(quiet.env["XDG_STATE_HOME"], "kyclink")); !os.IsNotExist(err) {
		t.Errorf("--no-audit left a record: %v", err)
	}
}

func TestLogNewestFirst(t *testing.T) {
	srv := spheretest.NewTestServer(t, spheretest.Options{})
	r := runnerFor(t, srv)
	r.run(t, "regenerate", okID)
	srv.Clock.Advance(2 * time.Hour)
	r.run(t, "regenerate", spheretest.Validation)
	srv.Clock.Advance(time.Hour)

	res := r.run(t, "log")
	lines := strings.Split(strings.TrimSpace(res.stdout), "\n")
	if res.code != 0 || len(lines) != 3 || !strings.HasPrefix(lines[0], "TIME ") ||
		!strings.HasPrefix(lines[1], "2026-11-26 12:00:00  CUSTOM       "+spheretest.Validation+"  kyc-link  validation  422     -  ") ||
		!strings.HasPrefix(lines[2], "2026-11-26 10:00:00  CUSTOM       "+okID+"  kyc-link  ok          201     2026-12-24 10:00  ") {
		t.Errorf("log: exit %d\n%s", res.code, res.stdout)
	}
	res = r.run(t, "log", "--since", "90m", "--json")
	var e audit.Entry
	if err := json.Unmarshal([]byte(res.stdout), &e); err != nil || e.CustomerID != spheretest.Validation {
		t.Errorf("--since 90m --json: %q (%v)", res.stdout, err)
	}
	res = r.run(t, "log", "--customer", " "+okID+" ", "--json")
	if n := strings.Count(res.stdout, "\n"); n != 1 || !strings.Contains(res.stdout, `"outcome":"ok"`) {
		t.Errorf("--customer: %q", res.stdout)
	}
	if res := r.run(t, "log", "--since", "1m"); res.code != 0 || res.stdout != "" || !strings.Contains(res.stderr, "No entries in the last 1m0s") {
		t.Errorf("nothing: %+v", res)
	}
	if res := r.run(t, "log", "--customer", "nope"); res.code != 2 {
		t.Errorf("--customer nope: exit %d", res.code)
	}
}

func TestRecordProblemsWarnAndNeverFail(t *testing.T) {
	r, _ := fakeAPI(t)
	path := filepath.Join(r.env["XDG_STATE_HOME"], "kyclink", audit.FileName)
	if err := os.MkdirAll(path, 0o700); err != nil { // a folder where the file should be
		t.Fatal(err)
	}
	res := r.run(t, "regenerate", okID)
	if res.code != 0 || !strings.HasPrefix(res.stdout, "https://") ||
		!strings.Contains(res.stderr, "kyclink: warning: The record of links: "+path+" could not be written") ||
		!strings.Contains(res.stderr, "a new record started") {
		t.Errorf("exit %d\nstdout %q\nstderr:\n%s", res.code, res.stdout, res.stderr)
	}
	if got := recordOf(t, r); len(got) != 1 {
		t.Errorf("the new record: %+v", got)
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.WriteString("{not json\n")
	f.Close()
	res = r.run(t, "log", "--since", "0")
	if res.code != 0 || !strings.Contains(res.stderr, "has 1 damaged line; skipped") || !strings.Contains(res.stdout, okID) {
		t.Errorf("log of a damaged record: exit %d\n%s\n%s", res.code, res.stdout, res.stderr)
	}
	// A one-shot command writes to the record and never reads it: no
	// word of the damaged line, and no time spent on it.
	res = r.run(t, "regenerate", okID)
	if res.code != 0 || strings.Contains(res.stderr, "damaged") {
		t.Errorf("a one-shot read the record: %q", res.stderr)
	}
	// The app recalls it, and says so once.
	r.tty = true
	res = r.run(t)
	if res.tui == nil || res.tui.Notice == nil || !strings.Contains(res.tui.Notice(), "has 1 damaged line; skipped") {
		t.Errorf("the app's recall: %+v", res)
	}
}

func TestLogJSONEscapesWhatATerminalWouldActOn(t *testing.T) {
	r, _ := fakeAPI(t)
	dir := filepath.Join(r.env["XDG_STATE_HOME"], "kyclink")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	// A record edited by a hostile hand: C1 controls (CSI, OSC), bidi
	// overrides and isolates, zero-width characters, a tag, a filler, DEL.
	hostile := "ana\u009b31m\u009d0;title\u009c\u202egnp.exe\u2066x\u2069\u200b\u200d\ufeff\U000e0041\u3164\u2800\x7f"
	e := audit.Entry{Time: spheretest.TestTime, User: hostile, Hostname: "desk\u202e7", Environment: "PRODUCTION",
		APIHost: "api.spherepay.co", Action: "kyc-link", CustomerID: okID, Outcome: "ok", Status: 201}
	line, _ := json.Marshal(e)
	if err := os.WriteFile(filepath.Join(dir, audit.FileName), append(line, '\n'), 0o600); err != nil {
		t.Fatal(err)
	}
	res := r.run(t, "log", "--since", "0", "--json")
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	for _, c := range res.stdout {
		if c >= 0x7f {
			t.Fatalf("%U written as it is: %q", c, res.stdout)
		}
	}
	for _, esc := range []string{`\u009b`, `\u009d`, `\u009c`, `\u202e`, `\u2066`, `\u2069`, `\u200b`, `\u200d`, `\ufeff`, `\udb40\udc41`, `\u3164`, `\u2800`, `\u007f`} {
		if !strings.Contains(res.stdout, esc) {
			t.Errorf("no %s in %s", esc, res.stdout)
		}
	}
	var back audit.Entry
	if err := json.Unmarshal([]byte(res.stdout), &back); err != nil || back.User != hostile || back.Hostname != e.Hostname {
		t.Errorf("read back: %+q (%v)", back.User, err)
	}
}

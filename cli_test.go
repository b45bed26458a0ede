// This file tests the command line's own mistakes and the record's
// filters: "did you mean …", days in --since, links only unless --all
// (issue 19, item 9).

package main

import (
	"strings"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client/spheretest"
)

func TestUnknownCommandOrFlagSaysDidYouMean(t *testing.T) {
	r, h := fakeAPI(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"regenrate", okID}, `unknown command "regenrate": did you mean regenerate?`},
		{[]string{"regenrate"}, `unknown command "regenrate": did you mean regenerate?`},
		{[]string{"serch", "alice"}, `did you mean search?`},
		{[]string{"frobnicate", "x"}, `unknown command "frobnicate": the commands are `},
		{[]string{"auth", "stauts"}, `unknown command "stauts" for auth: did you mean status?`},
		{[]string{"regenerate", okID, "--jsn"}, "unknown flag: --jsn: did you mean --json?"},
		{[]string{"log", "--sinse", "7d"}, "unknown flag: --sinse: did you mean --since?"},
		{[]string{"search", "alice", "--pag", "2"}, "did you mean --page?"},
		{[]string{"customer", okID, "--allow-unusual"}, "did you mean --allow-unusual-id?"},
	}
	for _, tt := range tests {
		res := r.run(t, tt.args...)
		if res.code != 2 || !strings.Contains(res.stderr, tt.want) {
			t.Errorf("%q: exit %d, stderr:\n%s", tt.args, res.code, res.stderr)
		}
	}
	if n := len(h.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
	// A short name is not taken for a command: it goes to the app.
	r.tty = true
	if res := r.run(t, "Lee"); res.code != 0 || res.tui == nil || res.tui.InitialID != "Lee" {
		t.Errorf("kyclink Lee: exit %d, %s", res.code, res.stderr)
	}
}

func TestLogSinceDaysAndLinksOnlyUnlessAll(t *testing.T) {
	srv := spheretest.NewTestServer(t, spheretest.Options{})
	r := runnerFor(t, srv)
	r.run(t, "regenerate", okID)
	srv.Clock.Advance(3 * 24 * time.Hour)
	r.run(t, "customer", okID)
	r.run(t, "search", "sample")
	srv.Clock.Advance(time.Hour)

	res := r.run(t, "log", "--since", "7d")
	if res.code != 0 || strings.Count(res.stdout, "\n") != 2 || !strings.Contains(res.stdout, "kyc-link") ||
		strings.Contains(res.stdout, "search") || strings.Contains(res.stdout, " customer ") {
		t.Errorf("--since 7d: exit %d, stderr %q\n%s", res.code, res.stderr, res.stdout)
	}
	res = r.run(t, "log", "--since", "7d", "--all")
	if res.code != 0 || strings.Count(res.stdout, "\n") != 4 || !strings.Contains(res.stdout, "search") {
		t.Errorf("--all: exit %d\n%s", res.code, res.stdout)
	}
	if res := r.run(t, "log", "--since", "2d"); res.code != 0 || !strings.Contains(res.stderr, "No entries in the last 2d") {
		t.Errorf("--since 2d: %+v", res)
	}
	if res := r.run(t, "log", "--since", "1d12h", "--all"); res.code != 0 || strings.Count(res.stdout, "\n") != 3 {
		t.Errorf("--since 1d12h: %+v", res)
	}
	for _, bad := range []string{"7x", "d", "-1d", "1.5d"} {
		if res := r.run(t, "log", "--since", bad); res.code != 2 {
			t.Errorf("--since %s: exit %d", bad, res.code)
		}
	}
}

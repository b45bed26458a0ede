// This file tests what the commands do with what the agent typed: pastes
// cleaned, near misses refused with their reason unless allowed, and the
// API key never sent nor repeated (issue 19, items 7 and 12).

package main

import (
	"strings"
	"testing"

	"github.com/kyclink/kyclink/client/spheretest"
)

func TestCommandsCleanPastes(t *testing.T) {
	for _, paste := range []string{okID + ".", okID + ",", okID + ")", okID + " (Bob)",
		"https://dashboard.spherepay.co/customers/" + okID + "?tab=kyc", "https://api.spherepay.co/v2/customer/" + okID + "/kyc-link"} {
		r, h := fakeAPI(t)
		res := r.run(t, "regenerate", paste)
		reqs := h.Requests()
		if res.code != 0 || len(reqs) != 1 || !strings.Contains(reqs[0].Path, "/"+okID+"/") {
			t.Errorf("%q: exit %d, requests %+v, stderr:\n%s", paste, res.code, reqs, res.stderr)
		}
	}
	r, h := fakeAPI(t)
	res := r.run(t, "customer", strings.TrimPrefix(okID, "customer_"))
	if res.code != 0 || len(h.Requests()) != 1 || !strings.Contains(res.stderr, "Added customer_") {
		t.Errorf("32 bare hex digits: exit %d, stderr:\n%s", res.code, res.stderr)
	}
}

func TestCommandsRefuseNearMissesUnlessAllowed(t *testing.T) {
	g40 := okID[:39] + "g" + okID[40:]
	tests := []struct{ id, why string }{
		{okID[:40], "one digit short"},
		{g40, "'g' at position 40 is not a hex digit"},
	}
	for _, tt := range tests {
		for _, command := range []string{"regenerate", "customer", "terms-link"} {
			r, h := fakeAPI(t)
			res := r.run(t, command, tt.id)
			if res.code != 2 || !strings.Contains(res.stderr, tt.why) || !strings.Contains(res.stderr, "--allow-unusual-id") || len(h.Requests()) != 0 {
				t.Errorf("%s %s: exit %d, %d requests, stderr:\n%s", command, tt.id, res.code, len(h.Requests()), res.stderr)
			}
		}
		r, h := fakeAPI(t)
		res := r.run(t, "regenerate", tt.id, "--allow-unusual-id")
		if res.code != 0 || len(h.Requests()) != 1 || !strings.Contains(res.stderr, "Note:        Unusual ID: ") {
			t.Errorf("%s --allow-unusual-id: exit %d, stderr:\n%s", tt.id, res.code, res.stderr)
		}
	}
	// A Cyrillic letter is named, and never sent: Sphere's pattern refuses it.
	r, h := fakeAPI(t)
	res := r.run(t, "regenerate", okID[:12]+"а"+okID[13:], "--allow-unusual-id")
	if res.code != 2 || !strings.Contains(res.stderr, "The Cyrillic letter 'а' (U+0430)") || len(h.Requests()) != 0 {
		t.Errorf("Cyrillic: exit %d, stderr:\n%s", res.code, res.stderr)
	}
}

func TestCommandsRefuseTheKey(t *testing.T) {
	s := spheretest.NewTestServer(t, spheretest.Options{})
	r := runnerFor(t, s)
	key := r.env["SPHERE_API_KEY"]
	if len(key) < 12 {
		t.Fatalf("key %q too short for this test", key)
	}
	piece := key[3:11]
	for _, args := range [][]string{
		{"regenerate", key}, {"customer", "customer_" + piece}, {"terms-link", " " + key + " "},
		{"search", piece}, {"search", "Alice " + piece}, {"regenerate", piece, "--json"},
	} {
		res := r.run(t, args...)
		out := res.stdout + res.stderr
		if res.code != 2 || !strings.Contains(out, "looks like your API key: nothing was sent") || strings.Contains(out, piece) {
			t.Errorf("%q: exit %d, output:\n%s", args, res.code, out)
		}
	}
	if n := len(s.Handler.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

// Issue 19, item 4: a full name finds the customer, and says how.
func TestSearchByEveryWordOfAFullName(t *testing.T) {
	r, _ := fakeAPI(t)
	res := r.run(t, "search", "Alice Example")
	if res.code != 0 || !strings.Contains(res.stdout, okID) || !strings.HasSuffix(res.stdout, "page 1 of 1, 1 customer\n") ||
		!strings.Contains(res.stderr, "matched every word of “Alice Example”") {
		t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s", res.code, res.stdout, res.stderr)
	}
	res = r.run(t, "search", "Alice Example", "--json")
	if res.code != 0 || !strings.Contains(res.stdout, `"matchedEveryWord":{"query":"Alice Example","searched":"Example","partial":false}`) {
		t.Errorf("--json: exit %d, stdout:\n%s", res.code, res.stdout)
	}
	if res = r.run(t, "search", "sample", "--json"); strings.Contains(res.stdout, "matchedEveryWord") {
		t.Errorf("a plain search says it matched every word:\n%s", res.stdout)
	}
}

// Issue 19, item 9: a page past the last is an error that says how many
// pages there are.
func TestSearchPagePastTheLast(t *testing.T) {
	r, _ := fakeAPI(t)
	for _, args := range [][]string{{"search", "sample", "--page", "5"}, {"search", "sample", "--page", "3", "--json"}} {
		res := r.run(t, args...)
		if res.code != 1 || res.stdout != "" || !strings.Contains(res.stderr, "is past the last: there are 2 pages of 10 customers") {
			t.Errorf("%q: exit %d, stdout %q, stderr:\n%s", args, res.code, res.stdout, res.stderr)
		}
	}
}

// A malformed ID is a usage error (exit 2) whether or not a key is set up:
// without one it is said first, and the missing key after it is fixed.
func TestAMalformedIDIsSaidFirstWithoutAKey(t *testing.T) {
	r, h := fakeAPI(t)
	delete(r.env, "SPHERE_API_KEY")
	for _, id := range []string{"customer_123", okID[:39] + "g" + okID[40:], "customer_ABC!"} {
		res := r.run(t, "regenerate", id)
		if res.code != 2 || strings.Contains(res.stderr, "no API key") || len(h.Requests()) != 0 {
			t.Errorf("%s: exit %d, stderr:\n%s", id, res.code, res.stderr)
		}
	}
	if res := r.run(t, "regenerate", okID); res.code != 4 || !strings.Contains(res.stderr, "no API key") {
		t.Errorf("a good ID without a key: exit %d, stderr:\n%s", res.code, res.stderr)
	}
}

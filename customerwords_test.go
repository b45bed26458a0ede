// This file tests that `kyclink customer` says a profile's criteria in
// the card's words (client's one table), and --json in Sphere's.

package main

import (
	"strings"
	"testing"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
)

func TestCustomerSaysTheCardsWordsAndJSONSpheres(t *testing.T) {
	r, _ := fakeAPI(t)
	for _, cu := range spheretest.Customers()[:8] { // one in every state
		res := r.run(t, "customer", cu.ID)
		if res.code != 0 {
			t.Fatalf("%s: %d %q", cu.ID, res.code, res.stderr)
		}
		for _, sphere := range []string{"complete:", "pending:", "required:", "error:"} {
			if strings.Contains(res.stdout, sphere) {
				t.Errorf("%s: Sphere's group %q in:\n%s", cu.ID, sphere, res.stdout)
			}
		}
		for _, p := range cu.Profiles {
			groups := client.Criteria{Complete: p.Complete, Pending: p.Pending, Required: p.Required}.Groups()
			for _, g := range groups {
				if line := "  " + g.Glyph + " " + g.Label + ": " + g.Text() + "\n"; !strings.Contains(res.stdout, line) {
					t.Errorf("%s: no %q in:\n%s", cu.ID, line, res.stdout)
				}
			}
		}
		js := r.run(t, "customer", cu.ID, "--json")
		var got struct {
			Profiles []struct {
				Criteria map[string]any `json:"criteria"`
			} `json:"verificationProfiles"`
		}
		oneJSON(t, js.stdout, &got)
		for i, p := range cu.Profiles {
			c := got.Profiles[i].Criteria
			for key, want := range map[string][]string{"complete": p.Complete, "pending": p.Pending, "required": p.Required} {
				list, _ := c[key].([]any)
				if len(list) != len(want) {
					t.Errorf("%s --json: %s = %v, want Sphere's %v", cu.ID, key, c[key], want)
					continue
				}
				for j := range want {
					if list[j] != want[j] {
						t.Errorf("%s --json: %s = %v, want Sphere's %v", cu.ID, key, list, want)
					}
				}
			}
		}
	}
	// The same line as the app's card and line mode say (ui's tests).
	res := r.run(t, "customer", spheretest.CustomerPending)
	if !strings.Contains(res.stdout, "  … Waiting on Sphere: pass identity verification; be approved by Sphere's compliance team\n") {
		t.Errorf("Carol:\n%s", res.stdout)
	}
}

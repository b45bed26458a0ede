// This file tests that the card and line mode say a profile's criteria in
// client's one table of words, as `kyclink customer` does.

package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/kyclink/kyclink/client/spheretest"
)

func TestTheCardAndLineModeSayTheCriteriaInOneTablesWords(t *testing.T) {
	const carol = "… Waiting on Sphere: pass identity verification; be approved by Sphere's compliance team"
	const erin = "○ Still to do: accept Sphere's terms; verify their phone number; upload an identity document; take a liveness check (selfie video)"
	h := newHarness(t)
	for id, want := range map[string]string{spheretest.CustomerPending: carol, spheretest.CustomerTermsPending: erin} {
		m := h.submitted(t, h.model(200, 60), id)
		if m.screen != screenCustomer || !strings.Contains(plain(m), want) {
			t.Errorf("the card of %s lacks %q:\n%s", id, want, plain(m))
		}
	}
	s := startLines(t, h, context.Background())
	s.typeLine(spheretest.CustomerPending)
	s.waitFor(carol+"\n", 1)
	s.typeLine("q")
	s.end()
	for _, sphere := range []string{"complete:", "pending:", "required:"} {
		if strings.Contains(s.out.String(), sphere) {
			t.Errorf("line mode says Sphere's %q:\n%s", sphere, s.out.String())
		}
	}
}

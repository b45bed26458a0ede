// This file tests the app against Sphere's documented shapes: the terms
// link's expiry (stated, from its token, or none: an hour at most before it
// is no longer offered again), the Platform-Managed customer's card, and a
// retry Sphere refuses as a repeat.

package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
)

// termsLinkFor makes a customer's terms link as an agent would: the ID,
// Enter (the card: the terms come first), then t.
func (h *harness) termsLinkFor(t *testing.T, id string) Model {
	t.Helper()
	m := h.submitted(t, h.model(100, 40), id)
	if m.screen != screenCustomer || !m.keys.TermsLink.Enabled() {
		t.Fatalf("%s: no card offering the terms link:\n%s", id, plain(m))
	}
	return h.answer(t, update(m, press("t")))
}

func TestTermsLinkExpiresLikeAKYCLink(t *testing.T) {
	h := newHarness(t)
	m := h.termsLinkFor(t, spheretest.CustomerTermsPending)
	if m.screen != screenResult || !strings.Contains(plain(m), "in 1h 0m 0s") {
		t.Fatalf("no countdown:\n%s", plain(m))
	}
	if !m.needsTick() {
		t.Error("a terms link with an expiry counts down")
	}
	h.clock.Advance(time.Hour)
	m = update(m, tickMsg{})
	v := plain(m)
	if !strings.Contains(v, "✖ EXPIRED · r regenerates") || !strings.Contains(v, "QR code removed: the link has expired.") {
		t.Errorf("the expired guard:\n%s", v)
	}
	if m = update(m, press("c")); !strings.Contains(m.status, "Copy refused: this link has expired") || len(h.system.Texts()) != 0 {
		t.Errorf("an expired terms link was copied: %q", m.status)
	}
	if hist := plain(update(m, press("tab"))); !strings.Contains(hist, "terms  ") || !strings.Contains(hist, "✖ expired") {
		t.Errorf("history:\n%s", hist)
	}
	// r makes a new terms link at once: an expired one is not offered again.
	if m = update(m, press("r")); m.confirm.asking() || m.screen != screenLoading {
		t.Fatalf("r on an expired terms link: asking %v, screen %d", m.confirm.asking(), m.screen)
	}
	if m = h.answer(t, m); m.current.link.Kind != client.LinkTerms || !m.current.usable(m.now) {
		t.Errorf("r: %+v", m.current.link)
	}
}

// A terms link lives an hour: it is not "expiring" from the moment it is
// made, but warns and then alarms by its own measure.
func TestTermsLinkWarnsByItsOwnMeasure(t *testing.T) {
	h := newHarness(t)
	m := h.termsLinkFor(t, spheretest.CustomerTermsPending)
	h.clock.Advance(time.Second)
	if v := plain(update(m, tickMsg{})); !strings.Contains(v, "in 59m 59s") || strings.Contains(v, "⚠") || strings.Contains(v, "‼") || strings.Contains(v, "under") {
		t.Errorf("a fresh terms link cries wolf:\n%s", v)
	}
	if hist := plain(update(update(m, tickMsg{}), press("tab"))); !strings.Contains(hist, "● valid") {
		t.Errorf("history of a fresh terms link:\n%s", hist)
	}
	h.clock.Advance(45 * time.Minute)
	if v := plain(update(m, tickMsg{})); !strings.Contains(v, "⚠ in 14m 59s (under 15 minutes)") {
		t.Errorf("under 15 minutes:\n%s", v)
	}
	h.clock.Advance(10 * time.Minute)
	if v := plain(update(m, tickMsg{})); !strings.Contains(v, "‼ in 4m 59s (under 5 minutes)") {
		t.Errorf("under 5 minutes:\n%s", v)
	}
}

func TestTermsLinkExpiryFromItsToken(t *testing.T) {
	h := newHarness(t)
	m := h.termsLinkFor(t, spheretest.TermsToken)
	v := flat(plain(m))
	if m.current.link.Source() != client.ExpiryFromToken || !strings.Contains(v, "in 1h 0m 0s") || !strings.Contains(v, "from the link's token") {
		t.Errorf("the token's expiry, said so:\n%s", plain(m))
	}
}

func TestTermsLinkWithoutExpiryOfferedAgainForAnHour(t *testing.T) {
	h := newHarness(t)
	m := h.termsLinkFor(t, spheretest.TermsNoExpiry)
	if v := plain(m); !strings.Contains(v, "expiry not stated by Sphere") || strings.Contains(v, " in ") && strings.Contains(v, "0s") {
		t.Fatalf("no expiry:\n%s", v)
	}
	posts := h.posts()
	// Within the hour, r asks: the current link may be shown again.
	h.clock.Advance(59 * time.Minute)
	if m = update(m, press("r")); !m.confirm.asking() || !strings.Contains(m.confirmQuestion(), "expiry not stated by Sphere") {
		t.Fatalf("within the hour: %q", m.confirmQuestion())
	}
	m = update(m, press("n"))
	// After it, the link is not offered again: said as stale, and r makes a new one at once.
	h.clock.Advance(2 * time.Minute)
	m = update(m, tickMsg{})
	if v := flat(plain(m)); !strings.Contains(v, "? expiry not stated by Sphere; made over an hour ago") || !strings.Contains(v, "may no longer work") {
		t.Errorf("after the hour:\n%s", v)
	}
	if hist := plain(update(m, press("tab"))); !strings.Contains(hist, "? unknown  over 1h") {
		t.Errorf("history after the hour:\n%s", hist)
	}
	if m = update(m, press("r")); m.confirm.asking() || m.screen != screenLoading {
		t.Fatalf("after the hour r asks %q", m.confirmQuestion())
	}
	if m = h.answer(t, m); h.posts() != posts+1 || m.screen != screenResult {
		t.Errorf("%d link requests, screen %d", h.posts()-posts, m.screen)
	}
}

func TestPlatformManagedCardSaysTheTermsAsAFact(t *testing.T) {
	h := newHarness(t)
	// By ID: the KYC link at once; the terms are a fact on the result.
	m := h.submitted(t, h.model(100, 40), spheretest.CustomerPlatformManaged)
	if v := flat(plain(m)); m.screen != screenResult || m.current.link.Kind != client.LinkKYC ||
		!strings.Contains(v, "Grace Example · Needs to complete identity verification") || !strings.Contains(v, "terms: not accepted; no profile requires them") {
		t.Fatalf("result:\n%s", plain(m))
	}
	// Her card (asked for from the history's customer) says it too.
	cu, err := h.client.Customer(context.Background(), spheretest.CustomerPlatformManaged)
	if err != nil {
		t.Fatal(err)
	}
	m.cust, m.screen = &cu, screenCustomer
	m = update(m, tea.WindowSizeMsg{Width: 100, Height: 40}) // lays the card out
	if v := flat(plain(m)); !strings.Contains(v, "terms: not accepted; no profile requires them") || !strings.Contains(v, "provide a liveness report") {
		t.Errorf("card:\n%s", plain(m))
	}
}

func TestPlatformManagedInLineMode(t *testing.T) {
	h := newHarness(t)
	s := startLines(t, h, context.Background())
	s.typeLine(spheretest.CustomerPlatformManaged)
	s.waitFor("KYC link for Grace Example ("+spheretest.CustomerPlatformManaged+"): https://", 1)
	s.waitFor("Note: terms: not accepted; no profile requires them.", 1)
	s.typeLine("q")
	if err := s.end(); err != nil {
		t.Fatal(err)
	}
}

func TestRepeatRefusedAsksThenANewKey(t *testing.T) {
	h := newHarness(t)
	m := h.submitted(t, h.model(100, 40), spheretest.RepeatRefused)
	v := flat(plain(m))
	if m.screen != screenError || !strings.Contains(v, "Refused as a repeat (HTTP 409)") || !strings.Contains(v, "may already have made a link") ||
		!strings.Contains(v, "r new request") {
		t.Fatalf("error screen:\n%s", plain(m))
	}
	posts := h.posts()
	// r asks; n makes nothing.
	if m = update(m, press("r")); !m.confirm.asking() || m.screen != screenError || h.posts() != posts {
		t.Fatalf("r: asking %v, screen %d", m.confirm.asking(), m.screen)
	}
	if q := m.confirmQuestion(); !strings.Contains(q, "may already have made a link. Make a KYC link anyway?") {
		t.Errorf("question %q", q)
	}
	if m = update(m, press("n")); m.confirm.asking() || h.posts() != posts {
		t.Errorf("n: still asking, or %d requests", h.posts()-posts)
	}
	// r again, y: a new request with a new key, never the refused one.
	m = h.answer(t, update(m, press("r"), press("y")))
	reqs := h.fake.Requests()
	last := reqs[len(reqs)-1]
	if m.screen != screenResult || last.Status != 201 || last.IdempotencyKey == reqs[len(reqs)-2].IdempotencyKey {
		t.Errorf("screen %d, last request %+v", m.screen, last)
	}
}

func TestRepeatRefusedInLineMode(t *testing.T) {
	h := newHarness(t)
	s := startLines(t, h, context.Background())
	s.typeLine(spheretest.RepeatRefused)
	s.waitFor("Refused as a repeat (HTTP 409)", 1)
	s.waitFor("Choose: r new request, n edit the ID, y copy the correlation ID, q quit: ", 1)
	s.typeLine("r")
	s.waitFor("The first attempt may already have made a link. Make a KYC link anyway?", 1)
	s.typeLine("y")
	s.waitFor("KYC link for Scenario 1409 ("+spheretest.RepeatRefused+"): https://", 1)
	s.typeLine("q")
	if err := s.end(); err != nil {
		t.Fatal(err)
	}
}

func TestTermsLinkExpiryInLineMode(t *testing.T) {
	h := newHarness(t)
	s := startLines(t, h, context.Background())
	s.typeLine("erin@example.com")
	s.waitFor("Customers matching", 1)
	s.typeLine("1")
	s.waitFor("t terms link", 1)
	s.typeLine("t")
	s.waitFor("Expires in 1 hour, on ", 1)
	s.typeLine("q")
	if err := s.end(); err != nil {
		t.Fatal(err)
	}
}

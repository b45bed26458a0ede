// This file tests that a followed card keeps its scroll place when the
// watch reads the customer again.

package ui

import (
	"strings"
	"testing"
)

// The watch puts each fresh read of the customer on the card, every 15 s:
// an agent who scrolled down to read the card's end stays there, rather
// than being sent back to the top by every read.
func TestAFollowedCardKeepsItsPlaceAcrossReads(t *testing.T) {
	h, n := newHarness(t), &notes{}
	m := h.erinsCard(t, h.watchModel(n, 60, 16))
	if !m.lay.scroll || !m.watch.pending {
		t.Fatalf("scrolls %v, watched %v:\n%s", m.lay.scroll, m.watch.pending, plain(m))
	}
	m = update(m, press("down"), press("down"))
	before, top := plain(m), m.body.top
	if top == 0 || !strings.Contains(before, "more above") {
		t.Fatalf("did not scroll:\n%s", before)
	}
	m = h.tick(t, m) // 15 s: read again, nothing changed yet
	if m.screen != screenCustomer || m.body.top != top || !strings.Contains(plain(m), "more above") {
		t.Errorf("a read moved the card from row %d to %d:\n%s\n---\n%s", top, m.body.top, before, plain(m))
	}
}

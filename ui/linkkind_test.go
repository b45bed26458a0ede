// This file tests that every kind of link goes one way: made, refused as
// a repeat and asked about, shown in a small window; only its label differs.

package ui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kyclink/kyclink/client"
)

// A repeat refused for a terms or face link is asked about, and a yes
// makes a new link of the same kind, never a KYC link instead.
func TestARefusedRepeatAsksForTheSameKind(t *testing.T) {
	for _, kind := range []client.LinkKind{client.LinkKYC, client.LinkTerms, client.LinkFace} {
		h := newHarness(t)
		m := h.watchModel(&notes{}, 100, 40)
		m.makeLink(kind, okID, "")
		m = update(m, resultMsg{seq: m.req.seq, id: okID, err: &client.APIError{Kind: client.KindRepeat, Status: 409}})
		if m = update(m, press("r")); !m.confirm.asking() || m.confirm.kind != kind {
			t.Fatalf("%v: r asks %v about a %v", kind, m.confirm.asking(), m.confirm.kind)
		}
		if q := m.confirmQuestion(); !strings.Contains(q, "Make a "+kind.String()+" anyway?") {
			t.Errorf("%v: question %q", kind, q)
		}
		if m = update(m, press("y")); m.screen != screenLoading || m.req.kind() != kind {
			t.Errorf("%v: y made a %v (screen %d)", kind, m.req.kind(), m.screen)
		}
	}
}

// Every kind of link shows below 80×24 without its QR code, down to
// 60×16, the same way: the label is all that differs.
func TestEveryKindShowsInASmallWindow(t *testing.T) {
	for _, kind := range []client.LinkKind{client.LinkKYC, client.LinkTerms, client.LinkFace} {
		for _, size := range [][2]int{{79, 23}, {70, 20}, {60, 16}} {
			h := newHarness(t)
			m := h.watchModel(&notes{}, size[0], size[1])
			m.makeLink(kind, okID, "")
			url := "https://in.sumsub.com/websdk/p/sbx_small"
			m = update(m, resultMsg{seq: m.req.seq, id: okID, link: client.Link{Kind: kind, CustomerID: okID, URL: url, ExpiresAt: t0.Add(time.Hour)}})
			m = update(m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			v := plain(m)
			if m.lay.tooSmall || m.screen != screenResult || !hasRow(v, url) || !strings.Contains(v, (&entry{link: client.Link{Kind: kind}}).label()) {
				t.Errorf("%v at %v:\n%s", kind, size, v)
			}
		}
	}
}

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

// A code the record says went earlier today (by send-code, or another
// run) is asked about before a second, as one sent in this session is;
// one that expired, or went the other way, is not.
func TestACodeFromTheRecordAsksFirst(t *testing.T) {
	h, n := newHarness(t), &notes{}
	o := h.options()
	o.Watch, o.Notify = client.DefaultWatchEvery, n.notify
	var asked []string
	o.EarlierCode = func(id, by string) (time.Time, time.Time, bool) {
		asked = append(asked, id+" "+by)
		if by != client.CodeByPhone {
			return time.Time{}, time.Time{}, false
		}
		return t0.Add(-2 * time.Minute), t0.Add(8 * time.Minute), true
	}
	m := h.erinsCard(t, update(New(o), tea.WindowSizeMsg{Width: 100, Height: 40}))
	posts := h.posts()
	if m = update(m, press("p")); !m.confirm.asking() || h.posts() != posts {
		t.Fatalf("no question (asked the record %q):\n%s", asked, plain(m))
	}
	if v := flat(plain(m)); !strings.Contains(v, "A code went by phone to +1 •••• 0005 at 09:58, valid until 10:08. A new one makes it useless: send another?") {
		t.Errorf("question:\n%s", v)
	}
	if m = update(m, press("n")); m.confirm.asking() || m.screen != screenCustomer {
		t.Errorf("n:\n%s", plain(m))
	}
	h.clock.Advance(9 * time.Minute) // the recorded code has expired
	if m = update(m, press("p")); m.confirm.asking() || m.screen != screenLoading {
		t.Errorf("asked about an expired code:\n%s", plain(m))
	}
}

// k is offered on a face link's result only once the watch moves the
// customer on to the KYC link, as after a terms link: not for Alice,
// whose next step was the KYC link when her face link was made.
func TestAFaceLinkOffersNoKYCLinkNow(t *testing.T) {
	h, n := newHarness(t), &notes{}
	m := h.watchModel(n, 100, 40)
	m = h.answer(t, update(typeText(m, okID), press("enter"))) // her KYC link at once
	m = h.answer(t, update(update(m, press("b")), press("f")))
	if m.screen != screenResult || m.current.link.Kind != client.LinkFace {
		t.Fatalf("no face link:\n%s", plain(m))
	}
	if m.keys.KYCNow.Enabled() || strings.Contains(plain(m), "KYC link now") {
		t.Errorf("k offered on Alice's face link:\n%s", plain(m))
	}
}

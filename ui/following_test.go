// This file tests the quiet row that says a customer is followed before
// anything has moved, and that a watch's failure leaves once reads work.

package ui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
)

// While Erin is followed and nothing has moved yet, the status row says
// so, with the pace and the last read; it takes the row a screen keeps
// free anyway, so at 70×20 the link keeps its rows and the body its
// height.
func TestFollowingIsSaidBeforeAnyChange(t *testing.T) {
	for _, size := range [][2]int{{70, 20}, {80, 24}, {120, 40}} {
		h, n := newHarness(t), &notes{}
		m := h.erinsCard(t, h.watchModel(n, size[0], size[1]))
		if v := plain(m); !strings.Contains(v, "Following the customer: checked every 15s.") {
			t.Errorf("%v: the card does not say it is followed:\n%s", size, v)
		}
		m = h.answer(t, update(m, press("t")))
		m = h.tick(t, m) // 15 s: nothing moved yet
		v := plain(m)
		if len(m.watch.timeline) != 0 || !strings.Contains(v, "Following the customer: checked every 15s, last at 10:00:15.") {
			t.Errorf("%v: the result does not say it is followed:\n%s", size, v)
		}
		if !hasRow(v, m.current.link.URL) || strings.Count(v, "\n")+1 != size[1] {
			t.Errorf("%v: the link lost its row, or the screen its height:\n%s", size, v)
		}
		off := h.options()
		off.Watch = 0
		quiet := update(New(off), tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		quiet.current, quiet.screen = m.current, screenResult
		quiet = update(quiet, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		if quiet.lay.bodyH != m.lay.bodyH || strings.Contains(plain(quiet), "Following") {
			t.Errorf("%v: body %d rows followed, %d not", size, m.lay.bodyH, quiet.lay.bodyH)
		}
		// Behind the history it is not followed, and does not say it is.
		if v := plain(update(m, press("tab"))); strings.Contains(v, "Following") {
			t.Errorf("%v: the history says it follows:\n%s", size, v)
		}
	}
}

// A watch's failure said in the status row leaves it once a read works
// again; a status the agent was given since stays.
func TestAWatchFailureLeavesOnceReadsWork(t *testing.T) {
	h := newHarness(t)
	f := &flaky{Client: h.client, err: &client.APIError{Kind: client.KindNetwork}}
	o := h.options()
	o.Client, o.Watch = f, client.DefaultWatchEvery
	m := h.erinsCard(t, update(New(o), tea.WindowSizeMsg{Width: 100, Height: 40}))
	if m = h.tick(t, m); !strings.Contains(plain(m), "Could not read the customer") {
		t.Fatalf("no failure said:\n%s", plain(m))
	}
	f.mu.Lock()
	f.err = nil
	f.mu.Unlock()
	if m = h.tick(t, m); strings.Contains(plain(m), "Could not read the customer") || !strings.Contains(plain(m), "Following the customer") {
		t.Errorf("the failure stays after a good read:\n%s", plain(m))
	}
	f.mu.Lock()
	f.err = &client.APIError{Kind: client.KindNetwork}
	f.mu.Unlock()
	m = h.tick(t, m)
	m.setStatus("Link copied.", true)
	f.mu.Lock()
	f.err = nil
	f.mu.Unlock()
	h.clock.Advance(time.Second)
	if m = h.tick(t, m); !strings.Contains(plain(m), "Link copied.") {
		t.Errorf("the agent's status went:\n%s", plain(m))
	}
}

// A customer Sphere has already decided on (Bob, approved) is not
// followed: no read, no "Following" row, nothing added to the card.
func TestADecidedCustomerIsNotFollowed(t *testing.T) {
	h, n := newHarness(t), &notes{}
	m := h.submitted(t, h.watchModel(n, 100, 30), spheretest.CustomerApproved)
	if m.screen != screenCustomer || m.watch.pending || strings.Contains(plain(m), "Following") {
		t.Errorf("Bob is followed: %+v\n%s", m.watch, plain(m))
	}
	reads := len(h.fake.Requests())
	h.clock.Advance(time.Minute)
	if m = update(m, tickMsg{}, watchTickMsg{seq: m.watch.seq}); len(h.fake.Requests()) != reads || strings.Contains(plain(m), "Following") {
		t.Errorf("read anyway:\n%s", plain(m))
	}
}

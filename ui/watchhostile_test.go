// This file tests the watch against a hostile server: what it may put in
// a notification, and how much of its churn the app keeps.

package ui

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kyclink/kyclink/client"
)

// churning answers each read with the customer changed by turn: the
// server's own criterion names and statuses, new on every read.
type churning struct {
	*client.Client
	mu   sync.Mutex
	n    int
	turn func(n int, cu *client.Customer)
}

func (c *churning) Follow(ctx context.Context, id string) (client.Customer, error) {
	cu, err := c.Client.Follow(ctx, id)
	if err != nil {
		return cu, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	c.turn(c.n, &cu)
	return cu, nil
}

func (h *harness) churnModel(n *notes, turn func(int, *client.Customer)) Model {
	o := h.options()
	o.Client, o.Watch, o.Notify = &churning{Client: h.client, turn: turn}, client.DefaultWatchEvery, n.notify
	return update(New(o), tea.WindowSizeMsg{Width: 100, Height: 40})
}

// A notification leaves the terminal for the desktop, outside the app's
// frame: it carries kyclink's words only, never a criterion, status or
// profile name the server made up.
func TestWatchNotifiesInOurWordsOnly(t *testing.T) {
	h, n := newHarness(t), &notes{}
	const lure = "CALL 555-0100 TO UNLOCK"
	m := h.erinsCard(t, h.churnModel(n, func(i int, cu *client.Customer) {
		p := &cu.Profiles[0]
		p.Name = lure
		p.Criteria.Complete = append(p.Criteria.Complete, fmt.Sprintf("%s %d", lure, i))
		if i > 1 {
			p.Status = lure
		}
	}))
	for range 3 {
		m = h.tick(t, m)
	}
	said := n.all()
	if len(said) == 0 {
		t.Fatalf("no notification:\n%s", plain(m))
	}
	for _, s := range said {
		if strings.Contains(s, "CALL") || strings.Contains(s, "555") {
			t.Errorf("server text in a notification: %q", s)
		}
	}
	if !strings.Contains(plain(m), lure) { // the screen still says it, sanitised, as the card does
		t.Errorf("the timeline lost the server's name:\n%s", plain(m))
	}
}

// A server whose customer changes on every read, many criteria at a
// time, for the whole 30 minutes, does not grow the timeline without
// bound: the app keeps only what it can show.
func TestWatchTimelineStaysBounded(t *testing.T) {
	h, n := newHarness(t), &notes{}
	m := h.erinsCard(t, h.churnModel(n, func(i int, cu *client.Customer) {
		p := &cu.Profiles[0]
		for j := range 40 {
			p.Criteria.Complete = append(p.Criteria.Complete, fmt.Sprintf("crit_%d_%d", i, j))
		}
	}))
	for range 110 { // near 30 minutes at 15 s
		m = h.tick(t, m)
	}
	if got := len(m.watch.timeline); got > maxKeptMoments {
		t.Errorf("the timeline holds %d moments after 110 reads of 40 changes, more than %d", got, maxKeptMoments)
	}
	if !strings.Contains(plain(m), "crit_110_39") {
		t.Errorf("the newest change is not shown:\n%s", plain(m))
	}
}

// This file tests how much of the watch's timeline a screen shows: as
// many of the newest changes as the window has room for, never at the
// cost of the QR code or the keys, and "… N earlier" for the rest.

package ui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/kyclink/kyclink/client"
)

// oneChangeARead moves the customer on by one criterion done each read:
// one row of the timeline a read.
func oneChangeARead(i int, cu *client.Customer) {
	p := &cu.Profiles[0]
	for j := 1; j <= i; j++ {
		p.Criteria.Complete = append(p.Criteria.Complete, fmt.Sprintf("step_%02d", j))
	}
}

// followed is a screen of the customer after reads read, one change each,
// resized to w×ht.
func (h *harness) followed(t testing.TB, card bool, reads, w, ht int) Model {
	t.Helper()
	m := h.churnModel(&notes{}, oneChangeARead)
	if card {
		m = h.erinsCard(t, m)
	} else {
		m = h.submitted(t, m, okID)
	}
	for range reads {
		m = h.tick(t, m)
	}
	if m.watch.seen < reads {
		t.Fatalf("%d changes after %d reads:\n%s", m.watch.seen, reads, plain(m))
	}
	return update(m, tea.WindowSizeMsg{Width: w, Height: ht})
}

// shownSteps counts the timeline's rows of step_NN changes on screen.
func shownSteps(v string) int {
	return strings.Count(v, "done: step_")
}

// momentRow is a row of the timeline: its time first.
var momentRow = regexp.MustCompile(`(?m)^ \d\d:\d\d `)

// earlierRow is what the timeline says of the rows it leaves out.
func earlierRow(m Model, v string) string {
	return fmt.Sprintf("… %d earlier", m.watch.seen-len(momentRow.FindAllString(v, -1)))
}

func TestATallWindowShowsMoreOfTheTimeline(t *testing.T) {
	h := newHarness(t)
	m := h.followed(t, false, 12, 120, 60)
	v := plain(m)
	if got := shownSteps(v); got <= maxMoments {
		t.Errorf("%d changes shown at 120×60, no more than %d:\n%s", got, maxMoments, v)
	}
	if m.lay.scroll || m.lay.qr == "" || !strings.Contains(v, "step_12") || !strings.Contains(v, "q quit") {
		t.Errorf("scrolls %v, QR %v, or the newest change or the keys missing:\n%s", m.lay.scroll, m.lay.qr != "", v)
	}
	// The code is the one the newest change alone leaves room for.
	alone := m
	alone.watch.timeline = m.watch.timeline[len(m.watch.timeline)-1:]
	if alone.relayout(); m.lay.qr != alone.lay.qr || m.lay.stacked != alone.lay.stacked {
		t.Error("more of the timeline cost the QR code")
	}
	if cut := len(momentRow.FindAllString(v, -1)) < m.watch.seen; cut != strings.Contains(v, earlierRow(m, v)) {
		t.Errorf("rows cut %v, said wrongly:\n%s", cut, v)
	}
}

func TestASmallWindowShowsWhatFitsAndHowManyEarlier(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {70, 20}, {60, 16}} {
		h := newHarness(t)
		m := h.followed(t, false, 8, size[0], size[1])
		v := plain(m)
		shown := shownSteps(v)
		if m.lay.tooSmall || shown < 1 || shown >= 8 || !strings.Contains(v, "step_08") ||
			!strings.Contains(v, earlierRow(m, v)) {
			t.Errorf("%v: %d shown:\n%s", size, shown, v)
		}
		if lines := strings.Split(v, "\n"); len(lines) > size[1] || !strings.Contains(lines[len(lines)-1], "quit") {
			t.Errorf("%v: %d rows, or the keys pushed off:\n%s", size, len(lines), v)
		}
		if size[0] == 80 && m.lay.qr == "" {
			t.Errorf("%v: the QR code lost to the timeline:\n%s", size, v)
		}
	}
}

// A card that scrolls anyway (its profiles) keeps its newest change above
// the fold; one with room shows more.
func TestTheCardShowsWhatFits(t *testing.T) {
	h := newHarness(t)
	m := h.followed(t, true, 9, 70, 20)
	v := plain(m)
	if !strings.Contains(v, "step_09") || !strings.Contains(v, "earlier") {
		t.Errorf("70×20: the newest change or the earlier row is below the fold:\n%s", v)
	}
	m = h.followed(t, true, 9, 120, 60)
	if v := plain(m); shownSteps(v) <= maxMoments || m.lay.scroll {
		t.Errorf("120×60: %d shown, scrolls %v:\n%s", shownSteps(v), m.lay.scroll, v)
	}
}

func TestGoldenTimeline(t *testing.T) {
	for _, sc := range []struct {
		name  string
		card  bool
		w, ht int
	}{{"result", false, 120, 50}, {"result", false, 80, 24}, {"result", false, 70, 20}, {"card", true, 100, 40}} {
		t.Run(fmt.Sprintf("%s_%dx%d", sc.name, sc.w, sc.ht), func(t *testing.T) {
			h := newHarness(t)
			golden.RequireEqual(t, []byte(h.followed(t, sc.card, 9, sc.w, sc.ht).View()))
		})
	}
}

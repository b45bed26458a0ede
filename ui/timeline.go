// This file owns how the watch shows on the result and the card: the
// timeline of what moved, the next step that follows, and the watch's
// own state in a muted line.

package ui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/kyclink/kyclink/client"
)

// maxMoments is how many rows of the timeline a card shows when it
// scrolls anyway, and line mode's card: a screen with room to spare shows
// as many as fit (fitMoments).
const maxMoments = 5

// maxKeptMoments is how many rows of the timeline are kept: more than are
// shown, for line mode to say the changes of a read, and few enough that
// a server changing a customer on every read for 30 minutes cannot grow
// the app's memory without bound.
const maxKeptMoments = 64

// timelineView is the watch of customer id, w cells wide: "" when the
// customer is not watched, or nothing has moved and the watch goes on
// (the rows it would take are the link's in a small window).
func (m Model) timelineView(id string, w int) string {
	wt := m.watch
	if wt.id != id || id == "" || len(wt.timeline) == 0 && wt.stopped == "" {
		return ""
	}
	st := m.st
	var b strings.Builder
	b.WriteString(st.Label.Render("Following") + "\n")
	n := m.lay.moments
	if n <= 0 { // not laid out for a window: line mode's card
		n = maxMoments
	}
	rows := wt.timeline[max(len(wt.timeline)-n, 0):]
	if earlier := wt.seen - len(rows); earlier > 0 { // the kept ones cut, and any dropped before
		b.WriteString(st.Muted.Render("… "+strconv.Itoa(earlier)+" earlier") + "\n")
	}
	for _, r := range rows {
		text := strings.ReplaceAll(wrap(r.text, max(w-6, 10)), "\n", "\n      ") // under the text, not the time
		b.WriteString(st.Muted.Render(r.at.In(m.o.Location).Format("15:04")) + " " + st.Value.Render(text) + "\n")
	}
	if wt.next != "" {
		b.WriteString(st.Confirm.Render(wrap(wt.next, w)) + "\n")
	}
	if wt.stopped != "" { // while it runs, the status row says so (followingLine)
		b.WriteString(st.Muted.Render(wrap("Watch "+wt.stopped+".", w)))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// fitMoments lays out a screen whose body holds the timeline of customer
// id (arrange: with m.lay.moments of its newest rows; it returns the body)
// and shows as many rows as the window has room for: every kept one that
// fits with the body unscrolled and the QR code as it is with the newest
// row alone, so more history never costs the code or the keys. A body
// that scrolls even so shows the newest row alone (the result: its link
// comes first) or, given top (the body down to the timeline's end, as on
// the card), as many as end above the fold, at most maxMoments. The count
// is searched for only when what it depends on changed (momentsFit): a
// countdown tick lays the screen out once, as before.
func (m *Model) fitMoments(id string, arrange, top func() string) string {
	base := m.lay
	try := func(k int) string {
		m.lay = base
		m.lay.moments = k
		return arrange()
	}
	total := 0
	if m.watch.id == id {
		total = len(m.watch.timeline)
	}
	if total <= 1 {
		return try(1)
	}
	key := m.fitKey(base.bodyH, total)
	if f := m.fit; f.key == key {
		body := try(f.k)
		if (f.scrolls || lipgloss.Height(body) <= base.bodyH) && m.lay.qr == f.qr && m.lay.stacked == f.stacked {
			return body
		}
	}
	k, scrolls := m.searchMoments(try, top, base.bodyH, total)
	body := try(k)
	m.fit = momentsFit{key: key, k: k, scrolls: scrolls, qr: m.lay.qr, stacked: m.lay.stacked}
	return body
}

// searchMoments is fitMoments' count of rows, and whether the body
// scrolls even with the newest row alone.
func (m *Model) searchMoments(try func(int) string, top func() string, bodyH, total int) (k int, scrolls bool) {
	if lipgloss.Height(try(1)) > bodyH {
		k = 1
		for ; top != nil && k < min(total, maxMoments); k++ {
			m.lay.moments = k + 1
			if lipgloss.Height(strings.TrimRight(top(), "\n")) > bodyH-2 { // less the scroll marks
				break
			}
		}
		return k, true
	}
	qr, stacked := m.lay.qr, m.lay.stacked
	lo, hi := 1, total // lo fits; the height only grows with more rows
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if b := try(mid); lipgloss.Height(b) <= bodyH && m.lay.qr == qr && m.lay.stacked == stacked {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo, false
}

// momentsFit is fitMoments' last count and what it was found for.
type momentsFit struct {
	key     fitKey
	k       int
	scrolls bool
	qr      string
	stacked bool
}

// fitKey is what the timeline's room depends on, but the body's own
// wording, which fitMoments checks by laying it out.
type fitKey struct {
	w, h, bodyH, kept, seen int
	screen                  screen
	entry                   *entry
	cust                    *client.Customer
	usable, showQR, anyway  bool
	next, stopped           string
}

func (m *Model) fitKey(bodyH, kept int) fitKey {
	k := fitKey{w: m.width, h: m.height, bodyH: bodyH, kept: kept, seen: m.watch.seen, screen: m.screen,
		entry: m.current, cust: m.cust, showQR: m.showQR, next: m.watch.next, stopped: m.watch.stopped}
	if e := m.current; e != nil {
		k.usable, k.anyway = e.usable(m.now), e.qrAnyway
	}
	return k
}

// followingLine says, in the status row a screen keeps free anyway, that
// the customer on screen is followed, how often and when last: "" when
// they are not, or the watch has ended (the timeline then says why).
func (m Model) followingLine() string {
	wt := m.watch
	if wt.id == "" || wt.id != m.watchTarget() || wt.stopped != "" {
		return ""
	}
	line := "Following the customer: checked every " + client.FormatRemainingShort(m.o.Watch)
	if !wt.checked.IsZero() {
		line += ", last at " + wt.checked.In(m.o.Location).Format("15:04:05")
	}
	return line + "."
}

// followKey is k on a result once the watch says the KYC link is what
// the customer needs now (their terms accepted, say).
func (m *Model) followKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	if !key.Matches(msg, m.keys.KYCNow) || !m.followsOn() {
		return nil, false
	}
	return m.requestLink(client.LinkKYC, m.cust.ID), true
}

// followsOn reports whether the result on screen is of another kind of
// link (terms, face) and the customer has since moved on to needing the
// KYC link (their terms accepted): k makes it.
func (m *Model) followsOn() bool {
	c, e := m.cust, m.current
	return c != nil && e != nil && c.ID == e.link.CustomerID && e.link.Kind != client.LinkKYC &&
		e.step != client.StepKYCLink && c.NextStep() == client.StepKYCLink
}

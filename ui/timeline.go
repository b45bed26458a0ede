// This file owns how the watch shows on the result and the card: the
// timeline of what moved, the next step that follows, and the watch's
// own state in a muted line.

package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kyclink/kyclink/client"
)

// maxMoments is how many rows of the timeline are shown, the newest last.
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
	rows := wt.timeline[max(len(wt.timeline)-maxMoments, 0):]
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

// This file owns the arrangement of the screen: where the QR code goes,
// how tall the body is, and the scrolling of bodies taller than the window.
// It is all decided in Update, so that View only lays out what is ready.

package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// The smallest usable window; below it the app shows a notice, keeps its
// state, and takes no key but quit. The result screen works in it too,
// without the QR code, which needs at least qrMinWidth×qrMinHeight.
const (
	minWidth, minHeight     = 60, 16
	qrMinWidth, qrMinHeight = 80, 24
)

// minSize is the smallest window the current screen works in.
func (m *Model) minSize() (w, h int) { return minWidth, minHeight }

// Layout constants, in cells.
const (
	margin        = 1  // left margin of every line
	gap           = 2  // between details and QR code
	detailsMinW   = 41 // a customer ID fits on one line
	detailsMaxW   = 72
	headerHeight  = 2 // header line and a blank line
	maxStatusRows = 2
)

// layout is how the screen is arranged now.
type layout struct {
	tooSmall bool
	qr       string // painted code, "" when not shown
	stacked  bool
	detailsW int
	qrNotice string
	bodyH    int
	// room is the body height the QR code is fitted to: the window less a
	// footer of the most it takes short of the full help (two status rows
	// and the help bar), so a status line coming or going never changes
	// the code's size or re-wraps the link.
	room int
	// linkGap is the blank rows (0 or 1) between a QR code beside the
	// details and the link under both: dropped where that row decides
	// whether the code fits (80×24).
	linkGap int
	// scroll is true when the body is taller than its room and shows a
	// part at a time (scroller.window), under a "more above" and over a
	// "more below" row while there is more that way.
	scroll bool
	// moments is how many of the watch's newest timeline rows the body
	// shows (fitMoments).
	moments int
}

// scroller is the body of the result, error and card screens: its rows,
// the first of them on view when it scrolls, and what it shows, so that a
// new link or failure starts at the top.
type scroller struct {
	top   int
	lines []string
	shows any // the *entry or *client.APIError on view
}

// relayout decides the arrangement for the current window and state,
// paints the QR code variant it picks (once per link and variant), and
// fills the body.
func (m *Model) relayout() {
	m.lay = layout{bodyH: m.height - headerHeight - m.footerHeight(), room: m.height - headerHeight - maxStatusRows - 1}
	if w, h := m.minSize(); m.width < w || m.height < h {
		m.lay.tooSmall = true
		return
	}
	switch {
	case m.screen == screenResult && m.current != nil:
		body := m.fitMoments(m.current.link.CustomerID, func() string {
			m.layoutResult()
			return m.resultView()
		}, nil)
		m.fillBody(m.current, body)
	case m.screen == screenError && m.failure != nil:
		m.fillBody(m.failure, m.errorView())
	case m.screen == screenCustomer && m.cust != nil:
		top := func() string { return m.cardTop(m.cust, m.width-margin) }
		m.fillBody(m.cust, m.fitMoments(m.cust.ID, func() string { return m.cardView() }, top))
	}
}

func (m *Model) layoutResult() {
	e, full := m.current, m.width-margin
	m.lay.detailsW = min(full, detailsMaxW)
	switch notice := e.qrNotice(m.now); {
	case notice != "":
		m.lay.qrNotice = notice
	case !e.host.Expected && !e.qrAnyway:
		m.lay.qrNotice = "QR code withheld until you have checked the host: s shows it anyway."
	case !m.showQR:
		m.lay.qrNotice = "QR code hidden (s shows it)."
	default:
		m.placeQR(e, full)
	}
}

// placeQR puts the code beside the details (the link under both) when the
// window is wide, under everything when it is tall, and otherwise says how
// big the window must be. The link keeps rows of its own either way.
func (m *Model) placeQR(e *entry, full int) {
	room, linkH := m.lay.room, m.linkHeight(e)
	side, sideOK, linkGap := m.fitBeside(e, full, room-linkH)
	var stack qrVariant
	stackOK := false
	if !sideOK || rank(side) > 0 { // below everything may do better
		w := m.lay.detailsW
		flowH := lipgloss.Height(m.detailsTop(e, w)) + 1 + linkH + 1 + lipgloss.Height(m.expiryView(e, w))
		stack, stackOK = e.qr.fit(full, room-flowH-1)
	}
	switch {
	case sideOK && (!stackOK || rank(side) <= rank(stack)):
		w, _, _ := e.qr.dims(side)
		m.lay.qr, m.lay.linkGap = e.qr.paint(side), linkGap
		m.lay.detailsW = min(full-w-gap, detailsMaxW)
	case stackOK:
		m.lay.qr, m.lay.stacked = e.qr.paint(stack), true
	default:
		w, h := e.qr.smallest()
		needW := max(qrMinWidth, margin+detailsMinW+gap+w)
		needH := max(qrMinHeight, m.height-room+h+linkH)
		m.lay.qrNotice = fmt.Sprintf("Enlarge the window to %d×%d for the QR code.", needW, needH)
	}
}

// fitBeside is the variant that fits beside the details in h rows, with a
// blank row above the link unless dropping it gives a better code, and the
// details no taller than the code's rows.
func (m *Model) fitBeside(e *entry, full, h int) (v qrVariant, ok bool, linkGap int) {
	v, ok = e.qr.fit(full-detailsMinW-gap, h-1)
	if tight, tightOK := e.qr.fit(full-detailsMinW-gap, h); tightOK && (!ok || rank(tight) < rank(v)) {
		v, ok, linkGap = tight, true, 0
	} else {
		linkGap = 1
	}
	if !ok {
		return v, false, 0
	}
	w, _, _ := e.qr.dims(v)
	detailsW := min(full-w-gap, detailsMaxW)
	top, rest := m.detailsTop(e, detailsW), m.expiryView(e, detailsW)
	return v, lipgloss.Height(top)+1+lipgloss.Height(rest) <= h-linkGap, linkGap
}

func rank(v qrVariant) int {
	for i, p := range qrPreference {
		if p == v {
			return i
		}
	}
	return len(qrPreference)
}

// fillBody puts a screen's body on view. A body that fits is shown
// whole; a taller one scrolls, keeping its place across ticks.
func (m *Model) fillBody(shows any, body string) {
	m.body.lines = strings.Split(body, "\n")
	if len(m.body.lines) > m.lay.bodyH {
		m.lay.scroll = true
		// The scroll keys join the full help, which may need a row more.
		m.lay.bodyH = m.height - headerHeight - m.footerHeight()
	}
	if m.body.shows != shows {
		m.body.shows, m.body.top = shows, 0
	}
	m.body.scrollBy(0, m.lay.bodyH) // a shorter body or a taller window: still within it
}

// window is what a scrolling body shows in h rows from its top row: a
// mark takes a row only while there is more that way, so at the top the
// body starts right under the header and at the end it ends right above
// the footer.
func (s scroller) window(h int) (visible []string, above, below bool) {
	above = s.top > 0
	end := s.top + h
	if above {
		end--
	}
	if end < len(s.lines) {
		below, end = true, end-1
	}
	return s.lines[s.top:max(min(end, len(s.lines)), s.top)], above, below
}

// scrollBy moves the body's top row by n within h rows. Leaving the top
// moves one row further, and coming back to the row after it goes to the
// top: the "more above" mark takes the first row's place, so each step
// still moves what is on view by one row.
func (s *scroller) scrollBy(n, h int) {
	top := s.top + n
	if top == 1 && n > 0 {
		top = 2
	} else if top == 1 {
		top = 0
	}
	last := len(s.lines) - (h - 1) // the top row that shows the last under the mark
	s.top = max(min(top, last), 0)
}

// scrollKey moves a scrolling body; it reports whether the key was one.
func (m *Model) scrollKey(msg tea.KeyMsg) bool {
	if !m.lay.scroll {
		return false
	}
	page := max(m.lay.bodyH-2, 1) // the rows between both marks
	var n int
	switch {
	case key.Matches(msg, m.keys.ScrollUp):
		n = -1
	case key.Matches(msg, m.keys.ScrollDown):
		n = 1
	case key.Matches(msg, m.keys.PageUp):
		n = -page
	case key.Matches(msg, m.keys.PageDown):
		n = page
	default:
		return false
	}
	m.body.scrollBy(n, m.lay.bodyH)
	return true
}

// bodyLines is the body as rows of the window: on the result and error
// screens what relayout prepared, the visible part between its marks when
// it scrolls; elsewhere the screen's view, never silently cut.
func (m Model) bodyLines() []string {
	switch {
	case m.lay.scroll:
		visible, above, below := m.body.window(m.lay.bodyH)
		rows := make([]string, 0, m.lay.bodyH)
		if above {
			rows = append(rows, indent(m.st.StatusWarning.Render("↑ more above (↑, pgup)")))
		}
		rows = append(rows, visible...)
		if below {
			rows = append(rows, indent(m.st.StatusWarning.Render("↓ more below (↓, pgdown)")))
		}
		return rows
	case m.screen == screenResult || m.screen == screenError || m.screen == screenCustomer:
		return m.body.lines
	}
	lines := strings.Split(m.bodyView(), "\n")
	if len(lines) > m.lay.bodyH && m.lay.bodyH > 0 {
		lines = lines[:m.lay.bodyH]
		lines[m.lay.bodyH-1] = indent(m.st.StatusWarning.Render("↓ more below: enlarge the window to see it all"))
	}
	return lines
}

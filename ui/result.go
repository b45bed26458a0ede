// This file owns the result screen: the link's facts beside or above its QR
// code, and the keys that copy, regenerate and hide the code.

package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/kyclink/kyclink/client"
)

func (m *Model) resultKey(msg tea.KeyMsg) tea.Cmd {
	if cmd, ok := m.followKey(msg); ok {
		return cmd
	}
	switch {
	case key.Matches(msg, m.keys.Copy):
		return m.copyLink()
	case key.Matches(msg, m.keys.Regenerate):
		return m.requestLink(m.current.link.Kind, m.current.link.CustomerID)
	case key.Matches(msg, m.keys.ToggleQR) && !m.current.host.Expected && !m.current.qrAnyway:
		m.current.qrAnyway, m.showQR = true, true // the agent has seen the warning
	case key.Matches(msg, m.keys.ToggleQR):
		m.showQR = !m.showQR
	case key.Matches(msg, m.keys.Card):
		return m.backToCard(m.current.link.CustomerID)
	default:
		return m.moveOn(msg)
	}
	return nil
}

// backToCard shows the card of the result's customer: the one on hand, or
// read again (a link from the history, a lookup that failed), so the next
// link needs no typing.
func (m *Model) backToCard(id string) tea.Cmd {
	if m.cust != nil && m.cust.ID == id {
		m.showCard()
		return nil
	}
	m.field.input.SetValue(id)
	cmd := m.start(actLookup, id, 0, "")
	m.req.card = true
	return cmd
}

// moveOn handles the keys that leave a result or a card: n (or Esc) for
// the next customer, Tab for the history; a paste starts a new lookup.
func (m *Model) moveOn(msg tea.KeyMsg) tea.Cmd {
	switch {
	case msg.Paste:
		m.toInput(false)
		m.field.reset()
		m.field.input.SetValue(strings.TrimSpace(string(msg.Runes)))
		return m.enter(m.o.Client.Classify(m.field.input.Value())) // an ID is cleaned there
	case key.Matches(msg, m.keys.NewCustomer):
		m.toInput(false)
		m.field.reset()
	case key.Matches(msg, m.keys.History):
		m.openHistory()
	}
	return nil
}

// copyLink copies the link on screen, unless its state forbids it.
func (m *Model) copyLink() tea.Cmd {
	if why := m.current.copyRefusal(m.now); why != "" {
		m.setStatus(why, false)
		return nil
	}
	return m.copyText("Link", m.current.link.URL)
}

// resultView is the body: the details, then the link on rows of its own
// at the window's full width, so a mouse selection copies it whole; the QR
// code beside the details (the link then under both) or below everything.
func (m Model) resultView() string {
	e, w := m.current, m.lay.detailsW
	top, rest := m.detailsTop(e, w), m.expiryView(e, w)
	if e.unsafe != nil { // nothing to show or scan: the refusal says why
		rest = e.expiresLine(m.st, m.now, w)
	}
	if m.lay.qrNotice != "" {
		rest += "\n\n" + m.st.StatusWarning.Render(wrap(m.lay.qrNotice, w))
	}
	switch {
	case e.unsafe != nil:
		return indent(top + "\n\n" + rest)
	case m.lay.qr != "" && !m.lay.stacked:
		col := lipgloss.NewStyle().Width(w + gap)
		side := indent(lipgloss.JoinHorizontal(lipgloss.Top, col.Render(top+"\n\n"+rest), m.lay.qr))
		return side + strings.Repeat("\n", 1+m.lay.linkGap) + m.linkSection(e)
	}
	body := indent(top) + "\n\n" + m.linkSection(e) + "\n\n" + indent(rest)
	if m.lay.stacked {
		body += "\n\n" + indent(m.lay.qr)
	}
	return body
}

// linkSection is the link under its label, indented like the rest; a link
// longer than that takes whole rows from the window's first column, so it
// breaks only where the terminal's edge is. It is a hyperlink while it may
// be sent, plain and marked once it may not.
func (m Model) linkSection(e *entry) string {
	st, url := m.st, e.link.URL
	pad, w := m.linkRows(url)
	if e.usable(m.now) {
		return indent(st.Label.Render(e.label())) + "\n" + pad + strings.ReplaceAll(hyperlinkLines(url, w, st.Link), "\n", "\n"+pad)
	}
	// still readable for the record, but not clickable and marked
	rows := st.Subtle.Render(ansi.Hardwrap(url, w, false))
	return indent(st.Label.Render(e.label()+" (no longer valid: do not send)")) + "\n" + pad + strings.ReplaceAll(rows, "\n", "\n"+pad)
}

// linkRows is where a link's rows start (the margin, or the window's first
// column for a link longer than that) and how wide they are.
func (m Model) linkRows(url string) (pad string, w int) {
	if ansi.StringWidth(url) > m.width-margin {
		return "", m.width
	}
	return strings.Repeat(" ", margin), m.width - margin
}

// linkHeight is the rows linkSection takes: the label, then the link.
func (m Model) linkHeight(e *entry) int {
	_, w := m.linkRows(e.link.URL)
	return 1 + lipgloss.Height(ansi.Hardwrap(e.link.URL, w, false))
}

// detailsTop is who the link is for and where it points, w cells wide.
func (m Model) detailsTop(e *entry, w int) string {
	st := m.st
	var b strings.Builder
	b.WriteString(st.Label.Render("Customer") + "\n")
	b.WriteString(st.Strong.Render(wrap(e.link.CustomerID, w)))
	if line := m.lookupLine(e, w); line != "" {
		b.WriteString("\n" + line)
	}
	if tl := m.timelineView(e.link.CustomerID, w); tl != "" {
		b.WriteString("\n\n" + tl)
	}
	if e.unsafe != nil {
		return b.String()
	}
	b.WriteString("\n\n" + st.Label.Render("Link host") + "\n")
	if e.host.Expected {
		b.WriteString(st.Host.Render(e.host.Host) + "  " + st.StatusOK.Render("✓ expected"))
		return b.String()
	}
	b.WriteString(st.HostWarning.Render(wrap(e.host.Host, w)) + "\n")
	why := ""
	if e.host.Unusual != "" {
		why = "it is " + e.host.Unusual + "; "
	}
	want := strings.Join(m.o.ExpectedHosts, ", ")
	b.WriteString(st.HostWarning.Render(wrap("⚠ Not an expected host ("+want+"): "+why+"check before sending.", w)))
	return b.String()
}

// expiryView is when the link stops working, w cells wide.
func (m Model) expiryView(e *entry, w int) string {
	st := m.st
	var b strings.Builder
	b.WriteString(st.Label.Render("Expires") + "\n")
	b.WriteString(e.expiresLine(st, m.now, w))
	if !e.link.HasExpiry() {
		return b.String() // nothing to count, nothing to convert
	}
	local, utc := client.FormatExpiry(e.link.ExpiresAt, m.o.Location)
	b.WriteString("\n" + st.Value.Render(local))
	if utc != "" {
		b.WriteString("\n" + st.Muted.Render(utc))
	}
	if note := client.ExpirySourceNote(e.link); note != "" {
		b.WriteString("\n" + st.Muted.Render(wrap(note, w)))
	}
	if note := client.ClockNote(e.link); note != "" {
		b.WriteString("\n" + st.Muted.Render(wrap(note, w)))
	}
	return b.String()
}

// lookupLine is what the lookup said of the link's customer, in a line:
// the card's summary, or why there is no card.
func (m Model) lookupLine(e *entry, w int) string {
	switch {
	case m.cust != nil && m.cust.ID == e.link.CustomerID:
		return m.st.Muted.Render(wrap(m.summaryLine(m.cust), w))
	case m.lookupErr != nil && m.lookupFor == e.link.CustomerID:
		return m.st.StatusWarning.Render(wrap("Not looked up ("+m.lookupErr.Heading()+"): the link was made without the card.", w))
	}
	return ""
}

// hyperlinkLines shows a URL in full, wrapped to w cells, each line an
// OSC 8 hyperlink to the whole URL so a click works on any line.
func hyperlinkLines(url string, w int, style lipgloss.Style) string {
	parts := strings.Split(ansi.Hardwrap(url, w, false), "\n")
	for i, p := range parts {
		parts[i] = ansi.SetHyperlink(url) + style.Render(p) + ansi.ResetHyperlink()
	}
	return strings.Join(parts, "\n")
}

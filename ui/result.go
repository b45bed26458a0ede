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
	switch {
	case key.Matches(msg, m.keys.Copy):
		return m.copyLink()
	case key.Matches(msg, m.keys.Regenerate):
		return m.requestLink(m.current.link.Kind, m.current.link.CustomerID)
	case key.Matches(msg, m.keys.ToggleQR) && !m.current.host.Expected && !m.current.qrAnyway:
		m.current.qrAnyway, m.showQR = true, true // the agent has seen the warning
	case key.Matches(msg, m.keys.ToggleQR):
		m.showQR = !m.showQR
	default:
		m.moveOn(msg)
	}
	return nil
}

// moveOn handles the keys that leave a result or a card: n (or Esc) for
// the next customer, Tab for the history.
func (m *Model) moveOn(msg tea.KeyMsg) {
	switch {
	case key.Matches(msg, m.keys.NewCustomer):
		m.toInput(false)
		m.field.reset()
	case key.Matches(msg, m.keys.History):
		m.openHistory()
	}
}

// copyLink copies the link on screen, unless its state forbids it.
func (m *Model) copyLink() tea.Cmd {
	if why := m.current.copyRefusal(m.now); why != "" {
		m.setStatus(why, false)
		return nil
	}
	return m.copyText("Link", m.current.link.URL)
}

// resultView is the body: details, then the QR code beside or below them.
func (m Model) resultView() string {
	details := m.detailsView(m.current, m.lay.detailsW)
	if m.lay.qrNotice != "" {
		details += "\n\n" + m.st.StatusWarning.Render(wrap(m.lay.qrNotice, m.lay.detailsW))
	}
	switch {
	case m.lay.qr == "":
		return indent(details)
	case m.lay.stacked:
		return indent(details + "\n\n" + m.lay.qr)
	}
	col := lipgloss.NewStyle().Width(m.lay.detailsW + gap)
	body := lipgloss.JoinHorizontal(lipgloss.Top, col.Render(details), m.lay.qr)
	if m.lay.linkBelow {
		body += "\n\n" + m.linkSection(m.current, m.width-margin)
	}
	return indent(body)
}

// linkSection is the link under its label, w cells wide: a hyperlink while
// it may be sent, plain and marked once it may not.
func (m Model) linkSection(e *entry, w int) string {
	st := m.st
	if e.usable(m.now) {
		return st.Label.Render(e.label()) + "\n" + hyperlinkLines(e.link.URL, w, st.Link)
	}
	// still readable for the record, but not clickable and marked
	return st.Label.Render(e.label()+" (no longer valid: do not send)") + "\n" + st.Subtle.Render(ansi.Hardwrap(e.link.URL, w, false))
}

// detailsView is the link's facts, w cells wide.
func (m Model) detailsView(e *entry, w int) string {
	st := m.st
	var b strings.Builder
	section := func(label string) { b.WriteString(st.Label.Render(label) + "\n") }

	section("Customer")
	b.WriteString(st.Strong.Render(wrap(e.link.CustomerID, w)) + "\n")
	if line := m.lookupLine(e); line != "" {
		b.WriteString(line + "\n")
	}
	b.WriteString("\n")

	if e.unsafe != nil {
		b.WriteString(e.expiresLine(st, m.now, w))
		return b.String()
	}
	section("Link host")
	if e.host.Expected {
		b.WriteString(st.Host.Render(e.host.Host) + "  " + st.StatusOK.Render("✓ expected") + "\n")
	} else {
		b.WriteString(st.HostWarning.Render(wrap(e.host.Host, w)) + "\n")
		why := ""
		if e.host.Unusual != "" {
			why = "it is " + e.host.Unusual + "; "
		}
		want := strings.Join(m.o.ExpectedHosts, ", ")
		b.WriteString(st.HostWarning.Render(wrap("⚠ Not an expected host ("+want+"): "+why+"check before sending.", w)) + "\n")
	}
	b.WriteString("\n")
	if !m.lay.linkBelow {
		b.WriteString(m.linkSection(e, w) + "\n\n")
	}

	section("Expires")
	b.WriteString(e.expiresLine(st, m.now, w) + "\n")
	if !e.link.HasExpiry() {
		return strings.TrimSuffix(b.String(), "\n") // nothing to count, nothing to convert
	}
	local, utc := client.FormatExpiry(e.link.ExpiresAt, m.o.Location)
	b.WriteString(st.Value.Render(local))
	if utc != "" {
		b.WriteString("\n" + st.Muted.Render(utc))
	}
	if note := client.ClockNote(e.link); note != "" {
		b.WriteString("\n" + st.Muted.Render(wrap(note, w)))
	}
	return b.String()
}

// lookupLine is what the lookup said of the link's customer, in a line:
// the card's summary, or why there is no card.
func (m Model) lookupLine(e *entry) string {
	switch {
	case m.cust != nil && m.cust.ID == e.link.CustomerID:
		return m.st.Muted.Render(wrap(m.summaryLine(m.cust), m.lay.detailsW))
	case m.lookupErr != nil && m.lookupFor == e.link.CustomerID:
		return m.st.StatusWarning.Render(wrap("Not looked up ("+m.lookupErr.Heading()+"): the link was made without the card.", m.lay.detailsW))
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

package ui

import (
	"strings"

	"github.com/kyclink/kyclink/client"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

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
	return indent(lipgloss.JoinHorizontal(lipgloss.Top, col.Render(details), m.lay.qr))
}

// detailsView is the link's facts, w cells wide.
func (m Model) detailsView(e *entry, w int) string {
	st := m.st
	var b strings.Builder
	section := func(label string) { b.WriteString(st.Label.Render(label) + "\n") }

	section("Customer")
	b.WriteString(st.Strong.Render(wrap(e.link.CustomerID, w)) + "\n\n")

	if e.unsafe != nil {
		b.WriteString(st.HostWarning.Render(wrap("✖ Link refused: "+e.unsafe.Error(), w)))
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
	if e.usable(m.now) {
		section("Link")
		b.WriteString(hyperlinkLines(e.link.URL, w, st.Link) + "\n\n")
	} else { // still readable for the record, but not clickable and marked
		section("Link (no longer valid: do not send)")
		b.WriteString(st.Subtle.Render(ansi.Hardwrap(e.link.URL, w, false)) + "\n\n")
	}

	section("Expires")
	left := e.link.Remaining(m.now)
	switch e.state(m.now) {
	case stateSuperseded:
		b.WriteString(st.Expired.Render("↺ SUPERSEDED: a newer link exists; this one may no longer work") + "\n")
	case stateExpired:
		b.WriteString(st.Expired.Render("✖ EXPIRED · r regenerates") + "\n")
	case stateDanger:
		b.WriteString(st.CountdownDanger.Render("‼ in "+client.FormatRemaining(left)+" (under 1 hour)") + "\n")
	case stateExpiring:
		b.WriteString(st.CountdownWarning.Render("⚠ in "+client.FormatRemaining(left)+" (under 24 hours)") + "\n")
	default:
		b.WriteString(st.Countdown.Render("in "+client.FormatRemaining(left)) + "\n")
	}
	local, utc := client.FormatExpiry(e.link.ExpiresAt, m.o.Location)
	b.WriteString(st.Value.Render(local) + "\n" + st.Muted.Render(utc))
	if note := client.ClockNote(e.link); note != "" {
		b.WriteString("\n" + st.Muted.Render(wrap(note, w)))
	}
	return b.String()
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

package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/kyclink/kyclink/client"
)

func (m Model) inputView() string {
	w := m.width - margin
	var b strings.Builder
	b.WriteString(m.st.Label.Render("Customer ID") + "\n")
	b.WriteString(m.input.View() + "\n")
	if m.fieldErr != "" {
		b.WriteString(m.st.FieldError.Render(bullet("✖", m.fieldErr, w)) + "\n")
	}
	if m.fieldWarn != "" {
		b.WriteString(m.st.FieldWarning.Render(bullet("⚠", m.fieldWarn, w)) + "\n")
	}
	for _, d := range m.idErrs {
		b.WriteString(m.st.FieldError.Render(bullet("✖", "Sphere: "+d, w)) + "\n")
	}
	b.WriteString("\n")
	b.WriteString(m.st.Muted.Render(wrap("Paste or type the customer's ID and press Enter. Each request makes a new link; the previous one may stop working.", w)))
	if n := len(m.history); n > 0 {
		b.WriteString("\n\n" + m.st.Muted.Render(fmt.Sprintf("%d %s made in this session: tab shows them.", n, plural(n, "link", "links"))))
	}
	return indent(b.String())
}

func (m Model) loadingView() string {
	elapsed := int(m.now.Sub(m.started).Seconds())
	line := m.spin.View() + m.st.Value.Render("Regenerating link for ") + m.st.Strong.Render(m.pending)
	return indent(line + "\n\n" + m.st.Muted.Render(fmt.Sprintf("%ds elapsed · esc cancels", elapsed)))
}

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
	b.WriteString(st.Strong.Render(e.link.CustomerID) + "\n\n")

	if e.unsafe != nil {
		b.WriteString(st.HostWarning.Render(wrap("✖ Link refused: "+e.unsafe.Error(), w)))
		return b.String()
	}
	section("Link host")
	if e.expected {
		b.WriteString(st.Host.Render(e.host) + "  " + st.StatusOK.Render("✓ expected") + "\n")
	} else {
		b.WriteString(st.HostWarning.Render(e.host) + "\n")
		want := strings.Join(m.o.ExpectedHosts, ", ")
		b.WriteString(st.HostWarning.Render(wrap("⚠ Not an expected host ("+want+"): check before sending.", w)) + "\n")
	}
	b.WriteString("\n")
	section("Link")
	b.WriteString(hyperlinkLines(e.link.URL, w, st.Link) + "\n\n")

	section("Expires")
	left := e.link.Remaining(m.now)
	switch e.state(m.now) {
	case stateSuperseded:
		b.WriteString(st.Expired.Render("↺ SUPERSEDED: a newer link exists; this one may no longer work") + "\n")
	case stateExpired:
		b.WriteString(st.Expired.Render("✖ EXPIRED · r regenerates") + "\n")
	case stateDanger:
		b.WriteString(st.CountdownDanger.Render("‼ in "+FormatRemaining(left)+" (under 1 hour)") + "\n")
	case stateExpiring:
		b.WriteString(st.CountdownWarning.Render("⚠ in "+FormatRemaining(left)+" (under 24 hours)") + "\n")
	default:
		b.WriteString(st.Countdown.Render("in "+FormatRemaining(left)) + "\n")
	}
	local, utc := FormatExpiry(e.link.ExpiresAt, m.o.Location)
	b.WriteString(st.Value.Render(local) + "\n" + st.Muted.Render(utc))
	return b.String()
}

func (m Model) errorView() string {
	e, st, w := m.failure, m.st, m.width-margin
	head := "✖ " + e.Kind.Title()
	if e.Status != 0 {
		head += fmt.Sprintf(" · HTTP %d", e.Status)
	}
	sections := []string{st.ErrorTitle.Render(head)}
	var what []string
	if e.Title != "" && e.Title != e.Detail {
		what = append(what, st.Strong.Render(wrap(e.Title, w)))
	}
	if e.Detail != e.Kind.Title() {
		what = append(what, st.Value.Render(wrap(e.Detail, w)))
	}
	if len(what) > 0 {
		sections = append(sections, strings.Join(what, "\n"))
	}
	if len(e.Errors) > 0 {
		var fields []string
		for _, fe := range e.Errors {
			line := fe.Detail
			if f := fe.Field(); f != "" {
				line = st.ErrorField.Render(f) + st.Muted.Render(" → ") + fe.Detail
			}
			fields = append(fields, bullet("•", line, w))
		}
		sections = append(sections, strings.Join(fields, "\n"))
	}
	row := func(label, value string) string {
		return st.Label.Render(fmt.Sprintf("%-16s", label)) + st.Value.Render(value)
	}
	facts := []string{row("Customer", m.failedID)}
	if e.Code != "" {
		facts = append(facts, row("Code", e.Code))
	}
	if e.CorrelationID != "" {
		facts = append(facts, row("Correlation ID", e.CorrelationID+st.Muted.Render("  (y copies it)")))
	}
	sections = append(sections, strings.Join(facts, "\n"))
	if hint := hintFor(e.Kind, m.o.Environment); hint != "" {
		sections = append(sections, st.Muted.Render(wrap(hint, w)))
	}
	return indent(strings.Join(sections, "\n\n"))
}

// hintFor says what an agent can do about a kind of failure.
func hintFor(k client.Kind, env Environment) string {
	switch k {
	case client.KindAuth:
		if env.Kind == EnvDemo {
			return "This demo customer always answers so; any other ID works."
		}
		if env.Kind == EnvProduction || env.Kind == EnvSandbox {
			return fmt.Sprintf("Check that SPHERE_API_KEY is a %s key and still active.", strings.ToLower(env.Name()))
		}
		return fmt.Sprintf("Check that SPHERE_API_KEY is the key for %s.", env.Host)
	case client.KindNotFound:
		return "Check the ID against the customer's record: n edits it."
	case client.KindValidation, client.KindRejected:
		return "Sphere refused this request; retrying the same will not help until the customer's data is fixed."
	case client.KindRateLimited:
		return "Sphere is limiting requests: wait a moment, then r retries."
	case client.KindUnavailable:
		return "Sphere had a problem: r retries safely (same idempotency key)."
	case client.KindNetwork, client.KindTimeout:
		return "Check the network, VPN or proxy; r retries safely (same idempotency key)."
	case client.KindBadResponse:
		return "kyclink refused Sphere's answer to keep the customer safe: nothing was shown or copied."
	}
	return ""
}

func (m Model) historyView() string {
	st := m.st
	var b strings.Builder
	b.WriteString(st.Label.Render("Links made in this session, newest first") + "\n\n")
	rows := max(m.lay.bodyH-2, 1)
	first := max(0, m.cursor-rows+1)
	for i := first; i < len(m.history) && i < first+rows; i++ {
		e := m.history[i]
		mark, style := "  ", st.HistoryRow
		if i == m.cursor {
			mark, style = "▸ ", st.HistorySelected
		}
		b.WriteString(style.Render(mark+e.link.CustomerID+"  ") + m.stateLabel(e) + "\n")
	}
	return indent(strings.TrimRight(b.String(), "\n"))
}

// stateLabel is an entry's state in words, glyph and colour.
func (m Model) stateLabel(e *entry) string {
	left := FormatRemaining(e.link.Remaining(m.now))
	switch {
	case e.unsafe != nil:
		return m.st.Expired.Render("✖ refused")
	}
	switch e.state(m.now) {
	case stateSuperseded:
		return m.st.Muted.Render("↺ superseded")
	case stateExpired:
		return m.st.Expired.Render("✖ expired")
	case stateDanger:
		return m.st.CountdownDanger.Render("‼ expiring  " + left)
	case stateExpiring:
		return m.st.CountdownWarning.Render("⚠ expiring  " + left)
	}
	return m.st.Countdown.Render("● valid     " + left)
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

// wrap word-wraps plain text to w cells, breaking long words.
func wrap(s string, w int) string {
	if w < 1 {
		return s
	}
	return ansi.Wrap(s, w, " /")
}

// bullet wraps text behind a one-cell glyph with a hanging indent.
func bullet(glyph, text string, w int) string {
	return glyph + " " + strings.ReplaceAll(wrap(text, w-2), "\n", "\n  ")
}

func wrapLines(s string, w int) []string {
	if s == "" {
		return nil
	}
	return strings.Split(wrap(s, w), "\n")
}

func truncate(s string, w int) string { return ansi.Truncate(s, max(w, 0), "") }

// sanitizeOneLine prepares non-server text (an OS error) for one line.
func sanitizeOneLine(s string) string {
	return strings.Join(strings.Fields(client.Sanitize(s)), " ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

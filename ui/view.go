package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/kyclink/kyclink/client"
)

// Layout constants, in cells.
const (
	margin        = 1  // left margin of every line
	gap           = 2  // between details and QR code
	detailsMinW   = 41 // a customer ID fits on one line
	detailsMaxW   = 72
	headerHeight  = 2 // header line and a blank line
	maxStatusRows = 2
)

// layout is how the result screen is arranged: decided in Update, read in
// View.
type layout struct {
	tooSmall bool
	qr       string // painted code, "" when not shown
	stacked  bool
	detailsW int
	qrNotice string
	bodyH    int
}

// relayout decides the arrangement for the current window and state, and
// paints the QR code variant it picks (once per link and variant).
func (m *Model) relayout() {
	m.lay = layout{bodyH: m.height - headerHeight - m.footerHeight()}
	if m.width < minWidth || m.height < minHeight {
		m.lay.tooSmall = true
		return
	}
	if m.screen != screenResult || m.current == nil {
		return
	}
	e, full := m.current, m.width-margin
	m.lay.detailsW = min(full, detailsMaxW)
	switch state := e.state(m.now); {
	case len(e.link.URL) > client.MaxLinkLen:
		m.lay.qrNotice = fmt.Sprintf("No QR code: the link is too long for a QR code (%d characters) and was refused.", len(e.link.URL))
	case e.unsafe != nil:
		m.lay.qrNotice = "No QR code: " + e.unsafe.Error() + "."
	case state == stateExpired:
		m.lay.qrNotice = "QR code removed: the link has expired."
	case state == stateSuperseded:
		m.lay.qrNotice = "No QR code: a newer link exists for this customer."
	case !m.showQR:
		m.lay.qrNotice = "QR code hidden (s shows it)."
	case e.qr.tooLong:
		m.lay.qrNotice = "The link is too long for a QR code: copy it with c."
	default:
		m.placeQR(e, full)
	}
}

// placeQR puts the code beside the details when the window is wide, under
// them when it is tall, and otherwise says how big the window must be.
func (m *Model) placeQR(e *entry, full int) {
	side, sideOK := e.qr.fit(full-detailsMinW-gap, m.lay.bodyH)
	detailsH := lipgloss.Height(m.detailsView(e, m.lay.detailsW))
	stack, stackOK := e.qr.fit(full, m.lay.bodyH-detailsH-1)
	switch {
	case sideOK && (!stackOK || rank(side) <= rank(stack)):
		w, _, _ := e.qr.dims(side)
		m.lay.qr = e.qr.paint(side)
		m.lay.detailsW = min(full-w-gap, detailsMaxW)
	case stackOK:
		m.lay.qr, m.lay.stacked = e.qr.paint(stack), true
	default:
		w, h := e.qr.smallest()
		needW := max(minWidth, margin+detailsMinW+gap+w)
		needH := max(minHeight, m.height-m.lay.bodyH+h)
		m.lay.qrNotice = fmt.Sprintf("Enlarge the window to %d×%d for the QR code.", needW, needH)
	}
}

func rank(v qrVariant) int {
	for i, p := range qrPreference {
		if p == v {
			return i
		}
	}
	return len(qrPreference)
}

// View implements tea.Model. It only lays out what Update prepared, and
// never grows taller than the window.
func (m Model) View() string {
	if m.width == 0 {
		return "" // no size yet: the first WindowSizeMsg follows at once
	}
	if m.lay.tooSmall {
		return m.tooSmallView()
	}
	body := m.bodyView()
	footer := m.footerView()
	bodyLines := strings.Split(body, "\n")
	if len(bodyLines) > m.lay.bodyH && m.lay.bodyH > 0 {
		// Never silently cut: say there is more (a very long link, say).
		bodyLines = bodyLines[:m.lay.bodyH]
		bodyLines[m.lay.bodyH-1] = indent(m.st.StatusWarning.Render("↓ more below: enlarge the window to see it all"))
	}
	for len(bodyLines) < m.lay.bodyH {
		bodyLines = append(bodyLines, "")
	}
	return m.headerView() + "\n\n" + strings.Join(bodyLines, "\n") + "\n" + footer
}

func (m Model) tooSmallView() string {
	msg := fmt.Sprintf("Window too small: %d×%d.\nkyclink needs at least %d×%d.\nEverything is kept: enlarge the window to go on.",
		m.width, m.height, minWidth, minHeight)
	return lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center,
		m.st.Strong.Render(msg), lipgloss.WithWhitespaceChars(" "))
}

func (m Model) headerView() string {
	env := m.o.Environment
	badge := m.st.BadgeDemo
	switch env.Kind {
	case client.EnvProduction:
		badge = m.st.BadgeProduction
	case client.EnvSandbox:
		badge = m.st.BadgeSandbox
	case client.EnvCustom:
		badge = m.st.BadgeCustom
	}
	line := m.st.AppName.Render("kyclink") + "  " + badge.Render(env.Name())
	if env.Host != "" {
		line += "  " + m.st.HeaderHost.Render(env.Host)
	}
	return indent(line)
}

func (m Model) bodyView() string {
	switch m.screen {
	case screenLoading:
		return m.loadingView()
	case screenResult:
		return m.resultView()
	case screenError:
		return m.errorView()
	case screenHistory:
		return m.historyView()
	}
	return m.inputView()
}

// footerHeight is the rows the status line and help take.
func (m *Model) footerHeight() int {
	return len(m.statusLines()) + lipgloss.Height(m.helpView())
}

func (m Model) footerView() string {
	lines := append(m.statusLines(), m.helpView())
	return strings.Join(lines, "\n")
}

// statusLines is the status or confirmation, wrapped to at most two rows.
func (m Model) statusLines() []string {
	var text string
	style := m.st.StatusWarning
	switch {
	case m.confirmID != "" && m.screen == screenInput:
		text, style = "This customer has a valid link from this session. Make a new one? It may stop the current link working. y/enter yes · n/esc no", m.st.Confirm
	case m.confirmID != "":
		text, style = "Regenerate? The current link may stop working. y/enter yes · n/esc no", m.st.Confirm
	case m.status != "":
		text = m.status
		if m.statusOK {
			style = m.st.StatusOK
		}
	default:
		return []string{""}
	}
	lines := wrapLines(text, max(m.width-margin, 10))
	if len(lines) > maxStatusRows {
		lines = lines[:maxStatusRows]
		lines[maxStatusRows-1] = truncate(lines[maxStatusRows-1], m.width-margin-1) + "…"
	}
	for i, l := range lines {
		lines[i] = indent(style.Render(l))
	}
	return lines
}

func (m Model) helpView() string {
	return indent(m.help.View(m.keys.helpFor(m.screen, m.confirmID != "")))
}

// indent adds the left margin to every line.
func indent(s string) string {
	pad := strings.Repeat(" ", margin)
	return pad + strings.ReplaceAll(s, "\n", "\n"+pad)
}

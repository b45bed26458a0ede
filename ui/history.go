package ui

import (
	"strings"

	"github.com/kyclink/kyclink/client"

	"github.com/charmbracelet/x/ansi"
)

// stateLabelWidth is the widest state label: "⚠ expiring  27d 23h 59m 59s".
const stateLabelWidth = 28

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
		// The state matters more than the tail of an unusually long ID.
		id := ansi.Truncate(e.link.CustomerID, max(m.width-margin-len(mark)-2-stateLabelWidth, 10), "…")
		b.WriteString(style.Render(mark+id+"  ") + m.stateLabel(e) + "\n")
	}
	return indent(strings.TrimRight(b.String(), "\n"))
}

// stateLabel is an entry's state in words, glyph and colour.
func (m Model) stateLabel(e *entry) string {
	left := client.FormatRemaining(e.link.Remaining(m.now))
	if e.unsafe != nil {
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

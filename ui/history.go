// This file owns the history screen: the links made in this session, newest
// first, each with its state, and the keys that move among them.

package ui

import (
	"fmt"

	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// stateLabelWidth is the widest state label: "● valid    no expiry".
const stateLabelWidth = 20

func (m *Model) openHistory() {
	if len(m.sess.history) == 0 {
		m.setStatus("No links yet in this session.", false)
		return
	}
	m.from, m.screen, m.status = m.screen, screenHistory, ""
	m.sess.cursor = min(m.sess.cursor, len(m.sess.history)-1)
	m.field.input.Blur()
}

func (m *Model) historyKey(msg tea.KeyMsg) tea.Cmd {
	s := &m.sess
	switch {
	case key.Matches(msg, m.keys.Up):
		s.cursor = max(s.cursor-1, 0)
	case key.Matches(msg, m.keys.Down):
		s.cursor = min(s.cursor+1, len(s.history)-1)
	case key.Matches(msg, m.keys.Open):
		m.current = s.history[s.cursor]
		m.screen, m.status = screenResult, ""
		m.field.input.SetValue(m.current.link.CustomerID)
	case key.Matches(msg, m.keys.Back):
		m.screen = m.from
		if m.from == screenInput {
			m.field.input.Focus()
		}
	}
	return nil
}

func (m Model) historyView() string {
	st, s := m.st, m.sess
	var b strings.Builder
	b.WriteString(st.Label.Render("Links made in this session, newest first") + "\n\n")
	rows := max(m.lay.bodyH-4, 1) // the title, a blank row, and a mark row above and below
	first := max(0, s.cursor-rows+1)
	last := min(len(s.history), first+rows)
	b.WriteString(historyMark(st.Muted, first, "↑ %d newer") + "\n")
	// Fixed columns: made, kind, ID (its middle cut out where it must be,
	// padded to one width), state.
	idW := max(m.width-margin-2-len("15:04 ")-kindWidth-2-2-stateLabelWidth, 10) // 2: the cursor mark
	// No wider than the longest ID, so the state stays near it; names
	// where the window has room beside a whole ID, never at its cost.
	longest := 0
	for _, e := range s.history {
		longest = max(longest, ansi.StringWidth(e.link.CustomerID))
	}
	idW = min(idW, longest)
	nameW := min(m.width-margin-2-len("15:04 ")-kindWidth-2-2-stateLabelWidth-idW-2, 24)
	if nameW < 8 {
		nameW = 0
	}
	for i := first; i < last; i++ {
		e := s.history[i]
		mark, style := "  ", st.HistoryRow
		if i == s.cursor {
			mark, style = "▸ ", st.HistorySelected
		}
		made := e.link.ReceivedAt.In(m.o.Location).Format("15:04")
		id := padRight(elideMiddle(e.link.CustomerID, idW), idW)
		if nameW > 0 {
			id = padRight(ansi.Truncate(e.name, nameW, "…"), nameW) + "  " + id
		}
		b.WriteString(style.Render(mark+made+" "+padRight(e.kind(), kindWidth)+"  "+id+"  ") + e.stateLabel(st, m.now) + "\n")
	}
	b.WriteString(historyMark(st.Muted, len(s.history)-last, "↓ %d older"))
	return indent(strings.TrimRight(b.String(), "\n"))
}

// kindWidth is the widest kind label in the history.
const kindWidth = len("terms")

// historyMark says how many rows are out of view, "" when none are.
func historyMark(style lipgloss.Style, n int, format string) string {
	if n <= 0 {
		return ""
	}
	return style.Render(fmt.Sprintf(format, n))
}

// padRight pads s with spaces to w cells.
func padRight(s string, w int) string {
	return s + strings.Repeat(" ", max(w-ansi.StringWidth(s), 0))
}

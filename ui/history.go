// This file owns the history screen: the links made in this session, newest
// first, each with its state, and the keys that move among them.

package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// stateLabelWidth is the widest state label: "⚠ expiring  27d 23h 59m 59s".
const stateLabelWidth = 28

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
	rows := max(m.lay.bodyH-2, 1)
	first := max(0, s.cursor-rows+1)
	for i := first; i < len(s.history) && i < first+rows; i++ {
		e := s.history[i]
		mark, style := "  ", st.HistoryRow
		if i == s.cursor {
			mark, style = "▸ ", st.HistorySelected
		}
		// The state matters more than the tail of an unusually long ID.
		id := ansi.Truncate(e.link.CustomerID, max(m.width-margin-len(mark)-2-stateLabelWidth, 10), "…")
		b.WriteString(style.Render(mark+id+"  ") + e.stateLabel(st, m.now) + "\n")
	}
	return indent(strings.TrimRight(b.String(), "\n"))
}

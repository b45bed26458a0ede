// This file owns the question asked before a new request replaces a link
// that can still be sent.

package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

func (m *Model) confirmKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Yes):
		id := m.confirmID
		m.confirmID = ""
		return m.submit(id, "")
	case key.Matches(msg, m.keys.No):
		m.confirmID = ""
		m.setStatus("Kept the current link.", true)
	}
	return nil
}

// confirmQuestion is the question in the status line.
func (m Model) confirmQuestion() string {
	if m.screen == screenInput {
		return "This customer has a valid link from this session. Make a new one? It may stop the current link working."
	}
	return "Regenerate? The current link may stop working."
}

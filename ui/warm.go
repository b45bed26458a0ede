// This file owns when the app asks for the connection to Sphere to be
// opened ahead of a request: as a screen that leads to one appears, and
// as the agent starts typing again after a pause.

package ui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// warmAgain is the pause after which an edit of the field asks again: the
// server may have closed the connection meanwhile. Asking while one is
// open costs the client nothing; the pause only keeps the asks few.
const warmAgain = 5 * time.Second

// warmAfter asks for a warm-up when the message just handled made a
// request likely: the input screen or a question that would send
// appeared, or the field changed after a pause. prev, wasAsking and
// prevValue are the screen, question and field before the message.
func (m *Model) warmAfter(prev screen, wasAsking bool, prevValue string) tea.Cmd {
	appeared := m.screen == screenInput && prev != screenInput || m.confirm.asking() && !wasAsking
	typed := m.screen == screenInput && m.field.input.Value() != prevValue && m.now.Sub(m.warmedAt) >= warmAgain
	if !appeared && !typed {
		return nil
	}
	return m.warm()
}

// warm is the command that calls Options.Warm, off the Update loop; nil
// without the hook.
func (m *Model) warm() tea.Cmd {
	if m.o.Warm == nil {
		return nil
	}
	m.warmedAt = m.now
	warm := m.o.Warm
	return func() tea.Msg {
		warm()
		return nil
	}
}

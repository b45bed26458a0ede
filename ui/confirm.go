// This file owns the question asked before a new request replaces a link
// that can still be sent: show the current link (the default), make a new
// one, or cancel.

package ui

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kyclink/kyclink/client"
)

// ask starts the question for a customer whose link can still be sent.
func (m *Model) ask(customerID string) { m.confirmID = customerID }

func (m *Model) confirmKey(msg tea.KeyMsg) tea.Cmd {
	id := m.confirmID
	switch {
	case key.Matches(msg, m.keys.Yes):
		m.confirmID = ""
		return m.submit(id, "")
	case m.screen == screenInput && key.Matches(msg, m.keys.ShowCurrent):
		m.confirmID = ""
		m.current, m.screen = m.sess.usableLink(id, m.now), screenResult
		m.field.input.Blur()
		m.setStatus("The link made earlier, still valid: c copies it.", true)
	case key.Matches(msg, m.keys.No), m.screen == screenResult && key.Matches(msg, m.keys.Keep):
		m.confirmID = ""
		m.setStatus("Kept the current link.", true)
	}
	return nil
}

// confirmQuestion is the question in the status line; its keys are in the
// help bar below it.
func (m Model) confirmQuestion() string {
	left := "?"
	if e := m.sess.usableLink(m.confirmID, m.now); e != nil {
		left = client.FormatRemaining(e.link.Remaining(m.now))
	}
	if m.screen == screenInput {
		return fmt.Sprintf("This customer already has a link from this session, valid for %s more. Show it, or make a new one? A new one may stop the current one working.", left)
	}
	return fmt.Sprintf("Make a new link? The current one (valid for %s more) may stop working.", left)
}

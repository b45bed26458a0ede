// This file owns the question asked before a new request replaces a link
// that can still be sent: one of this session, or one the record of links
// says was made earlier today.

package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kyclink/kyclink/client"
)

func (m *Model) confirmKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Yes):
		id := m.confirmID
		m.confirmID = ""
		return m.submit(id, "")
	case key.Matches(msg, m.keys.No):
		if m.current == nil && !m.hasUsableLink(m.confirmID) {
			m.setStatus("No new link made.", true)
		} else {
			m.setStatus("Kept the current link.", true)
		}
		m.confirmID = ""
	}
	return nil
}

// confirmQuestion is the question in the status line.
func (m Model) confirmQuestion() string {
	if m.screen == screenInput {
		if made, expires, ok := m.earlier(m.confirmID); ok && !m.hasUsableLink(m.confirmID) {
			left := strings.Fields(client.FormatRemaining(expires.Sub(m.now)))
			return fmt.Sprintf("A link was made at %s, expires in %s. It is not kept here: make a new one? It may stop that link working. y/enter yes · n/esc no",
				made.In(m.o.Location).Format("15:04"), strings.Join(left[:min(2, len(left))], " "))
		}
		return "This customer has a valid link from this session. Make a new one? It may stop the current link working. y/enter yes · n/esc no"
	}
	return "Regenerate? The current link may stop working. y/enter yes · n/esc no"
}

// shouldAsk reports whether a new request for a customer could replace a
// link that can still be sent: one of this session, or an earlier one.
func (m *Model) shouldAsk(customerID string) bool {
	_, _, ok := m.earlier(customerID)
	return ok || m.hasUsableLink(customerID)
}

// earlier is Options.Earlier's link for a customer, while it is valid.
func (m Model) earlier(customerID string) (made, expires time.Time, ok bool) {
	if m.o.Earlier == nil {
		return
	}
	made, expires, ok = m.o.Earlier(customerID)
	return made, expires, ok && expires.After(m.now)
}

// notice puts Options.Notice's news, if any, in the status line.
func (m *Model) notice() {
	if m.o.Notice != nil {
		if s := m.o.Notice(); s != "" {
			m.setStatus(sanitizeOneLine(s), false)
		}
	}
}

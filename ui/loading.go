// This file owns the loading screen: what the agent sees and can do while a
// request is in flight.

package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kyclink/kyclink/client"
)

func (m *Model) loadingKey(msg tea.KeyMsg) tea.Cmd {
	if key.Matches(msg, m.keys.Cancel) && m.req.act == actSendCode {
		m.stopRequest()
		m.screen = screenCustomer // the card the code was asked from
		m.setStatus("Cancelled. The code may still have been sent.", false)
		return nil
	}
	if key.Matches(msg, m.keys.Cancel) {
		m.stopRequest()
		m.toInput(false)
		m.setStatus("Cancelled. Sphere may still have made a new link; submit again to be sure.", false)
	}
	return nil // Enter and r do nothing while a request is in flight
}

func (m Model) loadingView() string {
	elapsed := int(m.now.Sub(m.req.started).Seconds())
	prefix := m.req.doing()
	avail := m.width - margin - 2 // the spinner's two cells
	line := m.spin.View() + m.st.Value.Render(prefix)
	if len(prefix)+len(m.req.id) <= avail {
		line += m.st.Strong.Render(m.req.id)
	} else { // an unusually long ID goes on lines of its own
		line += "\n  " + strings.ReplaceAll(m.st.Strong.Render(wrap(m.req.id, avail)), "\n", "\n  ")
	}
	out := line + "\n\n" + m.st.Muted.Render(fmt.Sprintf("%ds elapsed", elapsed))
	if r := m.req.retry; r != nil {
		same := "" // a lookup or a search is a GET: no key to repeat
		if m.req.idemKey != "" {
			same = ", same idempotency key"
		}
		out += "\n\n" + m.st.StatusWarning.Render(wrap(fmt.Sprintf("⚠ %s: trying again %s (attempt %d of %d%s).",
			r.Cause.Heading(), client.FormatRetryWait(r.Wait, client.FormatRemaining), r.Attempt, r.MaxAttempts, same), m.width-margin))
	}
	return indent(out)
}

// doing is what the request is doing, before its customer ID or search:
// the loading screen's words and line mode's.
func (r request) doing() string {
	if kind, ok := r.act.linkKind(); ok { // each request makes a new one
		return "Making a new " + kind.String() + " for "
	}
	switch r.act {
	case actSendCode:
		return "Sending a verification code by " + r.by + " to "
	case actLookup:
		return "Looking up "
	case actSearch:
		return "Searching for "
	}
	return ""
}

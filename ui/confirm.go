// This file owns the questions asked before a link request: when a new link
// would replace one that can still be sent (show the current link, the
// default; make a new one; or cancel), and when Sphere says the customer
// needs no such link (make one anyway, or not); and before an unusual
// customer ID is sent at all.

package ui

import (
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kyclink/kyclink/client"
)

// confirmation is the question on screen; the zero value is none.
type confirmation struct {
	id   string          // the customer
	kind client.LinkKind // the link a yes would make
	// why is what Sphere says of the customer that makes a link needless
	// ("Already verified: no link needed"); "" when a usable link of the
	// kind exists instead.
	why string
	// recorded is set when that link is known only from the record of
	// links (made earlier today, in this run or another): it is not kept,
	// so it cannot be shown again.
	recorded bool
	// unusual says why the ID is not as typed or not of the usual shape
	// (customer_ added, one digit short): the question is then whether to
	// look it up at all.
	unusual string
	// code is set when the question is about a second verification code
	// (client.CodeByEmail or CodeByPhone): why is then the whole question.
	code string
}

func (c confirmation) asking() bool { return c.id != "" }

// requestLink makes a link of a kind, first asking when the session holds
// one that can still be sent: each request may replace it.
func (m *Model) requestLink(kind client.LinkKind, id string) tea.Cmd {
	if m.protects(id, kind) {
		m.confirm = confirmation{id: id, kind: kind, recorded: m.sess.usableLink(id, kind, m.now) == nil}
		if m.screen == screenLoading { // after a lookup: ask where the ID was typed
			m.screen = screenInput
		}
		return nil
	}
	return m.makeLink(kind, id, "")
}

// makeLink sends the link request. idemKey is reused by a retry.
func (m *Model) makeLink(kind client.LinkKind, id, idemKey string) tea.Cmd {
	m.field.input.SetValue(id)
	return m.start(linkActs[kind], id, 0, idemKey)
}

func (m *Model) confirmKey(msg tea.KeyMsg) tea.Cmd {
	c := m.confirm
	if c.unusual != "" {
		return m.confirmUnusual(msg)
	}
	switch {
	case key.Matches(msg, m.keys.Yes) && c.code != "":
		m.confirm = confirmation{}
		return m.sendCode(c.id, c.code)
	case c.code != "" && key.Matches(msg, m.keys.KeepCode):
		m.confirm = confirmation{}
		m.setStatus("No new code sent: the first one stays valid.", true)
	case key.Matches(msg, m.keys.Yes):
		m.confirm = confirmation{}
		return m.makeLink(c.kind, c.id, "")
	case c.why == "" && !c.recorded && m.screen == screenInput && key.Matches(msg, m.keys.ShowCurrent):
		m.confirm = confirmation{}
		m.current, m.screen = m.sess.usableLink(c.id, c.kind, m.now), screenResult
		m.field.input.Blur()
		m.setStatus("The link made earlier, still valid: c copies it.", true)
	case key.Matches(msg, m.keys.No), m.screen != screenInput && key.Matches(msg, m.keys.Keep):
		m.confirm = confirmation{}
		switch kept := m.sess.usableLink(c.id, c.kind, m.now); {
		case c.why == "" && !c.recorded && m.screen != screenInput && kept != nil:
			m.current, m.screen = kept, screenResult // keeping it means showing it
			m.setStatus("Kept the current link: c copies it.", true)
		case c.why == "" && !c.recorded:
			m.setStatus("Kept the current link.", true)
		default:
			m.setStatus("No new link made.", true)
		}
	}
	return nil
}

// confirmUnusual answers the question about an unusual ID: only y sends it.
func (m *Model) confirmUnusual(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.LookUpAnyway):
		id := m.confirm.id
		m.confirm = confirmation{}
		return m.lookup(id)
	case key.Matches(msg, m.keys.No):
		m.field.warn = m.confirm.unusual + "."
		m.confirm = confirmation{}
		m.setStatus("Nothing was sent: edit the ID.", false)
	}
	return nil
}

// confirmQuestion is the question in the status line; its keys are in the
// help bar below it.
func (m Model) confirmQuestion() string {
	c := m.confirm
	if c.unusual != "" {
		return c.unusual + ". Look it up?"
	}
	if c.code != "" {
		return c.why
	}
	if c.why != "" {
		return fmt.Sprintf("%s. Make a %s anyway?", c.why, c.kind)
	}
	if made, expires, ok := m.earlier(c.id, c.kind); c.recorded && ok {
		valid := "its " + client.ExpiryNotStated
		if !expires.IsZero() {
			valid = "expires in " + m.durations(client.FormatRemainingShort)(expires.Sub(m.now))
		}
		return fmt.Sprintf("A %s was made%s at %s, %s. It is not kept here: make a new one? It may stop that link working.",
			c.kind, m.earlierBy(c.id, c.kind), made.In(m.o.Location).Format("15:04"), valid)
	}
	valid := "valid for ? more"
	if e := m.sess.usableLink(c.id, c.kind, m.now); e != nil {
		valid = e.validFor(m.now, m.durations(client.FormatRemaining))
	}
	if m.screen == screenInput {
		return fmt.Sprintf("This customer already has a %s from this session, %s. Show it, or make a new one that may stop it working?", c.kind, valid)
	}
	return fmt.Sprintf("Make a new %s? The current one (%s) may stop working.", c.kind, valid)
}

// durations is how this face words a duration: line mode says every
// duration in words, the screen in the form given.
func (m Model) durations(screen func(time.Duration) string) func(time.Duration) string {
	if m.o.Lines {
		return client.FormatRemainingWords
	}
	return screen
}

// protects reports whether a new link of a kind for a customer could
// replace one that can still be sent: this session's, or one the record of
// links says was made earlier today.
func (m *Model) protects(id string, kind client.LinkKind) bool {
	if m.sess.usableLink(id, kind, m.now) != nil {
		return true
	}
	_, _, ok := m.earlier(id, kind)
	return ok
}

// earlier is Options.Earlier's link of a kind for a customer, while it is
// valid; one whose expiry was not stated counts as a session's link does,
// for client.AssumedLife after it was made (Link.Reoffer).
func (m Model) earlier(customerID string, kind client.LinkKind) (made, expires time.Time, ok bool) {
	if m.o.Earlier == nil {
		return
	}
	made, expires, ok = m.o.Earlier(customerID, kind)
	return made, expires, ok && client.Link{ExpiresAt: expires, ReceivedAt: made}.Reoffer(m.now)
}

// earlierBy is " by NAME" when Options.EarlierBy names who made the
// earlier link, cleaned for the terminal (a gateway's text), else "".
func (m Model) earlierBy(customerID string, kind client.LinkKind) string {
	if m.o.EarlierBy == nil {
		return ""
	}
	if who := client.Sanitize(m.o.EarlierBy(customerID, kind)); who != "" {
		return " by " + who
	}
	return ""
}

// notice puts Options.Notice's news, if any, in the status line.
func (m *Model) notice() {
	if m.o.Notice != nil {
		if s := m.o.Notice(); s != "" {
			m.setStatus(sanitizeOneLine(s), false)
		}
	}
}

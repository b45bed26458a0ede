// This file owns the card's other helps: a verification code sent again by
// email (o) or phone (p), asked about before a second code while the first
// is valid, and the face verification link (f).

package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kyclink/kyclink/client"
)

// codeMsg is a code request's answer.
type codeMsg struct {
	seq    int
	id, by string
	sent   client.CodeSent
	err    error
}

// codeState is a code sent in this session: where it went and until when
// it is valid.
type codeState struct {
	sent client.CodeSent
	to   string    // the contact, masked
	at   time.Time // when the answer came
}

// Criteria the helps answer.
const (
	criterionEmailCode = "email_verification"
	criterionPhoneCode = "phone_verification"
	criterionLiveness  = "liveness_check"
)

// offers reports whether a profile of c still requires the criterion:
// what makes a help worth a key.
func offers(c *client.Customer, criterion string) bool {
	if c == nil {
		return false
	}
	for _, p := range c.Profiles {
		if slices.ContainsFunc(p.Criteria.Required, func(s string) bool { return strings.EqualFold(s, criterion) }) {
			return true
		}
	}
	return false
}

// helpKeys enables the card's o, p and f where the customer needs them
// and the client can do them.
func (m *Model) helpKeys() {
	c, can := m.cust, m.helper() != nil
	m.keys.SendEmail.SetEnabled(can && c != nil && c.Email != "" && offers(c, criterionEmailCode))
	m.keys.SendPhone.SetEnabled(can && c != nil && c.Phone != "" && offers(c, criterionPhoneCode))
	m.keys.FaceLink.SetEnabled(can && c != nil && !strings.EqualFold(c.Type, "business") && offers(c, criterionLiveness))
}

// helpKey handles o, p and f on the card; it reports whether the key was
// one of them.
func (m *Model) helpKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	c := m.cust
	switch {
	case key.Matches(msg, m.keys.SendEmail):
		return m.askCode(c.ID, client.CodeByEmail), true
	case key.Matches(msg, m.keys.SendPhone):
		return m.askCode(c.ID, client.CodeByPhone), true
	case key.Matches(msg, m.keys.FaceLink):
		return m.requestLink(client.LinkFace, c.ID), true
	}
	return nil, false
}

// askCode sends a code, first asking when one sent earlier is still
// valid: a second code makes the first useless.
func (m *Model) askCode(id, by string) tea.Cmd {
	if s, ok := m.validCode(id, by); ok {
		m.confirm = confirmation{id: id, code: by, why: fmt.Sprintf(
			"A code went by %s to %s at %s, valid until %s. A new one makes it useless: send another?",
			by, s.to, s.at.In(m.o.Location).Format("15:04"), s.sent.ExpiresAt.In(m.o.Location).Format("15:04"))}
		return nil
	}
	return m.sendCode(id, by)
}

// validCode is the latest code to the customer by a channel that is
// still valid: one sent in this session, or one the record of links
// says went earlier today (Options.EarlierCode), whichever is later.
func (m *Model) validCode(id, by string) (codeState, bool) {
	s, ok := m.codes[id+" "+by]
	if m.o.EarlierCode != nil {
		if at, expires, recorded := m.o.EarlierCode(id, by); recorded && (!ok || expires.After(s.sent.ExpiresAt)) {
			s, ok = codeState{sent: client.CodeSent{By: by, ExpiresAt: expires}, to: client.MaskContact(by, m.contact(id, by)), at: at}, true
		}
	}
	return s, ok && s.sent.ExpiresAt.After(m.now)
}

// contact is the card's email address or phone number of the customer,
// where a code by that channel goes; "" when the card is another's.
func (m *Model) contact(id, by string) string {
	if m.cust == nil || m.cust.ID != id {
		return ""
	}
	return m.cust.Contact(by)
}

// sendCode sends the request; it is never repeated by itself.
func (m *Model) sendCode(id, by string) tea.Cmd {
	return m.startRequest(request{act: actSendCode, id: id, by: by})
}

// handleCode shows where a code went, back on the card; a failure stays
// on the card too, said in the status line: the code may have gone.
func (m *Model) handleCode(msg codeMsg) tea.Cmd {
	if !m.settled(msg.seq) {
		return nil
	}
	m.screen = screenCustomer
	if msg.err != nil {
		again := m.keys.SendEmail
		if msg.by == client.CodeByPhone {
			again = m.keys.SendPhone
		}
		m.setStatus(fmt.Sprintf("Code not confirmed: %s. It may still have been sent; %s tries again.", errorHeading(msg.err), again.Help().Key), false)
		return nil
	}
	to := client.MaskContact(msg.sent.By, m.contact(msg.id, msg.sent.By))
	if m.codes == nil {
		m.codes = map[string]codeState{}
	}
	m.codes[msg.id+" "+msg.sent.By] = codeState{sent: msg.sent, to: to, at: m.now}
	m.setStatus(msg.sent.Said(to, m.now, m.o.Location), true)
	return nil
}

// helpsLine names the helps the card offers, "" when none: the short
// help bar has no room for them.
func (m Model) helpsLine() string {
	var helps []string
	for _, h := range []struct {
		b    key.Binding
		what string
	}{{m.keys.SendEmail, "o sends the email code"}, {m.keys.SendPhone, "p sends the phone code"}, {m.keys.FaceLink, "f makes the face verification link"}} {
		if h.b.Enabled() {
			helps = append(helps, h.what)
		}
	}
	if len(helps) == 0 {
		return ""
	}
	return "Also: " + strings.Join(helps, "; ") + "."
}

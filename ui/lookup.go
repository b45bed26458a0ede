// This file owns what Enter does with the field: a customer ID is looked
// up (read ahead while the agent is still on the field), an email address
// or a name is searched for; and what a lookup's answer leads to.

package ui

import (
	"context"
	"errors"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kyclink/kyclink/client"
)

// ahead is a lookup started while the agent is still on the field, as soon
// as it holds a well-formed customer ID, so Enter need not wait a round
// trip for it.
type ahead struct {
	id     string
	seq    int
	cancel context.CancelFunc
	msg    *customerMsg // the answer, once it came
}

// enter acts on what the agent typed, classified by the client: the key
// is refused and wiped, an attempt at an ID is checked as one (nothing is
// sent when it is malformed, an unusual one only after a yes, and it is
// never searched for), anything else is searched for.
func (m *Model) enter(in client.Input) tea.Cmd {
	m.field.validated = true
	switch {
	case in.Kind == client.InputKey:
		m.field.refuseKey(in)
		m.toInput(true)
		return nil
	case !in.IsID() && in.Kind != client.InputEmpty:
		query, err := in.Query()
		if err != nil {
			m.field.setError(err)
			return nil
		}
		m.field.err, m.field.warn = "", ""
		m.search.cursor = 0
		return m.start(actSearch, query, 1, "")
	}
	id, ok := m.field.validate(in)
	if !ok {
		m.toInput(true)
		return nil // nothing is sent while the ID is invalid
	}
	m.field.input.SetValue(id)
	switch {
	case in.Kind == client.InputUnusualID:
		m.confirm = confirmation{id: id, unusual: in.Why}
	case in.Offered:
		m.confirm = confirmation{id: id, unusual: in.Note + ": " + id}
	default:
		return m.lookup(id)
	}
	m.field.warn = "" // the question says it
	return nil        // the agent says whether to send it
}

// lookup reads the customer before any link is made, using the answer
// read ahead when it is for this ID.
func (m *Model) lookup(id string) tea.Cmd {
	pre := m.ahead
	m.ahead = ahead{}
	if pre.id != id || pre.seq == 0 {
		pre.stop()
		return m.start(actLookup, id, 0, "")
	}
	if pre.msg != nil { // already here: no wait at all
		m.req = request{act: actLookup, id: id, seq: pre.seq, cancel: pre.cancel, started: m.now}
		m.screen = screenLoading
		return m.handleCustomer(*pre.msg)
	}
	// Still on its way: wait for it as for any request.
	m.stopRequest()
	m.req = request{act: actLookup, id: id, seq: pre.seq, cancel: pre.cancel, started: m.now}
	m.field.input.Blur()
	m.screen, m.current, m.failure, m.confirm, m.status = screenLoading, nil, nil, confirmation{}, ""
	return tea.Batch(m.spin.Tick, m.startTicking())
}

// readAhead starts a lookup of the field's ID in the background when it
// is a complete, usual ID (customer_ and 32 hex digits: typing passes
// through shorter well-formed IDs, which are not worth a read) not already
// being read; a change of the field cancels it.
func (m *Model) readAhead(in client.Input) tea.Cmd {
	id := in.Text
	if in.Kind != client.InputID {
		m.ahead.stop()
		m.ahead = ahead{}
		return nil
	}
	if m.ahead.id == id {
		return nil
	}
	m.ahead.stop()
	// The record says this lookup was made before Enter (client.ReadAhead):
	// the agent may never have meant to open this customer.
	ctx, cancel := context.WithCancel(client.ReadAhead(context.Background()))
	m.ahead = ahead{id: id, seq: m.newSeq(), cancel: cancel}
	return m.call(ctx, request{act: actLookup, id: id, seq: m.ahead.seq})
}

func (a ahead) stop() {
	if a.cancel != nil && a.msg == nil {
		a.cancel()
	}
}

func (m *Model) handleCustomer(msg customerMsg) tea.Cmd {
	if m.ahead.seq != 0 && msg.seq == m.ahead.seq {
		m.ahead.msg = &msg // kept for Enter
		return nil
	}
	if !m.settled(msg.seq) {
		return nil
	}
	m.cust, m.lookupErr = nil, nil
	if msg.err != nil {
		var api *client.APIError
		// Asked for the card (b), the failure is the answer.
		if !m.req.card && errors.As(msg.err, &api) && linkDespite(api) {
			// A key without read access, or Sphere down for reads: make
			// the KYC link as kyclink always did, and say the card is missing.
			m.lookupErr, m.lookupFor = api, msg.id
			return m.requestLink(client.LinkKYC, msg.id)
		}
		m.fail(msg.err, msg.id) // 404: no such customer, and nothing else is sent
		return nil
	}
	m.cust = &msg.customer
	m.resetWatch() // a fresh card: the watch starts from it
	if m.cust.NextStep() == client.StepKYCLink && !m.req.card {
		// The agent asked for a link by pressing Enter: make it at once.
		return m.requestLink(client.LinkKYC, msg.id)
	}
	m.showCard()
	return nil
}

// linkDespite reports whether a failed lookup still makes the KYC link: a
// refused or failing read (403, 5xx) does, as kyclink always did. No such
// customer (404), no Sphere at all (network, timeout), or a key or token
// refused outright (401: wrong, expired, revoked) is shown instead, before
// any question about an earlier link: a link request would fare no
// better, and r retries the lookup where a retry can help.
func linkDespite(api *client.APIError) bool {
	switch {
	case api.Kind == client.KindNotFound, api.Kind == client.KindInvalidInput,
		api.Kind == client.KindNetwork, api.Kind == client.KindTimeout:
		return false
	case api.Kind == client.KindAuth && api.Status == 401:
		return false
	}
	return true
}

// This file owns the request lifecycle: starting a call (a link, a lookup,
// a search), running it in the background, its retry notices, cancelling
// it, and routing its answer.

package ui

import (
	"cmp"
	"context"
	"errors"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kyclink/kyclink/client"
)

// action is what a request asks Sphere for.
type action int

const (
	actKYCLink action = iota
	actTermsLink
	actLookup
	actSearch
	actFaceLink
	actSendCode
)

// linkActs is the action that makes each kind of link: the one place a
// kind of link becomes a request. Past it, every kind goes the same way
// (the result, the guard, a retry) and only its label differs.
var linkActs = [...]action{client.LinkKYC: actKYCLink, client.LinkTerms: actTermsLink, client.LinkFace: actFaceLink}

// linkKind is the kind of link the action makes; ok is false for one
// that makes none.
func (a action) linkKind() (kind client.LinkKind, ok bool) {
	for k, act := range linkActs {
		if act == a {
			return client.LinkKind(k), true
		}
	}
	return client.LinkKYC, false
}

// makesLink reports whether the action asks Sphere for a link.
func (a action) makesLink() bool {
	_, ok := a.linkKind()
	return ok
}

// Messages of a request, each carrying its number: an answer whose number
// is not current was cancelled or superseded and is dropped.
type (
	resultMsg struct { // a link, or the failure to make one
		seq         int
		id, idemKey string
		link        client.Link
		err         error
	}
	customerMsg struct {
		seq      int
		id       string
		customer client.Customer
		err      error
	}
	searchMsg struct {
		seq   int
		query string
		page  client.CustomerPage
		err   error
	}
	retryMsg struct {
		seq    int
		retry  client.Retry
		events <-chan tea.Msg
	}
)

// request is the call in flight, or the last one that failed.
type request struct {
	seq    int                // number of the current request; 0 for none
	cancel context.CancelFunc // cancels the request in flight
	act    action
	id     string // the customer ID, or the search
	page   int    // the page of a search
	// limit is how many customers a page of the search asks for: the first
	// page's, kept while the agent pages (a resize must not shift where
	// page 2 starts); 0 is as many as fit the window now.
	limit   int
	retry   *client.Retry // why the request in flight is waiting, if it is
	started time.Time
	idemKey string // idempotency key of a link request, reused by r after a failure
	// card shows a lookup's customer on the card even when the next step
	// is the KYC link: asked for by b, or the customer's name is not enough.
	card bool
	by   string // where a verification code goes: client.CodeByEmail or CodeByPhone
}

// kind is the kind of link the request makes (a KYC link for one that
// makes none).
func (r request) kind() client.LinkKind {
	k, _ := r.act.linkKind()
	return k
}

// newSeq numbers a new request or lookup ahead; numbers are never reused.
func (m *Model) newSeq() int {
	m.seqs++
	return m.seqs
}

// start sends a request in the background and shows the loading screen.
func (m *Model) start(act action, id string, page int, idemKey string) tea.Cmd {
	return m.startRequest(request{act: act, id: id, page: page, idemKey: idemKey})
}

// startRequest is start for a request r describes (act, id, page,
// idemKey, by); it numbers it and gives it its cancel func.
func (m *Model) startRequest(r request) tea.Cmd {
	m.stopRequest()
	if r.idemKey == "" && r.act.makesLink() {
		r.idemKey = m.o.NewIdempotencyKey()
	}
	ctx, cancel := context.WithCancel(context.Background())
	r.seq, r.cancel, r.started = m.newSeq(), cancel, m.now
	m.req = r
	m.field.input.Blur()
	m.screen, m.current, m.failure, m.confirm, m.status = screenLoading, nil, nil, confirmation{}, ""
	return tea.Batch(m.call(ctx, m.req), m.spin.Tick, m.startTicking())
}

// limitOf is how many customers r's page of a search asks for.
func (m *Model) limitOf(r request) int { return cmp.Or(r.limit, m.searchLimit()) }

// call runs a request and returns a command that delivers its events one
// by one: retry notices, then the answer.
func (m *Model) call(ctx context.Context, r request) tea.Cmd {
	c, h, limit := m.o.Client, m.helper(), m.limitOf(r)
	events := make(chan tea.Msg, 8)
	observe := func(rt client.Retry) {
		if len(events) < cap(events)-1 { // keep room for the answer: never block
			events <- retryMsg{seq: r.seq, retry: rt, events: events}
		}
	}
	return func() tea.Msg {
		go func() { // started when Bubble Tea runs the command, not before
			ctx := client.WithRetryObserver(ctx, observe)
			switch r.act {
			case actLookup:
				cu, err := c.Customer(ctx, r.id)
				events <- customerMsg{seq: r.seq, id: r.id, customer: cu, err: err}
			case actSearch:
				page, err := c.SearchCustomers(ctx, r.id, r.page, limit)
				events <- searchMsg{seq: r.seq, query: r.id, page: page, err: err}
			case actTermsLink:
				link, err := c.TermsLink(ctx, r.id, r.idemKey)
				events <- resultMsg{seq: r.seq, id: r.id, idemKey: r.idemKey, link: link, err: err}
			case actFaceLink:
				link, err := h.FaceVerificationLink(ctx, r.id, r.idemKey)
				events <- resultMsg{seq: r.seq, id: r.id, idemKey: r.idemKey, link: link, err: err}
			case actSendCode:
				sent, err := h.SendCode(ctx, r.id, r.by)
				events <- codeMsg{seq: r.seq, id: r.id, by: r.by, sent: sent, err: err}
			default:
				link, err := c.RegenerateKYCLinkWithKey(ctx, r.id, r.idemKey)
				events <- resultMsg{seq: r.seq, id: r.id, idemKey: r.idemKey, link: link, err: err}
			}
		}()
		return <-events
	}
}

// listen waits for the next event of a request.
func listen(events <-chan tea.Msg) tea.Cmd {
	return func() tea.Msg { return <-events }
}

// stopRequest cancels the request in flight, if any; its late answer
// carries a number no longer current and is dropped.
func (m *Model) stopRequest() {
	if m.req.cancel != nil {
		m.req.cancel()
		m.req.cancel, m.req.retry, m.req.seq = nil, nil, 0
	}
}

// settled ends the request whose answer arrived; it reports false when the
// answer is stale (cancelled or superseded) and must be dropped.
func (m *Model) settled(seq int) bool {
	if seq != m.req.seq || seq == 0 || m.screen != screenLoading {
		return false
	}
	m.req.cancel()
	m.req.cancel, m.req.retry = nil, nil
	return true
}

func (m *Model) handleRetry(msg retryMsg) tea.Cmd {
	if msg.seq == m.req.seq && m.screen == screenLoading {
		m.req.retry = &msg.retry
	}
	return listen(msg.events) // drain even a stale request's events
}

// fail shows a failed request on the error screen.
func (m *Model) fail(err error, id string) {
	var api *client.APIError
	if !errors.As(err, &api) {
		api = &client.APIError{Kind: client.KindBadResponse, Detail: client.Sanitize(err.Error())}
	}
	m.failure, m.failedID = api, id
	m.field.setSphereErrors(api)
	// Offer only what can help: r where a retry can, y where there is
	// something to copy. Disabled keys neither match nor show in help.
	h := hintFor(api)
	m.keys.Retry.SetEnabled(h.retry || h.fresh)
	m.keys.Retry.SetHelp("r", "retry")
	if h.fresh {
		m.keys.Retry.SetHelp("r", "new request")
	}
	m.keys.CopyCorrelation.SetEnabled(api.CorrelationID != "")
	m.screen = screenError
}

func (m *Model) handleResult(msg resultMsg) tea.Cmd {
	if !m.settled(msg.seq) {
		return nil
	}
	defer m.notice() // news of the record of links, once the answer is shown
	if msg.err != nil {
		m.fail(msg.err, msg.id)
		return nil
	}
	e := newEntry(msg.link, m.o.ExpectedHosts)
	if m.cust != nil && m.cust.ID == msg.id {
		e.name = m.cust.Name() // the history tells customers apart by name too
		e.step = m.cust.NextStep()
	}
	m.sess.add(e)
	m.current, m.req.idemKey, m.screen = e, "", screenResult
	if m.watch.id == msg.id {
		m.watch.next = "" // acted on: the link is here
	}
	return m.startTicking()
}

// retryFailed sends the failed request again: a link request with the
// same idempotency key, so Sphere sees a retry. When Sphere refused that
// key as a repeat, it asks instead; a yes makes a new request with a new
// key (confirmKey), so nothing ever loops.
func (m *Model) retryFailed() tea.Cmd {
	r := m.req
	if hintFor(m.failure).fresh {
		m.confirm = confirmation{id: r.id, kind: r.kind(), why: "The first attempt may already have made a link"}
		return nil
	}
	return m.startRequest(request{act: r.act, id: r.id, page: r.page, limit: r.limit, idemKey: r.idemKey})
}

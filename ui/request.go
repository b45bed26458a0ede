// This file owns the request lifecycle: submitting an ID, the call running
// in the background, its retry notices, cancelling it, and its answer.

package ui

import (
	"context"
	"errors"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kyclink/kyclink/client"
)

// Messages of a request, each carrying the request's number: an answer
// whose number is not current was cancelled or superseded and is dropped.
type (
	resultMsg struct {
		seq         int
		id, idemKey string
		link        client.Link
		err         error
	}
	retryMsg struct {
		seq    int
		retry  client.Retry
		events <-chan tea.Msg
	}
)

// request is the call in flight, or the last one that failed.
type request struct {
	seq     int                // number of the current request
	cancel  context.CancelFunc // cancels the request in flight
	id      string             // customer ID in flight
	retry   *client.Retry      // why the request in flight is waiting, if it is
	started time.Time
	idemKey string // idempotency key of the last failed attempt, for r
}

// submit validates an ID and starts a request for it. idemKey is the
// idempotency key to reuse ("" for a new call).
func (m *Model) submit(raw, idemKey string) tea.Cmd {
	m.field.validated = true
	id, ok := m.field.validate(raw)
	if !ok {
		m.toInput(true)
		return nil // nothing is sent while the ID is invalid
	}
	m.stopRequest()
	if idemKey == "" {
		idemKey = m.o.NewIdempotencyKey()
	}
	ctx, cancel := context.WithCancel(context.Background())
	m.req = request{seq: m.req.seq + 1, cancel: cancel, id: id, started: m.now, idemKey: idemKey}
	m.field.input.SetValue(id)
	m.field.input.Blur()
	m.screen, m.current, m.failure, m.confirmID, m.status = screenLoading, nil, nil, "", ""
	return tea.Batch(m.request(ctx), m.spin.Tick, m.startTicking())
}

// request runs the call in the background and returns a command that
// delivers its events one by one: retry notices, then the result.
func (m *Model) request(ctx context.Context) tea.Cmd {
	seq, id, idemKey, c := m.req.seq, m.req.id, m.req.idemKey, m.o.Client
	events := make(chan tea.Msg, 8)
	observe := func(r client.Retry) {
		if len(events) < cap(events)-1 { // keep room for the result: never block
			events <- retryMsg{seq: seq, retry: r, events: events}
		}
	}
	return func() tea.Msg {
		go func() { // started when Bubble Tea runs the command, not before
			link, err := c.RegenerateKYCLinkWithKey(client.WithRetryObserver(ctx, observe), id, idemKey)
			events <- resultMsg{seq: seq, id: id, idemKey: idemKey, link: link, err: err}
		}()
		return <-events
	}
}

// listen waits for the next event of a request.
func listen(events <-chan tea.Msg) tea.Cmd {
	return func() tea.Msg { return <-events }
}

// submitOrAsk starts a new request, first asking when the session holds a
// valid link for the customer: each call may replace it.
func (m *Model) submitOrAsk(id string) tea.Cmd {
	if m.shouldAsk(id) {
		m.confirmID = id
		return nil
	}
	return m.submit(id, "")
}

// stopRequest cancels the request in flight, if any; its late answer will
// carry an old number and be dropped.
func (m *Model) stopRequest() {
	if m.req.cancel != nil {
		m.req.cancel()
		m.req.cancel, m.req.retry = nil, nil
		m.req.seq++
	}
}

func (m *Model) handleRetry(msg retryMsg) tea.Cmd {
	if msg.seq == m.req.seq && m.screen == screenLoading {
		m.req.retry = &msg.retry
	}
	return listen(msg.events) // drain even a stale request's events
}

func (m *Model) handleResult(msg resultMsg) tea.Cmd {
	if msg.seq != m.req.seq || m.screen != screenLoading {
		return nil // cancelled or superseded: never replaces newer state
	}
	defer m.notice()
	m.req.cancel()
	m.req.cancel, m.req.retry = nil, nil
	if msg.err != nil {
		var api *client.APIError
		if !errors.As(msg.err, &api) {
			api = &client.APIError{Kind: client.KindBadResponse, Detail: client.Sanitize(msg.err.Error())}
		}
		m.failure, m.failedID, m.req.idemKey = api, msg.id, msg.idemKey
		m.field.setSphereErrors(api)
		m.screen = screenError
		return nil
	}
	e := newEntry(msg.link, m.o.ExpectedHosts)
	m.sess.add(e)
	m.current, m.req.idemKey, m.screen = e, "", screenResult
	return m.startTicking()
}

// This file owns the watch: while a result or a card of a customer is on
// screen, that customer is read again every Options.Watch, one read at a
// time, and what moved becomes the timeline, the next step and a bell.

package ui

import (
	"context"
	"fmt"
	"slices"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kyclink/kyclink/client"
)

// Helper is the part of *client.Client that follows a customer and helps
// them through. A Sphere without it (a test's stub) gets no watch and no
// o, p or f keys.
type Helper interface {
	Follow(ctx context.Context, customerID string) (client.Customer, error)
	SendCode(ctx context.Context, customerID, by string) (client.CodeSent, error)
	FaceVerificationLink(ctx context.Context, customerID, idempotencyKey string) (client.Link, error)
}

// Messages of the watch, each with the watch's number: a tick or an
// answer whose number is not current belongs to a watch since stopped,
// paused or moved to another customer, and is dropped.
type (
	watchTickMsg struct{ seq int }
	watchMsg     struct {
		seq      int
		customer client.Customer
		err      error
	}
)

// moment is one row of the timeline: when a change was seen, and what.
type moment struct {
	at   time.Time
	text string
}

// watching is the watch of one customer.
type watching struct {
	id       string
	seq      int                // the current tick or read; bumped to drop what is pending
	cancel   context.CancelFunc // cancels the read in flight
	pending  bool               // a tick or a read is on its way
	wait     time.Duration      // the pause before the read on its way
	since    time.Time          // when the watch of this customer began
	last     *client.Customer   // the last read, the base of the next diff
	failures int                // failed reads in a row
	lastErr  error
	checked  time.Time // when a read last answered, zero before the first
	said     string    // the failure the watch put in the status line
	timeline []moment  // the newest maxKeptMoments changes
	seen     int       // changes ever added to the timeline, kept or not
	next     string    // the next step, once a change moved it
	stopped  string    // why the watch ended, "" while it runs
}

// helper is the client's Helper, or nil.
func (m *Model) helper() Helper {
	h, _ := m.o.Client.(Helper)
	return h
}

// watchTarget is the customer whose result or card is on screen, "" when
// none is (or watching is off), or Sphere has decided on them: nothing
// more will move (a watch that saw the decision keeps its timeline).
func (m *Model) watchTarget() string {
	if m.o.Watch <= 0 || m.helper() == nil || m.lay.tooSmall {
		return ""
	}
	id := ""
	switch {
	case m.screen == screenResult && m.current != nil:
		id = m.current.link.CustomerID
	case m.screen == screenCustomer && m.cust != nil:
		id = m.cust.ID
	}
	if m.cust != nil && m.cust.ID == id && m.cust.NextStep().Final() {
		return ""
	}
	return id
}

// syncWatch starts, pauses, resumes or moves the watch to follow what is
// on screen; called after every Update. Nothing is read while no result
// or card of the customer is on screen.
func (m *Model) syncWatch() tea.Cmd {
	w := &m.watch
	target := m.watchTarget()
	if target != w.id && target != "" {
		m.pauseWatch()
		*w = watching{id: target, seq: w.seq, since: m.now}
		if m.cust != nil && m.cust.ID == target {
			c := *m.cust
			w.last = &c
		}
	}
	if target == "" {
		m.pauseWatch()
		return nil
	}
	if w.pending || w.stopped != "" {
		return nil
	}
	if w.failures > 0 { // resumed: the failure was said when it came
		return m.readAgain(false)
	}
	return m.readOnPace()
}

// watchTimeUp is why a watch ends when its 30 minutes are up.
const watchTimeUp = "stopped after 30 minutes; look the customer up again to watch again"

// readOnPace schedules the next read at the watch's pace, but never past
// its 30 minutes: a pace longer than what is left sets the timer for
// their end, where handleWatchTick stops the watch (as `kyclink watch`
// waits out --for), so a long --watch-every never carries it past them.
func (m *Model) readOnPace() tea.Cmd {
	w := &m.watch
	left := w.since.Add(client.DefaultWatchFor).Sub(m.now)
	if left <= 0 {
		w.stopped = watchTimeUp
		return nil
	}
	return m.scheduleRead(min(client.NextWatchRead(m.o.Watch, 0, nil), left))
}

// readAgain schedules the read after a failure, saying so when say; or,
// when that read would come after the watch's end (an hour's
// Retry-After), stops the watch at once and says why: a promised read
// that would never be made is a watch that only seems to go on.
func (m *Model) readAgain(say bool) tea.Cmd {
	w := &m.watch
	wait := client.NextWatchRead(m.o.Watch, w.failures, w.lastErr)
	if client.WatchOutlasted(m.now, w.since.Add(client.DefaultWatchFor), wait) {
		if w.said != "" && m.status == w.said {
			m.setStatus("", false)
		}
		w.said, w.stopped = "", fmt.Sprintf("stopped: %s, and the next read (in %s) would come after the watch's 30 minutes; look the customer up again to watch again",
			errorHeading(w.lastErr), client.FormatRemainingShort(wait))
		return nil
	}
	if say {
		w.said = fmt.Sprintf("Could not read the customer (%s); trying again in %s.", errorHeading(w.lastErr), client.FormatRemainingShort(wait))
		m.setStatus(w.said, false)
	}
	return m.scheduleRead(wait)
}

// resetWatch forgets the watch (a fresh lookup of the customer starts
// one anew).
func (m *Model) resetWatch() {
	m.pauseWatch()
	m.watch = watching{seq: m.watch.seq}
}

// pauseWatch drops the tick or read on its way: its number is no longer
// current, and a read in flight is cancelled.
func (m *Model) pauseWatch() {
	w := &m.watch
	if w.cancel != nil {
		w.cancel()
		w.cancel = nil
	}
	if w.pending {
		w.seq++
		w.pending = false
	}
}

// scheduleRead sets the one timer of the watch.
func (m *Model) scheduleRead(d time.Duration) tea.Cmd {
	w := &m.watch
	w.seq++
	w.pending, w.wait = true, d
	seq := w.seq
	return tea.Tick(d, func(time.Time) tea.Msg { return watchTickMsg{seq: seq} })
}

// handleWatchTick starts the read the timer was for: never a second while
// one is in flight (there is one number, and one pending flag).
func (m *Model) handleWatchTick(msg watchTickMsg) tea.Cmd {
	w := &m.watch
	if msg.seq != w.seq || !w.pending || w.cancel != nil {
		return nil // stale, or a read already in flight
	}
	if m.now.Sub(w.since) >= client.DefaultWatchFor {
		w.pending, w.stopped = false, watchTimeUp
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	w.cancel = cancel
	h, id, seq := m.helper(), w.id, w.seq
	return func() tea.Msg {
		cu, err := h.Follow(ctx, id)
		return watchMsg{seq: seq, customer: cu, err: err}
	}
}

// handleWatch takes a read's answer: a failure is said quietly and the
// next read waits longer; a success adds its changes to the timeline.
func (m *Model) handleWatch(msg watchMsg) tea.Cmd {
	w := &m.watch
	if msg.seq != w.seq || !w.pending {
		return nil // the screen moved on meanwhile
	}
	w.pending, w.cancel = false, nil
	if msg.err != nil {
		w.failures, w.lastErr = w.failures+1, msg.err
		if client.WatchGivesUp(msg.err) {
			w.stopped = "stopped: " + errorHeading(msg.err)
			return nil
		}
		return m.readAgain(true)
	}
	if w.said != "" && m.status == w.said { // read again: the failure is past
		m.setStatus("", false)
	}
	w.failures, w.lastErr, w.said, w.checked = 0, nil, "", m.now
	cu := msg.customer
	var changes []client.Change
	if w.last != nil {
		changes = client.DiffCustomers(*w.last, cu)
	}
	before := client.StepKYCLink
	if w.last != nil {
		before = w.last.NextStep()
	}
	w.last = &cu
	w.seen += len(changes)
	for _, c := range changes[max(len(changes)-maxKeptMoments, 0):] {
		w.timeline = append(w.timeline, moment{at: m.now, text: c.Text})
	}
	if over := len(w.timeline) - maxKeptMoments; over > 0 {
		w.timeline = slices.Delete(w.timeline, 0, over)
	}
	m.followCustomer(cu)
	if len(changes) > 0 {
		if step := cu.NextStep(); step != before {
			w.next = nextAfter(before, step)
		}
		if m.o.Notify != nil { // a few bytes to the terminal, as a frame is
			m.o.Notify("kyclink: " + cu.ID + ": " + changes[len(changes)-1].Notice())
		}
	}
	if cu.NextStep().Final() {
		w.stopped = "stopped: Sphere has decided"
		return nil
	}
	return m.readOnPace()
}

// followCustomer puts a fresh read of the customer on the card and the
// result: their next step and the keys it offers.
func (m *Model) followCustomer(cu client.Customer) {
	if m.cust == nil || m.cust.ID != cu.ID {
		return
	}
	if m.body.shows == m.cust { // the same card, read again: it keeps its scroll place
		m.body.shows = &cu
	}
	m.cust = &cu
	m.keys.TermsLink.SetEnabled(cu.NextStep() == client.StepTermsFirst)
	m.helpKeys()
}

// nextAfter is the next step once a change moved it from before, with
// the key that acts on it.
func nextAfter(before, s client.Step) string {
	switch s {
	case client.StepKYCLink:
		if before == client.StepTermsFirst {
			return "Terms accepted: k makes the KYC link now."
		}
		return s.Summary() + ": k makes the KYC link."
	case client.StepPending:
		return "Submitted: Sphere is reviewing; nothing to send now."
	case client.StepApproved:
		return "Approved: no link needed."
	case client.StepRejected:
		return "Rejected by Sphere: n, then the customer again, shows why."
	}
	return s.Summary() + "."
}

func errorHeading(err error) string {
	if api, ok := err.(*client.APIError); ok {
		return api.Heading()
	}
	return client.Sanitize(err.Error())
}

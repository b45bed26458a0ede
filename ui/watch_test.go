// This file tests the watch: a customer on screen read again on the test's
// clock (no test waits for a timer), its timeline and next step, the
// pace, and the helps of the card (a code sent, the face link).

package ui

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
)

const erinID = spheretest.CustomerTermsPending

// notes records what Options.Notify was told.
type notes struct {
	mu   sync.Mutex
	said []string
}

func (n *notes) notify(s string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.said = append(n.said, s)
}

func (n *notes) all() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]string(nil), n.said...)
}

// watchModel is a model that watches every 15 s and notifies n.
func (h *harness) watchModel(n *notes, w, ht int) Model {
	o := h.options()
	o.Watch, o.Notify = client.DefaultWatchEvery, n.notify
	return update(New(o), tea.WindowSizeMsg{Width: w, Height: ht})
}

// erinsCard is Erin's card, found by her email address.
func (h *harness) erinsCard(t testing.TB, m Model) Model {
	t.Helper()
	m = update(h.answer(t, update(typeText(m, "erin@example.com"), press("enter"))), press("enter"))
	if m.screen != screenCustomer || m.cust.ID != erinID {
		t.Fatalf("no card:\n%s", plain(m))
	}
	return m
}

// tick lets the watch's timer fire after its wait, on the test's clock,
// and delivers the read it starts.
func (h *harness) tick(t testing.TB, m Model) Model {
	t.Helper()
	if !m.watch.pending {
		t.Fatalf("no read pending:\n%s", plain(m))
	}
	h.clock.Advance(m.watch.wait)
	next, cmd := m.Update(watchTickMsg{seq: m.watch.seq})
	m = next.(Model)
	if cmd == nil {
		t.Fatal("the tick started no read")
	}
	return update(m, cmd())
}

func TestWatchShowsErinAcceptTheTerms(t *testing.T) {
	h, n := newHarness(t), &notes{}
	m := h.erinsCard(t, h.watchModel(n, 100, 40))
	if !m.watch.pending || m.watch.id != erinID || m.watch.wait != 15*time.Second || strings.Contains(strings.Join(m.body.lines, "\n"), "Following") {
		t.Fatalf("the card is not watched: %+v\n%s", m.watch, plain(m))
	}
	m = h.answer(t, update(m, press("t")))
	if m.screen != screenResult || !m.watch.pending {
		t.Fatalf("the terms link's result is not watched:\n%s", plain(m))
	}
	m = h.tick(t, m) // 15 s: nothing yet
	if len(m.watch.timeline) != 0 || len(n.all()) != 0 {
		t.Errorf("a change too early: %+v", m.watch.timeline)
	}
	m = h.tick(t, m) // 30 s: the terms accepted 20 s after the link
	v := flat(plain(m))
	for _, want := range []string{"10:00 accepted the terms", "Terms accepted: k makes the KYC link now.", "Erin Example · Needs to complete identity verification", "k KYC link now"} {
		if !strings.Contains(v, want) {
			t.Errorf("result lacks %q:\n%s", want, plain(m))
		}
	}
	if got := n.all(); len(got) != 1 || got[0] != "kyclink: "+erinID+": accepted the terms" {
		t.Errorf("notified %q", got)
	}
	posts := h.posts()
	m = h.answer(t, update(m, press("k")))
	if m.screen != screenResult || m.current.link.Kind != client.LinkKYC || h.posts() != posts+1 {
		t.Fatalf("k made no KYC link:\n%s", plain(m))
	}
	if strings.Contains(plain(m), "k makes the KYC link now") {
		t.Error("the next step stays once acted on")
	}
	// Her verification moves on to approval; the watch then stops.
	for range 8 {
		if !m.watch.pending {
			break
		}
		m = h.tick(t, m)
	}
	v = flat(plain(m))
	if m.watch.pending || !strings.Contains(v, "10:01 approved") || !strings.Contains(v, "Approved: no link needed.") || !strings.Contains(v, "Watch stopped: Sphere has decided.") {
		t.Errorf("not stopped at approval: %+v\n%s", m.watch, plain(m))
	}
}

// Watching reads, one at a time, and only while the customer is on
// screen; it never makes a link nor tells the record.
func TestWatchReadsOnlyOnScreenOneAtATime(t *testing.T) {
	h, n := newHarness(t), &notes{}
	m := h.erinsCard(t, h.watchModel(n, 100, 40))
	seq := m.watch.seq
	next, first := m.Update(watchTickMsg{seq: seq})
	m = next.(Model)
	next, second := m.Update(watchTickMsg{seq: seq})
	m = next.(Model)
	if first == nil || second != nil {
		t.Fatalf("a second read while one is in flight: %v %v", first != nil, second != nil)
	}
	read := first()
	m = update(m, press("n")) // leaves the card: the read is dropped
	if m.watch.pending || m.watch.seq == seq {
		t.Errorf("still watching off screen: %+v", m.watch)
	}
	m = update(m, read)
	if m.watch.pending || m.cust.NextStep() != client.StepTermsFirst {
		t.Errorf("a stale read was taken: %+v", m.watch)
	}
	reads := 0
	for _, r := range h.fake.Requests() {
		if r.CustomerID == erinID && r.Method == "GET" {
			reads++
		}
	}
	if reads != 1 || h.posts() != 0 {
		t.Errorf("%d reads, %d posts", reads, h.posts())
	}
	// Stale ticks from before are dropped too.
	if _, cmd := m.Update(watchTickMsg{seq: seq}); cmd != nil {
		t.Error("a stale tick started a read")
	}
}

// flaky fails every Follow with err until told otherwise.
type flaky struct {
	*client.Client
	mu  sync.Mutex
	err error
}

func (f *flaky) Follow(ctx context.Context, id string) (client.Customer, error) {
	f.mu.Lock()
	err := f.err
	f.mu.Unlock()
	if err != nil {
		return client.Customer{}, err
	}
	return f.Client.Follow(ctx, id)
}

// SendCode fails as a code request may: after it reached Sphere.
func (f *flaky) SendCode(ctx context.Context, id, by string) (client.CodeSent, error) {
	return client.CodeSent{}, &client.APIError{Kind: client.KindUnavailable, Status: 502}
}

func TestCardSaysACodeMayHaveGone(t *testing.T) {
	h := newHarness(t)
	o := h.options()
	o.Client = &flaky{Client: h.client}
	m := h.erinsCard(t, update(New(o), tea.WindowSizeMsg{Width: 100, Height: 40}))
	next, cmd := m.Update(press("p"))
	m = update(next.(Model), cmd().(tea.BatchMsg)[0]())
	if m.screen != screenCustomer || !strings.Contains(flat(plain(m)), "Code not confirmed: Sphere unavailable (HTTP 502). It may still have been sent; p tries again.") {
		t.Errorf("after a failed code:\n%s", plain(m))
	}
}

func TestWatchBacksOffAndStops(t *testing.T) {
	h, n := newHarness(t), &notes{}
	f := &flaky{Client: h.client, err: &client.APIError{Kind: client.KindRateLimited, Status: 429, RetryAfter: 40 * time.Second}}
	o := h.options()
	o.Client, o.Watch, o.Notify = f, client.DefaultWatchEvery, n.notify
	m := h.erinsCard(t, update(New(o), tea.WindowSizeMsg{Width: 100, Height: 40}))
	m = h.tick(t, m)
	if m.watch.wait != 40*time.Second || !strings.Contains(plain(m), "Could not read the customer (Rate limited (HTTP 429)); trying again in 40s.") ||
		m.screen != screenCustomer {
		t.Errorf("wait %s:\n%s", m.watch.wait, plain(m))
	}
	f.err = &client.APIError{Kind: client.KindNetwork}
	if m = h.tick(t, m); m.watch.wait != time.Minute {
		t.Errorf("second failure: wait %s, want doubled twice", m.watch.wait)
	}
	f.err = nil
	if m = h.tick(t, m); m.watch.wait != 15*time.Second {
		t.Errorf("after a success: wait %s", m.watch.wait)
	}
	// After 30 minutes the watch stops.
	h.clock.Advance(30 * time.Minute)
	next, cmd := m.Update(watchTickMsg{seq: m.watch.seq})
	if m = next.(Model); cmd != nil || m.watch.pending || !strings.Contains(flat(plain(m)), "stopped after 30 minutes") {
		t.Errorf("not stopped after 30 minutes: %+v\n%s", m.watch, plain(m))
	}
	// A failure no read will fix stops it at once.
	m = h.erinsCard(t, update(m, press("n")))
	f.err = &client.APIError{Kind: client.KindNotFound, Status: 404}
	if m = h.tick(t, m); m.watch.pending || !strings.Contains(flat(plain(m)), "Watch stopped: Customer not found (HTTP 404).") {
		t.Errorf("404 does not stop: %+v\n%s", m.watch, plain(m))
	}
}

func TestWatchOff(t *testing.T) {
	h := newHarness(t)
	m := h.erinsCard(t, h.model(100, 40)) // Options.Watch 0
	if m.watch.pending || strings.Contains(plain(m), "Following") {
		t.Errorf("watching with Watch 0: %+v", m.watch)
	}
	o := h.options()
	o.Client, o.Watch = stubRegenerator{}, client.DefaultWatchEvery
	m = h.submitted(t, update(New(o), tea.WindowSizeMsg{Width: 100, Height: 40}), okID)
	if m.screen != screenResult || m.watch.pending {
		t.Errorf("a client without Follow is watched: %+v", m.watch)
	}
}

// answerCode runs the code request the model is waiting for.
func (h *harness) answerCode(t *testing.T, m Model) Model {
	t.Helper()
	if m.screen != screenLoading || m.req.act != actSendCode {
		t.Fatalf("no code request:\n%s", plain(m))
	}
	sent, err := h.client.SendCode(context.Background(), m.req.id, m.req.by)
	return update(m, codeMsg{seq: m.req.seq, id: m.req.id, by: m.req.by, sent: sent, err: err})
}

func TestCardSendsACodeAndAsksBeforeASecond(t *testing.T) {
	h, n := newHarness(t), &notes{}
	m := h.erinsCard(t, h.watchModel(n, 100, 40))
	if !strings.Contains(flat(plain(m)), "Also: p sends the phone code; f makes the face verification link.") || m.keys.SendEmail.Enabled() {
		t.Fatalf("helps:\n%s", plain(m))
	}
	if m = update(m, press("o")); m.screen != screenCustomer {
		t.Error("o sends an email code her profile does not ask for")
	}
	// The request the model itself sends (the batch's first command).
	next, cmd := m.Update(press("p"))
	m = update(next.(Model), cmd().(tea.BatchMsg)[0]())
	if m.screen != screenCustomer || !strings.Contains(flat(plain(m)), "Code sent by phone to +1 •••• 0005, valid until 10:10 (in 10m 0s).") {
		t.Fatalf("after p:\n%s", plain(m))
	}
	h.clock.Advance(time.Minute)
	m = update(m, press("p")) // a second within the first's validity: asks
	if !m.confirm.asking() || !strings.Contains(flat(plain(m)), "A code went by phone to +1 •••• 0005 at 10:00, valid until 10:10. A new one makes it useless: send another?") {
		t.Fatalf("no question:\n%s", plain(m))
	}
	if m = update(m, press("n")); m.confirm.asking() || m.screen != screenCustomer || !strings.Contains(plain(m), "No new code sent") {
		t.Errorf("n:\n%s", plain(m))
	}
	m = h.answerCode(t, update(m, press("p"), press("y")))
	sends := 0
	for _, r := range h.fake.Requests() {
		if strings.HasSuffix(r.Path, "/otp-send") {
			sends++
		}
	}
	if sends != 2 || !strings.Contains(plain(m), "valid until 10:11") {
		t.Errorf("%d codes sent:\n%s", sends, plain(m))
	}
	h.clock.Advance(11 * time.Minute) // the last code expired: no question
	if m = update(m, press("p")); m.confirm.asking() || m.screen != screenLoading {
		t.Errorf("asked about an expired code:\n%s", plain(m))
	}
	// Esc while it is on its way: back on the card, and said plainly.
	if m = update(m, press("esc")); m.screen != screenCustomer || !strings.Contains(plain(m), "Cancelled. The code may still have been sent.") {
		t.Errorf("esc:\n%s", plain(m))
	}
}

func TestCardMakesTheFaceLink(t *testing.T) {
	h, n := newHarness(t), &notes{}
	m := h.answer(t, update(h.erinsCard(t, h.watchModel(n, 100, 40)), press("f")))
	v := flat(plain(m))
	if m.screen != screenResult || m.current.link.Kind != client.LinkFace || !m.current.host.Expected ||
		!strings.Contains(v, "Face verification link") || !strings.Contains(v, "in.sumsub.com ✓ expected") {
		t.Fatalf("face link:\n%s", plain(m))
	}
	if m = update(m, press("tab")); !strings.Contains(plain(m), "face") {
		t.Errorf("history:\n%s", plain(m))
	}
}

// Line mode says each change on a line of its own, with the next step,
// and offers k. The watch reads every 10 ms of real time here; the fake's
// clock, which Erin's progress follows, is the test's.
func TestLineModeSaysEachChange(t *testing.T) {
	h, n := newHarness(t), &notes{}
	o := h.options()
	o.Watch, o.Notify = 10*time.Millisecond, n.notify
	s := startLinesWith(t, o, context.Background())
	s.typeLine("erin@example.com")
	s.waitFor("Number to open", 1)
	s.typeLine("1")
	s.waitFor("Following "+erinID+": checked every ", 1)
	s.waitFor("; each change is said on a line of its own.\nChoose: t terms link, k KYC link, p phone code, f face link, b back to the results, n new customer, h history, q quit: ", 1)
	s.typeLine("t")
	s.waitFor("Terms link for Erin Example ("+erinID+")", 1)
	h.clock.Advance(spheretest.ErinAcceptsAfter)
	s.waitFor("q quit: \n10:00 "+erinID+": accepted the terms. Terms accepted: k makes the KYC link now.\n", 1)
	s.waitFor("Choose: k KYC link now, c copy", 1)
	if strings.Count(s.out.String(), "accepted the terms") != 1 || strings.Count(s.out.String(), "Following ") != 1 {
		t.Errorf("said more than once:\n%s", s.out.String())
	}
	s.typeLine("q")
	s.end()
	if got := n.all(); len(got) != 1 {
		t.Errorf("notified %q", got)
	}
}

// The notification is the bell, OSC 9 and OSC 777, and nothing in the
// text can end either sequence or start another.
func TestTerminalNotifier(t *testing.T) {
	var b syncBuffer
	TerminalNotifier(&b)("kyclink: customer_1: done: x\x1b]8;;evil\x07\u202e")
	want := "\a\x1b]9;kyclink: customer_1: done: x?]8;;evil??\x07\x1b]777;notify;kyclink;kyclink: customer_1: done: x?]8;;evil??\x07"
	if b.String() != want {
		t.Errorf("%q\nwant %q", b.String(), want)
	}
}

// One agent watching one customer at the default pace: one read every
// 15 s until the watch stops at 30 minutes: 119 reads besides the
// lookup that opened the card, 120 in all (240 an hour while it lasts).
// Carol is under review all along.
func TestWatchReadsInThirtyMinutes(t *testing.T) {
	h, n := newHarness(t), &notes{}
	m := h.answer(t, update(typeText(h.watchModel(n, 100, 40), spheretest.CustomerPending), press("enter")))
	if m.screen != screenCustomer {
		t.Fatalf("no card:\n%s", plain(m))
	}
	before := len(h.fake.Requests())
	for m.watch.pending {
		h.clock.Advance(m.watch.wait)
		next, cmd := m.Update(watchTickMsg{seq: m.watch.seq})
		if m = next.(Model); cmd != nil {
			m = update(m, cmd())
		}
	}
	reads := len(h.fake.Requests()) - before
	if reads != 119 || !strings.Contains(m.watch.stopped, "30 minutes") {
		t.Errorf("%d reads, stopped %q", reads, m.watch.stopped)
	}
	t.Logf("reads in 30 minutes at %s: %d", client.DefaultWatchEvery, reads)
}

// A pace longer than what is left of the watch's 30 minutes never
// carries it past them: the last timer is set for their end, where the
// watch stops, on the test's clock, at 30 minutes exactly.
func TestALongPaceStopsTheWatchAtThirtyMinutes(t *testing.T) {
	for _, tt := range []struct {
		every time.Duration
		reads int
	}{{time.Hour, 0}, {7 * time.Minute, 4}, {29*time.Minute + 59*time.Second, 1}} {
		h := newHarness(t)
		o := h.options()
		o.Watch = tt.every
		m := update(New(o), tea.WindowSizeMsg{Width: 100, Height: 40})
		start := h.clock.Now()
		m = h.answer(t, update(typeText(m, spheretest.CustomerPending), press("enter")))
		before := len(h.fake.Requests())
		for m.watch.pending {
			if m.watch.wait > tt.every {
				t.Fatalf("every %s: a wait of %s", tt.every, m.watch.wait)
			}
			h.clock.Advance(m.watch.wait)
			next, cmd := m.Update(watchTickMsg{seq: m.watch.seq})
			if m = next.(Model); cmd != nil {
				m = update(m, cmd())
			}
		}
		took, reads := h.clock.Now().Sub(start), len(h.fake.Requests())-before
		if took != client.DefaultWatchFor || reads != tt.reads || !strings.Contains(flat(plain(m)), "Watch stopped after 30 minutes") {
			t.Errorf("every %s: stopped after %s and %d reads, want 30m0s and %d:\n%s", tt.every, took, reads, tt.reads, plain(m))
		}
	}
}

// A read answered with a Retry-After that reaches past the watch's 30
// minutes stops the watch at once, saying why, rather than promising a
// read in an hour that the watch's end would cancel anyway.
func TestWatchStopsWhenTheWaitOutlastsIt(t *testing.T) {
	h := newHarness(t)
	f := &flaky{Client: h.client, err: &client.APIError{Kind: client.KindRateLimited, Status: 429, RetryAfter: time.Hour}}
	o := h.options()
	o.Client, o.Watch = f, client.DefaultWatchEvery
	m := h.erinsCard(t, update(New(o), tea.WindowSizeMsg{Width: 100, Height: 40}))
	m = h.tick(t, m)
	want := "Watch stopped: Rate limited (HTTP 429), and the next read (in 1h 0m) would come after the watch's 30 minutes; look the customer up again to watch again."
	if v := flat(plain(m)); m.watch.pending || !strings.Contains(v, want) || strings.Contains(v, "trying again") {
		t.Errorf("not stopped at once: %+v\n%s", m.watch, plain(m))
	}
	// A shorter wait that still ends past the 30 minutes stops it too;
	// one that ends before goes on.
	for _, tt := range []struct {
		after, retry time.Duration
		stops        bool
	}{{25 * time.Minute, 10 * time.Minute, true}, {25 * time.Minute, 4 * time.Minute, false}} {
		f.err = nil
		m = h.erinsCard(t, update(m, press("n")))
		h.clock.Advance(tt.after - client.DefaultWatchEvery)
		f.err = &client.APIError{Kind: client.KindRateLimited, Status: 429, RetryAfter: tt.retry}
		if m = h.tick(t, m); m.watch.pending == tt.stops || strings.Contains(m.watch.stopped, "after the watch's 30 minutes") != tt.stops {
			t.Errorf("Retry-After %s at %s: %+v", tt.retry, tt.after, m.watch)
		}
	}
}

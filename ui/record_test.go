// This file tests the app's hooks into the record of links and the key's
// source: the header's note, the question before replacing a link the
// record says was made earlier today, and notices said once.

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

func TestHeaderNoteFitsOneLine(t *testing.T) {
	h := newHarness(t)
	o := h.options()
	o.HeaderNote = "key: plain-text file · record off"
	m := update(New(o), tea.WindowSizeMsg{Width: 80, Height: 24})
	header := strings.Split(plain(m), "\n")[0]
	if !strings.Contains(header, "127.0.0.1:4010  key: plain-text file · record off") {
		t.Errorf("header %q", header)
	}
	// A long host leaves the note less room: it is cut, never wrapped.
	o.Environment.Host = strings.Repeat("long-host.", 3) + "example.com"
	m = update(New(o), tea.WindowSizeMsg{Width: 80, Height: 24})
	header = strings.Split(plain(m), "\n")[0]
	if w := len([]rune(header)); w != 80 || !strings.Contains(header, "key: plain-text") || !strings.HasSuffix(header, "…") {
		t.Errorf("header at 80 columns (%d): %q", w, header)
	}
	// No room: no note (a host longer than the line is the header's own
	// matter, not the note's).
	o.Environment.Host = strings.Repeat("very-long-host.", 4) + "example.com"
	m = update(New(o), tea.WindowSizeMsg{Width: 80, Height: 24})
	if header = strings.Split(plain(m), "\n")[0]; strings.Contains(header, "key:") {
		t.Errorf("header %q", header)
	}
}

func TestALinkMadeEarlierTodayAsksFirst(t *testing.T) {
	h := newHarness(t)
	o := h.options()
	made := spheretest.TestTime.Add(-time.Hour - 18*time.Minute) // 07:42 UTC, 08:42 CET
	expires := made.Add(28 * 24 * time.Hour)
	o.Earlier = func(id string, kind client.LinkKind) (time.Time, time.Time, bool) {
		return made, expires, id == okID && kind == client.LinkKYC
	}
	m := update(New(o), tea.WindowSizeMsg{Width: 80, Height: 24})

	// The lookup comes first (the card could say no link is needed); the
	// question follows it, before any link is asked for.
	m = h.answer(t, update(typeText(m, okID), press("enter")))
	if m.confirm.id != okID || m.screen != screenInput || h.posts() != 0 {
		t.Fatalf("confirm=%q screen=%d link requests=%d", m.confirm.id, m.screen, h.posts())
	}
	view := strings.Join(strings.Fields(plain(m)), " ")
	if !strings.Contains(view, "A KYC link was made at 08:42, expires in 27d 22h. It is not kept here: make a new one?") {
		t.Errorf("question:\n%s", plain(m))
	}
	m = update(m, press("n"))
	if m.confirm.asking() || m.status != "No new link made." || h.posts() != 0 {
		t.Errorf("after n: confirm=%q status=%q", m.confirm.id, m.status)
	}
	m = h.answer(t, update(m, press("enter")))
	m = update(m, press("y"))
	if m.screen != screenLoading || m.req.act != actKYCLink {
		t.Fatalf("after y: screen %d", m.screen)
	}
	// Another customer is not asked about.
	m = h.answer(t, m)
	m = update(typeText(update(m, press("n")), "customer_01230000000000000000000000000000"), press("enter"))
	if m.confirm.asking() || m.screen != screenLoading {
		t.Errorf("another customer: confirm=%q screen=%d", m.confirm.id, m.screen)
	}

	// A team gateway names who made it.
	o.EarlierBy = func(id string, _ client.LinkKind) string { return map[string]string{okID: "ana\x1b[2J"}[id] }
	m = h.answer(t, update(typeText(update(New(o), tea.WindowSizeMsg{Width: 80, Height: 24}), okID), press("enter")))
	if view := strings.Join(strings.Fields(plain(m)), " "); !strings.Contains(view, "A KYC link was made by ana at 08:42, expires in 27d 22h.") {
		t.Errorf("with EarlierBy:\n%s", plain(m))
	}
	o.EarlierBy = nil

	// An earlier link that has expired protects nothing.
	o.Earlier = func(string, client.LinkKind) (time.Time, time.Time, bool) {
		return made, spheretest.TestTime.Add(-time.Second), true
	}
	m = update(typeText(update(New(o), tea.WindowSizeMsg{Width: 80, Height: 24}), okID), press("enter"))
	if m.confirm.asking() || m.screen != screenLoading {
		t.Errorf("expired: confirm=%q screen=%d", m.confirm.id, m.screen)
	}
}

func TestInitialIDWithAnEarlierLinkAsksFirst(t *testing.T) {
	h := newHarness(t)
	o := h.options()
	o.InitialID = " " + okID + "\n"
	o.Earlier = func(string, client.LinkKind) (time.Time, time.Time, bool) {
		return spheretest.TestTime, spheretest.TestTime.Add(time.Hour), true
	}
	m := h.answer(t, update(New(o), tea.WindowSizeMsg{Width: 80, Height: 24}))
	if m.confirm.id != okID || m.field.input.Value() != okID || h.posts() != 0 {
		t.Errorf("confirm=%q value=%q link requests=%d", m.confirm.id, m.field.input.Value(), h.posts())
	}
	if q := m.confirmQuestion(); !strings.Contains(q, "made at 10:00, expires in 1h") {
		t.Errorf("question %q", q)
	}
}

func TestNoticeIsShownAtStartAndAfterAnAnswer(t *testing.T) {
	h := newHarness(t)
	o := h.options()
	var news []string
	o.Notice = func() string {
		if len(news) == 0 {
			return ""
		}
		n := news[0]
		news = news[1:]
		return n
	}
	news = []string{"The record of links (/x/audit.jsonl) has 2 damaged lines; skipped."}
	m := update(New(o), tea.WindowSizeMsg{Width: 80, Height: 24})
	if !strings.Contains(plain(m), "has 2 damaged lines; skipped.") {
		t.Errorf("at start:\n%s", plain(m))
	}
	m = update(typeText(m, okID), press("enter"))
	news = []string{"Could not write to the record of links (no space left on device);\x1b[2J kyclink carries on without it."}
	m = h.answer(t, m)
	if m.screen != screenResult || !strings.Contains(m.status, "no space left on device); kyclink carries on") || m.statusOK {
		t.Errorf("after the answer: screen=%d status=%q", m.screen, m.status)
	}
}

// A terms link the record says was made earlier today asks first, as a
// KYC link does (issue 19, item 6).
func TestATermsLinkMadeEarlierTodayAsksFirst(t *testing.T) {
	h := newHarness(t)
	o := h.options()
	made := spheretest.TestTime.Add(-18 * time.Minute) // 09:42 CET
	o.Earlier = func(id string, kind client.LinkKind) (time.Time, time.Time, bool) {
		return made, time.Time{}, id == spheretest.CustomerTermsPending && kind == client.LinkTerms
	}
	m := h.submitted(t, update(New(o), tea.WindowSizeMsg{Width: 80, Height: 24}), spheretest.CustomerTermsPending)
	if m = update(m, press("t")); !m.confirm.recorded || h.posts() != 0 {
		t.Fatalf("t: no question, %d links:\n%s", h.posts(), plain(m))
	}
	if v := flat(plain(m)); !strings.Contains(v, "A terms link was made at 09:42, its expiry not stated by Sphere. It is not kept here: make a new one?") {
		t.Errorf("question:\n%s", v)
	}
	if m = update(m, press("n")); m.confirm.asking() || h.posts() != 0 {
		t.Fatal("n made a link")
	}
	if m = h.answer(t, update(m, press("t"), press("y"))); m.screen != screenResult || h.posts() != 1 {
		t.Errorf("y: screen %d, %d links", m.screen, h.posts())
	}
	// Without an expiry it counts for an hour at most (issue 16), as a
	// session's link does: after that, t makes the link without a question.
	made = spheretest.TestTime.Add(-time.Hour - 18*time.Minute)
	m = h.submitted(t, update(New(o), tea.WindowSizeMsg{Width: 80, Height: 24}), spheretest.CustomerTermsPending)
	if m = update(m, press("t")); m.confirm.asking() || m.screen != screenLoading {
		t.Errorf("an hour and more after: asking %q", m.confirmQuestion())
	}
}

func TestALookupReadAheadIsRecordedAsSuch(t *testing.T) {
	srv := spheretest.NewTestServer(t, spheretest.Options{Seed: 42})
	var mu sync.Mutex
	var calls []client.Call
	h := newHarness(t)
	h.client = srv.NewClient(t, func(o *client.Options) {
		o.Record = func(c client.Call) {
			mu.Lock()
			defer mu.Unlock()
			calls = append(calls, c)
		}
	})
	m := h.model(80, 24)
	next, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(okID), Paste: true})
	m = update(next.(Model), runAll(cmd)...) // the read ahead the paste started
	if m.ahead.msg == nil {
		t.Fatal("nothing was read ahead")
	}
	m = update(m, press("enter"))
	h.answer(t, m)
	mu.Lock()
	defer mu.Unlock()
	if len(calls) != 2 || calls[0].Action != client.ActionCustomer || !calls[0].ReadAhead ||
		calls[1].Action != client.ActionKYCLink || calls[1].ReadAhead {
		t.Errorf("recorded: %+v", calls)
	}
}

// A lookup refused for the key or token (401: wrong, expired, revoked) is
// said at once, on the screen and in line mode: never first a question
// about an earlier link that a yes could not act on, and no link request
// (it would be refused the same).
func TestARefusedKeyOnTheLookupIsSaidBeforeAnyQuestion(t *testing.T) {
	h := newHarness(t)
	o := h.options()
	o.InitialID = spheretest.Unauthorized
	o.Earlier = func(string, client.LinkKind) (time.Time, time.Time, bool) {
		return spheretest.TestTime, spheretest.TestTime.Add(time.Hour), true
	}
	m := h.answer(t, update(New(o), tea.WindowSizeMsg{Width: 80, Height: 24}))
	if m.confirm.asking() || m.failure == nil || m.failure.Status != 401 || h.posts() != 0 {
		t.Errorf("screen: asking %q, failure %v, link requests %d:\n%s", m.confirmQuestion(), m.failure, h.posts(), plain(m))
	}
	o.Lines = true
	s := startLinesWith(t, o, context.Background())
	s.waitFor("(HTTP 401)", 1)
	if out := s.out.String(); strings.Contains(out, "was made at") || h.posts() != 0 {
		t.Errorf("line mode asked first, or sent a link request (%d):\n%s", h.posts(), out)
	}
	s.typeLine("q")
	_ = s.end()
}

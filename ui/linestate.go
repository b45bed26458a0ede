// This file owns what line mode prints: each change of the model's state
// as lines of words, and the prompt that lists the choices.

package ui

import (
	"cmp"

	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/kyclink/kyclink/client"
)

// lineState is what line mode has already said, to say only what changed.
type lineState struct {
	screen   screen
	seq      int // the request: a lookup that leads to a link is two
	current  *entry
	failure  *client.APIError
	retry    *client.Retry
	status   string
	confirm  string
	fieldErr string
	prompt   string
	moments  int    // rows of the watch's timeline already said
	watchID  string // the customer they are about
	stopped  string // the watch's end, once said
}

// report prints what changed since the last report, then the prompt; it
// reports whether it printed anything.
func (lr *lineRunner) report() bool {
	m, was, w := &lr.m, lr.last, lr.out
	now := lineState{screen: m.screen, seq: m.req.seq, current: m.current, failure: m.failure, retry: m.req.retry,
		status: m.status, confirm: m.confirm.id, fieldErr: m.field.err}
	said := false
	say := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...); said = true }
	if now.screen != was.screen || now.current != was.current || now.failure != was.failure ||
		now.screen == screenLoading && now.seq != was.seq {
		switch m.screen {
		case screenLoading:
			say("Working: %s%s. (x cancels)", lowerFirst(m.req.doing()), m.req.id)
		case screenResult:
			lr.sayLink(say)
		case screenError:
			lr.sayFailure(say)
		case screenHistory:
			lr.sayHistory(say)
		case screenSearch:
			lr.saySearch(say)
		case screenCustomer:
			say("%s", ansiStrip(m.cardBody(m.cust, 1000)))
		}
	}
	now.watchID, now.moments, now.stopped = lr.sayWatch(say)
	if now.retry != nil && now.retry != was.retry {
		r := now.retry
		say("⚠ %s: trying again %s (attempt %d of %d).", r.Cause.Heading(), client.FormatRetryWait(r.Wait, client.FormatRemainingWords), r.Attempt, r.MaxAttempts)
	}
	if now.fieldErr != "" && (now.fieldErr != was.fieldErr || now.screen != was.screen) {
		fix := ""
		if m.field.lowerFix {
			fix = ". l makes it lower case."
		}
		say("✖ %s%s", now.fieldErr, fix)
		for _, d := range m.field.sphere {
			say("✖ Sphere: %s", d)
		}
	}
	if m.field.warn != "" && now.screen == screenLoading && was.screen != screenLoading {
		say("⚠ %s", m.field.warn)
	}
	if now.status != "" && now.status != was.status && now.status != "Copying…" {
		say("%s", now.status)
	}
	if now.confirm != "" && now.confirm != was.confirm {
		say("%s", m.confirmQuestion())
	}
	now.prompt = lr.prompt()
	printed := said || now.prompt != was.prompt || now.status != was.status
	if now.prompt != "" && (said || now.prompt != was.prompt) {
		fmt.Fprint(w, now.prompt)
		lr.open = true
	}
	lr.last = now
	return printed
}

func (lr *lineRunner) sayLink(say func(string, ...any)) {
	m := &lr.m
	e := m.current
	if e.unsafe != nil {
		say("✖ Link refused for %s: %s.", e.link.CustomerID, e.unsafe)
		return
	}
	if !e.usable(m.now) {
		say("This link for %s is %s: do not send it.", e.link.CustomerID, e.state(m.now).look().word)
	}
	say("%s for %s: %s", e.label(), e.who(), e.link.URL)
	if m.cust != nil && m.cust.ID == e.link.CustomerID && m.cust.TermsNote() != "" {
		say("Note: %s.", m.cust.TermsNote())
	}
	if e.host.Expected {
		say("Host: %s, expected.", e.host.Host)
	} else {
		why := ""
		if e.host.Unusual != "" {
			why = ": it is " + e.host.Unusual
		}
		say("⚠ Host %s is not an expected host (%s)%s. Check before sending.", e.host.Host, strings.Join(m.o.ExpectedHosts, ", "), why)
	}
	switch {
	case e.usable(m.now) && !e.link.HasExpiry():
		said := strings.TrimPrefix(e.state(m.now).look().said, ", ")
		say("%s.", strings.ToUpper(said[:1])+said[1:])
	case e.usable(m.now):
		local, utc := client.FormatExpiry(e.link.ExpiresAt, m.o.Location)
		if utc != "" {
			local += " (" + utc + ")"
		}
		if note := client.ExpirySourceNote(e.link); note != "" {
			local += ", " + note
		}
		if _, under := e.link.Nearness(m.now); under != "" { // as the screen's ‼ and ⚠
			local = "under " + under + " left, on " + local
		} else {
			local = "on " + local
		}
		say("Expires in %s, %s.", client.FormatRemainingWords(e.link.Remaining(m.now)), local)
	}
	if note := client.ClockNote(e.link); note != "" {
		say("%s.", note)
	}
}

func (lr *lineRunner) sayFailure(say func(string, ...any)) {
	m := &lr.m
	e := m.failure
	say("✖ %s, for %s", e.Heading(), m.failedID)
	title, detail := e.Summary()
	for _, s := range []string{title, detail} {
		if s != "" {
			say("  %s", strings.ReplaceAll(s, "\n", "\n  "))
		}
	}
	for _, fe := range e.Errors {
		if f := fe.Field(); f != "" {
			say("  Field %s: %s", f, fe.Detail)
		} else {
			say("  %s", fe.Detail)
		}
	}
	if e.Code != "" {
		say("Code: %s", e.Code)
	}
	if e.CorrelationID != "" {
		say("Correlation ID: %s", e.CorrelationID)
	}
	if hint := m.hintWords(e); hint != "" {
		say("%s", hint)
	}
}

func (lr *lineRunner) sayHistory(say func(string, ...any)) {
	m := &lr.m
	say("Links made in this session, newest first:")
	for i, e := range m.sess.history {
		say("%d) %s, %s link for %s: %s", i+1, e.link.ReceivedAt.In(m.o.Location).Format("15:04"), e.kind(), e.who(), e.stateSaid(m.now))
	}
}

func (lr *lineRunner) saySearch(say func(string, ...any)) {
	s := lr.m.search
	p := s.page
	say("Customers matching “%s”: %d, page %d of %d.", s.query, p.Total, p.Page, max(p.TotalPages, 1))
	if p.EveryWord != nil {
		say("%s.", upperFirst(p.EveryWord.Note()))
	}
	for i, c := range p.Customers {
		say("%d) %s, %s, %s, %s", i+1, c.Name(), cmp.Or(c.Type, "type not stated"), c.KYCStatus(), strings.Join(nonEmpty(c.Email, c.ID), ", "))
	}
}

// who names a link's customer: the name, when the lookup gave one, and
// the ID.
func (e *entry) who() string {
	if e.name == "" {
		return e.link.CustomerID
	}
	return e.name + " (" + e.link.CustomerID + ")"
}

// prompt lists what the agent can type now, "" while a request runs.
func (lr *lineRunner) prompt() string {
	m := &lr.m
	switch {
	case m.screen == screenLoading:
		return ""
	case m.confirm.unusual != "":
		return "Choose: y looks it up, n edits it: "
	case m.confirm.code != "":
		return "Choose: y sends another code, n keeps the first: "
	case m.confirm.why != "":
		return "Choose: y makes it anyway, n makes none: "
	case m.confirm.recorded:
		return "Choose: y makes a new one, n cancels: "
	case m.confirm.asking() && m.screen == screenInput:
		return "Choose: enter shows the current link, y makes a new one, n cancels: "
	case m.confirm.asking():
		return "Choose: y makes a new link, n keeps this one: "
	case m.screen == screenInput:
		return "Customer ID, email or name (h history, q quit): "
	case m.screen == screenResult && m.followsOn():
		return "Choose: k KYC link now, c copy, r new link, s show the QR code, b back to the card, n next customer, h history, q quit: "
	case m.screen == screenResult:
		return "Choose: c copy, r new link, s show the QR code, b back to the card, n next customer, h history, q quit: "
	case m.screen == screenHistory:
		return "Number to open, b back, q quit: "
	case m.screen == screenSearch:
		return searchPrompt(m.search.page)
	case m.screen == screenCustomer:
		return lr.cardPrompt()
	}
	choices := []string{}
	if m.keys.Retry.Enabled() {
		choices = append(choices, "r "+m.keys.Retry.Help().Desc)
	}
	choices = append(choices, "n edit the ID")
	if m.keys.CopyCorrelation.Enabled() {
		choices = append(choices, "y copy the correlation ID")
	}
	return "Choose: " + strings.Join(append(choices, "q quit"), ", ") + ": "
}

// searchPrompt offers the page choices only where there is another page.
func searchPrompt(p client.CustomerPage) string {
	choices := []string{"Number to open"}
	if p.HasNext {
		choices = append(choices, "> next page")
	}
	if p.HasPrevious {
		choices = append(choices, "< previous page")
	}
	if len(p.Customers) == 0 {
		choices = choices[1:]
	}
	return strings.Join(append(choices, "n new search", "q quit"), ", ") + ": "
}

// cardPrompt offers the card's links, and b when the card was opened from
// the results on screen.
func (lr *lineRunner) cardPrompt() string {
	m := &lr.m
	choices := []string{"k KYC link"}
	if m.keys.TermsLink.Enabled() {
		choices = []string{"t terms link", "k KYC link"}
	}
	for _, h := range []struct {
		on   bool
		what string
	}{{m.keys.SendEmail.Enabled(), "o email code"}, {m.keys.SendPhone.Enabled(), "p phone code"}, {m.keys.FaceLink.Enabled(), "f face link"}} {
		if h.on {
			choices = append(choices, h.what)
		}
	}
	if m.cust != nil && m.search.has(m.cust.ID) {
		choices = append(choices, "b back to the results")
	}
	return "Choose: " + strings.Join(append(choices, "n new customer", "h history", "q quit"), ", ") + ": "
}

// printQR prints the QR code once, when asked: it is many lines a screen
// reader would read out.
func (lr *lineRunner) printQR() {
	m := &lr.m
	e := m.current
	if notice := e.qrNotice(m.now); notice != "" {
		fmt.Fprintln(lr.out, notice)
		return
	}
	fmt.Fprintln(lr.out, e.qr.paint(qrPreference[0]))
	lr.last.prompt = "" // say the choices again under the code
}

func ansiStrip(s string) string { return ansi.Strip(s) }

// sayWatch says each change the watch saw since the last report, one line
// each, with the next step after the last; and the watch's end once.
func (lr *lineRunner) sayWatch(say func(string, ...any)) (id string, moments int, stopped string) {
	m, was, w := &lr.m, lr.last, lr.m.watch
	from := was.moments
	if was.watchID != w.id {
		from = 0
	}
	if w.id != "" && w.id != was.watchID && w.stopped == "" { // once a customer, as the screen's status row says it
		say("Following %s: checked every %s; each change is said on a line of its own.", w.id, client.FormatRemainingWords(m.o.Watch))
	}
	ended := w.stopped != "" && (w.stopped != was.stopped || was.watchID != w.id)
	if (from < len(w.timeline) || ended) && lr.open {
		fmt.Fprintln(lr.out)
		lr.open = false
	}
	// The timeline keeps the newest changes only: from counts every one.
	for i := max(from-(w.seen-len(w.timeline)), 0); i < len(w.timeline); i++ {
		line := w.timeline[i].at.In(m.o.Location).Format("15:04") + " " + w.id + ": " + w.timeline[i].text + "."
		if i == len(w.timeline)-1 && w.next != "" {
			line += " " + w.next
		}
		say("%s", line)
	}
	if ended {
		say("Watch %s.", w.stopped)
	}
	return w.id, w.seen, w.stopped
}

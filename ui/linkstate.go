// This file owns what each state of a link looks and reads like: one row per
// state, read by the result screen, the history, the QR layout and the copy
// refusal alike, whatever kind of link it is.

package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/theme"
)

// linkState is what a link is now.
type linkState int

const (
	stateValid linkState = iota
	stateExpiring
	stateDanger
	stateExpired
	stateSuperseded
	stateUnsafe
	// A link whose expiry nobody stated: taken to work, and offered again
	// for client.AssumedLife after it arrived; stale after that.
	stateUnstated
	stateStale
)

// stateLook is how one state shows. In the texts, %s stands for the
// remaining time (countdown) or for the reason a link was refused (unsafe).
type stateLook struct {
	glyph string
	word  string // in the history: "valid", "expiring", …
	style func(theme.Styles) lipgloss.Style
	// usable links may be shown as a QR code, copied and clicked.
	usable bool
	// reoffer: the link is offered again ("show it, or make a new one?")
	// rather than replaced without a question.
	reoffer bool
	// counts: the link has a countdown to tick.
	counts bool
	// under: the Expires line says which threshold of its kind the link
	// is under, "(under 1 hour)" (client.Link.Nearness).
	under    bool
	expires  string // the result screen's Expires line
	qrNotice string // why no QR code is shown
	refusal  string // why a copy is refused
	left     string // the history's column after the word, while usable
	said     string // line mode's history, after the word, while usable
	validFor string // the question before a new link, of the current one
}

// stale is what is said of a link without an expiry after AssumedLife.
const stale = "; made over an hour ago, it may no longer work"

var stateLooks = [...]stateLook{
	stateValid: {glyph: "●", word: "valid", usable: true, reoffer: true, counts: true, expires: "in %s",
		left: "%s", said: ", %s left", validFor: "valid for %s more",
		style: func(s theme.Styles) lipgloss.Style { return s.Countdown }},
	stateExpiring: {glyph: "⚠", word: "expiring", usable: true, reoffer: true, counts: true, expires: "⚠ in %s", under: true,
		left: "%s", said: ", %s left", validFor: "valid for %s more",
		style: func(s theme.Styles) lipgloss.Style { return s.CountdownWarning }},
	stateDanger: {glyph: "‼", word: "expiring", usable: true, reoffer: true, counts: true, expires: "‼ in %s", under: true,
		left: "%s", said: ", %s left", validFor: "valid for %s more",
		style: func(s theme.Styles) lipgloss.Style { return s.CountdownDanger }},
	stateExpired: {glyph: "✖", word: "expired", expires: "✖ EXPIRED · r regenerates",
		qrNotice: "QR code removed: the link has expired.",
		refusal:  "this link has expired. Press r to regenerate.",
		style:    func(s theme.Styles) lipgloss.Style { return s.Expired }},
	stateSuperseded: {glyph: "↺", word: "superseded", expires: "↺ SUPERSEDED: a newer link exists; this one may no longer work",
		qrNotice: "No QR code: a newer link exists for this customer.",
		refusal:  "a newer link exists for this customer.",
		style:    func(s theme.Styles) lipgloss.Style { return s.Expired }},
	stateUnsafe: {glyph: "✖", word: "refused", expires: "✖ Link refused: %s",
		qrNotice: "No QR code: %s.",
		refusal:  "%s",
		style:    func(s theme.Styles) lipgloss.Style { return s.Expired }},
	stateUnstated: {glyph: "●", word: "valid", usable: true, reoffer: true, expires: client.ExpiryNotStated,
		left: "no expiry", said: ", " + client.ExpiryNotStated, validFor: client.ExpiryNotStated,
		style: func(s theme.Styles) lipgloss.Style { return s.Countdown }},
	stateStale: {glyph: "?", word: "unknown", usable: true, expires: "? " + client.ExpiryNotStated + stale + " · r makes a new one",
		left: "over 1h", said: ", " + client.ExpiryNotStated + stale,
		style: func(s theme.Styles) lipgloss.Style { return s.CountdownWarning }},
}

// look is the row of a state.
func (s linkState) look() stateLook { return stateLooks[s] }

// state is what an entry is at local time now.
func (e *entry) state(now time.Time) linkState {
	switch {
	case e.unsafe != nil:
		return stateUnsafe
	case e.superseded:
		return stateSuperseded
	case !e.link.HasExpiry() && e.link.Reoffer(now):
		return stateUnstated
	case !e.link.HasExpiry():
		return stateStale
	case e.link.Remaining(now) <= 0:
		return stateExpired
	}
	// How near is near depends on the kind: an hour is a KYC link's last,
	// and a terms link's whole life.
	switch near, _ := e.link.Nearness(now); near {
	case client.VeryNear:
		return stateDanger
	case client.Near:
		return stateExpiring
	}
	return stateValid
}

// usable reports whether the entry may be shown as QR, copied and clicked.
func (e *entry) usable(now time.Time) bool { return e.state(now).look().usable }

// reoffered reports whether the entry is offered again before a new link
// is made: it can be sent, and is not too old to trust.
func (e *entry) reoffered(now time.Time) bool { return e.state(now).look().reoffer }

// counts reports whether the entry has a countdown running.
func (e *entry) counts(now time.Time) bool { return e.state(now).look().counts }

// fill puts the remaining time, in the form format gives it, or the
// refusal's reason, into a text.
func (e *entry) fill(text string, now time.Time, format func(time.Duration) string) string {
	if !strings.Contains(text, "%s") {
		return text
	}
	arg := format(e.link.Remaining(now))
	if e.unsafe != nil {
		arg = e.unsafe.Error()
	}
	return strings.Replace(text, "%s", arg, 1)
}

// validFor is how long the link stays valid, for the question before a
// new one: "valid for 27d 23h 59m 58s more", worded by format.
func (e *entry) validFor(now time.Time, format func(time.Duration) string) string {
	return e.fill(e.state(now).look().validFor, now, format)
}

// expiresLine is the result screen's countdown, in words, glyph and
// colour, wrapped to w cells. A link whose expiry nobody stated says so
// rather than count.
func (e *entry) expiresLine(st theme.Styles, now time.Time, w int) string {
	l := e.state(now).look()
	text := e.fill(l.expires, now, client.FormatRemaining)
	if _, under := e.link.Nearness(now); l.under && under != "" {
		text += " (under " + under + ")"
	}
	return l.style(st).Render(wrap(text, w))
}

// stateLabel is the history's column: glyph, word, and the time left while
// the link can still be sent.
func (e *entry) stateLabel(st theme.Styles, now time.Time) string {
	l := e.state(now).look()
	text := l.glyph + " " + l.word
	if l.usable {
		text = fmt.Sprintf("%s %-9s%s", l.glyph, l.word, e.fill(l.left, now, client.FormatRemainingShort))
	}
	return l.style(st).Render(text)
}

// stateSaid is line mode's history entry: the word, and the time left in
// words while the link can still be sent.
func (e *entry) stateSaid(now time.Time) string {
	l := e.state(now).look()
	if !l.usable {
		return l.word
	}
	return l.word + e.fill(l.said, now, client.FormatRemainingWords)
}

// qrNotice says why the entry shows no QR code, "" when it may.
func (e *entry) qrNotice(now time.Time) string {
	return e.fill(e.state(now).look().qrNotice, now, client.FormatRemaining)
}

// copyRefusal says why the entry may not be copied, "" when it may.
func (e *entry) copyRefusal(now time.Time) string {
	if r := e.state(now).look().refusal; r != "" {
		return "✖ Copy refused: " + e.fill(r, now, client.FormatRemaining)
	}
	return ""
}

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
)

// stateLook is how one state shows. In the texts, %s stands for the
// remaining time (countdown) or for the reason a link was refused (unsafe).
type stateLook struct {
	glyph string
	word  string // in the history: "valid", "expiring", …
	style func(theme.Styles) lipgloss.Style
	// usable links may be shown as a QR code, copied and clicked.
	usable   bool
	expires  string // the result screen's Expires line
	qrNotice string // why no QR code is shown
	refusal  string // why a copy is refused
}

var stateLooks = [...]stateLook{
	stateValid: {glyph: "●", word: "valid", usable: true, expires: "in %s",
		style: func(s theme.Styles) lipgloss.Style { return s.Countdown }},
	stateExpiring: {glyph: "⚠", word: "expiring", usable: true, expires: "⚠ in %s (under 24 hours)",
		style: func(s theme.Styles) lipgloss.Style { return s.CountdownWarning }},
	stateDanger: {glyph: "‼", word: "expiring", usable: true, expires: "‼ in %s (under 1 hour)",
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
}

// look is the row of a state.
func (s linkState) look() stateLook { return stateLooks[s] }

// state is what an entry is at local time now.
func (e *entry) state(now time.Time) linkState {
	switch left := e.link.Remaining(now); {
	case e.unsafe != nil:
		return stateUnsafe
	case e.superseded:
		return stateSuperseded
	case left <= 0:
		return stateExpired
	case left < time.Hour:
		return stateDanger
	case left < 24*time.Hour:
		return stateExpiring
	}
	return stateValid
}

// usable reports whether the entry may be shown as QR, copied and clicked.
func (e *entry) usable(now time.Time) bool { return e.state(now).look().usable }

// fill puts the remaining time, or the refusal's reason, into a text.
func (e *entry) fill(text string, now time.Time) string {
	arg := client.FormatRemaining(e.link.Remaining(now))
	if e.unsafe != nil {
		arg = e.unsafe.Error()
	}
	return strings.Replace(text, "%s", arg, 1)
}

// timeLeft is how long the link stays valid, in words for a question.
func (e *entry) timeLeft(now time.Time) string {
	if !e.link.HasExpiry() {
		return "as long as Sphere keeps it (no expiry stated)"
	}
	return client.FormatRemaining(e.link.Remaining(now))
}

// expiresLine is the result screen's countdown, in words, glyph and
// colour, wrapped to w cells. A link whose expiry Sphere did not state
// says so rather than count.
func (e *entry) expiresLine(st theme.Styles, now time.Time, w int) string {
	l := e.state(now).look()
	text := e.fill(l.expires, now)
	if l.usable && !e.link.HasExpiry() {
		text = client.ExpiryNotStated
	}
	return l.style(st).Render(wrap(text, w))
}

// stateLabel is the history's column: glyph, word, and the time left while
// the link can still be sent.
func (e *entry) stateLabel(st theme.Styles, now time.Time) string {
	l := e.state(now).look()
	text := l.glyph + " " + l.word
	switch {
	case l.usable && !e.link.HasExpiry():
		text = fmt.Sprintf("%s %-9s%s", l.glyph, l.word, "no expiry")
	case l.usable:
		text = fmt.Sprintf("%s %-9s%s", l.glyph, l.word, client.FormatRemainingShort(e.link.Remaining(now)))
	}
	return l.style(st).Render(text)
}

// qrNotice says why the entry shows no QR code, "" when it may.
func (e *entry) qrNotice(now time.Time) string {
	return e.fill(e.state(now).look().qrNotice, now)
}

// copyRefusal says why the entry may not be copied, "" when it may.
func (e *entry) copyRefusal(now time.Time) string {
	if r := e.state(now).look().refusal; r != "" {
		return "✖ Copy refused: " + e.fill(r, now)
	}
	return ""
}

// This file owns the plain-text wording of a link's expiry, shared by the
// one-shot command's stderr and the interactive app.

package client

import (
	"fmt"
	"strings"
	"time"
)

// ExpiryNotStated is what is said of a link whose expiry is not known
// (a terms link in the older shape, without a token), in place of a time
// or a countdown.
const ExpiryNotStated = "expiry not stated by Sphere"

// ExpiryFromTokenNote is what is said of an expiry read from the link's
// own token rather than stated by Sphere.
const ExpiryFromTokenNote = "from the link's token"

// ExpirySource is where a link's expiry comes from.
type ExpirySource int

const (
	ExpiryStated    ExpirySource = iota // Sphere's expiresAt
	ExpiryFromToken                     // the exp claim of the link's token
	ExpiryNone                          // nowhere: not known
)

var expirySourceNames = [...]string{ExpiryStated: "sphere", ExpiryFromToken: "token", ExpiryNone: "none"}

// String is the source's stable machine name, for JSON and the debug log:
// "sphere", "token", "none".
func (s ExpirySource) String() string {
	if s < 0 || int(s) >= len(expirySourceNames) {
		return "unknown"
	}
	return expirySourceNames[s]
}

// Source is where the link's expiry comes from; ExpiryNone when it has none.
func (l Link) Source() ExpirySource {
	if !l.HasExpiry() {
		return ExpiryNone
	}
	return l.ExpiresFrom
}

// ExpirySourceNote is what is said beside a link's expiry about where it
// comes from: "" when Sphere stated it, ExpiryFromTokenNote when the
// link's token did, ExpiryNotStated when nothing did.
func ExpirySourceNote(l Link) string {
	switch l.Source() {
	case ExpiryFromToken:
		return ExpiryFromTokenNote
	case ExpiryNone:
		return ExpiryNotStated
	}
	return ""
}

// FormatRemaining renders a duration as "27d 23h 59m 58s", dropping leading
// zero units ("59m 58s", "7s"). It rounds down to whole seconds, so a link
// shows "0s" only in its last second; negative durations render as "0s".
// NoExpiry (Remaining of a link without an expiry) is ExpiryNotStated.
func FormatRemaining(d time.Duration) string {
	switch {
	case d == NoExpiry:
		return ExpiryNotStated
	case d < time.Second:
		return "0s"
	}
	secs := int64(d / time.Second)
	units := []struct {
		n      int64
		suffix string
	}{
		{secs / 86400, "d"}, {secs / 3600 % 24, "h"}, {secs / 60 % 60, "m"}, {secs % 60, "s"},
	}
	var b strings.Builder
	for _, u := range units {
		if u.n == 0 && b.Len() == 0 {
			continue // leading zero units are dropped; inner ones stay
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%d%s", u.n, u.suffix)
	}
	return b.String()
}

// FormatRetryWait says when a retry will be sent, after "trying again":
// "in 2s" or "in 2 seconds" (to the nearest second, in the form format
// gives it), "in under a second", or "now" when there is no wait. A wait
// under a second is common (backoff), and "in 0s" reads like a fault.
func FormatRetryWait(d time.Duration, format func(time.Duration) string) string {
	switch {
	case d <= 0:
		return "now"
	case d < time.Second:
		return "in under a second"
	}
	return "in " + format(d.Round(time.Second))
}

// FormatRemainingShort is FormatRemaining cut to its two largest units
// ("27d 23h", "59m 58s"), for lists where every cell counts.
func FormatRemainingShort(d time.Duration) string {
	if d == NoExpiry {
		return FormatRemaining(d)
	}
	parts := strings.Fields(FormatRemaining(d))
	return strings.Join(parts[:min(len(parts), 2)], " ")
}

// FormatRemainingWords is the time left in words, its two largest units
// ("27 days 23 hours", "1 minute 30 seconds"), for line mode and screen
// readers.
func FormatRemainingWords(d time.Duration) string {
	if d == NoExpiry {
		return FormatRemaining(d)
	}
	names := map[byte][2]string{'d': {"day", "days"}, 'h': {"hour", "hours"}, 'm': {"minute", "minutes"}, 's': {"second", "seconds"}}
	var words []string
	for _, p := range strings.Fields(FormatRemainingShort(d)) {
		n, unit := p[:len(p)-1], names[p[len(p)-1]]
		if n == "0" && len(words) > 0 {
			continue // "28 days", not "28 days 0 hours"
		}
		if n == "1" {
			words = append(words, n+" "+unit[0])
		} else {
			words = append(words, n+" "+unit[1])
		}
	}
	return strings.Join(words, " ")
}

// FormatExpiry gives an expiry in local time and in UTC, for the agent who
// tells a customer "it works until …". When local time is UTC (or another
// zone at offset zero), utc is "": the same time is said once. A zero time
// (no expiry stated) is ExpiryNotStated, with utc "".
func FormatExpiry(t time.Time, loc *time.Location) (local, utc string) {
	if t.IsZero() {
		return ExpiryNotStated, ""
	}
	if loc == nil {
		loc = time.Local
	}
	lt := t.In(loc)
	if _, offset := lt.Zone(); offset == 0 {
		return t.UTC().Format("Mon 2 Jan 2006 15:04:05 UTC"), ""
	}
	return lt.Format("Mon 2 Jan 2006 15:04:05 MST"), t.UTC().Format("2006-01-02 15:04:05 UTC")
}

// ClockNote is what the agent is told when Sphere's clock is too far from
// this computer's to count on (Link.ServerClockOff), "" otherwise.
// The TUI shows it under the expiry, the one-shot command on stderr.
// A link without an expiry has no countdown to run on either clock.
func ClockNote(l Link) string {
	off, untrusted := l.ServerClockOff()
	if !untrusted || !l.HasExpiry() {
		return ""
	}
	return "Sphere's clock is off by " + formatClockOffset(off) + ": counting on this computer's clock"
}

// formatClockOffset is a clock's error in the largest unit that reads
// well: "36 years", "3 days", "2h 15m".
func formatClockOffset(d time.Duration) string {
	d = d.Abs()
	const day, year = 24 * time.Hour, 365 * 24 * time.Hour
	plural := func(n int64, unit string) string {
		if n == 1 {
			return "1 " + unit
		}
		return fmt.Sprintf("%d %ss", n, unit)
	}
	switch {
	case d >= year:
		return plural(int64(d/year), "year")
	case d >= 2*day:
		return plural(int64(d/day), "day")
	}
	return fmt.Sprintf("%dh %dm", int64(d/time.Hour), int64(d/time.Minute)%60)
}

// Nearness is how close a link is to its expiry, by the measure of its
// kind: the countdown's warning and danger.
type Nearness int

const (
	NotNear  Nearness = iota // no warning yet (or no expiry, or expired)
	Near                     // under the kind's warning threshold
	VeryNear                 // under the kind's danger threshold
)

// threshold is a point in a link's countdown, with how it is said.
type threshold struct {
	left  time.Duration
	words string // "24 hours": the countdown reads "(under 24 hours)"
}

// nearThresholds holds, per kind, when a countdown turns to a warning and
// to danger. A KYC link lives 28 days and the customer needs a while to
// finish the check, so under a day warns and under an hour is urgent; a
// terms link lives an hour and is accepted in a click, so measuring it by
// the KYC link's hours would cry wolf from the moment it is made.
var nearThresholds = [...][VeryNear + 1]threshold{
	LinkKYC:   {Near: {24 * time.Hour, "24 hours"}, VeryNear: {time.Hour, "1 hour"}},
	LinkTerms: {Near: {15 * time.Minute, "15 minutes"}, VeryNear: {5 * time.Minute, "5 minutes"}},
}

// Nearness is how close the link is to its expiry at local time now, and
// the threshold it is under in words ("1 hour"), "" when NotNear. A link
// without an expiry, or already expired, is NotNear.
func (l Link) Nearness(now time.Time) (Nearness, string) {
	left := l.Remaining(now)
	if !l.HasExpiry() || left <= 0 || int(l.Kind) >= len(nearThresholds) {
		return NotNear, ""
	}
	th := nearThresholds[l.Kind]
	for _, n := range []Nearness{VeryNear, Near} {
		if left < th[n].left {
			return n, th[n].words
		}
	}
	return NotNear, ""
}

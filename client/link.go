package client

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"

	"golang.org/x/net/idna"
)

// MaxLinkLen is the longest link kyclink accepts from Sphere.
const MaxLinkLen = 2048

// Link is a regenerated hosted KYC link, checked and safe to show.
type Link struct {
	CustomerID string
	URL        string
	ExpiresAt  time.Time
	// ServerDate is the response's Date header, zero when it had none.
	ServerDate time.Time
	// ReceivedAt is the local clock when the response arrived.
	ReceivedAt time.Time
}

// MaxClockSkew is how far the server's clock may be from ours and still be
// trusted for a link's countdown. A Date header further off (a server
// whose clock says 1990, or 2100) is a broken clock, not a time zone: the
// countdown then runs on the local clock.
const MaxClockSkew = time.Hour

// offset is ServerDate − ReceivedAt; ok is false without a Date header.
func (l Link) offset() (d time.Duration, ok bool) {
	if l.ServerDate.IsZero() || l.ReceivedAt.IsZero() {
		return 0, false
	}
	return l.ServerDate.Sub(l.ReceivedAt), true
}

// serverClockTrusted reports whether the response had a Date header
// within MaxClockSkew of the local clock.
func (l Link) serverClockTrusted() bool {
	d, ok := l.offset()
	return ok && d.Abs() <= MaxClockSkew
}

// ServerClockOff reports how far the server's clock is from ours when it
// is too far off to be trusted (more than MaxClockSkew either way), and
// whether it is: the countdown then ignores the server's clock, and the
// agent should be told so.
func (l Link) ServerClockOff() (time.Duration, bool) {
	d, ok := l.offset()
	if !ok || l.serverClockTrusted() {
		return 0, false
	}
	return d, true
}

// Skew is how far the server's clock runs ahead of ours (negative when it
// runs behind), taken once from the response; zero without a Date header,
// within the header's resolution, or when the server's clock is too far
// off to be trusted (see ServerClockOff).
func (l Link) Skew() time.Duration {
	skew, _ := l.offset()
	// Date has one-second resolution: a smaller difference is rounding,
	// not a wrong clock, and "correcting" it would make a fresh 28-day
	// link read "28d 0h 0m 0s".
	if !l.serverClockTrusted() || skew.Abs() < 2*time.Second {
		return 0
	}
	return skew
}

// Remaining is how long the link stays valid at local time now, judged on
// the server's clock when it can be trusted.
func (l Link) Remaining(now time.Time) time.Duration {
	return l.ExpiresAt.Sub(now.Add(l.Skew()))
}

// expiredOnArrival reports whether the link had expired by either clock
// when it arrived: the local one, and the server's when it is trusted.
func (l Link) expiredOnArrival() bool {
	return !l.ExpiresAt.After(l.ReceivedAt) || l.serverClockTrusted() && !l.ExpiresAt.After(l.ServerDate)
}

// CheckLinkURL says why a link must not be shown, copied or encoded, or nil
// when it is a plain absolute https URL with a host, no user info, no
// control or space characters, and at most MaxLinkLen characters.
func CheckLinkURL(s string) error {
	if s == "" {
		return errors.New("the link is empty")
	}
	if len(s) > MaxLinkLen {
		return fmt.Errorf("the link is %d characters long, more than %d", len(s), MaxLinkLen)
	}
	for _, r := range s {
		if r <= ' ' || r == 0x7f || unicode.IsSpace(r) || unicode.IsControl(r) || dropRune(r) || r == unicode.ReplacementChar {
			return errors.New("the link contains spaces or control characters")
		}
	}
	u, err := url.Parse(s)
	if err != nil {
		return errors.New("the link is not a valid URL")
	}
	switch {
	case u.Scheme != "" && u.Scheme != "https":
		return fmt.Errorf("the link is not https (scheme %q)", clip(u.Scheme, 20))
	case !u.IsAbs() || u.Opaque != "" || len(s) < 8 || !strings.EqualFold(s[:8], "https://"):
		return errors.New("the link is not an absolute https URL")
	case u.User != nil:
		return errors.New("the link carries user information")
	case u.Hostname() == "":
		return errors.New("the link has no host")
	}
	return nil
}

// LinkHost returns the host of a checked link in ASCII, international
// names in punycode, so an agent can read it out unambiguously.
func LinkHost(link string) (string, error) {
	u, err := url.Parse(link)
	if err != nil || u.Hostname() == "" {
		return "", errors.New("the link has no host")
	}
	h, err := idna.Lookup.ToASCII(strings.ToLower(u.Hostname()))
	if err != nil {
		return "", fmt.Errorf("the link's host is not a valid name: %w", err)
	}
	return h, nil
}

// HostIn reports whether host is one of domains or a subdomain of one.
func HostIn(host string, domains []string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	for _, d := range domains {
		d = strings.TrimPrefix(strings.TrimSuffix(strings.ToLower(strings.TrimSpace(d)), "."), ".")
		if d != "" && (host == d || strings.HasSuffix(host, "."+d)) {
			return true
		}
	}
	return false
}

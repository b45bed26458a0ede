package client

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

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

// Skew is how far the server's clock runs ahead of ours (negative when it
// runs behind), taken once from the response; zero without a Date header
// or when within the header's resolution.
func (l Link) Skew() time.Duration {
	if l.ServerDate.IsZero() || l.ReceivedAt.IsZero() {
		return 0
	}
	skew := l.ServerDate.Sub(l.ReceivedAt)
	// Date has one-second resolution: a smaller difference is rounding,
	// not a wrong clock, and "correcting" it would make a fresh 28-day
	// link read "28d 0h 0m 0s".
	if skew > -2*time.Second && skew < 2*time.Second {
		return 0
	}
	return skew
}

// Remaining is how long the link stays valid at local time now, judged on
// the server's clock.
func (l Link) Remaining(now time.Time) time.Duration {
	return l.ExpiresAt.Sub(now.Add(l.Skew()))
}

// CheckLinkURL says why a link must not be shown, copied or encoded, or nil
// when it is a plain absolute https URL with a host, no user info, made of
// printable ASCII only (0x21-0x7E), and at most MaxLinkLen characters.
//
// Printable ASCII is the whole of what a link may hold: anything else (a
// soft hyphen, a tag or variation selector, a Hangul filler) could be
// invisible on screen yet copied with the link. The refusal names the
// first such character and its position, counted in characters from 1.
func CheckLinkURL(s string) error {
	if s == "" {
		return errors.New("the link is empty")
	}
	if len(s) > MaxLinkLen {
		return fmt.Errorf("the link is %d characters long, more than %d", len(s), MaxLinkLen)
	}
	for i, pos := 0, 1; i < len(s); pos++ {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return fmt.Errorf("the link contains the byte 0x%02X, which is not UTF-8, at position %d; only printable ASCII is allowed", s[i], pos)
		case r < 0x21 || r > 0x7e:
			return fmt.Errorf("the link contains U+%04X at position %d; only printable ASCII is allowed", r, pos)
		}
		i += size
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

// This file owns the Link and what makes one safe to show: the checks of
// its URL, the warning about its host, and the clocks its expiry is read by.

package client

import (
	"errors"
	"fmt"
	"math"
	"net/netip"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// MaxLinkLen is the longest link kyclink accepts from Sphere.
const MaxLinkLen = 2048

// LinkKind is which of Sphere's links a Link is.
type LinkKind int

const (
	LinkKYC   LinkKind = iota // the hosted KYC link (POST …/kyc-link)
	LinkTerms                 // the terms-of-service acceptance link (POST …/tos-link)
	LinkFace                  // the hosted face (liveness) check link (POST …/face-verification-link)
)

// String is the kind as a screen or a line names it: "KYC link",
// "terms link", "face verification link".
func (k LinkKind) String() string {
	switch k {
	case LinkTerms:
		return "terms link"
	case LinkFace:
		return "face verification link"
	}
	return "KYC link"
}

// Link is a link from Sphere for a customer, checked and safe to show: a
// hosted KYC link, or a terms link.
type Link struct {
	Kind       LinkKind
	CustomerID string
	URL        string
	// ExpiresAt is zero when no expiry is known (a terms link in the
	// older shape without a token): see HasExpiry.
	ExpiresAt time.Time
	// ExpiresFrom says where ExpiresAt comes from: Sphere's expiresAt
	// (the zero value), or the link's own token.
	ExpiresFrom ExpirySource
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

// HasExpiry reports whether the link's expiry is known: stated by Sphere
// or by the link's token. Without one, say ExpiryNotStated rather than
// invent one.
func (l Link) HasExpiry() bool { return !l.ExpiresAt.IsZero() }

// NoExpiry is what Remaining returns for a link without a stated expiry:
// longer than any countdown, so such a link never reads as expired, and
// FormatRemaining writes it as ExpiryNotStated.
const NoExpiry = time.Duration(math.MaxInt64)

// Remaining is how long the link stays valid at local time now, judged on
// the server's clock when it can be trusted; NoExpiry without an expiry.
func (l Link) Remaining(now time.Time) time.Duration {
	if !l.HasExpiry() {
		return NoExpiry
	}
	return l.ExpiresAt.Sub(now.Add(l.Skew()))
}

// AssumedLife is how long a link without a known expiry is taken to work
// for the question whether to show it again rather than make a new one:
// the documented example terms token lives one hour.
const AssumedLife = time.Hour

// Reoffer reports whether the link may be offered again at local time now
// instead of a new one: until it expires, or for AssumedLife after it
// arrived when its expiry is not known.
func (l Link) Reoffer(now time.Time) bool {
	if !l.HasExpiry() {
		return now.Sub(l.ReceivedAt) < AssumedLife
	}
	return l.Remaining(now) > 0
}

// expiredOnArrival reports whether the link had expired by either clock
// when it arrived: the local one, and the server's when it is trusted. A
// link without an expiry never has.
func (l Link) expiredOnArrival() bool {
	if !l.HasExpiry() {
		return false
	}
	return !l.ExpiresAt.After(l.ReceivedAt) || l.serverClockTrusted() && !l.ExpiresAt.After(l.ServerDate)
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

// HostCheck is what an agent is told about a link's host.
type HostCheck struct {
	// Host is the host to read out: printable ASCII, never empty. A valid
	// name is in lower case, an international one in punycode; an IPv6
	// address is in brackets; anything else is the host as it stands,
	// with any character outside printable ASCII shown as \u{…}.
	Host string
	// Expected is true only for a valid DNS name on one of the expected
	// domains; never for an IP address, even a listed one.
	Expected bool
	// Unusual says why the host cannot be expected whatever the list
	// ("an IP address", "a name with an underscore", "not a valid host
	// name", "missing"), "" for a valid name; it reads after "it is".
	Unusual string
}

// CheckLinkHost decides how a link's host is shown and whether it gets a
// warning. It never fails: a host that does not convert to ASCII is shown
// as it is, and warned about.
func CheckLinkHost(link string, domains []string) HostCheck {
	u, err := url.Parse(link)
	if err != nil || u.Hostname() == "" {
		return HostCheck{Host: "(none)", Unusual: "missing"}
	}
	raw := strings.ToLower(u.Hostname())
	switch {
	case isIPLiteral(raw):
		if strings.Contains(raw, ":") {
			raw = "[" + raw + "]"
		}
		return HostCheck{Host: escapeNonASCII(raw), Unusual: "an IP address"}
	case strings.Contains(raw, "_"):
		return HostCheck{Host: escapeNonASCII(raw), Unusual: "a name with an underscore"}
	}
	h, err := hostProfile.ToASCII(raw)
	if err != nil || h != raw && toUnicode(h) != raw {
		// Refused, or valid only once mapped (a zero-width space dropped,
		// a fullwidth letter folded): not the name as written.
		return HostCheck{Host: escapeNonASCII(raw), Unusual: "not a valid host name"}
	}
	return HostCheck{Host: escapeNonASCII(h), Expected: HostIn(h, domains)}
}

// hostProfile is IDNA for lookup, strict: no empty or over-long labels,
// letters, digits and hyphens only.
var hostProfile = idna.New(idna.MapForLookup(), idna.BidiRule(), idna.VerifyDNSLength(true),
	idna.StrictDomainName(true), idna.CheckHyphens(true), idna.CheckJoiners(true))

func toUnicode(h string) string {
	u, err := hostProfile.ToUnicode(h)
	if err != nil {
		return ""
	}
	return u
}

// isIPLiteral reports an IPv4 or IPv6 address, including the forms a
// browser reads as IPv4 although they do not look like one ("127.1",
// "0x7f.1", "2130706433"): a host whose last label is a number.
func isIPLiteral(host string) bool {
	if _, err := netip.ParseAddr(host); err == nil {
		return true
	}
	labels := strings.Split(strings.TrimSuffix(host, "."), ".")
	last := labels[len(labels)-1]
	if hex, ok := strings.CutPrefix(last, "0x"); ok {
		return strings.Trim(hex, "0123456789abcdef") == ""
	}
	return last != "" && strings.Trim(last, "0123456789") == ""
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

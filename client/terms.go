// This file owns the terms-link endpoint, POST /v2/customer/{id}/tos-link,
// and where a terms link is expected to point.

package client

import (
	"context"
	"slices"
	"time"
)

// TermsLinkHosts are the domains a terms link is expected on besides the
// configured link hosts: Sphere's own. (Sphere's reference does not say
// where its terms page lives; the demo's is on app.spherepay.co.)
var TermsLinkHosts = []string{"spherepay.co"}

// ExpectedHosts is the list a link of kind k is checked against
// (CheckLinkHost): the configured hosts, and for a terms link also
// TermsLinkHosts.
func (k LinkKind) ExpectedHosts(configured []string) []string {
	if k != LinkTerms {
		return configured
	}
	out := slices.Clone(configured)
	for _, h := range TermsLinkHosts {
		if !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	return out
}

// TermsLink asks Sphere for the link by which a customer accepts Sphere's
// terms of service. Like the KYC link, it carries a signed token: a
// secret. It has every check of the KYC link (the ID classified and
// nothing sent when it is malformed, retries with one idempotency key, ""
// for a new one, bounded bodies, CheckLinkURL, the key kept out). Its
// expiry is the answer's expiresAt (the current reference), else its
// token's exp claim (the older shape, {link} alone), else none.
func (c *Client) TermsLink(ctx context.Context, customerID, idempotencyKey string) (Link, error) {
	return c.postLink(ctx, ActionTermsLink, customerID, idempotencyKey, "tos-link", func(a answer, id string) (Link, *APIError) {
		link, apiErr := decodeTermsLink(a.body, id, a.serverDate, a.received)
		if apiErr == nil {
			c.debugf("terms link received: url=[redacted] %s", expiryForLog(link))
		}
		return link, apiErr
	})
}

// decodeTermsLink checks a terms-link answer, {"link": "https://…",
// "expiresAt": "…"} or the older {"link"} alone, as decodeLink checks a
// KYC link's: exact key names, none twice, a link CheckLinkURL accepts,
// an expiresAt (when given) in RFC 3339 and not already past. Other keys
// are ignored.
func decodeTermsLink(body []byte, id string, serverDate, received time.Time) (Link, *APIError) {
	o, apiErr := readObject(body, "the answer")
	if apiErr != nil {
		return Link{}, apiErr
	}
	url, apiErr := o.text("link")
	switch {
	case apiErr != nil:
		return Link{}, apiErr
	case url == "":
		return Link{}, badResponse("the answer lacks link")
	}
	if err := CheckLinkURL(url); err != nil {
		return Link{}, badResponse("unsafe link refused: " + err.Error())
	}
	expiresAt, apiErr := o.text("expiresAt")
	if apiErr != nil {
		return Link{}, apiErr
	}
	link := Link{Kind: LinkTerms, CustomerID: id, URL: url, ServerDate: serverDate, ReceivedAt: received, ExpiresFrom: ExpiryNone}
	switch exp, ok := tokenExpiry(url); {
	case expiresAt != "":
		if link.ExpiresAt, apiErr = parseExpiresAt(expiresAt); apiErr != nil {
			return Link{}, apiErr
		}
		link.ExpiresFrom = ExpiryStated
	case ok:
		link.ExpiresAt, link.ExpiresFrom = exp, ExpiryFromToken
	}
	return arrived(link)
}

// expiryForLog is a link's expiry for a debug line: the time and where it
// comes from, never the token it may have been read from.
func expiryForLog(l Link) string {
	if !l.HasExpiry() {
		return ExpiryNotStated
	}
	s := "expiresAt=" + l.ExpiresAt.UTC().Format(time.RFC3339)
	if n := ExpirySourceNote(l); n != "" {
		s += " (" + n + ")"
	}
	return s
}

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
// secret. It has every check of the KYC link (the ID normalised and
// nothing sent when it is malformed, retries with one idempotency key, ""
// for a new one, bounded bodies, CheckLinkURL, the key kept out), and no
// expiry: Sphere states none (Link.HasExpiry is false).
func (c *Client) TermsLink(ctx context.Context, customerID, idempotencyKey string) (Link, error) {
	return c.postLink(ctx, ActionTermsLink, customerID, idempotencyKey, "tos-link", func(a answer, id string) (Link, *APIError) {
		link, apiErr := decodeTermsLink(a.body, id, a.serverDate, a.received)
		if apiErr == nil {
			c.debugf("terms link received: url=[redacted], no expiry stated")
		}
		return link, apiErr
	})
}

// decodeTermsLink checks a terms-link answer, {"link": "https://…"}, as
// decodeLink checks a KYC link's: exact key names, none twice, and a link
// CheckLinkURL accepts. Other keys are ignored.
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
	return Link{Kind: LinkTerms, CustomerID: id, URL: url, ServerDate: serverDate, ReceivedAt: received}, nil
}

// This file owns the KYC-link endpoint, POST /v2/customer/{id}/kyc-link.

package client

import (
	"context"
	"net/http"
	"time"
)

// RegenerateKYCLink asks Sphere for a new hosted KYC link for a customer.
// The ID is normalised first; every failure is an *APIError.
func (c *Client) RegenerateKYCLink(ctx context.Context, customerID string) (Link, error) {
	return c.RegenerateKYCLinkWithKey(ctx, customerID, "")
}

// RegenerateKYCLinkWithKey is RegenerateKYCLink with the caller's
// idempotency key ("" for a new one): retrying a failed call with its key
// lets Sphere recognise the repeat.
func (c *Client) RegenerateKYCLinkWithKey(ctx context.Context, customerID, idempotencyKey string) (Link, error) {
	id, err := NormalizeCustomerID(customerID)
	if err != nil {
		return Link{}, err
	}
	if idempotencyKey == "" {
		idempotencyKey = NewIdempotencyKey()
	}
	return recorded(ctx, c, ActionKYCLink, id, endpoint[Link]{
		request: request{
			method:         http.MethodPost,
			path:           []string{"v2", "customer", id, "kyc-link"},
			idempotencyKey: idempotencyKey,
		},
		decode: func(a answer) (Link, *APIError) {
			link, apiErr := decodeLink(a.body, id, a.serverDate, a.received)
			if apiErr == nil {
				c.debugf("link received: url=[redacted] expiresAt=%s", link.ExpiresAt.UTC().Format(time.RFC3339))
			}
			return link, apiErr
		},
		keepKeyOut: (*Client).refuseLinkWithKey,
	}, linkFacts)
}

// refuseLinkWithKey refuses a link that carries the API key: a link cannot
// be redacted and still work.
func (c *Client) refuseLinkWithKey(link Link) *APIError {
	if c.redact.Contains(link.URL) {
		c.debugf("response refused: the link carries the API key")
		return badResponse("unsafe link refused: it carries the API key")
	}
	return nil
}

// This file owns the KYC-link endpoint, POST /v2/customer/{id}/kyc-link.

package client

import (
	"cmp"
	"context"
	"net/http"
	"time"
)

// RegenerateKYCLink asks Sphere for a new hosted KYC link for a customer.
// The ID is classified first (Classify); every failure is an *APIError.
func (c *Client) RegenerateKYCLink(ctx context.Context, customerID string) (Link, error) {
	return c.RegenerateKYCLinkWithKey(ctx, customerID, "")
}

// RegenerateKYCLinkWithKey is RegenerateKYCLink with the caller's
// idempotency key ("" for a new one): retrying a failed call with its key
// lets Sphere recognise the repeat.
func (c *Client) RegenerateKYCLinkWithKey(ctx context.Context, customerID, idempotencyKey string) (Link, error) {
	return c.postLink(ctx, ActionKYCLink, customerID, idempotencyKey, "kyc-link", func(a answer, id string) (Link, *APIError) {
		link, apiErr := decodeLink(a.body, id, a.serverDate, a.received)
		if apiErr == nil {
			c.debugf("link received: url=[redacted] expiresAt=%s", link.ExpiresAt.UTC().Format(time.RFC3339))
		}
		return link, apiErr
	})
}

// postLink asks for a link of either kind at POST /v2/customer/{id}/name:
// the ID classified first (nothing is sent when it is malformed or holds
// the key; an unusual ID is sent, the caller having asked), one
// idempotency key for every attempt ("" makes a new one), and a link that
// carries the key refused; the call recorded as action.
func (c *Client) postLink(ctx context.Context, action Action, customerID, idempotencyKey, name string, decode func(answer, string) (Link, *APIError)) (Link, error) {
	id, err := c.Classify(customerID).ID(true)
	if err != nil {
		return Link{}, err
	}
	return recorded(ctx, c, action, id, endpoint[Link]{
		request: request{
			method:         http.MethodPost,
			path:           []string{"v2", "customer", id, name},
			idempotencyKey: cmp.Or(idempotencyKey, NewIdempotencyKey()),
		},
		decode:     func(a answer) (Link, *APIError) { return decode(a, id) },
		keepKeyOut: (*Client).refuseLinkWithKey,
	}, linkFacts)
}

// refuseLinkWithKey refuses a link, of either kind, that carries the API
// key: a link cannot be redacted and still work.
func (c *Client) refuseLinkWithKey(link Link) (Link, *APIError) {
	if c.redact.Contains(link.URL) {
		c.debugf("response refused: the link carries the API key")
		return Link{}, badResponse("unsafe link refused: it carries the API key")
	}
	return link, nil
}

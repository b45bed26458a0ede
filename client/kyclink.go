// This file owns the KYC-link endpoint, POST /v2/customer/{id}/kyc-link.

package client

import (
	"context"
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
	parent := ctx
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	for attempt := 1; ; attempt++ {
		link, res := c.keepKeyOut(c.try(ctx, id, idempotencyKey, attempt))
		if res.err == nil {
			return link, nil
		}
		if ctx.Err() != nil {
			return Link{}, contextError(parent, ctx)
		}
		if !res.retry || attempt >= c.attempts {
			return Link{}, res.err
		}
		wait := res.retryAfter
		if wait == 0 {
			wait = c.backoff(attempt)
		}
		if d, ok := ctx.Deadline(); ok && time.Until(d) < wait {
			return Link{}, res.err // waiting would only end in a timeout
		}
		c.debugf("retrying in %s (attempt %d of %d next)", wait.Round(time.Millisecond), attempt+1, c.attempts)
		if notify, ok := ctx.Value(retryObserverKey{}).(func(Retry)); ok {
			notify(Retry{Attempt: attempt + 1, MaxAttempts: c.attempts, Wait: wait, Cause: res.err})
		}
		if c.sleep(ctx, wait) != nil {
			return Link{}, contextError(parent, ctx)
		}
	}
}

// keepKeyOut makes sure the API key never comes back from the server: it
// redacts every text of an error, and refuses a link that carries the key
// (a link cannot be redacted and still work). Every attempt's outcome
// passes here before anyone sees it.
func (c *Client) keepKeyOut(link Link, res result) (Link, result) {
	if res.err != nil {
		c.redact.Error(res.err)
		return link, res
	}
	if c.redact.Contains(link.URL) {
		c.debugf("response refused: the link carries the API key")
		return Link{}, result{err: badResponse("unsafe link refused: it carries the API key")}
	}
	return link, res
}

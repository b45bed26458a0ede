// This file owns a token that changes while kyclink runs: the ID token of
// an SSO sign-in at a gateway, renewed before it expires and once after a
// 401 (client/sso is the one that renews it). A key that never changes
// needs none of this: Options.Bearer stays nil.

package client

import (
	"context"
	"errors"
	"net/http"
)

// Bearer supplies the token a request carries, for a sign-in whose token
// is renewed. Its errors are kyclink's own words, never a token.
type Bearer interface {
	// Token is the token to send now: the kept one, or a renewed one when
	// the kept one has expired or is about to.
	Token(ctx context.Context) (string, error)
	// Renew is asked once when refused was answered with a 401: a new
	// token, or the error the call ends with (sign in again).
	Renew(ctx context.Context, refused string) (string, error)
}

// Authorized calls send with b's token and, when the answer is a 401,
// once more with a renewed one. A renewal that fails ends the call with
// a KindAuth error whose Err is the Bearer's. Every caller that sends a
// renewable token goes through here, so the rule is written once.
func Authorized[T any](ctx context.Context, b Bearer, send func(token string) (T, *APIError)) (T, *APIError) {
	var zero T
	token, err := b.Token(ctx)
	if err != nil {
		return zero, renewFailed(err, 0)
	}
	v, apiErr := send(token)
	if apiErr == nil || apiErr.Status != http.StatusUnauthorized {
		return v, apiErr
	}
	if token, err = b.Renew(ctx, token); err != nil {
		return zero, renewFailed(err, apiErr.Status)
	}
	return send(token)
}

// renewFailed is a sign-in that could not be renewed: refused access, in
// the Bearer's words.
func renewFailed(err error, status int) *APIError {
	return &APIError{Kind: KindAuth, Status: status, Detail: err.Error(), Err: renewalError{err}}
}

// renewalError marks the Bearer's error behind an APIError.
type renewalError struct{ error }

func (r renewalError) Unwrap() error { return r.error }

// RenewalFailed reports whether e is a sign-in its Bearer could not
// renew: its Detail, kyclink's own words, says what to do (sign in
// again), and no other advice about the key applies.
func (e *APIError) RenewalFailed() bool {
	var r renewalError
	return errors.As(e.Err, &r)
}

// send is one attempt with the key, or with the Bearer's token (renewed
// once after a 401). A renewed token joins the redactor, as the key is in
// it: server text never brings it back.
func (c *Client) send(ctx context.Context, r request, attempt int) (answer, result) {
	if c.bearer == nil {
		return c.exchange(ctx, r, attempt, c.key)
	}
	var res result
	a, apiErr := Authorized(ctx, c.bearer, func(token string) (answer, *APIError) {
		c.redact.add(token)
		var a answer
		a, res = c.exchange(ctx, r, attempt, token)
		return a, res.err
	})
	if apiErr != nil && apiErr != res.err { // the renewal's own failure
		c.debugf("sign-in not renewed: %s", apiErr.Detail)
		return answer{}, result{err: apiErr}
	}
	return a, res
}

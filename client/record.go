// This file owns what the client tells the record of links about every
// finished call to Sphere: what was asked and how it ended, never the link,
// the key or a search's text.

package client

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"
)

// Action names what a call to Sphere was for, as the record keeps it.
type Action string

const (
	ActionKYCLink   Action = "kyc-link"   // POST /v2/customer/{id}/kyc-link
	ActionTermsLink Action = "terms-link" // POST /v2/customer/{id}/tos-link
	ActionCustomer  Action = "customer"   // GET /v2/customer/{id}
	ActionSearch    Action = "search"     // GET /v2/customer with a search
	ActionOTPSend   Action = "otp-send"   // POST /v2/customer/{id}/otp-send
	ActionFaceLink  Action = "face-link"  // POST /v2/customer/{id}/face-verification-link
)

// Action is the call that makes a link of this kind, as the record names it.
func (k LinkKind) Action() Action {
	switch k {
	case LinkTerms:
		return ActionTermsLink
	case LinkFace:
		return ActionFaceLink
	}
	return ActionKYCLink
}

// Call is one finished call to Sphere, as Options.Record is told of it.
// It holds no link (only LinkSHA256), no key and no search text.
type Call struct {
	Action     Action
	CustomerID string // the customer asked about; "" for a search
	// CustomerIDs are the customers a search found.
	CustomerIDs []string
	// Status is the HTTP status of the last answer, 0 when none came.
	Status int
	// Kind is why the call failed; 0 when it succeeded.
	Kind          Kind
	CorrelationID string    // Sphere's, from a failure's answer
	ExpiresAt     time.Time // a link's expiry; zero for other calls
	// LinkSHA256 is the first 12 hex digits of the link's SHA-256: enough
	// to match a link found later, nothing to open it with.
	LinkSHA256 string
	// By is where a code sent went (CodeByEmail, CodeByPhone); "" for
	// other calls. ExpiresAt is then the code's expiry.
	By string
	// ReadAhead says the call was made before the agent asked for it
	// (ReadAhead): the record must not pass it for the agent's lookup.
	ReadAhead bool
}

type readAheadKey struct{}

// ReadAhead marks the calls made with the returned context as read ahead:
// started by the app while the agent is still typing, before Enter.
func ReadAhead(ctx context.Context) context.Context {
	return context.WithValue(ctx, readAheadKey{}, true)
}

// OK reports whether the call succeeded.
func (c Call) OK() bool { return c.Kind == 0 }

// LinkFingerprint is the first 12 hex digits of a link's SHA-256.
func LinkFingerprint(link string) string {
	sum := sha256.Sum256([]byte(link))
	return hex.EncodeToString(sum[:])[:12]
}

// linkFacts is what the record keeps of a link: its expiry and its
// fingerprint.
func linkFacts(l Link, call *Call) {
	call.ExpiresAt = l.ExpiresAt
	call.LinkSHA256 = LinkFingerprint(l.URL)
}

// recorded runs ep through the attempt loop and then tells Options.Record
// how the call ended: the one place where a call's outcome is recorded,
// so every endpoint's call site is this one line with its action. facts
// adds what a success says (a link's expiry and fingerprint, a search's
// customer IDs); nil adds nothing.
func recorded[T any](ctx context.Context, c *Client, action Action, customerID string, ep endpoint[T], facts func(T, *Call)) (T, error) {
	var status int
	decode := ep.decode
	ep.decode = func(a answer) (T, *APIError) {
		status = a.status
		return decode(a)
	}
	v, err := do(ctx, c, ep)
	if c.record == nil {
		return v, err
	}
	call := Call{Action: action, CustomerID: customerID, Status: status, ReadAhead: ctx.Value(readAheadKey{}) != nil}
	var api *APIError
	switch {
	case errors.As(err, &api):
		call.Kind, call.Status, call.CorrelationID = api.Kind, api.Status, api.CorrelationID
	case err != nil:
		call.Kind = KindBadResponse
	case facts != nil:
		facts(v, &call)
	}
	c.record(call)
	return v, err
}

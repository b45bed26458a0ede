// This file owns reading the expiry a JWT states: a terms link's own token
// (token=eyJ… in its query), an SSO sign-in's ID token; its exp claim read
// and nothing else.

package client

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
	"time"
)

// maxTokenExp bounds a token's exp claim to years a clock can show
// (9999-12-31): a larger number is not a time, and the token is ignored.
const maxTokenExp = 253402300799

// tokenExpiry is the exp claim of the JWT a link carries in its token
// query parameter, and whether there was one. The token is only read
// (base64url of its payload), never verified, never trusted for anything
// but saying when the link stops working, and never logged: it is the
// link's secret.
func tokenExpiry(link string) (time.Time, bool) {
	u, err := url.Parse(link)
	if err != nil {
		return time.Time{}, false
	}
	return JWTExpiry(u.Query().Get("token"))
}

// JWTExpiry is the exp claim of a JWT, and whether it has one: a link's
// token, or the ID token of an SSO sign-in (when to renew it). Only its
// payload is read, never verified: the claim says when the token stops
// working, nothing more is trusted of it.
func JWTExpiry(token string) (time.Time, bool) {
	_, exp, ok := jwtTimes(token)
	return exp, ok
}

// JWTLife is the iat and exp claims of a JWT, ok only with both and iat
// before exp: how long an SSO sign-in's ID token was issued to hold, by
// the identity provider's clock. Read as JWTExpiry reads exp.
func JWTLife(token string) (iat, exp time.Time, ok bool) {
	iat, exp, ok = jwtTimes(token)
	return iat, exp, ok && !iat.IsZero() && iat.Before(exp)
}

// jwtTimes reads a JWT's exp (ok: it has one) and iat (zero without one).
func jwtTimes(token string) (iat, exp time.Time, ok bool) {
	parts, ok := jwtParts(token)
	if !ok {
		return time.Time{}, time.Time{}, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return time.Time{}, time.Time{}, false
	}
	var claims struct {
		Iat json.RawMessage `json:"iat"` // one that is no number leaves exp readable
		Exp *json.Number    `json:"exp"`
	}
	if json.Unmarshal(payload, &claims) != nil {
		return time.Time{}, time.Time{}, false
	}
	exp, ok = claimTime(claims.Exp)
	var n *json.Number
	if json.Unmarshal(claims.Iat, &n) == nil {
		iat, _ = claimTime(n)
	}
	return iat, exp, ok
}

// claimTime is a NumericDate claim as a time, false when there is none
// or it is no time a clock can show.
func claimTime(n *json.Number) (time.Time, bool) {
	if n == nil {
		return time.Time{}, false
	}
	v, err := n.Float64()
	if err != nil || v <= 0 || v > maxTokenExp {
		return time.Time{}, false
	}
	return time.Unix(int64(v), 0).UTC(), true
}

// jwtParts splits a JWT, a JSON header in base64url (eyJ…) and two more
// parts, or reports that token is not one.
func jwtParts(token string) ([]string, bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || !strings.HasPrefix(parts[0], "eyJ") || parts[1] == "" || parts[2] == "" {
		return nil, false
	}
	return parts, true
}

// IsJWT reports whether s has a JWT's shape (an SSO sign-in's ID token).
// Nothing is decoded or checked.
func IsJWT(s string) bool {
	_, ok := jwtParts(s)
	return ok
}

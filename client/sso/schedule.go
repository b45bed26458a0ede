// This file owns when a Session renews its ID token: ahead of its expiry
// by a margin proportional to the token's life, so a provider whose
// tokens live a minute, or an agent whose clock runs ahead, does not
// renew before every request.

package sso

import (
	"time"

	"github.com/kyclink/kyclink/client"
)

// schedule is when an ID token is renewed and until when it holds, by
// this agent's clock. Zero: the token states no expiry and is never
// renewed ahead (a 401 still renews it).
type schedule struct{ renewAt, endsAt time.Time }

// margin is how long before it ends a token of this life is renewed: a
// minute (Ahead), or a fifth of a shorter life.
func margin(life time.Duration) time.Duration { return min(Ahead, life/5) }

// scheduleFor is tok's schedule. got is when this Session received it
// from the provider (zero: read from the store, when is not known).
//
// A token read from the store is renewed its margin before its exp. A
// token just received has, by this agent's clock, exp-got left. That is
// trusted when it is between half the life its iat and exp state and all
// of it (a provider may date iat back, as Azure AD does by minutes). Less
// than half means this clock runs ahead: the token is renewed half its
// stated life after it came, at most once per half its life however far
// ahead the clock is. A clock behind the gateway's is met by a 401 and
// one renewal (Renew).
func scheduleFor(tok string, got time.Time) schedule {
	iat, exp, ok := client.JWTLife(tok)
	if !ok {
		if exp, ok := client.JWTExpiry(tok); ok {
			return schedule{renewAt: exp.Add(-Ahead), endsAt: exp}
		}
		return schedule{}
	}
	stated := exp.Sub(iat)
	seen := exp.Sub(got)
	switch {
	case got.IsZero():
		return schedule{renewAt: exp.Add(-margin(stated)), endsAt: exp}
	case seen < stated/2:
		half := got.Add(stated / 2)
		return schedule{renewAt: half, endsAt: half}
	}
	life := min(seen, stated)
	return schedule{renewAt: got.Add(life - margin(life)), endsAt: got.Add(life)}
}

package sso_test

import (
	"context"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client/sso"
	"github.com/kyclink/kyclink/gateway/oidctest"
)

// TestAShortLivedIDTokenIsRenewedAtMostOncePerHalfItsLife: a provider
// whose ID tokens live 60 s (its iat dated a minute back, as the fake's
// and Azure AD's are), an agent's clock on time or a minute ahead. Over
// 180 requests a second apart, each sends a token the provider's clock
// still holds good, and the token is renewed at most once per 30 s, not
// before every request.
func TestAShortLivedIDTokenIsRenewedAtMostOncePerHalfItsLife(t *testing.T) {
	for _, ahead := range []time.Duration{0, time.Minute} {
		t.Run(ahead.String(), func(t *testing.T) {
			r := newRig(t)
			r.idp.IDTokenLife = time.Minute
			var rt string
			r.idToken, rt = r.idp.SignIn(oidctest.Claims{Email: "ana@example.com"})
			r.kept.RefreshToken = rt
			s := r.session(sso.Options{Now: func() time.Time { return r.clock.Now().Add(ahead) }})
			const n = 180
			for i := range n {
				tok, err := s.Token(context.Background())
				if err != nil {
					t.Fatalf("request %d: %v", i, err)
				}
				if exp := expiry(t, tok); !exp.After(r.clock.Now()) {
					t.Fatalf("request %d sent a token expired %s before", i, r.clock.Now().Sub(exp))
				}
				r.clock.Advance(time.Second)
			}
			t.Logf("%d renewals over %d requests", r.idp.Refreshes(), n)
			if got, most := r.idp.Refreshes(), n/30+1; got == 0 || got > most {
				t.Errorf("%d renewals over %d requests a second apart with 60 s tokens, want 1 to %d", got, n, most)
			}
		})
	}
}

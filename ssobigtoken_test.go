package main

import (
	"fmt"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client/credentials"
	"github.com/kyclink/kyclink/gateway/oidctest"
)

// TestAnSSOSignInWithA6KBIDTokenIsKeptSentAndRenewed: an identity
// provider that lists an agent's groups in the ID token (Azure AD,
// Keycloak) issues tokens over 4096 characters. They are kept (the
// plain-text file, a Secret Service), sent to the gateway, and renewed.
func TestAnSSOSignInWithA6KBIDTokenIsKeptSentAndRenewed(t *testing.T) {
	who := oidctest.Claims{Email: "ana@example.com"}
	for i := range 150 {
		who.Groups = append(who.Groups, fmt.Sprintf("support-emea-tier2-queue-%03d", i))
	}
	for _, home := range []credentials.Source{credentials.PlainText, credentials.Keychain} {
		t.Run(home.String(), func(t *testing.T) {
			g := newSSORigAs(t, who, home)
			idToken, _ := g.kept(t)
			if len(idToken) < 6<<10 {
				t.Fatalf("the provider's ID token is %d characters, not over 6 KB", len(idToken))
			}
			if res := g.r.run(t, "customer", okID, "--base-url", g.url); res.code != 0 {
				t.Fatalf("with a %d-character ID token: %d %q", len(idToken), res.code, res.stderr)
			}
			g.server.Advance(time.Hour)
			g.agent.Advance(time.Hour)
			res := g.r.run(t, "regenerate", okID, "--base-url", g.url)
			if newToken, _ := g.kept(t); res.code != 0 || g.idp.Refreshes() != 1 || newToken == idToken || len(newToken) < 6<<10 {
				t.Errorf("renewed: %d, %d refreshes, %q", res.code, g.idp.Refreshes(), res.stderr)
			}
			g.noRefreshTokenIn(t, "regenerate", res)
		})
	}
}

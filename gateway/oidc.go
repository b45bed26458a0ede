// This file owns signing in with the company's identity provider: an ID
// token checked by go-oidc (issuer, audience, expiry, signature), the
// agent named by its email claim, leads by a group.

package gateway

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
)

// OIDCOptions names the identity provider agents sign in with.
type OIDCOptions struct {
	Issuer    string
	ClientID  string // the ID tokens' audience
	LeadGroup string // members of this group (the "groups" claim) are leads
	// HTTPClient fetches the provider's discovery document and keys;
	// default http.DefaultClient.
	HTTPClient *http.Client
	// Now is the clock an ID token's expiry is checked against; default
	// time.Now. Tests move it past a token's exp.
	Now func() time.Time
}

type oidcVerifier struct {
	opts     OIDCOptions
	verifier *oidc.IDTokenVerifier
	store    Store
}

// newOIDCVerifier reads the provider's discovery document once, at start.
func newOIDCVerifier(ctx context.Context, o OIDCOptions, store Store) (*oidcVerifier, error) {
	if o.Issuer == "" || o.ClientID == "" {
		return nil, errors.New("SSO needs both --oidc-issuer and --oidc-client-id")
	}
	if o.HTTPClient != nil {
		ctx = oidc.ClientContext(ctx, o.HTTPClient)
	}
	p, err := oidc.NewProvider(ctx, o.Issuer)
	if err != nil {
		return nil, fmt.Errorf("the identity provider %s: %w", o.Issuer, err)
	}
	v := p.VerifierContext(ctx, &oidc.Config{ClientID: o.ClientID, Now: o.Now})
	return &oidcVerifier{opts: o, verifier: v, store: store}, nil
}

// agent is the agent an ID token names, unless the token fails a check
// or the name was revoked at the gateway.
func (v *oidcVerifier) agent(ctx context.Context, raw string) (Agent, error) {
	tok, err := v.verifier.Verify(ctx, raw)
	if err != nil {
		return Agent{}, errUnknownAgent
	}
	var claims struct {
		Email         string   `json:"email"`
		EmailVerified *bool    `json:"email_verified"`
		Groups        []string `json:"groups"`
	}
	if err := tok.Claims(&claims); err != nil || claims.Email == "" || !strings.Contains(claims.Email, "@") {
		return Agent{}, errUnknownAgent
	}
	if claims.EmailVerified != nil && !*claims.EmailVerified {
		return Agent{}, errUnknownAgent
	}
	name := strings.ToLower(claims.Email)
	revoked, err := v.store.Revoked(ctx, name)
	if err != nil {
		return Agent{}, err
	}
	if revoked {
		return Agent{}, errUnknownAgent
	}
	a := Agent{Name: name, Role: RoleAgent}
	if v.opts.LeadGroup != "" && slices.Contains(claims.Groups, v.opts.LeadGroup) {
		a.Role = RoleLead
	}
	return a, nil
}

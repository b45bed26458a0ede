// This file owns one renewal's talk with the identity provider: its token
// endpoint from discovery, then the refresh grant (RFC 6749 §6) through
// golang.org/x/oauth2. What goes wrong is said in kyclink's words, never
// with the provider's text, a URL's query or a token.

package sso

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/kyclink/kyclink/client"
)

// refusal is the provider's "no" to a refresh token: an OAuth error
// answer, as opposed to a provider that could not answer.
type refusal struct{ reason string }

func (r *refusal) Error() string { return r.reason }

// exchange spends k's refresh token: a new ID token, and k with the
// refresh token the provider rotated to (or the same one).
func (s *Session) exchange(ctx context.Context, k Kept) (string, Kept, error) {
	ctx = oidc.ClientContext(ctx, s.o.HTTPClient) // sets oauth2.HTTPClient too
	ep, err := s.tokenEndpoint(ctx, k)
	if err != nil {
		return "", Kept{}, err
	}
	conf := oauth2.Config{ClientID: k.ClientID, Endpoint: ep}
	t, err := conf.TokenSource(ctx, &oauth2.Token{RefreshToken: k.RefreshToken}).Token()
	if err != nil {
		return "", Kept{}, providerFailure(ctx, err, s.o.Timeout)
	}
	idToken, _ := t.Extra("id_token").(string)
	if _, ok := client.JWTExpiry(idToken); !ok || client.CheckAPIKey(idToken) != nil {
		return "", Kept{}, errors.New("the identity provider gave no new ID token")
	}
	next := k
	switch {
	case t.RefreshToken == "": // not rotated: the same one again
	case client.CheckAPIKey(t.RefreshToken) != nil:
		// Rotated to one that could not be sent (as auth login, keep
		// none): the spent one no longer works, and a session kept with
		// it would end every run as unreadable.
		next.RefreshToken = ""
	default: // rotated: the one spent no longer works
		next.RefreshToken = t.RefreshToken
	}
	return idToken, next, nil
}

// tokenEndpoint is the provider's token endpoint, read from its discovery
// document once a run. It must be https (plain http on loopback): the
// refresh token is sent there. Public clients (the device flow has no
// secret) send their ID in the form.
func (s *Session) tokenEndpoint(ctx context.Context, k Kept) (oauth2.Endpoint, error) {
	s.mu.Lock()
	ep := s.endpoint
	s.mu.Unlock()
	if ep != nil {
		return *ep, nil
	}
	p, err := oidc.NewProvider(ctx, k.Issuer)
	if err != nil {
		if ctx.Err() != nil {
			return oauth2.Endpoint{}, providerFailure(ctx, err, s.o.Timeout)
		}
		return oauth2.Endpoint{}, fmt.Errorf("the identity provider's discovery document at %s could not be read", client.Sanitize(k.Issuer))
	}
	e := p.Endpoint()
	if _, err := client.CheckBaseURL(e.TokenURL); err != nil {
		return oauth2.Endpoint{}, errors.New("the identity provider's token endpoint is not https")
	}
	e.AuthStyle = oauth2.AuthStyleInParams
	s.mu.Lock()
	s.endpoint = &e
	s.mu.Unlock()
	return e, nil
}

// providerFailure words a failed refresh grant: the provider's refusal
// (its error code alone), an answer that is no answer, or none in time.
func providerFailure(ctx context.Context, err error, limit time.Duration) error {
	var (
		re      *oauth2.RetrieveError
		timeout interface{ Timeout() bool }
		sent    *url.Error
	)
	switch {
	case errors.As(err, &re) && re.Response != nil && re.Response.StatusCode >= 500:
		return fmt.Errorf("the identity provider is unavailable (HTTP %d)", re.Response.StatusCode)
	case errors.As(err, &re) && re.ErrorCode != "":
		return &refusal{codeWords(re.ErrorCode)}
	case errors.As(err, &re) && re.Response != nil:
		return &refusal{fmt.Sprintf("the identity provider refused to renew it (HTTP %d)", re.Response.StatusCode)}
	case errors.Is(ctx.Err(), context.DeadlineExceeded), errors.As(err, &timeout) && timeout.Timeout():
		return fmt.Errorf("the identity provider did not answer within %s", limit)
	case errors.As(err, &sent): // the request itself failed
		return errors.New("the identity provider could not be reached")
	}
	// It answered, with no token answer (a page, no access token, too
	// large): its text is not said.
	return errors.New("the identity provider's answer could not be read")
}

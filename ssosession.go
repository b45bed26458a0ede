// This file owns the wiring of an SSO sign-in into a run: the session
// `auth login` kept beside the ID token (client/credentials) becomes the
// client's Bearer (client/sso), which renews the ID token and keeps the
// renewed one where the old one was. A key, a gateway token or an SSO
// sign-in kept before sessions were is sent as it is, as before.

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/credentials"
	"github.com/kyclink/kyclink/client/sso"
	"github.com/kyclink/kyclink/gateway"
)

// renewable makes a kept SSO sign-in the client's Bearer, which renews
// it. debug receives what the app (whose screen is not stderr) would
// warn of.
func (a *app) renewable(e *env, opts *client.Options, debug io.Writer) error {
	warn := a.stderr
	if a.recall {
		warn = debug
	}
	sess, err := a.ssoSession(opts.BaseURL, e.badge, opts.APIKey, e.keySource, warn)
	if err != nil || sess == nil {
		return err
	}
	opts.Bearer = sess
	e.gateway, opts.Gateway = true, true // an SSO sign-in is an agent's, at a gateway
	return nil
}

// ssoSession is the Bearer of a kept SSO sign-in at a gateway, nil for
// anything else. warn is told when a renewed sign-in could not be kept.
func (a *app) ssoSession(base string, badge client.Environment, key string, from credentials.Source, warn io.Writer) (*sso.Session, error) {
	if badge.Kind != client.EnvCustom || from != credentials.Keychain && from != credentials.PlainText {
		return nil, nil
	}
	store := a.store()
	kept, ok, err := loadSession(store, badge.Host, from)
	if err != nil {
		return nil, &authError{fmt.Sprintf("%v; run '%s' again", err, reLogin(base))}
	}
	if !ok {
		return nil, nil
	}
	o := sso.Options{
		IDToken: key, Kept: kept, Host: badge.Host, Login: reLogin(base), Now: a.clock,
		Save: func(idToken string, k sso.Kept) error { return keepSignIn(store, badge.Host, from, idToken, &k) },
		Reload: func() (string, sso.Kept, bool) {
			stored, err := store.Load(badge.Host)
			if err != nil || stored.Source != from {
				return "", sso.Kept{}, false
			}
			k, ok, err := loadSession(store, badge.Host, from)
			return stored.Key, k, ok && err == nil
		},
	}
	if warn != nil {
		o.Warn = func(err error) {
			fmt.Fprintf(warn, "kyclink: warning: the renewed sign-in could not be kept (%s); this run uses it; the next run may ask you to sign in again\n", client.Sanitize(err.Error()))
		}
	}
	return sso.New(o), nil
}

// loadSession reads the session kept beside the key; ok is false when
// there is none.
func loadSession(store credentials.Store, host string, from credentials.Source) (sso.Kept, bool, error) {
	raw, err := store.LoadSession(host, from)
	if err != nil || raw == "" {
		return sso.Kept{}, false, err
	}
	k, err := sso.Decode(raw)
	return k, err == nil, err
}

// keepSignIn keeps a key, and the session of an SSO sign-in (nil: none,
// and any earlier one is removed), in one home: the session first, so a
// key is never kept with a session older than itself.
func keepSignIn(store credentials.Store, host string, in credentials.Source, key string, kept *sso.Kept) error {
	session := ""
	if kept != nil {
		session = kept.Encode()
	}
	if err := store.SaveSession(host, in, session); err != nil {
		return err
	}
	if in == credentials.PlainText {
		_, err := store.SavePlainText(host, key)
		return err
	}
	return store.SaveKeychain(host, key)
}

// keepLogin is keepSignIn for auth login: a sign-in whose key could not
// be kept (a keychain that refuses a large ID token) keeps no session
// either, so "nothing was stored" holds and no refresh token is left
// behind. A renewal keeps its session whatever happens to the key: the
// old refresh token is spent.
func keepLogin(store credentials.Store, host string, in credentials.Source, key string, kept *sso.Kept) error {
	err := keepSignIn(store, host, in, key, kept)
	if err != nil && kept != nil {
		_ = store.SaveSession(host, in, "")
	}
	return err
}

// reLogin is the command that signs in to the gateway at base again.
func reLogin(base string) string { return "kyclink auth login --base-url " + base }

// sessionFact is what `auth status` says of an SSO sign-in: until when
// its ID token holds, and whether it is renewed on its own. No token.
type sessionFact struct {
	IDTokenExpires *time.Time `json:"idTokenExpires,omitempty"`
	Renews         bool       `json:"renews"`            // a refresh token is kept
	Problem        string     `json:"problem,omitempty"` // why it cannot be read (every run is refused)
	words          string
}

// sessionOf is the fact of the session kept beside key, nil when there is
// none (a key, a token).
func (a *app) sessionOf(badge client.Environment, key string, from credentials.Source) *sessionFact {
	if badge.Kind != client.EnvCustom {
		return nil
	}
	kept, ok, err := loadSession(a.store(), badge.Host, from)
	switch {
	case err != nil: // kyclink's own words (credentials, sso.Decode): never the token
		return &sessionFact{Problem: err.Error(), words: fmt.Sprintf("SSO session: %s; runs are refused until you sign in again: %s", client.Sanitize(err.Error()), loginCommand(badge))}
	case !ok:
		return nil
	}
	f := &sessionFact{Renews: kept.RefreshToken != "", words: a.sessionWords(key, kept)}
	if exp, ok := client.JWTExpiry(key); ok {
		f.IDTokenExpires = &exp
	}
	return f
}

// sessionWords says until when an SSO sign-in holds, and what then.
func (a *app) sessionWords(idToken string, k sso.Kept) string {
	exp, ok := client.JWTExpiry(idToken)
	if !ok {
		return "SSO session: its ID token states no expiry"
	}
	local, utc := client.FormatExpiry(exp, a.loc)
	if utc != "" {
		local += " (" + utc + ")"
	}
	now := a.clock()
	switch {
	case k.RefreshToken != "" && now.Before(exp):
		return fmt.Sprintf("SSO session: holds until %s, in %s; renewed on its own after that, until the identity provider ends it", local, client.FormatRemaining(exp.Sub(now)))
	case k.RefreshToken != "":
		return fmt.Sprintf("SSO session: its ID token expired %s; the next request renews it, unless the identity provider has ended the session", local)
	case now.Before(exp):
		return fmt.Sprintf("SSO session: holds until %s, in %s; the identity provider gave no refresh token, so sign in again then", local, client.FormatRemaining(exp.Sub(now)))
	}
	return fmt.Sprintf("SSO session: ended %s; sign in again", local)
}

// readRecord reads the team's record with the key, or with an SSO
// session's token, renewed as the client's requests renew it.
func readRecord(ctx context.Context, hc *http.Client, base, key string, b client.Bearer, q gateway.RecordQuery) ([]gateway.Record, error) {
	if b == nil {
		return gateway.ReadRecord(ctx, hc, base, key, q)
	}
	recs, apiErr := client.Authorized(ctx, b, func(token string) ([]gateway.Record, *client.APIError) {
		recs, err := gateway.ReadRecord(ctx, hc, base, token, q)
		var api *client.APIError
		switch {
		case err == nil:
			return recs, nil
		case errors.As(err, &api):
			return nil, api
		}
		return nil, &client.APIError{Kind: client.KindInvalidInput, Detail: err.Error(), Err: err}
	})
	if apiErr != nil {
		return nil, apiErr
	}
	return recs, nil
}

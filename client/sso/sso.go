// Package sso keeps an SSO sign-in at a kyclink gateway going. The
// gateway accepts the identity provider's ID token, which lives about an
// hour; the refresh token the device flow gave (for offline_access)
// buys a new one. A Session is the client's Bearer: it renews the ID
// token when it has expired or will within a minute (a fifth of a
// shorter life: schedule.go), and once after a 401, for all requests at a time together, within a bounded time, and
// keeps the new tokens where the old ones were. A renewal that fails is
// an *Ended: sign in again.
package sso

import (
	"context"
	"net/http"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/sync/singleflight"

	"github.com/kyclink/kyclink/client"
)

// Ahead is how long before its expiry an ID token is renewed, at most (a
// fifth of a shorter life: margin): a request sent with it must still
// find it good at the gateway.
const Ahead = time.Minute

// RenewTimeout bounds one renewal: the provider's discovery and its token
// endpoint together. A provider that hangs never holds a request longer.
const RenewTimeout = 10 * time.Second

// retryPause is how long, after a renewal failed while the ID token still
// holds, requests go on with it before one tries again: a provider that
// is down must not cost every request of the last minute a wait.
const retryPause = 15 * time.Second

// Options make a Session.
type Options struct {
	IDToken string // the kept ID token
	Kept    Kept   // its session; an empty RefreshToken renews nothing
	// Save keeps a renewed ID token and its session (the refresh token
	// rotated or not), where the old ones were.
	Save func(idToken string, k Kept) error
	// Reload reads the kept sign-in again: another kyclink may have
	// renewed it (and so spent the refresh token this one holds).
	Reload func() (idToken string, k Kept, ok bool)
	// Warn is told when a renewed sign-in could not be kept (it is used
	// for this run all the same); nil: no one.
	Warn       func(error)
	Host       string // the gateway's, for Ended
	Login      string // the command that signs in again, for Ended
	Now        func() time.Time
	HTTPClient *http.Client // default: ProviderClient (no redirects, bounded answers), Timeout
	Timeout    time.Duration
}

// Session is one run's SSO sign-in. It is safe for concurrent use.
type Session struct {
	o      Options
	flight singleflight.Group

	mu       sync.Mutex
	idToken  string
	kept     Kept
	gen      int       // bumped by each renewal: a request that saw an older one need not renew
	sched    schedule  // when idToken is renewed
	failedAt time.Time // the last renewal that failed while the token held
	endpoint *oauth2.Endpoint
}

// New starts a Session from what `auth login` kept.
func New(o Options) *Session {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Timeout <= 0 {
		o.Timeout = RenewTimeout
	}
	if o.HTTPClient == nil {
		o.HTTPClient = ProviderClient(nil, o.Timeout)
	}
	return &Session{o: o, idToken: o.IDToken, kept: o.Kept, sched: scheduleFor(o.IDToken, time.Time{})}
}

var _ client.Bearer = (*Session)(nil)

// Token is the ID token to send: the kept one, renewed first when its
// schedule says. A renewal that fails while the token still holds leaves
// it in use (the gateway will say when it stops).
func (s *Session) Token(ctx context.Context) (string, error) {
	s.mu.Lock()
	tok, gen, failedAt, canRenew, sched := s.idToken, s.gen, s.failedAt, s.kept.RefreshToken != "", s.sched
	s.mu.Unlock()
	now := s.o.Now()
	if sched.renewAt.IsZero() || !canRenew || now.Before(sched.renewAt) {
		return tok, nil
	}
	holds := now.Before(sched.endsAt)
	if holds && !failedAt.IsZero() && now.Sub(failedAt) < retryPause {
		return tok, nil
	}
	fresh, err := s.renew(ctx, gen)
	if err != nil && holds {
		s.mu.Lock()
		s.failedAt = now
		s.mu.Unlock()
		return tok, nil
	}
	return fresh, err
}

// Renew is asked after refused was answered with a 401. A request that
// sent a token older than the current one takes the current one.
func (s *Session) Renew(ctx context.Context, refused string) (string, error) {
	s.mu.Lock()
	tok, gen, canRenew := s.idToken, s.gen, s.kept.RefreshToken != ""
	s.mu.Unlock()
	switch {
	case tok != refused:
		return tok, nil
	case !canRenew:
		return "", s.ended("the identity provider gave no refresh token at sign-in, so it cannot be renewed")
	}
	return s.renew(ctx, gen)
}

// renew runs one renewal for every request that asks while it runs
// (singleflight), on a context of its own bounded by Timeout: one
// request's ctrl+c does not cut off the others' renewal. The request
// waits no longer than its own context. seen is the generation the
// request saw: when a renewal has happened since, its token is the
// answer.
func (s *Session) renew(ctx context.Context, seen int) (string, error) {
	ch := s.flight.DoChan("renew", func() (any, error) {
		s.mu.Lock()
		tok, gen := s.idToken, s.gen
		s.mu.Unlock()
		if gen != seen {
			return tok, nil
		}
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.o.Timeout)
		defer cancel()
		return s.renewNow(rctx)
	})
	select {
	case r := <-ch:
		if r.Err != nil {
			return "", r.Err
		}
		return r.Val.(string), nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// renewNow spends the refresh token. When the provider refuses it, the
// kept sign-in is read again: another kyclink that renewed it first left
// a newer ID token, or a newer refresh token to spend once.
func (s *Session) renewNow(ctx context.Context) (string, error) {
	s.mu.Lock()
	kept := s.kept
	s.mu.Unlock()
	tok, next, err := s.exchange(ctx, kept)
	if _, refused := err.(*refusal); refused && s.o.Reload != nil {
		if storedTok, stored, ok := s.o.Reload(); ok && stored.RefreshToken != kept.RefreshToken && stored.RefreshToken != "" {
			if at := scheduleFor(storedTok, time.Time{}).renewAt; !at.IsZero() && s.o.Now().Before(at) {
				s.adopt(storedTok, stored, time.Time{})
				return storedTok, nil
			}
			tok, next, err = s.exchange(ctx, stored)
		}
	}
	if err != nil {
		return "", s.ended(err.Error())
	}
	s.adopt(tok, next, s.o.Now())
	if s.o.Save != nil {
		if serr := s.o.Save(tok, next); serr != nil && s.o.Warn != nil {
			s.o.Warn(serr)
		}
	}
	return tok, nil
}

// adopt makes tok and k the session's, a new generation; got is when
// the provider gave tok (zero: read from the store).
func (s *Session) adopt(tok string, k Kept, got time.Time) {
	sched := scheduleFor(tok, got)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.idToken, s.kept, s.failedAt, s.sched = tok, k, time.Time{}, sched
	s.gen++
}

func (s *Session) ended(reason string) *Ended {
	return &Ended{Host: s.o.Host, Reason: reason, Login: s.o.Login}
}

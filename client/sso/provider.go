// This file owns how kyclink talks to an identity provider: a client that
// follows no redirect, waits a bounded time and reads a bounded answer,
// for the sign-in (`auth login`) and the renewal alike. A refresh token,
// a device code or an ID token goes nowhere unchecked, and a provider
// that answers without end fills no memory.

package sso

import (
	"net/http"
	"time"
)

// MaxAnswer is the most kyclink reads of one answer of an identity
// provider: discovery documents and token answers are a few kB.
// (golang.org/x/oauth2 keeps to the same for token answers; go-oidc reads
// a discovery document whole.)
const MaxAnswer = 1 << 20

// ProviderClient is the HTTP client for an identity provider: no
// redirects, timeout per request, answers cut off past MaxAnswer with an
// error. base is the transport (nil: http.DefaultTransport).
func ProviderClient(base http.RoundTripper, timeout time.Duration) *http.Client {
	if base == nil {
		base = http.DefaultTransport
	}
	return &http.Client{Timeout: timeout, Transport: boundedAnswers{base},
		// A redirect would carry a token or a device code somewhere unchecked.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// boundedAnswers reads no answer's body past MaxAnswer.
type boundedAnswers struct{ rt http.RoundTripper }

func (b boundedAnswers) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := b.rt.RoundTrip(r)
	if err == nil {
		resp.Body = http.MaxBytesReader(nil, resp.Body, MaxAnswer)
	}
	return resp, err
}

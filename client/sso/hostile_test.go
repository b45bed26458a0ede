package sso_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client/sso"
	"github.com/kyclink/kyclink/gateway/oidctest"
)

// An issuer whose discovery document is 16 MiB (of blanks before good
// JSON, so whole it would do) is read no further than sso.MaxAnswer: a
// provider that answers without end fills no memory. The renewal fails
// in kyclink's words, and nothing past the limit is read.
func TestAHugeDiscoveryDocumentIsNotReadWhole(t *testing.T) {
	r := newRig(t)
	var self string
	var sent atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		blank := []byte(strings.Repeat(" ", 64<<10))
		for range 256 { // 16 MiB
			n, err := w.Write(blank)
			sent.Add(int64(n))
			if err != nil {
				return
			}
		}
		_ = json.NewEncoder(w).Encode(map[string]string{"issuer": self, "token_endpoint": r.idp.URL + "/token", "jwks_uri": r.idp.URL + "/keys"})
	}))
	t.Cleanup(srv.Close)
	self = srv.URL
	r.kept.Issuer = srv.URL
	s := r.session(sso.Options{})
	r.clock.Advance(time.Hour)
	_, err := s.Token(context.Background())
	if err == nil || r.idp.Refreshes() != 0 {
		t.Fatalf("renewed through a 16 MiB discovery document: %v", err)
	}
	if !strings.Contains(err.Error(), "could not be read") {
		t.Errorf("%v", err)
	}
	srv.Close() // the handler has stopped writing
	if n := sent.Load(); n >= 16<<20 {
		t.Errorf("all %d bytes were read", n)
	}
}

// fakeIssuer is an issuer whose discovery document names its own token
// endpoint, answered by token.
func fakeIssuer(t *testing.T, token http.HandlerFunc) string {
	t.Helper()
	var self string
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, _ *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]string{"issuer": self, "token_endpoint": self + "/token", "jwks_uri": self + "/keys"})
	})
	mux.HandleFunc("POST /token", token)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	self = srv.URL
	return self
}

// A token endpoint that answers garbage, or a huge body, was reached: the
// sign-in ends saying its answer could not be read, not that the
// provider could not be reached, and never with the answer's text or the
// refresh token.
func TestATokenEndpointThatAnswersGarbageIsSaidSo(t *testing.T) {
	for name, body := range map[string]string{
		"garbage":         "<html>login page \x1b[31m</html>",
		"no tokens":       `{"token_type":"Bearer"}`,
		"huge":            `{"access_token":"` + strings.Repeat("a", 2<<20) + `"}`,
		"not an ID token": `{"access_token":"at","id_token":"not-a-jwt"}`,
	} {
		t.Run(name, func(t *testing.T) {
			r := newRig(t)
			r.kept.Issuer = fakeIssuer(t, func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(body))
			})
			s := r.session(sso.Options{})
			r.clock.Advance(time.Hour)
			_, err := s.Token(context.Background())
			msg := fmt1(err)
			if err == nil || strings.Contains(msg, "could not be reached") || strings.Contains(msg, "login page") ||
				strings.Contains(msg, r.kept.RefreshToken) || !strings.Contains(msg, "Sign in again") {
				t.Errorf("%q", msg)
			}
		})
	}
}

// A rotated refresh token that could not travel in a form (a space, a
// control, over 4096 characters) is not kept, as auth login keeps none:
// what is saved must be read back by the next run, not end every run
// with "the kept SSO session is incomplete".
func TestARotatedRefreshTokenThatCouldNotBeSentAgainIsNotKept(t *testing.T) {
	for name, rt := range map[string]string{"a space": "rt two", "a newline": "rt\n2", "too long": strings.Repeat("r", 5000)} {
		t.Run(name, func(t *testing.T) {
			r := newRig(t)
			idToken := r.idp.Token(oidctest.Claims{Email: "ana@example.com"}, "", 2*time.Hour)
			r.kept.Issuer = fakeIssuer(t, func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_ = json.NewEncoder(w).Encode(map[string]any{"access_token": "at", "token_type": "Bearer", "expires_in": 3600,
					"id_token": idToken, "refresh_token": rt})
			})
			s := r.session(sso.Options{})
			r.clock.Advance(time.Hour)
			if tok, err := s.Token(context.Background()); err != nil || tok != idToken {
				t.Fatalf("%v", err)
			}
			if len(r.saved) != 1 {
				t.Fatalf("saved %d", len(r.saved))
			}
			if _, err := sso.Decode(r.saved[0].Encode()); err != nil {
				t.Errorf("the next run cannot read what was kept: %v", err)
			}
		})
	}
}

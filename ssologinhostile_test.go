package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// hostileIdP is a gateway that names itself as its identity provider,
// whose discovery document lists tokenURL as the token endpoint.
func hostileIdP(t *testing.T, tokenURL func(self string) string, token http.HandlerFunc) string {
	t.Helper()
	var self string
	mux := http.NewServeMux()
	mux.HandleFunc("GET /kyclink/v1/info", func(w http.ResponseWriter, _ *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]any{"gateway": "kyclink", "oidc": map[string]string{"issuer": self, "clientId": "kyclink-gw"}})
	})
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, _ *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]any{"issuer": self, "token_endpoint": tokenURL(self),
			"device_authorization_endpoint": self + "/device", "jwks_uri": self + "/keys"})
	})
	mux.HandleFunc("POST /device", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"device_code": "dc-secret", "user_code": "WDJB-MJHT",
			"verification_uri": self + "/activate", "expires_in": 600, "interval": 1})
	})
	if token != nil {
		mux.HandleFunc("POST /token", token)
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	self = srv.URL
	return srv.URL
}

func noPollWait(t *testing.T) {
	wait := devicePollWait
	t.Cleanup(func() { devicePollWait = wait })
	devicePollWait = func(context.Context, time.Duration) error { return nil }
}

// The device code, and then the ID and refresh tokens, travel to the
// token endpoint: one that is plain http off loopback is refused before
// anything is sent, as the issuer and the renewal's endpoint are.
func TestAuthLoginRefusesATokenEndpointThatIsNotHTTPS(t *testing.T) {
	noPollWait(t)
	base := hostileIdP(t, func(string) string { return "http://idp.invalid/token" }, nil)
	r := runner{env: map[string]string{"XDG_CONFIG_HOME": t.TempDir()}}
	res := r.run(t, "auth", "login", "--base-url", base, "--insecure-storage")
	if res.code != exitAuth || !strings.Contains(res.stderr, "not https") {
		t.Errorf("%d %q", res.code, res.stderr)
	}
}

// A token endpoint that redirects is not followed: the device code (and
// what it buys) would go somewhere no one checked.
func TestAuthLoginFollowsNoRedirectOfTheTokenEndpoint(t *testing.T) {
	noPollWait(t)
	var stolen atomic.Int32
	thief := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { stolen.Add(1) }))
	t.Cleanup(thief.Close)
	base := hostileIdP(t, func(self string) string { return self + "/token" }, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, thief.URL+"/steal", http.StatusTemporaryRedirect)
	})
	r := runner{env: map[string]string{"XDG_CONFIG_HOME": t.TempDir()}}
	res := r.run(t, "auth", "login", "--base-url", base, "--insecure-storage")
	if stolen.Load() != 0 || res.code != exitAuth {
		t.Errorf("redirect followed %d times: %d %q", stolen.Load(), res.code, res.stderr)
	}
}

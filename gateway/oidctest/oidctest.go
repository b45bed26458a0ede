// Package oidctest is a fake OpenID Connect identity provider for tests:
// discovery, signing keys, ID tokens it signs on request, and the device
// authorization flow (RFC 8628), approved as the test says. It serves on
// loopback only.
package oidctest

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// TB is the part of testing.TB the provider uses.
type TB interface {
	Helper()
	Cleanup(func())
	Fatal(args ...any)
}

// Claims are what an ID token says of the agent.
type Claims struct {
	Email  string
	Groups []string
}

// Provider is a running fake identity provider.
type Provider struct {
	URL      string // the issuer
	ClientID string
	Now      func() time.Time // the tokens' iat and exp; default time.Now

	key    *rsa.PrivateKey
	signer jose.Signer

	mu      sync.Mutex
	pending map[string]*Claims // device code → who approves it (nil: not yet)
	polls   int
}

// NewProvider starts a provider for one test.
func NewProvider(tb TB, clientID string) *Provider {
	tb.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		tb.Fatal(err)
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: "k1"}}, nil)
	if err != nil {
		tb.Fatal(err)
	}
	p := &Provider{ClientID: clientID, Now: time.Now, key: key, signer: signer, pending: map[string]*Claims{}}
	srv := httptest.NewServer(p.routes())
	tb.Cleanup(srv.Close)
	p.URL = srv.URL
	return p
}

func (p *Provider) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 200, map[string]any{
			"issuer": p.URL, "jwks_uri": p.URL + "/keys", "authorization_endpoint": p.URL + "/auth",
			"token_endpoint": p.URL + "/token", "device_authorization_endpoint": p.URL + "/device",
			"id_token_signing_alg_values_supported": []string{"RS256"},
		})
	})
	mux.HandleFunc("GET /keys", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 200, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &p.key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}})
	})
	mux.HandleFunc("POST /device", p.device)
	mux.HandleFunc("POST /token", p.token)
	return mux
}

// Token signs an ID token for c, valid for life (negative: already
// expired), for audience aud ("" : the provider's client ID).
func (p *Provider) Token(c Claims, aud string, life time.Duration) string {
	if aud == "" {
		aud = p.ClientID
	}
	now := p.Now()
	claims := map[string]any{
		"iss": p.URL, "sub": c.Email, "aud": aud, "email": c.Email, "email_verified": true,
		"iat": now.Add(-time.Minute).Unix(), "exp": now.Add(life).Unix(),
	}
	if c.Groups != nil {
		claims["groups"] = c.Groups
	}
	raw, err := jwt.Signed(p.signer).Claims(claims).Serialize()
	if err != nil {
		panic(err) // signing a map with a fresh RSA key does not fail
	}
	return raw
}

// device starts a device authorization: the code waits for Approve.
func (p *Provider) device(w http.ResponseWriter, r *http.Request) {
	if r.ParseForm() != nil || r.PostForm.Get("client_id") != p.ClientID {
		writeJSON(w, 400, map[string]string{"error": "invalid_client"})
		return
	}
	p.mu.Lock()
	code := fmt.Sprintf("dev-%d", len(p.pending)+1)
	p.pending[code] = nil
	p.mu.Unlock()
	writeJSON(w, 200, map[string]any{
		"device_code": code, "user_code": "WDJB-MJHT", "verification_uri": p.URL + "/activate",
		"verification_uri_complete": p.URL + "/activate?user_code=WDJB-MJHT", "expires_in": 600, "interval": 1,
	})
}

// Approve lets the agent of every pending device code sign in as c.
func (p *Provider) Approve(c Claims) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for code := range p.pending {
		cc := c
		p.pending[code] = &cc
	}
}

// Polls is how many times the token endpoint was asked.
func (p *Provider) Polls() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.polls
}

func (p *Provider) token(w http.ResponseWriter, r *http.Request) {
	if r.ParseForm() != nil || r.PostForm.Get("grant_type") != "urn:ietf:params:oauth:grant-type:device_code" {
		writeJSON(w, 400, map[string]string{"error": "unsupported_grant_type"})
		return
	}
	p.mu.Lock()
	p.polls++
	c, ok := p.pending[r.PostForm.Get("device_code")]
	p.mu.Unlock()
	switch {
	case !ok:
		writeJSON(w, 400, map[string]string{"error": "invalid_grant"})
	case c == nil:
		writeJSON(w, 400, map[string]string{"error": "authorization_pending"})
	default:
		writeJSON(w, 200, map[string]any{"access_token": "at-1", "token_type": "Bearer", "expires_in": 3600,
			"id_token": p.Token(*c, "", time.Hour)})
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

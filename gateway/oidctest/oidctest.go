// Package oidctest is a fake OpenID Connect identity provider for tests:
// discovery, signing keys, ID tokens it signs on request, the device
// authorization flow (RFC 8628), approved as the test says, and refresh
// tokens (for a sign-in that asked for offline_access), rotated on each
// use and revoked as the test says. ID tokens expire by the provider's
// clock (Now), which the test moves. It serves on loopback only.
package oidctest

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
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
	// IDTokenLife is how long an ID token it issues holds; default an hour.
	IDTokenLife time.Duration

	key    *rsa.PrivateKey
	signer jose.Signer

	mu        sync.Mutex
	pending   map[string]*device // device code → its sign-in
	refresh   map[string]*Claims // refresh token → who it signs in (live ones only)
	issued    []string           // every refresh token ever issued, spent ones too
	refreshes int                // refresh grants answered with new tokens
	down      bool               // the token endpoint answers 503
	gate      chan struct{}      // when set, a refresh grant waits for it to close
	polls     int
}

// device is one device authorization: its scopes, and who approved it
// (nil: not yet).
type device struct {
	scopes string
	who    *Claims
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
	p := &Provider{ClientID: clientID, Now: time.Now, IDTokenLife: time.Hour, key: key, signer: signer,
		pending: map[string]*device{}, refresh: map[string]*Claims{}}
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
			"scopes_supported":                      []string{"openid", "email", "profile", "offline_access"},
			"grant_types_supported":                 []string{"urn:ietf:params:oauth:grant-type:device_code", "refresh_token"},
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
		"iat": now.Add(-time.Minute).Unix(), "exp": now.Add(life).Unix(), "jti": rand.Text(),
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
	p.pending[code] = &device{scopes: r.PostForm.Get("scope")}
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
	for _, d := range p.pending {
		cc := c
		d.who = &cc
	}
}

// Polls is how many times the token endpoint was asked.
func (p *Provider) Polls() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.polls
}

func (p *Provider) token(w http.ResponseWriter, r *http.Request) {
	if r.ParseForm() != nil {
		writeJSON(w, 400, map[string]string{"error": "invalid_request"})
		return
	}
	switch r.PostForm.Get("grant_type") {
	case "urn:ietf:params:oauth:grant-type:device_code":
		p.deviceToken(w, r)
	case "refresh_token":
		p.refreshToken(w, r)
	default:
		writeJSON(w, 400, map[string]string{"error": "unsupported_grant_type"})
	}
}

// deviceToken answers a poll of the device flow: pending, or the tokens
// (a refresh token too when offline_access was asked for).
func (p *Provider) deviceToken(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.polls++
	d, ok := p.pending[r.PostForm.Get("device_code")]
	var who *Claims
	if ok {
		who = d.who
	}
	p.mu.Unlock()
	switch {
	case !ok:
		writeJSON(w, 400, map[string]string{"error": "invalid_grant"})
	case who == nil:
		writeJSON(w, 400, map[string]string{"error": "authorization_pending"})
	default:
		p.issue(w, *who, slices.Contains(strings.Fields(d.scopes), "offline_access"))
	}
}

// refreshToken exchanges a live refresh token for new tokens, rotating
// it: the one used stops working.
func (p *Provider) refreshToken(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	gate, down := p.gate, p.down
	p.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-r.Context().Done():
			return
		}
	}
	if down {
		writeJSON(w, 503, map[string]string{"error": "temporarily_unavailable"})
		return
	}
	if r.PostForm.Get("client_id") != p.ClientID {
		writeJSON(w, 401, map[string]string{"error": "invalid_client"})
		return
	}
	p.mu.Lock()
	who, ok := p.refresh[r.PostForm.Get("refresh_token")]
	delete(p.refresh, r.PostForm.Get("refresh_token"))
	if ok {
		p.refreshes++
	}
	p.mu.Unlock()
	if !ok {
		writeJSON(w, 400, map[string]string{"error": "invalid_grant", "error_description": "the refresh token is not valid"})
		return
	}
	p.issue(w, *who, true)
}

// issue answers with an ID token for c and, with offline, a new refresh
// token.
func (p *Provider) issue(w http.ResponseWriter, c Claims, offline bool) {
	ans := map[string]any{"access_token": "at-1", "token_type": "Bearer", "expires_in": int(p.IDTokenLife.Seconds()),
		"id_token": p.Token(c, "", p.IDTokenLife)}
	if offline {
		ans["refresh_token"] = p.newRefreshToken(c)
	}
	writeJSON(w, 200, ans)
}

// SignIn is what a device flow with offline_access ends in for c: an ID
// token and a refresh token, as if the agent had approved.
func (p *Provider) SignIn(c Claims) (idToken, refreshToken string) {
	return p.Token(c, "", p.IDTokenLife), p.newRefreshToken(c)
}

// newRefreshToken issues a refresh token that signs c in.
func (p *Provider) newRefreshToken(c Claims) string {
	rt := "rt-" + rand.Text()
	p.mu.Lock()
	p.refresh[rt] = &c
	p.issued = append(p.issued, rt)
	p.mu.Unlock()
	return rt
}

// IssuedRefreshTokens are every refresh token the provider ever issued,
// spent and revoked ones too: what must never get out.
func (p *Provider) IssuedRefreshTokens() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.issued)
}

// RefreshTokens are the refresh tokens that still work.
func (p *Provider) RefreshTokens() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Collect(maps.Keys(p.refresh))
}

// Refreshes is how many refresh grants were answered with new tokens.
func (p *Provider) Refreshes() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.refreshes
}

// Revoke makes every refresh token issued so far stop working, as an
// administrator's "sign out everywhere" does.
func (p *Provider) Revoke() {
	p.mu.Lock()
	defer p.mu.Unlock()
	clear(p.refresh)
}

// SetDown makes the token endpoint answer 503 to refresh grants (true),
// or answer again (false).
func (p *Provider) SetDown(down bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = down
}

// Hold makes refresh grants wait until the returned func is called, so a
// test can have several requests arrive while one refresh is under way.
func (p *Provider) Hold() (release func()) {
	gate := make(chan struct{})
	p.mu.Lock()
	p.gate = gate
	p.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			p.mu.Lock()
			p.gate = nil
			p.mu.Unlock()
			close(gate)
		})
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/credentials"
	"github.com/kyclink/kyclink/client/spheretest"
	"github.com/kyclink/kyclink/client/sso"
	"github.com/kyclink/kyclink/gateway"
	"github.com/kyclink/kyclink/gateway/oidctest"
)

// ssoRig is an SSO gateway in front of the fake Sphere, its identity
// provider, and an agent signed in to it with a refresh token. The
// provider and the gateway share one clock (server); the agent's
// kyclink has its own (agent), so a test can put them apart.
type ssoRig struct {
	idp            *oidctest.Provider
	server, agent  *spheretest.Clock
	url, host, dir string
	r              runner
	home           credentials.Source // where login kept the sign-in

	mu   sync.Mutex
	sent []string // every URL and header value the gateway was sent
}

func newSSORig(t *testing.T, home ...credentials.Source) *ssoRig {
	t.Helper()
	return newSSORigAs(t, oidctest.Claims{Email: "ana@example.com"}, home...)
}

// newSSORigAs is newSSORig with the agent the provider signs in.
func newSSORigAs(t *testing.T, who oidctest.Claims, home ...credentials.Source) *ssoRig {
	t.Helper()
	start := spheretest.TestTime // the fake Sphere's clock: its links expire by it
	g := &ssoRig{idp: oidctest.NewProvider(t, "kyclink-gw"), server: spheretest.NewClock(start), agent: spheretest.NewClock(start), dir: t.TempDir()}
	g.idp.Now = g.server.Now
	fake := spheretest.NewTestServer(t, spheretest.Options{})
	store, err := gateway.OpenStore(context.Background(), filepath.Join(t.TempDir(), "gw.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	gw, err := gateway.New(gateway.Options{SphereURL: fake.URL, SphereKey: spheretest.DemoKey, Store: store,
		OIDC: &gateway.OIDCOptions{Issuer: g.idp.URL, ClientID: "kyclink-gw", Now: g.server.Now}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.mu.Lock()
		g.sent = append(g.sent, r.URL.String())
		for _, vs := range r.Header {
			g.sent = append(g.sent, vs...)
		}
		g.mu.Unlock()
		gw.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	g.url, g.host = srv.URL, strings.TrimPrefix(srv.URL, "http://")
	g.r = runner{env: map[string]string{"XDG_CONFIG_HOME": g.dir, "XDG_STATE_HOME": t.TempDir()}, now: g.agent.Now}

	wait := devicePollWait
	t.Cleanup(func() { devicePollWait = wait })
	devicePollWait = func(context.Context, time.Duration) error {
		g.idp.Approve(who)
		return nil
	}
	g.home = credentials.PlainText
	args := []string{"auth", "login", "--base-url", g.url, "--insecure-storage"}
	if len(home) > 0 && home[0] == credentials.Keychain {
		g.home, args = credentials.Keychain, args[:4]
	}
	login := g.r.run(t, args...)
	if login.code != 0 {
		t.Fatalf("login: %d %q", login.code, login.stderr)
	}
	g.noRefreshTokenIn(t, "login", login)
	if !strings.Contains(login.stderr, "SSO session: holds until") || !strings.Contains(login.stderr, "renewed on its own") {
		t.Errorf("login does not say how long the session holds: %q", login.stderr)
	}
	return g
}

// kept is the ID token and the session the agent's kyclink keeps, and
// where.
func (g *ssoRig) kept(t *testing.T) (string, sso.Kept) {
	t.Helper()
	store := credentials.Store{ConfigDir: g.dir}
	stored, err := store.Load(g.host)
	if err != nil || stored.Source != g.home {
		t.Fatalf("kept in the %s: %v", stored.Source, err)
	}
	raw, err := store.LoadSession(g.host, stored.Source)
	if err != nil {
		t.Fatal(err)
	}
	k, err := sso.Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	return stored.Key, k
}

// noRefreshTokenIn fails when a refresh token the provider ever issued
// (live or spent) shows in what a run printed, or reached the gateway.
func (g *ssoRig) noRefreshTokenIn(t *testing.T, what string, res result) {
	t.Helper()
	g.mu.Lock()
	sent := strings.Join(g.sent, "\n")
	g.mu.Unlock()
	// The tokens themselves: a bare "rt-" turns up in a base64url ID
	// token now and then.
	for _, s := range []string{res.stdout, res.stderr, sent} {
		for _, rt := range g.idp.IssuedRefreshTokens() {
			if strings.Contains(s, rt) {
				t.Errorf("%s: a refresh token got out", what)
			}
		}
	}
}

func TestAnSSOSignInIsRenewedBeforeItsIDTokenExpires(t *testing.T) {
	for _, home := range []credentials.Source{credentials.PlainText, credentials.Keychain} {
		t.Run(home.String(), func(t *testing.T) { renewedBeforeExpiry(t, newSSORig(t, home)) })
	}
}

func renewedBeforeExpiry(t *testing.T, g *ssoRig) {
	idToken, kept := g.kept(t)
	if kept.RefreshToken == "" || kept.Issuer != g.idp.URL || kept.ClientID != "kyclink-gw" {
		t.Fatalf("login kept %+v", kept)
	}
	g.server.Advance(59*time.Minute + 30*time.Second)
	g.agent.Advance(59*time.Minute + 30*time.Second)
	res := g.r.run(t, "regenerate", okID, "--base-url", g.url, "--debug")
	if res.code != 0 || g.idp.Refreshes() != 1 {
		t.Fatalf("30 s before expiry: %d, %d refreshes, %q", res.code, g.idp.Refreshes(), res.stderr)
	}
	g.noRefreshTokenIn(t, "regenerate", res)
	newToken, newKept := g.kept(t)
	if newToken == idToken || newKept.RefreshToken == kept.RefreshToken {
		t.Errorf("the renewed ID token and the rotated refresh token are not kept")
	}
	if live := g.idp.RefreshTokens(); len(live) != 1 || live[0] != newKept.RefreshToken {
		t.Errorf("the kept refresh token is not the live one")
	}
	// An hour on, the next run renews with the rotated refresh token.
	g.server.Advance(time.Hour)
	g.agent.Advance(time.Hour)
	if res := g.r.run(t, "customer", okID, "--base-url", g.url); res.code != 0 || g.idp.Refreshes() != 2 {
		t.Errorf("with the rotated refresh token: %d, %d refreshes, %q", res.code, g.idp.Refreshes(), res.stderr)
	}
}

func TestAnSSOSignInRefusedWithA401IsRenewedAndTheRequestSentAgain(t *testing.T) {
	g := newSSORig(t)
	g.server.Advance(2 * time.Hour) // the agent's clock is behind: by it the token still holds
	res := g.r.run(t, "regenerate", okID, "--base-url", g.url)
	if res.code != 0 || g.idp.Refreshes() != 1 || !strings.HasPrefix(res.stdout, "https://") {
		t.Fatalf("after a 401: %d, %d refreshes, %q", res.code, g.idp.Refreshes(), res.stderr)
	}
	g.noRefreshTokenIn(t, "regenerate", res)
	// log --team reads the record through the gateway the same way.
	g.server.Advance(2 * time.Hour)
	if res := g.r.run(t, "log", "--team", "--base-url", g.url, "--customer", okID); res.code != 0 || g.idp.Refreshes() != 2 || !strings.Contains(res.stdout, "ana@example.com") {
		t.Errorf("log --team after a 401: %d, %d refreshes, %q %q", res.code, g.idp.Refreshes(), res.stdout, res.stderr)
	}
}

func TestConcurrentRequestsRenewAnSSOSignInOnce(t *testing.T) {
	g := newSSORig(t)
	idToken, kept := g.kept(t)
	release := g.idp.Hold()
	t.Cleanup(release)
	g.server.Advance(2 * time.Hour)
	g.agent.Advance(2 * time.Hour)
	s := sso.New(sso.Options{IDToken: idToken, Kept: kept, Host: g.host, Login: reLogin(g.url), Now: g.agent.Now})
	c, err := client.New(client.Options{BaseURL: g.url, APIKey: idToken, Bearer: s, Sleep: spheretest.NoWait})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			if _, err := c.Customer(context.Background(), okID); err != nil {
				errs <- err
			}
		})
	}
	release()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if g.idp.Refreshes() != 1 {
		t.Errorf("%d refreshes for 8 requests at once", g.idp.Refreshes())
	}
}

func TestAnSSOSignInThatCannotBeRenewedSaysToSignInAgain(t *testing.T) {
	for _, c := range []struct {
		name   string
		break_ func(*oidctest.Provider)
		reason string
	}{
		{"revoked", (*oidctest.Provider).Revoke, "no longer accepts it"},
		{"provider down", func(p *oidctest.Provider) { p.SetDown(true) }, "unavailable (HTTP 503)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			g := newSSORig(t)
			idToken, kept := g.kept(t)
			c.break_(g.idp)
			g.server.Advance(2 * time.Hour)
			g.agent.Advance(2 * time.Hour)
			res := g.r.run(t, "regenerate", okID, "--base-url", g.url)
			want := "Sign in again: kyclink auth login --base-url " + g.url
			if res.code != exitAuth || !strings.Contains(res.stderr, c.reason) || !strings.Contains(res.stderr, want) || res.stdout != "" {
				t.Fatalf("%d %q", res.code, res.stderr)
			}
			g.noRefreshTokenIn(t, "regenerate", res)
			js := g.r.run(t, "regenerate", okID, "--base-url", g.url, "--json")
			var je struct{ Kind, Detail string }
			if js.code != exitAuth || json.Unmarshal([]byte(js.stderr), &je) != nil || je.Kind != "auth" || !strings.Contains(je.Detail, want) {
				t.Errorf("--json: %d %q", js.code, js.stderr)
			}
			g.noRefreshTokenIn(t, "--json", js)
			if tok, k := g.kept(t); tok != idToken || k != kept {
				t.Errorf("a failed renewal changed what is kept")
			}
		})
	}
}

func TestAuthStatusSaysUntilWhenAnSSOSessionHolds(t *testing.T) {
	g := newSSORig(t)
	g.agent.Advance(20 * time.Minute)
	res := g.r.run(t, "auth", "status", "--base-url", g.url)
	if res.code != 0 || !strings.Contains(res.stdout, "SSO session: holds until") || !strings.Contains(res.stdout, "in 40m") ||
		!strings.Contains(res.stdout, "renewed on its own") {
		t.Errorf("%d %q %q", res.code, res.stdout, res.stderr)
	}
	g.noRefreshTokenIn(t, "status", res)
	idToken, _ := g.kept(t)
	js := g.r.run(t, "auth", "status", "--base-url", g.url, "--json")
	if js.code != 0 || !strings.Contains(js.stdout, `"renews":true`) || !strings.Contains(js.stdout, `"idTokenExpires"`) || strings.Contains(js.stdout, idToken[20:]) {
		t.Errorf("--json: %d %q", js.code, js.stdout)
	}
	g.noRefreshTokenIn(t, "status --json", js)
}

func TestLogoutRemovesAnSSOSessionWithItsIDToken(t *testing.T) {
	g := newSSORig(t)
	if res := g.r.run(t, "auth", "logout", "--base-url", g.url); res.code != 0 {
		t.Fatalf("%d %q", res.code, res.stderr)
	}
	entries, _ := os.ReadDir(filepath.Join(g.dir, "kyclink"))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "session-") || strings.HasPrefix(e.Name(), "key-") {
			t.Errorf("left after logout: %s", e.Name())
		}
	}
}

func TestATokenSignInRemovesAnEarlierSSOSessionOfItsHost(t *testing.T) {
	url, _, token := teamGateway(t, "ana", gateway.RoleAgent)
	dir := t.TempDir()
	store := credentials.Store{ConfigDir: dir}
	host := strings.TrimPrefix(url, "http://")
	earlier := sso.Kept{Issuer: "https://idp.example.com", ClientID: "kyclink-gw", RefreshToken: "rt-earlier"}
	if err := store.SaveSession(host, credentials.PlainText, earlier.Encode()); err != nil {
		t.Fatal(err)
	}
	r := runner{stdin: token + "\n", env: map[string]string{"XDG_CONFIG_HOME": dir}}
	if res := r.run(t, "auth", "login", "--base-url", url, "--insecure-storage"); res.code != 0 || strings.Contains(res.stderr, "SSO session") {
		t.Fatalf("%d %q", res.code, res.stderr)
	}
	if got, err := store.LoadSession(host, credentials.PlainText); err != nil || got != "" {
		t.Errorf("a token sign-in kept the earlier session: %v", err)
	}
	if res := r.run(t, "regenerate", okID, "--base-url", url); res.code != 0 {
		t.Errorf("the token is sent as it is: %d %q", res.code, res.stderr)
	}
}

// A kept SSO session that cannot be read ends every run ("run auth login
// again"): auth status says so too, rather than nothing.
func TestAuthStatusSaysAKeptSessionCannotBeRead(t *testing.T) {
	cfg := t.TempDir()
	dir := filepath.Join(cfg, "kyclink")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	idToken := "eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjQxMDI0NDQ4MDB9.c2lnbmF0dXJlLW9mLWFuYQ"
	for name, body := range map[string]string{"key-gw.example.com": idToken, "session-gw.example.com": `{"issuer":"http://idp.example.com","client_id":"c","refresh_token":"rt-secret-1"}`} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	r := runner{env: map[string]string{"XDG_CONFIG_HOME": cfg}}
	res := r.run(t, "auth", "status", "--base-url", "https://gw.example.com")
	if !strings.Contains(res.stdout, "SSO session: ") || !strings.Contains(res.stdout, "not https") ||
		!strings.Contains(res.stdout, "kyclink auth login --base-url") || strings.Contains(res.stdout+res.stderr, "rt-secret-1") {
		t.Errorf("%d %q %q", res.code, res.stdout, res.stderr)
	}
	js := r.run(t, "auth", "status", "--base-url", "https://gw.example.com", "--json")
	if !strings.Contains(js.stdout, `"problem":"the kept SSO session names an identity provider that is not https"`) {
		t.Errorf("--json: %q", js.stdout)
	}
}

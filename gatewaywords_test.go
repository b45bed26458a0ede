// This file tests kyclink's words at a team gateway: the agent holds a
// token, not Sphere's key, and a 403 is the agent's role, not a key.

package main

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/credentials"
	"github.com/kyclink/kyclink/client/spheretest"
	"github.com/kyclink/kyclink/gateway"
)

// An agent (not a lead) asking for everyone's record is told the role
// does not allow it, to ask a lead; never that a key was rejected.
// Exit 4 and the JSON kind "auth" stay.
func TestAGateways403SaysTheRoleNotTheKey(t *testing.T) {
	url, _, token := teamGateway(t, "bo", gateway.RoleAgent)
	r := runner{env: map[string]string{"SPHERE_BASE_URL": url, "SPHERE_API_KEY": token}}
	res := r.run(t, "log", "--team")
	if res.code != exitAuth || !strings.Contains(res.stderr, "Not allowed for your role at the gateway (ask a team lead) (HTTP 403)") ||
		strings.Contains(res.stderr, "key") {
		t.Errorf("an agent reading everyone's record: %d %q", res.code, res.stderr)
	}
	js := r.run(t, "log", "--team", "--json")
	if js.code != exitAuth || !strings.Contains(js.stderr, `"kind":"auth"`) || !strings.Contains(js.stderr, `"status":403`) {
		t.Errorf("--json: %d %q", js.code, js.stderr)
	}
}

// A revoked token is a 401, exit 4, said as the agent's token refused by
// the gateway, by `log --team` and by a link request alike.
func TestARevokedTokenIsCalledAToken(t *testing.T) {
	url, store, token := teamGateway(t, "ana", gateway.RoleLead)
	if _, err := store.RevokeAgent(context.Background(), "ana", spheretest.TestTime); err != nil {
		t.Fatal(err)
	}
	r := runner{env: map[string]string{"SPHERE_BASE_URL": url, "SPHERE_API_KEY": token}}
	for _, args := range [][]string{{"log", "--team"}, {"regenerate", okID, "--no-audit"}, {"customer", okID, "--no-audit"}} {
		res := r.run(t, args...)
		if res.code != exitAuth || !strings.Contains(res.stderr, "Key refused (the gateway refused your token) (HTTP 401)") ||
			strings.Contains(res.stderr, "key rejected") || strings.Contains(res.stderr, token) {
			t.Errorf("%v: %d %q", args, res.code, res.stderr)
		}
	}
	// Straight at Sphere (the demo's fake), a refused key keeps its words.
	res := runner{}.run(t, "regenerate", "customer_00000000000000000000000000000401", "--demo", "--no-audit")
	if res.code != exitAuth || !strings.Contains(res.stderr, "Access denied (key rejected or not allowed) (HTTP 401)") {
		t.Errorf("Sphere's 401: %d %q", res.code, res.stderr)
	}
}

// Signing in with a token piped in names it a token, refused by the
// gateway (not by Sphere), and kept as a token.
func TestLoginAtAGatewaySaysToken(t *testing.T) {
	url, store, token := teamGateway(t, "ana", gateway.RoleAgent)
	cfg := t.TempDir()
	r := runner{env: map[string]string{"XDG_CONFIG_HOME": cfg}, stdin: token + "\n"}
	res := r.run(t, "auth", "login", "--base-url", url, "--insecure-storage")
	if res.code != 0 || !strings.Contains(res.stderr, "the token …"+token[len(token)-4:]+" is stored in plain text") {
		t.Fatalf("login: %d %q", res.code, res.stderr)
	}
	st := runner{env: map[string]string{"XDG_CONFIG_HOME": cfg}}.run(t, "auth", "status", "--base-url", url)
	if st.code != 0 || !strings.Contains(st.stdout, "your gateway token, ending …"+token[len(token)-4:]) {
		t.Errorf("auth status: %d %q", st.code, st.stdout)
	}
	if _, err := store.RevokeAgent(context.Background(), "ana", spheretest.TestTime); err != nil {
		t.Fatal(err)
	}
	again := runner{env: map[string]string{"XDG_CONFIG_HOME": t.TempDir()}, stdin: token}.run(t, "auth", "login", "--base-url", url, "--insecure-storage")
	if again.code != exitAuth || !strings.Contains(again.stderr, "key refused by the gateway (HTTP 401)") || !strings.Contains(again.stderr, "that token is wrong, expired or revoked") || strings.Contains(again.stderr, "Sphere") {
		t.Errorf("a revoked token at login: %d %q", again.code, again.stderr)
	}
}

// The app's header (and line mode's first line) says where the token
// comes from at a gateway, and where the key comes from elsewhere.
func TestTheHeaderNamesTheToken(t *testing.T) {
	for _, tc := range []struct {
		gateway bool
		want    string
	}{{true, "token: keychain"}, {false, "key: keychain"}} {
		e := &env{keySource: credentials.Keychain, gateway: tc.gateway}
		if got := headerNote(e); got != tc.want+" · record off" {
			t.Errorf("gateway %v: %q", tc.gateway, got)
		}
	}
	url, _, token := teamGateway(t, "ana", gateway.RoleAgent)
	res := runner{env: map[string]string{"SPHERE_BASE_URL": url, "SPHERE_API_KEY": token}, tty: true}.run(t)
	if res.tui == nil || !strings.HasPrefix(res.tui.HeaderNote, "token: environment variable") {
		t.Errorf("the app's header through a gateway: %+v", res.tui)
	}
}

func TestAgentTokensAreKnownByShape(t *testing.T) {
	kgw, _ := gateway.NewToken()
	for s, want := range map[string]bool{
		kgw: true, "eyJhbGciOiJSUzI1NiJ9.eyJlbWFpbCI6ImFuYSJ9.c2ln": true,
		"secret_test": false, "sk_live_abc": false, "eyJ.only": false, "a.b.c": false,
	} {
		if got := gateway.IsAgentToken(s); got != want {
			t.Errorf("IsAgentToken(%q) = %v", s, got)
		}
	}
}

// The app is given the command that signs in to this gateway again, for
// the hint of a refused token: a bare 'kyclink auth login' would sign in
// to Sphere's production.
func TestTheAppKnowsHowToSignInToTheGatewayAgain(t *testing.T) {
	url, _, token := teamGateway(t, "ana", gateway.RoleAgent)
	res := runner{tty: true, env: map[string]string{"SPHERE_BASE_URL": url, "SPHERE_API_KEY": token}}.run(t)
	if res.tui == nil || res.tui.SignIn != "kyclink auth login --base-url "+url {
		t.Fatalf("%d %q: %+v", res.code, res.stderr, res.tui)
	}
}

// noSphere stands in for every connection a client makes: it counts the
// requests (none reaches any network) and fails them.
type noSphere struct{ calls *atomic.Int32 }

func (n noSphere) RoundTrip(*http.Request) (*http.Response, error) {
	n.calls.Add(1)
	return nil, errors.New("no network in tests")
}

// An agent's token for a team gateway (kgw_…, or an SSO sign-in's ID
// token), given where Sphere's own API is meant (no --base-url), is
// refused before it is sent: Sphere never issued it, and a credential
// goes nowhere it does not belong. Signing in, and SPHERE_API_KEY alike.
func TestAnAgentsTokenIsNeverSentToSphere(t *testing.T) {
	idToken := "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbmEifQ.c2lnbmF0dXJlLW9mLWFuYQ"
	for _, tok := range []string{"kgw_enanTgSaksq1mo7zn3fk7UIgm_c-1qzhlCYWkZvDdGM", idToken} {
		var calls atomic.Int32
		r := runner{stdin: tok + "\n", tweak: func(o *client.Options) { o.HTTPClient = &http.Client{Transport: noSphere{&calls}} }}
		login := r.run(t, "auth", "login", "--insecure-storage")
		r.env = map[string]string{"SPHERE_API_KEY": tok}
		run := r.run(t, "customer", okID, "--sandbox", "--no-audit")
		for _, res := range []result{login, run} {
			if res.code != exitAuth || !strings.Contains(res.stderr, "team gateway") || !strings.Contains(res.stderr, "--base-url") || strings.Contains(res.stderr, tok) {
				t.Errorf("%.8s: %d %q", tok, res.code, res.stderr)
			}
		}
		if calls.Load() != 0 {
			t.Errorf("%.8s: sent to Sphere %d times", tok, calls.Load())
		}
	}
}

// The one-shot commands say what to do about a refused token or role, in
// the app's error screen's words (ui.GatewayRefusal), on stderr after the
// failure; stdout, --json and the exit code stay as they were.
func TestTheCommandsSayWhatToDoAboutARefusedToken(t *testing.T) {
	url, store, token := teamGateway(t, "ana", gateway.RoleLead)
	if _, err := store.RevokeAgent(context.Background(), "ana", spheretest.TestTime); err != nil {
		t.Fatal(err)
	}
	r := runner{env: map[string]string{"SPHERE_BASE_URL": url, "SPHERE_API_KEY": token}}
	host := strings.TrimPrefix(url, "http://")
	want := "kyclink: Your token for the gateway at " + host + " is wrong, expired or revoked: sign in to it again (kyclink auth login --base-url " + url + "), or ask whoever runs the gateway for a new one.\n"
	for _, args := range [][]string{{"log", "--team"}, {"regenerate", okID, "--no-audit"}, {"customer", okID, "--no-audit"}, {"search", "alice", "--no-audit"}} {
		res := r.run(t, args...)
		if res.code != exitAuth || !strings.HasSuffix(res.stderr, want) || res.stdout != "" {
			t.Errorf("%v: %d %q %q", args, res.code, res.stdout, res.stderr)
		}
		js := r.run(t, append(args, "--json")...)
		if js.code != exitAuth || strings.Contains(js.stderr, "sign in") || strings.Count(js.stderr, "\n") != 1 {
			t.Errorf("%v --json: %d %q", args, js.code, js.stderr)
		}
	}
	// A lead's word is the role's: an agent reading everyone's record.
	aurl, _, atoken := teamGateway(t, "bo", gateway.RoleAgent)
	res := runner{env: map[string]string{"SPHERE_BASE_URL": aurl, "SPHERE_API_KEY": atoken}}.run(t, "log", "--team")
	if res.code != exitAuth || !strings.HasSuffix(res.stderr, "kyclink: Your role at the gateway does not allow this: ask a team lead, who may.\n") {
		t.Errorf("403: %d %q", res.code, res.stderr)
	}
	// Straight at Sphere, nothing of a gateway is said.
	sphere := runner{}.run(t, "regenerate", "customer_00000000000000000000000000000401", "--demo", "--no-audit")
	if sphere.code != exitAuth || strings.Contains(sphere.stderr, "gateway") || strings.Contains(sphere.stderr, "sign in") {
		t.Errorf("Sphere's 401: %d %q", sphere.code, sphere.stderr)
	}
}

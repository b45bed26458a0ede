package main

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client/spheretest"
	"github.com/kyclink/kyclink/gateway"
	"github.com/kyclink/kyclink/gateway/oidctest"
)

func TestAuthLoginRunsTheDeviceFlowAgainstAnSSOGateway(t *testing.T) {
	idp := oidctest.NewProvider(t, "kyclink-gw")
	fake := spheretest.NewTestServer(t, spheretest.Options{})
	store, err := gateway.OpenStore(context.Background(), filepath.Join(t.TempDir(), "gw.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	g, err := gateway.New(gateway.Options{SphereURL: fake.URL, SphereKey: spheretest.DemoKey, Store: store,
		OIDC: &gateway.OIDCOptions{Issuer: idp.URL, ClientID: "kyclink-gw"}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(g)
	t.Cleanup(srv.Close)

	// The agent approves in the browser after the second wait.
	waits, wait := 0, devicePollWait
	t.Cleanup(func() { devicePollWait = wait })
	devicePollWait = func(context.Context, time.Duration) error {
		if waits++; waits == 2 {
			idp.Approve(oidctest.Claims{Email: "ana@example.com"})
		}
		return nil
	}
	r := runner{env: map[string]string{"XDG_CONFIG_HOME": t.TempDir(), "XDG_STATE_HOME": t.TempDir()}}
	login := r.run(t, "auth", "login", "--base-url", srv.URL, "--insecure-storage")
	if login.code != 0 || !strings.Contains(login.stderr, "To sign in, open "+idp.URL+"/activate?user_code=WDJB-MJHT") ||
		!strings.Contains(login.stderr, "enter the code WDJB-MJHT") || idp.Polls() != 2 {
		t.Fatalf("login: %d polls %d %q", login.code, idp.Polls(), login.stderr)
	}
	made := r.run(t, "regenerate", okID, "--base-url", srv.URL)
	if made.code != 0 {
		t.Fatalf("regenerate after SSO: %d %q", made.code, made.stderr)
	}
	recs, _ := store.Records(context.Background(), gateway.RecordFilter{CustomerID: okID})
	// The login's key check (a search) and the link, both ana's.
	if len(recs) != 2 || recs[0].Action != "kyc-link" || recs[0].User != "ana@example.com" || recs[1].User != "ana@example.com" {
		t.Errorf("%+v", recs)
	}
}

func TestAuthLoginAgainstATokenGatewayReadsTheToken(t *testing.T) {
	url, _, token := teamGateway(t, "ana", gateway.RoleAgent)
	r := runner{stdin: token + "\n", env: map[string]string{"XDG_CONFIG_HOME": t.TempDir()}}
	if res := r.run(t, "auth", "login", "--base-url", url, "--insecure-storage"); res.code != 0 || strings.Contains(res.stderr, token) {
		t.Fatalf("%d %q", res.code, res.stderr)
	}
	r.stdin = "kgw_not-the-token\n"
	if res := r.run(t, "auth", "login", "--base-url", url, "--insecure-storage"); res.code != exitAuth || !strings.Contains(res.stderr, "key refused") {
		t.Errorf("a wrong token: %d %q", res.code, res.stderr)
	}
}

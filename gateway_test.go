package main

import (
	"context"
	"errors"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
	"github.com/kyclink/kyclink/gateway"
	"github.com/kyclink/kyclink/ui"
)

var tokenLine = regexp.MustCompile(`^kgw_[A-Za-z0-9_-]{43}\n$`)

func TestGatewayAgentAddListRevoke(t *testing.T) {
	db := "sqlite://" + filepath.Join(t.TempDir(), "gw.db")
	r := runner{}
	add := r.run(t, "gateway", "agent", "add", "ana", "--db", db)
	if add.code != 0 || !tokenLine.MatchString(add.stdout) || !strings.Contains(add.stderr, "shown only this once") {
		t.Fatalf("add: %d %q %q", add.code, add.stdout, add.stderr)
	}
	if again := r.run(t, "gateway", "agent", "add", "ana", "--db", db); again.code != exitUsage || again.stdout != "" {
		t.Errorf("ana twice: %d %q", again.code, again.stdout)
	}
	if bad := r.run(t, "gateway", "agent", "add", "ana smith", "--db", db); bad.code != exitUsage {
		t.Errorf("a name with a space: %d", bad.code)
	}
	if bad := r.run(t, "gateway", "agent", "add", "lee", "--role", "boss", "--db", db); bad.code != exitUsage {
		t.Errorf("--role boss: %d", bad.code)
	}
	r.run(t, "gateway", "agent", "add", "lee", "--role", "lead", "--db", db)
	list := r.run(t, "gateway", "agent", "list", "--db", db)
	if list.code != 0 || !regexp.MustCompile(`(?m)^ana\s+agent\s+2026-11-26 10:00\s+-$`).MatchString(list.stdout) ||
		!strings.Contains(list.stdout, "lee   lead") || strings.Contains(list.stdout, "kgw_") {
		t.Errorf("list: %q", list.stdout)
	}
	rev := r.run(t, "gateway", "agent", "revoke", "ana", "--db", db)
	if rev.code != 0 || !strings.Contains(rev.stderr, "next request is refused") {
		t.Errorf("revoke: %d %q", rev.code, rev.stderr)
	}
	list = r.run(t, "gateway", "agent", "list", "--db", db, "--json")
	if !strings.Contains(list.stdout, `"name":"ana","role":"agent"`) || !strings.Contains(list.stdout, `"revoked":"2026-11-26T09:00:00Z"`) {
		t.Errorf("list --json: %q", list.stdout)
	}
}

func TestGatewayServeRefusals(t *testing.T) {
	r := runner{env: map[string]string{}}
	if res := r.run(t, "gateway", "serve", "--listen", "127.0.0.1:0"); res.code != exitAuth || !strings.Contains(res.stderr, "SPHERE_API_KEY") {
		t.Errorf("no key: %d %q", res.code, res.stderr)
	}
	r.env["SPHERE_API_KEY"] = "sk_live_gatewaycommandtestkey123456"
	for _, args := range [][]string{
		{"--listen", "0.0.0.0:0"},
		{"--listen", "127.0.0.1:0", "--sphere-url", "http://sphere.example.com"},
		{"--listen", "127.0.0.1:0", "--tls-cert", "x.pem"},
		{"--listen", "127.0.0.1:0", "--sandbox"},
	} {
		res := r.run(t, append([]string{"gateway", "serve"}, args...)...)
		if res.code != exitUsage {
			t.Errorf("%v: %d %q", args, res.code, res.stderr)
		}
		if strings.Contains(res.stderr, "sk_live_gatewaycommandtestkey") {
			t.Errorf("%v: the key is in the error", args)
		}
	}
}

// teamGateway starts a gateway in front of a fake for the test, and
// returns its URL, its store and a token for agent name.
func teamGateway(t *testing.T, name string, role gateway.Role) (string, gateway.Store, string) {
	t.Helper()
	fake := spheretest.NewTestServer(t, spheretest.Options{})
	store, err := gateway.OpenStore(context.Background(), filepath.Join(t.TempDir(), "gw.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	g, err := gateway.New(gateway.Options{SphereURL: fake.URL, SphereKey: spheretest.DemoKey, Store: store, Environment: "DEMO", Now: fake.Clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(g)
	t.Cleanup(srv.Close)
	token, hash := gateway.NewToken()
	if err := store.AddAgent(context.Background(), gateway.Agent{Name: name, Role: role}, hash); err != nil {
		t.Fatal(err)
	}
	return srv.URL, store, token
}

func TestLogTeamThroughTheGateway(t *testing.T) {
	url, store, token := teamGateway(t, "ana", gateway.RoleLead)
	r := runner{env: map[string]string{"SPHERE_BASE_URL": url, "SPHERE_API_KEY": token}}
	made := r.run(t, "regenerate", okID, "--no-audit")
	if made.code != 0 || !strings.HasPrefix(made.stdout, "https://") {
		t.Fatalf("regenerate through the gateway: %d %q %q", made.code, made.stdout, made.stderr)
	}
	res := r.run(t, "log", "--team")
	if res.code != 0 || !regexp.MustCompile(`2026-11-26 10:00:00\s+DEMO\s+`+okID+`\s+kyc-link\s+ok\s+201\s+2026-12-24 10:00\s+[0-9a-f]{12}\s+ana\n`).MatchString(res.stdout) {
		t.Errorf("log --team: %d %q %q", res.code, res.stdout, res.stderr)
	}
	js := r.run(t, "log", "--team", "--json", "--customer", okID)
	if js.code != 0 || !strings.Contains(js.stdout, `"user":"ana"`) || strings.Contains(js.stdout, "sumsub") {
		t.Errorf("--json: %q", js.stdout)
	}
	if _, err := store.RevokeAgent(context.Background(), "ana", spheretest.TestTime); err != nil {
		t.Fatal(err)
	}
	refused := r.run(t, "log", "--team")
	if refused.code != exitAuth {
		t.Errorf("revoked: %d %q", refused.code, refused.stderr)
	}
	again := r.run(t, "regenerate", okID, "--no-audit")
	if again.code != exitAuth || strings.Contains(again.stderr, token) {
		t.Errorf("a revoked agent's link: %d %q", again.code, again.stderr)
	}
	if res := (runner{}).run(t, "log", "--team"); res.code != exitUsage {
		t.Errorf("--team without a gateway: %d %q", res.code, res.stderr)
	}
}

// The app, through a gateway, knows a link a teammate made today and
// names them; straight at Sphere (or a fake) it asks nothing more.
func TestTheAppRecallsATeammatesLink(t *testing.T) {
	url, store, bo := teamGateway(t, "bo", gateway.RoleAgent)
	ana, hash := gateway.NewToken()
	if err := store.AddAgent(context.Background(), gateway.Agent{Name: "ana", Role: gateway.RoleAgent}, hash); err != nil {
		t.Fatal(err)
	}
	if res := (runner{env: map[string]string{"SPHERE_BASE_URL": url, "SPHERE_API_KEY": bo}}).run(t, "regenerate", okID); res.code != 0 {
		t.Fatalf("bo's link: %d %s", res.code, res.stderr)
	}
	var made time.Time
	var by, other string
	r := runner{env: map[string]string{"SPHERE_BASE_URL": url, "SPHERE_API_KEY": ana}, tty: true,
		tui: func(ctx context.Context, o ui.Options) error {
			if _, err := o.Client.Customer(ctx, okID); err != nil {
				return err
			}
			var ok bool
			made, _, ok = o.Earlier(okID, client.LinkKYC)
			if !ok {
				return errors.New("no earlier link")
			}
			by, other = o.EarlierBy(okID, client.LinkKYC), o.EarlierBy("customer_0123", client.LinkKYC)
			return nil
		}}
	if res := r.run(t, okID); res.code != 0 {
		t.Fatalf("%d %s", res.code, res.stderr)
	}
	if by != "bo" || other != "" || !made.Equal(spheretest.TestTime) {
		t.Errorf("by %q at %v; another customer by %q", by, made, other)
	}
}

// agent list --json goes through the one terminal-safe writer: a name
// another writer of the database put there (with a bidi override, a C1
// control, a zero-width space) is escaped, not acted on.
func TestGatewayAgentListJSONIsSafeInATerminal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gw.db")
	store, err := gateway.OpenStore(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	_, hash := gateway.NewToken()
	err = store.AddAgent(context.Background(), gateway.Agent{Name: "ana\u202eelif.exe\u0085\u200b", Role: gateway.RoleAgent}, hash)
	store.Close()
	if err != nil {
		t.Fatal(err)
	}
	list := runner{}.run(t, "gateway", "agent", "list", "--db", "sqlite://"+path, "--json")
	if list.code != 0 || !strings.Contains(list.stdout, `"name":"ana\u202eelif.exe\u0085\u200b"`) || strings.ContainsAny(list.stdout, "\u202e\u0085\u200b") {
		t.Errorf("exit %d, stdout %q", list.code, list.stdout)
	}
}

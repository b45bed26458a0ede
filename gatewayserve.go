// This file owns `kyclink gateway serve`: flags and environment wired to
// gateway.New and gateway.Serve, and --demo, a gateway in front of the
// built-in fake with a temporary database and one agent's token.

package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/audit"
	"github.com/kyclink/kyclink/client/spheretest"
	"github.com/kyclink/kyclink/gateway"
)

// gatewayFlags are the flags of `kyclink gateway` and its commands.
type gatewayFlags struct {
	db, listen, sphereURL, tlsCert, tlsKey string
	behindProxy                            bool
	teamReads, teamWrites, agentRate       float64
	agentBurst                             int
	oidc                                   gateway.OIDCOptions
	role                                   string
}

func (a *app) gatewayCommand() *cobra.Command {
	var f gatewayFlags
	cmd := &cobra.Command{
		Use:   "gateway",
		Short: "Run the team gateway: agents never hold the Sphere key",
		Long: `The team gateway holds the one Sphere key and lets each agent, signed in with a
token of their own (or the company's SSO), do exactly what kyclink needs: the
link, terms, one-time-code and face-check requests, and reading customers.
Every call is recorded with the agent's name ('kyclink log --team').`,
		Args: noArgs("gateway"),
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.PersistentFlags().StringVar(&f.db, "db", "", "the database `URL`: sqlite://PATH (default $XDG_STATE_HOME/kyclink/gateway.db) or postgres://…")
	cmd.AddCommand(a.gatewayServeCommand(&f), a.gatewayAgentCommand(&f))
	return cmd
}

func (a *app) gatewayServeCommand(f *gatewayFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve agents: forward kyclink's calls to Sphere with the one key",
		Example: `  SPHERE_API_KEY=… kyclink gateway serve --listen 127.0.0.1:8787
  kyclink gateway serve --api-key-file /etc/kyclink/sphere.key --listen 0.0.0.0:8443 --tls-cert cert.pem --tls-key key.pem --db postgres://…
  kyclink gateway serve --demo                 # in front of the built-in fake, with one agent's token`,
		Args: noArgs("gateway serve"),
		RunE: func(cmd *cobra.Command, _ []string) error { return a.serveGateway(cmd.Context(), f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.listen, "listen", "127.0.0.1:8787", "`ADDR` to listen on (plain http only on loopback, or with --behind-proxy)")
	fl.StringVar(&f.sphereURL, "sphere-url", client.ProductionURL, "Sphere's API `URL` (https; plain http only on loopback)")
	fl.StringVar(&f.tlsCert, "tls-cert", "", "TLS certificate `PATH` (with --tls-key)")
	fl.StringVar(&f.tlsKey, "tls-key", "", "TLS private key `PATH` (with --tls-cert)")
	fl.BoolVar(&f.behindProxy, "behind-proxy", false, "serve plain http beyond loopback: a proxy in front ends TLS")
	fl.Float64Var(&f.teamReads, "team-reads", gateway.DefaultTeamReads, "reads a second for the whole team (Sphere allows 100)")
	fl.Float64Var(&f.teamWrites, "team-writes", gateway.DefaultTeamWrites, "writes a second for the whole team (Sphere allows 100)")
	fl.Float64Var(&f.agentRate, "agent-rate", gateway.DefaultAgentRate, "requests a second for one agent")
	fl.IntVar(&f.agentBurst, "agent-burst", gateway.DefaultAgentBurst, "requests one agent may make at once")
	fl.StringVar(&f.oidc.Issuer, "oidc-issuer", "", "sign agents in with this OpenID Connect issuer `URL`")
	fl.StringVar(&f.oidc.ClientID, "oidc-client-id", "", "the OpenID Connect client `ID` (the ID tokens' audience)")
	fl.StringVar(&f.oidc.LeadGroup, "oidc-lead-group", "", "members of this `GROUP` (the groups claim) are leads")
	cmd.MarkFlagsRequiredTogether("tls-cert", "tls-key")
	cmd.MarkFlagsRequiredTogether("oidc-issuer", "oidc-client-id")
	return cmd
}

// serveGateway runs the gateway until SIGTERM or ctrl+c.
func (a *app) serveGateway(ctx context.Context, f *gatewayFlags) error {
	if a.flags.demo {
		return a.serveDemoGateway(ctx, f)
	}
	if a.flags.sandbox || a.flags.baseURL != "" {
		return &usageError{msg: "the gateway's Sphere is --sphere-url URL", help: "gateway serve"}
	}
	base, err := client.CheckBaseURL(f.sphereURL)
	if err != nil {
		return &usageError{msg: "--sphere-url: " + err.Error(), help: "gateway serve"}
	}
	key, err := a.gatewayKey()
	if err != nil {
		return err
	}
	store, err := a.openGatewayStore(ctx, f)
	if err != nil {
		return err
	}
	defer store.Close()
	badge := client.Environment{Kind: client.EnvCustom, Host: base.Host}
	switch strings.TrimSuffix(f.sphereURL, "/") {
	case client.ProductionURL:
		badge.Kind = client.EnvProduction
	case client.SandboxURL:
		badge.Kind = client.EnvSandbox
	}
	return a.runGateway(ctx, f, base.String(), key, badge, store)
}

// runGateway builds the gateway and serves it.
func (a *app) runGateway(ctx context.Context, f *gatewayFlags, base, key string, badge client.Environment, store gateway.Store) error {
	if err := gateway.CheckListen(a.serveOptions(f)); err != nil {
		return &usageError{msg: err.Error(), help: "gateway serve"}
	}
	o := gateway.Options{
		SphereURL: base, SphereKey: key, Store: store, Environment: badge.Name(),
		Logger:    slog.New(slog.NewJSONHandler(a.stderr, nil)),
		TeamReads: f.teamReads, TeamWrites: f.teamWrites, AgentRate: f.agentRate, AgentBurst: f.agentBurst,
		Now: a.now, Version: shortVersion(), BehindProxy: f.behindProxy,
	}
	if f.oidc.Issuer != "" {
		o.OIDC = &f.oidc
	}
	g, err := gateway.New(o)
	if err != nil {
		return err
	}
	if a.grace != nil { // requests in flight get their grace, then a moment to exit
		a.grace.Store(int64(gateway.ShutdownGrace + 2*time.Second))
	}
	return gateway.Serve(ctx, g, a.serveOptions(f))
}

func (a *app) serveOptions(f *gatewayFlags) gateway.ServeOptions {
	return gateway.ServeOptions{
		Addr: f.listen, TLSCert: f.tlsCert, TLSKey: f.tlsKey, BehindProxy: f.behindProxy,
		Ready: func(addr string) {
			scheme := "http"
			if f.tlsCert != "" {
				scheme = "https"
			}
			fmt.Fprintf(a.stderr, "kyclink gateway: serving on %s://%s\n", scheme, addr)
		},
	}
}

// gatewayKey is Sphere's key for the gateway: SPHERE_API_KEY or
// --api-key-file, never a flag value nor a keychain of a person.
func (a *app) gatewayKey() (string, error) {
	if key := strings.TrimSpace(a.getenv("SPHERE_API_KEY")); key != "" {
		if err := client.CheckAPIKey(key); err != nil {
			return "", &authError{"SPHERE_API_KEY: " + err.Error()}
		}
		return key, nil
	}
	if a.flags.apiKeyFile != "" {
		return readKeyFile(a.flags.apiKeyFile)
	}
	return "", &authError{"the gateway needs Sphere's key: set SPHERE_API_KEY or pass --api-key-file PATH (a file only its owner can read)"}
}

// openGatewayStore opens --db, by default the SQLite file in the state
// folder.
func (a *app) openGatewayStore(ctx context.Context, f *gatewayFlags) (gateway.Store, error) {
	db := f.db
	if db == "" {
		dir, err := audit.Dir(a.getenv)
		if err != nil {
			return nil, fmt.Errorf("no database: %w; pass --db", err)
		}
		db = "sqlite://" + filepath.Join(dir, "gateway.db")
	}
	s, err := gateway.OpenStore(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("the gateway's database: %w", err)
	}
	return s, nil
}

// serveDemoGateway runs a gateway in front of the built-in fake, on a
// temporary database with one lead agent, whose token goes alone to
// stdout.
func (a *app) serveDemoGateway(ctx context.Context, f *gatewayFlags) error {
	if f.db != "" {
		return &usageError{msg: "--demo keeps its own temporary database; leave out --db", help: "gateway serve"}
	}
	fake, err := spheretest.Start(spheretest.Options{})
	if err != nil {
		return err
	}
	defer fake.Close()
	dir, err := os.MkdirTemp("", "kyclink-gateway-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	f.db = "sqlite://" + filepath.Join(dir, "gateway.db")
	store, err := gateway.OpenStore(ctx, f.db)
	if err != nil {
		return err
	}
	defer store.Close()
	token, hash := gateway.NewToken()
	if err := store.AddAgent(ctx, gateway.Agent{Name: "demo", Role: gateway.RoleLead, Created: a.clock()}, hash); err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, token)
	fmt.Fprintf(a.stderr, `kyclink gateway demo: in front of a fake Sphere (%s), database %s
The line on stdout is agent "demo"'s token (a lead). In another terminal:
  kyclink auth login --base-url http://%s     # paste the token
  kyclink --base-url http://%s
  kyclink log --team --base-url http://%s
  kyclink gateway agent revoke demo --db %s
`, fake.URL, f.db, f.listen, f.listen, f.listen, f.db)
	badge := client.Environment{Kind: client.EnvDemo, Host: strings.TrimPrefix(fake.URL, "http://")}
	return a.runGateway(ctx, f, fake.URL, spheretest.DemoKey, badge, store)
}

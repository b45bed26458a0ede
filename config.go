// This file owns a run's configuration: flags and environment turned into a
// client and the environment badge, the --demo fake started on the way.

package main

import (
	"cmp"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/audit"
	"github.com/kyclink/kyclink/client/credentials"
	"github.com/kyclink/kyclink/client/spheretest"
)

// env is the resolved configuration of a run.
type env struct {
	client    *client.Client
	badge     client.Environment
	keySource credentials.Source // None for --demo
	gateway   bool               // the key is an agent's token for a team gateway (atGateway)
	signIn    string             // the command that signs in again where requests go (a custom API's)
	rec       *audit.Recorder    // nil with --no-audit
	recOff    string             // why there is no record, when not --no-audit
	team      *teamRecall        // the app's recall through a gateway; nil otherwise
	close     func()
}

// apiFlags each choose the API kyclink talks to: at most one may be given
// (cobra's MarkFlagsMutuallyExclusive, in rootCommand).
var apiFlags = []string{"demo", "sandbox", "base-url"}

// checkFlagGroups runs cobra's flag-group check before cobra does, to say
// what is wrong in kyclink's words ("--demo and --sandbox cannot be used
// together") and as a usage error (exit 2). It is the root command's
// PersistentPreRunE: a subcommand given its own would skip it.
func checkFlagGroups(cmd *cobra.Command, _ []string) error {
	err := cmd.ValidateFlagGroups()
	if err == nil {
		return nil
	}
	var set []string
	for _, name := range apiFlags {
		if cmd.Flags().Changed(name) {
			set = append(set, "--"+name)
		}
	}
	if len(set) < 2 { // a group other than apiFlags: cobra's words
		return &usageError{msg: err.Error()}
	}
	return &usageError{msg: set[0] + " and " + set[1] + " cannot be used together"}
}

// resolve turns flags and environment into a client. debug receives the
// client's request log when --debug is on.
func (a *app) resolve(debug io.Writer) (*env, error) {
	f := a.flags
	if f.timeout <= 0 {
		return nil, &usageError{msg: "--timeout must be positive"}
	}
	e := &env{close: func() {}}
	opts := client.Options{Timeout: f.timeout, Version: shortVersion(), Now: a.now}
	if f.debug {
		opts.Debug = debug
	}
	if f.demo {
		srv, err := spheretest.Start(spheretest.Options{})
		if err != nil {
			return nil, err
		}
		e.close = func() { _ = srv.Close() }
		opts.BaseURL, opts.APIKey = srv.URL, spheretest.DemoKey
		e.badge = client.Environment{Kind: client.EnvDemo, Host: strings.TrimPrefix(srv.URL, "http://")}
	} else {
		var err error
		if opts.BaseURL, e.badge, err = a.api(); err != nil {
			return nil, err
		}
		if opts.APIKey, e.keySource, err = a.apiKey(e.badge); err != nil {
			return nil, err
		}
		e.gateway = atGateway(e.badge, opts.APIKey)
		opts.Gateway = e.gateway
		if e.badge.Kind == client.EnvCustom {
			e.signIn = reLogin(opts.BaseURL)
		}
		if err := a.renewable(e, &opts, debug); err != nil { // ssosession.go
			return nil, err
		}
	}
	if !f.noAudit {
		if e.rec, e.recOff = a.openRecord(e.badge); e.rec != nil {
			opts.Record = e.rec.Record
		}
	}
	if a.recall && e.rec != nil { // record off (--no-audit, a refused folder): no recall at all
		a.joinTeam(e, &opts)
	}
	if a.tweak != nil {
		a.tweak(&opts)
	}
	c, err := client.New(opts)
	if err != nil {
		e.close()
		return nil, &usageError{msg: err.Error()}
	}
	e.client = c
	return e, nil
}

// api is the Sphere the flags and environment choose, but --demo: its base
// URL and its badge.
func (a *app) api() (string, client.Environment, error) {
	f := a.flags
	envBase := strings.TrimSpace(a.getenv("SPHERE_BASE_URL"))
	switch {
	case f.sandbox:
		return client.SandboxURL, client.Environment{Kind: client.EnvSandbox, Host: hostOf(client.SandboxURL)}, nil
	case f.baseURL != "" || envBase != "":
		base := cmp.Or(f.baseURL, envBase)
		if _, err := client.CheckBaseURL(base); err != nil {
			return "", client.Environment{}, &usageError{msg: err.Error()}
		}
		return base, client.Environment{Kind: client.EnvCustom, Host: hostOf(base)}, nil
	}
	return client.ProductionURL, client.Environment{Kind: client.EnvProduction, Host: hostOf(client.ProductionURL)}, nil
}

func hostOf(base string) string {
	u, err := client.CheckBaseURL(base)
	if err != nil {
		return base
	}
	return u.Host
}

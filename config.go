// This file owns a run's configuration: flags and environment turned into a
// client and the environment badge, the --demo fake started on the way.

package main

import (
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
)

// env is the resolved configuration of a run.
type env struct {
	client *client.Client
	badge  client.Environment
	close  func()
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
	envBase := strings.TrimSpace(a.getenv("SPHERE_BASE_URL"))
	if f.timeout <= 0 {
		return nil, &usageError{msg: "--timeout must be positive"}
	}
	e := &env{close: func() {}}
	opts := client.Options{Timeout: f.timeout, Version: shortVersion(), Now: a.now}
	if f.debug {
		opts.Debug = debug
	}
	switch {
	case f.demo:
		srv, err := spheretest.Start(spheretest.Options{})
		if err != nil {
			return nil, err
		}
		e.close = func() { _ = srv.Close() }
		opts.BaseURL, opts.APIKey = srv.URL, spheretest.DemoKey
		e.badge = client.Environment{Kind: client.EnvDemo, Host: strings.TrimPrefix(srv.URL, "http://")}
	case f.sandbox:
		opts.BaseURL = client.SandboxURL
		e.badge = client.Environment{Kind: client.EnvSandbox, Host: hostOf(client.SandboxURL)}
	case f.baseURL != "" || envBase != "":
		opts.BaseURL = f.baseURL
		if opts.BaseURL == "" {
			opts.BaseURL = envBase
		}
		if _, err := client.CheckBaseURL(opts.BaseURL); err != nil {
			return nil, &usageError{msg: err.Error()}
		}
		e.badge = client.Environment{Kind: client.EnvCustom, Host: hostOf(opts.BaseURL)}
	default:
		opts.BaseURL = client.ProductionURL
		e.badge = client.Environment{Kind: client.EnvProduction, Host: hostOf(client.ProductionURL)}
	}
	if !f.demo {
		key, err := a.apiKey()
		if err != nil {
			return nil, err
		}
		opts.APIKey = key
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

func hostOf(base string) string {
	u, err := client.CheckBaseURL(base)
	if err != nil {
		return base
	}
	return u.Host
}

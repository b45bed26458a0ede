package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
	"github.com/kyclink/kyclink/ui"
)

// app is one run of kyclink: its streams, environment and flags. Tests
// build one with buffers and a fake environment.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	isTTY          func() bool
	runTUI         func(ctx context.Context, o ui.Options) error
	now            func() time.Time // nil: time.Now
	loc            *time.Location   // nil: time.Local
	// tweak lets tests adjust the client (a sleeper that does not wait).
	tweak func(*client.Options)

	flags struct {
		apiKeyFile, baseURL, debugFile string
		linkHosts                      []string
		sandbox, demo, debug, json     bool
		timeout                        time.Duration
	}
}

// env is the resolved configuration of a run.
type env struct {
	client *client.Client
	badge  client.Environment
	close  func()
}

func (a *app) run(ctx context.Context, args []string) int {
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	if err := root.ExecuteContext(ctx); err != nil {
		return a.fail(err, args)
	}
	return exitOK
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "kyclink [CUSTOMER_ID]",
		Short: "Regenerate a customer's hosted KYC link at Sphere",
		Long: `kyclink regenerates a customer's hosted KYC (identity verification) link at
Sphere and hands it over: as a QR code on screen, copied to the clipboard, or
printed for scripts.

Run without a command on a terminal it opens the interactive app; given a
CUSTOMER_ID it submits that at once. The API key comes from SPHERE_API_KEY or
--api-key-file; --demo needs none.`,
		Example: `  kyclink --demo
  SPHERE_API_KEY=… kyclink --sandbox customer_f31121c389624d3697cbf3ea8830b7a4
  kyclink regenerate customer_f31121c389624d3697cbf3ea8830b7a4 | pbcopy`,
		Args:              cobra.MaximumNArgs(1),
		Version:           versionLine(),
		SilenceErrors:     true,
		SilenceUsage:      true,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              a.interactive,
	}
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{err.Error()} })
	f := root.PersistentFlags()
	f.StringVar(&a.flags.apiKeyFile, "api-key-file", "", "read the API key from `PATH` (must not be readable by group or others)")
	f.BoolVar(&a.flags.sandbox, "sandbox", false, "use Sphere's sandbox ("+client.SandboxURL+")")
	f.StringVar(&a.flags.baseURL, "base-url", "", "use another API base `URL` (env SPHERE_BASE_URL; plain http only on loopback)")
	f.DurationVar(&a.flags.timeout, "timeout", client.DefaultTimeout, "time allowed for the whole request, retries included")
	f.BoolVar(&a.flags.demo, "demo", false, "use a built-in fake Sphere API; no key needed")
	f.BoolVar(&a.flags.debug, "debug", false, "log requests and responses (key and link redacted)")
	f.StringVar(&a.flags.debugFile, "debug-file", "", "write the interactive app's --debug lines to `PATH` (default $XDG_STATE_HOME/kyclink/debug.log)")
	f.StringSliceVar(&a.flags.linkHosts, "link-hosts", client.DefaultLinkHosts, "`DOMAINS` a link is expected on (a warning shows otherwise)")
	_ = root.MarkPersistentFlagFilename("api-key-file")
	_ = root.MarkPersistentFlagFilename("debug-file")
	for _, name := range []string{"base-url", "timeout", "link-hosts"} {
		_ = root.RegisterFlagCompletionFunc(name, cobra.NoFileCompletions)
	}
	root.AddCommand(a.regenerateCommand())
	return root
}

func (a *app) regenerateCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "regenerate CUSTOMER_ID",
		Short: "Regenerate the link and print it (stdout: the link alone)",
		Long: `Regenerate a customer's hosted KYC link and print it on stdout, alone, so that
"kyclink regenerate ID | pbcopy" works. Expiry and environment go to stderr.
With --json, stdout carries one JSON object, and so does stderr on failure.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return &usageError{fmt.Sprintf("regenerate takes exactly one CUSTOMER_ID (got %d)", len(args))}
			}
			return nil
		},
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              a.regenerate,
	}
	cmd.Flags().BoolVar(&a.flags.json, "json", false, "print JSON: the link on stdout, a failure on stderr")
	return cmd
}

// regenerate is the one-shot command.
func (a *app) regenerate(cmd *cobra.Command, args []string) error {
	id, err := client.NormalizeCustomerID(args[0])
	if err != nil {
		return err
	}
	e, err := a.resolve(a.stderr)
	if err != nil {
		return err
	}
	defer e.close()
	link, err := e.client.RegenerateKYCLink(cmd.Context(), id)
	if err != nil {
		return err
	}
	if a.flags.json {
		return a.printJSONLink(link)
	}
	fmt.Fprintln(a.stdout, link.URL)
	a.describeLink(link, e.badge)
	return nil
}

// describeLink writes what the agent needs besides the link, on stderr.
func (a *app) describeLink(link client.Link, badge client.Environment) {
	local, utc := client.FormatExpiry(link.ExpiresAt, a.loc)
	fmt.Fprintf(a.stderr, "Customer:    %s\n", link.CustomerID)
	fmt.Fprintf(a.stderr, "Expires:     %s (%s)\n", local, utc)
	fmt.Fprintf(a.stderr, "             in %s\n", client.FormatRemaining(link.Remaining(a.clock())))
	if note := client.ClockNote(link); note != "" {
		fmt.Fprintf(a.stderr, "Clock:       %s\n", note)
	}
	fmt.Fprintf(a.stderr, "Environment: %s\n", badge.Label())
	if client.UnusualCustomerID(link.CustomerID) {
		fmt.Fprintln(a.stderr, "Note:        this customer ID is not the usual customer_ + 32 hex characters")
	}
	if h := client.CheckLinkHost(link.URL, a.flags.linkHosts); !h.Expected {
		why := ""
		if h.Unusual != "" {
			why = " (it is " + h.Unusual + ")"
		}
		fmt.Fprintf(a.stderr, "Warning:     the link's host %s is not one of %s%s\n", h.Host, strings.Join(a.flags.linkHosts, ", "), why)
	}
}

func (a *app) printJSONLink(link client.Link) error {
	enc := json.NewEncoder(a.stdout)
	enc.SetEscapeHTML(false)
	return enc.Encode(struct {
		CustomerID string `json:"customerId"`
		URL        string `json:"url"`
		ExpiresAt  string `json:"expiresAt"`
	}{link.CustomerID, link.URL, link.ExpiresAt.UTC().Format("2006-01-02T15:04:05.000Z07:00")})
}

// interactive opens the TUI, optionally submitting a customer ID at once.
func (a *app) interactive(cmd *cobra.Command, args []string) error {
	if !a.isTTY() {
		fmt.Fprint(a.stderr, cmd.UsageString())
		return &usageError{"the interactive app needs a terminal on stdin and stdout; use 'kyclink regenerate CUSTOMER_ID' in scripts"}
	}
	var debugOut io.Writer
	if a.flags.debug {
		f, err := a.openDebugFile()
		if err != nil {
			return err
		}
		defer f.Close()
		debugOut = f
	}
	e, err := a.resolve(debugOut)
	if err != nil {
		return err
	}
	defer e.close()
	o := ui.Options{
		Client:        e.client,
		Environment:   e.badge,
		ExpectedHosts: a.flags.linkHosts,
		Getenv:        a.getenv,
	}
	if len(args) == 1 {
		o.InitialID = args[0]
	}
	return a.runTUI(cmd.Context(), o)
}

// resolve turns flags and environment into a client. debug receives the
// client's request log when --debug is on.
func (a *app) resolve(debug io.Writer) (*env, error) {
	f := a.flags
	envBase := strings.TrimSpace(a.getenv("SPHERE_BASE_URL"))
	switch {
	case f.demo && f.sandbox:
		return nil, &usageError{"--demo and --sandbox cannot be used together"}
	case f.demo && f.baseURL != "":
		return nil, &usageError{"--demo and --base-url cannot be used together"}
	case f.sandbox && f.baseURL != "":
		return nil, &usageError{"--sandbox and --base-url cannot be used together"}
	case f.timeout <= 0:
		return nil, &usageError{"--timeout must be positive"}
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
			return nil, &usageError{err.Error()}
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
		return nil, &usageError{err.Error()}
	}
	e.client = c
	return e, nil
}

func (a *app) clock() time.Time {
	if a.now != nil {
		return a.now()
	}
	return time.Now()
}

func hostOf(base string) string {
	u, err := client.CheckBaseURL(base)
	if err != nil {
		return base
	}
	return u.Host
}

// runTUI starts the interactive app on the real terminal.
func runTUI(ctx context.Context, o ui.Options) error {
	return ui.Run(ctx, o)
}

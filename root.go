// This file owns the root command: the app and its flags, running the
// command line, and starting the interactive app.

package main

import (
	"context"
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"github.com/kyclink/kyclink/client"
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
	// after is the watch's timer; nil: time.After. Tests move a clock
	// instead of waiting.
	after func(time.Duration) <-chan time.Time
	// recall: the run is the interactive app, which asks a team gateway's
	// record about earlier links (teamrecall.go).
	recall bool
	// grace, when set, is how long the process has after a signal to end
	// on its own (main's signalGrace otherwise): a gateway's requests in
	// flight need longer than a one-shot.
	grace *atomic.Int64

	flags struct {
		apiKeyFile, baseURL, debugFile string
		linkHosts                      []string
		sandbox, demo, debug, json     bool
		accessible, noAudit            bool
		allowUnusual, all              bool
		insecureStorage                bool
		timeout, since                 time.Duration
		every, watchFor                time.Duration
		byEmail, byPhone, noNotify     bool
		again                          bool
		watchEvery                     time.Duration
		customer                       string
	}
}

// run executes the command line args and returns the exit code.
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
CUSTOMER_ID it submits that at once. The API key comes from SPHERE_API_KEY,
--api-key-file or 'kyclink auth login'; --demo needs none. Every link made
and every failed attempt is recorded ('kyclink log'), never the link itself.`,
		Example: `  kyclink --demo
  SPHERE_API_KEY=… kyclink --sandbox customer_f31121c389624d3697cbf3ea8830b7a4
  kyclink regenerate customer_f31121c389624d3697cbf3ea8830b7a4 | pbcopy`,
		Args:              rootArgs,
		Version:           versionLine(),
		SilenceErrors:     true,
		SilenceUsage:      true,
		ValidArgsFunction: cobra.NoFileCompletions,
		PersistentPreRunE: checkFlagGroups,
		RunE:              a.interactive,
	}
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetFlagErrorFunc(flagError)
	f := root.PersistentFlags()
	f.StringVar(&a.flags.apiKeyFile, "api-key-file", "", "read the API key from `PATH` (must not be readable by group or others)")
	f.BoolVar(&a.flags.sandbox, "sandbox", false, "use Sphere's sandbox ("+client.SandboxURL+")")
	f.StringVar(&a.flags.baseURL, "base-url", "", "use another API base `URL` (env SPHERE_BASE_URL; plain http only on loopback)")
	f.DurationVar(&a.flags.timeout, "timeout", client.DefaultTimeout, "time allowed for the whole request, retries included")
	f.BoolVar(&a.flags.demo, "demo", false, "use a built-in fake Sphere API; no key needed; its links go to a record of its own ('kyclink log --demo')")
	f.BoolVar(&a.flags.debug, "debug", false, "log requests and responses (key and link redacted)")
	f.StringVar(&a.flags.debugFile, "debug-file", "", "write the interactive app's --debug lines to `PATH` (default $XDG_STATE_HOME/kyclink/debug.log)")
	f.BoolVar(&a.flags.accessible, "accessible", false, "line mode for screen readers and plain terminals: no redraws, choices typed on a line (env KYCLINK_ACCESSIBLE=1; always for TERM=dumb)")
	f.StringSliceVar(&a.flags.linkHosts, "link-hosts", client.DefaultLinkHosts, "`DOMAINS` a link is expected on (a warning shows otherwise)")
	f.BoolVar(&a.flags.noAudit, "no-audit", false, "keep no record of this run's links (see 'kyclink log')")
	root.Flags().DurationVar(&a.flags.watchEvery, "watch-every", client.DefaultWatchEvery, "read the customer on screen again this often to show what changed (at least 2s; 0 turns it off)")
	root.Flags().BoolVar(&a.flags.noNotify, "no-notify", false, "no bell and no desktop notification when a watched customer changes")
	root.MarkFlagsMutuallyExclusive(apiFlags...)
	_ = root.MarkPersistentFlagFilename("api-key-file")
	_ = root.MarkPersistentFlagFilename("debug-file")
	for _, name := range []string{"base-url", "timeout", "link-hosts"} {
		_ = root.RegisterFlagCompletionFunc(name, cobra.NoFileCompletions)
	}
	root.AddCommand(a.regenerateCommand(), a.customerCommand(), a.searchCommand(), a.termsLinkCommand())
	root.AddCommand(a.watchCommand(), a.sendCodeCommand(), a.faceLinkCommand())
	root.AddCommand(a.authCommand(), a.logCommand())
	root.AddCommand(a.gatewayCommand())
	root.SuggestionsMinimumDistance = 2
	for _, c := range root.Commands() {
		c.SuggestionsMinimumDistance = 2
	}
	return root
}

// interactive opens the TUI, optionally submitting a customer ID at once.
func (a *app) interactive(cmd *cobra.Command, args []string) error {
	if w := a.flags.watchEvery; w < 0 || w > 0 && w < client.MinWatchEvery {
		return &usageError{msg: fmt.Sprintf("--watch-every %s: at least %s, or 0 to turn watching off", w, client.MinWatchEvery)}
	}
	if !a.isTTY() {
		return &usageError{msg: "the interactive app needs a terminal on stdin and stdout; use 'kyclink regenerate CUSTOMER_ID' in scripts"}
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
	a.recall = true
	e, err := a.resolve(debugOut)
	if err != nil {
		return err
	}
	defer e.close()
	ctx := cmd.Context()
	o := ui.Options{
		Client:        e.client,
		Environment:   e.badge,
		ExpectedHosts: a.flags.linkHosts,
		Getenv:        a.getenv,
		Lines:         a.lineMode(),
		HeaderNote:    headerNote(e),
		SignIn:        e.signIn,
		Earlier:       earlier(e),
		EarlierBy:     earlierBy(e),
		EarlierCode:   earlierCode(e),
		Notice:        notice(e),
		// The app opens the connection while the agent types; the
		// one-shot commands send at once and do not.
		Warm:  func() { e.client.Warm(ctx) },
		Watch: a.flags.watchEvery,
		Quiet: a.flags.noNotify,
	}
	if len(args) == 1 {
		o.InitialID = args[0]
	}
	return a.runTUI(ctx, o)
}

// runTUI starts the interactive app on the real terminal.
func runTUI(ctx context.Context, o ui.Options) error {
	return ui.Run(ctx, o)
}

// lineMode is true when the app should run line by line: asked for, or a
// terminal that cannot redraw.
func (a *app) lineMode() bool {
	return a.flags.accessible || a.getenv("KYCLINK_ACCESSIBLE") == "1" || a.getenv("TERM") == "dumb"
}

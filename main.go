// Command kyclink regenerates a customer's hosted KYC link at Sphere and
// hands it to a support agent: as a terminal QR code, a copied link, or a
// line on stdout for scripts.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/term"
)

func main() {
	// ctrl+c or SIGTERM ends the context: the one-shot's request is cut off
	// at once and it exits 130. After the first, signals get their default
	// effect back, so a second one ends the process even if something hangs.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	context.AfterFunc(ctx, stop)
	a := newApp()
	code := a.run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// newApp is kyclink on the process's own streams, environment and
// terminal. The key is taken out of the environment first: no child may
// inherit it.
func newApp() *app {
	return &app{
		stdin:  os.Stdin,
		stdout: os.Stdout,
		stderr: os.Stderr,
		getenv: takeKeyFromEnv(),
		isTTY: func() bool {
			return term.IsTerminal(int(os.Stdin.Fd())) && term.IsTerminal(int(os.Stdout.Fd()))
		},
		runTUI: runTUI,
	}
}

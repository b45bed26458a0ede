// Command kyclink regenerates a customer's hosted KYC link at Sphere and
// hands it to a support agent: as a terminal QR code, a copied link, or a
// line on stdout for scripts.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/term"
)

func main() {
	// ctrl+c or SIGTERM ends the context: the one-shot's request is cut off
	// at once and it exits 130. After the first, signals get their default
	// effect back, so a second one ends the process even if something hangs.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	a := newApp()
	context.AfterFunc(ctx, func() { endAfterSignal(stop, done, a.signalGrace()) })
	code := a.run(ctx, os.Args[1:])
	close(done)
	stop()
	os.Exit(code)
}

// signalGrace is how long a run has, after ctrl+c, to end on its own
// (the request cut off, the record written, the terminal restored).
const signalGrace = 500 * time.Millisecond

// signalGrace is how long a run has after a signal: signalGrace, or what
// the command asked for (a gateway's shutdown grace).
func (a *app) signalGrace() time.Duration {
	if a.grace != nil {
		if g := a.grace.Load(); g > 0 {
			return time.Duration(g)
		}
	}
	return signalGrace
}

// endAfterSignal gives the signals their default effect back and, unless
// the run ends (done) within grace, ends the process with 130:
// whatever still waits and does not watch the context (a keychain that
// does not answer, a lock) never holds the agent after the first ctrl+c.
func endAfterSignal(stop func(), done <-chan struct{}, grace time.Duration) {
	stop()
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
		fmt.Fprintln(os.Stderr, "kyclink: Cancelled")
		os.Exit(exitInterrupted)
	}
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
		grace:  new(atomic.Int64),
		isTTY: func() bool {
			return term.IsTerminal(int(os.Stdin.Fd())) && term.IsTerminal(int(os.Stdout.Fd()))
		},
		runTUI: runTUI,
	}
}

// Command kyclink regenerates a customer's hosted KYC link at Sphere and
// hands it to a support agent: as a terminal QR code, a copied link, or a
// line on stdout for scripts.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"golang.org/x/term"
)

// Set by GoReleaser through -ldflags "-X main.version=… -X main.commit=… -X main.date=…".
var (
	version = ""
	commit  = ""
	date    = ""
)

func main() {
	// ctrl+c or SIGTERM ends the context: the one-shot's request is cut off
	// at once and it exits 130. After the first, signals get their default
	// effect back, so a second one ends the process even if something hangs.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	context.AfterFunc(ctx, stop)
	a := &app{
		stdin:  os.Stdin,
		stdout: os.Stdout,
		stderr: os.Stderr,
		getenv: os.Getenv,
		isTTY: func() bool {
			return term.IsTerminal(int(os.Stdin.Fd())) && term.IsTerminal(int(os.Stdout.Fd()))
		},
		runTUI: runTUI,
	}
	code := a.run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// buildInfo returns version, commit and date: the ones GoReleaser injected,
// else what `go install` recorded in the binary, never empty strings.
func buildInfo() (v, c, d string) {
	v, c, d = version, commit, date
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch {
			case s.Key == "vcs.revision" && c == "":
				c = s.Value
			case s.Key == "vcs.time" && d == "":
				d = s.Value
			}
		}
	}
	return orUnknown(v, "dev"), orUnknown(c, "unknown"), orUnknown(d, "unknown")
}

func versionLine() string {
	v, c, d := buildInfo()
	return fmt.Sprintf("kyclink %s (commit %s, built %s)", v, c, d)
}

func orUnknown(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

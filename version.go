// This file owns what kyclink says about its own build: the version, commit
// and date, from GoReleaser's -ldflags or else from Go's build info.

package main

import (
	"cmp"
	"fmt"
	"runtime/debug"
)

// Set by GoReleaser through -ldflags "-X main.version=… -X main.commit=… -X main.date=…".
var (
	version = ""
	commit  = ""
	date    = ""
)

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
	return cmp.Or(v, "dev"), cmp.Or(c, "unknown"), cmp.Or(d, "unknown")
}

func versionLine() string {
	v, c, d := buildInfo()
	return fmt.Sprintf("kyclink %s (commit %s, built %s)", v, c, d)
}

func shortVersion() string {
	v, _, _ := buildInfo()
	return v
}

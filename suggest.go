// This file owns "did you mean …": an unknown command or flag is a usage
// error (exit 2) that names the nearest command or flag there is.

package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/kyclink/kyclink/client"
)

// rootArgs takes one customer ID, email or name for the app; a word of
// four letters or more near a command's name ("regenrate") is a mistyped
// command, not a search (a short name such as "Lee" is left to search).
func rootArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	near := cmd.SuggestionsFor(args[0])
	if len(args) == 1 && (len(near) == 0 || len(args[0]) < 4 || client.ClassifyInput(args[0]).Kind != client.InputName) {
		return nil
	}
	if len(near) == 0 {
		return &usageError{msg: fmt.Sprintf("unknown command %q: the commands are %s", args[0], commandNames(cmd))}
	}
	return &usageError{msg: fmt.Sprintf("unknown command %q: did you mean %s? (to find a customer by that name: kyclink search %q)",
		args[0], strings.Join(near, " or "), args[0])}
}

// noArgs refuses arguments to a command that takes none, naming the
// subcommand meant when one is near.
func noArgs(name string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return nil
		}
		if near := cmd.SuggestionsFor(args[0]); len(near) > 0 {
			return &usageError{msg: fmt.Sprintf("unknown command %q for %s: did you mean %s?", args[0], name, strings.Join(near, " or ")), help: name}
		}
		return &usageError{msg: fmt.Sprintf("%s takes no arguments (got %q)", name, args[0]), help: name}
	}
}

// flagError words a flag cobra could not parse as a usage error, with
// the nearest flag of the command when the flag is unknown.
func flagError(cmd *cobra.Command, err error) error {
	msg := err.Error()
	help := strings.TrimSpace(strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()))
	if name, ok := strings.CutPrefix(msg, "unknown flag: --"); ok {
		if near := nearestFlag(cmd.Flags(), name); near != "" {
			msg += ": did you mean --" + near + "?"
		}
	}
	return &usageError{msg: msg, help: help}
}

// nearestFlag is the flag whose name is closest to name, within two
// edits, or that name begins; "" when none is.
func nearestFlag(flags *pflag.FlagSet, name string) string {
	best, bestD := "", 3
	flags.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		d := editDistance(name, f.Name)
		if strings.HasPrefix(f.Name, name) && len(name) >= 2 {
			d = min(d, 1)
		}
		if d < bestD {
			best, bestD = f.Name, d
		}
	})
	return best
}

// commandNames lists a command's subcommands that may be run.
func commandNames(cmd *cobra.Command) string {
	var names []string
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, c.Name())
		}
	}
	return strings.Join(names, ", ")
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// This file owns `kyclink log`: the record of links read back, newest
// first, as a table for a person or as JSON lines.

package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/audit"
)

func (a *app) logCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "log",
		Short: "Show the record of links, newest first",
		Long: `Show the record of links, newest first: every link made and every failed
attempt, by whom, where, for which customer and how it ended; with --all,
the customer reads and searches too. The record keeps
the first 12 hex digits of a link's SHA-256, never the link itself, nor the
API key, nor search text. --demo runs keep a record of their own, beside
the real one: 'kyclink log --demo' reads it.`,
		Example: `  kyclink log
  kyclink log --since 7d --customer customer_f31121c389624d3697cbf3ea8830b7a4
  kyclink log --since 0 --all --json | jq .
  kyclink log --demo
  kyclink log --team --base-url https://gateway.example.com --customer customer_f31121c389624d3697cbf3ea8830b7a4`,
		Args:              noArgs("log"),
		ValidArgsFunction: cobra.NoFileCompletions,
	}
	var team bool
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if team {
			return a.showTeamLog(cmd)
		}
		return a.showLog(cmd, args)
	}
	cmd.Flags().BoolVar(&team, "team", false, "the team's record, read from the gateway named by --base-url")
	a.flags.since = 24 * time.Hour
	cmd.Flags().Var(sinceValue{&a.flags.since}, "since", "entries of this last `DURATION`: 7d, 36h, 90m (0: all)")
	cmd.Flags().BoolVar(&a.flags.all, "all", false, "also the customer reads and searches, not only the links made")
	cmd.Flags().StringVar(&a.flags.customer, "customer", "", "only the entries of this customer `ID`")
	cmd.Flags().BoolVar(&a.flags.json, "json", false, "print JSON lines, one entry each")
	return cmd
}

func (a *app) showLog(*cobra.Command, []string) error {
	f := audit.Filter{}
	if !a.flags.all {
		f.Actions = []string{string(client.ActionKYCLink), string(client.ActionTermsLink)}
	}
	if a.flags.since < 0 {
		return &usageError{msg: "--since must not be negative"}
	}
	if a.flags.since > 0 {
		f.Since = a.clock().Add(-a.flags.since)
	}
	if a.flags.customer != "" {
		id, err := client.ClassifyInput(a.flags.customer).ID(true)
		if err != nil {
			return &usageError{msg: "--customer: " + err.Error()}
		}
		f.CustomerID = id
	}
	path, err := a.recordPath()
	if err != nil {
		return fmt.Errorf("no record of links: %w", err)
	}
	entries, damaged, err := (&audit.Log{Path: path}).Read(f)
	if damaged > 0 {
		fmt.Fprintf(a.stderr, "kyclink: warning: the record of links (%s) has %d damaged %s; skipped.\n", path, damaged, plural(damaged, "line", "lines"))
	}
	if err != nil {
		fmt.Fprintf(a.stderr, "kyclink: warning: the record of links could not be read whole: %s\n", client.Sanitize(err.Error()))
	}
	if !a.flags.demo {
		var n int
		if entries, n = leaveOutDemo(entries); n > 0 {
			fmt.Fprintf(a.stderr, "kyclink: note: %d %s of --demo runs in this record left out (made before the demo kept a record of its own).\n", n, plural(n, "entry", "entries"))
		}
	}
	if a.flags.json {
		return jsonLines(a.stdout, entries)
	}
	if len(entries) == 0 {
		window := "in the record"
		if !f.Since.IsZero() {
			window = "in the last " + sinceValue{&a.flags.since}.String()
		}
		fmt.Fprintf(a.stderr, "No entries %s (%s).\n", window, path)
		// A newcomer's first links are the demo's: say where they are.
		if demo := filepath.Join(filepath.Dir(path), audit.DemoFileName); !a.flags.demo && exists(demo) {
			fmt.Fprintln(a.stderr, "--demo runs keep a record of their own: kyclink log --demo")
		}
		return nil
	}
	return a.printLogTable(entries)
}

// leaveOutDemo drops the entries older kyclinks wrote into the real record
// during --demo runs: they are no agent's work. The lines stay in the file
// as they are; n counts those left out.
func leaveOutDemo(entries []audit.Entry) (kept []audit.Entry, n int) {
	demo := client.Environment{Kind: client.EnvDemo}.Name()
	kept = entries[:0]
	for _, e := range entries {
		if e.Environment == demo {
			n++
			continue
		}
		kept = append(kept, e)
	}
	return kept, n
}

// printLogTable writes entries as a table, times in local time. Every
// field is cleaned for the terminal: the record is a file anyone with the
// user's rights may have edited.
func (a *app) printLogTable(entries []audit.Entry) error {
	loc := a.location()
	tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TIME\tENVIRONMENT\tCUSTOMER\tACTION\tOUTCOME\tSTATUS\tEXPIRES\tLINK SHA-256\tBY")
	for _, e := range entries {
		customer := e.CustomerID
		if n := len(e.CustomerIDs); n > 0 {
			customer = fmt.Sprintf("%s (+%d)", e.CustomerIDs[0], n-1)
			if n == 1 {
				customer = e.CustomerIDs[0]
			}
		}
		expires, status := "-", "-"
		if e.ExpiresAt != nil {
			expires = e.ExpiresAt.In(loc).Format("2006-01-02 15:04")
		}
		if e.Status != 0 {
			status = fmt.Sprint(e.Status)
		}
		fields := []string{e.Time.In(loc).Format("2006-01-02 15:04:05"), e.Environment, customer, e.Action, e.Outcome,
			status, expires, e.LinkSHA256, by(e)}
		for i, s := range fields {
			if s = cell(s); s == "" {
				s = "-"
			}
			fields[i] = s
		}
		fmt.Fprintln(tw, strings.Join(fields, "\t"))
	}
	return tw.Flush()
}

// by is who made an entry: user@host locally, the agent's name in the
// team's record (the gateway knows no host).
func by(e audit.Entry) string {
	if e.Hostname == "" {
		return e.User
	}
	return e.User + "@" + e.Hostname
}

// jsonLines writes one JSON object a line, a record's text escaped for a
// terminal rather than acted on (jsonsafe.go): the local record and the
// team's alike.
func jsonLines[T any](w io.Writer, items []T) error {
	for _, item := range items {
		if err := writeJSON(w, item); err != nil {
			return err
		}
	}
	return nil
}

// exists reports whether something is at path (not followed, not read).
func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// This file owns `kyclink watch`: a customer's state once, then one line
// (or JSON object) per change, until Sphere decides or the time runs out.

package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kyclink/kyclink/client"
)

// watchEnd ends a watch that ran without failing: the customer rejected
// (exit 1) or the time up without a decision (exit 5). Approved is a
// plain success.
type watchEnd struct {
	msg  string
	code int
}

func (e *watchEnd) Error() string { return e.msg }

func (a *app) watchCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "watch CUSTOMER_ID",
		Short: "Follow a customer: one line per change, until approved or rejected",
		Long: `Read the customer now and print their state, then read again every --every and
print one line per change ("10:43 accepted the terms"), until Sphere approves
(exit 0) or rejects them (exit 1), or --for runs out (exit 5); ctrl+c stops it
(exit 130). A failed read is said on stderr and tried again later, slower each
time (and never sooner than a 429's Retry-After); a wait that would end after
--for ends the watch at once (exit 5). Only reads are sent; nothing
is written to the record of links. With --json, one object per line on stdout:
{time, customerId, change, status, nextStep}.`,
		Example:           "  kyclink watch " + client.CustomerIDExample + " --every 30s",
		Args:              oneArg("watch", "CUSTOMER_ID"),
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              a.watch,
	}
	f := cmd.Flags()
	f.DurationVar(&a.flags.every, "every", client.DefaultWatchEvery, "time between reads (at least 2s)")
	f.DurationVar(&a.flags.watchFor, "for", client.DefaultWatchFor, "stop after this long without a decision (exit 5)")
	f.BoolVar(&a.flags.json, "json", false, "print one JSON object per change on stdout")
	for _, name := range []string{"every", "for"} {
		_ = cmd.RegisterFlagCompletionFunc(name, cobra.NoFileCompletions)
	}
	return cmd
}

func (a *app) watch(cmd *cobra.Command, args []string) error {
	if a.flags.every < client.MinWatchEvery {
		return &usageError{msg: fmt.Sprintf("--every %s is too often: at least %s", a.flags.every, client.MinWatchEvery), help: "watch"}
	}
	if a.flags.watchFor <= 0 {
		return &usageError{msg: "--for must be longer than 0", help: "watch"}
	}
	if a.flags.demo {
		fmt.Fprintln(a.stderr, demoWatchNote)
	}
	return a.forCustomer(cmd, args, func(ctx context.Context, e *env, id string) error {
		cu, err := e.client.Follow(ctx, id)
		if err != nil {
			return err
		}
		if err := a.printWatch(cu, "watching "+cu.Name()); err != nil {
			return err
		}
		return a.follow(ctx, e.client, cu)
	})
}

// demoWatchNote says why `watch --demo` sees no change: a demo customer
// moves only after a link, and this run's fake is not the app's.
const demoWatchNote = "Note: --demo starts a fake Sphere of its own, where no link is made: its customers stay as they are. " +
	"To follow the app's demo customers from a second terminal, run both against one fake: go run ./client/spheretest/cmd/spheretest (see the README's Demo scenarios)."

// follow reads the customer again at the watch's pace and prints each
// change, until a decision, the end of --for, a failure no later read
// will fix, or ctrl+c.
func (a *app) follow(ctx context.Context, c *client.Client, last client.Customer) error {
	deadline := a.clock().Add(a.flags.watchFor)
	failures := 0
	var lastErr error
	for {
		if end := watchDecided(last); end != nil || last.NextStep() == client.StepApproved {
			return end
		}
		wait := client.NextWatchRead(a.flags.every, failures, lastErr)
		if client.WatchOutlasted(a.clock(), deadline, wait) {
			return a.watchOver(ctx, deadline, last, lastErr, wait)
		}
		if err := a.pause(ctx, wait); err != nil {
			return err
		}
		cu, err := c.Follow(ctx, last.ID)
		switch {
		case errors.Is(ctx.Err(), context.Canceled):
			return ctx.Err()
		case err != nil && client.WatchGivesUp(err):
			return err
		case err != nil:
			failures, lastErr = failures+1, err
			if next := client.NextWatchRead(a.flags.every, failures, err); !client.WatchOutlasted(a.clock(), deadline, next) {
				fmt.Fprintf(a.stderr, "kyclink: reading the customer failed (%s); next read in %s\n", failureHeading(err), next.Round(time.Second))
			} // else the watch ends at the top of the loop, saying why
			continue
		}
		failures, lastErr = 0, nil
		for _, ch := range client.DiffCustomers(last, cu) {
			if err := a.printWatch(cu, ch.Text); err != nil {
				return err
			}
		}
		last = cu
	}
}

// watchOver ends a watch whose next read would come after its deadline
// (exit 5). At its pace, it waits out --for first, as asked; after a
// failure (an hour's Retry-After, a long backoff) it ends at once, saying
// why, since the read it would sleep for would never be made.
func (a *app) watchOver(ctx context.Context, deadline time.Time, last client.Customer, failed error, wait time.Duration) error {
	if failed != nil {
		return &watchEnd{msg: fmt.Sprintf("no decision by Sphere: reading the customer failed (%s) and the next read (in %s) would come after --for %s: %s",
			failureHeading(failed), wait.Round(time.Second), a.flags.watchFor, last.NextStep().Summary()), code: exitTemporary}
	}
	if err := a.pause(ctx, max(deadline.Sub(a.clock()), 0)); err != nil {
		return err
	}
	return &watchEnd{msg: fmt.Sprintf("no decision by Sphere after %s: %s", a.flags.watchFor, last.NextStep().Summary()), code: exitTemporary}
}

// failureHeading is a failure in one line of kyclink's words, as the
// app's status line says it: the heading of an API error, never Sphere's
// text, which could start a line of its own between the watch's lines.
func failureHeading(err error) string {
	var api *client.APIError
	if errors.As(err, &api) {
		return api.Heading()
	}
	return strings.Join(strings.Fields(client.Sanitize(err.Error())), " ")
}

// watchDecided is the end of a watch of a rejected customer, nil
// otherwise.
func watchDecided(cu client.Customer) error {
	if cu.NextStep() == client.StepRejected {
		return &watchEnd{msg: "the customer was rejected by Sphere", code: exitFailed}
	}
	return nil
}

// pause waits d on the app's timer, or until ctx ends.
func (a *app) pause(ctx context.Context, d time.Duration) error {
	after := a.after
	if after == nil {
		after = time.After
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-after(d):
		return nil
	}
}

// printWatch prints one line of a watch: the time, the change, and where
// the customer now stands; with --json one object.
func (a *app) printWatch(cu client.Customer, change string) error {
	now := a.clock()
	step := cu.NextStep()
	if a.flags.json {
		doc := struct {
			Time       string `json:"time"`
			CustomerID string `json:"customerId"`
			Change     string `json:"change"`
			Status     string `json:"status"`
			NextStep   struct {
				Step    string `json:"step"`
				Summary string `json:"summary"`
			} `json:"nextStep"`
		}{Time: now.UTC().Format("2006-01-02T15:04:05.000Z07:00"), CustomerID: cu.ID, Change: change, Status: cu.KYCStatus()}
		doc.NextStep.Step, doc.NextStep.Summary = step.String(), step.Summary()
		return a.printJSON(doc)
	}
	loc := a.loc
	if loc == nil {
		loc = time.Local
	}
	_, err := fmt.Fprintf(a.stdout, "%s %s · %s · next: %s\n", now.In(loc).Format("15:04"), change, cu.KYCStatus(), step.Summary())
	return err
}

// This file owns the regenerate command: one link on stdout, what an agent
// needs to know about it on stderr, or one JSON object with --json.

package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kyclink/kyclink/client"
)

func (a *app) regenerateCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "regenerate CUSTOMER_ID",
		Short: "Regenerate the link and print it (stdout: the link alone)",
		Long: `Regenerate a customer's hosted KYC link and print it on stdout, alone, so that
"kyclink regenerate ID | pbcopy" works. Expiry and environment go to stderr.
With --json, stdout carries one JSON object, and so does stderr on failure.`,
		Args:              oneArg("regenerate", "CUSTOMER_ID"),
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              a.regenerate,
	}
	cmd.Flags().BoolVar(&a.flags.json, "json", false, "print JSON: the link on stdout, a failure on stderr")
	a.allowUnusualFlag(cmd)
	return cmd
}

// regenerate is the one-shot command.
func (a *app) regenerate(cmd *cobra.Command, args []string) error {
	return a.forCustomer(cmd, args, func(ctx context.Context, e *env, id string) error {
		link, err := e.client.RegenerateKYCLink(ctx, id)
		if err != nil {
			return err
		}
		return a.printLink(link, e.badge)
	})
}

// oneArg accepts exactly one argument, and says so as a usage error that
// points at the command's own help.
func oneArg(command, arg string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) != 1 {
			return &usageError{msg: fmt.Sprintf("%s takes exactly one %s (got %d)", command, arg, len(args)), help: command}
		}
		return nil
	}
}

// forCustomer runs a command about one customer: what was typed is
// classified once (nothing is sent when it is malformed or holds the key,
// an unusual ID only with --allow-unusual-id), then the command runs.
func (a *app) forCustomer(cmd *cobra.Command, args []string, do func(ctx context.Context, e *env, id string) error) error {
	e, err := a.resolve(a.stderr)
	if err != nil {
		return a.idFirst(args[0], err)
	}
	defer e.close()
	in := e.client.Classify(args[0])
	id, err := in.ID(a.flags.allowUnusual)
	if err != nil {
		return a.idError(in, err)
	}
	if note := cmp.Or(in.Why, in.Note); note != "" {
		fmt.Fprintln(a.stderr, "Note:        "+note)
	}
	defer a.warnRecord(e)
	return do(cmd.Context(), e, id)
}

// idFirst is the failure of a command whose environment could not be
// made (no key, say): a malformed ID is still said first, as a usage
// error, as it is with a key. Only the kinds whose words never repeat
// what was typed are said without the key to check it against.
func (a *app) idFirst(raw string, envErr error) error {
	in := client.ClassifyInput(raw)
	switch in.Kind {
	case client.InputBadID, client.InputUnusualID, client.InputEmpty, client.InputTooLong, client.InputSignInURL:
		if _, err := in.ID(a.flags.allowUnusual); err != nil {
			return a.idError(in, err)
		}
	}
	return envErr
}

// idError adds to a refused ID what the agent can do about it.
func (a *app) idError(in client.Input, err error) error {
	var invalid *client.APIError
	if !errors.As(err, &invalid) {
		return err
	}
	hinted := *invalid
	switch {
	case in.Kind == client.InputEmail || in.Kind == client.InputName:
		// Perhaps a name or an email address: say where those go.
		hinted.Detail += fmt.Sprintf(". To find a customer by email address or name: kyclink search %q", in.Text)
	case in.Kind == client.InputUnusualID:
		hinted.Detail += ". If it is right, run again with --allow-unusual-id"
	}
	return &hinted
}

// allowUnusualFlag adds --allow-unusual-id to a command about one customer.
func (a *app) allowUnusualFlag(cmd *cobra.Command) {
	cmd.Flags().BoolVar(&a.flags.allowUnusual, "allow-unusual-id", false,
		"send a customer ID that is not customer_ and 32 hex digits (Sphere's own pattern allows others)")
}

// printLink prints a link alone on stdout and its details on stderr, or
// one JSON object with --json.
func (a *app) printLink(link client.Link, badge client.Environment) error {
	if a.flags.json {
		return a.printJSONLink(link)
	}
	fmt.Fprintln(a.stdout, link.URL)
	a.describeLink(link, badge)
	return nil
}

// describeLink writes what the agent needs besides the link, of either
// kind, on stderr.
func (a *app) describeLink(link client.Link, badge client.Environment) {
	fmt.Fprintf(a.stderr, "Customer:    %s\n", link.CustomerID)
	fmt.Fprintf(a.stderr, "Link:        %s\n", link.Kind)
	note := client.ExpirySourceNote(link)
	if link.HasExpiry() {
		local, utc := client.FormatExpiry(link.ExpiresAt, a.loc)
		if utc != "" {
			local += " (" + utc + ")"
		}
		if note != "" {
			local += ", " + note
		}
		fmt.Fprintf(a.stderr, "Expires:     %s\n", local)
		left := "in " + client.FormatRemaining(link.Remaining(a.clock()))
		if _, under := link.Nearness(a.clock()); under != "" { // as the app warns
			left += " (under " + under + ")"
		}
		fmt.Fprintf(a.stderr, "             %s\n", left)
	} else {
		fmt.Fprintf(a.stderr, "Expires:     %s\n", note)
	}
	if note := client.ClockNote(link); note != "" {
		fmt.Fprintf(a.stderr, "Clock:       %s\n", note)
	}
	fmt.Fprintf(a.stderr, "Environment: %s\n", badge.Label())
	if w := a.hostWarning(link); w != "" {
		fmt.Fprintf(a.stderr, "Warning:     %s\n", w)
	}
}

// hostWarning says why a link's host is not one it is expected on, "" when
// it is: the same words on stderr and in --json.
func (a *app) hostWarning(link client.Link) string {
	expected := link.Kind.ExpectedHosts(a.flags.linkHosts)
	h := client.CheckLinkHost(link.URL, expected)
	if h.Expected {
		return ""
	}
	why := ""
	if h.Unusual != "" {
		why = " (it is " + h.Unusual + ")"
	}
	return fmt.Sprintf("the link's host %s is not one of %s%s", h.Host, strings.Join(expected, ", "), why)
}

// printJSONLink writes a link, of either kind, as one JSON object:
// expiresAt is null when no expiry is known, and expiresAtSource says
// where it came from when Sphere did not state it ("token": the link's
// own token; "none").
func (a *app) printJSONLink(link client.Link) error {
	var expires *string
	if link.HasExpiry() {
		s := link.ExpiresAt.UTC().Format("2006-01-02T15:04:05.000Z07:00")
		expires = &s
	}
	source := ""
	if link.Source() != client.ExpiryStated {
		source = link.Source().String()
	}
	// A script piping the link on must see a host warning too: it is the
	// one field added, and only when there is something to warn of.
	return a.printJSON(struct {
		CustomerID string  `json:"customerId"`
		URL        string  `json:"url"`
		ExpiresAt  *string `json:"expiresAt"`
		Source     string  `json:"expiresAtSource,omitempty"`
		Warning    string  `json:"warning,omitempty"`
	}{link.CustomerID, link.URL, expires, source, a.hostWarning(link)})
}

func (a *app) clock() time.Time {
	if a.now != nil {
		return a.now()
	}
	return time.Now()
}

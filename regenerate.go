// This file owns the regenerate command: one link on stdout, what an agent
// needs to know about it on stderr, or one JSON object with --json.

package main

import (
	"encoding/json"
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
	defer a.warnRecord(e)
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

func (a *app) clock() time.Time {
	if a.now != nil {
		return a.now()
	}
	return time.Now()
}

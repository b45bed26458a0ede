// This file owns the terms-link command: the terms-of-service link alone on
// stdout, what an agent needs to know about it on stderr, or one JSON object.

package main

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/kyclink/kyclink/client"
)

func (a *app) termsLinkCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "terms-link CUSTOMER_ID",
		Short: "Make the customer's terms link and print it (stdout: the link alone)",
		Long: `Ask Sphere for the link by which a customer accepts Sphere's terms of service,
and print it on stdout, alone, so that "kyclink terms-link ID | pbcopy" works.
A customer who has not accepted the terms needs this link before the KYC link
can be used ('kyclink customer ID' says which). It expires when Sphere says
(expiresAt); in the older answer without one, when the link's own token says,
and otherwise its expiry is not stated. Details go to stderr. With --json, stdout carries one JSON object, and so does
stderr on failure.`,
		Example:           "  kyclink terms-link " + client.CustomerIDExample + " | pbcopy",
		Args:              oneArg("terms-link", "CUSTOMER_ID"),
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              a.termsLink,
	}
	cmd.Flags().BoolVar(&a.flags.json, "json", false, "print JSON: the link on stdout, a failure on stderr")
	a.allowUnusualFlag(cmd)
	return cmd
}

func (a *app) termsLink(cmd *cobra.Command, args []string) error {
	return a.forCustomer(cmd, args, func(ctx context.Context, e *env, id string) error {
		link, err := e.client.TermsLink(ctx, id, "")
		if err != nil {
			return err
		}
		return a.printLink(link, e.badge)
	})
}

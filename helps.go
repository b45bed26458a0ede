// This file owns `kyclink send-code` and `kyclink face-link`: the other
// helps for a customer on a call, a verification code sent again and the
// face verification link.

package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/kyclink/kyclink/client"
)

func (a *app) sendCodeCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "send-code CUSTOMER_ID --email|--phone",
		Short: "Send the customer a new verification code by email or phone",
		Long: `Ask Sphere to send the customer a one-time code to verify their email address
(--email) or phone number (--phone), and say where it went (masked) and until
when it is valid. A new code makes the previous one useless, so it is sent
once: a failure is reported, never retried by itself; and while the record of
links holds a code sent the same way that is still valid, no other is sent
unless --again says so. With --json, one object on stdout: {customerId, by,
to, expiresAt}.`,
		Example:           "  kyclink send-code " + client.CustomerIDExample + " --phone",
		Args:              oneArg("send-code", "CUSTOMER_ID"),
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              a.sendCode,
	}
	f := cmd.Flags()
	f.BoolVar(&a.flags.byEmail, "email", false, "send the code to the customer's email address")
	f.BoolVar(&a.flags.byPhone, "phone", false, "send the code to the customer's phone")
	f.BoolVar(&a.flags.again, "again", false, "send a new code even while the last one sent the same way is valid (it stops that one working)")
	f.BoolVar(&a.flags.json, "json", false, "print JSON: the code's details on stdout, a failure on stderr")
	cmd.MarkFlagsOneRequired("email", "phone")
	cmd.MarkFlagsMutuallyExclusive("email", "phone")
	return cmd
}

func (a *app) sendCode(cmd *cobra.Command, args []string) error {
	by := client.CodeByEmail
	if a.flags.byPhone {
		by = client.CodeByPhone
	}
	return a.forCustomer(cmd, args, func(ctx context.Context, e *env, id string) error {
		cu, err := e.client.Customer(ctx, id)
		if err != nil {
			return err
		}
		if cu.Contact(by) == "" {
			return &usageError{msg: fmt.Sprintf("Sphere has no %s for %s: no code was sent", by, cu.Name()), help: "send-code"}
		}
		if err := a.codeStillValid(e, id, by); err != nil {
			return err
		}
		sent, err := e.client.SendCode(ctx, id, by)
		if err != nil {
			return err
		}
		to := client.MaskContact(sent.By, cu.Contact(sent.By)) // where Sphere says it went
		if a.flags.json {
			return a.printJSON(struct {
				CustomerID string `json:"customerId"`
				By         string `json:"by"`
				To         string `json:"to"`
				ExpiresAt  string `json:"expiresAt"`
			}{id, sent.By, to, sent.ExpiresAt.UTC().Format("2006-01-02T15:04:05.000Z07:00")})
		}
		fmt.Fprintln(a.stdout, sent.Said(to, a.clock(), a.loc))
		fmt.Fprintf(a.stderr, "Environment: %s\n", e.badge.Label())
		return nil
	})
}

func (a *app) faceLinkCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "face-link CUSTOMER_ID",
		Short: "Make the customer's face verification link and print it (stdout: the link alone)",
		Long: `Ask Sphere for a hosted face (liveness) check link, for a customer whose
liveness check is still to do, and print it on stdout, alone, like
'kyclink regenerate'. It is checked like a KYC link (https, the host expected on
sumsub.com, not expired). Details go to stderr. With --json, stdout carries one
JSON object, and so does stderr on failure.`,
		Example:           "  kyclink face-link " + client.CustomerIDExample + " | pbcopy",
		Args:              oneArg("face-link", "CUSTOMER_ID"),
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              a.faceLink,
	}
	cmd.Flags().BoolVar(&a.flags.json, "json", false, "print JSON: the link on stdout, a failure on stderr")
	return cmd
}

func (a *app) faceLink(cmd *cobra.Command, args []string) error {
	return a.forCustomer(cmd, args, func(ctx context.Context, e *env, id string) error {
		link, err := e.client.FaceVerificationLink(ctx, id, "")
		if err != nil {
			return err
		}
		return a.printLink(link, e.badge)
	})
}

// codeStillValid refuses a second code while the record knows one sent
// the same way that is still valid, unless --again: the new code would
// make that one useless.
func (a *app) codeStillValid(e *env, id, by string) error {
	if e.rec == nil || a.flags.again {
		return nil
	}
	e.rec.Recall() // today's part of the record: this command's only reader
	sent, expires, ok := e.rec.EarlierCode(id, by)
	if !ok || !expires.After(a.clock()) {
		return nil
	}
	loc := a.loc
	if loc == nil {
		loc = time.Local
	}
	return fmt.Errorf("a code went by %s at %s and is valid until %s; a new one would make it useless. --again sends one anyway",
		by, sent.In(loc).Format("15:04"), expires.In(loc).Format("15:04"))
}

// This file owns the customer command: a customer's card as text on stdout,
// or one JSON object with --json, and the JSON form the search shares.

package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/kyclink/kyclink/client"
)

func (a *app) customerCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "customer CUSTOMER_ID",
		Short: "Show a customer and what they need next (no link is made)",
		Long: `Show who a customer is, each verification profile's status, what is done,
waiting on Sphere and still to do, Sphere's criteria errors, and the next step: the KYC
link, the terms link first, or no link at all. It only reads; no link is made.
With --json, stdout carries one JSON object, and so does stderr on failure.`,
		Example:           "  kyclink customer " + client.CustomerIDExample + " --json",
		Args:              oneArg("customer", "CUSTOMER_ID"),
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              a.showCustomer,
	}
	cmd.Flags().BoolVar(&a.flags.json, "json", false, "print JSON: the customer on stdout, a failure on stderr")
	a.allowUnusualFlag(cmd)
	return cmd
}

func (a *app) showCustomer(cmd *cobra.Command, args []string) error {
	return a.forCustomer(cmd, args, a.printCustomer)
}

func (a *app) printCustomer(ctx context.Context, e *env, id string) error {
	cu, err := e.client.Customer(ctx, id)
	if err != nil {
		return err
	}
	if a.flags.json {
		return a.printJSON(customerJSON(cu))
	}
	a.printCard(a.stdout, cu)
	fmt.Fprintf(a.stderr, "Environment: %s\n", e.badge.Label())
	return nil
}

// printCard writes a customer as kyclink's labelled lines. Every text from
// Sphere has been sanitised, and all but a criterion error's message are
// one line; a message's further lines are indented under kyclink's.
func (a *app) printCard(w io.Writer, cu client.Customer) {
	line := func(label, value string) {
		if value != "" {
			fmt.Fprintf(w, "%-11s%s\n", label+":", value)
		}
	}
	line("Name", cu.Name())
	line("ID", cu.ID)
	line("Type", cu.Type)
	line("Email", cu.Email)
	line("Phone", cu.Phone)
	line("Created", a.formatDate(cu.CreatedAt))
	line("Terms", cu.TOSStatus)
	if len(cu.Profiles) == 0 {
		line("Profiles", "none")
	}
	for _, p := range cu.Profiles {
		line("Profile", client.ProfileText(p.Name)+": "+client.StatusText(p.Status))
		for _, g := range p.Criteria.Groups() { // the card's words: client's one table
			fmt.Fprintf(w, "  %s %s: %s\n", g.Glyph, g.Label, g.Text())
		}
		for _, e := range p.Criteria.Errors {
			fmt.Fprintf(w, "  ✖ %s\n", errorText(e))
		}
	}
	step := cu.NextStep()
	line("Next step", step.Summary())
	line("Note", cu.TermsNote())
	switch step {
	case client.StepTermsFirst:
		line("Then", "kyclink terms-link "+cu.ID+a.envFlags())
	case client.StepKYCLink:
		line("Then", "kyclink regenerate "+cu.ID+a.envFlags())
	}
}

// envFlags repeats the flags that chose where requests go, so a command
// printed for the agent to run goes to the same Sphere.
func (a *app) envFlags() string {
	switch f := a.flags; {
	case f.demo:
		return " --demo"
	case f.sandbox:
		return " --sandbox"
	case f.baseURL != "":
		return " --base-url " + f.baseURL
	}
	return ""
}

// errorText is a criterion error: what it is about, then Sphere's message,
// its further lines indented deeper than any of kyclink's.
func errorText(e client.CriterionError) string {
	msg := indentLines(e.Message)
	switch {
	case e.Name == "":
		return msg
	case msg == "":
		return client.CriterionText(e.Name)
	}
	return client.CriterionText(e.Name) + ": " + msg
}

// formatDate is a customer's date in local time and UTC, "" when Sphere
// gave none.
func (a *app) formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	loc := a.loc
	if loc == nil {
		loc = time.Local
	}
	if _, offset := t.In(loc).Zone(); offset == 0 { // said once, as an expiry is
		return t.UTC().Format("Mon 2 Jan 2006 15:04 UTC")
	}
	return t.In(loc).Format("Mon 2 Jan 2006 15:04 MST") + " (" + t.UTC().Format("2006-01-02 15:04 UTC") + ")"
}

// jsonCustomerDoc is a customer for --json: Sphere's field names, and
// kyclink's reading of it (name, kycStatus, nextStep). Lists are never
// null; absent times and texts are null.
type jsonCustomerDoc struct {
	ID                string        `json:"id"`
	Name              string        `json:"name"`
	Type              *string       `json:"type"`
	Email             *string       `json:"email"`
	Phone             *string       `json:"phone"`
	FirstName         *string       `json:"firstName"`
	LastName          *string       `json:"lastName"`
	BusinessLegalName *string       `json:"businessLegalName"`
	BusinessTradeName *string       `json:"businessTradeName"`
	TOSStatus         *string       `json:"tosStatus"`
	Profiles          []jsonProfile `json:"verificationProfiles"`
	CreatedAt         *string       `json:"createdAt"`
	UpdatedAt         *string       `json:"updatedAt"`
	KYCStatus         string        `json:"kycStatus"`
	NextStep          struct {
		Step    string `json:"step"`
		Summary string `json:"summary"`
		Note    string `json:"note,omitempty"` // TermsNote: terms not accepted, none requires them
	} `json:"nextStep"`
}

type jsonProfile struct {
	Name     string `json:"name"`
	Status   string `json:"status"`
	Criteria struct {
		Complete []string             `json:"complete"`
		Pending  []string             `json:"pending"`
		Required []string             `json:"required"`
		Errors   []jsonCriterionError `json:"errors"`
	} `json:"criteria"`
}

type jsonCriterionError struct {
	Name    string `json:"name"`
	Message string `json:"message"`
}

func customerJSON(cu client.Customer) jsonCustomerDoc {
	orNull := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	stamp := func(t time.Time) *string {
		if t.IsZero() {
			return nil
		}
		return orNull(t.UTC().Format("2006-01-02T15:04:05.000Z07:00"))
	}
	list := func(l []string) []string { return append([]string{}, l...) }
	d := jsonCustomerDoc{
		ID: cu.ID, Name: cu.Name(), Type: orNull(cu.Type), Email: orNull(cu.Email), Phone: orNull(cu.Phone),
		FirstName: orNull(cu.FirstName), LastName: orNull(cu.LastName),
		BusinessLegalName: orNull(cu.BusinessLegalName), BusinessTradeName: orNull(cu.BusinessTradeName),
		TOSStatus: orNull(cu.TOSStatus), Profiles: []jsonProfile{},
		CreatedAt: stamp(cu.CreatedAt), UpdatedAt: stamp(cu.UpdatedAt), KYCStatus: cu.KYCStatus(),
	}
	for _, p := range cu.Profiles {
		jp := jsonProfile{Name: p.Name, Status: p.Status}
		jp.Criteria.Complete, jp.Criteria.Pending, jp.Criteria.Required = list(p.Criteria.Complete), list(p.Criteria.Pending), list(p.Criteria.Required)
		jp.Criteria.Errors = []jsonCriterionError{}
		for _, e := range p.Criteria.Errors {
			jp.Criteria.Errors = append(jp.Criteria.Errors, jsonCriterionError(e))
		}
		d.Profiles = append(d.Profiles, jp)
	}
	step := cu.NextStep()
	d.NextStep.Step, d.NextStep.Summary, d.NextStep.Note = step.String(), step.Summary(), cu.TermsNote()
	return d
}

// printJSON writes v as the one JSON document on stdout.
func (a *app) printJSON(v any) error { return writeJSON(a.stdout, v) }

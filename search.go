// This file owns the search command: one page of the customers a name or
// an email address finds, as a table on stdout or one JSON object.

package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/kyclink/kyclink/client"
)

func (a *app) searchCommand() *cobra.Command {
	var page, limit int
	cmd := &cobra.Command{
		Use:   "search QUERY",
		Short: "Find customers by email address or name (no link is made)",
		Long: `Find customers at Sphere: an email address finds that address exactly, anything
else a piece of a first, last or business name or of an email address. It
prints one page as a table (name, email, type, KYC status, ID) and which page of
how many; --page N asks for another. A customer ID is looked up with
'kyclink customer', never searched for. With --json, stdout carries one JSON
object, and so does stderr on failure.`,
		Example: `  kyclink search alice@example.com
  kyclink search sample --page 2 --json`,
		Args:              oneArg("search", "QUERY"),
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.search(cmd, args[0], page, limit)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&a.flags.json, "json", false, "print JSON: the page on stdout, a failure on stderr")
	f.IntVar(&page, "page", 1, "which page of results, from 1")
	f.IntVar(&limit, "limit", 10, fmt.Sprintf("customers on a page, 1 to %d", client.MaxSearchLimit))
	return cmd
}

func (a *app) search(cmd *cobra.Command, raw string, page, limit int) error {
	if page < 1 {
		return &usageError{msg: fmt.Sprintf("--page must be 1 or more (got %d)", page)}
	}
	if limit < 1 || limit > client.MaxSearchLimit {
		return &usageError{msg: fmt.Sprintf("--limit must be 1 to %d (got %d)", client.MaxSearchLimit, limit)}
	}
	e, err := a.resolve(a.stderr)
	if err != nil {
		return err
	}
	defer e.close()
	defer a.warnRecord(e)
	// The client classifies the query: nothing is sent when it is not a
	// name or an email address (an ID, the key, too long).
	pg, err := e.client.SearchCustomers(cmd.Context(), raw, page, limit)
	if err != nil {
		return err
	}
	if len(pg.Customers) == 0 && pg.Total > 0 && page > pg.TotalPages {
		return fmt.Errorf("page %d is past the last: there %s %d %s of %d %s", page,
			plural(pg.TotalPages, "is", "are"), pg.TotalPages, plural(pg.TotalPages, "page", "pages"), pg.Limit, plural(pg.Limit, "customer", "customers"))
	}
	if a.flags.json {
		return a.printJSON(pageJSON(pg))
	}
	a.printTable(pg)
	if pg.EveryWord != nil {
		fmt.Fprintf(a.stderr, "Note:        %s\n", pg.EveryWord.Note())
	}
	fmt.Fprintf(a.stderr, "Environment: %s\n", e.badge.Label())
	return nil
}

// printTable writes a page as a table and which page of how many. Every
// cell is one line, so no text from Sphere can start a line of its own.
func (a *app) printTable(pg client.CustomerPage) {
	if pg.Total == 0 {
		fmt.Fprintln(a.stdout, "No customer matches.")
		return
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tEMAIL\tTYPE\tKYC STATUS\tID")
	for _, c := range pg.Customers {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", cell(c.Name()), cell(c.Email), cell(c.Type), cell(c.KYCStatus()), c.ID)
	}
	_ = tw.Flush()
	fmt.Fprintf(a.stdout, "page %d of %d, %d %s\n", pg.Page, pg.TotalPages, pg.Total, plural(pg.Total, "customer", "customers"))
	if pg.HasNext {
		fmt.Fprintf(a.stdout, "more: --page %d\n", pg.Page+1)
	}
}

// jsonPage is a page for --json: the customers and Sphere's pagination.
type jsonPage struct {
	Customers  []jsonCustomerDoc `json:"customers"`
	Pagination struct {
		Page        int  `json:"page"`
		Limit       int  `json:"limit"`
		Total       int  `json:"total"`
		TotalPages  int  `json:"totalPages"`
		HasNext     bool `json:"hasNext"`
		HasPrevious bool `json:"hasPrevious"`
	} `json:"pagination"`
	// EveryWord is there only when Sphere found no one for the whole
	// query and the customers hold every word of it.
	EveryWord *jsonEveryWord `json:"matchedEveryWord,omitempty"`
}

type jsonEveryWord struct {
	Query    string `json:"query"`
	Searched string `json:"searched"`
	Partial  bool   `json:"partial"`
}

func pageJSON(pg client.CustomerPage) jsonPage {
	d := jsonPage{Customers: []jsonCustomerDoc{}}
	for _, c := range pg.Customers {
		d.Customers = append(d.Customers, customerJSON(c))
	}
	p := &d.Pagination
	p.Page, p.Limit, p.Total, p.TotalPages, p.HasNext, p.HasPrevious = pg.Page, pg.Limit, pg.Total, pg.TotalPages, pg.HasNext, pg.HasPrevious
	if ew := pg.EveryWord; ew != nil {
		d.EveryWord = &jsonEveryWord{ew.Query, ew.Searched, ew.Partial}
	}
	return d
}

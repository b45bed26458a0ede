// This file owns the customer reads, GET /v2/customer/{id} and the search
// GET /v2/customer, and the rule that tells an ID, an email and a name apart.

package client

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of a search, as Sphere documents them and kyclink asks.
const (
	MaxSearchLen   = 255 // characters of a search, after trimming
	MaxSearchLimit = 50  // customers on one page kyclink asks for
)

// CustomerPage is one page of a search.
type CustomerPage struct {
	Customers                      []Customer
	Page, Limit, Total, TotalPages int
	HasNext, HasPrevious           bool
}

// Customer reads a customer (GET /v2/customer/{id}). The ID is normalised
// first, and nothing is sent when it is malformed. A read is retried as a
// link request is (429, 5xx, network), without an idempotency key. Every
// failure is an *APIError; a 404 is KindNotFound.
func (c *Client) Customer(ctx context.Context, customerID string) (Customer, error) {
	id, err := NormalizeCustomerID(customerID)
	if err != nil {
		return Customer{}, err
	}
	return recorded(ctx, c, ActionCustomer, id, endpoint[Customer]{
		request: request{method: http.MethodGet, path: []string{"v2", "customer", id}},
		decode: func(a answer) (Customer, *APIError) {
			cu, apiErr := decodeCustomer(a.body, id)
			if apiErr == nil {
				c.debugf("customer received: %d verification profiles, next step %s", len(cu.Profiles), cu.NextStep())
			}
			return cu, apiErr
		},
		keepKeyOut: (*Client).keepKeyOutOfCustomer,
	}, nil)
}

// SearchCustomers asks for one page of the customers a query finds (GET
// /v2/customer): by exact email address when the query looks like one
// (LooksLikeEmail), otherwise by a piece of a name or an email address.
// The query is trimmed and must be 1 to MaxSearchLen characters, and not
// look like a customer ID (LooksLikeCustomerID: an ID is looked up, never
// searched); otherwise the error is an *APIError of KindInvalidInput and
// nothing is sent. page is at least 1; limit is kept within 1 and
// MaxSearchLimit. Debug lines never show the query, only how many
// customers came back.
func (c *Client) SearchCustomers(ctx context.Context, query string, page, limit int) (CustomerPage, error) {
	q, err := CheckSearchQuery(query)
	if err != nil {
		return CustomerPage{}, err
	}
	by := "search"
	if LooksLikeEmail(q) {
		by = "email"
	}
	page, limit = max(page, 1), min(max(limit, 1), MaxSearchLimit)
	return recorded(ctx, c, ActionSearch, "", endpoint[CustomerPage]{
		request: request{
			method: http.MethodGet,
			path:   []string{"v2", "customer"},
			query:  map[string][]string{"page": {strconv.Itoa(page)}, "limit": {strconv.Itoa(limit)}, by: {q}},
		},
		decode: func(a answer) (CustomerPage, *APIError) {
			pg, apiErr := decodeCustomerPage(a.body)
			if apiErr == nil {
				c.debugf("search answered: %d customers on page %d of %d, %d in all", len(pg.Customers), pg.Page, pg.TotalPages, pg.Total)
			}
			return pg, apiErr
		},
		keepKeyOut: (*Client).keepKeyOutOfPage,
	}, pageFacts)
}

// pageFacts is what the record keeps of a search: the customers it found,
// never what was searched for.
func pageFacts(p CustomerPage, call *Call) {
	for _, cu := range p.Customers {
		call.CustomerIDs = append(call.CustomerIDs, cu.ID)
	}
}

// CheckSearchQuery trims a search as a paste is trimmed and checks it as
// SearchCustomers does: 1 to MaxSearchLen characters, and not an attempt
// at a customer ID. The error is an *APIError of KindInvalidInput.
func CheckSearchQuery(query string) (string, error) {
	q := trimPaste(query)
	switch n := utf8.RuneCountInString(q); {
	case n == 0:
		return "", invalidSearch("Enter a name or an email address to search for")
	case n > MaxSearchLen:
		return "", invalidSearch(fmt.Sprintf("That is %d characters long; a search is at most %d", n, MaxSearchLen))
	case LooksLikeCustomerID(q):
		return "", invalidSearch("That looks like a customer ID, which is looked up, not searched for")
	}
	return q, nil
}

func invalidSearch(why string) *APIError {
	return &APIError{Kind: KindInvalidInput, Detail: why + ". Search by a name or an email address, or enter a customer ID"}
}

// LooksLikeEmail reports whether input (trimmed as a paste is) is an email
// address: one @ with something before it, a domain of dot-separated
// labels after it, and no spaces. It is the one rule the app and
// SearchCustomers share for searching by email rather than by name.
func LooksLikeEmail(input string) bool {
	s := trimPaste(input)
	if len(s) > 254 || strings.Count(s, "@") != 1 || strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	}) {
		return false
	}
	local, domain, _ := strings.Cut(s, "@")
	labels := strings.Split(domain, ".")
	return local != "" && len(labels) >= 2 && !slices.Contains(labels, "")
}

// LooksLikeCustomerID reports whether input is an attempt at a customer
// ID: it starts with "cust" or contains "customer_", in any case, and is
// not an email address (customer_care@example.com is searched for). Such
// input is checked as an ID (NormalizeCustomerID), and nothing is sent
// when it is malformed: it is never searched for as a name.
func LooksLikeCustomerID(input string) bool {
	s := strings.ToLower(trimPaste(input))
	return (strings.HasPrefix(s, "cust") || strings.Contains(s, "customer_")) && !LooksLikeEmail(s)
}

// This file owns the customer reads, GET /v2/customer/{id} and the search
// GET /v2/customer, by the kind of input Classify found.

package client

import (
	"context"
	"net/http"
	"strconv"
	"strings"
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
	// EveryWord is set when Sphere found nothing for the whole query and
	// the customers are those whose name or email holds every word of it.
	EveryWord *EveryWord
}

// Customer reads a customer (GET /v2/customer/{id}). The ID is classified
// first (Classify), and nothing is sent when it is malformed or holds the
// key; an unusual ID is sent, the caller having asked. A read is retried as a
// link request is (429, 5xx, network), without an idempotency key. Every
// failure is an *APIError; a 404 is KindNotFound.
func (c *Client) Customer(ctx context.Context, customerID string) (Customer, error) {
	id, err := c.Classify(customerID).ID(true)
	if err != nil {
		return Customer{}, err
	}
	return recorded(ctx, c, ActionCustomer, id, c.customerEndpoint(id), nil)
}

// Follow reads a customer again for a watch (watch.go): as Customer, but
// one attempt only (the watch's loop keeps its own pace and backs off
// itself) and not told to Options.Record: a watch reading every 15 s
// would bury the record of links under reads.
func (c *Client) Follow(ctx context.Context, customerID string) (Customer, error) {
	id, err := c.Classify(customerID).ID(true)
	if err != nil {
		return Customer{}, err
	}
	ep := c.customerEndpoint(id)
	ep.once = true
	return do(ctx, c, ep)
}

func (c *Client) customerEndpoint(id string) endpoint[Customer] {
	return endpoint[Customer]{
		request: request{method: http.MethodGet, path: []string{"v2", "customer", id}},
		decode: func(a answer) (Customer, *APIError) {
			cu, apiErr := decodeCustomer(a.body, id)
			if apiErr == nil {
				c.debugf("customer received: %d verification profiles, next step %s", len(cu.Profiles), cu.NextStep())
			}
			return cu, apiErr
		},
		keepKeyOut: (*Client).keepKeyOutOfCustomer,
	}
}

// SearchCustomers asks for one page of the customers a query finds (GET
// /v2/customer): by exact email address when Classify takes the query for
// one, otherwise by a piece of a name or an email address. The query must
// be an email address or a name (Input.Query: not empty, not too long, not
// an attempt at a customer ID, not the key); otherwise the error is an
// *APIError of KindInvalidInput and nothing is sent. page is at least 1;
// limit is kept within 1 and MaxSearchLimit. A query of several words that
// finds nothing is searched by its longest word (everyWord). Debug lines
// never show the query, only how many customers came back.
func (c *Client) SearchCustomers(ctx context.Context, query string, page, limit int) (CustomerPage, error) {
	in := c.Classify(query)
	q, err := in.Query()
	if err != nil {
		return CustomerPage{}, err
	}
	page, limit = max(page, 1), min(max(limit, 1), MaxSearchLimit)
	pg, err := c.searchPage(ctx, q, in.Kind == InputEmail, page, limit)
	if words := strings.Fields(q); err == nil && pg.Total == 0 && in.Kind == InputName && len(words) > 1 {
		return c.everyWord(ctx, words, page, limit)
	}
	return pg, err
}

// searchPage asks Sphere for one page of a search, by email or by a piece.
func (c *Client) searchPage(ctx context.Context, q string, email bool, page, limit int) (CustomerPage, error) {
	by := "search"
	if email {
		by = "email"
	}
	return recorded(ctx, c, ActionSearch, "", endpoint[CustomerPage]{
		request: request{
			method: http.MethodGet,
			path:   []string{"v2", "customer"},
			query:  map[string][]string{"page": {strconv.Itoa(page)}, "limit": {strconv.Itoa(limit)}, by: {q}},
		},
		decode: func(a answer) (CustomerPage, *APIError) {
			pg, apiErr := decodeCustomerPage(a.body, limit)
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

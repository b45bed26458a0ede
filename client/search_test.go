// This file tests the search: by email or by name, paging, the limit and
// the query's bounds, and answers that break the contract.

package client_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
)

// lastQuery is the query of the fake's last request.
func lastQuery(t *testing.T, fake *spheretest.TestServer) url.Values {
	t.Helper()
	reqs := fake.Handler.Requests()
	if len(reqs) == 0 {
		t.Fatal("no request sent")
	}
	r := reqs[len(reqs)-1]
	if r.Method != "GET" || r.Path != "/v2/customer" || r.IdempotencyKey != "" {
		t.Errorf("request %+v, want GET /v2/customer without an idempotency key", r)
	}
	return r.Query
}

func TestSearchByEmailOrName(t *testing.T) {
	fake := spheretest.NewTestServer(t, spheretest.Options{})
	c, _ := newClient(t, fake)
	ctx := context.Background()

	pg, err := c.SearchCustomers(ctx, " <ALICE@example.com> ", 1, 10)
	if err != nil {
		t.Fatal(err)
	}
	q := lastQuery(t, fake)
	if q.Get("email") != "ALICE@example.com" || q.Has("search") || q.Get("page") != "1" || q.Get("limit") != "10" {
		t.Errorf("query = %v, want email= alone", q)
	}
	if len(pg.Customers) != 1 || pg.Customers[0].ID != spheretest.CustomerIncomplete || pg.Total != 1 || pg.TotalPages != 1 || pg.HasNext || pg.HasPrevious {
		t.Errorf("page = %+v", pg)
	}

	pg, err = c.SearchCustomers(ctx, "sample", 1, 10)
	if err != nil {
		t.Fatal(err)
	}
	if q := lastQuery(t, fake); q.Get("search") != "sample" || q.Has("email") {
		t.Errorf("query = %v, want search= alone", q)
	}
	if len(pg.Customers) != 10 || pg.Page != 1 || pg.Limit != 10 || pg.Total != spheretest.SampleCount || pg.TotalPages != 2 || !pg.HasNext || pg.HasPrevious {
		t.Errorf("page 1 = %d customers, %+v", len(pg.Customers), pg)
	}
	if got := pg.Customers[0]; got.ID != spheretest.SampleID(1) || got.Name() != "Ana Sample" || got.KYCStatus() != "not started or incomplete" {
		t.Errorf("first = %s %q %q", got.ID, got.Name(), got.KYCStatus())
	}
	pg, err = c.SearchCustomers(ctx, "sample", 2, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(pg.Customers) != 4 || pg.Page != 2 || pg.HasNext || !pg.HasPrevious || pg.Customers[3].ID != spheretest.SampleID(14) {
		t.Errorf("page 2 = %d customers, %+v", len(pg.Customers), pg)
	}

	// A piece of an address is not an address: it is searched for.
	if _, err := c.SearchCustomers(ctx, "example.com", 1, 10); err != nil || !lastQuery(t, fake).Has("search") {
		t.Errorf("example.com: %v, query %v", err, lastQuery(t, fake))
	}
	pg, err = c.SearchCustomers(ctx, "nobody at all", 1, 10)
	if err != nil || len(pg.Customers) != 0 || pg.Customers == nil || pg.Total != 0 || pg.TotalPages != 0 {
		t.Errorf("no match: %v, %+v", err, pg)
	}
}

func TestSearchPageAndLimitAreKeptInBounds(t *testing.T) {
	tests := []struct {
		page, limit         int
		wantPage, wantLimit string
	}{
		{0, 0, "1", "1"},
		{-3, -1, "1", "1"},
		{2, 50, "2", "50"},
		{1, 51, "1", "50"},
		{1, 1 << 30, "1", "50"},
	}
	fake := spheretest.NewTestServer(t, spheretest.Options{})
	c, _ := newClient(t, fake)
	for _, tt := range tests {
		if _, err := c.SearchCustomers(context.Background(), "example", tt.page, tt.limit); err != nil {
			t.Fatal(err)
		}
		if q := lastQuery(t, fake); q.Get("page") != tt.wantPage || q.Get("limit") != tt.wantLimit {
			t.Errorf("page %d limit %d sent as %v", tt.page, tt.limit, q)
		}
	}
}

func TestSearchQueryBoundsSendNothing(t *testing.T) {
	fake := spheretest.NewTestServer(t, spheretest.Options{})
	c, _ := newClient(t, fake)
	for _, q := range []string{"", "   ", "\n\t", `""`, strings.Repeat("é", client.MaxSearchLen+1),
		"customer_f311", "CUST", "Customer_abc", "x customer_1"} {
		_, err := c.SearchCustomers(context.Background(), q, 1, 10)
		if e := asAPIError(t, err); e.Kind != client.KindInvalidInput || e.Heading() != "Invalid input" {
			t.Errorf("%q: %v, want invalid input", q, err)
		}
	}
	if n := len(fake.Handler.Requests()); n != 0 {
		t.Fatalf("%d requests sent for queries out of bounds", n)
	}
	// The bounds are characters, after trimming: 255 of them are sent.
	if _, err := c.SearchCustomers(context.Background(), "  "+strings.Repeat("é", client.MaxSearchLen)+"  ", 1, 10); err != nil {
		t.Errorf("255 characters: %v", err)
	}
	// An address that starts like an ID is an address.
	if _, err := c.SearchCustomers(context.Background(), "customer_care@example.com", 1, 10); err != nil || lastQuery(t, fake).Get("email") != "customer_care@example.com" {
		t.Errorf("customer_care@: %v", err)
	}
}

func TestSearchFaults(t *testing.T) {
	page := func(customers, pagination string) string {
		return `{"customers":[` + customers + `],"pagination":` + pagination + `}`
	}
	const okPagination = `{"page":1,"limit":10,"total":1,"totalPages":1,"hasNext":false,"hasPrevious":false}`
	tests := []struct {
		name, body, why string
	}{
		{"no pagination", `{"customers":[]}`, "lacks pagination"},
		{"no customers", `{"pagination":` + okPagination + `}`, "lacks customers"},
		{"customers twice", `{"customers":[],"customers":[],"pagination":` + okPagination + `}`, "appears more than once"},
		{"total a string", page("", `{"page":1,"limit":10,"total":"1","totalPages":1,"hasNext":false,"hasPrevious":false}`), "pagination.total is not a whole number"},
		{"negative page", page("", `{"page":-1,"limit":10,"total":1,"totalPages":1,"hasNext":false,"hasPrevious":false}`), "pagination.page is not a whole number"},
		{"hasNext missing", page("", `{"page":1,"limit":10,"total":1,"totalPages":1,"hasPrevious":false}`), "lacks pagination.hasNext"},
		{"customer without id", page(`{"email":"a@example.com"}`, okPagination), "lacks customers[0].id"},
		{"customer email a list", page(`{"id":"customer_1","email":["a"]}`, okPagination), "customers[0].email is not a string"},
		// A hostile server cannot flood the screen or the record.
		{"an ID of 65 characters", page(`{"id":"customer_`+strings.Repeat("a", 56)+`"}`, okPagination), "customers[0].id is 65 characters long, more than a customer ID's 64"},
		{"more customers than asked for", page(strings.TrimSuffix(strings.Repeat(`{"id":"customer_1"},`, 11), ","), okPagination), "lists 11 customers on a page of at most 10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptestServer(t, serve(200, tt.body))
			c, _ := newClientOf(t, srv)
			_, err := c.SearchCustomers(context.Background(), "a", 1, 10)
			if e := asAPIError(t, err); e.Kind != client.KindBadResponse || !strings.Contains(e.Detail, tt.why) {
				t.Errorf("kind=%v detail=%q, want %q", e.Kind, e.Detail, tt.why)
			}
		})
	}
	// The key echoed in a result is taken out; a read is retried.
	srv := httptestServer(t, serve(200, page(`{"id":"customer_1","firstName":"Eve `+spheretest.DemoKey+`"}`, okPagination)))
	c, _ := newClientOf(t, srv)
	pg, err := c.SearchCustomers(context.Background(), "eve", 1, 10)
	if err != nil || pg.Customers[0].FirstName != "Eve "+client.Redacted {
		t.Errorf("%v, %+v", err, pg)
	}
	fake := spheretest.NewTestServer(t, spheretest.Options{})
	c, sl := newClient(t, fake, func(o *client.Options) { o.BaseURL = httptestServer(t, serve(503, `{"status":503,"detail":"down"}`)) })
	if _, err := c.SearchCustomers(context.Background(), "eve", 1, 10); asAPIError(t, err).Kind != client.KindUnavailable || len(sl.waits) != 2 {
		t.Errorf("503: %v after %d waits, want unavailable after 2", err, len(sl.waits))
	}
}

// httptestServer serves h for the test and returns its URL.
func httptestServer(t *testing.T, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// Issue 19, item 4: Sphere matches a piece of one field, so a full name
// finds no one; kyclink then searches the longest word and keeps those
// whose name or email holds every word.
func TestSearchByEveryWord(t *testing.T) {
	fake := spheretest.NewTestServer(t, spheretest.Options{})
	c, _ := newClient(t, fake)
	ctx := context.Background()
	pg, err := c.SearchCustomers(ctx, "Alice  example", 1, 10)
	if err != nil || len(pg.Customers) != 1 || pg.Customers[0].ID != spheretest.CustomerIncomplete || pg.Total != 1 || pg.TotalPages != 1 {
		t.Fatalf("Alice Example: %v, %+v", err, pg)
	}
	if pg.EveryWord == nil || pg.EveryWord.Searched != "example" || !strings.Contains(pg.EveryWord.Note(), "matched every word of “Alice example”") {
		t.Errorf("how it was found: %+v", pg.EveryWord)
	}
	if q := lastQuery(t, fake); q.Get("search") != "example" || q.Get("limit") != "50" {
		t.Errorf("the longest word was not searched: %v", q)
	}
	// Paged like Sphere's own: the fourteen Samples, five to a page.
	pg, err = c.SearchCustomers(ctx, "sample example.com", 3, 5)
	if err != nil || len(pg.Customers) != 4 || pg.Total != 14 || pg.TotalPages != 3 || pg.HasNext || !pg.HasPrevious {
		t.Errorf("page 3: %v, %+v", err, pg)
	}
	// One word, or an email address, that finds nothing is left at that.
	n := len(fake.Handler.Requests())
	if pg, err := c.SearchCustomers(ctx, "nobody", 1, 10); err != nil || pg.EveryWord != nil || len(fake.Handler.Requests()) != n+1 {
		t.Errorf("one word: %v, %+v", err, pg)
	}
	if pg, err := c.SearchCustomers(ctx, "alice example", 1, 10); err != nil || pg.Total != 1 || pg.EveryWord == nil {
		t.Errorf("lower case: %v, %+v", err, pg)
	}
}

func TestBlankLookingNamesAreCleaned(t *testing.T) {
	// A braille blank and the Hangul fillers draw as nothing: a name made
	// of them would pass for another, or for none.
	body := `{"customers":[{"id":"customer_1","firstName":"\u2800\u3164Eve\uffa0","lastName":"\u115f\u1160Example\u2800"}],` +
		`"pagination":{"page":1,"limit":10,"total":1,"totalPages":1,"hasNext":false,"hasPrevious":false}}`
	c, _ := newClientOf(t, httptestServer(t, serve(200, body)))
	pg, err := c.SearchCustomers(context.Background(), "eve", 1, 10)
	if err != nil || pg.Customers[0].FirstName != "Eve" || pg.Customers[0].LastName != "Example" {
		t.Errorf("%v, %+q", err, pg.Customers)
	}
}

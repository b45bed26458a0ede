// This file tests kyclink against Sphere's documented example bodies
// (testdata/contract, each named for its page): every one decoded by the
// client's own calls to what the docs say it means, and the fake's answer
// of the same kind held to the same expectations and to the example's
// keys, so that neither the client nor the fake can drift from the docs.

package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
)

// outcome is what one call gave: one of a link, a customer, a page, or
// a failure.
type outcome struct {
	link     client.Link
	customer client.Customer
	page     client.CustomerPage
	err      *client.APIError
}

// contractCase is one documented example: where it comes from, what call
// it answers, what it must mean, and how the fake is asked for the same.
type contractCase struct {
	file   string    // in testdata/contract: <page with / as .>__<case>.json
	page   string    // the page on docs.spherepay.co (or the seed) it is from
	status int       // the HTTP status it comes with
	call   string    // "kyc-link", "tos-link", "customer", "search"
	id     string    // the customer asked for (the search's query for "search")
	at     time.Time // the clock when it arrives: the examples' times are past
	check  func(t *testing.T, got outcome, id string)
	// fakeID is the customer (or query) the fake is asked for the same
	// shape; "" when the fake never answers so. fakeKey is the key it is
	// asked with, "" for the right one.
	fakeID, fakeKey string
	// exact: the fake's keys must be the example's; otherwise only among
	// them (the fake leaves out fields kyclink does not read).
	exact bool
}

var contractCases = []contractCase{
	{file: "api-reference.kyc-link.post__201.json", page: "/api-reference/kyc-link/post", status: 201, call: "kyc-link",
		id: okID, at: time.Date(2025, 3, 30, 2, 35, 18, 0, time.UTC), check: kycLinkFor,
		fakeID: spheretest.CustomerIncomplete, exact: true},
	{file: "api-reference.customer.kyc__201.json", page: "/api-reference/customer/kyc", status: 201, call: "kyc-link",
		id: okID, at: time.Date(2025, 3, 30, 2, 35, 18, 0, time.UTC), check: kycLinkFor,
		fakeID: spheretest.CustomerBusiness, exact: true},
	{file: "seeds.000_df1587a6e9889510__201.json", page: "/seeds/000_df1587a6e9889510", status: 201, call: "kyc-link",
		id: "customer_b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7", at: time.Date(2026, 2, 9, 20, 46, 31, 0, time.UTC), check: kycLinkFor,
		fakeID: spheretest.WithCustomerID, exact: true},
	{file: "api-reference.enhanced-due-diligence.tos__201.json", page: "/api-reference/enhanced-due-diligence/tos", status: 201, call: "tos-link",
		id: okID, at: time.Unix(1745177241, 0), check: termsLinkFrom(client.ExpiryStated),
		fakeID: spheretest.CustomerTermsPending, exact: true},
	{file: "api-reference.tos-link.post__201.json", page: "/api-reference/tos-link/post", status: 201, call: "tos-link",
		id: okID, at: time.Unix(1745177241, 0), check: termsLinkFrom(client.ExpiryFromToken),
		fakeID: spheretest.TermsToken, exact: true},
	{file: "get-started.authentication__403.json", page: "/get-started/authentication", status: 403, call: "kyc-link",
		id: okID, check: failure(client.KindAuth, 403, "Forbidden resource", ""),
		fakeID: spheretest.CustomerIncomplete, fakeKey: "secret_wrong_key_000", exact: true},
	{file: "get-started.authentication__401-staging.json", page: "/get-started/authentication", status: 401, call: "customer",
		id: okID, check: failure(client.KindAuth, 401, "Invalid or missing API key.", "unauthorized"),
		fakeID: spheretest.Unauthorized, exact: true},
	{file: "seeds.000_df1587a6e9889510__400.json", page: "/seeds/000_df1587a6e9889510", status: 400, call: "kyc-link",
		id: okID, check: failure(client.KindRejected, 400, "Invalid request parameters", "address/invalid"),
		fakeID: spheretest.BadRequest, exact: true},
	{file: "seeds.000_df1587a6e9889510__404.json", page: "/seeds/000_df1587a6e9889510", status: 404, call: "kyc-link",
		id: okID, check: failure(client.KindNotFound, 404, "Resource not found", "resource/not-found"),
		fakeID: spheretest.NotFound, exact: true},
	{file: "seeds.000_df1587a6e9889510__422.json", page: "/seeds/000_df1587a6e9889510", status: 422, call: "kyc-link",
		id: okID, check: validation, fakeID: spheretest.Validation, exact: true},
	{file: "api-reference.kyc-link.post__404-legacy.json", page: "/api-reference/kyc-link/post", status: 404, call: "kyc-link",
		id: okID, check: failure(client.KindNotFound, 404, "Customer not found", ""),
		fakeID: spheretest.LegacyNotFound, exact: true},
	{file: "api-reference.kyc-link.post__422-problem.json", page: "/api-reference/kyc-link/post", status: 422, call: "tos-link",
		id: okID, check: func(t *testing.T, got outcome, _ string) {
			failure(client.KindValidation, 422, "Validation failed", "validation/failed")(t, got, "")
			names := []string{}
			for _, f := range got.err.Errors {
				names = append(names, f.Name())
			}
			if got.err.Title != "Unprocessable Entity" || !slices.Equal(names, []string{"/email", "id", "Idempotency-Key"}) {
				t.Errorf("title %q, fields %q", got.err.Title, names)
			}
		}},
	{file: "api-reference.customer.get__200-platform-managed.json", page: "/api-reference/customer/get", status: 200, call: "search",
		id: "example", check: platformManaged, fakeID: "grace@example.com"},
	{file: "api-reference.customer.get__200-one-customer-terms-required.json", page: "/api-reference/customer/get", status: 200, call: "customer",
		id: spheretest.CustomerTermsPending, check: termsRequired, fakeID: spheretest.CustomerTermsPending},
	{file: "concepts.onboarding.verification-profile__200-staging-flat.json", page: "/concepts/onboarding/verification-profile", status: 200, call: "customer",
		id: spheretest.CustomerRejected, check: flatProfile},
}

func kycLinkFor(t *testing.T, got outcome, id string) {
	t.Helper()
	l := got.link
	if got.err != nil || l.Kind != client.LinkKYC || l.CustomerID != id || l.Source() != client.ExpiryStated ||
		!strings.HasPrefix(l.URL, "https://in.sumsub.com/websdk/p/sbx_") || l.Remaining(l.ReceivedAt) <= 0 {
		t.Errorf("KYC link: %+v, %v", l, got.err)
	}
}

func termsLinkFrom(source client.ExpirySource) func(*testing.T, outcome, string) {
	return func(t *testing.T, got outcome, id string) {
		t.Helper()
		l := got.link
		// Both documented forms live an hour: the expiry is read, not guessed.
		if got.err != nil || l.Kind != client.LinkTerms || l.CustomerID != id || l.Source() != source ||
			l.ExpiresAt.Sub(l.ReceivedAt) != time.Hour {
			t.Errorf("terms link: %+v, %v; want its expiry from %v, an hour ahead", l, got.err, source)
		}
	}
}

func failure(kind client.Kind, status int, detail, code string) func(*testing.T, outcome, string) {
	return func(t *testing.T, got outcome, _ string) {
		t.Helper()
		e := got.err
		if e == nil || e.Kind != kind || e.Status != status || e.Detail != detail || e.Code != code {
			t.Errorf("failure %+v; want %v %d %q code %q", e, kind, status, detail, code)
		}
	}
}

func validation(t *testing.T, got outcome, _ string) {
	t.Helper()
	failure(client.KindValidation, 422, "Validation failed", "validation/failed")(t, got, "")
	if e := got.err; e == nil || len(e.Errors) != 2 || e.Errors[0].Field() != "email" || e.CorrelationID == "" {
		t.Errorf("field errors: %+v", e)
	}
}

func platformManaged(t *testing.T, got outcome, _ string) {
	t.Helper()
	if got.err != nil || len(got.page.Customers) != 1 || got.page.Total != 1 || got.page.HasNext {
		t.Fatalf("page %+v, %v", got.page, got.err)
	}
	c := got.page.Customers[0]
	// Platform-Managed: the terms are not required, so the KYC link is next,
	// and the card says what tosStatus says as a fact.
	if c.NextStep() != client.StepKYCLink || c.TermsNote() == "" || !strings.EqualFold(c.TOSStatus, "incomplete") {
		t.Errorf("%s: step %v, note %q", c.ID, c.NextStep(), c.TermsNote())
	}
	for _, p := range c.Profiles {
		for _, r := range append(p.Criteria.Required, p.Criteria.Complete...) {
			if client.CriterionText(r) == r {
				t.Errorf("criterion %q has no words", r)
			}
		}
	}
}

func termsRequired(t *testing.T, got outcome, id string) {
	t.Helper()
	if c := got.customer; got.err != nil || c.ID != id || c.NextStep() != client.StepTermsFirst || c.TermsNote() != "" {
		t.Errorf("customer %+v, %v: want the terms first", c, got.err)
	}
}

func flatProfile(t *testing.T, got outcome, _ string) {
	t.Helper()
	c := got.customer
	if got.err != nil || len(c.Profiles) != 1 || c.NextStep() != client.StepRejected {
		t.Fatalf("customer %+v, %v", c, got.err)
	}
	cr := c.Profiles[0].Criteria
	if !slices.Equal(cr.Required, []string{"proof_of_address", "identification_document"}) || len(cr.Complete) != 4 ||
		len(cr.Errors) != 2 || cr.Errors[0].Message != "The document has expired." || cr.Errors[1].Message != "The document is older than three months." {
		t.Errorf("criteria on the profile itself: %+v", cr)
	}
}

// ask makes the case's call with a client of base whose clock is at.
func (tc contractCase) ask(t *testing.T, base, id, key string, at time.Time) outcome {
	t.Helper()
	c, _ := newClientOf(t, base, func(o *client.Options) {
		o.Now = func() time.Time { return at }
		if key != "" {
			o.APIKey = key
		}
	})
	var o outcome
	var err error
	ctx := context.Background()
	switch tc.call {
	case "kyc-link":
		o.link, err = c.RegenerateKYCLink(ctx, id)
	case "tos-link":
		o.link, err = c.TermsLink(ctx, id, "")
	case "customer":
		o.customer, err = c.Customer(ctx, id)
	case "search":
		o.page, err = c.SearchCustomers(ctx, id, 1, 10)
	default:
		t.Fatalf("call %q", tc.call)
	}
	if err != nil {
		o.err = asAPIError(t, err)
	}
	return o
}

func TestContractExamples(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "contract", "*.json"))
	if len(files) != len(contractCases) {
		t.Errorf("%d example files, %d cases: every file needs a row", len(files), len(contractCases))
	}
	for _, tc := range contractCases {
		t.Run(tc.file, func(t *testing.T) {
			prefix, _, _ := strings.Cut(tc.file, "__")
			if "/"+strings.ReplaceAll(prefix, ".", "/") != tc.page {
				t.Errorf("%s does not name its page %s", tc.file, tc.page)
			}
			body, err := os.ReadFile(filepath.Join("testdata", "contract", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			at := tc.at
			if at.IsZero() {
				at = t0
			}
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Date", at.UTC().Format(http.TimeFormat))
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tc.status)
				_, _ = w.Write(body)
			}))
			defer srv.Close()
			tc.check(t, tc.ask(t, srv.URL, tc.id, "", at), tc.id)
		})
	}
}

// TestFakeSpeaksTheContract asks the fake for each documented shape it
// gives: its answer must mean what the example means, and hold no key the
// example does not (the same keys, for a link or a problem).
func TestFakeSpeaksTheContract(t *testing.T) {
	for _, tc := range contractCases {
		if tc.fakeID == "" {
			continue
		}
		t.Run(tc.file, func(t *testing.T) {
			fake := spheretest.NewTestServer(t, spheretest.Options{})
			var raw bytes.Buffer
			var status int
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				rec := httptest.NewRecorder()
				fake.Handler.ServeHTTP(rec, r)
				status = rec.Code
				raw.Reset()
				raw.Write(rec.Body.Bytes())
				for k, v := range rec.Header() {
					w.Header()[k] = v
				}
				w.WriteHeader(rec.Code)
				_, _ = io.Copy(w, rec.Body)
			}))
			defer srv.Close()
			tc.check(t, tc.ask(t, srv.URL, tc.fakeID, tc.fakeKey, t0), tc.fakeID)
			if status != tc.status {
				t.Errorf("the fake answered %d, the example is a %d", status, tc.status)
			}
			doc, _ := os.ReadFile(filepath.Join("testdata", "contract", tc.file))
			var want, got any
			if json.Unmarshal(doc, &want) != nil || json.Unmarshal(raw.Bytes(), &got) != nil {
				t.Fatalf("not JSON: %s", raw.String())
			}
			sameKeys(t, "answer", want, got, tc.exact)
		})
	}
}

// sameKeys checks that every object in got has only keys its counterpart
// in want has (exactly them when exact), at every depth; an array's items
// are held to want's first item.
func sameKeys(t *testing.T, path string, want, got any, exact bool) {
	t.Helper()
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			t.Errorf("%s: the fake has %T, the example an object", path, got)
			return
		}
		for k, v := range g {
			wv, documented := w[k]
			if !documented {
				t.Errorf("%s.%s: the fake says what the example does not", path, k)
				continue
			}
			sameKeys(t, path+"."+k, wv, v, exact)
		}
		if exact {
			for k := range w {
				if _, ok := g[k]; !ok {
					t.Errorf("%s.%s: the example has it, the fake does not", path, k)
				}
			}
		}
	case []any:
		g, _ := got.([]any)
		if len(w) == 0 {
			return
		}
		for _, v := range g {
			sameKeys(t, path+"[]", w[0], v, exact)
		}
	}
}

// This file tests the customer reads against spheretest and against servers
// that break the contract: every demo state, the faults, hostile text.

package client_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
)

func TestCustomerStates(t *testing.T) {
	tests := []struct {
		id, name string
		step     client.Step
		profiles []string // Name: Status
	}{
		{spheretest.CustomerIncomplete, "Alice Example", client.StepKYCLink, []string{"kyc_profile_a: incomplete"}},
		{spheretest.CustomerApproved, "Bob Example", client.StepApproved, []string{"kyc_profile_a: approved", "kyc_profile_b: approved"}},
		{spheretest.CustomerPending, "Carol Example", client.StepPending, []string{"kyc_profile_a: pending"}},
		{spheretest.CustomerRejected, "Dave Example", client.StepRejected, []string{"kyc_profile_a: rejected"}},
		{spheretest.CustomerTermsPending, "Erin Example", client.StepTermsFirst, []string{"kyc_profile_a: incomplete"}},
		{spheretest.CustomerBusiness, "Example Coffee", client.StepKYCLink, []string{"kyc_profile_a: incomplete"}},
		{spheretest.CustomerUnknownProfile, "Frank Example", client.StepKYCLink, []string{"kyc_profile_a: approved", "kyc_profile_z: awaiting_partner"}},
		{spheretest.SampleID(4), "Dan Sample", client.StepTermsFirst, []string{"kyc_profile_a: incomplete"}},
		{spheretest.SampleID(14), "Sample Bakery", client.StepKYCLink, []string{"kyc_profile_a: incomplete"}},
		// A scenario looked up is a customer whose KYC is to do, so the
		// scenario's link request is reached.
		{spheretest.RateLimited, "Scenario 429", client.StepKYCLink, []string{"kyc_profile_a: incomplete"}},
	}
	fake := spheretest.NewTestServer(t, spheretest.Options{})
	c, _ := newClient(t, fake)
	for _, tt := range tests {
		cu, err := c.Customer(context.Background(), " "+tt.id+"\n")
		if err != nil {
			t.Errorf("%s: %v", tt.id, err)
			continue
		}
		var profiles []string
		for _, p := range cu.Profiles {
			profiles = append(profiles, p.Name+": "+p.Status)
		}
		if cu.ID != tt.id || cu.Name() != tt.name || cu.NextStep() != tt.step || !slices.Equal(profiles, tt.profiles) {
			t.Errorf("%s: %q, step %v, profiles %q; want %q, %v, %q", tt.id, cu.Name(), cu.NextStep(), profiles, tt.name, tt.step, tt.profiles)
		}
		if cu.CreatedAt.IsZero() || cu.Email == "" || !strings.HasSuffix(cu.Email, "example.com") {
			t.Errorf("%s: created %v, email %q", tt.id, cu.CreatedAt, cu.Email)
		}
	}
	for _, r := range fake.Handler.Requests() {
		if r.Method != http.MethodGet || r.Path != "/v2/customer/"+r.CustomerID || r.IdempotencyKey != "" || r.Status != 200 {
			t.Errorf("request %+v: want a GET of the customer, no idempotency key, 200", r)
		}
	}
}

func TestCustomerCriteria(t *testing.T) {
	fake := spheretest.NewTestServer(t, spheretest.Options{})
	c, _ := newClient(t, fake)
	dave, err := c.Customer(context.Background(), spheretest.CustomerRejected)
	if err != nil {
		t.Fatal(err)
	}
	errs := dave.Profiles[0].Criteria.Errors
	if len(errs) != 2 || errs[0].Name != "identity_document" || errs[0].Message != "The document photo is too blurred to read." {
		t.Errorf("errors = %+v", errs)
	}
	erin, err := c.Customer(context.Background(), spheretest.CustomerTermsPending)
	if err != nil {
		t.Fatal(err)
	}
	cr := erin.Profiles[0].Criteria
	if erin.TOSStatus != "pending" || !slices.Equal(cr.Complete, []string{"email_verification"}) || cr.Required[0] != "terms_of_service" || cr.Pending != nil {
		t.Errorf("erin = %+v", erin)
	}
	biz, err := c.Customer(context.Background(), spheretest.CustomerBusiness)
	if err != nil {
		t.Fatal(err)
	}
	if biz.Type != "business" || biz.FirstName != "" || biz.BusinessLegalName != "Example Trading Ltd" || biz.Phone != "+15555550006" {
		t.Errorf("business = %+v", biz)
	}
}

func TestCustomerFaults(t *testing.T) {
	tests := []struct {
		id       string
		kind     client.Kind
		status   int
		attempts int
	}{
		{spheretest.NotFound, client.KindNotFound, 404, 1},
		{spheretest.LegacyNotFound, client.KindNotFound, 404, 1},
		{"customer_0123456789abcdef0123456789abcdef", client.KindNotFound, 404, 1}, // well-formed, unknown
		{spheretest.Forbidden, client.KindAuth, 403, 1},
		{spheretest.Unauthorized, client.KindAuth, 401, 1},
		{spheretest.ServerError, client.KindUnavailable, 500, 3}, // retried, then failed
	}
	for _, tt := range tests {
		fake := spheretest.NewTestServer(t, spheretest.Options{})
		c, sl := newClient(t, fake)
		cu, err := c.Customer(context.Background(), tt.id)
		e := asAPIError(t, err)
		if e.Kind != tt.kind || e.Status != tt.status || cu.ID != "" {
			t.Errorf("%s: kind %v status %d, customer %q; want %v %d", tt.id, e.Kind, e.Status, cu.ID, tt.kind, tt.status)
		}
		reqs := fake.Handler.Requests()
		if len(reqs) != tt.attempts || len(sl.waits) != tt.attempts-1 {
			t.Errorf("%s: %d requests, %d waits; want %d attempts", tt.id, len(reqs), len(sl.waits), tt.attempts)
		}
		for _, r := range reqs {
			if r.Method != http.MethodGet {
				t.Errorf("%s: a %s was sent", tt.id, r.Method)
			}
		}
	}
	fake := spheretest.NewTestServer(t, spheretest.Options{})
	c, _ := newClient(t, fake)
	for _, id := range []string{"", "cust_123", "customer_ABC", "customer_../../x", "alice@example.com"} {
		if _, err := c.Customer(context.Background(), id); asAPIError(t, err).Kind != client.KindInvalidInput {
			t.Errorf("%q: %v, want invalid input", id, err)
		}
	}
	if n := len(fake.Handler.Requests()); n != 0 {
		t.Errorf("%d requests sent for malformed IDs", n)
	}
}

// customerJSON is a customer answer for okID with extra members.
func customerJSON(extra string) string {
	return `{"id":"` + okID + `","type":"individual"` + extra + `}`
}

func TestMalformedCustomerBodies(t *testing.T) {
	tests := []struct {
		name, body, why string
	}{
		{"not json", `<html>ok</html>`, "not the expected JSON object"},
		{"array", `[]`, "not the expected JSON object"},
		{"two values", customerJSON("") + `{}`, "not the expected JSON object"},
		{"key twice", customerJSON(`,"email":"a@example.com","email":"b@example.com"`), `the key "email" appears more than once`},
		{"keys in two cases", customerJSON(`,"email":"a@example.com","Email":"b@example.com"`), `differ only in case`},
		{"no id", `{"type":"individual"}`, "lacks id"},
		{"malformed id", `{"id":"customer_\u001b[2J"}`, "id is not a customer ID"},
		{"other customer", `{"id":"customer_ffff"}`, "another customer (customer_ffff)"},
		{"email a number", customerJSON(`,"email":7`), "email is not a string"},
		{"profiles an object", customerJSON(`,"verificationProfiles":{}`), "verificationProfiles is not an array"},
		{"profile a string", customerJSON(`,"verificationProfiles":["kyc_profile_a"]`), "verificationProfiles[0] is not the expected JSON object"},
		{"status a number", customerJSON(`,"verificationProfiles":[{"name":"a","status":1}]`), "verificationProfiles[0].status is not a string"},
		{"criteria twice", customerJSON(`,"verificationProfiles":[{"criteria":{},"criteria":{}}]`), `verificationProfiles[0] is ambiguous`},
		{"required not strings", customerJSON(`,"verificationProfiles":[{"criteria":{"required":[1]}}]`), "verificationProfiles[0].criteria.required[0] is not a string"},
		{"error a string", customerJSON(`,"verificationProfiles":[{"criteria":{"errors":["bad"]}}]`), "verificationProfiles[0].criteria.errors[0] is not the expected JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(serve(200, tt.body))
			defer srv.Close()
			c, _ := newClientOf(t, srv.URL)
			cu, err := c.Customer(context.Background(), okID)
			e := asAPIError(t, err)
			if e.Kind != client.KindBadResponse || e.Status != 200 || !strings.Contains(e.Detail, tt.why) || cu.ID != "" {
				t.Errorf("kind=%v status=%d detail=%q, want bad response with %q", e.Kind, e.Status, e.Detail, tt.why)
			}
			if strings.Contains(e.Detail, "@example.com") || strings.ContainsRune(e.Detail, 0x1b) {
				t.Errorf("the refusal repeats the answer's data: %q", e.Detail)
			}
		})
	}
}

func TestCustomerUnknownsNeverFail(t *testing.T) {
	body := customerJSON(`,"email":null,"firstName":null,"tosStatus":"on_hold","createdAt":"yesterday","updatedAt":7,` +
		`"newField":{"x":[1,2]},"verificationProfiles":[{"name":"kyc_profile_q","status":"frozen","extra":true,` +
		`"criteria":{"complete":null,"required":["dna_sample"],"errors":[null,{},{"name":"dna_sample","message":"no match","code":9}]}}]`)
	srv := httptest.NewServer(serve(200, body))
	defer srv.Close()
	c, _ := newClientOf(t, srv.URL)
	cu, err := c.Customer(context.Background(), okID)
	if err != nil {
		t.Fatal(err)
	}
	p := cu.Profiles[0]
	if cu.Email != "" || !cu.CreatedAt.IsZero() || !cu.UpdatedAt.IsZero() || p.Name != "kyc_profile_q" || p.Status != "frozen" ||
		p.Criteria.Required[0] != "dna_sample" || len(p.Criteria.Errors) != 1 || p.Criteria.Errors[0].Message != "no match" {
		t.Errorf("customer = %+v", cu)
	}
	if cu.Name() != okID || client.CriterionText("dna_sample") != "dna_sample" || client.StatusText("frozen") != "frozen" || client.ProfileText("kyc_profile_q") != "kyc_profile_q" {
		t.Errorf("unknowns must be shown as they came: %q", cu.Name())
	}
	// tosStatus on_hold is not accepted, but no profile requires the
	// terms: a fact on the card, not a step before the KYC link.
	if cu.NextStep() != client.StepKYCLink || cu.TermsNote() != "terms: not accepted; no profile requires them" {
		t.Errorf("step = %v, note %q", cu.NextStep(), cu.TermsNote())
	}
}

// safeLine reports whether s is one line a terminal shows as it is.
func safeLine(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsControl(r) || r == 0x2028 || r == 0x2029 || r == 0x202e || r == 0x200b || r == 0xad
	})
}

func TestHostileCustomerIsSanitisedAndKeyRedacted(t *testing.T) {
	fake := spheretest.NewTestServer(t, spheretest.Options{})
	var debug bytes.Buffer
	c, _ := newClient(t, fake, func(o *client.Options) { o.Debug = &debug })
	cu, err := c.Customer(context.Background(), spheretest.HostileText)
	if err != nil {
		t.Fatal(err)
	}
	p := cu.Profiles[0]
	lines := []string{cu.FirstName, cu.LastName, cu.BusinessTradeName, cu.Email, cu.Name(), p.Name, p.Status, p.Criteria.Errors[0].Name}
	lines = append(append(lines, p.Criteria.Complete...), p.Criteria.Required...)
	for _, s := range lines {
		if !safeLine(s) || strings.Contains(s, spheretest.DemoKey) {
			t.Errorf("unsafe one-line text %+q", s)
		}
	}
	if msg := p.Criteria.Errors[0].Message; strings.ContainsFunc(msg, func(r rune) bool { return r != '\n' && unicode.IsControl(r) || r == 0x2028 || r == 0xad }) {
		t.Errorf("unsafe message %+q", msg)
	}
	if cu.FirstName != "Mallory kyclink: Link copied" || !strings.HasPrefix(cu.LastName, "Echo "+client.Redacted) {
		t.Errorf("names: %+q %+q", cu.FirstName, cu.LastName)
	}
	// A hidden character does not hide a known criterion.
	if client.CriterionText(p.Criteria.Complete[0]) != "accept Sphere's terms" {
		t.Errorf("complete = %+q", p.Criteria.Complete)
	}
	if strings.Contains(debug.String(), "Mallory") || strings.Contains(debug.String(), spheretest.DemoKey) {
		t.Errorf("debug shows personal data or the key:\n%s", debug.String())
	}
}

// An ID that carries the key is refused before anything is sent (issue
// 19, item 12): the answer's own check never sees it.
func TestCustomerIDCarryingTheKeyIsRefused(t *testing.T) {
	const id = "customer_0123456789abcdef"
	srv := httptest.NewServer(serve(200, `{"id":"`+id+`","firstName":"x0123456789abcdefx"}`))
	defer srv.Close()
	c, _ := newClientOf(t, srv.URL, func(o *client.Options) { o.APIKey = "0123456789abcdef" })
	_, err := c.Customer(context.Background(), id)
	if e := asAPIError(t, err); e.Kind != client.KindInvalidInput || e.Code != client.CodeAPIKey || strings.Contains(e.Detail, "01234567") {
		t.Errorf("kind=%v code=%q detail=%q", e.Kind, e.Code, e.Detail)
	}
}

func BenchmarkCustomer(b *testing.B) {
	srv, err := spheretest.Start(spheretest.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	c, err := client.New(client.Options{BaseURL: srv.URL, APIKey: spheretest.DemoKey})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Customer(ctx, spheretest.CustomerRejected); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSearchCustomers(b *testing.B) {
	srv, err := spheretest.Start(spheretest.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	c, err := client.New(client.Options{BaseURL: srv.URL, APIKey: spheretest.DemoKey})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if pg, err := c.SearchCustomers(ctx, "sample", 1, 10); err != nil || len(pg.Customers) != 10 {
			b.Fatal(pg, err)
		}
	}
}

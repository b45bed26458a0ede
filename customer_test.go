// This file tests the commands for scripts that read customers and make the
// terms link: customer, search and terms-link, plain and --json, and their
// exit codes.

package main

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client/spheretest"
)

// oneJSON decodes s, which must hold exactly one JSON object.
func oneJSON(t *testing.T, s string, v any) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	if err := dec.Decode(v); err != nil || dec.More() {
		t.Fatalf("not exactly one JSON object (%v): %q", err, s)
	}
}

// posts counts the requests for a link the fake received.
func posts(h *spheretest.Handler) int {
	n := 0
	for _, r := range h.Requests() {
		if r.Method == http.MethodPost {
			n++
		}
	}
	return n
}

func TestCustomerCard(t *testing.T) {
	tests := []struct {
		id   string
		want []string
	}{
		{spheretest.CustomerTermsPending, []string{
			"Name:      Erin Example\n", "ID:        " + spheretest.CustomerTermsPending + "\n", "Type:      individual\n",
			"Email:     erin@example.com\n", "Created:   Sat 7 Mar 2026 11:00 CET (2026-03-07 10:00 UTC)\n", "Terms:     pending\n",
			"Profile:   USD/EUR rails (kyc_profile_a): not started or incomplete\n",
			"  ✓ Done: verify their email address\n",
			"  ○ Still to do: accept Sphere's terms; verify their phone number; upload an identity document; take a liveness check (selfie video)\n",
			"Next step: Needs to accept Sphere's terms first\n", "Then:      kyclink terms-link " + spheretest.CustomerTermsPending + "\n"}},
		{spheretest.CustomerIncomplete, []string{"Name:      Alice Example\n", "Next step: Needs to complete identity verification\n",
			"Then:      kyclink regenerate " + spheretest.CustomerIncomplete + "\n"}},
		{spheretest.CustomerApproved, []string{"Profile:   BRL/PIX (kyc_profile_b): approved\n", "Next step: Already verified: no link needed\n"}},
		{spheretest.CustomerPending, []string{"  … Waiting on Sphere: pass identity verification; be approved by Sphere's compliance team\n", "Next step: Sphere is reviewing\n"}},
		{spheretest.CustomerRejected, []string{"  ✖ upload an identity document: The document photo is too blurred to read.\n",
			"  ✖ take a liveness check (selfie video): The selfie video does not match the document.\n", "Next step: Rejected by Sphere\n"}},
		{spheretest.CustomerBusiness, []string{"Name:      Example Coffee\n", "Type:      business\n", "upload a proof of address"}},
		{spheretest.CustomerUnknownProfile, []string{"Profile:   kyc_profile_z: awaiting_partner\n", "  ○ Still to do: video_interview\n"}},
	}
	r, h := fakeAPI(t)
	for _, tt := range tests {
		res := r.run(t, "customer", tt.id)
		if res.code != 0 || !strings.Contains(res.stderr, "Environment: CUSTOM (127.0.0.1:") {
			t.Fatalf("%s: exit %d, stderr %q", tt.id, res.code, res.stderr)
		}
		for _, want := range tt.want {
			if !strings.Contains(res.stdout, want) {
				t.Errorf("%s: stdout lacks %q:\n%s", tt.id, want, res.stdout)
			}
		}
		needsLink := tt.id != spheretest.CustomerApproved && tt.id != spheretest.CustomerPending && tt.id != spheretest.CustomerRejected
		if strings.Contains(res.stdout, "Then:") != needsLink {
			t.Errorf("%s: a next command only when a link is what is needed:\n%s", tt.id, res.stdout)
		}
	}
	if n := posts(h); n != 0 {
		t.Errorf("%d link requests: customer only reads", n)
	}
}

func TestPlatformManagedCustomer(t *testing.T) {
	r, _ := fakeAPI(t)
	res := r.run(t, "customer", spheretest.CustomerPlatformManaged)
	for _, want := range []string{"Terms:     incomplete\n", "Next step: Needs to complete identity verification\n",
		"Note:      terms: not accepted; no profile requires them\n", "Then:      kyclink regenerate " + spheretest.CustomerPlatformManaged,
		"Still to do: upload an identity document; provide a liveness report"} {
		if res.code != 0 || !strings.Contains(res.stdout, want) {
			t.Errorf("exit %d, stdout lacks %q:\n%s", res.code, want, res.stdout)
		}
	}
	res = r.run(t, "customer", spheretest.CustomerPlatformManaged, "--json")
	var got struct {
		NextStep struct{ Step, Note string } `json:"nextStep"`
	}
	oneJSON(t, res.stdout, &got)
	if got.NextStep.Step != "kyc_link" || got.NextStep.Note != "terms: not accepted; no profile requires them" {
		t.Errorf("--json nextStep = %+v", got.NextStep)
	}
}

func TestCustomerJSON(t *testing.T) {
	r, _ := fakeAPI(t)
	res := r.run(t, "customer", "--json", spheretest.CustomerRejected)
	if res.code != 0 || res.stderr != "" {
		t.Fatalf("exit %d, stderr %q", res.code, res.stderr)
	}
	var c struct {
		ID, Name, KYCStatus string
		FirstName           *string
		BusinessLegalName   *string
		CreatedAt           *string
		Profiles            []struct {
			Name, Status string
			Criteria     struct {
				Complete, Pending, Required []string
				Errors                      []struct{ Name, Message string }
			}
		} `json:"verificationProfiles"`
		NextStep struct{ Step, Summary string }
	}
	oneJSON(t, res.stdout, &c)
	p := c.Profiles[0]
	if c.ID != spheretest.CustomerRejected || c.Name != "Dave Example" || *c.FirstName != "Dave" || c.BusinessLegalName != nil ||
		*c.CreatedAt != "2026-03-06T10:00:00.000Z" || c.KYCStatus != "rejected" || c.NextStep.Step != "rejected" || c.NextStep.Summary != "Rejected by Sphere" {
		t.Errorf("customer = %+v", c)
	}
	if p.Status != "rejected" || p.Criteria.Pending == nil || p.Criteria.Required == nil || len(p.Criteria.Errors) != 2 || p.Criteria.Errors[0].Name != "identity_document" {
		t.Errorf("profile = %+v (lists are never null)", p)
	}
	for _, key := range []string{`"pending":[]`, `"required":[]`, `"businessTradeName":null`, `"nextStep":{"step":"rejected"`} {
		if !strings.Contains(res.stdout, key) {
			t.Errorf("stdout lacks %s: %s", key, res.stdout)
		}
	}
}

func TestCustomerFailures(t *testing.T) {
	tests := []struct {
		args   []string
		code   int
		kind   string
		stderr string
	}{
		{[]string{"customer", spheretest.NotFound}, 1, "not_found", "kyclink: Customer not found (HTTP 404)"},
		{[]string{"customer", "customer_0123456789abcdef0123456789abcdef"}, 1, "not_found", "kyclink: Customer not found (HTTP 404)"},
		{[]string{"customer", spheretest.Forbidden}, 4, "auth", "kyclink: Access denied"},
		{[]string{"customer", spheretest.ServerError}, 5, "unavailable", "kyclink: Sphere unavailable (HTTP 500)"},
		{[]string{"customer", "cust_123"}, 2, "invalid_input", `That does not start with "customer_"`},
		{[]string{"customer"}, 2, "usage", "customer takes exactly one CUSTOMER_ID (got 0)"},
		{[]string{"terms-link", spheretest.NotFound}, 1, "not_found", "kyclink: Customer not found (HTTP 404)"},
		{[]string{"terms-link", spheretest.SoftHyphenLink}, 1, "bad_response", "U+00AD"},
		{[]string{"terms-link", spheretest.PlainHTTPLink}, 1, "bad_response", "not https"},
		{[]string{"terms-link", "customer_ABC"}, 2, "invalid_input", "Customer IDs are all lower case"},
		{[]string{"search", ""}, 2, "invalid_input", "Enter a name or an email address"},
		{[]string{"search", "customer_f311"}, 2, "invalid_input", "looks like a customer ID"},
		{[]string{"search", "sample", "--page", "0"}, 2, "usage", "--page must be 1 or more"},
		{[]string{"search", "sample", "--limit", "51"}, 2, "usage", "--limit must be 1 to 50"},
		{[]string{"search", "a", "b"}, 2, "usage", "search takes exactly one QUERY (got 2)"},
	}
	for _, tt := range tests {
		r, h := fakeAPI(t)
		res := r.run(t, tt.args...)
		if res.code != tt.code || res.stdout != "" || !strings.Contains(res.stderr, tt.stderr) {
			t.Errorf("%v: exit %d (want %d), stdout %q, stderr:\n%s", tt.args, res.code, tt.code, res.stdout, res.stderr)
		}
		res = r.run(t, append(tt.args, "--json")...)
		var je struct{ Kind, Detail string }
		oneJSON(t, res.stderr, &je)
		if res.code != tt.code || res.stdout != "" || je.Kind != tt.kind {
			t.Errorf("%v --json: exit %d, kind %q (want %q), stdout %q", tt.args, res.code, je.Kind, tt.kind, res.stdout)
		}
		if tt.code == 2 && len(h.Requests()) != 0 {
			t.Errorf("%v: %d requests sent for a usage error", tt.args, len(h.Requests()))
		}
	}
	// A lookup that fails sends nothing else.
	r, h := fakeAPI(t)
	r.run(t, "customer", spheretest.NotFound)
	if reqs := h.Requests(); len(reqs) != 1 || reqs[0].Method != http.MethodGet {
		t.Errorf("requests = %+v", reqs)
	}
}

func TestSearchTable(t *testing.T) {
	r, h := fakeAPI(t)
	res := r.run(t, "search", "sample")
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	lines := strings.Split(strings.TrimSuffix(res.stdout, "\n"), "\n")
	header := regexp.MustCompile(`^NAME +EMAIL +TYPE +KYC STATUS +ID$`)
	row := regexp.MustCompile(`^Ana Sample +ana\.sample@example\.com +individual +not started or incomplete +customer_5a3b1e0{25}1$`)
	if len(lines) != 13 || !header.MatchString(lines[0]) || !row.MatchString(lines[1]) ||
		lines[11] != "page 1 of 2, 14 customers" || lines[12] != "more: --page 2" {
		t.Errorf("stdout:\n%s", res.stdout)
	}
	if q := h.Requests()[0].Query; q.Get("search") != "sample" || q.Get("page") != "1" || q.Get("limit") != "10" {
		t.Errorf("query = %v", q)
	}
	res = r.run(t, "search", "Sample", "--page", "2")
	if !strings.Contains(res.stdout, "Sample Bakery") || !strings.HasSuffix(res.stdout, "page 2 of 2, 14 customers\n") {
		t.Errorf("page 2:\n%s", res.stdout)
	}
	res = r.run(t, "search", "alice@example.com")
	if q := h.Requests()[2].Query; q.Get("email") != "alice@example.com" || q.Has("search") || !strings.HasSuffix(res.stdout, "page 1 of 1, 1 customer\n") {
		t.Errorf("by email: %v\n%s", q, res.stdout)
	}
	res = r.run(t, "search", "nobody")
	if res.code != 0 || res.stdout != "No customer matches.\n" {
		t.Errorf("no match: exit %d %q", res.code, res.stdout)
	}
	// A hostile customer's row stays one row, its cells shortened.
	res = r.run(t, "search", "hostile")
	if lines := strings.Split(res.stdout, "\n"); len(lines) != 4 || strings.Contains(res.stdout, spheretest.DemoKey) || strings.ContainsRune(res.stdout, 0x1b) {
		t.Errorf("hostile:\n%s", res.stdout)
	}
	if n := posts(h); n != 0 {
		t.Errorf("%d link requests: search only reads", n)
	}
}

func TestSearchJSON(t *testing.T) {
	r, _ := fakeAPI(t)
	res := r.run(t, "search", "sample", "--page", "2", "--limit", "5", "--json")
	var pg struct {
		Customers []struct {
			ID       string
			NextStep struct{ Step string }
		}
		Pagination map[string]any
	}
	oneJSON(t, res.stdout, &pg)
	want := map[string]any{"page": 2.0, "limit": 5.0, "total": 14.0, "totalPages": 3.0, "hasNext": true, "hasPrevious": true}
	if res.code != 0 || len(pg.Customers) != 5 || pg.Customers[0].ID != spheretest.SampleID(6) || pg.Customers[0].NextStep.Step != "approved" || len(pg.Pagination) != len(want) {
		t.Fatalf("exit %d: %+v", res.code, pg)
	}
	for k, v := range want {
		if pg.Pagination[k] != v {
			t.Errorf("pagination.%s = %v, want %v", k, pg.Pagination[k], v)
		}
	}
	res = r.run(t, "search", "nobody", "--json")
	if res.stdout != `{"customers":[],"pagination":{"page":1,"limit":10,"total":0,"totalPages":0,"hasNext":false,"hasPrevious":false}}`+"\n" {
		t.Errorf("no match: %s", res.stdout)
	}
}

func TestTermsLinkCommand(t *testing.T) {
	r, h := fakeAPI(t)
	res := r.run(t, "terms-link", spheretest.CustomerTermsPending)
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	if lines := strings.Split(strings.TrimSuffix(res.stdout, "\n"), "\n"); len(lines) != 1 || !strings.HasPrefix(lines[0], "https://app.spherepay.co/tos/p/tos_") {
		t.Errorf("stdout = %q, want the link alone", res.stdout)
	}
	// The current reference: the terms link expires at expiresAt.
	for _, want := range []string{"Customer:    " + spheretest.CustomerTermsPending + "\n", "Link:        terms link\n",
		"Expires:     Thu 26 Nov 2026 11:00:00 CET (2026-11-26 10:00:00 UTC)\n             in 1h 0m 0s\n", "Environment: CUSTOM (127.0.0.1:"} {
		if !strings.Contains(res.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, res.stderr)
		}
	}
	if strings.Contains(res.stderr, "Warning:") {
		t.Errorf("a terms link on spherepay.co gets no warning:\n%s", res.stderr)
	}
	reqs := h.Requests()
	if len(reqs) != 1 || reqs[0].Method != http.MethodPost || !strings.HasSuffix(reqs[0].Path, "/tos-link") || len(reqs[0].IdempotencyKey) != 36 {
		t.Errorf("requests = %+v", reqs)
	}

	res = r.run(t, "terms-link", spheretest.CustomerTermsPending, "--json")
	var got map[string]any
	oneJSON(t, res.stdout, &got)
	if res.code != 0 || res.stderr != "" || len(got) != 3 || got["customerId"] != spheretest.CustomerTermsPending ||
		got["expiresAt"] != "2026-11-26T10:00:00.000Z" || !strings.HasPrefix(got["url"].(string), "https://app.spherepay.co/") {
		t.Errorf("exit %d, json %v, stderr %q", res.code, got, res.stderr)
	}
	// The older answers: the expiry from the link's token, or none.
	res = r.run(t, "terms-link", spheretest.TermsToken)
	if res.code != 0 || !strings.Contains(res.stderr, "(2026-11-26 10:00:00 UTC), from the link's token\n             in 1h 0m 0s\n") {
		t.Errorf("token: exit %d, %s", res.code, res.stderr)
	}
	res = r.run(t, "terms-link", spheretest.TermsToken, "--json")
	oneJSON(t, res.stdout, &got)
	if got["expiresAt"] != "2026-11-26T10:00:00.000Z" || got["expiresAtSource"] != "token" {
		t.Errorf("token --json: %v", got)
	}
	res = r.run(t, "terms-link", spheretest.TermsNoExpiry)
	if res.code != 0 || !strings.Contains(res.stderr, "Expires:     expiry not stated by Sphere\n") || strings.Contains(res.stderr, " in ") {
		t.Errorf("no expiry: exit %d, %s", res.code, res.stderr)
	}
	res = r.run(t, "terms-link", spheretest.TermsNoExpiry, "--json")
	got = nil
	oneJSON(t, res.stdout, &got)
	if got["expiresAt"] != nil || got["expiresAtSource"] != "none" {
		t.Errorf("no expiry --json: %v", got)
	}

	// A link on an address is shown with the warning, and the list it is
	// not on names the terms link's hosts too.
	res = r.run(t, "terms-link", spheretest.IPAddressLink)
	if res.code != 0 || !strings.Contains(res.stderr, "Warning:     the link's host 127.0.0.1 is not one of sumsub.com, spherepay.co (it is an IP address)") {
		t.Errorf("exit %d:\n%s", res.code, res.stderr)
	}
}

func TestCustomerDebugIsPrivate(t *testing.T) {
	r, _ := fakeAPI(t)
	res := r.run(t, "search", "alice@example.com", "--debug")
	if res.code != 0 || !strings.Contains(res.stderr, "/v2/customer?email=personal&limit=10&page=1") || !strings.Contains(res.stderr, "search answered: 1 customers") {
		t.Fatalf("exit %d, stderr:\n%s", res.code, res.stderr)
	}
	res2 := r.run(t, "customer", spheretest.CustomerIncomplete, "--debug")
	debug := strings.ReplaceAll(res.stderr+res2.stderr, "Environment:", "")
	if strings.Contains(strings.ToLower(debug), "alice") || strings.Contains(debug, spheretest.DemoKey) {
		t.Errorf("--debug shows personal data or the key:\n%s", debug)
	}
}

func TestDemoServesCustomers(t *testing.T) {
	res := runner{env: map[string]string{}}.run(t, "--demo", "customer", spheretest.CustomerApproved)
	if res.code != 0 || !strings.Contains(res.stdout, "Next step: Already verified: no link needed") {
		t.Errorf("--demo customer: exit %d, %q %q", res.code, res.stdout, res.stderr)
	}
}

func TestThenRepeatsWhereRequestsGo(t *testing.T) {
	r := runner{env: map[string]string{}}
	res := r.run(t, "customer", "--demo", spheretest.CustomerTermsPending)
	if res.code != 0 || !strings.Contains(res.stdout, "kyclink terms-link "+spheretest.CustomerTermsPending+" --demo\n") {
		t.Errorf("exit %d, stdout:\n%s", res.code, res.stdout)
	}
}

// A link near its expiry is said so on stderr, as the app says it.
func TestTheCommandSaysALinkIsNearItsExpiry(t *testing.T) {
	r, _ := fakeAPI(t)
	res := r.run(t, "regenerate", spheretest.Expires90s)
	if res.code != 0 || !strings.Contains(res.stderr, "             in 1m 30s (under 1 hour)\n") {
		t.Errorf("exit %d:\n%s", res.code, res.stderr)
	}
	if res = r.run(t, "terms-link", spheretest.CustomerTermsPending); strings.Contains(res.stderr, "under") {
		t.Errorf("a fresh terms link is near its expiry:\n%s", res.stderr)
	}
}

// Where local time is UTC a date is said once, as an expiry is.
func TestADateInUTCIsSaidOnce(t *testing.T) {
	at := time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC)
	if got := (&app{loc: time.UTC}).formatDate(at); got != "Tue 10 Mar 2026 10:00 UTC" {
		t.Errorf("UTC: %q", got)
	}
	if got := (&app{loc: time.FixedZone("CET", 3600)}).formatDate(at); got != "Tue 10 Mar 2026 11:00 CET (2026-03-10 10:00 UTC)" {
		t.Errorf("CET: %q", got)
	}
}

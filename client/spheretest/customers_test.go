// This file tests the fake's customer reads and terms link: the shapes,
// the search's filters and pagination, the demo data, the record of calls.

package spheretest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func get(h http.Handler, path, key string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Authorization", "Bearer "+key)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func decode(t *testing.T, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("%d %s: %v", rec.Code, rec.Body, err)
	}
	return v
}

func TestCustomerLookup(t *testing.T) {
	h := NewHandler(Options{Seed: 1})
	rec := get(h, "/v2/customer/"+CustomerTermsPending, DemoKey)
	c := decode(t, rec)
	if rec.Code != 200 || c["id"] != CustomerTermsPending || c["tosStatus"] != "pending" || c["businessLegalName"] != nil || rec.Header().Get("Date") == "" {
		t.Errorf("%d %v", rec.Code, c)
	}
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if want := []string{"businessLegalName", "businessTradeName", "createdAt", "email", "firstName", "id", "lastName", "phone",
		"tosStatus", "type", "updatedAt", "verificationProfiles"}; !slices.Equal(keys, want) {
		t.Errorf("keys %q, want %q", keys, want)
	}
	p := c["verificationProfiles"].([]any)[0].(map[string]any)
	if p["status"] != "incomplete" || p["criteria"].(map[string]any)["required"].([]any)[0] != "terms_of_service" {
		t.Errorf("profile = %v", p)
	}
	for id, status := range map[string]int{
		Forbidden: 403, NotFound: 404, LegacyNotFound: 404, ServerError: 500, Unauthorized: 401,
		"customer_0123456789abcdef0123456789abcdef": 404, "customer_ABC": 400,
		RateLimited: 200, Slow: 200, PlainHTTPLink: 200, HostileText: 200,
	} {
		if rec := get(h, "/v2/customer/"+id, DemoKey); rec.Code != status {
			t.Errorf("GET %s: %d, want %d", id, rec.Code, status)
		}
	}
	if rec := get(h, "/v2/customer/"+CustomerApproved, "wrong"); rec.Code != 403 {
		t.Errorf("wrong key: %d", rec.Code)
	}
	if rec := post(h, "/v2/customer/"+CustomerApproved, DemoKey, ""); rec.Code != 405 || rec.Header().Get("Allow") != "GET" {
		t.Errorf("POST a customer: %d %q", rec.Code, rec.Header().Get("Allow"))
	}
	if rec := get(h, "/v2/customer/"+CustomerApproved+"/kyc-link", DemoKey); rec.Code != 405 || rec.Header().Get("Allow") != "POST" {
		t.Errorf("GET a link: %d", rec.Code)
	}
	r := h.Requests()[0]
	if r.Method != "GET" || r.Path != "/v2/customer/"+CustomerTermsPending || r.CustomerID != CustomerTermsPending || r.Status != 200 {
		t.Errorf("recorded %+v", r)
	}
}

func TestSearch(t *testing.T) {
	h := NewHandler(Options{Seed: 1})
	page := func(query string) (ids []string, pagination map[string]any, status int) {
		rec := get(h, "/v2/customer?"+query, DemoKey)
		v := decode(t, rec)
		if rec.Code != 200 {
			return nil, v, rec.Code
		}
		for _, c := range v["customers"].([]any) {
			ids = append(ids, c.(map[string]any)["id"].(string))
		}
		return ids, v["pagination"].(map[string]any), rec.Code
	}
	ids, p, _ := page("search=SAMPLE")
	want := map[string]any{"page": 1.0, "limit": 10.0, "total": 14.0, "totalPages": 2.0, "hasNext": true, "hasPrevious": false}
	if len(ids) != 10 || ids[0] != SampleID(1) || !mapsEqual(p, want) {
		t.Errorf("page 1: %d %v", len(ids), p)
	}
	ids, p, _ = page("search=sample&page=2&limit=10")
	if len(ids) != 4 || ids[3] != SampleID(14) || p["hasNext"] != false || p["hasPrevious"] != true {
		t.Errorf("page 2: %v %v", ids, p)
	}
	if ids, _, _ := page("email=Alice@Example.com"); !slices.Equal(ids, []string{CustomerIncomplete}) {
		t.Errorf("email: %v", ids)
	}
	if ids, _, _ := page("email=alice"); len(ids) != 0 {
		t.Errorf("email is exact: %v", ids)
	}
	if ids, _, _ := page("type=business"); !slices.Equal(ids, []string{CustomerBusiness, SampleID(14)}) {
		t.Errorf("type: %v", ids)
	}
	if ids, _, _ := page("status=rejected"); !slices.Equal(ids, []string{CustomerRejected, HostileText}) {
		t.Errorf("status: %v", ids)
	}
	if ids, p, _ := page("search=coffee&page=3"); len(ids) != 0 || p["total"] != 1.0 || p["hasPrevious"] != true {
		t.Errorf("past the end: %v %v", ids, p)
	}
	for _, q := range []string{"page=0", "limit=101", "limit=x", "search=", "search=" + strings.Repeat("a", 256)} {
		if _, p, status := page(q); status != 422 || p["code"] != "validation/failed" {
			t.Errorf("%s: %d %v", q, status, p)
		}
	}
	r := h.Requests()[0]
	if r.Method != "GET" || r.Path != "/v2/customer" || r.CustomerID != "" || r.Query.Get("search") != "SAMPLE" {
		t.Errorf("recorded %+v", r)
	}
}

func mapsEqual(a, b map[string]any) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestTermsLinkEndpoint(t *testing.T) {
	h := NewHandler(Options{Seed: 1})
	path := "/v2/customer/" + CustomerTermsPending + "/tos-link"
	rec := post(h, path, DemoKey, "k1")
	v := decode(t, rec)
	if rec.Code != 201 || len(v) != 2 || !strings.HasPrefix(v["link"].(string), "https://app.spherepay.co/tos/p/tos_") || v["expiresAt"] == nil {
		t.Errorf("%d %v", rec.Code, v)
	}
	if again := post(h, path, DemoKey, "k1"); again.Body.String() != rec.Body.String() {
		t.Error("a repeated idempotency key must replay the same terms link")
	}
	// The same key on the KYC link is another request: no replay across kinds.
	if kyc := post(h, "/v2/customer/"+CustomerTermsPending+"/kyc-link", DemoKey, "k1"); !strings.Contains(kyc.Body.String(), `"expiresAt"`) {
		t.Errorf("kyc-link with a terms link's key: %s", kyc.Body)
	}
	for id, status := range map[string]int{NotFound: 404, Forbidden: 403, ServerError: 500, Validation: 422, PlainHTTPLink: 201} {
		if rec := post(h, "/v2/customer/"+id+"/tos-link", DemoKey, ""); rec.Code != status {
			t.Errorf("%s: %d, want %d", id, rec.Code, status)
		}
	}
	if rec := post(h, "/v2/customer/"+PlainHTTPLink+"/tos-link", DemoKey, ""); !strings.Contains(rec.Body.String(), `"http://app.spherepay.co/`) {
		t.Errorf("PlainHTTPLink: %s", rec.Body)
	}
	methods := map[string]int{}
	for _, r := range h.Requests() {
		methods[r.Method]++
	}
	if methods["POST"] != 9 || methods["GET"] != 0 {
		t.Errorf("methods = %v", methods)
	}
}

func TestDemoCustomers(t *testing.T) {
	usual := regexp.MustCompile(`^customer_[0-9a-f]{32}$`)
	seen := map[string]bool{}
	all := append(Customers(), hostileCustomer(DemoKey))
	for _, c := range all {
		if !usual.MatchString(c.ID) || seen[c.ID] {
			t.Errorf("%q: not customer_ + 32 hex, or twice", c.ID)
		}
		seen[c.ID] = true
		if !strings.HasSuffix(c.Email, "example.com") {
			t.Errorf("%s: email %q is not at example.com", c.ID, c.Email)
		}
		if c.ID != HostileText && strings.Contains(strings.Join([]string{c.FirstName, c.LastName, c.BusinessTradeName, c.Email}, " "), "demo_not") {
			t.Errorf("%s: carries a piece of the demo key", c.ID)
		}
	}
	for _, id := range []string{CustomerIncomplete, CustomerApproved, CustomerPending, CustomerRejected, CustomerTermsPending,
		CustomerBusiness, CustomerUnknownProfile, CustomerPlatformManaged, SampleID(1), SampleID(SampleCount)} {
		if !seen[id] {
			t.Errorf("%s is not a demo customer", id)
		}
	}
	if len(all) != 8+SampleCount+1 {
		t.Errorf("%d customers", len(all))
	}
	// Customers returns a copy: a test that changes it changes no other.
	Customers()[0].Profiles[0].Complete[0] = "x"
	if Customers()[0].Profiles[0].Complete[0] != "email_address" {
		t.Error("Customers shares its data")
	}
}

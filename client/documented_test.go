// This file tests what Sphere's reference documents beyond the fake's old
// shapes: a KYC link without customerId, a terms link's expiry (stated, from
// its token, or none), the criteria's words, the POST headers, and a retry
// refused as a repeat.

package client_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
)

func TestLinkCustomerIDIsOptional(t *testing.T) {
	exp := t0.Add(28 * 24 * time.Hour).Format(time.RFC3339)
	tests := []struct {
		name, body string
		refused    string // "" when the link is taken
	}{
		{"absent: the ID asked for", `{"url":"https://in.sumsub.com/a","expiresAt":"` + exp + `"}`, ""},
		{"present and the same", `{"customerId":"` + okID + `","url":"https://in.sumsub.com/a","expiresAt":"` + exp + `"}`, ""},
		{"present and another", `{"customerId":"customer_0000000000000000000000000000beef","url":"https://in.sumsub.com/a","expiresAt":"` + exp + `"}`, "another customer"},
		{"present and empty", `{"customerId":"","url":"https://in.sumsub.com/a","expiresAt":"` + exp + `"}`, "another customer"},
		{"no expiresAt", `{"url":"https://in.sumsub.com/a"}`, "lacks expiresAt"},
	}
	for _, tt := range tests {
		srv := httptest.NewServer(serve(201, tt.body))
		c, _ := newClientOf(t, srv.URL)
		link, err := c.RegenerateKYCLink(context.Background(), okID)
		srv.Close()
		if tt.refused == "" {
			if err != nil || link.CustomerID != okID || link.URL != "https://in.sumsub.com/a" {
				t.Errorf("%s: %+v, %v", tt.name, link, err)
			}
			continue
		}
		if e := asAPIError(t, err); e.Kind != client.KindBadResponse || !strings.Contains(e.Detail, tt.refused) {
			t.Errorf("%s: %+v, want refused with %q", tt.name, e, tt.refused)
		}
	}
}

// jwtLink is a terms link in the older page's form, its token a JWT whose
// payload is claims.
func jwtLink(claims string) string {
	return "https://app.spherepay.co/tos?token=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." +
		base64.RawURLEncoding.EncodeToString([]byte(claims)) + ".c2lnbmF0dXJl"
}

func TestTermsLinkExpiry(t *testing.T) {
	hour := t0.Add(time.Hour)
	tests := []struct {
		name, body string
		source     client.ExpirySource
		expires    time.Time
		refused    string
	}{
		{"expiresAt", `{"link":"https://app.spherepay.co/tos/p/x","expiresAt":"` + hour.Format(time.RFC3339) + `"}`, client.ExpiryStated, hour, ""},
		{"expiresAt over the token", `{"link":"` + jwtLink(fmt.Sprintf(`{"exp":%d}`, t0.Add(2*time.Hour).Unix())) + `","expiresAt":"` + hour.Format(time.RFC3339) + `"}`, client.ExpiryStated, hour, ""},
		{"the token's exp", `{"link":"` + jwtLink(fmt.Sprintf(`{"iat":%d,"exp":%d}`, t0.Unix(), hour.Unix())) + `"}`, client.ExpiryFromToken, hour, ""},
		{"neither", `{"link":"https://app.spherepay.co/tos/p/x"}`, client.ExpiryNone, time.Time{}, ""},
		{"a token without exp", `{"link":"` + jwtLink(`{"iat":1}`) + `"}`, client.ExpiryNone, time.Time{}, ""},
		{"a token not JSON", `{"link":"https://app.spherepay.co/tos?token=eyJx.bm90IGpzb24.c2ln"}`, client.ExpiryNone, time.Time{}, ""},
		{"a token exp out of range", `{"link":"` + jwtLink(`{"exp":1e300}`) + `"}`, client.ExpiryNone, time.Time{}, ""},
		{"expired by expiresAt", `{"link":"https://app.spherepay.co/tos/p/x","expiresAt":"` + t0.Add(-time.Minute).Format(time.RFC3339) + `"}`, 0, time.Time{}, "already expired"},
		{"expired by its token", `{"link":"` + jwtLink(fmt.Sprintf(`{"exp":%d}`, t0.Add(-time.Minute).Unix())) + `"}`, 0, time.Time{}, "from the link's token"},
		{"expiresAt not a time", `{"link":"https://app.spherepay.co/tos/p/x","expiresAt":"soon"}`, 0, time.Time{}, "not an RFC 3339 time"},
		{"expiresAt not a string", `{"link":"https://app.spherepay.co/tos/p/x","expiresAt":1}`, 0, time.Time{}, "expiresAt is not a string"},
	}
	for _, tt := range tests {
		srv := httptest.NewServer(serve(201, tt.body))
		var debug bytes.Buffer
		c, _ := newClientOf(t, srv.URL, func(o *client.Options) { o.Debug = &debug })
		link, err := c.TermsLink(context.Background(), okID, "")
		srv.Close()
		if strings.Contains(debug.String(), "eyJ") || strings.Contains(debug.String(), "token=") {
			t.Errorf("%s: the debug log shows the token:\n%s", tt.name, debug.String())
		}
		if tt.refused != "" {
			if e := asAPIError(t, err); e.Kind != client.KindBadResponse || !strings.Contains(e.Detail, tt.refused) {
				t.Errorf("%s: %v, want refused with %q", tt.name, err, tt.refused)
			}
			continue
		}
		if err != nil || link.Source() != tt.source || !link.ExpiresAt.Equal(tt.expires) {
			t.Errorf("%s: expiry %v from %v (%v); want %v from %v", tt.name, link.ExpiresAt, link.Source(), err, tt.expires, tt.source)
		}
	}
}

func TestExpirySourceWords(t *testing.T) {
	stated := client.Link{ExpiresAt: t0}
	token := client.Link{ExpiresAt: t0, ExpiresFrom: client.ExpiryFromToken}
	none := client.Link{Kind: client.LinkTerms}
	for _, tt := range []struct {
		l          client.Link
		note, name string
	}{{stated, "", "sphere"}, {token, "from the link's token", "token"}, {none, "expiry not stated by Sphere", "none"}} {
		if got := client.ExpirySourceNote(tt.l); got != tt.note || tt.l.Source().String() != tt.name {
			t.Errorf("%+v: %q %q", tt.l, got, tt.l.Source())
		}
	}
}

func TestReofferWithoutExpiryAnHourAtMost(t *testing.T) {
	none := client.Link{Kind: client.LinkTerms, ReceivedAt: t0}
	if !none.Reoffer(t0.Add(59*time.Minute)) || none.Reoffer(t0.Add(time.Hour)) {
		t.Error("a link without an expiry is offered again for one hour, not longer")
	}
	if none.Remaining(t0.Add(2*time.Hour)) != client.NoExpiry {
		t.Error("and it is never counted as expired")
	}
	kyc := client.Link{ExpiresAt: t0.Add(28 * 24 * time.Hour), ReceivedAt: t0}
	if !kyc.Reoffer(t0.Add(27*24*time.Hour)) || kyc.Reoffer(t0.Add(28*24*time.Hour)) {
		t.Error("a link with an expiry is offered again until it expires")
	}
}

func TestFakeTermsLinkScenarios(t *testing.T) {
	for id, want := range map[string]client.ExpirySource{
		spheretest.CustomerTermsPending: client.ExpiryStated,
		spheretest.TermsToken:           client.ExpiryFromToken,
		spheretest.TermsNoExpiry:        client.ExpiryNone,
		spheretest.Expires90s:           client.ExpiryStated,
	} {
		fake := spheretest.NewTestServer(t, spheretest.Options{})
		c, _ := newClient(t, fake)
		link, err := c.TermsLink(context.Background(), id, "")
		if err != nil || link.Source() != want || link.HasExpiry() && link.Remaining(t0) > time.Hour {
			t.Errorf("%s: %+v from %v, %v; want from %v, at most an hour", id, link, link.Source(), err, want)
		}
	}
}

func TestEveryDocumentedCriterionHasWords(t *testing.T) {
	documented := []string{
		"email_address", "phone_number", "residential_address", "tax_identification_number", "terms_of_service",
		"email_verification", "phone_verification", "identity_document", "liveness_check", "identity_verification",
		"kyc_a_approval", "liveness_report_document", "first_name", "last_name", "address_of_residence",
		"date_of_birth", "proof_of_address", "identification_document",
	}
	for _, c := range documented {
		if w := client.CriterionText(c); w == c || strings.Contains(w, "_") {
			t.Errorf("%s: %q is not plain words", c, w)
		}
	}
	if client.CriterionText("video_interview") != "video_interview" {
		t.Error("an unknown criterion is shown as it comes")
	}
}

func TestPostsSayJSON(t *testing.T) {
	fake := spheretest.NewTestServer(t, spheretest.Options{})
	c, _ := newClient(t, fake)
	ctx := context.Background()
	if _, err := c.RegenerateKYCLink(ctx, okID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.TermsLink(ctx, okID, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Customer(ctx, okID); err != nil {
		t.Fatal(err)
	}
	for _, r := range fake.Handler.Requests() {
		post := r.Method == "POST"
		if post && (r.ContentType != "application/json" || r.Body != "{}") || !post && (r.ContentType != "" || r.Body != "") {
			t.Errorf("%s %s: Content-Type %q, body %q", r.Method, r.Path, r.ContentType, r.Body)
		}
	}
}

func TestRetryRefusedAsARepeat(t *testing.T) {
	fake := spheretest.NewTestServer(t, spheretest.Options{})
	c, _ := newClient(t, fake)
	ctx := context.Background()
	_, err := c.RegenerateKYCLink(ctx, spheretest.RepeatRefused)
	if e := asAPIError(t, err); e.Kind != client.KindRepeat || e.Status != 409 || e.Attempts != 2 || e.Kind.Temporary() {
		t.Fatalf("%+v: want a repeat refused on the second attempt, and not retried", e)
	}
	reqs := fake.Handler.Requests()
	if len(reqs) != 2 || reqs[0].IdempotencyKey != reqs[1].IdempotencyKey || reqs[0].Status != 503 {
		t.Errorf("requests: %+v", reqs)
	}
	// A new request, with a new key, gets the link.
	if link, err := c.RegenerateKYCLinkWithKey(ctx, spheretest.RepeatRefused, ""); err != nil || link.URL == "" {
		t.Errorf("a new key: %v", err)
	}
	// The same key again is refused again: never a loop.
	if _, err := c.RegenerateKYCLinkWithKey(ctx, spheretest.RepeatRefused, reqs[0].IdempotencyKey); asAPIError(t, err).Kind != client.KindRepeat {
		t.Errorf("the first key again: %v", err)
	}

	// A problem that names idempotency is one too; a 409 to a read is not.
	for _, tt := range []struct {
		name   string
		status int
		body   string
		read   bool
		want   client.Kind
	}{
		{"code", 422, `{"status":422,"detail":"Bad","code":"idempotency/key-reused"}`, false, client.KindRepeat},
		{"detail", 400, `{"status":400,"detail":"Idempotency-Key already used"}`, false, client.KindRepeat},
		{"other 400", 400, `{"status":400,"detail":"Bad"}`, false, client.KindRejected},
		{"409 to a read", 409, `{"status":409,"detail":"Conflict"}`, true, client.KindRejected},
	} {
		srv := httptest.NewServer(serve(tt.status, tt.body))
		c, _ := newClientOf(t, srv.URL)
		var err error
		if tt.read {
			_, err = c.Customer(ctx, okID)
		} else {
			_, err = c.TermsLink(ctx, okID, "")
		}
		srv.Close()
		if e := asAPIError(t, err); e.Kind != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, e.Kind, tt.want)
		}
	}
	if !strings.Contains(client.RepeatWords, "may already have made a link") {
		t.Errorf("RepeatWords = %q", client.RepeatWords)
	}
}

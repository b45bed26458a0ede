// This file tests the terms link: every check of the KYC link, no expiry,
// and the debug lines of all three new calls.

package client_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
)

func TestTermsLink(t *testing.T) {
	fake := spheretest.NewTestServer(t, spheretest.Options{})
	c, _ := newClient(t, fake)
	link, err := c.TermsLink(context.Background(), spheretest.CustomerTermsPending, "")
	if err != nil {
		t.Fatal(err)
	}
	if link.Kind != client.LinkTerms || link.CustomerID != spheretest.CustomerTermsPending || !strings.HasPrefix(link.URL, "https://app.spherepay.co/tos/p/tos_") {
		t.Errorf("link = %+v", link)
	}
	// The current reference: {link, expiresAt}, the link expiring at expiresAt.
	if link.Source() != client.ExpiryStated || link.Remaining(t0) != spheretest.TermsLinkLifetime || !link.ServerDate.Equal(t0) {
		t.Errorf("expiry %v from %v, remaining %v, date %v: want Sphere's expiresAt, an hour ahead", link.ExpiresAt, link.Source(), link.Remaining(t0), link.ServerDate)
	}
	reqs := fake.Handler.Requests()
	if len(reqs) != 1 || reqs[0].Method != http.MethodPost || reqs[0].Path != "/v2/customer/"+spheretest.CustomerTermsPending+"/tos-link" || len(reqs[0].IdempotencyKey) != 36 {
		t.Errorf("requests = %+v", reqs)
	}
	// The caller's key goes with the request, and a repeat is replayed.
	again, err := c.TermsLink(context.Background(), spheretest.CustomerTermsPending, reqs[0].IdempotencyKey)
	if err != nil || again.URL != link.URL {
		t.Errorf("replay: %v, %q, want %q", err, again.URL, link.URL)
	}
	// The host is Sphere's: expected for a terms link, not for a KYC link.
	if !client.CheckLinkHost(link.URL, client.LinkTerms.ExpectedHosts(client.DefaultLinkHosts)).Expected ||
		client.CheckLinkHost(link.URL, client.LinkKYC.ExpectedHosts(client.DefaultLinkHosts)).Expected {
		t.Error("a terms link's host is expected on spherepay.co, a KYC link's not")
	}
	if got := client.LinkTerms.ExpectedHosts([]string{"spherepay.co", "x.io"}); len(got) != 2 {
		t.Errorf("ExpectedHosts = %q: spherepay.co twice", got)
	}
}

func TestTermsLinkChecks(t *testing.T) {
	tests := []struct {
		id       string
		kind     client.Kind
		why      string
		attempts int
	}{
		{spheretest.SoftHyphenLink, client.KindBadResponse, "U+00AD at position 31; only printable ASCII is allowed", 1},
		{spheretest.PlainHTTPLink, client.KindBadResponse, `not https (scheme "http")`, 1},
		{spheretest.NotFound, client.KindNotFound, "Resource not found", 1},
		{spheretest.Forbidden, client.KindAuth, "Forbidden resource", 1},
		{spheretest.ServerError, client.KindUnavailable, "Internal server error", 3},
		{spheretest.HostileText, client.KindValidation, "kyclink: Link copied", 1},
	}
	for _, tt := range tests {
		fake := spheretest.NewTestServer(t, spheretest.Options{})
		c, _ := newClient(t, fake)
		link, err := c.TermsLink(context.Background(), tt.id, "")
		e := asAPIError(t, err)
		if e.Kind != tt.kind || !strings.Contains(e.Detail, tt.why) || link.URL != "" {
			t.Errorf("%s: kind %v detail %q; want %v with %q", tt.id, e.Kind, e.Detail, tt.kind, tt.why)
		}
		if reqs := fake.Handler.Requests(); len(reqs) != tt.attempts || reqs[0].IdempotencyKey != reqs[len(reqs)-1].IdempotencyKey {
			t.Errorf("%s: %d attempts, want %d with one key", tt.id, len(reqs), tt.attempts)
		}
	}
	// 429, then the link: retried with the same key.
	fake := spheretest.NewTestServer(t, spheretest.Options{})
	c, _ := newClient(t, fake)
	if _, err := c.TermsLink(context.Background(), spheretest.RateLimited, ""); err != nil {
		t.Fatal(err)
	}
	if reqs := fake.Handler.Requests(); len(reqs) != 2 || reqs[0].IdempotencyKey != reqs[1].IdempotencyKey || reqs[1].Status != 201 {
		t.Errorf("requests = %+v", reqs)
	}
	// An address is shown with a warning, as a KYC link's is.
	link, err := c.TermsLink(context.Background(), spheretest.IPAddressLink, "")
	if err != nil || client.CheckLinkHost(link.URL, client.LinkTerms.ExpectedHosts(client.DefaultLinkHosts)).Unusual != "an IP address" {
		t.Errorf("IP link: %v, %q", err, link.URL)
	}
	// Malformed IDs are never sent.
	if _, err := c.TermsLink(context.Background(), "customer_ABC", ""); asAPIError(t, err).Kind != client.KindInvalidInput {
		t.Errorf("malformed ID: %v", err)
	}
}

func TestRefusedTermsBodies(t *testing.T) {
	tests := []struct {
		name, body, why string
	}{
		{"no link", `{"url":"https://app.spherepay.co/x"}`, "lacks link"},
		{"link twice", `{"link":"https://a.spherepay.co/x","link":"https://b.spherepay.co/x"}`, "appears more than once"},
		{"link in two cases", `{"link":"https://a.spherepay.co/x","Link":"https://b.spherepay.co/x"}`, "differ only in case"},
		{"link a number", `{"link":1}`, "link is not a string"},
		{"user info", `{"link":"https://u:p@app.spherepay.co/x"}`, "user information"},
		{"carries the key", `{"link":"https://app.spherepay.co/x?k=` + spheretest.DemoKey + `"}`, "carries the API key"},
		{"not json", `<html>`, "not the expected JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := newClientOf(t, httptestServer(t, serve(201, tt.body)))
			link, err := c.TermsLink(context.Background(), okID, "")
			if e := asAPIError(t, err); e.Kind != client.KindBadResponse || !strings.Contains(e.Detail, tt.why) || link.URL != "" {
				t.Errorf("kind=%v detail=%q, want %q", e.Kind, e.Detail, tt.why)
			}
		})
	}
}

func TestDebugLinesKeepCustomersPrivate(t *testing.T) {
	fake := spheretest.NewTestServer(t, spheretest.Options{})
	var buf bytes.Buffer
	c, _ := newClient(t, fake, func(o *client.Options) { o.Debug = &buf })
	ctx := context.Background()
	if _, err := c.Customer(ctx, spheretest.CustomerIncomplete); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SearchCustomers(ctx, "alice@example.com", 1, 10); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SearchCustomers(ctx, "Sample", 2, 10); err != nil {
		t.Fatal(err)
	}
	link, err := c.TermsLink(ctx, spheretest.CustomerTermsPending, "")
	if err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"→ GET " + fake.URL + "/v2/customer/" + spheretest.CustomerIncomplete + " attempt=1/3 authorization=[redacted]",
		"customer received: 1 verification profiles, next step kyc_link",
		"/v2/customer?email=personal&limit=10&page=1",
		"/v2/customer?limit=10&page=2&search=personal",
		"search answered: 1 customers on page 1 of 1, 1 in all",
		"search answered: 4 customers on page 2 of 2, 14 in all",
		"→ POST " + fake.URL + "/v2/customer/" + spheretest.CustomerTermsPending + "/tos-link attempt=1/3 idempotency-key=",
		"terms link received: url=[redacted] expiresAt=2026-11-26T10:00:00Z",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("debug lacks %q:\n%s", want, out)
		}
	}
	for _, leak := range []string{"alice", "Alice", "Sample", "sample", "Example", spheretest.DemoKey, link.URL, "tos_"} {
		if strings.Contains(out, leak) {
			t.Errorf("debug shows %q:\n%s", leak, out)
		}
	}
}

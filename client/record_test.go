// This file tests what every finished call tells the record (Options.Record)
// and the key check of `kyclink auth login`.

package client_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
)

// calls collects what a client records.
type calls struct {
	mu   sync.Mutex
	list []client.Call
}

func (c *calls) Record(call client.Call) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.list = append(c.list, call)
}

func (c *calls) take() []client.Call {
	c.mu.Lock()
	defer c.mu.Unlock()
	l := c.list
	c.list = nil
	return l
}

func TestEveryCallIsRecordedOnce(t *testing.T) {
	fake := spheretest.NewTestServer(t, spheretest.Options{})
	var rec calls
	c, _ := newClient(t, fake, func(o *client.Options) { o.Record = rec.Record })
	ctx := context.Background()

	link, err := c.RegenerateKYCLink(ctx, okID)
	if err != nil {
		t.Fatal(err)
	}
	got := rec.take()
	want := client.Call{Action: client.ActionKYCLink, CustomerID: okID, Status: 201,
		ExpiresAt: t0.Add(28 * 24 * time.Hour), LinkSHA256: client.LinkFingerprint(link.URL)}
	if len(got) != 1 || !got[0].ExpiresAt.Equal(want.ExpiresAt) {
		t.Fatalf("recorded %+v", got)
	}
	got[0].ExpiresAt = want.ExpiresAt
	if got[0].Action != want.Action || got[0].CustomerID != want.CustomerID || got[0].Status != want.Status ||
		got[0].LinkSHA256 != want.LinkSHA256 || len(got[0].LinkSHA256) != 12 || !got[0].OK() {
		t.Errorf("recorded %+v, want %+v", got[0], want)
	}

	// A retried call is one record, with the status that ended it.
	if _, err := c.RegenerateKYCLink(ctx, spheretest.RateLimited); err != nil {
		t.Fatal(err)
	}
	if got := rec.take(); len(got) != 1 || got[0].Status != 201 || !got[0].OK() {
		t.Errorf("429 then 201: %+v", got)
	}

	// A failure: its kind, status and Sphere's correlation ID; no link.
	_, err = c.RegenerateKYCLink(ctx, spheretest.Validation)
	api := asAPIError(t, err)
	got = rec.take()
	if len(got) != 1 || got[0].Kind != client.KindValidation || got[0].Status != 422 ||
		got[0].CorrelationID != api.CorrelationID || got[0].CorrelationID == "" || got[0].LinkSHA256 != "" || !got[0].ExpiresAt.IsZero() {
		t.Errorf("422: %+v", got)
	}

	// A cancelled call is a failed attempt too: Sphere may have made a link.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := c.RegenerateKYCLink(cctx, okID); err == nil {
		t.Fatal("a cancelled call succeeded")
	}
	if got := rec.take(); len(got) != 1 || got[0].Kind != client.KindCanceled || got[0].Status != 0 {
		t.Errorf("cancelled: %+v", got)
	}

	// A malformed ID is never sent, and so never recorded; nor is the
	// key check.
	if _, err := c.RegenerateKYCLink(ctx, "Customer_Bad"); err == nil {
		t.Fatal("a malformed ID was accepted")
	}
	if err := c.CheckKey(ctx); err != nil {
		t.Fatal(err)
	}
	if got := rec.take(); len(got) != 0 {
		t.Errorf("recorded %+v", got)
	}
}

func TestRecordedCorrelationIDNeverHoldsTheKey(t *testing.T) {
	const key = "secret_abcdefghijkl"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(500)
		_, _ = w.Write([]byte(`{"status":500,"detail":"x","correlationId":"` + key + `"}`))
	}))
	defer srv.Close()
	var rec calls
	c, _ := newClientOf(t, srv.URL, func(o *client.Options) { o.APIKey, o.Record = key, rec.Record })
	_, _ = c.RegenerateKYCLink(context.Background(), okID)
	got := rec.take()
	if len(got) != 1 || strings.Contains(got[0].CorrelationID, "abcdefgh") || got[0].CorrelationID != client.Redacted {
		t.Errorf("recorded %+v", got)
	}
}

func TestCheckKey(t *testing.T) {
	var seen []string
	fake := spheretest.NewTestServer(t, spheretest.Options{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Method+" "+r.URL.RequestURI())
		fake.Handler.ServeHTTP(w, r)
	}))
	defer srv.Close()
	c, _ := newClientOf(t, srv.URL)
	if err := c.CheckKey(context.Background()); err != nil {
		t.Fatalf("a good key: %v", err)
	}
	if len(seen) != 1 || seen[0] != "GET /v2/customer?limit=1" {
		t.Errorf("requests: %q", seen)
	}
	wrong, _ := newClientOf(t, srv.URL, func(o *client.Options) { o.APIKey = "secret_wrong_key_000" })
	err := wrong.CheckKey(context.Background())
	if api := asAPIError(t, err); api.Kind != client.KindAuth || api.Status != 403 || api.Detail != "Forbidden resource" {
		t.Errorf("a wrong key: %+v (want the reference's 403)", api)
	}
}

func TestAReadAheadIsRecordedAsSuch(t *testing.T) {
	fake := spheretest.NewTestServer(t, spheretest.Options{})
	var rec calls
	c, _ := newClient(t, fake, func(o *client.Options) { o.Record = rec.Record })
	if _, err := c.Customer(client.ReadAhead(context.Background()), okID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Customer(context.Background(), okID); err != nil {
		t.Fatal(err)
	}
	got := rec.take()
	if len(got) != 2 || !got[0].ReadAhead || got[1].ReadAhead {
		t.Errorf("calls: %+v", got)
	}
}

package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
)

// t0 is the time on the test server's clock, and so on the client's.
var t0 = spheretest.TestTime

const okID = "customer_f31121c389624d3697cbf3ea8830b7a4"

// sleeper records the waits a client asks for instead of waiting, so a
// test can assert on the retry policy's backoff.
type sleeper struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleeper) Sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	s.mu.Unlock()
	return ctx.Err()
}

// newClient is a client of the fake (spheretest's ClientOptions: its URL,
// key and clock) whose waits a sleeper records, with a backoff without
// jitter, adjusted by mod.
func newClient(t *testing.T, fake *spheretest.TestServer, mod ...func(*client.Options)) (*client.Client, *sleeper) {
	t.Helper()
	sl := &sleeper{}
	record := func(o *client.Options) {
		o.Version, o.Sleep, o.Jitter = "test", sl.Sleep, func() float64 { return 1 }
	}
	return fake.NewClient(t, append([]func(*client.Options){record}, mod...)...), sl
}

// newClientOf is newClient for a server of the test's own, one that breaks
// the contract in a way the fake does not: a fake started for the test
// lends the options, and base replaces its URL.
func newClientOf(t *testing.T, base string, mod ...func(*client.Options)) (*client.Client, *sleeper) {
	t.Helper()
	at := func(o *client.Options) { o.BaseURL = base }
	return newClient(t, spheretest.NewTestServer(t, spheretest.Options{}), append([]func(*client.Options){at}, mod...)...)
}

func asAPIError(t *testing.T, err error) *client.APIError {
	t.Helper()
	var e *client.APIError
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *APIError", err, err)
	}
	return e
}

func TestRegenerateSuccess(t *testing.T) {
	fake := spheretest.NewTestServer(t, spheretest.Options{})
	c, _ := newClient(t, fake)
	link, err := c.RegenerateKYCLink(context.Background(), "  \""+okID+"\"\n")
	if err != nil {
		t.Fatal(err)
	}
	if link.CustomerID != okID || !strings.HasPrefix(link.URL, "https://in.sumsub.com/websdk/p/sbx_") {
		t.Errorf("link = %+v", link)
	}
	if want := t0.Add(28 * 24 * time.Hour); !link.ExpiresAt.Equal(want) {
		t.Errorf("ExpiresAt = %v, want %v", link.ExpiresAt, want)
	}
	if !link.ServerDate.Equal(t0) || link.Skew() != 0 {
		t.Errorf("ServerDate = %v skew %v", link.ServerDate, link.Skew())
	}
	reqs := fake.Handler.Requests()
	if len(reqs) != 1 || len(reqs[0].IdempotencyKey) != 36 || !strings.HasPrefix(reqs[0].UserAgent, "kyclink/test (") {
		t.Errorf("requests = %+v", reqs)
	}
}

func TestSkewFromDateHeader(t *testing.T) {
	fake := spheretest.NewTestServer(t, spheretest.Options{}) // the server's clock says t0
	local := t0.Add(-30 * time.Second)
	c, _ := newClient(t, fake, func(o *client.Options) { o.Now = func() time.Time { return local } })
	link, err := c.RegenerateKYCLink(context.Background(), spheretest.Expires90s)
	if err != nil {
		t.Fatal(err)
	}
	if link.Skew() != 30*time.Second {
		t.Errorf("skew = %v, want 30s", link.Skew())
	}
	if got := link.Remaining(local); got != 90*time.Second {
		t.Errorf("remaining = %v, want 90s (server time)", got)
	}
}

func TestErrorScenarios(t *testing.T) {
	tests := []struct {
		id       string
		kind     client.Kind
		status   int
		code     string
		detail   string
		fields   []string // Field() of each field error
		attempts int
	}{
		{spheretest.BadRequest, client.KindRejected, 400, "address/invalid", "Invalid request parameters", nil, 1},
		{spheretest.Unauthorized, client.KindAuth, 401, "unauthorized", "Invalid or missing API key.", nil, 1},
		{spheretest.Forbidden, client.KindAuth, 403, "", "Forbidden resource", nil, 1},
		{spheretest.NotFound, client.KindNotFound, 404, "resource/not-found", "Resource not found", nil, 1},
		{spheretest.NotLinkFlow, client.KindValidation, 422, "customer/unsupported-flow", "Customer was not created via an onboarding link", []string{"id"}, 1},
		{spheretest.LegacyNotFound, client.KindNotFound, 404, "", "Customer not found", nil, 1},
		{spheretest.Validation, client.KindValidation, 422, "validation/failed", "Validation failed", []string{"email", "address › postalCode"}, 1},
		{spheretest.ServerError, client.KindUnavailable, 500, "internal/error", "Internal server error", nil, 3},
	}
	for _, tt := range tests {
		t.Run(tt.id[len(tt.id)-3:], func(t *testing.T) {
			fake := spheretest.NewTestServer(t, spheretest.Options{})
			c, _ := newClient(t, fake)
			_, err := c.RegenerateKYCLink(context.Background(), tt.id)
			e := asAPIError(t, err)
			if e.Kind != tt.kind || e.Status != tt.status || e.Code != tt.code || e.Detail != tt.detail {
				t.Errorf("got kind=%v status=%d code=%q detail=%q", e.Kind, e.Status, e.Code, e.Detail)
			}
			if tt.id != spheretest.LegacyNotFound && tt.id != spheretest.Unauthorized && len(e.CorrelationID) != 32 {
				t.Errorf("correlation ID = %q", e.CorrelationID)
			}
			var fields []string
			for _, f := range e.Errors {
				fields = append(fields, f.Field())
			}
			if fmt.Sprint(fields) != fmt.Sprint(tt.fields) {
				t.Errorf("fields = %q, want %q", fields, tt.fields)
			}
			if n := len(fake.Handler.Requests()); n != tt.attempts {
				t.Errorf("%d attempts, want %d", n, tt.attempts)
			}
		})
	}
}

func TestRateLimitRetriesWithSameKey(t *testing.T) {
	fake := spheretest.NewTestServer(t, spheretest.Options{})
	c, sl := newClient(t, fake)
	if _, err := c.RegenerateKYCLink(context.Background(), spheretest.RateLimited); err != nil {
		t.Fatal(err)
	}
	reqs := fake.Handler.Requests()
	if len(reqs) != 2 || reqs[0].Status != 429 || reqs[1].Status != 201 {
		t.Fatalf("requests = %+v", reqs)
	}
	if reqs[0].IdempotencyKey != reqs[1].IdempotencyKey {
		t.Error("a retry must carry the same Idempotency-Key")
	}
	if fmt.Sprint(sl.waits) != "[1s]" {
		t.Errorf("waits = %v, want [1s] from Retry-After", sl.waits)
	}
}

func TestRetryObserver(t *testing.T) {
	fake := spheretest.NewTestServer(t, spheretest.Options{})
	c, _ := newClient(t, fake)
	var seen []client.Retry
	ctx := client.WithRetryObserver(context.Background(), func(r client.Retry) { seen = append(seen, r) })
	if _, err := c.RegenerateKYCLink(ctx, spheretest.ServerError); err == nil {
		t.Fatal("500 succeeded")
	}
	if len(seen) != 2 || seen[0].Attempt != 2 || seen[1].Attempt != 3 || seen[0].MaxAttempts != 3 ||
		seen[0].Cause.Status != 500 || seen[0].Wait != 500*time.Millisecond {
		t.Errorf("observed %+v", seen)
	}
}

func TestRetrySpacing(t *testing.T) {
	tests := []struct {
		name       string
		retryAfter string
		status     int
		want       string
	}{
		{"retry-after seconds", "2", 429, "[2s 2s]"},
		{"retry-after capped", "120", 503, "[10s 10s]"},
		{"retry-after date", t0.Add(3 * time.Second).Format(http.TimeFormat), 503, "[3s 3s]"},
		{"exponential backoff", "", 502, "[500ms 1s]"},
		{"junk header backs off", "soon", 504, "[500ms 1s]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls int
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls++
				w.Header().Set("Date", t0.Format(http.TimeFormat))
				if tt.retryAfter != "" {
					w.Header().Set("Retry-After", tt.retryAfter)
				}
				w.WriteHeader(tt.status)
				fmt.Fprint(w, `{"status":503,"detail":"busy"}`)
			}))
			defer srv.Close()
			c, sl := newClientOf(t, srv.URL, func(o *client.Options) { o.Timeout = -1 })
			_, err := c.RegenerateKYCLink(context.Background(), okID)
			if e := asAPIError(t, err); !e.Kind.Temporary() {
				t.Errorf("kind %v should be temporary", e.Kind)
			}
			if calls != 3 || fmt.Sprint(sl.waits) != tt.want {
				t.Errorf("calls=%d waits=%v, want 3 and %s", calls, sl.waits, tt.want)
			}
		})
	}
}

func TestNoRetryOnClientErrors(t *testing.T) {
	for _, status := range []int{400, 401, 403, 404, 409, 422} {
		var calls int
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			calls++
			w.WriteHeader(status)
			fmt.Fprintf(w, `{"status":%d,"detail":"no"}`, status)
		}))
		c, sl := newClientOf(t, srv.URL)
		_, err := c.RegenerateKYCLink(context.Background(), okID)
		asAPIError(t, err)
		if calls != 1 || len(sl.waits) != 0 {
			t.Errorf("status %d: %d calls, waits %v; want exactly one call", status, calls, sl.waits)
		}
		srv.Close()
	}
}

func TestNetworkErrorRetriesThenFails(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	base := srv.URL
	srv.Close() // nothing listens there now
	c, sl := newClientOf(t, base)
	_, err := c.RegenerateKYCLink(context.Background(), okID)
	e := asAPIError(t, err)
	if e.Kind != client.KindNetwork || len(sl.waits) != 2 || !strings.Contains(e.Detail, "could not reach 127.0.0.1") {
		t.Errorf("kind=%v waits=%v detail=%q", e.Kind, sl.waits, e.Detail)
	}
}

func TestCancelDuringRequest(t *testing.T) {
	fake := spheretest.NewTestServer(t, spheretest.Options{}) // the Slow scenario waits an hour
	c, _ := newClient(t, fake)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		_, err := c.RegenerateKYCLink(ctx, spheretest.Slow)
		done <- err
	}()
	time.AfterFunc(20*time.Millisecond, cancel)
	select {
	case err := <-done:
		if e := asAPIError(t, err); e.Kind != client.KindCanceled {
			t.Errorf("kind = %v, want cancelled", e.Kind)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("cancel did not stop the request")
	}
}

func TestCancelDuringBackoff(t *testing.T) {
	fake := spheretest.NewTestServer(t, spheretest.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	c, _ := newClient(t, fake, func(o *client.Options) {
		o.Sleep = func(ctx context.Context, d time.Duration) error {
			cancel() // the agent presses Esc while kyclink waits to retry
			<-ctx.Done()
			return ctx.Err()
		}
	})
	_, err := c.RegenerateKYCLink(ctx, spheretest.ServerError)
	if e := asAPIError(t, err); e.Kind != client.KindCanceled {
		t.Errorf("kind = %v, want cancelled", e.Kind)
	}
}

func TestTimeout(t *testing.T) {
	fake := spheretest.NewTestServer(t, spheretest.Options{})
	c, _ := newClient(t, fake, func(o *client.Options) { o.Timeout = 50 * time.Millisecond })
	_, err := c.RegenerateKYCLink(context.Background(), spheretest.Slow)
	if e := asAPIError(t, err); e.Kind != client.KindTimeout {
		t.Errorf("kind = %v, want timeout", e.Kind)
	}
}

func TestTimeoutSkipsPointlessWait(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "10")
		w.WriteHeader(429)
	}))
	defer srv.Close()
	c, sl := newClientOf(t, srv.URL, func(o *client.Options) { o.Timeout = time.Second })
	_, err := c.RegenerateKYCLink(context.Background(), okID)
	if e := asAPIError(t, err); e.Kind != client.KindRateLimited || len(sl.waits) != 0 {
		t.Errorf("kind=%v waits=%v; want rate limited at once", e.Kind, sl.waits)
	}
}

func serve(status int, body string, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", t0.Format(http.TimeFormat))
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}
}

func linkJSON(id, url, exp string) string {
	b, _ := json.Marshal(map[string]string{"customerId": id, "url": url, "expiresAt": exp})
	return string(b)
}

func TestTimestampForms(t *testing.T) {
	const u = "https://in.sumsub.com/websdk/p/sbx_abc"
	tests := []struct {
		exp  string
		want time.Time
		ok   bool
	}{
		{"2026-12-24T20:46:31.305Z", time.Date(2026, 12, 24, 20, 46, 31, 305e6, time.UTC), true},
		{"2026-12-24T20:46:31Z", time.Date(2026, 12, 24, 20, 46, 31, 0, time.UTC), true},
		{"2026-12-24T22:46:31+02:00", time.Date(2026, 12, 24, 20, 46, 31, 0, time.UTC), true},
		{"2026-12-24T15:46:31.5-05:00", time.Date(2026, 12, 24, 20, 46, 31, 5e8, time.UTC), true},
		{"2026-12-24 20:46:31", time.Time{}, false},
		{"2026-12-24T20:46:31", time.Time{}, false},
		{"next tuesday", time.Time{}, false},
		{"1766609191", time.Time{}, false},
	}
	for _, tt := range tests {
		srv := httptest.NewServer(serve(201, linkJSON(okID, u, tt.exp)))
		c, _ := newClientOf(t, srv.URL)
		link, err := c.RegenerateKYCLink(context.Background(), okID)
		srv.Close()
		if !tt.ok {
			if e := asAPIError(t, err); e.Kind != client.KindBadResponse || !strings.Contains(e.Detail, "RFC 3339") {
				t.Errorf("%q: %v", tt.exp, err)
			}
			continue
		}
		if err != nil || !link.ExpiresAt.Equal(tt.want) {
			t.Errorf("%q: got %v, %v; want %v", tt.exp, link.ExpiresAt, err, tt.want)
		}
	}
}

func TestRefusedSuccessBodies(t *testing.T) {
	const exp = "2026-12-24T20:46:31.305Z"
	long := "https://in.sumsub.com/" + strings.Repeat("a", 2100)
	tests := []struct {
		name, body, why string
	}{
		{"http", linkJSON(okID, "http://in.sumsub.com/x", exp), "not https"},
		{"javascript", linkJSON(okID, "javascript:alert(1)", exp), "not https"},
		{"escape", linkJSON(okID, "https://in.sumsub.com/\x1b]8;;evil\x07x", exp), "U+001B at position 23"},
		{"spaces", linkJSON(okID, "https://in.sumsub.com/a b", exp), "U+0020 at position 24"},
		{"user info", linkJSON(okID, "https://user:pw@in.sumsub.com/x", exp), "user information"},
		{"relative", linkJSON(okID, "/websdk/p/x", exp), "absolute https"},
		{"no host", linkJSON(okID, "https:///x", exp), "no host"},
		{"too long", linkJSON(okID, long, exp), "more than 2048"},
		{"soft hyphen", linkJSON(okID, "https://in.sumsub.com/websdk/p\u00ad/x", exp), "U+00AD at position 31; only printable ASCII is allowed"},
		{"tag characters", linkJSON(okID, "https://in.sumsub.com/x\U000e0041\U000e0042", exp), "U+E0041 at position 24"},
		{"invalid UTF-8", "{\"customerId\":\"" + okID + "\",\"url\":\"https://in.sumsub.com/\xff\",\"expiresAt\":\"" + exp + "\"}", "U+FFFD at position 23"},
		{"bidi", linkJSON(okID, "https://in.sumsub.com/\u202ex", exp), "U+202E at position 23"},
		{"missing url", `{"customerId":"` + okID + `","expiresAt":"` + exp + `"}`, "lacks url"},
		{"missing all", `{}`, "lacks url, expiresAt"},
		{"other customer", linkJSON("customer_ffff", "https://in.sumsub.com/x", exp), "another customer"},
		{"not json", `<html>ok</html>`, "not the expected JSON"},
		{"wrong types", `{"customerId":1,"url":2,"expiresAt":3}`, "not the expected JSON"},
		{"expired", linkJSON(okID, "https://in.sumsub.com/x", "2026-11-26T08:59:59Z"), "already expired"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(serve(201, tt.body))
			defer srv.Close()
			c, _ := newClientOf(t, srv.URL)
			link, err := c.RegenerateKYCLink(context.Background(), okID)
			e := asAPIError(t, err)
			if e.Kind != client.KindBadResponse || !strings.Contains(e.Detail, tt.why) {
				t.Errorf("kind=%v detail=%q, want bad response with %q", e.Kind, e.Detail, tt.why)
			}
			if link.URL != "" {
				t.Error("a refused link was handed on")
			}
			if strings.Contains(e.Detail, "sumsub.com/") || strings.ContainsRune(e.Detail, 0x1b) {
				t.Errorf("the refusal repeats the link: %q", e.Detail)
			}
		})
	}
}

func TestExpiredJudgedByServerDate(t *testing.T) {
	// The local clock is an hour behind; by the server's Date the link is dead.
	body := linkJSON(okID, "https://in.sumsub.com/x", t0.Add(-time.Minute).Format(time.RFC3339))
	srv := httptest.NewServer(serve(201, body))
	defer srv.Close()
	c, _ := newClientOf(t, srv.URL, func(o *client.Options) { o.Now = func() time.Time { return t0.Add(-time.Hour) } })
	_, err := c.RegenerateKYCLink(context.Background(), okID)
	if e := asAPIError(t, err); !strings.Contains(e.Detail, "already expired") {
		t.Errorf("detail = %q", e.Detail)
	}
}

func TestProblemBodies(t *testing.T) {
	tests := []struct {
		name, ctype, body string
		status            int
		kind              client.Kind
		detail            string
	}{
		{"html 500", "text/html", "<html><body><h1>500 Internal Server Error</h1>" + strings.Repeat("x", 5000) + "</body></html>", 500, client.KindUnavailable, "Sphere answered 500 Internal Server Error without a readable error body"},
		{"empty 502", "", "", 502, client.KindUnavailable, "Sphere answered 502 Bad Gateway without a readable error body"},
		{"problem+json", "application/problem+json", `{"status":400,"title":"Bad","detail":"busy","code":"c"}`, 400, client.KindRejected, "busy"},
		{"409 to a keyed request", "application/problem+json", `{"status":409,"title":"Conflict","detail":"busy","code":"c"}`, 409, client.KindRepeat, "busy"},
		{"legacy string", "application/json", `{"ts":"x","error":"Customer not found"}`, 404, client.KindNotFound, "Customer not found"},
		{"escapes", "application/json", "{\"status\":400,\"detail\":\"bad \\u001b[31mred\\u001b[0m \\u001b]8;;http://evil\\u0007link\\u001b]8;;\\u0007 \\u202eevil\"}", 400, client.KindRejected, "bad red link evil"},
		{"no detail", "application/json", `{"status":418}`, 418, client.KindRejected, "Sphere answered 418 I'm a teapot"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(serve(tt.status, tt.body, "Content-Type", tt.ctype))
			defer srv.Close()
			c, _ := newClientOf(t, srv.URL)
			_, err := c.RegenerateKYCLink(context.Background(), okID)
			e := asAPIError(t, err)
			if e.Kind != tt.kind || e.Detail != tt.detail {
				t.Errorf("kind=%v detail=%q; want %v %q", e.Kind, e.Detail, tt.kind, tt.detail)
			}
		})
	}
}

func TestBodyLimit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(201)
		chunk := bytes.Repeat([]byte("a"), 64<<10)
		for range 40 { // 2.5 MiB
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	c, _ := newClientOf(t, srv.URL)
	_, err := c.RegenerateKYCLink(context.Background(), okID)
	if e := asAPIError(t, err); e.Kind != client.KindBadResponse || !strings.Contains(e.Detail, "1 MiB") {
		t.Errorf("kind=%v detail=%q", e.Kind, e.Detail)
	}
}

func TestRedirectNotFollowed(t *testing.T) {
	srv := httptest.NewServer(serve(307, "", "Location", "https://example.invalid/"))
	defer srv.Close()
	c, _ := newClientOf(t, srv.URL)
	_, err := c.RegenerateKYCLink(context.Background(), okID)
	if e := asAPIError(t, err); e.Kind != client.KindBadResponse || e.Status != 307 {
		t.Errorf("kind=%v status=%d", e.Kind, e.Status)
	}
}

func TestInvalidIDNeverSent(t *testing.T) {
	fake := spheretest.NewTestServer(t, spheretest.Options{})
	c, _ := newClient(t, fake)
	for _, id := range []string{"", "cust_123", "customer_ABC", "customer_../../x", "customer_a/b", "customer_f31121c389624d3697cbf3ea8830b7а4"} {
		_, err := c.RegenerateKYCLink(context.Background(), id)
		if e := asAPIError(t, err); e.Kind != client.KindInvalidInput {
			t.Errorf("%q: kind %v", id, e.Kind)
		}
	}
	if n := len(fake.Handler.Requests()); n != 0 {
		t.Errorf("%d requests sent for invalid IDs", n)
	}
}

func TestDebugNeverShowsKeyOrLink(t *testing.T) {
	fake := spheretest.NewTestServer(t, spheretest.Options{})
	var buf bytes.Buffer
	c, _ := newClient(t, fake, func(o *client.Options) { o.Debug = &buf })
	link, err := c.RegenerateKYCLink(context.Background(), okID)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = c.RegenerateKYCLink(context.Background(), spheretest.RateLimited)
	out := buf.String()
	if !strings.Contains(out, "→ POST") || !strings.Contains(out, "← 201") || !strings.Contains(out, "retrying in 1s") {
		t.Errorf("debug output lacks request lines:\n%s", out)
	}
	if strings.Contains(out, spheretest.DemoKey) || strings.Contains(out, link.URL) || strings.Contains(out, "sbx_") {
		t.Errorf("debug output leaks the key or the link:\n%s", out)
	}
}

func TestNewRefusesBadConfig(t *testing.T) {
	for _, base := range []string{"http://api.spherepay.co", "ftp://x", "api.spherepay.co", "https://u:p@api.spherepay.co", "https://x/?q=1", "http://10.0.0.1:8080"} {
		if _, err := client.New(client.Options{BaseURL: base, APIKey: "k"}); err == nil {
			t.Errorf("%q accepted", base)
		}
	}
	for _, base := range []string{"https://api.spherepay.co", "http://127.0.0.1:1234", "http://localhost:1", "http://[::1]:80/"} {
		if _, err := client.New(client.Options{BaseURL: base, APIKey: "k"}); err != nil {
			t.Errorf("%q refused: %v", base, err)
		}
	}
	if _, err := client.New(client.Options{APIKey: "  "}); err == nil {
		t.Error("empty key accepted")
	}
	if _, err := client.New(client.Options{APIKey: "sk_live_a\nX-Evil: 1"}); err == nil || strings.Contains(err.Error(), "sk_live") {
		t.Errorf("key with a newline: %v", err)
	}
	if _, err := client.New(client.Options{BaseURL: "https://sk_live_secret@api.spherepay.co", APIKey: "k"}); err == nil || strings.Contains(err.Error(), "sk_live_secret") {
		t.Errorf("user info in the base URL: %v", err)
	}
}

func BenchmarkRegenerate(b *testing.B) {
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
		if _, err := c.RegenerateKYCLink(ctx, okID); err != nil {
			b.Fatal(err)
		}
	}
}

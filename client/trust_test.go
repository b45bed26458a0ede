package client_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
)

// hostileKey is the key the fault-injecting servers try to echo.
const hostileKey = spheretest.HostileKey

func leaksKey(s string) bool { return spheretest.LeaksKey(s, hostileKey) }

// errorTexts is every string of an *APIError that can reach output.
func errorTexts(e *client.APIError) []string {
	texts := []string{e.Title, e.Detail, e.Code, e.CorrelationID, e.Error()}
	for _, f := range e.Errors {
		texts = append(texts, f.Detail, f.Pointer, f.Parameter, f.Header, f.Field())
	}
	return texts
}

func TestKeyNeverComesBack(t *testing.T) {
	const exp = "2026-12-24T09:00:00Z"
	k, piece := hostileKey, hostileKey[5:15] // "t_abcdefgh": 10 characters of it
	tests := []struct {
		name   string
		status int
		body   string
		want   string // in the error's Detail
	}{
		{"every problem field", 422, `{"status":422,"title":"T ` + k + `","detail":"your key ` + k + ` is wrong","code":"c/` + piece +
			`","correlationId":"` + k + `","errors":[{"detail":"d ` + k + `","pointer":"/` + k + `","parameter":"` + piece + `","header":"` + k + `"}]}`,
			"your key [redacted] is wrong"},
		{"legacy shape", 404, `{"ts":"x","error":{"general":"no customer for key ` + k + `"}}`, "no customer for key [redacted]"},
		{"html page", 401, `<html>` + k + `</html>`, "Sphere answered 401"},
		{"customer echoed", 201, linkJSON("customer_"+k, "https://in.sumsub.com/x", exp), `another customer ("customer_[redacted]")`},
		{"expiresAt echoed", 201, linkJSON(okID, "https://in.sumsub.com/x", k), `expiresAt "[redacted]" is not`},
		{"key in the link", 201, linkJSON(okID, "https://in.sumsub.com/x?k="+piece, exp), "it carries the API key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(serve(tt.status, tt.body))
			defer srv.Close()
			var debug bytes.Buffer
			c, _ := newClientOf(t, srv.URL, func(o *client.Options) { o.APIKey, o.Debug = hostileKey, &debug })
			link, err := c.RegenerateKYCLink(context.Background(), okID)
			e := asAPIError(t, err)
			if !strings.Contains(e.Detail, tt.want) {
				t.Errorf("detail %q lacks %q", e.Detail, tt.want)
			}
			for _, s := range errorTexts(e) {
				if leaksKey(s) {
					t.Errorf("the key came back: %q", s)
				}
			}
			if link.URL != "" {
				t.Errorf("a link was handed on: %q", link.URL)
			}
			if leaksKey(debug.String()) {
				t.Errorf("the key came back in the debug output:\n%s", debug.String())
			}
		})
	}
}

func TestKeyNeverComesBackToARetryObserver(t *testing.T) {
	srv := httptest.NewServer(serve(503, `{"status":503,"detail":"busy with `+hostileKey+`"}`, "Retry-After", "1"))
	defer srv.Close()
	c, _ := newClientOf(t, srv.URL, func(o *client.Options) { o.APIKey = hostileKey })
	var causes []string
	ctx := client.WithRetryObserver(context.Background(), func(r client.Retry) { causes = append(causes, r.Cause.Detail) })
	_, err := c.RegenerateKYCLink(ctx, okID)
	if e := asAPIError(t, err); e.Detail != "busy with [redacted]" || fmt.Sprint(causes) != "[busy with [redacted] busy with [redacted]]" {
		t.Errorf("detail %q, causes %q", e.Detail, causes)
	}
}

// The key in a network error (a broken server's status line is quoted in
// Go's transport error) is redacted too.
func TestKeyNeverComesBackFromATransportError(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		fmt.Fprintf(buf, "HTTP/1.1 %s OK\r\n\r\n", hostileKey)
		_ = buf.Flush()
	}))
	srv.Start()
	defer srv.Close()
	var debug bytes.Buffer
	c, _ := newClientOf(t, srv.URL, func(o *client.Options) {
		o.APIKey, o.Debug, o.MaxAttempts, o.Timeout = hostileKey, &debug, 1, 5*time.Second
	})
	_, err := c.RegenerateKYCLink(context.Background(), okID)
	e := asAPIError(t, err)
	if e.Kind != client.KindNetwork || leaksKey(e.Detail) || leaksKey(debug.String()) {
		t.Errorf("kind %v, detail %q, debug:\n%s", e.Kind, e.Detail, debug.String())
	}
}

func TestAbsurdServerClockIsNotTrusted(t *testing.T) {
	const u = "https://in.sumsub.com/websdk/p/x"
	date := func(y int) string { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC).Format(http.TimeFormat) }
	tests := []struct {
		name, date, exp string
		refused         string        // in the detail; "" when the link is taken
		remaining       time.Duration // at t0, when taken
		off             bool          // ServerClockOff reports the server's clock
	}{
		// 1990 says the 1995 link has five years left; by our clock it
		// died decades ago.
		{"1990 with a 1995 link", date(1990), "1995-01-01T00:00:00Z", "already expired", 0, false},
		// 2100 would refuse a good link; our clock says it has 28 days.
		{"2100 with a good link", date(2100), "2026-12-24T09:00:00Z", "", 28 * 24 * time.Hour, true},
		{"1990 with a good link", date(1990), "2026-12-24T09:00:00Z", "", 28 * 24 * time.Hour, true},
		// Within an hour the server's clock counts, and an hour exactly still does.
		{"30 min ahead", t0.Add(30 * time.Minute).Format(http.TimeFormat), "2026-12-24T09:00:00Z", "", 28*24*time.Hour - 30*time.Minute, false},
		{"1 h behind", t0.Add(-time.Hour).Format(http.TimeFormat), "2026-12-24T09:00:00Z", "", 28*24*time.Hour + time.Hour, false},
		// Expired by either clock is refused: by ours while the server's
		// (trusted) still gives it a minute, and by a trusted server's.
		{"expired by ours", t0.Add(-2 * time.Minute).Format(http.TimeFormat), t0.Add(-time.Minute).Format(time.RFC3339), "already expired", 0, false},
		{"expired by theirs", t0.Add(2 * time.Minute).Format(http.TimeFormat), t0.Add(time.Minute).Format(time.RFC3339), "already expired", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Date", tt.date)
				w.WriteHeader(201)
				fmt.Fprint(w, linkJSON(okID, u, tt.exp))
			}))
			defer srv.Close()
			c, _ := newClientOf(t, srv.URL)
			link, err := c.RegenerateKYCLink(context.Background(), okID)
			if tt.refused != "" {
				if e := asAPIError(t, err); e.Kind != client.KindBadResponse || !strings.Contains(e.Detail, tt.refused) {
					t.Errorf("kind %v detail %q", e.Kind, e.Detail)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := link.Remaining(t0); got != tt.remaining {
				t.Errorf("remaining %v, want %v", got, tt.remaining)
			}
			off, untrusted := link.ServerClockOff()
			if untrusted != tt.off || untrusted && off != link.ServerDate.Sub(t0) || !untrusted && off != 0 {
				t.Errorf("ServerClockOff() = %v, %v", off, untrusted)
			}
		})
	}
}

func TestAmbiguousSuccessBodiesAreRefused(t *testing.T) {
	const exp = `"expiresAt":"2026-12-24T09:00:00Z"`
	id := `"customerId":"` + okID + `"`
	tests := []struct {
		name, body, why string
	}{
		{"url twice", `{` + id + `,"url":"https://in.sumsub.com/a","url":"https://evil.example/b",` + exp + `}`, `the key "url" appears more than once`},
		{"url and URL", `{` + id + `,"url":"https://in.sumsub.com/a","URL":"https://evil.example/b",` + exp + `}`, `the keys "url" and "URL" differ only in case`},
		{"customerId twice", `{` + id + `,` + id + `,"url":"https://in.sumsub.com/a",` + exp + `}`, "appears more than once"},
		{"escaped twin", `{` + id + `,"url":"https://in.sumsub.com/a","u\u0072l":"https://evil.example/b",` + exp + `}`, "appears more than once"},
		{"Kelvin sign", `{` + id + `,"url":"https://in.sumsub.com/a",` + exp + `,"k":1,"\u212a":2}`, "differ only in case"},
		// Exact-case names only: "URL" alone is not url.
		{"URL alone", `{` + id + `,"URL":"https://in.sumsub.com/a",` + exp + `}`, "lacks url"},
		{"trailing value", `{` + id + `,"url":"https://in.sumsub.com/a",` + exp + `} {}`, "not the expected JSON"},
		{"array", `[{` + id + `,"url":"https://in.sumsub.com/a",` + exp + `}]`, "not the expected JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(serve(201, tt.body))
			defer srv.Close()
			c, _ := newClientOf(t, srv.URL)
			link, err := c.RegenerateKYCLink(context.Background(), okID)
			e := asAPIError(t, err)
			if e.Kind != client.KindBadResponse || !strings.Contains(e.Detail, tt.why) || link.URL != "" {
				t.Errorf("kind=%v detail=%q link=%q; want bad response with %q", e.Kind, e.Detail, link.URL, tt.why)
			}
		})
	}
	// The same body with exact, unique names is taken.
	srv := httptest.NewServer(serve(201, `{`+id+`,"url":"https://in.sumsub.com/a",`+exp+`,"extra":{"url":1,"URL":2}}`))
	defer srv.Close()
	c, _ := newClientOf(t, srv.URL)
	if link, err := c.RegenerateKYCLink(context.Background(), okID); err != nil || link.URL != "https://in.sumsub.com/a" {
		t.Errorf("a plain body: %v, %q", err, link.URL)
	}
}

func TestProblemBodyKeepsWhatItCan(t *testing.T) {
	tests := []struct {
		name, body string
		detail     string
		fields     []string // "field: detail" of each field error
	}{
		{"status as a string", `{"status":"422","detail":"Postal code missing","code":"validation/failed","errors":[{"detail":"Postal code is required","pointer":"/address/postalCode"}]}`,
			"Postal code missing", []string{"address › postalCode: Postal code is required"}},
		{"null and empty errors", `{"status":422,"detail":"d","errors":[null,{},{"detail":"  "},{"detail":"\u001b[2J"},"x",3,{"detail":"kept","parameter":"id"}]}`,
			"d", []string{"id: kept"}},
		{"a wrong-typed field error member", `{"detail":"d","errors":[{"detail":5,"pointer":"/email"},{"detail":"ok","pointer":["x"]}]}`,
			"d", []string{"email: ", ": ok"}},
		{"errors not an array", `{"detail":"d","errors":{"detail":"x"}}`, "d", nil},
		{"wrong-typed detail", `{"detail":{"en":"x"},"title":"Bad thing"}`, "Sphere answered 422 Unprocessable Entity", nil},
		{"exact-case keys only", `{"Detail":"shouting","detail":"said"}`, "said", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(serve(422, tt.body, "Content-Type", "application/problem+json"))
			defer srv.Close()
			c, _ := newClientOf(t, srv.URL)
			_, err := c.RegenerateKYCLink(context.Background(), okID)
			e := asAPIError(t, err)
			var fields []string
			for _, f := range e.Errors {
				fields = append(fields, f.Field()+": "+f.Detail)
			}
			if e.Kind != client.KindValidation || e.Detail != tt.detail || fmt.Sprintf("%q", fields) != fmt.Sprintf("%q", tt.fields) {
				t.Errorf("kind=%v detail=%q fields=%q; want %q %q", e.Kind, e.Detail, fields, tt.detail, tt.fields)
			}
		})
	}
}

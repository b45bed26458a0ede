// This file tests the helps for a customer on a call: the code sent again,
// the face verification link, the masks, and the watch's unrecorded read.

package client_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
)

// counting serves h and counts the requests, keeping the last body.
type counting struct {
	n    atomic.Int32
	mu   sync.Mutex
	body string
	ct   string
	path string
}

func (c *counting) serve(t *testing.T, h http.HandlerFunc) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.n.Add(1)
		b, _ := io.ReadAll(r.Body)
		c.mu.Lock()
		c.body, c.ct, c.path = string(b), r.Header.Get("Content-Type"), r.URL.Path
		c.mu.Unlock()
		h(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestSendCodeShapes(t *testing.T) {
	exp := "2026-11-26T09:10:00.000Z"
	tests := []struct {
		name, by, body string
		want           client.CodeSent
	}{
		{"current", client.CodeByEmail, `{"customerId":"` + okID + `","expiresAt":"` + exp + `"}`,
			client.CodeSent{CustomerID: okID, By: "email", ExpiresAt: time.Date(2026, 11, 26, 9, 10, 0, 0, time.UTC)}},
		{"older", client.CodeByPhone, `{"type":"phone","contact":"+1555\u001b[2J5550199","verified":false,"expiresAt":"` + exp + `"}`,
			client.CodeSent{CustomerID: okID, By: "phone", Contact: "+15555550199", ExpiresAt: time.Date(2026, 11, 26, 9, 10, 0, 0, time.UTC)}},
		{"no customerId", client.CodeByEmail, `{"expiresAt":"` + exp + `"}`,
			client.CodeSent{CustomerID: okID, By: "email", ExpiresAt: time.Date(2026, 11, 26, 9, 10, 0, 0, time.UTC)}},
	}
	for _, tt := range tests {
		var cnt counting
		var calls []client.Call
		c, _ := newClientOf(t, cnt.serve(t, serve(201, tt.body)), func(o *client.Options) { o.Record = func(c client.Call) { calls = append(calls, c) } })
		got, err := c.SendCode(context.Background(), okID, tt.by)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if !got.ExpiresAt.Equal(tt.want.ExpiresAt) || got.By != tt.want.By || got.Contact != tt.want.Contact || got.CustomerID != tt.want.CustomerID {
			t.Errorf("%s: %+v, want %+v", tt.name, got, tt.want)
		}
		if cnt.body != `{"type":"`+tt.by+`"}` || cnt.ct != "application/json" || cnt.path != "/v2/customer/"+okID+"/otp-send" {
			t.Errorf("%s: sent %q %q to %s", tt.name, cnt.body, cnt.ct, cnt.path)
		}
		if len(calls) != 1 || calls[0].Action != client.ActionOTPSend || !calls[0].ExpiresAt.Equal(tt.want.ExpiresAt) || !calls[0].OK() {
			t.Errorf("%s: recorded %+v", tt.name, calls)
		}
	}
}

func TestSendCodeRefusals(t *testing.T) {
	for body, want := range map[string]string{
		`{"customerId":"customer_other","expiresAt":"2026-11-26T09:10:00Z"}`: "another customer",
		`{"customerId":"` + okID + `"}`:                                      "lacks expiresAt",
		`{"type":"pigeon","expiresAt":"2026-11-26T09:10:00Z"}`:               "unknown way",
		`{"expiresAt":"soon"}`:                                               "not an RFC 3339 time",
		`{"verified":"yes","expiresAt":"2026-11-26T09:10:00Z"}`:              "verified is not",
		`[]`: "not the expected JSON object",
	} {
		c, _ := newClientOf(t, new(counting).serve(t, serve(201, body)))
		_, err := c.SendCode(context.Background(), okID, client.CodeByEmail)
		if e := asAPIError(t, err); e.Kind != client.KindBadResponse || !strings.Contains(e.Detail, want) {
			t.Errorf("%s: %v %q", body, e.Kind, e.Detail)
		}
	}
	c, _ := newClientOf(t, "http://127.0.0.1:1")
	if _, err := c.SendCode(context.Background(), okID, "fax"); asAPIError(t, err).Kind != client.KindInvalidInput {
		t.Errorf("by fax: %v", err)
	}
}

// A second code invalidates the first: once the request may have reached
// Sphere it is never sent again, whatever came back.
func TestSendCodeNeverRepeated(t *testing.T) {
	for _, h := range []http.HandlerFunc{
		serve(500, `{"status":500,"detail":"boom"}`),
		serve(429, `{"status":429,"detail":"slow down"}`, "Retry-After", "1"),
		serve(503, ``),
		func(w http.ResponseWriter, r *http.Request) { // cut off mid-answer
			hj, _ := w.(http.Hijacker)
			conn, _, _ := hj.Hijack()
			conn.Close()
		},
	} {
		var cnt counting
		c, sl := newClientOf(t, cnt.serve(t, h))
		if _, err := c.SendCode(context.Background(), okID, client.CodeByPhone); err == nil {
			t.Fatal("no error")
		}
		if cnt.n.Load() != 1 || len(sl.waits) != 0 {
			t.Errorf("%d requests, waits %v: sent more than once", cnt.n.Load(), sl.waits)
		}
	}
	// Nothing listening: the request never left, and is tried again.
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	c, sl := newClientOf(t, srv.URL)
	_, err := c.SendCode(context.Background(), okID, client.CodeByEmail)
	if asAPIError(t, err).Kind != client.KindNetwork || len(sl.waits) != 2 {
		t.Errorf("refused connection: %v, waits %v", err, sl.waits)
	}
}

func TestFaceVerificationLink(t *testing.T) {
	var cnt counting
	var calls []client.Call
	c, _ := newClientOf(t, cnt.serve(t, serve(201, `{"url":"https://in.sumsub.com/websdk/p/sbx_face","expiresAt":"2026-11-26T10:00:00.000Z"}`)),
		func(o *client.Options) { o.Record = func(c client.Call) { calls = append(calls, c) } })
	link, err := c.FaceVerificationLink(context.Background(), okID, "")
	if err != nil {
		t.Fatal(err)
	}
	if link.Kind != client.LinkFace || link.CustomerID != okID || link.URL != "https://in.sumsub.com/websdk/p/sbx_face" || link.Remaining(t0) != time.Hour {
		t.Errorf("%+v", link)
	}
	if link.Kind.String() != "face verification link" || !client.CheckLinkHost(link.URL, link.Kind.ExpectedHosts(client.DefaultLinkHosts)).Expected {
		t.Errorf("%q: expected on sumsub.com", link.Kind)
	}
	if cnt.path != "/v2/customer/"+okID+"/face-verification-link" || len(calls) != 1 || calls[0].Action != client.ActionFaceLink || calls[0].LinkSHA256 == "" {
		t.Errorf("path %s, recorded %+v", cnt.path, calls)
	}
	for body, want := range map[string]string{
		`{"url":"http://in.sumsub.com/x","expiresAt":"2026-11-26T10:00:00Z"}`:                                "not https",
		`{"customerId":"customer_other","url":"https://in.sumsub.com/x","expiresAt":"2026-11-26T10:00:00Z"}`: "another customer",
		`{"url":"https://in.sumsub.com/x"}`:                                                                  "lacks expiresAt",
		`{"url":"https://in.sumsub.com/x","expiresAt":"2026-11-26T08:00:00Z"}`:                               "already expired",
		`{"url":"https://in.sumsub.com/x","URL":"https://evil.example/","expiresAt":"2026-11-26T10:00:00Z"}`: "differ only in case",
	} {
		c, _ := newClientOf(t, new(counting).serve(t, serve(201, body)))
		_, err := c.FaceVerificationLink(context.Background(), okID, "")
		if e := asAPIError(t, err); e.Kind != client.KindBadResponse || !strings.Contains(e.Detail, want) {
			t.Errorf("%s: %v %q", body, e.Kind, e.Detail)
		}
	}
}

// Follow reads as Customer does, once, and tells the record nothing.
func TestFollowIsOneUnrecordedRead(t *testing.T) {
	fake := spheretest.NewTestServer(t, spheretest.Options{})
	var calls []client.Call
	c, _ := newClient(t, fake, func(o *client.Options) { o.Record = func(c client.Call) { calls = append(calls, c) } })
	cu, err := c.Follow(context.Background(), spheretest.CustomerTermsPending)
	if err != nil || cu.ID != spheretest.CustomerTermsPending || len(calls) != 0 {
		t.Errorf("%v %q, recorded %+v", err, cu.ID, calls)
	}
	var cnt counting
	c, sl := newClientOf(t, cnt.serve(t, serve(500, `{"status":500,"detail":"boom"}`)))
	if _, err := c.Follow(context.Background(), okID); asAPIError(t, err).Kind != client.KindUnavailable || cnt.n.Load() != 1 || len(sl.waits) != 0 {
		t.Errorf("%v: %d reads, waits %v: the watch's loop keeps the pace", err, cnt.n.Load(), sl.waits)
	}
}

func TestMasks(t *testing.T) {
	for in, want := range map[string]string{
		"alice@example.com": "a•••e@example.com",
		"al@example.com":    "a•••@example.com",
		"é@example.com":     "é•••@example.com",
		"not an address":    "•••",
		"@example.com":      "•••",
	} {
		if got := client.MaskEmail(in); got != want {
			t.Errorf("MaskEmail(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"+15555550199":     "+1 •••• 0199",
		"+44 20 7946 0958": "+44 •••• 0958",
		"+7 912 345 6789":  "+7 •••• 6789",
		"5555550199":       "•••• 0199",
		"+1 555":           "••••",
	} {
		if got := client.MaskPhone(in); got != want {
			t.Errorf("MaskPhone(%q) = %q, want %q", in, got, want)
		}
	}
	if client.MaskContact(client.CodeByPhone, "+15555550199") != "+1 •••• 0199" || client.MaskContact(client.CodeByEmail, "bob@x.io") != "b•••b@x.io" {
		t.Error("MaskContact")
	}
}

// A 429's Retry-After reaches the watch whole, beyond what the attempt
// loop would wait.
func TestRetryAfterKeptForTheWatch(t *testing.T) {
	c, _ := newClientOf(t, new(counting).serve(t, serve(429, `{"status":429,"detail":"slow"}`, "Retry-After", "120")))
	_, err := c.Follow(context.Background(), okID)
	if e := asAPIError(t, err); e.RetryAfter != 2*time.Minute || client.NextWatchRead(client.DefaultWatchEvery, 1, err) != 2*time.Minute {
		t.Errorf("RetryAfter %s", e.RetryAfter)
	}
}

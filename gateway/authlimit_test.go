package gateway

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

// A stranger sending wrong tokens is answered 401 while its bucket lasts,
// then 429 with Retry-After, without asking the database; a second later
// it may try again.
func TestFailedSignInsAreBrakedPerAddress(t *testing.T) {
	r := newRig(t)
	for i := range failedAuthBurst {
		if resp, _ := r.do(http.MethodGet, "/v2/customer/"+alice, "kgw_wrong"+strconv.Itoa(i), nil); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d, want 401", i, resp.StatusCode)
		}
	}
	resp, _ := r.do(http.MethodGet, "/v2/customer/"+alice, "kgw_wrong", nil)
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "1" {
		t.Fatalf("past the burst: %d Retry-After %q, want 429 after 1 s", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	r.advance(time.Second)
	if resp, _ := r.do(http.MethodGet, "/v2/customer/"+alice, "kgw_wrong", nil); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a second later: %d, want 401", resp.StatusCode)
	}
	if r.upstreamCalls() != 0 {
		t.Errorf("Sphere was called %d times", r.upstreamCalls())
	}
}

// Behind a proxy, the address is the one the proxy appended: what the
// client put before it in X-Forwarded-For does not pick another bucket.
func TestClientAddrBehindAProxy(t *testing.T) {
	req, _ := http.NewRequest(http.MethodGet, "/", nil)
	req.RemoteAddr = "10.0.0.1:5555"
	req.Header.Add("X-Forwarded-For", "1.2.3.4, 5.6.7.8")
	req.Header.Add("X-Forwarded-For", "9.9.9.9")
	if got := clientAddr(req, true); got != "9.9.9.9" {
		t.Errorf("behind a proxy: %q", got)
	}
	if got := clientAddr(req, false); got != "10.0.0.1" {
		t.Errorf("not behind a proxy, X-Forwarded-For is the client's word: %q", got)
	}
}

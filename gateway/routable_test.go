package gateway

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// otherCount is how many requests /metrics counts as route "other" with
// status 404.
func (r *rig) otherCount() string {
	r.t.Helper()
	resp, body := r.do("GET", "/metrics", "", nil)
	if resp.StatusCode != 200 {
		r.t.Fatalf("metrics %d", resp.StatusCode)
	}
	for line := range strings.SplitSeq(body, "\n") {
		if n, ok := strings.CutPrefix(line, `kyclink_gateway_requests_total{route="other",status="404"} `); ok {
			return n
		}
	}
	return "0"
}

// A HEAD on a read the gateway forwards is no GET: net/http's mux would
// match it to "GET /x", and Sphere would get a GET that is recorded.
func TestHEADIsA404ThatNeverReachesSphere(t *testing.T) {
	r := newRig(t)
	token := r.agent("ana", RoleLead)
	paths := []string{
		"/v2/customer/" + alice,
		"/v2/customer",
		"/v2/customer?search=sample",
		"/v2/customer/" + alice + "/kyc-link",
		"/v2/customer/" + alice + "/tos-link",
		"/v2/customer/" + alice + "/otp-send",
		"/v2/customer/" + alice + "/face-verification-link",
		"/kyclink/v1/record",
		"/kyclink/v1/record?customer=" + alice,
	}
	for _, p := range paths {
		resp, _ := r.do("HEAD", p, token, nil)
		if resp.StatusCode != 404 || resp.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("HEAD %s: %d %s", p, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
	if n := r.upstreamCalls(); n != 0 {
		t.Errorf("%d HEADs reached Sphere", n)
	}
	if recs := r.records(); len(recs) != 0 {
		t.Errorf("a HEAD was recorded: %+v", recs)
	}
	if got := r.otherCount(); got != strconv.Itoa(len(paths)) {
		t.Errorf(`metrics count %s HEADs as route "other", want %d`, got, len(paths))
	}
	// A load balancer's check may use HEAD.
	for _, p := range []string{"/healthz", "/readyz"} {
		if resp, _ := r.do("HEAD", p, "", nil); resp.StatusCode != 200 {
			t.Errorf("HEAD %s: %d", p, resp.StatusCode)
		}
	}
}

// A path that is not clean is no route: net/http's mux would answer it
// with a redirect to the cleaned path, sending the agent on.
func TestUncleanPathsAre404sNotRedirects(t *testing.T) {
	r := newRig(t)
	token := r.agent("ana", RoleLead)
	noFollow := *r.srv.Client()
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	cases := []struct{ method, path string }{
		{"GET", "/v2/customer/../customer/" + alice},
		{"GET", "/v2//customer/" + alice},
		{"GET", "//v2/customer"},
		{"GET", "/v2/customer/./" + alice},
		{"GET", "/v2/customer/" + alice + "/."},
		{"GET", "/v2/customer/" + alice + "/kyc-link/.."},
		{"GET", "/v2/transfer/%2e%2e/customer/" + alice},
		{"GET", "/v2/transfer/%2E%2E/customer?search=a"},
		{"GET", "/v2/customer/%2e/" + alice},
		{"POST", "/v2/transfer/../customer/" + alice + "/kyc-link"},
		{"POST", "/v2/customer/" + alice + "//kyc-link"},
		{"GET", "/kyclink/v1/../v1/record"},
	}
	for _, c := range cases {
		req, err := http.NewRequest(c.method, r.srv.URL+c.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := noFollow.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var p struct {
			Status int    `json:"status"`
			Code   string `json:"code"`
		}
		_ = json.Unmarshal(b, &p)
		if resp.StatusCode != 404 || p.Status != 404 || p.Code != "resource/not-found" || resp.Header.Get("Location") != "" {
			t.Errorf("%s %s: %d Location %q %s", c.method, c.path, resp.StatusCode, resp.Header.Get("Location"), b)
		}
	}
	if n := r.upstreamCalls(); n != 0 {
		t.Errorf("%d calls reached Sphere", n)
	}
	if recs := r.records(); len(recs) != 0 {
		t.Errorf("recorded: %+v", recs)
	}
	if got := r.otherCount(); got != strconv.Itoa(len(cases)) {
		t.Errorf(`metrics count %s as route "other", want %d`, got, len(cases))
	}
}

// Request targets net/http's mux would answer itself, in its own words
// (a CONNECT to a host, a "*"), get the gateway's 404 problem as any
// other route.
func TestOddRequestTargetsAreTheProblem404(t *testing.T) {
	r := newRig(t)
	for _, line := range []string{"CONNECT api.spherepay.co:443 HTTP/1.1", "GET * HTTP/1.1"} {
		conn, err := net.Dial("tcp", r.srv.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "%s\r\nHost: api.spherepay.co:443\r\nConnection: close\r\n\r\n", line)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		b, _ := io.ReadAll(resp.Body)
		conn.Close()
		if resp.StatusCode != 404 || resp.Header.Get("Content-Type") != "application/problem+json" || !strings.Contains(string(b), `"code":"resource/not-found"`) {
			t.Errorf("%s: %d %s %s", line, resp.StatusCode, resp.Header.Get("Content-Type"), b)
		}
	}
	if n := r.upstreamCalls(); n != 0 {
		t.Errorf("%d calls reached Sphere", n)
	}
}

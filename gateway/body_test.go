package gateway

import (
	"net/http"
	"strings"
	"testing"
)

// Sphere gets exactly the bodies kyclink sends: {} for a link, and a
// code's channel for otp-send, each as application/json (Sphere marks the
// header required for POST), whatever the agent sent or called it. A field kyclink never sets (a contact to
// send the code to, a redirect) is refused at the gateway.
func TestOnlyKyclinksBodiesReachSphere(t *testing.T) {
	r := newRig(t)
	token := r.agent("ana", RoleAgent)
	for _, c := range []struct{ path, body string }{
		{"/kyc-link", `{"redirectUrl":"https://evil.example"}`},
		{"/tos-link", `[]`},
		{"/otp-send", `{"type":"email","email":"someone@evil.example"}`},
		{"/otp-send", `{"type":"fax"}`},
		{"/otp-send", `{"type":"email"}{"type":"phone"}`},
		{"/otp-send", ``},
	} {
		before := r.upstreamCalls()
		resp, body := r.do(http.MethodPost, "/v2/customer/"+alice+c.path, token, strings.NewReader(c.body))
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "request/bad-body") || r.upstreamCalls() != before {
			t.Errorf("%s %s: %d %s, %d calls to Sphere", c.path, c.body, resp.StatusCode, body, r.upstreamCalls()-before)
		}
	}
	for _, c := range []struct{ path, body, want string }{
		{"/kyc-link", ` {} `, "{}"},
		{"/tos-link", ``, "{}"},
		{"/otp-send", `{ "type" : "phone" }`, `{"type":"phone"}`},
	} {
		if resp, body := r.do(http.MethodPost, "/v2/customer/"+alice+c.path, token, strings.NewReader(c.body)); resp.StatusCode != http.StatusCreated {
			t.Fatalf("%s %s: %d %s", c.path, c.body, resp.StatusCode, body)
		}
		reqs := r.sphere.Handler.Requests()
		if got := reqs[len(reqs)-1]; got.Body != c.want || got.ContentType != "application/json" {
			t.Errorf("%s: Sphere got %q as %q, want %q as application/json", c.path, got.Body, got.ContentType, c.want)
		}
	}
}

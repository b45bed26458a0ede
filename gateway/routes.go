// This file owns the allow-list: the only Sphere endpoints the gateway
// forwards, each with the action the record names it by and whether it
// reads or writes.

package gateway

import (
	"net/http"
	"strings"

	"github.com/kyclink/kyclink/client"
)

// route is one forwarded endpoint.
type route struct {
	pattern string        // net/http's ServeMux pattern, also the metrics label
	action  client.Action // as the record names it
	write   bool          // counts against the team's write limit
	suffix  string        // the path after /v2/customer/{id}; "" for the search
	query   []string      // the query parameters passed on (others dropped)
}

// routes are exactly the endpoints kyclink calls: nothing else reaches
// Sphere (POST /v2/transfer, say, is answered 404 by the gateway).
var routes = []route{
	{pattern: "POST /v2/customer/{id}/kyc-link", action: client.ActionKYCLink, write: true, suffix: "/kyc-link"},
	{pattern: "POST /v2/customer/{id}/tos-link", action: client.ActionTermsLink, write: true, suffix: "/tos-link"},
	{pattern: "POST /v2/customer/{id}/otp-send", action: client.ActionOTPSend, write: true, suffix: "/otp-send"},
	{pattern: "POST /v2/customer/{id}/face-verification-link", action: client.ActionFaceLink, write: true, suffix: "/face-verification-link"},
	{pattern: "GET /v2/customer/{id}", action: client.ActionCustomer},
	{pattern: "GET /v2/customer", action: client.ActionSearch, query: []string{"page", "limit", "search", "email", "status", "type"}},
}

// customerRoute is GET /v2/customer/{id}'s place in routes: the read
// that is coalesced.
const customerRoute = 4

// routable reports whether the mux may see r. net/http's ServeMux lets a
// "GET /x" pattern match HEAD, which would reach Sphere as a GET and be
// recorded; and it answers a path that is not clean (.., //, ., a
// %2e%2e) with a redirect to the cleaned one, sending an agent elsewhere
// by a route nobody allowed. Both, and CONNECT, are the 404 of any other
// route instead. HEAD stays for /healthz and /readyz: they carry nothing,
// reach neither Sphere nor the record, and load balancers' HTTP checks
// (HAProxy's httpchk HEAD, say) may use it.
func routable(r *http.Request) bool {
	switch r.Method {
	case http.MethodConnect:
		return false
	case http.MethodHead:
		if r.URL.Path != "/healthz" && r.URL.Path != "/readyz" {
			return false
		}
	}
	return clean(r.URL.EscapedPath()) && clean(r.URL.Path)
}

// clean reports whether p is a path as the mux routes it without a
// redirect: absolute, no empty, "." or ".." segment (a trailing slash
// aside).
func clean(p string) bool {
	if p == "/" {
		return true
	}
	if !strings.HasPrefix(p, "/") {
		return false
	}
	for seg := range strings.SplitSeq(strings.TrimSuffix(p[1:], "/"), "/") {
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

// This file owns the allow-list: the only Sphere endpoints the gateway
// forwards, each with the action the record names it by and whether it
// reads or writes.

package gateway

import "github.com/kyclink/kyclink/client"

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

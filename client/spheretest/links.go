// This file owns the bodies of the fake's link answers, in the shapes
// Sphere's reference documents, and what it checks of a POST: the
// documented answer to a bad key, and what a request sent.

package spheretest

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Where the fake's links point: the KYC link to Sphere's verification
// provider, the terms link to Sphere itself.
const (
	kycLinkPrefix   = "https://in.sumsub.com/websdk/p/sbx_"
	termsLinkPrefix = "https://app.spherepay.co/tos/p/tos_"
	faceLinkPrefix  = "https://in.sumsub.com/websdk/p/face_"
	termsTokenLink  = "https://app.spherepay.co/tos?token=" // the older page's form, a JWT in the query
)

// TermsLinkLifetime is how long the fake's terms links live: as the
// reference's example token, one hour.
const TermsLinkLifetime = time.Hour

// jwtHeader is {"alg":"HS256","typ":"JWT"} in base64url, as the
// reference's example token begins.
const jwtHeader = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"

// linkBody is a 201's body for the link r asks for, in a documented shape.
// A KYC link for id that lives for life: {url, expiresAt} as the create
// pages show it, or with customerId too for WithCustomerID (the regenerate
// page). A terms link, living life but at most TermsLinkLifetime:
// {link, expiresAt} (the current reference), or the older {link} alone,
// with a JWT in its query (TermsToken) or without one (TermsNoExpiry). spoil, if not nil, changes the URL.
func (h *Handler) linkBody(r *http.Request, id string, life time.Duration, spoil func(string) string) []byte {
	if spoil == nil {
		spoil = func(u string) string { return u }
	}
	now := h.opts.Now()
	stamp := func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z07:00") }
	var b map[string]string
	if strings.HasSuffix(r.URL.Path, "/tos-link") {
		life = min(life, TermsLinkLifetime)
		switch id {
		case TermsNoExpiry:
			b = map[string]string{"link": spoil(termsLinkPrefix + h.token(24))}
		case TermsToken:
			b = map[string]string{"link": spoil(termsTokenLink + h.jwt(id, now, life))}
		default:
			b = map[string]string{"link": spoil(termsLinkPrefix + h.token(24)), "expiresAt": stamp(now.Add(life))}
		}
	} else {
		prefix := kycLinkPrefix
		if strings.HasSuffix(r.URL.Path, "/face-verification-link") { // the same documented shape
			prefix, life = faceLinkPrefix, min(life, faceLinkLife)
		}
		b = map[string]string{"url": spoil(prefix + h.token(16)), "expiresAt": stamp(now.Add(life))}
		if id == WithCustomerID {
			b["customerId"] = id
		}
	}
	body, _ := json.Marshal(b)
	return body
}

// jwt is a token shaped as the reference's example: a JWT whose payload
// names the customer and lives from now for life. Its signature is
// random: nobody checks it, kyclink least of all.
func (h *Handler) jwt(id string, now time.Time, life time.Duration) string {
	payload := fmt.Sprintf(`{"customerId":%q,"iat":%d,"exp":%d}`, id, now.Unix(), now.Add(life).Unix())
	return jwtHeader + "." + base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." + h.token(43)
}

// forbidden is the current reference's answer to a missing or invalid key.
func (h *Handler) forbidden(w http.ResponseWriter, r *http.Request, id string) {
	h.write(w, r, id, http.StatusForbidden, "application/json",
		map[string]any{"status": 403, "detail": "Forbidden resource", "correlationId": h.correlationID()})
}

type bodyKey struct{}

// withBody reads what a request sent (at most 1 KiB, for Requests) before
// anything is answered.
func withBody(r *http.Request) *http.Request {
	b, _ := io.ReadAll(io.LimitReader(r.Body, 1<<10))
	return r.WithContext(context.WithValue(r.Context(), bodyKey{}, string(b)))
}

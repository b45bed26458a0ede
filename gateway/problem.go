// This file owns the gateway's own answers in Sphere's problem shape
// ({status, detail, code}), so an agent's kyclink reads them as it reads
// Sphere's.

package gateway

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// problem writes one of the gateway's own failures.
func problem(w http.ResponseWriter, status int, code, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"status": status, "detail": detail, "code": code})
}

// notFound answers every path and method the gateway does not forward.
func notFound(w http.ResponseWriter, _ *http.Request) {
	problem(w, http.StatusNotFound, "resource/not-found", "Not a kyclink gateway route")
}

// unauthorized answers a missing, wrong or revoked token as Sphere answers
// a bad key (kyclink: "key refused", exit 4).
func unauthorized(w http.ResponseWriter) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="kyclink gateway"`)
	problem(w, http.StatusUnauthorized, "unauthorized", "Invalid or missing token for this gateway.")
}

// tooMany answers a request over a rate limit, saying when to come back
// in whole seconds (kyclink honours Retry-After).
func tooMany(w http.ResponseWriter, wait time.Duration) {
	secs := max(1, int((wait+time.Second-1)/time.Second))
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	problem(w, http.StatusTooManyRequests, "rate-limit/exceeded", "Too many requests through the gateway; retry after "+strconv.Itoa(secs)+" s.")
}

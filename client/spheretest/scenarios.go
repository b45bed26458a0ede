// This file owns the scenarios: which customer ID makes the fake answer
// how, from a 90-second link to a server that stalls or forges text. They
// hold for both kinds of link; a lookup of one answers as failure says.

package spheretest

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Scenario customer IDs: the last digits name the behaviour.
const (
	Expires90s     = "customer_00000000000000000000000000000090"
	BadRequest     = "customer_00000000000000000000000000000400"
	Unauthorized   = "customer_00000000000000000000000000000401"
	Forbidden      = "customer_00000000000000000000000000000403"
	NotFound       = "customer_00000000000000000000000000000404"
	Slow           = "customer_00000000000000000000000000000408"
	NotLinkFlow    = "customer_00000000000000000000000000000409"
	LegacyNotFound = "customer_00000000000000000000000000000410"
	Validation     = "customer_00000000000000000000000000000422"
	RateLimited    = "customer_00000000000000000000000000000429"
	ServerError    = "customer_00000000000000000000000000000500"

	// Documented shapes besides the default ones (see links.go).
	WithCustomerID = "customer_00000000000000000000000000000201" // a KYC link with customerId, as the regenerate page shows it
	TermsNoExpiry  = "customer_00000000000000000000000000000202" // a terms link as {link} alone, no token: expiry not known
	TermsToken     = "customer_00000000000000000000000000000203" // a terms link as {link} alone, its token's exp the only expiry
	// RepeatRefused answers a call's first attempt 503 and its retry (the
	// same idempotency key) 409, as a reused key "will error before
	// processing"; a new key gets a link.
	RepeatRefused = "customer_00000000000000000000000000001409"

	// Faults of a hostile or broken server, for the limits of the client.
	SwitchingProtocols = "customer_00000000000000000000000000000101" // 101, then the connection is held open
	StalledBody        = "customer_00000000000000000000000000000206" // 201 headers and half a body, then nothing
	SoftHyphenLink     = "customer_00000000000000000000000000000173" // 201 with a link hiding a soft hyphen (U+00AD is 173)
	IPAddressLink      = "customer_00000000000000000000000000000127" // 201 with a link on 127.0.0.1: never an expected host
	PlainHTTPLink      = "customer_00000000000000000000000000000080" // 201 with an http:// link (80 is http's port): refused
	HostileText        = "customer_00000000000000000000000000000666" // 422 whose every text tries to forge kyclink's lines or hide
)

// DefaultLinkLifetime is how long ordinary demo links live.
const DefaultLinkLifetime = 28 * 24 * time.Hour

// DefaultSlowDelay is how long the Slow scenario takes to answer.
const DefaultSlowDelay = 8 * time.Second

// DefaultStallFor is how long the SwitchingProtocols and StalledBody
// scenarios hold a connection the client has not given up.
const DefaultStallFor = 10 * time.Minute

// failure answers the scenarios that fail whatever is asked of the
// customer, a link or a lookup (403, 404, the legacy 404, 500), and
// reports whether id is one of them. 401 is the key check's.
func (h *Handler) failure(w http.ResponseWriter, r *http.Request, id string) bool {
	switch id {
	case Forbidden:
		h.forbidden(w, r, id)
	case NotFound:
		h.problem(w, r, id, 404, "Resource not found", "resource/not-found", nil)
	case LegacyNotFound:
		h.write(w, r, id, 404, "application/json", map[string]any{
			"ts": h.opts.Now().UTC().Format(time.RFC3339), "error": map[string]string{"general": "Customer not found"}})
	case ServerError:
		h.problem(w, r, id, 500, "Internal server error", "internal/error", nil)
	default:
		return false
	}
	return true
}

// scenario answers a well-formed request for a link with a valid key as
// its customer ID says: a scenario ID its behaviour, any other a 28-day
// link (a terms link states no expiry).
func (h *Handler) scenario(w http.ResponseWriter, r *http.Request, id, key string) {
	if h.failure(w, r, id) {
		return
	}
	switch id {
	case BadRequest:
		h.problem(w, r, id, 400, "Invalid request parameters", "address/invalid", nil)
	case NotLinkFlow:
		h.problem(w, r, id, 422, "Customer was not created via an onboarding link", "customer/unsupported-flow",
			[]map[string]string{{"detail": "Only customers created via the onboarding link flow can get a new KYC link", "parameter": "id"}})
	case Validation:
		h.problem(w, r, id, 422, "Validation failed", "validation/failed", []map[string]string{
			{"detail": "Invalid email format", "pointer": "/email"},
			{"detail": "Postal code is required", "pointer": "/address/postalCode"},
		})
	case RateLimited:
		if !h.firstTry429(key, id) {
			h.link(w, r, id, key, DefaultLinkLifetime)
			return
		}
		w.Header().Set("Retry-After", "1")
		h.problem(w, r, id, 429, "Too many requests", "rate-limit/exceeded", nil)
	case Slow:
		select {
		case <-r.Context().Done():
			h.record(id, r, 499) // the client went away: nothing to answer
			return
		case <-time.After(h.opts.SlowDelay):
		}
		h.link(w, r, id, key, DefaultLinkLifetime)
	case SwitchingProtocols:
		h.switchProtocols(w, r, id)
	case StalledBody:
		h.stallBody(w, r, id)
	case SoftHyphenLink:
		// At position 31, in the path of either kind of link.
		h.spoiltLink(w, r, id, func(u string) string { return u[:30] + "\u00ad" + u[30:] })
	case IPAddressLink:
		h.spoiltLink(w, r, id, func(u string) string {
			host := strings.SplitN(strings.TrimPrefix(u, "https://"), "/", 2)[0]
			return strings.Replace(u, "//"+host+"/", "//127.0.0.1/", 1)
		})
	case PlainHTTPLink:
		h.spoiltLink(w, r, id, func(u string) string { return strings.Replace(u, "https://", "http://", 1) })
	case HostileText:
		h.write(w, r, id, 422, "application/problem+json", hostileProblem(h.correlationID()))
	case Expires90s:
		h.link(w, r, id, key, 90*time.Second)
	case RepeatRefused:
		h.repeatRefused(w, r, id, key)
	default:
		h.link(w, r, id, key, DefaultLinkLifetime)
	}
}

// spoiltLink answers 201 with a link that spoil has changed.
func (h *Handler) spoiltLink(w http.ResponseWriter, r *http.Request, id string, spoil func(string) string) {
	h.send(w, r, id, http.StatusCreated, "application/json", h.linkBody(r, id, DefaultLinkLifetime, spoil))
}

// switchProtocols answers 101 Switching Protocols and then says nothing
// more, holding the connection until the client hangs up (or StallFor
// passes): what an HTTP client reading that "body" would wait on forever.
func (h *Handler) switchProtocols(w http.ResponseWriter, r *http.Request, id string) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		h.problem(w, r, id, 500, "This scenario needs a real connection", "", nil)
		return
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	h.record(id, r, http.StatusSwitchingProtocols)
	fmt.Fprintf(buf, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\nConnection: Upgrade\r\nDate: %s\r\n\r\n",
		h.opts.Now().UTC().Format(http.TimeFormat))
	if buf.Flush() != nil {
		return
	}
	_ = conn.SetReadDeadline(time.Now().Add(h.opts.StallFor))
	_, _ = io.Copy(io.Discard, conn) // until the client hangs up
}

// stallBody sends the headers of a 201 link and half its body, then
// nothing, until the client gives up (or StallFor passes).
func (h *Handler) stallBody(w http.ResponseWriter, r *http.Request, id string) {
	body := h.linkBody(r, id, DefaultLinkLifetime, nil)
	h.record(id, r, http.StatusCreated)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusCreated)
	_, _ = w.Write(body[:len(body)/2])
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	select {
	case <-r.Context().Done():
	case <-time.After(h.opts.StallFor):
	}
}

// ForgedDetail is the HostileText scenario's detail: lines that, printed
// as they are, would pass for kyclink's own.
const ForgedDetail = "ok\nkyclink: Link copied\nCorrelation ID: fake\u2028Expires: never"

// hostileProblem is a problem whose every text is hostile: line breaks in
// one-line fields, forged lines, invisible and ambiguous-width characters,
// a bidi override and an escape sequence.
func hostileProblem(correlationID string) map[string]any {
	return map[string]any{
		"status":        422,
		"title":         "Forged\nkyclink: Link copied",
		"detail":        ForgedDetail + "\npay\u00adment \u1100\u1161 \u202eevil \x1b[2Jwiped",
		"code":          "bad\nCorrelation ID: fake",
		"correlationId": correlationID + "\nkyclink: Link copied",
		"errors": []map[string]string{
			{"detail": "bad\nkyclink: Link copied", "pointer": "/email\nCorrelation ID: fake"},
			{"detail": "also bad", "parameter": "id\u2028Expires: never", "header": "X\nkyclink: x"},
		},
	}
}

// firstTry429 is true the first time a call (by idempotency key, or by
// customer without one) reaches the rate-limit scenario.
func (h *Handler) firstTry429(key, id string) bool {
	if key == "" {
		key = "customer:" + id
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.seen429[key] {
		delete(h.seen429, key)
		return false
	}
	h.seen429[key] = true
	return true
}

// repeatRefused answers the RepeatRefused scenario: a call's first
// idempotency key gets a 503 and then, reused, a 409 (Sphere indexes a key
// whatever the answer); the next key a link, and the one after that starts
// over.
func (h *Handler) repeatRefused(w http.ResponseWriter, r *http.Request, id, key string) {
	h.mu.Lock()
	first, seen := h.firstKey[id]
	switch {
	case !seen:
		h.firstKey[id] = key
	case key != first:
		delete(h.firstKey, id)
	}
	h.mu.Unlock()
	switch {
	case !seen:
		h.problem(w, r, id, 503, "Service unavailable", "", nil)
	case key == first:
		h.problem(w, r, id, 409, "A request with this idempotency key was already made", "idempotency/key-reused", nil)
	default:
		h.link(w, r, id, key, DefaultLinkLifetime)
	}
}

// This file owns the fake's other helps for a customer: a verification
// code sent again, POST /v2/customer/{id}/otp-send, in both documented
// answer shapes. (The face verification link is a link: spheretest.go.)

package spheretest

import (
	"encoding/json"
	"net/http"
	"strings"
)

// OlderCodeShape reports whether the fake answers a code sent to id in the
// older documented shape, {type, contact, verified, expiresAt}: the
// Sample family does; everyone else gets the current {customerId,
// expiresAt}.
func OlderCodeShape(id string) bool { return strings.HasPrefix(id, "customer_5a3b1e") }

// sendCode answers POST …/otp-send: the body must be {"type":"email"} or
// {"type":"phone"} and the customer must have that contact; a code then
// lives codeLife, and the demo customer's verification starts to move.
func (h *Handler) sendCode(w http.ResponseWriter, r *http.Request, id string) {
	if h.failure(w, r, id) {
		return
	}
	key := r.Header.Get("Idempotency-Key")
	if rep, ok := h.replay(key, r.URL.Path); ok {
		h.send(w, r, id, rep.status, "application/json", rep.body)
		return
	}
	c, ok := h.lookup(id)
	if !ok {
		h.problem(w, r, id, http.StatusNotFound, "Resource not found", "resource/not-found", nil)
		return
	}
	var in struct{ Type string }
	raw, _ := r.Context().Value(bodyKey{}).(string) // read once, by withBody
	if json.Unmarshal([]byte(raw), &in) != nil || in.Type != "email" && in.Type != "phone" {
		h.problem(w, r, id, http.StatusUnprocessableEntity, "Validation failed", "validation/failed",
			[]map[string]string{{"detail": "type must be email or phone", "pointer": "/type"}})
		return
	}
	contact := c.Email
	if in.Type == "phone" {
		contact = c.Phone
	}
	if contact == "" {
		h.problem(w, r, id, http.StatusUnprocessableEntity, "The customer has no "+in.Type, "validation/failed",
			[]map[string]string{{"detail": "no " + in.Type + " on file", "pointer": "/type"}})
		return
	}
	exp := h.opts.Now().Add(codeLife).UTC().Format("2006-01-02T15:04:05.000Z07:00")
	answer := map[string]any{"customerId": id, "expiresAt": exp}
	if OlderCodeShape(id) {
		answer = map[string]any{"type": in.Type, "contact": contact, "verified": false, "expiresAt": exp}
	}
	body, _ := json.Marshal(answer)
	if key != "" {
		h.mu.Lock()
		h.replies[key] = reply{path: r.URL.Path, status: http.StatusCreated, body: body}
		h.mu.Unlock()
	}
	h.started(id, "otp-"+in.Type)
	h.send(w, r, id, http.StatusCreated, "application/json", body)
}

// This file owns the fake's customer list, GET /v2/customer, as far as
// `kyclink auth login` needs it: the key is checked and the list is empty.

package spheretest

import "net/http"

// listPath is the customer list's path.
const listPath = "/v2/customer"

// list answers GET /v2/customer: 401 for a wrong key, else an empty page.
func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		h.problem(w, r, "", http.StatusMethodNotAllowed, "Method not allowed", "", nil)
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+h.opts.APIKey {
		h.write(w, r, "", http.StatusUnauthorized, "application/json",
			map[string]any{"status": 401, "detail": "Invalid or missing API key.", "code": "unauthorized"})
		return
	}
	h.write(w, r, "", http.StatusOK, "application/json", map[string]any{
		"customers":  []any{},
		"pagination": map[string]int{"limit": 1, "page": 1, "total": 0},
	})
}

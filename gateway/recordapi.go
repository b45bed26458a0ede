// This file owns GET /kyclink/v1/record: the team's record read back, one
// customer at a time for an agent, everyone for a lead.

package gateway

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// RecordAnswer is the body of GET /kyclink/v1/record.
type RecordAnswer struct {
	Records []Record `json:"records"`
}

// record answers ?customer=ID&since=DURATION&limit=N. An agent must name a
// customer (the recall: "by ana at 10:42"); a lead may read everything.
func (g *Gateway) record(w http.ResponseWriter, r *http.Request, a Agent) {
	q := r.URL.Query()
	f := RecordFilter{}
	if c := q.Get("customer"); c != "" {
		if !validID(c) {
			problem(w, http.StatusBadRequest, "customer/invalid-id", "The customer ID must match ^customer_[a-z0-9]+$.")
			return
		}
		f.CustomerID = c
	} else if a.Role != RoleLead {
		problem(w, http.StatusForbidden, "record/lead-only", "Only a lead may read the whole record; name a customer.")
		return
	}
	if s := q.Get("since"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d < 0 {
			problem(w, http.StatusBadRequest, "record/bad-since", "since is a duration such as 24h (0: all).")
			return
		}
		if d > 0 {
			f.Since = g.now().Add(-d)
		}
	}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			problem(w, http.StatusBadRequest, "record/bad-limit", "limit is a positive number.")
			return
		}
		f.Limit = n
	}
	ctx, cancel := context.WithTimeout(r.Context(), g.storeWait)
	defer cancel()
	recs, err := g.store.Records(ctx, f)
	if err != nil {
		g.log.Error("record not read", "error", g.redact.String(err.Error()))
		problem(w, http.StatusServiceUnavailable, "gateway/record-unavailable", "The gateway could not read the record.")
		return
	}
	if recs == nil {
		recs = []Record{}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(RecordAnswer{Records: recs})
}

package gateway

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// Sphere refusing the gateway's key is told to the agent as the gateway's
// trouble (502), not passed on as a 401 or 403 that kyclink reads as the
// agent's own token refused; the record keeps Sphere's status.
func TestSpheresRefusalOfTheGatewaysKeyIsNotTheAgents(t *testing.T) {
	for _, status := range []int{http.StatusUnauthorized, http.StatusForbidden} {
		up := newUpstream(t, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = io.WriteString(w, `{"status":401,"detail":"Invalid or missing API key.","code":"unauthorized"}`)
		})
		r := newRig(t, func(o *Options) { o.SphereURL = up })
		resp, body := r.do(http.MethodPost, "/v2/customer/"+alice+"/kyc-link", r.agent("ana", RoleAgent), nil)
		if resp.StatusCode != http.StatusBadGateway || !strings.Contains(body, "gateway/key-refused") {
			t.Errorf("Sphere's %d: %d %s", status, resp.StatusCode, body)
		}
		if recs := r.records(); len(recs) != 1 || recs[0].Status != status {
			t.Errorf("record: %+v", recs)
		}
		if !strings.Contains(r.logs.String(), "Sphere refused the gateway's key") {
			t.Errorf("log: %s", r.logs.String())
		}
	}
}

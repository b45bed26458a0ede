package gateway

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// A redirect from Sphere is never followed (the key would go to another
// host) and reaches the agent as the gateway's 502, without its Location.
func TestSpheresRedirectIsNeverFollowed(t *testing.T) {
	var elsewhere atomic.Int32
	other := newUpstream(t, func(http.ResponseWriter, *http.Request) { elsewhere.Add(1) })
	for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, other+r.URL.Path, status)
		})
		r := newRig(t, func(o *Options) { o.SphereURL = up })
		resp, body := r.do(http.MethodPost, "/v2/customer/"+alice+"/kyc-link", r.agent("ana", RoleAgent), nil)
		if resp.StatusCode != http.StatusBadGateway || !strings.Contains(body, "gateway/upstream-redirect") || resp.Header.Get("Location") != "" {
			t.Errorf("Sphere's %d: %d %v %s", status, resp.StatusCode, resp.Header, body)
		}
		r.do(http.MethodGet, "/readyz", "", nil)
	}
	if n := elsewhere.Load(); n != 0 {
		t.Errorf("the redirect was followed %d times", n)
	}
}

// Sphere's headers beyond 64 KiB are no answer: a 502, recorded.
func TestSpheresHugeHeadersAreRefused(t *testing.T) {
	up := newUpstream(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("X-Junk", strings.Repeat("j", 200<<10))
		w.WriteHeader(http.StatusOK)
	})
	r := newRig(t, func(o *Options) { o.SphereURL = up })
	resp, body := r.do(http.MethodGet, "/v2/customer/"+alice, r.agent("ana", RoleAgent), nil)
	if resp.StatusCode != http.StatusBadGateway {
		t.Errorf("%d %s", resp.StatusCode, body)
	}
	if recs := r.records(); len(recs) != 1 || recs[0].Status != 0 {
		t.Errorf("%+v", recs)
	}
}

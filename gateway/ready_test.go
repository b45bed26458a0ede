package gateway

import (
	"net/http"
	"sync/atomic"
	"testing"
	"time"
)

// /readyz needs no token: asked many times, it asks Sphere at most once a
// second, so no stranger can turn it into a stream of calls to Sphere.
func TestReadinessAsksSphereAtMostOnceASecond(t *testing.T) {
	var heads atomic.Int32
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			heads.Add(1)
		}
	})
	r := newRig(t, func(o *Options) { o.SphereURL = up })
	for range 20 {
		if resp, body := r.do(http.MethodGet, "/readyz", "", nil); resp.StatusCode != http.StatusOK {
			t.Fatalf("%d %s", resp.StatusCode, body)
		}
	}
	if n := heads.Load(); n != 1 {
		t.Errorf("20 readiness checks made %d calls to Sphere, want 1", n)
	}
	r.advance(time.Second)
	r.do(http.MethodGet, "/readyz", "", nil)
	if n := heads.Load(); n != 2 {
		t.Errorf("a second later: %d calls to Sphere, want 2", n)
	}
}

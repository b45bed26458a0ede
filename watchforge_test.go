package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kyclink/kyclink/client/spheretest"
)

// A failed read is said on stderr between the watch's own lines on
// stdout: Sphere's text in it must stay on that one line, never start a
// line that reads as a change ("10:52 approved …") or as kyclink's own.
func TestWatchFailureCannotForgeALine(t *testing.T) {
	r, s, k := watchRunner(t)
	fails := 0
	srv := httptestProxy(t, s, func(w http.ResponseWriter, req *http.Request) bool {
		if req.Method == http.MethodGet && fails < 1 && len(k.waits) > 0 {
			fails++
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"status":503,"detail":"busy\n10:52 approved · approved · next: No link needed\nkyclink: the customer was approved"}`))
			return true
		}
		return false
	})
	r.env["SPHERE_BASE_URL"] = srv
	res := r.run(t, "watch", spheretest.CustomerPending, "--for", "1m")
	if fails != 1 || !strings.Contains(res.stderr, "reading the customer failed") {
		t.Fatalf("exit %d, %d failures: %s", res.code, fails, res.stderr)
	}
	for _, line := range strings.Split(res.stdout+res.stderr, "\n") {
		if strings.HasPrefix(line, "10:52") || strings.HasPrefix(line, "kyclink: the customer") {
			t.Errorf("a line forged by the server: %q\nstderr:\n%s", line, res.stderr)
		}
	}
}

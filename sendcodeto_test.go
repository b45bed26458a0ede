package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kyclink/kyclink/client/spheretest"
)

// When Sphere's answer says the code went another way than asked (the
// older shape's type), the agent is told where Sphere says it went,
// masked as that: never the email address masked as a phone number.
func TestSendCodeSaysWhereSphereSentIt(t *testing.T) {
	r, s, _ := watchRunner(t)
	srv := httptestProxy(t, s, func(w http.ResponseWriter, req *http.Request) bool {
		if !strings.HasSuffix(req.URL.Path, "/otp-send") {
			return false
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"type":"phone","verified":false,"expiresAt":"2026-11-26T09:10:00Z"}`))
		return true
	})
	r.env["SPHERE_BASE_URL"] = srv
	res := r.run(t, "send-code", spheretest.CustomerTermsPending, "--email")
	if res.code != 0 || res.stdout != "Code sent by phone to +1 •••• 0005, valid until 10:10 (in 10m 0s).\n" {
		t.Errorf("exit %d %q %q", res.code, res.stdout, res.stderr)
	}
}

// This file tests what kyclink does not trust a server with: the key never
// comes back out, and an absurd server clock is doubted.

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client/spheretest"
	"github.com/kyclink/kyclink/ui"
)

// hostileKey is the key the fault-injecting servers try to echo.
const hostileKey = spheretest.HostileKey

func leaksKey(s string) bool { return spheretest.LeaksKey(s, hostileKey) }

// echoKeyServer answers every call with a 422 problem that repeats the
// Authorization header's key in every field it has.
func echoKeyServer(t *testing.T) runner {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(422)
		fmt.Fprintf(w, `{"status":422,"title":"Key %[1]s","detail":"the key %[1]s is not allowed","code":"key/%[2]s",`+
			`"correlationId":"%[1]s","errors":[{"detail":"for %[1]s","pointer":"/%[1]s"},{"detail":"d","parameter":"%[2]s"}]}`,
			k, k[4:16])
	}))
	t.Cleanup(srv.Close)
	return runner{env: map[string]string{"SPHERE_BASE_URL": srv.URL, "SPHERE_API_KEY": hostileKey}}
}

func TestKeyNeverComesBackOnStderr(t *testing.T) {
	r := echoKeyServer(t)
	res := r.run(t, "regenerate", okID)
	if res.code != 1 || leaksKey(res.stderr) || leaksKey(res.stdout) {
		t.Fatalf("exit %d, the key may be in:\n%s", res.code, res.stderr)
	}
	for _, want := range []string{"the key [redacted] is not allowed", "code: key/[redacted]", "correlation ID: [redacted]", "[redacted]: for [redacted]"} {
		if !strings.Contains(res.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, res.stderr)
		}
	}

	res = r.run(t, "regenerate", okID, "--json")
	var je jsonError
	if err := json.Unmarshal([]byte(res.stderr), &je); err != nil || res.code != 1 {
		t.Fatalf("--json: exit %d, %v: %q", res.code, err, res.stderr)
	}
	if leaksKey(res.stderr) || je.Detail != "the key [redacted] is not allowed" || je.CorrelationID != "[redacted]" {
		t.Errorf("--json stderr:\n%s", res.stderr)
	}

	res = r.run(t, "regenerate", okID, "--debug")
	if !strings.Contains(res.stderr, "problem: kind=validation") || leaksKey(res.stderr) {
		t.Errorf("--debug stderr:\n%s", res.stderr)
	}
}

func TestKeyNeverComesBackInTheDebugFile(t *testing.T) {
	r := echoKeyServer(t)
	path := filepath.Join(t.TempDir(), "debug.log")
	var shown string
	r.tty = true
	r.tui = func(ctx context.Context, o ui.Options) error { // what the app would do
		_, err := o.Client.RegenerateKYCLinkWithKey(ctx, okID, "")
		shown = err.Error()
		return nil
	}
	if res := r.run(t, "--debug", "--debug-file", path); res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	log, err := os.ReadFile(path)
	if err != nil || !bytes.Contains(log, []byte("problem: kind=validation")) || leaksKey(string(log)) {
		t.Errorf("debug file (%v):\n%s", err, log)
	}
	if leaksKey(shown) || !strings.Contains(shown, "[redacted]") {
		t.Errorf("the app was handed %q", shown)
	}
}

func TestAbsurdServerClockOnRegenerate(t *testing.T) {
	serve := func(date, exp string) runner {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Date", date)
			w.WriteHeader(201)
			fmt.Fprintf(w, `{"customerId":%q,"url":"https://in.sumsub.com/websdk/p/x","expiresAt":%q}`, okID, exp)
		}))
		t.Cleanup(srv.Close)
		return runner{env: map[string]string{"SPHERE_BASE_URL": srv.URL, "SPHERE_API_KEY": hostileKey}}
	}
	// A Date in 2100 no longer refuses a good link: it counts on our clock and says so.
	res := serve("Fri, 01 Jan 2100 00:00:00 GMT", "2026-12-24T09:00:00Z").run(t, "regenerate", okID)
	if res.code != 0 || !strings.Contains(res.stderr, "in 28d 0h 0m 0s") ||
		!strings.Contains(res.stderr, "Clock:       Sphere's clock is off by 73 years: counting on this computer's clock") {
		t.Errorf("2100: exit %d, stderr:\n%s", res.code, res.stderr)
	}
	// A Date in 1990 no longer makes a 1995 link valid for five years.
	res = serve("Mon, 01 Jan 1990 00:00:00 GMT", "1995-01-01T00:00:00Z").run(t, "regenerate", okID)
	if res.code != 1 || res.stdout != "" || !strings.Contains(res.stderr, "already expired") {
		t.Errorf("1990: exit %d, stdout %q, stderr:\n%s", res.code, res.stdout, res.stderr)
	}
	// A trusted clock says nothing.
	res = serve(spheretest.TestTime.Add(10*time.Minute).Format(http.TimeFormat), "2026-12-24T09:00:00Z").run(t, "regenerate", okID)
	if res.code != 0 || strings.Contains(res.stderr, "Clock:") || !strings.Contains(res.stderr, "in 27d 23h 50m 0s") {
		t.Errorf("trusted: exit %d, stderr:\n%s", res.code, res.stderr)
	}
}

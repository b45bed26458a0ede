// This file tests the regenerate command: the link alone on stdout, its
// details on stderr, --json, --demo and --debug.

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client/spheretest"
)

func TestRegeneratePrintsLinkAlone(t *testing.T) {
	r, h := fakeAPI(t)
	res := r.run(t, "regenerate", okID)
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	lines := strings.Split(strings.TrimSuffix(res.stdout, "\n"), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "https://in.sumsub.com/websdk/p/sbx_") {
		t.Errorf("stdout = %q, want the link alone", res.stdout)
	}
	for _, want := range []string{"Customer:    " + okID, "Thu 24 Dec 2026 10:00:00 CET (2026-12-24 09:00:00 UTC)",
		"in 28d 0h 0m 0s", "Environment: CUSTOM (127.0.0.1:"} {
		if !strings.Contains(res.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, res.stderr)
		}
	}
	if len(h.Requests()) != 1 {
		t.Error("expected one request")
	}
}

func TestRegenerateJSON(t *testing.T) {
	r, _ := fakeAPI(t)
	res := r.run(t, "regenerate", "--json", okID)
	if res.code != 0 || res.stderr != "" {
		t.Fatalf("exit %d, stderr %q", res.code, res.stderr)
	}
	var got map[string]string
	dec := json.NewDecoder(strings.NewReader(res.stdout))
	if err := dec.Decode(&got); err != nil || dec.More() {
		t.Fatalf("stdout is not exactly one JSON object: %q (%v)", res.stdout, err)
	}
	if len(got) != 3 || got["customerId"] != okID || got["expiresAt"] != "2026-12-24T09:00:00.000Z" || !strings.HasPrefix(got["url"], "https://") {
		t.Errorf("json = %v", got)
	}
}

func TestJSONDoesNotEscapeHTML(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(201)
		fmt.Fprintf(w, `{"customerId":%q,"url":"https://in.sumsub.com/p?a=1&b=<2>","expiresAt":"2026-12-24T09:00:00Z"}`, okID)
	}))
	defer srv.Close()
	r := runner{env: map[string]string{"SPHERE_BASE_URL": srv.URL, "SPHERE_API_KEY": "k"}}
	res := r.run(t, "regenerate", okID, "--json")
	if !strings.Contains(res.stdout, `"url":"https://in.sumsub.com/p?a=1&b=<2>"`) {
		t.Errorf("stdout = %q", res.stdout)
	}
}

func TestDemoNeedsNoKey(t *testing.T) {
	res := runner{env: map[string]string{}}.run(t, "--demo", "regenerate", okID, "--json")
	if res.code != 0 || !strings.Contains(res.stdout, `"customerId":"`+okID+`"`) {
		t.Errorf("--demo: exit %d, %q %q", res.code, res.stdout, res.stderr)
	}
}

func TestDebugRedacts(t *testing.T) {
	r, _ := fakeAPI(t)
	res := r.run(t, "regenerate", okID, "--debug")
	link := strings.TrimSpace(res.stdout)
	if res.code != 0 || !strings.Contains(res.stderr, "→ POST") || !strings.Contains(res.stderr, "← 201") {
		t.Fatalf("exit %d, stderr:\n%s", res.code, res.stderr)
	}
	if strings.Contains(res.stderr, spheretest.DemoKey) || strings.Contains(res.stderr, link) {
		t.Errorf("--debug leaked the key or the link:\n%s", res.stderr)
	}
}

func TestInterruptExits130(t *testing.T) {
	r, _ := fakeAPI(t)
	ctx, cancel := context.WithCancel(context.Background())
	r.ctx = ctx
	time.AfterFunc(50*time.Millisecond, cancel) // ctrl+c while Sphere is slow
	res := r.run(t, "regenerate", spheretest.Slow)
	if res.code != 130 {
		t.Errorf("exit %d, stderr %q", res.code, res.stderr)
	}
}

func TestRegenerateWithoutIDPointsAtItsHelp(t *testing.T) {
	r, _ := fakeAPI(t)
	res := r.run(t, "regenerate")
	if res.code != 2 || !strings.Contains(res.stderr, "Run 'kyclink regenerate --help' for usage.") {
		t.Errorf("exit %d, stderr %q", res.code, res.stderr)
	}
}

func TestJSONCarriesTheHostWarning(t *testing.T) {
	r := runner{env: map[string]string{}}
	res := r.run(t, "regenerate", "--demo", "--json", "customer_00000000000000000000000000000127")
	if res.code != 0 || !strings.Contains(res.stdout, `"warning":"the link's host 127.0.0.1 is not one of sumsub.com (it is an IP address)"`) {
		t.Errorf("exit %d, stdout %s", res.code, res.stdout)
	}
	res = r.run(t, "regenerate", "--demo", "--json", okID)
	if strings.Contains(res.stdout, "warning") {
		t.Errorf("a warning for an expected host: %s", res.stdout)
	}
}

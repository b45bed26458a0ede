// This file tests how failures are printed, for a person and with --json,
// and the exit code each one gets.

package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kyclink/kyclink/client/spheretest"
)

func TestFailuresAndExitCodes(t *testing.T) {
	tests := []struct {
		id     string
		code   int
		stderr []string
		kind   string
	}{
		{spheretest.BadRequest, 1, []string{"Request rejected (HTTP 400)", "Invalid request parameters", "code: address/invalid", "correlation ID: "}, "rejected"},
		{spheretest.Unauthorized, 4, []string{"Access denied", "Invalid or missing API key.", "code: unauthorized"}, "auth"},
		{spheretest.Forbidden, 4, []string{"Access denied", "Forbidden resource"}, "auth"},
		{spheretest.NotFound, 1, []string{"Customer not found (HTTP 404)", "code: resource/not-found"}, "not_found"},
		{spheretest.LegacyNotFound, 1, []string{"Customer not found (HTTP 404)"}, "not_found"},
		{spheretest.NotLinkFlow, 1, []string{"Validation failed (HTTP 422)", "id: Only customers created via the onboarding link flow"}, "validation"},
		{spheretest.Validation, 1, []string{"Validation failed (HTTP 422)", "email: Invalid email format", "address › postalCode: Postal code is required", "code: validation/failed"}, "validation"},
		{spheretest.ServerError, 5, []string{"Sphere unavailable (HTTP 500)", "Internal server error"}, "unavailable"},
	}
	for _, tt := range tests {
		t.Run(tt.id[len(tt.id)-3:], func(t *testing.T) {
			r, _ := fakeAPI(t)
			res := r.run(t, "regenerate", tt.id)
			if res.code != tt.code || res.stdout != "" {
				t.Errorf("exit %d (want %d), stdout %q", res.code, tt.code, res.stdout)
			}
			for _, want := range tt.stderr {
				if !strings.Contains(res.stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, res.stderr)
				}
			}
			res = r.run(t, "regenerate", tt.id, "--json")
			var je struct {
				Kind          string `json:"kind"`
				Status        int    `json:"status"`
				Detail        string `json:"detail"`
				CorrelationID string `json:"correlationId"`
				Errors        []struct {
					Field  string `json:"field"`
					Detail string `json:"detail"`
				} `json:"errors"`
			}
			dec := json.NewDecoder(strings.NewReader(res.stderr))
			if err := dec.Decode(&je); err != nil || dec.More() || res.code != tt.code {
				t.Fatalf("--json stderr is not one object (%v), exit %d: %q", err, res.code, res.stderr)
			}
			if je.Kind != tt.kind || je.Status == 0 || je.Detail == "" || je.Errors == nil {
				t.Errorf("json error = %+v", je)
			}
		})
	}
}

func TestRepeatRefusedSaysItAndExits(t *testing.T) {
	for _, args := range [][]string{{"regenerate"}, {"terms-link"}, {"regenerate", "--json"}} {
		r, h := fakeAPI(t)
		res := r.run(t, append([]string{args[0], spheretest.RepeatRefused}, args[1:]...)...)
		if res.code != 1 || res.stdout != "" {
			t.Errorf("%v: exit %d, stdout %q", args, res.code, res.stdout)
		}
		if len(args) == 1 {
			for _, want := range []string{"kyclink: Refused as a repeat (HTTP 409)", "may already have made a link", "Run the command again to make a new request, with a new key."} {
				if !strings.Contains(res.stderr, want) {
					t.Errorf("%v: stderr lacks %q:\n%s", args, want, res.stderr)
				}
			}
		} else if !strings.Contains(res.stderr, `"kind":"repeat_refused"`) {
			t.Errorf("--json: %s", res.stderr)
		}
		// Two attempts with one key, then nothing: never a loop.
		if reqs := h.Requests(); len(reqs) != 2 || reqs[0].IdempotencyKey != reqs[1].IdempotencyKey || reqs[1].Status != 409 {
			t.Errorf("%v: requests %+v", args, reqs)
		}
	}
}

func TestJSONFieldErrorsNameTheFieldAsSphereDid(t *testing.T) {
	for _, tt := range []struct{ id, want string }{
		{spheretest.Validation, `"errors":[{"field":"/email","detail":"Invalid email format","pointer":"/email"},` +
			`{"field":"/address/postalCode","detail":"Postal code is required","pointer":"/address/postalCode"}]`},
		{spheretest.NotLinkFlow, `{"field":"id","detail":"Only customers created via the onboarding link flow can get a new KYC link","parameter":"id"}`},
	} {
		res := runner{env: map[string]string{}}.run(t, "regenerate", "--demo", tt.id, "--json")
		if res.code != 1 || !strings.Contains(res.stderr, tt.want) || strings.Contains(res.stderr, "›") {
			t.Errorf("%s: exit %d, stderr %s", tt.id, res.code, res.stderr)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	r, h := fakeAPI(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"regenerate", "cus_123"}, `kyclink search "cus_123"`},
		{[]string{"regenerate", "CUSTOMER_ABC"}, "lower case"},
		{[]string{"regenerate"}, "exactly one CUSTOMER_ID"},
		{[]string{"regenerate", okID, "--demo", "--sandbox"}, "--demo and --sandbox"},
		{[]string{"--demo", "--base-url", "https://x.example", "regenerate", okID}, "--demo and --base-url"},
		{[]string{"regenerate", okID, "--sandbox", "--base-url", "https://x.example"}, "--sandbox and --base-url"},
		{[]string{"--demo", "--sandbox", "--base-url", "https://x.example"}, "kyclink: --demo and --sandbox cannot be used together\n"},
		{[]string{"regenerate", okID, "--base-url", "http://api.example.com"}, "plain http is allowed only for loopback"},
		{[]string{"regenerate", okID, "--nope"}, "unknown flag"},
		{[]string{"regenerate", okID, "--timeout", "0s"}, "--timeout must be positive"},
	}
	for _, tt := range tests {
		res := r.run(t, tt.args...)
		if res.code != 2 || !strings.Contains(res.stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, res.code, res.stderr, tt.want)
		}
	}
	if n := len(h.Requests()); n != 0 {
		t.Errorf("%d requests sent on usage errors", n)
	}
	res := r.run(t, "regenerate", "bad id", "--json")
	if res.code != 2 || !strings.HasPrefix(res.stderr, `{"kind":"invalid_input"`) {
		t.Errorf("--json usage error: %d %q", res.code, res.stderr)
	}
	res = r.run(t, "regenerate", okID, "--json", "--sandbox", "--demo")
	if want := `{"kind":"usage","status":0,"detail":"--demo and --sandbox cannot be used together","code":"","correlationId":"","errors":[]}` + "\n"; res.code != 2 || res.stderr != want {
		t.Errorf("--json flag conflict: %d %q", res.code, res.stderr)
	}
}

func TestServerTextIsSanitised(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(400)
		fmt.Fprint(w, `{"status":400,"detail":"bad\u001b[2J\u001b]52;c;ZXZpbA==\u0007 thing","code":"x\u009b31m","errors":[{"detail":"\u202eevil","pointer":"/a\u001b[1m"}]}`)
	}))
	defer srv.Close()
	r := runner{env: map[string]string{"SPHERE_BASE_URL": srv.URL, "SPHERE_API_KEY": "k"}}
	for _, args := range [][]string{{"regenerate", okID}, {"regenerate", okID, "--json"}} {
		res := r.run(t, args...)
		if strings.ContainsAny(res.stderr, "\x1b\u009b\u202e\a") || !strings.Contains(res.stderr, "bad thing") {
			t.Errorf("%v: stderr %q", args, res.stderr)
		}
	}
}

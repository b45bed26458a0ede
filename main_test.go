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

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
	"github.com/kyclink/kyclink/ui"
)

const okID = "customer_f31121c389624d3697cbf3ea8830b7a4"

type result struct {
	code           int
	stdout, stderr string
	tui            *ui.Options
}

// runner runs kyclink in-process with a fake environment, at a fixed time
// in a fixed zone, and with retries that do not wait.
type runner struct {
	env map[string]string
	tty bool
	ctx context.Context
	now func() time.Time // nil: spheretest.TestTime
	// tui stands in for the interactive app; nil records its options in
	// result.tui.
	tui func(context.Context, ui.Options) error
}

func (r runner) run(t *testing.T, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	var res result
	a := &app{
		stdin:  strings.NewReader(""),
		stdout: &out, stderr: &errOut,
		getenv: func(k string) string { return r.env[k] },
		isTTY:  func() bool { return r.tty },
		runTUI: r.tui,
		now:    r.now,
		loc:    time.FixedZone("CET", 3600),
		tweak:  func(o *client.Options) { o.Sleep = spheretest.NoWait },
	}
	if a.runTUI == nil {
		a.runTUI = func(_ context.Context, o ui.Options) error { res.tui = &o; return nil }
	}
	if a.now == nil {
		a.now = func() time.Time { return spheretest.TestTime }
	}
	ctx := r.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	res.code = a.run(ctx, args)
	res.stdout, res.stderr = out.String(), errOut.String()
	return res
}

// runnerFor returns a runner pointed at a fake: its URL, its key, its clock.
func runnerFor(s *spheretest.TestServer) runner {
	o := s.ClientOptions()
	return runner{env: map[string]string{"SPHERE_BASE_URL": o.BaseURL, "SPHERE_API_KEY": o.APIKey}, now: o.Now}
}

// fakeAPI starts spheretest for the test and returns a runner pointed at it.
func fakeAPI(t *testing.T) (runner, *spheretest.Handler) {
	t.Helper()
	s := spheretest.NewTestServer(t, spheretest.Options{})
	return runnerFor(s), s.Handler
}

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
		{[]string{"regenerate", "cus_123"}, `starts with "customer_"`},
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

func TestKeyConfiguration(t *testing.T) {
	r, _ := fakeAPI(t)
	delete(r.env, "SPHERE_API_KEY")
	res := r.run(t, "regenerate", okID)
	if res.code != 4 || !strings.Contains(res.stderr, "set SPHERE_API_KEY") {
		t.Errorf("no key: exit %d, %q", res.code, res.stderr)
	}

	r.env["SPHERE_API_KEY"] = "sk_live_abc def"
	if res := r.run(t, "regenerate", okID); res.code != 4 || strings.Contains(res.stderr, "abc def") {
		t.Errorf("key with a space: exit %d, %q", res.code, res.stderr)
	}
	delete(r.env, "SPHERE_API_KEY")

	dir := t.TempDir()
	good := filepath.Join(dir, "key")
	if err := os.WriteFile(good, []byte(spheretest.DemoKey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if res := r.run(t, "regenerate", okID, "--api-key-file", good); res.code != 0 {
		t.Errorf("key file: exit %d, %q", res.code, res.stderr)
	}
	open := filepath.Join(dir, "open")
	if err := os.WriteFile(open, []byte(spheretest.DemoKey), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(open, 0o644); err != nil {
		t.Fatal(err)
	}
	res = r.run(t, "regenerate", okID, "--api-key-file", open)
	if res.code != 4 || !strings.Contains(res.stderr, "readable by others (mode 0644)") || !strings.Contains(res.stderr, "chmod 600") {
		t.Errorf("open key file: exit %d, %q", res.code, res.stderr)
	}
	res = r.run(t, "regenerate", okID, "--api-key-file", filepath.Join(dir, "missing"))
	if res.code != 4 || !strings.Contains(res.stderr, "no such file") {
		t.Errorf("missing key file: exit %d, %q", res.code, res.stderr)
	}
	for _, out := range []string{res.stdout, res.stderr} {
		if strings.Contains(out, spheretest.DemoKey) {
			t.Error("the key was printed")
		}
	}
}

func TestKeyFileHoldingAnAssignment(t *testing.T) {
	r, h := fakeAPI(t)
	delete(r.env, "SPHERE_API_KEY")
	dir := t.TempDir()
	for i, content := range []string{
		"SPHERE_API_KEY=" + spheretest.DemoKey + "\n",
		"export SPHERE_API_KEY=" + spheretest.DemoKey + "\n",
		`SPHERE_API_KEY="` + spheretest.DemoKey + `"`,
		"export\tSPHERE_KEY = " + spheretest.DemoKey,
		"KEY=" + spheretest.DemoKey + "\nOTHER=1\n",
		"sphere_api_key=",
	} {
		path := filepath.Join(dir, fmt.Sprint("key", i))
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		res := r.run(t, "regenerate", okID, "--api-key-file", path)
		if res.code != 4 || !strings.Contains(res.stderr, "must hold the key alone") || !strings.Contains(res.stderr, "shell assignment (NAME=value)") {
			t.Errorf("%q: exit %d, stderr %q", content, res.code, res.stderr)
		}
		if strings.Contains(res.stderr, spheretest.DemoKey) || strings.Contains(res.stderr, "SPHERE_API_KEY=") {
			t.Errorf("%q: the error repeats the file: %q", content, res.stderr)
		}
	}
	if n := len(h.Requests()); n != 0 {
		t.Errorf("%d requests sent with an assignment for a key", n)
	}
	// The same shape in the variable is refused too; a key that merely
	// ends in "=" (base64 padding) is not.
	r.env["SPHERE_API_KEY"] = "SPHERE_API_KEY=" + spheretest.DemoKey
	if res := r.run(t, "regenerate", okID); res.code != 4 || !strings.Contains(res.stderr, "SPHERE_API_KEY: it is a shell assignment") {
		t.Errorf("variable: exit %d, stderr %q", res.code, res.stderr)
	}
	for _, key := range []string{"c2VjcmV0X2tleQ==", "c2VjcmV0X2tleQ="} {
		if err := client.CheckAPIKey(key); err != nil {
			t.Errorf("CheckAPIKey(%q) = %v", key, err)
		}
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

func TestDemoNeedsNoKey(t *testing.T) {
	res := runner{env: map[string]string{}}.run(t, "--demo", "regenerate", okID, "--json")
	if res.code != 0 || !strings.Contains(res.stdout, `"customerId":"`+okID+`"`) {
		t.Errorf("--demo: exit %d, %q %q", res.code, res.stdout, res.stderr)
	}
}

func TestInteractiveNeedsTerminal(t *testing.T) {
	r, _ := fakeAPI(t)
	res := r.run(t)
	if res.code != 2 || !strings.Contains(res.stderr, "Usage:") || !strings.Contains(res.stderr, "needs a terminal") || res.tui != nil {
		t.Errorf("no tty: exit %d, %q", res.code, res.stderr)
	}
	r.tty = true
	res = r.run(t, okID)
	if res.code != 0 || res.tui == nil || res.tui.InitialID != okID || res.tui.Environment.Kind != client.EnvCustom {
		t.Errorf("tty: exit %d, tui %+v, stderr %q", res.code, res.tui, res.stderr)
	}
	delete(r.env, "SPHERE_API_KEY")
	res = r.run(t)
	if res.code != 4 || res.tui != nil || !strings.Contains(res.stderr, "SPHERE_API_KEY") {
		t.Errorf("tty without key: exit %d, tui started=%v", res.code, res.tui != nil)
	}
}

func TestVersionAndCompletion(t *testing.T) {
	res := runner{}.run(t, "--version")
	if res.code != 0 || !strings.HasPrefix(res.stdout, "kyclink ") || !strings.Contains(res.stdout, "commit ") {
		t.Errorf("--version: %q", res.stdout)
	}
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		res := runner{}.run(t, "completion", shell)
		if res.code != 0 || !strings.Contains(res.stdout, "kyclink") {
			t.Errorf("completion %s: exit %d", shell, res.code)
		}
	}
}

func TestBuildInfoNeverEmpty(t *testing.T) {
	v, c, d := buildInfo()
	if v == "" || c == "" || d == "" {
		t.Errorf("buildInfo() = %q %q %q", v, c, d)
	}
	version, commit, date = "1.2.3", "abc123", "2026-11-26T09:00:00Z"
	defer func() { version, commit, date = "", "", "" }()
	if got := versionLine(); got != "kyclink 1.2.3 (commit abc123, built 2026-11-26T09:00:00Z)" {
		t.Errorf("versionLine() = %q", got)
	}
}

func TestInteractiveDebugGoesToAPrivateFile(t *testing.T) {
	r, _ := fakeAPI(t)
	r.tty = true
	state := t.TempDir()
	r.env["XDG_STATE_HOME"] = state
	var link string
	r.tui = func(ctx context.Context, o ui.Options) error { // what the app would do
		l, err := o.Client.RegenerateKYCLinkWithKey(ctx, okID, "")
		link = l.URL
		return err
	}
	res := r.run(t, "--debug")
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	path := filepath.Join(state, "kyclink", "debug.log")
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("debug file %s: %v, mode %v", path, err, info.Mode())
	}
	if dir, _ := os.Stat(filepath.Dir(path)); dir.Mode().Perm() != 0o700 {
		t.Errorf("debug directory mode %v", dir.Mode().Perm())
	}
	log, _ := os.ReadFile(path)
	if !bytes.Contains(log, []byte("→ POST")) || bytes.Contains(log, []byte(spheretest.DemoKey)) || bytes.Contains(log, []byte(link)) {
		t.Errorf("debug log:\n%s", log)
	}
	if res.stdout != "" || res.stderr != "" {
		t.Errorf("debug reached the screen: %q %q", res.stdout, res.stderr)
	}
}

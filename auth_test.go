// This file tests `kyclink auth` and where the key comes from: login,
// status and logout against the fake, each key source in its order, and
// the no-keychain path that fails closed unless a plain-text file is asked
// for.

package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
	"github.com/kyclink/kyclink/ui"
)

// signedOut is a runner against the fake with no key in the environment
// and a clean keychain, and the fake's host.
func signedOut(t *testing.T) (runner, *spheretest.Handler, string) {
	t.Helper()
	keyring.MockInit()
	r, h := fakeAPI(t)
	delete(r.env, "SPHERE_API_KEY")
	return r, h, strings.TrimPrefix(r.env["SPHERE_BASE_URL"], "http://")
}

func TestLoginStatusLogout(t *testing.T) {
	r, h, host := signedOut(t)
	if res := r.run(t, "regenerate", okID); res.code != 4 || !strings.Contains(res.stderr, "run 'kyclink auth login --base-url URL'") {
		t.Fatalf("before login: exit %d, %q", res.code, res.stderr)
	}

	r.stdin = spheretest.DemoKey + "\n"
	res := r.run(t, "auth", "login")
	if res.code != 0 || !strings.Contains(res.stderr, "Signed in to CUSTOM ("+host+"): the key …_key is in the keychain (kyclink:"+host+")") {
		t.Fatalf("login: exit %d, %q", res.code, res.stderr)
	}
	if got, err := keyring.Get("kyclink:"+host, "api-key"); err != nil || got != spheretest.DemoKey {
		t.Errorf("keychain: %q, %v", got, err)
	}
	if reqs := h.Requests(); len(reqs) != 1 || reqs[0].Status != 200 || reqs[0].CustomerID != "" {
		t.Errorf("the key check: %+v", reqs)
	}
	r.stdin = ""

	if res := r.run(t, "regenerate", okID); res.code != 0 {
		t.Errorf("with the keychain's key: exit %d, %q", res.code, res.stderr)
	}
	res = r.run(t, "auth", "status")
	for _, want := range []string{
		"PRODUCTION (api.spherepay.co)\n  in use:  none: run 'kyclink auth login'\n",
		"SANDBOX (api.sandbox.spherepay.co)\n  in use:  none: run 'kyclink auth login --sandbox'\n",
		"CUSTOM (" + host + ")\n  in use:  keychain (kyclink:" + host + "), ending …_key\n",
	} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("status lacks %q:\n%s", want, res.stdout)
		}
	}
	// The environment chosen has no key: exit 4 (issue 19, item 9).
	if res := r.run(t, "auth", "status", "--sandbox"); res.code != 4 || strings.Contains(res.stdout, "CUSTOM") || !strings.Contains(res.stdout, "SANDBOX") ||
		!strings.Contains(res.stderr, "no usable key for SANDBOX") {
		t.Errorf("status --sandbox: exit %d, %q, %q", res.code, res.stdout, res.stderr)
	}
	// Every host a key was kept for is listed, the chosen one or not; --json
	// says the same.
	base := r.env["SPHERE_BASE_URL"]
	delete(r.env, "SPHERE_BASE_URL")
	res = r.run(t, "auth", "status", "--json")
	var st struct {
		Environments []struct {
			Environment, Host string
			Chosen, HasKey    bool
			Keys              []struct{ Role, Source, Where, LastFour string }
		}
	}
	oneJSON(t, res.stdout, &st)
	if res.code != 4 || len(st.Environments) != 3 || st.Environments[0].Environment != "PRODUCTION" || !st.Environments[0].Chosen ||
		st.Environments[0].HasKey || len(st.Environments[0].Keys) != 0 {
		t.Errorf("--json without SPHERE_BASE_URL: exit %d, %+v", res.code, st)
	}
	if c := st.Environments[2]; c.Environment != "CUSTOM" || c.Host != host || c.Chosen || !c.HasKey ||
		len(c.Keys) != 1 || c.Keys[0].Role != "in use" || c.Keys[0].Source != "keychain" || c.Keys[0].LastFour != "…_key" {
		t.Errorf("the custom host: %+v", c)
	}
	if strings.Contains(res.stdout, spheretest.DemoKey) {
		t.Errorf("the key shown:\n%s", res.stdout)
	}
	r.env["SPHERE_BASE_URL"] = base

	res = r.run(t, "auth", "logout")
	if res.code != 0 || !strings.Contains(res.stderr, "Removed the key for CUSTOM ("+host+") from the keychain") {
		t.Errorf("logout: exit %d, %q", res.code, res.stderr)
	}
	if res := r.run(t, "auth", "logout"); res.code != 0 || !strings.Contains(res.stderr, "No key was kept for CUSTOM") {
		t.Errorf("second logout: exit %d, %q", res.code, res.stderr)
	}
	if res := r.run(t, "regenerate", okID); res.code != 4 {
		t.Errorf("after logout: exit %d", res.code)
	}
}

func TestLoginRefusesWhatItCannotCheck(t *testing.T) {
	r, h, host := signedOut(t)
	for _, tt := range []struct {
		name, stdin string
		args        []string
		code        int
		want        string
	}{
		{"a refused key", "secret_not_the_fakes_key", nil, 4, "key refused by Sphere (HTTP 403) for CUSTOM (" + host + "): nothing was stored"},
		{"an empty stdin", "", nil, 2, "no key on stdin"},
		{"a shell assignment", "export SPHERE_API_KEY=" + spheretest.DemoKey, nil, 4, "that is not a key: it is a shell assignment"},
		{"two words", spheretest.DemoKey + " " + spheretest.DemoKey, nil, 4, "that is not a key"},
		{"--demo", spheretest.DemoKey, []string{"--demo"}, 2, "--demo needs no key"},
		{"--api-key-file", spheretest.DemoKey, []string{"--api-key-file", "/k"}, 2, "auth login < FILE"},
		{"an argument", spheretest.DemoKey, []string{spheretest.DemoKey}, 2, "auth login takes no arguments"},
	} {
		r.stdin = tt.stdin
		res := r.run(t, append([]string{"auth", "login"}, tt.args...)...)
		if res.code != tt.code || !strings.Contains(res.stderr, tt.want) {
			t.Errorf("%s: exit %d, %q", tt.name, res.code, res.stderr)
		}
	}
	if _, err := keyring.Get("kyclink:"+host, "api-key"); !errors.Is(err, keyring.ErrNotFound) {
		t.Errorf("something was stored: %v", err)
	}
	checks := 0
	for _, req := range h.Requests() {
		// An empty stdin asks, without a key, whether the API is a
		// kyclink gateway with SSO (GET /kyclink/v1/info: 404 here).
		if req.Path != "/kyclink/v1/info" {
			checks++
		}
	}
	if checks != 1 { // the refused key's check alone
		t.Errorf("%d requests", checks)
	}

	// Sphere out of reach: the key cannot be checked, and is not kept.
	srv := spheretest.NewTestServer(t, spheretest.Options{})
	down := runnerFor(t, srv)
	delete(down.env, "SPHERE_API_KEY")
	down.env["SPHERE_BASE_URL"] = "http://127.0.0.1:1"
	down.stdin = spheretest.DemoKey
	res := down.run(t, "auth", "login", "--timeout", "2s")
	if res.code != 5 || !strings.Contains(res.stderr, "could not be checked, so nothing was stored") {
		t.Errorf("unreachable: exit %d, %q", res.code, res.stderr)
	}
}

func TestNoKeychainFailsClosedUnlessPlainTextIsAskedFor(t *testing.T) {
	r, h, host := signedOut(t)
	keyring.MockInitWithError(errors.New(`exec: "dbus-launch": executable file not found in $PATH`))
	defer keyring.MockInit()

	res := r.run(t, "regenerate", okID)
	if res.code != 4 || !strings.Contains(res.stderr, "no keychain to read the key from") || !strings.Contains(res.stderr, "--insecure-storage") {
		t.Errorf("regenerate: exit %d, %q", res.code, res.stderr)
	}
	r.stdin = spheretest.DemoKey
	res = r.run(t, "auth", "login")
	if res.code != 4 || !strings.Contains(res.stderr, "no keychain") || !strings.Contains(res.stderr, "Nothing was stored") {
		t.Errorf("login: exit %d, %q", res.code, res.stderr)
	}
	if n := len(h.Requests()); n != 0 {
		t.Errorf("the key was sent though it could not be kept: %d requests", n)
	}

	res = r.run(t, "auth", "login", "--insecure-storage")
	path := filepath.Join(r.env["XDG_CONFIG_HOME"], "kyclink", "key-"+strings.ReplaceAll(host, ":", "_"))
	if res.code != 0 || !strings.Contains(res.stderr, "stored in plain text in "+path+" (0600)") {
		t.Fatalf("login --insecure-storage: exit %d, %q", res.code, res.stderr)
	}
	if runtime.GOOS != "windows" {
		for p, want := range map[string]os.FileMode{path: 0o600, filepath.Dir(path): 0o700} {
			if info, err := os.Stat(p); err != nil || info.Mode().Perm() != want {
				t.Errorf("%s: %v, %v", p, info.Mode().Perm(), err)
			}
		}
	}
	r.stdin = ""
	res = r.run(t, "auth", "status")
	if !strings.Contains(res.stdout, "CUSTOM ("+host+")\n  in use:  plain-text file "+path+", ending …_key: stored in plain text") ||
		!strings.Contains(res.stdout, "PRODUCTION (api.spherepay.co)\n  in use:  none: no keychain") {
		t.Errorf("status:\n%s", res.stdout)
	}
	if res := r.run(t, "regenerate", okID); res.code != 0 {
		t.Errorf("with the plain-text key: exit %d, %q", res.code, res.stderr)
	}
	res = r.run(t, "auth", "logout")
	if res.code != 0 || !strings.Contains(res.stderr, "Removed the plain-text key") || !strings.Contains(res.stderr, "warning: no keychain") {
		t.Errorf("logout: exit %d, %q", res.code, res.stderr)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the file stayed: %v", err)
	}
}

func TestKeySourcesFirstMatchWins(t *testing.T) {
	r, _, _ := signedOut(t)
	r.tty = true
	good := filepath.Join(t.TempDir(), "good")
	wrong := filepath.Join(t.TempDir(), "wrong")
	for p, k := range map[string]string{good: spheretest.DemoKey, wrong: "secret_wrong_key_000"} {
		if err := os.WriteFile(p, []byte(k), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	header := func(args ...string) (string, int, string) {
		t.Helper()
		res := r.run(t, args...)
		if res.tui == nil {
			return "", res.code, res.stderr
		}
		return res.tui.HeaderNote, res.code, res.stderr
	}
	r.stdin = "secret_wrong_key_in_keychain"
	if res := r.run(t, "auth", "login", "--insecure-storage"); res.code != 4 {
		t.Fatalf("a wrong key was kept: %q", res.stderr)
	}
	r.stdin = spheretest.DemoKey
	if res := r.run(t, "auth", "login"); res.code != 0 {
		t.Fatal(res.stderr)
	}
	r.stdin = ""
	if note, code, _ := header(); code != 0 || note != "key: keychain" {
		t.Errorf("keychain: %q, %d", note, code)
	}
	// The file wins over the keychain, the variable over both.
	if note, _, _ := header("--api-key-file", good); note != "key: file" {
		t.Errorf("file: %q", note)
	}
	if res := r.run(t, "regenerate", okID, "--api-key-file", wrong); res.code != 4 || !strings.Contains(res.stderr, "HTTP 403") {
		t.Errorf("a wrong file over a good keychain: exit %d, %q", res.code, res.stderr)
	}
	r.env["SPHERE_API_KEY"] = "secret_wrong_key_000"
	if res := r.run(t, "regenerate", okID, "--api-key-file", good); res.code != 4 || !strings.Contains(res.stderr, "HTTP 403") {
		t.Errorf("a wrong variable over a good file: exit %d, %q", res.code, res.stderr)
	}
	r.env["SPHERE_API_KEY"] = spheretest.DemoKey
	if note, _, _ := header("--api-key-file", wrong); note != "key: environment variable" {
		t.Errorf("variable: %q", note)
	}
	if note, _, _ := header("--no-audit"); note != "key: environment variable · record off" {
		t.Errorf("--no-audit: %q", note)
	}
	if note, _, _ := header("--demo"); note != "" {
		t.Errorf("--demo: %q", note)
	}
	res := r.run(t, "auth", "status")
	if !strings.Contains(res.stdout, "in use:  environment variable SPHERE_API_KEY, ending …_key\n  kept:    keychain") {
		t.Errorf("status:\n%s", res.stdout)
	}
}

func TestTheAppIsHandedTheRecord(t *testing.T) {
	r, _ := fakeAPI(t)
	if res := r.run(t, "regenerate", okID); res.code != 0 { // another run, earlier
		t.Fatal(res.stderr)
	}
	r.tty = true
	var o ui.Options
	r.tui = func(_ context.Context, opts ui.Options) error { o = opts; return nil }
	if res := r.run(t); res.code != 0 {
		t.Fatal(res.stderr)
	}
	made, expires, ok := o.Earlier(okID, client.LinkKYC)
	if !ok || !made.Equal(spheretest.TestTime) || !expires.Equal(spheretest.TestTime.Add(spheretest.DefaultLinkLifetime)) {
		t.Errorf("Earlier = %v %v %v", made, expires, ok)
	}
	if o.EarlierCode == nil {
		t.Fatal("the app cannot ask the record about codes")
	}
	if _, _, ok := o.EarlierCode(okID, client.CodeByEmail); ok {
		t.Error("a code no one sent")
	}
	if res := r.run(t, "send-code", okID, "--email"); res.code != 0 { // a code by another run
		t.Fatal(res.stderr)
	}
	r.run(t)
	if sent, expires, ok := o.EarlierCode(okID, client.CodeByEmail); !ok || !sent.Equal(spheretest.TestTime) || !expires.After(sent) {
		t.Errorf("EarlierCode = %v %v %v", sent, expires, ok)
	}
	if o.Notice() != "" || o.HeaderNote != "key: environment variable" {
		t.Errorf("notice %q, note %q", o.Notice(), o.HeaderNote)
	}
	if res := r.run(t, "--no-audit"); res.code != 0 || o.Earlier != nil || o.EarlierCode != nil {
		t.Errorf("--no-audit: the app still reads the record")
	}
}

// This file tests where the API key comes from and the key file's checks.

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
)

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

func TestNoKeyNamesTheKeyForTheEnvironment(t *testing.T) {
	for flag, want := range map[string]string{"": "no API key for PRODUCTION (api.spherepay.co)", "--sandbox": "your sandbox key (not a production one)"} {
		r := runner{env: map[string]string{}}
		args := []string{"regenerate", okID}
		if flag != "" {
			args = append(args, flag)
		}
		res := r.run(t, args...)
		if res.code != 4 || !strings.Contains(res.stderr, want) {
			t.Errorf("%q: exit %d, stderr %q", flag, res.code, res.stderr)
		}
	}
}

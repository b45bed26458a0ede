package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The list of hosts a key was kept for is a file anyone with the user's
// rights may have edited: a damaged list (escape sequences, bidi
// controls, thousands of words) never reaches the terminal raw and never
// makes `auth status` ask the keychain thousands of times.
func TestAuthStatusReadsADamagedHostsList(t *testing.T) {
	cfg := t.TempDir()
	dir := filepath.Join(cfg, "kyclink")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	junk := "\x1b]0;pwned\x07 api.example.com \u202egro.live \x1b[2J \xff\xfe " + strings.Repeat("x.example ", 500)
	for i := range 300 {
		junk += "h" + strings.Repeat("a", i%7) + string(rune('a'+i%26)) + ".example "
	}
	if err := os.WriteFile(filepath.Join(dir, "hosts"), []byte(junk[:8000]), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runner{env: map[string]string{"XDG_CONFIG_HOME": cfg}}
	for _, args := range [][]string{{"auth", "status"}, {"auth", "status", "--json"}} {
		res := r.run(t, args...)
		if res.code != exitAuth {
			t.Errorf("%q: exit %d: %s", args, res.code, res.stderr)
		}
		out := res.stdout + res.stderr
		if strings.ContainsAny(out, "\x1b\x07\u202e\ufffd") || strings.Contains(out, "pwned") {
			t.Errorf("%q: the damaged list reached the terminal:\n%q", args, out)
		}
		if !strings.Contains(out, "api.example.com") {
			t.Errorf("%q: a good host of the list is lost:\n%s", args, out)
		}
		if n := strings.Count(out, "example"); n > 40 {
			t.Errorf("%q: %d hosts listed from a damaged list", args, n)
		}
	}
}

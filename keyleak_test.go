// This file tests, as a property over random keys, that no output of any
// command (stdout, stderr, what the app is handed, the record) ever holds
// the API key or any 8-character piece of it, whatever the key's source
// and however the command ends.

package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"

	"github.com/kyclink/kyclink/client/credentials"
	"github.com/kyclink/kyclink/client/spheretest"
	"github.com/kyclink/kyclink/ui"
)

// randomKey is a key of 16 to 48 letters, digits and _-. with no public
// prefix, so that any 8 characters of it found in output are a leak.
func randomKey(rng *rand.Rand) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-."
	b := make([]byte, 16+rng.IntN(33))
	for i := range b {
		b[i] = alphabet[rng.IntN(len(alphabet))]
	}
	return string(b)
}

// pieceOf returns the first 8-character piece of key found in s, or "".
func pieceOf(key, s string) string {
	for i := 0; i+8 <= len(key); i++ {
		if strings.Contains(s, key[i:i+8]) {
			return key[i : i+8]
		}
	}
	return ""
}

// keyEchoServer is a fake that repeats the bearer key in every text of a
// 422 problem, and in a 201's link for okID.
func keyEchoServer(t *testing.T) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		if strings.Contains(r.URL.Path, okID) {
			w.WriteHeader(201)
			fmt.Fprintf(w, `{"customerId":%q,"url":"https://in.sumsub.com/p/%s","expiresAt":"2026-12-24T09:00:00Z"}`, okID, k)
			return
		}
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(422)
		fmt.Fprintf(w, `{"status":422,"title":"%[1]s","detail":"key %[1]s","code":"%[1]s","correlationId":"%[1]s","errors":[{"detail":"%[1]s","pointer":"/%[1]s"}]}`, k)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// commands are every command and flag combination the property runs,
// successes and failures alike; "KEYFILE" stands for the key file's path.
var commands = [][]string{
	{}, {"--help"}, {"--version"}, {"--nope"}, {"auth"}, {"auth", "--help"}, {"auth", "nope"},
	{"regenerate", okID}, {"regenerate", "--json", okID}, {"regenerate", "--debug", okID},
	{"regenerate", spheretest.Validation}, {"regenerate", "--json", spheretest.Validation},
	{"regenerate", spheretest.Unauthorized, "--json"}, {"regenerate", "customer_BAD"}, {"regenerate"},
	{"regenerate", okID, "--no-audit"}, {"regenerate", okID, "--demo"}, {"regenerate", okID, "--sandbox", "--demo"},
	{"regenerate", okID, "--api-key-file", "KEYFILE"}, {"regenerate", okID, "--timeout", "-1s"},
	{"auth", "login"}, {"auth", "login", "--insecure-storage"}, {"auth", "login", "--api-key-file", "KEYFILE"},
	{"auth", "login", "--demo"}, {"auth", "status"}, {"auth", "status", "--sandbox"}, {"auth", "status", "--api-key-file", "KEYFILE"},
	{"auth", "logout"}, {"log"}, {"log", "--json", "--since", "0"}, {"log", "--customer", okID},
	{"tui"}, {"tui", "--debug", "--debug-file", "DEBUGFILE"}, {"tui", "--api-key-file", "KEYFILE"},
}

func TestNoOutputEverHoldsTheKey(t *testing.T) {
	defer keyring.MockInit()
	rng := rand.New(rand.NewPCG(11, 2026))
	runs := 0
	for range 3 {
		key := randomKey(rng)
		fake := spheretest.NewTestServer(t, spheretest.Options{APIKey: key})
		for _, base := range []string{fake.URL, keyEchoServer(t)} {
			host := strings.TrimPrefix(base, "http://")
			for _, source := range []string{"env", "keychain", "plain-text", "none", "no keychain"} {
				dir := t.TempDir()
				keyFile := filepath.Join(dir, "key")
				if err := os.WriteFile(keyFile, []byte(key+"\n"), 0o600); err != nil {
					t.Fatal(err)
				}
				r := runner{env: map[string]string{"SPHERE_BASE_URL": base, "XDG_CONFIG_HOME": filepath.Join(dir, "config"),
					"XDG_STATE_HOME": filepath.Join(dir, "state")}}
				keyring.MockInit()
				switch source {
				case "env":
					r.env["SPHERE_API_KEY"] = key
				case "keychain":
					_ = keyring.Set(credentials.Service(host), "api-key", key)
				case "plain-text":
					if _, err := (credentials.Store{ConfigDir: r.env["XDG_CONFIG_HOME"]}).SavePlainText(host, key); err != nil {
						t.Fatal(err)
					}
				case "no keychain":
					keyring.MockInitWithError(errors.New("no Secret Service"))
				}
				for _, cmd := range commands {
					var shown []string
					r.stdin, r.tty, r.tui = key+"\n", false, nil
					args := append([]string(nil), cmd...)
					if len(args) > 0 && args[0] == "tui" {
						args, r.tty = args[1:], true
						r.tui = func(ctx context.Context, o ui.Options) error { // what the app is handed and shows
							_, err := o.Client.RegenerateKYCLinkWithKey(ctx, spheretest.Validation, "")
							shown = append(shown, fmt.Sprint(err), o.HeaderNote)
							if o.Notice != nil {
								shown = append(shown, o.Notice())
							}
							return nil
						}
					}
					for i, a := range args {
						args[i] = strings.NewReplacer("KEYFILE", keyFile, "DEBUGFILE", filepath.Join(dir, "debug.log")).Replace(a)
					}
					res := r.run(t, args...)
					runs++
					for what, out := range map[string]string{"stdout": res.stdout, "stderr": res.stderr, "the app": strings.Join(shown, "\n")} {
						if p := pieceOf(key, out); p != "" {
							t.Errorf("key %q from %s, %q: %s holds %q:\n%s", key, source, cmd, what, p, out)
						}
					}
				}
				for _, f := range []string{filepath.Join(dir, "state", "kyclink", "audit.jsonl"), filepath.Join(dir, "debug.log")} {
					if b, err := os.ReadFile(f); err == nil && pieceOf(key, string(b)) != "" {
						t.Errorf("key %q from %s: %s holds it:\n%s", key, source, f, b)
					}
				}
			}
		}
	}
	t.Logf("%d runs", runs)
}

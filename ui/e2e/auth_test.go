//go:build !windows

// This file tests, on the real binary in a pseudo-terminal, what only a
// terminal shows: the sign-in prompt that never echoes the key, the header
// saying where the key comes from, and a link made in an earlier run asking
// before a new one.

package e2e

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/kyclink/kyclink/client/spheretest"
)

func TestSignInOnATerminalThenTheRecordAsksFirst(t *testing.T) {
	t.Parallel()
	srv, err := spheretest.Start(spheretest.Options{APIKey: testKey, Seed: 42})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	cfg, state := t.TempDir(), t.TempDir()
	env := baseEnv("XDG_CONFIG_HOME="+cfg, "XDG_STATE_HOME="+state)

	s := start(t, 100, 30, env, "auth", "login", "--base-url", srv.URL, "--insecure-storage")
	s.waitText("(it will not show):")
	s.send(testKey + "\r")
	if code := s.wait(); code != 0 {
		t.Fatalf("login: exit %d", code)
	}
	screen := s.snapshot().text()
	if strings.Contains(screen, testKey[4:12]) || strings.Contains(screen, "e2e_test") {
		t.Errorf("the key was echoed:\n%s", screen)
	}
	if !strings.Contains(strings.Join(strings.Fields(screen), " "), "is stored in plain text") {
		t.Errorf("no word of the key kept:\n%s", screen)
	}
	key, err := os.ReadFile(filepath.Join(cfg, "kyclink", "key-"+strings.ReplaceAll(strings.TrimPrefix(srv.URL, "http://"), ":", "_")))
	if err != nil || strings.TrimSpace(string(key)) != testKey {
		t.Fatalf("the plain-text key: %q, %v", key, err)
	}

	// The app runs on the kept key and says so in its header.
	s = start(t, 100, 30, env, "--base-url", srv.URL, okID)
	s.waitText("Link host")
	if row := s.snapshot().row(0); !strings.Contains(row, "key: plain-text file") {
		t.Errorf("header %q", row)
	}
	s.send("q")
	if code := s.wait(); code != 0 {
		t.Fatalf("first run: exit %d", code)
	}

	// Another run: the record says this customer got a link already.
	s = start(t, 100, 30, env, "--base-url", srv.URL)
	s.waitText("Customer ID")
	s.send(okID + "\r")
	s.waitText("A KYC link was made at")
	s.waitText("expires in 27d 23h")
	s.send("n")
	s.waitText("No new link made.")
	s.send("\x03")
	if code := s.wait(); code != 0 {
		t.Errorf("second run: exit %d", code)
	}
	posts := 0
	for _, r := range srv.Handler.Requests() {
		if r.Method == "POST" {
			posts++
		}
	}
	if posts != 1 { // the first run's link; the second run only read
		t.Errorf("%d link requests", posts)
	}
}

func TestNoKeychainSaysSoAndKeepsNothing(t *testing.T) {
	t.Parallel()
	// Only where go-keyring would find no Secret Service for certain:
	// elsewhere this would reach the developer's own keychain.
	if runtime.GOOS != "linux" || os.Getenv("DBUS_SESSION_BUS_ADDRESS") != "" {
		t.Skip("needs Linux without a session D-Bus")
	}
	// A dbus-launch on the PATH is never run: kyclink starts no bus.
	srv, err := spheretest.Start(spheretest.Options{APIKey: testKey})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	cfg := t.TempDir()
	s := start(t, 120, 30, baseEnv("XDG_CONFIG_HOME="+cfg), "auth", "login", "--base-url", srv.URL)
	if code := s.wait(); code != 4 {
		t.Errorf("exit %d, want 4", code)
	}
	// The terminal wraps the message anywhere, inside words too: compare
	// without white space.
	screen := strings.Join(strings.Fields(s.snapshot().text()), "")
	for _, want := range []string{"no keychain to read the key from", "Secret Service", "kyclink starts none", "Nothing was stored", "--insecure-storage"} {
		if !strings.Contains(screen, strings.Join(strings.Fields(want), "")) {
			t.Errorf("the screen lacks %q:\n%s", want, screen)
		}
	}
	if entries, _ := os.ReadDir(cfg); len(entries) != 0 || len(srv.Handler.Requests()) != 0 {
		t.Errorf("something was kept or sent: %v, %d requests", entries, len(srv.Handler.Requests()))
	}
}

// ctrl+c at the hidden prompt (raw mode: no signal comes) cancels the
// sign-in with exit 130, keeps nothing, and says so on a line of its own.
func TestCtrlCAtTheKeyPromptCancels(t *testing.T) {
	t.Parallel()
	cfg, state := t.TempDir(), t.TempDir()
	s := start(t, 100, 30, baseEnv("XDG_CONFIG_HOME="+cfg, "XDG_STATE_HOME="+state),
		"auth", "login", "--base-url", "http://127.0.0.1:9", "--insecure-storage")
	s.waitText("(it will not show):")
	s.send("abc\x03")
	if code := s.wait(); code != 130 {
		t.Fatalf("exit %d, want 130", code)
	}
	screen := s.snapshot().text()
	if strings.Contains(screen, "abc") || !strings.Contains(screen, "\nkyclink: Cancelled") {
		t.Errorf("screen:\n%s", screen)
	}
	if entries, _ := os.ReadDir(filepath.Join(cfg, "kyclink")); len(entries) != 0 {
		t.Errorf("kept %d files", len(entries))
	}
}

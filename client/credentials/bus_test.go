//go:build linux || netbsd || openbsd

// This file tests that no session D-Bus means no keychain, and that none
// is ever started: a dbus-launch on the PATH is never run.

package credentials

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNoSessionBusIsNoKeychainAndStartsNone(t *testing.T) {
	// A dbus-launch that leaves a mark if anything runs it.
	bin, mark := t.TempDir(), filepath.Join(t.TempDir(), "launched")
	script := "#!/bin/sh\ntouch " + mark + "\necho DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent\n"
	if err := os.WriteFile(filepath.Join(bin, "dbus-launch"), []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	runtime := t.TempDir() // no bus socket, no address file
	old := runtimeDir
	runtimeDir = func() string { return runtime }
	defer func() { runtimeDir = old }()

	for _, addr := range []string{"", "autolaunch:"} {
		t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
		s := Store{ConfigDir: t.TempDir()}
		_, err := s.Load("api.spherepay.co")
		var ke *KeychainError
		if !errors.As(err, &ke) || !strings.Contains(err.Error(), "no keychain") || !strings.Contains(err.Error(), "kyclink starts no") {
			t.Errorf("DBUS_SESSION_BUS_ADDRESS=%q: Load = %v", addr, err)
		}
		if err := s.SaveKeychain("api.spherepay.co", key); !errors.As(err, &ke) {
			t.Errorf("DBUS_SESSION_BUS_ADDRESS=%q: SaveKeychain = %v", addr, err)
		}
		if _, err := os.Stat(mark); err == nil {
			t.Fatalf("DBUS_SESSION_BUS_ADDRESS=%q: dbus-launch was run", addr)
		}
	}

	// A bus found as godbus finds it is used (here: it answers nothing).
	if err := os.WriteFile(filepath.Join(runtime, "dbus-session"), []byte("DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := sessionBus(); err != nil {
		t.Errorf("with an address file: %v", err)
	}
}

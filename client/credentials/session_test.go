package credentials

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/zalando/go-keyring"
)

const session = `{"refresh_token":"rt-0123456789abcdef"}`

func TestASessionIsKeptInTheKeychainBesideItsKeyAndGoesWithIt(t *testing.T) {
	keyring.MockInit()
	s := Store{ConfigDir: t.TempDir()}
	const host = "gw.example.com"
	if err := s.SaveSession(host, Keychain, session); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveKeychain(host, key); err != nil {
		t.Fatal(err)
	}
	if v, err := keyring.Get(Service(host), "sso-session"); err != nil || v != session {
		t.Fatalf("keychain holds %q, %v", v, err)
	}
	if got, err := s.LoadSession(host, Keychain); err != nil || got != session {
		t.Errorf("LoadSession = %q, %v", got, err)
	}
	if got, _ := s.LoadSession(host, PlainText); got != "" {
		t.Errorf("no plain-text session was kept: %q", got)
	}
	if _, err := s.Remove(host); err != nil {
		t.Fatal(err)
	}
	if got, err := s.LoadSession(host, Keychain); err != nil || got != "" {
		t.Errorf("after Remove: %q, %v", got, err)
	}
}

func TestAPlainTextSessionIs0600BesideThePlainTextKeyAndEmptyRemovesIt(t *testing.T) {
	keyring.MockInit()
	dir := t.TempDir()
	s := Store{ConfigDir: dir}
	const host = "127.0.0.1:8787"
	if err := s.SaveKeychain(host, key); err != nil { // an earlier sign-in, moved to the file
		t.Fatal(err)
	}
	if err := s.SaveSession(host, Keychain, session); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSession(host, PlainText, session); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "kyclink", "session-127.0.0.1_8787")
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", info.Mode())
	}
	if _, err := keyring.Get(Service(host), "sso-session"); err != keyring.ErrNotFound {
		t.Errorf("the keychain's copy stays: %v", err)
	}
	if got, err := s.LoadSession(host, PlainText); err != nil || got != session {
		t.Errorf("LoadSession = %q, %v", got, err)
	}
	if err := s.SaveSession(host, PlainText, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("an empty session leaves the file: %v", err)
	}
	if err := os.Chmod(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" {
		if err := s.SaveSession(host, PlainText, session); err == nil {
			t.Error("a folder others can enter was written to")
		}
	}
}

// This file tests the store of signed-in keys: the keychain through
// go-keyring's mock, the plain-text file's permissions, and the time limit.

package credentials

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

const key = "sk_live_0123456789abcdefWXYZ"

func TestKeychainRoundTrip(t *testing.T) {
	keyring.MockInit()
	s := Store{ConfigDir: t.TempDir()}
	if got, err := s.Load("api.spherepay.co"); err != nil || got.Source != None {
		t.Fatalf("empty store: %+v, %v", got, err)
	}
	if err := s.SaveKeychain("api.spherepay.co", key); err != nil {
		t.Fatal(err)
	}
	if v, err := keyring.Get("kyclink:api.spherepay.co", "api-key"); err != nil || v != key {
		t.Errorf("keychain holds %q, %v under kyclink:api.spherepay.co", v, err)
	}
	got, err := s.Load("api.spherepay.co")
	if err != nil || got.Key != key || got.Source != Keychain {
		t.Errorf("Load = %+v, %v", got, err)
	}
	if other, _ := s.Load("api.sandbox.spherepay.co"); other.Source != None {
		t.Errorf("the sandbox got the production key: %+v", other)
	}
	removed, err := s.Remove("api.spherepay.co")
	if err != nil || len(removed) != 1 || removed[0].Source != Keychain {
		t.Errorf("Remove = %+v, %v", removed, err)
	}
	if got, _ := s.Load("api.spherepay.co"); got.Source != None {
		t.Errorf("after Remove: %+v", got)
	}
	if removed, err := s.Remove("api.spherepay.co"); err != nil || len(removed) != 0 {
		t.Errorf("second Remove = %+v, %v", removed, err)
	}
}

func TestNoKeychainFailsClosed(t *testing.T) {
	keyring.MockInitWithError(errors.New(`exec: "dbus-launch": executable file not found in $PATH`))
	defer keyring.MockInit()
	s := Store{ConfigDir: t.TempDir()}
	_, err := s.Load("api.spherepay.co")
	var ke *KeychainError
	if !errors.As(err, &ke) || !strings.Contains(err.Error(), "no keychain") || !strings.Contains(err.Error(), "dbus-launch") {
		t.Fatalf("Load without a keychain: %v", err)
	}
	if err := s.Probe("api.spherepay.co"); !errors.As(err, &ke) {
		t.Errorf("Probe = %v", err)
	}
	if err := s.SaveKeychain("api.spherepay.co", key); !errors.As(err, &ke) || strings.Contains(err.Error(), key[:8]) {
		t.Errorf("SaveKeychain = %v", err)
	}
	// The plain-text file, opted into, is found without the keychain.
	path, err := s.SavePlainText("api.spherepay.co", key)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Load("api.spherepay.co")
	if err != nil || got.Source != PlainText || got.Key != key || got.Path != path {
		t.Errorf("Load = %+v, %v", got, err)
	}
	removed, err := s.Remove("api.spherepay.co")
	if !errors.As(err, &ke) || len(removed) != 1 || removed[0].Source != PlainText {
		t.Errorf("Remove = %+v, %v", removed, err)
	}
}

func TestPlainTextFilePermissions(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows keeps access in ACLs, not modes")
	}
	keyring.MockInit()
	cfg := t.TempDir()
	dir := filepath.Join(cfg, "kyclink")
	if err := os.MkdirAll(dir, 0o755); err != nil { // an older, looser directory
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil { // whatever the umask
		t.Fatal(err)
	}
	s := Store{ConfigDir: cfg}
	if err := s.SaveKeychain("127.0.0.1:4010", "sk_old_key_in_the_keychain"); err != nil {
		t.Fatal(err)
	}
	// A looser directory is refused, not changed: the agent sees to it.
	if _, err := s.SavePlainText("127.0.0.1:4010", key); err == nil || !strings.Contains(err.Error(), "is open to others (mode 0755); run: chmod 700 "+dir) {
		t.Errorf("a 0755 directory: %v", err)
	}
	if info, _ := os.Stat(dir); info.Mode().Perm() != 0o755 {
		t.Errorf("the directory was changed to %04o", info.Mode().Perm())
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path, err := s.SavePlainText("127.0.0.1:4010", key)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "key-127.0.0.1_4010"); path != want {
		t.Errorf("path = %s, want %s", path, want)
	}
	for p, want := range map[string]os.FileMode{path: 0o600, dir: 0o700} {
		if info, err := os.Stat(p); err != nil || info.Mode().Perm() != want {
			t.Errorf("%s: mode %v (%v), want %04o", p, info.Mode().Perm(), err, want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 { // the key and the list of hosts
		t.Errorf("left behind: %v", entries)
	}
	// The keychain's older entry would win over the file: it is gone.
	if got, err := s.Load("127.0.0.1:4010"); err != nil || got.Source != PlainText || got.Key != key {
		t.Errorf("Load = %+v, %v", got, err)
	}
	// A file others may read is refused, and the error does not quote it.
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = s.Load("127.0.0.1:4010")
	if err == nil || !strings.Contains(err.Error(), "readable by others (mode 0644)") || strings.Contains(err.Error(), key[:8]) {
		t.Errorf("open file: %v", err)
	}
	// Storing in the keychain again removes the plain-text copy.
	if err := s.SaveKeychain("127.0.0.1:4010", key); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the plain-text copy stayed: %v", err)
	}
}

// slowKeyring never answers until the test ends: a locked Secret Service.
type slowKeyring struct{ release chan struct{} }

func (k slowKeyring) Get(string, string) (string, error) { <-k.release; return "", nil }
func (k slowKeyring) Set(string, string, string) error   { <-k.release; return nil }
func (k slowKeyring) Delete(string, string) error        { <-k.release; return nil }

func TestEveryKeychainCallIsBounded(t *testing.T) {
	if Timeout != 3*time.Second {
		t.Errorf("Timeout = %s, want 3s", Timeout)
	}
	defer func(d time.Duration) { Timeout = d }(Timeout)
	Timeout = time.Millisecond // the test's stand-in for 3 s
	k := slowKeyring{release: make(chan struct{})}
	defer close(k.release)
	s := Store{Keyring: k, ConfigDir: t.TempDir()}
	calls := map[string]func() error{
		"Load":         func() error { _, err := s.Load("h"); return err },
		"Probe":        func() error { return s.Probe("h") },
		"SaveKeychain": func() error { return s.SaveKeychain("h", key) },
		"Remove":       func() error { _, err := s.Remove("h"); return err },
	}
	for name, call := range calls {
		err := call()
		var ke *KeychainError
		if !errors.As(err, &ke) || !ke.TimedOut || !strings.Contains(err.Error(), "did not answer within 1ms") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestErrorsNeverCarryTheKey(t *testing.T) {
	keyring.MockInitWithError(errors.New("refused: " + key[3:14]))
	defer keyring.MockInit()
	err := Store{ConfigDir: t.TempDir()}.SaveKeychain("h", key)
	if err == nil || strings.Contains(err.Error(), key[3:14]) {
		t.Errorf("SaveKeychain = %v", err)
	}
}

func TestSourceWordsAndLastFour(t *testing.T) {
	for s, want := range map[Source]string{None: "none", Env: "environment variable", File: "file", Keychain: "keychain", PlainText: "plain-text file"} {
		if s.String() != want {
			t.Errorf("%d: %q", s, s.String())
		}
	}
	if got := LastFour(key); got != "…WXYZ" {
		t.Errorf("LastFour = %q", got)
	}
	if got := LastFour("short_key"); strings.Contains(got, "key") {
		t.Errorf("LastFour(short) = %q", got)
	}
	if got := Service("api.spherepay.co"); got != "kyclink:api.spherepay.co" {
		t.Errorf("Service = %q", got)
	}
}

// The hosts a key was kept for are listed (a keychain cannot list its
// entries), each once, and leave the list when their key is removed.
func TestHostsKeptFor(t *testing.T) {
	keyring.MockInit()
	s := Store{ConfigDir: t.TempDir()}
	for _, h := range []string{"api.spherepay.co", "sphere.internal:8443", "api.spherepay.co"} {
		if err := s.SaveKeychain(h, key); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.SavePlainText("127.0.0.1:4010", key); err != nil {
		t.Fatal(err)
	}
	if got := s.Hosts(); strings.Join(got, " ") != "api.spherepay.co sphere.internal:8443 127.0.0.1:4010" {
		t.Errorf("Hosts = %q", got)
	}
	if _, err := s.Remove("sphere.internal:8443"); err != nil {
		t.Fatal(err)
	}
	if got := s.Hosts(); strings.Join(got, " ") != "api.spherepay.co 127.0.0.1:4010" {
		t.Errorf("after Remove: %q", got)
	}
	b, _ := os.ReadFile(filepath.Join(s.ConfigDir, "kyclink", "hosts"))
	if strings.Contains(string(b), key[:8]) {
		t.Errorf("the list holds the key: %q", b)
	}
	if info, err := os.Stat(filepath.Join(s.ConfigDir, "kyclink", "hosts")); runtime.GOOS != "windows" && (err != nil || info.Mode().Perm() != 0o600) {
		t.Errorf("hosts file: %v, %v", info, err)
	}
}

func TestPlainTextRefusesAFolderNotPrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows keeps access in ACLs, not modes")
	}
	keyring.MockInit()
	// The folder is a symbolic link to one the key should not go to.
	cfg, elsewhere := t.TempDir(), t.TempDir()
	if err := os.Symlink(elsewhere, filepath.Join(cfg, "kyclink")); err != nil {
		t.Fatal(err)
	}
	s := Store{ConfigDir: cfg}
	if _, err := s.SavePlainText("api.spherepay.co", key); err == nil || !strings.Contains(err.Error(), "is a symbolic link") {
		t.Errorf("SavePlainText through a link: %v", err)
	}
	if got, _ := os.ReadDir(elsewhere); len(got) != 0 {
		t.Errorf("written through the link: %v", got)
	}
	if err := os.WriteFile(filepath.Join(elsewhere, "key-api.spherepay.co"), []byte(key+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Load("api.spherepay.co"); err == nil || got.Key != "" || !strings.Contains(err.Error(), "is a symbolic link") {
		t.Errorf("Load through a link: %+v, %v", got, err)
	}
	// The file itself a link, in a private folder.
	cfg2 := t.TempDir()
	if err := os.Mkdir(filepath.Join(cfg2, "kyclink"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(elsewhere, "key-api.spherepay.co"), filepath.Join(cfg2, "kyclink", "key-api.spherepay.co")); err != nil {
		t.Fatal(err)
	}
	if got, err := (Store{ConfigDir: cfg2}).Load("api.spherepay.co"); err == nil || got.Key != "" || !strings.Contains(err.Error(), "is a symbolic link") {
		t.Errorf("Load of a linked file: %+v, %v", got, err)
	}

	if os.Getuid() != 0 {
		return // only root can give a folder away
	}
	cfg3 := t.TempDir()
	theirs := filepath.Join(cfg3, "kyclink")
	if err := os.Mkdir(theirs, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(theirs, 65534, 65534); err != nil {
		t.Skipf("chown: %v", err)
	}
	if _, err := (Store{ConfigDir: cfg3}).SavePlainText("api.spherepay.co", key); err == nil || !strings.Contains(err.Error(), "belongs to another user") {
		t.Errorf("SavePlainText in another user's folder: %v", err)
	}
}

// TestMain puts a session bus address in the environment: go-keyring's
// mock (keyring.MockInit) stands in for a keychain reached over one.
func TestMain(m *testing.M) {
	os.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/kyclink-test-bus")
	os.Exit(m.Run())
}

package credentials

import (
	"errors"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"
)

// smallKeyring refuses a secret over 2,560 bytes, as go-keyring does for
// the Windows Credential Manager (and about 3,000 for the macOS Keychain).
type smallKeyring struct{ m map[string]string }

func (k smallKeyring) Get(service, user string) (string, error) {
	if v, ok := k.m[service+"/"+user]; ok {
		return v, nil
	}
	return "", keyring.ErrNotFound
}

func (k smallKeyring) Set(service, user, pw string) error {
	if len(pw) > 2560 {
		return keyring.ErrSetDataTooBig
	}
	k.m[service+"/"+user] = pw
	return nil
}

func (k smallKeyring) Delete(service, user string) error { delete(k.m, service+"/"+user); return nil }

// idToken is a JWT-shaped secret of n bytes.
func idToken(n int) string {
	return "eyJhbGciOiJSUzI1NiJ9." + strings.Repeat("p", n-21-4) + ".sig"
}

func TestAKeychainThatRefusesALargeIDTokenSaysToUseInsecureStorage(t *testing.T) {
	s := Store{Keyring: smallKeyring{m: map[string]string{}}, ConfigDir: t.TempDir()}
	tok := idToken(6 << 10)
	err := s.SaveKeychain("gw.example.com", tok)
	var ke *KeychainError
	if !errors.As(err, &ke) || !errors.Is(err, ErrTooBig) {
		t.Fatalf("SaveKeychain = %v", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "too large") || !strings.Contains(msg, "--insecure-storage") || strings.Contains(msg, "no keychain") || strings.Contains(msg, "Secret Service") {
		t.Errorf("the refusal does not say what to do: %q", msg)
	}
	if strings.Contains(msg, tok[21:40]) {
		t.Errorf("the refusal carries the token")
	}
	if got, _ := s.Load("gw.example.com"); got.Source != None {
		t.Errorf("something was kept: %v", got.Source)
	}
}

func TestAPlainTextFileKeepsAnIDTokenOf12KBWhole(t *testing.T) {
	s := Store{ConfigDir: t.TempDir()}
	tok := idToken(12 << 10)
	if _, err := s.SavePlainText("gw.example.com", tok); err != nil {
		t.Fatal(err)
	}
	got, err := s.Load("gw.example.com")
	if err != nil || got.Source != PlainText || got.Key != tok {
		t.Errorf("Load = %s, %d of %d bytes, %v", got.Source, len(got.Key), len(tok), err)
	}
}

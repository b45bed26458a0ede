package main

import (
	"strings"
	"testing"

	"github.com/zalando/go-keyring"

	"github.com/kyclink/kyclink/client/credentials"
	"github.com/kyclink/kyclink/client/sso"
)

// smallKeychain refuses a secret over 2,560 bytes, as the Windows
// Credential Manager does.
type smallKeychain map[string]string

func (k smallKeychain) Get(service, user string) (string, error) {
	if v, ok := k[service+"/"+user]; ok {
		return v, nil
	}
	return "", keyring.ErrNotFound
}

func (k smallKeychain) Set(service, user, pw string) error {
	if len(pw) > 2560 {
		return keyring.ErrSetDataTooBig
	}
	k[service+"/"+user] = pw
	return nil
}

func (k smallKeychain) Delete(service, user string) error { delete(k, service+"/"+user); return nil }

// A keychain that refuses a large ID token at auth login keeps no session
// (no refresh token) either: "nothing was stored" is true.
func TestALoginWhoseTokenCannotBeKeptLeavesNoSession(t *testing.T) {
	chain := smallKeychain{}
	store := credentials.Store{Keyring: chain, ConfigDir: t.TempDir()}
	idToken := "eyJhbGciOiJSUzI1NiJ9." + strings.Repeat("p", 6<<10) + ".sig"
	kept := &sso.Kept{Issuer: "https://idp.example.com", ClientID: "kyclink-gw", RefreshToken: "rt-kept-by-mistake"}
	if err := keepLogin(store, "gw.example.com", credentials.Keychain, idToken, kept); err == nil {
		t.Fatal("a 6 KB token was kept in a keychain that holds 2,560 bytes")
	}
	if raw, _ := store.LoadSession("gw.example.com", credentials.Keychain); raw != "" {
		t.Errorf("a session is left behind: %d bytes", len(raw))
	}
	for k, v := range chain {
		if strings.Contains(v, "rt-kept-by-mistake") {
			t.Errorf("the keychain keeps the refresh token under %s", k)
		}
	}
}

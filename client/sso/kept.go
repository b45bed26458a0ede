// This file owns what an SSO sign-in keeps beside its ID token (through
// client/credentials' session) and how a sign-in that cannot go on is
// said.

package sso

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/kyclink/kyclink/client"
)

// Kept is the session of an SSO sign-in: the provider that signed the
// agent in, the client it did so for, and the refresh token (empty when
// the provider gave none). It is a secret as the ID token is: kept in the
// keychain or a 0600 file, never shown.
type Kept struct {
	Issuer       string `json:"issuer"`
	ClientID     string `json:"client_id"`
	RefreshToken string `json:"refresh_token,omitempty"`
}

// Encode is k as credentials keeps it.
func (k Kept) Encode() string {
	b, _ := json.Marshal(k) // three strings always encode
	return string(b)
}

// Decode reads what Encode wrote. The issuer must be https (plain http
// on loopback alone), as a base URL must: the refresh token goes there.
// Its errors never hold the token.
func Decode(s string) (Kept, error) {
	var k Kept
	if err := json.Unmarshal([]byte(s), &k); err != nil {
		return Kept{}, errors.New("the kept SSO session could not be read")
	}
	if _, err := client.CheckBaseURL(k.Issuer); err != nil {
		return Kept{}, errors.New("the kept SSO session names an identity provider that is not https")
	}
	if k.ClientID == "" || k.RefreshToken != "" && client.CheckAPIKey(k.RefreshToken) != nil {
		return Kept{}, errors.New("the kept SSO session is incomplete")
	}
	return k, nil
}

// Ended is a sign-in that could not be renewed: why, and the command that
// signs in again. Its text is kyclink's own and never holds a token.
type Ended struct {
	Host   string // the gateway's
	Reason string
	Login  string // "kyclink auth login --base-url https://gateway…"
}

func (e *Ended) Error() string {
	return fmt.Sprintf("your SSO sign-in at %s has ended: %s. Sign in again: %s", e.Host, e.Reason, e.Login)
}

// codeWords is an OAuth error code as a reason, the code itself kept to
// the characters RFC 6749 allows in one (it comes from the provider).
func codeWords(code string) string {
	code = strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			return -1
		}
		return r
	}, code)
	if len(code) > 64 {
		code = code[:64]
	}
	switch code {
	case "invalid_grant":
		return "the identity provider no longer accepts it (signed out, revoked or expired)"
	case "":
		return "the identity provider refused to renew it"
	}
	return "the identity provider refused to renew it (" + code + ")"
}

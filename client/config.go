// This file owns the checks of a client's configuration: the base URL and
// the API key, refused before anything is sent.

package client

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"
)

// CheckBaseURL parses a base URL and refuses anything but https, or plain
// http on a loopback host, without user info, query or fragment. Its errors
// never repeat user info, which could be a pasted key.
func CheckBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || !u.IsAbs() || u.Host == "" {
		return nil, errors.New("the base URL is not an absolute URL such as " + ProductionURL)
	}
	if u.User != nil {
		return nil, errors.New("the base URL must not carry user info (a key goes in SPHERE_API_KEY)")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("base URL %s must not carry a query or a fragment", u.Host)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return nil, fmt.Errorf("base URL http://%s: plain http is allowed only for loopback hosts", u.Host)
		}
	default:
		return nil, fmt.Errorf("base URL %s must be https", u.Host)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	return u, nil
}

// MaxKeyLen bounds a key (Sphere's, a gateway's kgw_ token); MaxIDTokenLen
// an SSO sign-in's ID token, a JWT. The bounds are kyclink's sanity limits,
// not a keychain's (the macOS Keychain and the Windows Credential Manager
// refuse less, and say so: credentials.ErrTooBig): an identity provider
// that lists an agent's groups in the token (Azure AD up to 200 of them,
// Keycloak all) issues ID tokens of 4 to 11 KB.
const (
	MaxKeyLen     = 4096
	MaxIDTokenLen = 16 << 10
)

// MaxCredentialRead is what a reader of a key or token (a file, stdin)
// takes at most: the longest credential and room for the whitespace
// around it. Anything longer is refused by CheckAPIKey, never cut.
const MaxCredentialRead = MaxIDTokenLen + 1<<10

// CheckAPIKey refuses an empty key, one that could not travel in a
// header, and a shell assignment such as SPHERE_API_KEY=… or export
// SPHERE_API_KEY=… (a key file or variable holding the whole line rather
// than the key). The error never repeats the key.
func CheckAPIKey(key string) error {
	key = strings.TrimSpace(key)
	switch {
	case key == "":
		return errors.New("no API key")
	case assignment.MatchString(key):
		return errors.New("it is a shell assignment (NAME=value); keep only the value")
	case IsJWT(key) && len(key) > MaxIDTokenLen:
		return fmt.Errorf("the ID token is longer than %d characters", MaxIDTokenLen)
	case !IsJWT(key) && len(key) > MaxKeyLen:
		return fmt.Errorf("the API key is longer than %d characters", MaxKeyLen)
	case strings.ContainsFunc(key, func(r rune) bool { return r <= ' ' || r == 0x7f || r > '~' }):
		return errors.New("the API key contains spaces, control or non-ASCII characters")
	}
	return nil
}

// assignment matches NAME=value and export NAME=value. A value is needed
// after a general NAME= (a base64 key may end in "=" or "=="), but not
// after SPHERE_API_KEY=.
var assignment = regexp.MustCompile(`^(?:export[ \t]+)?(?:(?i:SPHERE_API_KEY)[ \t]*=|[A-Za-z_][A-Za-z0-9_]*[ \t]*=[^=])`)

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

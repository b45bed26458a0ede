// This file owns where the API key comes from, first match wins:
// SPHERE_API_KEY, a key file only its owner can read, the keychain (or the
// opted-in plain-text file) for the chosen API; never a flag value.

package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/credentials"
	"github.com/kyclink/kyclink/gateway"
)

// apiKey finds the key for the API badge names, from the first source
// that has one: SPHERE_API_KEY, --api-key-file, then what `kyclink auth
// login` kept for the API's host (client/credentials). The key is never
// taken from a flag value: it would show in `ps`. Without a keychain and
// a plain-text file, it fails closed.
func (a *app) apiKey(badge client.Environment) (string, credentials.Source, error) {
	key, from, err := a.anyKey(badge)
	if err == nil {
		holds := "the " + from.String() + " holds"
		if from == credentials.Env {
			holds = "SPHERE_API_KEY holds"
		}
		err = notSpheres(badge, key, holds)
	}
	return key, from, err
}

// notSpheres refuses, for Sphere's own API, an agent's credential for a
// team gateway (a kgw_ token, an SSO sign-in's ID token): it is not sent
// to Sphere, which never issued it. holds says where it was found.
func notSpheres(badge client.Environment, key, holds string) error {
	if badge.Kind != client.EnvProduction && badge.Kind != client.EnvSandbox || !gateway.IsAgentToken(key) {
		return nil
	}
	return &authError{fmt.Sprintf("%s an agent's token for a team gateway, not Sphere's key, so it was not sent to %s: give the gateway with --base-url URL (or SPHERE_BASE_URL)", holds, badge.Label())}
}

// anyKey is apiKey before the check that the key is Sphere's kind.
func (a *app) anyKey(badge client.Environment) (string, credentials.Source, error) {
	if key := strings.TrimSpace(a.getenv("SPHERE_API_KEY")); key != "" {
		if err := client.CheckAPIKey(key); err != nil {
			return "", credentials.None, &authError{"SPHERE_API_KEY: " + err.Error()}
		}
		return key, credentials.Env, nil
	}
	if path := a.flags.apiKeyFile; path != "" {
		key, err := readKeyFile(path)
		return key, credentials.File, err
	}
	stored, err := a.store().Load(badge.Host)
	var ke *credentials.KeychainError
	switch {
	case errors.As(err, &ke):
		return "", credentials.None, &authError{fmt.Sprintf("no API key for %s: %v. Set SPHERE_API_KEY to %s, pass --api-key-file PATH, or keep the key in a plain-text file: %s --insecure-storage",
			badge.Label(), err, keyFor(badge), loginCommand(badge))}
	case err != nil:
		return "", credentials.None, &authError{err.Error()}
	case stored.Source == credentials.None:
		return "", credentials.None, &authError{fmt.Sprintf("no API key for %s: run '%s', set SPHERE_API_KEY to %s, or pass --api-key-file PATH; try --demo to look around without one",
			badge.Label(), loginCommand(badge), keyFor(badge))}
	}
	if err := client.CheckAPIKey(stored.Key); err != nil {
		return "", credentials.None, &authError{fmt.Sprintf("the key kept in the %s: %v; run '%s' again", stored.Source, err, loginCommand(badge))}
	}
	return stored.Key, stored.Source, nil
}

// store is where `kyclink auth login` keeps keys: the operating system's
// keychain (go-keyring, which tests replace with keyring.MockInit), or the
// plain-text file under the configuration directory.
func (a *app) store() credentials.Store {
	return credentials.Store{ConfigDir: a.configDir()}
}

// configDir is $XDG_CONFIG_HOME, else the platform's configuration
// directory; "" when there is none.
func (a *app) configDir() string {
	if d := a.getenv("XDG_CONFIG_HOME"); d != "" && filepath.IsAbs(d) {
		return d
	}
	d, _ := os.UserConfigDir()
	return d
}

func readKeyFile(path string) (string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return "", &authError{fmt.Sprintf("API key file: %v", pathErr(err))}
	}
	if !info.Mode().IsRegular() {
		return "", &authError{fmt.Sprintf("API key file %s is not a regular file", path)}
	}
	// Windows permission bits say nothing about who can read the file.
	if runtime.GOOS != "windows" && info.Mode().Perm()&0o077 != 0 {
		return "", &authError{fmt.Sprintf("API key file %s is readable by others (mode %04o); run: chmod 600 %s", path, info.Mode().Perm(), path)}
	}
	f, err := os.Open(path)
	if err != nil {
		return "", &authError{fmt.Sprintf("API key file: %v", pathErr(err))}
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, client.MaxCredentialRead+1)) // a key is short; do not slurp a wrong file
	if err != nil {
		return "", &authError{fmt.Sprintf("API key file: %v", pathErr(err))}
	}
	if len(b) > client.MaxCredentialRead {
		return "", &authError{fmt.Sprintf("API key file %s holds more than a key (over %d bytes)", path, client.MaxCredentialRead)}
	}
	key := strings.TrimSpace(string(b))
	if err := client.CheckAPIKey(key); err != nil {
		return "", &authError{fmt.Sprintf("API key file %s must hold the key alone, on one line: %v", path, err)}
	}
	return key, nil
}

// signIn is, for each kind of environment, the command that signs in and
// the key it needs, so an agent does not try a sandbox key in production
// or the other way round.
var signIn = map[client.EnvKind]struct{ login, key string }{
	client.EnvProduction: {"kyclink auth login", "your production key (sk_live_…)"},
	client.EnvSandbox:    {"kyclink auth login --sandbox", "your sandbox key (not a production one)"},
	client.EnvCustom:     {"kyclink auth login --base-url URL", "the key for that API"},
}

// credentialWords is what kyclink calls what it holds for an API, and who
// checks it: Sphere's key, or at a team gateway the agent's own token
// (true), which the gateway, not Sphere, refuses ("key refused", as issue
// 18 says it, then what that means). One table, so the sign-in prompt,
// its answers, the app's header and `auth status` say the same; the
// failures' titles are client's (APIError.AtGateway).
var credentialWords = map[bool]struct{ noun, checker, refused, prompt string }{
	false: {"key", "Sphere", ": nothing was stored", "API key for %s (it will not show): "},
	true:  {"token", "the gateway", ": that token is wrong, expired or revoked; nothing was stored", "Your token for the kyclink gateway at %s (it will not show): "},
}

// atGateway reports whether key, held for badge's API, is an agent's
// credential for a team gateway: only a custom API can be one.
func atGateway(badge client.Environment, key string) bool {
	return badge.Kind == client.EnvCustom && gateway.IsAgentToken(key)
}

// loginPrompt asks for the key, or at a gateway for the agent's token.
func loginPrompt(badge client.Environment, isGateway bool) string {
	if isGateway {
		return fmt.Sprintf(credentialWords[true].prompt, badge.Host)
	}
	return fmt.Sprintf(credentialWords[false].prompt, badge.Label())
}

// loginCommand is the sign-in command for an environment.
func loginCommand(badge client.Environment) string {
	return cmp.Or(signIn[badge.Kind].login, "kyclink auth login")
}

// keyFor names the key an environment needs.
func keyFor(badge client.Environment) string {
	if badge.Kind == client.EnvCustom {
		return "the key for " + badge.Host
	}
	return cmp.Or(signIn[badge.Kind].key, "the key for "+badge.Host)
}

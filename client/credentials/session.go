// This file owns what an SSO sign-in keeps beside its key (the ID token):
// its session, which holds the refresh token. It is kept in the same home
// as the key, under the same rules: the keychain (account "sso-session"
// of the host's service) or, when the key is in the plain-text file, a
// second 0600 file beside it. Its content is the caller's (client/sso):
// here it is a secret like the key, never shown.

package credentials

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
)

// sessionAccount is the keychain's user name for a host's SSO session.
const sessionAccount = "sso-session"

// sessionPath is ConfigDir/kyclink/session-<host>, beside key-<host>.
func (s Store) sessionPath(apiHost string) (string, error) {
	key, err := s.plainTextPath(apiHost)
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(key), "session-"+strings.TrimPrefix(filepath.Base(key), "key-")), nil
}

// LoadSession reads the session kept beside the host's key in the home
// the key was found in (Load's Source): "" when there is none.
func (s Store) LoadSession(apiHost string, in Source) (string, error) {
	switch in {
	case Keychain:
		v, err := bounded("read", func() (string, error) { return s.keyring().Get(Service(apiHost), sessionAccount) })
		if errors.Is(err, errNotFound) {
			return "", nil
		}
		return strings.TrimSpace(v), err
	case PlainText:
		path, err := s.sessionPath(apiHost)
		if err != nil {
			return "", err
		}
		v, err := readPlainText(path)
		if errors.Is(err, errNoFile) {
			return "", nil
		}
		return v, err
	}
	return "", nil
}

// SaveSession keeps session beside the host's key, in the home in (the
// key's), and removes a copy in the other; "" removes it from both (a
// sign-in that has none, as a token's). It is written before the key it
// goes with: a renewed session is never lost behind a key that names it.
func (s Store) SaveSession(apiHost string, in Source, session string) error {
	path, perr := s.sessionPath(apiHost)
	switch {
	case session == "":
	case in == Keychain:
		if _, err := bounded("store", func() (struct{}, error) {
			return struct{}{}, s.keyring().Set(Service(apiHost), sessionAccount, session)
		}); err != nil {
			return scrub(err, session)
		}
	case in == PlainText && perr != nil:
		return perr
	case in == PlainText:
		if err := writePlainText(path, session); err != nil {
			return scrub(err, session)
		}
	default:
		return fmt.Errorf("a session is kept only in the keychain or the plain-text file, not the %s", in)
	}
	if in != Keychain || session == "" {
		s.removeKeychainSession(apiHost)
	}
	if (in != PlainText || session == "") && perr == nil {
		_ = removeFile(path)
	}
	return nil
}

// removeKeychainSession is best effort: a keychain that cannot be asked
// holds nothing Load would use without its key.
func (s Store) removeKeychainSession(apiHost string) {
	_, _ = bounded("remove", func() (struct{}, error) {
		return struct{}{}, s.keyring().Delete(Service(apiHost), sessionAccount)
	})
}

// Package credentials owns where kyclink's API key comes from and where a
// signed-in key is kept: the operating system's keychain, one entry per
// API host, or, only when the agent opts in, a plain-text file.
package credentials

import (
	"errors"
	"strings"
)

// Source says where a key comes from. The first that has one wins, in
// this order: Env, File, Keychain, PlainText.
type Source int

const (
	None      Source = iota
	Env              // SPHERE_API_KEY
	File             // --api-key-file
	Keychain         // the operating system's keychain
	PlainText        // the file `kyclink auth login --insecure-storage` wrote
)

// String is the source as the header and `kyclink auth status` say it.
func (s Source) String() string {
	switch s {
	case Env:
		return "environment variable"
	case File:
		return "file"
	case Keychain:
		return "keychain"
	case PlainText:
		return "plain-text file"
	}
	return "none"
}

// Service is the keychain service a key for an API host is kept under:
// "kyclink:api.spherepay.co".
func Service(apiHost string) string { return "kyclink:" + apiHost }

// account is the keychain's user name for the one key of a service.
const account = "api-key"

// Store keeps signed-in keys, one per API host.
type Store struct {
	Keyring Keyring // default System{}
	// ConfigDir is the user's configuration directory ($XDG_CONFIG_HOME or
	// the platform's); plain-text keys go in ConfigDir/kyclink.
	ConfigDir string
}

// Stored is a key found in the store, and where.
type Stored struct {
	Key    string
	Source Source // Keychain or PlainText
	Path   string // the plain-text file, for PlainText
}

func (s Store) keyring() Keyring {
	if s.Keyring == nil {
		return System{}
	}
	return s.Keyring
}

// Load finds the key kept for an API host: the keychain's entry, else the
// plain-text file. Without either it returns a zero Stored and a nil
// error, or, when the keychain could not be asked and no plain-text file
// holds a key, the *KeychainError: the caller fails closed.
func (s Store) Load(apiHost string) (Stored, error) {
	key, kerr := bounded("read", func() (string, error) { return s.keyring().Get(Service(apiHost), account) })
	if kerr == nil && strings.TrimSpace(key) != "" {
		return Stored{Key: strings.TrimSpace(key), Source: Keychain}, nil
	}
	path, err := s.plainTextPath(apiHost)
	if err == nil {
		key, err = readPlainText(path)
		if err == nil {
			return Stored{Key: key, Source: PlainText, Path: path}, nil
		}
		if !errors.Is(err, errNoFile) {
			return Stored{}, err
		}
	}
	if kerr != nil && !errors.Is(kerr, errNotFound) {
		return Stored{}, kerr
	}
	return Stored{}, nil
}

// Probe reports whether the keychain can be used, with the *KeychainError
// that says why not.
func (s Store) Probe(apiHost string) error {
	_, err := bounded("read", func() (string, error) { return s.keyring().Get(Service(apiHost), account) })
	if errors.Is(err, errNotFound) {
		return nil
	}
	return err
}

// SaveKeychain stores key in the keychain for an API host and removes a
// plain-text copy, which would only be a weaker second home for it.
func (s Store) SaveKeychain(apiHost, key string) error {
	_, err := bounded("store", func() (struct{}, error) {
		return struct{}{}, s.keyring().Set(Service(apiHost), account, key)
	})
	if err != nil {
		return scrub(err, key)
	}
	if path, perr := s.plainTextPath(apiHost); perr == nil {
		_ = removeFile(path)
	}
	s.remember(apiHost)
	return nil
}

// SavePlainText writes key to the host's plain-text file (0600, in a 0700
// directory) and returns its path. A keychain entry for the host would win
// over the file, so it is removed when the keychain can be reached.
func (s Store) SavePlainText(apiHost, key string) (string, error) {
	path, err := s.plainTextPath(apiHost)
	if err != nil {
		return "", err
	}
	if err := writePlainText(path, key); err != nil {
		return "", scrub(err, key)
	}
	_, _ = bounded("remove", func() (struct{}, error) {
		return struct{}{}, s.keyring().Delete(Service(apiHost), account)
	})
	s.remember(apiHost)
	return path, nil
}

// Remove deletes the host's keychain entry and plain-text file (and an
// SSO session kept beside them), and says which it found. The keychain's error is returned when it could not be
// asked, whatever else was removed.
func (s Store) Remove(apiHost string) ([]Stored, error) {
	_ = s.SaveSession(apiHost, None, "") // an SSO session goes with its key
	var removed []Stored
	_, kerr := bounded("remove", func() (struct{}, error) {
		return struct{}{}, s.keyring().Delete(Service(apiHost), account)
	})
	if kerr == nil {
		removed = append(removed, Stored{Source: Keychain})
	}
	if path, err := s.plainTextPath(apiHost); err == nil {
		if err := removeFile(path); err == nil {
			removed = append(removed, Stored{Source: PlainText, Path: path})
		} else if !errors.Is(err, errNoFile) {
			return removed, err
		}
	}
	if kerr != nil && !errors.Is(kerr, errNotFound) {
		return removed, kerr
	}
	s.forget(apiHost)
	return removed, nil
}

// LastFour is what may be shown of a key: "…" and its last four
// characters, or less of it for a short key, and nothing of a very short
// one.
func LastFour(key string) string {
	if len(key) < 12 {
		return "(too short to show any of it)"
	}
	return "…" + key[len(key)-4:]
}

// scrub makes sure an error from the keychain or the file system does not
// carry the key, or any 8-character piece of it, onward.
func scrub(err error, key string) error {
	msg := err.Error()
	for i := 0; i+8 <= len(key); i++ {
		if strings.Contains(msg, key[i:i+8]) {
			var ke *KeychainError
			if errors.As(err, &ke) {
				return &KeychainError{Op: ke.Op, Err: errors.New("the keychain refused the key")}
			}
			return errors.New("the key could not be stored")
		}
	}
	return err
}

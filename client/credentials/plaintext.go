// This file owns the plain-text key file that `kyclink auth login
// --insecure-storage` writes where no keychain can be had: one file per API
// host, 0600, in a 0700 directory under the user's configuration directory.

package credentials

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/kyclink/kyclink/client/privfile"
)

// errNoFile is a plain-text file that is not there: no key, not a fault.
var errNoFile = fs.ErrNotExist

// maxFile bounds what a plain-text file is read for: more than the
// longest ID token client.CheckAPIKey takes (16 KiB), or a session.
const maxFile = 64 << 10

// plainTextPath is the host's file: ConfigDir/kyclink/key-<host>, a port's
// colon made an underscore (Windows allows no colon in a name).
func (s Store) plainTextPath(apiHost string) (string, error) {
	if s.ConfigDir == "" {
		return "", errors.New("no configuration directory for a plain-text key")
	}
	name := strings.NewReplacer(":", "_", "/", "_", `\`, "_").Replace(apiHost)
	return filepath.Join(s.ConfigDir, "kyclink", "key-"+name), nil
}

// PlainTextPath is where a plain-text key for the host is kept.
func (s Store) PlainTextPath(apiHost string) string {
	p, _ := s.plainTextPath(apiHost)
	return p
}

// readPlainText reads a key file as kyclink opens its own files
// (client/privfile): in a folder of the user's own that others cannot
// enter, a regular file of the user's own that others cannot read, no
// symbolic link at either. What is loose is refused, never tightened: the
// key may already have been read.
func readPlainText(path string) (string, error) {
	if err := privfile.Dir(filepath.Dir(path), privfile.Refuse); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", errNoFile
		}
		return "", fmt.Errorf("plain-text key: %w", err)
	}
	f, err := privfile.Open(path, os.O_RDONLY, privfile.Refuse)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", errNoFile
		}
		return "", fmt.Errorf("plain-text key: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxFile+1))
	if err != nil {
		return "", fmt.Errorf("plain-text key: %w", err)
	}
	if len(b) > maxFile { // never cut: a cut token is a wrong one
		return "", fmt.Errorf("plain-text key: %s holds more than a key or an ID token (over %d bytes)", path, maxFile)
	}
	key := strings.TrimSpace(string(b))
	if key == "" {
		return "", errNoFile
	}
	return key, nil
}

// writePlainText writes key to path, 0600, through a temporary file in the
// same 0700 directory renamed over it, so a reader never sees half a key.
// A directory that is a symbolic link, another user's or open to others
// is refused, not changed: the agent must see to it.
func writePlainText(path, key string) error {
	dir := filepath.Dir(path)
	if err := privfile.MakeDir(dir, privfile.Refuse); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".key-*") // O_EXCL, 0600: no link followed
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename, nothing is there
	if err := tmp.Chmod(0o600); err != nil && runtime.GOOS != "windows" {
		tmp.Close()
		return err
	}
	if _, err := tmp.WriteString(key + "\n"); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func removeFile(path string) error {
	err := os.Remove(path)
	if errors.Is(err, fs.ErrNotExist) {
		return errNoFile
	}
	return err
}

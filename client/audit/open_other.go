//go:build !unix

// This file owns opening the record where file modes do not decide access
// (Windows): a regular file, appended to under O_APPEND without a lock.

package audit

import (
	"errors"
	"os"
)

// openAppend opens the record for appending and refuses anything but a
// regular file. Windows keeps access in ACLs: no mode is set.
func openAppend(path string) (*os.File, error) {
	if info, err := os.Lstat(path); err == nil && !info.Mode().IsRegular() {
		return nil, errors.New("it is not a regular file")
	}
	return os.OpenFile(path, os.O_CREATE|os.O_RDWR|os.O_APPEND, 0o600)
}

// ensurePrivateDir creates the record's folder.
func ensurePrivateDir(dir string) error { return os.MkdirAll(dir, 0o700) }

// lockFile takes no lock: lines stay whole (one write under O_APPEND), but
// two processes rotating at the same moment is left to chance here.
func lockFile(string) (func(), error) { return func() {}, nil }

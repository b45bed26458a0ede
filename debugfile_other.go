//go:build !unix

// This file owns opening the debug log where file modes do not decide
// access (Windows): a regular file, nothing more.

package main

import (
	"fmt"
	"os"
)

// openPrivateFile opens path for appending and refuses anything but a
// regular file. Permission bits mean little here (Windows keeps access in
// ACLs), so no mode is checked or set.
func openPrivateFile(path string) (*os.File, error) {
	if info, err := os.Lstat(path); err == nil && !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		_ = f.Close()
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	return f, nil
}

// makePrivateDir does nothing where modes do not decide access.
func makePrivateDir(string) error { return nil }

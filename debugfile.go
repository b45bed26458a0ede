// This file owns where the interactive app's --debug log goes and that it
// stays private (client/privfile opens it).

package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/kyclink/kyclink/client/privfile"
)

// openDebugFile opens the interactive app's debug log, private to the
// user: created 0600 in a directory created 0700, an existing log made
// 0600, and no symbolic link, FIFO or other user's file (privfile.Open).
func (a *app) openDebugFile() (*os.File, error) {
	path, stateDir := a.flags.debugFile, ""
	if path == "" {
		dir := a.getenv("XDG_STATE_HOME")
		if dir == "" {
			home, err := os.UserHomeDir()
			if err != nil {
				return nil, &usageError{msg: "--debug: no home directory; pass --debug-file PATH"}
			}
			dir = filepath.Join(home, ".local", "state")
		}
		stateDir = filepath.Join(dir, "kyclink")
		path = filepath.Join(stateDir, "debug.log")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, &usageError{msg: fmt.Sprintf("--debug-file: %v", pathErr(err))}
	}
	if stateDir != "" { // kyclink's own directory, not one the agent named
		if err := privfile.Dir(stateDir, privfile.Tighten); err != nil {
			return nil, &usageError{msg: fmt.Sprintf("--debug-file: %v", pathErr(err))}
		}
	}
	f, err := privfile.Open(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, privfile.Tighten)
	if err != nil {
		return nil, &usageError{msg: fmt.Sprintf("--debug-file: %v", pathErr(err))}
	}
	return f, nil
}

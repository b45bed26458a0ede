// This file owns where the record of links lives: $XDG_STATE_HOME/kyclink,
// else the platform's own folder for an application's state.

package audit

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
)

// FileName is the record's file in its folder.
const FileName = "audit.jsonl"

// DemoFileName is the --demo runs' own record, beside the real one and
// kept by the same rules (lock, rotation, privfile), so that a newcomer's
// demo runs recall each other's links while the agent's real record never
// sees them.
const DemoFileName = "audit-demo.jsonl"

// Dir is the record's folder: $XDG_STATE_HOME/kyclink wherever that is
// set, else ~/.local/state/kyclink (Linux and other Unix),
// ~/Library/Application Support/kyclink (macOS) or %LocalAppData%\kyclink
// (Windows). getenv is the environment it is read from.
func Dir(getenv func(string) string) (string, error) {
	if d := getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "kyclink"), nil
	}
	if runtime.GOOS == "windows" {
		if d := getenv("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, "kyclink"), nil
		}
		return "", errors.New("no state folder: %LocalAppData% is not set")
	}
	home := getenv("HOME")
	if home == "" {
		var err error
		if home, err = os.UserHomeDir(); err != nil {
			return "", errors.New("no state folder: no home directory")
		}
	}
	if runtime.GOOS == "darwin" {
		return filepath.Join(home, "Library", "Application Support", "kyclink"), nil
	}
	return filepath.Join(home, ".local", "state", "kyclink"), nil
}

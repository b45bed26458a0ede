//go:build (dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd

// This file owns finding the session D-Bus that a Secret Service answers
// on, without ever starting one: go-keyring's D-Bus library would run
// dbus-launch when it finds none (autolaunch), leaving a daemon behind
// kyclink and running whatever dbus-launch the PATH offers.

package credentials

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// runtimeDir is where a user's session bus socket lives: the folder
// godbus looks in too. Tests point it elsewhere.
var runtimeDir = func() string { return fmt.Sprintf("/run/user/%d", os.Getuid()) }

// errNoBus is a keychain that cannot be asked: no session bus.
var errNoBus = errors.New("no session D-Bus, and kyclink starts none")

// sessionBus reports whether godbus would find a running session bus
// rather than start one: the address in DBUS_SESSION_BUS_ADDRESS (but
// one that says autolaunch), else the socket bus or the address file
// dbus-session in /run/user/UID, as godbus reads them.
func sessionBus() error {
	switch addr := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); {
	case addr == "" || addr == "autolaunch:": // godbus looks for a running bus first
	case strings.HasPrefix(addr, "autolaunch:"):
		return errors.New("DBUS_SESSION_BUS_ADDRESS says autolaunch, and kyclink starts no D-Bus")
	default:
		return nil
	}
	dir := runtimeDir()
	if _, err := os.Stat(filepath.Join(dir, "bus")); !os.IsNotExist(err) {
		return nil
	}
	if b, err := os.ReadFile(filepath.Join(dir, "dbus-session")); err == nil && strings.HasPrefix(string(b), "DBUS_SESSION_BUS_ADDRESS=") {
		return nil
	}
	return errNoBus
}

//go:build !((dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd)

// This file owns the keychains that need no session D-Bus (macOS,
// Windows), and systems go-keyring has none for.

package credentials

// sessionBus is always there where no D-Bus is needed.
func sessionBus() error { return nil }

// This file owns the talk with the operating system's keychain: go-keyring
// behind an interface, every call bounded by Timeout, and what a missing or
// silent keychain is called.

package credentials

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/zalando/go-keyring"
)

// Timeout bounds every keychain call: a locked or absent Secret Service
// must not hang kyclink. Tests shorten it.
var Timeout = 3 * time.Second

// Keyring is the part of go-keyring kyclink uses. System is the real one;
// tests put a slow or failing one behind it, or use keyring.MockInit.
type Keyring interface {
	Get(service, user string) (string, error)
	Set(service, user, password string) error
	Delete(service, user string) error
}

// System is the operating system's keychain through go-keyring: the
// macOS Keychain, the Windows Credential Manager, or a Secret Service
// (GNOME Keyring, KWallet) on the session D-Bus.
type System struct{}

// No session bus means no keychain: none is ever started (sessionBus).
func (System) Get(service, user string) (string, error) {
	if err := sessionBus(); err != nil {
		return "", err
	}
	return keyring.Get(service, user)
}

func (System) Set(service, user, pw string) error {
	if err := sessionBus(); err != nil {
		return err
	}
	return keyring.Set(service, user, pw)
}

func (System) Delete(service, user string) error {
	if err := sessionBus(); err != nil {
		return err
	}
	return keyring.Delete(service, user)
}

// errNotFound is go-keyring's "no such entry": a keychain that answered.
var errNotFound = keyring.ErrNotFound

// ErrTooBig is a keychain that answered but refused a secret as too
// large: go-keyring's own check, before the system is asked. The macOS
// Keychain takes about 3,000 bytes (the whole `security` command line,
// the secret in base64, within 4,096), the Windows Credential Manager
// 2,560 (CRED_MAX_CREDENTIAL_BLOB_SIZE); a Secret Service has no limit.
// An SSO sign-in's ID token with many group claims is larger.
var ErrTooBig = keyring.ErrSetDataTooBig

// KeychainError says the keychain could not be used: it is not there, it
// refused, or it did not answer within Timeout. Its text never holds the
// key.
type KeychainError struct {
	Op       string // "read", "store", "remove"
	TimedOut bool
	Err      error
}

func (e *KeychainError) Error() string {
	if e.TimedOut {
		return fmt.Sprintf("the keychain did not answer within %s (to %s the key); is it locked?", Timeout, e.Op)
	}
	if errors.Is(e.Err, ErrTooBig) {
		return "the keychain refused the key as too large for it (the macOS Keychain takes about 3,000 bytes, the Windows Credential Manager 2,560); keep it in a plain-text file only you can read (0600) instead: sign in again with --insecure-storage"
	}
	return fmt.Sprintf("no keychain to %s (%s)%s", e.what(), oneLine(e.Err.Error()), keychainHint())
}

func (e *KeychainError) Unwrap() error { return e.Err }

// what is what the call was to do, worded for the message.
func (e *KeychainError) what() string {
	switch e.Op {
	case "store":
		return "store the key in"
	case "remove":
		return "remove the key from"
	}
	return "read the key from"
}

// keychainHint says what kind of keychain this system would need.
func keychainHint() string {
	switch runtime.GOOS {
	case "darwin", "windows":
		return ""
	}
	return "; on Linux kyclink needs a Secret Service such as GNOME Keyring or KWallet on the session D-Bus"
}

// bounded runs one keychain call with the Timeout. A call still running
// then is left to finish on its own: its answer is dropped.
func bounded[T any](op string, f func() (T, error)) (T, error) {
	type answer struct {
		v   T
		err error
	}
	ch := make(chan answer, 1) // the late answer never blocks its goroutine
	go func() {
		v, err := f()
		ch <- answer{v, err}
	}()
	t := time.NewTimer(Timeout)
	defer t.Stop()
	select {
	case a := <-ch:
		if a.err != nil && !errors.Is(a.err, errNotFound) {
			a.err = &KeychainError{Op: op, Err: a.err}
		}
		return a.v, a.err
	case <-t.C:
		var zero T
		return zero, &KeychainError{Op: op, TimedOut: true}
	}
}

// oneLine keeps an error from the system on one short line.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	return s
}

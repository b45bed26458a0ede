//go:build unix

// This file owns opening the record on Unix: a regular file of the user's
// own, 0600, in a 0700 folder, never through a symbolic link, and the file
// lock taken to rotate it.

package audit

import (
	"fmt"
	"os"
	"syscall"
	"time"
)

// openAppend opens the record for appending (and reading its last byte),
// creating it 0600. It does not follow a symbolic link, does not block on
// a FIFO, and refuses anything but a regular file of the user's own.
func openAppend(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR|os.O_APPEND|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0o600)
	if err != nil {
		if info, lerr := os.Lstat(path); lerr == nil && info.Mode()&os.ModeSymlink != 0 {
			return nil, fmt.Errorf("it is a symbolic link, which kyclink does not follow")
		}
		return nil, err
	}
	info, err := f.Stat()
	switch {
	case err != nil:
	case !info.Mode().IsRegular():
		err = fmt.Errorf("it is not a regular file")
	case !ownedByMe(info):
		err = fmt.Errorf("it belongs to another user")
	case info.Mode().Perm() != 0o600:
		err = f.Chmod(0o600)
	}
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	return f, nil
}

func ownedByMe(info os.FileInfo) bool {
	st, ok := info.Sys().(*syscall.Stat_t)
	return !ok || int(st.Uid) == os.Getuid()
}

// ensurePrivateDir makes the record's folder 0700, creating it (and its
// parents) when needed; a folder of the user's that an older kyclink or a
// umask left open is closed.
func ensurePrivateDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	info, err := os.Lstat(dir)
	if err != nil || !info.IsDir() || !ownedByMe(info) || info.Mode().Perm() == 0o700 {
		return nil
	}
	return os.Chmod(dir, 0o700)
}

// lockTimeout bounds the wait for the record's lock: a kyclink process
// holds it for one line.
const lockTimeout = 2 * time.Second

// lockFile takes an exclusive lock on path (created 0600), waiting at most
// lockTimeout, and returns its release.
func lockFile(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR|syscall.O_NOFOLLOW, 0o600)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(lockTimeout)
	for wait := 50 * time.Microsecond; ; wait = min(2*wait, 20*time.Millisecond) {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err != syscall.EWOULDBLOCK && err != syscall.EINTR {
			break
		}
		if time.Now().After(deadline) {
			break
		}
		time.Sleep(wait)
	}
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		_ = f.Close()
	}, nil
}

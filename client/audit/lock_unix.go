//go:build unix

// This file owns the record's file lock on Unix, taken to append and
// rotate: a private file (client/privfile) under flock.

package audit

import (
	"os"
	"syscall"
	"time"

	"github.com/kyclink/kyclink/client/privfile"
)

// lockTimeout bounds the wait for the record's lock: a kyclink process
// holds it for one line.
const lockTimeout = 2 * time.Second

// lockFile takes an exclusive lock on path (created 0600), waiting at most
// lockTimeout, and returns its release. A lock that is not a private file
// of the user's (a symbolic link, a FIFO, another user's) is a
// *privfile.Error: the caller refuses to write rather than go on unlocked.
func lockFile(path string) (func(), error) {
	f, err := privfile.Open(path, os.O_CREATE|os.O_RDWR, privfile.Tighten)
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

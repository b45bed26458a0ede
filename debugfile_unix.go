//go:build unix

// This file owns opening the debug log on Unix: no symbolic link, FIFO or
// other user's file, and a mode of 0600.

package main

import (
	"fmt"
	"os"
	"syscall"
)

// openPrivateFile opens path for appending, private to the user. It does
// not follow a symbolic link at the last step, never blocks (a FIFO would
// hold the start until a reader came), and refuses anything but a regular
// file of the user's own; an existing file is made 0600.
func openPrivateFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0o600)
	if err != nil {
		// O_NOFOLLOW fails with ELOOP on Linux, EMLINK on FreeBSD, EFTYPE
		// on NetBSD, and a FIFO without a reader with ENXIO: say what the
		// path is rather than which errno this system chose.
		if info, lerr := os.Lstat(path); lerr == nil {
			if why := notPrivateFile(path, info); why != nil {
				return nil, why
			}
		}
		return nil, err
	}
	info, err := f.Stat()
	if err == nil {
		err = notPrivateFile(path, info)
	}
	if err == nil && info.Mode().Perm() != 0o600 {
		err = f.Chmod(0o600)
	}
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	return f, nil
}

// notPrivateFile says why a file kyclink opened (or could not open) is not
// one it may write a log to, or nil.
func notPrivateFile(path string, info os.FileInfo) error {
	switch {
	case info.Mode()&os.ModeSymlink != 0:
		return fmt.Errorf("%s is a symbolic link, which kyclink does not follow", path)
	case !info.Mode().IsRegular():
		return fmt.Errorf("%s is not a regular file (%s)", path, fileKind(info.Mode()))
	case !ownedByMe(info):
		return fmt.Errorf("%s belongs to another user", path)
	}
	return nil
}

func fileKind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&os.ModeNamedPipe != 0:
		return "a FIFO"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeDevice != 0:
		return "a device"
	}
	return "not a plain file"
}

func ownedByMe(info os.FileInfo) bool {
	st, ok := info.Sys().(*syscall.Stat_t)
	return !ok || int(st.Uid) == os.Getuid()
}

// makePrivateDir makes kyclink's own state directory 0700 when it is a
// real directory of the user's (not a symbolic link someone chose to put
// there); an older kyclink or a umask may have left it readable.
func makePrivateDir(dir string) error {
	info, err := os.Lstat(dir)
	if err != nil || !info.IsDir() || !ownedByMe(info) || info.Mode().Perm() == 0o700 {
		return nil
	}
	return os.Chmod(dir, 0o700)
}

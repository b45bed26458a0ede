//go:build unix

// This file owns the Unix side: O_NOFOLLOW and O_NONBLOCK at open, the
// owner and mode checked on what was opened, not on the name.

package privfile

import (
	"fmt"
	"os"
	"syscall"
)

// Open opens path with flag (os.O_RDONLY, os.O_CREATE|os.O_WRONLY|
// os.O_APPEND, …), creating it 0600. It does not follow a symbolic link
// at the last step, never blocks (a FIFO would hold the run until a
// writer or reader came), and refuses anything but a regular file of the
// user's own (*Error). A file others may read is made 0600 (Tighten) or
// refused (Refuse).
func Open(path string, flag int, loose Loose) (*os.File, error) {
	f, err := os.OpenFile(path, flag|syscall.O_NOFOLLOW|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0o600)
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
	if err := checkOpened(f, path, loose); err != nil {
		_ = f.Close()
		return nil, err
	}
	return f, nil
}

// checkOpened checks the file opened, not the name: a regular file of
// the user's own, and its mode.
func checkOpened(f *os.File, path string, loose Loose) error {
	info, err := f.Stat()
	if err != nil {
		return err
	}
	if err := notPrivateFile(path, info); err != nil {
		return err
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		return looseFile(f, path, perm, loose)
	}
	return nil
}

// looseFile closes a file's mode to 0600, or refuses it when others may
// read it and loose says so.
func looseFile(f *os.File, path string, perm os.FileMode, loose Loose) error {
	if loose == Refuse && perm&0o077 != 0 {
		return &Error{path, fmt.Sprintf("is readable by others (mode %04o); run: chmod 600 %s", perm, path)}
	}
	if loose == Refuse {
		return nil // 0400 and the like: private all the same
	}
	return f.Chmod(0o600)
}

// Dir checks that dir is a real folder (not a symbolic link) of the
// user's own; one that others may enter is closed to 0700 (Tighten) or
// refused (Refuse). A missing folder is an fs.ErrNotExist error.
func Dir(dir string, loose Loose) error {
	info, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if err := notPrivateDir(dir, info); err != nil {
		return err
	}
	perm := info.Mode().Perm()
	switch {
	case perm&0o077 == 0:
		return nil
	case loose == Refuse:
		return &Error{dir, fmt.Sprintf("is open to others (mode %04o); run: chmod 700 %s", perm, dir)}
	}
	return os.Chmod(dir, 0o700)
}

func ownedByMe(info os.FileInfo) bool {
	st, ok := info.Sys().(*syscall.Stat_t)
	return !ok || int(st.Uid) == os.Getuid()
}

// Package privfile is the one way kyclink opens a file of its own (the
// record of links, its lock, the debug log, the plain-text key): never
// through a symbolic link, never blocking on a FIFO, only a regular file
// of the user's own, 0600, in a folder of the user's own, 0700. Both the
// client's packages and the command use it.
package privfile

import (
	"fmt"
	"os"
)

// Loose says what to do with a file or folder of the user's own whose
// mode lets others in.
type Loose int

const (
	// Tighten closes it (0600, 0700): a file kyclink keeps that an older
	// kyclink or a umask left open; what it holds is not secret enough to
	// stop for.
	Tighten Loose = iota
	// Refuse stops: what the file holds (a key) may already have been
	// read, and the user must know.
	Refuse
)

// Error says why a path is not a private file or folder of the user's.
// Its text names the path and what is wrong, never what the file holds.
type Error struct {
	Path string
	Why  string // "is a symbolic link, which kyclink does not follow", …
}

func (e *Error) Error() string { return e.Path + " " + e.Why }

// kind names what a path is that is not a regular file.
func kind(m os.FileMode) string {
	switch {
	case m&os.ModeSymlink != 0:
		return "a symbolic link"
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

// notPrivateFile says why info is not a file kyclink may use, or nil.
func notPrivateFile(path string, info os.FileInfo) error {
	switch {
	case info.Mode()&os.ModeSymlink != 0:
		return &Error{path, "is a symbolic link, which kyclink does not follow"}
	case !info.Mode().IsRegular():
		return &Error{path, fmt.Sprintf("is not a regular file (%s)", kind(info.Mode()))}
	case !ownedByMe(info):
		return &Error{path, "belongs to another user"}
	}
	return nil
}

// notPrivateDir says why info is not a folder kyclink may keep its files
// in, or nil.
func notPrivateDir(dir string, info os.FileInfo) error {
	switch {
	case info.Mode()&os.ModeSymlink != 0:
		return &Error{dir, "is a symbolic link, which kyclink does not follow for its own folder"}
	case !info.IsDir():
		return &Error{dir, fmt.Sprintf("is not a folder (%s)", kind(info.Mode()))}
	case !ownedByMe(info):
		return &Error{dir, "belongs to another user"}
	}
	return nil
}

// MakeDir creates dir (and its parents) 0700 when it is missing, then
// checks it as Dir does.
func MakeDir(dir string, loose Loose) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return Dir(dir, loose)
}

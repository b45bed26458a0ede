//go:build !unix

// This file owns the side where file modes do not decide access
// (Windows keeps it in ACLs): a regular file, a real folder, nothing more.

package privfile

import "os"

// Open opens path with flag, creating it, and refuses anything but a
// regular file. No mode is checked or set.
func Open(path string, flag int, _ Loose) (*os.File, error) {
	if info, err := os.Lstat(path); err == nil {
		if err := notPrivateFile(path, info); err != nil {
			return nil, err
		}
	}
	f, err := os.OpenFile(path, flag, 0o600)
	if err != nil {
		return nil, err
	}
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		_ = f.Close()
		return nil, &Error{path, "is not a regular file"}
	}
	return f, nil
}

// Dir checks that dir is a real folder, not a link to one.
func Dir(dir string, _ Loose) error {
	info, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	return notPrivateDir(dir, info)
}

func ownedByMe(os.FileInfo) bool { return true }

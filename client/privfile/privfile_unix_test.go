//go:build unix

// This file tests the refusals for mine: symbolic links, FIFOs, modes, and
// a file or folder of another user where the test may give one away.

package privfile

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// flags are the ways kyclink opens its files: the record read back, the
// record and the debug log appended to, the lock.
var flags = map[string]int{
	"read":   os.O_RDONLY,
	"append": os.O_CREATE | os.O_WRONLY | os.O_APPEND,
	"lock":   os.O_CREATE | os.O_RDWR,
}

// open runs Open with a deadline: a test that would hang fails instead.
func open(t *testing.T, path string, flag int, loose Loose) (*os.File, error) {
	t.Helper()
	type result struct {
		f   *os.File
		err error
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ch := make(chan result, 1)
	go func() {
		f, err := Open(path, flag, loose)
		ch <- result{f, err}
	}()
	select {
	case r := <-ch:
		if r.f != nil {
			t.Cleanup(func() { r.f.Close() })
		}
		return r.f, r.err
	case <-ctx.Done():
		t.Fatalf("Open(%s) hangs", path)
		return nil, nil
	}
}

func wantRefusal(t *testing.T, err error, why string) {
	t.Helper()
	var pe *Error
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), why) {
		t.Errorf("err = %v, want a refusal saying %q", err, why)
	}
}

func TestOpenRefusesASymbolicLink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	if err := os.WriteFile(target, []byte("secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, flag := range flags {
		link := filepath.Join(dir, "link-"+name)
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
		_, err := open(t, link, flag, Tighten)
		wantRefusal(t, err, "is a symbolic link")
		dangling := filepath.Join(dir, "dangling-"+name)
		if err := os.Symlink(filepath.Join(dir, "nowhere-"+name), dangling); err != nil {
			t.Fatal(err)
		}
		_, err = open(t, dangling, flag, Tighten)
		wantRefusal(t, err, "is a symbolic link")
		if _, err := os.Lstat(filepath.Join(dir, "nowhere-"+name)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s: a dangling link's target was created", name)
		}
	}
	if b, _ := os.ReadFile(target); string(b) != "secret\n" {
		t.Errorf("the target changed: %q", b)
	}
}

func TestOpenRefusesAFIFOAtOnce(t *testing.T) {
	for name, flag := range flags {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "fifo")
			if err := syscall.Mkfifo(path, 0o600); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
			_, err := open(t, path, flag, Tighten)
			wantRefusal(t, err, "not a regular file (a FIFO)")
		})
	}
}

func TestOpenRefusesADirectory(t *testing.T) {
	_, err := open(t, t.TempDir(), os.O_RDONLY, Tighten)
	wantRefusal(t, err, "not a regular file (a directory)")
}

func TestOpenTightensOrRefusesALooseFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	loose := func() {
		if err := os.WriteFile(path, []byte("x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, 0o644); err != nil { // whatever the umask
			t.Fatal(err)
		}
	}
	loose()
	if _, err := open(t, path, os.O_RDONLY, Tighten); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Errorf("Tighten left mode %04o", info.Mode().Perm())
	}
	loose()
	_, err := open(t, path, os.O_RDONLY, Refuse)
	wantRefusal(t, err, "readable by others (mode 0644); run: chmod 600 "+path)
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o644 {
		t.Errorf("Refuse changed the mode to %04o", info.Mode().Perm())
	}
}

func TestOpenCreatesPrivately(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new")
	f, err := open(t, path, flags["append"], Tighten)
	if err != nil {
		t.Fatal(err)
	}
	if info, _ := f.Stat(); info.Mode().Perm() != 0o600 {
		t.Errorf("mode %04o", info.Mode().Perm())
	}
	if _, err := open(t, filepath.Join(t.TempDir(), "missing"), os.O_RDONLY, Tighten); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("reading a missing file: %v, want fs.ErrNotExist", err)
	}
}

// giveAway makes path another user's: only root can.
func giveAway(t *testing.T, path string) {
	t.Helper()
	if os.Getuid() != 0 {
		t.Skip("needs root to give a file away")
	}
	if err := os.Lchown(path, 65534, 65534); err != nil {
		t.Skipf("chown: %v", err)
	}
}

func TestOpenRefusesAnotherUsersFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, []byte("{}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	giveAway(t, path)
	for name, flag := range flags {
		_, err := open(t, path, flag, Tighten)
		wantRefusal(t, err, "belongs to another user")
		if err == nil {
			t.Errorf("%s: opened", name)
		}
	}
}

func TestDir(t *testing.T) {
	root := t.TempDir()
	mine := filepath.Join(root, "mine")
	if err := MakeDir(mine, Refuse); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(mine); info.Mode().Perm() != 0o700 {
		t.Errorf("made %04o", info.Mode().Perm())
	}
	link := filepath.Join(root, "link")
	if err := os.Symlink(mine, link); err != nil {
		t.Fatal(err)
	}
	for _, loose := range []Loose{Tighten, Refuse} {
		wantRefusal(t, Dir(link, loose), "is a symbolic link")
		wantRefusal(t, MakeDir(link, loose), "is a symbolic link")
	}
	file := filepath.Join(root, "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	wantRefusal(t, Dir(file, Tighten), "is not a folder")
	if err := Dir(filepath.Join(root, "missing"), Tighten); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}

	if err := os.Chmod(mine, 0o755); err != nil {
		t.Fatal(err)
	}
	wantRefusal(t, Dir(mine, Refuse), "is open to others (mode 0755); run: chmod 700 "+mine)
	if info, _ := os.Stat(mine); info.Mode().Perm() != 0o755 {
		t.Errorf("Refuse changed the mode to %04o", info.Mode().Perm())
	}
	if err := Dir(mine, Tighten); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(mine); info.Mode().Perm() != 0o700 {
		t.Errorf("Tighten left %04o", info.Mode().Perm())
	}
}

func TestDirOfAnotherUserIsRefused(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "theirs")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	giveAway(t, dir)
	wantRefusal(t, Dir(dir, Tighten), "belongs to another user")
	if info, _ := os.Stat(dir); info.Mode().Perm() != 0o700 {
		t.Errorf("mode changed to %04o", info.Mode().Perm())
	}
}

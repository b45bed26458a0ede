//go:build unix

// This file tests the Unix debug file's refusals: symbolic links, FIFOs,
// other users' files, and modes left open.

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// debugRun starts the interactive app (a stub) with --debug writing to
// path, as the agent would, and returns its result.
func debugRun(t *testing.T, path string) result {
	t.Helper()
	r, _ := fakeAPI(t)
	r.tty = true
	return r.run(t, "--debug", "--debug-file", path)
}

func TestDebugFileRefusesASymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "elsewhere")
	if err := os.WriteFile(target, []byte("keep\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "debug.log")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	res := debugRun(t, link)
	if res.code != 2 || res.tui != nil || !strings.Contains(res.stderr, "is a symbolic link") {
		t.Errorf("exit %d, app started %v, stderr %q", res.code, res.tui != nil, res.stderr)
	}
	// A dangling link is not followed to create its target either.
	dangling := filepath.Join(dir, "dangling.log")
	if err := os.Symlink(filepath.Join(dir, "created"), dangling); err != nil {
		t.Fatal(err)
	}
	if res := debugRun(t, dangling); res.code != 2 || !strings.Contains(res.stderr, "is a symbolic link") {
		t.Errorf("dangling: exit %d, stderr %q", res.code, res.stderr)
	}
	if b, _ := os.ReadFile(target); string(b) != "keep\n" {
		t.Errorf("the link's target was written: %q", b)
	}
	if info, _ := os.Stat(target); info.Mode().Perm() != 0o644 {
		t.Errorf("the link's target changed mode: %v", info.Mode())
	}
	if _, err := os.Lstat(filepath.Join(dir, "created")); err == nil {
		t.Error("a dangling link's target was created")
	}
}

func TestDebugFileRefusesAFIFOPromptly(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "debug.log")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	run := func() result {
		done := make(chan result, 1)
		go func() { done <- debugRun(t, fifo) }()
		select {
		case res := <-done:
			return res
		case <-time.After(10 * time.Second): // a guard, not a wait: it answers at once
			t.Fatal("opening a FIFO hangs the start")
			return result{}
		}
	}
	// Nobody reads: a blocking open would wait for a reader for ever.
	if res := run(); res.code != 2 || res.tui != nil || !strings.Contains(res.stderr, "not a regular file (a FIFO)") {
		t.Errorf("no reader: exit %d, stderr %q", res.code, res.stderr)
	}
	// Someone reads: the open succeeds, and the file's type refuses it.
	reader, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	if res := run(); res.code != 2 || res.tui != nil || !strings.Contains(res.stderr, "not a regular file (a FIFO)") {
		t.Errorf("with a reader: exit %d, stderr %q", res.code, res.stderr)
	}
}

func TestDebugFileExistingIsMadePrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "debug.log")
	if err := os.WriteFile(path, []byte("earlier\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil { // whatever the umask
		t.Fatal(err)
	}
	if res := debugRun(t, path); res.code != 0 {
		t.Fatalf("exit %d, stderr %q", res.code, res.stderr)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v (%v), want 0600", info.Mode(), err)
	}
	if b, _ := os.ReadFile(path); !strings.HasPrefix(string(b), "earlier\n") {
		t.Errorf("the log was not appended to: %q", b)
	}
}

func TestDebugFileOfAnotherUserIsRefused(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root to give a file away")
	}
	path := filepath.Join(t.TempDir(), "debug.log")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(path, 65534, 65534); err != nil {
		t.Skipf("chown: %v", err)
	}
	if res := debugRun(t, path); res.code != 2 || !strings.Contains(res.stderr, "belongs to another user") {
		t.Errorf("exit %d, stderr %q", res.code, res.stderr)
	}
}

func TestDebugDirectoryIsPrivate(t *testing.T) {
	// A directory kyclink creates for --debug-file is 0700.
	path := filepath.Join(t.TempDir(), "new", "debug.log")
	if res := debugRun(t, path); res.code != 0 {
		t.Fatalf("exit %d, stderr %q", res.code, res.stderr)
	}
	if info, err := os.Stat(filepath.Dir(path)); err != nil || info.Mode().Perm() != 0o700 {
		t.Errorf("new directory mode %v (%v), want 0700", info.Mode(), err)
	}

	// kyclink's own state directory, left open, is closed to 0700; a
	// directory the agent named is theirs to set.
	state := t.TempDir()
	own := filepath.Join(state, "kyclink")
	named := t.TempDir()
	for _, d := range []string{own, named} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	r, _ := fakeAPI(t)
	r.tty, r.env["XDG_STATE_HOME"] = true, state
	if res := r.run(t, "--debug"); res.code != 0 {
		t.Fatalf("exit %d, stderr %q", res.code, res.stderr)
	}
	if info, _ := os.Stat(own); info.Mode().Perm() != 0o700 {
		t.Errorf("state directory mode %v, want 0700", info.Mode().Perm())
	}
	if res := debugRun(t, filepath.Join(named, "debug.log")); res.code != 0 {
		t.Fatalf("exit %d, stderr %q", res.code, res.stderr)
	}
	if info, _ := os.Stat(named); info.Mode().Perm() != 0o755 {
		t.Errorf("a named directory was changed to %v", info.Mode().Perm())
	}
}

func TestDebugStateFolderThatIsALinkIsRefused(t *testing.T) {
	// kyclink's own state folder, made a link to somewhere else: the log
	// would be written there.
	r, _ := fakeAPI(t)
	elsewhere := t.TempDir()
	if err := os.Symlink(elsewhere, filepath.Join(r.env["XDG_STATE_HOME"], "kyclink")); err != nil {
		t.Fatal(err)
	}
	r.tty = true
	if res := r.run(t, "--debug"); res.code != 2 || res.tui != nil || !strings.Contains(res.stderr, "is a symbolic link") {
		t.Errorf("exit %d, stderr %q", res.code, res.stderr)
	}
	if got, _ := os.ReadDir(elsewhere); len(got) != 0 {
		t.Errorf("written through the link: %v", got)
	}
}

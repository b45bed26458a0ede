//go:build unix

// This file tests the record at the command line against a hostile local
// user: a record folder that is a symbolic link, a FIFO where the record
// is. Neither hangs nor misleads a run.

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestALinkedRecordFolderIsRefused(t *testing.T) {
	r, _ := fakeAPI(t)
	elsewhere := t.TempDir() // where someone wants the record to go
	if err := os.Symlink(elsewhere, filepath.Join(r.env["XDG_STATE_HOME"], "kyclink")); err != nil {
		t.Fatal(err)
	}
	res := runBounded(t, r, "regenerate", okID)
	if res.code != 0 || !strings.HasPrefix(res.stdout, "https://") ||
		!strings.Contains(res.stderr, "kyclink: warning: No record of links in this run: ") ||
		!strings.Contains(res.stderr, "is a symbolic link") {
		t.Errorf("exit %d\nstdout %q\nstderr:\n%s", res.code, res.stdout, res.stderr)
	}
	if got, _ := os.ReadDir(elsewhere); len(got) != 0 {
		t.Errorf("written through the link: %v", got)
	}
	if res = runBounded(t, r, "search", "alice@example.com"); res.code != 0 || !strings.Contains(res.stderr, "No record of links in this run: ") {
		t.Errorf("search: exit %d\nstderr:\n%s", res.code, res.stderr)
	}
	res = runBounded(t, r, "log", "--since", "0")
	if res.code != 0 || res.stdout != "" || !strings.Contains(res.stderr, "is a symbolic link") {
		t.Errorf("log: exit %d\nstdout %q\nstderr:\n%s", res.code, res.stdout, res.stderr)
	}
	r.tty = true
	res = runBounded(t, r)
	if res.tui == nil || res.tui.Earlier != nil || !strings.Contains(res.tui.HeaderNote, "record off") ||
		res.tui.Notice == nil || !strings.Contains(res.tui.Notice(), "No record of links in this run: ") || res.tui.Notice() != "" {
		t.Errorf("the app: %+v", res)
	}
}

func TestAFIFORecordNeverHangs(t *testing.T) {
	r, _ := fakeAPI(t)
	dir := filepath.Join(r.env["XDG_STATE_HOME"], "kyclink")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "audit.jsonl"), 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	res := runBounded(t, r, "log", "--since", "0")
	if res.code != 0 || !strings.Contains(res.stderr, "not a regular file (a FIFO)") {
		t.Errorf("log: exit %d\nstderr:\n%s", res.code, res.stderr)
	}
	r.tty = true
	res = runBounded(t, r)
	if res.tui == nil || res.tui.Notice == nil || !strings.Contains(res.tui.Notice(), "a FIFO") {
		t.Errorf("the app: %+v", res)
	}
	res = runBounded(t, r, "regenerate", okID)
	if res.code != 0 || !strings.HasPrefix(res.stdout, "https://") || !strings.Contains(res.stderr, "a FIFO") {
		t.Errorf("regenerate: exit %d\nstdout %q\nstderr:\n%s", res.code, res.stdout, res.stderr)
	}
}

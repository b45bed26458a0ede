//go:build unix

// This file tests the record against a hostile local user or server: a
// FIFO, a symbolic link or another user's file where the record is, a link
// at the lock, a loose rotated file, and lines meant to flood it.

package audit

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/privfile"
)

// bounded runs f, failing the test if it has not returned within 10 s:
// what is tested here must never hang.
func bounded(t *testing.T, what string, f func()) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-ctx.Done():
		t.Fatalf("%s hangs", what)
	}
}

// entryLine is one good line of the record.
func entryLine(id string, at time.Time) string {
	b, _ := json.Marshal(newEntry(at, who, linkCall(id, at.Add(time.Hour))))
	return string(b) + "\n"
}

func TestReadRefusesAFIFOAtOnce(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	if err := os.WriteFile(path+".1", []byte(entryLine("customer_a", t0)), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	var entries []Entry
	var err error
	bounded(t, "reading a record that is a FIFO", func() { entries, _, err = (&Log{Path: path}).Read(Filter{}) })
	if !strings.Contains(fmt_(err), "not a regular file (a FIFO)") {
		t.Errorf("err = %v", err)
	}
	if len(entries) != 1 || entries[0].CustomerID != "customer_a" {
		t.Errorf("the other file's entries: %+v", entries)
	}
	// The app's recall says so and goes on.
	r, err := Open(Config{Path: path, Who: who, Now: func() time.Time { return t0 }, Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	bounded(t, "recalling a record that is a FIFO", r.Recall)
	if p := r.Problems(); len(p) != 1 || !strings.Contains(p[0], "a FIFO") {
		t.Errorf("problems: %q", p)
	}
}

func fmt_(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestReadFollowsNoLinkAndNoOtherUsersFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	elsewhere := filepath.Join(t.TempDir(), "planted")
	if err := os.WriteFile(elsewhere, []byte(entryLine("customer_planted", t0)), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(elsewhere, path); err != nil {
		t.Fatal(err)
	}
	entries, _, err := (&Log{Path: path}).Read(Filter{})
	if len(entries) != 0 || !strings.Contains(fmt_(err), "is a symbolic link") {
		t.Errorf("through a link: %+v, %v", entries, err)
	}

	if os.Getuid() != 0 {
		return // only root can give a file away
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path+".1", []byte(entryLine("customer_theirs", t0)), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(path+".1", 65534, 65534); err != nil {
		t.Skipf("chown: %v", err)
	}
	entries, _, err = (&Log{Path: path}).Read(Filter{})
	if len(entries) != 0 || !strings.Contains(fmt_(err), "belongs to another user") {
		t.Errorf("another user's file: %+v, %v", entries, err)
	}
}

func TestAFolderNotTheUsersIsRefused(t *testing.T) {
	state := t.TempDir()
	mine := filepath.Join(t.TempDir(), "kyclink")
	if err := os.Mkdir(mine, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mine, FileName), []byte(entryLine("customer_planted", t0)), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(state, "kyclink")
	if err := os.Symlink(mine, link); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(link, FileName)
	var refused *privfile.Error
	if _, err := Open(Config{Path: path, Who: who}); !errors.As(err, &refused) || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("Open through a linked folder: %v", err)
	}
	if entries, _, err := (&Log{Path: path}).Read(Filter{}); len(entries) != 0 || !errors.As(err, &refused) {
		t.Errorf("Read through a linked folder: %+v, %v", entries, err)
	}
	if _, err := (&Log{Path: path}).Append([]byte(`{}`)); !errors.As(err, &refused) {
		t.Errorf("Append through a linked folder: %v", err)
	}
	if got := lines(t, filepath.Join(mine, FileName)); len(got) != 1 {
		t.Errorf("written through the link: %q", got)
	}
	// A missing folder is no refusal: the first line makes it.
	if _, err := Open(Config{Path: filepath.Join(state, "new", FileName), Who: who}); err != nil {
		t.Errorf("a missing folder: %v", err)
	}

	if os.Getuid() != 0 {
		return
	}
	theirs := filepath.Join(t.TempDir(), "kyclink")
	if err := os.Mkdir(theirs, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(theirs, 65534, 65534); err != nil {
		t.Skipf("chown: %v", err)
	}
	if _, err := Open(Config{Path: filepath.Join(theirs, FileName), Who: who}); !errors.As(err, &refused) || !strings.Contains(err.Error(), "belongs to another user") {
		t.Errorf("Open in another user's folder: %v", err)
	}
}

func TestALinkAtTheLockIsRefused(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	target := filepath.Join(t.TempDir(), "target")
	if err := os.WriteFile(target, []byte("theirs\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, path+".lock"); err != nil {
		t.Fatal(err)
	}
	r, err := Open(Config{Path: path, Who: who, Now: func() time.Time { return t0 }})
	if err != nil {
		t.Fatal(err)
	}
	r.Record(linkCall("customer_a", t0.Add(time.Hour)))
	if p := r.Problems(); len(p) != 1 || !strings.Contains(p[0], "lock") || !strings.Contains(p[0], "symbolic link") {
		t.Errorf("problems: %q", p)
	}
	if _, err := os.Lstat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a line was written without the lock: %v", err)
	}
	if info, _ := os.Stat(target); info.Mode().Perm() != 0o644 {
		t.Errorf("the link's target was changed to %04o", info.Mode().Perm())
	}

	// A FIFO at the lock: refused at once too.
	if err := os.Remove(path + ".lock"); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(path+".lock", 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	bounded(t, "a FIFO at the lock", func() { _, err = (&Log{Path: path}).Append([]byte(`{}`)) })
	if !strings.Contains(fmt_(err), "a FIFO") {
		t.Errorf("Append with a FIFO at the lock: %v", err)
	}
}

func TestRotatedFilesArePrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	if err := os.WriteFile(path, []byte(strings.Repeat(entryLine("customer_a", t0), 20)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil { // left open by an older kyclink or a hand
		t.Fatal(err)
	}
	l := &Log{Path: path, MaxBytes: 1000}
	if _, err := l.Append([]byte(`{"n":1}`)); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + ".1"} {
		if info, err := os.Stat(p); err != nil || info.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v (%v), want 0600", p, info.Mode().Perm(), err)
		}
	}
}

func TestALineLongerThanMaxLineIsSkipped(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	// A well-formed entry, padded past MaxLine by a hostile hand.
	long := newEntry(t0, Who{User: "agent", Hostname: strings.Repeat("h", 1<<20), Environment: who.Environment, APIHost: who.APIHost},
		linkCall("customer_long", t0.Add(time.Hour)))
	b, _ := json.Marshal(long)
	content := entryLine("customer_a", t0) + string(b) + "\n" + entryLine("customer_b", t0)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	entries, damaged, err := (&Log{Path: path}).Read(Filter{})
	if err != nil || damaged != 1 || len(entries) != 2 {
		t.Fatalf("Read = %d entries, %d damaged, %v", len(entries), damaged, err)
	}
	for _, e := range entries {
		if e.CustomerID == "customer_long" {
			t.Error("the overlong line was read as an entry")
		}
	}
}

func TestAnEntryStaysWithinMaxLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	r, err := Open(Config{Path: path, Who: who, Now: func() time.Time { return t0 }})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := range 100 {
		ids = append(ids, "customer_"+strings.Repeat(string(rune('a'+i%26)), 55)) // 64 characters each
	}
	r.Record(client.Call{Action: client.ActionSearch, Status: 200, CustomerIDs: ids})
	r.Record(client.Call{Action: client.ActionKYCLink, CustomerID: "customer_a", Status: 500, Kind: client.KindUnavailable,
		CorrelationID: strings.Repeat("c", 10000)})
	if p := r.Problems(); len(p) != 0 {
		t.Fatalf("problems: %q", p)
	}
	got := lines(t, path)
	if len(got) != 2 {
		t.Fatalf("%d lines", len(got))
	}
	for _, l := range got {
		if len(l)+1 > MaxLine {
			t.Errorf("a line of %d bytes", len(l)+1)
		}
	}
	var search Entry
	if err := json.Unmarshal([]byte(got[0]), &search); err != nil || len(search.CustomerIDs) == 0 ||
		len(search.CustomerIDs)+search.MoreCustomers != 100 || search.CustomerIDs[0] != ids[0] {
		t.Errorf("search entry: %d IDs + %d more (%v)", len(search.CustomerIDs), search.MoreCustomers, err)
	}
	entries, damaged, err := (&Log{Path: path}).Read(Filter{})
	if err != nil || damaged != 0 || len(entries) != 2 {
		t.Errorf("read back: %d entries, %d damaged, %v", len(entries), damaged, err)
	}
}

func TestReadAheadIsRecordedAsSuch(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	r, err := Open(Config{Path: path, Who: who, Now: func() time.Time { return t0 }})
	if err != nil {
		t.Fatal(err)
	}
	r.Record(client.Call{Action: client.ActionCustomer, CustomerID: "customer_a", Status: 200, ReadAhead: true})
	r.Record(client.Call{Action: client.ActionCustomer, CustomerID: "customer_a", Status: 200})
	got := lines(t, path)
	if len(got) != 2 || !strings.Contains(got[0], `"readAhead":true`) || strings.Contains(got[1], "readAhead") {
		t.Errorf("lines:\n%s", strings.Join(got, "\n"))
	}
}

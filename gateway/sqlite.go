// This file owns the SQLite store (one gateway on one machine): the file
// opened private, in WAL mode, with the schema made at start.

package gateway

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // the pure-Go driver, "sqlite"

	"github.com/kyclink/kyclink/client/privfile"
)

// OpenStore opens the database a --db URL names: sqlite://PATH (or a
// bare path) or postgres://…
func OpenStore(ctx context.Context, dbURL string) (Store, error) {
	switch {
	case strings.HasPrefix(dbURL, "postgres://"), strings.HasPrefix(dbURL, "postgresql://"):
		return OpenPostgres(ctx, dbURL)
	case strings.HasPrefix(dbURL, "sqlite://"):
		return OpenSQLite(ctx, strings.TrimPrefix(dbURL, "sqlite://"))
	case strings.Contains(dbURL, "://"):
		return nil, errors.New("--db must be sqlite://PATH or postgres://…")
	}
	return OpenSQLite(ctx, dbURL)
}

// OpenSQLite opens (making it if need be) the SQLite file at path, 0600 in
// a 0700 folder. WAL lets reads go on while a record is written; a write
// waits up to 5 s for another (a second process on the same file).
func OpenSQLite(ctx context.Context, path string) (Store, error) {
	if path == "" {
		return nil, errors.New("no SQLite file named: --db sqlite://PATH")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("the database's folder: %w", err)
	}
	// Made 0600 before SQLite opens it, which would use the umask (its
	// -wal and -shm files take the database's mode); never through a
	// link, never a FIFO, never another user's file.
	f, err := privfile.Open(path, os.O_RDWR|os.O_CREATE, privfile.Tighten)
	if err != nil {
		return nil, fmt.Errorf("the database: %w", err)
	}
	fi, err := f.Stat()
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("the database: %w", err)
	}
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() +
		"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(ON)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	// Readers (the token of every request) keep their connections: opening
	// one reads the schema again.
	db.SetMaxIdleConns(16)
	// The writer never checkpoints: a checkpoint syncs the files to disk,
	// which can take a shared machine's disk hundreds of milliseconds, and
	// every record would queue behind it. checkpoints does it beside.
	w, err := sql.Open("sqlite", dsn+"&_pragma=wal_autocheckpoint(0)")
	if err != nil {
		db.Close()
		return nil, err
	}
	w.SetMaxOpenConns(1)
	s := &sqlStore{db: db, w: w, insertIgnore: "INSERT OR IGNORE", file: &sameFile{path: path, info: fi}}
	for _, stmt := range schema {
		if _, err := w.ExecContext(ctx, stmt); err != nil {
			s.Close()
			return nil, fmt.Errorf("the database's tables: %w", err)
		}
	}
	s.stop = checkpoints(db, time.Second)
	return s, nil
}

// checkpoints copies the write-ahead log into the database every period,
// on a reader's connection, without blocking writers (PASSIVE), until the
// returned func is called.
func checkpoints(db *sql.DB, period time.Duration) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(period)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				_, _ = db.Exec("PRAGMA wal_checkpoint(PASSIVE)") // a busy one is retried next time
			}
		}
	}()
	var once sync.Once // Close may come twice
	return func() { once.Do(func() { close(done); <-finished }) }
}

// sameFile notices the SQLite file removed or replaced under a running
// gateway: SQLite would go on writing into the unlinked file, and every
// record made after would be lost with it.
type sameFile struct {
	path string
	info os.FileInfo
}

// check is nil while path is still the file that was opened.
func (f *sameFile) check() error {
	if f == nil {
		return nil
	}
	now, err := os.Stat(f.path)
	if err != nil || !os.SameFile(now, f.info) {
		return fmt.Errorf("the database file %s was removed or replaced while the gateway ran; restart it", f.path)
	}
	return nil
}

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
	sqlite3 "modernc.org/sqlite/lib"

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
		"?_pragma=busy_timeout(5000)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(ON)"
	if err := setUpSQLite(ctx, dsn); err != nil {
		return nil, fmt.Errorf("the database's tables: %w", err)
	}
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
	s.stop = checkpoints(db, time.Second)
	return s, nil
}

// setUpSQLite puts the file in WAL mode (which lasts: the pools opened
// after need not ask again) and makes the tables, on one connection of its
// own. SQLite answers a change of journal mode that meets another
// connection with SQLITE_BUSY at once, without waiting out busy_timeout,
// so two gateways (or tests) opening one new file together would fail:
// the change is retried for as long as busy_timeout would have waited.
func setUpSQLite(ctx context.Context, dsn string) error {
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if err := retryBusy(ctx, 5*time.Second, func() error { return walMode(ctx, db) }); err != nil {
		return err
	}
	// IMMEDIATE takes the write lock first, waiting (busy_timeout) for
	// another opener's schema, rather than failing when a read of the
	// schema turns into a write.
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return err
	}
	for _, stmt := range schema {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			_, _ = conn.ExecContext(ctx, "ROLLBACK")
			return err
		}
	}
	_, err = conn.ExecContext(ctx, "COMMIT")
	return err
}

// walMode switches the file to WAL; SQLite may instead answer with the
// mode it kept, which is a busy file too.
func walMode(ctx context.Context, db *sql.DB) error {
	var mode string
	if err := db.QueryRowContext(ctx, "PRAGMA journal_mode=WAL").Scan(&mode); err != nil {
		return err
	}
	if !strings.EqualFold(mode, "wal") {
		return errBusyMode
	}
	return nil
}

var errBusyMode = errors.New("the database stayed out of WAL mode: another program holds it")

// retryBusy runs try until it succeeds, fails other than busy, or wait
// has passed.
func retryBusy(ctx context.Context, wait time.Duration, try func() error) error {
	deadline := time.Now().Add(wait)
	for {
		err := try()
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// isBusy is SQLite's "database is locked" (SQLITE_BUSY and its extended
// codes), or a mode change SQLite declined.
func isBusy(err error) bool {
	var coded interface{ Code() int }
	if errors.As(err, &coded) {
		return coded.Code()&0xff == sqlite3.SQLITE_BUSY
	}
	return errors.Is(err, errBusyMode)
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

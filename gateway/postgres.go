// This file owns the PostgreSQL store (several gateways, one database):
// pgx through database/sql, and the schema made under an advisory lock so
// that two gateways starting at once do not race.

package gateway

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// migrationLock is the advisory lock key every kyclink gateway takes
// while it makes the schema ("kyclink" in ASCII, as a number).
const migrationLock = 0x6b79636c696e6b

// OpenPostgres connects to dbURL and makes the schema.
func OpenPostgres(ctx context.Context, dbURL string) (Store, error) {
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		return nil, fmt.Errorf("the database: %w", redactURL(err, dbURL))
	}
	s := &sqlStore{db: db, w: db, numbered: true, insertIgnore: "INSERT", onConflictIgnore: " ON CONFLICT DO NOTHING"}
	if err := migratePostgres(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("the database's tables: %w", redactURL(err, dbURL))
	}
	return s, nil
}

// migratePostgres runs the schema in one transaction holding the
// advisory lock: a second gateway waits, then finds the tables made.
// (CREATE … IF NOT EXISTS alone can fail when two run at once.)
func migratePostgres(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationLock)); err != nil {
		return err
	}
	for _, stmt := range schema {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// redactURL keeps the database password out of an error that might
// repeat the URL.
func redactURL(err error, dbURL string) error {
	u, perr := url.Parse(dbURL)
	if perr != nil {
		return errors.New("the database URL does not parse")
	}
	pw, ok := u.User.Password()
	if !ok || pw == "" || !strings.Contains(err.Error(), pw) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), pw, "[redacted]"))
}

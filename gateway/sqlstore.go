// This file owns the SQL both databases share: one implementation of
// Store over database/sql, told only how its dialect writes placeholders.

package gateway

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"
)

// sqlStore is Store over database/sql. Times are kept as Unix
// milliseconds, the same in both databases.
type sqlStore struct {
	db *sql.DB
	// w is where writes go: db itself for PostgreSQL; for SQLite a
	// handle of one connection, so writers queue in Go rather than spin
	// on SQLite's busy lock (which sleeps in whole milliseconds).
	w *sql.DB
	// stop ends work the store does in the background; nil: none.
	stop func()
	// numbered: PostgreSQL's $1, $2 … instead of SQLite's ?.
	numbered bool
	// upsert is the dialect's "insert unless the key exists".
	insertIgnore, onConflictIgnore string
	// file is SQLite's file, checked before each use; nil for PostgreSQL.
	file *sameFile
}

// schema is the tables, the same in both dialects (BIGINT and TEXT mean
// the same there). Each statement runs at start; IF NOT EXISTS makes that
// safe to repeat.
var schema = []string{
	`CREATE TABLE IF NOT EXISTS agents (
		name TEXT PRIMARY KEY,
		role TEXT NOT NULL,
		token_hash TEXT UNIQUE,
		created_ms BIGINT NOT NULL,
		revoked_ms BIGINT
	)`,
	`CREATE TABLE IF NOT EXISTS records (
		id TEXT PRIMARY KEY,
		time_ms BIGINT NOT NULL,
		agent TEXT NOT NULL,
		environment TEXT NOT NULL,
		api_host TEXT NOT NULL,
		action TEXT NOT NULL,
		customer_id TEXT NOT NULL,
		customer_ids TEXT NOT NULL,
		outcome TEXT NOT NULL,
		status INTEGER NOT NULL,
		correlation_id TEXT NOT NULL,
		expires_ms BIGINT,
		link_sha256 TEXT NOT NULL,
		more_customers INTEGER NOT NULL DEFAULT 0,
		code_by TEXT NOT NULL DEFAULT ''
	)`,
	`CREATE INDEX IF NOT EXISTS records_time ON records (time_ms)`,
	`CREATE INDEX IF NOT EXISTS records_customer ON records (customer_id, time_ms)`,
}

// q rewrites ? placeholders for the dialect.
func (s *sqlStore) q(query string) string {
	if !s.numbered {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

func (s *sqlStore) AddAgent(ctx context.Context, a Agent, tokenHash string) error {
	res, err := s.w.ExecContext(ctx, s.q(s.insertIgnore+` INTO agents (name, role, token_hash, created_ms) VALUES (?, ?, ?, ?)`+s.onConflictIgnore),
		a.Name, string(a.Role), tokenHash, ms(a.Created))
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return ErrAgentExists
	}
	return nil
}

func (s *sqlStore) Agents(ctx context.Context) ([]Agent, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, role, created_ms, revoked_ms FROM agents ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Agent
	for rows.Next() {
		a, err := scanAgent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func scanAgent(row interface{ Scan(...any) error }, more ...any) (Agent, error) {
	var (
		a       Agent
		role    string
		created int64
		revoked sql.NullInt64
	)
	if err := row.Scan(append([]any{&a.Name, &role, &created, &revoked}, more...)...); err != nil {
		return Agent{}, err
	}
	a.Role, a.Created = Role(role), fromMS(created)
	if revoked.Valid {
		t := fromMS(revoked.Int64)
		a.Revoked = &t
	}
	return a, nil
}

func (s *sqlStore) RevokeAgent(ctx context.Context, name string, at time.Time) (bool, error) {
	res, err := s.w.ExecContext(ctx, s.q(`UPDATE agents SET revoked_ms = ? WHERE name = ? AND revoked_ms IS NULL`), ms(at), name)
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err == nil && n > 0 {
		return true, nil
	}
	// Not live: already revoked, or a name never added (an SSO identity).
	_, err = s.w.ExecContext(ctx, s.q(s.insertIgnore+` INTO agents (name, role, created_ms, revoked_ms) VALUES (?, ?, ?, ?)`+s.onConflictIgnore),
		name, string(RoleAgent), ms(at), ms(at))
	if err != nil {
		return false, err
	}
	var hash sql.NullString
	err = s.db.QueryRowContext(ctx, s.q(`SELECT token_hash FROM agents WHERE name = ?`), name).Scan(&hash)
	return hash.Valid, err
}

func (s *sqlStore) AgentByToken(ctx context.Context, tokenHash string) (Agent, error) {
	// A revocation made in a new file would not be seen here.
	if err := s.file.check(); err != nil {
		return Agent{}, err
	}
	var stored string
	row := s.db.QueryRowContext(ctx, s.q(`SELECT name, role, created_ms, revoked_ms, token_hash FROM agents WHERE token_hash = ?`), tokenHash)
	a, err := scanAgent(row, &stored)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Agent{}, ErrNoAgent
	case err != nil:
		return Agent{}, err
	case a.Revoked != nil:
		return Agent{}, ErrNoAgent
	}
	a.tokenHash = stored
	return a, nil
}

func (s *sqlStore) Revoked(ctx context.Context, name string) (bool, error) {
	var revoked sql.NullInt64
	err := s.db.QueryRowContext(ctx, s.q(`SELECT revoked_ms FROM agents WHERE name = ?`), name).Scan(&revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return revoked.Valid, err
}

func (s *sqlStore) AddRecord(ctx context.Context, r Record) error {
	if err := s.file.check(); err != nil {
		return err
	}
	ids, err := json.Marshal(r.CustomerIDs)
	if err != nil {
		return err
	}
	var expires sql.NullInt64
	if r.ExpiresAt != nil {
		expires = sql.NullInt64{Int64: ms(*r.ExpiresAt), Valid: true}
	}
	_, err = s.w.ExecContext(ctx, s.q(s.insertIgnore+` INTO records (id, time_ms, agent, environment, api_host, action, customer_id,
		customer_ids, outcome, status, correlation_id, expires_ms, link_sha256, more_customers, code_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`+s.onConflictIgnore),
		r.ID, ms(r.Time), r.User, r.Environment, r.APIHost, r.Action, r.CustomerID,
		string(ids), r.Outcome, r.Status, r.CorrelationID, expires, r.LinkSHA256, r.MoreCustomers, r.By)
	return err
}

func (s *sqlStore) Records(ctx context.Context, f RecordFilter) ([]Record, error) {
	query := `SELECT id, time_ms, agent, environment, api_host, action, customer_id, customer_ids, outcome, status,
		correlation_id, expires_ms, link_sha256, more_customers, code_by FROM records WHERE time_ms >= ?`
	args := []any{ms(f.Since)}
	if f.CustomerID != "" {
		// A search's customers are a JSON list of validated IDs: a quoted
		// ID cannot match inside another.
		query += ` AND (customer_id = ? OR customer_ids LIKE ?)`
		args = append(args, f.CustomerID, `%"`+f.CustomerID+`"%`)
	}
	limit := f.Limit
	if limit <= 0 || limit > DefaultRecordLimit {
		limit = DefaultRecordLimit
	}
	query += ` ORDER BY time_ms DESC, id LIMIT ` + strconv.Itoa(limit)
	rows, err := s.db.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Record
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func scanRecord(rows *sql.Rows) (Record, error) {
	var (
		r       Record
		at      int64
		ids     string
		expires sql.NullInt64
	)
	err := rows.Scan(&r.ID, &at, &r.User, &r.Environment, &r.APIHost, &r.Action, &r.CustomerID, &ids,
		&r.Outcome, &r.Status, &r.CorrelationID, &expires, &r.LinkSHA256, &r.MoreCustomers, &r.By)
	if err != nil {
		return Record{}, err
	}
	r.Time = fromMS(at)
	if ids != "" && ids != "null" {
		if err := json.Unmarshal([]byte(ids), &r.CustomerIDs); err != nil {
			return Record{}, err
		}
	}
	if expires.Valid {
		t := fromMS(expires.Int64)
		r.ExpiresAt = &t
	}
	return r, nil
}

func (s *sqlStore) Ping(ctx context.Context) error {
	if err := s.file.check(); err != nil {
		return err
	}
	return s.db.PingContext(ctx)
}

func (s *sqlStore) Close() error {
	if s.stop != nil {
		s.stop()
	}
	if s.w != s.db {
		s.w.Close()
	}
	return s.db.Close()
}

// compile-time check that both dialects share one Store.
var _ Store = (*sqlStore)(nil)

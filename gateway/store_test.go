package gateway

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client/audit"
)

// stores runs a test against each database: SQLite always, PostgreSQL
// when KYCLINK_TEST_POSTGRES names one (.ci/run starts one).
func stores(t *testing.T, test func(t *testing.T, open func() Store)) {
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "gw.db")
		test(t, func() Store { return mustOpen(t, "sqlite://"+path) })
	})
	t.Run("postgres", func(t *testing.T) {
		dbURL := postgresDB(t)
		test(t, func() Store { return mustOpen(t, dbURL) })
	})
}

func mustOpen(t *testing.T, dbURL string) Store {
	t.Helper()
	s, err := OpenStore(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// postgresDB makes a database of the test's own on the server
// KYCLINK_TEST_POSTGRES names, dropped when the test ends, or skips.
func postgresDB(t *testing.T) string {
	t.Helper()
	admin := os.Getenv("KYCLINK_TEST_POSTGRES")
	if admin == "" {
		t.Skip("KYCLINK_TEST_POSTGRES is not set (e.g. postgres://user@127.0.0.1:5432/postgres): the PostgreSQL store is not tested")
	}
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "kyclink_test_" + hex.EncodeToString(b)
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		db.Close()
		t.Fatalf("KYCLINK_TEST_POSTGRES: %v", err)
	}
	t.Cleanup(func() {
		_, _ = db.Exec("DROP DATABASE " + name + " WITH (FORCE)")
		db.Close()
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

var t0 = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

func TestStoreAgents(t *testing.T) {
	stores(t, func(t *testing.T, open func() Store) {
		s, ctx := open(), context.Background()
		_, hash := NewToken()
		if err := s.AddAgent(ctx, Agent{Name: "ana", Role: RoleLead, Created: t0}, hash); err != nil {
			t.Fatal(err)
		}
		_, other := NewToken()
		if err := s.AddAgent(ctx, Agent{Name: "ana", Role: RoleAgent, Created: t0}, other); !errors.Is(err, ErrAgentExists) {
			t.Errorf("a second ana: %v", err)
		}
		a, err := s.AgentByToken(ctx, hash)
		if err != nil || a.Name != "ana" || a.Role != RoleLead || !a.Created.Equal(t0) {
			t.Fatalf("%+v %v", a, err)
		}
		if _, err := s.AgentByToken(ctx, other); !errors.Is(err, ErrNoAgent) {
			t.Errorf("an unknown hash: %v", err)
		}
		if known, err := s.RevokeAgent(ctx, "ana", t0.Add(time.Hour)); !known || err != nil {
			t.Fatal(known, err)
		}
		if _, err := s.AgentByToken(ctx, hash); !errors.Is(err, ErrNoAgent) {
			t.Errorf("a revoked agent: %v", err)
		}
		if known, err := s.RevokeAgent(ctx, "bo@example.com", t0); known || err != nil {
			t.Errorf("an SSO name: %v %v", known, err)
		}
		if r, err := s.Revoked(ctx, "bo@example.com"); !r || err != nil {
			t.Errorf("bo not revoked: %v", err)
		}
		if r, err := s.Revoked(ctx, "cy@example.com"); r || err != nil {
			t.Errorf("cy revoked: %v", err)
		}
		all, err := s.Agents(ctx)
		if err != nil || len(all) != 2 || all[0].Name != "ana" || all[0].Revoked == nil {
			t.Errorf("%+v %v", all, err)
		}
		if err := s.Ping(ctx); err != nil {
			t.Error(err)
		}
	})
}

func TestStoreRecords(t *testing.T) {
	stores(t, func(t *testing.T, open func() Store) {
		s, ctx := open(), context.Background()
		exp := t0.Add(28 * 24 * time.Hour)
		recs := []Record{
			{ID: "1", Entry: audit.Entry{Time: t0, User: "ana", Action: "kyc-link", CustomerID: alice, Outcome: "ok", Status: 201, ExpiresAt: &exp, LinkSHA256: "3f9a0c1b22de"}},
			{ID: "2", Entry: audit.Entry{Time: t0.Add(time.Minute), User: "bo", Action: "search", CustomerIDs: []string{"customer_b", alice}, MoreCustomers: 3, Outcome: "ok", Status: 200}},
			{ID: "4", Entry: audit.Entry{Time: t0.Add(-time.Hour), User: "bo", Action: "otp-send", CustomerID: alice, By: "phone", Outcome: "ok", Status: 201}},
			{ID: "3", Entry: audit.Entry{Time: t0.Add(2 * time.Minute), User: "bo", Action: "kyc-link", CustomerID: "customer_c", Outcome: "validation", Status: 422, CorrelationID: "corr-1"}},
		}
		for _, r := range recs {
			if err := s.AddRecord(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		// A write repeated (a retry after a crash) lands once.
		if err := s.AddRecord(ctx, recs[0]); err != nil {
			t.Fatal(err)
		}
		all, err := s.Records(ctx, RecordFilter{})
		if err != nil || len(all) != 4 || all[0].ID != "3" || all[2].ID != "1" || all[1].MoreCustomers != 3 || all[3].By != "phone" {
			t.Fatalf("%+v %v", all, err)
		}
		if got := all[2]; got.ExpiresAt == nil || !got.ExpiresAt.Equal(exp) || got.LinkSHA256 != "3f9a0c1b22de" || got.User != "ana" {
			t.Errorf("%+v", got)
		}
		if all[0].CorrelationID != "corr-1" || all[0].Status != 422 {
			t.Errorf("%+v", all[0])
		}
		mine, _ := s.Records(ctx, RecordFilter{CustomerID: alice})
		if len(mine) != 3 {
			t.Errorf("alice's: %+v", mine)
		}
		recent, _ := s.Records(ctx, RecordFilter{Since: t0.Add(90 * time.Second)})
		if len(recent) != 1 || recent[0].ID != "3" {
			t.Errorf("since: %+v", recent)
		}
		one, _ := s.Records(ctx, RecordFilter{Limit: 1})
		if len(one) != 1 {
			t.Errorf("limit: %d", len(one))
		}
	})
}

// Two gateways starting at once on one database both come up: the
// schema is made once, under the lock.
func TestStoresOpenedAtOnce(t *testing.T) {
	stores(t, func(t *testing.T, open func() Store) {
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				s := open()
				if err := s.AddRecord(context.Background(), Record{ID: newRecordID(), Entry: audit.Entry{Time: t0, Action: "customer", Outcome: "ok"}}); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
	})
}

func TestSQLiteFileIsPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state", "kyclink")
	s := mustOpen(t, "sqlite://"+filepath.Join(dir, "gateway.db"))
	_ = s
	for path, want := range map[string]os.FileMode{dir: 0o700, filepath.Join(dir, "gateway.db"): 0o600} {
		info, err := os.Stat(path)
		if err != nil || info.Mode().Perm() != want {
			t.Errorf("%s: %v %v", path, info.Mode(), err)
		}
	}
}

func TestOpenStoreRefusesOtherURLs(t *testing.T) {
	if _, err := OpenStore(context.Background(), "mysql://x"); err == nil {
		t.Error("mysql:// accepted")
	}
}

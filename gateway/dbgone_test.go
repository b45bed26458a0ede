package gateway

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
)

// A SQLite file removed under a running gateway (a clean-up script, an
// operator's mistake) would go on taking records into a file no one can
// open again: the gateway must notice, say it is not ready, and withhold
// answers rather than record them into nothing.
func TestARemovedSQLiteFileIsNoticed(t *testing.T) {
	r := newRig(t)
	tok := r.agent("ana", RoleAgent)
	if resp, _ := r.do(http.MethodPost, "/v2/customer/"+alice+"/kyc-link", tok, nil); resp.StatusCode != http.StatusCreated {
		t.Fatalf("before: %d", resp.StatusCode)
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(r.dbPath + suffix)
	}
	if resp, body := r.do(http.MethodGet, "/readyz", "", nil); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("/readyz with the file gone: %d %s", resp.StatusCode, body)
	}
	resp, body := r.do(http.MethodPost, "/v2/customer/"+alice+"/kyc-link", tok, nil)
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("a link with the file gone: %d %s", resp.StatusCode, body)
	}
	if !strings.Contains(r.logs.String(), "was removed or replaced while the gateway ran") {
		t.Errorf("the log does not say why: %s", r.logs.String())
	}
}

// hangingStore is a database behind a dead network: the chosen calls wait
// until their context ends.
type hangingStore struct {
	Store
	hangLookups bool
}

func (h hangingStore) AgentByToken(ctx context.Context, hash string) (Agent, error) {
	if h.hangLookups {
		<-ctx.Done()
		return Agent{}, ctx.Err()
	}
	return h.Store.AgentByToken(ctx, hash)
}

func (h hangingStore) AddRecord(ctx context.Context, _ Record) error {
	<-ctx.Done()
	return ctx.Err()
}

func (h hangingStore) Records(ctx context.Context, _ RecordFilter) ([]Record, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

// A database that hangs makes a clear 503 within the gateway's wait, for
// a token's lookup, a record's write and a record's read: never a request
// that does not end.
func TestAHangingDatabaseIsA503NotAHang(t *testing.T) {
	for _, lookups := range []bool{false, true} {
		r := newRig(t)
		tok := r.agent("lee", RoleLead)
		hs := hangingStore{Store: r.store, hangLookups: lookups}
		g, err := New(Options{SphereURL: r.sphere.URL, SphereKey: sphereKey, Store: hs, Now: r.clock.Now})
		if err != nil {
			t.Fatal(err)
		}
		g.storeWait = 50 * time.Millisecond
		srv := httptest.NewServer(g)
		defer srv.Close()
		for _, c := range []struct{ method, path string }{
			{http.MethodPost, "/v2/customer/" + alice + "/kyc-link"},
			{http.MethodGet, "/kyclink/v1/record"},
		} {
			req, _ := http.NewRequest(c.method, srv.URL+c.path, nil)
			req.Header.Set("Authorization", "Bearer "+tok)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			resp, err := srv.Client().Do(req.WithContext(ctx))
			cancel()
			if err != nil {
				t.Fatalf("lookups hang %v, %s: %v", lookups, c.path, err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusServiceUnavailable {
				t.Errorf("lookups hang %v, %s: %d, want 503", lookups, c.path, resp.StatusCode)
			}
		}
	}
}

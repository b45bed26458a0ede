// This file owns the harness the gateway's tests share: a fake Sphere, a
// gateway in front of it on a store of the test's own, and agents.

package gateway

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client/spheretest"
)

// sphereKey is the key the fake Sphere of these tests accepts.
const sphereKey = "sk_live_gatewaytestkey0123456789abcdef"

// rig is a gateway in front of a fake Sphere.
type rig struct {
	t      *testing.T
	sphere *spheretest.TestServer
	gw     *Gateway
	srv    *httptest.Server
	store  Store
	dbPath string
	clock  *spheretest.Clock
	logs   *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newRig starts a fake Sphere and a gateway on a fresh SQLite file. mod
// adjusts the gateway's options.
func newRig(t *testing.T, mod ...func(*Options)) *rig {
	t.Helper()
	r := &rig{t: t, logs: &syncBuffer{}}
	r.sphere = spheretest.NewTestServer(t, spheretest.Options{APIKey: sphereKey})
	r.clock = r.sphere.Clock
	r.dbPath = filepath.Join(t.TempDir(), "gateway.db")
	store, err := OpenSQLite(context.Background(), r.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	r.store = store
	o := Options{
		SphereURL: r.sphere.URL, SphereKey: sphereKey, Store: store, Environment: "CUSTOM",
		Logger: slog.New(slog.NewJSONHandler(r.logs, nil)), Now: r.clock.Now, Version: "test",
	}
	for _, f := range mod {
		f(&o)
	}
	r.gw, err = New(o)
	if err != nil {
		t.Fatal(err)
	}
	r.srv = httptest.NewServer(r.gw)
	t.Cleanup(r.srv.Close)
	return r
}

// agent adds an agent and returns its token.
func (r *rig) agent(name string, role Role) string {
	r.t.Helper()
	token, hash := NewToken()
	if err := r.store.AddAgent(context.Background(), Agent{Name: name, Role: role, Created: r.clock.Now()}, hash); err != nil {
		r.t.Fatal(err)
	}
	return token
}

// do sends one request with token as the bearer ("" for none).
func (r *rig) do(method, path, token string, body io.Reader) (*http.Response, string) {
	r.t.Helper()
	req, err := http.NewRequest(method, r.srv.URL+path, body)
	if err != nil {
		r.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := r.srv.Client().Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// upstreamCalls counts the calls the fake Sphere saw.
func (r *rig) upstreamCalls() int { return len(r.sphere.Handler.Requests()) }

// records reads the whole record from the store.
func (r *rig) records() []Record {
	r.t.Helper()
	recs, err := r.store.Records(context.Background(), RecordFilter{})
	if err != nil {
		r.t.Fatal(err)
	}
	return recs
}

// dbBytes is everything on disk for the store: the file and its WAL.
func (r *rig) dbBytes() string {
	var all strings.Builder
	for _, suffix := range []string{"", "-wal"} {
		b, _ := os.ReadFile(r.dbPath + suffix)
		all.Write(b)
	}
	return all.String()
}

// advance moves the shared clock (the fake's and the gateway's).
func (r *rig) advance(d time.Duration) { r.clock.Advance(d) }

// newUpstream serves h on a loopback httptest server and returns its URL.
func newUpstream(t *testing.T, h http.HandlerFunc) string {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// waitFor polls cond (a condition other goroutines make true soon) for
// at most 5 s.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5 s")
		}
		time.Sleep(time.Millisecond)
	}
}

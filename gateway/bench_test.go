package gateway

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

// cannedSphere answers every call at once, in memory: what is left to
// time is the gateway's own work (token check, limits, the record's
// write to SQLite, the key check of the answer).
type cannedSphere struct{}

func (cannedSphere) RoundTrip(r *http.Request) (*http.Response, error) {
	body := `{"customerId":"` + alice + `","url":"https://in.sumsub.com/websdk/p/sbx_abcdefgh","expiresAt":"2026-12-24T09:00:00.000Z"}`
	status := http.StatusCreated
	if r.Method == http.MethodGet {
		body, status = `{"id":"`+alice+`","type":"individual","firstName":"Alice"}`, http.StatusOK
	}
	return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
}

func benchGateway(b *testing.B) (*Gateway, string) {
	store, err := OpenSQLite(context.Background(), filepath.Join(b.TempDir(), "gw.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	token, hash := NewToken()
	if err := store.AddAgent(context.Background(), Agent{Name: "ana", Role: RoleAgent}, hash); err != nil {
		b.Fatal(err)
	}
	g, err := New(Options{SphereURL: "https://api.example.com", SphereKey: sphereKey, Store: store, Transport: cannedSphere{},
		Logger: slog.New(slog.NewJSONHandler(io.Discard, nil)), TeamReads: 1e9, TeamWrites: 1e9, AgentRate: 1e9, AgentBurst: 1e9})
	if err != nil {
		b.Fatal(err)
	}
	return g, token
}

func benchServe(b *testing.B, method, path string) {
	g, token := benchGateway(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest(method, path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		g.ServeHTTP(rec, req)
		if rec.Code >= 300 {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
}

// BenchmarkForwardLink is one POST …/kyc-link through the gateway, its
// record written to SQLite.
func BenchmarkForwardLink(b *testing.B) { benchServe(b, "POST", "/v2/customer/"+alice+"/kyc-link") }

// BenchmarkCachedRead is one GET /v2/customer/{id} answered from the
// 2-second cache (still recorded).
func BenchmarkCachedRead(b *testing.B) { benchServe(b, "GET", "/v2/customer/"+alice) }

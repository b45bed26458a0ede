package spheretest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func post(h http.Handler, path, key, idem string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, path, nil)
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if idem != "" {
		req.Header.Set("Idempotency-Key", idem)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestAuthAndShapes(t *testing.T) {
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	h := NewHandler(Options{Now: func() time.Time { return now }, Seed: 3})
	const id = "customer_f31121c389624d3697cbf3ea8830b7a4"
	path := "/v2/customer/" + id + "/kyc-link"

	// A bad key: the current reference's 403; the staging 401 in its scenario.
	if rec := post(h, path, "wrong", ""); rec.Code != 403 || !strings.Contains(rec.Body.String(), `"detail":"Forbidden resource"`) {
		t.Errorf("bad key: %d %s", rec.Code, rec.Body)
	}
	if rec := post(h, "/v2/customer/"+Unauthorized+"/kyc-link", DemoKey, ""); rec.Code != 401 || !strings.Contains(rec.Body.String(), `"code":"unauthorized"`) {
		t.Errorf("Unauthorized: %d %s", rec.Code, rec.Body)
	}
	rec := post(h, path, DemoKey, "k1")
	var body map[string]string
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || rec.Code != 201 {
		t.Fatalf("201: %d %s", rec.Code, rec.Body)
	}
	// The create pages' 201: {url, expiresAt}, no customerId.
	if len(body) != 2 || body["expiresAt"] != "2026-12-24T09:00:00.000Z" || !strings.HasPrefix(body["url"], "https://in.sumsub.com/websdk/p/sbx_") {
		t.Errorf("body = %v", body)
	}
	if rec.Header().Get("Date") != "Thu, 26 Nov 2026 09:00:00 GMT" {
		t.Errorf("Date = %q", rec.Header().Get("Date"))
	}
	if again := post(h, path, DemoKey, "k1"); again.Body.String() != rec.Body.String() {
		t.Error("a repeated idempotency key must replay the same link")
	}
	if other := post(h, path, DemoKey, "k2"); other.Body.String() == rec.Body.String() {
		t.Error("a new key must make a new link")
	}
	if rec := post(h, "/v2/customer/"+id+"/other", DemoKey, ""); rec.Code != 404 {
		t.Errorf("unknown path: %d", rec.Code)
	}
	if rec := post(h, "/v2/customer/Bad-ID/kyc-link", DemoKey, ""); rec.Code != 400 {
		t.Errorf("malformed id: %d", rec.Code)
	}
	if rec := post(h, "/v2/customer/"+Validation+"/kyc-link", DemoKey, ""); rec.Header().Get("Content-Type") != "application/problem+json" {
		t.Errorf("problem content type = %q", rec.Header().Get("Content-Type"))
	}
	if n := len(h.Requests()); n != 8 {
		t.Errorf("%d requests recorded, want 8", n)
	}
}

func TestStartServesOnLoopback(t *testing.T) {
	srv, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
		t.Errorf("URL = %q", srv.URL)
	}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/v2/customer/"+Expires90s+"/kyc-link", nil)
	req.Header.Set("Authorization", "Bearer "+DemoKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 201 {
		t.Errorf("status %d", resp.StatusCode)
	}
}

func TestStartOnRefusesNonLoopback(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "10.0.0.1:4010", "example.com:80", "nonsense"} {
		if srv, err := StartOn(addr, Options{}); err == nil {
			srv.Close()
			t.Errorf("StartOn(%q) listened", addr)
		}
	}
}

func TestFaultScenariosHoldTheConnection(t *testing.T) {
	srv, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	for _, tt := range []struct {
		id     string
		status int
	}{{SwitchingProtocols, 101}, {StalledBody, 201}} {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/v2/customer/"+tt.id+"/kyc-link", nil)
		req.Header.Set("Authorization", "Bearer "+DemoKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", tt.id, err)
		}
		if resp.StatusCode != tt.status {
			t.Errorf("%s: status %d, want %d", tt.id, resp.StatusCode, tt.status)
		}
		if tt.status == 201 {
			// The transport ends this read with the context; the body
			// never completes.
			if b, err := io.ReadAll(resp.Body); err == nil || json.Valid(b) {
				t.Errorf("%s: the body completed: %q", tt.id, b)
			}
		} else {
			// After a 101 the body is the connection, deaf to the context:
			// close it when the context ends, and see that nothing came.
			go func() { <-ctx.Done(); resp.Body.Close() }()
			if n, _ := resp.Body.Read(make([]byte, 1)); n != 0 {
				t.Errorf("%s: the fake wrote after its 101", tt.id)
			}
		}
		resp.Body.Close()
		cancel()
	}
	if n := len(srv.Handler.Requests()); n != 2 {
		t.Errorf("%d requests recorded, want 2", n)
	}
}

func TestOddLinkScenarios(t *testing.T) {
	h := NewHandler(Options{Seed: 1})
	for id, prefix := range map[string]string{
		SoftHyphenLink: "https://in.sumsub.com/websdk/p\u00ad/sbx_",
		IPAddressLink:  "https://127.0.0.1/websdk/p/sbx_",
	} {
		rec := post(h, "/v2/customer/"+id+"/kyc-link", DemoKey, "")
		var body map[string]string
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || rec.Code != 201 {
			t.Fatalf("%d %s", rec.Code, rec.Body)
		}
		if !strings.HasPrefix(body["url"], prefix) {
			t.Errorf("url = %+q, want %+q…", body["url"], prefix)
		}
	}
}

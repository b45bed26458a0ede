// This file tests the fake's customer list, which `kyclink auth login`
// checks a key against.

package spheretest

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestListChecksTheKey(t *testing.T) {
	h := NewHandler(Options{Seed: 1})
	for _, tt := range []struct {
		method, key string
		status      int
	}{
		{http.MethodGet, DemoKey, 200},
		{http.MethodGet, "wrong", 401},
		{http.MethodPost, DemoKey, 405},
	} {
		req := httptest.NewRequest(tt.method, "/v2/customer?limit=1", nil)
		req.Header.Set("Authorization", "Bearer "+tt.key)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != tt.status {
			t.Errorf("%s with %q: %d %s", tt.method, tt.key, rec.Code, rec.Body)
		}
		if tt.status == 200 && rec.Body.String() != `{"customers":[],"pagination":{"limit":1,"page":1,"total":0}}` {
			t.Errorf("body %s", rec.Body)
		}
	}
}

package sso_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client/sso"
)

// An issuer whose discovery document is 16 MiB (of blanks before good
// JSON, so whole it would do) is read no further than sso.MaxAnswer: a
// provider that answers without end fills no memory. The renewal fails
// in kyclink's words, and nothing past the limit is read.
func TestAHugeDiscoveryDocumentIsNotReadWhole(t *testing.T) {
	r := newRig(t)
	var self string
	var sent atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		blank := []byte(strings.Repeat(" ", 64<<10))
		for range 256 { // 16 MiB
			n, err := w.Write(blank)
			sent.Add(int64(n))
			if err != nil {
				return
			}
		}
		_ = json.NewEncoder(w).Encode(map[string]string{"issuer": self, "token_endpoint": r.idp.URL + "/token", "jwks_uri": r.idp.URL + "/keys"})
	}))
	t.Cleanup(srv.Close)
	self = srv.URL
	r.kept.Issuer = srv.URL
	s := r.session(sso.Options{})
	r.clock.Advance(time.Hour)
	_, err := s.Token(context.Background())
	if err == nil || r.idp.Refreshes() != 0 {
		t.Fatalf("renewed through a 16 MiB discovery document: %v", err)
	}
	if !strings.Contains(err.Error(), "could not be read") {
		t.Errorf("%v", err)
	}
	srv.Close() // the handler has stopped writing
	if n := sent.Load(); n >= 16<<20 {
		t.Errorf("all %d bytes were read", n)
	}
}

package ui

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client"
)

// hostileKey is the key a fault-injecting server tries to echo.
const hostileKey = "secret_abcdefghijkl"

// leaksKey reports whether s holds the key or any 8-character piece of it.
func leaksKey(s string) bool {
	for i := 0; i+8 <= len(hostileKey); i++ {
		if strings.Contains(s, hostileKey[i:i+8]) {
			return true
		}
	}
	return false
}

// hostileHarness is a harness whose client, holding hostileKey, talks to
// handler instead of the fake API.
func hostileHarness(t *testing.T, handler http.Handler) *harness {
	t.Helper()
	h := &harness{clock: &clock{t: t0}, system: &fakeSystem{}, term: &syncBuffer{}}
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	c, err := client.New(client.Options{
		BaseURL: srv.URL, APIKey: hostileKey, Now: h.clock.Now,
		Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() },
	})
	if err != nil {
		t.Fatal(err)
	}
	h.client = c
	return h
}

func TestKeyNeverComesBackToTheErrorViewOrTheCopy(t *testing.T) {
	h := hostileHarness(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		w.WriteHeader(422)
		fmt.Fprintf(w, `{"status":422,"title":"Key %[1]s","detail":"the key %[1]s is wrong","code":"k/%[1]s",`+
			`"correlationId":"corr-%[1]s","errors":[{"detail":"for %[1]s","pointer":"/%[1]s"},{"detail":"bad","parameter":"id-%[1]s"}]}`, k)
	}))
	m := h.submitted(t, h.model(120, 40), okID)
	if m.screen != screenError {
		t.Fatalf("screen %d", m.screen)
	}
	v := plain(m)
	if leaksKey(v) || !strings.Contains(v, "the key [redacted] is wrong") || !strings.Contains(v, "corr-[redacted]") {
		t.Errorf("error view:\n%s", v)
	}
	next, cmd := m.Update(press("y"))
	m = update(next.(Model), cmd())
	if got := h.system.Texts(); len(got) != 1 || got[0] != "corr-[redacted]" {
		t.Errorf("y copied %q", got)
	}
	if leaksKey(h.term.String()) || leaksKey(plain(m)) {
		t.Error("the key reached the terminal")
	}
}

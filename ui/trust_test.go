package ui

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
)

// hostileKey is the key the fault-injecting servers try to echo.
const hostileKey = spheretest.HostileKey

func leaksKey(s string) bool { return spheretest.LeaksKey(s, hostileKey) }

// hostileHarness is a harness whose client, holding hostileKey, talks to
// handler instead of the fake API.
func hostileHarness(t *testing.T, handler http.Handler) *harness {
	t.Helper()
	h := &harness{clock: spheretest.NewClock(t0), system: &fakeSystem{}, term: &syncBuffer{}}
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	c, err := client.New(client.Options{BaseURL: srv.URL, APIKey: hostileKey, Now: h.clock.Now, Sleep: spheretest.NoWait})
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

// clockServer answers with a 28-day link (by the test clock) and a Date
// header of its own.
func clockServer(date time.Time) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/v2/customer/"), "/kyc-link")
		w.Header().Set("Date", date.Format(http.TimeFormat))
		w.WriteHeader(201)
		fmt.Fprintf(w, `{"customerId":%q,"url":"https://in.sumsub.com/websdk/p/x","expiresAt":%q}`,
			id, t0.Add(28*24*time.Hour).Format(time.RFC3339))
	})
}

func TestAbsurdServerClockIsSaidUnderExpires(t *testing.T) {
	tests := []struct {
		date time.Time
		note string
	}{
		{time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC), "Sphere's clock is off by 73 years: counting on this computer's clock"},
		{time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), "Sphere's clock is off by 36 years: counting on this computer's clock"},
		{t0.Add(30 * time.Minute), ""}, // trusted: it counts, silently
	}
	for _, tt := range tests {
		h := hostileHarness(t, clockServer(tt.date))
		m := h.submitted(t, h.model(120, 40), okID)
		if m.screen != screenResult {
			t.Fatalf("%v: screen %d, failure %+v", tt.date, m.screen, m.failure)
		}
		v := plain(m)
		left := "in 28d 0h 0m 0s"
		if tt.note == "" {
			left = "in 27d 23h 30m 0s"
		}
		if !strings.Contains(v, left) || tt.note != "" && !strings.Contains(v, tt.note) ||
			tt.note == "" && strings.Contains(v, "clock") {
			t.Errorf("%v: result view lacks %q / %q:\n%s", tt.date, left, tt.note, v)
		}
		if got := m.current.state(m.now); got != stateValid {
			t.Errorf("%v: state %v", tt.date, got)
		}
	}
}

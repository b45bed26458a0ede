package sso

import (
	"encoding/base64"
	"fmt"
	"testing"
	"time"
)

// jwtAt is a token whose claims are iat and exp (iat 0: none).
func jwtAt(iat, exp time.Time) string {
	claims := fmt.Sprintf(`{"exp":%d}`, exp.Unix())
	if !iat.IsZero() {
		claims = fmt.Sprintf(`{"iat":%d,"exp":%d}`, iat.Unix(), exp.Unix())
	}
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"RS256"}`)) + "." + enc([]byte(claims)) + ".sig"
}

func TestScheduleFor(t *testing.T) {
	t0 := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	cases := []struct {
		name          string
		tok           string
		got           time.Time
		renew, ending time.Time
	}{
		{"an hour's token from the store: a minute ahead", jwtAt(t0, t0.Add(time.Hour)), time.Time{}, t0.Add(59 * time.Minute), t0.Add(time.Hour)},
		{"a 60 s token from the store: a fifth of its life ahead", jwtAt(t0, t0.Add(time.Minute)), time.Time{}, t0.Add(48 * time.Second), t0.Add(time.Minute)},
		{"no iat: a minute ahead", jwtAt(time.Time{}, t0.Add(time.Minute)), time.Time{}, t0, t0.Add(time.Minute)},
		{"60 s, received on time", jwtAt(t0, t0.Add(time.Minute)), t0, t0.Add(48 * time.Second), t0.Add(time.Minute)},
		{"60 s, this clock 20 s ahead", jwtAt(t0, t0.Add(time.Minute)), t0.Add(20 * time.Second), t0.Add(52 * time.Second), t0.Add(time.Minute)},
		{"60 s, this clock a minute ahead: half its life", jwtAt(t0, t0.Add(time.Minute)), t0.Add(time.Minute), t0.Add(90 * time.Second), t0.Add(90 * time.Second)},
		{"60 s, this clock 10 s behind: its stated life", jwtAt(t0, t0.Add(time.Minute)), t0.Add(-10 * time.Second), t0.Add(38 * time.Second), t0.Add(50 * time.Second)},
	}
	for _, c := range cases {
		got := scheduleFor(c.tok, c.got)
		if !got.renewAt.Equal(c.renew) || !got.endsAt.Equal(c.ending) {
			t.Errorf("%s: renew at %s, ends %s; want %s, %s", c.name, got.renewAt.Sub(t0), got.endsAt.Sub(t0), c.renew.Sub(t0), c.ending.Sub(t0))
		}
	}
	if s := scheduleFor("not-a-jwt", t0); !s.renewAt.IsZero() {
		t.Errorf("a token without exp is renewed ahead: %v", s)
	}
}

package client

import (
	"testing"
	"time"
)

func TestFormatRemaining(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{28*24*time.Hour - 2*time.Second, "27d 23h 59m 58s"},
		{time.Hour - 2*time.Second, "59m 58s"},
		{7*time.Second + 900*time.Millisecond, "7s"},
		{24 * time.Hour, "1d 0h 0m 0s"},
		{time.Hour + 5*time.Second, "1h 0m 5s"},
		{500 * time.Millisecond, "0s"},
		{-time.Minute, "0s"},
	}
	for _, tt := range tests {
		if got := FormatRemaining(tt.d); got != tt.want {
			t.Errorf("FormatRemaining(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestFormatExpiry(t *testing.T) {
	berlin := time.FixedZone("CET", 3600)
	local, utc := FormatExpiry(time.Date(2026, 12, 24, 9, 46, 31, 0, time.UTC), berlin)
	if local != "Thu 24 Dec 2026 10:46:31 CET" || utc != "2026-12-24 09:46:31 UTC" {
		t.Errorf("got %q, %q", local, utc)
	}
}

func TestFormatClockOffset(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{-36*365*24*time.Hour - 200*24*time.Hour, "36 years"},
		{365 * 24 * time.Hour, "1 year"},
		{3*24*time.Hour + 5*time.Hour, "3 days"},
		{47*time.Hour + 59*time.Minute, "47h 59m"},
		{time.Hour + time.Minute, "1h 1m"},
	}
	for _, tt := range tests {
		if got := formatClockOffset(tt.d); got != tt.want {
			t.Errorf("formatClockOffset(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestFormatRemainingShort(t *testing.T) {
	for d, want := range map[time.Duration]string{
		28*24*time.Hour - 2*time.Second: "27d 23h",
		time.Hour - 2*time.Second:       "59m 58s",
		7 * time.Second:                 "7s",
		-time.Minute:                    "0s",
	} {
		if got := FormatRemainingShort(d); got != want {
			t.Errorf("FormatRemainingShort(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestFormatRemainingWords(t *testing.T) {
	for d, want := range map[time.Duration]string{
		28*24*time.Hour - 2*time.Second: "27 days 23 hours",
		28 * 24 * time.Hour:             "28 days",
		90 * time.Second:                "1 minute 30 seconds",
		time.Second:                     "1 second",
		0:                               "0 seconds",
	} {
		if got := FormatRemainingWords(d); got != want {
			t.Errorf("FormatRemainingWords(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestNoExpiryIsSaidNotInvented(t *testing.T) {
	l := Link{Kind: LinkTerms, CustomerID: "customer_1", URL: "https://app.spherepay.co/x",
		ServerDate: time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), ReceivedAt: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
	if l.HasExpiry() || l.expiredOnArrival() {
		t.Errorf("HasExpiry %v, expiredOnArrival %v: want false, false", l.HasExpiry(), l.expiredOnArrival())
	}
	if got := l.Remaining(l.ReceivedAt.Add(100 * 365 * 24 * time.Hour)); got != NoExpiry {
		t.Errorf("Remaining = %v, want NoExpiry", got)
	}
	if got := FormatRemaining(l.Remaining(l.ReceivedAt)); got != "expiry not stated by Sphere" {
		t.Errorf("FormatRemaining = %q", got)
	}
	if local, utc := FormatExpiry(l.ExpiresAt, time.UTC); local != ExpiryNotStated || utc != "" {
		t.Errorf("FormatExpiry = %q, %q", local, utc)
	}
	if note := ClockNote(l); note != "" {
		t.Errorf("ClockNote = %q: a link without expiry has no countdown", note)
	}
	if LinkKYC.String() != "KYC link" || LinkTerms.String() != "terms link" || (Link{}).Kind != LinkKYC {
		t.Errorf("kinds: %q %q, zero %v", LinkKYC, LinkTerms, (Link{}).Kind)
	}
}

// A terms link lives an hour: measured by the KYC link's thresholds it
// would read "under 1 hour" from the moment it is made.
func TestNearnessIsMeasuredByTheLinksKind(t *testing.T) {
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		kind      LinkKind
		left      time.Duration
		want      Nearness
		wantWords string
	}{
		{LinkKYC, 28 * 24 * time.Hour, NotNear, ""},
		{LinkKYC, 24 * time.Hour, NotNear, ""},
		{LinkKYC, 24*time.Hour - time.Second, Near, "24 hours"},
		{LinkKYC, time.Hour - time.Second, VeryNear, "1 hour"},
		{LinkTerms, time.Hour, NotNear, ""},
		{LinkTerms, time.Hour - time.Second, NotNear, ""},
		{LinkTerms, 15 * time.Minute, NotNear, ""},
		{LinkTerms, 15*time.Minute - time.Second, Near, "15 minutes"},
		{LinkTerms, 5*time.Minute - time.Second, VeryNear, "5 minutes"},
		{LinkTerms, 0, NotNear, ""},
	}
	for _, tt := range tests {
		l := Link{Kind: tt.kind, ExpiresAt: now.Add(tt.left), ReceivedAt: now}
		if got, words := l.Nearness(now); got != tt.want || words != tt.wantWords {
			t.Errorf("%v with %v left: %v %q, want %v %q", tt.kind, tt.left, got, words, tt.want, tt.wantWords)
		}
	}
	if got, _ := (Link{Kind: LinkTerms, ReceivedAt: now}).Nearness(now); got != NotNear {
		t.Errorf("a link without an expiry is near: %v", got)
	}
}

func TestFormatRetryWait(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0:                       "now",
		-time.Second:            "now",
		time.Millisecond:        "in under a second",
		999 * time.Millisecond:  "in under a second",
		time.Second:             "in 1s",
		1600 * time.Millisecond: "in 2s",
		10 * time.Second:        "in 10s",
	} {
		if got := FormatRetryWait(d, FormatRemaining); got != want {
			t.Errorf("FormatRetryWait(%v) = %q, want %q", d, got, want)
		}
	}
	if got := FormatRetryWait(1600*time.Millisecond, FormatRemainingWords); got != "in 2 seconds" {
		t.Errorf("in words: %q", got)
	}
}

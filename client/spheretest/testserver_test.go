package spheretest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client"
)

func TestTestServerClockMovesTheFakeAndTheClient(t *testing.T) {
	s := NewTestServer(t, Options{})
	c := s.NewClient(t)
	check := func(at time.Time) {
		t.Helper()
		link, err := c.RegenerateKYCLink(context.Background(), Expires90s)
		if err != nil {
			t.Fatal(err)
		}
		if !link.ServerDate.Equal(at) || !link.ReceivedAt.Equal(at) || !link.ExpiresAt.Equal(at.Add(90*time.Second)) {
			t.Errorf("at %v: Date %v, received %v, expires %v", at, link.ServerDate, link.ReceivedAt, link.ExpiresAt)
		}
	}
	check(TestTime)
	s.Clock.Advance(time.Hour)
	check(TestTime.Add(time.Hour))
	if n := len(s.Handler.Requests()); n != 2 {
		t.Errorf("%d requests recorded, want 2", n)
	}
}

func TestTestServerLinksAreRepeatable(t *testing.T) {
	var urls []string
	for range 2 {
		link, err := NewTestServer(t, Options{}).NewClient(t).RegenerateKYCLink(context.Background(), client.CustomerIDExample)
		if err != nil {
			t.Fatal(err)
		}
		urls = append(urls, link.URL)
	}
	if urls[0] != urls[1] {
		t.Errorf("two test servers made %q and %q, want the same link (seed 1)", urls[0], urls[1])
	}
}

func TestTestServerClientOptions(t *testing.T) {
	// The client takes the fake's key, whatever it is.
	s := NewTestServer(t, Options{APIKey: "secret_test_key"})
	// Retries do not wait: the 429's Retry-After of a second is skipped.
	start := time.Now()
	if _, err := s.NewClient(t).RegenerateKYCLink(context.Background(), RateLimited); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d >= time.Second {
		t.Errorf("a retry took %v: the client waited", d)
	}
	// mod adjusts the options.
	one := s.NewClient(t, func(o *client.Options) { o.MaxAttempts = 1 })
	_, err := one.RegenerateKYCLink(context.Background(), RateLimited)
	var e *client.APIError
	if !errors.As(err, &e) || e.Kind != client.KindRateLimited {
		t.Errorf("with one attempt: %v, want rate limited", err)
	}
	if got := len(s.Handler.Requests()); got != 3 {
		t.Errorf("%d requests, want 3 (429 and 201, then 429)", got)
	}
}

func TestNoWait(t *testing.T) {
	if err := NoWait(context.Background(), time.Hour); err != nil {
		t.Errorf("NoWait = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := NoWait(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("NoWait after cancel = %v", err)
	}
}

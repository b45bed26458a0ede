// This file owns the helper that tests use to stand up the fake: an
// httptest server on a settable clock, and client options that point at it.

package spheretest

import (
	"context"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/kyclink/kyclink/client"
)

// TB is the part of testing.TB the helpers use; the package does not import
// testing, which --demo links in.
type TB interface {
	Helper()
	Cleanup(func())
	Fatal(args ...any)
}

// TestTime is where a TestServer's clock starts: a fixed moment, so that
// expiry times and countdowns in tests and goldens never depend on today.
var TestTime = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

// Clock is a settable time shared by a test, the fake and the client, so
// that tests move time forward instead of sleeping. It is safe for
// concurrent use.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock stopped at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now is the clock's time; pass it as a Now option.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// TestServer is a fake Sphere on an httptest server, closed when the test
// ends.
type TestServer struct {
	URL     string
	Handler *Handler
	Clock   *Clock
}

// NewTestServer starts a fake for one test. Unset options get test
// defaults: a Clock at TestTime (unless o.Now is set), seed 1 for
// repeatable links, and a Slow scenario that answers only after an hour,
// so a test cancels it rather than waiting.
func NewTestServer(tb TB, o Options) *TestServer {
	tb.Helper()
	s := newTestHandler(o)
	srv := httptest.NewServer(s.Handler)
	tb.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// newTestHandler is a TestServer without its server: a handler with the
// test defaults of NewTestServer, and its clock.
func newTestHandler(o Options) *TestServer {
	s := &TestServer{Clock: NewClock(TestTime)}
	if o.Now == nil {
		o.Now = s.Clock.Now
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.SlowDelay == 0 {
		o.SlowDelay = time.Hour
	}
	s.Handler = NewHandler(o)
	return s
}

// ClientOptions are options for a client of this fake: its URL, its key,
// its clock, and retries that do not wait (the backoff is asked for, then
// skipped), so a test of retries takes no time.
func (s *TestServer) ClientOptions() client.Options {
	return client.Options{
		BaseURL: s.URL,
		APIKey:  s.Handler.opts.APIKey,
		Now:     s.Clock.Now,
		Sleep:   NoWait,
	}
}

// NewClient is a client of this fake with ClientOptions, adjusted by mod.
func (s *TestServer) NewClient(tb TB, mod ...func(*client.Options)) *client.Client {
	tb.Helper()
	return newClient(tb, s.ClientOptions(), mod)
}

// newClient makes a client from a fake's options, adjusted by mod, or
// fails the test.
func newClient(tb TB, o client.Options, mod []func(*client.Options)) *client.Client {
	tb.Helper()
	for _, f := range mod {
		f(&o)
	}
	c, err := client.New(o)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// NoWait is a client Sleep that returns at once (with the context's error,
// if it has ended): retries happen without their backoff.
func NoWait(ctx context.Context, _ time.Duration) error { return ctx.Err() }

// HostileKey is the API key tests hand to a client whose fault-injecting
// server tries to echo it back.
const HostileKey = "secret_abcdefghijkl"

// LeaksKey reports whether s holds key or any 8-character piece of it:
// what kyclink redacts, so what no output of it may hold.
func LeaksKey(s, key string) bool {
	for i := 0; i+8 <= len(key); i++ {
		if strings.Contains(s, key[i:i+8]) {
			return true
		}
	}
	return false
}

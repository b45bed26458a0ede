// Package client speaks Sphere's KYC-link API: it sends the request, retries
// what is safe to retry, and checks and sanitises every answer, so that
// nothing past it sees raw server text or an unchecked link.
package client

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"time"
)

// Base URLs of Sphere's environments.
const (
	ProductionURL = "https://api.spherepay.co"
	SandboxURL    = "https://api.sandbox.spherepay.co"
)

// Defaults for Options.
const (
	DefaultTimeout     = 15 * time.Second
	DefaultMaxAttempts = 3
)

// Options configures a Client. Production sets BaseURL and APIKey, and
// Timeout, Version and Debug from the command line. HTTPClient,
// MaxAttempts, Now, Sleep and Jitter exist so tests can control the
// transport, the retries and time; production keeps their defaults.
type Options struct {
	BaseURL string // default ProductionURL
	APIKey  string
	// Timeout bounds a whole call, retries included; 0 means DefaultTimeout
	// and a negative value means none (the context alone decides).
	Timeout     time.Duration
	HTTPClient  *http.Client // default: proxy from the environment, no redirects
	Version     string       // for the User-Agent
	MaxAttempts int          // default DefaultMaxAttempts
	// Debug, when set, receives one line per request and response, with
	// the key and the link redacted.
	Debug io.Writer
	Now   func() time.Time                                 // default time.Now
	Sleep func(ctx context.Context, d time.Duration) error // default: a timer that the context cuts short
	// Jitter scales a backoff delay; default random in [0.5, 1).
	Jitter func() float64
	// Record, when set, is told how every call that reached for Sphere
	// ended (record.go); it must not block for long.
	Record func(Call)
	// Gateway says BaseURL is a kyclink team gateway and APIKey the
	// agent's token: a refusal's words (APIError.AtGateway) are then of
	// the token and the agent's role, not of Sphere's key.
	Gateway bool
	// Bearer, when set, supplies the token of every attempt in place of
	// APIKey (which is its first one) and renews it: an SSO sign-in at a
	// gateway (bearer.go).
	Bearer Bearer
}

// Client calls Sphere. It is safe for concurrent use.
type Client struct {
	base      *url.URL
	key       string
	timeout   time.Duration
	http      *http.Client
	userAgent string
	attempts  int
	now       func() time.Time
	sleep     func(context.Context, time.Duration) error
	jitter    func() float64
	debugMu   sync.Mutex
	debug     io.Writer
	redact    *redactor // takes the key out of server text
	record    func(Call)
	conns     *heldConn // the connection requests share; nil with a custom RoundTripper
	gateway   bool      // Options.Gateway
	bearer    Bearer    // nil: every attempt carries key
}

// New checks the options and returns a Client. The base URL must be https,
// or plain http on a loopback host (a local fake); the key must be set.
func New(o Options) (*Client, error) {
	base, err := CheckBaseURL(cmp.Or(o.BaseURL, ProductionURL))
	if err != nil {
		return nil, err
	}
	if err := CheckAPIKey(o.APIKey); err != nil {
		return nil, err
	}
	c := &Client{
		base:      base,
		key:       strings.TrimSpace(o.APIKey),
		timeout:   cmp.Or(o.Timeout, DefaultTimeout),
		http:      o.HTTPClient,
		userAgent: fmt.Sprintf("kyclink/%s (%s/%s)", cmp.Or(o.Version, "dev"), runtime.GOOS, runtime.GOARCH),
		attempts:  o.MaxAttempts,
		now:       o.Now,
		sleep:     o.Sleep,
		jitter:    o.Jitter,
		debug:     o.Debug,
		record:    o.Record,
		gateway:   o.Gateway,
		bearer:    o.Bearer,
	}
	c.redact = newRedactor(c.key)     // Sphere's key, whatever its shape
	if o.Gateway || o.Bearer != nil { // an agent's token at a gateway
		c.redact = newTokenRedactor(c.key)
	}
	if c.http == nil {
		c.http = &http.Client{
			Transport: keepWarm(http.DefaultTransport.(*http.Transport).Clone()),
			// A redirect would resend the request somewhere we did not check.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	c.http, c.conns = holdConnections(c.http, c.base, c.timeout, c.debugf)
	if c.attempts <= 0 {
		c.attempts = DefaultMaxAttempts
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.sleep == nil {
		c.sleep = sleepCtx
	}
	if c.jitter == nil {
		c.jitter = randomJitter
	}
	return c, nil
}

func (c *Client) debugf(format string, args ...any) {
	if c.debug == nil {
		return
	}
	line := fmt.Sprintf(format, args...)
	line = c.redact.String(line) // server text in a line must not bring the key back
	c.debugMu.Lock()
	defer c.debugMu.Unlock()
	fmt.Fprintf(c.debug, "%s kyclink: %s\n", c.now().UTC().Format("15:04:05.000"), line)
}

// Package client speaks Sphere's KYC-link API: it sends the request, retries
// what is safe to retry, and checks and sanitises every answer, so that
// nothing past it sees raw server text or an unchecked link.
package client

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
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
	maxBodyBytes       = 1 << 20
	maxRetryAfter      = 10 * time.Second
	backoffBase        = 500 * time.Millisecond
)

// Options configures a Client. Only APIKey and BaseURL matter in
// production; the rest exist so tests can control time and transport.
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
}

// New checks the options and returns a Client. The base URL must be https,
// or plain http on a loopback host (a local fake); the key must be set.
func New(o Options) (*Client, error) {
	if o.BaseURL == "" {
		o.BaseURL = ProductionURL
	}
	base, err := CheckBaseURL(o.BaseURL)
	if err != nil {
		return nil, err
	}
	if err := CheckAPIKey(o.APIKey); err != nil {
		return nil, err
	}
	c := &Client{
		base:      base,
		key:       strings.TrimSpace(o.APIKey),
		timeout:   o.Timeout,
		http:      o.HTTPClient,
		userAgent: fmt.Sprintf("kyclink/%s (%s/%s)", orDefault(o.Version, "dev"), runtime.GOOS, runtime.GOARCH),
		attempts:  o.MaxAttempts,
		now:       o.Now,
		sleep:     o.Sleep,
		jitter:    o.Jitter,
		debug:     o.Debug,
	}
	c.redact = newRedactor(c.key)
	if c.timeout == 0 {
		c.timeout = DefaultTimeout
	}
	if c.http == nil {
		c.http = &http.Client{
			Transport: http.DefaultTransport.(*http.Transport).Clone(),
			// A redirect would resend the request somewhere we did not check.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
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

// NewIdempotencyKey returns a random UUID (version 4). Every attempt of one
// call carries the same key, so Sphere can tell a retry from a new request.
func NewIdempotencyKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// RegenerateKYCLink asks Sphere for a new hosted KYC link for a customer.
// The ID is normalised first; every failure is an *APIError.
func (c *Client) RegenerateKYCLink(ctx context.Context, customerID string) (Link, error) {
	return c.RegenerateKYCLinkWithKey(ctx, customerID, "")
}

// RegenerateKYCLinkWithKey is RegenerateKYCLink with the caller's
// idempotency key ("" for a new one): retrying a failed call with its key
// lets Sphere recognise the repeat.
func (c *Client) RegenerateKYCLinkWithKey(ctx context.Context, customerID, idempotencyKey string) (Link, error) {
	id, err := NormalizeCustomerID(customerID)
	if err != nil {
		return Link{}, err
	}
	if idempotencyKey == "" {
		idempotencyKey = NewIdempotencyKey()
	}
	parent := ctx
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	for attempt := 1; ; attempt++ {
		link, res := c.keepKeyOut(c.try(ctx, id, idempotencyKey, attempt))
		if res.err == nil {
			return link, nil
		}
		if ctx.Err() != nil {
			return Link{}, contextError(parent, ctx)
		}
		if !res.retry || attempt >= c.attempts {
			return Link{}, res.err
		}
		wait := res.retryAfter
		if wait == 0 {
			wait = c.backoff(attempt)
		}
		if d, ok := ctx.Deadline(); ok && time.Until(d) < wait {
			return Link{}, res.err // waiting would only end in a timeout
		}
		c.debugf("retrying in %s (attempt %d of %d next)", wait.Round(time.Millisecond), attempt+1, c.attempts)
		if notify, ok := ctx.Value(retryObserverKey{}).(func(Retry)); ok {
			notify(Retry{Attempt: attempt + 1, MaxAttempts: c.attempts, Wait: wait, Cause: res.err})
		}
		if c.sleep(ctx, wait) != nil {
			return Link{}, contextError(parent, ctx)
		}
	}
}

// Retry tells an observer that a call is about to wait and try again.
type Retry struct {
	Attempt     int           // the attempt about to start, from 2
	MaxAttempts int           // the last attempt there will be
	Wait        time.Duration // the pause before it
	Cause       *APIError     // why the previous attempt failed
}

type retryObserverKey struct{}

// WithRetryObserver returns a context that makes RegenerateKYCLink report
// each retry to f before waiting, so a display can say why it is still
// busy (as net/http/httptrace does for connections). f must not block.
func WithRetryObserver(ctx context.Context, f func(Retry)) context.Context {
	return context.WithValue(ctx, retryObserverKey{}, f)
}

// keepKeyOut makes sure the API key never comes back from the server: it
// redacts every text of an error, and refuses a link that carries the key
// (a link cannot be redacted and still work). Every attempt's outcome
// passes here before anyone sees it.
func (c *Client) keepKeyOut(link Link, res result) (Link, result) {
	if res.err != nil {
		c.redact.Error(res.err)
		return link, res
	}
	if c.redact.Contains(link.URL) {
		c.debugf("response refused: the link carries the API key")
		return Link{}, result{err: badResponse("unsafe link refused: it carries the API key")}
	}
	return link, res
}

// result is the outcome of one attempt.
type result struct {
	err        *APIError
	retry      bool
	retryAfter time.Duration
}

func (c *Client) try(ctx context.Context, id, key string, attempt int) (Link, result) {
	endpoint := c.base.JoinPath("v2", "customer", id, "kyc-link")
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint.String(), http.NoBody)
	if err != nil {
		return Link{}, result{err: &APIError{Kind: KindInvalidInput, Detail: "could not build the request", Err: err}}
	}
	req.Header.Set("Authorization", "Bearer "+c.key)
	req.Header.Set("Accept", "application/json, application/problem+json")
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Idempotency-Key", key)
	c.debugf("→ POST %s attempt=%d/%d idempotency-key=%s authorization=[redacted]", endpoint.Redacted(), attempt, c.attempts, key)

	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		c.debugf("← no response after %s: %s", time.Since(start).Round(time.Millisecond), networkDetail(c.base.Host, err))
		return Link{}, networkFailure(c.base.Host, err)
	}
	defer resp.Body.Close()
	// Reading the body must end when the call does. The transport ties a
	// normal body to the request's context, but not every body: a 101's is
	// the raw connection, and a custom transport's may be anything. Closing
	// the body when the context ends cuts off a server that trickles or
	// stalls, whatever carries it.
	stop := context.AfterFunc(ctx, func() { resp.Body.Close() })
	defer stop()
	received := c.now()
	s := resp.StatusCode
	if !isAnswer(s) {
		// Never read it: after a 101 the "body" is the connection itself.
		c.debugf("← %d %s in %s: not an answer, connection closed", s, http.StatusText(s), time.Since(start).Round(time.Millisecond))
		return Link{}, result{err: notAnAnswer(s)}
	}
	body, err := readLimited(resp.Body)
	if err != nil {
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			return Link{}, result{err: apiErr}
		}
		c.debugf("← %d %s in %s, body cut off: %s", s, http.StatusText(s), time.Since(start).Round(time.Millisecond), networkDetail(c.base.Host, err))
		return Link{}, networkFailure(c.base.Host, err)
	}
	serverDate, _ := http.ParseTime(resp.Header.Get("Date"))
	c.debugf("← %d %s in %s, %d bytes", s, http.StatusText(s),
		time.Since(start).Round(time.Millisecond), len(body))

	switch {
	case s >= 200 && s < 300:
		link, apiErr := decodeLink(body, id, serverDate, received)
		if apiErr != nil {
			apiErr.Status = s
			c.debugf("response refused: %s", apiErr.Detail)
			return Link{}, result{err: apiErr}
		}
		c.debugf("link received: url=[redacted] expiresAt=%s", link.ExpiresAt.UTC().Format(time.RFC3339))
		return link, result{}
	default:
		apiErr := decodeProblem(s, body)
		c.debugf("problem: kind=%s code=%q correlation=%s", apiErr.Kind, apiErr.Code, apiErr.CorrelationID)
		return Link{}, result{
			err:        apiErr,
			retry:      retryableStatus(s),
			retryAfter: retryAfter(resp.Header.Get("Retry-After"), serverDate, received),
		}
	}
}

// isAnswer reports whether a status is one kyclink reads a body for: a
// success (2xx) or an error (4xx, 5xx). A redirect, a 1xx that ended the
// exchange (101 Switching Protocols) or a status HTTP does not define is a
// failed attempt.
func isAnswer(s int) bool {
	return s >= 200 && s < 300 || s >= 400 && s < 600
}

// notAnAnswer is the error for a status isAnswer refuses. A server that
// answers so once will do it again: it is not retried.
func notAnAnswer(s int) *APIError {
	e := &APIError{Kind: KindBadResponse, Status: s}
	switch text := http.StatusText(s); {
	case s >= 300 && s < 400:
		e.Detail = fmt.Sprintf("Sphere answered with a redirect (%d %s), which kyclink does not follow", s, text)
	case text != "":
		e.Detail = fmt.Sprintf("Sphere answered %d %s, which is not an answer to this request", s, text)
	default:
		e.Detail = fmt.Sprintf("Sphere answered with status %d, which is not an answer to this request", s)
	}
	return e
}

func retryableStatus(s int) bool {
	switch s {
	case 429, 500, 502, 503, 504:
		return true
	}
	return false
}

// readLimited reads a body up to maxBodyBytes and refuses a larger one
// without buffering the rest.
func readLimited(r io.Reader) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r, maxBodyBytes+1))
	if err != nil {
		return nil, err
	}
	if len(body) > maxBodyBytes {
		return nil, badResponse("the answer is larger than 1 MiB")
	}
	return body, nil
}

// retryAfter reads a Retry-After header (seconds or an HTTP date), capped.
func retryAfter(h string, serverDate, received time.Time) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.Atoi(h); err == nil {
		d = time.Duration(min(secs, 3600)) * time.Second
	} else if t, err := http.ParseTime(h); err == nil {
		ref := received
		if !serverDate.IsZero() {
			ref = serverDate
		}
		d = t.Sub(ref)
	}
	return min(max(d, 0), maxRetryAfter)
}

// backoff is exponential with jitter: about 0.5 s, 1 s, 2 s …
func (c *Client) backoff(attempt int) time.Duration {
	d := backoffBase << (attempt - 1)
	return time.Duration(float64(d) * c.jitter())
}

func randomJitter() float64 {
	var b [1]byte
	_, _ = rand.Read(b[:])
	return 0.5 + float64(b[0])/512
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// contextError tells the caller's cancellation from our own timeout.
func contextError(parent, ctx context.Context) *APIError {
	if err := parent.Err(); err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return &APIError{Kind: KindTimeout, Detail: "the request ran out of time", Err: err}
		}
		return &APIError{Kind: KindCanceled, Detail: "the request was cancelled", Err: err}
	}
	return &APIError{Kind: KindTimeout, Detail: "Sphere did not answer in time", Err: ctx.Err()}
}

func networkFailure(host string, err error) result {
	var certErr *tls.CertificateVerificationError
	// A bad certificate will not fix itself in a second: do not retry it.
	retry := !errors.As(err, &certErr)
	return result{err: &APIError{Kind: KindNetwork, Detail: networkDetail(host, err), Err: err}, retry: retry}
}

// networkDetail says what went wrong without the request URL's details.
func networkDetail(host string, err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return fmt.Sprintf("could not reach %s: %s", host, sanitizeLine(err.Error()))
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

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

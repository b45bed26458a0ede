// This file owns the attempt loop and its retry policy: which failures are
// retried, how long to wait before the next attempt, and who is told.

package client

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Limits on the wait between attempts.
const (
	maxRetryAfter = 10 * time.Second
	backoffBase   = 500 * time.Millisecond
)

// NewIdempotencyKey returns a random UUID (version 4). Every attempt of one
// call carries the same key, so Sphere can tell a retry from a new request.
func NewIdempotencyKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// do calls ep until it succeeds, fails in a way that retrying cannot
// help, or runs out of attempts or time. Every failure is an *APIError.
func do[T any](ctx context.Context, c *Client, ep endpoint[T]) (T, error) {
	var zero T
	parent := ctx
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	for attempt := 1; ; attempt++ {
		v, res := try(ctx, c, ep, attempt)
		if res.err == nil {
			return v, nil
		}
		if ctx.Err() != nil {
			return zero, contextError(parent, ctx)
		}
		res.err.Attempts = attempt
		if !res.retry || attempt >= c.attempts || ep.once && !res.unsent {
			return zero, res.err
		}
		wait := res.retryAfter
		if wait == 0 {
			wait = c.backoff(attempt)
		}
		if d, ok := ctx.Deadline(); ok && time.Until(d) < wait {
			return zero, res.err // waiting would only end in a timeout
		}
		c.debugf("retrying in %s (attempt %d of %d next)", wait.Round(time.Millisecond), attempt+1, c.attempts)
		if notify, ok := ctx.Value(retryObserverKey{}).(func(Retry)); ok {
			notify(Retry{Attempt: attempt + 1, MaxAttempts: c.attempts, Wait: wait, Cause: res.err})
		}
		if c.sleep(ctx, wait) != nil {
			return zero, contextError(parent, ctx)
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

// retryableStatus reports the statuses worth another attempt: rate
// limited, and the server errors that say it may be better soon.
func retryableStatus(s int) bool {
	switch s {
	case 429, 500, 502, 503, 504:
		return true
	}
	return false
}

// retryableNetworkError reports whether a failure to get an answer is
// worth another attempt: any but a bad certificate, which will not fix
// itself in a second.
func retryableNetworkError(err error) bool {
	var certErr *tls.CertificateVerificationError
	return !errors.As(err, &certErr)
}

// retryAfter reads a Retry-After header (seconds or an HTTP date), at
// most an hour. The attempt loop waits at most maxRetryAfter of it; a
// watch (NextWatchRead) honours all of it.
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
	return min(max(d, 0), time.Hour)
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

// SleepContext waits d, or less when ctx ends first (then its error): the
// default Options.Sleep, and any other wait that ctrl+c must cut short.
func SleepContext(ctx context.Context, d time.Duration) error { return sleepCtx(ctx, d) }

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

// This file owns one attempt at an endpoint: the HTTP exchange with Sphere,
// from building the request to reading a bounded answer and classifying it.

package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// maxBodyBytes is the largest answer read; a larger one is refused.
const maxBodyBytes = 1 << 20

// endpoint is one of Sphere's operations, as the attempt loop needs it:
// what to send, and how to take a success answer into a T. Another
// endpoint is another value of it (kyclink.go builds one).
type endpoint[T any] struct {
	request
	// decode checks a success (2xx) answer against the contract and the
	// request. Its error says what was wrong; the attempt adds the status.
	decode func(answer) (T, *APIError)
	// keepKeyOut is the last look at a decoded success before anyone sees
	// it: it refuses one that carries the API key. Its error is kyclink's
	// own text and gets no status.
	keepKeyOut func(*Client, T) *APIError
}

// request is what an attempt sends.
type request struct {
	method string
	// path is the segments below the base URL, in escaped form: JoinPath
	// does not escape them, so an ID is checked before it gets here.
	path []string
	// query is the query string; nil sends none.
	query url.Values
	// idempotencyKey goes with every attempt of one call; "" sends none.
	idempotencyKey string
}

// answer is a success as the exchange read it.
type answer struct {
	status     int
	body       []byte
	serverDate time.Time // the Date header, zero without one
	received   time.Time // the local clock when the headers arrived
}

// result is the outcome of one attempt.
type result struct {
	err        *APIError
	retry      bool
	retryAfter time.Duration
}

// try makes one attempt at ep. It makes sure the API key never comes back
// from the server: every text of an error is redacted, and a success
// passes ep.keepKeyOut. Every attempt's outcome passes here before anyone
// sees it.
func try[T any](ctx context.Context, c *Client, ep endpoint[T], attempt int) (T, result) {
	var zero T
	a, res := c.exchange(ctx, ep.request, attempt)
	if res.err == nil {
		v, apiErr := ep.decode(a)
		if apiErr == nil {
			if apiErr = ep.keepKeyOut(c, v); apiErr != nil {
				return zero, result{err: apiErr}
			}
			return v, result{}
		}
		apiErr.Status = a.status
		c.debugf("response refused: %s", apiErr.Detail)
		res = result{err: apiErr}
	}
	c.redact.Error(res.err)
	return zero, res
}

// exchange sends r once and reads the answer: a success comes back to be
// decoded, anything else as a result that says whether to retry.
func (c *Client) exchange(ctx context.Context, r request, attempt int) (answer, result) {
	target := c.base.JoinPath(r.path...)
	target.RawQuery = r.query.Encode()
	req, err := http.NewRequestWithContext(ctx, r.method, target.String(), http.NoBody)
	if err != nil {
		return answer{}, result{err: &APIError{Kind: KindInvalidInput, Detail: "could not build the request", Err: err}}
	}
	req.Header.Set("Authorization", "Bearer "+c.key)
	req.Header.Set("Accept", "application/json, application/problem+json")
	req.Header.Set("User-Agent", c.userAgent)
	if r.idempotencyKey != "" {
		req.Header.Set("Idempotency-Key", r.idempotencyKey)
	}
	if c.debug != nil { // the redacted URL costs allocations: only when asked
		c.debugf("→ %s %s attempt=%d/%d idempotency-key=%s authorization=[redacted]", r.method, target.Redacted(), attempt, c.attempts, r.idempotencyKey)
	}

	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		c.debugf("← no response after %s: %s", time.Since(start).Round(time.Millisecond), networkDetail(c.base.Host, err))
		return answer{}, networkFailure(c.base.Host, err)
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
		return answer{}, result{err: notAnAnswer(s)}
	}
	body, err := readLimited(resp.Body)
	if err != nil {
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			return answer{}, result{err: apiErr}
		}
		c.debugf("← %d %s in %s, body cut off: %s", s, http.StatusText(s), time.Since(start).Round(time.Millisecond), networkDetail(c.base.Host, err))
		return answer{}, networkFailure(c.base.Host, err)
	}
	serverDate, _ := http.ParseTime(resp.Header.Get("Date"))
	c.debugf("← %d %s in %s, %d bytes", s, http.StatusText(s),
		time.Since(start).Round(time.Millisecond), len(body))

	if s >= 200 && s < 300 {
		return answer{status: s, body: body, serverDate: serverDate, received: received}, result{}
	}
	apiErr := decodeProblem(s, body)
	c.debugf("problem: kind=%s code=%q correlation=%s", apiErr.Kind, apiErr.Code, apiErr.CorrelationID)
	return answer{}, result{
		err:        apiErr,
		retry:      retryableStatus(s),
		retryAfter: retryAfter(resp.Header.Get("Retry-After"), serverDate, received),
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

// networkFailure is the result of an attempt whose answer did not come, or
// not all of it.
func networkFailure(host string, err error) result {
	return result{err: &APIError{Kind: KindNetwork, Detail: networkDetail(host, err), Err: err}, retry: retryableNetworkError(err)}
}

// networkDetail says what went wrong without the request URL's details.
func networkDetail(host string, err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return fmt.Sprintf("could not reach %s: %s", host, sanitizeLine(err.Error()))
}

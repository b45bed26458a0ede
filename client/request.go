// This file owns one attempt at an endpoint: the HTTP exchange with Sphere,
// from building the request to reading a bounded answer and classifying it.

package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// maxBodyBytes is the largest answer read; a larger one is refused.
const maxBodyBytes = 1 << 20

// emptyJSONBody is what every POST sends: kyclink's need no fields.
const emptyJSONBody = "{}"

// endpoint is one of Sphere's operations, as the attempt loop needs it:
// what to send, and how to take a success answer into a T. Another
// endpoint is another value of it (kyclink.go builds one).
type endpoint[T any] struct {
	request
	// decode checks a success (2xx) answer against the contract and the
	// request. Its error says what was wrong; the attempt adds the status.
	decode func(answer) (T, *APIError)
	// keepKeyOut is the last look at a decoded success before anyone sees
	// it: it takes the API key out of the success's text, or refuses one
	// that carries the key where it cannot be taken out (a link, an ID).
	// Its error is kyclink's own text and gets no status.
	keepKeyOut func(*Client, T) (T, *APIError)
}

// request is what an attempt sends.
type request struct {
	method string
	// path is the segments below the base URL, in escaped form: JoinPath
	// does not escape them, so an ID is checked before it gets here.
	path []string
	// query is the URL's query, nil for none. The values of personalParams
	// (a name, an email address) never reach a debug line.
	query url.Values
	// idempotencyKey goes with every attempt of one call; "" sends none.
	idempotencyKey string
	// body is a JSON body; nil sends {} with a POST and none with a GET.
	body []byte
	// once means an attempt is repeated only when it surely never left
	// (the connection could not be opened): for a call whose repeat does
	// harm (a second code invalidates the first), and for the watch's
	// reads, whose loop keeps its own pace.
	once bool
}

// personalParams are the query parameters that carry personal data: a
// debug line shows that they were sent, never what they held.
var personalParams = map[string]bool{"email": true, "search": true}

// logTarget is target as a debug line may show it: the path, with the ID
// in it, and the query with every personal value hidden.
func (r request) logTarget(target *url.URL) string {
	if len(r.query) == 0 {
		return target.Redacted()
	}
	shown := make(url.Values, len(r.query))
	for k, vs := range r.query {
		if personalParams[k] {
			vs = []string{"personal"}
		}
		shown[k] = vs
	}
	u := *target
	u.RawQuery = shown.Encode()
	return u.Redacted()
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
	// unsent is true when the request surely never reached Sphere: the
	// connection could not be opened.
	unsent bool
}

// try makes one attempt at ep. It makes sure the API key never comes back
// from the server: every text of an error is redacted, and a success
// passes ep.keepKeyOut. Every attempt's outcome passes here before anyone
// sees it.
func try[T any](ctx context.Context, c *Client, ep endpoint[T], attempt int) (T, result) {
	var zero T
	a, res := c.send(ctx, ep.request, attempt)
	if res.err == nil {
		v, apiErr := ep.decode(a)
		if apiErr == nil {
			if v, apiErr = ep.keepKeyOut(c, v); apiErr != nil {
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

// exchange sends r once, with token, and reads the answer: a success
// comes back to be decoded, anything else as a result that says whether
// to retry.
func (c *Client) exchange(ctx context.Context, r request, attempt int, token string) (answer, result) {
	target := c.base.JoinPath(r.path...)
	if len(r.query) > 0 {
		target.RawQuery = r.query.Encode()
	}
	// Sphere's reference marks Content-Type: application/json required
	// for a POST; a POST without fields of its own sends {}.
	var send io.Reader = http.NoBody
	switch {
	case r.body != nil:
		send = bytes.NewReader(r.body)
	case r.method == http.MethodPost:
		send = strings.NewReader(emptyJSONBody)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, target.String(), send)
	if err != nil {
		return answer{}, result{err: &APIError{Kind: KindInvalidInput, Detail: "could not build the request", Err: err}}
	}
	if r.method == http.MethodPost {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/json, application/problem+json")
	req.Header.Set("User-Agent", c.userAgent)
	if r.idempotencyKey != "" {
		req.Header.Set("Idempotency-Key", r.idempotencyKey)
	}
	if c.debug != nil { // the redacted URL costs allocations: only when asked
		idem := "" // a read carries none
		if r.idempotencyKey != "" {
			idem = " idempotency-key=" + r.idempotencyKey
		}
		c.debugf("→ %s %s attempt=%d/%d%s authorization=[redacted]", r.method, r.logTarget(target), attempt, c.attempts, idem)
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
	apiErr.AtGateway = c.gateway
	if r.idempotencyKey != "" && repeatRefused(apiErr) {
		apiErr.Kind = KindRepeat // never retried: the same key is refused again
	}
	c.debugf("problem: kind=%s code=%q correlation=%s", apiErr.Kind, apiErr.Code, apiErr.CorrelationID)
	apiErr.RetryAfter = retryAfter(resp.Header.Get("Retry-After"), serverDate, received)
	return answer{}, result{
		err:        apiErr,
		retry:      retryableStatus(s) && apiErr.Kind != KindRepeat,
		retryAfter: min(apiErr.RetryAfter, maxRetryAfter),
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
	var op *net.OpError
	unsent := errors.As(err, &op) && op.Op == "dial"
	return result{err: &APIError{Kind: KindNetwork, Detail: networkDetail(host, err), Err: err}, retry: retryableNetworkError(err), unsent: unsent}
}

// networkDetail says what went wrong without the request URL's details.
func networkDetail(host string, err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return fmt.Sprintf("could not reach %s: %s", host, sanitizeLine(err.Error()))
}

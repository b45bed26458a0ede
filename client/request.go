// This file owns one attempt: the HTTP exchange with Sphere, from building
// the request to reading a bounded answer and classifying its status.

package client

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// maxBodyBytes is the largest answer read; a larger one is refused.
const maxBodyBytes = 1 << 20

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

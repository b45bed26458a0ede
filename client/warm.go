// This file owns the connection to the API host that requests share: Warm
// opens it ahead of a request, and the transport hands it to the next one.

package client

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// How a connection is kept while the app is open: an HTTP/2 ping checks a
// connection that has been silent for a while (a dead one is closed rather
// than handed to a request), and an unused connection is let go only after
// a long idle spell. Both are cheap: one small frame each pingAfter.
const (
	keepIdleFor = 10 * time.Minute
	pingAfter   = 30 * time.Second
	pingTimeout = 10 * time.Second
)

// keepWarm sets a transport to keep an idle connection (see keepIdleFor).
func keepWarm(t *http.Transport) *http.Transport {
	t.IdleConnTimeout = keepIdleFor
	t.HTTP2 = &http.HTTP2Config{SendPingTimeout: pingAfter, PingTimeout: pingTimeout}
	return t
}

// Warm opens a connection to the API host in the background (TCP, TLS and
// HTTP/2 when the server speaks it, through the proxy a request would use)
// so that the next request need not wait for it. It sends no request and
// returns at once; it does nothing while a connection is open or being
// opened. A failure is only logged: the request that follows reports its
// own. ctx bounds the dial.
func (c *Client) Warm(ctx context.Context) {
	if c.conns == nil {
		c.debugf("warm-up: not possible with this HTTP client's transport")
		return
	}
	c.conns.warm(ctx)
}

// heldConn is the client's transport: it holds one connection to the API
// host, opened by a warm-up or by the first request that needs it, and
// sends every request to that host on it. A request it cannot place there
// (another host, or an HTTP/1 connection that is busy) goes to the
// underlying transport.
type heldConn struct {
	t       *http.Transport
	scheme  string
	host    string // the host requests name, as in the base URL
	addr    string // host:port to dial
	timeout time.Duration
	logf    func(format string, args ...any)

	mu       sync.Mutex
	cc       *http.ClientConn // nil when none is open
	opened   time.Time
	warmed   bool  // cc came from a warm-up and has not carried a request
	warmErr  error // the last warm-up's failure, until a request notes it
	inFlight *dial // the dial in progress, if any
}

// dial is one connection being opened.
type dial struct {
	done chan struct{}
	err  error // set before done is closed
}

// holdConnections gives hc a heldConn in front of its transport, when that
// is an *http.Transport; otherwise hc is returned as it is, and Warm does
// nothing. hc itself is not changed.
func holdConnections(hc *http.Client, base *url.URL, timeout time.Duration, logf func(string, ...any)) (*http.Client, *heldConn) {
	t, ok := hc.Transport.(*http.Transport)
	if !ok {
		return hc, nil
	}
	port := base.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[base.Scheme]
	}
	h := &heldConn{
		t:       t,
		scheme:  base.Scheme,
		host:    base.Host,
		addr:    net.JoinHostPort(base.Hostname(), port),
		timeout: timeout,
		logf:    logf,
	}
	wrapped := *hc
	wrapped.Transport = h
	return &wrapped, h
}

// warm starts a dial unless a connection is open or being opened.
func (h *heldConn) warm(ctx context.Context) {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case h.inFlight != nil:
		h.logf("warm-up: a connection to %s is already being opened", h.host)
	case h.cc != nil && h.cc.Err() == nil:
		h.logf("warm-up: the connection to %s is open", h.host)
	default:
		if h.cc != nil {
			h.logf("warm-up: the connection opened %s ago has closed", time.Since(h.opened).Round(time.Millisecond))
			h.cc, h.warmed = nil, false
		}
		h.logf("warm-up: opening a connection to %s", h.host)
		h.startDial(ctx, true)
	}
}

// startDial opens a connection in the background; h.mu must be held. A
// warm-up's dial is bounded by the client's timeout, a request's by its
// own context.
func (h *heldConn) startDial(ctx context.Context, warm bool) *dial {
	d := &dial{done: make(chan struct{})}
	h.inFlight = d
	go func() {
		cancel := context.CancelFunc(func() {})
		if warm && h.timeout > 0 {
			ctx, cancel = context.WithTimeout(ctx, h.timeout)
		}
		defer cancel()
		start := time.Now()
		// NewClientConn dials as a request would: the transport's Proxy
		// (HTTPS_PROXY, NO_PROXY), dialer, TLS settings and protocols.
		cc, err := h.t.NewClientConn(ctx, h.scheme, h.addr)
		took := time.Since(start).Round(time.Millisecond)
		h.mu.Lock()
		h.inFlight, d.err = nil, err
		if err == nil {
			if h.cc != nil {
				h.cc.Close()
			}
			h.cc, h.opened, h.warmed = cc, time.Now(), warm
		} else if warm {
			h.warmErr = err
		}
		h.mu.Unlock()
		// Logged before a waiting request goes on, so that a one-shot
		// command's log has no line after its answer.
		switch {
		case err != nil && warm:
			h.logf("warm-up: failed after %s: %s", took, networkDetail(h.host, err))
		case err != nil:
			h.logf("connection: failed after %s: %s", took, networkDetail(h.host, err))
		case warm:
			h.logf("warm-up: connection to %s open in %s (%s)", h.host, took, protocol(cc))
		default:
			h.logf("connection: open to %s in %s (%s)", h.host, took, protocol(cc))
		}
		close(d.done)
	}()
	return d
}

// take returns the held connection with a request reserved on it, opening
// one (or waiting for the one being opened) when none is open. reused says
// the connection was not opened by this call's own dial. A nil connection
// without an error means: use the underlying transport.
func (h *heldConn) take(ctx context.Context) (cc *http.ClientConn, reused bool, err error) {
	dialled := false
	for range 3 {
		h.mu.Lock()
		if cc = h.cc; cc != nil && cc.Err() == nil {
			warmed, opened := h.warmed, h.opened
			h.warmed = false
			h.mu.Unlock()
			if cc.Reserve() == nil {
				if warmed {
					h.logf("connection: the request uses the connection warmed %s ago", time.Since(opened).Round(time.Millisecond))
				}
				return cc, !dialled, nil
			}
			if cc.Err() == nil {
				return nil, false, nil // busy (HTTP/1): the transport opens another
			}
			h.mu.Lock()
		}
		if cc != nil && h.cc == cc {
			h.logf("connection: the one opened %s ago has closed", time.Since(h.opened).Round(time.Millisecond))
			h.cc, h.warmed = nil, false
		}
		if h.warmErr != nil {
			h.logf("connection: the last warm-up failed")
			h.warmErr = nil
		}
		d, mine := h.inFlight, false
		if d == nil {
			h.logf("connection: opening one to %s", h.host)
			d, mine = h.startDial(ctx, false), true
		} else {
			h.logf("connection: waiting for the one being opened")
		}
		h.mu.Unlock()
		select {
		case <-d.done:
		case <-ctx.Done():
			return nil, false, ctx.Err()
		}
		if d.err != nil && mine {
			return nil, false, d.err
		}
		dialled = mine
	}
	return nil, false, nil
}

// RoundTrip sends a request to the API host on the held connection. When
// a connection that was already open fails under a request that may be
// sent again (as net/http judges it: no body or a rewindable one, and an
// idempotent method or an Idempotency-Key), it is sent once more on a new
// connection, as net/http does for a reused connection.
func (h *heldConn) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Scheme != h.scheme || req.URL.Host != h.host {
		return h.t.RoundTrip(req)
	}
	cc, reused, err := h.take(req.Context())
	if err != nil {
		return nil, err
	}
	if cc == nil {
		return h.t.RoundTrip(req)
	}
	resp, err := cc.RoundTrip(req)
	if err == nil || !reused || req.Context().Err() != nil {
		return resp, err
	}
	again, ok := rewound(req)
	if !ok {
		return nil, err
	}
	h.logf("connection: failed under the request (%s); sending it again on a new one", networkDetail(h.host, err))
	h.drop(cc)
	if cc, _, err = h.take(req.Context()); err != nil {
		return nil, err
	}
	if cc == nil {
		return h.t.RoundTrip(again)
	}
	return cc.RoundTrip(again)
}

// drop closes cc and forgets it if it is the held connection.
func (h *heldConn) drop(cc *http.ClientConn) {
	h.mu.Lock()
	if h.cc == cc {
		h.cc, h.warmed = nil, false
	}
	h.mu.Unlock()
	cc.Close()
}

// protocol names a new connection's protocol: HTTP/1 takes one request
// at a time, HTTP/2 many.
func protocol(cc *http.ClientConn) string {
	if cc.Available() > 1 {
		return "HTTP/2"
	}
	return "HTTP/1.1"
}

// rewound is req ready to be sent again, if it may be: net/http's rule for
// a request that failed on a reused connection.
func rewound(req *http.Request) (*http.Request, bool) {
	_, key := req.Header["Idempotency-Key"]
	_, xkey := req.Header["X-Idempotency-Key"]
	switch req.Method {
	case "", http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
	default:
		if !key && !xkey {
			return nil, false
		}
	}
	if req.Body == nil || req.Body == http.NoBody {
		return req, true
	}
	if req.GetBody == nil {
		return nil, false
	}
	body, err := req.GetBody()
	if err != nil {
		return nil, false
	}
	again := *req
	again.Body = body
	return &again, true
}

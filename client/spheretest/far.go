// This file owns the fake as a far-away Sphere: served over HTTPS with
// HTTP/2 behind a loopback TCP proxy that delays every byte, so tests and
// benchmarks count round trips without leaving the machine.

package spheretest

import (
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/kyclink/kyclink/client"
)

// FarServer is the fake over HTTPS (HTTP/2 offered), reached through a TCP
// proxy on 127.0.0.1 that holds every byte back for OneWay in each
// direction. The TCP handshake is counted too: a connection's first bytes
// from the client reach the server no earlier than 3×OneWay after the
// connect, where a real handshake's round trip would put them.
type FarServer struct {
	URL     string // https://127.0.0.1:port, the proxy
	Handler *Handler
	Clock   *Clock
	OneWay  time.Duration

	srv *httptest.Server
	ln  net.Listener

	mu       sync.Mutex
	accepted int
	changed  chan struct{} // closed and replaced at each accept
	conns    map[net.Conn]bool
}

// NewFarServer starts a fake (with NewTestServer's defaults) behind a
// proxy that delays by oneWay each way; both stop when the test ends.
func NewFarServer(tb TB, o Options, oneWay time.Duration) *FarServer {
	tb.Helper()
	ts := newTestHandler(o)
	srv := httptest.NewUnstartedServer(ts.Handler)
	srv.EnableHTTP2 = true
	srv.StartTLS()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		srv.Close()
		tb.Fatal(err)
	}
	s := &FarServer{
		URL: "https://" + ln.Addr().String(), Handler: ts.Handler, Clock: ts.Clock, OneWay: oneWay,
		srv: srv, ln: ln, changed: make(chan struct{}), conns: map[net.Conn]bool{},
	}
	go s.serve()
	tb.Cleanup(s.close)
	return s
}

// ClientOptions are options for a client of this fake, as
// TestServer.ClientOptions, with an HTTP client of its own that trusts the
// fake's certificate: each call's client starts with no connection.
func (s *FarServer) ClientOptions() client.Options {
	t := s.srv.Client().Transport.(*http.Transport).Clone()
	return client.Options{
		BaseURL: s.URL,
		APIKey:  s.Handler.opts.APIKey,
		Now:     s.Clock.Now,
		Sleep:   NoWait,
		HTTPClient: &http.Client{
			Transport:     t,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
}

// NewClient is a client of this fake with ClientOptions, adjusted by mod.
func (s *FarServer) NewClient(tb TB, mod ...func(*client.Options)) *client.Client {
	tb.Helper()
	return newClient(tb, s.ClientOptions(), mod)
}

// Accepted is the number of TCP connections the proxy has accepted.
func (s *FarServer) Accepted() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.accepted
}

// WaitForConnections waits until the proxy has accepted n connections in
// all, or for the time given; it reports whether they came.
func (s *FarServer) WaitForConnections(n int, within time.Duration) bool {
	deadline := time.NewTimer(within)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		got, changed := s.accepted, s.changed
		s.mu.Unlock()
		if got >= n {
			return true
		}
		select {
		case <-changed:
		case <-deadline.C:
			return false
		}
	}
}

// DropConnections has the server close every connection, as a server
// does with an idle one; the client hears of it OneWay later.
func (s *FarServer) DropConnections() { s.srv.CloseClientConnections() }

func (s *FarServer) serve() {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return // closed
		}
		first := time.Now().Add(3 * s.OneWay)
		up, err := net.Dial("tcp", s.srv.Listener.Addr().String())
		if err != nil {
			c.Close()
			continue
		}
		s.mu.Lock()
		s.accepted++
		close(s.changed)
		s.changed = make(chan struct{})
		s.conns[c], s.conns[up] = true, true
		s.mu.Unlock()
		go s.carry(up, c, first)
		go s.carry(c, up, time.Time{})
	}
}

// carry copies src to dst, each chunk OneWay after it was read and none
// before notBefore. When src ends, dst is closed OneWay later, and both
// are closed.
func (s *FarServer) carry(dst, src net.Conn, notBefore time.Time) {
	type chunk struct {
		b   []byte
		due time.Time
	}
	chunks := make(chan chunk, 256)
	go func() {
		defer close(chunks)
		for {
			b := make([]byte, 32<<10)
			n, err := src.Read(b)
			due := time.Now().Add(s.OneWay)
			if due.Before(notBefore) {
				due = notBefore
			}
			if n > 0 {
				chunks <- chunk{b[:n], due}
			}
			if err != nil {
				chunks <- chunk{nil, due}
				return
			}
		}
	}()
	for c := range chunks {
		time.Sleep(time.Until(c.due))
		if c.b == nil {
			break
		}
		if _, err := dst.Write(c.b); err != nil {
			break
		}
	}
	s.forget(dst, src)
	for range chunks { // let the reader see its end
	}
}

func (s *FarServer) forget(conns ...net.Conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range conns {
		c.Close()
		delete(s.conns, c)
	}
}

func (s *FarServer) close() {
	s.ln.Close()
	s.mu.Lock()
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.srv.Close()
}

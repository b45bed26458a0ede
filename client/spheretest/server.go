// This file owns the fake on a loopback port of its own, as --demo and
// the spheretest command run it.

package spheretest

import (
	"fmt"
	"net"
	"net/http"
	"time"
)

// Server is a running fake on a loopback port.
type Server struct {
	URL     string // base URL, e.g. http://127.0.0.1:41234
	Handler *Handler
	srv     *http.Server
	ln      net.Listener
}

// Start serves a new Handler on a random port of 127.0.0.1.
func Start(o Options) (*Server, error) { return StartOn("127.0.0.1:0", o) }

// StartOn serves a new Handler on addr, which must be a loopback address:
// the fake accepts a demo key and must not be reachable from elsewhere.
func StartOn(addr string, o Options) (*Server, error) {
	host, _, err := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); err != nil || (host != "localhost" && (ip == nil || !ip.IsLoopback())) {
		return nil, fmt.Errorf("spheretest: %q is not a loopback address such as 127.0.0.1:4010", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("spheretest: %w", err)
	}
	h := NewHandler(o)
	s := &Server{
		URL:     "http://" + ln.Addr().String(),
		Handler: h,
		srv:     &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second},
		ln:      ln,
	}
	go func() { _ = s.srv.Serve(ln) }() // returns ErrServerClosed on Close
	return s, nil
}

// Close stops the server and cuts off requests in flight (a slow answer's
// handler sees its context cancelled).
func (s *Server) Close() error { return s.srv.Close() }

// This file owns running the gateway as a server: where it may listen in
// plain http, TLS, and a graceful stop on SIGTERM (requests in flight get
// ShutdownGrace to finish).

package gateway

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// ShutdownGrace is how long requests in flight may take once the server
// is told to stop.
const ShutdownGrace = 10 * time.Second

// ServeOptions says how to listen.
type ServeOptions struct {
	Addr            string // host:port
	TLSCert, TLSKey string // both, or neither
	BehindProxy     bool   // plain http elsewhere than loopback: TLS ends at a proxy
	Ready           func(addr string)
}

// CheckListen refuses plain http where agents' tokens could cross a
// network in the clear: only on loopback, or behind a proxy that says it
// terminates TLS.
func CheckListen(o ServeOptions) error {
	if (o.TLSCert == "") != (o.TLSKey == "") {
		return errors.New("--tls-cert and --tls-key go together")
	}
	host, _, err := net.SplitHostPort(o.Addr)
	if err != nil {
		return fmt.Errorf("--listen %q is not host:port", o.Addr)
	}
	if o.TLSCert != "" || o.BehindProxy {
		return nil
	}
	ip := net.ParseIP(host)
	if host == "localhost" || (ip != nil && ip.IsLoopback()) {
		return nil
	}
	return fmt.Errorf("--listen %s: plain http is allowed only on loopback; give --tls-cert and --tls-key, or --behind-proxy when a proxy in front ends TLS", o.Addr)
}

// Serve listens and serves h until ctx ends, then stops taking new
// requests and lets those in flight finish within ShutdownGrace.
func Serve(ctx context.Context, h http.Handler, o ServeOptions) error {
	if err := CheckListen(o); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	if o.TLSCert != "" {
		cert, err := tls.LoadX509KeyPair(o.TLSCert, o.TLSKey)
		if err != nil {
			ln.Close()
			return fmt.Errorf("TLS certificate: %w", err)
		}
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		ln = tls.NewListener(ln, srv.TLSConfig)
	}
	if o.Ready != nil {
		o.Ready(ln.Addr().String())
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ShutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("stopping: %w", err)
	}
	return nil
}

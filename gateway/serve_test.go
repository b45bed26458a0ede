package gateway

import (
	"context"
	"net/http"
	"testing"
	"time"
)

func TestPlainHTTPOnlyOnLoopbackOrBehindAProxy(t *testing.T) {
	for _, c := range []struct {
		o  ServeOptions
		ok bool
	}{
		{ServeOptions{Addr: "127.0.0.1:8787"}, true},
		{ServeOptions{Addr: "[::1]:8787"}, true},
		{ServeOptions{Addr: "localhost:8787"}, true},
		{ServeOptions{Addr: "0.0.0.0:8787"}, false},
		{ServeOptions{Addr: ":8787"}, false},
		{ServeOptions{Addr: "10.0.0.5:8787"}, false},
		{ServeOptions{Addr: "0.0.0.0:8787", BehindProxy: true}, true},
		{ServeOptions{Addr: "0.0.0.0:8787", TLSCert: "c.pem", TLSKey: "k.pem"}, true},
		{ServeOptions{Addr: "0.0.0.0:8787", TLSCert: "c.pem"}, false},
		{ServeOptions{Addr: "8787"}, false},
	} {
		if err := CheckListen(c.o); (err == nil) != c.ok {
			t.Errorf("%+v: %v", c.o, err)
		}
	}
}

// A request in flight when the stop comes finishes; then Serve returns.
func TestServeStopsGracefully(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
		w.Write([]byte("done"))
	})
	ctx, stop := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	served := make(chan error, 1)
	go func() {
		served <- Serve(ctx, h, ServeOptions{Addr: "127.0.0.1:0", Ready: func(a string) { addr <- a }})
	}()
	got := make(chan int, 1)
	go func() {
		resp, err := http.Get("http://" + <-addr + "/")
		if err != nil {
			got <- 0
			return
		}
		resp.Body.Close()
		got <- resp.StatusCode
	}()
	<-started
	stop()
	select {
	case err := <-served:
		t.Fatalf("Serve returned with a request in flight: %v", err)
	case <-time.After(50 * time.Millisecond): // bounded: Serve must still be waiting
	}
	close(release)
	if code := <-got; code != 200 {
		t.Errorf("the request in flight got %d", code)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve: %v", err)
	}
}

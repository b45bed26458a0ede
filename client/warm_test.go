// Tests of the held connection: Warm opens it ahead of a request without
// sending one, requests share it, a dropped one is replaced, and the proxy
// settings are honoured by the warm-up as by the request.

package client_test

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/net/http/httpproxy"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
)

// within bounds every wait for a background event; none takes as long on
// a working machine.
const within = 10 * time.Second

// debugLog is a client's debug output that a test can wait on.
type debugLog struct {
	mu      sync.Mutex
	b       strings.Builder
	changed chan struct{}
}

func newDebugLog() *debugLog { return &debugLog{changed: make(chan struct{})} }

func (l *debugLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b.Write(p)
	close(l.changed)
	l.changed = make(chan struct{})
	return len(p), nil
}

func (l *debugLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitFor waits until the log holds s.
func (l *debugLog) waitFor(t *testing.T, s string) {
	t.Helper()
	deadline := time.NewTimer(within)
	defer deadline.Stop()
	for {
		l.mu.Lock()
		found, changed := strings.Contains(l.b.String(), s), l.changed
		l.mu.Unlock()
		if found {
			return
		}
		select {
		case <-changed:
		case <-deadline.C:
			t.Fatalf("the debug log never said %q:\n%s", s, l.String())
		}
	}
}

func regenerate(t *testing.T, c *client.Client) {
	t.Helper()
	if _, err := c.RegenerateKYCLink(context.Background(), okID); err != nil {
		t.Fatal(err)
	}
}

func TestWarmedRequestOpensNoNewConnection(t *testing.T) {
	far := spheretest.NewFarServer(t, spheretest.Options{}, 0)
	log := newDebugLog()
	c := far.NewClient(t, func(o *client.Options) { o.Debug = log })
	c.Warm(context.Background())
	log.waitFor(t, "warm-up: connection to "+strings.TrimPrefix(far.URL, "https://")+" open in")
	if n := len(far.Handler.Requests()); n != 0 || far.Accepted() != 1 {
		t.Fatalf("after the warm-up: %d requests, %d connections; want 0 and 1", n, far.Accepted())
	}
	regenerate(t, c)
	regenerate(t, c)
	if n := far.Accepted(); n != 1 {
		t.Errorf("%d connections, want the warmed one alone", n)
	}
	if out := log.String(); strings.Count(out, "uses the connection warmed") != 1 {
		t.Errorf("the log should say once that a request used the warmed connection:\n%s", out)
	}
}

func TestWarmDialsOnceAndTheRequestWaitsForIt(t *testing.T) {
	// A few milliseconds each way, so the request comes while the dial is
	// still on its way; the counts hold whichever comes first.
	far := spheretest.NewFarServer(t, spheretest.Options{}, 5*time.Millisecond)
	c := far.NewClient(t)
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() { c.Warm(context.Background()) })
	}
	wg.Wait()
	regenerate(t, c)
	if n := far.Accepted(); n != 1 {
		t.Errorf("%d connections, want 1: at most one warm-up in flight, and the request used it", n)
	}
}

func TestHTTP1RequestsShareOneConnection(t *testing.T) {
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(spheretest.NewHandler(spheretest.Options{}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	c, _ := newClientOf(t, srv.URL, func(o *client.Options) { o.APIKey = spheretest.DemoKey })
	c.Warm(context.Background())
	for range 3 {
		regenerate(t, c)
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("%d connections for a warm-up and 3 requests, want 1", n)
	}
}

func TestWarmAfterTheServerDroppedTheConnection(t *testing.T) {
	far := spheretest.NewFarServer(t, spheretest.Options{}, 0)
	log := newDebugLog()
	c := far.NewClient(t, func(o *client.Options) { o.Debug = log })
	regenerate(t, c)
	far.DropConnections()
	// The client hears of the drop in the background: ask until it has,
	// and its warm-up opens a second connection.
	deadline := time.Now().Add(within)
	for !far.WaitForConnections(2, 10*time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no new connection after the drop:\n%s", log.String())
		}
		c.Warm(context.Background())
	}
	regenerate(t, c)
	if n := far.Accepted(); n != 2 {
		t.Errorf("%d connections, want 2: the first, and the one warmed after the drop", n)
	}
	log.waitFor(t, "uses the connection warmed")
}

func TestStaleConnectionIsReplacedWithoutAClientRetry(t *testing.T) {
	// The second request finds the connection kept from the first closed
	// under it, as after a server's idle timeout: it goes again at once on
	// a new connection, with the same idempotency key, and no backoff.
	fake := spheretest.NewHandler(spheretest.Options{})
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 2 {
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
			return
		}
		fake.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	log := newDebugLog()
	c, sl := newClientOf(t, srv.URL, func(o *client.Options) { o.APIKey, o.Debug = spheretest.DemoKey, log })
	regenerate(t, c)
	regenerate(t, c)
	reqs := fake.Requests()
	if calls.Load() != 3 || len(reqs) != 2 || len(sl.waits) != 0 {
		t.Fatalf("calls=%d answered=%d waits=%v; want 3, 2 and none", calls.Load(), len(reqs), sl.waits)
	}
	if !strings.Contains(log.String(), "sending it again on a new one") {
		t.Errorf("the log does not say the request went again:\n%s", log.String())
	}
}

func TestWarmWithACustomRoundTripperDoesNothing(t *testing.T) {
	fake := spheretest.NewTestServer(t, spheretest.Options{})
	log := newDebugLog()
	c := fake.NewClient(t, func(o *client.Options) {
		o.Debug = log
		o.HTTPClient = &http.Client{Transport: roundTripper(http.DefaultTransport.RoundTrip)}
	})
	c.Warm(context.Background())
	regenerate(t, c)
	if !strings.Contains(log.String(), "warm-up: not possible") {
		t.Errorf("the log does not say why there was no warm-up:\n%s", log.String())
	}
}

func TestNewLeavesTheCallersHTTPClientAlone(t *testing.T) {
	tr := &http.Transport{}
	hc := &http.Client{Transport: tr}
	if _, err := client.New(client.Options{APIKey: "secret_x", HTTPClient: hc}); err != nil {
		t.Fatal(err)
	}
	if hc.Transport != tr {
		t.Error("New replaced the transport of the HTTP client it was given")
	}
}

// connectProxy is an HTTPS proxy (CONNECT) that counts the tunnels asked
// for and takes every one to target, or refuses them all.
type connectProxy struct {
	*httptest.Server
	target  string
	refuse  bool
	tunnels atomic.Int32
}

func newConnectProxy(t *testing.T, target string, refuse bool) *connectProxy {
	p := &connectProxy{target: target, refuse: refuse}
	var mu sync.Mutex
	var open []net.Conn
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodConnect {
			http.Error(w, "CONNECT only", http.StatusMethodNotAllowed)
			return
		}
		p.tunnels.Add(1)
		if p.refuse || r.Host != "example.com:443" {
			http.Error(w, "no", http.StatusForbidden)
			return
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		w.WriteHeader(http.StatusOK)
		conn, rw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			up.Close()
			return
		}
		mu.Lock()
		open = append(open, conn, up)
		mu.Unlock()
		go func() { _, _ = io.Copy(up, rw); up.Close(); conn.Close() }()
		go func() { _, _ = io.Copy(conn, bufio.NewReader(up)); up.Close(); conn.Close() }()
	}))
	t.Cleanup(func() {
		p.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range open {
			c.Close()
		}
	})
	return p
}

// proxiedClient is a client of https://example.com, which is the fake,
// behind proxy as HTTPS_PROXY with noProxy as NO_PROXY (the rules of
// http.ProxyFromEnvironment, which reads them once per process). It counts
// the connections dialled to example.com directly.
func proxiedClient(t *testing.T, far *spheretest.FarServer, proxy, noProxy string, log io.Writer) (*client.Client, *atomic.Int32) {
	var direct atomic.Int32
	o := far.ClientOptions()
	tr := o.HTTPClient.Transport.(*http.Transport)
	rules := (&httpproxy.Config{HTTPSProxy: proxy, NoProxy: noProxy}).ProxyFunc()
	tr.Proxy = func(r *http.Request) (*url.URL, error) { return rules(r.URL) }
	var d net.Dialer
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if addr == "example.com:443" {
			direct.Add(1)
			addr = strings.TrimPrefix(far.URL, "https://")
		}
		return d.DialContext(ctx, network, addr)
	}
	o.BaseURL, o.Debug = "https://example.com", log
	c, err := client.New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c, &direct
}

func TestWarmUpHonoursTheProxySettings(t *testing.T) {
	for _, tc := range []struct {
		name               string
		noProxy            string
		refuse             bool
		tunnels, direct    int32
		connections        int
		requestShouldWork  bool
		warmUpLogSaysAfter string
	}{
		{name: "HTTPS_PROXY", tunnels: 1, connections: 1, requestShouldWork: true, warmUpLogSaysAfter: "warm-up: connection to example.com open"},
		{name: "NO_PROXY", noProxy: "example.com", direct: 1, connections: 1, requestShouldWork: true, warmUpLogSaysAfter: "warm-up: connection to example.com open"},
		// The warm-up and the three attempts each ask the proxy, which
		// refuses; nothing goes around it.
		{name: "proxy refuses", refuse: true, tunnels: 4, warmUpLogSaysAfter: "warm-up: failed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			far := spheretest.NewFarServer(t, spheretest.Options{}, 0)
			proxy := newConnectProxy(t, strings.TrimPrefix(far.URL, "https://"), tc.refuse)
			log := newDebugLog()
			c, direct := proxiedClient(t, far, proxy.URL, tc.noProxy, log)
			c.Warm(context.Background())
			log.waitFor(t, tc.warmUpLogSaysAfter)
			_, err := c.RegenerateKYCLink(context.Background(), okID)
			if (err == nil) != tc.requestShouldWork {
				t.Fatalf("request: %v", err)
			}
			if proxy.tunnels.Load() != tc.tunnels || direct.Load() != tc.direct || far.Accepted() != tc.connections {
				t.Errorf("tunnels=%d direct=%d connections=%d; want %d, %d, %d\n%s",
					proxy.tunnels.Load(), direct.Load(), far.Accepted(), tc.tunnels, tc.direct, tc.connections, log.String())
			}
		})
	}
}

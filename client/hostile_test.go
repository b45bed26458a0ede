package client_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
)

// rawServer is a fault-injecting server below HTTP: each connection it
// accepts gets reply written to it (on its own goroutine), then is held
// open, whatever comes in discarded, until the client hangs up or the test
// ends. It returns the base URL and a count of connections accepted.
func rawServer(t *testing.T, reply func(net.Conn)) (string, func() int) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu    sync.Mutex
		conns []net.Conn
		wg    sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				reply(c)
				_, _ = io.Copy(io.Discard, c) // hold until the client hangs up
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return "http://" + ln.Addr().String(), func() int {
		mu.Lock()
		defer mu.Unlock()
		return len(conns)
	}
}

// writeAfterRequest reads the request's head, then writes the raw reply.
func writeAfterRequest(raw string) func(net.Conn) {
	return func(c net.Conn) {
		buf := make([]byte, 4096)
		var got []byte
		for !strings.Contains(string(got), "\r\n\r\n") {
			n, err := c.Read(buf)
			if err != nil {
				return
			}
			got = append(got, buf[:n]...)
		}
		_, _ = io.WriteString(c, raw)
	}
}

// call runs RegenerateKYCLink and fails the test if it has not returned
// within a generous bound: what it guards against is waiting forever.
func call(t *testing.T, ctx context.Context, c *client.Client) error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, err := c.RegenerateKYCLink(ctx, okID)
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("the call did not return: a read is unbounded")
		return nil
	}
}

const switching = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\nConnection: Upgrade\r\n\r\n"

func TestSwitchingProtocolsNeverHangs(t *testing.T) {
	base, accepted := rawServer(t, writeAfterRequest(switching))
	// No timeout at all: the answer must be refused without reading the
	// connection that Go hands over as the body.
	c, sl := newClientOf(t, base, func(o *client.Options) { o.Timeout = -1 })
	err := call(t, context.Background(), c)
	e := asAPIError(t, err)
	if e.Kind != client.KindBadResponse || e.Status != 101 || !strings.Contains(e.Detail, "101 Switching Protocols") {
		t.Errorf("kind=%v status=%d detail=%q", e.Kind, e.Status, e.Detail)
	}
	if n := accepted(); n != 1 || len(sl.waits) != 0 {
		t.Errorf("%d connections, waits %v: a non-answer is not retried", n, sl.waits)
	}
}

func TestOnlyAnswersAreRead(t *testing.T) {
	for _, tt := range []struct{ name, raw, detail string }{
		{"101 without upgrade", "HTTP/1.1 101 Switching Protocols\r\n\r\n", "101 Switching Protocols"},
		{"undefined 600", "HTTP/1.1 600 Odd\r\nContent-Length: 2\r\n\r\n{}", "status 600"},
		{"undefined 099", "HTTP/1.1 099 Odd\r\nContent-Length: 2\r\n\r\n{}", "status 99"},
		{"redirect", "HTTP/1.1 302 Found\r\nLocation: https://evil.example/\r\nContent-Length: 1000\r\n\r\n", "redirect (302 Found)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			base, accepted := rawServer(t, writeAfterRequest(tt.raw))
			c, _ := newClientOf(t, base, func(o *client.Options) { o.Timeout = -1 })
			e := asAPIError(t, call(t, context.Background(), c))
			if e.Kind != client.KindBadResponse || !strings.Contains(e.Detail, tt.detail) {
				t.Errorf("kind=%v detail=%q, want bad response saying %q", e.Kind, e.Detail, tt.detail)
			}
			if n := accepted(); n != 1 {
				t.Errorf("%d attempts, want 1", n)
			}
		})
	}
}

func TestStalledOrTricklingBodyIsCut(t *testing.T) {
	const head = "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n"
	stalled := writeAfterRequest(head + `{"customerId":"`)
	trickle := func(c net.Conn) {
		writeAfterRequest(head)(c)
		for {
			if _, err := c.Write([]byte(" ")); err != nil {
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	for _, tt := range []struct {
		name  string
		reply func(net.Conn)
	}{{"stalled", stalled}, {"trickling", trickle}} {
		t.Run(tt.name+"/timeout", func(t *testing.T) {
			base, _ := rawServer(t, tt.reply)
			c, _ := newClientOf(t, base, func(o *client.Options) { o.Timeout = 150 * time.Millisecond })
			if e := asAPIError(t, call(t, context.Background(), c)); e.Kind != client.KindTimeout {
				t.Errorf("kind=%v detail=%q, want a timeout", e.Kind, e.Detail)
			}
		})
		t.Run(tt.name+"/cancel", func(t *testing.T) {
			base, _ := rawServer(t, tt.reply)
			c, _ := newClientOf(t, base, func(o *client.Options) { o.Timeout = -1 })
			ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
			defer cancel()
			if e := asAPIError(t, call(t, ctx, c)); e.Kind != client.KindTimeout && e.Kind != client.KindCanceled {
				t.Errorf("kind=%v detail=%q, want the caller's end", e.Kind, e.Detail)
			}
			cctx, ccancel := context.WithCancel(context.Background())
			time.AfterFunc(100*time.Millisecond, ccancel)
			if e := asAPIError(t, call(t, cctx, c)); e.Kind != client.KindCanceled {
				t.Errorf("kind=%v detail=%q, want cancelled", e.Kind, e.Detail)
			}
		})
	}
}

// blockingBody is a body that ignores every context: a read waits until
// the body is closed.
type blockingBody struct {
	once   sync.Once
	closed chan struct{}
}

func (b *blockingBody) Read([]byte) (int, error) {
	<-b.closed
	return 0, errors.New("read on closed body")
}

func (b *blockingBody) Close() error {
	b.once.Do(func() { close(b.closed) })
	return nil
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestBodyReadEndsWithTheCallWhateverTheTransport(t *testing.T) {
	hc := &http.Client{Transport: roundTripper(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 201, Header: http.Header{}, Body: &blockingBody{closed: make(chan struct{})}, Request: r}, nil
	})}
	c, _ := newClientOf(t, "https://api.spherepay.co", func(o *client.Options) {
		o.HTTPClient, o.Timeout = hc, 100*time.Millisecond
	})
	if e := asAPIError(t, call(t, context.Background(), c)); e.Kind != client.KindTimeout {
		t.Errorf("kind=%v detail=%q, want a timeout", e.Kind, e.Detail)
	}
}

func TestOneLineFieldsStayOnOneLine(t *testing.T) {
	fake := spheretest.NewTestServer(t, spheretest.Options{})
	var debug bytes.Buffer
	c, _ := newClient(t, fake, func(o *client.Options) { o.Debug = &debug })
	_, err := c.RegenerateKYCLink(context.Background(), spheretest.HostileText)
	e := asAPIError(t, err)
	one := []string{e.Title, e.Code, e.CorrelationID}
	for _, f := range e.Errors {
		one = append(one, f.Pointer, f.Parameter, f.Header, f.Field())
	}
	for _, s := range one {
		if strings.ContainsAny(s, "\n\r\t\u2028\u2029") {
			t.Errorf("a one-line field holds a line break: %q", s)
		}
	}
	if e.Title != "Forged kyclink: Link copied" || e.Code != "bad Correlation ID: fake" || e.Errors[1].Parameter != "id Expires: never" {
		t.Errorf("title %q, code %q, parameter %q", e.Title, e.Code, e.Errors[1].Parameter)
	}
	// The detail keeps its lines (shown indented), U+2028 among them.
	if !strings.HasPrefix(e.Detail, "ok\nkyclink: Link copied\nCorrelation ID: fake\nExpires: never\npayment ") {
		t.Errorf("detail = %q", e.Detail)
	}
	// The debug file: every line is kyclink's, with its timestamp.
	stamp := regexp.MustCompile(`^\d\d:\d\d:\d\d\.\d{3} kyclink: `)
	for _, l := range strings.Split(strings.TrimSuffix(debug.String(), "\n"), "\n") {
		if !stamp.MatchString(l) {
			t.Errorf("a debug line is not kyclink's: %q", l)
		}
	}
	if !strings.Contains(debug.String(), "kind=validation") {
		t.Errorf("debug:\n%s", debug.String())
	}
}

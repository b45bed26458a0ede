//go:build unix

package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/kyclink/kyclink/gateway"
)

// SIGTERM to a gateway lets the request in flight finish (Sphere answers
// it after the one-shot's half second of grace is long gone), then the
// process exits 0.
func TestSIGTERMLetsTheGatewaysRequestsFinish(t *testing.T) {
	arrived, release := make(chan struct{}, 1), make(chan struct{})
	sphere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path != "/" {
			arrived <- struct{}{}
			<-release
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":"`+okID+`","status":"active"}`)
	}))
	defer sphere.Close()
	db := "sqlite://" + filepath.Join(t.TempDir(), "gateway.db")
	store, err := gateway.OpenStore(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	token, hash := gateway.NewToken()
	if err := store.AddAgent(context.Background(), gateway.Agent{Name: "ana", Role: gateway.RoleAgent, Created: time.Now()}, hash); err != nil {
		t.Fatal(err)
	}
	store.Close()
	stderr := &lockedBuffer{}
	cmd := exec.Command(os.Args[0], "-test.run=^TestRunMain$")
	cmd.Env = append(os.Environ(), "KYCLINK_TEST_MAIN_ARGS="+strings.Join([]string{"gateway", "serve",
		"--listen", "127.0.0.1:0", "--sphere-url", sphere.URL, "--db", db}, "\x1f"),
		"GORACE=atexit_sleep_ms=0", "SPHERE_API_KEY=sk_live_gatewaysignaltest0123456789", "XDG_STATE_HOME="+t.TempDir())
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	defer func() { _ = cmd.Process.Kill() }()
	serving := regexp.MustCompile(`serving on (http://127\.0\.0\.1:\d+)`)
	var base string
	for deadline := time.Now().Add(20 * time.Second); base == ""; time.Sleep(10 * time.Millisecond) {
		if m := serving.FindStringSubmatch(stderr.String()); m != nil {
			base = m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("the gateway did not start; stderr:\n%s", stderr.String())
		}
	}
	answered := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodGet, base+"/v2/customer/"+okID, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			answered <- 0
			return
		}
		resp.Body.Close()
		answered <- resp.StatusCode
	}()
	<-arrived
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(800*time.Millisecond, func() { close(release) }) // past the one-shot's grace
	if got := <-answered; got != http.StatusOK {
		t.Errorf("the request in flight: %d, want 200; stderr:\n%s", got, stderr.String())
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("after SIGTERM: %v, want exit 0; stderr:\n%s", err, stderr.String())
		}
	case <-time.After(gateway.ShutdownGrace + 5*time.Second):
		t.Fatalf("the gateway did not stop; stderr:\n%s", stderr.String())
	}
}

// lockedBuffer is a child's stderr, read while the child writes it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

package gateway

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/kyclink/kyclink/client/spheretest"
)

func TestAnAgentOverItsLimitGets429WithRetryAfter(t *testing.T) {
	r := newRig(t, func(o *Options) { o.AgentRate, o.AgentBurst = 5, 10 })
	ana, bo := r.agent("ana", RoleAgent), r.agent("bo", RoleAgent)
	path := "/v2/customer/" + alice + "/kyc-link"
	for i := range 10 {
		if resp, body := r.do("POST", path, ana, nil); resp.StatusCode != 201 {
			t.Fatalf("call %d: %d %s", i+1, resp.StatusCode, body)
		}
	}
	resp, body := r.do("POST", path, ana, nil)
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "1" || !strings.Contains(body, `"status":429`) {
		t.Fatalf("the 11th call at once: %d %q %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	if resp, _ := r.do("POST", path, bo, nil); resp.StatusCode != 201 {
		t.Errorf("another agent was held back: %d", resp.StatusCode)
	}
	r.advance(200 * time.Millisecond) // one token at 5/s
	if resp, _ := r.do("POST", path, ana, nil); resp.StatusCode != 201 {
		t.Errorf("after 200 ms: %d", resp.StatusCode)
	}
	if n := len(r.records()); n != 12 {
		t.Errorf("%d records; the 429 of the gateway is not a forwarded call", n)
	}
}

func TestTheTeamStaysUnderSpheresLimit(t *testing.T) {
	r := newRig(t, func(o *Options) { o.TeamWrites, o.AgentRate, o.AgentBurst = 3, 100, 100 })
	tokens := []string{r.agent("a", RoleAgent), r.agent("b", RoleAgent)}
	path := "/v2/customer/" + alice + "/kyc-link"
	ok, limited := 0, 0
	for i := range 8 {
		resp, _ := r.do("POST", path, tokens[i%2], nil)
		switch resp.StatusCode {
		case 201:
			ok++
		case 429:
			limited++
			if resp.Header.Get("Retry-After") == "" {
				t.Error("no Retry-After")
			}
		}
	}
	if ok != 3 || limited != 5 || r.upstreamCalls() != 3 {
		t.Errorf("%d through, %d limited, %d reached Sphere", ok, limited, r.upstreamCalls())
	}
	// Reads have their own bucket.
	if resp, _ := r.do("GET", "/v2/customer/"+alice, tokens[0], nil); resp.StatusCode != 200 {
		t.Errorf("a read: %d", resp.StatusCode)
	}
}

func TestIdenticalReadsShareOneCallToSphere(t *testing.T) {
	// Sphere answers only when the test lets it, so every agent's read
	// is in flight at once.
	release := make(chan struct{})
	fake := spheretest.NewHandler(spheretest.Options{APIKey: sphereKey})
	var mu sync.Mutex
	calls := 0
	up := newUpstream(t, func(w http.ResponseWriter, req *http.Request) {
		mu.Lock()
		calls++
		mu.Unlock()
		<-release
		fake.ServeHTTP(w, req)
	})
	r := newRig(t, func(o *Options) { o.SphereURL = up })
	const agents = 20
	tokens := make([]string, agents)
	for i := range tokens {
		tokens[i] = r.agent("agent"+string(rune('a'+i)), RoleAgent)
	}
	var wg sync.WaitGroup
	status := make([]int, agents)
	for i := range agents {
		wg.Go(func() {
			resp, _ := r.do("GET", "/v2/customer/"+alice, tokens[i], nil)
			status[i] = resp.StatusCode
		})
	}
	// Every request is waiting once the gateway has counted them all in
	// the coalescer: the leader is in Sphere, the rest wait on it.
	waitFor(t, func() bool { mu.Lock(); defer mu.Unlock(); return calls == 1 })
	waitFor(t, func() bool { return testutil.ToFloat64(r.gw.metrics.waiting) == agents })
	close(release)
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	for i, s := range status {
		if s != 200 {
			t.Errorf("agent %d: %d", i, s)
		}
	}
	// Whether a latecomer joined the call or found the cached answer, no
	// second call reached Sphere.
	if calls != 1 {
		t.Errorf("%d calls reached Sphere for %d identical reads", calls, agents)
	}
	if n := len(r.records()); n != agents {
		t.Errorf("%d records for %d agents' reads", n, agents)
	}
}

func TestAReadIsServedAgainForTwoSeconds(t *testing.T) {
	r := newRig(t)
	token := r.agent("ana", RoleAgent)
	get := func() { r.do("GET", "/v2/customer/"+alice, token, nil) }
	get()
	r.advance(1999 * time.Millisecond)
	get()
	if n := r.upstreamCalls(); n != 1 {
		t.Fatalf("within 2 s: %d calls", n)
	}
	r.advance(time.Millisecond)
	get()
	if n := r.upstreamCalls(); n != 2 {
		t.Errorf("after 2 s: %d calls", n)
	}
	// A failure is not kept: the next read asks again.
	get500 := func() { r.do("GET", "/v2/customer/"+spheretest.ServerError, token, nil) }
	get500()
	get500()
	if n := r.upstreamCalls(); n != 4 {
		t.Errorf("a 500 was served again: %d calls", n)
	}
}

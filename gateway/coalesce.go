// This file owns reading a customer for many agents at once: identical
// reads in flight share one call to Sphere, and an answer from the last
// two seconds is served again.

package gateway

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/kyclink/kyclink/client"
)

// readCache keeps recent customer answers by ID.
type readCache struct {
	ttl time.Duration
	mu  sync.Mutex
	m   map[string]cached
}

type cached struct {
	ans answer
	at  time.Time
}

func newReadCache(ttl time.Duration) *readCache {
	return &readCache{ttl: ttl, m: map[string]cached{}}
}

func (c *readCache) get(id string, now time.Time) (answer, bool) {
	if c.ttl <= 0 {
		return answer{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[id]
	if !ok || now.Sub(e.at) >= c.ttl {
		return answer{}, false
	}
	return e.ans, true
}

// put keeps an answer worth serving again (a customer, or their absence;
// not a failure that a second try might get past), and drops old ones so
// the map stays as small as the set of customers being watched.
func (c *readCache) put(id string, ans answer, now time.Time) {
	if c.ttl <= 0 || ans.fail != 0 || ans.teamWait > 0 || (ans.status != http.StatusOK && ans.status != http.StatusNotFound) {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.m {
		if now.Sub(e.at) >= c.ttl {
			delete(c.m, k)
		}
	}
	c.m[id] = cached{ans, now}
}

// readCustomer is GET /v2/customer/{id} through the cache and the
// coalescer. The shared call runs on a context of its own (bounded by
// the HTTP client's timeout), so one agent giving up does not fail the
// others waiting on it.
func (g *Gateway) readCustomer(ctx context.Context, id string, in http.Header) answer {
	if ans, ok := g.cache.get(id, g.now()); ok {
		g.metrics.reads.WithLabelValues("cached").Inc()
		return ans
	}
	g.metrics.waiting.Inc()
	defer g.metrics.waiting.Dec()
	rt := routes[customerRoute]
	leader := false // set only in the call that runs; read after it ends
	ch := g.reads.DoChan(id, func() (any, error) {
		leader = true
		ans := g.upstream(context.WithoutCancel(ctx), rt, g.target(rt, id, nil), nil, in)
		g.cache.put(id, ans, g.now())
		return ans, nil
	})
	select {
	case <-ctx.Done():
		return answer{fail: client.KindCanceled}
	case res := <-ch:
		source := "sphere"
		if !leader {
			source = "shared"
		}
		g.metrics.reads.WithLabelValues(source).Inc()
		return res.Val.(answer)
	}
}

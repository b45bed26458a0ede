// This file owns the brake on failed sign-ins: each address that sends
// wrong tokens has a bucket of its own, and once it is empty the address
// is answered 429 without a lookup in the database. Guessing a token is
// out of reach anyway (256 random bits); what this bounds is the
// database work a stranger can cause.

package gateway

import (
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// A person who mistypes a token, or a script left running with a revoked
// one at a second's pace, never empties a bucket.
const (
	failedAuthRate  = 2  // failures a second, refilled
	failedAuthBurst = 30 // failures in a row
	// maxFailedAddrs bounds the map: beyond it, full buckets (addresses
	// that stopped failing) are dropped, then all if that is not enough.
	maxFailedAddrs = 10000
)

// failedAuth keeps a bucket per address that failed to sign in.
type failedAuth struct {
	mu sync.Mutex
	m  map[string]*rate.Limiter
}

func newFailedAuth() *failedAuth { return &failedAuth{m: map[string]*rate.Limiter{}} }

// blocked says how long addr must wait, when its bucket is empty.
func (f *failedAuth) blocked(addr string, now time.Time) (time.Duration, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	b, ok := f.m[addr]
	if !ok {
		return 0, false
	}
	if tokens := b.TokensAt(now); tokens < 1 {
		return time.Duration((1 - tokens) / failedAuthRate * float64(time.Second)), true
	}
	return 0, false
}

// failed takes one from addr's bucket.
func (f *failedAuth) failed(addr string, now time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	b, ok := f.m[addr]
	if !ok {
		if len(f.m) >= maxFailedAddrs {
			f.prune(now)
		}
		b = rate.NewLimiter(failedAuthRate, failedAuthBurst)
		f.m[addr] = b
	}
	b.AllowN(now, 1)
}

func (f *failedAuth) prune(now time.Time) {
	for k, b := range f.m {
		if b.TokensAt(now) >= failedAuthBurst {
			delete(f.m, k)
		}
	}
	if len(f.m) >= maxFailedAddrs {
		clear(f.m)
	}
}

// clientAddr is the address a request came from: behind a proxy, the
// one the proxy put last in X-Forwarded-For (what comes before it is the
// client's own word), else the connection's.
func clientAddr(r *http.Request, behindProxy bool) string {
	if behindProxy {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			last := xff[len(xff)-1]
			if i := strings.LastIndexByte(last, ','); i >= 0 {
				last = last[i+1:]
			}
			if last = strings.TrimSpace(last); last != "" {
				return last
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// This file owns the service endpoints: /healthz (the process answers),
// /readyz (the database and Sphere can be reached) and /kyclink/v1/info
// (what an agent's kyclink needs to know before it signs in).

package gateway

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"time"
)

func healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

// readyz asks the database and whether Sphere can be reached.
func (g *Gateway) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := g.store.Ping(ctx); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database unreachable\n"))
		return
	}
	if err := g.sphereReachable(ctx); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("Sphere unreachable\n"))
		return
	}
	_, _ = w.Write([]byte("ready\n"))
}

// readyFor is how long Sphere found reachable is not asked again: /readyz
// needs no token, and each call must not become a call to Sphere.
const readyFor = time.Second

// readyState is the last time Sphere answered /readyz's question.
type readyState struct {
	mu sync.Mutex
	at time.Time
}

// sphereReachable opens a connection to Sphere (a HEAD of its base URL,
// without the key: any answer means reachable), at most once a second
// once it answered.
func (g *Gateway) sphereReachable(ctx context.Context) error {
	g.ready.mu.Lock()
	fresh := !g.ready.at.IsZero() && g.now().Sub(g.ready.at) < readyFor
	g.ready.mu.Unlock()
	if fresh {
		return nil
	}
	_, err, _ := g.readyCalls.Do("", func() (any, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodHead, g.base.String()+"/", nil)
		if err != nil {
			return nil, err
		}
		resp, err := g.http.Do(req)
		if err != nil {
			return nil, err
		}
		resp.Body.Close()
		g.ready.mu.Lock()
		g.ready.at = g.now()
		g.ready.mu.Unlock()
		return nil, nil
	})
	return err
}

// Info is what /kyclink/v1/info tells anyone who asks: that this is a
// kyclink gateway, and how agents sign in to it.
type Info struct {
	Gateway string    `json:"gateway"` // always "kyclink"
	Version string    `json:"version"`
	OIDC    *InfoOIDC `json:"oidc,omitempty"`
}

// InfoOIDC is the identity provider agents sign in with.
type InfoOIDC struct {
	Issuer   string `json:"issuer"`
	ClientID string `json:"clientId"`
}

func (g *Gateway) info(w http.ResponseWriter, _ *http.Request) {
	in := Info{Gateway: "kyclink", Version: g.opts.Version}
	if o := g.opts.OIDC; o != nil {
		in.OIDC = &InfoOIDC{Issuer: o.Issuer, ClientID: o.ClientID}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(in)
}

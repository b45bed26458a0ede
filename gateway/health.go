// This file owns the service endpoints: /healthz (the process answers),
// /readyz (the database and Sphere can be reached) and /kyclink/v1/info
// (what an agent's kyclink needs to know before it signs in).

package gateway

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

func healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

// readyz asks the database and opens a connection to Sphere (a HEAD of
// its base URL, without the key: any answer means reachable).
func (g *Gateway) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := g.store.Ping(ctx); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database unreachable\n"))
		return
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, g.base.String()+"/", nil)
	if err == nil {
		var resp *http.Response
		if resp, err = g.http.Do(req); err == nil {
			resp.Body.Close()
		}
	}
	if err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("Sphere unreachable\n"))
		return
	}
	_, _ = w.Write([]byte("ready\n"))
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

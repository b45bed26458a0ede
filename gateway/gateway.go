// Package gateway is the team gateway: it holds the one Sphere key, lets
// each agent (by token or SSO) call exactly the endpoints kyclink needs,
// keeps the team under Sphere's rate limits, and records every forwarded
// call with the agent's name. The command layer wires flags to New.
package gateway

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/kyclink/kyclink/client"
)

// Defaults for Options: under Sphere's 100 reads and 100 writes a second
// per application, and a pace no person reaches by hand.
const (
	DefaultTeamReads  = 90
	DefaultTeamWrites = 90
	DefaultAgentRate  = 5
	DefaultAgentBurst = 10
	DefaultCacheFor   = 2 * time.Second
	// storeWait bounds each use of the database in a request: one that
	// hangs (a PostgreSQL behind a dead network) makes a clear 503, not a
	// request that never ends and holds up a graceful stop.
	storeWait = 5 * time.Second
	// maxRequestBody bounds what an agent may send (otp-send's body is a
	// few bytes; the link endpoints take none).
	maxRequestBody = 64 << 10
	// maxAnswerBody bounds Sphere's answer, as kyclink's client does.
	maxAnswerBody = 1 << 20
)

// Options configures a Gateway.
type Options struct {
	SphereURL string // default client.ProductionURL; https, or http on loopback
	SphereKey string // the one key; never logged, never in an answer
	Store     Store
	// Environment names Sphere's environment in the record
	// (PRODUCTION, SANDBOX, DEMO, CUSTOM).
	Environment string
	Logger      *slog.Logger // default: discard
	// Rates per second; 0 means the default.
	TeamReads, TeamWrites, AgentRate float64
	AgentBurst                       int
	// CacheFor is how long a customer read is served again (default 2 s;
	// negative: never).
	CacheFor  time.Duration
	Transport http.RoundTripper // default: http.DefaultTransport's settings
	Now       func() time.Time  // default time.Now
	Version   string            // for the User-Agent sent to Sphere
	// OIDC, when set, lets agents sign in with the identity provider.
	OIDC *OIDCOptions
	// BehindProxy: requests come through a proxy that appends the
	// client's address to X-Forwarded-For (for the failed sign-in brake).
	BehindProxy bool
}

// Gateway serves agents: it is the http.Handler that New returns. The
// Store stays the caller's to close.
type Gateway struct {
	opts   Options
	base   *url.URL
	store  Store
	log    *slog.Logger
	http   *http.Client
	redact client.KeyRedactor
	mux    *http.ServeMux
	other  http.Handler // notFound, counted as route "other"
	limits *limits
	fails  *failedAuth
	reads  singleflight.Group
	// readyCalls and ready keep /readyz from calling Sphere each time.
	readyCalls singleflight.Group
	ready      readyState
	cache      *readCache
	metrics    *metrics
	oidc       *oidcVerifier
	now        func() time.Time
	// storeWait is storeWait; tests shorten it.
	storeWait time.Duration
}

// New checks the options and returns the gateway.
func New(o Options) (*Gateway, error) {
	base, err := client.CheckBaseURL(cmp.Or(o.SphereURL, client.ProductionURL))
	if err != nil {
		return nil, err
	}
	if err := client.CheckAPIKey(o.SphereKey); err != nil {
		return nil, errors.New("Sphere's key: " + err.Error())
	}
	if o.Store == nil {
		return nil, errors.New("gateway: no store")
	}
	g := &Gateway{
		opts: o, base: base, store: o.Store,
		log:    cmp.Or(o.Logger, slog.New(slog.DiscardHandler)),
		redact: client.NewKeyRedactor(o.SphereKey),
		now:    o.Now, storeWait: storeWait,
	}
	if g.now == nil {
		g.now = time.Now
	}
	transport := o.Transport
	if transport == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = 64
		t.MaxResponseHeaderBytes = 64 << 10 // as the gateway's own server takes
		transport = t
	}
	g.http = &http.Client{
		Transport: transport,
		Timeout:   30 * time.Second,
		// A redirect would carry the key elsewhere: pass it on instead.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	g.limits = newLimits(o)
	g.fails = newFailedAuth()
	g.cache = newReadCache(cmp.Or(o.CacheFor, DefaultCacheFor))
	g.metrics = newMetrics()
	if o.OIDC != nil {
		if g.oidc, err = newOIDCVerifier(context.Background(), *o.OIDC, o.Store); err != nil {
			return nil, err
		}
	}
	g.mux = g.routes()
	return g, nil
}

func (g *Gateway) routes() *http.ServeMux {
	mux := http.NewServeMux()
	for _, rt := range routes {
		mux.Handle(rt.pattern, g.instrument(rt.pattern, g.forward(rt)))
	}
	mux.Handle("GET /kyclink/v1/record", g.instrument("GET /kyclink/v1/record", g.authed(g.record)))
	mux.Handle("GET /kyclink/v1/info", g.instrument("GET /kyclink/v1/info", http.HandlerFunc(g.info)))
	mux.HandleFunc("GET /healthz", healthz)
	mux.HandleFunc("GET /readyz", g.readyz)
	mux.Handle("GET /metrics", g.metrics.handler())
	// Anything else, any method: Sphere's problem shape, never forwarded.
	g.other = g.instrument("other", http.HandlerFunc(notFound))
	mux.Handle("/", g.other)
	return mux
}

// ServeHTTP serves one request. What the mux would not route as it is
// (see routable) is answered 404 here, before the mux sees it.
func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !routable(r) {
		g.other.ServeHTTP(w, r)
		return
	}
	g.mux.ServeHTTP(w, r)
}

// agentKey carries the signed-in agent in a request's context.
type agentKey struct{}

// authed lets through only a request whose token names a live agent, and
// only at the agent's pace.
func (g *Gateway) authed(next func(http.ResponseWriter, *http.Request, Agent)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		addr := clientAddr(r, g.opts.BehindProxy)
		if wait, blocked := g.fails.blocked(addr, g.now()); blocked {
			g.metrics.limited.WithLabelValues("sign-in").Inc()
			tooMany(w, wait)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), g.storeWait)
		a, err := g.agentFor(ctx, bearer(r))
		cancel()
		switch {
		case errors.Is(err, errUnknownAgent):
			g.fails.failed(addr, g.now())
			unauthorized(w)
			return
		case err != nil:
			g.log.Error("agent lookup failed", "error", g.redact.String(err.Error()))
			problem(w, http.StatusServiceUnavailable, "gateway/unavailable", "The gateway cannot check tokens just now.")
			return
		}
		if wait, ok := g.limits.agent(a.Name, g.now()); !ok {
			g.metrics.limited.WithLabelValues("agent").Inc()
			tooMany(w, wait)
			return
		}
		next(w, r.WithContext(context.WithValue(r.Context(), agentKey{}, a)), a)
	})
}

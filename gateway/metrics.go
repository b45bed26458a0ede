// This file owns the gateway's Prometheus metrics: requests by route and
// status, latency, Sphere's latency, rate-limited requests and where
// customer reads were answered from. No label names an agent.

package gateway

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics live in a registry of the gateway's own, so tests can run many.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec   // route, status
	latency  *prometheus.HistogramVec // route
	upstream *prometheus.HistogramVec // route
	limited  *prometheus.CounterVec   // scope: agent, team, sign-in
	reads    *prometheus.CounterVec   // source: sphere, shared, cached
	waiting  prometheus.Gauge         // customer reads waiting on Sphere
}

func newMetrics() *metrics {
	buckets := []float64{.0005, .001, .002, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kyclink_gateway_requests_total", Help: "Requests answered, by route and HTTP status.",
		}, []string{"route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "kyclink_gateway_request_seconds", Help: "Time to answer a request, by route.", Buckets: buckets,
		}, []string{"route"}),
		upstream: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "kyclink_gateway_upstream_seconds", Help: "Time Sphere took to answer, by route.", Buckets: buckets,
		}, []string{"route"}),
		limited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kyclink_gateway_rate_limited_total", Help: "Requests refused with 429 by the gateway, by the limit that was reached.",
		}, []string{"scope"}),
		reads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kyclink_gateway_customer_reads_total", Help: "Customer reads, by where the answer came from: sphere, shared (a call in flight) or cached (the last 2 s).",
		}, []string{"source"}),
		waiting: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "kyclink_gateway_customer_reads_waiting", Help: "Customer reads waiting on a call to Sphere (one call serves them all).",
		}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.upstream, m.limited, m.reads, m.waiting,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// instrument counts and times a route, and logs one line per request:
// the route and status, never the agent, the customer or the query.
func (g *Gateway) instrument(route string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		elapsed := time.Since(start)
		status := "none" // the agent left before an answer
		if sw.status != 0 {
			status = strconv.Itoa(sw.status)
		}
		g.metrics.requests.WithLabelValues(route, status).Inc()
		g.metrics.latency.WithLabelValues(route).Observe(elapsed.Seconds())
		attrs := []any{"route", route, "status", sw.status, "ms", float64(elapsed.Microseconds()) / 1000}
		if id := w.Header().Get("X-Kyclink-Record"); id != "" { // a forwarded call: its record
			attrs = append(attrs, "record", id)
		}
		g.log.Info("request", attrs...)
	})
}

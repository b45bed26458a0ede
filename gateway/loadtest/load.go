// This file owns the open-loop load: requests started at a fixed rate
// (whatever the answers' pace), spread over agents, each timed, and the
// percentiles of what came back.

package main

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"
)

// shot is one request of a load: which agent, and what to ask.
type shot func(i int) (*http.Request, error)

// result is one request's outcome.
type result struct {
	status  int
	latency time.Duration
	record  string // the gateway's X-Kyclink-Record
	err     error
}

// maxInFlight bounds the goroutines of a load whose target stalls.
const maxInFlight = 2000

// load sends rate requests a second for dur, and waits for the answers
// (each bounded by the client's timeout).
func load(hc *http.Client, rate int, dur time.Duration, next shot) []result {
	return paced(rate, dur, func(i int) result { return send(hc, next, i) })
}

// paced starts each(i) rate times a second for dur, open loop, and waits
// for them all.
func paced[T any](rate int, dur time.Duration, each func(i int) T) []T {
	n := int(float64(rate) * dur.Seconds())
	results := make([]T, n)
	sem := make(chan struct{}, maxInFlight)
	var wg sync.WaitGroup
	start := time.Now()
	interval := time.Second / time.Duration(rate)
	for i := range n {
		if d := time.Until(start.Add(time.Duration(i) * interval)); d > 0 {
			time.Sleep(d)
		}
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			results[i] = each(i)
		})
	}
	wg.Wait()
	return results
}

func send(hc *http.Client, next shot, i int) result {
	req, err := next(i)
	if err != nil {
		return result{err: err}
	}
	t := time.Now()
	resp, err := hc.Do(req)
	if err != nil {
		return result{err: err, latency: time.Since(t)}
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return result{status: resp.StatusCode, latency: time.Since(t), record: resp.Header.Get("X-Kyclink-Record")}
}

// percentiles of the latencies of answered requests with the wanted status.
func percentiles(rs []result, status int) (p50, p99 time.Duration, n int) {
	var ls []time.Duration
	for _, r := range rs {
		if r.err == nil && r.status == status {
			ls = append(ls, r.latency)
		}
	}
	p50, p99 = quantiles(ls)
	return p50, p99, len(ls)
}

// quantiles are the p50 and p99 of ds (sorted in place); zero for none.
func quantiles(ds []time.Duration) (p50, p99 time.Duration) {
	if len(ds) == 0 {
		return 0, 0
	}
	slices.Sort(ds)
	at := func(q float64) time.Duration { return ds[min(len(ds)-1, int(q*float64(len(ds))))] }
	return at(0.50), at(0.99)
}

// tally counts results by status ("error" for no answer).
func tally(rs []result) string {
	counts := map[string]int{}
	for _, r := range rs {
		if r.err != nil {
			counts["error"]++
		} else {
			counts[fmt.Sprint(r.status)]++
		}
	}
	return fmt.Sprint(counts)
}

// newHTTPClient keeps enough connections open for the load.
func newHTTPClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns, t.MaxIdleConnsPerHost = 1000, 1000
	return &http.Client{Transport: t, Timeout: 10 * time.Second}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }

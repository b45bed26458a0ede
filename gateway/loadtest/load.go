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
	n := int(float64(rate) * dur.Seconds())
	results := make([]result, n)
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
			results[i] = send(hc, next, i)
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
	if len(ls) == 0 {
		return 0, 0, 0
	}
	slices.Sort(ls)
	at := func(q float64) time.Duration { return ls[min(len(ls)-1, int(q*float64(len(ls))))] }
	return at(0.50), at(0.99), len(ls)
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

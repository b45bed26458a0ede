// This file owns the coalescing scenario: 100 agents each watching one of
// 10 customers, reading it every second, and the calls Sphere saw.

package main

import (
	"fmt"
	"net/http"
	"time"

	"github.com/kyclink/kyclink/client/spheretest"
	"github.com/kyclink/kyclink/gateway"
)

func coalesce(dur time.Duration) error {
	const agents, customers = 100, 10
	r, err := newRig(agents, gateway.Options{})
	if err != nil {
		return err
	}
	defer r.stop()
	before := len(r.fake.Handler.Requests())
	hc := newHTTPClient()
	// Each agent reads once a second: 100 reads a second in all, agent i
	// watching customer i%10 (demo customers the fake knows).
	rs := load(hc, agents, dur, func(i int) (*http.Request, error) {
		req, err := http.NewRequest(http.MethodGet, r.gwURL+"/v2/customer/"+spheretest.SampleID(1+(i%agents)%customers), nil)
		if err == nil {
			req.Header.Set("Authorization", "Bearer "+r.tokens[i%agents])
		}
		return req, err
	})
	upstream := len(r.fake.Handler.Requests()) - before
	answered := 0
	for _, x := range rs {
		if x.err == nil && x.status == http.StatusOK {
			answered++
		}
	}
	fmt.Printf("coalescing: %d agents watching %d customers, one read a second each, for %s:\n", agents, customers, dur)
	fmt.Printf("  %d reads answered (%s), %d calls reached Sphere: %.1f%% saved\n",
		answered, tally(rs), upstream, 100*(1-float64(upstream)/float64(max(1, len(rs)))))
	return nil
}

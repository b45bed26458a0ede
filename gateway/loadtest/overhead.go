// This file owns the overhead scenario: the same load straight at the
// fake Sphere and through a gateway in front of it, and the difference.

package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/kyclink/kyclink/client/spheretest"
	"github.com/kyclink/kyclink/gateway"
)

// sphereKey is the fake's key in every scenario (not a real key).
const sphereKey = "secret_loadtest_fake_sphere_key"

// rig is a fake Sphere and a gateway in front of it, in this process.
type rig struct {
	fake   *spheretest.Server
	gwURL  string
	tokens []string
	store  gateway.Store
	stop   func()
}

func newRig(agents int, o gateway.Options) (*rig, error) {
	fake, err := spheretest.Start(spheretest.Options{APIKey: sphereKey})
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "kyclink-loadtest-")
	if err != nil {
		return nil, err
	}
	store, err := gateway.OpenSQLite(context.Background(), filepath.Join(dir, "gw.db"))
	if err != nil {
		return nil, err
	}
	tokens, err := addAgents(store, agents)
	if err != nil {
		return nil, err
	}
	o.SphereURL, o.SphereKey, o.Store, o.Environment = fake.URL, sphereKey, store, "DEMO"
	g, err := gateway.New(o)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- gateway.Serve(ctx, g, gateway.ServeOptions{Addr: "127.0.0.1:0", Ready: func(a string) { ready <- a }})
	}()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		cancel()
		return nil, err
	}
	return &rig{fake: fake, gwURL: "http://" + addr, tokens: tokens, store: store, stop: func() {
		cancel()
		<-done
		store.Close()
		fake.Close()
		os.RemoveAll(dir)
	}}, nil
}

// addAgents adds n agents and returns their tokens.
func addAgents(store gateway.Store, n int) ([]string, error) {
	tokens := make([]string, n)
	for i := range tokens {
		token, hash := gateway.NewToken()
		if err := store.AddAgent(context.Background(), gateway.Agent{Name: fmt.Sprintf("agent%03d", i), Role: gateway.RoleAgent, Created: time.Now()}, hash); err != nil {
			return nil, err
		}
		tokens[i] = token
	}
	return tokens, nil
}

// linkID is a well-formed customer ID that is no scenario of the fake.
func linkID(i int) string { return fmt.Sprintf("customer_a%031x", i) }

func post(base, id, bearer string) (*http.Request, error) {
	req, err := http.NewRequest(http.MethodPost, base+"/v2/customer/"+id+"/kyc-link", http.NoBody)
	if err == nil {
		req.Header.Set("Authorization", "Bearer "+bearer)
		req.Header.Set("Content-Type", "application/json")
	}
	return req, err
}

// overhead runs rate paired calls a second for dur: each the same link
// request of one agent, straight at the fake and through the gateway
// (limits raised out of the way: this measures the gateway's own cost,
// the record's write included). The two loads' percentiles apart say
// little (their p99s come from different moments, and the gateway's can
// come out the lower); the pairs' differences say what the gateway adds.
func overhead(rate int, dur time.Duration, agents int) error {
	r, err := newRig(agents, gateway.Options{TeamReads: 1e6, TeamWrites: 1e6, AgentRate: 1e6, AgentBurst: 1e6})
	if err != nil {
		return err
	}
	defer r.stop()
	hc := newHTTPClient()
	warm := min(rate, 50)
	load(hc, warm, time.Second, func(i int) (*http.Request, error) { return post(r.gwURL, linkID(i), r.tokens[i%agents]) })
	direct := func(i int) (*http.Request, error) { return post(r.fake.URL, linkID(i), sphereKey) }
	via := func(i int) (*http.Request, error) { return post(r.gwURL, linkID(i), r.tokens[i%agents]) }
	pairs := paced(rate, dur, func(i int) pair { return sendPair(hc, i, direct, via) })
	report(rate, dur, agents, pairs)
	return nil
}

// pair is one agent's call sent straight to the fake and through the
// gateway, one right after the other, which first alternating: both meet
// the same moment's load, so their difference is the gateway's own time.
type pair struct{ direct, via result }

func sendPair(hc *http.Client, i int, direct, via shot) pair {
	if i%2 == 0 {
		d := send(hc, direct, i)
		return pair{direct: d, via: send(hc, via, i)}
	}
	v := send(hc, via, i)
	return pair{direct: send(hc, direct, i), via: v}
}

// added is what the gateway added to the pairs both answered with status:
// the p50 and p99 of via minus direct, pair by pair, how many pairs, and
// how many of them came back sooner through the gateway (noise: the two
// calls of a pair are not the same moment to the scheduler).
func added(pairs []pair, status int) (p50, p99 time.Duration, n, sooner int) {
	var ds []time.Duration
	for _, p := range pairs {
		if p.direct.err != nil || p.via.err != nil || p.direct.status != status || p.via.status != status {
			continue
		}
		d := p.via.latency - p.direct.latency
		if d < 0 {
			sooner++
		}
		ds = append(ds, d)
	}
	p50, p99 = quantiles(ds)
	return p50, p99, len(ds), sooner
}

func report(rate int, dur time.Duration, agents int, pairs []pair) {
	var direct, via []result
	for _, p := range pairs {
		direct, via = append(direct, p.direct), append(via, p.via)
	}
	d50, d99, dn := percentiles(direct, http.StatusCreated)
	g50, g99, gn := percentiles(via, http.StatusCreated)
	a50, a99, n, sooner := added(pairs, http.StatusCreated)
	fmt.Printf("overhead at %d paired calls/s for %s, %d agents (POST kyc-link, recorded in SQLite; %d req/s in all):\n", rate, dur, agents, 2*rate)
	fmt.Printf("  straight to the fake: p50 %s  p99 %s  (%d answered; %s)\n", ms(d50), ms(d99), dn, tally(direct))
	fmt.Printf("  through the gateway:  p50 %s  p99 %s  (%d answered; %s)\n", ms(g50), ms(g99), gn, tally(via))
	fmt.Printf("  added, pair by pair:  p50 %s  p99 %s  (%d pairs; %d sooner through the gateway)\n", ms(a50), ms(a99), n, sooner)
}

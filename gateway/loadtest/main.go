// Command loadtest measures the team gateway on loopback, bounded in count
// and time: the overhead it adds per request (p50, p99) at given rates from
// 200 simulated agents; that no answered call is missing from the record,
// nor recorded twice, when a gateway is killed (SIGKILL) and restarted
// mid-load, with SQLite or with two gateways on one PostgreSQL; and the
// calls to Sphere that coalescing saves when 100 agents watch 10 customers.
// The overhead is taken pair by pair: each agent's call sent straight and
// through the gateway one after the other, the differences' p50 and p99.
//
//	go run ./gateway/loadtest                       # every scenario
//	go run ./gateway/loadtest -run overhead -rates 50,500 -for 10s
//	KYCLINK_TEST_POSTGRES=postgres://… go run ./gateway/loadtest -run crash
package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// Bounds: no flag can make a run longer or larger than these.
const (
	maxRate     = 2000
	maxDuration = 60 * time.Second
	maxAgents   = 1000
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == childArg {
		os.Exit(child(os.Args[2:]))
	}
	run := flag.String("run", "overhead,crash,coalesce", "scenarios: overhead, crash, coalesce")
	rates := flag.String("rates", "50,500", "request rates per second for overhead")
	dur := flag.Duration("for", 10*time.Second, "how long each load runs (at most 60s)")
	agents := flag.Int("agents", 200, "simulated agents")
	flag.Parse()
	if *dur <= 0 || *dur > maxDuration || *agents < 1 || *agents > maxAgents {
		fmt.Fprintln(os.Stderr, "loadtest: -for must be in (0, 60s], -agents in [1, 1000]")
		os.Exit(2)
	}
	failed := false
	for _, s := range strings.Split(*run, ",") {
		var err error
		switch strings.TrimSpace(s) {
		case "overhead":
			for _, r := range strings.Split(*rates, ",") {
				rate, perr := strconv.Atoi(strings.TrimSpace(r))
				if perr != nil || rate < 1 || rate > maxRate {
					fmt.Fprintf(os.Stderr, "loadtest: rate %q is not in [1, %d]\n", r, maxRate)
					os.Exit(2)
				}
				if err = overhead(rate, *dur, *agents); err != nil {
					break
				}
			}
		case "crash":
			err = crash(*dur, *agents)
		case "coalesce":
			err = coalesce(*dur)
		default:
			err = fmt.Errorf("no scenario %q", s)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "loadtest: %s: %v\n", s, err)
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}

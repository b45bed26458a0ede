// This file owns the rate limits: token buckets for the whole team (reads
// and writes apart, under Sphere's per-application limits) and one per
// agent, each saying how long to wait when it is empty.

package gateway

import (
	"cmp"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limits are the gateway's buckets. Time comes from the caller, so tests
// drive it with a clock of their own.
type limits struct {
	reads, writes *rate.Limiter
	agentRate     rate.Limit
	agentBurst    int

	mu     sync.Mutex
	agents map[string]*rate.Limiter
}

func newLimits(o Options) *limits {
	reads := cmp.Or(o.TeamReads, DefaultTeamReads)
	writes := cmp.Or(o.TeamWrites, DefaultTeamWrites)
	return &limits{
		// A burst of one second's worth: Sphere counts per second.
		reads:      rate.NewLimiter(rate.Limit(reads), max(1, int(reads))),
		writes:     rate.NewLimiter(rate.Limit(writes), max(1, int(writes))),
		agentRate:  rate.Limit(cmp.Or(o.AgentRate, DefaultAgentRate)),
		agentBurst: cmp.Or(o.AgentBurst, DefaultAgentBurst),
		agents:     map[string]*rate.Limiter{},
	}
}

// take takes a token from l at now, or says how long until one is there.
func take(l *rate.Limiter, now time.Time) (time.Duration, bool) {
	r := l.ReserveN(now, 1)
	if !r.OK() {
		return time.Second, false
	}
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return d, false
	}
	return 0, true
}

// team takes a token from the team's read or write bucket.
func (l *limits) team(write bool, now time.Time) (time.Duration, bool) {
	if write {
		return take(l.writes, now)
	}
	return take(l.reads, now)
}

// agent takes a token from the agent's own bucket. Buckets are kept per
// name for the life of the process: a team is tens of agents, not more.
func (l *limits) agent(name string, now time.Time) (time.Duration, bool) {
	l.mu.Lock()
	b, ok := l.agents[name]
	if !ok {
		b = rate.NewLimiter(l.agentRate, l.agentBurst)
		l.agents[name] = b
	}
	l.mu.Unlock()
	return take(b, now)
}

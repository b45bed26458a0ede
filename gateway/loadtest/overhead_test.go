package main

import (
	"errors"
	"net/http"
	"testing"
	"time"
)

// TestAddedIsTakenPairByPair: one direct call slow at the moment (a
// scheduler's hiccup) makes the direct p99 exceed the gateway's, and the
// loads' p99s apart say the gateway added -48 ms. Pair by pair it added
// 0.5 ms; a pair with a failed call is left out.
func TestAddedIsTakenPairByPair(t *testing.T) {
	ms := func(f float64) time.Duration { return time.Duration(f * float64(time.Millisecond)) }
	ok := func(d time.Duration) result { return result{status: http.StatusCreated, latency: d} }
	var pairs []pair
	for i := range 100 {
		p := pair{direct: ok(ms(1)), via: ok(ms(1.5))}
		if i == 0 {
			p = pair{direct: ok(ms(50)), via: ok(ms(2))}
		}
		pairs = append(pairs, p)
	}
	pairs = append(pairs, pair{direct: result{err: errors.New("reset"), latency: ms(900)}, via: ok(ms(1.5))})
	var direct, via []result
	for _, p := range pairs {
		direct, via = append(direct, p.direct), append(via, p.via)
	}
	_, d99, _ := percentiles(direct, http.StatusCreated)
	_, g99, _ := percentiles(via, http.StatusCreated)
	if g99-d99 >= 0 {
		t.Fatalf("the test's loads do not show the fault: %s", g99-d99)
	}
	p50, p99, n, sooner := added(pairs, http.StatusCreated)
	if p50 != ms(0.5) || p99 != ms(0.5) || n != 100 || sooner != 1 {
		t.Errorf("added p50 %s p99 %s over %d pairs, %d sooner; want 0.5 ms, 0.5 ms, 100, 1", p50, p99, n, sooner)
	}
}

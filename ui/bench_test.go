package ui

import (
	"testing"
	"time"
)

// BenchmarkView renders the result screen as every tick and frame does.
func BenchmarkView(b *testing.B) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		b.Run(sizeName(size), func(b *testing.B) {
			h := newHarness(b)
			m := h.submitted(b, h.model(size[0], size[1]), okID)
			painted := m.current.qr.paintings
			b.ReportAllocs()
			for b.Loop() {
				_ = m.View()
			}
			if n := m.current.qr.paintings - painted; n != 0 {
				b.Fatalf("View painted the QR code %d times", n)
			}
		})
	}
}

// BenchmarkTick is a countdown tick: Update, then View.
func BenchmarkTick(b *testing.B) {
	h := newHarness(b)
	m := h.submitted(b, h.model(120, 40), okID)
	painted := m.current.qr.paintings
	b.ReportAllocs()
	for b.Loop() {
		h.clock.Advance(time.Second)
		m = update(m, tickMsg{})
		_ = m.View()
	}
	if n := m.current.qr.paintings - painted; n != 0 {
		b.Fatalf("ticks painted the QR code %d times", n)
	}
}

func sizeName(s [2]int) string {
	return map[int]string{80: "80x24", 120: "120x40"}[s[0]]
}

// BenchmarkViewFollowing is the result screen of a followed customer: the
// status row then says so on every frame.
func BenchmarkViewFollowing(b *testing.B) {
	h := newHarness(b)
	m := h.submitted(b, h.watchModel(&notes{}, 80, 24), okID)
	if m.followingLine() == "" {
		b.Fatal("not followed")
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkTickTimeline is a countdown tick on the result of a customer
// whose timeline holds 14 changes: the layout then fits as many as the
// window has room for.
func BenchmarkTickTimeline(b *testing.B) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		b.Run(sizeName(size), func(b *testing.B) {
			h := newHarness(b)
			m := h.followed(b, false, 9, size[0], size[1])
			b.ReportAllocs()
			for b.Loop() {
				h.clock.Advance(time.Second)
				m = update(m, tickMsg{})
				_ = m.View()
			}
		})
	}
}

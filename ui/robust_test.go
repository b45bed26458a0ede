package ui

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/kyclink/kyclink/client/spheretest"
)

// randomSessions is kept small for `go test -race`; raise it to hunt.
var randomSessions = 8

// TestRandomSessionsNeverBreak drives the model with random keys, pastes,
// resizes, ticks and answers: it must never panic, and the view must always
// fit the window.
func TestRandomSessionsNeverBreak(t *testing.T) {
	ids := []string{okID, spheretest.Expires90s, spheretest.Validation, spheretest.NotFound,
		spheretest.NotLinkFlow, spheretest.Forbidden, "cus_x", "customer_ABC", ""}
	keys := []string{"enter", "esc", "tab", "up", "down", "backspace", "c", "r", "s", "n", "y", "?", "q", "x"}
	sizes := [][2]int{{80, 24}, {120, 40}, {60, 20}, {200, 60}, {81, 25}, {100, 30}}
	for seed := range uint64(randomSessions) {
		rng := rand.New(rand.NewPCG(seed, 1))
		h := newHarness(t)
		m := h.model(80, 24)
		for step := range 300 {
			var msg tea.Msg
			switch n := rng.IntN(20); {
			case n < 12:
				msg = press(keys[rng.IntN(len(keys))])
			case n < 14:
				msg = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(" " + ids[rng.IntN(len(ids))] + "\n"), Paste: true}
			case n < 16:
				sz := sizes[rng.IntN(len(sizes))]
				msg = tea.WindowSizeMsg{Width: sz[0], Height: sz[1]}
			case n < 18:
				h.clock.Advance(time.Duration(rng.IntN(120)) * time.Second)
				msg = tickMsg{}
			default:
				if m.screen == screenLoading {
					m = h.answer(t, m)
				}
				continue
			}
			next, _ := m.Update(msg)
			m = next.(Model)
			view := m.View()
			if lines := strings.Count(view, "\n") + 1; m.width > 0 && lines > m.height {
				t.Fatalf("seed %d step %d: %d lines in a %d-line window", seed, step, lines, m.height)
			}
			for _, l := range strings.Split(view, "\n") {
				if w := ansi.StringWidth(l); w > m.width {
					t.Fatalf("seed %d step %d: a %d-wide line in a %d-wide window: %q", seed, step, w, m.width, ansi.Strip(l))
				}
			}
		}
	}
}

// This file owns the clock tick: one per second, only while something on
// screen counts, aligned to when the shown countdown changes.

package ui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

type tickMsg struct{}

// needsTick is true while something on screen counts: a request's elapsed
// time or a link's countdown.
func (m *Model) needsTick() bool {
	if m.screen == screenLoading {
		return true
	}
	for _, e := range m.sess.history {
		if e.counts(m.now) {
			return true
		}
	}
	return false
}

// startTicking keeps one tick per second going while needed, never two.
func (m *Model) startTicking() tea.Cmd {
	if m.ticking || !m.needsTick() {
		return nil
	}
	m.ticking = true
	return tea.Tick(m.nextTick(), func(time.Time) tea.Msg { return tickMsg{} })
}

// nextTick is the wait until the shown countdown next changes, so seconds
// neither stall nor skip even though expiresAt has milliseconds.
func (m *Model) nextTick() time.Duration {
	var d time.Duration
	switch {
	case m.screen == screenLoading:
		d = time.Second - m.now.Sub(m.req.started)%time.Second
	case m.current != nil && m.current.counts(m.now):
		d = m.current.link.Remaining(m.now) % time.Second
	}
	if d <= 0 {
		d = time.Second
	}
	return d + 5*time.Millisecond
}

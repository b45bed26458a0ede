package ui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
)

// After a question is cancelled on the input screen, the field takes keys
// at once and draws its cursor (issue 19, item 1).
func TestFieldTakesKeysAfterAQuestionIsCancelled(t *testing.T) {
	for _, cancel := range []string{"n", "esc"} {
		// This session's link: "already has a link".
		h := newHarness(t)
		m := h.submitted(t, h.model(80, 24), okID)
		m = update(typeText(update(m, press("n")), okID), press("enter"))
		if !m.confirm.asking() {
			t.Fatal("no question")
		}
		checkFieldTakesKeys(t, "session link, "+cancel, update(m, press(cancel)))

		// The same reached by a search, as an agent does: the question
		// comes after the search's row is opened.
		h = newHarness(t)
		m = h.model(80, 24)
		for range 2 {
			m = h.submitted(t, m, "alice@example.com")
			m = update(m, press("enter")) // open the row
			if m.screen == screenLoading {
				m = h.answer(t, m)
			}
			if m.screen == screenResult {
				m = update(m, press("n"))
			}
		}
		if !m.confirm.asking() {
			t.Fatalf("no question after the search:\n%s", plain(m))
		}
		checkFieldTakesKeys(t, "searched, "+cancel, update(m, press(cancel)))

		// The record's "made earlier" question, after the lookup.
		h = newHarness(t)
		o := h.options()
		o.Earlier = func(string, client.LinkKind) (time.Time, time.Time, bool) {
			return spheretest.TestTime, spheretest.TestTime.Add(time.Hour), true
		}
		m = h.answer(t, update(typeText(update(New(o), tea.WindowSizeMsg{Width: 80, Height: 24}), okID), press("enter")))
		if !m.confirm.recorded {
			t.Fatal("no question about the recorded link")
		}
		checkFieldTakesKeys(t, "recorded link, "+cancel, update(m, press(cancel)))
	}
}

func checkFieldTakesKeys(t *testing.T, name string, m Model) {
	t.Helper()
	if m.screen != screenInput || m.confirm.asking() {
		t.Fatalf("%s: screen %d, asking %v", name, m.screen, m.confirm.asking())
	}
	if !m.field.input.Focused() {
		t.Errorf("%s: the field has no focus, so no cursor", name)
	}
	m = update(m, press("backspace"), press("x"))
	if got := m.field.input.Value(); got != okID[:len(okID)-1]+"x" {
		t.Errorf("%s: typing gave %q", name, got)
	}
	if !strings.Contains(m.field.input.View(), "\x1b[7;") { // the cursor is drawn in reverse video
		t.Errorf("%s: no cursor drawn", name)
	}
}

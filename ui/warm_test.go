// Tests of when the app asks for a warm-up: the screens and keystrokes
// that make a request likely, counted through Options.Warm.

package ui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// warmCounter is an Options.Warm that counts its calls.
type warmCounter struct{ n int }

func (w *warmCounter) Warm() { w.n++ }

// runNow runs cmd and the commands of a batch it returns, synchronously.
// Only for commands that start no timer: a tick would make it wait.
func runNow(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	if batch, ok := cmd().(tea.BatchMsg); ok {
		for _, c := range batch {
			runNow(c)
		}
	}
}

// step is one message through Update, its commands run at once; it
// reports how many warm-ups the message asked for, and checks that Update
// itself asked for none.
func step(t *testing.T, m Model, w *warmCounter, msg tea.Msg) (Model, int) {
	t.Helper()
	before := w.n
	next, cmd := m.Update(msg)
	if w.n != before {
		t.Fatalf("%v: Update called Warm itself; it must go in a command", msg)
	}
	runNow(cmd)
	return next.(Model), w.n - before
}

func TestWarmWhenARequestBecomesLikely(t *testing.T) {
	h := newHarness(t)
	w := &warmCounter{}
	o := h.options()
	o.Warm = w.Warm
	m := New(o)
	if runNow(m.Init()); w.n != 1 {
		t.Fatalf("the first input screen asked for %d warm-ups, want 1", w.n)
	}
	m, _ = step(t, m, w, tea.WindowSizeMsg{Width: 120, Height: 40})
	for i, want := range []struct {
		name string
		msg  tea.Msg
		warm int
	}{
		{"the first keystroke right after the screen appeared", press("c"), 0},
		{"the next keystroke", press("u"), 0},
	} {
		var n int
		if m, n = step(t, m, w, want.msg); n != want.warm {
			t.Errorf("%d %s: %d warm-ups, want %d", i, want.name, n, want.warm)
		}
	}
	h.clock.Advance(warmAgain)
	if _, n := step(t, m, w, press("s")); n != 1 {
		t.Errorf("a keystroke after a pause of %v: %d warm-ups, want 1", warmAgain, n)
	}
	m, _ = step(t, m, w, press("esc")) // clears the field
	h.clock.Advance(warmAgain)
	if _, n := step(t, m, w, press("tab")); n != 0 {
		t.Errorf("tab (history) after a pause, the field unchanged: %d warm-ups, want 0", n)
	}

	m = h.submitted(t, m, okID)
	if m.screen != screenResult {
		t.Fatalf("screen %d, want the result", m.screen)
	}
	for _, k := range []string{"s", "c"} {
		if _, n := step(t, m, w, press(k)); n != 0 {
			t.Errorf("%s on the result screen: %d warm-ups, want 0", k, n)
		}
	}
	r, n := step(t, m, w, press("r"))
	if !r.confirm.asking() || n != 1 {
		t.Errorf("r on the result screen: question %v, %d warm-ups; want the question and 1", r.confirm.asking(), n)
	}
	if _, n := step(t, m, w, press("n")); n != 1 {
		t.Errorf("n on the result screen (back to input): %d warm-ups, want 1", n)
	}
}

func TestWarmAfterAFailureWhenTheFieldComesBack(t *testing.T) {
	h := newHarness(t)
	w := &warmCounter{}
	o := h.options()
	o.Warm = w.Warm
	m := update(New(o), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = h.submitted(t, m, "customer_00000000000000000000000000000404")
	if m.screen != screenError {
		t.Fatalf("screen %d, want the error", m.screen)
	}
	if _, n := step(t, m, w, press("esc")); n != 1 {
		t.Errorf("esc on the error screen (edit the ID): %d warm-ups, want 1", n)
	}
}

func TestNoWarmWithoutTheHookOrWithAnInitialID(t *testing.T) {
	h := newHarness(t)
	if cmd := New(h.options()).Init(); cmd != nil {
		t.Error("without Options.Warm the first screen still returns a command")
	}
	w := &warmCounter{}
	o := h.options()
	o.Warm, o.InitialID = w.Warm, okID
	m := New(o)
	if m.screen != screenLoading {
		t.Fatalf("screen %d, want loading", m.screen)
	}
	if !m.warmedAt.IsZero() {
		t.Error("New asked for a warm-up when the request is sent at once")
	}
}

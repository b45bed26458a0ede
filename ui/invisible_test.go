// This file tests that the field keeps out what a terminal does not
// show: a bidi control or a zero-width character, typed, pasted or set.

package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kyclink/kyclink/client"
)

// A pasted ID with a right-to-left override inside (it would draw
// "cus" then the rest reversed) is the ID the agent reads, and is looked
// up as one.
func TestTheFieldKeepsOutBidiAndZeroWidthCharacters(t *testing.T) {
	h := newHarness(t)
	m := pasted(h.model(80, 24), "cus\u202etomer_"+strings.TrimPrefix(okID, "customer_"))
	if got := m.field.input.Value(); got != okID {
		t.Fatalf("pasted with U+202E: field %q", got)
	}
	if v := plain(m); strings.ContainsFunc(v, client.Invisible) || !strings.Contains(v, okID) {
		t.Errorf("the screen:\n%q", v)
	}
	if m = update(m, press("enter")); m.screen != screenLoading || m.req.id != okID {
		t.Errorf("Enter: screen %d, request for %q", m.screen, m.req.id)
	}

	// Typed one by one, and in the middle of a name: the cursor stays
	// after the same visible character.
	m = typeText(h.model(80, 24), "ali\u200b\u2066ce")
	m = update(m, tea.KeyMsg{Type: tea.KeyLeft}, tea.KeyMsg{Type: tea.KeyLeft})
	m = pasted(m, "\u200bX\u202e")
	if got, pos := m.field.input.Value(), m.field.input.Position(); got != "aliXce" || pos != 4 {
		t.Errorf("typed and pasted: field %q, cursor %d", got, pos)
	}
	// Set from outside the keys (a paste on the result screen, line mode,
	// the command line's ID): the same.
	m.field.input.SetValue("\ufeff" + okID + "\u200d")
	if got := m.field.input.Value(); got != okID {
		t.Errorf("set: field %q", got)
	}
	o := h.options()
	o.InitialID = "customer_\u200b" + strings.TrimPrefix(okID, "customer_")
	if m := update(New(o), tea.WindowSizeMsg{Width: 80, Height: 24}); m.field.input.Value() != okID || m.req.id != okID {
		t.Errorf("the command line's ID: field %q, request %q", m.field.input.Value(), m.req.id)
	}
}

// BenchmarkFieldKeystroke is one character typed at the end of a whole
// ID, then taken back: the field's keepVisible looks at every change.
func BenchmarkFieldKeystroke(b *testing.B) {
	m := typeText(newHarness(b).model(80, 24), okID)
	in, bs := m.field.input, tea.KeyMsg{Type: tea.KeyBackspace}
	x := press("x")
	b.ReportAllocs()
	for b.Loop() {
		in, _ = in.Update(x)
		in, _ = in.Update(bs)
	}
}

// This file tests the field's reading of what the agent typed, through
// the client's one classifier: pastes cleaned, near misses asked about,
// the API key refused and wiped (issue 19, items 7 and 12).

package ui

import (
	"context"
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
)

func pasted(m Model, s string) Model {
	return update(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s), Paste: true})
}

func TestFieldCleansPastes(t *testing.T) {
	h := newHarness(t)
	for _, paste := range []string{okID + ".", okID + ")", okID + " (Bob)", "https://dashboard.spherepay.co/customers/" + okID,
		strings.TrimPrefix(okID, "customer_")} {
		m := pasted(h.model(80, 24), paste)
		if got := m.field.input.Value(); got != okID {
			t.Errorf("paste %q: field %q", paste, got)
		}
	}
	// 32 hex digits typed are offered as the ID, and sent after a yes.
	m := update(typeText(h.model(80, 24), strings.TrimPrefix(okID, "customer_")), press("enter"))
	if v := flat(plain(m)); m.screen != screenInput || !strings.Contains(v, "Added customer_ before the 32 hex digits: "+okID+". Look it up?") ||
		m.field.input.Value() != okID || len(h.fake.Requests()) != 0 {
		t.Errorf("hex typed: screen %d, field %q, view:\n%s", m.screen, m.field.input.Value(), v)
	}
	if m = update(m, press("y")); m.screen != screenLoading || m.req.id != okID {
		t.Errorf("hex, y: screen %d, id %q", m.screen, m.req.id)
	}
	// Typed, not pasted, it is cleaned on Enter and looked up.
	m = update(typeText(h.model(80, 24), okID+" (Bob)"), press("enter"))
	if m.screen != screenLoading || m.req.id != okID {
		t.Errorf("typed with a remark: screen %d, id %q", m.screen, m.req.id)
	}
}

func TestFieldAsksBeforeAnUnusualID(t *testing.T) {
	h := newHarness(t)
	short := okID[:40]
	m := update(typeText(h.model(80, 24), short), press("enter"))
	if m.screen != screenInput || m.confirm.unusual == "" || !strings.Contains(plain(m), "one digit short") ||
		!strings.Contains(plain(m), "Look it up?") || len(h.fake.Requests()) != 0 {
		t.Fatalf("unusual ID: screen %d, %d requests, view:\n%s", m.screen, len(h.fake.Requests()), plain(m))
	}
	// Enter is not a yes; n sends nothing.
	if m2 := update(m, press("enter")); m2.screen != screenInput || !m2.confirm.asking() {
		t.Errorf("enter answered the question: screen %d", m2.screen)
	}
	if m2 := update(m, press("n")); m2.confirm.asking() || m2.screen != screenInput || len(h.fake.Requests()) != 0 {
		t.Errorf("n: screen %d, asking %v", m2.screen, m2.confirm.asking())
	}
	// y looks it up.
	m = update(m, press("y"))
	if m.screen != screenLoading || m.req.act != actLookup || m.req.id != short {
		t.Errorf("y: screen %d, act %d, id %q", m.screen, m.req.act, m.req.id)
	}
	// A letter Sphere's pattern refuses is named, and never offered.
	cyr := okID[:12] + "а" + okID[13:]
	m = update(typeText(h.model(80, 24), cyr), press("enter"))
	if m.confirm.asking() || !strings.Contains(m.field.err, "Cyrillic letter 'а' (U+0430)") {
		t.Errorf("Cyrillic: asking %v, err %q", m.confirm.asking(), m.field.err)
	}
}

func TestFieldRefusesTheKey(t *testing.T) {
	h := newHarness(t)
	key := spheretest.DemoKey
	piece := key[4:12]
	for _, typed := range []string{key, "customer_" + piece, "Alice " + piece} {
		for _, how := range []string{"typed", "pasted"} {
			m := h.model(80, 24)
			if how == "typed" {
				m = update(typeText(m, typed), press("enter"))
			} else {
				m = pasted(m, typed) // wiped at once, before any Enter
			}
			v := plain(m)
			if m.screen != screenInput || m.field.input.Value() != "" || !strings.Contains(v, "looks like your API key: nothing was sent") ||
				spheretest.LeaksKey(v, key) {
				t.Errorf("%s %q: screen %d, field %q, view:\n%s", how, typed, m.screen, m.field.input.Value(), v)
			}
		}
	}
	if n := len(h.fake.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
	// Given on the command line, the same.
	o := h.options()
	o.InitialID = key
	if m := update(New(o), tea.WindowSizeMsg{Width: 80, Height: 24}); m.screen != screenInput || m.field.err != client.KeyInputWords+"." {
		t.Errorf("InitialID: screen %d, err %q", m.screen, m.field.err)
	}
}

func TestLineModeRefusesTheKeyAndAsksAboutNearMisses(t *testing.T) {
	h := newHarness(t)
	s := startLines(t, h, context.Background())
	s.typeLine(spheretest.DemoKey)
	s.waitFor("✖ That looks like your API key: nothing was sent.", 1)
	s.typeLine(okID[:39] + "g" + okID[40:])
	s.waitFor("'g' at position 40 is not a hex digit", 1)
	s.waitFor("Choose: y looks it up, n edits it: ", 1)
	s.typeLine("n")
	s.waitFor("Nothing was sent: edit the ID.", 1)
	s.typeLine("CUSTOMER_F31121C389624D3697CBF3EA8830B7A4")
	s.waitFor("l makes it lower case", 1)
	if n := len(h.fake.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
	s.typeLine("l")
	s.waitFor("KYC link for Alice Example ("+okID+"): https://", 1)
	s.typeLine("q")
	if err := s.end(); err != nil {
		t.Errorf("quit: %v", err)
	}
	if strings.Contains(s.out.String(), "ctrl+l") {
		t.Errorf("line mode offers a key it cannot take:\n%s", s.out.String())
	}
}

// Issue 19, item 4: a full name finds the customer, and the list says how.
func TestSearchByEveryWordOfAFullName(t *testing.T) {
	h := newHarness(t)
	m := h.submitted(t, h.model(80, 24), "Alice Example")
	v := plain(m)
	if m.screen != screenSearch || len(m.search.page.Customers) != 1 || m.search.page.Customers[0].ID != okID ||
		!strings.Contains(v, "Matched every word of “Alice Example”") {
		t.Errorf("screen %d, view:\n%s", m.screen, v)
	}
	s := startLines(t, h, context.Background())
	s.typeLine("alice example")
	s.waitFor("Matched every word of “alice example” in names and emails", 1)
	s.typeLine("q")
	if err := s.end(); err != nil {
		t.Errorf("quit: %v", err)
	}
}

// Issue 19, item 8: line mode's header says what the screen's does, and
// every duration it says is in words.
func TestLineModeHeaderAndDurationsInWords(t *testing.T) {
	h := newHarness(t)
	o := h.options()
	o.HeaderNote = "record off"
	s := startLinesWith(t, o, context.Background())
	out := s.out
	s.waitFor("kyclink · DEMO (127.0.0.1:4010) · record off\n", 1)
	s.typeLine(okID)
	s.waitFor("Choose: c copy", 1)
	s.typeLine("r")
	s.waitFor("Make a new KYC link? The current one (valid for 28 days more) may stop working.", 1)
	s.typeLine("n")
	s.typeLine("q")
	if err := s.end(); err != nil {
		t.Errorf("quit: %v", err)
	}
	if regexp.MustCompile(`\d[dhms]\b`).MatchString(out.String()) {
		t.Errorf("a duration not in words:\n%s", out.String())
	}
}

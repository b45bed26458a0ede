package ui

import (
	"os"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
)

// Below 80×24 the result goes on without its QR code: customer, host, the
// link on a row of its own, expiry and keys, and c and r work. Only below
// 60×16 is the window too small (issue 19, item 2).
func TestSmallWindowShowsTheResultWithoutTheCode(t *testing.T) {
	for _, size := range [][2]int{{79, 23}, {70, 20}, {60, 16}, {100, 20}} {
		h := newHarness(t)
		m := h.submitted(t, h.model(80, 24), okID)
		url := m.current.link.URL
		m = update(m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		v := plain(m)
		for _, want := range []string{okID, "Link host", "in.sumsub.com", "KYC link", "Expires", "c copy"} {
			if !strings.Contains(v, want) && !m.lay.scroll {
				t.Errorf("%v: %q missing:\n%s", size, want, v)
			}
		}
		if !hasRow(v, url) {
			t.Errorf("%v: the link has no row of its own:\n%s", size, v)
		}
		if m.lay.tooSmall || strings.ContainsAny(v, "█▀▄") {
			t.Errorf("%v: too small, or a QR code:\n%s", size, v)
		}
		if next, cmd := m.Update(press("c")); cmd == nil {
			t.Errorf("%v: c did nothing: %q", size, next.(Model).status)
		} else if cmd(); len(h.system.Texts()) != 1 || h.system.Texts()[0] != url {
			t.Errorf("%v: copied %q", size, h.system.Texts())
		}
		if r := update(m, press("r")); !r.confirm.asking() {
			t.Errorf("%v: r did not ask for a new link", size)
		}
	}
	for _, size := range [][2]int{{59, 16}, {60, 15}} {
		h := newHarness(t)
		m := h.submitted(t, h.model(80, 24), okID)
		m = update(m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		if v := flat(plain(m)); !strings.Contains(v, "Window too small") || !strings.Contains(v, "needs at least 60×16") || strings.Contains(v, okID) {
			t.Errorf("%v:\n%s", size, v)
		}
	}
}

// hasRow reports whether one row of a screen holds text and nothing else.
func hasRow(screen, text string) bool {
	for _, l := range strings.Split(screen, "\n") {
		if strings.TrimSpace(l) == text {
			return true
		}
	}
	return false
}

// The link stands on rows of its own at the window's full width at every
// size, so a mouse selection copies it whole; a link longer than the
// window breaks only at the window's edge (issue 19, item 3).
func TestTheLinkHasRowsOfItsOwnAtEverySize(t *testing.T) {
	sizes := [][2]int{{60, 16}, {70, 20}, {80, 24}, {100, 30}, {120, 40}, {200, 60}}
	for _, n := range []int{51, 75, 79, 80, 150, 300} {
		for _, size := range sizes {
			h := newHarness(t)
			url := "https://in.sumsub.com/websdk/p/" + strings.Repeat("x", n-31)
			m := update(typeText(h.model(size[0], size[1]), okID), press("enter"))
			m = update(m, resultMsg{seq: m.req.seq, id: okID, link: client.Link{CustomerID: okID, URL: url, ExpiresAt: t0.Add(48 * time.Hour)}})
			checkLinkRows(t, m, url, n, size)
			// An expired link is still shown whole, for the record.
			h.clock.Advance(49 * time.Hour)
			checkLinkRows(t, update(m, tickMsg{}), url, n, size)
		}
	}
}

func checkLinkRows(t *testing.T, m Model, url string, n int, size [2]int) {
	t.Helper()
	m.body.top = 0
	rows := strings.Split(strings.Join(m.body.lines, "\n"), "\n")
	var got []string
	for _, r := range rows {
		r = ansi.Strip(r)
		if s := strings.TrimSpace(r); strings.HasPrefix(s, "https://") || len(got) > 0 && len(got[len(got)-1]) == size[0] && s != "" && !strings.HasPrefix(r, " ") {
			if strings.ContainsAny(r, "█▀▄") || strings.Contains(strings.TrimSpace(r), " ") {
				t.Fatalf("%d characters at %v: the link shares a row: %q", n, size, r)
			}
			got = append(got, r)
		}
	}
	if len(got) == 0 {
		t.Fatalf("%d characters at %v: no link row:\n%s", n, size, strings.Join(rows, "\n"))
	}
	if joined := strings.TrimSpace(strings.Join(got, "")); joined != url {
		t.Fatalf("%d characters at %v: the rows make %q", n, size, joined)
	}
	if len(got) == 1 {
		if ansi.StringWidth(got[0]) > size[0] {
			t.Errorf("%d characters at %v: a row wider than the window", n, size)
		}
		return
	}
	// Wrapped: only because the window is narrower than the link, every
	// row but the last the window's full width.
	if n <= size[0] {
		t.Errorf("%d characters at %v: wrapped though the window is wide enough: %q", n, size, got)
	}
	for _, r := range got[:len(got)-1] {
		if ansi.StringWidth(r) != size[0] {
			t.Errorf("%d characters at %v: a row of %d cells: %q", n, size, ansi.StringWidth(r), r)
		}
	}
}

// A question is never cut short: what y does must be read whole at every
// size, with a countdown that has every unit ("27d 23h 59m 59s").
func TestAQuestionIsNeverCutShort(t *testing.T) {
	for _, size := range [][2]int{{60, 16}, {70, 20}, {80, 24}, {120, 40}} {
		h := newHarness(t)
		m := h.submitted(t, h.model(size[0], size[1]), okID)
		h.clock.Advance(time.Second)
		m = update(m, tickMsg{}, press("n"))
		m = update(typeText(m, okID), press("enter"))
		if !m.confirm.asking() {
			t.Fatalf("%v: no question:\n%s", size, plain(m))
		}
		q := m.confirmQuestion()
		if v := plain(m); strings.Contains(v, "…") || !strings.Contains(flat(v), q) {
			t.Errorf("%v: the question %q is cut:\n%s", size, q, v)
		}
		if rows := strings.Count(plain(m), "\n") + 1; rows > size[1] {
			t.Errorf("%v: %d rows", size, rows)
		}
		if lines := m.statusLines(); len(lines) > 2 && size[0] >= 80 {
			t.Errorf("%v: the question takes %d rows", size, len(lines))
		}
	}
}

// In a narrow history, two customers whose IDs share a long beginning stay
// told apart: an ID too wide for its column loses its middle, not its end.
func TestANarrowHistoryKeepsTheEndOfEachID(t *testing.T) {
	ids := []string{"customer_00000000000000000000000000000201", spheretest.Expires90s}
	for _, size := range [][2]int{{60, 16}, {70, 20}, {80, 24}} {
		h := newHarness(t)
		m := h.model(size[0], size[1])
		for _, id := range ids {
			m = update(h.submitted(t, m, id), press("n"))
		}
		v := plain(update(m, press("tab")))
		for _, id := range ids {
			if !strings.Contains(v, id[len(id)-8:]) || !strings.Contains(v, "customer_0") {
				t.Errorf("%v: %s is not told apart:\n%s", size, id, v)
			}
		}
		for _, l := range strings.Split(v, "\n") {
			if w := ansi.StringWidth(l); w > size[0] {
				t.Errorf("%v: a row of %d cells: %q", size, w, l)
			}
		}
	}
}

// The full help shows every key a screen takes, at every size, with
// nothing cut off: narrow windows get taller columns.
func TestTheFullHelpIsNeverCutOff(t *testing.T) {
	screens := map[string]func(h *harness, m Model) Model{
		"result": func(h *harness, m Model) Model { return h.submitted(t, m, okID) },
		"error":  func(h *harness, m Model) Model { return h.submitted(t, m, spheretest.Validation) },
		"card": func(h *harness, m Model) Model {
			m = h.submitted(t, m, "bob@example.com")
			if m = update(m, press("enter")); m.screen == screenLoading {
				m = h.answer(t, m)
			}
			return m
		},
	}
	for name, reach := range screens {
		for _, size := range [][2]int{{60, 16}, {70, 20}, {80, 24}} {
			h := newHarness(t)
			m := update(reach(h, h.model(size[0], size[1])), press("?"))
			v := plain(m)
			for _, col := range m.keys.helpFor(m.screen, m.confirm, m.lay.scroll).full {
				for _, b := range col {
					if b.Enabled() && !strings.Contains(v, b.Help().Desc) {
						t.Errorf("%s %v: %q is not in the help:\n%s", name, size, b.Help().Desc, v)
					}
				}
			}
			if strings.Contains(v, "…") || strings.Count(v, "\n")+1 > size[1] {
				t.Errorf("%s %v: cut off, or taller than the window:\n%s", name, size, v)
			}
		}
	}
}

// The help bar fits its row at every size, keeping ? and the way out: a
// bar one key too wide ran past the window's edge (the terminal then
// wraps it and the header scrolls away).
func TestTheHelpBarFitsItsRow(t *testing.T) {
	screens := map[string]func(h *harness, m Model) Model{
		"input":   func(h *harness, m Model) Model { return m },
		"result":  func(h *harness, m Model) Model { return h.submitted(t, m, okID) },
		"failure": func(h *harness, m Model) Model { return h.submitted(t, m, "customer_00000000000000000000000000000500") },
		"card":    func(h *harness, m Model) Model { return h.submitted(t, m, spheretest.CustomerTermsPending) },
		"search":  func(h *harness, m Model) Model { return h.submitted(t, m, "sample") },
		"history": func(h *harness, m Model) Model { return update(h.submitted(t, m, okID), press("tab")) },
	}
	for name, reach := range screens {
		for _, size := range [][2]int{{60, 16}, {64, 18}, {70, 20}, {80, 24}} {
			h := newHarness(t)
			v := plain(reach(h, h.model(size[0], size[1])))
			rows := strings.Split(v, "\n")
			for _, l := range rows {
				if w := ansi.StringWidth(l); w > size[0] {
					t.Errorf("%s %v: a row of %d cells: %q", name, size, w, l)
				}
			}
			if bar := rows[len(rows)-1]; strings.Contains(bar, "…") || !strings.Contains(bar, "? help") || !strings.Contains(bar, "quit") {
				t.Errorf("%s %v: the bar %q", name, size, bar)
			}
		}
	}
}

// The README says which size a QR code needs as the screen does: a KYC
// link's fits at 80×24, a terms link's (longer) asks for more.
func TestREADMESaysWhichSizeTheQRCodeNeeds(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t)
	kyc := update(h.submitted(t, h.model(100, 40), okID), tea.WindowSizeMsg{Width: 80, Height: 24})
	terms := update(h.termsLinkFor(t, spheretest.CustomerTermsPending), tea.WindowSizeMsg{Width: 80, Height: 24})
	if kyc.lay.qr == "" || terms.lay.qr != "" {
		t.Fatalf("at 80×24: a KYC link's code %v, a terms link's %v", kyc.lay.qr != "", terms.lay.qr != "")
	}
	need := strings.TrimSuffix(strings.TrimPrefix(terms.lay.qrNotice, "Enlarge the window to "), " for the QR code.")
	said := strings.Join(strings.Fields(string(readme)), " ")
	if !strings.Contains(said, "a KYC link's fits at 80×24") || !strings.Contains(said, "("+need+" for the demo's)") {
		t.Errorf("the README does not say a terms link's code needs %s (the screen: %q)", need, terms.lay.qrNotice)
	}
}

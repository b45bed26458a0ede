// This file tests the marks of a scrolling body: each takes a row only
// while there is more that way, so no row under the header stands blank.

package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/kyclink/kyclink/client"
)

// At 70x20 and 60x16 a body taller than the window shows its first row
// right under the header's blank row (no blank "more above" row at the
// top), each ↓ moves it by one row, and at the end its last row stands
// right above the footer (no blank "more below" row); ↑ and pgup come back
// to the top, where the mark is gone again.
func TestAScrollingBodyWastesNoRowOnAMissingMark(t *testing.T) {
	h := newHarness(t)
	e := &client.APIError{Kind: client.KindValidation, Status: 422, Detail: "Validation failed."}
	for i := range 30 {
		e.Errors = append(e.Errors, client.FieldError{Parameter: fmt.Sprintf("field%02d", i), Detail: "is wrong"})
	}
	for _, size := range [][2]int{{70, 20}, {60, 16}} {
		m := h.model(size[0], size[1])
		m.fail(e, okID)
		m = update(m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		if !m.lay.scroll {
			t.Fatalf("%v: does not scroll:\n%s", size, plain(m))
		}
		body := func(m Model) []string {
			rows := strings.Split(plain(m), "\n")[headerHeight : headerHeight+m.lay.bodyH]
			for i, r := range rows {
				rows[i] = strings.TrimRight(r, " ")
			}
			return rows
		}
		line := func(i int) string { return strings.TrimRight(ansi.Strip(m.body.lines[i]), " ") }
		top := body(m)
		if strings.TrimSpace(top[0]) == "" || !strings.Contains(top[0], "✖") || strings.Contains(plain(m), "more above") {
			t.Errorf("%v at the top: the first row %q:\n%s", size, top[0], plain(m))
		}
		if !strings.Contains(top[len(top)-1], "more below") {
			t.Errorf("%v at the top: no mark below:\n%s", size, plain(m))
		}
		down := body(update(m, tea.KeyMsg{Type: tea.KeyDown}))
		if !strings.Contains(down[0], "more above") || down[1] != top[2] || down[len(down)-2] != line(m.lay.bodyH-1) {
			t.Errorf("%v after ↓: not moved by one row:\n%s\n---\n%s", size, strings.Join(top, "\n"), strings.Join(down, "\n"))
		}
		again := body(update(m, tea.KeyMsg{Type: tea.KeyDown}, tea.KeyMsg{Type: tea.KeyDown}))
		if again[1] != down[2] {
			t.Errorf("%v after ↓↓: not moved by one row:\n%s", size, strings.Join(again, "\n"))
		}
		end := update(m, press("pgdown"), press("pgdown"), press("pgdown"), press("pgdown"), press("pgdown"))
		bottom := body(end)
		last := line(len(m.body.lines) - 1)
		if bottom[len(bottom)-1] != last || !strings.Contains(bottom[0], "more above") || strings.Contains(plain(end), "more below") {
			t.Errorf("%v at the end: the last row is not right above the footer:\n%s", size, plain(end))
		}
		if back := body(update(end, press("pgup"), press("pgup"), press("pgup"), press("pgup"), press("pgup"))); back[0] != top[0] {
			t.Errorf("%v: pgup does not come back to the top:\n%s", size, strings.Join(back, "\n"))
		}
		if back := body(update(m, tea.KeyMsg{Type: tea.KeyDown}, tea.KeyMsg{Type: tea.KeyUp})); back[0] != top[0] {
			t.Errorf("%v: ↓↑ does not come back to the top:\n%s", size, strings.Join(back, "\n"))
		}
	}
}

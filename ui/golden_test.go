package ui

import (
	"fmt"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/muesli/termenv"

	"github.com/kyclink/kyclink/client/spheretest"
)

// TestGoldenScreens renders every screen at 80×24 and 120×40 with a fixed
// colour profile (ANSI 256), dark background, time zone (CET) and clock,
// against spheretest with a fixed seed. Update with: go test ./ui -update
func TestGoldenScreens(t *testing.T) {
	screens := []struct {
		name  string
		build func(h *harness, m Model) Model
	}{
		{"input", func(h *harness, m Model) Model { return m }},
		{"input_invalid", func(h *harness, m Model) Model { return update(typeText(m, "Customer_F31121"), press("enter")) }},
		{"loading", func(h *harness, m Model) Model {
			m = update(typeText(m, okID), press("enter"))
			h.clock.Advance(2 * time.Second)
			return update(m, tickMsg{})
		}},
		{"result", func(h *harness, m Model) Model { return h.submitted(t, m, okID) }},
		{"search", func(h *harness, m Model) Model { return h.submitted(t, m, "sample") }},
		{"card_terms_first", func(h *harness, m Model) Model { return h.submitted(t, m, spheretest.CustomerTermsPending) }},
		{"card_rejected", func(h *harness, m Model) Model { return h.submitted(t, m, spheretest.CustomerRejected) }},
		{"card_approved_asks", func(h *harness, m Model) Model {
			return update(h.submitted(t, m, spheretest.CustomerApproved), press("k"))
		}},
		{"terms_link", func(h *harness, m Model) Model {
			return h.answer(t, update(h.submitted(t, m, spheretest.CustomerTermsPending), press("t")))
		}},
		{"result_qr_hidden", func(h *harness, m Model) Model { return update(h.submitted(t, m, okID), press("s")) }},
		{"result_help", func(h *harness, m Model) Model { return update(h.submitted(t, m, okID), press("?")) }},
		{"confirm", func(h *harness, m Model) Model { return update(h.submitted(t, m, okID), press("r")) }},
		{"confirm_same_customer", func(h *harness, m Model) Model {
			m = update(h.submitted(t, m, okID), press("n"))
			return update(typeText(m, okID), press("enter"))
		}},
		{"expiring", func(h *harness, m Model) Model {
			m = h.submitted(t, m, spheretest.Expires90s)
			h.clock.Advance(30 * time.Second)
			return update(m, tickMsg{})
		}},
		{"expired", func(h *harness, m Model) Model {
			m = h.submitted(t, m, spheretest.Expires90s)
			h.clock.Advance(2 * time.Minute)
			return update(m, tickMsg{})
		}},
		{"error_validation", func(h *harness, m Model) Model { return h.submitted(t, m, spheretest.Validation) }},
		{"error_not_found", func(h *harness, m Model) Model { return h.submitted(t, m, spheretest.NotFound) }},
		{"error_auth", func(h *harness, m Model) Model { return h.submitted(t, m, spheretest.Forbidden) }},
		{"edit_after_409", func(h *harness, m Model) Model {
			return update(h.submitted(t, m, spheretest.NotLinkFlow), press("esc"))
		}},
		{"history", func(h *harness, m Model) Model {
			m = h.submitted(t, m, spheretest.Expires90s)
			m = h.submitted(t, update(m, press("n")), okID)
			m = h.answer(t, update(m, press("r"), press("y")))
			h.clock.Advance(2 * time.Minute)
			return update(m, tickMsg{}, press("tab"))
		}},
	}
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, sc := range screens {
			t.Run(fmt.Sprintf("%s_%dx%d", sc.name, size[0], size[1]), func(t *testing.T) {
				h := newHarness(t)
				m := sc.build(h, h.model(size[0], size[1]))
				golden.RequireEqual(t, []byte(m.View()))
			})
		}
	}
	t.Run("too_small_59x15", func(t *testing.T) {
		h := newHarness(t)
		golden.RequireEqual(t, []byte(h.model(59, 15).View()))
	})
	// Below 80×24 the result goes on without its QR code; only below 60×16
	// is the window too small for it.
	for _, size := range [][2]int{{70, 20}, {59, 16}} {
		t.Run(fmt.Sprintf("result_small_%dx%d", size[0], size[1]), func(t *testing.T) {
			h := newHarness(t)
			m := h.submitted(t, h.model(80, 24), okID)
			golden.RequireEqual(t, []byte(update(m, tea.WindowSizeMsg{Width: size[0], Height: size[1]}).View()))
		})
	}
	// NO_COLOR (states keep words and glyphs, the cursor stays visible, the
	// QR code keeps black and white) and a light terminal.
	variants := []struct {
		name    string
		profile termenv.Profile
		dark    bool
		id      string
	}{
		{"input_no_color_80x24", termenv.Ascii, true, ""},
		{"result_no_color_80x24", termenv.Ascii, true, okID},
		{"expiring_no_color_80x24", termenv.Ascii, true, spheretest.Expires90s},
		{"result_light_80x24", termenv.ANSI256, false, okID},
	}
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			h := newHarness(t)
			o := h.options()
			o.Renderer = testRenderer(v.profile, v.dark)
			m := update(New(o), tea.WindowSizeMsg{Width: 80, Height: 24})
			if v.id == "" {
				m = typeText(m, "customer_f311")
			} else {
				m = h.submitted(t, m, v.id)
			}
			golden.RequireEqual(t, []byte(m.View()))
		})
	}
}

package theme

import (
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

func renderer(p termenv.Profile, dark bool) *lipgloss.Renderer {
	return FixedRenderer(io.Discard, p, dark)
}

func TestNoColorRendersPlainText(t *testing.T) {
	s := New(renderer(termenv.Ascii, true))
	for _, st := range []lipgloss.Style{s.BadgeProduction, s.CountdownDanger, s.Link, s.ErrorTitle} {
		if out := st.Render("PRODUCTION"); strings.Contains(out, "\x1b") {
			t.Errorf("NO_COLOR output has escapes: %q", out)
		}
	}
}

func TestColoursFollowTheRendererBackground(t *testing.T) {
	dark := New(renderer(termenv.TrueColor, true)).CountdownWarning.Render("x")
	light := New(renderer(termenv.TrueColor, false)).CountdownWarning.Render("x")
	if dark == light || !strings.Contains(dark, "\x1b[") {
		t.Errorf("dark %q and light %q should differ and be coloured", dark, light)
	}
	if badge := New(renderer(termenv.TrueColor, true)).BadgeProduction.Render("PRODUCTION"); !strings.Contains(badge, "48;2;218;54;51") {
		t.Errorf("production badge is not red: %q", badge)
	}
}

func TestNoColorKeepsCursorVisible(t *testing.T) {
	s := New(renderer(termenv.Ascii, true))
	if out := s.Cursor.Reverse(true).Render(" "); out != "\x1b[7m \x1b[0m" {
		t.Errorf("cursor under NO_COLOR = %q, want reverse video and no colour", out)
	}
}

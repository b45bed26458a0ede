// This file owns renderers with a fixed colour profile and background, for
// tests and pictures that must not depend on the terminal they run in.

package theme

import (
	"io"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// FixedRenderer renders to w with the given profile and background, asking
// no terminal anything.
func FixedRenderer(w io.Writer, profile termenv.Profile, dark bool) *lipgloss.Renderer {
	r := lipgloss.NewRenderer(w)
	r.SetColorProfile(profile)
	r.SetHasDarkBackground(dark)
	return r
}

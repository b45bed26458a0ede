// Package theme holds kyclink's colours and styles. Styles are built from a
// *lipgloss.Renderer handed in, so a test or NO_COLOR can force a colour
// profile and a background without touching the real terminal.
package theme

import (
	"io"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Palette is every colour kyclink uses, each with a light- and a
// dark-background variant.
type Palette struct {
	Text, Muted, Subtle, Accent, Link lipgloss.AdaptiveColor
	Success, Warning, Danger          lipgloss.AdaptiveColor
	Production, Sandbox, Demo, Custom lipgloss.AdaptiveColor
	OnBadge, Border, Selected         lipgloss.AdaptiveColor
}

// DefaultPalette is calm by default and loud only where it must be: the
// production badge and danger states.
var DefaultPalette = Palette{
	Text:       lipgloss.AdaptiveColor{Light: "#1F2328", Dark: "#E6EDF3"},
	Muted:      lipgloss.AdaptiveColor{Light: "#59636E", Dark: "#9198A1"},
	Subtle:     lipgloss.AdaptiveColor{Light: "#818B98", Dark: "#656C76"},
	Accent:     lipgloss.AdaptiveColor{Light: "#0969DA", Dark: "#58A6FF"},
	Link:       lipgloss.AdaptiveColor{Light: "#0550AE", Dark: "#79C0FF"},
	Success:    lipgloss.AdaptiveColor{Light: "#1A7F37", Dark: "#3FB950"},
	Warning:    lipgloss.AdaptiveColor{Light: "#9A6700", Dark: "#D29922"},
	Danger:     lipgloss.AdaptiveColor{Light: "#CF222E", Dark: "#F85149"},
	Production: lipgloss.AdaptiveColor{Light: "#CF222E", Dark: "#DA3633"},
	Sandbox:    lipgloss.AdaptiveColor{Light: "#9A6700", Dark: "#BB8009"},
	Demo:       lipgloss.AdaptiveColor{Light: "#8250DF", Dark: "#8957E5"},
	Custom:     lipgloss.AdaptiveColor{Light: "#0969DA", Dark: "#1F6FEB"},
	OnBadge:    lipgloss.AdaptiveColor{Light: "#FFFFFF", Dark: "#FFFFFF"},
	Border:     lipgloss.AdaptiveColor{Light: "#D1D9E0", Dark: "#3D444D"},
	Selected:   lipgloss.AdaptiveColor{Light: "#DDF4FF", Dark: "#1C2B3A"},
}

// Styles are the lipgloss styles of every screen element.
type Styles struct {
	AppName                                  lipgloss.Style
	BadgeProduction, BadgeSandbox, BadgeDemo lipgloss.Style
	BadgeCustom, HeaderHost                  lipgloss.Style

	Label, Value, Muted, Subtle, Strong lipgloss.Style
	Link, Host, HostWarning             lipgloss.Style

	Countdown, CountdownWarning, CountdownDanger, Expired lipgloss.Style

	Prompt, InputText, Placeholder, Cursor, FieldError, FieldWarning lipgloss.Style

	ErrorTitle, ErrorField, StatusOK, StatusWarning, Confirm lipgloss.Style

	HistoryRow, HistorySelected lipgloss.Style

	HelpKey, HelpDesc, HelpSep lipgloss.Style
	Spinner                    lipgloss.Style
}

// New builds the styles for one renderer from the default palette.
func New(r *lipgloss.Renderer) Styles { return FromPalette(r, DefaultPalette) }

// FromPalette builds the styles for one renderer and palette.
func FromPalette(r *lipgloss.Renderer, p Palette) Styles {
	s := r.NewStyle
	badge := func(bg lipgloss.AdaptiveColor) lipgloss.Style {
		return s().Bold(true).Foreground(p.OnBadge).Background(bg).Padding(0, 1)
	}
	return Styles{
		AppName:         s().Bold(true).Foreground(p.Accent),
		BadgeProduction: badge(p.Production),
		BadgeSandbox:    badge(p.Sandbox),
		BadgeDemo:       badge(p.Demo),
		BadgeCustom:     badge(p.Custom),
		HeaderHost:      s().Foreground(p.Muted),

		Label:       s().Foreground(p.Muted),
		Value:       s().Foreground(p.Text),
		Muted:       s().Foreground(p.Muted),
		Subtle:      s().Foreground(p.Subtle),
		Strong:      s().Bold(true).Foreground(p.Text),
		Link:        s().Foreground(p.Link).Underline(true),
		Host:        s().Bold(true).Foreground(p.Text),
		HostWarning: s().Bold(true).Foreground(p.Danger),

		Countdown:        s().Bold(true).Foreground(p.Success),
		CountdownWarning: s().Bold(true).Foreground(p.Warning),
		CountdownDanger:  s().Bold(true).Foreground(p.Danger),
		Expired:          s().Bold(true).Foreground(p.Danger),

		Prompt:       s().Foreground(p.Accent).Bold(true),
		InputText:    s().Foreground(p.Text),
		Placeholder:  s().Foreground(p.Subtle),
		Cursor:       cursorStyle(r, p),
		FieldError:   s().Foreground(p.Danger),
		FieldWarning: s().Foreground(p.Warning),

		ErrorTitle:    s().Bold(true).Foreground(p.Danger),
		ErrorField:    s().Bold(true).Foreground(p.Text),
		StatusOK:      s().Foreground(p.Success),
		StatusWarning: s().Foreground(p.Warning),
		Confirm:       s().Bold(true).Foreground(p.Warning),

		HistoryRow:      s().Foreground(p.Text),
		HistorySelected: s().Bold(true).Foreground(p.Text).Background(p.Selected),

		HelpKey:  s().Foreground(p.Muted).Bold(true),
		HelpDesc: s().Foreground(p.Subtle),
		HelpSep:  s().Foreground(p.Border),
		Spinner:  s().Foreground(p.Accent),
	}
}

// cursorStyle keeps the text cursor visible without colour: the Ascii
// profile (NO_COLOR) drops every attribute, reverse video included, which
// would leave the input field with no cursor at all. Reverse video is not
// colour, so under NO_COLOR it comes from a renderer that keeps attributes.
func cursorStyle(r *lipgloss.Renderer, p Palette) lipgloss.Style {
	if r.ColorProfile() != termenv.Ascii {
		return r.NewStyle().Foreground(p.Accent)
	}
	return FixedRenderer(io.Discard, termenv.ANSI, true).NewStyle()
}

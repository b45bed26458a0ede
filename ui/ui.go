// Package ui is kyclink's interactive app: a Bubble Tea program in which a
// support agent types a customer ID and gets a fresh KYC link as text, QR
// code and clipboard copy. It knows nothing of HTTP beyond calling client.
package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/kyclink/kyclink/client"
)

// Regenerator is the part of *client.Client the app uses.
type Regenerator interface {
	RegenerateKYCLinkWithKey(ctx context.Context, customerID, idempotencyKey string) (client.Link, error)
}

// EnvKind is which Sphere the app talks to.
type EnvKind int

const (
	EnvProduction EnvKind = iota
	EnvSandbox
	EnvDemo
	EnvCustom
)

// Environment is shown in the header badge, always.
type Environment struct {
	Kind EnvKind
	Host string
}

// Name is the badge word.
func (e Environment) Name() string {
	names := [...]string{"PRODUCTION", "SANDBOX", "DEMO", "CUSTOM"}
	if e.Kind < 0 || int(e.Kind) >= len(names) {
		return "CUSTOM"
	}
	return names[e.Kind]
}

// Label is the badge word with the host, for plain-text output.
func (e Environment) Label() string {
	if e.Host == "" {
		return e.Name()
	}
	return fmt.Sprintf("%s (%s)", e.Name(), e.Host)
}

// DefaultExpectedHosts are the domains Sphere's hosted KYC links live on.
var DefaultExpectedHosts = []string{"sumsub.com"}

// Options configures the app. Client is required; the rest have defaults.
type Options struct {
	Client      Regenerator
	Environment Environment
	// InitialID is submitted at once when set.
	InitialID string
	// ExpectedHosts are the domains a link should be on; others get a
	// warning. Default DefaultExpectedHosts.
	ExpectedHosts []string
	Now           func() time.Time // default time.Now
	Location      *time.Location   // for expiry times; default time.Local
	Clipboard     Clipboard        // default: system clipboard + OSC 52
	// Renderer fixes colour profile and background; Run makes one from the
	// terminal, tests pass their own.
	Renderer *lipgloss.Renderer
	// NewIdempotencyKey makes a key per new call; default client.NewIdempotencyKey.
	NewIdempotencyKey func() string
}

// Run starts the app on the terminal (stdin, stdout) in the alternate
// screen, so links do not stay in the scrollback, and returns when the
// agent quits or ctx ends.
func Run(ctx context.Context, o Options) error {
	out := &lockedFile{File: os.Stdout}
	r := lipgloss.NewRenderer(out)
	if os.Getenv("NO_COLOR") != "" {
		r.SetColorProfile(termenv.Ascii)
	}
	// Ask the terminal for its background now: an OSC 11 query from inside
	// View would fight Bubble Tea for stdin.
	r.SetHasDarkBackground(r.HasDarkBackground())
	o.Renderer = r
	if o.Clipboard == nil {
		o.Clipboard = SystemAndTerminal{Terminal: out}
	}
	p := tea.NewProgram(New(o), tea.WithContext(ctx), tea.WithAltScreen(), tea.WithOutput(out))
	final, err := p.Run()
	if m, ok := final.(Model); ok {
		m.stopRequest()
	}
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

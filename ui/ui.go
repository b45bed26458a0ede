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

	"github.com/charmbracelet/x/ansi"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/kyclink/kyclink/client"
)

// Sphere is the part of *client.Client the app uses.
type Sphere interface {
	// Classify is the one reading of what the agent typed.
	Classify(raw string) client.Input
	Customer(ctx context.Context, customerID string) (client.Customer, error)
	SearchCustomers(ctx context.Context, query string, page, limit int) (client.CustomerPage, error)
	RegenerateKYCLinkWithKey(ctx context.Context, customerID, idempotencyKey string) (client.Link, error)
	TermsLink(ctx context.Context, customerID, idempotencyKey string) (client.Link, error)
}

// Options configures the app. Client is required; the rest have defaults.
type Options struct {
	Client      Sphere
	Environment client.Environment
	// InitialID is submitted at once when set: a customer ID, an email
	// address or a name, as if typed in the field.
	InitialID string
	// ExpectedHosts are the domains a link should be on; others get a
	// warning. Default client.DefaultLinkHosts.
	ExpectedHosts []string
	Now           func() time.Time // default time.Now
	Location      *time.Location   // for expiry times; default time.Local
	Clipboard     Clipboard        // default: system clipboard + OSC 52
	// Renderer fixes colour profile and background; Run makes one from the
	// terminal (TerminalRenderer), tests pass their own.
	Renderer *lipgloss.Renderer
	// Lines runs line mode (RunLines on stdin and stdout) instead of the
	// full-screen app: for screen readers and plain terminals.
	Lines bool
	// Getenv is the environment the terminal is judged by (NO_COLOR, TERM,
	// COLORTERM); default os.Getenv.
	Getenv func(string) string
	// NewIdempotencyKey makes a key per new call; default client.NewIdempotencyKey.
	NewIdempotencyKey func() string
	// SignIn is the command that signs in again to where requests go
	// ("kyclink auth login --base-url https://gateway…"), for the hint of
	// a token the gateway refused; "": the hint names --base-url alone.
	SignIn string
	// HeaderNote is shown muted after the host, cut to fit the line:
	// where the key comes from, whether the record of links is off.
	HeaderNote string
	// Earlier reports a link of a kind the record says was made for a
	// customer earlier today, in this run or another, and its expiry (zero
	// when not stated); nil knows none. The link is not kept, so asking
	// for another asks first (confirm.go).
	Earlier func(customerID string, kind client.LinkKind) (made, expires time.Time, ok bool)
	// EarlierBy names who made the link Earlier reports, when that is
	// known (a team gateway's record: "by ana"); nil or "": nobody named.
	EarlierBy func(customerID string, kind client.LinkKind) string
	// EarlierCode reports the latest verification code the record says
	// went to a customer by email or phone today, in this run or another
	// (`kyclink send-code` asks the record the same), and until when it
	// is valid; nil knows none. A valid one is asked about before a
	// second (helps.go).
	EarlierCode func(customerID, by string) (sent, expires time.Time, ok bool)
	// Notice returns what the agent must be told once, such as a record
	// of links that cannot be written, or ""; asked at the start and after
	// every answer. nil: nothing.
	Notice func() string
	// Watch is how often a customer whose result or card is on screen is
	// read again, to show what moved (watch.go); 0 turns watching off.
	// The command line gives at least client.MinWatchEvery.
	Watch time.Duration
	// Notify, when set, tells the agent of a change: the terminal's bell
	// and a desktop notification. It is called from Update and must not
	// block. Run and RunLines set
	// TerminalNotifier on their terminal unless Quiet.
	Notify func(text string)
	// Quiet turns the bell and the notifications off (--no-notify).
	Quiet bool
	// Warm, when set, is called (off the Update loop) when a request
	// becomes likely, to open the connection ahead (client.Client.Warm).
	// It must return at once.
	Warm func()
}

// Run starts the app on the terminal (stdin, stdout) in the alternate
// screen, so links do not stay in the scrollback, and returns when the
// agent quits or ctx ends. Quitting with ctrl+c while a request is in flight
// returns an *InterruptedError once the alternate screen is left.
func Run(ctx context.Context, o Options) error {
	if o.Lines {
		return RunLines(ctx, o, os.Stdin, os.Stdout)
	}
	out := &lockedFile{File: os.Stdout}
	if o.Renderer == nil {
		o.Renderer = TerminalRenderer(os.Stdout, out, o.Getenv)
	}
	if o.Clipboard == nil {
		o.Clipboard = SystemAndTerminal{Terminal: out}
	}
	if o.Notify == nil && !o.Quiet {
		o.Notify = TerminalNotifier(out)
	}
	// The mouse wheel scrolls as ↑/↓ keys in the alternate screen (xterm's
	// alternate scroll mode), so a long body scrolls while the mouse still
	// selects text: mouse reporting would take selection away.
	_, _ = out.WriteString(ansi.SetMode(modeAltScroll))
	defer out.WriteString(ansi.ResetMode(modeAltScroll)) //nolint:errcheck // leaving anyway
	// 30 frames a second is smooth for typing and a countdown, and wakes the
	// process half as often as Bubble Tea's 60: idle CPU on the result
	// screen measured 0.8–0.95% against 1.2–1.35%.
	p := tea.NewProgram(New(o), tea.WithContext(ctx), tea.WithAltScreen(), tea.WithOutput(out), tea.WithFPS(30))
	final, err := p.Run()
	m, _ := final.(Model)
	m.stopRequest()
	switch {
	case errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil:
		return ctx.Err()
	case err != nil:
		return err
	case m.interrupted != "":
		return &InterruptedError{CustomerID: m.interrupted}
	}
	return nil
}

// modeAltScroll is xterm's alternate scroll mode: in the alternate screen
// the wheel sends cursor keys. Terminals without it ignore the request.
const modeAltScroll = ansi.DECMode(1007)

// InterruptedError says the agent quit while a request was in flight: Sphere
// may have made a link nobody saw.
type InterruptedError struct{ CustomerID string }

func (e *InterruptedError) Error() string {
	return fmt.Sprintf("quit while a link was being made for %s. Sphere may still have made a new link; submit again to be sure.", e.CustomerID)
}

// Is makes an interruption a cancellation for errors.Is(err, context.Canceled).
func (e *InterruptedError) Is(target error) bool { return target == context.Canceled }

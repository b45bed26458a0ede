// This file owns the real terminal: its colour profile and background,
// judged before the program starts, and the one locked writer every byte
// to it goes through.

package ui

import (
	"io"
	"os"
	"sync"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// TerminalRenderer decides colours from the real terminal and renders
// through w. termenv trusts only a bare *os.File as a terminal, so the
// profile and background are read from tty, while every frame goes through
// w (the locked writer that OSC 52 shares). getenv (nil: os.Getenv) is the
// environment that NO_COLOR, TERM and COLORTERM are read from.
func TerminalRenderer(tty *os.File, w io.Writer, getenv func(string) string) *lipgloss.Renderer {
	probe := termenv.NewOutput(tty, termenv.WithEnvironment(environ(getenv)))
	r := lipgloss.NewRenderer(w)
	profile := probe.EnvColorProfile() // NO_COLOR, TERM=dumb and no tty give Ascii
	r.SetColorProfile(profile)
	dark := true
	switch {
	case profile == termenv.Ascii: // without colour it changes nothing
	case tty == os.Stdout:
		// Bubble Tea asked this terminal already, as it was loaded, through
		// Lip Gloss's default renderer on stdout: the answer is kept there,
		// and asking again would cost a round trip to the terminal (over
		// SSH, the network's) before the first screen.
		dark = stdoutBackground()
	default:
		// Ask for the background now: an OSC 11 query from inside View
		// would fight Bubble Tea for stdin.
		dark = probe.HasDarkBackground()
	}
	r.SetHasDarkBackground(dark)
	return r
}

// stdoutBackground is the answer to the background query Bubble Tea makes
// of stdout when it is loaded (bubbletea's tea_init.go), asked once.
var stdoutBackground = lipgloss.HasDarkBackground

// environ adapts a getenv func to termenv.Environ.
type environ func(string) string

func (e environ) Getenv(k string) string {
	if e == nil {
		return os.Getenv(k)
	}
	return e(k)
}

func (e environ) Environ() []string {
	if e == nil {
		return os.Environ()
	}
	var out []string
	for _, k := range []string{"TERM", "COLORTERM", "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TERM_PROGRAM", "COLORFGBG"} {
		if v := e(k); v != "" {
			out = append(out, k+"="+v)
		}
	}
	return out
}

// lockedFile is the program's output: the renderer's frames and the OSC 52
// sequence go through the same mutex, so they never interleave. It stays a
// term.File so Bubble Tea still sees a terminal (size, resize, raw mode).
type lockedFile struct {
	*os.File
	mu sync.Mutex
}

func (l *lockedFile) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.File.Write(p)
}

func (l *lockedFile) WriteString(s string) (int, error) { return l.Write([]byte(s)) }

// This file owns copying: to the system clipboard and, in the same breath,
// to the terminal by OSC 52, and what the agent is told about it.

package ui

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/atotto/clipboard"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// Clipboard puts text where the agent can paste it.
type Clipboard interface {
	// Copy writes text and reports what worked. It may block (xclip can
	// hang), so the TUI calls it from a tea.Cmd.
	Copy(text string) CopyResult
}

// CopyResult says where the text went.
type CopyResult struct {
	System    error // nil when the system clipboard took it
	Terminal  bool  // an OSC 52 sequence went to the terminal (unconfirmable)
	Attempted bool  // the system clipboard was tried
	// Why says why the system clipboard failed, in words that say what to
	// do; "" leaves it to the error.
	Why string
	// Tmux is set inside tmux ($TMUX), which passes the terminal's copy on
	// to the real terminal only when its set-clipboard option is on.
	Tmux bool
}

// SystemAndTerminal copies to the system clipboard and also sends OSC 52
// to the terminal, so a copy works at a desk and over SSH alike.
type SystemAndTerminal struct {
	// Write is the system clipboard; default atotto/clipboard.WriteAll.
	Write func(string) error
	// Terminal receives the OSC 52 sequence in one write; nil sends none.
	Terminal io.Writer
	// Timeout bounds the system clipboard; default 2 s.
	Timeout time.Duration
	// Host describes the machine, for why a copy failed; default the real one.
	Host *ClipboardHost
}

// Copy implements Clipboard.
func (c SystemAndTerminal) Copy(text string) CopyResult {
	res := CopyResult{Attempted: true}
	res.System = c.writeSystem(text)
	if res.System != nil {
		res.Why = c.Host.why(res.System)
	}
	if c.Terminal != nil {
		_, err := io.WriteString(c.Terminal, ansi.SetSystemClipboard(text)) // one write: never split by a frame
		res.Terminal, res.Tmux = err == nil, c.Host.inTmux()
	}
	return res
}

var (
	errClipboardTimeout = errors.New("the system clipboard did not answer within 2 s")
	errNoClipboardTool  = errors.New("no clipboard tool found")
)

func (c SystemAndTerminal) writeSystem(text string) error {
	write := c.Write
	if write == nil {
		if clipboard.Unsupported {
			return errNoClipboardTool
		}
		write = clipboard.WriteAll
	}
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = 2 * time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	done := make(chan error, 1) // buffered: a hung xclip leaves no goroutine blocked on send
	go func() { done <- write(text) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return errClipboardTimeout
	}
}

type copiedMsg struct {
	what string
	res  CopyResult
}

// copyText copies in a tea.Cmd: the system clipboard can be slow.
func (m *Model) copyText(what, text string) tea.Cmd {
	m.setStatus("Copying…", true)
	clip := m.o.Clipboard
	return func() tea.Msg { return copiedMsg{what: what, res: clip.Copy(text)} }
}

// tmuxClipboardLine is the line of ~/.tmux.conf that lets tmux pass a
// copy on to the terminal around it.
const tmuxClipboardLine = "set -g set-clipboard on"

// copyStatus turns a result into a status line and whether it is good news.
// Only the system clipboard confirms a copy; what went to the terminal may
// or may not have arrived, and the agent is told how to find out (never
// the sequence's name, which tells an agent nothing).
func copyStatus(what string, r CopyResult) (string, bool) {
	unsure := fmt.Sprintf("⚠ %s may not have reached your clipboard: paste to check.", what)
	switch {
	case r.System == nil:
		return fmt.Sprintf("✓ %s copied to the clipboard.", what), true
	case r.Terminal && r.Tmux:
		return unsure + " tmux passes it on only with: " + tmuxClipboardLine, false
	case r.Terminal:
		return fmt.Sprintf("%s System clipboard: %s.", unsure, cmp.Or(r.Why, clipboardReason(r.System))), false
	default:
		return fmt.Sprintf("✖ %s not copied. System clipboard: %s.", what, cmp.Or(r.Why, clipboardReason(r.System))), false
	}
}

// clipboardReason says why the system clipboard failed and how to fix it.
func clipboardReason(err error) string {
	switch {
	case errors.Is(err, errClipboardTimeout):
		return "no answer within 2 s"
	case errors.Is(err, errNoClipboardTool), strings.Contains(err.Error(), "No clipboard utilities"):
		return "none found, install xclip, xsel or wl-clipboard"
	}
	return sanitizeOneLine(err.Error())
}

// This file owns how a change reaches an agent who is looking elsewhere:
// the terminal's bell and a desktop notification (OSC 9 and OSC 777).

package ui

import (
	"io"
	"strings"
)

// TerminalNotifier returns a Notify that writes to the terminal w: the
// bell, then the text as an OSC 9 notification (iTerm2, Windows Terminal,
// kitty, WezTerm) and an OSC 777 one (VTE terminals such as GNOME
// Terminal, foot); a terminal that knows neither ignores them. The text
// is kyclink's words (a change, a customer ID); anything in it outside
// printable ASCII, a control character above all, goes as "?" so that it
// can neither end the sequence early nor start another.
func TerminalNotifier(w io.Writer) func(string) {
	return func(text string) {
		safe := strings.Map(func(r rune) rune {
			if r < 0x20 || r > 0x7e {
				return '?'
			}
			return r
		}, text)
		_, _ = io.WriteString(w, "\a\x1b]9;"+safe+"\x07\x1b]777;notify;kyclink;"+safe+"\x07")
	}
}

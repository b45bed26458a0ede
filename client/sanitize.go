package client

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Sanitize makes text that came from the server safe to print on a
// terminal. It removes whole escape sequences (ESC- and C1-introduced CSI,
// OSC, DCS, SOS, PM, APC), every other C0 control but newline and tab, DEL,
// C1 controls, and the bidi-override and zero-width characters that can make
// text read differently from what it is. Invalid UTF-8 becomes U+FFFD.
// Sanitize(Sanitize(s)) == Sanitize(s).
func Sanitize(s string) string {
	if isClean(s) {
		return s // the common case allocates nothing
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune(utf8.RuneError)
			i++
		case r == 0x1b:
			i += escapeLen(s[i:])
		case isC1Introducer(r):
			i += size + stringBodyOrParamsLen(r, s[i+size:])
		case dropRune(r):
			i += size
		default:
			b.WriteString(s[i : i+size])
			i += size
		}
	}
	return b.String()
}

// isClean is Sanitize's fast path: true when nothing would change.
func isClean(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || r == 0x1b || dropRune(r) {
			return false // RuneError may be real U+FFFD; the slow path keeps it
		}
	}
	return true
}

// dropRune is true for single characters that are removed on their own.
func dropRune(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20 || r == 0x7f:
		return true
	case r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x180e, r == 0xfeff:
		return true
	case r >= 0x200b && r <= 0x200f:
		return true
	case r >= 0x202a && r <= 0x202e:
		return true
	case r >= 0x2060 && r <= 0x2069:
		return true
	}
	return false
}

// isC1Introducer reports C1 characters that open a sequence, as ESC does.
func isC1Introducer(r rune) bool {
	switch r {
	case 0x9b, 0x9d, 0x90, 0x98, 0x9e, 0x9f: // CSI, OSC, DCS, SOS, PM, APC
		return true
	}
	return false
}

// escapeLen returns how many bytes the escape sequence at the start of s
// (which begins with ESC) spans. An unterminated sequence runs to the end.
func escapeLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch c := s[1]; c {
	case '[':
		return 2 + stringBodyOrParamsLen(0x9b, s[2:])
	case ']':
		return 2 + stringBodyOrParamsLen(0x9d, s[2:])
	case 'P', 'X', '^', '_':
		return 2 + stringBodyOrParamsLen(0x90, s[2:])
	default:
		// nF escapes: intermediates 0x20-0x2F, then one final 0x30-0x7E.
		n := 1
		for n < len(s) && s[n] >= 0x20 && s[n] <= 0x2f {
			n++
		}
		if n < len(s) && s[n] >= 0x30 && s[n] <= 0x7e {
			n++
		}
		return n
	}
}

// stringBodyOrParamsLen measures the rest of a sequence after its
// introducer: CSI parameters up to a final byte, or a control string up to
// BEL or ST (ESC \ or U+009C).
func stringBodyOrParamsLen(intro rune, s string) int {
	if intro == 0x9b {
		for i := 0; i < len(s); i++ {
			if s[i] >= 0x40 && s[i] <= 0x7e {
				return i + 1
			}
			if s[i] < 0x20 || s[i] > 0x7e {
				return i // malformed: stop before the stray byte
			}
		}
		return len(s)
	}
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == 0x07 && intro == 0x9d:
			return i + 1
		case s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\':
			return i + 2
		case s[i] == 0xc2 && i+1 < len(s) && s[i+1] == 0x9c:
			return i + 2
		}
	}
	return len(s)
}

// escapeNonASCII shows every character outside printable ASCII as \u{…}.
func escapeNonASCII(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r < 0x21 || r > 0x7e }) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r < 0x21 || r > 0x7e {
			writeEscaped(&b, r)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// writeEscaped writes r as \u{XXXX}: visible, one cell per character, and
// unchanged by Sanitize.
func writeEscaped(b *strings.Builder, r rune) {
	fmt.Fprintf(b, "\\u{%04X}", r)
}

// This file owns making server text safe for a terminal: the sanitiser,
// and the one-line and escaped forms built on it.

package client

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sanitize makes text that came from the server safe to print on a
// terminal. It removes whole escape sequences (ESC- and C1-introduced CSI,
// OSC, DCS, SOS, PM, APC), every other C0 control but newline and tab, DEL,
// C1 controls, every default-ignorable character (bidi overrides,
// zero-width and soft hyphen, variation selectors, tags, Hangul fillers …)
// and the braille blank U+2800,
// which can make text read differently from what it is. The line and
// paragraph separators U+2028 and U+2029 become a newline. Characters whose
// width terminals disagree on (conjoining Hangul jamo, and combining marks
// more than maxMarks in a row) are shown as \u{XXXX} escapes, so that
// kyclink's layout is the terminal's. Invalid UTF-8 becomes U+FFFD.
// Sanitize(Sanitize(s)) == Sanitize(s), and clean text costs nothing.
func Sanitize(s string) string {
	if isClean(s) {
		return s // the common case allocates nothing
	}
	var b strings.Builder
	b.Grow(len(s))
	var run markRun
	removeHidden(s, func(r rune) { run.write(&b, r) })
	run.flush(&b)
	return b.String()
}

// removeHidden calls keep with each character of s that is shown as
// itself: escape sequences, controls and invisible characters are
// removed, invalid UTF-8 is U+FFFD, a line or paragraph separator a
// newline.
func removeHidden(s string, keep func(rune)) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			keep(utf8.RuneError)
			i++
		case r == 0x1b:
			i += escapeLen(s[i:])
		case isC1Introducer(r):
			i += size + stringBodyOrParamsLen(r, s[i+size:])
		case dropRune(r):
			i += size
		case r == 0x2028 || r == 0x2029:
			keep('\n')
			i += size
		default:
			keep(r)
			i += size
		}
	}
}

// stripHidden is what the agent typed as it reads: Sanitize's removals
// without its escapes (a name in conjoining Hangul jamo is searched for
// as it is, not as \u{…}).
func stripHidden(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	removeHidden(s, func(r rune) { b.WriteRune(r) })
	return b.String()
}

// sanitizeLine is Sanitize for text that must stay on one line, so that
// it can never start a line of its own: line breaks and tabs become spaces.
func sanitizeLine(s string) string {
	s = Sanitize(s)
	if !strings.ContainsAny(s, "\n\t") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return ' '
		}
		return r
	}, s)
}

// cleanLine is cleanText for a one-line field: a title, a code, an ID, a
// field's name.
func cleanLine(s string) string {
	return clip(strings.TrimSpace(sanitizeLine(s)), maxTextRunes)
}

// maxMarks is the longest run of combining marks shown as it is. Real
// text rarely stacks more on one letter; "Zalgo" text stacks dozens, and
// terminals disagree on how to draw them.
const maxMarks = 4

// markRun holds back combining marks until it knows whether their run is
// short enough to show. It sees the text after removals, so a removed
// character between marks cannot split a run that the output joins.
type markRun struct {
	held [maxMarks]rune
	n    int
	long bool // this run is past maxMarks: each mark is escaped
}

func (m *markRun) write(b *strings.Builder, r rune) {
	if !isMark(r) {
		m.flush(b)
		if ambiguousWidth(r) {
			writeEscaped(b, r)
		} else {
			b.WriteRune(r)
		}
		return
	}
	switch {
	case m.long:
		writeEscaped(b, r)
	case m.n < maxMarks:
		m.held[m.n] = r
		m.n++
	default:
		for _, h := range m.held[:m.n] {
			writeEscaped(b, h)
		}
		writeEscaped(b, r)
		m.n, m.long = 0, true
	}
}

func (m *markRun) flush(b *strings.Builder) {
	for _, h := range m.held[:m.n] {
		b.WriteRune(h)
	}
	m.n, m.long = 0, false
}

// isClean is Sanitize's fast path: true when nothing would change.
func isClean(s string) bool {
	marks := 0
	for _, r := range s {
		if r < 0x80 {
			if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f {
				return false
			}
			marks = 0
			continue
		}
		switch {
		case r == utf8.RuneError, dropRune(r), r == 0x2028, r == 0x2029, ambiguousWidth(r):
			return false // RuneError may be real U+FFFD; the slow path keeps it
		case isMark(r):
			if marks++; marks > maxMarks {
				return false
			}
		default:
			marks = 0
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
	case r < 0xad:
		return false
	case r == 0x2800:
		// The braille blank is no default-ignorable, yet draws as nothing:
		// a name of blanks would pass for an empty one.
		return true
	}
	return unicode.Is(defaultIgnorable, r)
}

// defaultIgnorable is Unicode's Default_Ignorable_Code_Point property, as
// listed in DerivedCoreProperties.txt (Unicode 16.0: 4,174 code points),
// which Go's unicode package does not carry as a table. These characters
// draw as nothing, or as something a font chooses: soft hyphen, combining
// grapheme joiner, Arabic letter mark, Hangul fillers, Khmer inherent
// vowels, Mongolian variation selectors and vowel separator, zero-width
// characters and joiners, bidi embeddings, overrides and isolates, word
// joiner and invisible operators, variation selectors, the BOM, the
// reserved U+FFF0-FFF8, shorthand format controls, musical formatting
// symbols, and the tag and supplementary variation selector block.
var defaultIgnorable = &unicode.RangeTable{
	R16: []unicode.Range16{
		{Lo: 0x00ad, Hi: 0x00ad, Stride: 1},
		{Lo: 0x034f, Hi: 0x034f, Stride: 1},
		{Lo: 0x061c, Hi: 0x061c, Stride: 1},
		{Lo: 0x115f, Hi: 0x1160, Stride: 1},
		{Lo: 0x17b4, Hi: 0x17b5, Stride: 1},
		{Lo: 0x180b, Hi: 0x180f, Stride: 1},
		{Lo: 0x200b, Hi: 0x200f, Stride: 1},
		{Lo: 0x202a, Hi: 0x202e, Stride: 1},
		{Lo: 0x2060, Hi: 0x206f, Stride: 1},
		{Lo: 0x3164, Hi: 0x3164, Stride: 1},
		{Lo: 0xfe00, Hi: 0xfe0f, Stride: 1},
		{Lo: 0xfeff, Hi: 0xfeff, Stride: 1},
		{Lo: 0xffa0, Hi: 0xffa0, Stride: 1},
		{Lo: 0xfff0, Hi: 0xfff8, Stride: 1},
	},
	R32: []unicode.Range32{
		{Lo: 0x1bca0, Hi: 0x1bca3, Stride: 1},
		{Lo: 0x1d173, Hi: 0x1d17a, Stride: 1},
		{Lo: 0xe0000, Hi: 0xe0fff, Stride: 1},
	},
	LatinOffset: 1,
}

// ambiguousWidth reports characters terminals draw at different widths:
// the conjoining Hangul jamo, which some terminals compose into syllables
// and others draw one by one (the fillers among them are default-ignorable
// and removed before this is asked).
func ambiguousWidth(r rune) bool {
	return r >= 0x1100 && r <= 0x11ff || // Hangul Jamo
		r >= 0xa960 && r <= 0xa97f || // Hangul Jamo Extended-A
		r >= 0xd7b0 && r <= 0xd7ff // Hangul Jamo Extended-B
}

func isMark(r rune) bool { return r >= 0x300 && unicode.Is(unicode.M, r) }

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

// Invisible reports a character Sanitize removes wherever it stands: a
// control (but newline and tab), a C1 control, a default-ignorable
// character (bidi controls, zero-width characters, fillers) or the
// braille blank. Output that must keep such a character (JSON) writes it
// as an escape instead.
func Invisible(r rune) bool { return dropRune(r) }

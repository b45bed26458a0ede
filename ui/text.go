// This file owns the small text helpers every view uses: wrapping,
// bullets with a hanging indent, truncation.

package ui

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/kyclink/kyclink/client"
)

// wrap word-wraps plain text to w cells at its spaces only, so a
// command's flag ("--base-url") or a URL in a hint stays whole on a row
// (ansi.Wrap breaks at every hyphen); only a word wider than w is cut.
func wrap(s string, w int) string {
	if w < 1 {
		return s
	}
	s = strings.Map(asSpace, s)
	var b strings.Builder
	b.Grow(len(s) + len(s)/w + 1)
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		wrapLine(&b, line, w)
	}
	return b.String()
}

// asSpace makes every other kind of space in prose (a tab, an em or an
// ideographic space from Sphere's text) a plain one, so a row breaks there
// too and no tab is left for a style or the terminal to widen past the
// row; a non-breaking space still binds.
func asSpace(r rune) rune {
	if r != '\n' && r != '\u00a0' && unicode.IsSpace(r) {
		return ' '
	}
	return r
}

// wrapLine writes one line wrapped: the spaces a row breaks at are
// dropped, those that start the line (an indent) kept while they fit.
func wrapLine(b *strings.Builder, s string, w int) {
	rw, gap, empty := 0, 0, true // the row's width, spaces waiting before the next word, nothing on the row yet
	for i, word := range strings.Split(s, " ") {
		if i > 0 {
			gap++
		}
		if word == "" {
			continue
		}
		ww := ansi.StringWidth(word)
		if rw+gap+ww <= w {
			for range gap {
				b.WriteByte(' ')
			}
			b.WriteString(word)
			rw, gap, empty = rw+gap+ww, 0, false
			continue
		}
		if !empty {
			b.WriteByte('\n')
		}
		if ww > w {
			word = ansi.Hardwrap(word, w, true)
			ww = ansi.StringWidth(word[strings.LastIndexByte(word, '\n')+1:])
		}
		b.WriteString(word)
		rw, gap, empty = ww, 0, false
	}
}

// bullet wraps text behind a one-cell glyph with a hanging indent.
func bullet(glyph, text string, w int) string {
	return glyph + " " + strings.ReplaceAll(wrap(text, w-2), "\n", "\n  ")
}

func wrapLines(s string, w int) []string {
	if s == "" {
		return nil
	}
	return strings.Split(wrap(s, w), "\n")
}

func truncate(s string, w int) string { return ansi.Truncate(s, max(w, 0), "") }

// elideMiddle cuts s to w cells by taking out its middle, for an ID whose
// end tells it apart as much as its beginning: "customer_00…00000201".
func elideMiddle(s string, w int) string {
	sw := ansi.StringWidth(s)
	if sw <= w {
		return s
	}
	if w < 2 {
		return truncate(s, w)
	}
	head := (w - 1) / 2
	return truncate(s, head) + "…" + ansi.Cut(s, sw-(w-1-head), sw)
}

// sanitizeOneLine prepares non-server text (an OS error) for one line.
func sanitizeOneLine(s string) string {
	return strings.Join(strings.Fields(client.Sanitize(s)), " ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// lowerFirst lower-cases the first letter, to fit a sentence into another.
// upperFirst is s with its first letter in upper case.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

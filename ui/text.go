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

// wrap word-wraps plain text to w cells, breaking long words.
func wrap(s string, w int) string {
	if w < 1 {
		return s
	}
	return ansi.Wrap(s, w, " /")
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

package client

import (
	"strings"
	"testing"
	"unicode"
)

func TestSanitizeInvisibleAndAmbiguousWidth(t *testing.T) {
	acute := "\u0301"
	tests := []struct{ name, in, want string }{
		{"soft hyphen", "pay\u00admentId", "paymentId"},
		{"combining grapheme joiner", "a\u034fb", "ab"},
		{"variation selectors", "ok\ufe0f \u2764\ufe0f x\U000e0100", "ok \u2764 x"},
		{"tags", "flag\U000e0067\U000e0062\U000e007f end\U000e0001", "flag end"},
		{"Hangul fillers", "a\u115fb\u1160c\u3164d\uffa0e", "abcde"},
		{"braille blank", "Eve\u2800\u2800 Example\u2800", "Eve Example"},
		{"Mongolian selectors", "a\u180bb\u180fc", "abc"},
		{"word joiner and invisible operators", "a\u2060b\u2062c\u2064d\u206fe", "abcde"},
		{"reserved specials", "a\ufff0b\ufff8c", "abc"},
		{"shorthand and musical format", "a\U0001bca0b\U0001d173c", "abc"},
		{"Khmer inherent vowels", "a\u17b4b", "ab"},
		{"line and paragraph separators", "one\u2028two\u2029three", "one\ntwo\nthree"},
		{"conjoining jamo", "\u1100\u1161\u11a8", `\u{1100}\u{1161}\u{11A8}`},
		{"jamo extended", "\ua960\ud7b0\ud7fb", `\u{A960}\u{D7B0}\u{D7FB}`},
		{"precomposed Hangul stays", "한국어", "한국어"},
		{"four marks stay", "e" + strings.Repeat(acute, 4), "e" + strings.Repeat(acute, 4)},
		{"five marks are escaped", "e" + strings.Repeat(acute, 5) + "x", "e" + strings.Repeat(`\u{0301}`, 5) + "x"},
		{"a run is counted after removals", "e" + acute + acute + "\u034f\x1b[1m" + acute + acute + "\u00ad" + acute, "e" + strings.Repeat(`\u{0301}`, 5)},
		{"separate runs", "e" + strings.Repeat(acute, 3) + "a" + strings.Repeat(acute, 3), "e" + strings.Repeat(acute, 3) + "a" + strings.Repeat(acute, 3)},
		{"accents", "café naïve Åsa", "café naïve Åsa"},
	}
	for _, tt := range tests {
		got := Sanitize(tt.in)
		if got != tt.want {
			t.Errorf("%s: Sanitize(%+q) = %+q, want %+q", tt.name, tt.in, got, tt.want)
		}
		if again := Sanitize(got); again != got {
			t.Errorf("%s: not idempotent: %+q -> %+q", tt.name, got, again)
		}
	}
}

// TestDefaultIgnorableIsUnicodes checks the table against the property's
// published total and the characters the issue names.
func TestDefaultIgnorableIsUnicodes(t *testing.T) {
	n := 0
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if unicode.Is(defaultIgnorable, r) {
			n++
		}
	}
	if n != 4174 {
		t.Errorf("%d code points, want 4174 (DerivedCoreProperties.txt, Unicode 16.0)", n)
	}
	for _, r := range []rune{0x00ad, 0x034f, 0x061c, 0x115f, 0x1160, 0x17b4, 0x17b5, 0x180b, 0x180e, 0x180f, 0x200b, 0x200f,
		0x202a, 0x202e, 0x2060, 0x2065, 0x206f, 0x3164, 0xfe00, 0xfe0f, 0xfeff, 0xffa0, 0xfff0, 0xfff8,
		0x2800, 0x1bca0, 0x1bca3, 0x1d173, 0x1d17a, 0xe0000, 0xe0001, 0xe007f, 0xe0100, 0xe01ef, 0xe0fff} {
		if !dropRune(r) {
			t.Errorf("U+%04X is not removed", r)
		}
	}
	for _, r := range []rune{'a', 0x00ac, 0x00ae, 0x0300, 0x1100, 0x1161, 0x2028, 0x2070, 0xfe10, 0xfff9, 0xfffd, 0x1f600, 0xe1000} {
		if dropRune(r) {
			t.Errorf("U+%04X is removed", r)
		}
	}
}

func TestSanitizeCleanTextAllocatesNothing(t *testing.T) {
	for _, s := range []string{
		"Customer was not created via an onboarding link",
		"café ✓ 日本 한국어 e\u0301\u0301\u0301\u0301 line\nnext\ttab",
	} {
		if n := testing.AllocsPerRun(100, func() { _ = Sanitize(s) }); n != 0 {
			t.Errorf("Sanitize(%q): %v allocations", s, n)
		}
	}
}

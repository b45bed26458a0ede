package client

import (
	"fmt"
	"strings"
	"testing"
)

func TestLinkIsPrintableASCIIOrRefused(t *testing.T) {
	const base = "https://in.sumsub.com/websdk/p" // 30 characters
	for _, r := range []rune{
		0x00AD,  // soft hyphen
		0x034F,  // combining grapheme joiner
		0x00A0,  // no-break space
		0x115F,  // Hangul choseong filler
		0x1100,  // Hangul choseong kiyeok (conjoining jamo)
		0x3164,  // Hangul filler
		0xFFA0,  // halfwidth Hangul filler
		0x200B,  // zero width space
		0x2060,  // word joiner
		0xFE0F,  // variation selector-16
		0xE0100, // variation selector-17
		0xE0001, // language tag
		0xE0041, // tag latin capital letter A
		0xE007F, // cancel tag
		0x0430,  // Cyrillic a, looks like a Latin a
		0xFF0F,  // fullwidth solidus
		0x7F,    // DEL
		' ',
	} {
		link := base + string(r) + "/x"
		err := CheckLinkURL(link)
		want := fmt.Sprintf("the link contains U+%04X at position 31; only printable ASCII is allowed", r)
		if err == nil || err.Error() != want {
			t.Errorf("CheckLinkURL(%+q) = %v, want %q", link, err, want)
		}
	}
	if err := CheckLinkURL("https://in.sumsub.com/\xff"); err == nil || !strings.Contains(err.Error(), "0xFF, which is not UTF-8, at position 23") {
		t.Errorf("invalid UTF-8: %v", err)
	}
	// Everything printable in ASCII stays allowed: percent-encoding is how
	// a real link carries anything else.
	var all strings.Builder
	for c := byte(0x21); c <= 0x7e; c++ {
		if c != '#' && c != '%' {
			all.WriteByte(c)
		}
	}
	for _, ok := range []string{"https://in.sumsub.com/websdk/p/sbx_AbC09", "https://in.sumsub.com/p?x=%C2%AD&y=1#frag", "https://in.sumsub.com/" + all.String()} {
		if err := CheckLinkURL(ok); err != nil {
			t.Errorf("CheckLinkURL(%q) = %v", ok, err)
		}
	}
}

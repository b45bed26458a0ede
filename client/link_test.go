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

func TestHostWarningNeverDependsOnAConversion(t *testing.T) {
	// Every domain listed, IP addresses too: listing cannot make them expected.
	listed := []string{"sumsub.com", "127.0.0.1", "::1", "10.0.0.1"}
	tests := []struct {
		link, host string
		expected   bool
		unusual    string
	}{
		{"https://in.sumsub.com/p", "in.sumsub.com", true, ""},
		{"https://IN.SUMSUB.COM./p", "in.sumsub.com.", true, ""},
		{"https://in.sumsub.com:8443/p", "in.sumsub.com", true, ""},
		{"https://evil.example/p", "evil.example", false, ""},
		{"https://xn--sumsb-mva.com/p", "xn--sumsb-mva.com", false, ""},
		{"https://127.0.0.1/p", "127.0.0.1", false, "an IP address"},
		{"https://10.0.0.1:443/p", "10.0.0.1", false, "an IP address"},
		{"https://[::1]/p", "[::1]", false, "an IP address"},
		{"https://[fe80::1%25en0]/p", "[fe80::1%en0]", false, "an IP address"},
		{"https://127.1/p", "127.1", false, "an IP address"},
		{"https://0x7f.1/p", "0x7f.1", false, "an IP address"},
		{"https://2130706433/p", "2130706433", false, "an IP address"},
		{"https://in.sumsub.com.1/p", "in.sumsub.com.1", false, "an IP address"},
		{"https://a_b.sumsub.com/p", "a_b.sumsub.com", false, "a name with an underscore"},
		{"https://_dmarc.sumsub.com/p", "_dmarc.sumsub.com", false, "a name with an underscore"},
		{"https://xn--zz.sumsub.com/p", "xn--zz.sumsub.com", false, "not a valid host name"},
		{"https://-in-.sumsub.com/p", "-in-.sumsub.com", false, "not a valid host name"},
		{"https://in..sumsub.com/p", "in..sumsub.com", false, "not a valid host name"},
		{"https://in.sum\u200bsub.com/p", `in.sum\u{200B}sub.com`, false, "not a valid host name"},
		{"https:///p", "(none)", false, "missing"},
		{"%zz", "(none)", false, "missing"},
	}
	for _, tt := range tests {
		got := CheckLinkHost(tt.link, listed)
		if got != (HostCheck{Host: tt.host, Expected: tt.expected, Unusual: tt.unusual}) {
			t.Errorf("CheckLinkHost(%q) = %+v, want {%s %v %q}", tt.link, got, tt.host, tt.expected, tt.unusual)
		}
		if got.Host == "" || strings.ContainsFunc(got.Host, func(r rune) bool { return r < 0x21 || r > 0x7e }) {
			t.Errorf("CheckLinkHost(%q).Host = %q: not printable ASCII", tt.link, got.Host)
		}
	}
}

package client

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestSanitize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"café €5 ✓ 日本", "café €5 ✓ 日本"},
		{"line\nnext\ttab", "line\nnext\ttab"},
		{"\x1b[31mred\x1b[0m", "red"},
		{"\x1b[?1049h\x1b[2J\x1b[Hwiped", "wiped"},
		{"\x1b]8;;https://evil.example\x07click\x1b]8;;\x07", "click"},
		{"\x1b]52;c;ZXZpbA==\x1b\\after", "after"},
		{"\x1bPq#0;2;0;0;0\x1b\\sixel", "sixel"},
		{"\x1b_apc\x1b\\ok", "ok"},
		{"a\x1b7b\x1b8c", "abc"},
		{"a\x1b(Bb", "ab"},
		{"bell\a back\b cr\r del\x7f nul\x00", "bell back cr del nul"},
		{"c1 \u009b31m csi", "c1  csi"},
		{"c1 \u0085next", "c1 next"},
		{"\u202egnp.exe \u2066iso\u2069 zw\u200bsp \ufeffbom", "gnp.exe iso zwsp bom"},
		{"bad \xff\xfe utf8", "bad \ufffd\ufffd utf8"},
		{"unterminated \x1b]0;title", "unterminated "},
		{"lone esc at end\x1b", "lone esc at end"},
		{"esc esc \x1b\x1b[1mbold", "esc esc bold"},
	}
	for _, tt := range tests {
		if got := Sanitize(tt.in); got != tt.want {
			t.Errorf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFieldLabel(t *testing.T) {
	tests := []struct {
		f    FieldError
		want string
	}{
		{FieldError{Pointer: "/address/postalCode"}, "address › postalCode"},
		{FieldError{Pointer: "/email"}, "email"},
		{FieldError{Pointer: "/a~1b/c~0d"}, "a/b › c~d"},
		{FieldError{Pointer: "#/name"}, "name"},
		{FieldError{Parameter: "id"}, "id"},
		{FieldError{Header: "Idempotency-Key"}, "Idempotency-Key"},
		{FieldError{Pointer: "/", Parameter: "id"}, "id"},
		{FieldError{Detail: "alone"}, ""},
	}
	for _, tt := range tests {
		if got := tt.f.Field(); got != tt.want {
			t.Errorf("%+v.Field() = %q, want %q", tt.f, got, tt.want)
		}
	}
}

func TestFieldName(t *testing.T) {
	tests := []struct {
		f    FieldError
		want string
	}{
		{FieldError{Pointer: "/address/postalCode"}, "/address/postalCode"},
		{FieldError{Pointer: "/a~1b/c~0d"}, "/a~1b/c~0d"},
		{FieldError{Pointer: "#/name"}, "#/name"},
		{FieldError{Parameter: "id"}, "id"},
		{FieldError{Header: "Idempotency-Key"}, "Idempotency-Key"},
		{FieldError{Pointer: "/", Parameter: "id"}, "id"},
		{FieldError{Detail: "alone"}, ""},
	}
	for _, tt := range tests {
		if got := tt.f.Name(); got != tt.want {
			t.Errorf("%+v.Name() = %q, want %q", tt.f, got, tt.want)
		}
	}
}

func TestLinkHostAndAllowList(t *testing.T) {
	allowed := []string{"sumsub.com"}
	if h := CheckLinkHost("https://In.SumSub.com/websdk/p/x", allowed); h != (HostCheck{Host: "in.sumsub.com", Expected: true}) {
		t.Errorf("CheckLinkHost = %+v", h)
	}
	if h := CheckLinkHost("https://bücher.example/x", allowed); h != (HostCheck{Host: "xn--bcher-kva.example"}) {
		t.Errorf("CheckLinkHost(IDN) = %+v", h)
	}
	for host, want := range map[string]bool{"in.sumsub.com": true, "sumsub.com": true, "evilsumsub.com": false, "sumsub.com.evil.io": false} {
		if HostIn(host, allowed) != want {
			t.Errorf("HostIn(%q) != %v", host, want)
		}
	}
}

// isControlFree reports whether s has nothing a terminal would act on.
func isControlFree(s string) bool {
	for _, r := range s {
		if r == '\n' || r == '\t' {
			continue
		}
		if unicode.IsControl(r) || r == 0x1b || dropRune(r) {
			return false
		}
	}
	return true
}

// isTerminalSafe reports whether s is control-free and has nothing a
// terminal draws at a width of its own choosing: no line or paragraph
// separator, no conjoining jamo, no more than 4 combining marks in a row.
func isTerminalSafe(s string) bool {
	if !isControlFree(s) {
		return false
	}
	marks := 0
	for _, r := range s {
		switch {
		case r == 0x2028 || r == 0x2029:
			return false
		case r >= 0x1100 && r <= 0x11ff, r >= 0xa960 && r <= 0xa97f, r >= 0xd7b0 && r <= 0xd7ff:
			return false
		case unicode.Is(unicode.M, r):
			if marks++; marks > 4 {
				return false
			}
		default:
			marks = 0
		}
	}
	return true
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"plain", "é€日本", "\x1b[31mred", "\x1b]8;;x\x07y", "\u009b1m", "\xff", "\u202e", "a\x1b", "\x1b\x1b[[m",
		"soft\u00adhyphen", "a\u034fb", "\u2764\ufe0f", "x\U000e0100", "\U000e0001\U000e0041\U000e007f", "\u115f\u1160\u3164\uffa0", "\u2800",
		"\u180b\u180f\u2060\u206f\ufff0\ufff8", "one\u2028two\u2029", "\u1100\u1161\u11a8", "\ua960\ud7b0", "한국어",
		"e\u0301\u0301\u0301\u0301", "e\u0301\u0301\u0301\u0301\u0301", "e\u0301\u0301\u034f\u0301\x1b[1m\u0301\u0301", `\u{1100}`,
		"ok\nkyclink: Link copied\nCorrelation ID: fake"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Sanitize(s)
		if !utf8.ValidString(out) || !isTerminalSafe(out) {
			t.Fatalf("Sanitize(%+q) = %+q is not safe for a terminal", s, out)
		}
		if again := Sanitize(out); again != out {
			t.Fatalf("not idempotent: %+q -> %+q -> %+q", s, out, again)
		}
		if utf8.ValidString(s) && isTerminalSafe(s) && out != s {
			t.Fatalf("printable text changed: %+q -> %+q", s, out)
		}
	})
}

func FuzzDecodeProblem(f *testing.F) {
	for _, s := range []string{
		`{"status":422,"detail":"Validation failed","code":"validation/failed","errors":[{"detail":"x","pointer":"/email"}]}`,
		`{"ts":"2024","error":{"general":"Customer not found"}}`,
		`{"error":"plain"}`, `<html>`, ``, `null`, `[]`, `{"errors":[null,{}]}`,
		"{\"detail\":\"\\u001b[2J\"}",
	} {
		f.Add(422, []byte(s))
	}
	// A mistyped field keeps the rest; repeated and case-folded keys.
	for _, s := range []string{
		`{"status":"422","detail":"kept","errors":[{"detail":"x","pointer":"/a"},null,{},"x",{"detail":7,"parameter":"id"}]}`,
		`{"detail":"a","Detail":"b","detail":"c","DETAIL":{"x":1},"errors":{"detail":"not an array"}}`,
	} {
		f.Add(422, []byte(s))
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 400 || status > 599 {
			status = 400 + (status&0x7fffffff)%200
		}
		e := decodeProblem(status, body)
		if e == nil || e.Detail == "" || e.Status != status {
			t.Fatalf("decodeProblem(%d, %q) = %+v", status, body, e)
		}
		texts := []string{e.Title, e.Detail, e.Code, e.CorrelationID}
		for _, fe := range e.Errors {
			texts = append(texts, fe.Detail, fe.Pointer, fe.Parameter, fe.Header, fe.Field())
		}
		for _, s := range texts {
			if !isControlFree(s) || utf8.RuneCountInString(s) > maxTextRunes+1 {
				t.Fatalf("unsafe text %q from %q", s, body)
			}
		}
		for _, fe := range e.Errors {
			if fe == (FieldError{}) {
				t.Fatalf("an empty field error from %q", body)
			}
		}
		if len(e.Errors) > maxFieldErrors+1 {
			t.Fatalf("%d field errors kept", len(e.Errors))
		}
	})
}

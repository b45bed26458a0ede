package client

import (
	"strings"
	"testing"
)

func TestRedactorSpans(t *testing.T) {
	const key = "secret_abcdefghijkl"
	r := newRedactor(key)
	tests := []struct{ in, want string }{
		{"no key here", "no key here"},
		{"key " + key + " end", "key [redacted] end"},
		{key, "[redacted]"},
		{"tail abcdefgh", "tail [redacted]"},                        // 8 characters of it
		{"short abcdefg", "short abcdefg"},                          // 7 are not enough
		{"twice " + key + "/" + key, "twice [redacted]/[redacted]"}, // two spans
		{"x" + key[3:] + "y", "x[redacted]y"},                       // a maximal span, not a window
		{"et_abcdXdefghij", "et_abcdXdefghij"},                      // broken by X: no 8-window matches
		{"ret_abcdefXefghijk", "[redacted]Xefghijk"},                // one side long enough
		{"café " + key + " ✓", "café [redacted] ✓"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := r.String(tt.in); got != tt.want {
			t.Errorf("String(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRedactorShortKeyIsMatchedWhole(t *testing.T) {
	r := newRedactor("k3y")
	if got := r.String("a k3y, k3 and k"); got != "a [redacted], k3 and k" {
		t.Errorf("got %q", got)
	}
	if got := newRedactor("").String("text"); got != "text" {
		t.Errorf("an empty key redacted %q", got)
	}
}

func TestRedactorError(t *testing.T) {
	const key = "sk_live_0123456789abcdef"
	e := &APIError{
		Title: key, Detail: "bad key " + key, Code: "c/" + key[:10], CorrelationID: key[8:20],
		Errors: []FieldError{{Detail: key, Pointer: "/" + key, Parameter: key, Header: key}},
	}
	newRedactor(key).Error(e)
	texts := []string{e.Title, e.Detail, e.Code, e.CorrelationID}
	for _, f := range e.Errors {
		texts = append(texts, f.Detail, f.Pointer, f.Parameter, f.Header)
	}
	for _, s := range texts {
		if !strings.Contains(s, Redacted) || leaksKey(s, key) {
			t.Errorf("%q still has the key", s)
		}
	}
}

// leaksKey reports whether s holds any 8-character piece of key.
func leaksKey(s, key string) bool {
	for i := 0; i+8 <= len(key); i++ {
		if strings.Contains(s, key[i:i+8]) {
			return true
		}
	}
	return false
}

func FuzzRedact(f *testing.F) {
	for _, s := range []string{"", "secret_abcdefghijkl", "xx secret_abcd efghijkl", "abcdefghabcdefgh", "ret_abcdefghi日本"} {
		f.Add(s)
	}
	const key = "secret_abcdefghijkl"
	r := newRedactor(key)
	f.Fuzz(func(t *testing.T, s string) {
		out := r.String(s)
		// What was redacted may meet what follows and form a new piece of
		// the key only through the word "[redacted]", which holds none.
		if leaksKey(out, key) {
			t.Fatalf("String(%q) = %q still holds a piece of the key", s, out)
		}
		if !leaksKey(s, key) && out != s {
			t.Fatalf("String(%q) = %q changed text without the key", s, out)
		}
	})
}

// This file owns JSON that is safe to print on a terminal: what the record
// holds (a file anyone with the user's rights may have edited) goes out
// with every invisible character as a \u escape.

package main

import (
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/kyclink/kyclink/client"
)

// terminalJSON writes encoding/json's output with the characters it leaves
// as they are but a terminal acts on or hides (C1 controls, bidi controls,
// zero-width characters, fillers: client.Invisible) as \u escapes, which
// any JSON reader reads back as the same text. encoding/json escapes C0
// controls, U+2028 and U+2029 itself, and outside strings writes ASCII
// alone, so escaping every such character in the bytes is escaping it in
// a string. A json.Encoder writes each value whole, in one Write.
type terminalJSON struct{ w io.Writer }

func (t terminalJSON) Write(p []byte) (int, error) {
	if _, err := t.w.Write(escapeInvisible(p)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// writeJSON writes v as one line of JSON safe on a terminal: every --json
// of kyclink (a command's answer, a failure, the record) goes through it.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(terminalJSON{w})
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// escapeInvisible returns b with each invisible character written as a
// JSON \u escape (a surrogate pair beyond U+FFFF); b itself when there
// is none.
func escapeInvisible(b []byte) []byte {
	var out []byte
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if !client.Invisible(r) {
			if out != nil {
				out = append(out, b[i:i+size]...)
			}
			i += size
			continue
		}
		if out == nil {
			out = append(make([]byte, 0, len(b)+32), b[:i]...)
		}
		if r > 0xffff {
			r1, r2 := utf16.EncodeRune(r)
			out = fmt.Appendf(out, `\u%04x\u%04x`, r1, r2)
		} else {
			out = fmt.Appendf(out, `\u%04x`, r)
		}
		i += size
	}
	if out == nil {
		return b
	}
	return out
}

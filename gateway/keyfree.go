// This file owns keeping Sphere's key out of what the gateway answers:
// an answer that echoes the key (a hostile or broken upstream) has it
// redacted, and one that would still carry it is withheld.

package gateway

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
)

// keyFree is body with every piece of Sphere's key replaced by
// [redacted], and whether it may go out: a JSON answer must still be
// JSON afterwards, and none of its strings, decoded (where \u escapes
// could spell the key), may hold a piece of the key.
func (g *Gateway) keyFree(body []byte) ([]byte, bool) {
	s := string(body)
	if red := g.redact.String(s); red != s {
		body = []byte(red)
	}
	if !json.Valid(body) {
		// Not JSON (an HTML error page, say): the raw text was redacted,
		// and nothing in it is decoded further.
		return body, true
	}
	return body, !g.jsonHoldsKey(body)
}

// jsonHoldsKey reports whether any string in a JSON document, key or
// value, holds a piece of Sphere's key once decoded.
func (g *Gateway) jsonHoldsKey(body []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return false
		}
		if err != nil {
			return true // cannot be read through: do not pass it on
		}
		if s, ok := tok.(string); ok && g.redact.Contains(s) {
			return true
		}
	}
}

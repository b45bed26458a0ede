// This file owns keeping the API key out of server text: the redactor that
// finds the key, or any long enough piece of it, and takes it out.

package client

import (
	"strings"
	"sync"
)

// Redacted stands in for any part of the API key found in server text.
const Redacted = "[redacted]"

// minKeyMatch is the shortest piece of the key that is redacted: any
// substring of the key this long or longer. Shorter pieces are too
// common in ordinary words to take out.
const minKeyMatch = 8

// redactor takes the API key, or any long enough piece of it, out of text
// that came from the server: a hostile or broken server must not get the
// key onto an agent's screen, into a script's JSON or into a debug file.
type redactor struct {
	mu      sync.RWMutex        // add: a renewed sign-in's token joins while requests run
	width   int                 // window length: minKeyMatch, or the whole key when shorter
	windows map[string]struct{} // every substring of the key of that length
	token   bool                // an agent's token at a gateway: of a JWT, its signature
}

// newRedactor looks for the whole key: Sphere's key, whatever its shape.
func newRedactor(key string) *redactor { return windowsOf(key, false) }

// newTokenRedactor looks for an agent's token at a gateway: of a JWT (an
// SSO sign-in's ID token), its signature alone (secretOf).
func newTokenRedactor(key string) *redactor { return windowsOf(key, true) }

func windowsOf(key string, token bool) *redactor {
	if token {
		key = secretOf(key)
	}
	r := &redactor{width: min(minKeyMatch, len(key)), windows: map[string]struct{}{}, token: token}
	for i := 0; r.width > 0 && i+r.width <= len(key); i++ {
		r.windows[key[i:i+r.width]] = struct{}{}
	}
	return r
}

// secretOf is the part of an agent's token to look for: the whole token,
// or of a JWT (an SSO sign-in's ID token) its signature. Never used for
// Sphere's key (secret_…): a key of JWT shape is looked for whole. A JWT's header and the start
// of its claims are the same in every JWT ("eyJhbGciOiJ…"), so looking
// for them would refuse every link that carries a token of its own and
// blank ordinary server text; the signature is the token's alone, and no
// copy of the whole token goes without it.
func secretOf(key string) string {
	if parts, ok := jwtParts(key); ok && len(parts[2]) >= minKeyMatch {
		return parts[2]
	}
	return key
}

// add takes a token in as well: the renewed token of a sign-in whose
// first token the redactor was made with. A token already in is not
// added again.
func (r *redactor) add(key string) {
	if r.token {
		key = secretOf(key)
	}
	r.mu.RLock()
	in := r.string(key) == Redacted
	r.mu.RUnlock()
	if in || r.width == 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := 0; i+r.width <= len(key); i++ {
		r.windows[key[i:i+r.width]] = struct{}{}
	}
}

// String replaces every maximal span of s made of key windows (each
// position covered by some substring of the key of the window's length)
// with Redacted. The key is printable ASCII, so a span never cuts a
// multi-byte character.
func (r *redactor) String(s string) string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.string(s)
}

// string is String with the lock held.
func (r *redactor) string(s string) string {
	if r.width == 0 || len(s) < r.width {
		return s
	}
	var b strings.Builder
	covered := 0 // s[:covered] has been written or redacted
	spanEnd := -1
	spanStart := 0
	for i := 0; i+r.width <= len(s); i++ {
		if _, ok := r.windows[s[i:i+r.width]]; !ok {
			continue
		}
		if i > spanEnd { // a new span: flush the one before
			if spanEnd >= 0 {
				b.WriteString(s[covered:spanStart])
				b.WriteString(Redacted)
				covered = spanEnd
			}
			spanStart = i
		}
		spanEnd = i + r.width
	}
	if spanEnd < 0 {
		return s
	}
	b.WriteString(s[covered:spanStart])
	b.WriteString(Redacted)
	b.WriteString(s[spanEnd:])
	return b.String()
}

// Error redacts every string of an *APIError in place.
func (r *redactor) Error(e *APIError) {
	for _, p := range []*string{&e.Title, &e.Detail, &e.Code, &e.CorrelationID} {
		*p = r.String(*p)
	}
	for i := range e.Errors {
		f := &e.Errors[i]
		for _, p := range []*string{&f.Detail, &f.Pointer, &f.Parameter, &f.Header} {
			*p = r.String(*p)
		}
	}
}

// Contains reports whether s holds the key or a piece of it long enough
// to be redacted.
func (r *redactor) Contains(s string) bool {
	return r.String(s) != s
}

// KeyRedactor takes a key, or any piece of it long enough to be redacted,
// out of text, for code outside client that passes server text on (the
// gateway keeps Sphere's key out of what it answers an agent).
type KeyRedactor struct{ r *redactor }

// NewKeyRedactor returns a KeyRedactor for key.
func NewKeyRedactor(key string) KeyRedactor { return KeyRedactor{newRedactor(key)} }

// String is s with every piece of the key replaced by Redacted.
func (k KeyRedactor) String(s string) string { return k.r.String(s) }

// Contains reports whether s holds the key or a long enough piece of it.
func (k KeyRedactor) Contains(s string) bool { return k.r.Contains(s) }

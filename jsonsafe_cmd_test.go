package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"
)

// Every --json goes through the one terminal-safe writer that log --json
// uses: text that did not come from kyclink (a keychain's error, here
// with a bidi override and a C1 control) is escaped, not acted on.
func TestEveryJSONIsSafeInATerminal(t *testing.T) {
	keyring.MockInitWithError(errors.New("Secret Service said: \u202eyek ruoy\u0085 \u200b"))
	t.Cleanup(keyring.MockInit)
	r := runner{env: map[string]string{}}
	res := r.run(t, "auth", "status", "--json")
	if !strings.Contains(res.stdout, `\u202e`) || strings.ContainsAny(res.stdout, "\u202e\u0085\u200b") {
		t.Errorf("exit %d, stdout %q", res.code, res.stdout)
	}
	// Said for a person, the same text is cleaned as server text is.
	res = r.run(t, "auth", "status")
	if !strings.Contains(res.stdout, "Secret Service said: yek ruoy") || strings.ContainsAny(res.stdout, "\u202e\u0085\u200b") {
		t.Errorf("exit %d, stdout %q", res.code, res.stdout)
	}
}

package main

import (
	"strings"
	"testing"
)

// A mistake on the command line is said back to the agent, argument and
// all; the key in SPHERE_API_KEY, or an 8-character piece of it, pasted
// where a word or a flag was meant, is never said back (stderr, --json).
func TestUsageErrorsNeverRepeatTheKey(t *testing.T) {
	const key = "secret_live_0123456789abcdefXYZ"
	r := runner{env: map[string]string{"SPHERE_API_KEY": key}}
	for _, args := range [][]string{
		{key, "extra"},
		{"auth", "status", key},
		{"--" + key},
		{"log", "--since", key},
		{"log", "--since", key[4:20]},
		{key, "extra", "--json"},
		{"auth", "status", "--json", "x" + key[10:18]},
	} {
		res := r.run(t, args...)
		if res.code != exitUsage {
			t.Errorf("%q: exit %d, want %d", args, res.code, exitUsage)
		}
		if out := res.stdout + res.stderr; strings.Contains(out, key[10:18]) || strings.Contains(out, key[4:12]) {
			t.Errorf("%q repeats the key:\n%s", args, out)
		}
	}
}

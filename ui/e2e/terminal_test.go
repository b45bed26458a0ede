//go:build !windows

package e2e

import (
	"strings"
	"testing"
)

// The terminal is asked for its background once before the first screen:
// Bubble Tea's own query is reused, not repeated (issue 19, Speed).
func TestTheBackgroundIsAskedOnce(t *testing.T) {
	t.Parallel()
	s := start(t, 80, 24, baseEnv(), "--demo")
	s.waitText("ctrl+c quit")
	if n := strings.Count(s.written(), "\x1b]11;?"); n != 1 {
		t.Errorf("the background was asked %d times, want 1", n)
	}
	s.send("\x03")
	s.wait()
}

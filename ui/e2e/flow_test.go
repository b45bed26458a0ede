//go:build !windows

package e2e

import (
	"strings"
	"testing"
)

const okID = "customer_f31121c389624d3697cbf3ea8830b7a4"

func TestCtrlCWhileLoadingExits130AndRestoresTheTerminal(t *testing.T) {
	t.Parallel()
	// The slow scenario answers after 8 s: ctrl+c lands while it is in flight.
	s := start(t, 100, 30, baseEnv(), "--demo", "customer_00000000000000000000000000000408")
	s.waitText("Regenerating link for")
	if !s.snapshot().alt {
		t.Fatal("the app does not run in the alternate screen")
	}
	s.send("\x03")
	if code := s.wait(); code != 130 {
		t.Errorf("exit code %d, want 130", code)
	}
	end := s.snapshot()
	if end.alt {
		t.Error("the terminal was left in the alternate screen")
	}
	if end.cursorHidden {
		t.Error("the cursor was left hidden")
	}
	screen := end.text()
	if !strings.Contains(strings.Join(strings.Fields(screen), " "), "Sphere may still have made a new link") {
		t.Errorf("no note that Sphere may have made a link; the screen after exit:\n%s", screen)
	}
	if strings.Contains(screen, "Regenerating link for") {
		t.Errorf("the app's screen stayed behind in the main screen:\n%s", screen)
	}
}

func TestQuitRestoresTheTerminal(t *testing.T) {
	t.Parallel()
	s := start(t, 100, 30, baseEnv(), "--demo", okID)
	s.waitText("Expires")
	s.send("q")
	if code := s.wait(); code != 0 {
		t.Errorf("exit code %d, want 0", code)
	}
	end := s.snapshot()
	if end.alt || end.cursorHidden {
		t.Errorf("terminal not restored: alt screen %v, cursor hidden %v", end.alt, end.cursorHidden)
	}
	if strings.Contains(end.text(), "https://") {
		t.Error("the link stayed on the main screen (scrollback)")
	}
}

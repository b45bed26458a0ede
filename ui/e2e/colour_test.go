//go:build !windows

package e2e

import (
	"fmt"
	"net"
	"testing"
)

// badge is the header badge as the terminal shows it.
type badge struct {
	word    string
	r, g, b uint8
	colored bool
}

// readBadge finds word on the header row and reads its cell colours.
func readBadge(t *testing.T, s *session, word string) badge {
	t.Helper()
	s.waitText(word)
	sn := s.snapshot()
	x, ok := sn.find(0, word)
	if !ok {
		t.Fatalf("%s is not on the header row:\n%s", word, sn.text())
	}
	r, g, b, ok := rgb(sn.cells[0][x].Style.Bg)
	return badge{word: word, r: r, g: g, b: b, colored: ok}
}

// headerColourless reports the first header cell that carries a colour.
func headerColourless(sn snap) (string, bool) {
	for x, c := range sn.cells[0] {
		if _, _, _, ok := rgb(c.Style.Fg); ok {
			return fmt.Sprintf("cell %d %q has a foreground colour", x, c.Content), false
		}
		if _, _, _, ok := rgb(c.Style.Bg); ok {
			return fmt.Sprintf("cell %d %q has a background colour", x, c.Content), false
		}
	}
	return "", true
}

// unusedLoopback is a loopback address with nothing listening: the header
// is drawn before any request, so a CUSTOM environment needs no server.
func unusedLoopback(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return "http://" + addr
}

func TestBadgeColoursPerEnvironment(t *testing.T) {
	t.Parallel()
	key := "SPHERE_API_KEY=" + testKey
	runs := []struct {
		word string
		env  []string
		args []string
	}{
		{"PRODUCTION", []string{key}, nil},
		{"SANDBOX", []string{key}, []string{"--sandbox"}},
		{"DEMO", nil, []string{"--demo"}},
		{"CUSTOM", []string{key}, []string{"--base-url", unusedLoopback(t)}},
	}
	for _, colorterm := range []string{"", "truecolor"} {
		t.Run("COLORTERM="+colorterm, func(t *testing.T) {
			t.Parallel()
			seen := map[[3]uint8]string{}
			for _, run := range runs {
				env := baseEnv(run.env...)
				if colorterm != "" {
					env = append(env, "COLORTERM="+colorterm)
				}
				s := start(t, 100, 30, env, run.args...)
				b := readBadge(t, s, run.word)
				if !b.colored {
					t.Fatalf("%s badge has no background colour under TERM=xterm-256color", run.word)
				}
				if prev, dup := seen[[3]uint8{b.r, b.g, b.b}]; dup {
					t.Errorf("%s and %s badges share the colour #%02x%02x%02x", prev, run.word, b.r, b.g, b.b)
				}
				seen[[3]uint8{b.r, b.g, b.b}] = run.word
				if run.word == "PRODUCTION" && !(b.r >= 0x99 && int(b.r) > 2*int(b.g) && int(b.r) > 2*int(b.b)) {
					t.Errorf("PRODUCTION badge is #%02x%02x%02x, not red", b.r, b.g, b.b)
				}
				s.send("\x03")
				if code := s.wait(); code != 0 {
					t.Errorf("ctrl+c on the input screen exited %d, want 0", code)
				}
			}
		})
	}
}

func TestNoColourWhenAsked(t *testing.T) {
	t.Parallel()
	for _, env := range [][]string{
		baseEnv("NO_COLOR=1"),
		baseEnv("NO_COLOR=yes", "COLORTERM=truecolor"),
		{"TERM=dumb"},
	} {
		t.Run(fmt.Sprint(env), func(t *testing.T) {
			t.Parallel()
			s := start(t, 100, 30, append(env, "SPHERE_API_KEY="+testKey))
			s.waitText("PRODUCTION")
			if why, ok := headerColourless(s.snapshot()); !ok {
				t.Errorf("the header is coloured: %s", why)
			}
			s.send("\x03")
			s.wait()
		})
	}
}

//go:build !windows

// Package e2e runs the real kyclink binary in a pseudo-terminal and reads
// its screen through a terminal emulator: the one layer of tests that sees
// what an agent's terminal gets (colours, QR cells, exit codes, the state
// the terminal is left in), rather than what a test renderer would draw.
package e2e

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"
)

// binary is the kyclink built once for the whole package.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "kyclink-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "kyclink")
	args := []string{"build", "-o", binary}
	if raceEnabled {
		args = append(args, "-race") // the real program's goroutines get checked too
	}
	build := exec.Command("go", append(args, "github.com/kyclink/kyclink")...)
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building kyclink:", err)
		os.Exit(1)
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// touchSources stats every file the binary is built from. go test caches
// a package's verdict by the files its test opens or stats, and the build
// above is a child process it cannot see: without this, `go test` would
// replay a stale "ok" after the app's code changed.
// It runs from the tests, once: before m.Run nothing is recorded.
var touchSources = sync.OnceValue(func() error {
	root, err := filepath.Abs("../..")
	if err != nil {
		return err
	}
	return filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && (d.Name() == ".git" || d.Name() == "dist" || d.Name() == "testdata"):
			return filepath.SkipDir
		case !d.IsDir() && (strings.HasSuffix(path, ".go") || d.Name() == "go.mod" || d.Name() == "go.sum"):
			_, err = os.Stat(path)
		}
		return err
	})
})

// waitLimit bounds every wait: a polling deadline, never a bare sleep.
const waitLimit = 20 * time.Second

// session is one run of the binary in a pseudo-terminal.
type session struct {
	t    *testing.T
	emu  *vt.Emulator // guarded by mu: read it through snapshot
	ptmx *os.File
	cmd  *exec.Cmd
	// drained is closed once everything the program wrote reached the
	// emulator (the pty reports EIO after the program is gone).
	drained chan struct{}
	exited  chan struct{}
	exitErr error
	mu      sync.Mutex
	raw     []byte // everything the program wrote, guarded by mu
}

// start runs kyclink with args in a w×h terminal. env is the whole
// environment besides PATH and HOME: nothing leaks in from the test's own
// (CI=true, for one, makes termenv assume no terminal).
func start(t *testing.T, w, h int, env []string, args ...string) *session {
	t.Helper()
	if err := touchSources(); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(binary, args...)
	cmd.Env = append([]string{
		"PATH=" + os.Getenv("PATH"),
		"GORACE=atexit_sleep_ms=0", // the race-built binary exits without the detector's 1 s wait
		"HOME=" + t.TempDir(),
		"XDG_STATE_HOME=" + t.TempDir(),
	}, env...)
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: uint16(w), Rows: uint16(h)})
	if err != nil {
		t.Fatalf("starting kyclink in a pty: %v", err)
	}
	s := &session{t: t, emu: vt.NewEmulator(w, h), ptmx: ptmx, cmd: cmd,
		drained: make(chan struct{}), exited: make(chan struct{})}
	go s.pump()
	go func() { // the emulator's answers (cursor position, background colour) go back to the program
		_, _ = io.Copy(ptmx, s.emu)
	}()
	go func() {
		s.exitErr = cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-s.exited
		_ = ptmx.Close()
		// The emulator stays open: closing it races with the goroutine
		// parked in its Read, which ends with the test binary.
		if t.Failed() {
			t.Logf("screen at the end:\n%s", s.snapshot().text())
		}
	})
	return s
}

// pump feeds the program's output to the emulator until the pty closes.
func (s *session) pump() {
	defer close(s.drained)
	buf := make([]byte, 32<<10)
	for {
		n, err := s.ptmx.Read(buf)
		if n > 0 {
			s.mu.Lock()
			_, _ = s.emu.Write(buf[:n])
			s.raw = append(s.raw, buf[:n]...)
			s.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

// send types bytes as the agent's keyboard would.
func (s *session) send(keys string) {
	s.t.Helper()
	if _, err := s.ptmx.WriteString(keys); err != nil {
		s.t.Fatalf("typing %q: %v", keys, err)
	}
}

// written is everything the program wrote so far, escape sequences and all.
func (s *session) written() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return string(s.raw)
}

// waitFor polls the screen until ok holds, failing after waitLimit.
func (s *session) waitFor(what string, ok func(screen string) bool) {
	s.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for !ok(s.snapshot().text()) {
		if time.Now().After(deadline) {
			s.t.Fatalf("waited %s for %s", waitLimit, what)
		}
		select {
		case <-s.exited:
			<-s.drained
			if !ok(s.snapshot().text()) {
				s.t.Fatalf("kyclink exited (%v) before %s", s.exitErr, what)
			}
			return
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// waitText waits until the screen shows text.
func (s *session) waitText(text string) {
	s.t.Helper()
	s.waitFor(fmt.Sprintf("%q on screen", text), func(scr string) bool { return strings.Contains(scr, text) })
}

// wait waits for the program to exit and returns its exit code, with all
// its output in the emulator.
func (s *session) wait() int {
	s.t.Helper()
	select {
	case <-s.exited:
	case <-time.After(waitLimit):
		s.t.Fatalf("kyclink did not exit within %s", waitLimit)
	}
	select {
	case <-s.drained:
	case <-time.After(waitLimit):
		s.t.Fatalf("the pty was not drained within %s", waitLimit)
	}
	var ee *exec.ExitError
	switch {
	case s.exitErr == nil:
		return 0
	case errors.As(s.exitErr, &ee):
		return ee.ExitCode()
	}
	s.t.Fatalf("waiting for kyclink: %v", s.exitErr)
	return -1
}

// snap is the emulated terminal at one moment, copied out of the emulator
// so that reading it cannot race the program's output.
type snap struct {
	cells        [][]uv.Cell // [row][column]
	alt          bool        // in the alternate screen
	cursorHidden bool
}

func (s *session) snapshot() snap {
	s.mu.Lock()
	defer s.mu.Unlock()
	w, h := s.emu.Width(), s.emu.Height()
	sn := snap{cells: make([][]uv.Cell, h), alt: s.emu.IsAltScreen(), cursorHidden: s.emu.CursorHidden()}
	for y := range h {
		sn.cells[y] = make([]uv.Cell, w)
		for x := range w {
			if c := s.emu.CellAt(x, y); c != nil {
				sn.cells[y][x] = *c
			} else {
				sn.cells[y][x] = uv.Cell{Content: " ", Width: 1}
			}
		}
	}
	return sn
}

// text is the screen as plain text, one line per row, trailing blanks cut.
func (sn snap) text() string {
	var b strings.Builder
	for y := range sn.cells {
		b.WriteString(strings.TrimRight(sn.row(y), " "))
		b.WriteByte('\n')
	}
	return b.String()
}

// row is one screen row's characters; a wide character's second cell is
// empty and adds nothing.
func (sn snap) row(y int) string {
	var b strings.Builder
	for _, c := range sn.cells[y] {
		b.WriteString(c.Content)
	}
	return b.String()
}

// find returns the column where text starts on row y.
func (sn snap) find(y int, text string) (int, bool) {
	want := []rune(text)
	for x := 0; x+len(want) <= len(sn.cells[y]); x++ {
		match := true
		for i, r := range want {
			if sn.cells[y][x+i].Content != string(r) {
				match = false
				break
			}
		}
		if match {
			return x, true
		}
	}
	return 0, false
}

// rgb flattens a cell colour to 8-bit RGB; ok is false for the terminal's
// default colour (no colour set).
func rgb(c color.Color) (r, g, b uint8, ok bool) {
	if c == nil {
		return 0, 0, 0, false
	}
	r32, g32, b32, _ := c.RGBA()
	return uint8(r32 >> 8), uint8(g32 >> 8), uint8(b32 >> 8), true
}

// testKey is the API key the tests' own fakes accept.
const testKey = "secret_e2e_test_key"

// baseEnv is a colour terminal of the kind agents use.
func baseEnv(extra ...string) []string {
	return append([]string{"TERM=xterm-256color"}, extra...)
}

package ui

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/kyclink/kyclink/client/spheretest"
)

// Flows run the real Bubble Tea program against spheretest. They wait for
// output, never for the clock: time moves only when a test advances it.

func startFlow(t *testing.T, h *harness, w, ht int) *teatest.TestModel {
	t.Helper()
	return teatest.NewTestModel(t, New(h.options()), teatest.WithInitialTermSize(w, ht))
}

func waitFor(t *testing.T, tm *teatest.TestModel, texts ...string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		for _, s := range texts {
			if !bytes.Contains(b, []byte(s)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

func submitFlow(tm *teatest.TestModel, id string) {
	tm.Type(id)
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
}

func finalModel(t *testing.T, tm *teatest.TestModel) Model {
	t.Helper()
	return tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(Model)
}

func TestFlowSuccessAndCopy(t *testing.T) {
	h := newHarness(t)
	tm := startFlow(t, h, 80, 24)
	submitFlow(tm, okID)
	waitFor(t, tm, "Link host", "expected")
	tm.Send(press("c"))
	waitFor(t, tm, "Link copied to the clipboard")
	tm.Send(press("q"))
	m := finalModel(t, tm)

	url := m.current.link.URL
	if got := h.system.Texts(); len(got) != 1 || got[0] != url {
		t.Errorf("system clipboard got %q, want the link", got)
	}
	want := "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(url)) + "\a"
	if h.term.String() != want {
		t.Errorf("OSC 52 bytes = %q, want %q", h.term.String(), want)
	}
}

func TestFlowCopyWithoutSystemClipboard(t *testing.T) {
	h := newHarness(t)
	h.system.err = errNoClipboardTool
	tm := startFlow(t, h, 100, 30)
	submitFlow(tm, okID)
	waitFor(t, tm, "Link host")
	tm.Send(press("c"))
	waitFor(t, tm, "may not have reached your clipboard", "sudo apt install xclip")
	tm.Send(press("q"))
	if m := finalModel(t, tm); m.statusOK {
		t.Error("an unconfirmed copy was reported as success")
	}
}

func TestFlowValidationErrors(t *testing.T) {
	h := newHarness(t)
	tm := startFlow(t, h, 80, 24)
	submitFlow(tm, spheretest.Validation)
	waitFor(t, tm, "Validation failed", "Invalid email format", "Postal code is required")
	tm.Send(press("q"))
	m := finalModel(t, tm)
	if m.screen != screenError || len(m.failure.Errors) != 2 {
		t.Fatalf("screen=%d failure=%+v", m.screen, m.failure)
	}
}

func TestFlowNotFoundThenEdit(t *testing.T) {
	h := newHarness(t)
	tm := startFlow(t, h, 80, 24)
	submitFlow(tm, spheretest.NotFound)
	waitFor(t, tm, "Customer not found", "Resource not found")
	tm.Send(press("esc"))
	waitFor(t, tm, "Customer ID")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	m := finalModel(t, tm)
	if m.screen != screenInput || m.field.input.Value() != spheretest.NotFound {
		t.Errorf("after esc: screen=%d value=%q", m.screen, m.field.input.Value())
	}
}

func TestFlowCancel(t *testing.T) {
	h := newHarness(t)
	tm := startFlow(t, h, 80, 24)
	submitFlow(tm, spheretest.Slow)
	waitFor(t, tm, "Making a new KYC link for")
	tm.Send(tea.KeyMsg{Type: tea.KeyEsc})
	waitFor(t, tm, "Cancelled")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	m := finalModel(t, tm)
	if m.screen != screenInput || m.field.input.Value() != spheretest.Slow {
		t.Errorf("after cancel: screen=%d value=%q", m.screen, m.field.input.Value())
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) { // the server sees the request go away
		if reqs := h.fake.Requests(); len(reqs) == 2 && reqs[1].Method == "POST" && reqs[1].Status == 499 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("the fake never saw the request cancelled: %+v", h.fake.Requests())
}

func TestFlowRegenerateWithConfirmation(t *testing.T) {
	h := newHarness(t)
	tm := startFlow(t, h, 100, 30)
	submitFlow(tm, okID)
	waitFor(t, tm, "Link host")
	tm.Send(press("r"))
	waitFor(t, tm, "Make a new KYC link?")
	tm.Send(press("y"))
	waitFor(t, tm, "Link host")
	tm.Send(press("q"))
	m := finalModel(t, tm)
	if h.posts() != 2 || len(m.sess.history) != 2 || !m.sess.history[1].superseded {
		t.Fatalf("link requests=%d history=%d", h.posts(), len(m.sess.history))
	}
	if m.current.link.URL == m.sess.history[1].link.URL {
		t.Error("regenerate showed the old link")
	}
}

func TestFlowExpiry(t *testing.T) {
	h := newHarness(t)
	tm := startFlow(t, h, 80, 24)
	submitFlow(tm, spheretest.Expires90s)
	waitFor(t, tm, "1m 30s")
	h.clock.Advance(90 * time.Second)
	tm.Send(tickMsg{})
	waitFor(t, tm, "EXPIRED", "QR code removed")
	tm.Send(press("c"))
	waitFor(t, tm, "Copy refused")
	tm.Send(press("q"))
	if m := finalModel(t, tm); m.lay.qr != "" || len(h.system.Texts()) != 0 {
		t.Error("an expired link kept its QR code or was copied")
	}
}

func TestFlowResize(t *testing.T) {
	h := newHarness(t)
	tm := startFlow(t, h, 120, 40)
	submitFlow(tm, okID)
	waitFor(t, tm, "Link host")
	tm.Send(tea.WindowSizeMsg{Width: 70, Height: 20})
	waitFor(t, tm, "Enlarge the window to 80×24 for the QR code")
	tm.Send(tea.WindowSizeMsg{Width: 50, Height: 14})
	waitFor(t, tm, "Window too small")
	tm.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
	waitFor(t, tm, okID)
	tm.Send(press("q"))
	m := finalModel(t, tm)
	if m.width != 80 || m.screen != screenResult || m.lay.qr == "" {
		t.Errorf("after resize: %dx%d screen=%d qr=%v", m.width, m.height, m.screen, m.lay.qr != "")
	}
	if lines := strings.Count(m.View(), "\n") + 1; lines > 24 {
		t.Errorf("view has %d lines in a 24-line window", lines)
	}
}

func TestFlowHistory(t *testing.T) {
	h := newHarness(t)
	tm := startFlow(t, h, 100, 30)
	submitFlow(tm, spheretest.Expires90s)
	waitFor(t, tm, "Link host")
	tm.Send(press("n"))
	waitFor(t, tm, "Customer ID")
	submitFlow(tm, okID)
	waitFor(t, tm, "Link host")
	tm.Send(tea.KeyMsg{Type: tea.KeyTab})
	waitFor(t, tm, "newest first", "● valid", "‼ expiring")
	tm.Send(tea.KeyMsg{Type: tea.KeyDown})
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitFor(t, tm, spheretest.Expires90s)
	tm.Send(press("q"))
	if m := finalModel(t, tm); m.current.link.CustomerID != spheretest.Expires90s {
		t.Errorf("opened %s", m.current.link.CustomerID)
	}
}

func TestFlowInitialID(t *testing.T) {
	h := newHarness(t)
	o := h.options()
	o.InitialID = " " + okID + "\n"
	tm := teatest.NewTestModel(t, New(o), teatest.WithInitialTermSize(80, 24))
	waitFor(t, tm, "Link host")
	tm.Send(press("q"))
	if m := finalModel(t, tm); m.current == nil || m.current.link.CustomerID != okID {
		t.Error("the initial ID was not submitted")
	}
}

func TestFlowRateLimitedThenRetried(t *testing.T) {
	h := newHarness(t)
	tm := startFlow(t, h, 80, 24)
	submitFlow(tm, spheretest.RateLimited)
	waitFor(t, tm, "Link host")
	tm.Send(press("q"))
	finalModel(t, tm)
	if reqs := h.fake.Requests(); len(reqs) != 3 || reqs[0].Method != "GET" || reqs[1].Status != 429 || reqs[2].Status != 201 {
		t.Errorf("requests = %+v", reqs)
	}
}

// TestFlowFinalViewGolden reads the final model of a real program run (the
// output stream is consumed by WaitFor, the model is not).
func TestFlowFinalViewGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			h := newHarness(t)
			tm := startFlow(t, h, size[0], size[1])
			submitFlow(tm, okID)
			waitFor(t, tm, "Link host")
			tm.Send(press("c"))
			waitFor(t, tm, "copied")
			tm.Send(press("q"))
			golden.RequireEqual(t, []byte(finalModel(t, tm).View()))
		})
	}
}

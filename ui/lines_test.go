package ui

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client/spheretest"
)

// lineSession runs line mode against the harness's fake; the test types
// lines and waits for what the app prints.
type lineSession struct {
	t    *testing.T
	in   *io.PipeWriter
	out  *syncBuffer
	done chan error
}

func startLines(t *testing.T, h *harness, ctx context.Context) *lineSession {
	t.Helper()
	return startLinesWith(t, h.options(), ctx)
}

func startLinesWith(t *testing.T, o Options, ctx context.Context) *lineSession {
	t.Helper()
	pr, pw := io.Pipe()
	s := &lineSession{t: t, in: pw, out: &syncBuffer{}, done: make(chan error, 1)}
	go func() { s.done <- RunLines(ctx, o, pr, s.out) }()
	t.Cleanup(func() { _ = pw.Close() })
	return s
}

func (s *lineSession) typeLine(line string) {
	s.t.Helper()
	if _, err := io.WriteString(s.in, line+"\n"); err != nil {
		s.t.Fatal(err)
	}
}

// waitFor waits until the output holds text, n times in all.
func (s *lineSession) waitFor(text string, n int) {
	s.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for strings.Count(s.out.String(), text) < n {
		if time.Now().After(deadline) {
			s.t.Fatalf("waited for %q (×%d); the output:\n%s", text, n, s.out.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (s *lineSession) end() error {
	s.t.Helper()
	select {
	case err := <-s.done:
		return err
	case <-time.After(10 * time.Second):
		s.t.Fatal("line mode did not end")
		return nil
	}
}

func TestLineModeLinkCopyResendAndHistory(t *testing.T) {
	h := newHarness(t)
	s := startLines(t, h, context.Background())
	s.waitFor("Customer ID, email or name (h history, q quit): ", 1)
	s.typeLine(okID)
	s.waitFor("Choose: c copy", 1)
	out := s.out.String()
	for _, want := range []string{"kyclink · DEMO (127.0.0.1:4010)", "Working: making a new KYC link for " + okID,
		"KYC link for Alice Example (" + okID + "): https://in.sumsub.com/websdk/p/sbx_", "Host: in.sumsub.com, expected.",
		"Expires in 28 days, on Thu 24 Dec 2026 10:00:00 CET (2026-12-24 09:00:00 UTC)."} {
		if !strings.Contains(out, want) {
			t.Errorf("lacks %q:\n%s", want, out)
		}
	}
	if strings.ContainsAny(out, "█▀▄\x1b") {
		t.Errorf("a QR code or an escape sequence was printed unasked:\n%s", out)
	}
	s.typeLine("c")
	s.waitFor("✓ Link copied to the clipboard.", 1)
	s.typeLine("s")
	s.waitFor("█", 1)
	s.typeLine("n")
	s.waitFor("Customer ID, email or name (h history, q quit): ", 2)
	s.typeLine(okID)
	s.waitFor("Choose: enter shows the current link, y makes a new one, n cancels: ", 1)
	s.typeLine("")
	s.waitFor("The link made earlier, still valid: c copies it.", 1)
	s.typeLine("h")
	s.waitFor("1) 10:00, KYC link for Alice Example ("+okID+"): valid, 28 days left", 1)
	s.typeLine("q")
	if err := s.end(); err != nil {
		t.Errorf("quit: %v", err)
	}
	if n := h.posts(); n != 1 {
		t.Errorf("%d link requests, want 1: showing the current link sends nothing", n)
	}
}

func TestLineModeErrorsOnePerLine(t *testing.T) {
	h := newHarness(t)
	s := startLines(t, h, context.Background())
	s.typeLine("customer_bad-id")
	s.waitFor("✖ '-' at position 13 is not allowed", 1)
	s.typeLine(spheretest.Validation)
	s.waitFor("Choose: n edit the ID, y copy the correlation ID, q quit: ", 1)
	for _, want := range []string{"✖ Validation failed (HTTP 422), for " + spheretest.Validation,
		"\n  Field email: Invalid email format\n", "\n  Field address › postalCode: Postal code is required\n", "\nCode: validation/failed\n"} {
		if !strings.Contains(s.out.String(), want) {
			t.Errorf("lacks %q:\n%s", want, s.out.String())
		}
	}
	s.typeLine("q")
	s.end()
}

func TestLineModeRetryNoticeAndInterrupt(t *testing.T) {
	h := newHarness(t)
	s := startLines(t, h, context.Background())
	s.typeLine(spheretest.RateLimited)
	s.waitFor("⚠ Rate limited (HTTP 429): trying again in 1 second (attempt 2 of 3).", 1)
	s.waitFor("KYC link for Scenario 429 ("+spheretest.RateLimited+"): https://", 1)
	s.typeLine("q")
	s.end()

	// Ending while a request is in flight says Sphere may have made a link.
	ctx, cancel := context.WithCancel(context.Background())
	s = startLines(t, h, ctx)
	s.typeLine(spheretest.Slow)
	s.waitFor("Working: making a new KYC link", 1)
	cancel()
	var ie *InterruptedError
	if err := s.end(); !errors.As(err, &ie) || ie.CustomerID != spheretest.Slow {
		t.Errorf("interrupt while loading: %v", err)
	}
}

func TestLineModeSearchAndCard(t *testing.T) {
	h := newHarness(t)
	s := startLines(t, h, context.Background())
	s.typeLine("sample")
	s.waitFor("Number to open, n new search, q quit: ", 1) // one page: no page choices
	if !strings.Contains(s.out.String(), "2) Ben Sample, individual, approved, ben.sample@example.com") {
		t.Fatalf("results:\n%s", s.out.String())
	}
	s.typeLine("2")
	s.waitFor("Already verified: no link needed", 1)
	s.typeLine("k")
	s.waitFor("Choose: y makes it anyway, n makes none: ", 1)
	s.typeLine("n")
	s.waitFor("No new link made.", 1)
	s.waitFor("Choose: k KYC link, b back to the results, n new customer, h history, q quit: ", 1)
	s.typeLine("b")
	s.waitFor("Customers matching “sample”: 14, page 1 of 1.", 2)
	s.typeLine("q")
	s.end()
	if strings.Contains(s.out.String(), "> next page") {
		t.Errorf("page choices on a single page:\n%s", s.out.String())
	}
	if h.posts() != 0 {
		t.Errorf("%d link requests without a yes", h.posts())
	}
}

func TestLineModeSaysWhenAnAnswerIsNotAChoice(t *testing.T) {
	h := newHarness(t)
	s := startLines(t, h, context.Background())
	s.typeLine(okID)
	s.waitFor("Choose: c copy", 1)
	s.typeLine("z")
	s.waitFor("Not one of the choices. Choose: c copy", 1)
	s.typeLine("q")
	s.end()
}

// Line mode warns of a link near its expiry as the screen does.
func TestLineModeSaysALinkIsNearItsExpiry(t *testing.T) {
	h := newHarness(t)
	for id, want := range map[string]string{
		spheretest.Expires90s: "Expires in 1 minute 30 seconds, under 1 hour left, on ",
		okID:                  "Expires in 28 days, on ",
	} {
		var out strings.Builder
		lr := &lineRunner{m: h.submitted(t, h.model(80, 24), id), out: &out}
		lr.report()
		if !strings.Contains(out.String(), want) {
			t.Errorf("%s: lacks %q:\n%s", id, want, out.String())
		}
	}
}

// From a result, b goes back to the customer's card in line mode too, as
// on the screen: offered in the prompt, no customer typed again and no
// second read of a card on hand (issue 19, item 6).
func TestLineModeBGoesBackToTheCard(t *testing.T) {
	h := newHarness(t)
	s := startLines(t, h, context.Background())
	s.typeLine(spheretest.CustomerTermsPending)
	s.waitFor("Choose: t terms link, k KYC link", 1)
	s.typeLine("t")
	s.waitFor("Choose: c copy, r new link, s show the QR code, b back to the card, n next customer, h history, q quit: ", 1)
	reads := len(h.fake.Requests())
	s.typeLine("b")
	s.waitFor("Choose: t terms link, k KYC link", 2)
	if n := len(h.fake.Requests()); n != reads {
		t.Errorf("b sent %d requests: the card was on hand", n-reads)
	}
	s.typeLine("k")
	s.waitFor("Choose: y makes it anyway, n makes none: ", 1) // Sphere said terms first
	s.typeLine("y")
	s.waitFor("KYC link for Erin Example", 1)
	s.typeLine("q")
	if err := s.end(); err != nil {
		t.Errorf("quit: %v", err)
	}
	if h.posts() != 2 {
		t.Errorf("%d links, want the terms link and the KYC link", h.posts())
	}
}

package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
)

func TestInvisibleCharacterInLinkIsRefusedNotCopied(t *testing.T) {
	h := newHarness(t)
	m := update(typeText(h.model(100, 30), okID), press("enter"))
	// A soft hyphen shows as nothing, yet a copy would carry it along.
	link := client.Link{CustomerID: okID, URL: "https://in.sumsub.com/websdk/p\u00ad/sbx_x", ExpiresAt: t0.Add(48 * time.Hour)}
	m = update(m, resultMsg{seq: m.req.seq, id: okID, link: link})
	v := plain(m)
	if m.lay.qr != "" || !strings.Contains(v, "U+00AD at position 31") || strings.Contains(v, "websdk") {
		t.Fatalf("a link with a soft hyphen was shown:\n%s", v)
	}
	m = update(m, press("c"))
	if len(h.system.Texts()) != 0 || h.term.String() != "" || !strings.Contains(m.status, "Copy refused") {
		t.Errorf("copied: %q, status %q", h.system.Texts(), m.status)
	}
}

func TestLinkHostLineIsNeverBlank(t *testing.T) {
	tests := []struct{ url, host, why string }{
		{"https://127.0.0.1/websdk/p/x", "127.0.0.1", "it is an IP address"},
		{"https://[::1]/websdk/p/x", "[::1]", "it is an IP address"},
		{"https://2130706433/websdk/p/x", "2130706433", "it is an IP address"},
		{"https://a_b.sumsub.com/websdk/p/x", "a_b.sumsub.com", "it is a name with an underscore"},
		{"https://xn--zz.sumsub.com/websdk/p/x", "xn--zz.sumsub.com", "it is not a valid host name"},
		{"https://evil.example/websdk/p/x", "evil.example", "::1): check before sending"},
	}
	for _, tt := range tests {
		h := newHarness(t)
		o := h.options()
		o.ExpectedHosts = []string{"sumsub.com", "127.0.0.1", "::1"} // listing an address does not make it expected
		m := update(New(o), tea.WindowSizeMsg{Width: 100, Height: 40})
		m = update(typeText(m, okID), press("enter"))
		m = update(m, resultMsg{seq: m.req.seq, id: okID, link: client.Link{CustomerID: okID, URL: tt.url, ExpiresAt: t0.Add(48 * time.Hour)}})
		// No QR code beside the lines read here: it is withheld until the
		// agent has checked an unexpected host.
		if m.lay.qr != "" {
			t.Errorf("%s: a QR code of a link on an unexpected host, unasked", tt.url)
		}
		lines := strings.Split(plain(m), "\n")
		for i, l := range lines {
			if strings.TrimSpace(l) != "Link host" {
				continue
			}
			if i+1 >= len(lines) || strings.TrimSpace(lines[i+1]) != tt.host {
				t.Errorf("%s: the line under Link host is %q, want %q", tt.url, lines[i+1], tt.host)
			}
		}
		if v := plain(m); !strings.Contains(v, "Link host") || !strings.Contains(v, "⚠ Not an expected host (sumsub.com,") ||
			!strings.Contains(strings.Join(strings.Fields(v), " "), tt.why) || strings.Contains(v, "✓ expected") {
			t.Errorf("%s: no warning:\n%s", tt.url, v)
		}
	}
}

// hostileClient is a client of a server that answers every call with
// status and body.
func hostileClient(t *testing.T, h *harness, status int, body string) *client.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	c, err := client.New(client.Options{BaseURL: srv.URL, APIKey: "k", Now: h.clock.Now, MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// checkFrame asserts what must hold for any server text: the header line
// and the screen's heading are on screen, nothing is wider or taller than
// the window, and no character is one terminals disagree on the width of.
func checkFrame(t *testing.T, m Model, heading string) {
	t.Helper()
	view := m.View()
	lines := strings.Split(view, "\n")
	if len(lines) > m.height {
		t.Errorf("%dx%d: %d lines", m.width, m.height, len(lines))
	}
	if first := ansi.Strip(lines[0]); !strings.Contains(first, "kyclink") || !strings.Contains(first, "DEMO") {
		t.Errorf("%dx%d: the first line is %q, not the header", m.width, m.height, first)
	}
	if !strings.Contains(ansi.Strip(view), heading) {
		t.Errorf("%dx%d: no heading %q:\n%s", m.width, m.height, heading, ansi.Strip(view))
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > m.width {
			t.Errorf("%dx%d: line %d is %d cells wide: %q\n%s", m.width, m.height, i, w, ansi.Strip(l), ansi.Strip(view))
		}
	}
	if i := strings.IndexFunc(view, func(r rune) bool {
		return r >= 0x1100 && r <= 0x11ff || r >= 0xa960 && r <= 0xa97f || r >= 0xd7b0 && r <= 0xd7ff || unicode.Is(unicode.Cf, r)
	}); i >= 0 {
		t.Errorf("%dx%d: the view holds %+q", m.width, m.height, []rune(view[i:])[0])
	}
}

func TestServerTextNeverPushesTheHeaderOff(t *testing.T) {
	jamo := func(n int) string { return strings.Repeat("\u1100", n) }
	problem, _ := json.Marshal(map[string]any{"status": 422, "title": jamo(50), "detail": jamo(990), "code": jamo(30),
		"correlationId": jamo(40), "errors": []map[string]string{{"detail": jamo(200), "pointer": "/" + jamo(60)}}})
	link, _ := json.Marshal(map[string]string{"customerId": okID, "url": "https://in.sumsub.com/" + jamo(600), "expiresAt": "2026-12-24T09:00:00Z"})
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, tt := range []struct {
			name, body, heading string
			status              int
		}{
			{"problem", string(problem), "✖ Validation failed (HTTP 422)", 422},
			{"link", string(link), "✖ Unusable response (HTTP 201)", 201},
		} {
			t.Run(fmt.Sprintf("%s/%dx%d", tt.name, size[0], size[1]), func(t *testing.T) {
				h := newHarness(t)
				o := h.options()
				o.Client = hostileClient(t, h, tt.status, tt.body)
				m := update(New(o), tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				m = update(typeText(m, okID), press("enter"))
				link, err := o.Client.RegenerateKYCLinkWithKey(context.Background(), okID, "k")
				m = update(m, resultMsg{seq: m.req.seq, id: okID, link: link, err: err})
				if m.screen != screenError {
					t.Fatalf("screen %d, want the error screen", m.screen)
				}
				checkFrame(t, m, tt.heading)
			})
		}
		// The model's own check, should a link reach it unchecked.
		t.Run(fmt.Sprintf("unchecked link/%dx%d", size[0], size[1]), func(t *testing.T) {
			h := newHarness(t)
			m := update(typeText(h.model(size[0], size[1]), okID), press("enter"))
			m = update(m, resultMsg{seq: m.req.seq, id: okID, link: client.Link{CustomerID: okID, URL: "https://in.sumsub.com/" + jamo(600), ExpiresAt: t0.Add(48 * time.Hour)}})
			checkFrame(t, m, "Customer")
			if !strings.Contains(plain(m), "U+1100 at position 23") {
				t.Errorf("no refusal:\n%s", plain(m))
			}
		})
	}
}

func TestNoForgedLinesOnTheErrorScreen(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		h := newHarness(t)
		m := h.throughCard(t, h.submitted(t, h.model(size[0], size[1]), spheretest.HostileText))
		if m.screen != screenError {
			t.Fatalf("screen %d", m.screen)
		}
		checkFrame(t, m, "✖ Validation failed (HTTP 422)")
		view := plain(m)
		lines := strings.Split(view, "\n")
		for _, l := range lines {
			rest := strings.TrimLeft(l, " ")
			lead := len(l) - len(rest)
			// kyclink's own rows: its labels, padded, then the value.
			own := strings.HasPrefix(l, " Customer        "+spheretest.HostileText) ||
				strings.HasPrefix(l, " Code            "+m.failure.Code) ||
				strings.HasPrefix(l, " Correlation ID  "+strings.Fields(m.failure.CorrelationID)[0])
			for _, p := range []string{"kyclink:", "correlation id", "expires:", "customer ", "code "} {
				if lead <= margin+1 && !own && strings.HasPrefix(strings.ToLower(rest), p) {
					t.Errorf("%dx%d: a forged line %q:\n%s", size[0], size[1], l, view)
				}
			}
		}
		for _, want := range []string{"   ok", "   kyclink: Link copied", "   Correlation ID: fake", "   Expires: never"} {
			if !strings.Contains(view, "\n"+want) {
				t.Errorf("%dx%d: no line %q:\n%s", size[0], size[1], want, view)
			}
		}
	}
}

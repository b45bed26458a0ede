package ui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kyclink/kyclink/client"
)

func TestInvisibleCharacterInLinkIsRefusedNotCopied(t *testing.T) {
	h := newHarness(t)
	m := update(typeText(h.model(100, 30), okID), press("enter"))
	// A soft hyphen shows as nothing, yet a copy would carry it along.
	link := client.Link{CustomerID: okID, URL: "https://in.sumsub.com/websdk/p\u00ad/sbx_x", ExpiresAt: t0.Add(48 * time.Hour)}
	m = update(m, resultMsg{seq: m.seq, id: okID, link: link})
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
		m = update(m, resultMsg{seq: m.seq, id: okID, link: client.Link{CustomerID: okID, URL: tt.url, ExpiresAt: t0.Add(48 * time.Hour)}})
		m = update(m, press("s")) // no QR code beside the lines read here
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

package ui

import (
	"strings"
	"testing"
	"time"

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

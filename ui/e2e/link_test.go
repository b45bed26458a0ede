//go:build !windows

package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kyclink/kyclink/client/spheretest"
)

// The link stands on rows of its own in the real terminal, whole, at the
// common small sizes: a mouse selection of its row copies it and nothing
// else (issue 19, item 3). At 70×20 the result shows without its QR code.
func TestTheLinksCellsHaveRowsOfTheirOwn(t *testing.T) {
	t.Parallel()
	long := "https://in.sumsub.com/websdk/p/" + strings.Repeat("Ab9", 50) // 181 characters
	for _, size := range [][2]int{{70, 20}, {80, 24}} {
		for _, url := range []string{"", long} {
			t.Run(fmt.Sprintf("%dx%d_%d", size[0], size[1], len(url)), func(t *testing.T) {
				t.Parallel()
				var base string
				if url == "" { // the fake's own link
					srv, err := spheretest.Start(spheretest.Options{APIKey: testKey, Seed: 42})
					if err != nil {
						t.Fatal(err)
					}
					t.Cleanup(func() { _ = srv.Close() })
					base = srv.URL
				} else {
					base = hostileSphere(t, 201, `{"customerId":"`+okID+`","url":"`+url+`","expiresAt":"2099-01-01T00:00:00Z"}`)
				}
				s := start(t, size[0], size[1], baseEnv("SPHERE_API_KEY="+testKey), "--base-url", base, okID)
				s.waitText("q quit")
				checkLinkCells(t, s.snapshot(), size[0])
				s.send("q")
				s.wait()
			})
		}
	}
}

// checkLinkCells: the link's cells are on rows of their own and make the
// link whole; a link wider than the window fills each row but the last
// from the first column to the last.
func checkLinkCells(t *testing.T, sn snap, width int) {
	t.Helper()
	link := hyperlink(sn)
	if !strings.HasPrefix(link, "https://in.sumsub.com/") {
		t.Fatalf("no clickable link on screen (OSC 8 target %q)", link)
	}
	var rows []string
	for y, row := range sn.cells {
		var linked, other strings.Builder
		for _, c := range row {
			switch {
			case c.Link.URL == link:
				linked.WriteString(c.Content)
			case strings.TrimSpace(c.Content) != "":
				other.WriteString(c.Content)
			}
		}
		if linked.Len() == 0 {
			continue
		}
		if other.Len() > 0 {
			t.Errorf("row %d holds the link and %q", y, other.String())
		}
		rows = append(rows, linked.String())
	}
	if strings.Join(rows, "") != link {
		t.Errorf("the link's cells are %q, want %q", rows, link)
	}
	if len(link) <= width-1 && len(rows) != 1 {
		t.Errorf("a link that fits the window takes %d rows", len(rows))
	}
	for i, r := range rows[:max(len(rows)-1, 0)] {
		if len(r) != width {
			t.Errorf("row %d of the link is %d cells, not the window's %d", i, len(r), width)
		}
	}
	if width < 80 && strings.ContainsAny(sn.text(), "█▀▄") {
		t.Errorf("a QR code at %d columns", width)
	}
}

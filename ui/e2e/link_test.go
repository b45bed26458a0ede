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
	for _, size := range [][2]int{{70, 20}, {80, 24}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			t.Parallel()
			srv, err := spheretest.Start(spheretest.Options{APIKey: testKey, Seed: 42})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = srv.Close() })
			s := start(t, size[0], size[1], baseEnv("SPHERE_API_KEY="+testKey), "--base-url", srv.URL, okID)
			s.waitText("q quit")
			sn := s.snapshot()
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
			if len(rows) != 1 || rows[0] != link {
				t.Errorf("the link's cells are %q, want %q on one row", rows, link)
			}
			if size[0] < 80 && strings.ContainsAny(sn.text(), "█▀▄") {
				t.Errorf("a QR code at %v", size)
			}
			s.send("q")
			s.wait()
		})
	}
}

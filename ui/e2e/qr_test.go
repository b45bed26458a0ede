//go:build !windows

package e2e

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"strings"
	"testing"

	"github.com/kyclink/kyclink/client/spheretest"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// qrImage rebuilds the QR code from the emulated cells: every cell that
// carries the code's ink (white on black) is two pixels stacked, each the
// foreground where the block glyph covers it and the background elsewhere.
// It returns nil when no such cell is on screen.
func qrImage(sn snap, scale int) image.Image {
	minX, minY, maxX, maxY := 1<<30, 1<<30, -1, -1
	for y, row := range sn.cells {
		for x, c := range row {
			if isQRCell(c.Style.Fg, c.Style.Bg, c.Content) {
				minX, minY, maxX, maxY = min(minX, x), min(minY, y), max(maxX, x), max(maxY, y)
			}
		}
	}
	if maxX < 0 {
		return nil
	}
	pad := 4 * scale // a light margin for the reader
	w, h := (maxX-minX+1)*scale+2*pad, (maxY-minY+1)*2*scale+2*pad
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for y := minY; y <= maxY; y++ {
		for x := minX; x <= maxX; x++ {
			c := sn.cells[y][x]
			top, bottom := halves(c.Content)
			for half, lit := range []bool{top, bottom} {
				col := c.Style.Bg
				if lit {
					col = c.Style.Fg
				}
				v := luminance(col)
				for dy := range scale {
					for dx := range scale {
						img.SetGray(pad+(x-minX)*scale+dx, pad+((y-minY)*2+half)*scale+dy, color.Gray{Y: v})
					}
				}
			}
		}
	}
	return img
}

// halves says which halves of a cell a QR glyph paints in the foreground.
func halves(glyph string) (top, bottom bool) {
	switch glyph {
	case "█":
		return true, true
	case "▀":
		return true, false
	case "▄":
		return false, true
	}
	return false, false
}

func isQRCell(fg, bg color.Color, glyph string) bool {
	fr, fgG, fb, fok := rgb(fg)
	br, bgG, bb, bok := rgb(bg)
	if !fok || !bok || !strings.Contains("█▀▄ ", glyph) || glyph == "" {
		return false
	}
	return fr == 0xff && fgG == 0xff && fb == 0xff && br == 0 && bgG == 0 && bb == 0
}

func luminance(c color.Color) uint8 {
	r, g, b, _ := rgb(c)
	return uint8((299*int(r) + 587*int(g) + 114*int(b)) / 1000)
}

// decodeQR reads the QR code off the cells. There are no hints: in
// particular not ALSO_INVERTED, so a code painted in reverse fails.
func decodeQR(sn snap) (string, error) {
	img := qrImage(sn, 4)
	if img == nil {
		return "", errors.New("no QR code cells on screen")
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return "", err
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		return "", err
	}
	return res.GetText(), nil
}

// hyperlink is the OSC 8 target of the first cell that carries one.
func hyperlink(sn snap) string {
	for _, row := range sn.cells {
		for _, c := range row {
			if c.Link.URL != "" {
				return c.Link.URL
			}
		}
	}
	return ""
}

func TestQRDecodesFromTheTerminalCells(t *testing.T) {
	t.Parallel()
	for _, run := range []struct {
		w, h int
		env  []string
	}{
		{80, 24, baseEnv()},
		{120, 40, baseEnv()},
		{100, 30, baseEnv("NO_COLOR=1")}, // the code keeps its black and white
	} {
		t.Run(fmt.Sprintf("%dx%d %v", run.w, run.h, run.env), func(t *testing.T) {
			t.Parallel()
			// A fake with a fixed seed, so the link is the same every run:
			// gozxing misreads about one random link's code in a hundred
			// (zbar reads those), and a test must not flake on its reader.
			srv, err := spheretest.Start(spheretest.Options{APIKey: testKey, Seed: 42})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = srv.Close() })
			s := start(t, run.w, run.h, append(run.env, "SPHERE_API_KEY="+testKey), "--base-url", srv.URL, okID)
			// The frame is drawn line by line: the help bar comes last.
			s.waitText("q quit")
			sn := s.snapshot()
			link := hyperlink(sn)
			if !strings.HasPrefix(link, "https://in.sumsub.com/websdk/p/sbx_") {
				t.Fatalf("no clickable demo link on screen (OSC 8 target %q)", link)
			}
			text, err := decodeQR(sn)
			if err != nil {
				t.Fatalf("the QR code of %s read off the terminal does not decode: %v", link, err)
			}
			if text != link {
				t.Errorf("QR code says %q, the screen's link is %q", text, link)
			}
			s.send("q")
			s.wait()
		})
	}
}

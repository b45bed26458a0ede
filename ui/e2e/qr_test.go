//go:build !windows

package e2e

import (
	"fmt"
	"image"
	"image/color"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// qrImage rebuilds the QR code from the emulated cells: every cell that
// carries the code's ink (white on black) is two pixels stacked, each the
// foreground where the block glyph covers it and the background elsewhere.
// It returns nil when no such cell is on screen.
func qrImage(sn snap) image.Image {
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
	const scale, pad = 4, 16 // pixels per half cell; a light margin for the reader
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
			s := start(t, run.w, run.h, run.env, "--demo", okID)
			s.waitText("Expires")
			sn := s.snapshot()
			link := hyperlink(sn)
			if !strings.HasPrefix(link, "https://in.sumsub.com/websdk/p/sbx_") {
				t.Fatalf("no clickable demo link on screen (OSC 8 target %q)", link)
			}
			img := qrImage(sn)
			if img == nil {
				t.Fatal("no QR code cells on screen")
			}
			bmp, err := gozxing.NewBinaryBitmapFromImage(img)
			if err != nil {
				t.Fatal(err)
			}
			// No ALSO_INVERTED hint: a code painted in reverse must fail.
			res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
			if err != nil {
				t.Fatalf("the QR code read off the terminal does not decode: %v", err)
			}
			if res.GetText() != link {
				t.Errorf("QR code says %q, the screen's link is %q", res.GetText(), link)
			}
			s.send("q")
			s.wait()
		})
	}
}

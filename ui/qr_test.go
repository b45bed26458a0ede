package ui

import (
	"fmt"
	"image"
	"image/color"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	"rsc.io/qr"

	"github.com/kyclink/kyclink/client"
)

// cell is one terminal cell as a terminal would paint it. Colours are
// 256-palette indices, or -1 for the terminal's default.
type cell struct {
	r      rune
	fg, bg int
}

// parseScreen interprets a rendered view like a terminal: SGR colours are
// applied to the cells, other sequences (OSC 8 hyperlinks…) are skipped.
func parseScreen(s string) [][]cell {
	var rows [][]cell
	row := []cell{}
	fg, bg := -1, -1
	for i := 0; i < len(s); {
		switch {
		case s[i] == '\n':
			rows, row = append(rows, row), []cell{}
			i++
		case strings.HasPrefix(s[i:], "\x1b["):
			end := i + 2
			for end < len(s) && (s[end] < 0x40 || s[end] > 0x7e) {
				end++
			}
			if end < len(s) && s[end] == 'm' {
				fg, bg = applySGR(s[i+2:end], fg, bg)
			}
			i = end + 1
		case strings.HasPrefix(s[i:], "\x1b]"):
			end := strings.Index(s[i:], "\x1b\\")
			if bel := strings.IndexByte(s[i:], '\a'); bel >= 0 && (end < 0 || bel < end) {
				i += bel + 1
			} else {
				i += end + 2
			}
		default:
			r, size := []rune(s[i:min(i+4, len(s))])[0], 0
			size = len(string(r))
			c := cell{r: r, fg: fg, bg: bg}
			for range max(ansi.StringWidth(string(r)), 1) {
				row = append(row, c)
			}
			i += size
		}
	}
	return append(rows, row)
}

func applySGR(params string, fg, bg int) (int, int) {
	p := strings.Split(params, ";")
	for j := 0; j < len(p); j++ {
		switch n, _ := strconv.Atoi(p[j]); {
		case n == 0:
			fg, bg = -1, -1
		case n == 39:
			fg = -1
		case n == 49:
			bg = -1
		case (n == 38 || n == 48) && j+2 < len(p) && p[j+1] == "5":
			idx, _ := strconv.Atoi(p[j+2])
			if n == 38 {
				fg = idx
			} else {
				bg = idx
			}
			j += 2
		}
	}
	return fg, bg
}

// reading is a terminal theme: its default foreground and background grey.
type reading struct {
	name   string
	fg, bg uint8
}

var readings = []reading{{"dark", 230, 20}, {"light", 20, 240}}

func grey(idx int, def uint8) uint8 {
	switch {
	case idx < 0:
		return def
	case idx == 231:
		return 255
	case idx == 16:
		return 0
	case idx >= 232:
		return uint8(8 + (idx-232)*10)
	}
	return 128
}

// screenImage paints the QR code's cells, plus two cells of terminal
// background around them (a phone camera aims at the code), 4×8 px a cell.
func screenImage(rows [][]cell, rd reading) *image.Gray {
	top, left, bottom, right := len(rows), 1<<30, -1, -1
	for y, row := range rows {
		for x, c := range row {
			if c.fg == 231 && c.bg == 16 {
				top, bottom, left, right = min(top, y), max(bottom, y), min(left, x), max(right, x)
			}
		}
	}
	if bottom < 0 {
		return nil
	}
	top, left, bottom, right = top-2, left-2, bottom+2, right+2
	img := image.NewGray(image.Rect(0, 0, (right-left+1)*4, (bottom-top+1)*8))
	for y := top; y <= bottom; y++ {
		for x := left; x <= right; x++ {
			c := cell{r: ' ', fg: -1, bg: -1}
			if y >= 0 && y < len(rows) && x >= 0 && x < len(rows[y]) {
				c = rows[y][x]
			}
			fg, bg := grey(c.fg, rd.fg), grey(c.bg, rd.bg)
			upper, lower := bg, bg
			switch c.r {
			case '█':
				upper, lower = fg, fg
			case '▀':
				upper = fg
			case '▄':
				lower = fg
			}
			for py := range 8 {
				v := upper
				if py >= 4 {
					v = lower
				}
				for px := range 4 {
					img.SetGray((x-left)*4+px, (y-top)*8+py, color.Gray{Y: v})
				}
			}
		}
	}
	return img
}

// decodeView finds the QR code on a rendered screen and decodes it.
func decodeView(t *testing.T, view string, rd reading) string {
	t.Helper()
	img := screenImage(parseScreen(view), rd)
	if img == nil {
		t.Fatal("no painted QR code on screen")
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	// No hints: in particular not ALSO_INVERTED, so a code painted in
	// reverse would fail here.
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("%s reading: %v", rd.name, err)
	}
	return res.GetText()
}

func TestQRDecodesBack(t *testing.T) {
	long := "https://in.sumsub.com/websdk/p/sbx_" + strings.Repeat("Ab9", 89) // 302 characters
	tests := []struct {
		name string
		w, h int
		url  string // "" uses the demo API's link
	}{
		{"demo_80x24", 80, 24, ""},
		{"demo_120x40", 120, 40, ""},
		{"long_160x50", 160, 50, long},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			o := h.options()
			if tt.url != "" {
				o.Client = stubRegenerator{link: client.Link{URL: tt.url, ExpiresAt: t0.Add(48 * time.Hour)}}
			}
			m := update(New(o), tea.WindowSizeMsg{Width: tt.w, Height: tt.h})
			m = update(typeText(m, okID), press("enter"))
			if tt.url == "" {
				m = h.answer(t, m)
			} else {
				link, _ := o.Client.RegenerateKYCLinkWithKey(t.Context(), okID, "")
				m = update(m, resultMsg{seq: m.req.seq, id: okID, link: link})
			}
			if m.lay.qr == "" {
				t.Fatalf("no QR code at %dx%d: %q", tt.w, tt.h, m.lay.qrNotice)
			}
			for _, rd := range readings {
				if got := decodeView(t, m.View(), rd); got != m.current.link.URL {
					t.Errorf("%s reading decoded %q, want %q", rd.name, got, m.current.link.URL)
				}
			}
		})
	}
}

func TestQRFitting(t *testing.T) {
	demo := newQRCode("https://in.sumsub.com/websdk/p/sbx_C8SvZ6qwt2OWQK3J")
	if w, h, _ := demo.dims(qrVariant{qr.M, 4}); w != 41 || h != 21 {
		t.Errorf("demo link at M, quiet 4: %dx%d, want 41x21", w, h)
	}
	for _, v := range qrPreference {
		w, h, _ := demo.dims(v)
		lines := strings.Split(demo.paint(v), "\n")
		if len(lines) != h || ansi.StringWidth(stripSGR(lines[0])) != w {
			t.Errorf("%+v: dims say %dx%d, painting is %dx%d", v, w, h, ansi.StringWidth(stripSGR(lines[0])), len(lines))
		}
	}
	if v, ok := demo.fit(41, 21); !ok || v != (qrVariant{qr.M, 4}) {
		t.Errorf("fit(41,21) = %+v %v", v, ok)
	}
	if v, ok := demo.fit(37, 19); !ok || v != (qrVariant{qr.M, 2}) {
		t.Errorf("fit(37,19) = %+v %v, want M with quiet zone 2", v, ok)
	}
	if v, ok := demo.fit(36, 18); !ok || v != (qrVariant{qr.L, 3}) {
		t.Errorf("fit(36,18) = %+v %v, want L (only L fits)", v, ok)
	}
	if v, ok := demo.fit(32, 16); ok {
		t.Errorf("fit(32,16) = %+v: the quiet zone must never be under 2", v)
	}
	long := newQRCode("https://in.sumsub.com/websdk/p/sbx_" + strings.Repeat("Ab9", 89))
	if w, h, _ := long.dims(qrVariant{qr.M, 2}); w != 73 || h != 37 {
		t.Errorf("300-character link at M, quiet 2: %dx%d, want 73x37", w, h)
	}
}

func stripSGR(s string) string {
	return strings.NewReplacer(qrInk, "", qrReset, "").Replace(s)
}

func TestQRNoticeWhenWindowTooSmallForCode(t *testing.T) {
	h := newHarness(t)
	o := h.options()
	long := "https://in.sumsub.com/websdk/p/sbx_" + strings.Repeat("Ab9", 89)
	o.Client = stubRegenerator{link: client.Link{URL: long, ExpiresAt: t0.Add(48 * time.Hour)}}
	m := update(New(o), tea.WindowSizeMsg{Width: 80, Height: 24})
	m = update(typeText(m, okID), press("enter"))
	link, _ := o.Client.RegenerateKYCLinkWithKey(t.Context(), okID, "")
	m = update(m, resultMsg{seq: m.req.seq, id: okID, link: link})
	var w, ht int
	if _, err := fmt.Sscanf(m.lay.qrNotice, "Enlarge the window to %d×%d for the QR code.", &w, &ht); err != nil || m.lay.qr != "" {
		t.Fatalf("notice = %q (%v)", m.lay.qrNotice, err)
	}
	if !strings.Contains(plain(m), m.lay.qrNotice) {
		t.Error("the notice is not on screen")
	}
	m = update(m, tea.WindowSizeMsg{Width: w - 1, Height: ht})
	if m.lay.qr != "" {
		t.Errorf("the code fits at %dx%d: the notice asks for too much", w-1, ht)
	}
	m = update(m, tea.WindowSizeMsg{Width: w, Height: ht})
	if m.lay.qr == "" {
		t.Errorf("the advertised size does not fit the code: %q", m.lay.qrNotice)
	}
}

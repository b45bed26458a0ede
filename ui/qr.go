// This file owns the QR code: encoding a link once, choosing the variant
// that fits the window, and painting it in fixed black and white.

package ui

import (
	"bytes"
	"strings"

	"github.com/mdp/qrterminal/v3"
	"rsc.io/qr"
)

// qrInk paints every module with fixed white-on-black, outside the theme:
// the code's contrast is function, not decoration, so a phone reads it on
// dark and light terminal themes alike, NO_COLOR included. The 256-colour
// cube entries are not remapped by terminal themes the way the first 16 are.
const (
	qrInk   = "\x1b[38;5;231;48;5;16m"
	qrReset = "\x1b[0m"
)

// qrVariant is one way to draw a code: error correction and quiet zone.
type qrVariant struct {
	level qr.Level
	quiet int
}

// qrPreference lists variants best first: correction M with the full quiet
// zone, then narrower quiet zones, and L only when that is what fits.
var qrPreference = []qrVariant{
	{qr.M, 4}, {qr.M, 3}, {qr.M, 2},
	{qr.L, 4}, {qr.L, 3}, {qr.L, 2},
}

// qrCode is one link's QR code: its module counts per level and the
// paintings made so far. It is built and painted only from Update.
type qrCode struct {
	text    string
	sizes   map[qr.Level]int // modules per side; absent: too long at that level
	painted map[qrVariant]string
	// paintings counts the variants painted, so tests and benchmarks can
	// prove a code is painted once per link, not per frame or tick.
	paintings int
}

// newQRCode encodes text at each level once to learn the code's size. It
// never panics: qrterminal would, on text too long for any QR version.
func newQRCode(text string) *qrCode {
	q := &qrCode{text: text, sizes: map[qr.Level]int{}, painted: map[qrVariant]string{}}
	for _, lvl := range []qr.Level{qr.M, qr.L} {
		if code, err := qr.Encode(text, lvl); err == nil {
			q.sizes[lvl] = code.Size
		}
	}
	return q
}

// dims is the painted width and height, in cells, of a variant: two module
// rows per line in half blocks.
func (q *qrCode) dims(v qrVariant) (w, h int, ok bool) {
	size, ok := q.sizes[v.level]
	if !ok {
		return 0, 0, false
	}
	return size + 2*v.quiet, v.quiet + (size+1)/2, true
}

// fit returns the most preferred variant that fits in w×h cells.
func (q *qrCode) fit(w, h int) (qrVariant, bool) {
	for _, v := range qrPreference {
		if cw, ch, ok := q.dims(v); ok && cw <= w && ch <= h {
			return v, true
		}
	}
	return qrVariant{}, false
}

// smallest is the smallest variant's size, for "enlarge the window" hints.
func (q *qrCode) smallest() (w, h int) {
	for _, v := range qrPreference {
		if cw, ch, ok := q.dims(v); ok && (w == 0 || cw*ch < w*h) {
			w, h = cw, ch
		}
	}
	return w, h
}

// paint returns the painted code for a variant, drawing it the first time.
func (q *qrCode) paint(v qrVariant) string {
	if s, ok := q.painted[v]; ok {
		return s
	}
	if _, ok := q.sizes[v.level]; !ok {
		return "" // checked: qrterminal would panic on a nil code
	}
	var buf bytes.Buffer
	qrterminal.GenerateWithConfig(q.text, qrterminal.Config{
		Level: v.level, Writer: &buf, HalfBlocks: true, QuietZone: v.quiet,
		BlackChar: " ", WhiteChar: "█", WhiteBlackChar: "▀", BlackWhiteChar: "▄",
	})
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	for i, l := range lines {
		lines[i] = qrInk + l + qrReset
	}
	s := strings.Join(lines, "\n")
	q.painted[v] = s
	q.paintings++
	return s
}

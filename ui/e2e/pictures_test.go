//go:build !windows

package e2e

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/kyclink/kyclink/client/spheretest"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// The README's pictures are the real binary's screens, read off the
// emulator and written as SVG by svgPicture below:
//
//	go test ./ui/e2e -run TestPictures -update
//
// rewrites docs/pictures/*.svg. Without -update the pictures are rendered
// to a temporary directory and checked (well-formed, the screen's text,
// a QR code that decodes), so the command is known to still work. They are
// not compared with the committed ones: the expiry and countdown follow
// the clock.
var updatePictures = flag.Bool("update", false, "rewrite the README's pictures in docs/pictures")

// picturesDir is docs/pictures, from this package's directory.
const picturesDir = "../../docs/pictures"

// picturePorts are tried in turn for the fake, so the header reads the
// same host from one regeneration to the next (4010 is the port the
// README's own example uses); port 0 is the fallback when all are taken.
var picturePorts = []string{"4010", "4011", "4012", "4013", "4014", "0"}

// picture is one README picture and the words that must be on it.
type picture struct {
	name, title string
	words       []string
}

func TestPictures(t *testing.T) {
	t.Parallel()
	// A fixed seed: the link, its QR code and the correlation ID are the
	// same every time. Only the times move with the clock.
	clock := spheretest.NewClock(time.Now())
	srv, err := startPictureFake(clock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	if !strings.HasSuffix(srv.URL, ":"+picturePorts[0]) {
		t.Logf("port %s was taken: the pictures' header shows %s", picturePorts[0], srv.URL)
	}
	dir := t.TempDir()
	if *updatePictures {
		dir = picturesDir
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	env := baseEnv("COLORTERM=truecolor", "SPHERE_API_KEY="+testKey,
		// A local zone that is not UTC, to show both expiry lines as an
		// agent sees them. Go falls back to UTC if it knows no zones.
		"TZ=America/New_York")
	s := start(t, 100, 30, env, "--base-url", srv.URL, "--watch-every", "2s")

	s.waitText("ctrl+c quit")
	shoot(t, dir, s.settled(), picture{"input", "kyclink: the input screen, waiting for a customer ID",
		[]string{"kyclink", "CUSTOM", "Customer ID", "enter submit"}})

	s.send(okID + "\r")
	s.waitFor("the result screen", func(scr string) bool {
		return strings.Contains(scr, "Expires") && strings.Contains(scr, "q quit")
	})
	sn := s.settled()
	link := hyperlink(sn)
	if !strings.HasPrefix(link, "https://in.sumsub.com/websdk/p/sbx_") {
		t.Fatalf("no link on the result screen (OSC 8 target %q)", link)
	}
	svg := shoot(t, dir, sn, picture{"result", "kyclink: a new KYC link with its QR code and expiry",
		[]string{okID, "in.sumsub.com", link, "Expires", "q quit"}})
	// The picture's QR code is drawn as rectangles, not font glyphs: it
	// must scan as well as the terminal's does.
	if text, err := decodeSVGQR(svg); err != nil {
		t.Errorf("the QR code in the result picture does not decode: %v", err)
	} else if text != link {
		t.Errorf("the result picture's QR code says %q, the link is %q", text, link)
	}

	s.send("n")
	s.waitText("enter submit")
	s.send("\x15" + spheretest.Validation + "\r") // ctrl+u first: the field may keep the last ID
	s.waitFor("the error screen", func(scr string) bool {
		return strings.Contains(scr, "Validation failed") && strings.Contains(scr, "q quit")
	})
	shoot(t, dir, s.settled(), picture{"error", "kyclink: Sphere's validation errors, field by field",
		[]string{"Validation failed", "Invalid email format", "Postal code is required", "validation/failed"}})

	// Erin's terms link, then her terms accepted (the fake's clock moved
	// on at once) and the result following her.
	s.send("n")
	s.waitText("enter submit")
	s.send("\x15erin@example.com\r")
	s.waitText("Erin Example")
	s.send("\r")
	s.waitText("t makes the terms link")
	s.send("t")
	s.waitFor("Erin's terms link", func(scr string) bool {
		return strings.Contains(scr, "Terms link") && strings.Contains(scr, "Expires")
	})
	clock.Advance(spheretest.ErinAcceptsAfter)
	s.waitFor("her terms accepted", func(scr string) bool { return strings.Contains(scr, "k makes the KYC link now") })
	shoot(t, dir, s.settled(), picture{"timeline", "kyclink: the terms link's result following the customer: the terms accepted, and the KYC link next",
		[]string{"Following", "accepted the terms", "Terms accepted: k makes the KYC link now.", "k KYC link now"}})

	s.send("q")
	if code := s.wait(); code != 0 {
		t.Errorf("q exited %d, want 0", code)
	}
}

// TestPicturesAreInTheREADME keeps the README and docs/pictures in step:
// each picture TestPictures makes is in docs/pictures, made by it, and
// shown in the README.
func TestPicturesAreInTheREADME(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"input", "result", "error", "timeline"} {
		path := "docs/pictures/" + name + ".svg"
		if !bytes.Contains(readme, []byte("("+path+")")) {
			t.Errorf("the README does not show %s", path)
		}
		svg, err := os.ReadFile(filepath.Join(picturesDir, name+".svg"))
		if err != nil {
			t.Errorf("%v (go test ./ui/e2e -run TestPictures -update makes it)", err)
			continue
		}
		if !bytes.Contains(svg, []byte(generatedNote)) {
			t.Errorf("%s was not made by TestPictures", path)
		}
	}
}

// startPictureFake starts the fixed-seed fake on the first free port of
// picturePorts, on clock: the test moves it on for the demo customers'
// progress.
func startPictureFake(clock *spheretest.Clock) (*spheretest.Server, error) {
	var err error
	for _, port := range picturePorts {
		var srv *spheretest.Server
		srv, err = spheretest.StartOn("127.0.0.1:"+port, spheretest.Options{APIKey: testKey, Seed: 42, Now: clock.Now})
		if err == nil {
			return srv, nil
		}
	}
	return nil, err
}

// settled waits until two snapshots 50 ms apart agree cell for cell, so a
// picture never catches a frame half drawn.
func (s *session) settled() snap {
	s.t.Helper()
	deadline := time.Now().Add(waitLimit)
	prev := s.snapshot()
	for {
		select {
		case <-s.exited:
			s.t.Fatalf("kyclink exited (%v) while a picture was taken", s.exitErr)
		case <-time.After(50 * time.Millisecond):
		}
		cur := s.snapshot()
		if sameScreen(prev, cur) {
			return cur
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the screen did not hold still for 50 ms within %s", waitLimit)
		}
		prev = cur
	}
}

func sameScreen(a, b snap) bool {
	for y := range a.cells {
		for x := range a.cells[y] {
			if !a.cells[y][x].Equal(&b.cells[y][x]) {
				return false
			}
		}
	}
	return true
}

// shoot renders sn as the picture p into dir and checks it: well-formed
// SVG whose text is the screen's text, with p's words on it.
func shoot(t *testing.T, dir string, sn snap, p picture) []byte {
	t.Helper()
	svg := svgPicture(sn, p.title)
	rows, err := svgRows(svg, len(sn.cells))
	if err != nil {
		t.Fatalf("the %s picture is not well-formed SVG: %v", p.name, err)
	}
	got := strings.Join(rows, "\n")
	want := strings.TrimSuffix(blankBlocks(sn.text()), "\n")
	if got != want {
		t.Errorf("the %s picture's text is not the screen's:\n%s\nscreen:\n%s", p.name, got, want)
	}
	flat := strings.Join(strings.Fields(got), " ")
	for _, w := range p.words {
		if !strings.Contains(flat, w) {
			t.Errorf("the %s picture lacks %q:\n%s", p.name, w, got)
		}
	}
	path := filepath.Join(dir, p.name+".svg")
	if err := os.WriteFile(path, svg, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d bytes", path, len(svg))
	return svg
}

// blankBlocks replaces the glyphs drawn as rectangles with spaces and cuts
// the blanks that leaves at line ends, as svgRows reads them back.
func blankBlocks(screen string) string {
	lines := strings.Split(screen, "\n")
	for i, l := range lines {
		for g := range blockGlyphs {
			l = strings.ReplaceAll(l, g, " ")
		}
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// The picture's geometry, in SVG user units (pixels): a cell is 9×18 and
// the font 15px, so a monospace advance of 0.6em fills a cell exactly and
// a half block is square (a QR module).
const (
	cellW, cellH = 9, 18
	fontSize     = 15
	baseline     = 14 // from a row's top
	pad          = 12 // around the screen
	// A dark terminal: the emulator answers the app's background query
	// (OSC 11) with black, so the app picks its dark palette.
	pictureBg  = "#0d1117"
	pictureFg  = "#e6edf3" // the palette's dark Text colour
	fontFamily = `ui-monospace, SFMono-Regular, 'SF Mono', Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace`
	// generatedNote marks every picture as this test's output.
	generatedNote = "Made by `go test ./ui/e2e -run TestPictures -update`"
)

// blockGlyphs are drawn as rectangles, not text: fonts draw them unevenly
// (gaps, overlaps, a different height), which can make a QR code
// unscannable. The value says which halves, top and bottom, are ink.
var blockGlyphs = map[string][2]bool{"█": {true, true}, "▀": {true, false}, "▄": {false, true}}

// rect is a filled rectangle of the picture.
type rect struct {
	x, y, w, h int
	fill       string
}

// svgPicture draws a screen as SVG: a dark terminal, every background and
// block glyph as merged rectangles, and the text in runs of one style.
func svgPicture(sn snap, title string) []byte {
	rows, cols := len(sn.cells), 0
	if rows > 0 {
		cols = len(sn.cells[0])
	}
	width, height := cols*cellW+2*pad, rows*cellH+2*pad
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="%s">`+"\n",
		width, height, width, height, escape(title))
	fmt.Fprintf(&b, "<!-- %s: the real binary's screen, read off a terminal emulator. Do not edit. -->\n", generatedNote)
	fmt.Fprintf(&b, "<title>%s</title>\n", escape(title))
	fmt.Fprintf(&b, `<rect x="0" y="0" width="%d" height="%d" rx="8" fill="%s"/>`+"\n", width, height, pictureBg)
	b.WriteString(`<g shape-rendering="crispEdges">` + "\n")
	backs, inks := cellRects(sn)
	for _, layer := range [][]rect{backs, inks} {
		// Rectangles of one layer never overlap: grouped by colour, each
		// group names its fill once.
		var fills []string
		byFill := map[string][]rect{}
		for _, r := range layer {
			if byFill[r.fill] == nil {
				fills = append(fills, r.fill)
			}
			byFill[r.fill] = append(byFill[r.fill], r)
		}
		for _, f := range fills {
			fmt.Fprintf(&b, `<g fill="%s">`+"\n", f)
			for _, r := range byFill[f] {
				fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d"/>`+"\n", r.x, r.y, r.w, r.h)
			}
			b.WriteString("</g>\n")
		}
	}
	b.WriteString("</g>\n")
	fmt.Fprintf(&b, `<g font-family="%s" font-size="%d" fill="%s">`+"\n", fontFamily, fontSize, pictureFg)
	var lines []rect // underlines and strikethroughs, drawn after the text
	for y := range sn.cells {
		for _, r := range textRuns(sn.cells[y]) {
			x, top := pad+r.x*cellW, pad+y*cellH
			b.WriteString(`<text x="` + strconv.Itoa(x) + `" y="` + strconv.Itoa(top+baseline) + `"`)
			if r.st.fg != pictureFg {
				b.WriteString(` fill="` + r.st.fg + `"`)
			}
			if r.st.bold {
				b.WriteString(` font-weight="bold"`)
			}
			if r.st.italic {
				b.WriteString(` font-style="italic"`)
			}
			if r.st.faint {
				b.WriteString(` fill-opacity="0.6"`)
			}
			fmt.Fprintf(&b, ` textLength="%d">%s</text>`+"\n", r.cells*cellW, escape(r.text))
			if r.st.underline {
				lines = append(lines, rect{x, top + baseline + 2, r.cells * cellW, 1, r.st.fg})
			}
			if r.st.strike {
				lines = append(lines, rect{x, top + baseline - 5, r.cells * cellW, 1, r.st.fg})
			}
		}
	}
	b.WriteString("</g>\n")
	for _, r := range lines {
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s"/>`+"\n", r.x, r.y, r.w, r.h, r.fill)
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}

// colours is a cell's foreground and background as the terminal shows
// them: the terminal's defaults filled in, reverse video applied.
func colours(st uv.Style) (fg, bg string) {
	fg, bg = hexColour(st.Fg, pictureFg), hexColour(st.Bg, pictureBg)
	if st.Attrs&uv.AttrReverse != 0 {
		fg, bg = bg, fg
	}
	return fg, bg
}

// cellRects paints every cell's background, and the ink of the block
// glyphs to go over it, each layer in as few rectangles as it can.
func cellRects(sn snap) (backs, inks []rect) {
	rows := len(sn.cells)
	backGrid, inkGrid := make([][]string, rows), make([][]string, 2*rows) // "": nothing to paint
	for y, row := range sn.cells {
		backGrid[y] = make([]string, len(row))
		inkGrid[2*y], inkGrid[2*y+1] = make([]string, len(row)), make([]string, len(row))
		for x, c := range row {
			fg, bg := colours(c.Style)
			if bg != pictureBg {
				backGrid[y][x] = bg
			}
			if ink, ok := blockGlyphs[c.Content]; ok && fg != bg {
				for half := range 2 {
					if ink[half] {
						inkGrid[2*y+half][x] = fg
					}
				}
			}
		}
	}
	return layerRects(backGrid, cellH), layerRects(inkGrid, cellH/2)
}

// layerRects turns a grid of colours, rows rowH high, into rectangles:
// runs of one colour along a row, stacked into one rectangle where the
// same run repeats on the rows below.
func layerRects(grid [][]string, rowH int) []rect {
	var out []rect
	open := map[rect]int{} // a run's x, w and fill, at y: its rectangle, ending at y
	for y, row := range grid {
		top := pad + y*rowH
		next := map[rect]int{}
		for x := 0; x < len(row); {
			end := x + 1
			for end < len(row) && row[end] == row[x] {
				end++
			}
			if row[x] != "" {
				key := rect{x: pad + x*cellW, y: top, w: (end - x) * cellW, fill: row[x]}
				i, ok := open[key]
				if ok {
					out[i].h += rowH
				} else {
					out = append(out, rect{x: key.x, y: top, w: key.w, h: rowH, fill: key.fill})
					i = len(out) - 1
				}
				key.y += rowH
				next[key] = i
			}
			x = end
		}
		open = next
	}
	return out
}

// textStyle is what a run of text shares.
type textStyle struct {
	fg                                             string
	bold, italic, faint, underline, strike, hidden bool
}

// run is text of one style on one row, starting at cell x.
type run struct {
	x, cells int
	text     string
	st       textStyle
}

// textRuns cuts a row into runs of one style. A single blank stays inside
// a run; two or more end it, so no run depends on how a viewer treats
// spaces (SVG collapses them). Block glyphs are not text (cellRects).
func textRuns(row []uv.Cell) []run {
	var out []run
	var cur *run
	blanks := 0
	flush := func() {
		if cur != nil {
			out = append(out, *cur)
			cur = nil
		}
	}
	for x, c := range row {
		if c.Content == "" { // the second cell of a wide character
			continue
		}
		_, block := blockGlyphs[c.Content]
		if c.Content == " " || block {
			blanks++
			if blanks > 1 {
				flush()
			}
			continue
		}
		fg, _ := colours(c.Style)
		a := c.Style.Attrs
		st := textStyle{fg: fg, bold: a&uv.AttrBold != 0, italic: a&uv.AttrItalic != 0,
			faint: a&uv.AttrFaint != 0, underline: c.Style.Underline != uv.UnderlineNone,
			strike: a&uv.AttrStrikethrough != 0, hidden: a&uv.AttrConceal != 0}
		if cur != nil && (cur.st != st || blanks > 1) {
			flush()
		}
		if cur == nil {
			cur = &run{x: x, st: st}
		} else if blanks == 1 {
			cur.text += " "
		}
		blanks = 0
		cur.text += c.Content
		cur.cells = x + max(c.Width, 1) - cur.x
	}
	flush()
	kept := out[:0]
	for _, r := range out {
		if !r.st.hidden {
			kept = append(kept, r)
		}
	}
	return kept
}

// hexColour is c as #rrggbb, or def for the terminal's default colour.
func hexColour(c color.Color, def string) string {
	r, g, b, ok := rgb(c)
	if !ok {
		return def
	}
	return fmt.Sprintf("#%02x%02x%02x", r, g, b)
}

func escape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// svgRows reads a picture's text back, row by row (trailing blanks cut),
// by the position of each <text>: proof the SVG parses and says what the
// screen said. It assumes every character is one cell wide.
func svgRows(svg []byte, rows int) ([]string, error) {
	grid := make([][]rune, rows)
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var in *[2]int // the open <text>'s column and row
	for {
		tok, err := dec.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Local != "text" {
				continue
			}
			var x, y int
			for _, a := range tok.Attr {
				switch a.Name.Local {
				case "x":
					x, _ = strconv.Atoi(a.Value)
				case "y":
					y, _ = strconv.Atoi(a.Value)
				}
			}
			in = &[2]int{(x - pad) / cellW, (y - pad - baseline) / cellH}
		case xml.EndElement:
			if tok.Name.Local == "text" {
				in = nil
			}
		case xml.CharData:
			if in == nil {
				continue
			}
			col, row := in[0], in[1]
			if row < 0 || row >= rows {
				return nil, fmt.Errorf("text %q on row %d, outside the screen", tok, row)
			}
			for _, r := range string(tok) {
				for len(grid[row]) <= col {
					grid[row] = append(grid[row], ' ')
				}
				grid[row][col] = r
				col++
			}
		}
	}
	out := make([]string, rows)
	for i, g := range grid {
		out[i] = strings.TrimRight(string(g), " ")
	}
	return out, nil
}

// decodeSVGQR paints a picture's rectangles (text left out) and reads the
// QR code in it, as a phone would read the rendered picture.
func decodeSVGQR(svg []byte) (string, error) {
	var doc struct {
		Width  int `xml:"width,attr"`
		Height int `xml:"height,attr"`
		Groups []struct {
			Fill  string `xml:"fill,attr"`
			Rects []struct {
				X int `xml:"x,attr"`
				Y int `xml:"y,attr"`
				W int `xml:"width,attr"`
				H int `xml:"height,attr"`
			} `xml:"rect"`
		} `xml:"g>g"`
	}
	if err := xml.Unmarshal(svg, &doc); err != nil {
		return "", err
	}
	img := image.NewGray(image.Rect(0, 0, doc.Width, doc.Height))
	for i := range img.Pix {
		img.Pix[i] = 0xff // the page the picture sits on
	}
	fill := func(x, y, w, h int, hex string) {
		var r, g, b uint8
		if _, err := fmt.Sscanf(hex, "#%02x%02x%02x", &r, &g, &b); err != nil {
			return
		}
		v := color.Gray{Y: luminance(color.RGBA{r, g, b, 0xff})}
		for yy := y; yy < y+h; yy++ {
			for xx := x; xx < x+w; xx++ {
				img.SetGray(xx, yy, v)
			}
		}
	}
	fill(0, 0, doc.Width, doc.Height, pictureBg)
	for _, g := range doc.Groups { // in order: backgrounds, then ink
		for _, r := range g.Rects {
			fill(r.X, r.Y, r.W, r.H, g.Fill)
		}
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

// This file owns line mode (--accessible): the same model, driven line by
// line for screen readers and plain terminals. Nothing is redrawn; every
// change of state is printed once, as words, and every action is a
// lettered choice typed on its own line.

package ui

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"

	"github.com/kyclink/kyclink/theme"
)

// RunLines runs the app in line mode on in and out until the agent quits,
// in ends, or ctx ends. Like Run, it returns an *InterruptedError when ctx
// ends while a request is in flight.
func RunLines(ctx context.Context, o Options, in io.Reader, out io.Writer) error {
	// Words, not colours: a fixed renderer asks the terminal nothing.
	o.Renderer = theme.FixedRenderer(io.Discard, termenv.Ascii, true)
	o.Lines = true // durations in words
	if o.Clipboard == nil {
		clip := SystemAndTerminal{Terminal: out}
		if environ(o.Getenv).Getenv("TERM") == "dumb" {
			clip.Terminal = nil // a dumb terminal would print the OSC 52 bytes
		}
		o.Clipboard = clip
	}
	if o.Notify == nil && !o.Quiet {
		o.Notify = func(string) { _, _ = io.WriteString(out, "\a") } // words, not sequences: the change is its own line
	}
	lr := &lineRunner{m: New(o), out: out, msgs: make(chan tea.Msg, 16)}
	lr.m = lr.update(tea.WindowSizeMsg{Width: 100, Height: 40}) // room for every screen; nothing is drawn
	lines := make(chan string)
	go func() { // ends with in; a line typed after the app quits is dropped
		sc := bufio.NewScanner(in)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	header := "kyclink · " + o.Environment.Label()
	if o.HeaderNote != "" { // where the key comes from, "record off"
		header += " · " + sanitizeOneLine(o.HeaderNote)
	}
	fmt.Fprintln(out, header)
	lr.run(lr.m.Init())
	lr.report()
	for {
		select {
		case <-ctx.Done():
			return lr.stop(ctx.Err())
		case msg := <-lr.msgs:
			if _, quit := msg.(tea.QuitMsg); quit {
				return lr.stop(nil)
			}
			lr.m = lr.update(msg)
			lr.report()
		case line, ok := <-lines:
			if !ok {
				return lr.stop(nil)
			}
			lr.open = false // the agent's Enter ended the prompt's line
			if lr.answer(strings.TrimSpace(line)) {
				return lr.stop(nil)
			}
			if !lr.report() && lr.last.prompt != "" {
				// The line changed nothing: say so rather than seem to hang.
				fmt.Fprint(out, "Not one of the choices. "+lr.last.prompt)
				lr.open = true
			}
		}
	}
}

// lineRunner is a small Bubble Tea runtime: it runs the model's commands
// and feeds their messages back, and prints what changed.
type lineRunner struct {
	m    Model
	out  io.Writer
	msgs chan tea.Msg
	last lineState
	// open is true while a prompt waits at the end of a line: news that
	// comes unasked (a watch's change) starts a line of its own.
	open bool
}

func (lr *lineRunner) update(msg tea.Msg) Model {
	next, cmd := lr.m.Update(msg)
	lr.m = next.(Model)
	lr.run(cmd)
	return lr.m
}

// run starts a command; its message comes back through msgs. Spinner
// frames are dropped: nothing is animated in line mode.
func (lr *lineRunner) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		switch msg := cmd().(type) {
		case nil, spinner.TickMsg:
		case tea.BatchMsg:
			for _, c := range msg {
				lr.run(c)
			}
		default:
			lr.msgs <- msg
		}
	}()
}

func (lr *lineRunner) stop(err error) error {
	if lr.m.screen == screenLoading {
		lr.m.stopRequest()
		return &InterruptedError{CustomerID: lr.m.req.id}
	}
	return err
}

func (lr *lineRunner) key(k tea.KeyType, runes ...rune) {
	lr.m = lr.update(tea.KeyMsg{Type: k, Runes: runes})
}

func (lr *lineRunner) letter(r rune) { lr.key(tea.KeyRunes, r) }

// answer turns one typed line into the keys it stands for; it reports
// whether the agent quit.
func (lr *lineRunner) answer(line string) (quit bool) {
	m := &lr.m
	choice := strings.ToLower(line)
	switch {
	case choice == "q" && m.screen != screenLoading:
		return true
	case m.confirm.asking():
		switch choice {
		case "", "s":
			lr.key(tea.KeyEnter)
		case "y", "n":
			lr.letter(rune(choice[0]))
		}
	case m.screen == screenSearch:
		switch n, err := strconv.Atoi(choice); {
		case err == nil && n >= 1 && n <= len(m.search.page.Customers):
			m.search.cursor = n - 1
			lr.key(tea.KeyEnter)
		case choice == ">" && m.search.page.HasNext:
			lr.key(tea.KeyPgDown)
		case choice == "<" && m.search.page.HasPrevious:
			lr.key(tea.KeyPgUp)
		case choice == "n":
			lr.letter('n')
		}
	case m.screen == screenInput:
		switch {
		case choice == "h":
			lr.key(tea.KeyTab)
		case choice == "l" && m.field.lowerFix:
			lr.key(tea.KeyCtrlL)
			lr.key(tea.KeyEnter)
		case choice == "":
		default:
			m.field.input.SetValue(line)
			lr.key(tea.KeyEnter)
		}
	case m.screen == screenLoading:
		if choice == "x" {
			lr.key(tea.KeyEsc)
		}
	case m.screen == screenHistory:
		if n, err := strconv.Atoi(choice); err == nil && n >= 1 && n <= len(m.sess.history) {
			m.sess.cursor = n - 1
			lr.key(tea.KeyEnter)
		} else if choice == "b" {
			lr.key(tea.KeyEsc)
		}
	case choice == "b" && m.screen == screenCustomer && m.cust != nil && m.search.has(m.cust.ID):
		lr.key(tea.KeyEsc) // back to the results
	case choice == "s" && m.screen == screenResult:
		lr.printQR()
	case choice == "h":
		lr.key(tea.KeyTab)
	case len(choice) == 1:
		lr.letter(rune(choice[0])) // c, r, n, y: the screen's own letters
	}
	return false
}

// Tests and benchmarks of Enter→link against a far-away Sphere (the fake
// over HTTPS behind a delaying proxy), through the model's own request
// path: the lookup read ahead as the ID lands in the field, Enter, the
// link request, the answer's message.

package ui

import (
	"context"
	"os"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"

	"github.com/kyclink/kyclink/client/spheretest"
)

// otherID is a second customer whose next step is the KYC link: Enter on
// the first again would ask before replacing its link.
const otherID = spheretest.CustomerBusiness

// within bounds every wait for the network; none takes as long on a
// working machine.
const within = 10 * time.Second

// program runs a model as Bubble Tea does, without a terminal: every
// command on a goroutine of its own, every message through Update on the
// test's goroutine. Timers (spinner, countdown) tick as they would.
type program struct {
	tb   testing.TB
	m    Model
	msgs chan tea.Msg
	done chan struct{}
}

// farApp is the app on a new client of a far fake, its warm-up wired as
// the root command wires it (or none), started.
func farApp(tb testing.TB, far *spheretest.FarServer, warm bool) *program {
	c := far.NewClient(tb)
	o := Options{
		Client:    c,
		Now:       far.Clock.Now,
		Renderer:  testRenderer(termenv.ANSI256, true),
		Clipboard: SystemAndTerminal{Write: func(string) error { return nil }},
	}
	if warm {
		o.Warm = func() { c.Warm(context.Background()) }
	}
	p := &program{tb: tb, m: New(o), msgs: make(chan tea.Msg, 64), done: make(chan struct{})}
	tb.Cleanup(func() { close(p.done) })
	p.run(p.m.Init())
	p.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	return p
}

func (p *program) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		msg := cmd()
		if batch, ok := msg.(tea.BatchMsg); ok {
			for _, c := range batch {
				p.run(c)
			}
			return
		}
		if msg == nil {
			return
		}
		select {
		case p.msgs <- msg:
		case <-p.done:
		}
	}()
}

// send is one message through Update; its commands start.
func (p *program) send(msg tea.Msg) {
	next, cmd := p.m.Update(msg)
	p.m = next.(Model)
	p.run(cmd)
}

// until handles messages as they come until ok holds of the model, or
// fails the test after the time allowed.
func (p *program) until(what string, ok func(Model) bool) {
	p.tb.Helper()
	timeout := time.NewTimer(within)
	defer timeout.Stop()
	for !ok(p.m) {
		select {
		case msg := <-p.msgs:
			p.send(msg)
		case <-timeout.C:
			p.tb.Fatalf("no %s within %v (screen %d, failure %v)", what, within, p.m.screen, p.m.failure)
		}
	}
}

// wait handles messages as they come for d: the agent at the keyboard.
func (p *program) wait(d time.Duration) {
	deadline := time.NewTimer(d)
	defer deadline.Stop()
	for {
		select {
		case msg := <-p.msgs:
			p.send(msg)
		case <-deadline.C:
			return
		}
	}
}

// paste puts an ID in the field in one paste: its lookup starts.
func (p *program) paste(id string) {
	p.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(id), Paste: true})
}

// enter presses Enter and handles messages until the link is on screen.
func (p *program) enter() {
	p.tb.Helper()
	links := len(p.m.sess.history)
	p.send(press("enter"))
	p.until("link", func(m Model) bool {
		if m.screen == screenError || m.screen == screenCustomer || m.confirm.asking() {
			p.tb.Fatalf("Enter led to screen %d (question %v), not a link", m.screen, m.confirm.asking())
		}
		return m.screen == screenResult && len(m.sess.history) > links
	})
}

// typeAfterPause is the agent coming back to the field after the
// connection went idle: time passes on the app's clock, then a keystroke
// (whose warm-up starts), then the field is cleared again.
func (p *program) typeAfterPause(far *spheretest.FarServer) {
	far.Clock.Advance(warmAgain)
	p.send(press("c"))
	p.send(press("esc"))
}

func TestWarmedEnterOpensNoNewConnection(t *testing.T) {
	far := spheretest.NewFarServer(t, spheretest.Options{}, 0)
	p := farApp(t, far, true) // the input screen asked for a warm-up
	if !far.WaitForConnections(1, within) {
		t.Fatal("the input screen's warm-up opened no connection")
	}
	p.paste(okID) // the lookup goes on the warmed connection
	p.enter()
	if n := far.Accepted(); n != 1 {
		t.Errorf("%d connections, want only the warmed one", n)
	}

	// The server drops the idle connection; the agent comes back to type.
	p.send(press("n"))
	far.DropConnections()
	for !far.WaitForConnections(2, 10*time.Millisecond) { // until the client has heard of the drop
		if far.Clock.Now().Sub(spheretest.TestTime) > 1000*warmAgain {
			t.Fatal("typing after the drop never opened a new connection")
		}
		p.typeAfterPause(far)
	}
	p.paste(otherID)
	p.enter()
	if n := far.Accepted(); n != 2 {
		t.Errorf("%d connections, want 2: the request after the drop used the one warmed by typing", n)
	}
}

func TestColdEnterOpensOneConnection(t *testing.T) {
	far := spheretest.NewFarServer(t, spheretest.Options{}, 0)
	p := farApp(t, far, false)
	if n := far.Accepted(); n != 0 {
		t.Fatalf("%d connections before the ID without a warm-up, want 0", n)
	}
	p.paste(okID)
	p.enter()
	if n := far.Accepted(); n != 1 {
		t.Errorf("%d connections for the lookup and the link, want 1", n)
	}
}

// benchOneWay is the proxy's delay each way: KYCLINK_BENCH_ONEWAY (such as
// 100ms, a 200 ms round trip), or 10ms to keep `go test -bench` quick.
func benchOneWay(b *testing.B) time.Duration {
	d := 10 * time.Millisecond
	if s := os.Getenv("KYCLINK_BENCH_ONEWAY"); s != "" {
		var err error
		if d, err = time.ParseDuration(s); err != nil || d <= 0 {
			b.Fatalf("KYCLINK_BENCH_ONEWAY=%q: want a positive duration", s)
		}
	}
	return d
}

// BenchmarkEnterToLink measures Enter→link, from the key to the result
// screen, through a proxy that adds a one-way delay (benchOneWay) to a
// fake over HTTPS and HTTP/2, with the customer's lookup read ahead as the
// app does. RTT/op is that time in round trips; conns/op counts the
// connections opened after Enter. Times before Enter are in round trips:
//
//   - cold: no warm-up; the ID pasted and Enter at once (TCP, TLS, the
//     lookup and the link: 4).
//   - warmed: the input screen (its warm-up) 4 before Enter, the ID 2.
//   - warmed2: the input screen and the ID both 2 before Enter: the
//     lookup waits for the connection, the link for the lookup.
//   - dropped: after a link, the server dropped the connection; the agent
//     starts typing 4 before Enter, the ID complete 2 before.
//   - dropped2: the same, typing starting with the ID 2 before Enter.
func BenchmarkEnterToLink(b *testing.B) {
	oneWay := benchOneWay(b)
	rtt := 2 * oneWay
	// dropped is an app that made a link on a connection the server then
	// dropped, a while ago.
	dropped := func(b *testing.B, far *spheretest.FarServer) *program {
		p := farApp(b, far, true)
		p.paste(okID)
		p.enter()
		p.send(press("n"))
		far.DropConnections()
		p.wait(oneWay + 20*time.Millisecond) // the drop reaches the client
		far.Clock.Advance(warmAgain)
		return p
	}
	for _, bc := range []struct {
		name  string
		ready func(*testing.B, *spheretest.FarServer) *program // the app just before Enter
	}{
		{"cold", func(b *testing.B, far *spheretest.FarServer) *program {
			p := farApp(b, far, false)
			p.paste(okID)
			return p
		}},
		{"warmed", func(b *testing.B, far *spheretest.FarServer) *program {
			p := farApp(b, far, true)
			p.wait(2 * rtt)
			p.paste(okID)
			p.wait(2 * rtt)
			return p
		}},
		{"warmed2", func(b *testing.B, far *spheretest.FarServer) *program {
			p := farApp(b, far, true)
			p.paste(okID)
			p.wait(2 * rtt)
			return p
		}},
		{"dropped", func(b *testing.B, far *spheretest.FarServer) *program {
			p := dropped(b, far)
			p.send(press("c")) // the first keystroke: a warm-up
			p.wait(2 * rtt)
			p.send(press("esc"))
			p.paste(otherID)
			p.wait(2 * rtt)
			return p
		}},
		{"dropped2", func(b *testing.B, far *spheretest.FarServer) *program {
			p := dropped(b, far)
			p.paste(otherID)
			p.wait(2 * rtt)
			return p
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			far := spheretest.NewFarServer(b, spheretest.Options{}, oneWay)
			var took time.Duration
			var conns int
			b.StopTimer()
			for range b.N {
				far.DropConnections() // the last round's client, gone
				p := bc.ready(b, far)
				before := far.Accepted()
				start := time.Now()
				b.StartTimer()
				p.enter()
				b.StopTimer()
				took += time.Since(start)
				conns += far.Accepted() - before
			}
			b.ReportMetric(float64(took)/float64(rtt)/float64(b.N), "RTT/op")
			b.ReportMetric(float64(conns)/float64(b.N), "conns/op")
			b.ReportMetric(float64(rtt)/float64(time.Millisecond), "RTT-ms")
		})
	}
}

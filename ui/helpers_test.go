package ui

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
	"github.com/kyclink/kyclink/theme"
)

var t0 = spheretest.TestTime

const okID = "customer_f31121c389624d3697cbf3ea8830b7a4"

// fakeSystem is a system clipboard that records what it was given.
type fakeSystem struct {
	mu    sync.Mutex
	texts []string
	err   error
}

func (f *fakeSystem) Write(s string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return f.err
	}
	f.texts = append(f.texts, s)
	return nil
}

func (f *fakeSystem) Texts() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.texts...)
}

// syncBuffer is a terminal stand-in for the OSC 52 bytes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// harness is a fake Sphere, a client for it, a clock and a clipboard.
type harness struct {
	clock  *spheretest.Clock
	fake   *spheretest.Handler
	client *client.Client
	system *fakeSystem
	term   *syncBuffer
	keys   int
}

func newHarness(t testing.TB) *harness {
	t.Helper()
	srv := spheretest.NewTestServer(t, spheretest.Options{Seed: 42})
	return &harness{clock: srv.Clock, fake: srv.Handler, client: srv.NewClient(t), system: &fakeSystem{}, term: &syncBuffer{}}
}

func testRenderer(profile termenv.Profile, dark bool) *lipgloss.Renderer {
	return theme.FixedRenderer(io.Discard, profile, dark)
}

func (h *harness) options() Options {
	return Options{
		Client:      h.client,
		Environment: client.Environment{Kind: client.EnvDemo, Host: "127.0.0.1:4010"},
		Now:         h.clock.Now,
		Location:    time.FixedZone("CET", 3600),
		Clipboard:   SystemAndTerminal{Write: h.system.Write, Terminal: h.term, Host: &debianDesk},
		Renderer:    testRenderer(termenv.ANSI256, true),
		NewIdempotencyKey: func() string {
			h.keys++
			return fmt.Sprintf("key-%d", h.keys)
		},
	}
}

// model is a sized model, as after the first WindowSizeMsg.
func (h *harness) model(w, ht int) Model {
	return update(New(h.options()), tea.WindowSizeMsg{Width: w, Height: ht})
}

// answer runs the request the model is waiting for, synchronously, and
// delivers its result.
func (h *harness) answer(t testing.TB, m Model) Model {
	t.Helper()
	if m.screen != screenLoading {
		t.Fatalf("answer: screen %d is not loading", m.screen)
	}
	// A lookup leads to a link request: answer each in turn.
	for range 4 {
		if m.screen != screenLoading {
			break
		}
		m = update(m, reply(m))
	}
	return m
}

// reply runs the model's request against its client, synchronously, as
// the model's own command would, and returns the answer.
func reply(m Model) tea.Msg {
	ctx, r, c := context.Background(), m.req, m.o.Client
	switch r.act {
	case actLookup:
		cu, err := c.Customer(ctx, r.id)
		return customerMsg{seq: r.seq, id: r.id, customer: cu, err: err}
	case actSearch:
		p, err := c.SearchCustomers(ctx, r.id, r.page, m.limitOf(r))
		return searchMsg{seq: r.seq, query: r.id, page: p, err: err}
	case actTermsLink:
		link, err := c.TermsLink(ctx, r.id, r.idemKey)
		return resultMsg{seq: r.seq, id: r.id, idemKey: r.idemKey, link: link, err: err}
	case actFaceLink:
		link, err := m.helper().FaceVerificationLink(ctx, r.id, r.idemKey)
		return resultMsg{seq: r.seq, id: r.id, idemKey: r.idemKey, link: link, err: err}
	}
	link, err := c.RegenerateKYCLinkWithKey(ctx, r.id, r.idemKey)
	return resultMsg{seq: r.seq, id: r.id, idemKey: r.idemKey, link: link, err: err}
}

// throughCard makes the KYC link from the customer card, when the lookup
// stopped there, saying yes to Sphere's doubt.
func (h *harness) throughCard(t testing.TB, m Model) Model {
	t.Helper()
	if m.screen != screenCustomer {
		return m
	}
	if m = update(m, press("k")); m.confirm.asking() {
		m = update(m, press("y"))
	}
	return h.answer(t, m)
}

// posts is how many link requests (POST) the fake has seen.
func (h *harness) posts() int {
	n := 0
	for _, r := range h.fake.Requests() {
		if r.Method == http.MethodPost {
			n++
		}
	}
	return n
}

// submitted types an ID, presses Enter and delivers the answer.
func (h *harness) submitted(t testing.TB, m Model, id string) Model {
	t.Helper()
	return h.answer(t, update(typeText(m, id), press("enter")))
}

func update(m Model, msgs ...tea.Msg) Model {
	for _, msg := range msgs {
		next, _ := m.Update(msg)
		m = next.(Model)
	}
	return m
}

var namedKeys = map[string]tea.KeyType{
	"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab, "up": tea.KeyUp,
	"down": tea.KeyDown, "ctrl+c": tea.KeyCtrlC, "backspace": tea.KeyBackspace,
	"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown,
}

// press is one key: a named one, or the runes typed.
func press(k string) tea.KeyMsg {
	if t, ok := namedKeys[k]; ok {
		return tea.KeyMsg{Type: t}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

func typeText(m Model, s string) Model {
	for _, r := range s {
		m = update(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	return m
}

// stubRegenerator answers every link request with one link or error; a
// lookup finds a customer whose KYC is to do, so the link follows.
type stubRegenerator struct {
	link client.Link
	err  error
}

func (s stubRegenerator) Customer(_ context.Context, id string) (client.Customer, error) {
	return client.Customer{ID: id, Type: "individual", FirstName: "Stub", Profiles: []client.VerificationProfile{{Name: "kyc_profile_a", Status: "incomplete"}}}, nil
}

func (s stubRegenerator) Classify(raw string) client.Input { return client.ClassifyInput(raw) }

func (s stubRegenerator) SearchCustomers(context.Context, string, int, int) (client.CustomerPage, error) {
	return client.CustomerPage{}, nil
}

func (s stubRegenerator) TermsLink(ctx context.Context, id, key string) (client.Link, error) {
	l, err := s.RegenerateKYCLinkWithKey(ctx, id, key)
	l.Kind = client.LinkTerms
	return l, err
}

func (s stubRegenerator) RegenerateKYCLinkWithKey(ctx context.Context, id, key string) (client.Link, error) {
	if s.err != nil {
		return client.Link{}, s.err
	}
	l := s.link
	l.CustomerID = id
	return l, nil
}

// debianDesk is a Linux desktop under X11 with no clipboard tool.
var debianDesk = ClipboardHost{
	GOOS:      "linux",
	Getenv:    func(k string) string { return map[string]string{"DISPLAY": ":0"}[k] },
	LookPath:  func(string) (string, error) { return "", exec.ErrNotFound },
	OSRelease: "ID=debian\n",
}

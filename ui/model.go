// This file owns the root model: the state every screen shares, and the
// routing of each message and key to the screen or part that handles it.

package ui

import (
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/theme"
)

type screen int

const (
	screenInput screen = iota
	screenLoading
	screenResult
	screenError
	screenHistory
	screenSearch   // the results of a search by email or name
	screenCustomer // the customer card, when a link is not the obvious next step
)

// Model is the root model: it owns all state and routes messages. The
// screens share the history and the request, so they are parts of it
// rather than models of their own.
type Model struct {
	o      Options
	st     theme.Styles
	keys   KeyMap
	help   help.Model
	spin   spinner.Model
	width  int
	height int
	now    time.Time

	screen screen
	from   screen // where history was opened from

	field  idField     // the customer-ID field, or an email or a name
	req    request     // the call in flight, or the last that failed
	seqs   int         // request numbers issued so far
	ahead  ahead       // the lookup read ahead of Enter
	sess   session     // the links made so far
	search searchState // the search on screen

	current   *entry           // the link on the result screen
	failure   *client.APIError // the failure on the error screen
	failedID  string           // the customer ID or the search that failed
	cust      *client.Customer // the customer looked up last
	lookupErr *client.APIError // why the lookup failed, when the link was made without it
	lookupFor string           // the customer lookupErr is about

	showQR   bool
	confirm  confirmation // the question on screen, if any
	status   string
	statusOK bool
	// copied is the link the status line says was copied: once it may no
	// longer be sent, that news is stale and goes.
	copied   *entry
	ticking  bool
	lay      layout
	fit      momentsFit // how many timeline rows fitted, and for what
	body     scroller
	initCmd  tea.Cmd
	warmedAt time.Time // when Options.Warm was last asked
	// interrupted is the customer whose request ctrl+c cut off, if any.
	interrupted string
	watch       watching             // the customer on screen, read again (watch.go)
	codes       map[string]codeState // verification codes sent, by customer and channel (helps.go)
}

// New builds the app's model. With Options.InitialID it starts loading.
func New(o Options) Model {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Location == nil {
		o.Location = time.Local
	}
	if o.ExpectedHosts == nil {
		o.ExpectedHosts = client.DefaultLinkHosts
	}
	if o.NewIdempotencyKey == nil {
		o.NewIdempotencyKey = client.NewIdempotencyKey
	}
	if o.Renderer == nil {
		o.Renderer = lipgloss.DefaultRenderer()
	}
	if o.Clipboard == nil {
		o.Clipboard = SystemAndTerminal{}
	}
	st := theme.New(o.Renderer)
	m := Model{o: o, st: st, keys: DefaultKeyMap(), showQR: true, now: o.Now(), field: newIDField(st)}
	m.keys.KYCNow.SetEnabled(false) // until a watch says so
	m.spin = spinner.New(spinner.WithSpinner(spinner.Dot), spinner.WithStyle(st.Spinner))
	m.help = help.New()
	m.help.Styles = help.Styles{
		ShortKey: st.HelpKey, ShortDesc: st.HelpDesc, ShortSeparator: st.HelpSep, Ellipsis: st.HelpSep,
		FullKey: st.HelpKey, FullDesc: st.HelpDesc, FullSeparator: st.HelpSep,
	}
	if o.InitialID != "" { // the lookup first; a link the record knows is asked about after it
		m.field.input.SetValue(o.InitialID)
		m.initCmd = m.enter(o.Client.Classify(o.InitialID))
	} else {
		m.initCmd = m.warm() // the input screen is the first
	}
	m.notice()
	return m
}

// Init implements tea.Model.
func (m Model) Init() tea.Cmd { return m.initCmd }

// Update implements tea.Model: every state change happens here, and so
// does every expensive step (QR painting, layout), never in View.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m.now = m.o.Now()
	prev, wasAsking, prevValue := m.screen, m.confirm.asking(), m.field.input.Value()
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.resize(msg.Width, msg.Height)
	case tea.KeyMsg:
		cmd = m.handleKey(msg)
	case resultMsg:
		cmd = m.handleResult(msg)
	case customerMsg:
		cmd = m.handleCustomer(msg)
	case searchMsg:
		cmd = m.handleSearch(msg)
	case retryMsg:
		cmd = m.handleRetry(msg)
	case watchTickMsg:
		cmd = m.handleWatchTick(msg)
	case watchMsg:
		cmd = m.handleWatch(msg)
	case codeMsg:
		cmd = m.handleCode(msg)
	case tickMsg:
		m.ticking = false
		cmd = m.startTicking()
	case copiedMsg:
		m.status, m.statusOK = copyStatus(msg.what, msg.res)
		if msg.what == "Link" {
			m.copied = m.current
		}
	case spinner.TickMsg:
		if m.screen == screenLoading {
			m.spin, cmd = m.spin.Update(msg)
		}
	default:
		m.field.input, cmd = m.field.input.Update(msg)
	}
	if m.copied != nil && !m.copied.usable(m.now) {
		m.status, m.copied = "", nil // "copied" no longer describes a link that may be sent
	}
	if c := m.confirm; c.asking() && c.why == "" && c.unusual == "" && !m.protects(c.id, c.kind) {
		m.confirm = confirmation{} // nothing valid left to protect
	}
	m.focusField()
	if warm := m.warmAfter(prev, wasAsking, prevValue); warm != nil {
		cmd = tea.Batch(cmd, warm)
	}
	if watch := m.syncWatch(); watch != nil {
		cmd = tea.Batch(cmd, watch)
	}
	m.keys.KYCNow.SetEnabled(m.followsOn())
	m.relayout()
	return m, cmd
}

// focusField gives the field the keys, and its cursor, exactly when the
// input screen shows with no question on it: decided here, once, so no way
// back to the field (a question cancelled, a lookup that ended in one)
// can leave it deaf.
func (m *Model) focusField() {
	want := m.screen == screenInput && !m.confirm.asking()
	switch {
	case want && !m.field.input.Focused():
		m.field.input.Focus()
		m.field.input.CursorEnd() // where the agent goes on typing
	case !want && m.field.input.Focused():
		m.field.input.Blur()
	}
}

func (m *Model) resize(w, h int) {
	m.width, m.height = w, h
	m.help.Width = w - margin
	in := &m.field.input
	in.Width = max(w-margin-lipgloss.Width(in.Prompt)-1, 10)
	in.SetCursor(in.Position()) // re-fits the field's visible slice to the new width
}

func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	if key.Matches(msg, m.keys.ForceQuit) {
		if m.screen == screenLoading && m.req.act.makesLink() {
			m.interrupted = m.req.id // Run tells the agent once the screen is back
		}
		m.stopRequest()
		return tea.Quit
	}
	if m.lay.tooSmall { // nothing is answered unseen
		if key.Matches(msg, m.keys.Quit) {
			m.stopRequest()
			return tea.Quit
		}
		return nil
	}
	if m.confirm.asking() {
		return m.confirmKey(msg)
	}
	// q quits wherever no text field owns the letters.
	if key.Matches(msg, m.keys.Quit) && m.screen != screenInput && m.screen != screenLoading {
		return tea.Quit
	}
	// The full help closes the way it opened, before any screen sees the key.
	if m.help.ShowAll && key.Matches(msg, m.keys.Help, m.keys.CloseHelp) {
		m.help.ShowAll = false
		return nil
	}
	if key.Matches(msg, m.keys.Help) && m.screen != screenLoading {
		m.help.ShowAll = true
		return nil
	}
	switch m.screen {
	case screenInput:
		return m.inputKey(msg)
	case screenLoading:
		return m.loadingKey(msg)
	case screenResult:
		if m.scrollKey(msg) {
			return nil
		}
		return m.resultKey(msg)
	case screenError:
		if m.scrollKey(msg) {
			return nil
		}
		return m.errorKey(msg)
	case screenCustomer:
		if m.scrollKey(msg) {
			return nil
		}
		return m.cardKey(msg)
	case screenSearch:
		return m.searchKey(msg)
	default:
		return m.historyKey(msg)
	}
}

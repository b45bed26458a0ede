package ui

import (
	"context"
	"errors"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/textinput"
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
)

// Minimum usable window; below it the app shows a notice and keeps state.
const (
	minWidth  = 80
	minHeight = 24
)

// entry is one link made in this session, with its QR code built once.
type entry struct {
	link       client.Link
	host       client.HostCheck // the host to read out, and whether it is expected
	unsafe     error            // non-nil: never shown as QR nor copied
	qr         *qrCode
	superseded bool // a newer link exists for the same customer
}

func newEntry(link client.Link, expectedHosts []string) *entry {
	e := &entry{link: link, unsafe: client.CheckLinkURL(link.URL)}
	if e.unsafe != nil {
		return e
	}
	e.host = client.CheckLinkHost(link.URL, expectedHosts)
	e.qr = newQRCode(link.URL)
	return e
}

// linkState is what an entry is now, for words, glyphs and colours.
type linkState int

const (
	stateValid linkState = iota
	stateExpiring
	stateDanger
	stateExpired
	stateSuperseded
)

func (e *entry) state(now time.Time) linkState {
	switch left := e.link.Remaining(now); {
	case e.superseded:
		return stateSuperseded
	case left <= 0:
		return stateExpired
	case left < time.Hour:
		return stateDanger
	case left < 24*time.Hour:
		return stateExpiring
	}
	return stateValid
}

// usable reports whether the entry may be shown as QR and copied.
func (e *entry) usable(now time.Time) bool {
	s := e.state(now)
	return e.unsafe == nil && s != stateExpired && s != stateSuperseded
}

// Messages.
type (
	resultMsg struct {
		seq     int
		id, key string
		link    client.Link
		err     error
	}
	retryMsg struct {
		seq    int
		retry  client.Retry
		events <-chan tea.Msg
	}
	tickMsg   struct{}
	copiedMsg struct {
		what string
		res  CopyResult
	}
)

// Model is the root model: it owns all state and routes messages.
type Model struct {
	o      Options
	st     theme.Styles
	keys   KeyMap
	help   help.Model
	input  textinput.Model
	spin   spinner.Model
	width  int
	height int
	now    time.Time

	screen screen
	from   screen // where history was opened from

	validated bool     // submitted once: validate as the agent edits
	fieldErr  string   // under the field: why the ID is invalid
	fieldWarn string   // under the field: a well-formed but unusual ID
	idErrs    []string // Sphere's errors about the id parameter

	seq     int                // number of the current request
	cancel  context.CancelFunc // cancels the request in flight
	pending string             // customer ID in flight
	retry   *client.Retry      // why the request in flight is waiting, if it is
	started time.Time
	key     string // idempotency key of the last failed attempt, for r

	current  *entry
	failure  *client.APIError
	failedID string

	history []*entry // newest first
	cursor  int

	showQR    bool
	confirmID string // asking before a new link replaces this customer's valid one
	status    string
	statusOK  bool
	ticking   bool
	lay       layout
	initCmd   tea.Cmd
	// interrupted is the customer whose request ctrl+c cut off, if any.
	interrupted string
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
	m := Model{o: o, st: st, keys: DefaultKeyMap(), showQR: true, now: o.Now()}

	m.input = textinput.New()
	m.input.Prompt = "› "
	m.input.Placeholder = "customer_…"
	m.input.CharLimit = 256
	m.input.Width = 50
	m.input.PromptStyle = st.Prompt
	m.input.TextStyle = st.InputText
	m.input.PlaceholderStyle = st.Placeholder
	m.input.Cursor.Style = st.Cursor
	m.input.Cursor.SetMode(cursor.CursorStatic) // calm, and stable for goldens
	m.input.Focus()

	m.spin = spinner.New(spinner.WithSpinner(spinner.Dot), spinner.WithStyle(st.Spinner))
	m.help = help.New()
	m.help.Styles = help.Styles{
		ShortKey: st.HelpKey, ShortDesc: st.HelpDesc, ShortSeparator: st.HelpSep, Ellipsis: st.HelpSep,
		FullKey: st.HelpKey, FullDesc: st.HelpDesc, FullSeparator: st.HelpSep,
	}
	if o.InitialID != "" {
		m.input.SetValue(o.InitialID)
		m.initCmd = m.submit(o.InitialID, "")
	}
	return m
}

// Init implements tea.Model.
func (m Model) Init() tea.Cmd { return m.initCmd }

// Update implements tea.Model: every state change happens here, and so
// does every expensive step (QR painting, layout), never in View.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m.now = m.o.Now()
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.Width = msg.Width - margin
		m.input.Width = max(msg.Width-margin-lipgloss.Width(m.input.Prompt)-1, 10)
		m.input.SetCursor(m.input.Position()) // re-fits the field's visible slice to the new width
	case tea.KeyMsg:
		cmd = m.handleKey(msg)
	case resultMsg:
		cmd = m.handleResult(msg)
	case retryMsg:
		if msg.seq == m.seq && m.screen == screenLoading {
			m.retry = &msg.retry
		}
		cmd = listen(msg.events) // drain even a stale request's events
	case tickMsg:
		m.ticking = false
		cmd = m.startTicking()
	case copiedMsg:
		m.status, m.statusOK = copyStatus(msg.what, msg.res)
	case spinner.TickMsg:
		if m.screen == screenLoading {
			m.spin, cmd = m.spin.Update(msg)
		}
	default:
		m.input, cmd = m.input.Update(msg)
	}
	if m.confirmID != "" && !m.hasUsableLink(m.confirmID) {
		m.confirmID = "" // nothing valid left to protect
	}
	m.relayout()
	return m, cmd
}

func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	if key.Matches(msg, m.keys.ForceQuit) {
		if m.screen == screenLoading {
			m.interrupted = m.pending // Run tells the agent once the screen is back
		}
		m.stopRequest()
		return tea.Quit
	}
	if m.confirmID != "" {
		return m.confirmKey(msg)
	}
	// q quits wherever no text field owns the letters.
	if key.Matches(msg, m.keys.Quit) && m.screen != screenInput && m.screen != screenLoading {
		return tea.Quit
	}
	if key.Matches(msg, m.keys.Help) && m.screen != screenLoading {
		m.help.ShowAll = !m.help.ShowAll
		return nil
	}
	switch m.screen {
	case screenInput:
		return m.inputKey(msg)
	case screenLoading:
		if key.Matches(msg, m.keys.Cancel) {
			m.stopRequest()
			m.toInput(false)
			m.setStatus("Cancelled. Sphere may still have made a new link; submit again to be sure.", false)
		}
		return nil // Enter and r do nothing while a request is in flight
	case screenResult:
		return m.resultKey(msg)
	case screenError:
		return m.errorKey(msg)
	default:
		return m.historyKey(msg)
	}
}

func (m *Model) inputKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Submit):
		if id, err := client.NormalizeCustomerID(m.input.Value()); err == nil {
			return m.submitOrAsk(id)
		}
		return m.submit(m.input.Value(), "") // shows the validator's message
	case key.Matches(msg, m.keys.History):
		m.openHistory()
		return nil
	case key.Matches(msg, m.keys.ClearField):
		m.input.SetValue("")
		m.onEdit()
		return nil
	}
	before := m.input.Value()
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	if msg.Paste {
		// A paste from a chat drags quotes and spaces along: clean it now.
		if id, err := client.NormalizeCustomerID(m.input.Value()); err == nil {
			m.input.SetValue(id)
		}
	}
	if m.input.Value() != before {
		m.onEdit()
	}
	return cmd
}

// onEdit runs after the ID changed: Sphere's old verdict no longer applies,
// and after a first submit the validator follows every keystroke.
func (m *Model) onEdit() {
	m.idErrs = nil
	m.current = nil // a changed ID clears the previous link from the screen
	m.status = ""
	if m.validated {
		m.validate(m.input.Value())
	}
}

// validate sets the field's error and warning; it reports the clean ID.
func (m *Model) validate(raw string) (string, bool) {
	m.fieldErr, m.fieldWarn = "", ""
	id, err := client.NormalizeCustomerID(raw)
	if err != nil {
		var api *client.APIError
		if errors.As(err, &api) {
			m.fieldErr = api.Detail
		} else {
			m.fieldErr = err.Error()
		}
		return "", false
	}
	if client.UnusualCustomerID(id) {
		m.fieldWarn = "Unusual ID: customer IDs are usually customer_ + 32 hex characters. Sphere decides."
	}
	return id, true
}

// submit validates an ID and starts a request for it. key is the
// idempotency key to reuse ("" for a new call).
func (m *Model) submit(raw, key string) tea.Cmd {
	m.validated = true
	id, ok := m.validate(raw)
	if !ok {
		m.toInput(true)
		return nil // nothing is sent while the ID is invalid
	}
	m.stopRequest()
	if key == "" {
		key = m.o.NewIdempotencyKey()
	}
	m.seq++
	ctx, cancel := context.WithCancel(context.Background())
	m.cancel, m.pending, m.started, m.key = cancel, id, m.now, key
	m.input.SetValue(id)
	m.input.Blur()
	m.screen, m.current, m.failure, m.confirmID, m.status = screenLoading, nil, nil, "", ""
	m.retry = nil
	return tea.Batch(m.request(ctx, id, key), m.spin.Tick, m.startTicking())
}

// request runs the call in the background and returns a command that
// delivers its events one by one: retry notices, then the result.
func (m *Model) request(ctx context.Context, id, key string) tea.Cmd {
	seq, c := m.seq, m.o.Client
	events := make(chan tea.Msg, 8)
	observe := func(r client.Retry) {
		if len(events) < cap(events)-1 { // keep room for the result: never block
			events <- retryMsg{seq: seq, retry: r, events: events}
		}
	}
	return func() tea.Msg {
		go func() { // started when Bubble Tea runs the command, not before
			link, err := c.RegenerateKYCLinkWithKey(client.WithRetryObserver(ctx, observe), id, key)
			events <- resultMsg{seq: seq, id: id, key: key, link: link, err: err}
		}()
		return <-events
	}
}

// listen waits for the next event of a request.
func listen(events <-chan tea.Msg) tea.Cmd {
	return func() tea.Msg { return <-events }
}

// submitOrAsk starts a new request, first asking when the session holds a
// valid link for the customer: each call may replace it.
func (m *Model) submitOrAsk(id string) tea.Cmd {
	if m.hasUsableLink(id) {
		m.confirmID = id
		return nil
	}
	return m.submit(id, "")
}

// stopRequest cancels the request in flight, if any; its late answer will
// carry an old number and be dropped.
func (m *Model) stopRequest() {
	if m.cancel != nil {
		m.cancel()
		m.cancel, m.retry = nil, nil
		m.seq++
	}
}

func (m *Model) handleResult(msg resultMsg) tea.Cmd {
	if msg.seq != m.seq || m.screen != screenLoading {
		return nil // cancelled or superseded: never replaces newer state
	}
	m.cancel()
	m.cancel, m.retry = nil, nil
	if msg.err != nil {
		var api *client.APIError
		if !errors.As(msg.err, &api) {
			api = &client.APIError{Kind: client.KindBadResponse, Detail: client.Sanitize(msg.err.Error())}
		}
		m.failure, m.failedID, m.key = api, msg.id, msg.key
		m.idErrs = nil
		for _, fe := range api.FieldErrorsFor("id") {
			m.idErrs = append(m.idErrs, fe.Detail)
		}
		m.screen = screenError
		return nil
	}
	e := newEntry(msg.link, m.o.ExpectedHosts)
	for _, old := range m.history {
		if old.link.CustomerID == e.link.CustomerID {
			old.superseded = true
		}
	}
	m.history = append([]*entry{e}, m.history...)
	m.current, m.key, m.screen, m.cursor = e, "", screenResult, 0
	return m.startTicking()
}

func (m *Model) resultKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Copy):
		return m.copyLink()
	case key.Matches(msg, m.keys.Regenerate):
		return m.submitOrAsk(m.current.link.CustomerID)
	case key.Matches(msg, m.keys.ToggleQR):
		m.showQR = !m.showQR
	case key.Matches(msg, m.keys.NewCustomer):
		m.toInput(false)
		m.input.SetValue("")
		m.validated, m.fieldErr, m.fieldWarn = false, "", ""
	case key.Matches(msg, m.keys.History):
		m.openHistory()
	}
	return nil
}

func (m *Model) confirmKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Yes):
		id := m.confirmID
		m.confirmID = ""
		return m.submit(id, "")
	case key.Matches(msg, m.keys.No):
		m.confirmID = ""
		m.setStatus("Kept the current link.", true)
	}
	return nil
}

func (m *Model) errorKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Retry):
		return m.submit(m.failedID, m.key) // same key: Sphere sees a retry
	case key.Matches(msg, m.keys.EditID):
		m.input.SetValue(m.failedID)
		m.toInput(false)
	case key.Matches(msg, m.keys.CopyCorrelation):
		if m.failure.CorrelationID == "" {
			m.setStatus("This error has no correlation ID to copy.", false)
			return nil
		}
		return m.copyText("Correlation ID", m.failure.CorrelationID)
	}
	return nil
}

func (m *Model) historyKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Up):
		m.cursor = max(m.cursor-1, 0)
	case key.Matches(msg, m.keys.Down):
		m.cursor = min(m.cursor+1, len(m.history)-1)
	case key.Matches(msg, m.keys.Open):
		m.current = m.history[m.cursor]
		m.screen, m.status = screenResult, ""
		m.input.SetValue(m.current.link.CustomerID)
	case key.Matches(msg, m.keys.Back):
		m.screen = m.from
		if m.from == screenInput {
			m.input.Focus()
		}
	}
	return nil
}

// hasUsableLink reports whether the session holds a valid link for a
// customer, which a new request could replace.
func (m *Model) hasUsableLink(customerID string) bool {
	for _, e := range m.history {
		if e.link.CustomerID == customerID && e.usable(m.now) {
			return true
		}
	}
	return false
}

func (m *Model) openHistory() {
	if len(m.history) == 0 {
		m.setStatus("No links yet in this session.", false)
		return
	}
	m.from, m.screen, m.status = m.screen, screenHistory, ""
	m.cursor = min(m.cursor, len(m.history)-1)
	m.input.Blur()
}

// toInput returns to the field. keepErr keeps the validator's message.
func (m *Model) toInput(keepErr bool) {
	m.screen, m.current, m.confirmID = screenInput, nil, ""
	if !keepErr {
		m.fieldErr = ""
	}
	m.input.Focus()
	m.input.CursorEnd()
}

func (m *Model) copyLink() tea.Cmd {
	e := m.current
	switch {
	case e.unsafe != nil:
		m.setStatus("✖ Copy refused: "+e.unsafe.Error(), false)
	case e.state(m.now) == stateExpired:
		m.setStatus("✖ Copy refused: this link has expired. Press r to regenerate.", false)
	case e.state(m.now) == stateSuperseded:
		m.setStatus("✖ Copy refused: a newer link exists for this customer.", false)
	default:
		return m.copyText("Link", e.link.URL)
	}
	return nil
}

// copyText copies in a tea.Cmd: the system clipboard can be slow.
func (m *Model) copyText(what, text string) tea.Cmd {
	m.setStatus("Copying…", true)
	clip := m.o.Clipboard
	return func() tea.Msg { return copiedMsg{what: what, res: clip.Copy(text)} }
}

func (m *Model) setStatus(s string, ok bool) { m.status, m.statusOK = s, ok }

// needsTick is true while something on screen counts: a request's elapsed
// time or a link's countdown.
func (m *Model) needsTick() bool {
	if m.screen == screenLoading {
		return true
	}
	for _, e := range m.history {
		if e.usable(m.now) {
			return true
		}
	}
	return false
}

// startTicking keeps one tick per second going while needed, never two.
func (m *Model) startTicking() tea.Cmd {
	if m.ticking || !m.needsTick() {
		return nil
	}
	m.ticking = true
	return tea.Tick(m.nextTick(), func(time.Time) tea.Msg { return tickMsg{} })
}

// nextTick is the wait until the shown countdown next changes, so seconds
// neither stall nor skip even though expiresAt has milliseconds.
func (m *Model) nextTick() time.Duration {
	var d time.Duration
	switch {
	case m.screen == screenLoading:
		d = time.Second - m.now.Sub(m.started)%time.Second
	case m.current != nil && m.current.usable(m.now):
		d = m.current.link.Remaining(m.now) % time.Second
	}
	if d <= 0 {
		d = time.Second
	}
	return d + 5*time.Millisecond
}

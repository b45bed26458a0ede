// This file owns the input screen: the customer-ID field, its validation as
// the agent types, its keys and its view.

package ui

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/theme"
)

// idField is the customer-ID field and what is said under it.
type idField struct {
	input     visibleInput
	validated bool     // submitted once: validate as the agent edits
	err       string   // why the ID is invalid
	warn      string   // a well-formed but unusual ID
	sphere    []string // Sphere's errors about the id parameter
	// lowerFix is set when the ID is right but for its case: one key (the
	// view or line mode names it) fixes it.
	lowerFix bool
}

func newIDField(st theme.Styles) idField {
	in := textinput.New()
	in.Prompt = "› "
	in.Placeholder = "customer_…, email or name"
	in.CharLimit = 256
	in.Width = 50
	in.PromptStyle = st.Prompt
	in.TextStyle = st.InputText
	in.PlaceholderStyle = st.Placeholder
	in.Cursor.Style = st.Cursor
	in.Cursor.SetMode(cursor.CursorStatic) // calm, and stable for goldens
	in.Focus()
	return idField{input: visibleInput{in}}
}

// visibleInput is the field's text input, holding only what the agent
// can see: every character Sanitize drops (client.Invisible: a bidi
// control, a zero-width character, a filler) is kept out as it enters,
// typed, pasted (bracketed or ctrl+v) or set, since bubbles drops only
// controls and a bidi override pasted from a chat would reorder what the
// field shows. Every way into the field is SetValue or Update, so this is
// the one place; what is sent was always cleaned the same way.
type visibleInput struct{ textinput.Model }

func (in *visibleInput) SetValue(s string) {
	in.Model.SetValue(s)
	in.keepVisible()
}

func (in visibleInput) Update(msg tea.Msg) (visibleInput, tea.Cmd) {
	var cmd tea.Cmd
	in.Model, cmd = in.Model.Update(msg)
	in.keepVisible()
	return in, cmd
}

// keepVisible takes the invisible characters out of the value, the
// cursor staying after the same visible character.
func (in *visibleInput) keepVisible() {
	s := in.Model.Value()
	if !strings.ContainsFunc(s, client.Invisible) { // every keystroke: no copy
		return
	}
	v, pos := []rune(s), in.Position()
	pos -= countFunc(v[:min(pos, len(v))], client.Invisible)
	in.Model.SetValue(string(slices.DeleteFunc(v, client.Invisible)))
	in.SetCursor(pos)
}

// countFunc counts the runes of rs for which f is true.
func countFunc(rs []rune, f func(rune) bool) int {
	n := 0
	for _, r := range rs {
		if f(r) {
			n++
		}
	}
	return n
}

// validate sets the field's error and warning from what the agent typed,
// classified by the client; it reports the ID to send, unusual or not.
func (f *idField) validate(in client.Input) (string, bool) {
	f.err, f.warn, f.lowerFix = "", "", in.Fix != ""
	id, err := in.ID(true)
	if err != nil {
		f.setError(err)
		return "", false
	}
	if w := cmp.Or(in.Why, in.Note); w != "" { // an unusual ID, or what the cleaning did
		f.warn = strings.TrimSuffix(w, ".") + "."
	}
	return id, true
}

// setError shows why the field's text cannot be sent.
func (f *idField) setError(err error) {
	invalid := &client.APIError{Detail: err.Error()}
	errors.As(err, &invalid)
	f.err, f.warn = invalid.Detail, ""
}

// refuseKey empties a field that holds the API key: it must not stay on
// screen, and what is said never repeats it.
func (f *idField) refuseKey(in client.Input) {
	f.input.SetValue("")
	f.err, f.warn, f.lowerFix = in.Why+".", "", false
}

// setSphereErrors keeps what Sphere said about the id parameter, to show
// under the field when the agent goes back to edit it.
func (f *idField) setSphereErrors(api *client.APIError) {
	f.sphere = nil
	for _, fe := range api.FieldErrorsFor("id") {
		f.sphere = append(f.sphere, fe.Detail)
	}
}

// reset empties the field for a new customer.
func (f *idField) reset() {
	f.input.SetValue("")
	f.validated, f.err, f.warn = false, "", ""
}

func (m *Model) inputKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Submit):
		in := m.o.Client.Classify(m.field.input.Value())
		// A link of this session is offered again at once; the customer's
		// card comes first otherwise (the question about a link the record
		// knows follows the card, when a KYC link is chosen).
		if id, err := in.ID(true); err == nil && m.sess.usableLink(id, client.LinkKYC, m.now) != nil {
			m.field.input.SetValue(id)
			return m.requestLink(client.LinkKYC, id) // asks: show the current link, or make a new one
		}
		return m.enter(in)
	case key.Matches(msg, m.keys.History):
		m.openHistory()
		return nil
	case key.Matches(msg, m.keys.ClearField):
		m.field.input.SetValue("")
		return m.onEdit()
	case m.field.lowerFix && key.Matches(msg, m.keys.LowerCase):
		m.lowerCase()
		return m.onEdit()
	}
	before := m.field.input.Value()
	var cmd tea.Cmd
	m.field.input, cmd = m.field.input.Update(msg)
	if msg.Paste {
		// A paste from a chat drags quotes, spaces and remarks along:
		// clean it now. The key is never left on screen.
		switch in := m.o.Client.Classify(m.field.input.Value()); {
		case in.Kind == client.InputKey:
			edit := m.onEdit() // drops what was read ahead, says why
			m.field.refuseKey(in)
			return tea.Batch(cmd, edit)
		case in.Kind == client.InputID || in.Kind == client.InputUnusualID:
			m.field.input.SetValue(in.Text)
		}
	}
	if m.field.input.Value() != before {
		return tea.Batch(cmd, m.onEdit())
	}
	return cmd
}

// lowerCase applies the one sure fix of an ID typed in capitals.
func (m *Model) lowerCase() {
	if in := m.o.Client.Classify(m.field.input.Value()); in.Fix != "" {
		m.field.input.SetValue(in.Fix)
	}
}

// onEdit runs after the field changed: Sphere's old verdict no longer
// applies, after a first submit the validator follows every keystroke of
// an ID, and a well-formed ID is read ahead.
func (m *Model) onEdit() tea.Cmd {
	m.field.sphere = nil
	m.current = nil // a changed ID clears the previous link from the screen
	m.status = ""
	in := m.o.Client.Classify(m.field.input.Value())
	switch {
	case in.Kind == client.InputKey:
		m.field.err, m.field.warn, m.field.lowerFix = in.Why+".", "", false
	case m.field.validated && in.IsID():
		m.field.validate(in)
	default:
		m.field.err, m.field.warn, m.field.lowerFix = "", "", false
	}
	return m.readAhead(in)
}

// toInput returns to the field. keepErr keeps the validator's message.
func (m *Model) toInput(keepErr bool) {
	m.screen, m.current, m.confirm = screenInput, nil, confirmation{}
	if !keepErr {
		m.field.err = ""
	}
	m.field.input.Focus()
	m.field.input.CursorEnd()
}

func (m Model) inputView() string {
	w, f := m.width-margin, m.field
	var b strings.Builder
	b.WriteString(m.st.Label.Render("Customer ID, email or name") + "\n")
	b.WriteString(f.input.View() + "\n")
	if f.err != "" {
		fix := ""
		if f.lowerFix {
			fix = ". ctrl+l makes it lower case."
		}
		b.WriteString(m.st.FieldError.Render(bullet("✖", f.err+fix, w)) + "\n")
	}
	if f.warn != "" {
		b.WriteString(m.st.FieldWarning.Render(bullet("⚠", f.warn, w)) + "\n")
	}
	for _, d := range f.sphere {
		b.WriteString(m.st.FieldError.Render(bullet("✖", "Sphere: "+d, w)) + "\n")
	}
	b.WriteString("\n")
	b.WriteString(m.st.Muted.Render(wrap("Paste or type the customer's ID, email address or name and press Enter: kyclink looks the customer up first and says what they still have to do. Each link request makes a new link; the previous one may stop working.", w)))
	if n := len(m.sess.history); n > 0 {
		b.WriteString("\n\n" + m.st.Muted.Render(fmt.Sprintf("%d %s made in this session: tab shows them.", n, plural(n, "link", "links"))))
	}
	return indent(b.String())
}

// This file owns the error screen: a failed call's heading, what Sphere
// said field by field, the facts to quote, and the keys that retry or edit.

package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// serverIndent is how far Sphere's text is indented under a heading of
// kyclink's, in cells.
const serverIndent = 2

func (m *Model) errorKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Retry):
		return m.retryFailed() // a link request keeps its key: Sphere sees a retry
	case key.Matches(msg, m.keys.EditID):
		m.field.input.SetValue(m.failedID)
		m.toInput(false)
	case key.Matches(msg, m.keys.NewCustomer): // n: an empty field, as everywhere
		m.toInput(false)
		m.field.reset()
	case key.Matches(msg, m.keys.CopyCorrelation):
		return m.copyText("Correlation ID", m.failure.CorrelationID)
	}
	return nil
}

func (m Model) errorView() string {
	e, st, w := m.failure, m.st, m.width-margin
	sections := []string{st.ErrorTitle.Render("✖ " + e.Heading())}
	// Sphere's title and detail are indented under the heading, every
	// line of them, so none can pass for one of kyclink's own lines
	// ("Correlation ID …") however it is worded.
	var what []string
	title, detail := e.Summary()
	if title != "" {
		what = append(what, st.Strong.Render(wrap(title, w-serverIndent)))
	}
	if detail != "" {
		what = append(what, st.Value.Render(wrap(detail, w-serverIndent)))
	}
	if len(what) > 0 {
		pad := strings.Repeat(" ", serverIndent)
		sections = append(sections, pad+strings.ReplaceAll(strings.Join(what, "\n"), "\n", "\n"+pad))
	}
	if len(e.Errors) > 0 {
		var fields []string
		for _, fe := range e.Errors {
			line := fe.Detail
			if f := fe.Field(); f != "" {
				line = st.ErrorField.Render(f) + st.Muted.Render(" → ") + fe.Detail
			}
			fields = append(fields, bullet("•", line, w))
		}
		sections = append(sections, strings.Join(fields, "\n"))
	}
	const labelW = 16
	row := func(label, value string) string {
		// Each line on its own: a style pads a block to its widest line,
		// which would push the first line past the window.
		lines := strings.Split(wrap(value, w-labelW), "\n")
		for i, l := range lines {
			lines[i] = st.Value.Render(l)
		}
		return st.Label.Render(fmt.Sprintf("%-*s", labelW, label)) + strings.Join(lines, "\n"+strings.Repeat(" ", labelW))
	}
	facts := []string{row("Customer", m.failedID)}
	if e.Code != "" {
		facts = append(facts, row("Code", e.Code))
	}
	if e.CorrelationID != "" {
		facts = append(facts, row("Correlation ID", e.CorrelationID+st.Muted.Render("  (y copies it)")))
	}
	sections = append(sections, strings.Join(facts, "\n"))
	if hint := m.hintWords(e); hint != "" {
		sections = append(sections, st.Muted.Render(wrap(hint, w)))
	}
	return indent(strings.Join(sections, "\n\n"))
}

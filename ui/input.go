package ui

import (
	"fmt"
	"strings"
)

func (m Model) inputView() string {
	w := m.width - margin
	var b strings.Builder
	b.WriteString(m.st.Label.Render("Customer ID") + "\n")
	b.WriteString(m.input.View() + "\n")
	if m.fieldErr != "" {
		b.WriteString(m.st.FieldError.Render(bullet("✖", m.fieldErr, w)) + "\n")
	}
	if m.fieldWarn != "" {
		b.WriteString(m.st.FieldWarning.Render(bullet("⚠", m.fieldWarn, w)) + "\n")
	}
	for _, d := range m.idErrs {
		b.WriteString(m.st.FieldError.Render(bullet("✖", "Sphere: "+d, w)) + "\n")
	}
	b.WriteString("\n")
	b.WriteString(m.st.Muted.Render(wrap("Paste or type the customer's ID and press Enter. Each request makes a new link; the previous one may stop working.", w)))
	if n := len(m.history); n > 0 {
		b.WriteString("\n\n" + m.st.Muted.Render(fmt.Sprintf("%d %s made in this session: tab shows them.", n, plural(n, "link", "links"))))
	}
	return indent(b.String())
}

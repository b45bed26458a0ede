package ui

import "fmt"

func (m Model) loadingView() string {
	elapsed := int(m.now.Sub(m.started).Seconds())
	line := m.spin.View() + m.st.Value.Render("Regenerating link for ") + m.st.Strong.Render(m.pending)
	return indent(line + "\n\n" + m.st.Muted.Render(fmt.Sprintf("%ds elapsed · esc cancels", elapsed)))
}

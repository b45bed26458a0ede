package ui

import (
	"fmt"
	"strings"
	"time"
)

func (m Model) loadingView() string {
	elapsed := int(m.now.Sub(m.started).Seconds())
	const prefix = "Regenerating link for "
	avail := m.width - margin - 2 // the spinner's two cells
	line := m.spin.View() + m.st.Value.Render(prefix)
	if len(prefix)+len(m.pending) <= avail {
		line += m.st.Strong.Render(m.pending)
	} else { // an unusually long ID goes on lines of its own
		line += "\n  " + strings.ReplaceAll(m.st.Strong.Render(wrap(m.pending, avail)), "\n", "\n  ")
	}
	out := line + "\n\n" + m.st.Muted.Render(fmt.Sprintf("%ds elapsed · esc cancels", elapsed))
	if r := m.retry; r != nil {
		why := r.Cause.Heading()
		out += "\n\n" + m.st.StatusWarning.Render(wrap(fmt.Sprintf("⚠ %s: trying again in %s (attempt %d of %d, same idempotency key).",
			why, r.Wait.Round(100*time.Millisecond), r.Attempt, r.MaxAttempts), m.width-margin))
	}
	return indent(out)
}

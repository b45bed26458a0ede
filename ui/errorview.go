package ui

import (
	"fmt"
	"strings"

	"github.com/kyclink/kyclink/client"
)

// serverIndent is how far Sphere's text is indented under a heading of
// kyclink's, in cells.
const serverIndent = 2

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
	if hint := hintFor(e.Kind, m.o.Environment); hint != "" {
		sections = append(sections, st.Muted.Render(wrap(hint, w)))
	}
	return indent(strings.Join(sections, "\n\n"))
}

// hintFor says what an agent can do about a kind of failure.
func hintFor(k client.Kind, env client.Environment) string {
	switch k {
	case client.KindAuth:
		if env.Kind == client.EnvDemo {
			return "This demo customer always answers so; any other ID works."
		}
		if env.Kind == client.EnvProduction || env.Kind == client.EnvSandbox {
			return fmt.Sprintf("Check that SPHERE_API_KEY is a %s key and still active.", strings.ToLower(env.Name()))
		}
		return fmt.Sprintf("Check that SPHERE_API_KEY is the key for %s.", env.Host)
	case client.KindNotFound:
		return "Check the ID against the customer's record: n edits it."
	case client.KindValidation, client.KindRejected:
		return "Sphere refused this request; retrying the same will not help until the customer's data is fixed."
	case client.KindRateLimited:
		return "Sphere is limiting requests: wait a moment, then r retries."
	case client.KindUnavailable:
		return "Sphere had a problem: r retries safely (same idempotency key)."
	case client.KindNetwork, client.KindTimeout:
		return "Check the network, VPN or proxy; r retries safely (same idempotency key)."
	case client.KindBadResponse:
		return "kyclink refused Sphere's answer to keep the customer safe: nothing was shown or copied."
	}
	return ""
}

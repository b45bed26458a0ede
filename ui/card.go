// This file owns the customer card: who the customer is, each verification
// profile's state in words and colour, what is done, pending and still to
// do in plain language, and the next step with its keys.

package ui

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/theme"
)

func (m *Model) cardKey(msg tea.KeyMsg) tea.Cmd {
	c := m.cust
	if cmd, ok := m.helpKey(msg); ok {
		return cmd
	}
	switch {
	case key.Matches(msg, m.keys.KYCLink):
		if step := c.NextStep(); step != client.StepKYCLink {
			// Sphere says a KYC link is not what this customer needs: ask.
			m.confirm = confirmation{id: c.ID, kind: client.LinkKYC, why: step.Summary()}
			return nil
		}
		return m.requestLink(client.LinkKYC, c.ID)
	case key.Matches(msg, m.keys.TermsLink):
		return m.requestLink(client.LinkTerms, c.ID)
	case key.Matches(msg, m.keys.Results):
		m.screen = screenSearch // back to the results the card was picked from
	default:
		return m.moveOn(msg)
	}
	return nil
}

// showCard puts the customer looked up last on screen, with the terms
// link offered where the terms are what is missing.
func (m *Model) showCard() {
	m.screen, m.current = screenCustomer, nil
	m.keys.TermsLink.SetEnabled(m.cust.NextStep() == client.StepTermsFirst)
	m.helpKeys()
	m.keys.Results.SetEnabled(m.search.has(m.cust.ID))
}

// cardView is the card, w cells wide.
func (m Model) cardView() string {
	return indent(m.cardBody(m.cust, m.width-margin))
}

func (m Model) cardBody(c *client.Customer, w int) string {
	var b strings.Builder
	b.WriteString(m.cardTop(c, w))
	for _, p := range c.Profiles {
		b.WriteString("\n" + m.profileView(p, w))
	}
	if len(c.Profiles) == 0 {
		b.WriteString("\n" + m.st.Muted.Render("No verification profile yet."))
	}
	return strings.TrimRight(b.String(), "\n")
}

// cardTop is the card down to the end of its timeline: who, the next step
// and what moved; the profiles follow it.
func (m Model) cardTop(c *client.Customer, w int) string {
	st := m.st
	var b strings.Builder
	b.WriteString(st.Strong.Render(wrap(c.Name(), w)) + "\n")
	facts := []string{cmp.Or(c.Type, "type not stated")}
	if c.Email != "" {
		facts = append(facts, c.Email)
	}
	if !c.CreatedAt.IsZero() {
		facts = append(facts, "created "+c.CreatedAt.In(m.o.Location).Format("2 Jan 2006"))
	}
	b.WriteString(st.Muted.Render(wrap(strings.Join(facts, " · "), w)) + "\n")
	b.WriteString(st.Value.Render(c.ID) + "\n\n")

	step := c.NextStep()
	b.WriteString(st.Label.Render("Next step") + "\n")
	b.WriteString(stepStyle(st, step).Render(wrap(step.Summary(), w)) + "\n")
	if what := m.stepKeys(step); what != "" {
		b.WriteString(st.Muted.Render(wrap(what, w)) + "\n")
	}
	if note := c.TermsNote(); note != "" {
		b.WriteString(st.Muted.Render(wrap(note, w)) + "\n")
	}
	if what := m.helpsLine(); what != "" {
		b.WriteString(st.Muted.Render(wrap(what, w)) + "\n")
	}
	if tl := m.timelineView(c.ID, w); tl != "" {
		b.WriteString("\n" + tl + "\n")
	}
	return b.String()
}

// stepKeys says what the card's keys do for this step.
func (m Model) stepKeys(step client.Step) string {
	switch step {
	case client.StepTermsFirst:
		return "t makes the terms link (send it first); k makes the KYC link anyway."
	case client.StepApproved, client.StepPending, client.StepRejected:
		return "k makes a KYC link anyway (asks first)."
	}
	return "k makes the KYC link."
}

// profileView is one verification profile: its status in words and
// colour, then its criteria in plain language, each group on a line.
func (m Model) profileView(p client.VerificationProfile, w int) string {
	st := m.st
	var b strings.Builder
	b.WriteString(st.Label.Render(client.ProfileText(p.Name)+": ") + statusStyle(st, p.Status).Render(client.StatusText(p.Status)) + "\n")
	styles := map[string]lipgloss.Style{"complete": st.StatusOK, "pending": st.Muted, "required": st.CountdownWarning}
	for _, g := range p.Criteria.Groups() { // the words: client's one table
		b.WriteString(styles[g.Sphere].Render(bullet(g.Glyph, g.Label+": "+g.Text(), w)) + "\n")
	}
	for _, e := range p.Criteria.Errors {
		b.WriteString(st.ErrorTitle.Render(bullet("✖", fmt.Sprintf("%s: %s", client.CriterionText(e.Name), e.Message), w)) + "\n")
	}
	return b.String()
}

// summaryLine is the card in one line, kept above a link made from it.
func (m Model) summaryLine(c *client.Customer) string {
	line := c.Name() + " · " + c.NextStep().Summary()
	if note := c.TermsNote(); note != "" {
		line += " · " + note
	}
	return line
}

func stepStyle(st theme.Styles, s client.Step) lipgloss.Style {
	switch s {
	case client.StepApproved:
		return st.StatusOK.Bold(true)
	case client.StepRejected:
		return st.ErrorTitle
	case client.StepKYCLink:
		return st.Strong
	}
	return st.Confirm
}

func statusStyle(st theme.Styles, status string) lipgloss.Style {
	switch status {
	case "approved":
		return st.StatusOK
	case "rejected":
		return st.ErrorTitle
	case "pending":
		return st.CountdownWarning
	}
	return st.Value
}

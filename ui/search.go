// This file owns the search results: one page of customers sized to the
// window, two rows each (who, and how to tell them apart), the keys that
// move, pick and turn pages, and what a search's answer leads to.

package ui

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/kyclink/kyclink/client"
)

// searchState is the search on screen.
type searchState struct {
	query  string
	page   client.CustomerPage
	cursor int
}

// has reports whether the page on screen lists a customer.
func (s searchState) has(id string) bool {
	for _, c := range s.page.Customers {
		if c.ID == id {
			return true
		}
	}
	return false
}

// sharesName reports whether another customer on the page has c's name.
func (s searchState) sharesName(c client.Customer) bool {
	for _, o := range s.page.Customers {
		if o.ID != c.ID && strings.EqualFold(strings.TrimSpace(o.Name()), strings.TrimSpace(c.Name())) {
			return true
		}
	}
	return false
}

// searchRowHeight is a result's rows on screen.
const searchRowHeight = 2

// searchLimit is how many customers one page asks for: as many as fit
// under the title, at most Sphere's limit.
func (m *Model) searchLimit() int {
	rows := (m.height - headerHeight - maxStatusRows - 1 - 4) / searchRowHeight // title, blank, marks
	return min(max(rows, 1), client.MaxSearchLimit)
}

func (m *Model) handleSearch(msg searchMsg) tea.Cmd {
	if !m.settled(msg.seq) {
		return nil
	}
	if msg.err != nil {
		m.fail(msg.err, msg.query)
		return nil
	}
	m.search = searchState{query: msg.query, page: msg.page}
	m.screen = screenSearch
	return nil
}

func (m *Model) searchKey(msg tea.KeyMsg) tea.Cmd {
	s := &m.search
	n := len(s.page.Customers)
	switch {
	case key.Matches(msg, m.keys.Up):
		s.cursor = max(s.cursor-1, 0)
	case key.Matches(msg, m.keys.Down):
		s.cursor = min(s.cursor+1, max(n-1, 0))
	case key.Matches(msg, m.keys.PageDown) && s.page.HasNext:
		return m.startRequest(request{act: actSearch, id: s.query, page: s.page.Page + 1, limit: s.page.Limit})
	case key.Matches(msg, m.keys.PageUp) && s.page.HasPrevious:
		return m.startRequest(request{act: actSearch, id: s.query, page: s.page.Page - 1, limit: s.page.Limit})
	case key.Matches(msg, m.keys.Open) && n > 0:
		// The page already holds the customer: the card needs no read.
		c := s.page.Customers[s.cursor]
		m.field.input.SetValue(c.ID)
		// A name the page holds twice shows the card first, so the agent
		// sees whom the link would be for.
		m.req = request{act: actLookup, id: c.ID, seq: m.newSeq(), cancel: func() {}, started: m.now, card: s.sharesName(c)}
		m.screen = screenLoading
		return m.handleCustomer(customerMsg{seq: m.req.seq, id: c.ID, customer: c})
	case key.Matches(msg, m.keys.EditSearch): // Esc: refine the query
		m.toInput(false)
		m.field.input.SetValue(s.query)
		m.field.input.CursorEnd()
	case key.Matches(msg, m.keys.NewCustomer): // n: an empty field, as everywhere
		m.toInput(false)
		m.field.reset()
	case key.Matches(msg, m.keys.History):
		m.openHistory()
	}
	return nil
}

func (m Model) searchView() string {
	st, s, w := m.st, m.search, m.width-margin
	p := s.page
	var b strings.Builder
	title := fmt.Sprintf("Customers matching “%s”: %d", s.query, p.Total)
	if p.TotalPages > 1 {
		title += fmt.Sprintf(", page %d of %d", p.Page, p.TotalPages)
	}
	b.WriteString(st.Label.Render(ansi.Truncate(title, w, "…")) + "\n")
	if p.EveryWord != nil { // Sphere found no one for the whole: say how these were found
		b.WriteString(st.Muted.Render(wrap(upperFirst(p.EveryWord.Note())+".", w)) + "\n")
	}
	if p.HasPrevious {
		b.WriteString(st.Muted.Render("↑ pgup: page "+fmt.Sprint(p.Page-1)) + "\n")
	} else {
		b.WriteString("\n")
	}
	if len(p.Customers) == 0 {
		b.WriteString(st.Muted.Render(wrap("No customer matches. Sphere matches a piece of one name, or an email address: try one word (a first or a last name). n searches again; a customer ID works too.", w)))
		return indent(b.String())
	}
	// As many results as fit, the selected one always among them: a
	// window that shrank after the search must not hide what Enter opens.
	noteRows := 0
	if p.EveryWord != nil {
		noteRows = len(wrapLines(p.EveryWord.Note()+".", w))
	}
	fit := max((m.lay.bodyH-3-noteRows)/searchRowHeight, 1)
	first := max(0, s.cursor-fit+1)
	last := min(len(p.Customers), first+fit)
	if first > 0 {
		b.WriteString(st.Muted.Render(fmt.Sprintf("↑ %d more on this page", first)) + "\n")
		first++ // the mark takes a result's place
	}
	for i := first; i < last; i++ {
		c := p.Customers[i]
		mark, style := "  ", st.HistoryRow
		if i == s.cursor {
			mark, style = "▸ ", st.HistorySelected
		}
		first := fmt.Sprintf("%s%s · %s · %s", mark, c.Name(), cmp.Or(c.Type, "type not stated"), c.KYCStatus())
		// The ID always shows whole: the email gives way to it.
		second := "  " + c.ID
		if room := w - ansi.StringWidth(second) - 2; c.Email != "" && room > 1 {
			second = "  " + ansi.Truncate(c.Email, room, "…") + "  " + c.ID
		}
		b.WriteString(style.Render(ansi.Truncate(first, w, "…")) + "\n" + st.Muted.Render(ansi.Truncate(second, w, "…")) + "\n")
	}
	if more := len(p.Customers) - last; more > 0 {
		b.WriteString(st.Muted.Render(fmt.Sprintf("↓ %d more on this page", more)) + "\n")
	}
	if p.HasNext {
		b.WriteString(st.Muted.Render("↓ pgdn: page " + fmt.Sprint(p.Page+1)))
	}
	return indent(strings.TrimRight(b.String(), "\n"))
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

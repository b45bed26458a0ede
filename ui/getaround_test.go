package ui

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
)

// From a result, b goes back to the customer's card: the terms first, then
// the KYC link, without typing the customer again (issue 19, item 6).
func TestBGoesBackToTheCard(t *testing.T) {
	h := newHarness(t)
	m := h.submitted(t, h.model(80, 24), spheretest.CustomerTermsPending)
	m = h.answer(t, update(m, press("t")))
	if m.screen != screenResult || m.current.link.Kind != client.LinkTerms {
		t.Fatalf("no terms link:\n%s", plain(m))
	}
	reads := len(h.fake.Requests())
	m = update(m, press("b"))
	if m.screen != screenCustomer || m.cust.ID != spheretest.CustomerTermsPending || len(h.fake.Requests()) != reads {
		t.Fatalf("b: screen %d, requests %d → %d:\n%s", m.screen, reads, len(h.fake.Requests()), plain(m))
	}
	m = update(m, press("k"), press("y")) // the KYC link anyway: Sphere said terms first
	m = h.answer(t, m)
	if m.screen != screenResult || m.current.link.Kind != client.LinkKYC || h.posts() != 2 {
		t.Fatalf("k from the card: screen %d, %d links:\n%s", m.screen, h.posts(), plain(m))
	}

	// A link opened from the history, of a customer not on hand: the card
	// is read again, and shown even when the next step is the KYC link.
	m = h.submitted(t, update(m, press("n")), okID)
	m = update(m, press("tab"), press("down"), press("down"), press("enter")) // Erin's terms link
	if m.current.link.CustomerID != spheretest.CustomerTermsPending || m.cust.ID != okID {
		t.Fatalf("history opened %s", m.current.link.CustomerID)
	}
	m = h.answer(t, update(m, press("b")))
	if m.screen != screenCustomer || m.cust.ID != spheretest.CustomerTermsPending || h.posts() != 3 {
		t.Fatalf("b on a link from the history: screen %d:\n%s", m.screen, plain(m))
	}
	m = update(m, press("tab"), press("up"), press("up"), press("enter")) // Alice's, the newest
	if m.current.link.CustomerID != okID {
		t.Fatalf("history opened %s", m.current.link.CustomerID)
	}
	m.cust = nil // as after a lookup that failed
	m = h.answer(t, update(m, press("b")))
	if m.screen != screenCustomer || m.cust == nil || m.cust.ID != okID || h.posts() != 3 {
		t.Fatalf("b without the card on hand: screen %d, %d links:\n%s", m.screen, h.posts(), plain(m))
	}
}

// "Keep this one" on a card shows the kept link (issue 19, item 6).
func TestKeepThisOneShowsTheKeptLink(t *testing.T) {
	for _, k := range []string{"enter", "n", "esc"} {
		h := newHarness(t)
		m := h.submitted(t, h.model(80, 24), okID)
		first := m.current
		m = update(m, press("b"), press("k"))
		if !m.confirm.asking() || m.screen != screenCustomer {
			t.Fatalf("k on the card with a link: no question:\n%s", plain(m))
		}
		m = update(m, press(k))
		if m.screen != screenResult || m.current != first || h.posts() != 1 || !strings.Contains(plain(m), first.link.URL) {
			t.Errorf("%s: keep did not show the kept link:\n%s", k, plain(m))
		}
	}
}

// After an error, n gives an empty field as everywhere else; Esc edits
// the ID that failed (issue 19, item 6).
func TestNAfterAnErrorGivesAnEmptyField(t *testing.T) {
	h := newHarness(t)
	m := h.submitted(t, h.model(80, 24), spheretest.NotFound)
	if m.screen != screenError {
		t.Fatalf("screen %d", m.screen)
	}
	if n := update(m, press("n")); n.screen != screenInput || n.field.input.Value() != "" {
		t.Errorf("n: screen %d, field %q", n.screen, n.field.input.Value())
	}
	if e := update(m, press("esc")); e.screen != screenInput || e.field.input.Value() != spheretest.NotFound {
		t.Errorf("esc: screen %d, field %q", e.screen, e.field.input.Value())
	}
}

// A paste on a result or a card starts a new lookup with the pasted text
// (issue 19, item 6).
func TestAPasteOnAResultOrCardStartsANewLookup(t *testing.T) {
	paste := func(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s), Paste: true} }
	h := newHarness(t)
	m := h.submitted(t, h.model(80, 24), okID)
	m = update(m, paste(" \"customer_ebd3f12aafc208ab613f949770f1db22\"\n"))
	if m.screen != screenLoading || m.req.act != actLookup || m.req.id != spheretest.CustomerApproved {
		t.Fatalf("paste on a result: screen %d, request %v %q", m.screen, m.req.act, m.req.id)
	}
	m = h.answer(t, m) // Bob: approved, so his card
	if m.screen != screenCustomer || m.cust.ID != spheretest.CustomerApproved || h.posts() != 1 {
		t.Fatalf("screen %d:\n%s", m.screen, plain(m))
	}
	m = update(m, paste("alice@example.com"))
	if m.screen != screenLoading || m.req.act != actSearch || m.req.id != "alice@example.com" {
		t.Fatalf("paste on a card: screen %d, request %v %q", m.screen, m.req.act, m.req.id)
	}
}

// pageSphere answers every search with one page; a lookup finds the
// customer whose KYC is to do.
type pageSphere struct {
	stubRegenerator
	page client.CustomerPage
}

func (p pageSphere) SearchCustomers(context.Context, string, int, int) (client.CustomerPage, error) {
	return p.page, nil
}

func todo(id, first, last, email string) client.Customer {
	return client.Customer{ID: id, Type: "individual", FirstName: first, LastName: last, Email: email,
		Profiles: []client.VerificationProfile{{Name: "kyc_profile_a", Status: "incomplete"}}}
}

// A search row always shows the customer ID, however long the name or
// email (issue 19, item 16).
func TestASearchRowAlwaysShowsTheID(t *testing.T) {
	long := strings.Repeat("Bartholomew-", 12)
	ids := []string{"customer_0123456789abcdef0123456789abcdef", "customer_fedcba9876543210fedcba9876543210"}
	page := client.CustomerPage{Page: 1, Total: 2, TotalPages: 1, Customers: []client.Customer{
		todo(ids[0], long, long, strings.Repeat("a", 120)+"@example.com"),
		todo(ids[1], "Ann", "Example", "ann."+strings.Repeat("x", 40)+"@example.com"),
	}}
	for _, w := range []int{60, 80, 120} {
		h := newHarness(t)
		o := h.options()
		o.Client = pageSphere{page: page}
		m := update(New(o), tea.WindowSizeMsg{Width: w, Height: 24})
		m = update(typeText(m, "bartholomew"), press("enter"))
		m = update(m, reply(m))
		for _, id := range ids {
			if !strings.Contains(plain(m), id) {
				t.Errorf("%d columns: %s cut:\n%s", w, id, plain(m))
			}
		}
	}
}

// Enter on a row whose next step is a link shows the card first when two
// rows of the page share a name (issue 19, item 16).
func TestASharedNameShowsTheCardFirst(t *testing.T) {
	page := client.CustomerPage{Page: 1, Total: 3, TotalPages: 1, Customers: []client.Customer{
		todo("customer_0123456789abcdef0123456789abcdef", "Ann", "Example", "ann@example.com"),
		todo("customer_fedcba9876543210fedcba9876543210", "ann", "example ", "ann.e@example.org"),
		todo("customer_00000000000000000000000000000001", "Bea", "Example", "bea@example.com"),
	}}
	h := newHarness(t)
	o := h.options()
	o.Client = pageSphere{page: page}
	m := update(New(o), tea.WindowSizeMsg{Width: 80, Height: 24})
	m = update(typeText(m, "example"), press("enter"))
	m = update(m, reply(m), press("down"), press("enter"))
	if m.screen != screenCustomer || m.cust.ID != page.Customers[1].ID {
		t.Fatalf("a shared name: screen %d, not the card:\n%s", m.screen, plain(m))
	}
	if m = update(m, press("k")); m.screen != screenLoading || m.req.act != actKYCLink {
		t.Errorf("k from the card: screen %d", m.screen)
	}
	// A name of its own goes straight to the link, as before.
	m = update(New(o), tea.WindowSizeMsg{Width: 80, Height: 24})
	m = update(typeText(m, "example"), press("enter"))
	m = update(m, reply(m), press("down"), press("down"), press("enter"))
	if m.screen != screenLoading || m.req.act != actKYCLink {
		t.Errorf("a name of its own: screen %d, request %v", m.screen, m.req.act)
	}
}

// Esc on a card picked from search results goes back to them, and the
// help says so; on a card typed by ID it is not offered.
func TestTheHelpSaysEscGoesBackToTheResults(t *testing.T) {
	h := newHarness(t)
	m := h.submitted(t, h.model(80, 24), "bob@example.com")
	if m = update(m, press("enter")); m.screen == screenLoading {
		m = h.answer(t, m)
	}
	if m.screen != screenCustomer {
		t.Fatalf("no card:\n%s", plain(m))
	}
	if v := plain(update(m, press("?"))); !strings.Contains(v, "esc back to the results") {
		t.Errorf("the help does not name esc:\n%s", v)
	}
	if m = update(m, press("esc")); m.screen != screenSearch {
		t.Errorf("esc: screen %d", m.screen)
	}
	m = h.submitted(t, h.model(80, 24), spheretest.CustomerApproved)
	if v := plain(update(m, press("?"))); m.screen != screenCustomer || strings.Contains(v, "back to the results") {
		t.Errorf("a card typed by ID offers the results:\n%s", v)
	}
}

// On the search results n gives an empty field, as on every other screen,
// so an ID typed next is not appended to the old query; Esc keeps the
// query to refine it.
func TestNOnTheResultsGivesAnEmptyField(t *testing.T) {
	h := newHarness(t)
	m := h.submitted(t, h.model(80, 24), "sample")
	if m.screen != screenSearch {
		t.Fatalf("no results:\n%s", plain(m))
	}
	if got := update(m, press("n")); got.screen != screenInput || got.field.input.Value() != "" || !got.field.input.Focused() {
		t.Fatalf("n: screen %d, field %q", got.screen, got.field.input.Value())
	}
	if got := update(m, press("esc")); got.screen != screenInput || got.field.input.Value() != "sample" {
		t.Fatalf("esc: screen %d, field %q", got.screen, got.field.input.Value())
	}
}

package ui

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
)

// The customer flows: find the customer, see what they need, send the
// right link. Update tests against the fake; a teatest flow at the end.

func TestEmailToTheRightLinkInThreeKeys(t *testing.T) {
	h := newHarness(t)
	m := typeText(h.model(80, 24), "erin@example.com")
	m = h.answer(t, update(m, press("enter"))) // 1: search by email
	if m.screen != screenSearch || len(m.search.page.Customers) != 1 || !strings.Contains(plain(m), "Erin Example") {
		t.Fatalf("search:\n%s", plain(m))
	}
	if q := h.fake.Requests()[0].Query; q["email"] == nil || q["search"] != nil {
		t.Errorf("an email address is searched by email: %v", q)
	}
	m = update(m, press("enter")) // 2: pick
	v := flat(plain(m))
	if m.screen != screenCustomer || !strings.Contains(v, "Needs to accept Sphere's terms first") ||
		!strings.Contains(v, "Still to do: accept Sphere's terms; verify their phone number") {
		t.Fatalf("card:\n%s", plain(m))
	}
	m = h.answer(t, update(m, press("t"))) // 3: the terms link
	// The terms link expires at Sphere's expiresAt, counted down as a KYC link's.
	if m.screen != screenResult || m.current.link.Kind != client.LinkTerms || !strings.Contains(plain(m), "Terms link") ||
		!strings.Contains(plain(m), "in 1h 0m 0s") {
		t.Fatalf("terms link:\n%s", plain(m))
	}
	if m.current.host.Expected != true {
		t.Error("the terms link's host is not expected")
	}
	// The card's summary stays above the link; history knows the kind.
	if !strings.Contains(plain(m), "Erin Example · Needs to accept Sphere's terms first") {
		t.Errorf("no summary line:\n%s", plain(m))
	}
	if m = update(m, press("tab")); !strings.Contains(plain(m), "terms  customer_6b8b6e4a5add953e8f24dd11d0e65c4f  ● valid    1h 0m") {
		t.Errorf("history row:\n%s", plain(m))
	}
	if h.posts() != 1 {
		t.Errorf("%d link requests, want the terms link alone", h.posts())
	}
}

func TestIncompleteCustomerGetsTheLinkAtOnce(t *testing.T) {
	h := newHarness(t)
	m := h.submitted(t, h.model(80, 24), okID) // Alice: KYC to do, nothing first
	reqs := h.fake.Requests()
	if m.screen != screenResult || len(reqs) != 2 || reqs[0].Method != http.MethodGet || reqs[1].Method != http.MethodPost {
		t.Fatalf("screen %d, requests %+v", m.screen, reqs)
	}
}

func TestNoLinkWithoutYesForApprovedPendingRejected(t *testing.T) {
	for _, id := range []string{spheretest.CustomerApproved, spheretest.CustomerPending, spheretest.CustomerRejected} {
		h := newHarness(t)
		m := h.submitted(t, h.model(100, 30), id)
		if m.screen != screenCustomer || h.posts() != 0 {
			t.Fatalf("%s: screen %d, %d link requests", id, m.screen, h.posts())
		}
		m = update(m, press("k"))
		if !m.confirm.asking() || !strings.Contains(flat(plain(m)), "Make a KYC link anyway?") || h.posts() != 0 {
			t.Fatalf("%s: k did not ask:\n%s", id, plain(m))
		}
		if m = update(m, press("n")); m.confirm.asking() || m.screen != screenCustomer {
			t.Fatalf("%s: n did not keep the card", id)
		}
		if m = update(m, press("t")); m.screen != screenCustomer {
			t.Errorf("%s: t made a terms link for a customer who needs none", id)
		}
		m = h.answer(t, update(m, press("k"), press("y")))
		if m.screen != screenResult || h.posts() != 1 {
			t.Errorf("%s: yes did not make the link: screen %d, %d link requests", id, m.screen, h.posts())
		}
	}
}

func TestRejectedCardShowsTheCriteriaErrors(t *testing.T) {
	h := newHarness(t)
	m := h.submitted(t, h.model(100, 30), spheretest.CustomerRejected)
	if v := flat(plain(m)); !strings.Contains(v, "Rejected by Sphere") || !strings.Contains(v, "✖ upload an identity document:") {
		t.Errorf("card:\n%s", plain(m))
	}
}

func TestLookup404SendsNothingElse(t *testing.T) {
	h := newHarness(t)
	m := h.submitted(t, h.model(80, 24), "customer_0123456789abcdef0123456789abcdef")
	if m.screen != screenError || m.failure.Kind != client.KindNotFound || h.posts() != 0 {
		t.Fatalf("screen %d, failure %v, %d link requests", m.screen, m.failure, h.posts())
	}
	if v := plain(m); !strings.Contains(v, "Customer not found (HTTP 404)") {
		t.Errorf("error view:\n%s", v)
	}
}

func TestLookup403StillMakesTheLink(t *testing.T) {
	var posts int
	h := hostileHarness(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet { // a key without read access
			w.WriteHeader(403)
			fmt.Fprint(w, `{"status":403,"detail":"Forbidden resource"}`)
			return
		}
		posts++
		w.WriteHeader(201)
		fmt.Fprintf(w, `{"customerId":%q,"url":"https://in.sumsub.com/websdk/p/x","expiresAt":"2026-12-24T09:00:00Z"}`, okID)
	}))
	m := h.submitted(t, h.model(80, 24), okID)
	if m.screen != screenResult || posts != 1 {
		t.Fatalf("screen %d, %d link requests", m.screen, posts)
	}
	if v := plain(m); !strings.Contains(v, "Not looked up (Access denied") || !strings.Contains(v, "made without the card.") {
		t.Errorf("result:\n%s", plain(m))
	}
	// b asks for the card: the refusal is the answer, not another link.
	if m = h.answer(t, update(m, press("b"))); m.screen != screenError || posts != 1 || m.confirm.asking() {
		t.Errorf("b: screen %d, %d link requests, asking %v:\n%s", m.screen, posts, m.confirm.asking(), plain(m))
	}
}

func TestAnIDAttemptIsNeverSearched(t *testing.T) {
	h := newHarness(t)
	for _, in := range []string{"cust_0123", "Customer_X y", "my customer_id"} {
		m := update(typeText(h.model(80, 24), in), press("enter"))
		if m.screen != screenInput || m.field.err == "" {
			t.Errorf("%q: screen %d, error %q", in, m.screen, m.field.err)
		}
	}
	if n := len(h.fake.Requests()); n != 0 {
		t.Errorf("%d requests for malformed IDs", n)
	}
}

func TestSearchPagesAndPicks(t *testing.T) {
	h := newHarness(t)
	m := h.submitted(t, h.model(80, 24), spheretest.SampleName) // 7 a page at 80×24
	if v := plain(m); !strings.Contains(v, "14, page 1 of 2") || !strings.Contains(v, "↓ pgdn: page 2") {
		t.Fatalf("page 1:\n%s", v)
	}
	m = h.answer(t, update(m, press("pgdown")))
	if v := plain(m); !strings.Contains(v, "page 2 of 2") || !strings.Contains(v, "↑ pgup: page 1") || m.search.page.HasNext {
		t.Fatalf("page 2:\n%s", v)
	}
	m = update(m, press("down"), press("enter"))
	want := m.search.page.Customers[1].ID
	if m = h.answer(t, m); m.field.input.Value() != want {
		t.Errorf("picked %q, want %q", m.field.input.Value(), want)
	}
}

func TestReadAheadBeforeEnter(t *testing.T) {
	h := newHarness(t)
	m := h.model(80, 24)
	var cmd tea.Cmd
	for _, r := range okID {
		var next tea.Model
		next, cmd = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		m = next.(Model)
	}
	if m.ahead.id != okID || cmd == nil {
		t.Fatalf("no read ahead for a complete ID: %+v", m.ahead)
	}
	if n := len(h.fake.Requests()); n != 0 {
		t.Fatalf("%d requests before the read ran: typing sent reads for partial IDs", n)
	}
	m = update(m, runAll(cmd)...) // the read ahead runs while the agent looks
	if m.ahead.msg == nil || len(h.fake.Requests()) != 1 {
		t.Fatalf("the read ahead did not land: %+v", h.fake.Requests())
	}
	m = update(m, press("enter"))
	if m.screen != screenLoading || m.req.act != actKYCLink {
		t.Fatalf("Enter waited for a lookup it already had: screen %d act %d", m.screen, m.req.act)
	}
	if m = h.answer(t, m); m.screen != screenResult || len(h.fake.Requests()) != 2 {
		t.Errorf("screen %d, requests %d", m.screen, len(h.fake.Requests()))
	}
	// A change of the field drops what was read ahead.
	m = update(m, press("n"))
	m = typeText(m, spheretest.CustomerApproved)
	m = update(m, press("backspace"))
	if m.ahead.id != "" {
		t.Errorf("an edit kept the read ahead of another ID: %+v", m.ahead)
	}
}

// runAll runs a command and the commands it batches, and returns their
// messages (none of them ticks or waits).
func runAll(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, runAll(c)...)
		}
		return out
	case nil:
		return nil
	default:
		return []tea.Msg{msg}
	}
}

func TestFlowSearchPickCardTermsLink(t *testing.T) {
	h := newHarness(t)
	tm := startFlow(t, h, 100, 30)
	submitFlow(tm, "erin@example.com")
	waitFor(t, tm, "Customers matching")
	tm.Send(press("enter"))
	waitFor(t, tm, "Needs to accept Sphere")
	tm.Send(press("t"))
	waitFor(t, tm, "Terms link")
	tm.Send(press("q"))
	m := finalModel(t, tm)
	if m.current == nil || m.current.link.Kind != client.LinkTerms || h.posts() != 1 {
		t.Errorf("final: %+v, %d link requests", m.current, h.posts())
	}
}

func TestSearchSelectionStaysInViewAfterAResize(t *testing.T) {
	h := newHarness(t)
	m := h.submitted(t, h.model(160, 50), spheretest.SampleName)
	m = update(m, tea.WindowSizeMsg{Width: 60, Height: 16})
	for range 6 {
		m = update(m, press("down"))
	}
	v := plain(m)
	want := m.search.page.Customers[6].Name()
	if !strings.Contains(v, "▸ "+want) || !strings.Contains(v, "more on this page") {
		t.Errorf("the selected %s is not on screen:\n%s", want, v)
	}
	if lines := strings.Count(v, "\n") + 1; lines > 16 {
		t.Errorf("%d lines in a 16-line window", lines)
	}
}

func TestEscFromACardGoesBackToTheResults(t *testing.T) {
	h := newHarness(t)
	m := h.submitted(t, h.model(100, 30), spheretest.SampleName)
	m = update(m, press("down"), press("enter")) // Ben Sample, approved: the card
	if m.screen != screenCustomer {
		t.Fatalf("screen %d", m.screen)
	}
	if m = update(m, press("esc")); m.screen != screenSearch || m.search.cursor != 1 {
		t.Errorf("esc: screen %d cursor %d", m.screen, m.search.cursor)
	}
}

func TestNoSphereShowsTheLookupsFailure(t *testing.T) {
	h := newHarness(t)
	o := h.options()
	c, err := client.New(client.Options{BaseURL: "http://127.0.0.1:1", APIKey: "secret_x_test_key", Sleep: spheretest.NoWait})
	if err != nil {
		t.Fatal(err)
	}
	o.Client = c
	m := h.answer(t, update(typeText(update(New(o), tea.WindowSizeMsg{Width: 80, Height: 24}), okID), press("enter")))
	if m.screen != screenError || m.failure.Kind != client.KindNetwork || m.req.act != actLookup {
		t.Fatalf("screen %d, failure %v, act %d", m.screen, m.failure, m.req.act)
	}
	if m = update(m, press("r")); m.screen != screenLoading || m.req.act != actLookup {
		t.Errorf("r did not retry the lookup: screen %d act %d", m.screen, m.req.act)
	}
}

// The page size is the first page's while the agent pages: a window made
// smaller between pages would ask for page 2 at a smaller size, which
// starts at a customer page 1 already showed.
func TestPagingKeepsTheFirstPagesSizeAcrossAResize(t *testing.T) {
	h := newHarness(t)
	m := h.submitted(t, h.model(80, 24), spheretest.SampleName) // 7 a page at 80×24
	if n := len(m.search.page.Customers); n != 7 {
		t.Fatalf("page 1 holds %d", n)
	}
	m = update(m, tea.WindowSizeMsg{Width: 60, Height: 16})
	m = h.answer(t, update(m, press("pgdown")))
	if got := m.search.page.Customers[0].ID; got != spheretest.SampleID(8) {
		t.Errorf("page 2 starts at %s, want the 8th customer %s", got, spheretest.SampleID(8))
	}
	m = h.answer(t, update(m, press("pgup")))
	if got := m.search.page.Customers; len(got) != 7 || got[0].ID != spheretest.SampleID(1) {
		t.Errorf("back on page 1: %d customers from %s", len(got), got[0].ID)
	}
}

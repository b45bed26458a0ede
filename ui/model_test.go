package ui

import (
	"errors"
	"fmt"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
)

func plain(m Model) string { return ansi.Strip(m.View()) }

func TestInvalidIDIsRefusedAndNothingSent(t *testing.T) {
	h := newHarness(t)
	m := update(typeText(h.model(80, 24), "cust_123"), press("enter"))
	if m.screen != screenInput || !strings.Contains(m.field.err, `does not start with "customer_"`) {
		t.Fatalf("screen=%d fieldErr=%q", m.screen, m.field.err)
	}
	if !strings.Contains(plain(m), `✖ That does not start with "customer_"`) {
		t.Errorf("the field error is not under the field:\n%s", plain(m))
	}
	if len(h.fake.Requests()) != 0 {
		t.Error("a request was sent for an invalid ID")
	}
	// After the first submit, the validator follows the agent's edits.
	m = update(m, press("esc"))
	m = typeText(m, "customer_ABC")
	if !strings.Contains(m.field.err, "lower case") {
		t.Errorf("live validation: fieldErr=%q", m.field.err)
	}
	m = update(m, press("esc"))
	m = typeText(m, okID)
	if m.field.err != "" || m.field.warn != "" {
		t.Errorf("a valid ID still shows %q / %q", m.field.err, m.field.warn)
	}
	m = typeText(update(m, press("esc")), "customer_abc")
	if !strings.Contains(m.field.warn, "Unusual") {
		t.Errorf("unusual ID not flagged: %q", m.field.warn)
	}
}

func TestPasteWithQuotesAndNewline(t *testing.T) {
	h := newHarness(t)
	m := update(h.model(80, 24), tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(" \"" + okID + "\"\n"), Paste: true})
	if got := m.field.input.Value(); got != okID {
		t.Fatalf("pasted value = %q", got)
	}
	m = h.answer(t, update(m, press("enter")))
	if m.screen != screenResult || m.current.link.CustomerID != okID {
		t.Fatalf("screen=%d", m.screen)
	}
}

func TestSuccessShowsLinkDetails(t *testing.T) {
	h := newHarness(t)
	m := h.submitted(t, h.model(120, 40), okID)
	v := plain(m)
	for _, want := range []string{okID, "in.sumsub.com", "✓ expected", m.current.link.URL, "in 28d 0h 0m 0s",
		"Thu 24 Dec 2026 10:00:00 CET", "2026-12-24 09:00:00 UTC", "DEMO"} {
		if !strings.Contains(v, want) {
			t.Errorf("result view lacks %q:\n%s", want, v)
		}
	}
	if !strings.Contains(m.View(), ansi.SetHyperlink(m.current.link.URL)) {
		t.Error("the link is not an OSC 8 hyperlink")
	}
	if m.lay.qr == "" {
		t.Error("no QR code at 120x40")
	}
}

func TestLoadingIgnoresEnterAndR(t *testing.T) {
	h := newHarness(t)
	m := update(typeText(h.model(80, 24), okID), press("enter"))
	seq := m.req.seq
	m = update(m, press("enter"), press("r"), press("c"))
	if m.screen != screenLoading || m.req.seq != seq {
		t.Fatalf("a key started another request: screen=%d seq=%d→%d", m.screen, seq, m.req.seq)
	}
	if v := plain(m); !strings.Contains(v, "Looking up "+okID) || !strings.Contains(v, "0s elapsed") {
		t.Errorf("loading view:\n%s", v)
	}
	h.clock.Advance(3 * time.Second)
	if v := plain(update(m, tickMsg{})); !strings.Contains(v, "3s elapsed") {
		t.Errorf("elapsed time not ticking:\n%s", v)
	}
}

func TestCancelKeepsIDAndDropsLateAnswer(t *testing.T) {
	h := newHarness(t)
	m := update(typeText(h.model(80, 24), okID), press("enter"))
	staleSeq := m.req.seq
	m = update(m, press("esc"))
	if m.screen != screenInput || m.field.input.Value() != okID || !strings.Contains(m.status, "Cancelled") {
		t.Fatalf("after esc: screen=%d value=%q status=%q", m.screen, m.field.input.Value(), m.status)
	}
	link, _ := h.client.RegenerateKYCLink(t.Context(), okID)
	m = update(m, resultMsg{seq: staleSeq, id: okID, link: link})
	if m.screen != screenInput || len(m.sess.history) != 0 {
		t.Fatal("a cancelled request's late answer replaced newer state")
	}
	// A superseded request's answer is dropped too.
	m = update(m, press("enter"))
	first := m.req.seq
	m = update(m, press("esc"), press("enter"))
	m = update(m, resultMsg{seq: first, id: okID, err: &client.APIError{Kind: client.KindNotFound}})
	if m.screen != screenLoading {
		t.Fatal("a superseded answer was shown")
	}
}

func TestEscCancelsTheRequestContext(t *testing.T) {
	h := newHarness(t)
	m := update(typeText(h.model(80, 24), spheretest.Slow), press("enter"))
	next, cmd := m.Update(reply(m)) // the lookup's answer starts the link request
	m = next.(Model)
	request := cmd().(tea.BatchMsg)[0] // the slow fake answers in an hour
	done := make(chan tea.Msg, 1)
	go func() { done <- request() }()
	m = update(m, press("esc"))
	select {
	case msg := <-done:
		res := msg.(resultMsg)
		var api *client.APIError
		if !errors.As(res.err, &api) || api.Kind != client.KindCanceled {
			t.Errorf("request ended with %v, want cancelled", res.err)
		}
		if m = update(m, res); m.screen != screenInput {
			t.Error("the cancelled answer changed the screen")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("esc did not cancel the request")
	}
}

func TestErrorScreenAndRetryKey(t *testing.T) {
	h := newHarness(t)
	m := h.submitted(t, h.model(80, 24), spheretest.Validation)
	if m.screen != screenError {
		t.Fatalf("screen = %d", m.screen)
	}
	v := plain(m)
	for _, want := range []string{"✖ Validation failed (HTTP 422)", "email → Invalid email format",
		"address › postalCode → Postal code is required", "validation/failed", m.failure.CorrelationID} {
		if !strings.Contains(v, want) {
			t.Errorf("error view lacks %q:\n%s", want, v)
		}
	}
	// Retrying the same cannot get past a validation failure: r is not
	// offered and does nothing.
	if m = update(m, press("r")); m.screen != screenError || strings.Contains(plain(m), "r retry") {
		t.Errorf("r offered after a 422:\n%s", plain(m))
	}
	// y copies the correlation ID.
	next, cmd := m.Update(press("y"))
	m = update(next.(Model), cmd())
	if got := h.system.Texts(); len(got) != 1 || got[0] != m.failure.CorrelationID {
		t.Errorf("clipboard got %q", got)
	}

	// A 5xx is retried by the client, says how often, and r retries with
	// the failed call's idempotency key.
	m = h.submitted(t, h.model(80, 24), spheretest.ServerError)
	if v := plain(m); !strings.Contains(v, "(3 attempts made)") || !strings.Contains(v, "r retry") {
		t.Errorf("5xx error view:\n%s", v)
	}
	failedKey := m.req.idemKey
	m = update(m, press("r"))
	if m.screen != screenLoading || m.req.idemKey != failedKey {
		t.Errorf("r after a failure: screen=%d key %q, want the failed attempt's %q", m.screen, m.req.idemKey, failedKey)
	}
}

func TestHintsPerCodeAndStatus(t *testing.T) {
	h := newHarness(t)
	for _, tt := range []struct {
		id          string
		want, never []string
	}{
		{spheretest.BadRequest, []string{"address is invalid", "r tries again", "r retry"}, nil},
		{spheretest.NotLinkFlow, []string{"only for customers created through an onboarding link"}, []string{"data is fixed", "r retry"}},
		// n gives an empty field (Esc edits the ID): the hint names no key.
		{spheretest.NotFound, []string{"Check the ID against the customer's record.", "esc edit ID", "y copy"}, []string{"r retry", "n edits"}},
		{spheretest.Unauthorized, []string{"demo customer"}, []string{"r retry", "y copy"}},
	} {
		m := h.submitted(t, h.model(100, 30), tt.id)
		v := plain(m)
		for _, w := range tt.want {
			if !strings.Contains(v, w) {
				t.Errorf("%s: lacks %q:\n%s", tt.id, w, v)
			}
		}
		for _, w := range tt.never {
			if strings.Contains(v, w) {
				t.Errorf("%s: says %q:\n%s", tt.id, w, v)
			}
		}
	}
}

func TestIDParameterErrorStandsUnderField(t *testing.T) {
	h := newHarness(t)
	m := h.submitted(t, h.model(80, 24), spheretest.NotLinkFlow)
	m = update(m, press("esc"))
	if m.screen != screenInput || m.field.input.Value() != spheretest.NotLinkFlow {
		t.Fatalf("esc: screen=%d value=%q", m.screen, m.field.input.Value())
	}
	if v := plain(m); !strings.Contains(v, "✖ Sphere: Only customers created via the onboarding link") {
		t.Errorf("id error not under the field:\n%s", v)
	}
	m = update(m, press("backspace"))
	if len(m.field.sphere) != 0 {
		t.Error("the server's verdict should clear once the ID changes")
	}
}

func TestRegenerateAsksFirstAndSupersedes(t *testing.T) {
	h := newHarness(t)
	m := h.submitted(t, h.model(80, 24), okID)
	firstKey := h.fake.Requests()[0].IdempotencyKey
	m = update(m, press("r"))
	if !m.confirm.asking() || !strings.Contains(flat(plain(m)), "Make a new KYC link? The current one (valid for 28d 0h 0m 0s more) may stop working.") {
		t.Fatal("r on a valid link did not ask first")
	}
	m = update(m, press("n"))
	if m.confirm.asking() || m.screen != screenResult {
		t.Fatal("n did not keep the link")
	}
	m = h.answer(t, update(m, press("r"), press("y")))
	if len(m.sess.history) != 2 || !m.sess.history[1].superseded || m.sess.history[0] != m.current {
		t.Fatalf("history after regenerate: %+v", m.sess.history)
	}
	if reqs := h.fake.Requests(); reqs[1].IdempotencyKey == firstKey {
		t.Error("r after a success must be a new call with a new key")
	}
	// The superseded link, opened from history, has no QR and no copy.
	m = update(m, press("tab"), press("down"), press("enter"))
	if m.current != m.sess.history[1] || m.lay.qr != "" || !strings.Contains(plain(m), "SUPERSEDED") {
		t.Fatalf("superseded link view:\n%s", plain(m))
	}
	m = update(m, press("c"))
	if !strings.Contains(m.status, "Copy refused") {
		t.Errorf("status = %q", m.status)
	}
	// r from a superseded view still protects the newer valid link.
	if m = update(m, press("r")); !m.confirm.asking() {
		t.Error("r did not ask while the customer has a valid link")
	}
}

func TestExpiryRemovesQRAndRefusesCopy(t *testing.T) {
	h := newHarness(t)
	m := h.submitted(t, h.model(80, 24), spheretest.Expires90s)
	if v := plain(m); !strings.Contains(v, "‼ in 1m 30s (under 1 hour)") {
		t.Errorf("countdown:\n%s", v)
	}
	h.clock.Advance(89 * time.Second)
	if v := plain(update(m, tickMsg{})); !strings.Contains(v, "‼ in 1s") {
		t.Errorf("1s before expiry:\n%s", v)
	}
	h.clock.Advance(time.Second)
	m = update(m, tickMsg{})
	v := plain(m)
	if !strings.Contains(v, "✖ EXPIRED") || m.lay.qr != "" || !strings.Contains(v, "QR code removed") {
		t.Fatalf("at zero:\n%s", v)
	}
	if strings.Contains(m.View(), ansi.SetHyperlink(m.current.link.URL)) || !strings.Contains(v, "do not send") {
		t.Error("an expired link is still offered as a hyperlink")
	}
	m = update(m, press("c"))
	if !strings.Contains(m.status, "expired") || len(h.system.Texts()) != 0 {
		t.Errorf("copy of an expired link: status %q, clipboard %q", m.status, h.system.Texts())
	}
	m = update(m, press("r")) // no confirmation: nothing valid to lose
	if m.screen != screenLoading {
		t.Error("r on an expired link did not regenerate")
	}
}

func TestCountdownWarningStates(t *testing.T) {
	h := newHarness(t)
	m := h.submitted(t, h.model(80, 24), okID)
	h.clock.Advance(27 * 24 * time.Hour)
	// Exactly 24 h left is not yet "under 24 hours": no warning glyph.
	if v := plain(update(m, tickMsg{})); !strings.Contains(v, "in 1d 0h 0m 0s") || strings.Contains(v, "⚠ in") {
		t.Errorf("at 24 h:\n%s", v)
	}
	h.clock.Advance(time.Second)
	if v := plain(update(m, tickMsg{})); !strings.Contains(v, "⚠ in 23h 59m 59s (under 24 hours)") {
		t.Errorf("under 24 h:\n%s", v)
	}
	h.clock.Advance(23 * time.Hour)
	if v := plain(update(m, tickMsg{})); !strings.Contains(v, "‼ in 59m 59s (under 1 hour)") {
		t.Errorf("under 1 h:\n%s", v)
	}
}

func TestUnexpectedHostWarns(t *testing.T) {
	h := newHarness(t)
	o := h.options()
	o.Client = stubRegenerator{link: client.Link{URL: "https://xn--sumsb-mva.com/p/x", ExpiresAt: t0.Add(time.Hour * 48)}}
	m := update(New(o), tea.WindowSizeMsg{Width: 100, Height: 30})
	m = update(typeText(m, okID), press("enter"))
	m = update(m, resultMsg{seq: m.req.seq, id: okID, link: client.Link{CustomerID: okID, URL: "https://xn--sumsb-mva.com/p/x", ExpiresAt: t0.Add(48 * time.Hour)}})
	if v := plain(m); !strings.Contains(v, "⚠ Not an expected host (sumsub.com)") || !strings.Contains(v, "xn--sumsb-mva.com") {
		t.Errorf("no warning for a foreign host:\n%s", v)
	}
}

func TestUnsafeLinkNeverShownAsQROrCopied(t *testing.T) {
	h := newHarness(t)
	m := update(typeText(h.model(100, 30), okID), press("enter"))
	bad := client.Link{CustomerID: okID, URL: "http://in.sumsub.com/x", ExpiresAt: t0.Add(time.Hour * 48)}
	m = update(m, resultMsg{seq: m.req.seq, id: okID, link: bad})
	if m.lay.qr != "" || !strings.Contains(plain(m), "Link refused") {
		t.Fatalf("unsafe link shown:\n%s", plain(m))
	}
	m = update(m, press("c"))
	if len(h.system.Texts()) != 0 || !strings.Contains(m.status, "Copy refused") {
		t.Errorf("unsafe link copied: %q", m.status)
	}
}

func TestTooLongForQRRefusedWithoutPanic(t *testing.T) {
	h := newHarness(t)
	m := update(typeText(h.model(160, 50), okID), press("enter"))
	long := client.Link{CustomerID: okID, URL: "https://in.sumsub.com/" + strings.Repeat("a", 2978), ExpiresAt: t0.Add(time.Hour * 48)}
	m = update(m, resultMsg{seq: m.req.seq, id: okID, link: long})
	if v := plain(m); !strings.Contains(v, "No QR code: the link is 3000 characters long, more than 2048") {
		t.Errorf("no too-long notice:\n%s", v)
	}
	// The client refuses such a link before it reaches the QR layer; the
	// layer itself still refuses it without panicking (qrterminal would).
	q := newQRCode(long.URL)
	if _, ok := q.fit(1000, 1000); ok || q.paint(qrVariant{level: qrPreference[0].level, quiet: 4}) != "" {
		t.Error("the QR layer accepted a 3,000-character text")
	}
}

func TestTooSmallWindowKeepsState(t *testing.T) {
	h := newHarness(t)
	m := h.submitted(t, h.model(80, 24), okID)
	m = update(m, tea.WindowSizeMsg{Width: 59, Height: 20})
	if v := plain(m); !strings.Contains(v, "Window too small: 59×20") || strings.Contains(v, okID) {
		t.Fatalf("small window:\n%s", v)
	}
	m = update(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	if m.screen != screenResult || !strings.Contains(plain(m), okID) || m.lay.qr == "" {
		t.Fatal("state lost after the window grew")
	}
}

func TestViewNeverTallerThanWindow(t *testing.T) {
	h := newHarness(t)
	m := h.submitted(t, h.model(80, 24), spheretest.Validation)
	for _, sz := range [][2]int{{80, 24}, {100, 30}, {120, 40}, {81, 25}} {
		for _, mm := range []Model{m, update(m, press("?")), update(m, press("n"))} {
			mm = update(mm, tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			if lines := strings.Count(mm.View(), "\n") + 1; lines > sz[1] {
				t.Errorf("%dx%d: view has %d lines", sz[0], sz[1], lines)
			}
			for _, l := range strings.Split(mm.View(), "\n") {
				if w := ansi.StringWidth(l); w > sz[0] {
					t.Errorf("%dx%d: line %q is %d wide", sz[0], sz[1], ansi.Strip(l), w)
				}
			}
		}
	}
}

func TestQRBuiltOncePerLink(t *testing.T) {
	h := newHarness(t)
	m := h.model(120, 40)
	m = h.submitted(t, m, okID)
	for range 50 {
		h.clock.Advance(time.Second)
		m = update(m, tickMsg{})
		_ = m.View()
	}
	if n := m.current.qr.paintings; n != 1 {
		t.Errorf("QR painted %d times for one link over 50 ticks", n)
	}
}

func TestTicksOnlyWhileCounting(t *testing.T) {
	h := newHarness(t)
	m := h.model(80, 24)
	if _, cmd := m.Update(tickMsg{}); cmd != nil {
		t.Error("idle input screen keeps ticking")
	}
	m = h.submitted(t, m, spheretest.Expires90s)
	if !m.ticking {
		t.Error("a live countdown does not tick")
	}
	h.clock.Advance(2 * time.Minute)
	next, cmd := m.Update(tickMsg{})
	if cmd != nil || next.(Model).ticking {
		t.Error("ticks go on after every link expired")
	}
}

func TestHistoryListsStates(t *testing.T) {
	h := newHarness(t)
	m := h.submitted(t, h.model(100, 30), spheretest.Expires90s)
	m = update(m, press("n"))
	m = h.submitted(t, m, okID)
	h.clock.Advance(2 * time.Minute)
	m = update(m, tickMsg{}, press("tab"))
	v := plain(m)
	if m.screen != screenHistory || !strings.Contains(v, "● valid") || !strings.Contains(v, "✖ expired") {
		t.Fatalf("history:\n%s", v)
	}
	m = update(m, press("down"), press("enter"))
	if m.current.link.CustomerID != spheretest.Expires90s || m.lay.qr != "" {
		t.Error("an expired link opened with a QR code")
	}
	m = update(m, press("tab"), press("esc"))
	if m.screen != screenResult {
		t.Errorf("esc from history: screen %d", m.screen)
	}
}

func TestQuitCancelsRequest(t *testing.T) {
	h := newHarness(t)
	m := update(typeText(h.model(80, 24), okID), press("enter"))
	var cancelled bool
	m.req.cancel = func() { cancelled = true }
	_, cmd := m.Update(press("ctrl+c"))
	if !cancelled || cmd == nil {
		t.Fatal("ctrl+c while loading did not cancel and quit")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Error("ctrl+c did not quit")
	}
}

func TestEnvironmentBadges(t *testing.T) {
	for kind, want := range map[client.EnvKind]string{client.EnvProduction: "PRODUCTION", client.EnvSandbox: "SANDBOX", client.EnvDemo: "DEMO", client.EnvCustom: "CUSTOM"} {
		h := newHarness(t)
		o := h.options()
		o.Environment = client.Environment{Kind: kind, Host: "h.example"}
		m := update(New(o), tea.WindowSizeMsg{Width: 80, Height: 24})
		if first := strings.Split(plain(m), "\n")[0]; !strings.Contains(first, want) || !strings.Contains(first, "h.example") {
			t.Errorf("header %q lacks %s", first, want)
		}
	}
}

func TestLoadingShowsRetries(t *testing.T) {
	h := newHarness(t)
	m := update(typeText(h.model(80, 24), spheretest.RateLimited), press("enter"))
	events := make(chan tea.Msg, 1)
	cause := &client.APIError{Kind: client.KindRateLimited, Status: 429}
	m = update(m, retryMsg{seq: m.req.seq - 1, retry: client.Retry{Attempt: 2, MaxAttempts: 3, Wait: time.Second, Cause: cause}, events: events})
	if m.req.retry != nil {
		t.Fatal("a stale request's retry notice was shown")
	}
	m = update(m, retryMsg{seq: m.req.seq, retry: client.Retry{Attempt: 2, MaxAttempts: 3, Wait: time.Second, Cause: cause}, events: events})
	if v := plain(m); !strings.Contains(v, "⚠ Rate limited (HTTP 429): trying again in 1s (attempt 2 of 3") {
		t.Errorf("loading view:\n%s", v)
	}
	if m = update(m, press("esc"), press("enter")); m.req.retry != nil {
		t.Error("a new request kept the old retry notice")
	}
}

func TestRequestCommandDeliversRetriesThenResult(t *testing.T) {
	h := newHarness(t)
	m := update(typeText(h.model(80, 24), spheretest.RateLimited), press("enter"))
	next, cmd := m.Update(reply(m)) // the lookup's answer starts the link request
	m = next.(Model)
	msg := cmd().(tea.BatchMsg)[0]()
	r, ok := msg.(retryMsg)
	if !ok || r.retry.Cause.Status != 429 || r.retry.Wait != time.Second {
		t.Fatalf("first event = %#v, want the 429 retry notice", msg)
	}
	m = update(m, r)
	res, ok := listen(r.events)().(resultMsg)
	if !ok || res.err != nil {
		t.Fatalf("second event = %#v, want the result", res)
	}
	if m = update(m, res); m.screen != screenResult || m.req.retry != nil {
		t.Errorf("screen=%d retry=%v", m.screen, m.req.retry)
	}
}

func TestSubmittingACustomerWithAValidLinkAsksFirst(t *testing.T) {
	h := newHarness(t)
	m := h.submitted(t, h.model(80, 24), okID)
	first := m.current
	m = update(m, press("n"))
	m = update(typeText(m, okID), press("enter"))
	v := flat(plain(m))
	if m.confirm.id != okID || m.screen != screenInput || !strings.Contains(v, "already has a KYC link from this session, valid for 28d 0h 0m 0s more") ||
		!strings.Contains(v, "enter show current link • y new link • n/esc cancel") {
		t.Fatalf("no question before replacing a valid link:\n%s", v)
	}
	m = update(m, press("n"))
	if m.confirm.asking() || m.screen != screenInput || m.field.input.Value() != okID || h.posts() != 1 {
		t.Fatal("n did not keep things as they were")
	}
	// Enter, the default, shows the current link: one key to re-send it.
	m = update(m, press("enter"), press("enter"))
	if m.screen != screenResult || m.current != first || h.posts() != 1 || m.lay.qr == "" {
		t.Fatalf("enter did not show the current link:\n%s", plain(m))
	}
	m = update(m, press("n"))
	m = h.answer(t, update(typeText(m, okID), press("enter"), press("y")))
	if len(m.sess.history) != 2 || !m.sess.history[1].superseded {
		t.Error("y did not make a new link")
	}
}

func TestLongLinkSaysThereIsMore(t *testing.T) {
	h := newHarness(t)
	m := update(typeText(h.model(80, 24), okID), press("enter"))
	long := client.Link{CustomerID: okID, URL: "https://in.sumsub.com/" + strings.Repeat("a", 2000), ExpiresAt: t0.Add(48 * time.Hour)}
	m = update(m, resultMsg{seq: m.req.seq, id: okID, link: long})
	v := plain(m)
	if !strings.Contains(v, "↓ more below (↓, pgdown)") || strings.Contains(v, "more above") || strings.Count(v, "\n")+1 > 24 {
		t.Errorf("a link taller than the window:\n%s", v)
	}
	if !strings.HasPrefix(v, " kyclink") || !strings.Contains(v, "q quit") {
		t.Errorf("the header or the help bar scrolled away:\n%s", v)
	}
	m = update(m, press("pgdown"), press("pgdown"), press("pgdown"), press("pgdown"))
	v = plain(m)
	if !strings.Contains(v, "↑ more above (↑, pgup)") || strings.Contains(v, "more below") || !strings.Contains(v, "Expires") {
		t.Errorf("paging down does not reach the end:\n%s", v)
	}
	if !strings.HasPrefix(v, " kyclink") || !strings.Contains(v, "q quit") || strings.Count(v, "\n")+1 > 24 {
		t.Errorf("the header or the help bar scrolled away:\n%s", v)
	}
	m = update(m, tea.KeyMsg{Type: tea.KeyUp})
	if v := plain(m); !strings.Contains(v, "more below") {
		t.Errorf("↑ does not scroll back:\n%s", v)
	}
	h.clock.Advance(time.Second)
	if m = update(m, tickMsg{}); !strings.Contains(plain(m), "more below") || !strings.Contains(plain(m), "more above") {
		t.Error("a tick lost the scroll position")
	}
	if m = update(m, tea.WindowSizeMsg{Width: 200, Height: 60}); strings.Contains(plain(m), "more below") {
		t.Error("the marks stay in a window that fits everything")
	}
}

func TestClipboardTimeout(t *testing.T) {
	hang := make(chan struct{})
	defer close(hang)
	var term syncBuffer
	c := SystemAndTerminal{Write: func(string) error { <-hang; return nil }, Terminal: &term, Timeout: 20 * time.Millisecond}
	res := c.Copy("https://in.sumsub.com/x")
	if !errors.Is(res.System, errClipboardTimeout) || !res.Terminal || !strings.HasPrefix(term.String(), "\x1b]52;c;") {
		t.Fatalf("result %+v, terminal %q", res, term.String())
	}
	msg, ok := copyStatus("Link", res)
	if ok || !strings.Contains(msg, "may not have reached your clipboard") || !strings.Contains(msg, "no answer within 2 s") {
		t.Errorf("status %q ok=%v", msg, ok)
	}
	if msg, ok := copyStatus("Link", CopyResult{System: errNoClipboardTool}); ok || !strings.Contains(msg, "not copied") {
		t.Errorf("status without the terminal's copy: %q", msg)
	}
}

func TestQQuitsOnlyWhereNoFieldOwnsLetters(t *testing.T) {
	h := newHarness(t)
	m := h.model(80, 24)
	if _, cmd := m.Update(press("q")); cmd != nil {
		if _, quit := cmd().(tea.QuitMsg); quit {
			t.Error("q quit from the input field")
		}
	}
	res := h.submitted(t, m, okID)
	for name, mm := range map[string]Model{"result": res, "history": update(res, press("tab")), "error": h.submitted(t, update(res, press("n")), spheretest.NotFound)} {
		_, cmd := mm.Update(press("q"))
		if cmd == nil {
			t.Errorf("%s: q did nothing", name)
			continue
		}
		if _, quit := cmd().(tea.QuitMsg); !quit {
			t.Errorf("%s: q did not quit", name)
		}
	}
}

// flat is text with every run of white space made one space, so a test can
// find a sentence however the window wrapped it.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestPastesAreForgiven(t *testing.T) {
	h := newHarness(t)
	m := h.model(80, 24)
	paste := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("Customer ID: customer_f31121c389624d3697\ncbf3ea8830b7a4 "), Paste: true}
	if m = update(m, paste); m.field.input.Value() != okID {
		t.Fatalf("the field shows %q, want the cleaned ID", m.field.input.Value())
	}
	// Upper case has a one-key fix.
	m = update(m, press("esc"))
	m = update(typeText(m, strings.ToUpper(okID)), press("enter"))
	if v := flat(plain(m)); m.screen != screenInput || !strings.Contains(v, "all lower case") || !strings.Contains(v, "ctrl+l makes it lower case") {
		t.Fatalf("upper case:\n%s", plain(m))
	}
	if m = update(m, tea.KeyMsg{Type: tea.KeyCtrlL}); m.field.input.Value() != okID || m.field.err != "" {
		t.Errorf("ctrl+l: field %q, error %q", m.field.input.Value(), m.field.err)
	}
	// A wrong ID says what is wrong and shows the pattern, never an ID.
	m = update(m, press("esc"))
	m = update(typeText(m, "customer_f31121c389624d3697cbf3ea8830b7a4!"), press("enter"))
	if v := flat(plain(m)); !strings.Contains(v, "'!' at position 42 is not allowed") || !strings.Contains(v, "customer_ followed by 32 hex digits") {
		t.Errorf("wrong ID:\n%s", plain(m))
	}
}

func TestClipboardFailureSaysWhy(t *testing.T) {
	fail := errors.New("exit status 1\nmore")
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	has := func(tools ...string) func(string) (string, error) {
		return func(name string) (string, error) {
			if slices.Contains(tools, name) {
				return "/usr/bin/" + name, nil
			}
			return "", exec.ErrNotFound
		}
	}
	for _, tt := range []struct {
		host ClipboardHost
		want string
	}{
		{ClipboardHost{GOOS: "linux", Getenv: env(), LookPath: has("xclip")}, "no display here (over SSH?)"},
		{ClipboardHost{GOOS: "linux", Getenv: env("DISPLAY", ":0"), LookPath: has(), OSRelease: "ID=fedora\n"}, "no clipboard tool installed: sudo dnf install xclip"},
		{ClipboardHost{GOOS: "linux", Getenv: env("WAYLAND_DISPLAY", "wayland-0"), LookPath: has(), OSRelease: `ID="ubuntu"` + "\nID_LIKE=debian\n"}, "sudo apt install wl-clipboard"},
		{ClipboardHost{GOOS: "linux", Getenv: env("DISPLAY", ":0"), LookPath: has("xclip")}, "xclip failed: exit status 1"},
		{ClipboardHost{GOOS: "linux", Getenv: env("WAYLAND_DISPLAY", "w"), LookPath: has("wl-copy", "xclip")}, "wl-copy failed"},
	} {
		c := SystemAndTerminal{Write: func(string) error { return fail }, Terminal: io.Discard, Host: &tt.host}
		msg, _ := copyStatus("Link", c.Copy("x"))
		if !strings.Contains(msg, tt.want) || strings.Contains(msg, "more") {
			t.Errorf("%+v: %q, want %q", tt.host.OSRelease, msg, tt.want)
		}
	}
}

func TestLayoutDoesNotJump(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {100, 30}, {120, 40}} {
		h := newHarness(t)
		m := h.submitted(t, h.model(size[0], size[1]), okID)
		qr, detailsW := m.lay.qr, m.lay.detailsW
		if qr == "" {
			t.Fatalf("%v: no QR code", size)
		}
		long := update(m, copiedMsg{what: "Link", res: CopyResult{System: errors.New(strings.Repeat("a long failure ", 20)), Terminal: true}})
		if len(long.statusLines()) != maxStatusRows {
			t.Fatalf("%v: the status is not two rows", size)
		}
		for name, mm := range map[string]Model{"status": long, "help": update(m, press("?"))} {
			if mm.lay.qr != qr || mm.lay.detailsW != detailsW {
				t.Errorf("%v: the %s changed the QR code or re-wrapped the details", size, name)
			}
		}
		// Where there is room, the link has rows of its own: a mouse
		// selection of it takes no QR blocks.
		if size[1] >= 30 {
			for _, l := range strings.Split(plain(m), "\n") {
				if strings.Contains(l, "https://") && strings.ContainsAny(l, "█▀▄") {
					t.Errorf("%v: the link shares a row with the QR code: %q", size, l)
				}
			}
		}
	}
}

func TestHistoryColumnsAndScrollMarks(t *testing.T) {
	h := newHarness(t)
	o := h.options()
	o.Client = stubRegenerator{link: client.Link{URL: "https://in.sumsub.com/websdk/p/x", ExpiresAt: t0.Add(28 * 24 * time.Hour)}}
	m := update(New(o), tea.WindowSizeMsg{Width: 80, Height: 24})
	long := "customer_" + strings.Repeat("ab", 40)
	for i := range 25 {
		id := fmt.Sprintf("customer_%032x", i)
		if i == 3 { // an unusual ID: sent after a yes
			m = h.answer(t, update(typeText(m, long), press("enter"), press("y")))
			m = update(m, press("n"))
			continue
		}
		m = update(h.submitted(t, m, id), press("n"))
	}
	m = update(m, press("tab"))
	v := plain(m)
	if !strings.Contains(v, "↓ 9 older") || strings.Contains(v, "newer") {
		t.Fatalf("no scroll mark below:\n%s", v)
	}
	col := -1
	for _, l := range strings.Split(v, "\n") {
		if i := strings.Index(l, "● valid"); i >= 0 {
			if col >= 0 && ansi.StringWidth(l[:i]) != col {
				t.Errorf("the state column moved: %q", l)
			}
			col = ansi.StringWidth(l[:i])
		}
	}
	for range 24 {
		m = update(m, press("down"))
	}
	if v := plain(m); !strings.Contains(v, "↑ 9 newer") || strings.Contains(v, "older") {
		t.Errorf("no scroll mark above at the end:\n%s", v)
	}
}

func TestQRWithheldUntilAnUnexpectedHostIsChecked(t *testing.T) {
	h := newHarness(t)
	m := update(typeText(h.model(120, 40), okID), press("enter"))
	m = update(m, resultMsg{seq: m.req.seq, id: okID, link: client.Link{CustomerID: okID, URL: "https://evil.example/p/x", ExpiresAt: t0.Add(48 * time.Hour)}})
	if m.lay.qr != "" || !strings.Contains(plain(m), "QR code withheld until you have checked the host: s shows it anyway.") {
		t.Fatalf("QR of an unexpected host:\n%s", plain(m))
	}
	if m = update(m, press("s")); m.lay.qr == "" {
		t.Error("s did not show the QR code")
	}
	if m = update(m, press("s")); m.lay.qr != "" {
		t.Error("s did not hide it again")
	}
}

func TestCopiedNewsGoesWhenTheLinkExpires(t *testing.T) {
	h := newHarness(t)
	m := h.submitted(t, h.model(80, 24), spheretest.Expires90s)
	next, cmd := m.Update(press("c"))
	m = update(next.(Model), cmd())
	if !strings.Contains(m.status, "copied") {
		t.Fatalf("status %q", m.status)
	}
	h.clock.Advance(91 * time.Second)
	if m = update(m, tickMsg{}); m.status != "" {
		t.Errorf("the copy news outlived the link: %q", m.status)
	}
}

// A wait under a second is common (backoff): it reads "in under a
// second", on the screen and in line mode alike, never "in 0s".
func TestRetryNoticeUnderASecond(t *testing.T) {
	h := newHarness(t)
	m := update(typeText(h.model(80, 24), spheretest.RateLimited), press("enter"))
	cause := &client.APIError{Kind: client.KindRateLimited, Status: 429}
	m = update(m, retryMsg{seq: m.req.seq, retry: client.Retry{Attempt: 2, MaxAttempts: 3, Wait: 40 * time.Millisecond, Cause: cause}, events: make(chan tea.Msg, 1)})
	if v := plain(m); !strings.Contains(v, "trying again in under a second (attempt 2 of 3") {
		t.Errorf("loading view:\n%s", v)
	}
	var out strings.Builder
	lr := &lineRunner{m: m, out: &out}
	lr.report()
	if !strings.Contains(out.String(), "⚠ Rate limited (HTTP 429): trying again in under a second (attempt 2 of 3).") {
		t.Errorf("line mode:\n%s", out.String())
	}
}

// A lookup or a search is a GET, sent again without an idempotency key:
// its retry notice does not mention one; a link request's does.
func TestARetriedLookupMentionsNoIdempotencyKey(t *testing.T) {
	h := newHarness(t)
	cause := &client.APIError{Kind: client.KindUnavailable, Status: 500}
	for _, tt := range []struct {
		start func(m Model) Model
		want  bool
	}{
		{func(m Model) Model { return update(typeText(m, "sample"), press("enter")) }, false},
		{func(m Model) Model { return update(typeText(m, spheretest.ServerError), press("enter")) }, false},
		{func(m Model) Model { return update(h.submitted(t, m, okID), press("r"), press("y")) }, true},
	} {
		m := tt.start(h.model(80, 24))
		if m.screen != screenLoading {
			t.Fatalf("not loading:\n%s", plain(m))
		}
		m = update(m, retryMsg{seq: m.req.seq, retry: client.Retry{Attempt: 2, MaxAttempts: 3, Wait: time.Second, Cause: cause}, events: make(chan tea.Msg, 1)})
		if v := flat(plain(m)); !strings.Contains(v, "trying again in 1s") || strings.Contains(v, "idempotency key") != tt.want {
			t.Errorf("act %v: the notice:\n%s", m.req.act, v)
		}
	}
}

// A retry is safe because a link request keeps its idempotency key; a
// lookup or a search (a GET) has none, so its hint never mentions one, on
// the screen or in line mode's words.
func TestTheHintNamesTheIdempotencyKeyOnlyForALinkRequest(t *testing.T) {
	h := newHarness(t)
	for _, tt := range []struct {
		req  request
		want string
	}{
		{request{act: actLookup, id: okID}, "r retries safely."},
		{request{act: actSearch, id: "alice"}, "r retries safely."},
		{request{act: actKYCLink, id: okID, idemKey: "k-1"}, "r retries safely (same idempotency key)."},
	} {
		m := h.model(100, 30)
		m.req = tt.req
		m.fail(&client.APIError{Kind: client.KindNetwork, Attempts: 3}, tt.req.id)
		m = update(m, tea.WindowSizeMsg{Width: 100, Height: 30}) // lays the body out
		if v := flat(plain(m)); !strings.Contains(v, "(3 attempts made): "+tt.want) {
			t.Errorf("act %d: want %q in:\n%s", tt.req.act, tt.want, v)
		}
		if got := m.hintWords(m.failure); !strings.HasSuffix(got, tt.want) {
			t.Errorf("act %d: hint %q", tt.req.act, got)
		}
	}
}

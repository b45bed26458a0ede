// This file tests the error screen's words for a team gateway's refusals:
// the agent's token or role, never Sphere's key.

package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kyclink/kyclink/client"
)

func TestTheErrorScreenSpeaksOfTheGatewaysTokenAndRole(t *testing.T) {
	h := newHarness(t)
	for _, tt := range []struct {
		err       client.APIError
		want, not []string
	}{
		{client.APIError{Kind: client.KindAuth, Status: 401, AtGateway: true},
			[]string{"Key refused (the gateway refused your token) (HTTP 401)", "Your token for the gateway at gw.example.com is wrong, expired or revoked", "sign in to it again (kyclink auth login --"},
			[]string{"key rejected", "SPHERE_API_KEY", "(kyclink auth login)"}},
		{client.APIError{Kind: client.KindAuth, Status: 403, AtGateway: true},
			[]string{"Not allowed for your role at the gateway (ask a team lead) (HTTP 403)", "Your role at the gateway does not allow this: ask a team lead"},
			[]string{"key", "SPHERE_API_KEY"}},
		{client.APIError{Kind: client.KindAuth, Status: 403},
			[]string{"Access denied (key rejected or not allowed) (HTTP 403)", "Check that SPHERE_API_KEY is the key for gw.example.com"},
			[]string{"token", "role"}},
	} {
		o := h.options()
		o.Environment = client.Environment{Kind: client.EnvCustom, Host: "gw.example.com"}
		o.SignIn = "kyclink auth login --base-url https://gw.example.com/kyc"
		m := update(New(o), tea.WindowSizeMsg{Width: 120, Height: 30})
		e := tt.err
		m.fail(&e, okID)
		m = update(m, tea.WindowSizeMsg{Width: 120, Height: 30})
		v := flat(plain(m))
		body := v[strings.Index(v, "✖"):]
		for _, w := range tt.want {
			if !strings.Contains(v, w) {
				t.Errorf("%d at a gateway %v: want %q in:\n%s", e.Status, e.AtGateway, w, v)
			}
		}
		for _, w := range tt.not {
			if strings.Contains(body, w) {
				t.Errorf("%d at a gateway %v: %q in:\n%s", e.Status, e.AtGateway, w, body)
			}
		}
	}
}

// A refused token's hint names the command that signs in to this gateway
// (Options.SignIn), and without it still never a bare 'kyclink auth
// login': that signs in to Sphere's production, not the gateway.
func TestTheGatewaysTokenHintNeverSendsTheAgentToProduction(t *testing.T) {
	e := &client.APIError{Kind: client.KindAuth, Status: 401, AtGateway: true}
	env := client.Environment{Kind: client.EnvCustom, Host: "gw.example.com"}
	login := "kyclink auth login --base-url https://gw.example.com/kyc"
	if w := hintFor(e).words(e, hintContext{env: env, signIn: login}); !strings.Contains(w, "("+login+")") {
		t.Errorf("with the run's command: %q", w)
	}
	if w := hintFor(e).words(e, hintContext{env: env}); strings.Contains(w, "(kyclink auth login)") || !strings.Contains(w, "--base-url") {
		t.Errorf("without: %q", w)
	}
}

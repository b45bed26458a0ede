// This file owns the hints: what an agent can do about each failure, by
// kind and, where Sphere's code says more, by code, in one table; and
// whether a retry can help at all.

package ui

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/kyclink/kyclink/client"
)

// hint is one row: the failures it is for, what it says, and what r does
// (retry, or a new request), if it is offered. The first row that matches wins.
type hint struct {
	kind  client.Kind
	code  string // "" for any code
	say   func(e *client.APIError, at hintContext) string
	retry bool // a retry (r; a link request keeps its idempotency key) can help
	// fresh: r asks, and after a yes makes a new request with a new key;
	// the same key would only be refused again.
	fresh bool
}

// hintContext is what a hint may depend on beyond the failure: where
// requests go, and whether the failed request carried an idempotency key
// (a link request does; a lookup or a search, a GET, does not).
type hintContext struct {
	env    client.Environment
	keyed  bool
	signIn string // Options.SignIn
}

var hints = []hint{
	{kind: client.KindRejected, code: "address/invalid", retry: true, say: text(
		"Sphere says the customer's address is invalid. Correct it on the customer's record in Sphere (or ask the customer to), then r tries again.")},
	{kind: client.KindValidation, code: "customer/unsupported-flow", say: text(
		"Sphere makes hosted KYC links only for customers created through an onboarding link. Retrying will not help: ask Sphere support how to verify this customer.")},
	{kind: client.KindAuth, say: authHint},
	{kind: client.KindRepeat, fresh: true, say: text(client.RepeatWords + " r asks before it makes a new request, with a new key.")},
	{kind: client.KindNotFound, say: text("Check the ID against the customer's record.")},
	{kind: client.KindValidation, say: text("Sphere refused this request; retrying the same will not help until the customer's data is fixed.")},
	{kind: client.KindRejected, say: text("Sphere refused this request; retrying the same will not help until the customer's data is fixed.")},
	{kind: client.KindRateLimited, retry: true, say: attempts("Sphere is limiting requests", "wait a moment, then r retries")},
	{kind: client.KindUnavailable, retry: true, say: attempts("Sphere had a problem", "r retries safely")},
	{kind: client.KindNetwork, retry: true, say: attempts("Check the network, VPN or proxy", "r retries safely")},
	{kind: client.KindTimeout, retry: true, say: attempts("Check the network, VPN or proxy", "r retries safely")},
	{kind: client.KindBadResponse, say: text("kyclink refused Sphere's answer to keep the customer safe: nothing was shown or copied.")},
}

// hintFor is the row for a failure; a zero hint (no text, no retry) when
// none matches.
func hintFor(e *client.APIError) hint {
	for _, h := range hints {
		if h.kind == e.Kind && (h.code == "" || h.code == e.Code) {
			return h
		}
	}
	return hint{}
}

// words is what the hint says about e, "" when nothing.
func (h hint) words(e *client.APIError, at hintContext) string {
	if h.say == nil {
		return ""
	}
	return h.say(e, at)
}

// hintWords is the hint for the failure on screen, in this model's context.
func (m *Model) hintWords(e *client.APIError) string {
	return hintFor(e).words(e, hintContext{env: m.o.Environment, keyed: m.req.idemKey != "", signIn: m.o.SignIn})
}

func text(s string) func(*client.APIError, hintContext) string {
	return func(*client.APIError, hintContext) string { return s }
}

// attempts says how many requests a temporary failure took before giving
// up, then what to do; a retried link request keeps its idempotency key,
// which is what makes the retry safe, so it says so.
func attempts(what, then string) func(*client.APIError, hintContext) string {
	return func(e *client.APIError, at hintContext) string {
		do := then
		if at.keyed {
			do += " (same idempotency key)"
		}
		if e.Attempts > 1 {
			return fmt.Sprintf("%s (%d attempts made): %s.", what, e.Attempts, do)
		}
		return what + ": " + do + "."
	}
}

// GatewayRefusal is what an agent can do about a team gateway's refusal
// of their token (401) or role (403), in the error screen's words, for
// where requests go (env) and the command that signs in to it (signIn,
// as Options.SignIn); "" for any other failure. The one-shot commands say
// it under theirs.
func GatewayRefusal(e *client.APIError, env client.Environment, signIn string) string {
	if !e.AtGateway || e.Kind != client.KindAuth {
		return ""
	}
	return authHint(e, hintContext{env: env, signIn: signIn})
}

// authHint names the key to check for where requests go; at a team
// gateway, the agent's token or role, which are the gateway's to judge. A
// sign-in that could not be renewed has said what to do already (sign in
// again).
func authHint(e *client.APIError, at hintContext) string {
	if e.RenewalFailed() {
		return ""
	}
	env := at.env
	switch {
	case e.AtGateway && e.Status == 403:
		return "Your role at the gateway does not allow this: ask a team lead, who may."
	case e.AtGateway:
		// A bare 'kyclink auth login' would sign in to Sphere's production.
		login := cmp.Or(at.signIn, "kyclink auth login --base-url with the gateway's URL")
		return fmt.Sprintf("Your token for the gateway at %s is wrong, expired or revoked: sign in to it again (%s), or ask whoever runs the gateway for a new one.", env.Host, login)
	case env.Kind == client.EnvDemo:
		return "This demo customer always answers so; the other demo customers (README) work."
	case env.Kind == client.EnvProduction, env.Kind == client.EnvSandbox:
		return fmt.Sprintf("Check that SPHERE_API_KEY is a %s key and still active.", strings.ToLower(env.Name()))
	}
	return fmt.Sprintf("Check that SPHERE_API_KEY is the key for %s.", env.Host)
}

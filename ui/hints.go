// This file owns the hints: what an agent can do about each kind of
// failure, in one table.

package ui

import (
	"fmt"
	"strings"

	"github.com/kyclink/kyclink/client"
)

// hints is what the error screen suggests, by kind of failure. A hint may
// depend on where requests go (which key to check).
var hints = map[client.Kind]func(env client.Environment) string{
	client.KindAuth: func(env client.Environment) string {
		switch env.Kind {
		case client.EnvDemo:
			return "This demo customer always answers so; any other ID works."
		case client.EnvProduction, client.EnvSandbox:
			return fmt.Sprintf("Check that SPHERE_API_KEY is a %s key and still active.", strings.ToLower(env.Name()))
		}
		return fmt.Sprintf("Check that SPHERE_API_KEY is the key for %s.", env.Host)
	},
	client.KindNotFound:    fixed("Check the ID against the customer's record: n edits it."),
	client.KindValidation:  fixed("Sphere refused this request; retrying the same will not help until the customer's data is fixed."),
	client.KindRejected:    fixed("Sphere refused this request; retrying the same will not help until the customer's data is fixed."),
	client.KindRateLimited: fixed("Sphere is limiting requests: wait a moment, then r retries."),
	client.KindUnavailable: fixed("Sphere had a problem: r retries safely (same idempotency key)."),
	client.KindNetwork:     fixed("Check the network, VPN or proxy; r retries safely (same idempotency key)."),
	client.KindTimeout:     fixed("Check the network, VPN or proxy; r retries safely (same idempotency key)."),
	client.KindBadResponse: fixed("kyclink refused Sphere's answer to keep the customer safe: nothing was shown or copied."),
}

func fixed(s string) func(client.Environment) string {
	return func(client.Environment) string { return s }
}

// hintFor says what an agent can do about a failure, "" when nothing.
func hintFor(k client.Kind, env client.Environment) string {
	if h, ok := hints[k]; ok {
		return h(env)
	}
	return ""
}

// This file owns the environments (production, sandbox, demo, custom) and
// the link hosts expected by default.

package client

import "fmt"

// EnvKind is which Sphere a client talks to.
type EnvKind int

const (
	EnvProduction EnvKind = iota
	EnvSandbox
	EnvDemo
	EnvCustom
)

// Environment is where requests go, as an agent must always be able to
// see it: the badge word and the API host.
type Environment struct {
	Kind EnvKind
	Host string
}

// Name is the badge word; an unknown kind reads CUSTOM.
func (e Environment) Name() string {
	names := [...]string{"PRODUCTION", "SANDBOX", "DEMO", "CUSTOM"}
	if e.Kind < 0 || int(e.Kind) >= len(names) {
		return "CUSTOM"
	}
	return names[e.Kind]
}

// Label is the badge word with the host, for plain-text output.
func (e Environment) Label() string {
	if e.Host == "" {
		return e.Name()
	}
	return fmt.Sprintf("%s (%s)", e.Name(), e.Host)
}

// DefaultLinkHosts are the domains Sphere's hosted KYC links live on; a
// link elsewhere gets a warning.
var DefaultLinkHosts = []string{"sumsub.com"}

// This file owns `kyclink auth status`: for each environment, where its key
// comes from and its last four characters, never more; as text or --json.

package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/credentials"
)

// keyFact is one source of a key for an environment: the one in use, or
// one kept besides. Where names it (a variable, a file, a keychain
// entry); Problem says why it cannot be used, never the key.
type keyFact struct {
	Role     string `json:"role"` // "in use" or "kept"
	Source   string `json:"source"`
	Where    string `json:"where"`
	LastFour string `json:"lastFour,omitempty"`
	Problem  string `json:"problem,omitempty"`
	token    bool   // an agent's token for a team gateway (atGateway), not Sphere's key
	// Session is an SSO sign-in's: until when it holds (ssosession.go).
	Session *sessionFact `json:"session,omitempty"`
}

// envKeys is an environment and its keys' sources.
type envKeys struct {
	Environment string    `json:"environment"`
	Host        string    `json:"host"`
	Chosen      bool      `json:"chosen"` // the one a run with these flags would use
	HasKey      bool      `json:"hasKey"`
	Keys        []keyFact `json:"keys"`
	badge       client.Environment
}

// authStatus says, per environment, which source's key a run would use
// and what is kept for it. With --sandbox or --base-url, that environment
// alone; otherwise production, the sandbox, SPHERE_BASE_URL's API and
// every other host a key was kept for. It exits 4 when the environment a
// run would use has no key.
func (a *app) authStatus(*cobra.Command, []string) error {
	if a.flags.demo {
		return &usageError{msg: "--demo needs no key"}
	}
	_, chosen, err := a.api()
	if err != nil {
		return err
	}
	badges := []client.Environment{chosen}
	if !a.flags.sandbox && a.flags.baseURL == "" {
		badges = []client.Environment{
			{Kind: client.EnvProduction, Host: hostOf(client.ProductionURL)},
			{Kind: client.EnvSandbox, Host: hostOf(client.SandboxURL)},
		}
		for _, host := range append([]string{chosen.Host}, a.store().Hosts()...) {
			if !slices.ContainsFunc(badges, func(b client.Environment) bool { return b.Host == host }) {
				badges = append(badges, client.Environment{Kind: client.EnvCustom, Host: host})
			}
		}
	}
	var all []envKeys
	for _, badge := range badges {
		ek := a.keysOf(badge)
		ek.Chosen = badge.Host == chosen.Host
		all = append(all, ek)
	}
	if a.flags.json {
		if err := a.printJSON(struct {
			Environments []envKeys `json:"environments"`
		}{all}); err != nil {
			return err
		}
	} else {
		a.printKeys(all)
	}
	if i := slices.IndexFunc(all, func(e envKeys) bool { return e.Chosen }); !all[i].HasKey {
		return &authError{msg: fmt.Sprintf("no usable key for %s: run '%s'", chosen.Label(), loginCommand(chosen))}
	}
	return nil
}

// keysOf finds an environment's key sources, in the order a run asks them.
func (a *app) keysOf(badge client.Environment) envKeys {
	ek := envKeys{Environment: badge.Name(), Host: badge.Host, Keys: []keyFact{}, badge: badge}
	add := func(f keyFact) { // the first source found is the one a run uses
		f.token = f.token || f.Session != nil // an SSO sign-in is an agent's, at a gateway
		f.Role = "kept"
		if len(ek.Keys) == 0 {
			f.Role, ek.HasKey = "in use", f.Problem == ""
		}
		ek.Keys = append(ek.Keys, f)
	}
	// The sources ahead of the store, which apply to every environment.
	if key := strings.TrimSpace(a.getenv("SPHERE_API_KEY")); key != "" {
		add(keyFact{Source: credentials.Env.String(), Where: "SPHERE_API_KEY", LastFour: lastFour(key, client.CheckAPIKey(key)), Problem: problem(client.CheckAPIKey(key)),
			token: atGateway(badge, key)})
	} else if path := a.flags.apiKeyFile; path != "" {
		key, err := readKeyFile(path)
		add(keyFact{Source: credentials.File.String(), Where: path, LastFour: lastFour(key, err), Problem: problem(err), token: atGateway(badge, key)})
	}
	stored, err := a.store().Load(badge.Host)
	var ke *credentials.KeychainError
	switch {
	case errors.As(err, &ke):
		add(keyFact{Source: "none", Problem: err.Error()})
	case err != nil:
		add(keyFact{Source: "unusable", Problem: err.Error()})
	case stored.Source == credentials.Keychain:
		add(keyFact{Source: stored.Source.String(), Where: credentials.Service(badge.Host), LastFour: credentials.LastFour(stored.Key),
			token: atGateway(badge, stored.Key), Session: a.sessionOf(badge, stored.Key, stored.Source)})
	case stored.Source == credentials.PlainText:
		add(keyFact{Source: stored.Source.String(), Where: stored.Path, LastFour: credentials.LastFour(stored.Key),
			token: atGateway(badge, stored.Key), Session: a.sessionOf(badge, stored.Key, stored.Source)})
	}
	return ek
}

// printKeys writes each environment's lines for a person.
func (a *app) printKeys(all []envKeys) {
	w := a.stdout
	for i, ek := range all {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w, ek.badge.Label())
		for _, f := range ek.Keys {
			// A problem is a keychain's or a file system's words: cleaned as
			// server text is.
			fmt.Fprintf(w, "  %-9s%s\n", f.Role+":", client.Sanitize(factWords(f)))
			if f.Session != nil {
				fmt.Fprintf(w, "  %-9s%s\n", "", f.Session.words)
			}
		}
		if len(ek.Keys) == 0 {
			fmt.Fprintf(w, "  in use:  none: run '%s'\n", loginCommand(ek.badge))
		}
	}
}

// factWords is one source in words: where, and its last four characters
// or why it cannot be used.
func factWords(f keyFact) string {
	switch f.Source {
	case "none":
		return "none: " + f.Problem
	case "unusable":
		return "none usable: " + f.Problem
	case credentials.Env.String():
		return "environment variable SPHERE_API_KEY, " + keyWords(f)
	case credentials.File.String():
		return "file " + f.Where + ", " + keyWords(f)
	case credentials.Keychain.String():
		return "keychain (" + f.Where + "), " + keyWords(f)
	}
	return "plain-text file " + f.Where + ", " + keyWords(f) + ": stored in plain text"
}

// keyWords is what may be said of a key: its last four characters, or
// why it cannot be used (never the key). An agent's token for a gateway
// is named so: it is not Sphere's key.
func keyWords(f keyFact) string {
	if f.Problem != "" {
		return "unusable: " + f.Problem
	}
	if f.token {
		return "your gateway " + credentialWords[true].noun + ", ending " + f.LastFour
	}
	return "ending " + f.LastFour
}

func lastFour(key string, err error) string {
	if err != nil {
		return ""
	}
	return credentials.LastFour(key)
}

func problem(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// This file owns `kyclink auth status`: for each environment, where its key
// comes from and its last four characters, never more.

package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/credentials"
)

// authStatus says, per environment, which source's key a run would use
// and what is kept for it. With --sandbox or --base-url, that environment
// alone; otherwise production, the sandbox and SPHERE_BASE_URL's API.
func (a *app) authStatus(cmd *cobra.Command, _ []string) error {
	if a.flags.demo {
		return &usageError{msg: "--demo needs no key"}
	}
	var badges []client.Environment
	if a.flags.sandbox || a.flags.baseURL != "" {
		_, badge, err := a.api()
		if err != nil {
			return err
		}
		badges = append(badges, badge)
	} else {
		badges = append(badges,
			client.Environment{Kind: client.EnvProduction, Host: hostOf(client.ProductionURL)},
			client.Environment{Kind: client.EnvSandbox, Host: hostOf(client.SandboxURL)})
		if base := strings.TrimSpace(a.getenv("SPHERE_BASE_URL")); base != "" {
			if _, err := client.CheckBaseURL(base); err != nil {
				return &usageError{msg: "SPHERE_BASE_URL: " + err.Error()}
			}
			badges = append(badges, client.Environment{Kind: client.EnvCustom, Host: hostOf(base)})
		}
	}
	w := a.stdout
	for i, badge := range badges {
		if i > 0 {
			fmt.Fprintln(w)
		}
		a.describeKey(w, badge)
	}
	return nil
}

// describeKey writes one environment's lines.
func (a *app) describeKey(w io.Writer, badge client.Environment) {
	fmt.Fprintln(w, badge.Label())
	// The sources ahead of the store, which apply to every environment.
	if key := strings.TrimSpace(a.getenv("SPHERE_API_KEY")); key != "" {
		fmt.Fprintf(w, "  in use:  environment variable SPHERE_API_KEY, %s\n", keyWords(key, client.CheckAPIKey(key)))
	} else if path := a.flags.apiKeyFile; path != "" {
		key, err := readKeyFile(path)
		fmt.Fprintf(w, "  in use:  file %s, %s\n", path, keyWords(key, err))
	}
	overridden := a.getenv("SPHERE_API_KEY") != "" || a.flags.apiKeyFile != ""
	label := "  in use:  "
	if overridden {
		label = "  kept:    "
	}
	stored, err := a.store().Load(badge.Host)
	var ke *credentials.KeychainError
	switch {
	case errors.As(err, &ke):
		fmt.Fprintf(w, "%snone: %v\n", label, err)
	case err != nil:
		fmt.Fprintf(w, "%snone usable: %v\n", label, err)
	case stored.Source == credentials.Keychain:
		fmt.Fprintf(w, "%skeychain (%s), %s\n", label, credentials.Service(badge.Host), keyWords(stored.Key, nil))
	case stored.Source == credentials.PlainText:
		fmt.Fprintf(w, "%splain-text file %s, %s: stored in plain text\n", label, stored.Path, keyWords(stored.Key, nil))
	case !overridden:
		fmt.Fprintf(w, "%snone: run '%s'\n", label, loginCommand(badge))
	}
}

// keyWords is what may be said of a key: its last four characters, or
// why it cannot be used (never the key).
func keyWords(key string, err error) string {
	if err != nil {
		return "unusable: " + err.Error()
	}
	return "ending " + credentials.LastFour(key)
}

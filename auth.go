// This file owns `kyclink auth`: signing in (the key read from a hidden
// prompt or stdin, checked with Sphere, kept in the keychain), the status of
// every environment's key, and signing out.

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/credentials"
)

func (a *app) authCommand() *cobra.Command {
	auth := &cobra.Command{
		Use:   "auth",
		Short: "Sign in once: keep the API key in the keychain",
		Long: `Sign in once per environment: 'kyclink auth login' reads the API key from a
hidden prompt (or stdin), checks it with Sphere and keeps it in the operating
system's keychain under kyclink:<API host>. Where there is no keychain,
--insecure-storage keeps it in a file only you can read, in plain text.

Where the key comes from, first match wins: SPHERE_API_KEY, --api-key-file,
the keychain (or the plain-text file) of the environment chosen.`,
		Args: noArgs("auth"),
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	login := &cobra.Command{
		Use:   "login",
		Short: "Check an API key with Sphere and keep it in the keychain",
		Example: `  kyclink auth login                 # production; asks for the key
  kyclink auth login --sandbox < key.txt`,
		Args: noArgs("auth login"),
		RunE: a.login,
	}
	login.Flags().BoolVar(&a.flags.insecureStorage, "insecure-storage", false, "keep the key in a plain-text file (0600) instead of the keychain")
	status := &cobra.Command{
		Use:   "status",
		Short: "Say where each environment's key comes from (its last four characters only)",
		Args:  noArgs("auth status"),
		RunE:  a.authStatus,
	}
	status.Flags().BoolVar(&a.flags.json, "json", false, "print JSON: each environment, where its key comes from, its last four characters")
	logout := &cobra.Command{
		Use:   "logout",
		Short: "Remove the kept key of an environment",
		Args:  noArgs("auth logout"),
		RunE:  a.logout,
	}
	auth.AddCommand(login, status, logout)
	return auth
}

// login checks a key with Sphere and keeps it. Nothing is kept when it
// cannot be checked, or when there is nowhere safe to keep it.
func (a *app) login(cmd *cobra.Command, _ []string) error {
	if a.flags.demo {
		return &usageError{msg: "--demo needs no key: there is nothing to sign in to"}
	}
	if a.flags.apiKeyFile != "" {
		return &usageError{msg: "auth login reads the key from a prompt or stdin: kyclink auth login < FILE"}
	}
	if a.flags.timeout <= 0 {
		return &usageError{msg: "--timeout must be positive"}
	}
	base, badge, err := a.api()
	if err != nil {
		return err
	}
	store := a.store()
	if a.flags.insecureStorage {
		if store.ConfigDir == "" {
			return &authError{"no configuration directory to keep a plain-text key in; set XDG_CONFIG_HOME"}
		}
	} else if err := store.Probe(badge.Host); err != nil {
		return &authError{fmt.Sprintf("%v. Nothing was stored: use SPHERE_API_KEY or --api-key-file, or keep the key in a plain-text file: %s --insecure-storage",
			err, loginCommand(badge))}
	}
	key, isGateway, kept, err := a.loginKey(cmd.Context(), base, badge) // ssologin.go: a key, or SSO at a gateway
	if err != nil {
		return err
	}
	words := credentialWords[isGateway]
	if err := client.CheckAPIKey(key); err != nil {
		return &authError{fmt.Sprintf("that is not a key: %v; nothing was stored", err)}
	}
	if err := notSpheres(badge, key, "that is"); err != nil {
		return &authError{err.Error() + "; nothing was stored"}
	}
	opts := client.Options{BaseURL: base, APIKey: key, Timeout: a.flags.timeout, Version: shortVersion(), Now: a.now, Gateway: isGateway}
	if a.tweak != nil {
		a.tweak(&opts)
	}
	c, err := client.New(opts)
	if err != nil {
		return &usageError{msg: err.Error()}
	}
	if err := c.CheckKey(cmd.Context()); err != nil {
		var api *client.APIError
		if errors.As(err, &api) && api.Kind == client.KindAuth {
			return &authError{fmt.Sprintf("key refused by %s (HTTP %d) for %s%s", words.checker, api.Status, badge.Label(), words.refused)}
		}
		fmt.Fprintf(a.stderr, "kyclink: the %s could not be checked, so nothing was stored:\n", words.noun)
		return err
	}
	if a.flags.insecureStorage {
		if err := keepLogin(store, badge.Host, credentials.PlainText, key, kept); err != nil { // ssosession.go
			return &authError{fmt.Sprintf("could not keep the %s in a plain-text file: %v", words.noun, err)}
		}
		fmt.Fprintf(a.stderr, "Signed in to %s: the %s %s is stored in plain text in %s (0600); anyone who can read that file can use it.\n",
			badge.Label(), words.noun, credentials.LastFour(key), store.PlainTextPath(badge.Host))
	} else {
		if err := keepLogin(store, badge.Host, credentials.Keychain, key, kept); err != nil {
			return &authError{fmt.Sprintf("%v; nothing was stored", err)}
		}
		fmt.Fprintf(a.stderr, "Signed in to %s: the %s %s is in the keychain (%s).\n",
			badge.Label(), words.noun, credentials.LastFour(key), credentials.Service(badge.Host))
	}
	if kept != nil {
		fmt.Fprintln(a.stderr, a.sessionWords(key, *kept))
	}
	if strings.TrimSpace(a.getenv("SPHERE_API_KEY")) != "" {
		fmt.Fprintln(a.stderr, "Note: SPHERE_API_KEY is set in this shell, and it wins over the stored key while it is.")
	}
	return nil
}

// errNoKeyOnStdin: stdin was piped and empty.
var errNoKeyOnStdin = &usageError{msg: "no key on stdin: run 'kyclink auth login' on a terminal to be asked, or pipe the key in"}

// readKey reads the key: from a hidden prompt when stdin is a terminal,
// else from stdin, which must hold the key alone. The key is never echoed.
func (a *app) readKey(ctx context.Context, prompt string) (string, error) {
	if f, ok := a.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return readHidden(ctx, f, a.stderr, prompt)
	}
	b, err := io.ReadAll(io.LimitReader(a.stdin, client.MaxCredentialRead+1))
	switch {
	case err != nil:
		return "", &usageError{msg: fmt.Sprintf("could not read the key from stdin: %v", err)}
	case len(b) > client.MaxCredentialRead:
		return "", &usageError{msg: "stdin holds more than a key: pipe in the key alone"}
	case strings.TrimSpace(string(b)) == "":
		return "", errNoKeyOnStdin
	}
	return strings.TrimSpace(string(b)), nil
}

// readHidden asks for the key on a terminal without echoing it. Echo goes
// off before the prompt is shown (raw mode), so a key pasted the moment
// the prompt appears is never drawn; ctrl+c or ctrl+d cancels, and the
// terminal gets its echo back however the wait ends.
func readHidden(ctx context.Context, f *os.File, w io.Writer, prompt string) (string, error) {
	fd := int(f.Fd())
	state, err := term.MakeRaw(fd)
	if err != nil {
		return "", &usageError{msg: fmt.Sprintf("could not read the key from the terminal: %v", err)}
	}
	defer func() { _ = term.Restore(fd, state) }()
	t := term.NewTerminal(struct {
		io.Reader
		io.Writer
	}{f, w}, "")
	type answer struct {
		key string
		err error
	}
	ch := make(chan answer, 1)
	go func() {
		key, err := t.ReadPassword(prompt)
		ch <- answer{key, err}
	}()
	select {
	case <-ctx.Done():
		fmt.Fprint(w, "\r\n")
		return "", ctx.Err()
	case ans := <-ch:
		switch {
		case errors.Is(ans.err, io.EOF): // ctrl+c or ctrl+d: raw mode sends no signal
			fmt.Fprint(w, "\r\n")
			return "", context.Canceled
		case ans.err != nil:
			return "", &usageError{msg: fmt.Sprintf("could not read the key from the terminal: %v", ans.err)}
		}
		return strings.TrimSpace(ans.key), nil
	}
}

// logout removes the kept key of the chosen environment.
func (a *app) logout(_ *cobra.Command, _ []string) error {
	if a.flags.demo {
		return &usageError{msg: "--demo needs no key: there is nothing to sign out of"}
	}
	_, badge, err := a.api()
	if err != nil {
		return err
	}
	removed, err := a.store().Remove(badge.Host)
	for _, r := range removed {
		if r.Source == credentials.Keychain {
			fmt.Fprintf(a.stderr, "Removed the key for %s from the keychain (%s).\n", badge.Label(), credentials.Service(badge.Host))
		} else {
			fmt.Fprintf(a.stderr, "Removed the plain-text key for %s (%s).\n", badge.Label(), r.Path)
		}
	}
	var ke *credentials.KeychainError
	switch {
	case err != nil && !errors.As(err, &ke):
		return &authError{err.Error()}
	case err != nil && len(removed) == 0:
		return &authError{err.Error()}
	case err != nil:
		fmt.Fprintf(a.stderr, "kyclink: warning: %v\n", err)
	case len(removed) == 0:
		fmt.Fprintf(a.stderr, "No key was kept for %s.\n", badge.Label())
	}
	if strings.TrimSpace(a.getenv("SPHERE_API_KEY")) != "" {
		fmt.Fprintln(a.stderr, "Note: SPHERE_API_KEY is still set in this shell; kyclink uses it until it is unset.")
	}
	return nil
}

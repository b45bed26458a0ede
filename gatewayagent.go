// This file owns `kyclink gateway agent add|list|revoke`: the gateway's
// agents, each with a token printed once and kept only as a hash.

package main

import (
	"errors"
	"fmt"
	"regexp"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/kyclink/kyclink/gateway"
)

// agentName is what an agent may be called: a login or an email address.
var agentName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}$`)

func (a *app) gatewayAgentCommand(f *gatewayFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "agent",
		Short: "Add, list and revoke the gateway's agents",
		Args:  noArgs("gateway agent"),
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	add := &cobra.Command{
		Use:   "add NAME",
		Short: "Add an agent and print their token, once, alone on stdout",
		Example: `  kyclink gateway agent add ana
  kyclink gateway agent add lee --role lead --db postgres://…`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return a.addAgent(cmd, f, args[0]) },
	}
	add.Flags().StringVar(&f.role, "role", string(gateway.RoleAgent), "agent (reads the record one customer at a time) or lead (reads all of it)")
	list := &cobra.Command{
		Use:   "list",
		Short: "List the agents, revoked ones too",
		Args:  noArgs("gateway agent list"),
		RunE:  func(cmd *cobra.Command, _ []string) error { return a.listAgents(cmd, f) },
	}
	list.Flags().BoolVar(&a.flags.json, "json", false, "print JSON lines, one agent each")
	revoke := &cobra.Command{
		Use:   "revoke NAME",
		Short: "Revoke an agent: their next request is refused, on every gateway",
		Args:  cobra.ExactArgs(1),
		RunE:  func(cmd *cobra.Command, args []string) error { return a.revokeAgent(cmd, f, args[0]) },
	}
	cmd.AddCommand(add, list, revoke)
	return cmd
}

func checkAgentName(name string) error {
	if !agentName.MatchString(name) {
		return &usageError{msg: "an agent's name is 1 to 100 letters, digits and . _ @ + - (a login or an email address)", help: "gateway agent"}
	}
	return nil
}

func (a *app) addAgent(cmd *cobra.Command, f *gatewayFlags, name string) error {
	if err := checkAgentName(name); err != nil {
		return err
	}
	role, err := gateway.ParseRole(f.role)
	if err != nil {
		return &usageError{msg: "--role: " + err.Error(), help: "gateway agent add"}
	}
	store, err := a.openGatewayStore(cmd.Context(), f)
	if err != nil {
		return err
	}
	defer store.Close()
	token, hash := gateway.NewToken()
	err = store.AddAgent(cmd.Context(), gateway.Agent{Name: name, Role: role, Created: a.clock()}, hash)
	if errors.Is(err, gateway.ErrAgentExists) {
		return &usageError{msg: fmt.Sprintf("there is already an agent %s (a revoked agent keeps the name); pick another name", name)}
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, token)
	fmt.Fprintf(a.stderr, "Added %s (%s). The token above is shown only this once: hand it to them privately.\nThey sign in with: kyclink auth login --base-url https://YOUR-GATEWAY\n", name, role)
	return nil
}

func (a *app) listAgents(cmd *cobra.Command, f *gatewayFlags) error {
	store, err := a.openGatewayStore(cmd.Context(), f)
	if err != nil {
		return err
	}
	defer store.Close()
	agents, err := store.Agents(cmd.Context())
	if err != nil {
		return err
	}
	if a.flags.json {
		// The names come from a database that other gateways' admins (or
		// a hand with psql) write too: each line goes through the one
		// terminal-safe writer.
		for _, ag := range agents {
			if err := writeJSON(a.stdout, ag); err != nil {
				return err
			}
		}
		return nil
	}
	if len(agents) == 0 {
		fmt.Fprintln(a.stderr, "No agents yet: kyclink gateway agent add NAME")
		return nil
	}
	loc := a.location()
	tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tROLE\tADDED\tREVOKED")
	for _, ag := range agents {
		revoked := "-"
		if ag.Revoked != nil {
			revoked = ag.Revoked.In(loc).Format("2006-01-02 15:04")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", cell(ag.Name), ag.Role, ag.Created.In(loc).Format("2006-01-02 15:04"), revoked)
	}
	return tw.Flush()
}

func (a *app) revokeAgent(cmd *cobra.Command, f *gatewayFlags, name string) error {
	if err := checkAgentName(name); err != nil {
		return err
	}
	store, err := a.openGatewayStore(cmd.Context(), f)
	if err != nil {
		return err
	}
	defer store.Close()
	known, err := store.RevokeAgent(cmd.Context(), name, a.clock())
	if err != nil {
		return err
	}
	if known {
		fmt.Fprintf(a.stderr, "Revoked %s: their next request is refused.\n", name)
	} else {
		fmt.Fprintf(a.stderr, "No agent %s had a token; %s is now refused if they sign in with SSO.\n", name, name)
	}
	return nil
}

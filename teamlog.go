// This file owns `kyclink log --team`: the team's record read through the
// gateway (--base-url) with the agent's token, shown as `kyclink log`
// shows the local one.

package main

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"github.com/spf13/cobra"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/audit"
	"github.com/kyclink/kyclink/gateway"
)

func (a *app) showTeamLog(cmd *cobra.Command) error {
	if a.flags.since < 0 {
		return &usageError{msg: "--since must not be negative"}
	}
	q := gateway.RecordQuery{Since: a.flags.since}
	if a.flags.customer != "" {
		id, err := client.ClassifyInput(a.flags.customer).ID(true)
		if err != nil {
			return &usageError{msg: "--customer: " + err.Error()}
		}
		q.CustomerID = id
	}
	if a.flags.demo { // since --demo keeps a record of its own, an agent may look for it here
		return &usageError{msg: "--team reads a team gateway's record; the demo's own record is read by 'kyclink log --demo'", help: "log"}
	}
	if a.flags.sandbox {
		return &usageError{msg: "--team reads a gateway's record: give the gateway with --base-url (or SPHERE_BASE_URL)", help: "log"}
	}
	base, badge, err := a.api()
	if err != nil {
		return err
	}
	if badge.Kind != client.EnvCustom {
		return &usageError{msg: "--team reads a gateway's record: give the gateway with --base-url (or SPHERE_BASE_URL)", help: "log"}
	}
	token, from, err := a.apiKey(badge)
	if err != nil {
		return err
	}
	sess, err := a.ssoSession(base, badge, token, from, a.stderr)
	if err != nil {
		return err
	}
	var bearer client.Bearer
	if sess != nil {
		bearer = sess
	}
	ctx, cancel := context.WithTimeout(cmd.Context(), a.flags.timeout)
	defer cancel()
	recs, err := readRecord(ctx, &http.Client{}, base, token, bearer, q)
	if err != nil {
		return err
	}
	if !a.flags.all { // as `log` does: what was made, not the reads
		recs = slices.DeleteFunc(recs, func(r gateway.Record) bool {
			return r.Action == string(client.ActionCustomer) || r.Action == string(client.ActionSearch)
		})
	}
	if a.flags.json {
		return jsonLines(a.stdout, recs)
	}
	if len(recs) == 0 {
		fmt.Fprintf(a.stderr, "No entries in the team's record at %s for that.\n", badge.Host)
		return nil
	}
	entries := make([]audit.Entry, len(recs))
	for i, r := range recs {
		entries[i] = r.Entry
	}
	return a.printLogTable(entries)
}

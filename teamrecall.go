// This file owns the app's recall through a team gateway: when a customer
// is looked up through one, the team's record of that customer today is
// read too, so "a KYC link was made at 10:42" knows links made by anyone
// on the team, and names who ("by ana").

package main

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/audit"
	"github.com/kyclink/kyclink/gateway"
)

// teamRecall keeps, per customer and kind of link, the latest link the
// team's record knows of today.
type teamRecall struct {
	base, token string
	bearer      client.Bearer // an SSO sign-in's, renewed as the client's; nil: token
	http        *http.Client
	now         func() time.Time
	loc         *time.Location
	local       func(string, client.LinkKind) (time.Time, time.Time, bool) // this machine's record; nil: none

	mu     sync.Mutex
	off    bool // the API is not a gateway: stop asking
	latest map[teamLink]gateway.Record
}

// teamLink is a customer's link of one kind, as the record names it.
type teamLink struct {
	customerID string
	action     client.Action
}

// teamRecallTimeout bounds the record's read, which the customer's card
// waits for.
const teamRecallTimeout = 3 * time.Second

// joinTeam makes the app ask the gateway's record when it looks a
// customer up, for a custom API (a gateway is one). It wraps
// opts.Record, which the client calls when the lookup is done, before the
// app sees the answer: the question about an earlier link then knows.
func (a *app) joinTeam(e *env, opts *client.Options) {
	if e.badge.Kind != client.EnvCustom {
		return
	}
	t := &teamRecall{base: opts.BaseURL, token: opts.APIKey, bearer: opts.Bearer, http: &http.Client{Timeout: teamRecallTimeout},
		now: a.clock, loc: a.loc, latest: map[teamLink]gateway.Record{}}
	if t.loc == nil {
		t.loc = time.Local
	}
	t.local = earlier(&env{rec: e.rec}) // this machine's record alone
	record := opts.Record
	opts.Record = func(c client.Call) {
		if record != nil {
			record(c)
		}
		if c.Action == client.ActionCustomer && c.CustomerID != "" && (c.OK() || c.Kind == client.KindNotFound) {
			t.fetch(c.CustomerID)
		}
	}
	e.team = t
}

// fetch reads the team's record of one customer since local midnight.
func (t *teamRecall) fetch(id string) {
	t.mu.Lock()
	off := t.off
	t.mu.Unlock()
	if off {
		return
	}
	now := t.now().In(t.loc)
	midnight := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, t.loc)
	ctx, cancel := context.WithTimeout(context.Background(), teamRecallTimeout)
	defer cancel()
	recs, err := readRecord(ctx, t.http, t.base, t.token, t.bearer, gateway.RecordQuery{CustomerID: id, Since: now.Sub(midnight)})
	t.mu.Lock()
	defer t.mu.Unlock()
	if api, ok := err.(*client.APIError); ok && (api.Status == http.StatusNotFound || api.Kind == client.KindBadResponse) {
		t.off = true // not a gateway
		return
	}
	for _, r := range recs { // newest first: keep the first of each kind
		link := teamLink{id, client.Action(r.Action)}
		if _, seen := t.latest[link]; seen || r.Outcome != audit.OutcomeOK {
			continue
		}
		if link.action == client.ActionKYCLink && r.ExpiresAt != nil || link.action == client.ActionTermsLink {
			t.latest[link] = r
		}
	}
}

// Earlier is the latest link of a kind made today, by anyone on the team
// or on this machine; its expiry is zero when Sphere stated none.
func (t *teamRecall) Earlier(id string, kind client.LinkKind) (made, expires time.Time, ok bool) {
	if t.local != nil {
		made, expires, ok = t.local(id, kind)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if r, found := t.latest[teamLink{id, kind.Action()}]; found && (!ok || sameOrLater(r.Time, made)) {
		if r.ExpiresAt != nil {
			return r.Time, *r.ExpiresAt, true
		}
		return r.Time, time.Time{}, true
	}
	return made, expires, ok
}

// sameOrLater reports whether the team's entry is the local one's link or
// a later one: the gateway stamps a call before this machine's record
// does, so within a minute they are the same call.
func sameOrLater(team, local time.Time) bool { return team.After(local.Add(-time.Minute)) }

// By names who made the link Earlier reports, when the team's record
// knows it and no later link was made here.
func (t *teamRecall) By(id string, kind client.LinkKind) string {
	made, _, _ := t.Earlier(id, kind)
	t.mu.Lock()
	defer t.mu.Unlock()
	if r, found := t.latest[teamLink{id, kind.Action()}]; found && r.Time.Equal(made) { // Earlier chose the team's entry
		return r.User
	}
	return ""
}

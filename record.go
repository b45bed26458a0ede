// This file owns the record of links for a run: opening it for the chosen
// API (unless --no-audit), and saying once what went wrong with it.

package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/audit"
	"github.com/kyclink/kyclink/client/credentials"
)

// recordPath is the record's file, or an error when there is no state
// folder to keep it in. It is the one place that decides which record a
// run uses: a --demo run (the app, every command, `log --demo`) has its
// own and never reads or writes the real one.
func (a *app) recordPath() (string, error) {
	dir, err := audit.Dir(a.getenv)
	if err != nil {
		return "", err
	}
	if a.flags.demo {
		return filepath.Join(dir, audit.DemoFileName), nil
	}
	return filepath.Join(dir, audit.FileName), nil
}

// openRecord opens the record for a run against badge's API, or returns
// nil and why (for warnRecord or the app's notice) where there is no
// folder to keep it in or the folder is not the user's own (a symbolic link, another
// user's): the run goes on without it. Nothing is read here: only the
// app's recall and `kyclink log` read the record.
func (a *app) openRecord(badge client.Environment) (*audit.Recorder, string) {
	path, err := a.recordPath()
	if err == nil {
		var rec *audit.Recorder
		rec, err = audit.Open(audit.Config{
			Path:     path,
			Who:      audit.Who{Environment: badge.Name(), APIHost: badge.Host},
			Now:      a.now,
			Location: a.loc,
		})
		if err == nil {
			return rec, ""
		}
	}
	return nil, "No record of links in this run: " + client.Sanitize(err.Error()) + "."
}

// warnRecord prints, once each, the record's problems so far on stderr,
// or why there is none: the one-shot commands go on without it. (The app
// shows the same through notice.)
func (a *app) warnRecord(e *env) {
	if e.rec == nil {
		if e.recOff != "" {
			fmt.Fprintf(a.stderr, "kyclink: warning: %s\n", e.recOff)
			e.recOff = ""
		}
		return
	}
	for _, p := range e.rec.Problems() {
		fmt.Fprintf(a.stderr, "kyclink: warning: %s\n", client.Sanitize(p))
	}
}

// headerNote is what the app's header says after the host: where the key
// (at a gateway, the agent's token) comes from, and that nothing is recorded in this run (--no-audit, or no
// folder to keep a record in).
func headerNote(e *env) string {
	note := ""
	if e.keySource != credentials.None {
		note = credentialWords[e.gateway].noun + ": " + e.keySource.String()
	}
	if e.rec == nil {
		if note != "" {
			note += " · "
		}
		note += "record off"
	}
	return note
}

// earlier is the app's question to the record: a KYC link made for the
// customer today, in this run or another. nil without a record. The app
// is where the record is recalled: today's part is read here, once.
func earlier(e *env) func(string, client.LinkKind) (time.Time, time.Time, bool) {
	if e.team != nil {
		return e.team.Earlier
	}
	if e.rec == nil {
		return nil
	}
	e.rec.Recall()
	return func(id string, kind client.LinkKind) (time.Time, time.Time, bool) {
		return e.rec.Earlier(id, kind.Action())
	}
}

// earlierBy names who made the earlier link, through a team gateway.
func earlierBy(e *env) func(string, client.LinkKind) string {
	if e.team == nil {
		return nil
	}
	return e.team.By
}

// earlierCode is the app's question to the record about a verification
// code: the very one `kyclink send-code` asks (Recorder.EarlierCode), of
// today's part, which earlier recalled (or, through a team gateway,
// joinTeam for this machine's own links). nil without a record.
func earlierCode(e *env) func(string, string) (time.Time, time.Time, bool) {
	if e.rec == nil {
		return nil
	}
	return e.rec.EarlierCode
}

// notice hands the app the record's problems to show, once each, or
// once why there is no record.
func notice(e *env) func() string {
	if e.rec == nil {
		if e.recOff == "" {
			return nil
		}
		said := false
		return func() string {
			if said {
				return ""
			}
			said = true
			return e.recOff
		}
	}
	return func() string {
		return strings.Join(e.rec.Problems(), " ")
	}
}

// Package audit keeps the record of links: one JSON line per finished call
// to Sphere (who, where, which customer, how it ended), never the link, the
// key or search text, so an agent can answer "did I already send this
// customer a link today?" and a team "who sent links to whom?".
package audit

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"sync"
	"time"

	"github.com/kyclink/kyclink/client"
)

// Config sets up a Recorder.
type Config struct {
	Path string // the record's file, usually Dir()/FileName
	// Who is stamped on every entry; an empty User or Hostname is the
	// operating system's.
	Who      Who
	Now      func() time.Time // default time.Now
	Location *time.Location   // where "today" begins; default time.Local
}

// Recorder writes one run's entries. It remembers the links made today
// in its environment, read by Recall and added to as it records, and says
// each problem with the record once. It is safe for concurrent use.
type Recorder struct {
	log *Log
	who Who
	now func() time.Time
	loc *time.Location

	mu      sync.Mutex
	said    map[string]bool
	pending []string
	today   map[linkOf]earlier // the latest of each kind per customer
}

// linkOf is a kind of link (its action) for one customer; for a code
// sent, by is where it went.
type linkOf struct {
	action     client.Action
	customerID string
	by         string
}

type earlier struct{ made, expires time.Time }

// demo is the --demo environment's name (client.Environment.Name).
var demo = client.Environment{Kind: client.EnvDemo}.Name()

// Open starts a run's record; it reads nothing (Recall does, where it is
// used). A folder that is a symbolic link or not the user's own is
// refused (a *privfile.Error): the run goes on without a record.
func Open(cfg Config) (*Recorder, error) {
	r := &Recorder{log: &Log{Path: cfg.Path}, who: cfg.Who, now: cfg.Now, loc: cfg.Location,
		said: map[string]bool{}, today: map[linkOf]earlier{}}
	if err := r.log.CheckDir(); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if r.now == nil {
		r.now = time.Now
	}
	if r.loc == nil {
		r.loc = time.Local
	}
	if r.who.User == "" {
		r.who.User = osUser()
	}
	if r.who.Hostname == "" {
		r.who.Hostname, _ = os.Hostname()
	}
	return r, nil
}

// Recall reads today's part of the record, for Earlier. A damaged or
// unreadable record is noted in Problems, never fatal.
func (r *Recorder) Recall() {
	now := r.now().In(r.loc)
	midnight := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, r.loc)
	entries, damaged, err := r.log.Read(Filter{Since: midnight})
	for i := len(entries) - 1; i >= 0; i-- { // oldest first: the latest wins
		r.remember(entries[i])
	}
	if damaged > 0 {
		r.say(fmt.Sprintf("The record of links (%s) has %d damaged %s; skipped.", r.log.Path, damaged, plural(damaged, "line", "lines")))
	}
	if err != nil {
		r.say(fmt.Sprintf("The record of links could not be read (%v); kyclink carries on.", err))
	}
}

// Record appends a finished call. A record that cannot be written is
// reported through Problems; the call's outcome stands.
func (r *Recorder) Record(call client.Call) {
	e := newEntry(r.now(), r.who, call)
	line, err := e.line()
	if err != nil {
		r.say("The record of links: " + err.Error())
		return
	}
	note, err := r.log.Append(line)
	if note != "" {
		r.say("The record of links: " + note + ".")
	}
	if err != nil {
		r.say(fmt.Sprintf("Could not write to the record of links (%v); kyclink carries on without it.", err))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rememberLocked(e)
}

// Earlier reports the latest link the record says a call (ActionKYCLink,
// ActionTermsLink, ActionFaceLink) made for a customer today, in this run or another, in
// this run's environment: when it was made and when it expires (zero when
// Sphere did not say). The link itself is never kept.
func (r *Recorder) Earlier(customerID string, action client.Action) (made, expires time.Time, ok bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.today[linkOf{action, customerID, ""}]
	return e.made, e.expires, ok
}

// EarlierCode reports the latest code the record says was sent to a
// customer by email or phone (client.CodeByEmail, CodeByPhone) today, in
// this run or another: when, and until when it is valid.
func (r *Recorder) EarlierCode(customerID, by string) (sent, expires time.Time, ok bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.today[linkOf{client.ActionOTPSend, customerID, by}]
	return e.made, e.expires, ok
}

// Problems returns what has gone wrong with the record since the last
// call, each problem once in a run.
func (r *Recorder) Problems() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	p := r.pending
	r.pending = nil
	return p
}

func (r *Recorder) say(msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.said[msg] {
		r.said[msg] = true
		r.pending = append(r.pending, msg)
	}
}

func (r *Recorder) remember(e Entry) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rememberLocked(e)
}

func (r *Recorder) rememberLocked(e Entry) {
	// A KYC link and a face verification link always have an expiry; a
	// terms link may not (Sphere's older answer states none).
	kyc := e.Action == string(client.ActionKYCLink) || e.Action == string(client.ActionFaceLink)
	terms := e.Action == string(client.ActionTermsLink)
	code := e.Action == string(client.ActionOTPSend) && e.By != ""
	if !((kyc || code) && e.ExpiresAt != nil || terms) || e.Outcome != OutcomeOK ||
		e.Environment != r.who.Environment || e.CustomerID == "" {
		return
	}
	// The demo's fake listens on a new port every run: it is one API all
	// the same.
	if e.APIHost != r.who.APIHost && e.Environment != demo {
		return
	}
	key := linkOf{client.Action(e.Action), e.CustomerID, e.By}
	if old, ok := r.today[key]; ok && old.made.After(e.Time) {
		return
	}
	var expires time.Time
	if e.ExpiresAt != nil {
		expires = *e.ExpiresAt
	}
	r.today[key] = earlier{made: e.Time, expires: expires}
}

// osUser is the operating system's name for the user running kyclink.
func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	for _, k := range []string{"USER", "USERNAME"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return "unknown"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

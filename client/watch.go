// This file owns what changed between two reads of a customer, in words:
// the pure diff that the app's watch, line mode and `kyclink watch` share.

package client

import (
	"errors"
	"slices"
	"strings"
	"time"
)

// ChangeKind is what sort of move a Change is.
type ChangeKind int

const (
	ChangeTerms     ChangeKind = iota + 1 // the customer accepted Sphere's terms
	ChangeDone                            // a criterion moved to complete
	ChangeSubmitted                       // a criterion moved to pending: sent for review
	ChangeRequired                        // a criterion is required again (it was done or pending)
	ChangeRefused                         // a criterion got an error from Sphere
	ChangeStatus                          // a profile's status moved
)

// Change is one thing that moved between two reads of a customer.
type Change struct {
	Kind ChangeKind
	// Name is the criterion (ChangeDone … ChangeRefused) or the profile's
	// new status (ChangeStatus), as Sphere wrote it, sanitised.
	Name string
	// Text is the change in plain words, for a timeline row, a line and
	// a notification: "accepted the terms", "done: upload an identity
	// document", "submitted: Sphere is reviewing", "approved".
	Text string
}

// Words of the changes that are not a criterion's; a criterion's come
// from CriterionText, the one table of criteria words.
const (
	termsAcceptedText = "accepted the terms"
	submittedText     = "submitted: Sphere is reviewing"
)

var changePrefixes = map[ChangeKind]string{
	ChangeDone:      "done: ",
	ChangeSubmitted: "sent for review: ",
	ChangeRequired:  "to do again: ",
	ChangeRefused:   "refused: ",
}

var statusChangeTexts = map[string]string{
	StatusPending:    submittedText,
	StatusApproved:   "approved",
	StatusRejected:   "rejected by Sphere",
	StatusIncomplete: "back to incomplete",
}

// DiffCustomers says what moved from before to after, two reads of one
// customer: the terms accepted, each criterion that moved (done, sent for
// review, required again, refused) and each profile whose status moved,
// in that order, each text once (two profiles moving alike read as one
// change). A profile that is new in after counts from nothing; one that
// is gone says nothing. Nothing moved is nil.
func DiffCustomers(before, after Customer) []Change {
	var out []Change
	said := map[string]bool{} // a set, not a scan of out: a hostile answer moves thousands at once
	add := func(c Change) {
		if !said[c.Text] {
			said[c.Text] = true
			out = append(out, c)
		}
	}
	if !before.TermsAccepted() && after.TermsAccepted() {
		add(Change{Kind: ChangeTerms, Name: CriterionTerms, Text: termsAcceptedText})
	}
	var statuses []Change
	for _, p := range after.Profiles {
		old := profileNamed(before.Profiles, p.Name)
		for _, c := range criterionChanges(old.Criteria, p.Criteria) {
			add(c)
		}
		if !strings.EqualFold(old.Status, p.Status) && p.Status != "" {
			statuses = append(statuses, statusChange(p, len(after.Profiles) > 1))
		}
	}
	for _, c := range statuses {
		add(c)
	}
	return out
}

// criterionChanges are the moves of one profile's criteria, in the order
// of after's lists.
func criterionChanges(before, after Criteria) []Change {
	var out []Change
	for _, m := range []struct {
		kind       ChangeKind
		now, was   []string
		everywhere bool
	}{
		{ChangeDone, after.Complete, before.Complete, false},
		{ChangeSubmitted, after.Pending, before.Pending, false},
		{ChangeRequired, after.Required, slices.Concat(before.Complete, before.Pending), true},
	} {
		for _, name := range m.now {
			moved := !containsFold(m.was, name)
			if m.everywhere { // only what went back, not what was required all along
				moved = containsFold(m.was, name)
			}
			if moved {
				out = append(out, criterionChange(m.kind, name))
			}
		}
	}
	for _, e := range after.Errors {
		if !slices.ContainsFunc(before.Errors, func(o CriterionError) bool { return strings.EqualFold(o.Name, e.Name) }) {
			out = append(out, criterionChange(ChangeRefused, e.Name))
		}
	}
	return out
}

// Notice is the change in kyclink's words alone, for a notification that
// leaves the app's frame for the desktop: a criterion or status Sphere's
// documents name is said as Text says it, any other (the server's own
// words, which could read as an instruction) only by its kind; a
// profile's name is left out.
func (c Change) Notice() string {
	switch c.Kind {
	case ChangeTerms:
		return termsAcceptedText
	case ChangeStatus:
		if text, ok := statusChangeTexts[strings.ToLower(c.Name)]; ok {
			return text
		}
		return "status changed"
	}
	if _, ok := criterionTexts[strings.ToLower(c.Name)]; ok {
		return changePrefixes[c.Kind] + CriterionText(c.Name)
	}
	return changePrefixes[c.Kind] + "a requirement Sphere names itself"
}

func criterionChange(kind ChangeKind, name string) Change {
	if kind == ChangeDone && strings.EqualFold(name, CriterionTerms) {
		return Change{Kind: ChangeTerms, Name: name, Text: termsAcceptedText}
	}
	return Change{Kind: kind, Name: name, Text: changePrefixes[kind] + CriterionText(name)}
}

// statusChange words a profile's new status; named names the profile,
// for a customer with more than one.
func statusChange(p VerificationProfile, named bool) Change {
	text, ok := statusChangeTexts[strings.ToLower(p.Status)]
	if !ok {
		text = "status now " + StatusText(p.Status)
	}
	if named {
		text += " (" + ProfileText(p.Name) + ")"
	}
	return Change{Kind: ChangeStatus, Name: p.Status, Text: text}
}

func profileNamed(ps []VerificationProfile, name string) VerificationProfile {
	for _, p := range ps {
		if strings.EqualFold(p.Name, name) {
			return p
		}
	}
	return VerificationProfile{}
}

func containsFold(list []string, s string) bool {
	return slices.ContainsFunc(list, func(o string) bool { return strings.EqualFold(o, s) })
}

// Final reports whether a watch of the customer can stop: Sphere has
// decided (every profile approved, or one rejected).
func (s Step) Final() bool { return s == StepApproved || s == StepRejected }

// The pace of a watch.
const (
	DefaultWatchEvery = 15 * time.Second // between reads while all is well
	MinWatchEvery     = 2 * time.Second  // the fastest a watch may be asked to read
	DefaultWatchFor   = 30 * time.Minute // when a watch gives up
	maxWatchBackoff   = 5 * time.Minute  // the longest pause after failures
)

// NextWatchRead is how long a watch waits before its next read: every
// after a success; after failures in a row, every doubled for each, at
// most maxWatchBackoff, and never less than the Retry-After the last
// failure asked for.
func NextWatchRead(every time.Duration, failures int, err error) time.Duration {
	every = max(every, MinWatchEvery)
	if failures <= 0 {
		return every
	}
	d := maxWatchBackoff
	if failures < 10 {
		d = min(every<<failures, maxWatchBackoff)
	}
	var api *APIError
	if errors.As(err, &api) {
		d = max(d, api.RetryAfter)
	}
	return d
}

// WatchOutlasted reports whether a watch that ends at end should stop
// now rather than wait for its next read: the read would come after the
// end (an hour's Retry-After, a long backoff), so it would never be made
// and the watch would only seem to go on.
func WatchOutlasted(now, end time.Time, wait time.Duration) bool {
	return now.Add(wait).After(end)
}

// WatchGivesUp reports whether a failed read ends a watch: a failure
// that no later read will fix (the customer not found, the key refused,
// an answer refused), as opposed to a network fault, a 5xx or a 429.
func WatchGivesUp(err error) bool {
	var api *APIError
	if !errors.As(err, &api) {
		return true
	}
	return !api.Kind.Temporary()
}

// This file owns one line of the record: the entry's fields and how a
// finished call becomes one, never with the link, the key or search text.

package audit

import (
	"time"

	"github.com/kyclink/kyclink/client"
)

// Entry is one line of the record.
type Entry struct {
	Time        time.Time `json:"time"` // UTC
	User        string    `json:"user"`
	Hostname    string    `json:"hostname"`
	Environment string    `json:"environment"` // PRODUCTION, SANDBOX, DEMO, CUSTOM
	APIHost     string    `json:"apiHost"`
	Action      string    `json:"action"` // kyc-link, terms-link, customer, search
	CustomerID  string    `json:"customerId,omitempty"`
	// CustomerIDs are the customers a search found (at most
	// maxCustomerIDs); the search's text is never kept.
	CustomerIDs []string `json:"customerIds,omitempty"`
	// Outcome is "ok", or why the call failed: a client.Kind's name
	// ("auth", "validation", "cancelled", …).
	Outcome       string     `json:"outcome"`
	Status        int        `json:"status"` // HTTP status, 0 when no answer came
	CorrelationID string     `json:"correlationId,omitempty"`
	ExpiresAt     *time.Time `json:"expiresAt,omitempty"`
	// LinkSHA256 is the first 12 hex digits of the link's SHA-256.
	LinkSHA256 string `json:"linkSha256,omitempty"`
}

// OutcomeOK is the outcome of a call that succeeded.
const OutcomeOK = "ok"

// maxCustomerIDs bounds a search's entry: a line stays one short write.
const maxCustomerIDs = 100

// Who is where and by whom the calls are made: the fields every entry of
// one run shares.
type Who struct {
	User, Hostname       string
	Environment, APIHost string
}

// newEntry is the record of a finished call.
func newEntry(at time.Time, who Who, call client.Call) Entry {
	e := Entry{
		Time: at.UTC().Truncate(time.Millisecond), User: who.User, Hostname: who.Hostname,
		Environment: who.Environment, APIHost: who.APIHost,
		Action: string(call.Action), CustomerID: call.CustomerID,
		Outcome: OutcomeOK, Status: call.Status, CorrelationID: call.CorrelationID,
		LinkSHA256: call.LinkSHA256,
	}
	if !call.OK() {
		e.Outcome = call.Kind.String()
	}
	if n := len(call.CustomerIDs); n > 0 {
		e.CustomerIDs = append([]string(nil), call.CustomerIDs[:min(n, maxCustomerIDs)]...)
	}
	if !call.ExpiresAt.IsZero() {
		t := call.ExpiresAt.UTC()
		e.ExpiresAt = &t
	}
	return e
}

// valid reports whether a line read back is an entry at all.
func (e Entry) valid() bool { return !e.Time.IsZero() && e.Action != "" && e.Outcome != "" }

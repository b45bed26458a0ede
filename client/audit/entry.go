// This file owns one line of the record: the entry's fields and how a
// finished call becomes one, never with the link, the key or search text.

package audit

import (
	"encoding/json"
	"errors"
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
	Action      string    `json:"action"` // kyc-link, terms-link, face-link, otp-send, customer, search
	CustomerID  string    `json:"customerId,omitempty"`
	// CustomerIDs are the customers a search found (at most
	// maxCustomerIDs); the search's text is never kept.
	CustomerIDs []string `json:"customerIds,omitempty"`
	// MoreCustomers counts the customers found beyond CustomerIDs, left
	// out to keep the line within MaxLine.
	MoreCustomers int `json:"moreCustomers,omitempty"`
	// Outcome is "ok", or why the call failed: a client.Kind's name
	// ("auth", "validation", "cancelled", …).
	Outcome       string     `json:"outcome"`
	Status        int        `json:"status"` // HTTP status, 0 when no answer came
	CorrelationID string     `json:"correlationId,omitempty"`
	ExpiresAt     *time.Time `json:"expiresAt,omitempty"`
	// By is where a code sent (otp-send) went: email or phone.
	By string `json:"by,omitempty"`
	// LinkSHA256 is the first 12 hex digits of the link's SHA-256.
	LinkSHA256 string `json:"linkSha256,omitempty"`
	// ReadAhead marks a lookup the app made before the agent pressed
	// Enter (client.ReadAhead).
	ReadAhead bool `json:"readAhead,omitempty"`
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
		LinkSHA256: call.LinkSHA256, ReadAhead: call.ReadAhead, By: call.By,
	}
	if !call.OK() {
		e.Outcome = call.Kind.String()
	}
	if n := len(call.CustomerIDs); n > 0 {
		e.CustomerIDs = append([]string(nil), call.CustomerIDs[:min(n, maxCustomerIDs)]...)
		e.MoreCustomers = n - len(e.CustomerIDs)
	}
	if !call.ExpiresAt.IsZero() {
		t := call.ExpiresAt.UTC()
		e.ExpiresAt = &t
	}
	return e
}

// valid reports whether a line read back is an entry at all.
func (e Entry) valid() bool { return !e.Time.IsZero() && e.Action != "" && e.Outcome != "" }

// maxField bounds a field that a server or the system chose (a
// correlation ID, a host name): a line must stay within MaxLine.
const maxField = 256

// line is the entry as one line of the record, without its newline,
// shorter than MaxLine: a search's customer IDs beyond what fits are
// counted in MoreCustomers, and an overlong field is cut.
func (e Entry) line() ([]byte, error) {
	for _, f := range []*string{&e.CorrelationID, &e.User, &e.Hostname, &e.APIHost, &e.CustomerID} {
		if len(*f) > maxField {
			*f = (*f)[:maxField] // bytes, not runes: the JSON encoder mends a cut rune
		}
	}
	b, err := json.Marshal(e)
	for err == nil && len(b) >= MaxLine && len(e.CustomerIDs) > 0 {
		// Each ID costs its length and three bytes (quotes and comma).
		drop := min(len(e.CustomerIDs), (len(b)-MaxLine)/(len(e.CustomerIDs[0])+3)+1)
		e.CustomerIDs, e.MoreCustomers = e.CustomerIDs[:len(e.CustomerIDs)-drop], e.MoreCustomers+drop
		b, err = json.Marshal(e)
	}
	if err == nil && len(b) >= MaxLine {
		err = errors.New("an entry too long for the record")
	}
	return b, err
}

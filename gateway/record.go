// This file owns what the gateway records of a forwarded call: the local
// record's fields, read off Sphere's answer (a link's fingerprint and
// expiry, a failure's correlation ID, a search's customers), never the
// link, the key, a token or search text.

package gateway

import (
	"cmp"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/audit"
)

// maxRecordIDs bounds a search's record, as the local record does.
const maxRecordIDs = 100

// facts is what an answer body says that the record keeps.
type facts struct {
	URL           string    `json:"url"`
	Link          string    `json:"link"` // the terms link's field
	ExpiresAt     time.Time `json:"expiresAt"`
	CorrelationID string    `json:"correlationId"`
	Customers     []struct {
		ID string `json:"id"`
	} `json:"customers"`
}

// newRecord is the record of one answered (or failed) call; sent is the
// agent's request body (a code's channel: email or phone).
func (g *Gateway) newRecord(rt route, a Agent, id string, sent []byte, ans answer) Record {
	e := audit.Entry{
		Time: g.now().UTC().Truncate(time.Millisecond), User: a.Name,
		Environment: g.opts.Environment, APIHost: g.base.Host,
		Action: string(rt.action), CustomerID: id, Status: ans.status, Outcome: audit.OutcomeOK,
	}
	switch {
	case ans.fail != 0:
		e.Outcome, e.Status = ans.fail.String(), 0
	case ans.status >= 300:
		e.Outcome = client.KindForStatus(ans.status).String()
	}
	var f facts
	if ans.fail == 0 && json.Unmarshal(ans.body, &f) == nil {
		if e.Outcome == audit.OutcomeOK {
			if link := cmp.Or(f.URL, f.Link); link != "" && rt.write {
				e.LinkSHA256 = client.LinkFingerprint(link)
			}
			if !f.ExpiresAt.IsZero() {
				t := f.ExpiresAt.UTC()
				e.ExpiresAt = &t
			}
			for _, c := range f.Customers[:min(len(f.Customers), maxRecordIDs)] {
				if validID(c.ID) {
					e.CustomerIDs = append(e.CustomerIDs, c.ID)
				}
			}
			e.MoreCustomers = max(0, len(f.Customers)-maxRecordIDs)
		} else {
			e.CorrelationID = client.Sanitize(g.redact.String(f.CorrelationID))
		}
	}
	if rt.action == client.ActionOTPSend {
		var code struct {
			Type string `json:"type"`
		}
		if json.Unmarshal(sent, &code) == nil && (code.Type == "email" || code.Type == "phone") {
			e.By = code.Type
		}
	}
	return Record{ID: newRecordID(), Entry: e}
}

// newRecordID names one call: 128 random bits, so two gateways never
// pick the same, and a write repeated after a crash lands once.
func newRecordID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

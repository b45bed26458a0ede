// This file owns the session's history: every link made since the app
// started, newest first, and which of them a new request would replace.

package ui

import (
	"time"

	"github.com/kyclink/kyclink/client"
)

// entry is one link made in this session, with its QR code built once.
type entry struct {
	link   client.Link
	host   client.HostCheck // the host to read out, and whether it is expected
	unsafe error            // non-nil: never shown as QR nor copied
	qr     *qrCode
	// qrAnyway is set when the agent asked for the QR code of a link on a
	// host that is not expected: until then it is withheld, so a customer
	// cannot scan it before the agent has checked the host.
	qrAnyway   bool
	superseded bool   // a newer link exists for the same customer
	name       string // the customer's name, when the lookup gave one
	// step is the customer's next step when the link was made
	// (client.StepKYCLink when unknown): the watch offers k only once it
	// has moved on to the KYC link since.
	step client.Step
}

func newEntry(link client.Link, expectedHosts []string) *entry {
	e := &entry{link: link, unsafe: client.CheckLinkURL(link.URL)}
	if e.unsafe != nil {
		return e
	}
	e.host = client.CheckLinkHost(link.URL, link.Kind.ExpectedHosts(expectedHosts))
	e.qr = newQRCode(link.URL)
	return e
}

// kind is the link's kind in the history's few cells.
func (e *entry) kind() string {
	switch e.link.Kind {
	case client.LinkTerms:
		return "terms"
	case client.LinkFace:
		return "face"
	}
	return "KYC"
}

// label heads the link on the result screen: its kind, so the agent
// always knows which link is in hand.
func (e *entry) label() string {
	switch e.link.Kind {
	case client.LinkTerms:
		return "Terms link"
	case client.LinkFace:
		return "Face verification link"
	}
	return "KYC link"
}

// session is the history and the history screen's cursor.
type session struct {
	history []*entry // newest first
	cursor  int
}

// add puts a new link first and marks the customer's older links of the
// same kind as superseded: Sphere may have stopped them working.
func (s *session) add(e *entry) {
	for _, old := range s.history {
		if old.link.CustomerID == e.link.CustomerID && old.link.Kind == e.link.Kind {
			old.superseded = true
		}
	}
	s.history = append([]*entry{e}, s.history...)
	s.cursor = 0
}

// usableLink is the customer's newest link of a kind that can still be
// sent and is offered again before a new one is made, or nil.
func (s *session) usableLink(customerID string, kind client.LinkKind, now time.Time) *entry {
	for _, e := range s.history { // newest first
		if e.link.CustomerID == customerID && e.link.Kind == kind && e.reoffered(now) {
			return e
		}
	}
	return nil
}

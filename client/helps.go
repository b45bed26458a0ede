// This file owns the other documented helps for a customer on a call: the
// verification code sent again (POST …/otp-send) and the face verification
// link (POST …/face-verification-link).

package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Where a verification code goes: the customer's email or phone.
const (
	CodeByEmail = "email"
	CodeByPhone = "phone"
)

// CodeSent is Sphere's answer to a code sent (POST …/otp-send), in either
// documented shape: {customerId, expiresAt} (current) or {type, contact,
// verified, expiresAt} (older).
type CodeSent struct {
	CustomerID string
	// By is CodeByEmail or CodeByPhone: the older shape's type when it
	// states one, else what was asked.
	By string
	// Contact is where the older shape says the code went, sanitised; ""
	// in the current shape. It is personal: shown masked (MaskContact).
	Contact   string
	Verified  bool      // the older shape's "verified"
	ExpiresAt time.Time // until when the code is valid
}

// SendCode asks Sphere to send the customer a one-time code for verifying
// their email (by = CodeByEmail) or phone (CodeByPhone). It is never
// repeated once the request may have reached Sphere: a second code
// invalidates the first, so a failure is reported, and the agent decides.
// It is recorded as ActionOTPSend.
func (c *Client) SendCode(ctx context.Context, customerID, by string) (CodeSent, error) {
	id, err := c.Classify(customerID).ID(true)
	if err != nil {
		return CodeSent{}, err
	}
	if by != CodeByEmail && by != CodeByPhone {
		return CodeSent{}, &APIError{Kind: KindInvalidInput, Detail: fmt.Sprintf("a code goes by %q or %q", CodeByEmail, CodeByPhone)}
	}
	body, _ := json.Marshal(map[string]string{"type": by})
	return recorded(ctx, c, ActionOTPSend, id, endpoint[CodeSent]{
		request: request{
			method: http.MethodPost, path: []string{"v2", "customer", id, "otp-send"},
			idempotencyKey: NewIdempotencyKey(), body: body, once: true,
		},
		decode: func(a answer) (CodeSent, *APIError) { return decodeCodeSent(a.body, id, by) },
		keepKeyOut: func(c *Client, s CodeSent) (CodeSent, *APIError) {
			s.Contact = c.redact.String(s.Contact)
			return s, nil
		},
	}, func(s CodeSent, call *Call) { call.ExpiresAt, call.By = s.ExpiresAt, s.By })
}

// decodeCodeSent reads either documented shape: expiresAt is required,
// customerId when present must be the customer asked for, type when
// present must be email or phone.
func decodeCodeSent(body []byte, id, by string) (CodeSent, *APIError) {
	o, apiErr := readObject(body, "the answer")
	if apiErr != nil {
		return CodeSent{}, apiErr
	}
	s := CodeSent{CustomerID: id, By: by}
	var got, kind, exp string
	for name, dst := range map[string]*string{"customerId": &got, "type": &kind, "expiresAt": &exp} {
		if *dst, apiErr = o.text(name); apiErr != nil {
			return CodeSent{}, apiErr
		}
	}
	if s.Contact, apiErr = o.line("contact"); apiErr != nil {
		return CodeSent{}, apiErr
	}
	if o.present("verified") && json.Unmarshal(o.fields["verified"], &s.Verified) != nil {
		return CodeSent{}, badResponse("the answer is not the expected JSON object (verified is not true or false)")
	}
	switch k := strings.ToLower(kind); {
	case got != "" && got != id:
		return CodeSent{}, badResponse(fmt.Sprintf("the answer is for another customer (%q)", clip(Sanitize(got), 80)))
	case k == CodeByEmail || k == CodeByPhone:
		s.By = k
	case kind != "":
		return CodeSent{}, badResponse(fmt.Sprintf("the answer names an unknown way to send the code (%q)", clip(Sanitize(kind), 20)))
	}
	if exp == "" {
		return CodeSent{}, badResponse("the answer lacks expiresAt")
	}
	t, err := time.Parse(time.RFC3339Nano, exp)
	if err != nil {
		return CodeSent{}, badResponse(fmt.Sprintf("expiresAt %q is not an RFC 3339 time", clip(Sanitize(exp), 40)))
	}
	s.ExpiresAt = t
	return s, nil
}

// FaceVerificationLink asks Sphere for a hosted liveness (face) check link
// for an individual whose liveness_check is outstanding. It is a Link of
// kind LinkFace with every check of a KYC link (the ID normalised, one
// idempotency key for every attempt, "" for a new one, CheckLinkURL, the
// expiry, the key kept out), recorded as ActionFaceLink. customerId in
// the answer is optional (the reference shows {url, expiresAt}).
func (c *Client) FaceVerificationLink(ctx context.Context, customerID, idempotencyKey string) (Link, error) {
	return c.postLink(ctx, ActionFaceLink, customerID, idempotencyKey, "face-verification-link", func(a answer, id string) (Link, *APIError) {
		link, apiErr := decodeFaceLink(a.body, id, a.serverDate, a.received)
		if apiErr == nil {
			c.debugf("face link received: url=[redacted] expiresAt=%s", link.ExpiresAt.UTC().Format(time.RFC3339))
		}
		return link, apiErr
	})
}

// decodeFaceLink reads {url, expiresAt} and an optional customerId, then
// checks it as decodeLink checks a KYC link.
func decodeFaceLink(body []byte, id string, serverDate, received time.Time) (Link, *APIError) {
	o, apiErr := readObject(body, "the answer")
	if apiErr != nil {
		return Link{}, apiErr
	}
	if !o.present("customerId") {
		o.fields["customerId"], _ = json.Marshal(id)
	}
	fixed, _ := json.Marshal(o.fields)
	link, apiErr := decodeLink(fixed, id, serverDate, received)
	link.Kind = LinkFace
	return link, apiErr
}

// Said is where a code went and until when it is valid, for the agent
// to read out: "Code sent by phone to +1 •••• 0199, valid until 10:52
// (in 10m 0s)." to is the contact, masked; loc nil is local time.
func (s CodeSent) Said(to string, now time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.Local
	}
	return fmt.Sprintf("Code sent by %s to %s, valid until %s (in %s).", s.By, to,
		s.ExpiresAt.In(loc).Format("15:04"), FormatRemainingShort(s.ExpiresAt.Sub(now)))
}

// MaskEmail hides most of an address's local part, for a status line
// said on a call: "alice@example.com" reads "a•••e@example.com". What is
// not an address is masked whole.
func MaskEmail(addr string) string {
	local, domain, ok := strings.Cut(addr, "@")
	r := []rune(local)
	switch {
	case !ok || domain == "" || len(r) == 0:
		return "•••"
	case len(r) <= 2:
		return string(r[0]) + "•••@" + domain
	}
	return string(r[0]) + "•••" + string(r[len(r)-1]) + "@" + domain
}

// MaskPhone hides all but a phone number's country code and last four
// digits: "+15555550199" reads "+1 •••• 0199". A number of fewer than
// eight digits is masked whole.
func MaskPhone(phone string) string {
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, phone)
	if len(digits) < 8 {
		return "••••"
	}
	cc := 2 // the common length; North America (1) and Russia (7) use one digit
	if digits[0] == '1' || digits[0] == '7' {
		cc = 1
	}
	prefix := ""
	if strings.HasPrefix(strings.TrimSpace(phone), "+") {
		prefix = "+" + digits[:cc] + " "
	}
	return prefix + "•••• " + digits[len(digits)-4:]
}

// Contact is where a code sent by (CodeByEmail or CodeByPhone) goes: the
// customer's email address or phone number, "" when Sphere has none.
func (c Customer) Contact(by string) string {
	if by == CodeByPhone {
		return c.Phone
	}
	return c.Email
}

// MaskContact masks where a code goes: the email or the phone.
func MaskContact(by, contact string) string {
	if by == CodeByPhone {
		return MaskPhone(contact)
	}
	return MaskEmail(contact)
}

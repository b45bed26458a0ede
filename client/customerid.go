// This file owns the customer ID: cleaning up a pasted one and telling a
// malformed one, which is never sent, from one worth sending.

package client

import (
	"fmt"
	"regexp"
	"strings"
)

// CustomerIDExample is what a customer ID looks like, for help texts.
const CustomerIDExample = "customer_f31121c389624d3697cbf3ea8830b7a4"

const maxCustomerIDLen = 128

var (
	customerIDPattern = regexp.MustCompile(`^customer_[a-z0-9]+$`)
	usualCustomerID   = regexp.MustCompile(`^customer_[0-9a-f]{32}$`)
)

// NormalizeCustomerID cleans up a pasted customer ID (surrounding spaces,
// newlines and quotes) and checks it. The error is an *APIError of kind
// KindInvalidInput whose Detail says what a customer ID looks like; nothing
// should be sent to Sphere when it is not nil.
func NormalizeCustomerID(raw string) (string, error) {
	id := trimPaste(raw)
	if id == "" {
		return "", invalidID("Enter a customer ID")
	}
	if len(id) > maxCustomerIDLen {
		return "", invalidID(fmt.Sprintf("That is %d characters long; a customer ID has about 41", len(id)))
	}
	if customerIDPattern.MatchString(id) {
		return id, nil
	}
	if customerIDPattern.MatchString(strings.ToLower(id)) {
		return "", invalidID("Customer IDs are all lower case")
	}
	if !strings.HasPrefix(id, "customer_") {
		return "", invalidID(`A customer ID starts with "customer_"`)
	}
	return "", invalidID(`After "customer_" come only lower-case letters and digits`)
}

// UnusualCustomerID reports a well-formed ID whose tail is not the usual 32
// hex characters: worth a second look, but Sphere decides.
func UnusualCustomerID(id string) bool {
	return customerIDPattern.MatchString(id) && !usualCustomerID.MatchString(id)
}

func invalidID(why string) *APIError {
	return &APIError{
		Kind:   KindInvalidInput,
		Detail: fmt.Sprintf("%s. It looks like %s", why, CustomerIDExample),
	}
}

// trimPaste strips what a copy from a chat or spreadsheet drags along.
func trimPaste(s string) string {
	const junk = " \t\r\n\v\f\u00a0\u200b\ufeff"
	for {
		t := strings.Trim(s, junk)
		for _, q := range [][2]string{{`"`, `"`}, {`'`, `'`}, {"`", "`"}, {"“", "”"}, {"‘", "’"}, {"<", ">"}} {
			if len(t) >= len(q[0])+len(q[1]) && strings.HasPrefix(t, q[0]) && strings.HasSuffix(t, q[1]) {
				t = t[len(q[0]) : len(t)-len(q[1])]
			}
		}
		if t == s {
			return t
		}
		s = t
	}
}

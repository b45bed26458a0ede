// This file owns customer IDs: the one normaliser that cleans what a paste
// drags along, the one validator, and the words that say what is wrong.

package client

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// CustomerIDPattern is what a customer ID looks like, in words for help
// texts: a pattern, never a real-looking ID an agent could copy.
const CustomerIDPattern = "customer_ followed by 32 hex digits (0 to 9, a to f)"

// CustomerIDExample is a well-formed ID, for command-line examples and
// tests. Error messages show CustomerIDPattern instead.
const CustomerIDExample = "customer_f31121c389624d3697cbf3ea8830b7a4"

const maxCustomerIDLen = 128

var (
	customerIDPattern = regexp.MustCompile(`^customer_[a-z0-9]+$`)
	usualCustomerID   = regexp.MustCompile(`^customer_[0-9a-f]{32}$`)
	// idLabel is a label a chat or a record puts before the ID.
	idLabel = regexp.MustCompile(`(?i)^(customer[ _-]?id|customer|id)\s*[:=#]\s*`)
)

// NormalizeCustomerID cleans up a pasted customer ID and checks it. It
// strips surrounding spaces, newlines and quotes and a leading label
// ("Customer ID: …"), and joins an ID that a chat wrapped onto two lines
// when what remains is a usual ID. The error is an *APIError of kind
// KindInvalidInput whose Detail says what is wrong and what an ID looks
// like; nothing should be sent to Sphere when it is not nil.
func NormalizeCustomerID(raw string) (string, error) {
	id := trimPaste(idLabel.ReplaceAllString(trimPaste(raw), ""))
	if joined := strings.Join(strings.FieldsFunc(id, isPasteSpace), ""); usualCustomerID.MatchString(joined) {
		id = joined // a wrapped line or a stray space inside a usual ID
	}
	switch {
	case id == "":
		return "", invalidID("Enter a customer ID")
	case len(id) > maxCustomerIDLen:
		return "", invalidID(fmt.Sprintf("That is %d characters long; a customer ID has 41", utf8.RuneCountInString(id)))
	case customerIDPattern.MatchString(id):
		return id, nil
	case customerIDPattern.MatchString(strings.ToLower(id)):
		return "", &APIError{Kind: KindInvalidInput, Code: CodeUpperCaseID,
			Detail: "Customer IDs are all lower case: " + CustomerIDPattern}
	case !strings.HasPrefix(id, "customer_"):
		return "", invalidID(`That does not start with "customer_"`)
	}
	return "", invalidID(badTail(id))
}

// CodeUpperCaseID marks the one invalid ID that has a sure fix: lower case.
const CodeUpperCaseID = "kyclink/upper-case-id"

// badTail says what is wrong after "customer_": the first character that
// may not be there, or how many hex characters there are.
func badTail(id string) string {
	for i, r := range []rune(id) {
		if i >= len("customer_") && !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return fmt.Sprintf("%s at position %d is not allowed: after \"customer_\" come only lower-case letters and digits", describeRune(r), i+1)
		}
	}
	return `Nothing follows "customer_"`
}

// describeRune names a character so that an invisible one shows too.
func describeRune(r rune) string {
	switch {
	case r == ' ':
		return "A space"
	case unicode.IsSpace(r):
		return fmt.Sprintf("A line break or space (U+%04X)", r)
	case unicode.IsPrint(r):
		return fmt.Sprintf("%q", r)
	}
	return fmt.Sprintf("An invisible character (U+%04X)", r)
}

// UnusualCustomerID reports a well-formed ID whose tail is not the usual 32
// hex characters: worth a second look, but Sphere decides.
func UnusualCustomerID(id string) bool {
	return customerIDPattern.MatchString(id) && !usualCustomerID.MatchString(id)
}

// UnusualIDNote says what is unusual about a well-formed ID, for the
// warning under the field and on stderr.
func UnusualIDNote(id string) string {
	tail := strings.TrimPrefix(id, "customer_")
	hex := strings.Trim(tail, "0123456789abcdef") == ""
	if hex {
		return fmt.Sprintf("Unusual ID: %d hex characters after customer_, where IDs usually have 32. Sphere decides.", len(tail))
	}
	return "Unusual ID: customer IDs are usually " + CustomerIDPattern + ". Sphere decides."
}

func invalidID(why string) *APIError {
	return &APIError{Kind: KindInvalidInput, Detail: fmt.Sprintf("%s. A customer ID is %s", why, CustomerIDPattern)}
}

// isPasteSpace is white space a paste can leave inside an ID, including
// the no-break and zero-width spaces chat apps insert.
func isPasteSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff'
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

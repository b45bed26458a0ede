// This file owns customer IDs: the one validator (Classify's ID part), and
// the words that say what is wrong or unusual.

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
	// customerIDPattern is Sphere's own: what it may accept.
	customerIDPattern = regexp.MustCompile(`^customer_[a-z0-9]+$`)
	usualCustomerID   = regexp.MustCompile(`^customer_[0-9a-f]{32}$`)
	// idLabel is a label a chat or a record puts before the ID.
	idLabel = regexp.MustCompile(`(?i)^(customer[ _-]?id|customer|id)\s*[:=#]\s*`)
)

// classifyID checks an attempt at a customer ID, cleaned of what a paste
// drags along: it joins an ID a chat wrapped onto two lines when what
// remains is a usual ID, and otherwise drops text after the ID
// ("customer_… (Bob)"). Why says what is wrong, or unusual, and what an ID
// looks like; it never shows another ID.
func classifyID(s string) Input {
	id := s
	if joined := strings.Join(strings.FieldsFunc(id, isPasteSpace), ""); usualCustomerID.MatchString(joined) {
		id = joined // a wrapped line or a stray space inside a usual ID
	} else if i := strings.IndexFunc(id, func(r rune) bool { return isPasteSpace(r) || r == '(' }); i > 0 && strings.HasPrefix(strings.ToLower(id), "customer_") {
		id = cleanPaste(id[:i]) // a name or a remark after the ID
	}
	switch {
	case len(id) > maxCustomerIDLen:
		return badID(fmt.Sprintf("That is %d characters long; a customer ID has 41", utf8.RuneCountInString(id)))
	case usualCustomerID.MatchString(id):
		return Input{Kind: InputID, Text: id}
	case customerIDPattern.MatchString(id):
		return Input{Kind: InputUnusualID, Text: id, Why: unusualWhy(id)}
	case customerIDPattern.MatchString(strings.ToLower(id)):
		return Input{Kind: InputBadID, Why: "Customer IDs are all lower case: " + CustomerIDPattern, Fix: strings.ToLower(id)}
	case !strings.HasPrefix(id, "customer_"):
		return badID(`That does not start with "customer_"`)
	}
	return badID(badTail(id))
}

func badID(why string) Input {
	return Input{Kind: InputBadID, Why: invalidID(why).Detail}
}

// unusualWhy says what is unusual about an ID Sphere's pattern accepts:
// how many hex digits it has, or the first character that is not one.
func unusualWhy(id string) string {
	tail := strings.TrimPrefix(id, "customer_")
	n := len(tail)
	count := fmt.Sprintf("%d characters after customer_, where IDs have 32 hex digits", n)
	switch n {
	case 31:
		count = "one digit short: 31 characters after customer_, where IDs have 32 hex digits"
	case 33:
		count = "one digit too many: 33 characters after customer_, where IDs have 32 hex digits"
	}
	why := count
	if i := strings.IndexFunc(tail, func(r rune) bool { return !strings.ContainsRune("0123456789abcdef", r) }); i >= 0 {
		why = fmt.Sprintf("%q at position %d is not a hex digit (0 to 9, a to f)", tail[i], len("customer_")+i+1)
		if n != 32 {
			why += "; and " + count
		}
	}
	return "Unusual ID: " + why + ". Sphere may still know it"
}

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
	case unicode.Is(unicode.Cyrillic, r):
		return fmt.Sprintf("The Cyrillic letter %q (U+%04X), which looks like a Latin one,", r, r)
	case unicode.Is(unicode.Greek, r):
		return fmt.Sprintf("The Greek letter %q (U+%04X), which looks like a Latin one,", r, r)
	case unicode.IsPrint(r):
		return fmt.Sprintf("%q", r)
	}
	return fmt.Sprintf("An invisible character (U+%04X)", r)
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
		for _, q := range [][2]string{{`"`, `"`}, {`'`, `'`}, {"`", "`"}, {"“", "”"}, {"‘", "’"}, {"<", ">"}, {"(", ")"}} {
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

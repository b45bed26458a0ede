// This file owns what the agent typed: trimmed and cleaned once, and
// classified once as a customer ID (usual, unusual or malformed), an email
// address, a name, or the API key. Every caller (the app's field, line
// mode, the commands, the client's own calls) uses this one result.

package client

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// InputKind is what the agent typed turned out to be.
type InputKind int

const (
	InputEmpty     InputKind = iota // nothing but spaces and quotes
	InputID                         // customer_ and 32 hex digits
	InputUnusualID                  // Sphere's pattern, not the usual shape: sent only after a yes
	InputBadID                      // an attempt at an ID that Sphere's pattern refuses: never sent
	InputEmail                      // an email address: searched for exactly
	InputName                       // anything else: a piece of a name or an email address
	InputTooLong                    // a search longer than Sphere takes
	InputKey                        // holds the API key or a piece of it: never sent, never repeated
	InputSignInURL                  // a web address with a user name or password and no ID: never sent, never repeated
)

// Input is what the agent typed, classified. Text is the cleaned ID,
// email address or name ("" when it holds the key); Why says what is
// unusual or wrong, never repeating the key; Fix is the one sure fix of a
// malformed ID (lower case), Note what the cleaning did that the agent
// should know ("customer_ added"). Offered is set when the ID was
// completed rather than found in what was typed (32 bare hex digits): it
// is shown to the agent before it is sent.
type Input struct {
	Kind    InputKind
	Text    string
	Why     string
	Fix     string
	Note    string
	Offered bool
}

// Codes of the refusals the callers treat apart.
const (
	// CodeUpperCaseID marks the one malformed ID with a sure fix: lower case.
	CodeUpperCaseID = "kyclink/upper-case-id"
	// CodeUnusualID marks an ID refused only for want of a yes.
	CodeUnusualID = "kyclink/unusual-id"
	// CodeAPIKey marks input that holds the API key.
	CodeAPIKey = "kyclink/api-key"
)

// signInURLWords is what is said of a web address that carries a sign-in
// (or cannot be read as one): it never repeats what was typed.
const signInURLWords = "That web address carries a user name or password and no customer ID: nothing was sent"

// KeyInputWords is what is said when the input holds the API key: it
// never repeats what was typed.
const KeyInputWords = "That looks like your API key: nothing was sent"

var (
	// bareHex is an ID pasted without its prefix.
	bareHex = regexp.MustCompile(`^[0-9a-fA-F]{32}$`)
	// idInText finds an ID inside a URL's path or query.
	idInText = regexp.MustCompile(`customer_[A-Za-z0-9]+`)
)

// ClassifyInput classifies what the agent typed without knowing the API
// key (the record's --customer filter); Client.Classify knows it.
func ClassifyInput(raw string) Input { return classify(raw, nil) }

// Classify classifies what the agent typed, refusing input that holds the
// client's API key or any piece of it 8 characters or longer.
func (c *Client) Classify(raw string) Input { return classify(raw, c.redact) }

// maxInput bounds what is read at all: more than any ID, search or URL
// that holds an ID, and little enough that cleaning stays quick.
const maxInput = 4096

func classify(raw string, key *redactor) Input {
	if key != nil && holdsKey(key, raw) {
		return Input{Kind: InputKey, Why: KeyInputWords}
	}
	if len(raw) > maxInput {
		return Input{Kind: InputTooLong, Why: fmt.Sprintf("That is %d bytes long; a customer ID has 41 characters, a search at most %d", len(raw), MaxSearchLen)}
	}
	s := cleanPaste(raw)
	// A search is sent as it reads: without what a screen hides or acts on.
	// An attempt at an ID keeps them, to say which character is wrong.
	shown := cleanPaste(stripHidden(s))
	switch {
	case s == "" || shown == "" && !attemptAtID(s):
		return Input{Kind: InputEmpty}
	case strings.HasPrefix(strings.ToLower(s), "http://") || strings.HasPrefix(strings.ToLower(s), "https://"):
		if id := idInURL(s); id != "" {
			in := classifyID(id)
			in.Note = "Read the customer ID out of the URL"
			return in
		}
		if u, err := url.Parse(s); err == nil && u.User != nil || err != nil && strings.Contains(s, "@") {
			return Input{Kind: InputSignInURL, Why: signInURLWords}
		}
	case looksLikeEmail(shown):
		return Input{Kind: InputEmail, Text: shown}
	case bareHex.MatchString(s):
		return Input{Kind: InputID, Text: "customer_" + strings.ToLower(s), Note: "Added customer_ before the 32 hex digits", Offered: true}
	case attemptAtID(s):
		return classifyID(s)
	}
	if n := utf8.RuneCountInString(shown); n > MaxSearchLen {
		return Input{Kind: InputTooLong, Why: fmt.Sprintf("That is %d characters long; a search is at most %d", n, MaxSearchLen)}
	}
	return Input{Kind: InputName, Text: shown}
}

// holdsKey reports whether raw holds a piece of the key as typed, with
// its spaces taken out, or as shown: Sanitize drops invisible characters
// and escape sequences, so a key broken up by them reads whole on screen.
func holdsKey(key *redactor, raw string) bool {
	shown := stripHidden(raw)
	return key.Contains(raw) || key.Contains(shown) ||
		key.Contains(strings.Join(strings.FieldsFunc(shown, isPasteSpace), ""))
}

// cleanPaste strips what a copy from a chat, a spreadsheet or a sentence
// drags along: spaces, quotes, brackets, a label ("Customer ID:"), and a
// trailing full stop, comma or unmatched closing bracket.
func cleanPaste(raw string) string {
	s := trimPaste(idLabel.ReplaceAllString(trimPaste(raw), ""))
	for {
		t := strings.TrimRight(s, ".,;")
		if strings.HasSuffix(t, ")") && !strings.Contains(t, "(") {
			t = t[:len(t)-1]
		}
		t = trimPaste(t)
		if t == s {
			return s
		}
		s = t
	}
}

// attemptAtID reports whether s is an attempt at a customer ID: it starts
// with "cust" or holds "customer_", in any case (an email address such as
// customer_care@example.com was taken as an email before).
func attemptAtID(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "cust") || strings.Contains(l, "customer_")
}

// idInURL finds a customer ID in a dashboard or API URL: a path segment or
// a query value that starts with customer_.
func idInURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	for _, seg := range strings.Split(u.Path, "/") {
		if strings.HasPrefix(strings.ToLower(seg), "customer_") {
			return seg
		}
	}
	for _, vs := range u.Query() {
		for _, v := range vs {
			if id := idInText.FindString(v); id != "" && strings.HasPrefix(v, id) {
				return v
			}
		}
	}
	return ""
}

// looksLikeEmail reports whether s is an email address: one @ with
// something before it, a domain of dot-separated labels after it, and no
// spaces.
func looksLikeEmail(s string) bool {
	if len(s) > 254 || strings.Count(s, "@") != 1 || strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return false
	}
	local, domain, _ := strings.Cut(s, "@")
	labels := strings.Split(domain, ".")
	return local != "" && len(labels) >= 2 && !slices.Contains(labels, "")
}

// IsID reports whether the input is an attempt at a customer ID, of any
// shape: it is looked up, never searched for.
func (in Input) IsID() bool {
	return in.Kind == InputID || in.Kind == InputUnusualID || in.Kind == InputBadID
}

// ID is the customer ID to send, or why nothing may be sent. An unusual
// ID is sent only when allowUnusual (the agent said yes).
func (in Input) ID(allowUnusual bool) (string, error) {
	switch in.Kind {
	case InputID:
		return in.Text, nil
	case InputUnusualID:
		if allowUnusual {
			return in.Text, nil
		}
		return "", &APIError{Kind: KindInvalidInput, Code: CodeUnusualID, Detail: in.Why}
	case InputBadID:
		code := ""
		if in.Fix != "" {
			code = CodeUpperCaseID
		}
		return "", &APIError{Kind: KindInvalidInput, Code: code, Detail: in.Why}
	case InputKey:
		return "", keyRefused()
	case InputEmpty:
		return "", invalidID("Enter a customer ID")
	case InputTooLong, InputSignInURL:
		return "", invalidID(in.Why)
	}
	return "", invalidID(`That does not start with "customer_"`)
}

// Query is the search to send, or why nothing may be sent.
func (in Input) Query() (string, error) {
	switch in.Kind {
	case InputEmail, InputName:
		return in.Text, nil
	case InputKey:
		return "", keyRefused()
	case InputEmpty:
		return "", invalidSearch("Enter a name or an email address to search for")
	case InputTooLong, InputSignInURL:
		return "", invalidSearch(in.Why)
	}
	return "", invalidSearch("That looks like a customer ID, which is looked up, not searched for")
}

func keyRefused() *APIError {
	return &APIError{Kind: KindInvalidInput, Code: CodeAPIKey, Detail: KeyInputWords}
}

func invalidSearch(why string) *APIError {
	return &APIError{Kind: KindInvalidInput, Detail: why + ". Search by a name or an email address, or enter a customer ID"}
}

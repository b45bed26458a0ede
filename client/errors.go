// This file owns the one error type, *APIError, and its Kind: what sort of
// failure it is, its title, and whether it is temporary.

package client

import (
	"fmt"
	"strings"
	"time"
)

// Kind says what sort of failure an *APIError is: callers switch on it to
// pick a title, an exit code, or whether a retry could help.
type Kind int

const (
	KindInvalidInput Kind = iota + 1 // the input (a customer ID, a search) was not sent: it is malformed
	KindRejected                     // 400 and any other 4xx without a kind of its own
	KindNotFound                     // 404
	KindValidation                   // 422: field-level errors
	KindAuth                         // 401 or 403: the key is wrong or not allowed
	// 429 that retrying did not get past: every attempt used, or no time
	// left to wait for the next one.
	KindRateLimited
	// 500, 502, 503 or 504 that retrying did not get past (as for 429), or
	// another 5xx, which is not retried.
	KindUnavailable
	KindNetwork     // no response came at all
	KindTimeout     // the whole call ran out of time
	KindCanceled    // the caller cancelled
	KindBadResponse // an answer that cannot be trusted or used
	// A link request Sphere refused as a repeat of one already made with
	// its idempotency key (409, or a problem about idempotency): the
	// first attempt may have made a link. Retrying with the same key
	// would be refused again; only a new request (a new key) can help.
	KindRepeat
)

var kindNames = map[Kind]string{
	KindInvalidInput: "invalid_input",
	KindRejected:     "rejected",
	KindNotFound:     "not_found",
	KindValidation:   "validation",
	KindAuth:         "auth",
	KindRateLimited:  "rate_limited",
	KindUnavailable:  "unavailable",
	KindNetwork:      "network",
	KindTimeout:      "timeout",
	KindCanceled:     "cancelled",
	KindBadResponse:  "bad_response",
	KindRepeat:       "repeat_refused",
}

var kindTitles = map[Kind]string{
	KindInvalidInput: "Invalid input",
	KindRejected:     "Request rejected",
	KindNotFound:     "Customer not found",
	KindValidation:   "Validation failed",
	KindAuth:         "Access denied (key rejected or not allowed)",
	KindRateLimited:  "Rate limited",
	KindUnavailable:  "Sphere unavailable",
	KindNetwork:      "Network error",
	KindTimeout:      "Timed out",
	KindCanceled:     "Cancelled",
	KindBadResponse:  "Unusable response",
	KindRepeat:       "Refused as a repeat",
}

// gatewayTitles are the titles of a team gateway's own refusals, by
// status, in place of KindAuth's: there the agent holds a token of the
// gateway's, not Sphere's key, and a 403 is the agent's role, not a key.
// A 401 keeps issue 18's "key refused" (the token is what kyclink keeps as
// the key) and says it is the token. (A gateway passes no 401 or 403 of
// Sphere's on: it answers them 502.)
var gatewayTitles = map[int]string{
	401: "Key refused (the gateway refused your token)",
	403: "Not allowed for your role at the gateway (ask a team lead)",
}

// String is the stable machine name used in JSON output.
func (k Kind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return "unknown"
}

// Title is the human heading shared by the command line and the TUI.
func (k Kind) Title() string {
	if s, ok := kindTitles[k]; ok {
		return s
	}
	return "Error"
}

// Temporary reports whether the same call may succeed later.
func (k Kind) Temporary() bool {
	switch k {
	case KindRateLimited, KindUnavailable, KindNetwork, KindTimeout:
		return true
	}
	return false
}

// FieldError is one entry of a problem's "errors" array.
type FieldError struct {
	Detail    string `json:"detail"`
	Pointer   string `json:"pointer,omitempty"`
	Parameter string `json:"parameter,omitempty"`
	Header    string `json:"header,omitempty"`
}

// Field is the readable name of what the error is about, or "" when the
// server named nothing: a JSON pointer's segments joined with " › ", else the
// parameter or header name. The command line and the TUI both print this.
func (f FieldError) Field() string {
	if p := pointerLabel(f.Pointer); p != "" {
		return p
	}
	if f.Parameter != "" {
		return f.Parameter
	}
	return f.Header
}

// Name is what the error is about as Sphere named it, for machines: the
// JSON pointer as sent ("/address/postalCode"), else the parameter or
// header name, or "" when the server named nothing. It picks the same
// source as Field.
func (f FieldError) Name() string {
	if pointerLabel(f.Pointer) != "" {
		return f.Pointer
	}
	if f.Parameter != "" {
		return f.Parameter
	}
	return f.Header
}

// pointerLabel turns "/address/postalCode" into "address › postalCode",
// undoing RFC 6901 escapes.
func pointerLabel(ptr string) string {
	ptr = strings.TrimPrefix(strings.TrimPrefix(ptr, "#"), "/")
	if ptr == "" {
		return ""
	}
	parts := strings.Split(ptr, "/")
	for i, p := range parts {
		parts[i] = strings.NewReplacer("~1", "/", "~0", "~").Replace(p)
	}
	return strings.Join(parts, " › ")
}

// APIError is the one error type for every failed call: a problem answer
// from Sphere, a transport failure, or a response kyclink refused to trust.
// Every string in it has been through Sanitize, and all but Detail and
// FieldError.Detail are one line: a line break in them became a space.
type APIError struct {
	Kind          Kind
	Status        int // HTTP status, 0 when no response came
	Title         string
	Detail        string
	Code          string
	CorrelationID string
	Errors        []FieldError
	// Attempts is how many requests were sent for the call: more than one
	// when it was retried. Zero when none was sent (an invalid ID).
	Attempts int
	// RetryAfter is how long the last answer (a 429, a 503) asked to be
	// left alone, from its Retry-After header; zero when it did not say.
	RetryAfter time.Duration
	// AtGateway: the answer came from a kyclink team gateway (Options.Gateway),
	// so a refusal is of the agent's token or role, worded so.
	AtGateway bool
	Err       error // the underlying cause, for errors.Is / As
}

func (e *APIError) Error() string {
	if e.Detail == "" {
		return e.Heading()
	}
	return e.Heading() + ": " + e.Detail
}

// Heading is a failure's one-line title, worded the same on stderr, on the
// error screen and in a retry notice: "Validation failed (HTTP 422)".
func (e *APIError) Heading() string {
	if e.Status == 0 {
		return e.title()
	}
	return fmt.Sprintf("%s (HTTP %d)", e.title(), e.Status)
}

// title is the failure's title: its kind's, or at a team gateway the
// gateway's words for a refused token or role.
func (e *APIError) title() string {
	if s, ok := gatewayTitles[e.Status]; ok && e.AtGateway && e.Kind == KindAuth {
		return s
	}
	return e.Kind.Title()
}

// Summary is what Sphere said beyond the heading: its title and its detail,
// each "" when it would only repeat the other or the heading. The field
// errors follow in e.Errors.
func (e *APIError) Summary() (title, detail string) {
	if e.Title != e.Detail {
		title = e.Title
	}
	if e.Detail != e.title() {
		detail = e.Detail
	}
	return title, detail
}

func (e *APIError) Unwrap() error { return e.Err }

// FieldErrorsFor returns the field errors about one request parameter, such
// as "id", so a form can show them under the matching field.
func (e *APIError) FieldErrorsFor(parameter string) []FieldError {
	var out []FieldError
	for _, f := range e.Errors {
		if f.Parameter == parameter {
			out = append(out, f)
		}
	}
	return out
}

// RepeatWords is what an agent is told of a KindRepeat failure, wherever
// it is shown; each face adds how to make a new request.
const RepeatWords = "Sphere refused the retry as a repeat of a request already made with the same idempotency key. " +
	"The first attempt may already have made a link (and the link before it may have stopped working), but kyclink never got it."

// repeatRefused reports whether a problem answer to a request that carried
// an idempotency key says the key was used already: a 409, or a code or
// detail that mentions idempotency.
func repeatRefused(e *APIError) bool {
	if e.Status == 409 {
		return true
	}
	for _, s := range []string{e.Code, e.Detail, e.Title} {
		if strings.Contains(strings.ToLower(s), "idempoten") {
			return true
		}
	}
	return false
}

// KindForStatus maps an HTTP error status to a Kind: the record's
// outcome of a failed call, in the app and in the gateway alike.
func KindForStatus(status int) Kind { return kindForStatus(status) }

// kindForStatus maps an HTTP error status to a Kind.
func kindForStatus(status int) Kind {
	switch {
	case status == 401 || status == 403:
		return KindAuth
	case status == 404:
		return KindNotFound
	case status == 422:
		return KindValidation
	case status == 429:
		return KindRateLimited
	case status >= 500:
		return KindUnavailable
	default:
		return KindRejected
	}
}

// This file owns reading Sphere's answer bodies: a success checked against
// the contract and the request, an error read leniently into an *APIError.

package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits on what one problem answer may put on an agent's screen.
const (
	maxTextRunes   = 1000
	maxFieldErrors = 50
)

// linkBody is a success answer's fields, read by their exact names.
type linkBody struct {
	CustomerID, URL, ExpiresAt *string
}

// decodeLink checks a success body against the contract and the request.
// The returned error's Detail names what was wrong; the link is dropped.
// url and expiresAt are required. customerId is optional: the regenerate
// page lists it, the create pages' 201 example has none. When present it
// must be the customer asked for; when absent the requested ID is used.
// Key names count only in their exact case ("url", never "URL"), and a
// body that names a key twice, or two keys that differ only in case, is
// ambiguous and refused: encoding/json would let the last one win, and
// match "URL" to url.
func decodeLink(body []byte, wantID string, serverDate, received time.Time) (Link, *APIError) {
	fields, ambiguous, err := topLevelFields(body)
	if err != nil {
		return Link{}, badResponse("the success answer is not the expected JSON object")
	}
	if ambiguous != "" {
		return Link{}, badResponse("the success answer is ambiguous: " + ambiguous)
	}
	var lb linkBody
	for _, f := range []struct {
		name string
		dst  **string
	}{{"customerId", &lb.CustomerID}, {"url", &lb.URL}, {"expiresAt", &lb.ExpiresAt}} {
		if raw, ok := fields[f.name]; ok && json.Unmarshal(raw, f.dst) != nil {
			return Link{}, badResponse(fmt.Sprintf("the success answer is not the expected JSON object (%s is not a string)", f.name))
		}
	}
	var missing []string
	for _, f := range []struct {
		name string
		v    *string
	}{{"url", lb.URL}, {"expiresAt", lb.ExpiresAt}} {
		if f.v == nil || *f.v == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return Link{}, badResponse("the answer lacks " + strings.Join(missing, ", "))
	}
	if lb.CustomerID != nil && *lb.CustomerID != wantID {
		return Link{}, badResponse(fmt.Sprintf("the answer is for another customer (%q)", clip(Sanitize(*lb.CustomerID), 80)))
	}
	if err := CheckLinkURL(*lb.URL); err != nil {
		return Link{}, badResponse("unsafe link refused: " + err.Error())
	}
	exp, apiErr := parseExpiresAt(*lb.ExpiresAt)
	if apiErr != nil {
		return Link{}, apiErr
	}
	return arrived(Link{CustomerID: wantID, URL: *lb.URL, ExpiresAt: exp, ServerDate: serverDate, ReceivedAt: received})
}

// parseExpiresAt reads an answer's expiresAt, an RFC 3339 time.
func parseExpiresAt(s string) (time.Time, *APIError) {
	exp, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, badResponse(fmt.Sprintf("expiresAt %q is not an RFC 3339 time", clip(Sanitize(s), 40)))
	}
	return exp, nil
}

// arrived refuses a link, of either kind, that had already expired when it
// arrived.
func arrived(link Link) (Link, *APIError) {
	if link.expiredOnArrival() {
		from := ""
		if n := ExpirySourceNote(link); n != "" {
			from = ", " + n
		}
		return Link{}, badResponse(fmt.Sprintf("the link had already expired when it arrived (expiresAt %s%s)",
			link.ExpiresAt.UTC().Format(time.RFC3339), from))
	}
	return link, nil
}

// problemBody is what decodeProblem uses of an error answer. The status
// comes from the HTTP status line, not from the body.
type problemBody struct {
	Title         string
	Detail        string
	Code          string
	CorrelationID string
	Errors        []FieldError
	Legacy        json.RawMessage // older endpoints: {"ts", "error": {"general": "..."}}
}

// readProblem reads an error answer leniently, field by field and by exact
// key names, so that one field of the wrong type ("status":"422") does not
// lose the others; a repeated key keeps its last value. It fails only
// when the body is not one JSON object.
func readProblem(body []byte) (problemBody, bool) {
	var p problemBody
	fields, _, err := topLevelFields(body)
	if err != nil {
		return p, false
	}
	readStrings(fields, map[string]*string{"title": &p.Title, "detail": &p.Detail, "code": &p.Code, "correlationId": &p.CorrelationID})
	p.Legacy = fields["error"]
	var items []json.RawMessage
	_ = json.Unmarshal(fields["errors"], &items) // not an array: no field errors
	for _, item := range items {
		var m map[string]json.RawMessage
		if json.Unmarshal(item, &m) != nil {
			continue // a string, a number: not a field error
		}
		var f FieldError
		readStrings(m, map[string]*string{"detail": &f.Detail, "pointer": &f.Pointer, "parameter": &f.Parameter, "header": &f.Header})
		if blank(f.Detail) && blank(f.Pointer) && blank(f.Parameter) && blank(f.Header) {
			continue // null, {} or only blanks: no empty bullet
		}
		p.Errors = append(p.Errors, f)
	}
	return p, true
}

// readStrings sets each destination whose key holds a JSON string, and
// leaves the others empty.
func readStrings(fields map[string]json.RawMessage, dst map[string]*string) {
	for name, d := range dst {
		if raw, ok := fields[name]; ok {
			var s string
			if json.Unmarshal(raw, &s) == nil {
				*d = s
			}
		}
	}
}

// blank reports whether s shows nothing once sanitised.
func blank(s string) bool { return strings.TrimSpace(Sanitize(s)) == "" }

// topLevelFields reads the members of a JSON object by their exact names
// with a token-level scan. ambiguous says, when it is not "", that the
// object names a key twice, or two keys that differ only in case (which
// encoding/json would take for the same field); the last value is kept.
// err is set when body is not exactly one JSON object.
func topLevelFields(body []byte) (fields map[string]json.RawMessage, ambiguous string, err error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, "", errors.New("not a JSON object")
	}
	fields = map[string]json.RawMessage{}
	folded := map[string]string{} // case-folded name → the name as given
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, "", err
		}
		name, _ := tok.(string) // in an object, a key is always a string
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, "", err
		}
		fold := foldName(name)
		other, seen := folded[fold]
		switch {
		case ambiguous != "":
		case seen && other == name:
			ambiguous = fmt.Sprintf("the key %q appears more than once", clip(Sanitize(name), 40))
		case seen:
			ambiguous = fmt.Sprintf("the keys %q and %q differ only in case", clip(Sanitize(other), 40), clip(Sanitize(name), 40))
		}
		folded[fold] = name
		fields[name] = raw
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return nil, "", err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, "", errors.New("more than one JSON value")
	}
	return fields, ambiguous, nil
}

// foldName maps every character to the smallest one it case-folds with,
// so two names equal under Unicode case folding (as encoding/json matches
// keys) map to the same string.
func foldName(s string) string {
	return strings.Map(func(r rune) rune {
		low := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			low = min(low, f)
		}
		return low
	}, s)
}

// decodeProblem turns an error answer into an *APIError. It never fails:
// a body that is not a problem becomes a short message with the status,
// never the raw page.
func decodeProblem(status int, body []byte) *APIError {
	e := &APIError{Kind: kindForStatus(status), Status: status}
	p, ok := readProblem(body)
	if !ok {
		e.Detail = fmt.Sprintf("Sphere answered %d %s without a readable error body", status, http.StatusText(status))
		return e
	}
	e.Title = cleanLine(p.Title)
	e.Detail = cleanText(p.Detail)
	e.Code = cleanLine(p.Code)
	e.CorrelationID = cleanLine(p.CorrelationID)
	if e.Detail == "" {
		e.Detail = legacyDetail(p.Legacy)
	}
	if e.Detail == "" {
		e.Detail = fmt.Sprintf("Sphere answered %d %s", status, http.StatusText(status))
	}
	for i, f := range p.Errors {
		if i == maxFieldErrors {
			e.Errors = append(e.Errors, FieldError{Detail: fmt.Sprintf("… and %d more", len(p.Errors)-i)})
			break
		}
		e.Errors = append(e.Errors, FieldError{
			Detail:    cleanText(f.Detail),
			Pointer:   cleanLine(f.Pointer),
			Parameter: cleanLine(f.Parameter),
			Header:    cleanLine(f.Header),
		})
	}
	return e
}

// legacyDetail reads {"general": "..."} or a bare string from the old
// error shape, and otherwise the first string value it finds.
func legacyDetail(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return cleanText(s)
	}
	var m map[string]any
	if json.Unmarshal(raw, &m) != nil {
		return ""
	}
	if g, ok := m["general"].(string); ok {
		return cleanText(g)
	}
	for _, v := range m {
		if s, ok := v.(string); ok {
			return cleanText(s)
		}
	}
	return ""
}

// cleanText sanitises one server string for display and bounds its length.
func cleanText(s string) string {
	return clip(strings.TrimSpace(Sanitize(s)), maxTextRunes)
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

func badResponse(detail string) *APIError {
	return &APIError{Kind: KindBadResponse, Detail: detail}
}

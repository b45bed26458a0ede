package client

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on what one problem answer may put on an agent's screen.
const (
	maxTextRunes   = 1000
	maxFieldErrors = 50
)

type linkBody struct {
	CustomerID *string `json:"customerId"`
	URL        *string `json:"url"`
	ExpiresAt  *string `json:"expiresAt"`
}

// decodeLink checks a success body against the contract and the request.
// The returned error's Detail names what was wrong; the link is dropped.
func decodeLink(body []byte, wantID string, serverDate, received time.Time) (Link, *APIError) {
	var lb linkBody
	if err := json.Unmarshal(body, &lb); err != nil {
		return Link{}, badResponse("the success answer is not the expected JSON object")
	}
	var missing []string
	for _, f := range []struct {
		name string
		v    *string
	}{{"customerId", lb.CustomerID}, {"url", lb.URL}, {"expiresAt", lb.ExpiresAt}} {
		if f.v == nil || *f.v == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return Link{}, badResponse("the answer lacks " + strings.Join(missing, ", "))
	}
	if *lb.CustomerID != wantID {
		return Link{}, badResponse(fmt.Sprintf("the answer is for another customer (%q)", clip(Sanitize(*lb.CustomerID), 80)))
	}
	if err := CheckLinkURL(*lb.URL); err != nil {
		return Link{}, badResponse("unsafe link refused: " + err.Error())
	}
	exp, err := time.Parse(time.RFC3339Nano, *lb.ExpiresAt)
	if err != nil {
		return Link{}, badResponse(fmt.Sprintf("expiresAt %q is not an RFC 3339 time", clip(Sanitize(*lb.ExpiresAt), 40)))
	}
	ref := received
	if !serverDate.IsZero() {
		ref = serverDate
	}
	if !exp.After(ref) {
		return Link{}, badResponse(fmt.Sprintf("the link had already expired when it arrived (expiresAt %s)", exp.UTC().Format(time.RFC3339)))
	}
	return Link{CustomerID: wantID, URL: *lb.URL, ExpiresAt: exp, ServerDate: serverDate, ReceivedAt: received}, nil
}

type problemBody struct {
	Title         string          `json:"title"`
	Status        int             `json:"status"`
	Detail        string          `json:"detail"`
	Code          string          `json:"code"`
	CorrelationID string          `json:"correlationId"`
	Errors        []FieldError    `json:"errors"`
	Legacy        json.RawMessage `json:"error"` // older endpoints: {"ts", "error": {"general": "..."}}
}

// decodeProblem turns an error answer into an *APIError. It never fails:
// a body that is not a problem becomes a short message with the status,
// never the raw page.
func decodeProblem(status int, body []byte) *APIError {
	e := &APIError{Kind: kindForStatus(status), Status: status}
	var p problemBody
	if err := json.Unmarshal(body, &p); err != nil {
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

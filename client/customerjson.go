// This file owns reading Sphere's customer answers: a customer and a page
// of them checked against the contract, every text made safe to show.

package client

import (
	"cmp"
	"encoding/json"
	"fmt"
	"time"
)

// maxProfiles is the most verification profiles a customer may have in an
// answer kyclink uses; Sphere has two.
const maxProfiles = 50

// object is one JSON object of an answer, read by exact key names, with
// where it sits for the error that names a field ("verificationProfiles[0]").
type object struct {
	fields map[string]json.RawMessage
	where  string
}

// readObject reads raw as one JSON object. Like decodeLink, it refuses a
// key given twice or two keys that differ only in case: the answer would
// be ambiguous. Unknown keys are ignored.
func readObject(raw json.RawMessage, where string) (object, *APIError) {
	fields, ambiguous, err := topLevelFields(raw)
	switch {
	case err != nil:
		return object{}, badResponse(fmt.Sprintf("%s is not the expected JSON object", where))
	case ambiguous != "":
		return object{}, badResponse(fmt.Sprintf("%s is ambiguous: %s", where, ambiguous))
	}
	return object{fields: fields, where: where}, nil
}

func (o object) path(name string) string {
	if o.where == "the answer" {
		return name
	}
	return o.where + "." + name
}

// present reports whether name is there and not null.
func (o object) present(name string) bool {
	raw, ok := o.fields[name]
	return ok && string(raw) != "null"
}

// text reads a string; absent or null is "". A field of another type is
// refused, by name only: its value may be personal data.
func (o object) text(name string) (string, *APIError) {
	var s string
	if o.present(name) && json.Unmarshal(o.fields[name], &s) != nil {
		return "", badResponse(fmt.Sprintf("the answer is not the expected JSON object (%s is not a string)", o.path(name)))
	}
	return s, nil
}

// line reads a one-line text, made safe to show.
func (o object) line(name string) (string, *APIError) {
	s, err := o.text(name)
	return cleanLine(s), err
}

// time reads an RFC 3339 time; absent, null or unreadable is zero.
func (o object) time(name string) time.Time {
	s, _ := o.text(name)
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// array reads an array's elements; absent or null is none.
func (o object) array(name string) ([]json.RawMessage, *APIError) {
	var items []json.RawMessage
	if o.present(name) && json.Unmarshal(o.fields[name], &items) != nil {
		return nil, badResponse(fmt.Sprintf("the answer is not the expected JSON object (%s is not an array)", o.path(name)))
	}
	return items, nil
}

// lines reads an array of one-line texts, made safe to show, at most
// maxFieldErrors of them and then a last "… and N more".
func (o object) lines(name string) ([]string, *APIError) {
	items, apiErr := o.array(name)
	if apiErr != nil {
		return nil, apiErr
	}
	var out []string
	for i, raw := range items {
		if i == maxFieldErrors {
			return append(out, fmt.Sprintf("… and %d more", len(items)-i)), nil
		}
		var s *string
		if json.Unmarshal(raw, &s) != nil {
			return nil, badResponse(fmt.Sprintf("the answer is not the expected JSON object (%s[%d] is not a string)", o.path(name), i))
		}
		if s != nil { // null: nothing to show
			out = append(out, cleanLine(*s))
		}
	}
	return out, nil
}

// number reads a whole number that is not negative.
func (o object) number(name string) (int, *APIError) {
	var n int
	if !o.present(name) {
		return 0, badResponse("the answer lacks " + o.path(name))
	}
	if json.Unmarshal(o.fields[name], &n) != nil || n < 0 {
		return 0, badResponse(fmt.Sprintf("the answer is not the expected JSON object (%s is not a whole number)", o.path(name)))
	}
	return n, nil
}

// flag reads a boolean.
func (o object) flag(name string) (bool, *APIError) {
	var b bool
	if !o.present(name) {
		return false, badResponse("the answer lacks " + o.path(name))
	}
	if json.Unmarshal(o.fields[name], &b) != nil {
		return false, badResponse(fmt.Sprintf("the answer is not the expected JSON object (%s is not true or false)", o.path(name)))
	}
	return b, nil
}

// decodeCustomer checks a customer answer (GET /v2/customer/{id}) against
// the contract and the request: wantID is the customer asked for, "" for
// one in a list. Unknown fields, profile names, statuses and criteria are
// kept as they come; a field of the wrong type, a missing or malformed ID
// or an ambiguous object refuse the answer.
func decodeCustomer(body []byte, wantID string) (Customer, *APIError) {
	o, apiErr := readObject(body, "the answer")
	if apiErr != nil {
		return Customer{}, apiErr
	}
	return customerFrom(o, wantID)
}

func customerFrom(o object, wantID string) (Customer, *APIError) {
	id, apiErr := o.text("id")
	switch {
	case apiErr != nil:
		return Customer{}, apiErr
	case id == "":
		return Customer{}, badResponse("the answer lacks " + o.path("id"))
	case len(id) > maxAnsweredIDLen:
		return Customer{}, badResponse(fmt.Sprintf("%s is %d characters long, more than a customer ID's %d", o.path("id"), len(id), maxAnsweredIDLen))
	case !customerIDPattern.MatchString(id):
		return Customer{}, badResponse(fmt.Sprintf("%s is not a customer ID", o.path("id")))
	case wantID != "" && id != wantID:
		return Customer{}, badResponse(fmt.Sprintf("the answer is for another customer (%s)", id))
	}
	cu := Customer{ID: id, CreatedAt: o.time("createdAt"), UpdatedAt: o.time("updatedAt")}
	for _, f := range []struct {
		name string
		dst  *string
	}{
		{"type", &cu.Type}, {"email", &cu.Email}, {"phone", &cu.Phone},
		{"firstName", &cu.FirstName}, {"lastName", &cu.LastName},
		{"businessLegalName", &cu.BusinessLegalName}, {"businessTradeName", &cu.BusinessTradeName},
		{"tosStatus", &cu.TOSStatus},
	} {
		if *f.dst, apiErr = o.line(f.name); apiErr != nil {
			return Customer{}, apiErr
		}
	}
	profiles, apiErr := o.array("verificationProfiles")
	if apiErr != nil {
		return Customer{}, apiErr
	}
	if len(profiles) > maxProfiles {
		return Customer{}, badResponse(fmt.Sprintf("the answer lists %d verification profiles, more than %d", len(profiles), maxProfiles))
	}
	for i, raw := range profiles {
		p, apiErr := profileFrom(raw, fmt.Sprintf("%s[%d]", o.path("verificationProfiles"), i))
		if apiErr != nil {
			return Customer{}, apiErr
		}
		cu.Profiles = append(cu.Profiles, p)
	}
	return cu, nil
}

func profileFrom(raw json.RawMessage, where string) (VerificationProfile, *APIError) {
	var p VerificationProfile
	o, apiErr := readObject(raw, where)
	if apiErr != nil {
		return p, apiErr
	}
	if p.Name, apiErr = o.line("name"); apiErr != nil {
		return p, apiErr
	}
	if p.Status, apiErr = o.line("status"); apiErr != nil {
		return p, apiErr
	}
	// The lists sit in "criteria"; one staging example puts them on the
	// profile itself.
	c := o
	if o.present("criteria") {
		if c, apiErr = readObject(o.fields["criteria"], o.path("criteria")); apiErr != nil {
			return p, apiErr
		}
	}
	for _, f := range []struct {
		name string
		dst  *[]string
	}{{"complete", &p.Criteria.Complete}, {"pending", &p.Criteria.Pending}, {"required", &p.Criteria.Required}} {
		if *f.dst, apiErr = c.lines(f.name); apiErr != nil {
			return p, apiErr
		}
	}
	items, apiErr := c.array("errors")
	if apiErr != nil {
		return p, apiErr
	}
	for i, raw := range items {
		if i == maxFieldErrors {
			p.Criteria.Errors = append(p.Criteria.Errors, CriterionError{Message: fmt.Sprintf("… and %d more", len(items)-i)})
			break
		}
		if string(raw) == "null" {
			continue
		}
		e, apiErr := readObject(raw, fmt.Sprintf("%s[%d]", c.path("errors"), i))
		if apiErr != nil {
			return p, apiErr
		}
		var ce CriterionError
		if ce.Name, apiErr = e.line("name"); apiErr != nil {
			return p, apiErr
		}
		// Sphere writes the reason as message, and in one example as detail.
		msg, apiErr := e.text("message")
		if apiErr != nil {
			return p, apiErr
		}
		detail, apiErr := e.text("detail")
		if apiErr != nil {
			return p, apiErr
		}
		ce.Message = cleanText(cmp.Or(msg, detail))
		if ce.Name == "" && ce.Message == "" {
			continue // null or {}: no empty bullet
		}
		p.Criteria.Errors = append(p.Criteria.Errors, ce)
	}
	return p, nil
}

// maxAnsweredIDLen bounds a customer ID in Sphere's answer (41 characters
// in every ID seen): a server cannot flood the screen or the record with
// one.
const maxAnsweredIDLen = 64

// decodeCustomerPage checks a list answer (GET /v2/customer): at most
// limit customers (the page asked for), each as decodeCustomer checks
// one, and its pagination.
func decodeCustomerPage(body []byte, limit int) (CustomerPage, *APIError) {
	var pg CustomerPage
	o, apiErr := readObject(body, "the answer")
	if apiErr != nil {
		return pg, apiErr
	}
	if !o.present("customers") {
		return pg, badResponse("the answer lacks customers")
	}
	items, apiErr := o.array("customers")
	if apiErr != nil {
		return pg, apiErr
	}
	if len(items) > limit {
		return pg, badResponse(fmt.Sprintf("the answer lists %d customers on a page of at most %d", len(items), limit))
	}
	pg.Customers = make([]Customer, 0, len(items))
	for i, raw := range items {
		c, apiErr := readObject(raw, fmt.Sprintf("customers[%d]", i))
		if apiErr != nil {
			return pg, apiErr
		}
		cu, apiErr := customerFrom(c, "")
		if apiErr != nil {
			return pg, apiErr
		}
		pg.Customers = append(pg.Customers, cu)
	}
	if !o.present("pagination") {
		return pg, badResponse("the answer lacks pagination")
	}
	p, apiErr := readObject(o.fields["pagination"], "pagination")
	if apiErr != nil {
		return pg, apiErr
	}
	for _, f := range []struct {
		name string
		dst  *int
	}{{"page", &pg.Page}, {"limit", &pg.Limit}, {"total", &pg.Total}, {"totalPages", &pg.TotalPages}} {
		if *f.dst, apiErr = p.number(f.name); apiErr != nil {
			return pg, apiErr
		}
	}
	if pg.HasNext, apiErr = p.flag("hasNext"); apiErr != nil {
		return pg, apiErr
	}
	if pg.HasPrevious, apiErr = p.flag("hasPrevious"); apiErr != nil {
		return pg, apiErr
	}
	return pg, nil
}

// keepKeyOutOfCustomer takes the API key out of every text of a customer,
// and refuses one whose ID carries it: an ID redacted would not work.
func (c *Client) keepKeyOutOfCustomer(cu Customer) (Customer, *APIError) {
	if c.redact.Contains(cu.ID) {
		c.debugf("response refused: a customer ID carries the API key")
		return Customer{}, badResponse("unsafe answer refused: a customer ID carries the API key")
	}
	r := c.redact.String
	for _, p := range []*string{&cu.Type, &cu.Email, &cu.Phone, &cu.FirstName, &cu.LastName,
		&cu.BusinessLegalName, &cu.BusinessTradeName, &cu.TOSStatus} {
		*p = r(*p)
	}
	for i := range cu.Profiles {
		p := &cu.Profiles[i]
		p.Name, p.Status = r(p.Name), r(p.Status)
		for _, list := range [][]string{p.Criteria.Complete, p.Criteria.Pending, p.Criteria.Required} {
			for j := range list {
				list[j] = r(list[j])
			}
		}
		for j := range p.Criteria.Errors {
			e := &p.Criteria.Errors[j]
			e.Name, e.Message = r(e.Name), r(e.Message)
		}
	}
	return cu, nil
}

// keepKeyOutOfPage is keepKeyOutOfCustomer for every customer of a page.
func (c *Client) keepKeyOutOfPage(pg CustomerPage) (CustomerPage, *APIError) {
	for i, cu := range pg.Customers {
		var apiErr *APIError
		if pg.Customers[i], apiErr = c.keepKeyOutOfCustomer(cu); apiErr != nil {
			return CustomerPage{}, apiErr
		}
	}
	return pg, nil
}

// This file owns the fake's customer reads: GET /v2/customer/{id} and the
// search GET /v2/customer, over the demo customers of democustomers.go.

package spheretest

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Customer is a demo customer as Sphere's API shows it. An empty string is
// sent as null, as Sphere does for the fields that do not apply (a
// business's names to a person).
type Customer struct {
	ID, Type, Email, Phone               string
	FirstName, LastName                  string
	BusinessLegalName, BusinessTradeName string
	TOSStatus                            string
	Profiles                             []Profile
	CreatedAt                            time.Time
}

// Profile is a verification profile of a demo customer.
type Profile struct {
	Name, Status                string
	Complete, Pending, Required []string
	Errors                      []CriterionError
}

// CriterionError is why a criterion of a profile was refused, written as
// message (most examples) or as detail (the business-representative one).
type CriterionError struct{ Name, Message, Detail string }

// json is the customer as Sphere's answer has it.
func (c Customer) json() map[string]any {
	orNull := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	profiles := make([]map[string]any, 0, len(c.Profiles))
	for _, p := range c.Profiles {
		errs := make([]map[string]string, 0, len(p.Errors))
		for _, e := range p.Errors {
			if e.Detail != "" {
				errs = append(errs, map[string]string{"name": e.Name, "detail": e.Detail})
				continue
			}
			errs = append(errs, map[string]string{"name": e.Name, "message": e.Message})
		}
		list := func(l []string) []string { return append([]string{}, l...) }
		profiles = append(profiles, map[string]any{
			"name": p.Name, "status": p.Status,
			"criteria": map[string]any{"complete": list(p.Complete), "pending": list(p.Pending), "required": list(p.Required), "errors": errs},
		})
	}
	stamp := c.CreatedAt.UTC().Format("2006-01-02T15:04:05.000Z07:00")
	return map[string]any{
		"id": c.ID, "type": c.Type, "email": orNull(c.Email), "phone": orNull(c.Phone),
		"firstName": orNull(c.FirstName), "lastName": orNull(c.LastName),
		"businessLegalName": orNull(c.BusinessLegalName), "businessTradeName": orNull(c.BusinessTradeName),
		"tosStatus": orNull(c.TOSStatus), "verificationProfiles": profiles,
		"createdAt": stamp, "updatedAt": stamp,
	}
}

// customer answers GET /v2/customer/{id}: a demo customer; the failure of
// a scenario that fails whatever is asked (403, 404, the legacy 404, 500);
// for any other scenario a customer whose KYC is to do, so that a lookup
// leads on to the scenario's link; and 404 for any other ID.
func (h *Handler) customer(w http.ResponseWriter, r *http.Request, id string) {
	if h.failure(w, r, id) {
		return
	}
	if c, ok := h.lookup(id); ok {
		h.write(w, r, id, http.StatusOK, "application/json", c.json())
		return
	}
	h.problem(w, r, id, http.StatusNotFound, "Resource not found", "resource/not-found", nil)
}

// lookup finds a customer by ID among the demo customers, the hostile one
// and the scenario customers.
func (h *Handler) lookup(id string) (Customer, bool) {
	for _, c := range h.customers() {
		if c.ID == id {
			return c, true
		}
	}
	if slices.Contains(linkScenarios, id) {
		return scenarioCustomer(id), true
	}
	return Customer{}, false
}

// customers is every customer the search sees, in its order.
func (h *Handler) customers() []Customer {
	all := append(Customers(), hostileCustomer(h.opts.APIKey))
	for i, c := range all {
		all[i] = h.progressed(c)
	}
	return all
}

// search answers GET /v2/customer: the customers that match every filter
// given (search: a piece of a name or the email, in any case; email: the
// address, in any case; status: a profile's; type), one page of them.
// page and limit are strings of whole numbers, 1 and 10 by default, limit
// at most 100; search is 1 to 255 characters. Anything else is a 422.
func (h *Handler) search(w http.ResponseWriter, r *http.Request, _ string) {
	q := r.URL.Query()
	page, okPage := queryNumber(q.Get("page"), 1, 1<<20)
	limit, okLimit := queryNumber(q.Get("limit"), 10, 100)
	var errs []map[string]string
	if !okPage {
		errs = append(errs, map[string]string{"detail": "page must be a whole number from 1", "parameter": "page"})
	}
	if !okLimit {
		errs = append(errs, map[string]string{"detail": "limit must be a whole number from 1 to 100", "parameter": "limit"})
	}
	if n := utf8.RuneCountInString(q.Get("search")); q.Has("search") && (n < 1 || n > 255) {
		errs = append(errs, map[string]string{"detail": "search must be 1 to 255 characters", "parameter": "search"})
	}
	if errs != nil {
		h.problem(w, r, "", http.StatusUnprocessableEntity, "Validation failed", "validation/failed", errs)
		return
	}
	var found []Customer
	for _, c := range h.customers() {
		if matches(c, q) {
			found = append(found, c)
		}
	}
	pages := (len(found) + limit - 1) / limit
	from := min((page-1)*limit, len(found))
	list := make([]map[string]any, 0, limit)
	for _, c := range found[from:min(from+limit, len(found))] {
		list = append(list, c.json())
	}
	h.write(w, r, "", http.StatusOK, "application/json", map[string]any{
		"customers": list,
		"pagination": map[string]any{
			"page": page, "limit": limit, "total": len(found), "totalPages": pages,
			"hasNext": page < pages, "hasPrevious": page > 1,
		},
	})
}

// queryNumber reads a page or a limit: def when absent, ok false when it
// is not a whole number from 1 to most.
func queryNumber(s string, def, most int) (n int, ok bool) {
	if s == "" {
		return def, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 1 && n <= most
}

// matches reports whether c passes every filter of the search q.
func matches(c Customer, q url.Values) bool {
	get := q.Get
	if s := strings.ToLower(get("search")); s != "" {
		hay := strings.ToLower(strings.Join([]string{c.FirstName, c.LastName, c.BusinessLegalName, c.BusinessTradeName, c.Email}, "\x00"))
		if !strings.Contains(hay, s) {
			return false
		}
	}
	if e := get("email"); e != "" && !strings.EqualFold(e, c.Email) {
		return false
	}
	if t := get("type"); t != "" && t != c.Type {
		return false
	}
	if st := get("status"); st != "" && !slices.ContainsFunc(c.Profiles, func(p Profile) bool { return p.Status == st }) {
		return false
	}
	return true
}

// This file owns the customer as Sphere describes it, what the customer
// needs next, and the plain words for its profiles, statuses and criteria.

package client

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// Customer is a customer as Sphere describes it (GET /v2/customer/{id}).
// Every string has been through Sanitize, with the API key taken out; all
// but CriterionError.Message are one line.
type Customer struct {
	ID, Type, Email, Phone               string // Type: "individual" | "business" | anything Sphere sends
	FirstName, LastName                  string
	BusinessLegalName, BusinessTradeName string
	TOSStatus                            string
	Profiles                             []VerificationProfile
	CreatedAt, UpdatedAt                 time.Time // zero when absent or unreadable
}

// VerificationProfile is one of a customer's verification profiles.
type VerificationProfile struct {
	Name, Status string // e.g. "kyc_profile_a"; "incomplete" | "pending" | "approved" | "rejected" | unknown
	Criteria     Criteria
}

// Criteria is what a profile has done, is waiting on, and still needs.
// Names are Sphere's ("identity_document"); CriterionText words them.
type Criteria struct {
	Complete, Pending, Required []string
	Errors                      []CriterionError
}

// CriterionError is why Sphere refused a criterion.
type CriterionError struct{ Name, Message string }

// CriteriaGroup is one of a profile's groups of criteria in the card's
// words: Sphere's group ("complete"), what kyclink calls it ("Done") and
// its glyph, and the criteria in it.
type CriteriaGroup struct {
	Sphere, Label, Glyph string
	Names                []string
}

// criteriaGroups is the one table of the groups' words, in the card's
// order: the app's card, line mode and `kyclink customer` all say these
// (--json keeps Sphere's group names).
var criteriaGroups = []CriteriaGroup{
	{Sphere: "complete", Label: "Done", Glyph: "✓"},
	{Sphere: "pending", Label: "Waiting on Sphere", Glyph: "…"},
	{Sphere: "required", Label: "Still to do", Glyph: "○"},
}

// Groups is c's criteria in the card's words and order, the empty groups
// left out.
func (c Criteria) Groups() []CriteriaGroup {
	var out []CriteriaGroup
	for i, names := range [][]string{c.Complete, c.Pending, c.Required} {
		if len(names) > 0 {
			g := criteriaGroups[i]
			g.Names = names
			out = append(out, g)
		}
	}
	return out
}

// Text is the group's criteria in plain language, joined.
func (g CriteriaGroup) Text() string {
	words := make([]string, len(g.Names))
	for i, n := range g.Names {
		words[i] = CriterionText(n)
	}
	return strings.Join(words, "; ")
}

// Name is who the customer is, for a heading: "Ada Example", a business's
// trade or legal name, or failing those the email address or the ID.
func (c Customer) Name() string {
	person := strings.TrimSpace(c.FirstName + " " + c.LastName)
	business := cmp.Or(c.BusinessTradeName, c.BusinessLegalName)
	if strings.EqualFold(c.Type, "business") {
		return cmp.Or(business, person, c.Email, c.ID)
	}
	return cmp.Or(person, business, c.Email, c.ID)
}

// Step is what the customer needs next, decided once for the card, the
// command line and the tests.
type Step int

const (
	StepKYCLink    Step = iota // KYC incomplete and nothing else required first: make the KYC link
	StepTermsFirst             // terms_of_service is required (or tosStatus not accepted): the terms link comes first
	StepApproved               // every profile approved: no link needed
	StepPending                // under review at Sphere
	StepRejected               // rejected: show the criteria errors
)

// Profile statuses Sphere documents. Any other is shown as it comes.
const (
	StatusIncomplete = "incomplete"
	StatusPending    = "pending"
	StatusApproved   = "approved"
	StatusRejected   = "rejected"
)

// CriterionTerms is the criterion of accepting Sphere's terms of service.
const CriterionTerms = "terms_of_service"

// NextStep decides what the customer needs next. In order: any profile
// rejected is StepRejected and any pending StepPending (a new link is
// not what they need; the agent is asked before one is made); every
// profile approved is StepApproved; terms_of_service required by a
// profile not yet approved is StepTermsFirst; otherwise StepKYCLink. A
// tosStatus not accepted with no profile requiring the terms (Sphere's
// Platform-Managed model, where its docs say to skip the terms link) does
// not hold the KYC link back: TermsNote says it on the card. A status
// kyclink does not know counts as incomplete: kyclink then does what it
// did before it read customers, makes the KYC link, and the card shows
// the status as it came.
func (c Customer) NextStep() Step {
	approved := 0
	var pending bool
	for _, p := range c.Profiles {
		switch strings.ToLower(p.Status) {
		case StatusRejected:
			return StepRejected
		case StatusPending:
			pending = true
		case StatusApproved:
			approved++
		}
	}
	switch {
	case pending:
		return StepPending
	case len(c.Profiles) > 0 && approved == len(c.Profiles):
		return StepApproved
	case c.termsRequired():
		return StepTermsFirst
	}
	return StepKYCLink
}

// termsRequired reports whether a profile not yet approved lists the
// terms in its required criteria.
func (c Customer) termsRequired() bool {
	for _, p := range c.Profiles {
		if !strings.EqualFold(p.Status, StatusApproved) && slices.Contains(p.Criteria.Required, CriterionTerms) {
			return true
		}
	}
	return false
}

// TermsAccepted reports whether tosStatus says the terms are done:
// "approved" (documented) or "accepted".
func (c Customer) TermsAccepted() bool {
	tos := strings.ToLower(c.TOSStatus)
	return tos == "approved" || tos == "accepted"
}

// TermsNote is the fact the card shows when the terms are not accepted
// but no profile requires them, so nothing waits on them; "" otherwise
// (accepted, not stated, or required: then the next step says it).
func (c Customer) TermsNote() string {
	if c.TOSStatus == "" || c.TermsAccepted() || c.termsRequired() {
		return ""
	}
	return "terms: not accepted; no profile requires them"
}

var stepSummaries = [...]string{
	StepKYCLink:    "Needs to complete identity verification",
	StepTermsFirst: "Needs to accept Sphere's terms first",
	StepApproved:   "Already verified: no link needed",
	StepPending:    "Sphere is reviewing",
	StepRejected:   "Rejected by Sphere",
}

var stepNames = [...]string{
	StepKYCLink:    "kyc_link",
	StepTermsFirst: "terms_first",
	StepApproved:   "approved",
	StepPending:    "pending",
	StepRejected:   "rejected",
}

// Summary is the step in one line of plain language, for the card, the
// result screen and the command line.
func (s Step) Summary() string {
	if s < 0 || int(s) >= len(stepSummaries) {
		return stepSummaries[StepKYCLink]
	}
	return stepSummaries[s]
}

// String is the step's stable machine name, for JSON: "kyc_link",
// "terms_first", "approved", "pending", "rejected".
func (s Step) String() string {
	if s < 0 || int(s) >= len(stepNames) {
		return "unknown"
	}
	return stepNames[s]
}

var criterionTexts = map[string]string{
	CriterionTerms:              "accept Sphere's terms",
	"email_address":             "give their email address",
	"phone_number":              "give their phone number",
	"residential_address":       "give their home address",
	"address_of_residence":      "give their home address",
	"tax_identification_number": "give their tax identification number",
	"first_name":                "give their first name",
	"last_name":                 "give their last name",
	"date_of_birth":             "give their date of birth",
	"email_verification":        "verify their email address",
	"phone_verification":        "verify their phone number",
	"identity_document":         "upload an identity document",
	"identification_document":   "upload an identity document",
	"liveness_check":            "take a liveness check (selfie video)",
	"identity_verification":     "pass identity verification",
	"kyc_a_approval":            "be approved by Sphere's compliance team",
	"proof_of_address":          "upload a proof of address",
	"liveness_report_document":  "provide a liveness report",
}

// CriterionText is a criterion in plain language, what the customer has
// to do: "upload an identity document". A name kyclink does not know is
// returned as it came (it has been sanitised), never an error.
func CriterionText(name string) string {
	if s, ok := criterionTexts[strings.ToLower(name)]; ok {
		return s
	}
	return name
}

var profileTexts = map[string]string{
	"kyc_profile_a": "USD/EUR rails (kyc_profile_a)",
	"kyc_profile_b": "BRL/PIX (kyc_profile_b)",
}

// ProfileText is a verification profile's name in plain language: what
// it opens, with Sphere's name; an unknown name as it came.
func ProfileText(name string) string {
	if s, ok := profileTexts[strings.ToLower(name)]; ok {
		return s
	}
	return name
}

var statusTexts = map[string]string{
	StatusIncomplete: "not started or incomplete",
	StatusPending:    "pending review",
	StatusApproved:   "approved",
	StatusRejected:   "rejected",
}

// StatusText is a profile's status in words; an unknown status as it
// came, and a missing one "status not stated".
func StatusText(status string) string {
	if s, ok := statusTexts[strings.ToLower(status)]; ok {
		return s
	}
	return cmp.Or(status, "status not stated")
}

// KYCStatus is the customer's profile statuses in words, each once, in
// the order of the profiles and joined by " / " ("approved / pending
// review"), or "no verification profile": a list's column.
func (c Customer) KYCStatus() string {
	var words []string
	for _, p := range c.Profiles {
		if w := StatusText(p.Status); !slices.Contains(words, w) {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return "no verification profile"
	}
	return strings.Join(words, " / ")
}

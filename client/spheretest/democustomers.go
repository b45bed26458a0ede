// This file owns the demo customers: one in every state of verification,
// a family of fourteen for a search of two pages, and the hostile one.

package spheretest

import (
	"fmt"
	"strings"
	"time"
)

// Demo customers, one in every state of verification (README: "Demo
// customers"). Their names are fake and their addresses at example.com.
const (
	// Alice Example: identity verification to do and nothing required
	// first, the plain "make the link" case. It is client.CustomerIDExample.
	CustomerIncomplete = "customer_f31121c389624d3697cbf3ea8830b7a4"
	// Bob Example: every profile approved; no link needed.
	CustomerApproved = "customer_ebd3f12aafc208ab613f949770f1db22"
	// Carol Example: under review at Sphere.
	CustomerPending = "customer_c8d0309dfc4b5e5887afd617293fd5fd"
	// Dave Example: rejected, with the criteria's errors.
	CustomerRejected = "customer_ca5ec53cc6f18a0cc74cc6e2bc2f258d"
	// Erin Example: has not accepted Sphere's terms (tosStatus pending,
	// terms_of_service required): the terms link comes first.
	CustomerTermsPending = "customer_6b8b6e4a5add953e8f24dd11d0e65c4f"
	// Example Coffee (Example Trading Ltd): a business, its KYC to do.
	CustomerBusiness = "customer_d682e7e7d78d4409b6f9b16d10d7d7b1"
	// Frank Example: a profile and a status kyclink does not know
	// (kyc_profile_z, awaiting_partner) and an unknown criterion.
	CustomerUnknownProfile = "customer_6a36a83c3ce70c31182135c17d69e1a3"
	// Grace Example: onboarded in Sphere's Platform-Managed model, as the
	// reference's example: tosStatus incomplete, no profile requires the
	// terms (the platform skips the terms link), identity_document and
	// liveness_report_document required: the KYC link.
	CustomerPlatformManaged = "customer_9e1c7a3f0b5d4e2a8c6f1b3d5e7a9c0b"
)

// The Sample family: SampleCount customers whose last name (or, for the
// one business, trade name) holds SampleName, for a search of two pages
// at Sphere's default limit of 10.
const (
	SampleName  = "Sample"
	SampleCount = 14
)

// SampleID is the ID of the Sample family's n-th member, 1 to SampleCount:
// customer_5a3b1e0000000000000000000000000n in hex.
func SampleID(n int) string { return fmt.Sprintf("customer_5a3b1e%026x", n) }

// demoTime is when the demo customers were created: before TestTime.
var demoTime = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

// Criteria as Sphere's reference names them.
const (
	terms        = "terms_of_service"
	mailAddress  = "email_address"
	phoneNumber  = "phone_number"
	home         = "residential_address"
	taxID        = "tax_identification_number"
	birth        = "date_of_birth"
	email        = "email_verification"
	phone        = "phone_verification"
	document     = "identity_document"
	liveness     = "liveness_check"
	identity     = "identity_verification"
	approval     = "kyc_a_approval"
	address      = "proof_of_address"
	livenessFile = "liveness_report_document"
)

// profile states, as a customer of each state has them.
func incomplete() Profile {
	return Profile{Name: "kyc_profile_a", Status: "incomplete",
		Complete: []string{mailAddress, phoneNumber, home, terms, email, phone}, Required: []string{document, liveness, identity}}
}

func approved(name string) Profile {
	return Profile{Name: name, Status: "approved",
		Complete: []string{terms, email, phone, document, liveness, identity, approval}}
}

func pending() Profile {
	return Profile{Name: "kyc_profile_a", Status: "pending",
		Complete: []string{terms, email, phone, document, liveness}, Pending: []string{identity, approval}}
}

func termsFirst() Profile {
	return Profile{Name: "kyc_profile_a", Status: "incomplete",
		Complete: []string{email}, Required: []string{terms, phone, document, liveness}}
}

func person(id, first, last, mail string, day int, profiles ...Profile) Customer {
	return Customer{ID: id, Type: "individual", Email: mail, Phone: fmt.Sprintf("+1555555%04d", day),
		FirstName: first, LastName: last, TOSStatus: "approved", Profiles: profiles,
		CreatedAt: demoTime.AddDate(0, 0, day)}
}

// Customers returns the demo customers, a new copy each time: one in every
// state, then the Sample family, in the order the search lists them.
func Customers() []Customer {
	erin := person(CustomerTermsPending, "Erin", "Example", "erin@example.com", 5, termsFirst())
	erin.TOSStatus = "pending"
	dave := person(CustomerRejected, "Dave", "Example", "dave@example.com", 4, Profile{
		Name: "kyc_profile_a", Status: "rejected", Complete: []string{terms, email, phone},
		Errors: []CriterionError{
			{Name: document, Message: "The document photo is too blurred to read."},
			{Name: liveness, Detail: "The selfie video does not match the document."}, // as the representative example writes it
		}})
	business := Customer{ID: CustomerBusiness, Type: "business", Email: "ops@coffee.example.com", Phone: "+15555550006",
		BusinessLegalName: "Example Trading Ltd", BusinessTradeName: "Example Coffee", TOSStatus: "approved",
		Profiles: []Profile{{Name: "kyc_profile_a", Status: "incomplete",
			Complete: []string{terms, email}, Required: []string{address, document}}},
		CreatedAt: demoTime.AddDate(0, 0, 6)}
	frank := person(CustomerUnknownProfile, "Frank", "Example", "frank@example.com", 7, approved("kyc_profile_a"),
		Profile{Name: "kyc_profile_z", Status: "awaiting_partner", Complete: []string{terms}, Required: []string{"video_interview"}})
	grace := person(CustomerPlatformManaged, "Grace", "Example", "grace@example.com", 8, Profile{
		Name: "kyc_profile_a", Status: "incomplete",
		Complete: []string{mailAddress, phoneNumber, home, birth, taxID}, Required: []string{document, livenessFile}})
	grace.TOSStatus = "incomplete"
	out := []Customer{
		person(CustomerIncomplete, "Alice", "Example", "alice@example.com", 1, incomplete()),
		person(CustomerApproved, "Bob", "Example", "bob@example.com", 2, approved("kyc_profile_a"), approved("kyc_profile_b")),
		person(CustomerPending, "Carol", "Example", "carol@example.com", 3, pending()),
		dave, erin, business, frank, grace,
	}
	firsts := [SampleCount]string{"Ana", "Ben", "Cleo", "Dan", "Eva", "Finn", "Gia", "Hugo", "Iris", "Jon", "Kim", "Leo", "Mia"}
	states := []func() Profile{incomplete, func() Profile { return approved("kyc_profile_a") }, pending, termsFirst}
	for i, first := range firsts {
		n := i + 1
		if n == SampleCount {
			s := Customer{ID: SampleID(n), Type: "business", Email: "hello@bakery.example.com",
				BusinessLegalName: "Sample & Daughters Ltd", BusinessTradeName: "Sample Bakery", TOSStatus: "approved",
				Profiles: []Profile{incomplete()}, CreatedAt: demoTime.AddDate(0, 1, n)}
			out = append(out, s)
			continue
		}
		s := person(SampleID(n), first, SampleName, strings.ToLower(first)+".sample@example.com", 30+n, states[i%len(states)]())
		if i%len(states) == 3 {
			s.TOSStatus = "pending"
		}
		out = append(out, s)
	}
	return out
}

// hostileCustomer is the HostileText scenario's customer: every text
// tries to forge kyclink's lines, hide characters or clear the screen,
// and its last name echoes the API key the fake accepts. It is rejected,
// so that its criteria errors show.
func hostileCustomer(key string) Customer {
	c := person(HostileText, "Mallory\nkyclink: Link copied", "Echo "+key+" \u202eevil", "hostile@example.com", 9)
	c.BusinessTradeName = "\x1b]8;;https://evil.example/\x07click me\x1b]8;;\x07"
	c.Profiles = []Profile{{
		Name: "kyc_profile_a\x1b[2J", Status: "rejected",
		Complete: []string{"terms_of_service\u200b"}, Required: []string{"upload\nkyclink: Link copied"},
		Errors: []CriterionError{{Name: "identity_document\tx", Message: ForgedDetail + "\npay\u00adment \u1100\u1161"}},
	}}
	return c
}

// linkScenarios are the scenario IDs that answer a link request with
// something other than a plain failure: looked up, each is a customer
// whose KYC is to do (scenarioCustomer), so that the scenario is reached.
var linkScenarios = []string{
	Expires90s, BadRequest, Slow, NotLinkFlow, Validation, RateLimited,
	SwitchingProtocols, StalledBody, SoftHyphenLink, IPAddressLink, PlainHTTPLink,
	WithCustomerID, TermsNoExpiry, TermsToken, RepeatRefused,
}

// scenarioCustomer is a scenario ID looked up: "Scenario 429",
// scenario-429@example.com, identity verification to do (the terms first
// for the terms-link scenarios).
func scenarioCustomer(id string) Customer {
	n := strings.TrimPrefix(id[len(id)-4:], "0") // "090", "429", "1409"
	if id == TermsNoExpiry || id == TermsToken { // their terms come first: the card offers the terms link
		c := person(id, "Scenario", n, "scenario-"+n+"@example.com", 8, termsFirst())
		c.TOSStatus = "pending"
		return c
	}
	return person(id, "Scenario", n, "scenario-"+n+"@example.com", 8, incomplete())
}

// This file tests the decisions about a customer: its next step, its name,
// the words for its criteria, the rule for IDs and emails, and a fuzz
// target for the customer decoder.

package client

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func prof(status string, required ...string) VerificationProfile {
	return VerificationProfile{Name: "kyc_profile_a", Status: status, Criteria: Criteria{Required: required}}
}

func TestNextStep(t *testing.T) {
	tests := []struct {
		name string
		c    Customer
		want Step
	}{
		{"no profiles", Customer{}, StepKYCLink},
		{"no profiles, terms pending", Customer{TOSStatus: "pending"}, StepKYCLink},
		{"incomplete", Customer{TOSStatus: "accepted", Profiles: []VerificationProfile{prof("incomplete", "identity_document")}}, StepKYCLink},
		{"terms required", Customer{Profiles: []VerificationProfile{prof("incomplete", "terms_of_service")}}, StepTermsFirst},
		// A tosStatus not done holds nothing back unless a profile requires
		// the terms (Sphere's Platform-Managed model skips the terms link).
		{"tosStatus pending", Customer{TOSStatus: "pending", Profiles: []VerificationProfile{prof("incomplete")}}, StepKYCLink},
		{"platform-managed", Customer{TOSStatus: "incomplete", Profiles: []VerificationProfile{prof("incomplete", "identity_document", "liveness_report_document")}}, StepKYCLink},
		{"tosStatus incomplete, terms required", Customer{TOSStatus: "incomplete", Profiles: []VerificationProfile{prof("incomplete", "terms_of_service")}}, StepTermsFirst},
		{"tosStatus approved", Customer{TOSStatus: "Approved", Profiles: []VerificationProfile{prof("incomplete")}}, StepKYCLink},
		{"approved", Customer{Profiles: []VerificationProfile{prof("approved"), prof("APPROVED")}}, StepApproved},
		{"approved, terms not", Customer{TOSStatus: "pending", Profiles: []VerificationProfile{prof("approved")}}, StepApproved},
		{"approved and incomplete", Customer{Profiles: []VerificationProfile{prof("approved"), prof("incomplete")}}, StepKYCLink},
		{"approved, terms for another", Customer{Profiles: []VerificationProfile{prof("approved", "terms_of_service"), prof("incomplete", "terms_of_service")}}, StepTermsFirst},
		{"pending", Customer{Profiles: []VerificationProfile{prof("pending")}}, StepPending},
		{"pending and incomplete", Customer{Profiles: []VerificationProfile{prof("incomplete"), prof("pending")}}, StepPending},
		{"pending, terms required", Customer{Profiles: []VerificationProfile{prof("pending", "terms_of_service")}}, StepPending},
		{"rejected", Customer{Profiles: []VerificationProfile{prof("approved"), prof("rejected")}}, StepRejected},
		{"rejected before pending", Customer{Profiles: []VerificationProfile{prof("pending"), prof("rejected")}}, StepRejected},
		{"unknown status", Customer{Profiles: []VerificationProfile{prof("awaiting_partner")}}, StepKYCLink},
		{"unknown and approved", Customer{Profiles: []VerificationProfile{prof("approved"), prof("frozen")}}, StepKYCLink},
		{"no status", Customer{Profiles: []VerificationProfile{prof("")}}, StepKYCLink},
	}
	for _, tt := range tests {
		if got := tt.c.NextStep(); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestStepWords(t *testing.T) {
	for s, want := range map[Step][2]string{
		StepKYCLink:    {"kyc_link", "Needs to complete identity verification"},
		StepTermsFirst: {"terms_first", "Needs to accept Sphere's terms first"},
		StepApproved:   {"approved", "Already verified: no link needed"},
		StepPending:    {"pending", "Sphere is reviewing"},
		StepRejected:   {"rejected", "Rejected by Sphere"},
	} {
		if s.String() != want[0] || s.Summary() != want[1] {
			t.Errorf("%d: %q %q", s, s.String(), s.Summary())
		}
	}
	if Step(99).String() != "unknown" || Step(-1).Summary() == "" {
		t.Error("an unknown step must still read")
	}
}

func TestCustomerWords(t *testing.T) {
	for in, want := range map[string]string{
		"terms_of_service": "accept Sphere's terms", "email_verification": "verify their email address",
		"phone_verification": "verify their phone number", "identity_document": "upload an identity document",
		"liveness_check": "take a liveness check (selfie video)", "identity_verification": "pass identity verification",
		"kyc_a_approval": "be approved by Sphere's compliance team", "proof_of_address": "upload a proof of address",
		"liveness_report_document": "provide a liveness report", "video_interview": "video_interview", "": "",
	} {
		if got := CriterionText(in); got != want {
			t.Errorf("CriterionText(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"kyc_profile_a": "USD/EUR rails (kyc_profile_a)", "kyc_profile_b": "BRL/PIX (kyc_profile_b)", "kyc_profile_z": "kyc_profile_z"} {
		if got := ProfileText(in); got != want {
			t.Errorf("ProfileText(%q) = %q", in, got)
		}
	}
	for in, want := range map[string]string{"incomplete": "not started or incomplete", "pending": "pending review", "approved": "approved",
		"rejected": "rejected", "awaiting_partner": "awaiting_partner", "": "status not stated"} {
		if got := StatusText(in); got != want {
			t.Errorf("StatusText(%q) = %q", in, got)
		}
	}
	c := Customer{Profiles: []VerificationProfile{prof("approved"), prof("pending"), prof("approved")}}
	if got := c.KYCStatus(); got != "approved / pending review" {
		t.Errorf("KYCStatus = %q", got)
	}
	if got := (Customer{}).KYCStatus(); got != "no verification profile" {
		t.Errorf("KYCStatus = %q", got)
	}
}

func TestCustomerName(t *testing.T) {
	tests := []struct {
		c    Customer
		want string
	}{
		{Customer{ID: "customer_1", FirstName: "Ada", LastName: "Example", Email: "ada@example.com"}, "Ada Example"},
		{Customer{ID: "customer_1", LastName: "Example"}, "Example"},
		{Customer{ID: "customer_1", Type: "business", FirstName: "Ada", BusinessLegalName: "Legal Ltd", BusinessTradeName: "Trade"}, "Trade"},
		{Customer{ID: "customer_1", Type: "Business", BusinessLegalName: "Legal Ltd"}, "Legal Ltd"},
		{Customer{ID: "customer_1", Type: "business", FirstName: "Ada"}, "Ada"},
		{Customer{ID: "customer_1", Email: "ada@example.com"}, "ada@example.com"},
		{Customer{ID: "customer_1"}, "customer_1"},
	}
	for _, tt := range tests {
		if got := tt.c.Name(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.c, got, tt.want)
		}
	}
}

func FuzzDecodeCustomer(f *testing.F) {
	for _, s := range []string{
		`{"id":"customer_1","type":"individual","email":"a@example.com","verificationProfiles":[{"name":"kyc_profile_a","status":"incomplete","criteria":{"complete":["terms_of_service"],"required":["identity_document"],"errors":[{"name":"x","message":"y"}]}}]}`,
		`{"id":"customer_1","firstName":"\u001b[2J\nkyclink: x","lastName":"\u202e\u00ad","verificationProfiles":[{"criteria":{"errors":[null,{}]}}]}`,
		`{"id":"customer_1","id":"customer_2"}`, `{"ID":"customer_1","id":"customer_1"}`, `null`, `[]`, ``, `{"id":7}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		c, apiErr := decodeCustomer(body, "")
		if apiErr != nil {
			if c.ID != "" || apiErr.Kind != KindBadResponse || !isControlFree(apiErr.Detail) {
				t.Fatalf("refusal %+v with customer %q", apiErr, c.ID)
			}
			return
		}
		if !customerIDPattern.MatchString(c.ID) {
			t.Fatalf("accepted the ID %q", c.ID)
		}
		texts := []string{c.Type, c.Email, c.Phone, c.FirstName, c.LastName, c.BusinessLegalName, c.BusinessTradeName, c.TOSStatus, c.Name()}
		for _, p := range c.Profiles {
			texts = append(append(append(append(texts, p.Name, p.Status), p.Criteria.Complete...), p.Criteria.Pending...), p.Criteria.Required...)
			for _, e := range p.Criteria.Errors {
				if !isTerminalSafe(e.Message) || utf8.RuneCountInString(e.Message) > maxTextRunes+1 {
					t.Fatalf("unsafe message %+q", e.Message)
				}
				texts = append(texts, e.Name)
			}
		}
		for _, s := range texts {
			if !isTerminalSafe(s) || strings.ContainsAny(s, "\n\t") || utf8.RuneCountInString(s) > maxTextRunes+1 {
				t.Fatalf("unsafe one-line text %+q from %q", s, body)
			}
		}
		_ = c.NextStep().Summary()
	})
}

// BenchmarkDecodeCustomerPage is the client's share of a search: a page of
// 10 customers checked, sanitised and worded, without the HTTP exchange.
func BenchmarkDecodeCustomerPage(b *testing.B) {
	one := `{"id":"customer_5a3b1e00000000000000000000000001","type":"individual","email":"ana.sample@example.com",` +
		`"phone":"+15555550031","firstName":"Ana","lastName":"Sample","businessLegalName":null,"businessTradeName":null,` +
		`"tosStatus":"accepted","createdAt":"2026-04-02T10:00:00.000Z","updatedAt":"2026-04-02T10:00:00.000Z",` +
		`"verificationProfiles":[{"name":"kyc_profile_a","status":"incomplete","criteria":{"complete":["terms_of_service",` +
		`"email_verification","phone_verification"],"pending":[],"required":["identity_document","liveness_check",` +
		`"identity_verification"],"errors":[]}}]}`
	body := []byte(`{"customers":[` + strings.TrimSuffix(strings.Repeat(one+",", 10), ",") +
		`],"pagination":{"page":1,"limit":10,"total":14,"totalPages":2,"hasNext":true,"hasPrevious":false}}`)
	b.ReportAllocs()
	for b.Loop() {
		if pg, err := decodeCustomerPage(body, MaxSearchLimit); err != nil || len(pg.Customers) != 10 {
			b.Fatal(err)
		}
	}
}

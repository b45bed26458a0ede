// This file tests the diff of two reads of a customer.

package client

import (
	"reflect"
	"testing"
	"time"
)

func TestDiffCustomers(t *testing.T) {
	profile := func(status string, complete, pending, required []string, errs ...CriterionError) VerificationProfile {
		return VerificationProfile{Name: "kyc_profile_a", Status: status,
			Criteria: Criteria{Complete: complete, Pending: pending, Required: required, Errors: errs}}
	}
	s := func(l ...string) []string { return l }
	erin := Customer{TOSStatus: "pending", Profiles: []VerificationProfile{
		profile("incomplete", s("email_verification"), nil, s("terms_of_service", "identity_document", "liveness_check"))}}
	termsDone := Customer{TOSStatus: "accepted", Profiles: []VerificationProfile{
		profile("incomplete", s("email_verification", "terms_of_service"), nil, s("identity_document", "liveness_check"))}}
	documentDone := Customer{TOSStatus: "accepted", Profiles: []VerificationProfile{
		profile("incomplete", s("email_verification", "terms_of_service", "identity_document"), nil, s("liveness_check"))}}
	review := Customer{TOSStatus: "accepted", Profiles: []VerificationProfile{
		profile("pending", s("email_verification", "terms_of_service", "identity_document", "liveness_check"), s("kyc_a_approval"), nil)}}
	approved := Customer{TOSStatus: "accepted", Profiles: []VerificationProfile{
		profile("approved", s("email_verification", "terms_of_service", "identity_document", "liveness_check", "kyc_a_approval"), nil, nil)}}
	rejected := Customer{TOSStatus: "accepted", Profiles: []VerificationProfile{
		profile("rejected", s("email_verification", "terms_of_service", "liveness_check"), nil, s("identity_document"),
			CriterionError{Name: "identity_document", Message: "blurred"})}}
	two := func(a, b string) Customer {
		p, q := profile(a, nil, nil, nil), profile(b, nil, nil, nil)
		q.Name = "kyc_profile_b"
		return Customer{Profiles: []VerificationProfile{p, q}}
	}
	texts := func(cs []Change) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Text)
		}
		return out
	}
	tests := []struct {
		name          string
		before, after Customer
		want          []string
	}{
		{"nothing moved", erin, erin, nil},
		{"terms accepted: tosStatus and criterion read as one", erin, termsDone, s("accepted the terms")},
		{"terms by tosStatus alone", Customer{TOSStatus: "incomplete"}, Customer{TOSStatus: "Approved"}, s("accepted the terms")},
		{"document done", termsDone, documentDone, s("done: upload an identity document")},
		{"submitted", documentDone, review, s("done: take a liveness check (selfie video)", "sent for review: be approved by Sphere's compliance team", "submitted: Sphere is reviewing")},
		{"approved", review, approved, s("done: be approved by Sphere's compliance team", "approved")},
		{"rejected", review, rejected, s("to do again: upload an identity document", "refused: upload an identity document", "rejected by Sphere")},
		{"an unknown criterion as it came", Customer{}, Customer{Profiles: []VerificationProfile{profile("", s("video_interview"), nil, nil)}}, s("done: video_interview")},
		{"an unknown status", Customer{Profiles: []VerificationProfile{profile("incomplete", nil, nil, nil)}}, Customer{Profiles: []VerificationProfile{profile("awaiting_partner", nil, nil, nil)}}, s("status now awaiting_partner")},
		{"two profiles are named", two("incomplete", "incomplete"), two("approved", "pending"), s("approved (USD/EUR rails (kyc_profile_a))", "submitted: Sphere is reviewing (BRL/PIX (kyc_profile_b))")},
		{"a profile gone says nothing", review, Customer{TOSStatus: "accepted"}, nil},
		{"case does not count as a move", review, Customer{TOSStatus: "ACCEPTED", Profiles: []VerificationProfile{
			profile("PENDING", s("EMAIL_VERIFICATION", "terms_of_service", "identity_document", "liveness_check"), s("kyc_a_approval"), nil)}}, nil},
	}
	for _, tt := range tests {
		if got := texts(DiffCustomers(tt.before, tt.after)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}

func TestDiffCustomersKinds(t *testing.T) {
	got := DiffCustomers(Customer{TOSStatus: "pending"}, Customer{TOSStatus: "accepted", Profiles: []VerificationProfile{{Name: "p", Status: "approved"}}})
	want := []Change{{Kind: ChangeTerms, Name: CriterionTerms, Text: "accepted the terms"}, {Kind: ChangeStatus, Name: "approved", Text: "approved"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%+v", got)
	}
}

func TestStepFinal(t *testing.T) {
	for s, want := range map[Step]bool{StepKYCLink: false, StepTermsFirst: false, StepPending: false, StepApproved: true, StepRejected: true} {
		if s.Final() != want {
			t.Errorf("%v: %v", s, s.Final())
		}
	}
}

func TestNextWatchRead(t *testing.T) {
	limited := &APIError{Kind: KindRateLimited, Status: 429, RetryAfter: 2 * time.Minute}
	down := &APIError{Kind: KindUnavailable, Status: 503}
	for _, tt := range []struct {
		every    time.Duration
		failures int
		err      error
		want     time.Duration
	}{
		{15 * time.Second, 0, nil, 15 * time.Second},
		{time.Second, 0, nil, 2 * time.Second}, // never faster than MinWatchEvery
		{15 * time.Second, 1, down, 30 * time.Second},
		{15 * time.Second, 3, down, 2 * time.Minute},
		{15 * time.Second, 5, down, 5 * time.Minute},
		{15 * time.Second, 80, down, 5 * time.Minute},
		{15 * time.Second, 1, limited, 2 * time.Minute}, // Retry-After wins over the backoff
		{15 * time.Second, 1, &APIError{Kind: KindRateLimited, RetryAfter: time.Second}, 30 * time.Second},
	} {
		if got := NextWatchRead(tt.every, tt.failures, tt.err); got != tt.want {
			t.Errorf("every %s, %d failures, %v: %s, want %s", tt.every, tt.failures, tt.err, got, tt.want)
		}
	}
}

func TestWatchGivesUp(t *testing.T) {
	for err, want := range map[error]bool{
		&APIError{Kind: KindNetwork}:     false,
		&APIError{Kind: KindUnavailable}: false,
		&APIError{Kind: KindRateLimited}: false,
		&APIError{Kind: KindTimeout}:     false,
		&APIError{Kind: KindNotFound}:    true,
		&APIError{Kind: KindAuth}:        true,
		&APIError{Kind: KindBadResponse}: true,
	} {
		if WatchGivesUp(err) != want {
			t.Errorf("%v: %v", err, !want)
		}
	}
}

func TestWatchOutlasted(t *testing.T) {
	start := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	end := start.Add(DefaultWatchFor)
	for _, tt := range []struct {
		at, wait time.Duration
		want     bool
	}{
		{0, time.Hour, true}, // a Retry-After of an hour
		{25 * time.Minute, 10 * time.Minute, true},
		{25 * time.Minute, 5 * time.Minute, false}, // the read comes at the end: it is made
		{29*time.Minute + 45*time.Second, DefaultWatchEvery, false},
		{30 * time.Minute, time.Second, true},
	} {
		if got := WatchOutlasted(start.Add(tt.at), end, tt.wait); got != tt.want {
			t.Errorf("at %s, wait %s: %v", tt.at, tt.wait, got)
		}
	}
}

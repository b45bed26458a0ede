package client

import (
	"fmt"
	"testing"
)

// hostileCustomers are two reads of a customer as large as an answer may
// make one (maxProfiles profiles, every list at its cap), every
// criterion moved between them.
func hostileCustomers() (before, after Customer) {
	before.ID, after.ID = "customer_x", "customer_x"
	for p := range maxProfiles {
		var b, a VerificationProfile
		b.Name, a.Name = fmt.Sprint("profile_", p), fmt.Sprint("profile_", p)
		b.Status, a.Status = "incomplete", fmt.Sprint("status_", p)
		for i := range maxFieldErrors {
			b.Criteria.Required = append(b.Criteria.Required, fmt.Sprintf("c_%d_%d", p, i))
			a.Criteria.Complete = append(a.Criteria.Complete, fmt.Sprintf("c_%d_%d", p, i))
			a.Criteria.Pending = append(a.Criteria.Pending, fmt.Sprintf("p_%d_%d", p, i))
			a.Criteria.Errors = append(a.Criteria.Errors, CriterionError{Name: fmt.Sprintf("e_%d_%d", p, i)})
		}
		before.Profiles, after.Profiles = append(before.Profiles, b), append(after.Profiles, a)
	}
	return before, after
}

// BenchmarkDiffCustomersHostile is the diff of the largest customers an
// answer may hold, every criterion moved: the work one watch read can
// cost at most.
func BenchmarkDiffCustomersHostile(b *testing.B) {
	before, after := hostileCustomers()
	b.ReportAllocs()
	for b.Loop() {
		if len(DiffCustomers(before, after)) == 0 {
			b.Fatal("no change")
		}
	}
}

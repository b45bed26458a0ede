package client

import (
	"fmt"
	"strings"
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

// Two reads of a customer, as a hostile server may write them: every
// change is one line safe for a terminal, and its notice holds no rune
// that is not kyclink's (printable ASCII of our own tables).
func FuzzDiffCustomers(f *testing.F) {
	const a = `{"id":"customer_1","tosStatus":"incomplete","verificationProfiles":[{"name":"kyc_profile_a","status":"incomplete","criteria":{"required":["terms_of_service","identity_document"]}}]}`
	f.Add([]byte(a), []byte(`{"id":"customer_1","tosStatus":"accepted","verificationProfiles":[{"name":"kyc_profile_a","status":"pending","criteria":{"complete":["terms_of_service"],"pending":["identity_document"]}}]}`))
	f.Add([]byte(a), []byte(`{"id":"customer_1","verificationProfiles":[{"name":"\u202eX","status":"CALL\u001b[2J 555","criteria":{"complete":["\nkyclink: approved"],"errors":[{"name":"x\u00ad"}]}},{"name":"b","status":"approved"}]}`))
	f.Fuzz(func(t *testing.T, b1, b2 []byte) {
		before, e1 := decodeCustomer(b1, "")
		after, e2 := decodeCustomer(b2, "")
		if e1 != nil || e2 != nil {
			return
		}
		for _, c := range DiffCustomers(before, after) {
			if !isTerminalSafe(c.Text) || strings.ContainsAny(c.Text, "\n\t") {
				t.Fatalf("unsafe change %+q", c.Text)
			}
			n := c.Notice()
			if strings.ContainsFunc(n, func(r rune) bool { return r < 0x20 || r > 0x7e }) {
				t.Fatalf("notice %q is not kyclink's words", n)
			}
		}
	})
}

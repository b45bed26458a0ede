// This file owns how demo customers move on their own once they get a
// link, on the fake's clock: Erin accepts the terms, then verifies; Alice
// goes to review; a code sent is verified. A watch has something to see.

package spheretest

import (
	"maps"
	"slices"
	"time"
)

// A stage is one move of a customer, due some time after what started it.
type stage struct {
	after time.Duration
	move  func(*Customer)
}

// Timings of the demo's moves (README: "Demo customers").
const (
	ErinAcceptsAfter  = 20 * time.Second // after her terms link
	DocumentAfter     = 20 * time.Second // after the KYC link, the identity document
	LivenessAfter     = 35 * time.Second // then the liveness check
	ReviewAfter       = 45 * time.Second // then Sphere reviews
	ApprovalAfter     = 75 * time.Second // and Erin is approved
	CodeVerifiedAfter = 15 * time.Second // after a code is sent
	codeLife          = 10 * time.Minute // how long a code sent stays valid
	faceLinkLife      = time.Hour        // how long a face verification link lives
	progressKindTerms = "tos-link"
	progressKindKYC   = "kyc-link"
	progressKindFace  = "face-verification-link"
	progressKindEmail = "otp-email"
	progressKindPhone = "otp-phone"
)

// plans are the stages each demo customer goes through after a call of
// the kind named (the last part of the path, or an otp's channel). Erin's
// KYC stages start only once her terms are accepted: Sphere would refuse
// a verification with the terms outstanding.
var plans = map[string]map[string][]stage{
	CustomerTermsPending: {
		progressKindTerms: {{ErinAcceptsAfter, acceptTerms}},
		progressKindKYC:   verification(true),
		progressKindFace:  {{LivenessAfter - DocumentAfter, func(c *Customer) { completeCriteria(c, liveness) }}},
		progressKindPhone: {{CodeVerifiedAfter, func(c *Customer) { completeCriteria(c, phone) }}},
		progressKindEmail: {{CodeVerifiedAfter, func(c *Customer) { completeCriteria(c, email) }}},
	},
	CustomerIncomplete: {
		progressKindKYC: verification(false),
	},
}

// verification is the KYC link's stages: the document, the liveness
// check, the review, and for approve the approval.
func verification(approve bool) []stage {
	s := []stage{
		{DocumentAfter, func(c *Customer) { completeCriteria(c, document) }},
		{LivenessAfter, func(c *Customer) { completeCriteria(c, liveness) }},
		{ReviewAfter, func(c *Customer) { review(c) }},
	}
	if approve {
		s = append(s, stage{ApprovalAfter, func(c *Customer) {
			for i := range c.Profiles {
				p := &c.Profiles[i]
				p.Complete = appendNew(p.Complete, slices.Concat(p.Required, p.Pending, []string{approval})...)
				p.Required, p.Pending, p.Status = nil, nil, "approved"
			}
		}})
	}
	return s
}

func acceptTerms(c *Customer) {
	c.TOSStatus = "approved" // the documented value
	completeCriteria(c, terms)
}

// completeCriteria moves names to complete in every profile that lists
// them as required or pending.
func completeCriteria(c *Customer, names ...string) {
	for i := range c.Profiles {
		p := &c.Profiles[i]
		for _, n := range names {
			if slices.Contains(p.Required, n) || slices.Contains(p.Pending, n) {
				p.Required = slices.DeleteFunc(p.Required, func(s string) bool { return s == n })
				p.Pending = slices.DeleteFunc(p.Pending, func(s string) bool { return s == n })
				p.Complete = appendNew(p.Complete, n)
			}
		}
	}
}

// review sends every incomplete profile to Sphere's review: what it still
// required (identity_verification: Sphere's own check) is now pending,
// with the approval.
func review(c *Customer) {
	for i := range c.Profiles {
		p := &c.Profiles[i]
		if p.Status == "incomplete" {
			p.Status, p.Pending, p.Required = "pending", appendNew(p.Pending, append(p.Required, approval)...), nil
		}
	}
}

func appendNew(list []string, names ...string) []string {
	for _, n := range names {
		if !slices.Contains(list, n) {
			list = append(list, n)
		}
	}
	return list
}

// started remembers when a call of kind began a customer's stages. A
// second call of the same kind does not start them again: the customer
// is already on their way.
func (h *Handler) started(id, kind string) {
	if plans[id][kind] == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.progress == nil {
		h.progress = map[string]map[string]time.Time{}
	}
	if h.progress[id] == nil {
		h.progress[id] = map[string]time.Time{}
	}
	if _, ok := h.progress[id][kind]; !ok {
		h.progress[id][kind] = h.opts.Now()
	}
}

// progressed is c as it stands now: every stage that is due applied, in
// the order of the plan. Erin's verification (KYC or face link) waits for
// her terms, and counts from her link or from the terms accepted,
// whichever is later.
func (h *Handler) progressed(c Customer) Customer {
	h.mu.Lock()
	starts := maps.Clone(h.progress[c.ID]) // started may add to it meanwhile
	h.mu.Unlock()
	if len(starts) == 0 {
		return c
	}
	c = c.clone()
	now := h.opts.Now()
	for _, kind := range []string{progressKindTerms, progressKindEmail, progressKindPhone, progressKindKYC, progressKindFace} {
		at, ok := starts[kind]
		if !ok {
			continue
		}
		if verifies := kind == progressKindKYC || kind == progressKindFace; verifies && plans[c.ID][progressKindTerms] != nil {
			t, ok := starts[progressKindTerms]
			if !ok || c.TOSStatus != "approved" {
				continue // the terms come first
			}
			at = latest(at, t.Add(ErinAcceptsAfter))
		}
		for _, s := range plans[c.ID][kind] {
			if !now.Before(at.Add(s.after)) {
				s.move(&c)
			}
		}
	}
	return c
}

func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// clone copies c deeply enough for the stages to change it.
func (c Customer) clone() Customer {
	c.Profiles = slices.Clone(c.Profiles)
	for i := range c.Profiles {
		p := &c.Profiles[i]
		p.Complete, p.Pending, p.Required = slices.Clone(p.Complete), slices.Clone(p.Pending), slices.Clone(p.Required)
		p.Errors = slices.Clone(p.Errors)
	}
	return c
}

// This file tests the demo customers moving on their own, on the test's
// clock, and the fake's helps (a code sent, a face link) through the
// client's own decoders.

package spheretest_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
)

// read is the customer as the client reads it now.
func read(t *testing.T, c *client.Client, id string) client.Customer {
	t.Helper()
	cu, err := c.Follow(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return cu
}

// at advances the fake's clock to d after start and reads the customer.
func at(t *testing.T, s *spheretest.TestServer, c *client.Client, start time.Time, d time.Duration, id string) client.Customer {
	t.Helper()
	s.Clock.Advance(start.Add(d).Sub(s.Clock.Now()))
	return read(t, c, id)
}

func TestErinMovesAfterHerLinks(t *testing.T) {
	s := spheretest.NewTestServer(t, spheretest.Options{})
	c := s.NewClient(t)
	ctx := context.Background()
	erin := spheretest.CustomerTermsPending
	s.Clock.Advance(time.Hour) // nothing moves without a link
	if cu := read(t, c, erin); cu.NextStep() != client.StepTermsFirst {
		t.Fatalf("before any link: %v", cu.NextStep())
	}
	start := s.Clock.Now()
	if _, err := c.TermsLink(ctx, erin, ""); err != nil {
		t.Fatal(err)
	}
	before := read(t, c, erin)
	if cu := at(t, s, c, start, spheretest.ErinAcceptsAfter-time.Second, erin); cu.NextStep() != client.StepTermsFirst {
		t.Errorf("a second early: %v", cu.NextStep())
	}
	after := at(t, s, c, start, spheretest.ErinAcceptsAfter, erin)
	if after.NextStep() != client.StepKYCLink || after.TOSStatus != "approved" {
		t.Fatalf("after %s: %v, tos %q", spheretest.ErinAcceptsAfter, after.NextStep(), after.TOSStatus)
	}
	if got := client.DiffCustomers(before, after); len(got) != 1 || got[0].Text != "accepted the terms" {
		t.Errorf("diff %+v", got)
	}
	// A second terms link does not start her over.
	if _, err := c.TermsLink(ctx, erin, ""); err != nil || read(t, c, erin).TOSStatus != "approved" {
		t.Errorf("second terms link: %v", err)
	}
	s.Clock.Advance(time.Hour) // she waits for her KYC link
	if cu := read(t, c, erin); cu.NextStep() != client.StepKYCLink {
		t.Errorf("without a KYC link: %v", cu.NextStep())
	}
	kyc := s.Clock.Now()
	if _, err := c.RegenerateKYCLink(ctx, erin); err != nil {
		t.Fatal(err)
	}
	var texts []string
	prev := read(t, c, erin)
	for _, d := range []time.Duration{spheretest.DocumentAfter, spheretest.LivenessAfter, spheretest.ReviewAfter, spheretest.ApprovalAfter} {
		cu := at(t, s, c, kyc, d, erin)
		for _, ch := range client.DiffCustomers(prev, cu) {
			texts = append(texts, ch.Text)
		}
		prev = cu
	}
	want := "done: upload an identity document|done: take a liveness check (selfie video)|" +
		"sent for review: verify their phone number|sent for review: be approved by Sphere's compliance team|submitted: Sphere is reviewing|" +
		"done: verify their phone number|done: be approved by Sphere's compliance team|approved"
	if strings.Join(texts, "|") != want || prev.NextStep() != client.StepApproved {
		t.Errorf("timeline\n got %s\nwant %s\nstep %v", strings.Join(texts, "|"), want, prev.NextStep())
	}
}

func TestAliceGoesToReview(t *testing.T) {
	s := spheretest.NewTestServer(t, spheretest.Options{})
	c := s.NewClient(t)
	start := s.Clock.Now()
	if _, err := c.RegenerateKYCLink(context.Background(), spheretest.CustomerIncomplete); err != nil {
		t.Fatal(err)
	}
	if cu := at(t, s, c, start, spheretest.ReviewAfter-time.Second, spheretest.CustomerIncomplete); cu.NextStep() != client.StepKYCLink {
		t.Errorf("early: %v", cu.NextStep())
	}
	if cu := at(t, s, c, start, spheretest.ReviewAfter, spheretest.CustomerIncomplete); cu.NextStep() != client.StepPending {
		t.Errorf("at review: %v", cu.NextStep())
	}
	if cu := at(t, s, c, start, 24*time.Hour, spheretest.CustomerIncomplete); cu.NextStep() != client.StepPending {
		t.Errorf("a day on: %v: Alice stays in review", cu.NextStep())
	}
	// The search sees her as she is now.
	page, err := c.SearchCustomers(context.Background(), "alice@example.com", 1, 10)
	if err != nil || len(page.Customers) != 1 || page.Customers[0].NextStep() != client.StepPending {
		t.Errorf("search: %v %+v", err, page)
	}
	// Each fake moves on its own: a new one starts Alice afresh.
	if cu := read(t, spheretest.NewTestServer(t, spheretest.Options{}).NewClient(t), spheretest.CustomerIncomplete); cu.NextStep() != client.StepKYCLink {
		t.Errorf("another fake: %v", cu.NextStep())
	}
}

func TestFakeSendsCodesInBothShapes(t *testing.T) {
	s := spheretest.NewTestServer(t, spheretest.Options{})
	c := s.NewClient(t)
	ctx := context.Background()
	sent, err := c.SendCode(ctx, spheretest.CustomerTermsPending, client.CodeByPhone)
	if err != nil || sent.CustomerID != spheretest.CustomerTermsPending || sent.Contact != "" || !sent.ExpiresAt.Equal(s.Clock.Now().Add(10*time.Minute)) {
		t.Errorf("current shape: %v %+v", err, sent)
	}
	sample := spheretest.SampleID(4)
	older, err := c.SendCode(ctx, sample, client.CodeByEmail)
	if err != nil || !spheretest.OlderCodeShape(sample) || older.By != "email" || older.Contact != "dan.sample@example.com" || older.ExpiresAt.IsZero() {
		t.Errorf("older shape: %v %+v", err, older)
	}
	s.Clock.Advance(spheretest.CodeVerifiedAfter)
	if cu := read(t, c, spheretest.CustomerTermsPending); !strings.Contains(strings.Join(cu.Profiles[0].Criteria.Complete, ","), "phone_verification") {
		t.Errorf("phone not verified after the code: %+v", cu.Profiles[0].Criteria)
	}
	for id, kind := range map[string]client.Kind{spheretest.NotFound: client.KindNotFound, spheretest.ServerError: client.KindUnavailable, "customer_123": client.KindNotFound} {
		if _, err := c.SendCode(ctx, id, client.CodeByEmail); err == nil || err.(*client.APIError).Kind != kind {
			t.Errorf("%s: %v", id, err)
		}
	}
	// A body that is not {"type": "email"|"phone"} is a 422 on /type.
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/v2/customer/"+spheretest.CustomerTermsPending+"/otp-send", strings.NewReader(`{"type":"fax"}`))
	req.Header.Set("Authorization", "Bearer "+spheretest.DemoKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 422 {
		t.Errorf("fax: %v %v", err, resp)
	} else {
		resp.Body.Close()
	}
}

func TestFakeFaceLink(t *testing.T) {
	s := spheretest.NewTestServer(t, spheretest.Options{})
	c := s.NewClient(t)
	link, err := c.FaceVerificationLink(context.Background(), spheretest.CustomerTermsPending, "")
	if err != nil || link.Kind != client.LinkFace || !strings.HasPrefix(link.URL, "https://in.sumsub.com/") || link.Remaining(s.Clock.Now()) != time.Hour {
		t.Fatalf("%v %+v", err, link)
	}
	if r := s.Handler.Requests(); r[len(r)-1].Path != "/v2/customer/"+spheretest.CustomerTermsPending+"/face-verification-link" || r[len(r)-1].Status != 201 {
		t.Errorf("%+v", r[len(r)-1])
	}
	if _, err := c.FaceVerificationLink(context.Background(), spheretest.PlainHTTPLink, ""); err == nil {
		t.Error("the http scenario holds for a face link too")
	}
}

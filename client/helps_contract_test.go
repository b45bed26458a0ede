// This file holds the helps (a code sent, a face link) to Sphere's
// documented answers as ../shared/sphere-api.md gives them ("Helping a
// customer through": the reference names no page for them, so they are
// not files of testdata/contract): each decoded by the client, and the
// fake's answer of the same kind held to the example's keys.

package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
)

var helpCases = []struct {
	name, call, by, body string
	fakeID               string
}{
	{"otp-send, current", "otp-send", client.CodeByPhone,
		`{"customerId":"` + spheretest.CustomerTermsPending + `","expiresAt":"2026-11-26T09:10:00.000Z"}`, spheretest.CustomerTermsPending},
	{"otp-send, older", "otp-send", client.CodeByEmail,
		`{"type":"email","contact":"dan.sample@example.com","verified":false,"expiresAt":"2026-11-26T09:10:00.000Z"}`, spheretest.SampleID(4)},
	{"face-verification-link", "face-link", "",
		`{"url":"https://in.sumsub.com/websdk/p/sbx_face0example0","expiresAt":"2026-11-26T10:00:00.000Z"}`, spheretest.CustomerTermsPending},
}

// helpCall makes a case's call with c.
func helpCall(c *client.Client, call, id, by string) (time.Time, error) {
	if call == "otp-send" {
		s, err := c.SendCode(context.Background(), id, by)
		return s.ExpiresAt, err
	}
	l, err := c.FaceVerificationLink(context.Background(), id, "")
	return l.ExpiresAt, err
}

func TestHelpsSpeakTheContract(t *testing.T) {
	for _, tc := range helpCases {
		t.Run(tc.name, func(t *testing.T) {
			// The documented example, decoded by the client.
			c, _ := newClientOf(t, new(counting).serve(t, serve(201, tc.body)))
			if exp, err := helpCall(c, tc.call, tc.fakeID, tc.by); err != nil || exp.IsZero() {
				t.Errorf("the example: %v, expires %v", err, exp)
			}
			// The fake's answer: decoded the same, and only the example's keys.
			fake := spheretest.NewTestServer(t, spheretest.Options{})
			var raw bytes.Buffer
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				rec := httptest.NewRecorder()
				fake.Handler.ServeHTTP(rec, r)
				raw.Write(rec.Body.Bytes())
				w.WriteHeader(rec.Code)
				_, _ = io.Copy(w, rec.Body)
			}))
			defer srv.Close()
			c, _ = newClientOf(t, srv.URL)
			if exp, err := helpCall(c, tc.call, tc.fakeID, tc.by); err != nil || exp.IsZero() {
				t.Errorf("the fake: %v, expires %v", err, exp)
			}
			var want, got any
			if json.Unmarshal([]byte(tc.body), &want) != nil || json.Unmarshal(raw.Bytes(), &got) != nil {
				t.Fatalf("not JSON: %s", raw.String())
			}
			sameKeys(t, "answer", want, got, true)
		})
	}
}

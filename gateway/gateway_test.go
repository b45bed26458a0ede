package gateway

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
)

const alice = "customer_f31121c389624d3697cbf3ea8830b7a4"

func TestForwardsALinkAndRecordsWhoMadeIt(t *testing.T) {
	r := newRig(t)
	token := r.agent("ana", RoleAgent)
	resp, body := r.do("POST", "/v2/customer/"+alice+"/kyc-link", token, nil)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	var link struct {
		CustomerID, URL, ExpiresAt string
	}
	if err := json.Unmarshal([]byte(body), &link); err != nil || !strings.HasPrefix(link.URL, "https://") {
		t.Fatalf("answer not passed through: %s", body)
	}
	recs := r.records()
	if len(recs) != 1 {
		t.Fatalf("records: %+v", recs)
	}
	got := recs[0]
	if got.User != "ana" || got.Action != "kyc-link" || got.CustomerID != alice || got.Outcome != "ok" ||
		got.Status != 201 || got.LinkSHA256 != client.LinkFingerprint(link.URL) || got.ExpiresAt == nil || got.ID == "" {
		t.Errorf("record %+v", got)
	}
	if resp.Header.Get("X-Kyclink-Record") != got.ID {
		t.Errorf("the answer names record %q, the store %q", resp.Header.Get("X-Kyclink-Record"), got.ID)
	}
	disk := r.dbBytes()
	for what, secret := range map[string]string{"link": link.URL, "Sphere's key": sphereKey, "token": token} {
		if strings.Contains(disk, secret) {
			t.Errorf("the database holds the %s", what)
		}
	}
}

func TestForwardsEachAllowedEndpoint(t *testing.T) {
	r := newRig(t)
	token := r.agent("ana", RoleAgent)
	for _, c := range []struct {
		method, path string
		want         int
	}{
		{"POST", "/v2/customer/" + alice + "/kyc-link", 201},
		{"POST", "/v2/customer/" + alice + "/tos-link", 201},
		{"GET", "/v2/customer/" + alice, 200},
		{"GET", "/v2/customer?search=sample&page=2", 200},
		{"POST", "/v2/customer/" + alice + "/otp-send", 201},
		{"POST", "/v2/customer/" + alice + "/face-verification-link", 201},
	} {
		before := r.upstreamCalls()
		var sent io.Reader
		if strings.HasSuffix(c.path, "/otp-send") {
			sent = strings.NewReader(`{"type":"email"}`)
		}
		resp, body := r.do(c.method, c.path, token, sent)
		if resp.StatusCode != c.want || r.upstreamCalls() != before+1 {
			t.Errorf("%s %s: status %d, %d upstream calls: %s", c.method, c.path, resp.StatusCode, r.upstreamCalls()-before, body)
		}
	}
	search := r.sphere.Handler.Requests()[3]
	if search.Query.Get("search") != "sample" || search.Query.Get("page") != "2" {
		t.Errorf("the search's query was not passed on: %v", search.Query)
	}
	recs := r.records()
	if len(recs) != 6 {
		t.Fatalf("%d records", len(recs))
	}
	for _, rec := range recs {
		if rec.Action == "search" && len(rec.CustomerIDs) == 0 {
			t.Errorf("the search's record names no customers: %+v", rec)
		}
		// The client's own names: the local record and the team's agree.
		if rec.Action == "face-link" && rec.LinkSHA256 == "" || rec.Action == "otp-send" && (rec.LinkSHA256 != "" || rec.ExpiresAt == nil || rec.By != "email") {
			t.Errorf("%+v", rec)
		}
	}
	if strings.Contains(r.dbBytes(), "sample") {
		t.Error("the search text is in the database")
	}
}

func TestEverythingElseIsA404ThatNeverReachesSphere(t *testing.T) {
	r := newRig(t)
	token := r.agent("ana", RoleAgent)
	for _, c := range []struct{ method, path string }{
		{"POST", "/v2/transfer"},
		{"GET", "/v2/transfer"},
		{"GET", "/v2/customer/" + alice + "/kyc-link"},
		{"DELETE", "/v2/customer/" + alice},
		{"PATCH", "/v2/customer/" + alice},
		{"POST", "/v2/customer"},
		{"POST", "/v2/customer/" + alice + "/kyc-link/extra"},
		{"GET", "/v1/customer/" + alice},
		{"GET", "/"},
		{"POST", "/v2/customer/" + alice + "%2F..%2F..%2Ftransfer/kyc-link"},
	} {
		resp, body := r.do(c.method, c.path, token, nil)
		var p struct {
			Status int    `json:"status"`
			Detail string `json:"detail"`
			Code   string `json:"code"`
		}
		_ = json.Unmarshal([]byte(body), &p)
		if resp.StatusCode != 404 && resp.StatusCode != 400 || p.Status != resp.StatusCode || p.Detail == "" {
			t.Errorf("%s %s: %d %s", c.method, c.path, resp.StatusCode, body)
		}
	}
	if n := r.upstreamCalls(); n != 0 {
		t.Errorf("%d calls reached Sphere", n)
	}
	if len(r.records()) != 0 {
		t.Error("a refused call was recorded")
	}
}

func TestBadIDsAndLargeBodiesStayAtTheGateway(t *testing.T) {
	r := newRig(t)
	token := r.agent("ana", RoleAgent)
	for _, path := range []string{"/v2/customer/Customer_ABC/kyc-link", "/v2/customer/customer_a%20b", "/v2/customer/x/tos-link"} {
		if resp, body := r.do("POST", path, token, nil); resp.StatusCode != 400 && resp.StatusCode != 404 {
			t.Errorf("%s: %d %s", path, resp.StatusCode, body)
		}
	}
	big := strings.NewReader(`{"type":"` + strings.Repeat("x", 70<<10) + `"}`)
	if resp, body := r.do("POST", "/v2/customer/"+alice+"/otp-send", token, big); resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a 70 KiB body: %d %s", resp.StatusCode, body)
	}
	if n := r.upstreamCalls(); n != 0 {
		t.Errorf("%d calls reached Sphere", n)
	}
}

func TestTokensMissingWrongOrRevokedAre401(t *testing.T) {
	r := newRig(t)
	token := r.agent("ana", RoleAgent)
	path := "/v2/customer/" + alice + "/kyc-link"
	check := func(what, tok string) {
		t.Helper()
		resp, body := r.do("POST", path, tok, nil)
		var p struct {
			Status int
			Code   string
		}
		_ = json.Unmarshal([]byte(body), &p)
		if resp.StatusCode != 401 || p.Status != 401 || p.Code != "unauthorized" {
			t.Errorf("%s: %d %s", what, resp.StatusCode, body)
		}
	}
	check("no token", "")
	wrong := []byte(token)
	wrong[len(wrong)-1] ^= 1 // still a token's alphabet
	check("a wrong token", string(wrong))
	check("Sphere's own key", sphereKey)
	if resp, _ := r.do("POST", path, token, nil); resp.StatusCode != 201 {
		t.Fatalf("the live token: %d", resp.StatusCode)
	}
	calls := r.upstreamCalls()
	if known, err := r.store.RevokeAgent(t.Context(), "ana", r.clock.Now()); err != nil || !known {
		t.Fatal(known, err)
	}
	check("a revoked token", token)
	if r.upstreamCalls() != calls {
		t.Error("a refused call reached Sphere")
	}
}

func TestAgentTokenNeverReachesSphereAndTheKeyNeverComesBack(t *testing.T) {
	var (
		mu   sync.Mutex
		seen []http.Header
	)
	fake := spheretest.NewHandler(spheretest.Options{APIKey: sphereKey})
	capture := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		mu.Lock()
		seen = append(seen, req.Header.Clone())
		mu.Unlock()
		fake.ServeHTTP(w, req)
	}))
	t.Cleanup(capture.Close)
	r := newRig(t, func(o *Options) { o.SphereURL = capture.URL })
	token := r.agent("ana", RoleAgent)
	// The fake's hostile customer echoes the key it accepts in its name.
	_, body := r.do("GET", "/v2/customer/"+spheretest.HostileText, token, nil)
	_, body2 := r.do("POST", "/v2/customer/"+spheretest.HostileText+"/kyc-link", token, nil)
	for _, b := range []string{body, body2} {
		if strings.Contains(b, sphereKey) || strings.Contains(b, sphereKey[:12]) {
			t.Errorf("the key came back: %s", b)
		}
	}
	if !strings.Contains(body, client.Redacted) {
		t.Errorf("the echoed key was not redacted: %s", body)
	}
	if len(seen) != 2 {
		t.Fatalf("Sphere saw %d calls", len(seen))
	}
	for _, h := range seen {
		if h.Get("Authorization") != "Bearer "+sphereKey {
			t.Errorf("Sphere got Authorization %q", h.Get("Authorization"))
		}
		for k, vs := range h {
			for _, v := range vs {
				if strings.Contains(v, token) || strings.Contains(v, token[4:20]) {
					t.Errorf("the agent's token went to Sphere in %s", k)
				}
			}
		}
	}
	if logs := r.logs.String(); strings.Contains(logs, sphereKey) || strings.Contains(logs, token) || strings.Contains(logs, "ana") {
		t.Errorf("a secret or a name is in the logs: %s", logs)
	}
}

// An escaped key (\u0073k_live…) survives a plain text search: the
// answer is withheld rather than passed on.
func TestAnEscapedKeyIsWithheld(t *testing.T) {
	escaped := ""
	for _, c := range sphereKey {
		escaped += fmt.Sprintf("\\u%04x", c)
	}
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", sphereKey)
		fmt.Fprintf(w, `{"id":"%s","firstName":"%s"}`, alice, escaped)
	}))
	t.Cleanup(up.Close)
	r := newRig(t, func(o *Options) { o.SphereURL = up.URL })
	resp, body := r.do("GET", "/v2/customer/"+alice, r.agent("ana", RoleAgent), nil)
	if resp.StatusCode != http.StatusBadGateway || strings.Contains(body, "u0073") || resp.Header.Get("X-Request-Id") != "" {
		t.Errorf("%d %v %s", resp.StatusCode, resp.Header, body)
	}
}

// Sphere's 101 (then silence) is no answer: a 502 at once, recorded.
func TestSwitchingProtocolsIsRefusedAtOnce(t *testing.T) {
	r := newRig(t)
	resp, body := r.do("POST", "/v2/customer/"+spheretest.SwitchingProtocols+"/kyc-link", r.agent("ana", RoleAgent), nil)
	if resp.StatusCode != http.StatusBadGateway {
		t.Errorf("%d %s", resp.StatusCode, body)
	}
	if recs := r.records(); len(recs) != 1 || recs[0].Outcome != "bad_response" {
		t.Errorf("%+v", recs)
	}
}

package gateway

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kyclink/kyclink/gateway/oidctest"
)

func TestSSOAgentsAreCheckedAndNamedByEmail(t *testing.T) {
	idp := oidctest.NewProvider(t, "kyclink-gw")
	r := newRig(t, func(o *Options) {
		o.OIDC = &OIDCOptions{Issuer: idp.URL, ClientID: "kyclink-gw", LeadGroup: "support-leads"}
	})
	path := "/v2/customer/" + alice + "/kyc-link"
	good := idp.Token(oidctest.Claims{Email: "Ana@Example.com"}, "", time.Hour)
	if resp, body := r.do("POST", path, good, nil); resp.StatusCode != 201 {
		t.Fatalf("a good ID token: %d %s", resp.StatusCode, body)
	}
	if recs := r.records(); len(recs) != 1 || recs[0].User != "ana@example.com" {
		t.Errorf("%+v", recs)
	}
	// Refused: another audience, expired, signed by someone else, no email.
	other := oidctest.NewProvider(t, "kyclink-gw")
	for what, tok := range map[string]string{
		"another audience": idp.Token(oidctest.Claims{Email: "ana@example.com"}, "someone-else", time.Hour),
		"expired":          idp.Token(oidctest.Claims{Email: "ana@example.com"}, "", -time.Minute),
		"another issuer":   other.Token(oidctest.Claims{Email: "ana@example.com"}, "", time.Hour),
		"no email":         idp.Token(oidctest.Claims{}, "", time.Hour),
		"tampered":         good[:len(good)-4] + "AAAA",
	} {
		if resp, body := r.do("POST", path, tok, nil); resp.StatusCode != 401 {
			t.Errorf("%s: %d %s", what, resp.StatusCode, body)
		}
	}
	// Only a lead reads the whole record.
	lead := idp.Token(oidctest.Claims{Email: "lee@example.com", Groups: []string{"support-leads"}}, "", time.Hour)
	if resp, _ := r.do("GET", "/kyclink/v1/record", lead, nil); resp.StatusCode != 200 {
		t.Errorf("the lead: %d", resp.StatusCode)
	}
	if resp, _ := r.do("GET", "/kyclink/v1/record", good, nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an agent: %d", resp.StatusCode)
	}
	// Revoked at the gateway: refused though the provider still vouches.
	if _, err := r.store.RevokeAgent(t.Context(), "ana@example.com", r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if resp, _ := r.do("POST", path, good, nil); resp.StatusCode != 401 {
		t.Errorf("revoked: %d", resp.StatusCode)
	}
	// Tokens made at the gateway still work beside SSO.
	if resp, _ := r.do("POST", path, r.agent("bo", RoleAgent), nil); resp.StatusCode != 201 {
		t.Errorf("a gateway token: %d", resp.StatusCode)
	}
	_, info := r.do("GET", "/kyclink/v1/info", "", nil)
	if !strings.Contains(info, `"oidc":{"issuer":"`+idp.URL+`","clientId":"kyclink-gw"}`) {
		t.Errorf("info: %s", info)
	}
}

func TestSSOTokensExpireByTheInjectedClock(t *testing.T) {
	idp := oidctest.NewProvider(t, "kyclink-gw")
	now := time.Now()
	r := newRig(t, func(o *Options) {
		o.OIDC = &OIDCOptions{Issuer: idp.URL, ClientID: "kyclink-gw", Now: func() time.Time { return now }}
	})
	path := "/v2/customer/" + alice
	tok := idp.Token(oidctest.Claims{Email: "ana@example.com"}, "", time.Hour)
	if resp, body := r.do("GET", path, tok, nil); resp.StatusCode != 200 {
		t.Fatalf("within its hour: %d %s", resp.StatusCode, body)
	}
	now = now.Add(61 * time.Minute)
	if resp, body := r.do("GET", path, tok, nil); resp.StatusCode != 401 {
		t.Errorf("an hour and a minute on: %d %s", resp.StatusCode, body)
	}
}

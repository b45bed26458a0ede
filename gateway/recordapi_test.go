package gateway

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestTheRecordAnswersAnAgentForOneCustomerAndALeadForAll(t *testing.T) {
	r := newRig(t)
	ana, lead := r.agent("ana", RoleAgent), r.agent("lee", RoleLead)
	other := "customer_6b8b6e4a5add953e8f24dd11d0e65c4f"
	r.do("POST", "/v2/customer/"+alice+"/kyc-link", ana, nil)
	r.advance(time.Hour)
	r.do("POST", "/v2/customer/"+other+"/tos-link", lead, nil)
	read := func(token, query string) (int, []Record) {
		t.Helper()
		resp, body := r.do("GET", "/kyclink/v1/record"+query, token, nil)
		var a RecordAnswer
		if resp.StatusCode == 200 {
			if err := json.Unmarshal([]byte(body), &a); err != nil {
				t.Fatal(err)
			}
		}
		return resp.StatusCode, a.Records
	}
	if code, recs := read(ana, "?customer="+alice); code != 200 || len(recs) != 1 || recs[0].User != "ana" || recs[0].Action != "kyc-link" {
		t.Errorf("ana on alice: %d %+v", code, recs)
	}
	if code, _ := read(ana, ""); code != http.StatusForbidden {
		t.Errorf("an agent read everything: %d", code)
	}
	if code, recs := read(lead, ""); code != 200 || len(recs) != 2 || recs[0].User != "lee" {
		t.Errorf("the lead: %d %+v", code, recs)
	}
	if code, recs := read(lead, "?since=30m"); code != 200 || len(recs) != 1 {
		t.Errorf("since 30m: %d %+v", code, recs)
	}
	for _, q := range []string{"?customer=Customer_X", "?since=yesterday", "?since=-1h", "?customer=" + alice + "&limit=0"} {
		if code, _ := read(lead, q); code != 400 {
			t.Errorf("%s: %d", q, code)
		}
	}
	if code, _ := read("", "?customer="+alice); code != 401 {
		t.Errorf("no token: %d", code)
	}
}

func TestInfoSaysHowToSignIn(t *testing.T) {
	r := newRig(t)
	resp, body := r.do("GET", "/kyclink/v1/info", "", nil)
	if resp.StatusCode != 200 || !strings.Contains(body, `"gateway":"kyclink"`) || strings.Contains(body, "oidc") {
		t.Errorf("%d %s", resp.StatusCode, body)
	}
}

func TestHealthReadinessAndMetrics(t *testing.T) {
	r := newRig(t)
	token := r.agent("ana.secret.name", RoleAgent)
	r.do("POST", "/v2/customer/"+alice+"/kyc-link", token, nil)
	r.do("GET", "/v2/transfer", token, nil)
	if resp, body := r.do("GET", "/healthz", "", nil); resp.StatusCode != 200 {
		t.Errorf("healthz %d %s", resp.StatusCode, body)
	}
	if resp, body := r.do("GET", "/readyz", "", nil); resp.StatusCode != 200 {
		t.Errorf("readyz %d %s", resp.StatusCode, body)
	}
	resp, err := http.Get(r.srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := string(b)
	for _, want := range []string{
		`kyclink_gateway_requests_total{route="POST /v2/customer/{id}/kyc-link",status="201"} 1`,
		`kyclink_gateway_requests_total{route="other",status="404"} 1`,
		`kyclink_gateway_upstream_seconds_count{route="POST /v2/customer/{id}/kyc-link"} 1`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(m, "ana.secret.name") || strings.Contains(m, alice) {
		t.Error("a metric names the agent or the customer")
	}
	logs := r.logs.String()
	if strings.Contains(logs, "ana.secret.name") || strings.Contains(logs, alice) || strings.Contains(logs, "sumsub") || !strings.Contains(logs, `"route":"POST /v2/customer/{id}/kyc-link"`) {
		t.Errorf("logs: %s", logs)
	}
	// The database gone: not ready.
	r.store.Close()
	if resp, _ := r.do("GET", "/readyz", "", nil); resp.StatusCode != 503 {
		t.Errorf("readyz without a database: %d", resp.StatusCode)
	}
}

func TestAnUnreachableSphereIsA502AndRecorded(t *testing.T) {
	up := newUpstream(t, func(http.ResponseWriter, *http.Request) {})
	r := newRig(t, func(o *Options) { o.SphereURL = up })
	r.srv.Config.Handler = r.gw
	token := r.agent("ana", RoleAgent)
	r.gw.base.Host = "127.0.0.1:1" // nothing listens on port 1
	resp, body := r.do("POST", "/v2/customer/"+alice+"/kyc-link", token, nil)
	if resp.StatusCode != http.StatusBadGateway || strings.Contains(body, sphereKey) {
		t.Errorf("%d %s", resp.StatusCode, body)
	}
	recs := r.records()
	if len(recs) != 1 || recs[0].Outcome != "network" || recs[0].Status != 0 {
		t.Errorf("%+v", recs)
	}
}

// This file owns reading the team's record from a gateway, for `kyclink
// log --team` and the app's recall: GET /kyclink/v1/record with the
// agent's token, failures as client's one error type.

package gateway

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/kyclink/kyclink/client"
)

// RecordQuery is what an agent asks of the team's record.
type RecordQuery struct {
	CustomerID string        // "": everyone (leads only)
	Since      time.Duration // 0: all
}

// ReadRecord asks the gateway at base for the team's record. A refused
// token is an *client.APIError of KindAuth, like a key Sphere refuses.
func ReadRecord(ctx context.Context, hc *http.Client, base, token string, q RecordQuery) ([]Record, error) {
	u, err := client.CheckBaseURL(base)
	if err != nil {
		return nil, err
	}
	u = u.JoinPath("kyclink", "v1", "record")
	v := url.Values{"since": {q.Since.String()}}
	if q.CustomerID != "" {
		v.Set("customer", q.CustomerID)
	}
	u.RawQuery = v.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return nil, &client.APIError{Kind: client.KindNetwork, Detail: "the gateway " + u.Host + " could not be reached"}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return nil, &client.APIError{Kind: client.KindNetwork, Detail: "the gateway's answer was cut off"}
	}
	if resp.StatusCode != http.StatusOK {
		return nil, recordFailure(resp.StatusCode, body, u.Host)
	}
	var a RecordAnswer
	if err := json.Unmarshal(body, &a); err != nil {
		return nil, &client.APIError{Kind: client.KindBadResponse, Status: resp.StatusCode,
			Detail: u.Host + " did not answer as a kyclink gateway does (is --base-url a gateway?)"}
	}
	return a.Records, nil
}

// recordFailure words a refused read of the record.
func recordFailure(status int, body []byte, host string) *client.APIError {
	var p struct {
		Detail string `json:"detail"`
		Code   string `json:"code"`
	}
	_ = json.Unmarshal(body, &p)
	e := &client.APIError{Kind: client.KindForStatus(status), Status: status, Code: client.Sanitize(p.Code),
		Detail: strings.TrimSpace(client.Sanitize(p.Detail)), AtGateway: true}
	if status == http.StatusNotFound {
		e.Detail = fmt.Sprintf("%s has no team record: is it a kyclink gateway?", host)
	}
	return e
}

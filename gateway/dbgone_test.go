package gateway

import (
	"net/http"
	"os"
	"strings"
	"testing"
)

// A SQLite file removed under a running gateway (a clean-up script, an
// operator's mistake) would go on taking records into a file no one can
// open again: the gateway must notice, say it is not ready, and withhold
// answers rather than record them into nothing.
func TestARemovedSQLiteFileIsNoticed(t *testing.T) {
	r := newRig(t)
	tok := r.agent("ana", RoleAgent)
	if resp, _ := r.do(http.MethodPost, "/v2/customer/"+alice+"/kyc-link", tok, nil); resp.StatusCode != http.StatusCreated {
		t.Fatalf("before: %d", resp.StatusCode)
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(r.dbPath + suffix)
	}
	if resp, body := r.do(http.MethodGet, "/readyz", "", nil); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("/readyz with the file gone: %d %s", resp.StatusCode, body)
	}
	resp, body := r.do(http.MethodPost, "/v2/customer/"+alice+"/kyc-link", tok, nil)
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("a link with the file gone: %d %s", resp.StatusCode, body)
	}
	if !strings.Contains(r.logs.String(), "was removed or replaced while the gateway ran") {
		t.Errorf("the log does not say why: %s", r.logs.String())
	}
}

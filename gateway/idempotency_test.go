package gateway

import (
	"net/http"
	"strings"
	"testing"
)

// An agent's Idempotency-Key reaches Sphere as a UUID of the agent's own:
// the same for a retry, another for another agent sending the same key,
// and never the agent's bytes as sent.
func TestIdempotencyKeysAreEachAgentsOwn(t *testing.T) {
	r := newRig(t)
	ana, bob := r.agent("ana", RoleAgent), r.agent("bob", RoleAgent)
	send := func(token, key string) {
		req, _ := http.NewRequest(http.MethodPost, r.srv.URL+"/v2/customer/"+alice+"/kyc-link", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Idempotency-Key", key)
		resp, err := r.srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	shared := "0b7e2f4c-6a1d-4e8f-9c3b-2d5a7f1e8c60"
	send(ana, shared)
	send(ana, shared)
	send(bob, shared)
	send(bob, strings.Repeat("k", 8000))
	reqs := r.sphere.Handler.Requests()
	if len(reqs) != 4 {
		t.Fatalf("Sphere saw %d calls", len(reqs))
	}
	keys := make([]string, len(reqs))
	for i, q := range reqs {
		keys[i] = q.IdempotencyKey
		if len(q.IdempotencyKey) != 36 || q.IdempotencyKey == shared {
			t.Errorf("call %d reached Sphere with key %.50q", i, q.IdempotencyKey)
		}
	}
	if keys[0] != keys[1] {
		t.Error("a retry must keep its key")
	}
	if keys[0] == keys[2] {
		t.Error("two agents' calls share a key at Sphere: one could be answered with the other's link")
	}
}

// What an agent's headers pass on to Sphere is bounded.
func TestAgentsHeadersReachSphereBounded(t *testing.T) {
	r := newRig(t)
	req, _ := http.NewRequest(http.MethodPost, r.srv.URL+"/v2/customer/"+alice+"/kyc-link", nil)
	req.Header.Set("Authorization", "Bearer "+r.agent("ana", RoleAgent))
	req.Header.Set("User-Agent", strings.Repeat("u", 30000))
	req.Header.Set("Accept", strings.Repeat("a", 30000))
	resp, err := r.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	reqs := r.sphere.Handler.Requests()
	if len(reqs) != 1 || len(reqs[0].UserAgent) > 200 {
		t.Errorf("Sphere got a User-Agent of %d bytes", len(reqs[0].UserAgent))
	}
}

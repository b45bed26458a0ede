// This file tests recorded, the one line every endpoint's call goes
// through, for each action the record knows.

package client

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestRecordedTakesTheActionAsAParameter(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("fail") != "" {
			w.WriteHeader(404)
			_, _ = w.Write([]byte(`{"status":404,"detail":"no","correlationId":"corr-1"}`))
			return
		}
		w.WriteHeader(200)
	}))
	defer srv.Close()
	var got []Call
	c, err := New(Options{BaseURL: srv.URL, APIKey: "secret_test_key_123", Record: func(call Call) { got = append(got, call) }})
	if err != nil {
		t.Fatal(err)
	}
	ep := func(fail string) endpoint[[]string] {
		return endpoint[[]string]{
			request: request{method: http.MethodGet, path: []string{"v2", "customer"}, query: map[string][]string{"fail": {fail}}},
			decode: func(answer) ([]string, *APIError) {
				return []string{"customer_a", "customer_b"}, nil
			},
			keepKeyOut: func(_ *Client, v []string) ([]string, *APIError) { return v, nil },
		}
	}
	found := func(ids []string, call *Call) { call.CustomerIDs = ids }
	for _, action := range []Action{ActionKYCLink, ActionTermsLink, ActionCustomer, ActionSearch} {
		got = nil
		if _, err := recorded(context.Background(), c, action, "customer_x", ep(""), found); err != nil {
			t.Fatal(err)
		}
		_, _ = recorded(context.Background(), c, action, "customer_x", ep("yes"), found)
		if len(got) != 2 {
			t.Fatalf("%s: %+v", action, got)
		}
		ok, failed := got[0], got[1]
		if ok.Action != action || ok.Status != 200 || !ok.OK() || len(ok.CustomerIDs) != 2 || ok.CustomerID != "customer_x" {
			t.Errorf("%s success: %+v", action, ok)
		}
		if failed.Action != action || failed.Status != 404 || failed.Kind != KindNotFound || failed.CorrelationID != "corr-1" || failed.CustomerIDs != nil {
			t.Errorf("%s failure: %+v", action, failed)
		}
	}
}

// This file tests the words of a team gateway's refusals: the agent's
// token and role, where Sphere's refusals speak of the key.

package client_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kyclink/kyclink/client"
)

func TestAGatewaysRefusalsSpeakOfTheTokenAndTheRole(t *testing.T) {
	for _, tt := range []struct {
		status  int
		gateway bool
		want    string
	}{
		{401, true, "Key refused (the gateway refused your token) (HTTP 401)"},
		{403, true, "Not allowed for your role at the gateway (ask a team lead) (HTTP 403)"},
		{401, false, "Access denied (key rejected or not allowed) (HTTP 401)"},
		{403, false, "Access denied (key rejected or not allowed) (HTTP 403)"},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(tt.status)
			_, _ = w.Write([]byte(`{"detail":"no"}`))
		}))
		c, _ := newClientOf(t, srv.URL, func(o *client.Options) { o.Gateway = tt.gateway })
		_, err := c.RegenerateKYCLink(context.Background(), okID)
		e := asAPIError(t, err)
		if e.Kind != client.KindAuth || e.AtGateway != tt.gateway || e.Heading() != tt.want || !strings.HasPrefix(e.Error(), tt.want+": no") {
			t.Errorf("%d at a gateway %v: %v %q", tt.status, tt.gateway, e.Kind, e.Error())
		}
		srv.Close()
	}
}

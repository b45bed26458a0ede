// Tests of FarServer: the fake over HTTPS with HTTP/2, through a proxy that
// counts the connections it accepts and carries a server's drop through.

package spheretest

import (
	"context"
	"net/http"
	"testing"
	"time"
)

func TestFarServerSpeaksHTTP2AndCountsConnections(t *testing.T) {
	s := NewFarServer(t, Options{}, time.Millisecond)
	hc := s.ClientOptions().HTTPClient
	resp, err := hc.Get(s.URL + "/v2/customer/" + Expires90s + "/kyc-link")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.ProtoMajor != 2 {
		t.Errorf("protocol %s, want HTTP/2", resp.Proto)
	}
	if hc.Transport.(*http.Transport) == s.ClientOptions().HTTPClient.Transport.(*http.Transport) {
		t.Error("ClientOptions shares a transport between calls: a new client would not start cold")
	}

	c := s.NewClient(t)
	regenerate := func() {
		t.Helper()
		if _, err := c.RegenerateKYCLink(context.Background(), Expires90s); err != nil {
			t.Fatal(err)
		}
	}
	regenerate()
	regenerate()
	if n := s.Accepted(); n != 2 {
		t.Errorf("%d connections for two clients, want 2", n)
	}
	s.DropConnections() // the client's connection goes: its next request needs another
	regenerate()
	if n := s.Accepted(); n != 3 {
		t.Errorf("%d connections after the drop, want 3", n)
	}
}

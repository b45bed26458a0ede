// Tests of how the default transport keeps a connection: settings that
// only the package can see.

package client

import (
	"net/http"
	"reflect"
	"testing"
)

func TestDefaultTransportStaysWarmBehindTheEnvironmentsProxy(t *testing.T) {
	c, err := New(Options{APIKey: "secret_x"})
	if err != nil {
		t.Fatal(err)
	}
	if c.conns == nil {
		t.Fatal("the default client holds no connection")
	}
	tr := c.conns.t
	if tr.IdleConnTimeout != keepIdleFor || tr.HTTP2 == nil ||
		tr.HTTP2.SendPingTimeout != pingAfter || tr.HTTP2.PingTimeout != pingTimeout {
		t.Errorf("idle %v, HTTP/2 %+v", tr.IdleConnTimeout, tr.HTTP2)
	}
	if reflect.ValueOf(tr.Proxy).Pointer() != reflect.ValueOf(http.ProxyFromEnvironment).Pointer() {
		t.Error("the transport's proxy is not HTTPS_PROXY/NO_PROXY from the environment")
	}
	if !tr.ForceAttemptHTTP2 {
		t.Error("the transport does not offer HTTP/2")
	}
	if c.http.CheckRedirect == nil {
		t.Error("the held connection's client follows redirects")
	}
	if c.conns.addr != "api.spherepay.co:443" || c.conns.host != "api.spherepay.co" {
		t.Errorf("dials %q for host %q", c.conns.addr, c.conns.host)
	}
}

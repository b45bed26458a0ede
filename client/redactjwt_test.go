package client_test

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kyclink/kyclink/client"
)

// jwt is a token with an RS256 header, as every identity provider's and
// Sphere's terms tokens start, the claims given and sig as its signature.
func jwt(claims, sig string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"RS256","typ":"JWT"}`)) + "." + enc([]byte(claims)) + "." + sig
}

// An SSO sign-in keeps an ID token as the key: the parts every JWT shares
// (its header, the start of its claims) are not the key, so a terms link
// that carries a token of its own is shown, and only the signature, the
// token's own, is looked for.
func TestASignInsIDTokenDoesNotRefuseEveryLinkWithAToken(t *testing.T) {
	idToken := jwt(`{"iss":"https://idp.example.com","sub":"ana","exp":4102444800}`, "kS3cr3tQ9vXw2LmZpA7bRt4YuHn6EoJ1cKd8FgIs0")
	linkToken := jwt(`{"iss":"https://app.spherepay.co","sub":"tos","exp":4102444800}`, "Zq7Wm2Rk9Tp4Xv6Bn1Yc8Hd3Jf5Gs0La")
	ok := "https://app.spherepay.co/tos/p/x?token=" + linkToken
	tests := []struct {
		name, link, refused string
	}{
		{"a link with a token of its own", ok, ""},
		{"a link with the ID token", "https://app.spherepay.co/x?t=" + idToken, "carries the API key"},
		{"a link with the ID token's signature", "https://app.spherepay.co/x?s=" + strings.Split(idToken, ".")[2], "carries the API key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := newClientOf(t, httptestServer(t, serve(201, `{"link":"`+tt.link+`"}`)), func(o *client.Options) { o.APIKey, o.Gateway = idToken, true })
			link, err := c.TermsLink(context.Background(), okID, "")
			switch {
			case tt.refused == "" && (err != nil || link.URL != tt.link):
				t.Errorf("refused: %v", err)
			case tt.refused != "" && (err == nil || !strings.Contains(err.Error(), tt.refused)):
				t.Errorf("shown: %v, %q", err, link.URL)
			}
		})
	}
}

// handlerTransport answers every request with h, in process: a client
// whose base URL is Sphere's own host reaches no network.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	w := httptest.NewRecorder()
	t.h.ServeHTTP(w, r)
	return w.Result(), nil
}

// Sphere's key is secret_…, never a JWT: a key of that shape sent to
// Sphere (its own host, or any API not a team gateway: the gateway's own
// client, a fake) is looked for whole, so its header and claims echoed by
// a server are blanked too, not its signature alone.
func TestAJWTShapedKeyAtSphereIsRedactedWhole(t *testing.T) {
	key := jwt(`{"acct":"acct_42","scope":"all"}`, "kS3cr3tQ9vXw2LmZpA7bRt4YuHn6EoJ1cKd8FgIs0")
	unsigned := key[:strings.LastIndex(key, ".")]
	h := serve(201, `{"link":"https://app.spherepay.co/x?t=`+unsigned+`"}`)
	for _, at := range []func(o *client.Options){
		func(o *client.Options) {
			o.BaseURL, o.HTTPClient = client.ProductionURL, &http.Client{Transport: handlerTransport{h}}
		},
		func(o *client.Options) { o.BaseURL = httptestServer(t, h) },
	} {
		c, _ := newClientOf(t, "", func(o *client.Options) { o.APIKey = key }, at)
		if got, err := c.TermsLink(context.Background(), okID, ""); err == nil {
			t.Errorf("a link with the key's header and claims is shown: %q", got.URL)
		}
	}
}

// The gateway's redactor of Sphere's key blanks all of a key of JWT shape.
func TestAKeyRedactorBlanksAJWTShapedSphereKeyWhole(t *testing.T) {
	key := jwt(`{"acct":"acct_42","scope":"all"}`, "kS3cr3tQ9vXw2LmZpA7bRt4YuHn6EoJ1cKd8FgIs0")
	unsigned := key[:strings.LastIndex(key, ".")]
	if got := client.NewKeyRedactor(key).String("echo: " + unsigned); strings.Contains(got, unsigned[len(unsigned)-12:]) {
		t.Errorf("part of Sphere's key survives: %q", got)
	}
}

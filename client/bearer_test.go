package client_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
)

// bearer hands out tokens in turn: Renew moves to the next, or fails.
type bearer struct {
	mu       sync.Mutex
	tokens   []string
	i        int
	renewErr error
	refused  []string
}

func (b *bearer) Token(context.Context) (string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.tokens[b.i], nil
}

func (b *bearer) Renew(_ context.Context, refused string) (string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.refused = append(b.refused, refused)
	if b.renewErr != nil {
		return "", b.renewErr
	}
	b.i++
	return b.tokens[b.i], nil
}

// gatewayAccepting answers 200 to good and a 401 (whose detail echoes the
// token sent) to anything else, counting what it was sent.
func gatewayAccepting(t *testing.T, good string, sent *[]string) *httptest.Server {
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		mu.Lock()
		*sent = append(*sent, token)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if token != good {
			w.WriteHeader(401)
			_, _ = w.Write([]byte(`{"status":401,"title":"Unauthorized","detail":"expired: ` + token + `"}`))
			return
		}
		_, _ = w.Write([]byte(`{"data":[],"pagination":{"page":1,"limit":1,"total":0}}`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestABearersTokenIsRenewedOnceAfterA401AndTheCallRetried(t *testing.T) {
	var sent []string
	srv := gatewayAccepting(t, "eyJnew.token-two.sig2", &sent)
	b := &bearer{tokens: []string{"eyJold.token-one.sig1", "eyJnew.token-two.sig2"}}
	c, err := client.New(client.Options{BaseURL: srv.URL, APIKey: b.tokens[0], Bearer: b, Sleep: spheretest.NoWait})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.CheckKey(context.Background()); err != nil {
		t.Fatalf("after the renewal: %v", err)
	}
	if len(sent) != 2 || sent[0] != b.tokens[0] || sent[1] != b.tokens[1] || len(b.refused) != 1 || b.refused[0] != b.tokens[0] {
		t.Errorf("sent %q, renewed after %q", sent, b.refused)
	}
}

func TestAFailedRenewalEndsTheCallAsRefusedAccessInTheBearersWords(t *testing.T) {
	var sent []string
	srv := gatewayAccepting(t, "never", &sent)
	ended := errors.New("sign in again: kyclink auth login --base-url X")
	b := &bearer{tokens: []string{"eyJold.token-one.sig1"}, renewErr: ended}
	c, _ := client.New(client.Options{BaseURL: srv.URL, APIKey: b.tokens[0], Bearer: b, Sleep: spheretest.NoWait})
	err := c.CheckKey(context.Background())
	var api *client.APIError
	if !errors.As(err, &api) || api.Kind != client.KindAuth || api.Status != 401 || !errors.Is(err, ended) || api.Detail != ended.Error() || !api.RenewalFailed() {
		t.Fatalf("%#v", err)
	}
	if len(sent) != 1 || len(b.refused) != 1 {
		t.Errorf("a failed renewal is not retried: sent %d, renewed %d", len(sent), len(b.refused))
	}
}

func TestARenewedTokenEchoedByTheServerIsRedacted(t *testing.T) {
	var sent []string
	srv := gatewayAccepting(t, "never", &sent)
	b := &bearer{tokens: []string{"eyJold.token-one.sig1", "eyJnew.token-two.sig2"}}
	c, _ := client.New(client.Options{BaseURL: srv.URL, APIKey: b.tokens[0], Bearer: b, Sleep: spheretest.NoWait})
	err := c.CheckKey(context.Background())
	var api *client.APIError
	if !errors.As(err, &api) || api.Status != 401 || strings.Contains(api.Detail, "token-two") || !strings.Contains(api.Detail, client.Redacted) {
		t.Fatalf("%#v", err)
	}
}

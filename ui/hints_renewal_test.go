package ui

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/kyclink/kyclink/client"
)

// endedBearer is an SSO sign-in that can no longer be renewed.
type endedBearer struct{}

func (endedBearer) Token(context.Context) (string, error) {
	return "", errors.New("your SSO sign-in has ended. Sign in again: kyclink auth login --base-url https://gw")
}
func (endedBearer) Renew(context.Context, string) (string, error) { return "", errors.New("unused") }

func TestASignInThatCouldNotBeRenewedGetsNoAdviceAboutSPHERE_API_KEY(t *testing.T) {
	_, ended := client.Authorized(context.Background(), endedBearer{}, func(string) (struct{}, *client.APIError) {
		return struct{}{}, nil
	})
	at := hintContext{env: client.Environment{Kind: client.EnvCustom, Host: "gw.example.com"}}
	if w := hintFor(ended).words(ended, at); w != "" {
		t.Errorf("a failed renewal: %q", w)
	}
	refused := &client.APIError{Kind: client.KindAuth, Status: 401}
	if w := hintFor(refused).words(refused, at); !strings.Contains(w, "SPHERE_API_KEY") {
		t.Errorf("a refused key: %q", w)
	}
}

// This file owns signing in to a gateway with the company's identity
// provider: the device authorization flow (RFC 8628), whose ID token is
// then the "key" kyclink keeps for the gateway, and whose refresh token
// (asked for with offline_access) is kept beside it as the session
// client/sso renews the ID token with.

package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
	"golang.org/x/term"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/sso"
	"github.com/kyclink/kyclink/gateway"
)

// devicePollWait waits between polls of the identity provider; tests
// replace it with one that does not wait.
var devicePollWait = client.SleepContext

// loginKey is what `auth login` keeps: the key read from a prompt or
// stdin, or, at a gateway that advertises SSO, the ID token of the device
// flow and its session (sso.Kept; nil for a key or a token); and whether
// it is an agent's credential for a gateway. The gateway is asked
// (without a key) before the prompt on a terminal, and after an empty
// stdin otherwise: a key piped in is never held up by the question (a
// gateway's token is known by its shape).
func (a *app) loginKey(ctx context.Context, base string, badge client.Environment) (key string, isGateway bool, kept *sso.Kept, err error) {
	if f, ok := a.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		in, said := gatewayInfo(ctx, base, badge)
		if in.OIDC != nil {
			key, kept, err := a.deviceLogin(ctx, in.OIDC)
			return key, true, kept, err
		}
		// At a gateway what the agent was handed is a token, not Sphere's key.
		key, err := a.readKey(ctx, loginPrompt(badge, said))
		return key, said || atGateway(badge, key), nil, err
	}
	key, err = a.readKey(ctx, loginPrompt(badge, false))
	if err == errNoKeyOnStdin {
		if in, _ := gatewayInfo(ctx, base, badge); in.OIDC != nil {
			key, kept, err := a.deviceLogin(ctx, in.OIDC)
			return key, true, kept, err
		}
	}
	return key, atGateway(badge, key), nil, err
}

// gatewayInfo is what a custom API says of itself when it is a kyclink
// gateway (its identity provider, when SSO is on); false otherwise
// (Sphere, a fake).
func gatewayInfo(ctx context.Context, base string, badge client.Environment) (gateway.Info, bool) {
	if badge.Kind != client.EnvCustom {
		return gateway.Info{}, false
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	return gateway.ReadInfo(ctx, &http.Client{}, base)
}

// deviceLogin runs the device flow: the verification URL and code on
// stderr, then a wait until the agent approves (or the code expires, or
// ctrl+c). It returns the ID token and the session to renew it with.
func (a *app) deviceLogin(ctx context.Context, in *gateway.InfoOIDC) (string, *sso.Kept, error) {
	if _, err := client.CheckBaseURL(in.Issuer); err != nil { // a refresh token will be sent there
		return "", nil, &authError{fmt.Sprintf("the gateway's identity provider %s is not https", client.Sanitize(in.Issuer))}
	}
	hc := sso.ProviderClient(nil, sso.RenewTimeout) // no redirect, bounded answers
	ctx = oidc.ClientContext(ctx, hc)               // discovery and DeviceAuth use it
	p, err := oidc.NewProvider(ctx, in.Issuer)
	if err != nil {
		return "", nil, &authError{fmt.Sprintf("the gateway's identity provider %s: %v", in.Issuer, err)}
	}
	conf := &oauth2.Config{ClientID: in.ClientID, Endpoint: p.Endpoint(), Scopes: loginScopes(p)}
	if conf.Endpoint.DeviceAuthURL == "" {
		return "", nil, &authError{"the gateway's identity provider offers no device sign-in (no device_authorization_endpoint)"}
	}
	// The device code, then the tokens, travel there: https, as the issuer.
	for _, u := range []string{conf.Endpoint.DeviceAuthURL, conf.Endpoint.TokenURL} {
		if _, err := client.CheckBaseURL(u); err != nil {
			return "", nil, &authError{"the gateway's identity provider names an endpoint that is not https: " + client.Sanitize(u)}
		}
	}
	da, err := conf.DeviceAuth(ctx)
	if err != nil {
		return "", nil, &authError{"the identity provider refused to start a sign-in: " + client.Sanitize(err.Error())}
	}
	uri := cmp.Or(da.VerificationURIComplete, da.VerificationURI)
	fmt.Fprintf(a.stderr, "To sign in, open %s\nand enter the code %s. Waiting…\n", client.Sanitize(uri), client.Sanitize(da.UserCode))
	tok, err := pollDeviceToken(ctx, hc, conf, da)
	if err != nil {
		return "", nil, err
	}
	return tok.idToken, &sso.Kept{Issuer: in.Issuer, ClientID: in.ClientID, RefreshToken: tok.refreshToken}, nil
}

// loginScopes asks for the ID token and the agent's email, and for a
// refresh token (offline_access) where the provider's discovery lists
// it: a provider that does not know the scope may refuse the sign-in.
func loginScopes(p *oidc.Provider) []string {
	scopes := []string{oidc.ScopeOpenID, "email", "profile"}
	var d struct {
		Scopes []string `json:"scopes_supported"`
	}
	if p.Claims(&d) == nil && slices.Contains(d.Scopes, oidc.ScopeOfflineAccess) {
		scopes = append(scopes, oidc.ScopeOfflineAccess)
	}
	return scopes
}

// deviceTokens are what the token endpoint gave at the end of the flow.
type deviceTokens struct{ idToken, refreshToken string }

// pollDeviceToken asks the token endpoint until the agent has approved:
// authorization_pending waits the interval, slow_down 5 s more (RFC 8628
// §3.5), anything else ends the wait.
func pollDeviceToken(ctx context.Context, hc *http.Client, conf *oauth2.Config, da *oauth2.DeviceAuthResponse) (deviceTokens, error) {
	if !da.Expiry.IsZero() {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, da.Expiry)
		defer cancel()
	}
	interval := time.Duration(max(da.Interval, 1)) * time.Second
	form := url.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:device_code"}, "device_code": {da.DeviceCode}, "client_id": {conf.ClientID}}
	for {
		if err := devicePollWait(ctx, interval); err != nil {
			if errors.Is(err, context.DeadlineExceeded) {
				return deviceTokens{}, &authError{"the sign-in code expired before it was approved; run 'kyclink auth login' again"}
			}
			return deviceTokens{}, err
		}
		tok, code, err := askToken(ctx, hc, conf.Endpoint.TokenURL, form)
		switch {
		case err != nil:
			return deviceTokens{}, err
		case tok.idToken != "":
			return tok, nil
		case code == "authorization_pending":
		case code == "slow_down":
			interval += 5 * time.Second
		default:
			return deviceTokens{}, &authError{"sign-in refused by the identity provider: " + client.Sanitize(code)}
		}
	}
}

// askToken polls the token endpoint once: the tokens, or the error code.
// A refresh token that could not travel in a form is not kept.
func askToken(ctx context.Context, hc *http.Client, tokenURL string, form url.Values) (tok deviceTokens, code string, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, tokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return deviceTokens{}, "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return deviceTokens{}, "", &authError{"the identity provider could not be reached"}
	}
	defer resp.Body.Close()
	var body struct {
		IDToken      string `json:"id_token"`
		RefreshToken string `json:"refresh_token"`
		Error        string `json:"error"`
	}
	if b, rerr := io.ReadAll(io.LimitReader(resp.Body, 1<<20)); rerr != nil || json.Unmarshal(b, &body) != nil {
		return deviceTokens{}, "", &authError{"the identity provider's answer could not be read"}
	}
	if resp.StatusCode == http.StatusOK && body.IDToken == "" {
		return deviceTokens{}, "", &authError{"the identity provider gave no ID token (is the openid scope allowed for this client?)"}
	}
	if client.CheckAPIKey(body.RefreshToken) != nil {
		body.RefreshToken = ""
	}
	return deviceTokens{body.IDToken, body.RefreshToken}, body.Error, nil
}

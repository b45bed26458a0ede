// This file owns signing in to a gateway with the company's identity
// provider: the device authorization flow (RFC 8628), whose ID token is
// then the "key" kyclink keeps for the gateway.

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
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
	"golang.org/x/term"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/gateway"
)

// devicePollWait waits between polls of the identity provider; tests
// replace it with one that does not wait.
var devicePollWait = client.SleepContext

// loginKey is what `auth login` keeps: the key read from a prompt or
// stdin, or, at a gateway that advertises SSO, the ID token of the device
// flow; and whether it is an agent's credential for a gateway. The
// gateway is asked (without a key) before the prompt on a terminal, and
// after an empty stdin otherwise: a key piped in is never held up by the
// question (a gateway's token is known by its shape).
func (a *app) loginKey(ctx context.Context, base string, badge client.Environment) (key string, isGateway bool, err error) {
	if f, ok := a.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		in, said := gatewayInfo(ctx, base, badge)
		if in.OIDC != nil {
			key, err := a.deviceLogin(ctx, in.OIDC)
			return key, true, err
		}
		// At a gateway what the agent was handed is a token, not Sphere's key.
		key, err := a.readKey(ctx, loginPrompt(badge, said))
		return key, said || atGateway(badge, key), err
	}
	key, err = a.readKey(ctx, loginPrompt(badge, false))
	if err == errNoKeyOnStdin {
		if in, _ := gatewayInfo(ctx, base, badge); in.OIDC != nil {
			key, err := a.deviceLogin(ctx, in.OIDC)
			return key, true, err
		}
	}
	return key, atGateway(badge, key), err
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
// ctrl+c). It returns the ID token.
func (a *app) deviceLogin(ctx context.Context, sso *gateway.InfoOIDC) (string, error) {
	p, err := oidc.NewProvider(ctx, sso.Issuer)
	if err != nil {
		return "", &authError{fmt.Sprintf("the gateway's identity provider %s: %v", sso.Issuer, err)}
	}
	conf := &oauth2.Config{ClientID: sso.ClientID, Endpoint: p.Endpoint(), Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}
	if conf.Endpoint.DeviceAuthURL == "" {
		return "", &authError{"the gateway's identity provider offers no device sign-in (no device_authorization_endpoint)"}
	}
	da, err := conf.DeviceAuth(ctx)
	if err != nil {
		return "", &authError{"the identity provider refused to start a sign-in: " + client.Sanitize(err.Error())}
	}
	uri := cmp.Or(da.VerificationURIComplete, da.VerificationURI)
	fmt.Fprintf(a.stderr, "To sign in, open %s\nand enter the code %s. Waiting…\n", client.Sanitize(uri), client.Sanitize(da.UserCode))
	return pollDeviceToken(ctx, conf, da)
}

// pollDeviceToken asks the token endpoint until the agent has approved:
// authorization_pending waits the interval, slow_down 5 s more (RFC 8628
// §3.5), anything else ends the wait.
func pollDeviceToken(ctx context.Context, conf *oauth2.Config, da *oauth2.DeviceAuthResponse) (string, error) {
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
				return "", &authError{"the sign-in code expired before it was approved; run 'kyclink auth login' again"}
			}
			return "", err
		}
		idToken, code, err := askToken(ctx, conf.Endpoint.TokenURL, form)
		switch {
		case err != nil:
			return "", err
		case idToken != "":
			return idToken, nil
		case code == "authorization_pending":
		case code == "slow_down":
			interval += 5 * time.Second
		default:
			return "", &authError{"sign-in refused by the identity provider: " + client.Sanitize(code)}
		}
	}
}

// askToken polls the token endpoint once: the ID token, or the error code.
func askToken(ctx context.Context, tokenURL string, form url.Values) (idToken, code string, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, tokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return "", "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", "", &authError{"the identity provider could not be reached"}
	}
	defer resp.Body.Close()
	var body struct {
		IDToken string `json:"id_token"`
		Error   string `json:"error"`
	}
	if b, rerr := io.ReadAll(io.LimitReader(resp.Body, 1<<20)); rerr != nil || json.Unmarshal(b, &body) != nil {
		return "", "", &authError{"the identity provider's answer could not be read"}
	}
	if resp.StatusCode == http.StatusOK && body.IDToken == "" {
		return "", "", &authError{"the identity provider gave no ID token (is the openid scope allowed for this client?)"}
	}
	return body.IDToken, body.Error, nil
}

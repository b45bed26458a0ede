package sso_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/spheretest"
	"github.com/kyclink/kyclink/client/sso"
	"github.com/kyclink/kyclink/gateway/oidctest"
)

// rig is a provider, a sign-in with it, and what the session saved.
type rig struct {
	idp     *oidctest.Provider
	clock   *spheretest.Clock
	idToken string
	kept    sso.Kept

	mu    sync.Mutex
	saved []sso.Kept
	store struct {
		idToken string
		kept    sso.Kept
	}
}

func newRig(t *testing.T) *rig {
	r := &rig{idp: oidctest.NewProvider(t, "kyclink-gw"), clock: spheretest.NewClock(time.Now())}
	r.idp.Now = r.clock.Now
	var rt string
	r.idToken, rt = r.idp.SignIn(oidctest.Claims{Email: "ana@example.com"})
	r.kept = sso.Kept{Issuer: r.idp.URL, ClientID: "kyclink-gw", RefreshToken: rt}
	r.store.idToken, r.store.kept = r.idToken, r.kept
	return r
}

func (r *rig) session(o sso.Options) *sso.Session {
	o.IDToken, o.Kept = r.idToken, r.kept
	if o.Now == nil {
		o.Now = r.clock.Now
	}
	o.Host, o.Login = "gw.example.com", "kyclink auth login --base-url https://gw.example.com"
	o.Save = func(tok string, k sso.Kept) error {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.saved = append(r.saved, k)
		r.store.idToken, r.store.kept = tok, k
		return nil
	}
	o.Reload = func() (string, sso.Kept, bool) {
		r.mu.Lock()
		defer r.mu.Unlock()
		return r.store.idToken, r.store.kept, true
	}
	return sso.New(o)
}

func expiry(t *testing.T, tok string) time.Time {
	t.Helper()
	exp, ok := client.JWTExpiry(tok)
	if !ok {
		t.Fatalf("not a JWT with exp")
	}
	return exp
}

func TestAnIDTokenIsRenewedWithinAMinuteOfItsExpiryAndTheRefreshTokenRotated(t *testing.T) {
	r := newRig(t)
	s := r.session(sso.Options{})
	ctx := context.Background()
	if tok, err := s.Token(ctx); err != nil || tok != r.idToken || r.idp.Refreshes() != 0 {
		t.Fatalf("an hour left: %v, %d refreshes", err, r.idp.Refreshes())
	}
	r.clock.Advance(59*time.Minute + time.Second)
	tok, err := s.Token(ctx)
	if err != nil || tok == r.idToken || r.idp.Refreshes() != 1 {
		t.Fatalf("59 minutes on: %v, %d refreshes", err, r.idp.Refreshes())
	}
	if !expiry(t, tok).After(r.clock.Now().Add(50 * time.Minute)) {
		t.Errorf("the new token expires at %v", expiry(t, tok))
	}
	live := r.idp.RefreshTokens()
	if len(r.saved) != 1 || r.saved[0].RefreshToken == r.kept.RefreshToken || len(live) != 1 || live[0] != r.saved[0].RefreshToken {
		t.Errorf("saved %d, rotated to a live token: %v", len(r.saved), live)
	}
	if again, _ := s.Token(ctx); again != tok || r.idp.Refreshes() != 1 {
		t.Errorf("the renewed token is kept and used: %d refreshes", r.idp.Refreshes())
	}
}

func TestRenewAfterA401RenewsOnceAndAnOlderTokenTakesTheCurrentOne(t *testing.T) {
	r := newRig(t)
	s := r.session(sso.Options{})
	ctx := context.Background()
	tok, err := s.Renew(ctx, r.idToken) // a gateway whose clock runs ahead refused it
	if err != nil || tok == r.idToken || r.idp.Refreshes() != 1 {
		t.Fatalf("%v, %d refreshes", err, r.idp.Refreshes())
	}
	if again, err := s.Renew(ctx, r.idToken); err != nil || again != tok || r.idp.Refreshes() != 1 {
		t.Errorf("a request refused with the old token: %v, %d refreshes", err, r.idp.Refreshes())
	}
}

func TestRequestsAtOnceRenewOnce(t *testing.T) {
	r := newRig(t)
	s := r.session(sso.Options{})
	release := r.idp.Hold()
	t.Cleanup(release)
	r.clock.Advance(time.Hour + time.Minute) // expired
	const n = 20
	got := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			var err error
			if i%2 == 0 {
				got[i], err = s.Token(context.Background())
			} else {
				got[i], err = s.Renew(context.Background(), r.idToken)
			}
			if err != nil {
				t.Error(err)
			}
		})
	}
	release()
	wg.Wait()
	for _, tok := range got {
		if tok == r.idToken || tok != got[0] {
			t.Fatalf("not all got the one renewed token")
		}
	}
	if r.idp.Refreshes() != 1 || len(r.saved) != 1 {
		t.Errorf("%d refreshes, %d saves", r.idp.Refreshes(), len(r.saved))
	}
}

func TestAFailedRenewalEndsTheSignInWithTheCommandToSignInAgain(t *testing.T) {
	for _, c := range []struct {
		name, reason string
		break_       func(*rig)
	}{
		{"revoked", "no longer accepts it", func(r *rig) { r.idp.Revoke() }},
		{"down", "unavailable (HTTP 503)", func(r *rig) { r.idp.SetDown(true) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newRig(t)
			s := r.session(sso.Options{})
			c.break_(r)
			r.clock.Advance(time.Hour)
			_, err := s.Token(context.Background())
			var ended *sso.Ended
			if !errors.As(err, &ended) || !strings.Contains(err.Error(), c.reason) ||
				!strings.HasSuffix(err.Error(), "Sign in again: kyclink auth login --base-url https://gw.example.com") {
				t.Fatalf("%v", err)
			}
			if strings.Contains(err.Error(), r.kept.RefreshToken) || strings.Contains(err.Error(), "rt-") {
				t.Errorf("the error carries the refresh token: %v", err)
			}
			if len(r.saved) != 0 {
				t.Errorf("a failed renewal saved %d", len(r.saved))
			}
		})
	}
}

func TestAFailedRenewalLeavesATokenThatStillHoldsInUse(t *testing.T) {
	r := newRig(t)
	s := r.session(sso.Options{})
	r.idp.SetDown(true)
	r.clock.Advance(59*time.Minute + 30*time.Second)
	if tok, err := s.Token(context.Background()); err != nil || tok != r.idToken {
		t.Fatalf("30 s left, provider down: %v", err)
	}
	if _, err := s.Renew(context.Background(), r.idToken); err == nil {
		t.Error("after a 401 a failed renewal is the answer")
	}
}

func TestWithoutARefreshTokenA401EndsTheSignIn(t *testing.T) {
	r := newRig(t)
	r.kept.RefreshToken = ""
	s := r.session(sso.Options{})
	r.clock.Advance(2 * time.Hour)
	if tok, err := s.Token(context.Background()); err != nil || tok != r.idToken {
		t.Fatalf("nothing to renew with: the token is sent as kept: %v", err)
	}
	_, err := s.Renew(context.Background(), r.idToken)
	var ended *sso.Ended
	if !errors.As(err, &ended) || !strings.Contains(err.Error(), "no refresh token") || r.idp.Refreshes() != 0 {
		t.Errorf("%v", err)
	}
}

func TestARenewalThatHangsIsCutOffAndTheCallerMayLeaveFirst(t *testing.T) {
	r := newRig(t)
	t.Cleanup(r.idp.Hold())
	s := r.session(sso.Options{Timeout: 50 * time.Millisecond})
	r.clock.Advance(time.Hour)
	_, err := s.Token(context.Background())
	if !strings.Contains(fmt1(err), "did not answer within 50ms") {
		t.Errorf("%v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Token(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled request: %v", err)
	}
}

func TestASignInRenewedByAnotherKyclinkIsTakenFromTheStore(t *testing.T) {
	r := newRig(t)
	first, second := r.session(sso.Options{}), r.session(sso.Options{})
	r.clock.Advance(time.Hour)
	tok, err := first.Token(context.Background()) // spends the refresh token second holds
	if err != nil {
		t.Fatal(err)
	}
	if got, err := second.Token(context.Background()); err != nil || got != tok || r.idp.Refreshes() != 1 {
		t.Errorf("%v, %d refreshes", err, r.idp.Refreshes())
	}
}

func TestKeptRefusesAnIssuerThatIsNotHTTPS(t *testing.T) {
	k := sso.Kept{Issuer: "http://idp.example.com", ClientID: "c", RefreshToken: "rt-1"}
	if _, err := sso.Decode(k.Encode()); err == nil || strings.Contains(err.Error(), "rt-1") {
		t.Errorf("%v", err)
	}
	k.Issuer = "https://idp.example.com/tenant"
	if got, err := sso.Decode(k.Encode()); err != nil || got != k {
		t.Errorf("%+v %v", got, err)
	}
}

func fmt1(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// BenchmarkToken is what every request pays for a renewable sign-in when
// nothing is to be renewed: the ID token's exp read.
func BenchmarkToken(b *testing.B) {
	idp := oidctest.NewProvider(b, "kyclink-gw")
	tok, rt := idp.SignIn(oidctest.Claims{Email: "ana@example.com"})
	s := sso.New(sso.Options{IDToken: tok, Kept: sso.Kept{Issuer: idp.URL, ClientID: "kyclink-gw", RefreshToken: rt}})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Token(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenew is one renewal against the fake provider on loopback
// (discovery once, then the refresh grant), the token rotated each time.
func BenchmarkRenew(b *testing.B) {
	idp := oidctest.NewProvider(b, "kyclink-gw")
	tok, rt := idp.SignIn(oidctest.Claims{Email: "ana@example.com"})
	s := sso.New(sso.Options{IDToken: tok, Kept: sso.Kept{Issuer: idp.URL, ClientID: "kyclink-gw", RefreshToken: rt}})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if tok, err = s.Renew(ctx, tok); err != nil {
			b.Fatal(err)
		}
	}
}

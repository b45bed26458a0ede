//go:build !windows

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client/spheretest"
)

// The watch in the real binary: Erin's terms link, then her terms
// accepted on the fake's clock (the test moves it 20 s on at once), and
// the result shows it within one watch interval, with the next step.
func TestTimelineAppearsAfterTheTermsLink(t *testing.T) {
	t.Parallel()
	clock := spheretest.NewClock(time.Now())
	srv, err := spheretest.Start(spheretest.Options{APIKey: testKey, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	s := start(t, 100, 30, baseEnv("SPHERE_API_KEY="+testKey), "--base-url", srv.URL, "--watch-every", "2s")
	s.waitText("ctrl+c quit")
	s.send("erin@example.com\r")
	s.waitText("Erin Example")
	s.send("\r")
	s.waitText("t makes the terms link")
	s.send("t")
	s.waitFor("the terms link, watched", func(scr string) bool {
		return strings.Contains(scr, "Terms link") && strings.Contains(scr, "Expires")
	})
	if scr := s.snapshot().text(); strings.Contains(scr, "accepted the terms") {
		t.Fatalf("accepted before her time:\n%s", scr)
	}
	clock.Advance(spheretest.ErinAcceptsAfter)
	s.waitFor("the terms accepted on the result", func(scr string) bool {
		return strings.Contains(scr, "accepted the terms") && strings.Contains(scr, "Terms accepted: k makes the KYC link now.") &&
			strings.Contains(scr, "k KYC link now")
	})
	s.send("k")
	s.waitFor("the KYC link", func(scr string) bool { return strings.Contains(scr, "in.sumsub.com") })
	s.send("q")
	if code := s.wait(); code != 0 {
		t.Errorf("exit %d", code)
	}
}

//go:build !windows

package e2e

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

const okID = "customer_f31121c389624d3697cbf3ea8830b7a4"

func TestCtrlCWhileLoadingExits130AndRestoresTheTerminal(t *testing.T) {
	t.Parallel()
	// The slow scenario answers after 8 s: ctrl+c lands while it is in flight.
	s := start(t, 100, 30, baseEnv(), "--demo", "customer_00000000000000000000000000000408")
	s.waitText("Making a new KYC link for")
	if !s.snapshot().alt {
		t.Fatal("the app does not run in the alternate screen")
	}
	s.send("\x03")
	if code := s.wait(); code != 130 {
		t.Errorf("exit code %d, want 130", code)
	}
	end := s.snapshot()
	if end.alt {
		t.Error("the terminal was left in the alternate screen")
	}
	if end.cursorHidden {
		t.Error("the cursor was left hidden")
	}
	screen := end.text()
	if !strings.Contains(strings.Join(strings.Fields(screen), " "), "Sphere may still have made a new link") {
		t.Errorf("no note that Sphere may have made a link; the screen after exit:\n%s", screen)
	}
	if strings.Contains(screen, "Making a new KYC link for") {
		t.Errorf("the app's screen stayed behind in the main screen:\n%s", screen)
	}
}

func TestQuitRestoresTheTerminal(t *testing.T) {
	t.Parallel()
	s := start(t, 100, 30, baseEnv(), "--demo", okID)
	s.waitText("Expires")
	s.send("q")
	if code := s.wait(); code != 0 {
		t.Errorf("exit code %d, want 0", code)
	}
	end := s.snapshot()
	if end.alt || end.cursorHidden {
		t.Errorf("terminal not restored: alt screen %v, cursor hidden %v", end.alt, end.cursorHidden)
	}
	if strings.Contains(end.text(), "https://") {
		t.Error("the link stayed on the main screen (scrollback)")
	}
}

// hostileSphere answers every call with body, as a server that wants to
// push kyclink's own lines off the screen would.
func hostileSphere(t *testing.T, status int, body string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestServerTextKeepsTheHeaderAndHeadingOnScreen(t *testing.T) {
	t.Parallel()
	jamo := func(n int) string { return strings.Repeat("\u1100", n) }
	cases := []struct {
		name, heading string
		status        int
		body          string
	}{
		{"detail", "Validation failed", 422,
			`{"status":422,"title":"` + jamo(50) + `","detail":"` + jamo(990) + `","errors":[{"detail":"` + jamo(990) + `","pointer":"/` + jamo(40) + `"}]}`},
		{"link", "Unusable response", 201,
			`{"customerId":"` + okID + `","url":"https://in.sumsub.com/` + jamo(600) + `","expiresAt":"2099-01-01T00:00:00Z"}`},
	}
	for _, c := range cases {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s_%dx%d", c.name, size[0], size[1]), func(t *testing.T) {
				t.Parallel()
				base := hostileSphere(t, c.status, c.body)
				s := start(t, size[0], size[1], baseEnv("SPHERE_API_KEY="+testKey), "--base-url", base, okID)
				s.waitText(c.heading)
				sn := s.snapshot()
				if header := sn.row(0); !strings.Contains(header, "kyclink") || !strings.Contains(header, "CUSTOM") {
					t.Errorf("the header row is %q", header)
				}
				if strings.Contains(sn.text(), "\u1100") {
					t.Error("a conjoining jamo reached the terminal unescaped")
				}
				s.send("q")
				s.wait()
			})
		}
	}
}

func TestLineModeForTermDumb(t *testing.T) {
	t.Parallel()
	s := start(t, 100, 30, []string{"TERM=dumb"}, "--demo")
	s.waitText("Customer ID, email or name (h history, q quit):")
	if s.snapshot().alt {
		t.Error("line mode took the alternate screen")
	}
	s.send(okID + "\r")
	s.waitText("Expires in 27 days 23 hours")
	if strings.ContainsAny(s.snapshot().text(), "█▀▄") {
		t.Error("line mode printed a QR code unasked")
	}
	s.send("q\r")
	if code := s.wait(); code != 0 {
		t.Errorf("exit code %d", code)
	}
	if !strings.Contains(s.snapshot().text(), "KYC link for Alice Example ("+okID+"): https://") {
		t.Error("the link is not in the terminal's lines after quitting")
	}
}

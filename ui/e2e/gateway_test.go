//go:build !windows

// This file tests the team setup end to end with the real binary, through
// a demo gateway in front of the fake Sphere: a one-shot link, the app on a
// terminal and in line mode (each naming who made the earlier link), and
// the team's record; then a revoked agent refused, and SIGTERM.

package e2e

import (
	"bufio"
	"context"
	"net/http"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// demoGateway starts `kyclink gateway serve --demo` and returns its URL,
// its agent's token, its database and the process.
func demoGateway(t *testing.T) (base, token, db string, cmd *exec.Cmd) {
	t.Helper()
	base = unusedLoopback(t)
	cmd = exec.Command(binary, "gateway", "serve", "--demo", "--listen", strings.TrimPrefix(base, "http://"))
	cmd.Env = []string{"HOME=" + t.TempDir(), "XDG_STATE_HOME=" + t.TempDir()}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	token, err = bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	errs := bufio.NewScanner(stderr)
	dbLine := regexp.MustCompile(`database (sqlite://\S+)`)
	for errs.Scan() && !strings.Contains(errs.Text(), "serving on") {
		if m := dbLine.FindStringSubmatch(errs.Text()); m != nil {
			db = m[1]
		}
	}
	go func() { // the request log, drained so the gateway never blocks on it
		for errs.Scan() {
		}
	}()
	if db == "" {
		t.Fatal("the demo did not say where its database is")
	}
	return base, strings.TrimSpace(token), db, cmd
}

// runOnce runs the binary to its end, without a terminal.
func runOnce(t *testing.T, env []string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = append([]string{"HOME=" + t.TempDir()}, env...)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String(), errOut.String()
	} else if err != nil {
		t.Fatal(err)
	}
	return 0, out.String(), errOut.String()
}

func TestTheTeamSetupEndToEnd(t *testing.T) {
	t.Parallel()
	base, token, db, gw := demoGateway(t)
	if !regexp.MustCompile(`^kgw_[A-Za-z0-9_-]{43}$`).MatchString(token) {
		t.Fatalf("the demo's token line: %q", token)
	}
	agent := []string{"SPHERE_API_KEY=" + token, "SPHERE_BASE_URL=" + base, "XDG_STATE_HOME=" + t.TempDir()}

	// 1. A one-shot link through the gateway.
	code, link, stderr := runOnce(t, agent, "regenerate", okID)
	if code != 0 || !strings.HasPrefix(link, "https://in.sumsub.com/") {
		t.Fatalf("regenerate: %d %q %q", code, link, stderr)
	}

	// 2. The app on a terminal, on another machine's state: the gateway's
	// record knows the link, and who made it.
	elsewhere := append([]string{"XDG_STATE_HOME=" + t.TempDir()}, agent[:2]...)
	s := start(t, 100, 30, baseEnv(elsewhere...), "--base-url", base)
	s.waitText("Customer ID")
	s.send(okID + "\r")
	s.waitText("A KYC link was made by demo at")
	s.send("n")
	s.waitText("No new link made.")
	s.send("\x03")
	if code := s.wait(); code != 0 {
		t.Errorf("the app: exit %d", code)
	}

	// 2b. The same in line mode (screen readers, TERM=dumb).
	s = start(t, 100, 30, append([]string{"TERM=dumb", "XDG_STATE_HOME=" + t.TempDir()}, agent[:2]...), "--base-url", base)
	s.waitText("Customer ID, email or name")
	s.send(okID + "\r")
	s.waitText("made by demo at")
	s.send("q\r")
	if code := s.wait(); code != 0 {
		t.Errorf("line mode: exit %d", code)
	}

	// 3. The team's record, then the agent revoked and refused.
	code, out, stderr := runOnce(t, agent, "log", "--team")
	if code != 0 || !regexp.MustCompile(okID+`\s+kyc-link\s+ok\s+201 .* demo\n`).MatchString(out) || strings.Contains(out, "sumsub") {
		t.Errorf("log --team: %d %q %q", code, out, stderr)
	}
	if code, _, stderr := runOnce(t, nil, "gateway", "agent", "revoke", "demo", "--db", db); code != 0 {
		t.Fatalf("revoke: %d %q", code, stderr)
	}
	code, out, stderr = runOnce(t, agent, "regenerate", okID)
	if code != 4 || out != "" || !strings.Contains(stderr, "401") || strings.Contains(stderr, token) {
		t.Errorf("after revoke: %d %q %q", code, out, stderr)
	}

	// SIGTERM: the gateway stops, exit 0.
	if err := gw.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- gw.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("after SIGTERM: %v", err)
		}
	case <-time.After(waitLimit):
		t.Fatal("the gateway did not stop on SIGTERM")
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("the gateway still answers")
	}
}

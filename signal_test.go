//go:build unix

// This file tests the real signal handling: SIGINT or SIGTERM ends the
// one-shot at once, with exit 130.

package main

import (
	"bytes"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client/spheretest"
)

// TestRunMain is no test of its own: started by TestSignalEndsTheOneShotAtOnce
// with KYCLINK_TEST_MAIN_ARGS set, this test binary is kyclink, real
// signal handling included.
func TestRunMain(t *testing.T) {
	args := os.Getenv("KYCLINK_TEST_MAIN_ARGS")
	if args == "" {
		t.Skip("runs only as the child of TestSignalEndsTheOneShotAtOnce")
	}
	os.Args = append([]string{"kyclink"}, strings.Split(args, "\x1f")...)
	main() // exits
}

// startMain starts this test binary as kyclink with args (TestRunMain)
// and env, and returns it, its stderr, and its end.
func startMain(t *testing.T, args []string, env ...string) (*exec.Cmd, *bytes.Buffer, <-chan error) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestRunMain$")
	cmd.Env = append(os.Environ(), "KYCLINK_TEST_MAIN_ARGS="+strings.Join(args, "\x1f"),
		"GORACE=atexit_sleep_ms=0") // a race-built child exits without the detector's 1 s wait
	cmd.Env = append(cmd.Env, env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	return cmd, &stderr, done
}

func TestSignalEndsTheOneShotAtOnce(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			srv := spheretest.NewTestServer(t, spheretest.Options{StallFor: time.Hour})
			cmd, stderr, done := startMain(t, []string{"regenerate", spheretest.StalledBody, "--timeout", "1h"},
				"SPHERE_BASE_URL="+srv.URL, "SPHERE_API_KEY="+spheretest.DemoKey, "XDG_STATE_HOME="+t.TempDir())
			// Wait until the body is stalling: the request is in flight.
			deadline := time.Now().Add(10 * time.Second)
			for len(srv.Handler.Requests()) == 0 {
				if time.Now().After(deadline) {
					_ = cmd.Process.Kill()
					t.Fatalf("the request never arrived; stderr:\n%s", stderr.String())
				}
				time.Sleep(5 * time.Millisecond)
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			select {
			case err := <-done:
				var exit *exec.ExitError
				if !errors.As(err, &exit) || exit.ExitCode() != exitInterrupted {
					t.Errorf("after %v: %v, want exit %d; stderr:\n%s", sig, err, exitInterrupted, stderr.String())
				}
				if !strings.Contains(stderr.String(), "kyclink: Cancelled") {
					t.Errorf("stderr:\n%s", stderr.String())
				}
			case <-time.After(10 * time.Second):
				_ = cmd.Process.Kill()
				t.Fatalf("%v did not end the one-shot; stderr:\n%s", sig, stderr.String())
			}
		})
	}
}

// TestCtrlCEndsARunThatWaitsOnTheKeychain sends ctrl+c while kyclink waits
// for a keychain that never answers (a session bus that accepts and stays
// silent), which does not watch the context: the run ends at once with
// 130, not when the keychain's 3 s are up.
func TestCtrlCEndsARunThatWaitsOnTheKeychain(t *testing.T) {
	if runtime.GOOS == "darwin" {
		t.Skip("the keychain is no D-Bus service here")
	}
	sock := filepath.Join(t.TempDir(), "bus")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Skipf("unix socket: %v", err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		if c, err := ln.Accept(); err == nil {
			accepted <- c // held open, never answered
		}
	}()
	srv := spheretest.NewTestServer(t, spheretest.Options{})
	cmd, stderr, done := startMain(t, []string{"regenerate", okID},
		"SPHERE_BASE_URL="+srv.URL, "SPHERE_API_KEY=", "DBUS_SESSION_BUS_ADDRESS=unix:path="+sock,
		"XDG_STATE_HOME="+t.TempDir(), "XDG_CONFIG_HOME="+t.TempDir())
	select {
	case c := <-accepted:
		defer c.Close()
	case err := <-done:
		t.Fatalf("ended before asking the keychain: %v\n%s", err, stderr.String())
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("never asked the keychain; stderr:\n%s", stderr.String())
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != exitInterrupted || !strings.Contains(stderr.String(), "kyclink: Cancelled") {
			t.Errorf("after ctrl+c: %v, want exit %d; stderr:\n%s", err, exitInterrupted, stderr.String())
		}
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("ctrl+c did not end the run; stderr:\n%s", stderr.String())
	}
}

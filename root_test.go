// This file tests the root command: the interactive app's start and its
// warm-up, the version and shell completion.

package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/ui"
)

func TestInteractiveNeedsTerminal(t *testing.T) {
	r, _ := fakeAPI(t)
	res := r.run(t)
	if res.code != 2 || strings.Contains(res.stderr, "Usage:") || !strings.Contains(res.stderr, "needs a terminal") || !strings.Contains(res.stderr, "kyclink --help") || res.tui != nil {
		t.Errorf("no tty: exit %d, %q", res.code, res.stderr)
	}
	r.tty = true
	res = r.run(t, okID)
	if res.code != 0 || res.tui == nil || res.tui.InitialID != okID || res.tui.Environment.Kind != client.EnvCustom {
		t.Errorf("tty: exit %d, tui %+v, stderr %q", res.code, res.tui, res.stderr)
	}
	delete(r.env, "SPHERE_API_KEY")
	res = r.run(t)
	if res.code != 4 || res.tui != nil || !strings.Contains(res.stderr, "SPHERE_API_KEY") {
		t.Errorf("tty without key: exit %d, tui started=%v", res.code, res.tui != nil)
	}
}

func TestVersionAndCompletion(t *testing.T) {
	res := runner{}.run(t, "--version")
	if res.code != 0 || !strings.HasPrefix(res.stdout, "kyclink ") || !strings.Contains(res.stdout, "commit ") {
		t.Errorf("--version: %q", res.stdout)
	}
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		res := runner{}.run(t, "completion", shell)
		if res.code != 0 || !strings.Contains(res.stdout, "kyclink") {
			t.Errorf("completion %s: exit %d", shell, res.code)
		}
	}
}

func TestBuildInfoNeverEmpty(t *testing.T) {
	v, c, d := buildInfo()
	if v == "" || c == "" || d == "" {
		t.Errorf("buildInfo() = %q %q %q", v, c, d)
	}
	version, commit, date = "1.2.3", "abc123", "2026-11-26T09:00:00Z"
	defer func() { version, commit, date = "", "", "" }()
	if got := versionLine(); got != "kyclink 1.2.3 (commit abc123, built 2026-11-26T09:00:00Z)" {
		t.Errorf("versionLine() = %q", got)
	}
}

func TestOnlyTheAppWarmsUp(t *testing.T) {
	log := filepath.Join(t.TempDir(), "debug.log")
	r, fake := fakeAPI(t)
	r.tty = true
	r.tui = func(ctx context.Context, o ui.Options) error {
		if o.Warm == nil {
			return errors.New("the app was given no warm-up")
		}
		o.Warm()
		_, err := o.Client.RegenerateKYCLinkWithKey(ctx, okID, "")
		return err
	}
	if res := r.run(t, "--debug", "--debug-file", log); res.code != 0 {
		t.Fatalf("app: exit %d, stderr %q", res.code, res.stderr)
	}
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "warm-up: opening a connection") || !strings.Contains(string(b), "uses the connection warmed") {
		t.Errorf("the app's debug log does not show its warm-up used:\n%s", b)
	}
	res := r.run(t, "regenerate", okID, "--debug")
	if res.code != 0 || strings.Contains(res.stderr, "warm-up") || len(fake.Requests()) != 2 {
		t.Errorf("regenerate: exit %d, %d requests, stderr:\n%s", res.code, len(fake.Requests()), res.stderr)
	}
}

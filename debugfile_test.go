// This file tests that the interactive app's --debug log goes to a
// private file and never to the screen.

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/kyclink/kyclink/client/spheretest"
	"github.com/kyclink/kyclink/ui"
)

func TestInteractiveDebugGoesToAPrivateFile(t *testing.T) {
	r, _ := fakeAPI(t)
	r.tty = true
	state := t.TempDir()
	r.env["XDG_STATE_HOME"] = state
	var link string
	r.tui = func(ctx context.Context, o ui.Options) error { // what the app would do
		l, err := o.Client.RegenerateKYCLinkWithKey(ctx, okID, "")
		link = l.URL
		return err
	}
	res := r.run(t, "--debug")
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	path := filepath.Join(state, "kyclink", "debug.log")
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("debug file %s: %v, mode %v", path, err, info.Mode())
	}
	if dir, _ := os.Stat(filepath.Dir(path)); dir.Mode().Perm() != 0o700 {
		t.Errorf("debug directory mode %v", dir.Mode().Perm())
	}
	log, _ := os.ReadFile(path)
	if !bytes.Contains(log, []byte("→ POST")) || bytes.Contains(log, []byte(spheretest.DemoKey)) || bytes.Contains(log, []byte(link)) {
		t.Errorf("debug log:\n%s", log)
	}
	if res.stdout != "" || res.stderr != "" {
		t.Errorf("debug reached the screen: %q %q", res.stdout, res.stderr)
	}
}

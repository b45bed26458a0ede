//go:build unix

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/gateway"
)

// Signing in to a gateway of tokens on a terminal asks for the agent's
// token, which is what the agent was handed, not for "API key".
func TestLoginAtAGatewayAsksForTheToken(t *testing.T) {
	url, _, token := teamGateway(t, "ana", gateway.RoleAgent)
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pty: %v", err)
	}
	defer ptmx.Close()
	defer tty.Close()
	var out, errOut bytes.Buffer
	cfg := t.TempDir()
	env := map[string]string{"XDG_CONFIG_HOME": cfg, "XDG_STATE_HOME": t.TempDir(), "HOME": t.TempDir()}
	a := &app{
		stdin: tty, stdout: &out, stderr: &errOut,
		getenv: func(k string) string { return env[k] },
		isTTY:  func() bool { return true },
		now:    time.Now,
		tweak:  func(*client.Options) {},
	}
	go func() { _, _ = ptmx.Write([]byte(token + "\r")) }()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if code := a.run(ctx, []string{"auth", "login", "--base-url", url, "--insecure-storage"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	host := strings.TrimPrefix(url, "http://")
	if want := "Your token for the kyclink gateway at " + host + " (it will not show): "; !strings.Contains(errOut.String(), want) {
		t.Errorf("prompt: %q, want %q", errOut.String(), want)
	}
	kept, err := os.ReadFile(filepath.Join(cfg, "kyclink", "key-"+strings.ReplaceAll(host, ":", "_")))
	if err != nil || strings.TrimSpace(string(kept)) != token {
		t.Errorf("the token kept: %v", err)
	}
}

//go:build unix

// This file tests that the API key in the environment never reaches a
// child process.

package main

import (
	"os"
	"os/exec"
	"testing"

	"github.com/kyclink/kyclink/client/spheretest"
)

func TestTheKeyIsTakenOutOfTheEnvironment(t *testing.T) {
	t.Setenv(keyVar, spheretest.DemoKey)
	a := newApp() // as main() starts
	if v, ok := os.LookupEnv(keyVar); ok {
		t.Errorf("still in the environment: %d characters", len(v))
	}
	if got := a.getenv(keyVar); got != spheretest.DemoKey {
		t.Errorf("the app lost the key it read (%d characters)", len(got))
	}
	if a.getenv("PATH") != os.Getenv("PATH") {
		t.Error("other variables are not passed on")
	}
	// A child (a clipboard tool, say) started the usual way inherits none.
	out, err := exec.Command("sh", "-c", `printf %s "${`+keyVar+`-unset}"`).Output()
	if err != nil || string(out) != "unset" {
		t.Errorf("a child sees %q (%v)", out, err)
	}
}

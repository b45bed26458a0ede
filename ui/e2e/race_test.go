//go:build race && !windows

package e2e

const raceEnabled = true

// This file owns where the API key comes from, SPHERE_API_KEY or a key file
// that only its owner can read, and never from a flag value.

package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"

	"github.com/kyclink/kyclink/client"
)

// apiKey reads the key from --api-key-file or SPHERE_API_KEY. The key is
// never taken from a flag value: it would show in `ps`.
func (a *app) apiKey() (string, error) {
	if path := a.flags.apiKeyFile; path != "" {
		return readKeyFile(path)
	}
	if key := strings.TrimSpace(a.getenv("SPHERE_API_KEY")); key != "" {
		if err := client.CheckAPIKey(key); err != nil {
			return "", &authError{"SPHERE_API_KEY: " + err.Error()}
		}
		return key, nil
	}
	return "", &authError{`no API key: set SPHERE_API_KEY (export SPHERE_API_KEY=sk_live_…) or pass --api-key-file PATH; try --demo to look around without one`}
}

func readKeyFile(path string) (string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return "", &authError{fmt.Sprintf("API key file: %v", pathErr(err))}
	}
	if !info.Mode().IsRegular() {
		return "", &authError{fmt.Sprintf("API key file %s is not a regular file", path)}
	}
	// Windows permission bits say nothing about who can read the file.
	if runtime.GOOS != "windows" && info.Mode().Perm()&0o077 != 0 {
		return "", &authError{fmt.Sprintf("API key file %s is readable by others (mode %04o); run: chmod 600 %s", path, info.Mode().Perm(), path)}
	}
	f, err := os.Open(path)
	if err != nil {
		return "", &authError{fmt.Sprintf("API key file: %v", pathErr(err))}
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 8<<10)) // a key is short; do not slurp a wrong file
	if err != nil {
		return "", &authError{fmt.Sprintf("API key file: %v", pathErr(err))}
	}
	key := strings.TrimSpace(string(b))
	if err := client.CheckAPIKey(key); err != nil {
		return "", &authError{fmt.Sprintf("API key file %s must hold the key alone, on one line: %v", path, err)}
	}
	return key, nil
}

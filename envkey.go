// This file owns keeping the API key out of other processes: it is taken
// out of the environment before anything can start a child.

package main

import "os"

// keyVar is the environment variable the API key may come in.
const keyVar = "SPHERE_API_KEY"

// takeKeyFromEnv removes SPHERE_API_KEY from the process's environment
// and returns a getenv that still answers it from what was read. Every
// child kyclink starts (a clipboard tool, a D-Bus helper, a browser)
// inherits the environment: from here on it holds no key.
func takeKeyFromEnv() func(string) string {
	key, had := os.LookupEnv(keyVar)
	if had {
		_ = os.Unsetenv(keyVar)
	}
	return func(name string) string {
		if name == keyVar {
			return key
		}
		return os.Getenv(name)
	}
}

// This file owns the list of API hosts a key was kept for. A keychain
// cannot be asked which entries it holds, so `kyclink auth status` reads
// this list (host names only, never a key) to name every environment
// signed in, custom hosts included. Load stays the truth about a key.

package credentials

import (
	"path/filepath"
	"slices"
	"strings"
)

// hostsPath is ConfigDir/kyclink/hosts.
func (s Store) hostsPath() (string, bool) {
	if s.ConfigDir == "" {
		return "", false
	}
	return filepath.Join(s.ConfigDir, "kyclink", "hosts"), true
}

// Hosts lists the API hosts a key was kept for, in the order first kept;
// a list that cannot be read is no list.
func (s Store) Hosts() []string {
	path, ok := s.hostsPath()
	if !ok {
		return nil
	}
	text, err := readPlainText(path)
	if err != nil {
		return nil
	}
	return strings.Fields(text)
}

// remember adds a host to the list; forget takes it off. Both are best
// effort: the list only helps `auth status` find custom hosts.
func (s Store) remember(apiHost string) {
	if hosts := s.Hosts(); !slices.Contains(hosts, apiHost) {
		s.writeHosts(append(hosts, apiHost))
	}
}

func (s Store) forget(apiHost string) {
	hosts := s.Hosts()
	if i := slices.Index(hosts, apiHost); i >= 0 {
		s.writeHosts(slices.Delete(hosts, i, i+1))
	}
}

func (s Store) writeHosts(hosts []string) {
	if path, ok := s.hostsPath(); ok {
		if len(hosts) == 0 {
			_ = removeFile(path)
			return
		}
		_ = writePlainText(path, strings.Join(hosts, "\n")) // 0600 in 0700, like a key
	}
}

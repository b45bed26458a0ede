// This file owns the list of API hosts a key was kept for. A keychain
// cannot be asked which entries it holds, so `kyclink auth status` reads
// this list (host names only, never a key) to name every environment
// signed in, custom hosts included. Load stays the truth about a key.

package credentials

import (
	"path/filepath"
	"regexp"
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
	// The list is a file anyone with the user's rights may have edited:
	// only words shaped as a host are read (they are printed and asked
	// of the keychain), each once, and no more than maxHosts of them.
	var hosts []string
	for _, h := range strings.Fields(text) {
		if len(hosts) == maxHosts {
			break
		}
		if len(h) <= maxHostLen && hostShape.MatchString(h) && !slices.Contains(hosts, h) {
			hosts = append(hosts, h)
		}
	}
	return hosts
}

// A host in the list: a name or an IP address, with a port or not.
var hostShape = regexp.MustCompile(`^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?$`)

const (
	maxHosts   = 32  // more than an agent signs in to
	maxHostLen = 261 // a DNS name's 253, a colon and a port
)

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

// This file owns why a system-clipboard copy failed, in words that say what
// to do: no display (over SSH), no clipboard tool (and which package brings
// one on this system), or the tool itself failed.

package ui

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"runtime"
	"strings"
)

// ClipboardHost is what the reasons depend on: the OS, the environment,
// which programs exist, and the Linux distribution. Tests fill it in.
type ClipboardHost struct {
	GOOS     string
	Getenv   func(string) string
	LookPath func(string) (string, error)
	// OSRelease is /etc/os-release's content, "" when unknown.
	OSRelease string
}

// realHost is this machine, read once.
func realHost() *ClipboardHost {
	release, _ := os.ReadFile("/etc/os-release")
	return &ClipboardHost{GOOS: runtime.GOOS, Getenv: os.Getenv, LookPath: exec.LookPath, OSRelease: string(release)}
}

// why turns a failed copy into a reason; "" when the error says it best.
func (h *ClipboardHost) why(err error) string {
	if h == nil {
		h = realHost()
	}
	if errors.Is(err, errClipboardTimeout) || h.GOOS == "darwin" || h.GOOS == "windows" {
		return "" // pbcopy and clip.exe are always there: the error is the news
	}
	wayland, x11 := h.Getenv("WAYLAND_DISPLAY") != "", h.Getenv("DISPLAY") != ""
	if !wayland && !x11 {
		return "no display here (over SSH?), so only the terminal can take it"
	}
	tool := h.tool(wayland)
	if tool == "" {
		return "no clipboard tool installed: " + h.installHint(wayland)
	}
	return tool + " failed: " + sanitizeOneLine(firstLine(err.Error()))
}

// inTmux reports whether the app runs inside tmux.
func (h *ClipboardHost) inTmux() bool {
	if h == nil {
		return os.Getenv("TMUX") != ""
	}
	return h.Getenv("TMUX") != ""
}

// tool is the program atotto/clipboard runs, in its order, "" for none.
func (h *ClipboardHost) tool(wayland bool) string {
	candidates := []string{"xclip", "xsel", "termux-clipboard-set"}
	if wayland {
		candidates = append([]string{"wl-copy"}, candidates...)
	}
	for _, c := range candidates {
		if _, err := h.LookPath(c); err == nil {
			return c
		}
	}
	return ""
}

// installHint names the package, and the command for this distribution.
func (h *ClipboardHost) installHint(wayland bool) string {
	pkg := "xclip"
	if wayland {
		pkg = "wl-clipboard"
	}
	family := osReleaseField(h.OSRelease, "ID") + " " + osReleaseField(h.OSRelease, "ID_LIKE")
	for _, pm := range []struct{ id, cmd string }{
		{"debian", "sudo apt install "}, {"ubuntu", "sudo apt install "}, {"fedora", "sudo dnf install "},
		{"rhel", "sudo dnf install "}, {"arch", "sudo pacman -S "}, {"alpine", "sudo apk add "},
		{"suse", "sudo zypper install "},
	} {
		if strings.Contains(family, pm.id) {
			return pm.cmd + pkg
		}
	}
	return "install " + pkg
}

// osReleaseField reads KEY=value (quotes removed) from os-release text.
func osReleaseField(text, key string) string {
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok && k == key {
			return strings.ToLower(strings.Trim(v, `"'`))
		}
	}
	return ""
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

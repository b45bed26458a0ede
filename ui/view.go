// This file owns the frame every screen shares: the header with the
// environment badge, the body's place, the status line and the help bar.

package ui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/kyclink/kyclink/client"
)

// View implements tea.Model. It only lays out what Update prepared, and
// never grows taller than the window.
func (m Model) View() string {
	if m.width == 0 {
		return "" // no size yet: the first WindowSizeMsg follows at once
	}
	if m.lay.tooSmall {
		return m.tooSmallView()
	}
	body := m.bodyLines()
	for len(body) < m.lay.bodyH {
		body = append(body, "")
	}
	return m.headerView() + "\n\n" + strings.Join(body, "\n") + "\n" + m.footerView()
}

func (m Model) tooSmallView() string {
	w, h := m.minSize()
	msg := fmt.Sprintf("Window too small: %d×%d.\nThis screen needs at least %d×%d.\nEverything is kept: enlarge the window to go on.\nctrl+c or q quits.",
		m.width, m.height, w, h)
	return lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center,
		m.st.Strong.Render(msg), lipgloss.WithWhitespaceChars(" "))
}

func (m Model) headerView() string {
	env := m.o.Environment
	badge := m.st.BadgeDemo
	switch env.Kind {
	case client.EnvProduction:
		badge = m.st.BadgeProduction
	case client.EnvSandbox:
		badge = m.st.BadgeSandbox
	case client.EnvCustom:
		badge = m.st.BadgeCustom
	}
	line := m.st.AppName.Render("kyclink") + "  " + badge.Render(env.Name())
	if env.Host != "" {
		line += "  " + m.st.HeaderHost.Render(env.Host)
	}
	if room := m.width - margin - lipgloss.Width(line) - 2; m.o.HeaderNote != "" && room >= 8 {
		line += "  " + m.st.HeaderHost.Render(ansi.Truncate(m.o.HeaderNote, room, "…"))
	}
	return indent(line)
}

// bodyView is the body of the screens that do not scroll.
func (m Model) bodyView() string {
	switch m.screen {
	case screenLoading:
		return m.loadingView()
	case screenHistory:
		return m.historyView()
	case screenSearch:
		return m.searchView()
	}
	return m.inputView()
}

// footerHeight is the rows the status line and help take.
func (m *Model) footerHeight() int {
	return len(m.statusLines()) + lipgloss.Height(m.helpView())
}

func (m Model) footerView() string {
	lines := append(m.statusLines(), m.helpView())
	return strings.Join(lines, "\n")
}

// statusLines is the status, wrapped to at most two rows, or the
// question, whole: the agent must read what y does.
func (m Model) statusLines() []string {
	var text string
	style, asking := m.st.StatusWarning, m.confirm.asking()
	switch {
	case asking:
		text, style = m.confirmQuestion(), m.st.Confirm
	case m.status != "":
		text = m.status
		if m.statusOK {
			style = m.st.StatusOK
		}
	case m.followingLine() != "": // one quiet row, the height of none
		return []string{indent(m.st.Muted.Render(ansi.Truncate(m.followingLine(), m.width-margin, "…")))}
	default:
		return []string{""}
	}
	lines := wrapLines(text, max(m.width-margin, 10))
	if len(lines) > maxStatusRows && !asking {
		lines = lines[:maxStatusRows]
		lines[maxStatusRows-1] = truncate(lines[maxStatusRows-1], m.width-margin-1) + "…"
	}
	for i, l := range lines {
		lines[i] = indent(style.Render(l))
	}
	return lines
}

func (m Model) helpView() string {
	keys := m.keys.helpFor(m.screen, m.confirm, m.lay.scroll)
	if m.help.ShowAll {
		return indent(m.help.FullHelpView(fitColumns(m.help, keys.full, m.width-margin)))
	}
	return indent(fitBar(m.help, keys.short, m.width-margin))
}

// fitBar is the help bar in w cells: when it is too wide, keys are
// dropped, the last ones before ? first, so that ? (which lists them all)
// and the way out stay. The help's own cut can drop quit, or, a key short
// of the ellipsis's room, run past the window's edge.
func fitBar(h help.Model, bar []key.Binding, w int) string {
	h.Width = 0 // measure uncut
	for {
		out := h.ShortHelpView(bar)
		if lipgloss.Width(out) <= w {
			return out
		}
		at := slices.IndexFunc(bar, func(b key.Binding) bool { return b.Help().Key == "?" })
		drop := -1 // the last key shown before ?
		for i := range max(at, 0) {
			if bar[i].Enabled() {
				drop = i
			}
		}
		if drop < 0 {
			h.Width = w // nothing left to drop: the help's own cut
			return h.ShortHelpView(bar)
		}
		bar = slices.Delete(slices.Clone(bar), drop, drop+1)
	}
}

// fitColumns regroups the full help into fewer, taller columns when its
// columns side by side are wider than w, which the help would cut off
// (scrolling keys first): every key stays in view.
func fitColumns(h help.Model, cols [][]key.Binding, w int) [][]key.Binding {
	h.Width = 0 // measure uncut
	if lipgloss.Width(h.FullHelpView(cols)) <= w {
		return cols
	}
	var all []key.Binding
	for _, col := range cols {
		for _, b := range col {
			if b.Enabled() {
				all = append(all, b)
			}
		}
	}
	for rows := 2; rows < len(all); rows++ {
		var regrouped [][]key.Binding
		for rest := all; len(rest) > 0; rest = rest[min(rows, len(rest)):] {
			regrouped = append(regrouped, rest[:min(rows, len(rest))])
		}
		if lipgloss.Width(h.FullHelpView(regrouped)) <= w {
			return regrouped
		}
	}
	return [][]key.Binding{all}
}

func (m *Model) setStatus(s string, ok bool) { m.status, m.statusOK, m.copied = s, ok, nil }

// indent adds the left margin to every line.
func indent(s string) string {
	pad := strings.Repeat(" ", margin)
	return pad + strings.ReplaceAll(s, "\n", "\n"+pad)
}

// This file owns the keys: every binding with its help text, and which of
// them each screen offers.

package ui

import "github.com/charmbracelet/bubbles/key"

// KeyMap is every binding of the app. On the input screen the text field
// owns the letters (customer IDs contain c, r, s…), so letter commands
// exist only on the screens without a field.
type KeyMap struct {
	Submit, History, ClearField, LowerCase     key.Binding
	Help, CloseHelp                            key.Binding
	Quit, ForceQuit                            key.Binding
	Cancel                                     key.Binding
	Copy, Regenerate, ToggleQR, NewCustomer    key.Binding
	Card                                       key.Binding
	KYCLink, TermsLink                         key.Binding
	SendEmail, SendPhone, FaceLink             key.Binding
	SendAgain, KeepCode, KYCNow                key.Binding
	Yes, No, ShowCurrent, Keep                 key.Binding
	Anyway, NotNow, LookUpAnyway               key.Binding
	Retry, EditID, EditSearch, CopyCorrelation key.Binding
	Up, Down, Open, Back                       key.Binding
	// Results: Esc on a card picked from search results goes back to them.
	Results                                key.Binding
	ScrollUp, ScrollDown, PageUp, PageDown key.Binding
}

// DefaultKeyMap is the documented key table.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Submit:          key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "submit")),
		History:         key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "history")),
		ClearField:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear")),
		LowerCase:       key.NewBinding(key.WithKeys("ctrl+l"), key.WithHelp("ctrl+l", "lower case")),
		Help:            key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		CloseHelp:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("?/esc", "close help")),
		Quit:            key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit:       key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Cancel:          key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Copy:            key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy")),
		KYCLink:         key.NewBinding(key.WithKeys("k"), key.WithHelp("k", "KYC link")),
		TermsLink:       key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "terms link")),
		SendEmail:       key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "code by email")),
		SendPhone:       key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "code by phone")),
		FaceLink:        key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "face link")),
		KYCNow:          key.NewBinding(key.WithKeys("k"), key.WithHelp("k", "KYC link now")),
		SendAgain:       key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "send another")),
		KeepCode:        key.NewBinding(key.WithKeys("enter", "n", "esc"), key.WithHelp("enter/n/esc", "keep the first")),
		Regenerate:      key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "regenerate")),
		ToggleQR:        key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "QR")),
		NewCustomer:     key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n", "new")),
		Card:            key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "back to the card")),
		Results:         key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back to the results")),
		Yes:             key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "new link")),
		No:              key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "cancel")),
		ShowCurrent:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "show current link")),
		Anyway:          key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "make it anyway")),
		LookUpAnyway:    key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "look it up")),
		NotNow:          key.NewBinding(key.WithKeys("enter", "n", "esc"), key.WithHelp("enter/n/esc", "no link")),
		Keep:            key.NewBinding(key.WithKeys("enter", "n", "esc"), key.WithHelp("enter/n/esc", "keep this one")),
		Retry:           key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "retry")),
		EditID:          key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "edit ID")),
		EditSearch:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "edit search")),
		CopyCorrelation: key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy correlation ID")),
		Up:              key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/↓", "move")),
		Down:            key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓", "down")),
		Open:            key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Back:            key.NewBinding(key.WithKeys("tab", "esc"), key.WithHelp("tab/esc", "back")),
		ScrollUp:        key.NewBinding(key.WithKeys("up"), key.WithHelp("↑/↓", "scroll")),
		ScrollDown:      key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "scroll down")),
		PageUp:          key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup/pgdn", "page")),
		PageDown:        key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
	}
}

// screenKeys is the help.KeyMap of one screen: the short line shows the
// essentials, ? shows them all.
type screenKeys struct {
	short []key.Binding
	full  [][]key.Binding
}

func (s screenKeys) ShortHelp() []key.Binding  { return s.short }
func (s screenKeys) FullHelp() [][]key.Binding { return s.full }

// helpFor returns the bindings that apply to a screen, in the table's order.
// A body that scrolls adds its keys to the full help; the marks above and
// below the body name them too.
func (k KeyMap) helpFor(sc screen, c confirmation, scrolls bool) screenKeys {
	if c.unusual != "" { // an ID not of the usual shape
		keys := []key.Binding{k.LookUpAnyway, k.No}
		return screenKeys{short: keys, full: [][]key.Binding{keys}}
	}
	if c.code != "" { // a second code would make the first useless
		keys := []key.Binding{k.SendAgain, k.KeepCode}
		return screenKeys{short: keys, full: [][]key.Binding{keys}}
	}
	if c.why != "" { // Sphere doubts the link is needed
		keys := []key.Binding{k.Anyway, k.NotNow}
		return screenKeys{short: keys, full: [][]key.Binding{keys}}
	}
	if c.recorded { // the earlier link is not kept: nothing to show
		keys := []key.Binding{k.Yes, k.No}
		return screenKeys{short: keys, full: [][]key.Binding{keys}}
	}
	confirming := c.asking()
	keys := k.screenHelp(sc, confirming)
	if scrolls && !confirming {
		keys.full = append(keys.full, []key.Binding{k.ScrollUp, k.PageUp})
	}
	return keys
}

func (k KeyMap) screenHelp(sc screen, confirming bool) screenKeys {
	switch {
	case confirming && sc == screenInput:
		keys := []key.Binding{k.ShowCurrent, k.Yes, k.No}
		return screenKeys{short: keys, full: [][]key.Binding{keys}}
	case confirming:
		keys := []key.Binding{k.Yes, k.Keep}
		return screenKeys{short: keys, full: [][]key.Binding{keys}}
	case sc == screenInput:
		quit := k.ForceQuit
		return screenKeys{
			short: []key.Binding{k.Submit, k.History, k.ClearField, k.Help, quit},
			full:  [][]key.Binding{{k.Submit, k.ClearField}, {k.History, k.CloseHelp, quit}},
		}
	case sc == screenLoading:
		return screenKeys{
			short: []key.Binding{k.Cancel, k.ForceQuit},
			full:  [][]key.Binding{{k.Cancel, k.ForceQuit}},
		}
	case sc == screenResult:
		return screenKeys{
			short: []key.Binding{k.KYCNow, k.Copy, k.Regenerate, k.ToggleQR, k.NewCustomer, k.History, k.Help, k.Quit},
			full:  [][]key.Binding{{k.KYCNow, k.Copy, k.Regenerate, k.ToggleQR}, {k.Card, k.NewCustomer, k.History}, {k.CloseHelp, k.Quit}},
		}
	case sc == screenError:
		return screenKeys{
			// n (a new customer, as everywhere) is in the full help: the
			// short line must keep q at 70 columns.
			short: []key.Binding{k.Retry, k.EditID, k.CopyCorrelation, k.Help, k.Quit},
			full:  [][]key.Binding{{k.Retry, k.EditID, k.NewCustomer}, {k.CopyCorrelation}, {k.CloseHelp, k.Quit}},
		}
	case sc == screenCustomer:
		return screenKeys{
			short: []key.Binding{k.TermsLink, k.KYCLink, k.NewCustomer, k.History, k.Help, k.Quit},
			full:  [][]key.Binding{{k.TermsLink, k.KYCLink}, {k.SendEmail, k.SendPhone, k.FaceLink}, {k.Results, k.NewCustomer, k.History}, {k.CloseHelp, k.Quit}},
		}
	case sc == screenSearch:
		open := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open"))
		page := key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgup/pgdn", "page"))
		again := key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new search"))
		return screenKeys{
			short: []key.Binding{k.Up, open, page, again, k.Help, k.Quit},
			full:  [][]key.Binding{{k.Up, open, page}, {again, k.EditSearch, k.History}, {k.CloseHelp, k.Quit}},
		}
	default: // history
		return screenKeys{
			short: []key.Binding{k.Up, k.Open, k.Back, k.Help, k.Quit},
			full:  [][]key.Binding{{k.Up, k.Open}, {k.Back, k.CloseHelp, k.Quit}},
		}
	}
}

package client

import (
	"regexp"
	"strings"
	"testing"
)

const usualID = "customer_f31121c389624d3697cbf3ea8830b7a4"

func TestClassifyCleansPastes(t *testing.T) {
	id := usualID
	ok := []string{id, "  " + id + " \n", `"` + id + `"`, "'" + id + "'", "“" + id + "”", "`" + id + "`\r\n", " \"" + id + "\" ",
		// A label, a chat's wrapped line, a stray or no-break space inside.
		"Customer ID: " + id, "customer id = " + id, "ID: `" + id + "`", "customer_f31121c389624d3697\ncbf3ea8830b7a4",
		"customer_f31121c389624d3697cbf3ea8830 b7a4", "customer_f31121c3896\u00a024d3697cbf3ea8830b7a4",
		// Issue 19, item 7: the end of a sentence, a remark after it, a URL holding it.
		id + ".", id + ",", id + ")", "(" + id + ")", id + " (Bob)", id + "(Bob)", id + "  Bob Example", "Customer ID: " + id + ".",
		"https://dashboard.spherepay.co/customers/" + id, "https://dashboard.spherepay.co/customers/" + id + "?tab=kyc",
		"https://api.spherepay.co/v2/customer/" + id + "/kyc-link", "<https://dashboard.spherepay.co/c?customer=" + id + ">",
		"f31121c389624d3697cbf3ea8830b7a4", "F31121C389624D3697CBF3EA8830B7A4.",
	}
	for _, in := range ok {
		got := ClassifyInput(in)
		if got.Kind != InputID || got.Text != id {
			t.Errorf("ClassifyInput(%q) = %+v, want the ID", in, got)
		}
	}
	if n := ClassifyInput(id[len("customer_"):]).Note; !strings.Contains(n, "customer_") {
		t.Errorf("32 bare hex digits: the note %q does not say customer_ was added", n)
	}
}

func TestClassifyTellsKindsApart(t *testing.T) {
	tests := []struct {
		in   string
		kind InputKind
		text string
	}{
		{"alice@example.com", InputEmail, "alice@example.com"},
		{" <Alice@Example.COM>\n", InputEmail, "Alice@Example.COM"},
		{"alice@example.com.", InputEmail, "alice@example.com"},
		{"customer_care@example.com", InputEmail, "customer_care@example.com"},
		{"cust@example.com", InputEmail, "cust@example.com"},
		{"alice@localhost", InputName, "alice@localhost"},
		{"a@b@example.com", InputName, "a@b@example.com"},
		{"Alice Example", InputName, "Alice Example"},
		{"Sample Bakery (London)", InputName, "Sample Bakery (London)"},
		{"example.com", InputName, "example.com"},
		{"Acme customers", InputName, "Acme customers"},
		{"https://example.com/about", InputName, "https://example.com/about"},
		{"   ", InputEmpty, ""},
		{usualID, InputID, usualID},
		{"customer_abc", InputUnusualID, "customer_abc"},
		{"customer_", InputBadID, ""},
		{"CUSTOMER_ABC", InputBadID, ""},
		{"cust_123", InputBadID, ""},
		{"Custodio", InputBadID, ""}, // the rule: anything starting "cust" is an attempt at an ID
		{"see customer_abc", InputBadID, ""},
		{strings.Repeat("a", MaxSearchLen+1), InputTooLong, ""},
		{strings.Repeat(")", 1<<20), InputTooLong, ""}, // refused before any cleaning: never slow
	}
	for _, tt := range tests {
		got := ClassifyInput(tt.in)
		if got.Kind != tt.kind || got.Text != tt.text {
			t.Errorf("ClassifyInput(%q) = %+v, want kind %d text %q", tt.in, got, tt.kind, tt.text)
		}
		if got.IsID() != (tt.kind == InputID || tt.kind == InputUnusualID || tt.kind == InputBadID) {
			t.Errorf("%q: IsID %v", tt.in, got.IsID())
		}
	}
}

// Issue 19, item 7: an ID that is not customer_ and 32 hex digits is never
// sent without a yes, and the reason names what is wrong.
func TestClassifyExplainsNearMisses(t *testing.T) {
	g40 := usualID[:39] + "g" + usualID[40:]
	cyr := usualID[:11] + "а" + usualID[12:] // U+0430, Cyrillic
	tests := []struct {
		in   string
		kind InputKind
		why  string
	}{
		{usualID[:40], InputUnusualID, "one digit short"},
		{usualID + "0", InputUnusualID, "one digit too many"},
		{g40, InputUnusualID, `'g' at position 40 is not a hex digit`},
		{"customer_abc", InputUnusualID, "3 characters after customer_"},
		{cyr, InputBadID, "Cyrillic letter 'а' (U+0430)"},
		{"", InputEmpty, ""},
		{"cust_123", InputBadID, `does not start with "customer_"`},
		{"CUSTOMER_ABC", InputBadID, "lower case"},
		{"customer_", InputBadID, `Nothing follows "customer_"`},
		{"customer_abc-def", InputBadID, `'-' at position 13 is not allowed`},
		{"customer_a\u200db", InputBadID, "An invisible character (U+200D) at position 11"},
		{"customer_x/../../y", InputBadID, `'/' at position 11 is not allowed`},
		{"customer_" + strings.Repeat("a", 200), InputBadID, "characters long"},
	}
	for _, tt := range tests {
		in := ClassifyInput(tt.in)
		if in.Kind != tt.kind || !strings.Contains(in.Why, tt.why) {
			t.Errorf("ClassifyInput(%q) = %+v, want kind %d saying %q", tt.in, in, tt.kind, tt.why)
		}
		id, err := in.ID(false)
		e, isAPI := err.(*APIError)
		if id != "" || !isAPI || e.Kind != KindInvalidInput {
			t.Errorf("ClassifyInput(%q).ID(false) = %q, %v: sent without a yes", tt.in, id, err)
		}
		// Never a real-looking ID an agent could copy by mistake.
		if isAPI && regexp.MustCompile(`customer_[0-9a-f]{8,}`).MatchString(e.Detail) {
			t.Errorf("ClassifyInput(%q) shows an ID: %q", tt.in, e.Detail)
		}
		if tt.kind == InputBadID && !strings.Contains(e.Detail, CustomerIDPattern) {
			t.Errorf("ClassifyInput(%q): %q does not say what an ID looks like", tt.in, e.Detail)
		}
	}
	// A yes sends an unusual ID (Sphere's pattern allows it), never a bad one.
	if id, err := ClassifyInput(g40).ID(true); id != g40 || err != nil {
		t.Errorf("an unusual ID with a yes: %q, %v", id, err)
	}
	if id, err := ClassifyInput(cyr).ID(true); id != "" || err == nil {
		t.Errorf("a Cyrillic letter with a yes: %q, %v", id, err)
	}
	if _, err := ClassifyInput("customer_abc").ID(false); err.(*APIError).Code != CodeUnusualID {
		t.Error("an unusual ID is not marked as refused for want of a yes")
	}
	up := ClassifyInput(strings.ToUpper(usualID))
	if _, err := up.ID(true); err.(*APIError).Code != CodeUpperCaseID || up.Fix != usualID {
		t.Errorf("upper case is not marked as the case with a sure fix: %+v", up)
	}
}

// Issue 19, item 12: input holding the key, or any 8-character piece of
// it, is refused as an ID and as a search, and the words never repeat it.
func TestClassifyRefusesTheKey(t *testing.T) {
	const key = "secret_live_0123456789abcdefXYZ"
	c := &Client{redact: newRedactor(key)}
	for _, in := range []string{key, "  " + key + "\n", "customer_" + key[7:], "Alice " + key[3:11], key[10:18] + "@example.com",
		"secret_live_0123 456789abcdef", "Customer ID: " + key} {
		got := c.Classify(in)
		if got.Kind != InputKind(InputKey) || got.Text != "" {
			t.Errorf("Classify(%q) = %+v, want the key refused", in, got)
		}
		_, idErr := got.ID(true)
		_, qErr := got.Query()
		for _, err := range []error{idErr, qErr} {
			if err == nil || !strings.Contains(err.Error(), "looks like your API key: nothing was sent") || strings.Contains(err.Error(), key[10:18]) {
				t.Errorf("Classify(%q): %v", in, err)
			}
		}
	}
	if got := c.Classify("secret_l"); got.Kind == InputKey { // 8 characters of the key: refused
	} else {
		t.Errorf("8 characters of the key: %+v", got)
	}
	if got := c.Classify("secret_"); got.Kind != InputName { // 7 are too common to refuse
		t.Errorf("7 characters: %+v", got)
	}
}

func FuzzClassifyInput(f *testing.F) {
	for _, s := range []string{usualID, ` "customer_abc" `, "CUSTOMER_X", "", "customer_\x00", "“customer_1”", "https://x/customer_1).", "f31121c389624d3697cbf3ea8830b7a4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		in := ClassifyInput(s)
		id, err := in.ID(true)
		if err != nil {
			if id != "" {
				t.Fatalf("error with an ID %q", id)
			}
			return
		}
		if !customerIDPattern.MatchString(id) {
			t.Fatalf("accepted %q as %q", s, id)
		}
		if again := ClassifyInput(id); again.Text != id || again.Kind != in.Kind {
			t.Fatalf("not stable: %q -> %+v -> %+v", s, in, again)
		}
	})
}

// BenchmarkClassify reads a paste as the field does on every keystroke:
// with the key check, the cleaning and the ID's checks.
func BenchmarkClassify(b *testing.B) {
	c := &Client{redact: newRedactor("secret_live_0123456789abcdefXYZ")}
	for name, in := range map[string]string{"labelled-id": "Customer ID: " + usualID + " (Bob).", "name": "Alice Example",
		"url": "https://dashboard.spherepay.co/customers/" + usualID + "?tab=kyc"} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c.Classify(in)
			}
		})
	}
}

// A key broken up by characters the screen never shows (a zero-width
// non-joiner, a word joiner, a soft hyphen, an escape sequence, a
// control) is the key once shown: Sanitize drops them, so Classify must
// see through them too, or the key is searched for and echoed whole.
func TestClassifyRefusesTheKeyBehindInvisibles(t *testing.T) {
	const key = "secret_live_0123456789abcdefXYZ"
	c := &Client{redact: newRedactor(key)}
	for _, sep := range []string{"\u200c", "\u2060", "\u00ad", "\x1b[0m", "\x7f", "\u202e"} {
		var b strings.Builder
		for i, r := range key {
			if i > 0 && i%4 == 0 {
				b.WriteString(sep)
			}
			b.WriteRune(r)
		}
		got := c.Classify(b.String())
		if got.Kind != InputKey || got.Text != "" {
			t.Errorf("the key split by %q: %+v (shown as %q)", sep, got, Sanitize(got.Text))
		}
	}
}

// A web address that carries a user name or password (a dashboard URL
// copied with its sign-in) and no customer ID is not a search: it is
// never sent to Sphere, and what is said of it never repeats it.
func TestClassifyRefusesAURLWithUserInfo(t *testing.T) {
	for _, s := range []string{"https://agent:hunter2@dash.example/customers", "HTTP://hunter2@dash.example/", " https://agent:hunter2@dash.example/?q=x "} {
		in := ClassifyInput(s)
		_, qErr := in.Query()
		_, idErr := in.ID(true)
		for _, err := range []error{qErr, idErr} {
			if err == nil || strings.Contains(err.Error(), "hunter2") || strings.Contains(in.Why+in.Text+in.Note, "hunter2") {
				t.Errorf("%q: %+v, %v", s, in, err)
			}
		}
	}
	// With an ID in it, the ID alone is read out, as from any URL.
	if in := ClassifyInput("https://agent:hunter2@dash.example/customers/" + usualID); in.Kind != InputID || in.Text != usualID {
		t.Errorf("the ID is not read out: %+v", in)
	}
}

func TestClassifyRefusesAnUnreadableURLWithAnAt(t *testing.T) {
	if in := ClassifyInput("https://agent:hun ter2@dash.example/"); in.Kind != InputSignInURL {
		t.Errorf("%+v", in)
	}
}

// A name or an email address pasted with characters a screen hides or
// acts on (bidi overrides, zero-width joiners, escape sequences) is sent
// to Sphere as it reads, without them: never raw.
func TestClassifyCleansHiddenCharactersFromASearch(t *testing.T) {
	for _, tt := range []struct {
		in   string
		kind InputKind
		want string
	}{
		{"Ali\u202ece Exa\u200dmple", InputName, "Alice Example"},
		{"\x1b]0;x\x07Bob", InputName, "Bob"},
		{"erin\u2066@example.com", InputEmail, "erin@example.com"},
		{"dan\u00ad.sample@example.com", InputEmail, "dan.sample@example.com"},
		{"\u1112\u1161\u11ab Kim", InputName, "\u1112\u1161\u11ab Kim"}, // conjoining jamo: searched as typed
	} {
		got := ClassifyInput(tt.in)
		q, err := got.Query()
		if got.Kind != tt.kind || q != tt.want || err != nil {
			t.Errorf("%q: %+v, %q, %v; want %q", tt.in, got, q, err, tt.want)
		}
	}
}

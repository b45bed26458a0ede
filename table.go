// This file owns the cells of the tables the commands print (search, log):
// one line each, safe for a terminal, never empty, never too wide.

package main

import (
	"strings"
	"time"

	"github.com/kyclink/kyclink/client"
)

// maxCell is the widest a table cell grows, in characters.
const maxCell = 48

// cell is a field made safe for one table cell: no escape sequence, tab or
// line break, at most maxCell characters, "-" when empty, so no text from
// Sphere can start a line of its own or push the columns apart.
func cell(s string) string {
	s = strings.Join(strings.Fields(client.Sanitize(s)), " ")
	if s == "" {
		return "-"
	}
	if r := []rune(s); len(r) > maxCell {
		s = string(r[:maxCell-1]) + "…"
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// location is where times are shown: the app's zone (tests fix one), else
// the local one.
func (a *app) location() *time.Location {
	if a.loc == nil {
		return time.Local
	}
	return a.loc
}

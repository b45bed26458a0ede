// This file owns the search by every word: Sphere matches a piece of one
// field, so "Alice Example" finds no one; kyclink then searches the longest
// word and keeps the customers whose name or email holds every word.

package client

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"
)

// everyWordPages bounds the pages of the longest word's search read for
// one answer: at MaxSearchLimit each, 200 customers.
const everyWordPages = 4

// EveryWord says how a page was found when the whole query found nothing.
type EveryWord struct {
	Query    string // what was typed
	Searched string // the word Sphere was asked for
	// Partial is set when the word found more customers than kyclink
	// reads, so some that hold every word may be missing.
	Partial bool
}

// Note says so, in one line.
func (e EveryWord) Note() string {
	s := fmt.Sprintf("matched every word of “%s” in names and emails (Sphere found no one for the whole; searched “%s”", e.Query, e.Searched)
	if e.Partial {
		s += fmt.Sprintf(": among the first %d customers it found", everyWordPages*MaxSearchLimit)
	}
	return s + ")"
}

// everyWord searches the longest word and keeps the customers whose name
// or email holds every word, any case; page and limit then slice them.
func (c *Client) everyWord(ctx context.Context, words []string, page, limit int) (CustomerPage, error) {
	longest := words[0]
	for _, w := range words[1:] {
		if utf8.RuneCountInString(w) > utf8.RuneCountInString(longest) {
			longest = w
		}
	}
	ew := &EveryWord{Query: strings.Join(words, " "), Searched: longest}
	kept := []Customer{}
	for p := 1; p <= everyWordPages; p++ {
		pg, err := c.searchPage(ctx, longest, false, p, MaxSearchLimit)
		if err != nil {
			return CustomerPage{}, err
		}
		for _, cu := range pg.Customers {
			if holdsEveryWord(cu, words) {
				kept = append(kept, cu)
			}
		}
		if !pg.HasNext {
			break
		}
		ew.Partial = p == everyWordPages
	}
	total := len(kept)
	pages := (total + limit - 1) / limit
	from := min((page-1)*limit, total)
	return CustomerPage{
		Customers: kept[from:min(from+limit, total)],
		Page:      page, Limit: limit, Total: total, TotalPages: pages,
		HasNext: page < pages, HasPrevious: page > 1,
		EveryWord: ew,
	}, nil
}

// holdsEveryWord reports whether each word is in the customer's name or
// email address, in any case.
func holdsEveryWord(cu Customer, words []string) bool {
	hay := strings.ToLower(strings.Join([]string{cu.FirstName, cu.LastName, cu.BusinessLegalName, cu.BusinessTradeName, cu.Name(), cu.Email}, " "))
	for _, w := range words {
		if !strings.Contains(hay, strings.ToLower(w)) {
			return false
		}
	}
	return true
}

// This file owns reading the record back, newest first: every file of it
// that may hold entries since a time, a damaged line skipped and counted.

package audit

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"sort"
	"time"
)

// Filter chooses entries: since a time (zero: all), of one customer ("":
// any).
type Filter struct {
	Since      time.Time
	CustomerID string
}

func (f Filter) keeps(e Entry) bool {
	if !f.Since.IsZero() && e.Time.Before(f.Since) {
		return false
	}
	if f.CustomerID == "" || e.CustomerID == f.CustomerID {
		return true
	}
	for _, id := range e.CustomerIDs {
		if id == f.CustomerID {
			return true
		}
	}
	return false
}

// Read returns the record's entries that f keeps, newest first. damaged
// counts the lines that are not entries; err is the first file that could
// not be read, whose entries are missing. Neither stops the others.
func (l *Log) Read(f Filter) (entries []Entry, damaged int, err error) {
	for _, path := range l.files() {
		if info, serr := os.Stat(path); serr == nil && !f.Since.IsZero() && info.ModTime().Before(f.Since) && path != l.Path {
			continue // written to last before the window opened
		}
		got, bad, rerr := readFile(path, f)
		entries, damaged = append(entries, got...), damaged+bad
		if rerr != nil && err == nil {
			err = rerr
		}
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].Time.After(entries[j].Time) })
	return entries, damaged, err
}

// readFile reads one file of the record, oldest line first.
func readFile(path string, f Filter) (entries []Entry, damaged int, err error) {
	file, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, 0, nil
		}
		return nil, 0, err
	}
	defer file.Close()
	r := bufio.NewReaderSize(file, 64<<10)
	for {
		line, rerr := r.ReadBytes('\n')
		if line = bytes.TrimSpace(line); len(line) > 0 {
			var e Entry
			if json.Unmarshal(line, &e) != nil || !e.valid() {
				damaged++
			} else if f.keeps(e) {
				entries = append(entries, e)
			}
		}
		if rerr == io.EOF {
			return entries, damaged, nil
		}
		if rerr != nil {
			return entries, damaged, rerr
		}
	}
}

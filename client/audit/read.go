// This file owns reading the record back, newest first: from the end of
// each file backwards, stopping once the lines are older than asked for,
// a damaged line skipped and counted.

package audit

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"slices"
	"sort"
	"time"
)

// Filter chooses entries: since a time (zero: all), of one customer ("":
// any), of some actions (nil: any).
type Filter struct {
	Since      time.Time
	CustomerID string
	Actions    []string
}

func (f Filter) keeps(e Entry) bool {
	if !f.Since.IsZero() && e.Time.Before(f.Since) {
		return false
	}
	if f.Actions != nil && !slices.Contains(f.Actions, e.Action) {
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

// disorder is how far out of time order two processes' lines may be
// written (each stamps its entry before it waits for the lock): reading
// backwards stops only at a line this much older than Since.
const disorder = 10 * time.Minute

// Read returns the record's entries that f keeps, newest first. damaged
// counts the lines read that are not entries; err is the first file that
// could not be read, whose entries are missing. Neither stops the others.
// With f.Since set, only the record's tail back to that time is read.
func (l *Log) Read(f Filter) (entries []Entry, damaged int, err error) {
	files := l.files()
	for i := len(files) - 1; i >= 0; i-- { // the newest file first
		got, bad, done, rerr := readFile(files[i], f)
		entries, damaged = append(entries, got...), damaged+bad
		if rerr != nil && err == nil {
			err = rerr
		}
		if done {
			break
		}
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].Time.After(entries[j].Time) })
	return entries, damaged, err
}

// readFile reads one file of the record from its end. done says it met a
// line old enough that no older file needs reading.
func readFile(path string, f Filter) (entries []Entry, damaged int, done bool, err error) {
	file, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, 0, false, nil
		}
		return nil, 0, false, err
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		return nil, 0, false, err
	}
	err = readBackwards(file, info.Size(), func(line []byte) bool {
		if line = bytes.TrimSpace(line); len(line) == 0 {
			return true
		}
		var e Entry
		if json.Unmarshal(line, &e) != nil || !e.valid() {
			damaged++
			return true
		}
		if !f.Since.IsZero() && e.Time.Before(f.Since.Add(-disorder)) {
			done = true
			return false
		}
		if f.keeps(e) {
			entries = append(entries, e)
		}
		return true
	})
	return entries, damaged, done, err
}

// readBackwards calls fn with each line of the first size bytes of r, the
// last line first, until fn returns false. It reads 64 KiB at a time.
func readBackwards(r interface {
	ReadAt([]byte, int64) (int, error)
}, size int64, fn func(line []byte) bool) error {
	const chunk = 64 << 10
	var partial []byte // the start of a line whose beginning is not read yet
	for off := size; off > 0; {
		n := min(chunk, off)
		off -= n
		buf := make([]byte, n, n+int64(len(partial)))
		if _, err := r.ReadAt(buf, off); err != nil {
			return err
		}
		buf = append(buf, partial...)
		for {
			i := bytes.LastIndexByte(buf, '\n')
			if i < 0 {
				break
			}
			if !fn(buf[i+1:]) {
				return nil
			}
			buf = buf[:i]
		}
		partial = buf
	}
	if len(partial) > 0 {
		fn(partial)
	}
	return nil
}

// This file owns reading the record back, newest first: from the end of
// each file backwards, stopping once the lines are older than asked for,
// a damaged or too long line skipped and counted. Files are opened as
// they are written (client/privfile): no link, no FIFO, the user's own.

package audit

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"time"

	"github.com/kyclink/kyclink/client/privfile"
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
// With f.Since set, only the record's tail back to that time is read. A
// folder that is not the user's own (CheckDir) is not read at all.
func (l *Log) Read(f Filter) (entries []Entry, damaged int, err error) {
	if err := l.CheckDir(); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, 0, nil // no record yet
		}
		return nil, 0, err
	}
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
	file, err := privfile.Open(path, os.O_RDONLY, privfile.Tighten)
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
	err = readBackwards(file, info.Size(), func(line []byte, whole bool) bool {
		if !whole {
			damaged++ // longer than MaxLine: never an entry kyclink wrote
			return true
		}
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

// CheckDir checks the record's folder before anything in it is read or
// written: a real folder of the user's own (one left open is closed to
// 0700). A symbolic link or another user's folder is a *privfile.Error:
// the run goes on without the record. A missing folder is fs.ErrNotExist.
func (l *Log) CheckDir() error {
	return privfile.Dir(filepath.Dir(l.Path), privfile.Tighten)
}

// readBackwards calls fn with each line of the first size bytes of r, the
// last line first, until fn returns false. A line longer than MaxLine is
// not kept: fn gets it as (nil, false). It reads 64 KiB at a time, and
// copies each byte at most once more, so its time is linear in size.
func readBackwards(r io.ReaderAt, size int64, fn func(line []byte, whole bool) bool) error {
	const chunk = 64 << 10
	var b backwards
	buf := make([]byte, chunk)
	for off := size; off > 0; {
		n := min(chunk, off)
		off -= n
		data := buf[:n]
		if _, err := r.ReadAt(data, off); err != nil {
			return err
		}
		if !b.chunk(data, fn) {
			return nil
		}
	}
	b.first(fn)
	return nil
}

// backwards is readBackwards' state between chunks: the end of a line
// whose beginning is in a chunk not read yet.
type backwards struct {
	tail []byte // at most MaxLine bytes: the line's end, read so far
	long bool   // the line is longer than MaxLine: its bytes are dropped
}

// chunk hands fn every line that ends in data (the last one joined to the
// tail), and keeps data's first, unfinished line as the new tail.
func (b *backwards) chunk(data []byte, fn func([]byte, bool) bool) bool {
	for end := len(data); ; {
		i := bytes.LastIndexByte(data[:end], '\n')
		if i < 0 {
			b.add(data[:end], end == len(data))
			return true
		}
		var ok bool
		if end == len(data) { // the line goes on into the tail
			b.add(data[i+1:end], true)
			ok = b.first(fn)
		} else {
			line := data[i+1 : end]
			ok = fn(line, len(line) < MaxLine)
		}
		if !ok {
			return false
		}
		end = i
	}
}

// add puts part before the tail (join) or starts a new tail with it.
func (b *backwards) add(part []byte, join bool) {
	if !join {
		b.tail, b.long = nil, false
	}
	if b.long || len(part)+len(b.tail) >= MaxLine {
		b.tail, b.long = nil, true
		return
	}
	b.tail = append(append(make([]byte, 0, len(part)+len(b.tail)), part...), b.tail...)
}

// first hands fn the tail as a whole line (the record's first, or one
// whose beginning was just found), and starts anew.
func (b *backwards) first(fn func([]byte, bool) bool) bool {
	line, long := b.tail, b.long
	b.tail, b.long = nil, false
	if long {
		return fn(nil, false)
	}
	if len(line) == 0 {
		return true
	}
	return fn(line, true)
}

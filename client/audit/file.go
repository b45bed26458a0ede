// This file owns writing the record: one line per entry in one write under
// O_APPEND, so that kyclink processes writing at once never mix their lines,
// rotation at 10 MiB under a file lock, and a damaged file moved aside.

package audit

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/kyclink/kyclink/client/privfile"
)

// Rotation: the record is rotated when it reaches MaxBytes, and Keep files
// are kept in all (audit.jsonl and audit.jsonl.1 … .4, .1 the newest).
const (
	MaxBytes = 10 << 20
	Keep     = 5
)

// MaxLine is the longest line of the record, newline included: an entry
// is written within it, and a longer line read back is skipped as
// damaged, so a flooded record costs a read no more than its size.
const MaxLine = 4 << 10

// Log is the record's file.
type Log struct {
	Path     string
	MaxBytes int64 // default MaxBytes
	Keep     int   // default Keep
	// open opens the file for appending; tests put a failing disk behind it.
	open func(path string) (appendFile, error)
}

// appendFile is what Append needs of an open record file.
type appendFile interface {
	Write(p []byte) (int, error)
	ReadAt(p []byte, off int64) (int, error)
	Stat() (fs.FileInfo, error)
	Close() error
}

// Append writes line (one JSON object, no newline) as one line of the
// record. note, when not "", says what Append had to do to carry on (a
// damaged file moved aside). err says the line was not written: the
// caller reports it and goes on.
//
// Every kyclink process appends under one file lock, so a rotation or a
// look at how the last line ended never races another's line; the line
// itself goes out in one write under O_APPEND, whole even where no lock
// could be had.
func (l *Log) Append(line []byte) (note string, err error) {
	if len(line) >= MaxLine {
		return "", fmt.Errorf("an entry of %d bytes, more than the record's %d", len(line), MaxLine-1)
	}
	if err := privfile.MakeDir(filepath.Dir(l.Path), privfile.Tighten); err != nil {
		return "", err
	}
	unlock, lockErr := lockFile(l.Path + ".lock")
	var refused *privfile.Error
	if errors.As(lockErr, &refused) {
		// Someone put a link or a FIFO where the lock goes: write nothing
		// until a person has looked.
		return "", fmt.Errorf("the record's lock: %w", lockErr)
	}
	if lockErr == nil {
		defer unlock()
		l.rotateIfFull()
	}
	f, err := l.openFile()
	if err != nil {
		// Not a file kyclink can append to (another user's, a directory, a
		// link, no permission): keep it for a person to look at, start anew.
		aside, merr := l.moveAside()
		if merr != nil {
			return "", fmt.Errorf("%s cannot be written (%v) nor moved aside (%v)", l.Path, err, merr)
		}
		note = fmt.Sprintf("%s could not be written (%v); it was moved to %s and a new record started", l.Path, err, aside)
		if f, err = l.openFile(); err != nil {
			return note, err
		}
	}
	defer f.Close()
	buf := make([]byte, 0, len(line)+2)
	if info, err := f.Stat(); lockErr == nil && err == nil && info.Size() > 0 {
		last := make([]byte, 1)
		// A line cut off (a crash, a full disk) must not swallow this one.
		if _, err := f.ReadAt(last, info.Size()-1); err == nil && last[0] != '\n' {
			buf = append(buf, '\n')
		}
	}
	buf = append(append(buf, line...), '\n')
	if _, err := f.Write(buf); err != nil { // one write: O_APPEND keeps it whole
		return note, err
	}
	return note, nil
}

func (l *Log) openFile() (appendFile, error) {
	if l.open != nil {
		return l.open(l.Path)
	}
	f, err := privfile.Open(l.Path, os.O_CREATE|os.O_RDWR|os.O_APPEND, privfile.Tighten)
	if err != nil {
		return nil, err
	}
	return f, nil
}

func (l *Log) limits() (int64, int) {
	maxBytes, keep := l.MaxBytes, l.Keep
	if maxBytes <= 0 {
		maxBytes = MaxBytes
	}
	if keep <= 0 {
		keep = Keep
	}
	return maxBytes, keep
}

// rotateIfFull renames a full record to .1 (and .1 to .2, …, the oldest
// dropped). Append calls it under the lock, so two processes never rotate
// the same file twice. Only a private file of the user's is rotated, and
// it is made 0600 first: what the record keeps stays 0600 when it moves.
func (l *Log) rotateIfFull() {
	maxBytes, keep := l.limits()
	f, err := privfile.Open(l.Path, os.O_RDONLY, privfile.Tighten)
	if err != nil {
		return // missing, or not the user's: appending will say so
	}
	info, err := f.Stat()
	_ = f.Close()
	if err != nil || info.Size() < maxBytes {
		return
	}
	for i := keep - 1; i >= 1; i-- {
		_ = os.Rename(l.numbered(i-1), l.numbered(i)) // .3 → .4 drops the old .4; a gap is fine
	}
}

// numbered is the record's i-th older file; 0 is the record itself.
func (l *Log) numbered(i int) string {
	if i == 0 {
		return l.Path
	}
	return l.Path + "." + strconv.Itoa(i)
}

// moveAside renames the record to audit.jsonl.damaged-<UTC time>.
func (l *Log) moveAside() (string, error) {
	aside := l.Path + ".damaged-" + time.Now().UTC().Format("20060102T150405.000000000Z")
	if err := os.Rename(l.Path, aside); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", errors.New("the folder does not allow it")
		}
		return "", err
	}
	return aside, nil
}

// files are the record's files, oldest first, that exist.
func (l *Log) files() []string {
	_, keep := l.limits()
	var out []string
	for i := keep - 1; i >= 0; i-- {
		if _, err := os.Lstat(l.numbered(i)); err == nil {
			out = append(out, l.numbered(i))
		}
	}
	return out
}

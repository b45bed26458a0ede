// This file measures what the record costs a run: reading today's part of
// a full 10 MiB record at start, and appending one line.

package audit

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// fullRecord writes a record of about MaxBytes, one entry a minute, the
// last at t0 (09:42, so 583 of them today), and returns its path.
func fullRecord(b *testing.B) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), FileName)
	var lines [][]byte
	for size, i := 0, 0; size < MaxBytes-1024; i++ {
		at := t0.Add(-time.Duration(i) * time.Minute)
		line, _ := json.Marshal(newEntry(at, who, linkCall("customer_f31121c389624d3697cbf3ea8830b7a4", at.Add(28*24*time.Hour))))
		lines, size = append(lines, line), size+len(line)+1
	}
	var buf []byte
	for i := len(lines) - 1; i >= 0; i-- { // oldest first, as appended
		buf = append(append(buf, lines[i]...), '\n')
	}
	if err := os.WriteFile(path, buf, 0o600); err != nil {
		b.Fatal(err)
	}
	return path
}

func BenchmarkRecallFullRecord(b *testing.B) {
	path := fullRecord(b)
	b.ResetTimer()
	for range b.N {
		open(b, Config{Path: path, Who: who, Now: func() time.Time { return t0 }, Location: time.UTC})
	}
}

func BenchmarkAppend(b *testing.B) {
	r := open(b, Config{Path: filepath.Join(b.TempDir(), FileName), Who: who, Now: func() time.Time { return t0 }})
	call := linkCall("customer_f31121c389624d3697cbf3ea8830b7a4", t0.Add(time.Hour))
	b.ResetTimer()
	for range b.N {
		r.Record(call)
	}
}

// BenchmarkReadLongLine reads a record that a hostile hand made one
// 64 MiB line: the read is linear in the file's size (the line skipped),
// where joining it chunk by chunk once took 21 s.
func BenchmarkReadLongLine(b *testing.B) {
	path := filepath.Join(b.TempDir(), FileName)
	line, _ := json.Marshal(newEntry(t0, who, linkCall("customer_f31121c389624d3697cbf3ea8830b7a4", t0.Add(time.Hour))))
	content := append(append([]byte{}, line...), '\n')
	content = append(content, bytes.Repeat([]byte("x"), 64<<20)...)
	content = append(append(append(content, '\n'), line...), '\n')
	if err := os.WriteFile(path, content, 0o600); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(content)))
	b.ResetTimer()
	for range b.N {
		if entries, damaged, err := (&Log{Path: path}).Read(Filter{}); err != nil || damaged != 1 || len(entries) != 2 {
			b.Fatalf("%d entries, %d damaged, %v", len(entries), damaged, err)
		}
	}
}

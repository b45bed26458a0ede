// This file measures what the record costs a run: reading today's part of
// a full 10 MiB record at start, and appending one line.

package audit

import (
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

func BenchmarkOpenFullRecord(b *testing.B) {
	path := fullRecord(b)
	b.ResetTimer()
	for range b.N {
		Open(Config{Path: path, Who: who, Now: func() time.Time { return t0 }, Location: time.UTC})
	}
}

func BenchmarkAppend(b *testing.B) {
	r := Open(Config{Path: filepath.Join(b.TempDir(), FileName), Who: who, Now: func() time.Time { return t0 }})
	call := linkCall("customer_f31121c389624d3697cbf3ea8830b7a4", t0.Add(time.Hour))
	b.ResetTimer()
	for range b.N {
		r.Record(call)
	}
}

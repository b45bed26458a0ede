// This file tests the record's file: its modes, rotation, a damaged or
// unusable file, a full disk, and two processes appending at once.

package audit

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kyclink/kyclink/client"
)

var t0 = time.Date(2026, 11, 26, 9, 42, 0, 0, time.UTC)

var who = Who{User: "agent", Hostname: "desk-7", Environment: "PRODUCTION", APIHost: "api.spherepay.co"}

func linkCall(id string, expires time.Time) client.Call {
	return client.Call{Action: client.ActionKYCLink, CustomerID: id, Status: 201, ExpiresAt: expires,
		LinkSHA256: client.LinkFingerprint("https://in.sumsub.com/websdk/p/sbx_" + id)}
}

// lines reads every line of the record's files, oldest file first.
func lines(t *testing.T, paths ...string) []string {
	t.Helper()
	var out []string
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
			if l != "" {
				out = append(out, l)
			}
		}
	}
	return out
}

func TestRecordLineAndModes(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows keeps access in ACLs, not modes")
	}
	state := t.TempDir()
	dir := filepath.Join(state, "kyclink")
	if err := os.Mkdir(dir, 0o755); err != nil { // left open by a umask
		t.Fatal(err)
	}
	path := filepath.Join(dir, FileName)
	r := open(t, Config{Path: path, Who: who, Now: func() time.Time { return t0 }, Location: time.UTC})
	r.Record(linkCall("customer_a", t0.Add(28*24*time.Hour)))
	r.Record(client.Call{Action: client.ActionKYCLink, CustomerID: "customer_b", Status: 422, Kind: client.KindValidation, CorrelationID: "c0ffee"})
	r.Record(client.Call{Action: client.ActionSearch, Status: 200, CustomerIDs: []string{"customer_a", "customer_b"}})
	if p := r.Problems(); len(p) != 0 {
		t.Errorf("problems: %q", p)
	}
	got := lines(t, path)
	want := []string{
		`{"time":"2026-11-26T09:42:00Z","user":"agent","hostname":"desk-7","environment":"PRODUCTION","apiHost":"api.spherepay.co","action":"kyc-link","customerId":"customer_a","outcome":"ok","status":201,"expiresAt":"2026-12-24T09:42:00Z","linkSha256":"` + client.LinkFingerprint("https://in.sumsub.com/websdk/p/sbx_customer_a") + `"}`,
		`{"time":"2026-11-26T09:42:00Z","user":"agent","hostname":"desk-7","environment":"PRODUCTION","apiHost":"api.spherepay.co","action":"kyc-link","customerId":"customer_b","outcome":"validation","status":422,"correlationId":"c0ffee"}`,
		`{"time":"2026-11-26T09:42:00Z","user":"agent","hostname":"desk-7","environment":"PRODUCTION","apiHost":"api.spherepay.co","action":"search","customerIds":["customer_a","customer_b"],"outcome":"ok","status":200}`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("record:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for p, mode := range map[string]os.FileMode{path: 0o600, dir: 0o700} {
		if info, err := os.Stat(p); err != nil || info.Mode().Perm() != mode {
			t.Errorf("%s: %v %v, want %04o", p, info.Mode().Perm(), err, mode)
		}
	}
	// An existing record left readable is made 0600 again.
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	r.Record(linkCall("customer_c", t0.Add(time.Hour)))
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Errorf("mode after append: %v", info.Mode().Perm())
	}
}

func TestRotation(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	l := &Log{Path: path, MaxBytes: 1000}
	for i := range 200 {
		line := fmt.Sprintf(`{"n":%d,"pad":"%s"}`, i, strings.Repeat("x", 80))
		if _, err := l.Append([]byte(line)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(path + ".5"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a sixth file: %v", err)
	}
	files := []string{path + ".4", path + ".3", path + ".2", path + ".1", path}
	var prev = -1
	for _, f := range files {
		info, err := os.Stat(f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if info.Size() > 1000+100 {
			t.Errorf("%s has %d bytes", f, info.Size())
		}
		for _, line := range lines(t, f) {
			var v struct{ N int }
			if err := json.Unmarshal([]byte(line), &v); err != nil || v.N != prev+1 && prev != -1 {
				t.Fatalf("%s: line %q after %d (%v)", f, line, prev, err)
			}
			prev = v.N
		}
	}
	if prev != 199 {
		t.Errorf("the newest line is %d", prev)
	}
	if got := l.files(); len(got) != 5 || got[4] != path {
		t.Errorf("files = %q", got)
	}
}

func TestDamagedRecordIsSaidOnceAndSkipped(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	good := func(id string, at time.Time) string {
		b, _ := json.Marshal(newEntry(at, who, linkCall(id, at.Add(28*24*time.Hour))))
		return string(b)
	}
	content := good("customer_old", t0.Add(-24*time.Hour)) + "\ngarbage\n" + good("customer_a", t0.Add(-time.Hour)) +
		"\n{\"time\":\"2026-11-26T08:00:00Z\"}\n\x00\x01\n" + `{"time":"2026-11-26T09:00:00Z","act` // cut off by a crash
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	r := open(t, Config{Path: path, Who: who, Now: func() time.Time { return t0 }, Location: time.UTC})
	p := r.Problems()
	if len(p) != 1 || !strings.Contains(p[0], "has 4 damaged lines; skipped") {
		t.Errorf("problems: %q", p)
	}
	if made, exp, ok := r.Earlier("customer_a", client.ActionKYCLink); !ok || !made.Equal(t0.Add(-time.Hour)) || !exp.Equal(t0.Add(-time.Hour+28*24*time.Hour)) {
		t.Errorf("Earlier(customer_a) = %v %v %v", made, exp, ok)
	}
	if _, _, ok := r.Earlier("customer_old", client.ActionKYCLink); ok {
		t.Error("yesterday's link counted as today's")
	}
	// The next line starts on a line of its own, after the cut-off one.
	r.Record(linkCall("customer_b", t0.Add(time.Hour)))
	all := lines(t, path)
	if last := all[len(all)-1]; !strings.HasPrefix(last, `{"time":"2026-11-26T09:42:00Z"`) || !strings.Contains(last, "customer_b") {
		t.Errorf("last line %q", last)
	}
	if p := r.Problems(); len(p) != 0 {
		t.Errorf("said again: %q", p)
	}
}

func TestUnusableRecordIsMovedAside(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	if err := os.Mkdir(path, 0o700); err != nil { // a folder where the file should be
		t.Fatal(err)
	}
	r := open(t, Config{Path: path, Who: who, Now: func() time.Time { return t0 }})
	if p := r.Problems(); len(p) != 1 || !strings.Contains(p[0], "could not be read") {
		t.Errorf("at Open: %q", p)
	}
	r.Record(linkCall("customer_a", t0.Add(time.Hour)))
	p := r.Problems()
	if len(p) != 1 || !strings.Contains(p[0], "it was moved to "+path+".damaged-") || !strings.Contains(p[0], "a new record started") {
		t.Errorf("problems: %q", p)
	}
	if got := lines(t, path); len(got) != 1 || !strings.Contains(got[0], "customer_a") {
		t.Errorf("new record: %q", got)
	}
	if runtime.GOOS == "windows" {
		return
	}
	// A symbolic link is not followed: it is moved aside too.
	target := filepath.Join(dir, "elsewhere")
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, path); err != nil {
		t.Fatal(err)
	}
	r.Record(linkCall("customer_b", t0.Add(time.Hour)))
	if _, err := os.Stat(target); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the link was followed: %v", err)
	}
	if p := r.Problems(); len(p) != 1 || !strings.Contains(p[0], "symbolic link") {
		t.Errorf("problems: %q", p)
	}
}

func TestFullDiskIsReportedNotFatal(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full here")
	}
	r := open(t, Config{Path: filepath.Join(t.TempDir(), FileName), Who: who, Now: func() time.Time { return t0 }})
	r.log.open = func(string) (appendFile, error) { return os.OpenFile("/dev/full", os.O_WRONLY, 0) }
	r.Record(linkCall("customer_a", t0.Add(time.Hour)))
	r.Record(linkCall("customer_b", t0.Add(time.Hour)))
	p := r.Problems()
	if len(p) != 1 || !strings.Contains(p[0], "no space left on device") || !strings.Contains(p[0], "carries on") {
		t.Errorf("problems: %q", p)
	}
	// What this run made is still remembered for the confirmation.
	if _, _, ok := r.Earlier("customer_b", client.ActionKYCLink); !ok {
		t.Error("the link made while the disk was full is forgotten")
	}
}

func TestEarlierIsTodayInThisEnvironment(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	cet := time.FixedZone("CET", 3600)
	other := open(t, Config{Path: path, Who: Who{User: "other", Hostname: "desk-8", Environment: "SANDBOX", APIHost: "api.sandbox.spherepay.co"},
		Now: func() time.Time { return t0 }})
	other.Record(linkCall("customer_a", t0.Add(time.Hour))) // the sandbox's: not production's
	yesterday := open(t, Config{Path: path, Who: who, Now: func() time.Time { return time.Date(2026, 11, 25, 22, 59, 0, 0, time.UTC) }})
	yesterday.Record(linkCall("customer_b", t0.Add(time.Hour))) // 23:59 CET the day before
	earlier := open(t, Config{Path: path, Who: who, Now: func() time.Time { return time.Date(2026, 11, 25, 23, 1, 0, 0, time.UTC) }})
	earlier.Record(linkCall("customer_c", t0.Add(time.Hour))) // 00:01 CET today
	earlier.Record(client.Call{Action: client.ActionKYCLink, CustomerID: "customer_d", Kind: client.KindNetwork})

	r := open(t, Config{Path: path, Who: who, Now: func() time.Time { return t0 }, Location: cet})
	for id, want := range map[string]bool{"customer_a": false, "customer_b": false, "customer_c": true, "customer_d": false} {
		if _, _, ok := r.Earlier(id, client.ActionKYCLink); ok != want {
			t.Errorf("Earlier(%s) = %v, want %v", id, ok, want)
		}
	}
	r.Record(linkCall("customer_e", t0.Add(time.Hour)))
	if made, _, ok := r.Earlier("customer_e", client.ActionKYCLink); !ok || !made.Equal(t0) {
		t.Errorf("this run's link: %v %v", made, ok)
	}

	// The demo's fake is on a new port every run, and still one API.
	demoRun := open(t, Config{Path: path, Who: Who{Environment: "DEMO", APIHost: "127.0.0.1:41234"}, Now: func() time.Time { return t0 }})
	demoRun.Record(linkCall("customer_f", t0.Add(time.Hour)))
	next := open(t, Config{Path: path, Who: Who{Environment: "DEMO", APIHost: "127.0.0.1:50000"}, Now: func() time.Time { return t0 }})
	if _, _, ok := next.Earlier("customer_f", client.ActionKYCLink); !ok {
		t.Error("another demo run's link is not found")
	}
	if _, _, ok := next.Earlier("customer_e", client.ActionKYCLink); ok {
		t.Error("production's link counted in the demo")
	}
}

func TestReadNewestFirstWithFilters(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	now := t0
	r := open(t, Config{Path: path, Who: who, Now: func() time.Time { return now }})
	for i, id := range []string{"customer_a", "customer_b", "customer_a"} {
		now = t0.Add(time.Duration(i) * time.Hour)
		r.Record(linkCall(id, now.Add(time.Hour)))
	}
	r.Record(client.Call{Action: client.ActionSearch, CustomerIDs: []string{"customer_b"}})
	l := &Log{Path: path}
	all, damaged, err := l.Read(Filter{})
	if err != nil || damaged != 0 || len(all) != 4 || !all[0].Time.Equal(t0.Add(2*time.Hour)) || all[3].CustomerID != "customer_a" {
		t.Fatalf("Read = %+v, %d, %v", all, damaged, err)
	}
	if got, _, _ := l.Read(Filter{Since: t0.Add(time.Hour)}); len(got) != 3 {
		t.Errorf("since: %d entries", len(got))
	}
	if got, _, _ := l.Read(Filter{CustomerID: "customer_b"}); len(got) != 2 || got[0].Action != "search" {
		t.Errorf("customer_b: %+v", got)
	}
}

func TestDir(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	got, err := Dir(env(map[string]string{"XDG_STATE_HOME": "/x/state", "HOME": "/home/a"}))
	if err != nil || got != filepath.Join("/x/state", "kyclink") {
		t.Errorf("XDG_STATE_HOME: %q %v", got, err)
	}
	got, err = Dir(env(map[string]string{"XDG_STATE_HOME": "relative", "HOME": "/home/a", "LOCALAPPDATA": `C:\Users\a\AppData\Local`}))
	want := map[string]string{
		"windows": filepath.Join(`C:\Users\a\AppData\Local`, "kyclink"),
		"darwin":  filepath.Join("/home/a", "Library", "Application Support", "kyclink"),
	}[runtime.GOOS]
	if want == "" {
		want = filepath.Join("/home/a", ".local", "state", "kyclink")
	}
	if err != nil || got != want {
		t.Errorf("fallback: %q %v, want %q", got, err, want)
	}
}

// appenderEnv makes the test binary, run again, one of the processes of
// TestTwoProcessesNeverMixLines.
const appenderEnv = "KYCLINK_AUDIT_APPENDER"

func TestMain(m *testing.M) {
	if spec := os.Getenv(appenderEnv); spec != "" {
		os.Exit(appendMany(spec))
	}
	os.Exit(m.Run())
}

// appendMany is one appending process: "path|name|count|maxBytes|keep".
func appendMany(spec string) int {
	f := strings.Split(spec, "|")
	n, _ := strconv.Atoi(f[2])
	maxBytes, _ := strconv.ParseInt(f[3], 10, 64)
	keep, _ := strconv.Atoi(f[4])
	l := &Log{Path: f[0], MaxBytes: maxBytes, Keep: keep}
	for i := range n {
		line := fmt.Sprintf(`{"writer":%q,"seq":%d,"pad":%q}`, f[1], i, strings.Repeat(f[1], 200))
		if _, err := l.Append([]byte(line)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	return 0
}

func TestTwoProcessesNeverMixLines(t *testing.T) {
	for _, tt := range []struct {
		name     string
		maxBytes int64
		keep     int
	}{
		{"no rotation", MaxBytes, Keep},
		{"rotating every 16 KiB", 16 << 10, 1000}, // keeps every file, so every line can be counted
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), FileName)
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for i, name := range []string{"A", "B"} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					cmd := exec.Command(os.Args[0], "-test.run=^$")
					cmd.Env = append(os.Environ(), "GORACE=atexit_sleep_ms=0", fmt.Sprintf("%s=%s|%s|500|%d|%d", appenderEnv, path, name, tt.maxBytes, tt.keep))
					if out, err := cmd.CombinedOutput(); err != nil {
						errs[i] = fmt.Errorf("%v: %s", err, out)
					}
				}()
			}
			wg.Wait()
			for _, err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			seen := map[string]int{}
			l := &Log{Path: path, MaxBytes: tt.maxBytes, Keep: tt.keep}
			files := l.files()
			for _, f := range files {
				file, err := os.Open(f)
				if err != nil {
					t.Fatal(err)
				}
				sc := bufio.NewScanner(file)
				for sc.Scan() {
					var v struct {
						Writer string
						Seq    int
						Pad    string
					}
					if err := json.Unmarshal(sc.Bytes(), &v); err != nil || v.Pad != strings.Repeat(v.Writer, 200) {
						t.Fatalf("%s: a mixed line %q", f, sc.Text())
					}
					seen[fmt.Sprintf("%s%d", v.Writer, v.Seq)]++
				}
				file.Close()
			}
			if len(seen) != 1000 {
				t.Errorf("%d distinct lines of 1000 in %d files", len(seen), len(files))
			}
			for k, n := range seen {
				if n != 1 {
					t.Errorf("%s written %d times", k, n)
				}
			}
			if tt.keep > Keep && len(files) < 10 {
				t.Errorf("only %d files: did it rotate?", len(files))
			}
		})
	}
}

func TestReadBackwardsAcrossChunks(t *testing.T) {
	// Lines of every length around MaxLine, and a few of 150 KiB, span the
	// 64 KiB chunks; a line of MaxLine bytes or more comes back skipped.
	var want []string
	var content []byte
	for i := range 400 {
		n := (i * 7919) % (2 * MaxLine)
		if i%50 == 7 {
			n = 150 << 10
		}
		line := fmt.Sprintf("%d:%s", i, strings.Repeat("x", n))
		if len(line) < MaxLine {
			want = append(want, line)
		} else {
			want = append(want, "<skipped>")
		}
		content = append(append(content, line...), '\n')
	}
	content = append(content, "unterminated"...)
	want = append(want, "unterminated")
	var got []string
	err := readBackwards(strings.NewReader(string(content)), int64(len(content)), func(l []byte, whole bool) bool {
		switch {
		case !whole:
			got = append(got, "<skipped>")
		case len(l) > 0:
			got = append(got, string(l))
		}
		return true
	})
	if err != nil || len(got) != len(want) {
		t.Fatalf("%d lines of %d, %v", len(got), len(want), err)
	}
	for i := range want {
		if g := got[len(got)-1-i]; g != want[i] {
			t.Fatalf("line %d: %.20q, want %.20q", i, g, want[i])
		}
	}
}

// A terms link is remembered too, apart from the KYC link, with or
// without an expiry (issue 19, item 6).
func TestEarlierKnowsTheTermsLink(t *testing.T) {
	r := open(t, Config{Path: filepath.Join(t.TempDir(), FileName), Who: who, Now: func() time.Time { return t0 }})
	r.Record(client.Call{Action: client.ActionTermsLink, CustomerID: "customer_t", Status: 201})
	if made, expires, ok := r.Earlier("customer_t", client.ActionTermsLink); !ok || !made.Equal(t0) || !expires.IsZero() {
		t.Errorf("terms link: %v %v %v", made, expires, ok)
	}
	if _, _, ok := r.Earlier("customer_t", client.ActionKYCLink); ok {
		t.Error("a terms link counted as a KYC link")
	}
	r.Record(linkCall("customer_t", t0.Add(time.Hour)))
	if _, expires, ok := r.Earlier("customer_t", client.ActionKYCLink); !ok || !expires.Equal(t0.Add(time.Hour)) {
		t.Error("the KYC link beside a terms link is lost")
	}
	// Read back by the next run.
	next := open(t, Config{Path: r.log.Path, Who: who, Now: func() time.Time { return t0 }})
	if _, _, ok := next.Earlier("customer_t", client.ActionTermsLink); !ok {
		t.Error("the next run does not know the terms link")
	}
}

// open starts a run's record as a command does, and recalls today's part
// as the app does.
func open(t testing.TB, cfg Config) *Recorder {
	t.Helper()
	r, err := Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	r.Recall()
	return r
}

// A face verification link is guarded exactly like a KYC link: the record
// knows it in this run and the next, apart from the KYC link beside it.
func TestEarlierKnowsTheFaceLink(t *testing.T) {
	r := open(t, Config{Path: filepath.Join(t.TempDir(), FileName), Who: who, Now: func() time.Time { return t0 }})
	face := linkCall("customer_f", t0.Add(time.Hour))
	face.Action = client.ActionFaceLink
	r.Record(face)
	if made, expires, ok := r.Earlier("customer_f", client.ActionFaceLink); !ok || !made.Equal(t0) || !expires.Equal(t0.Add(time.Hour)) {
		t.Errorf("face link: %v %v %v", made, expires, ok)
	}
	if _, _, ok := r.Earlier("customer_f", client.ActionKYCLink); ok {
		t.Error("a face link counted as a KYC link")
	}
	next := open(t, Config{Path: r.log.Path, Who: who, Now: func() time.Time { return t0 }})
	if _, _, ok := next.Earlier("customer_f", client.LinkFace.Action()); !ok {
		t.Error("the next run does not know the face link")
	}
}

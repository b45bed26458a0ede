// This file owns the --since flag's value: a duration that also takes
// days ("7d", "1d12h"), the unit an agent thinks of for a record.

package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// sinceValue is a pflag.Value for a duration with days.
type sinceValue struct{ d *time.Duration }

func (v sinceValue) Type() string { return "DURATION" }

func (v sinceValue) String() string {
	if v.d == nil {
		return ""
	}
	if *v.d%(24*time.Hour) == 0 && *v.d > 0 {
		return fmt.Sprintf("%dd", *v.d/(24*time.Hour))
	}
	return v.d.String()
}

// Set reads "7d", "1d12h", "36h", "90m" or "0".
func (v sinceValue) Set(s string) error {
	d, err := parseSince(s)
	if err != nil {
		return err
	}
	*v.d = d
	return nil
}

func parseSince(s string) (time.Duration, error) {
	days, rest := time.Duration(0), strings.TrimSpace(s)
	if i := strings.IndexByte(rest, 'd'); i > 0 {
		n, err := strconv.Atoi(rest[:i])
		if err != nil || n < 0 || n > 100000 {
			return 0, fmt.Errorf("%q is not a duration such as 7d, 36h or 90m", s)
		}
		days, rest = time.Duration(n)*24*time.Hour, rest[i+1:]
	}
	if rest == "" {
		return days, nil
	}
	d, err := time.ParseDuration(rest)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration such as 7d, 36h or 90m", s)
	}
	return days + d, nil
}

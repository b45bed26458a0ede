package client

import (
	"encoding/base64"
	"testing"
	"time"
)

// A terms link's token is the server's: whatever it holds (not base64,
// huge, exp absurd, negative, a float, a string, nested), reading its
// expiry never panics and never states a time a clock cannot show.
func FuzzTokenExpiry(f *testing.F) {
	enc := base64.RawURLEncoding.EncodeToString
	for _, claims := range []string{`{"exp":1765000000}`, `{"exp":-1}`, `{"exp":1e300}`, `{"exp":"1765000000"}`,
		`{"exp":{"exp":1}}`, `{"exp":1.5}`, `{"exp":null}`, `[1]`, `{"exp":253402300800}`, `{"exp":0.000001}`} {
		f.Add("https://app.spherepay.co/terms?token=eyJhbGciOiJIUzI1NiJ9." + enc([]byte(claims)) + ".sig")
	}
	f.Add("https://x/?token=eyJ..")
	f.Add("https://x/?token=eyJ.%ff%fe.x&token=eyJ.e30.x")
	f.Fuzz(func(t *testing.T, link string) {
		exp, ok := tokenExpiry(link)
		if !ok {
			if !exp.IsZero() {
				t.Fatalf("no expiry, but %v", exp)
			}
			return
		}
		if exp.Before(time.Unix(0, 0)) || exp.Unix() > maxTokenExp || exp.Location() != time.UTC {
			t.Fatalf("expiry %v from %q", exp, link)
		}
	})
}

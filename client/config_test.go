package client_test

import (
	"strings"
	"testing"

	"github.com/kyclink/kyclink/client"
)

// bigJWT is an ID token of about n characters: a payload padded with
// group claims, as Azure AD and Keycloak issue for an agent in many
// groups.
func bigJWT(n int) string {
	groups := strings.Repeat(`"support-team-emea-tier2",`, n/34+1)
	return jwt(`{"exp":4102444800,"groups":[`+strings.TrimSuffix(groups, ",")+`]}`, strings.Repeat("s", 342))
}

func TestALargeIDTokenIsTakenAndAKeyKeepsItsLimit(t *testing.T) {
	token := bigJWT(6 << 10)
	if len(token) < 6<<10 || len(token) > 7<<10 || !client.IsJWT(token) {
		t.Fatalf("the test's token is %d characters", len(token))
	}
	if err := client.CheckAPIKey(token); err != nil {
		t.Errorf("a 6 KB ID token: %v", err)
	}
	if err := client.CheckAPIKey(bigJWT(17 << 10)); err == nil || !strings.Contains(err.Error(), "longer than 16384") {
		t.Errorf("a 17 KB ID token: %v", err)
	}
	key := "sk_live_" + strings.Repeat("k", 4097)
	if err := client.CheckAPIKey(key); err == nil || !strings.Contains(err.Error(), "longer than 4096") {
		t.Errorf("a key over 4096 characters: %v", err)
	}
}

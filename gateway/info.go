// This file owns asking a base URL whether it is a kyclink gateway, and
// how agents sign in to it (GET /kyclink/v1/info, no token needed).

package gateway

import (
	"context"
	"encoding/json"
	"io"
	"net/http"

	"github.com/kyclink/kyclink/client"
)

// ReadInfo asks base for its Info. ok is false when base is not a kyclink
// gateway (Sphere itself, a fake, anything that does not answer as one).
func ReadInfo(ctx context.Context, hc *http.Client, base string) (in Info, ok bool) {
	u, err := client.CheckBaseURL(base)
	if err != nil {
		return Info{}, false
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.JoinPath("kyclink", "v1", "info").String(), nil)
	if err != nil {
		return Info{}, false
	}
	resp, err := hc.Do(req)
	if err != nil {
		return Info{}, false
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil || resp.StatusCode != http.StatusOK || json.Unmarshal(body, &in) != nil || in.Gateway != "kyclink" {
		return Info{}, false
	}
	return in, true
}

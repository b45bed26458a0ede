// This file owns checking a key with Sphere before it is kept: one harmless
// read, GET /v2/customer?limit=1, whose answer is not looked at.

package client

import (
	"context"
	"net/http"
	"net/url"
)

// CheckKey makes one harmless read with the client's key (the first
// customer of the list, which is dropped unread) and returns nil when
// Sphere accepted it. A refused key is an *APIError of KindAuth; any other
// failure says the key could not be checked. It is not recorded: it makes
// no link and asks about no customer.
func (c *Client) CheckKey(ctx context.Context) error {
	_, err := do(ctx, c, endpoint[struct{}]{
		request: request{
			method: http.MethodGet,
			path:   []string{"v2", "customer"},
			query:  url.Values{"limit": {"1"}},
		},
		decode:     func(answer) (struct{}, *APIError) { return struct{}{}, nil },
		keepKeyOut: func(_ *Client, v struct{}) (struct{}, *APIError) { return v, nil },
	})
	return err
}

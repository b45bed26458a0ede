// This file owns agents' tokens: made from 32 random bytes, kept only as
// a SHA-256 hash, and the agent found from the Authorization header.

package gateway

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"

	"github.com/kyclink/kyclink/client"
)

// tokenPrefix marks a gateway token, so one pasted in the wrong place is
// recognisable (and secret scanners can learn it).
const tokenPrefix = "kgw_"

// NewToken is a new agent token and the hash to keep of it.
func NewToken() (token, hash string) {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	token = tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// IsAgentToken reports whether what kyclink holds for an API is an agent's
// credential for a gateway rather than Sphere's key: a gateway token
// (kgw_…), or the ID token an SSO sign-in keeps (a JWT: eyJ… in three
// parts). Sphere's keys are neither; nothing is decoded or checked here.
func IsAgentToken(s string) bool {
	if strings.HasPrefix(s, tokenPrefix) {
		return true
	}
	return client.IsJWT(s)
}

// HashToken is what the store keeps of a token. A plain SHA-256 is
// enough: a token is 256 random bits, not a password to guess.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// bearer is the token of an Authorization header, "" without one.
func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) < 7 || !strings.EqualFold(h[:7], "Bearer ") {
		return ""
	}
	return strings.TrimSpace(h[7:])
}

// errUnknownAgent: the request names no live agent.
var errUnknownAgent = errors.New("unknown agent")

// agentFor finds the agent a request's token names. The store looks the
// hash up by index (which says nothing useful about the token: finding a
// token from its hash is out of reach); the hash found is then compared
// in constant time, so no answer's timing depends on how much of a
// guessed token was right.
func (g *Gateway) agentFor(ctx context.Context, token string) (Agent, error) {
	if token == "" || len(token) > client.MaxIDTokenLen {
		return Agent{}, errUnknownAgent
	}
	if g.oidc != nil && !strings.HasPrefix(token, tokenPrefix) {
		return g.oidc.agent(ctx, token)
	}
	hash := HashToken(token)
	a, err := g.store.AgentByToken(ctx, hash)
	if errors.Is(err, ErrNoAgent) {
		return Agent{}, errUnknownAgent
	}
	if err != nil {
		return Agent{}, err
	}
	if subtle.ConstantTimeCompare([]byte(a.tokenHash), []byte(hash)) != 1 {
		return Agent{}, errUnknownAgent
	}
	return a, nil
}

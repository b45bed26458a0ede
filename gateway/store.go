// This file owns what the gateway keeps, whatever the database: agents,
// their revocations and the team's record, behind the Store interface.

package gateway

import (
	"context"
	"errors"
	"time"

	"github.com/kyclink/kyclink/client/audit"
)

// Role is what an agent may read of the team's record.
type Role string

const (
	RoleAgent Role = "agent" // the record of one customer at a time
	RoleLead  Role = "lead"  // the whole record
)

// ParseRole checks a role named on the command line.
func ParseRole(s string) (Role, error) {
	switch r := Role(s); r {
	case RoleAgent, RoleLead:
		return r, nil
	}
	return "", errors.New(`the role is "agent" or "lead"`)
}

// Agent is one person allowed through the gateway. Its token is kept only
// as a hash.
type Agent struct {
	Name    string     `json:"name"`
	Role    Role       `json:"role"`
	Created time.Time  `json:"created"`
	Revoked *time.Time `json:"revoked,omitempty"`
	// tokenHash is the hash the store holds, set by AgentByToken only.
	tokenHash string
}

// Record is one line of the team's record: the local record's fields
// (client/audit.Entry; User is the agent's name) and an ID that makes a
// retried write land once.
type Record struct {
	ID string `json:"id"`
	audit.Entry
}

// RecordFilter chooses records, newest first: since a time (zero: all),
// of one customer ("": any), at most Limit (0: DefaultRecordLimit).
type RecordFilter struct {
	Since      time.Time
	CustomerID string
	Limit      int
}

// DefaultRecordLimit bounds one answer of /kyclink/v1/record.
const DefaultRecordLimit = 1000

var (
	// ErrNoAgent: no agent of that name, or no live agent with that token.
	ErrNoAgent = errors.New("no such agent")
	// ErrAgentExists: the name is taken (revoked agents keep theirs).
	ErrAgentExists = errors.New("an agent of that name exists")
)

// Store is the gateway's database. SQLite (one machine) and PostgreSQL
// (several gateways) implement it; every method is safe for concurrent use.
type Store interface {
	// AddAgent keeps a new agent with its token's hash.
	AddAgent(ctx context.Context, a Agent, tokenHash string) error
	// Agents lists every agent, revoked ones too, by name.
	Agents(ctx context.Context) ([]Agent, error)
	// RevokeAgent marks the agent revoked; its token stops working at
	// once, on every gateway sharing the database. A name not yet known
	// is kept as revoked (an SSO identity that never had a token), and
	// known says which it was.
	RevokeAgent(ctx context.Context, name string, at time.Time) (known bool, err error)
	// AgentByToken finds the live agent whose token hashes to tokenHash.
	AgentByToken(ctx context.Context, tokenHash string) (Agent, error)
	// Revoked reports whether a name was revoked (for SSO identities,
	// which have no token).
	Revoked(ctx context.Context, name string) (bool, error)
	// AddRecord writes one record; writing the same ID again is a no-op.
	AddRecord(ctx context.Context, r Record) error
	// Records reads the record, newest first.
	Records(ctx context.Context, f RecordFilter) ([]Record, error)
	Ping(ctx context.Context) error
	Close() error
}

// This file owns forwarding one allowed call: the agent's request checked
// and bounded, sent to Sphere with the one key, recorded, and Sphere's
// answer passed back with the key kept out.

package gateway

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/kyclink/kyclink/client"
)

// answer is Sphere's answer to one call, read whole, or why none came.
type answer struct {
	status int
	header http.Header
	body   []byte
	// fail is why no usable answer came (network, timeout, too large);
	// 0 when status and body are Sphere's.
	fail client.Kind
	// teamWait > 0: the team's limit stopped the call before Sphere.
	teamWait time.Duration
}

// passHeaders are the headers of Sphere's answer an agent gets; others
// (cookies, Sphere's internal ones) stay at the gateway.
var passHeaders = []string{"Content-Type", "Date", "Retry-After", "Idempotency-Replayed", "X-Correlation-Id", "X-Request-Id"}

// forward serves one allow-listed route.
func (g *Gateway) forward(rt route) http.Handler {
	return g.authed(func(w http.ResponseWriter, r *http.Request, a Agent) {
		id := r.PathValue("id")
		if rt.suffix != "" || rt.pattern == "GET /v2/customer/{id}" {
			if !validID(id) {
				problem(w, http.StatusBadRequest, "customer/invalid-id", "The customer ID must match ^customer_[a-z0-9]+$.")
				return
			}
		}
		var body []byte
		if r.Method == http.MethodPost {
			var err error
			if body, err = io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBody)); err != nil {
				if tooLarge := new(http.MaxBytesError); errors.As(err, &tooLarge) {
					problem(w, http.StatusRequestEntityTooLarge, "request/too-large", "The request body is larger than 64 KiB.")
				} else {
					problem(w, http.StatusBadRequest, "request/unreadable", "The request body could not be read.")
				}
				return
			}
			var refused string
			if body, refused = sentBody(rt, body); refused != "" {
				problem(w, http.StatusBadRequest, "request/bad-body", refused)
				return
			}
		}
		var ans answer
		if rt.suffix == "" && id != "" {
			ans = g.readCustomer(r.Context(), id, agentHeader(r.Header, a.Name))
		} else {
			ans = g.upstream(r.Context(), rt, g.target(rt, id, r.URL.Query()), body, agentHeader(r.Header, a.Name))
		}
		if ans.teamWait > 0 { // the team's own limit: Sphere was not asked
			g.metrics.limited.WithLabelValues("team").Inc()
			tooMany(w, ans.teamWait)
			return
		}
		rec := g.newRecord(rt, a, id, body, ans)
		// The record is written before the agent hears anything: every
		// answered call is in it. If it cannot be written the agent gets a
		// failure rather than an unrecorded link.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), g.storeWait)
		err := g.store.AddRecord(ctx, rec)
		cancel()
		if err != nil {
			g.log.Error("record not written", "route", rt.pattern, "error", g.redact.String(err.Error()))
			problem(w, http.StatusServiceUnavailable, "gateway/record-unavailable", "The gateway could not record this call; its answer is withheld.")
			return
		}
		g.reply(w, rec.ID, ans)
	})
}

// target is Sphere's URL for a route: the same path, only the query
// parameters the route passes on.
func (g *Gateway) target(rt route, id string, q url.Values) string {
	u := *g.base
	u.Path = g.base.Path + "/v2/customer"
	if id != "" {
		u.Path += "/" + id + rt.suffix
	}
	kept := url.Values{}
	for _, k := range rt.query {
		if v, ok := q[k]; ok {
			kept[k] = v
		}
	}
	u.RawQuery = kept.Encode()
	return u.String()
}

// upstream sends one call to Sphere under the team's limit. The agent's
// token stays here: Sphere gets the one key and a few plain headers.
func (g *Gateway) upstream(ctx context.Context, rt route, target string, body []byte, in http.Header) answer {
	if wait, ok := g.limits.team(rt.write, g.now()); !ok {
		return answer{teamWait: wait}
	}
	method := http.MethodGet
	if rt.write {
		method = http.MethodPost
	}
	req, err := http.NewRequestWithContext(ctx, method, target, bytes.NewReader(body))
	if err != nil {
		return answer{fail: client.KindBadResponse}
	}
	for _, k := range []string{"Accept", "Idempotency-Key"} {
		if v := in.Get(k); v != "" {
			req.Header.Set(k, v)
		}
	}
	if rt.write { // the body is the gateway's own JSON, whatever the agent called it
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("User-Agent", "kyclink-gateway/"+g.opts.Version+" ("+strings.TrimSpace(in.Get("User-Agent"))+")")
	req.Header.Set("Authorization", "Bearer "+g.opts.SphereKey)
	start := g.now()
	resp, err := g.http.Do(req)
	g.metrics.upstream.WithLabelValues(rt.pattern).Observe(g.now().Sub(start).Seconds())
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) || isTimeout(err) {
			return answer{fail: client.KindTimeout}
		}
		if ctx.Err() != nil {
			return answer{fail: client.KindCanceled}
		}
		return answer{fail: client.KindNetwork}
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 { // 101 and its like are no answer: do not wait on the body
		return answer{fail: client.KindBadResponse}
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBody+1))
	switch {
	case err != nil:
		return answer{fail: client.KindNetwork}
	case len(b) > maxAnswerBody:
		return answer{fail: client.KindBadResponse}
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: b}
}

// sentBody is the body Sphere gets for an agent's: exactly what kyclink
// sends, so no field kyclink never sets (a contact, a redirect) reaches
// Sphere through the gateway. A link request is the empty JSON object
// (Sphere marks Content-Type: application/json required on a POST, so a
// POST carries JSON); a code is sent by email or phone. Reads send none.
func sentBody(rt route, body []byte) (sent []byte, refused string) {
	if rt.action != client.ActionOTPSend {
		if t := bytes.TrimSpace(body); len(t) != 0 && string(t) != "{}" {
			return nil, "This endpoint takes no request body."
		}
		if rt.write {
			return []byte("{}"), ""
		}
		return nil, ""
	}
	var code struct {
		Type string `json:"type"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if dec.Decode(&code) != nil || dec.More() || (code.Type != client.CodeByEmail && code.Type != client.CodeByPhone) {
		return nil, `The body must be {"type":"email"} or {"type":"phone"}, and nothing else.`
	}
	sent, _ = json.Marshal(code) // a struct of one string always marshals
	return sent, ""
}

// maxAgentHeader bounds each header an agent's request passes on: kyclink's
// own are a few dozen bytes, and Sphere need not carry an agent's 64 KiB.
const maxAgentHeader = 128

// agentHeader is what of an agent's request headers upstream may send on,
// with the Idempotency-Key made the agent's own: a UUID from the agent's
// name and their key. So a retry keeps its key, one agent's key never
// names another agent's call at Sphere (whose replayed answer would be a
// link made for someone else), and whatever an agent sends there (any
// length, any bytes) never reaches Sphere as such.
func agentHeader(in http.Header, agent string) http.Header {
	out := http.Header{}
	for _, k := range []string{"Content-Type", "Accept", "User-Agent"} {
		if v := in.Get(k); v != "" {
			out.Set(k, v[:min(len(v), maxAgentHeader)])
		}
	}
	if k := in.Get("Idempotency-Key"); k != "" {
		sum := sha256.Sum256([]byte(agent + "\x00" + k))
		b := sum[:16]
		b[6] = b[6]&0x0f | 0x40 // shaped as a version 4 UUID, as kyclink's own
		b[8] = b[8]&0x3f | 0x80
		out.Set("Idempotency-Key", fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]))
	}
	return out
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// validID reports whether id is a customer ID by Sphere's pattern, as
// sent: a path or a record keeps nothing the classifier would clean.
func validID(id string) bool {
	got, err := client.ClassifyInput(id).ID(true)
	return err == nil && got == id
}

// reply passes Sphere's answer on, or says why none came. Sphere's key,
// or any piece of it, never goes out: the body's text is redacted, and an
// answer that still holds it once decoded (an escaped key) is withheld.
func (g *Gateway) reply(w http.ResponseWriter, recordID string, ans answer) {
	w.Header().Set("X-Kyclink-Record", recordID)
	switch ans.fail {
	case 0:
	case client.KindTimeout:
		problem(w, http.StatusGatewayTimeout, "gateway/upstream-timeout", "Sphere did not answer in time.")
		return
	case client.KindCanceled:
		return // the agent has gone
	case client.KindBadResponse:
		problem(w, http.StatusBadGateway, "gateway/bad-upstream", "Sphere's answer could not be passed on.")
		return
	default:
		problem(w, http.StatusBadGateway, "gateway/upstream-unreachable", "Sphere could not be reached from the gateway.")
		return
	}
	if ans.status >= 300 && ans.status < 400 {
		// Never followed (the key would go along), and of no use to an
		// agent without its Location, which stays here.
		problem(w, http.StatusBadGateway, "gateway/upstream-redirect", "Sphere answered with a redirect, which the gateway does not follow.")
		return
	}
	if ans.status == http.StatusUnauthorized || ans.status == http.StatusForbidden {
		// Sphere refusing the gateway's key (rotated, revoked) is no fault
		// of the agent's token: passed on, kyclink would tell the agent
		// their key was refused and to sign in again.
		g.log.Error("Sphere refused the gateway's key", "status", ans.status)
		problem(w, http.StatusBadGateway, "gateway/key-refused", "Sphere refused the gateway's own key; tell whoever runs the gateway (your token is fine).")
		return
	}
	body, ok := g.keyFree(ans.body)
	if !ok {
		problem(w, http.StatusBadGateway, "gateway/bad-upstream", "Sphere's answer could not be passed on.")
		return
	}
	for _, k := range passHeaders {
		if v := ans.header.Get(k); v != "" && !g.redact.Contains(v) {
			w.Header().Set(k, v)
		}
	}
	w.WriteHeader(ans.status)
	_, _ = w.Write(body)
}

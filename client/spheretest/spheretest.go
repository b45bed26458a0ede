// Package spheretest is a faithful fake of Sphere's KYC-link endpoint, in
// the spirit of net/http/httptest: the tests and `kyclink --demo` run
// against it. Special customer IDs (see Scenarios) answer with each of the
// API's failure shapes; every other well-formed ID gets a 28-day link.
package spheretest

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"
)

// DemoKey is the API key the fake accepts when Options.APIKey is empty.
const DemoKey = "secret_demo_not_a_real_key"

// Options configures a Handler. The zero value is a working demo.
type Options struct {
	APIKey    string           // the bearer key accepted; default DemoKey
	Now       func() time.Time // the clock for expiresAt and Date; default time.Now
	SlowDelay time.Duration    // default DefaultSlowDelay
	StallFor  time.Duration    // default DefaultStallFor
	// Seed makes link tokens and correlation IDs repeatable; 0 picks one
	// at random.
	Seed uint64
}

// Request is what the fake saw of one call, for assertions.
type Request struct {
	CustomerID     string
	IdempotencyKey string
	UserAgent      string
	Status         int
}

// Handler serves the fake API.
type Handler struct {
	opts Options

	mu       sync.Mutex
	rng      *rand.Rand
	requests []Request
	replies  map[string]reply // by idempotency key: Sphere replays a repeat
	seen429  map[string]bool  // idempotency keys already turned away once
}

type reply struct {
	customerID string
	status     int
	body       []byte
}

// NewHandler returns a fake Sphere API.
func NewHandler(o Options) *Handler {
	if o.APIKey == "" {
		o.APIKey = DemoKey
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.SlowDelay == 0 {
		o.SlowDelay = DefaultSlowDelay
	}
	if o.StallFor == 0 {
		o.StallFor = DefaultStallFor
	}
	seed := o.Seed
	if seed == 0 {
		seed = rand.Uint64()
	}
	return &Handler{
		opts:    o,
		rng:     rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		replies: map[string]reply{},
		seen429: map[string]bool{},
	}
}

// Requests returns what the fake has been asked so far.
func (h *Handler) Requests() []Request {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]Request(nil), h.requests...)
}

var pathPattern = regexp.MustCompile(`^/v2/customer/([^/]+)/kyc-link$`)
var idPattern = regexp.MustCompile(`^customer_[a-z0-9]+$`)

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Date", h.opts.Now().UTC().Format(http.TimeFormat))
	if r.URL.Path == listPath {
		h.list(w, r)
		return
	}
	m := pathPattern.FindStringSubmatch(r.URL.Path)
	if m == nil {
		h.problem(w, r, "", http.StatusNotFound, "Cannot "+r.Method+" "+r.URL.Path, "resource/not-found", nil)
		return
	}
	id := m[1]
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.problem(w, r, id, http.StatusMethodNotAllowed, "Method not allowed", "", nil)
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+h.opts.APIKey || id == Unauthorized {
		h.write(w, r, id, http.StatusUnauthorized, "application/json",
			map[string]any{"status": 401, "detail": "Invalid or missing API key.", "code": "unauthorized"})
		return
	}
	if !idPattern.MatchString(id) {
		h.problem(w, r, id, http.StatusBadRequest, "Invalid customer id", "customer/invalid-id",
			[]map[string]string{{"detail": "must match ^customer_[a-z0-9]+$", "parameter": "id"}})
		return
	}
	key := r.Header.Get("Idempotency-Key")
	if rep, ok := h.replay(key, id); ok {
		h.send(w, r, id, rep.status, "application/json", rep.body)
		return
	}
	h.scenario(w, r, id, key)
}

func (h *Handler) link(w http.ResponseWriter, r *http.Request, id, key string, life time.Duration) {
	body := h.linkBody(id, life)
	if key != "" {
		h.mu.Lock()
		h.replies[key] = reply{customerID: id, status: http.StatusCreated, body: body}
		h.mu.Unlock()
	}
	h.send(w, r, id, http.StatusCreated, "application/json", body)
}

// linkBody is a 201's body: a new link for id that lives for life.
func (h *Handler) linkBody(id string, life time.Duration) []byte {
	body, _ := json.Marshal(map[string]string{
		"customerId": id,
		"url":        "https://in.sumsub.com/websdk/p/sbx_" + h.token(16),
		"expiresAt":  h.opts.Now().Add(life).UTC().Format("2006-01-02T15:04:05.000Z07:00"),
	})
	return body
}

func (h *Handler) replay(key, id string) (reply, bool) {
	if key == "" {
		return reply{}, false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	rep, ok := h.replies[key]
	return rep, ok && rep.customerID == id
}

func (h *Handler) problem(w http.ResponseWriter, r *http.Request, id string, status int, detail, code string, errs []map[string]string) {
	p := map[string]any{"status": status, "detail": detail, "correlationId": h.correlationID()}
	if code != "" {
		p["code"] = code
	}
	if errs != nil {
		p["errors"] = errs
	}
	h.write(w, r, id, status, "application/problem+json", p)
}

func (h *Handler) write(w http.ResponseWriter, r *http.Request, id string, status int, ctype string, v any) {
	body, _ := json.Marshal(v)
	h.send(w, r, id, status, ctype, body)
}

func (h *Handler) send(w http.ResponseWriter, r *http.Request, id string, status int, ctype string, body []byte) {
	h.record(id, r, status)
	w.Header().Set("Content-Type", ctype)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func (h *Handler) record(id string, r *http.Request, status int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.requests = append(h.requests, Request{
		CustomerID: id, IdempotencyKey: r.Header.Get("Idempotency-Key"),
		UserAgent: r.Header.Get("User-Agent"), Status: status,
	})
}

func (h *Handler) token(n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	h.mu.Lock()
	defer h.mu.Unlock()
	var b strings.Builder
	for range n {
		b.WriteByte(alphabet[h.rng.IntN(len(alphabet))])
	}
	return b.String()
}

func (h *Handler) correlationID() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return fmt.Sprintf("%016x%016x", h.rng.Uint64(), h.rng.Uint64())
}

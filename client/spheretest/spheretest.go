// Package spheretest is a faithful fake of Sphere's customer endpoints, in
// the spirit of net/http/httptest: the tests and `kyclink --demo` run
// against it. It serves the KYC link (POST /v2/customer/{id}/kyc-link),
// the terms link (POST …/tos-link), a customer (GET /v2/customer/{id}) and
// the search (GET /v2/customer). Special customer IDs (see Scenarios)
// answer with each of the API's failure shapes; demo customers (see
// customers.go) are in every state of verification; every other
// well-formed ID gets a 28-day link, and a 404 when it is looked up.
package spheretest

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
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
	Method         string     // GET or POST
	Path           string     // e.g. /v2/customer/customer_…/kyc-link
	Query          url.Values // the search's page, limit, search, email …
	CustomerID     string     // "" for the search
	IdempotencyKey string
	UserAgent      string
	ContentType    string // Sphere marks application/json required for POST
	Body           string // what was sent, up to 1 KiB
	Status         int
}

// Handler serves the fake API.
type Handler struct {
	opts Options

	mu       sync.Mutex
	rng      *rand.Rand
	requests []Request
	replies  map[string]reply  // by idempotency key: Sphere replays a repeat
	seen429  map[string]bool   // idempotency keys already turned away once
	firstKey map[string]string // RepeatRefused: the customer's first key
	// progress is when each demo customer's stages began, by the kind
	// of call that began them (progress.go).
	progress map[string]map[string]time.Time
}

type reply struct {
	path   string // the ID and the kind of link
	status int
	body   []byte
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
		opts:     o,
		rng:      rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		replies:  map[string]reply{},
		seen429:  map[string]bool{},
		firstKey: map[string]string{},
	}
}

// Requests returns what the fake has been asked so far.
func (h *Handler) Requests() []Request {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]Request(nil), h.requests...)
}

var (
	customerPath = regexp.MustCompile(`^/v2/customer/([^/]+)$`)
	linkPath     = regexp.MustCompile(`^/v2/customer/([^/]+)/(?:kyc|tos|face-verification)-link$`)
	otpPath      = regexp.MustCompile(`^/v2/customer/([^/]+)/otp-send$`)
	idPattern    = regexp.MustCompile(`^customer_[a-z0-9]+$`)
)

// route says which operation a path names, the customer ID in it, and
// the method it takes; serve is nil for a path the API does not have.
func (h *Handler) route(path string) (serve func(http.ResponseWriter, *http.Request, string), id, method string) {
	if path == "/v2/customer" {
		return h.search, "", http.MethodGet
	}
	if m := customerPath.FindStringSubmatch(path); m != nil {
		return h.customer, m[1], http.MethodGet
	}
	if m := linkPath.FindStringSubmatch(path); m != nil {
		return h.newLink, m[1], http.MethodPost
	}
	if m := otpPath.FindStringSubmatch(path); m != nil {
		return h.sendCode, m[1], http.MethodPost
	}
	return nil, "", ""
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	r = withBody(r)
	w.Header().Set("Date", h.opts.Now().UTC().Format(http.TimeFormat))
	serve, id, method := h.route(r.URL.Path)
	if serve == nil {
		h.problem(w, r, "", http.StatusNotFound, "Cannot "+r.Method+" "+r.URL.Path, "resource/not-found", nil)
		return
	}
	if r.Method != method {
		w.Header().Set("Allow", method)
		h.problem(w, r, id, http.StatusMethodNotAllowed, "Method not allowed", "", nil)
		return
	}
	switch {
	case id == Unauthorized: // the staging reference's answer to a bad key
		h.write(w, r, id, http.StatusUnauthorized, "application/json",
			map[string]any{"status": 401, "detail": "Invalid or missing API key.", "code": "unauthorized"})
		return
	case r.Header.Get("Authorization") != "Bearer "+h.opts.APIKey: // the current reference's
		h.forbidden(w, r, id)
		return
	}
	if id != "" && !idPattern.MatchString(id) { // the search names none
		h.problem(w, r, id, http.StatusBadRequest, "Invalid customer id", "customer/invalid-id",
			[]map[string]string{{"detail": "must match ^customer_[a-z0-9]+$", "parameter": "id"}})
		return
	}
	serve(w, r, id)
}

// newLink answers a request for a link, KYC or terms: a repeated
// idempotency key gets the first answer again, anything else as the
// customer ID's scenario says.
func (h *Handler) newLink(w http.ResponseWriter, r *http.Request, id string) {
	key := r.Header.Get("Idempotency-Key")
	if rep, ok := h.replay(key, r.URL.Path); ok {
		h.send(w, r, id, rep.status, "application/json", rep.body)
		return
	}
	h.scenario(w, r, id, key)
}

func (h *Handler) link(w http.ResponseWriter, r *http.Request, id, key string, life time.Duration) {
	body := h.linkBody(r, id, life, nil)
	if key != "" {
		h.mu.Lock()
		h.replies[key] = reply{path: r.URL.Path, status: http.StatusCreated, body: body}
		h.mu.Unlock()
	}
	h.started(id, r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:])
	h.send(w, r, id, http.StatusCreated, "application/json", body)
}

func (h *Handler) replay(key, path string) (reply, bool) {
	if key == "" {
		return reply{}, false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	rep, ok := h.replies[key]
	return rep, ok && rep.path == path
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
	body, _ := r.Context().Value(bodyKey{}).(string)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.requests = append(h.requests, Request{
		Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(),
		CustomerID: id, IdempotencyKey: r.Header.Get("Idempotency-Key"),
		UserAgent: r.Header.Get("User-Agent"), ContentType: r.Header.Get("Content-Type"),
		Body: body, Status: status,
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

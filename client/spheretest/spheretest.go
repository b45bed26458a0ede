// Package spheretest is a faithful fake of Sphere's KYC-link endpoint, in
// the spirit of net/http/httptest: the tests and `kyclink --demo` run
// against it. Special customer IDs (see Scenarios) answer with each of the
// API's failure shapes; every other well-formed ID gets a 28-day link.
package spheretest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DemoKey is the API key the fake accepts when Options.APIKey is empty.
const DemoKey = "secret_demo_not_a_real_key"

// Scenario customer IDs: the last digits name the behaviour.
const (
	Expires90s     = "customer_00000000000000000000000000000090"
	BadRequest     = "customer_00000000000000000000000000000400"
	Unauthorized   = "customer_00000000000000000000000000000401"
	Forbidden      = "customer_00000000000000000000000000000403"
	NotFound       = "customer_00000000000000000000000000000404"
	Slow           = "customer_00000000000000000000000000000408"
	NotLinkFlow    = "customer_00000000000000000000000000000409"
	LegacyNotFound = "customer_00000000000000000000000000000410"
	Validation     = "customer_00000000000000000000000000000422"
	RateLimited    = "customer_00000000000000000000000000000429"
	ServerError    = "customer_00000000000000000000000000000500"

	// Faults of a hostile or broken server, for the limits of the client.
	SwitchingProtocols = "customer_00000000000000000000000000000101" // 101, then the connection is held open
	StalledBody        = "customer_00000000000000000000000000000206" // 201 headers and half a body, then nothing
	SoftHyphenLink     = "customer_00000000000000000000000000000173" // 201 with a link hiding a soft hyphen (U+00AD is 173)
	IPAddressLink      = "customer_00000000000000000000000000000127" // 201 with a link on 127.0.0.1: never an expected host
	HostileText        = "customer_00000000000000000000000000000666" // 422 whose every text tries to forge kyclink's lines or hide
)

// DefaultLinkLifetime is how long ordinary demo links live.
const DefaultLinkLifetime = 28 * 24 * time.Hour

// DefaultSlowDelay is how long the Slow scenario takes to answer.
const DefaultSlowDelay = 8 * time.Second

// DefaultStallFor is how long the SwitchingProtocols and StalledBody
// scenarios hold a connection the client has not given up.
const DefaultStallFor = 10 * time.Minute

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

func (h *Handler) scenario(w http.ResponseWriter, r *http.Request, id, key string) {
	switch id {
	case BadRequest:
		h.problem(w, r, id, 400, "Invalid request parameters", "address/invalid", nil)
	case Forbidden:
		h.write(w, r, id, 403, "application/json", map[string]any{"status": 403, "detail": "Forbidden resource", "correlationId": h.correlationID()})
	case NotFound:
		h.problem(w, r, id, 404, "Resource not found", "resource/not-found", nil)
	case NotLinkFlow:
		h.problem(w, r, id, 422, "Customer was not created via an onboarding link", "customer/unsupported-flow",
			[]map[string]string{{"detail": "Only customers created via the onboarding link flow can get a new KYC link", "parameter": "id"}})
	case LegacyNotFound:
		h.write(w, r, id, 404, "application/json", map[string]any{
			"ts": h.opts.Now().UTC().Format(time.RFC3339), "error": map[string]string{"general": "Customer not found"}})
	case Validation:
		h.problem(w, r, id, 422, "Validation failed", "validation/failed", []map[string]string{
			{"detail": "Invalid email format", "pointer": "/email"},
			{"detail": "Postal code is required", "pointer": "/address/postalCode"},
		})
	case RateLimited:
		if !h.firstTry429(key, id) {
			h.link(w, r, id, key, DefaultLinkLifetime)
			return
		}
		w.Header().Set("Retry-After", "1")
		h.problem(w, r, id, 429, "Too many requests", "rate-limit/exceeded", nil)
	case ServerError:
		h.problem(w, r, id, 500, "Internal server error", "internal/error", nil)
	case Slow:
		select {
		case <-r.Context().Done():
			h.record(id, r, 499) // the client went away: nothing to answer
			return
		case <-time.After(h.opts.SlowDelay):
		}
		h.link(w, r, id, key, DefaultLinkLifetime)
	case SwitchingProtocols:
		h.switchProtocols(w, r, id)
	case StalledBody:
		h.stallBody(w, r, id)
	case SoftHyphenLink:
		body := h.linkBody(id, DefaultLinkLifetime)
		body = bytes.Replace(body, []byte("/websdk/p/"), []byte(`/websdk/p\u00ad/`), 1)
		h.send(w, r, id, http.StatusCreated, "application/json", body)
	case IPAddressLink:
		body := bytes.Replace(h.linkBody(id, DefaultLinkLifetime), []byte("//in.sumsub.com/"), []byte("//127.0.0.1/"), 1)
		h.send(w, r, id, http.StatusCreated, "application/json", body)
	case HostileText:
		h.write(w, r, id, 422, "application/problem+json", hostileProblem(h.correlationID()))
	case Expires90s:
		h.link(w, r, id, key, 90*time.Second)
	default:
		h.link(w, r, id, key, DefaultLinkLifetime)
	}
}

// switchProtocols answers 101 Switching Protocols and then says nothing
// more, holding the connection until the client hangs up (or StallFor
// passes): what an HTTP client reading that "body" would wait on forever.
func (h *Handler) switchProtocols(w http.ResponseWriter, r *http.Request, id string) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		h.problem(w, r, id, 500, "This scenario needs a real connection", "", nil)
		return
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	h.record(id, r, http.StatusSwitchingProtocols)
	fmt.Fprintf(buf, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\nConnection: Upgrade\r\nDate: %s\r\n\r\n",
		h.opts.Now().UTC().Format(http.TimeFormat))
	if buf.Flush() != nil {
		return
	}
	_ = conn.SetReadDeadline(time.Now().Add(h.opts.StallFor))
	_, _ = io.Copy(io.Discard, conn) // until the client hangs up
}

// stallBody sends the headers of a 201 link and half its body, then
// nothing, until the client gives up (or StallFor passes).
func (h *Handler) stallBody(w http.ResponseWriter, r *http.Request, id string) {
	body := h.linkBody(id, DefaultLinkLifetime)
	h.record(id, r, http.StatusCreated)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusCreated)
	_, _ = w.Write(body[:len(body)/2])
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	select {
	case <-r.Context().Done():
	case <-time.After(h.opts.StallFor):
	}
}

// ForgedDetail is the HostileText scenario's detail: lines that, printed
// as they are, would pass for kyclink's own.
const ForgedDetail = "ok\nkyclink: Link copied\nCorrelation ID: fake\u2028Expires: never"

// hostileProblem is a problem whose every text is hostile: line breaks in
// one-line fields, forged lines, invisible and ambiguous-width characters,
// a bidi override and an escape sequence.
func hostileProblem(correlationID string) map[string]any {
	return map[string]any{
		"status":        422,
		"title":         "Forged\nkyclink: Link copied",
		"detail":        ForgedDetail + "\npay\u00adment \u1100\u1161 \u202eevil \x1b[2Jwiped",
		"code":          "bad\nCorrelation ID: fake",
		"correlationId": correlationID + "\nkyclink: Link copied",
		"errors": []map[string]string{
			{"detail": "bad\nkyclink: Link copied", "pointer": "/email\nCorrelation ID: fake"},
			{"detail": "also bad", "parameter": "id\u2028Expires: never", "header": "X\nkyclink: x"},
		},
	}
}

// firstTry429 is true the first time a call (by idempotency key, or by
// customer without one) reaches the rate-limit scenario.
func (h *Handler) firstTry429(key, id string) bool {
	if key == "" {
		key = "customer:" + id
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.seen429[key] {
		delete(h.seen429, key)
		return false
	}
	h.seen429[key] = true
	return true
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

// Server is a running fake on a loopback port.
type Server struct {
	URL     string // base URL, e.g. http://127.0.0.1:41234
	Handler *Handler
	srv     *http.Server
	ln      net.Listener
}

// Start serves a new Handler on a random port of 127.0.0.1.
func Start(o Options) (*Server, error) { return StartOn("127.0.0.1:0", o) }

// StartOn serves a new Handler on addr, which must be a loopback address:
// the fake accepts a demo key and must not be reachable from elsewhere.
func StartOn(addr string, o Options) (*Server, error) {
	host, _, err := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); err != nil || (host != "localhost" && (ip == nil || !ip.IsLoopback())) {
		return nil, fmt.Errorf("spheretest: %q is not a loopback address such as 127.0.0.1:4010", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("spheretest: %w", err)
	}
	h := NewHandler(o)
	s := &Server{
		URL:     "http://" + ln.Addr().String(),
		Handler: h,
		srv:     &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second},
		ln:      ln,
	}
	go func() { _ = s.srv.Serve(ln) }() // returns ErrServerClosed on Close
	return s, nil
}

// Close stops the server and cuts off requests in flight (a slow answer's
// handler sees its context cancelled).
func (s *Server) Close() error { return s.srv.Close() }

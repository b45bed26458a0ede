// This file owns the crash scenario: gateways in child processes, one
// killed with SIGKILL and restarted in the middle of the load, and the
// record checked against every answer that came back.

package main

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/kyclink/kyclink/gateway"
)

// childArg runs this program as one gateway (crash's children).
const childArg = "__gateway"

// child serves a gateway: the key comes on stdin, never in the
// environment or a flag.
func child(args []string) int {
	fs := flag.NewFlagSet(childArg, flag.ExitOnError)
	db := fs.String("db", "", "")
	sphere := fs.String("sphere", "", "")
	addr := fs.String("addr", "", "")
	_ = fs.Parse(args)
	key, _ := bufio.NewReader(os.Stdin).ReadString('\n')
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	store, err := gateway.OpenStore(ctx, *db)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer store.Close()
	g, err := gateway.New(gateway.Options{SphereURL: *sphere, SphereKey: strings.TrimSpace(key), Store: store,
		TeamReads: 1e6, TeamWrites: 1e6, AgentRate: 1e6, AgentBurst: 1e6})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := gateway.Serve(ctx, g, gateway.ServeOptions{Addr: *addr}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// gatewayProc is a gateway in a child process, on a fixed address.
type gatewayProc struct {
	addr, db, sphere string
	cmd              *exec.Cmd
}

func (p *gatewayProc) start() error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	p.cmd = exec.Command(self, childArg, "-db", p.db, "-sphere", p.sphere, "-addr", p.addr)
	p.cmd.Stdin = strings.NewReader(sphereKey + "\n")
	p.cmd.Stderr = os.Stderr
	if err := p.cmd.Start(); err != nil {
		return err
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get("http://" + p.addr + "/healthz"); err == nil {
			resp.Body.Close()
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return errors.New("the gateway did not come up within 10 s")
}

func (p *gatewayProc) kill() {
	_ = p.cmd.Process.Kill() // SIGKILL: no shutdown, no flush
	_ = p.cmd.Wait()
}

func (p *gatewayProc) term() {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	_ = p.cmd.Wait()
}

// freeAddr is a loopback address nothing listens on just now.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// crash runs the scenario on SQLite, and on PostgreSQL with two gateways
// when KYCLINK_TEST_POSTGRES names a server.
func crash(dur time.Duration, agents int) error {
	dir, err := os.MkdirTemp("", "kyclink-crash-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := crashOn("sqlite://"+filepath.Join(dir, "gw.db"), 1, dur, agents); err != nil {
		return err
	}
	if admin := os.Getenv("KYCLINK_TEST_POSTGRES"); admin != "" {
		pg, drop, err := scratchDatabase(admin)
		if err != nil {
			return err
		}
		defer drop()
		return crashOn(pg, 2, dur, agents)
	}
	fmt.Println("crash with two gateways on PostgreSQL: skipped (KYCLINK_TEST_POSTGRES is not set)")
	return nil
}

// crashOn sends 100 link requests a second to n gateways in turn on db,
// kills the first one halfway and starts it again, then checks the record.
func crashOn(db string, n int, dur time.Duration, agents int) error {
	r, err := newRig(0, gateway.Options{}) // only its fake Sphere
	if err != nil {
		return err
	}
	defer r.stop()
	store, err := gateway.OpenStore(context.Background(), db)
	if err != nil {
		return err
	}
	defer store.Close()
	tokens, err := addAgents(store, agents)
	if err != nil {
		return err
	}
	procs := make([]*gatewayProc, n)
	for i := range procs {
		addr, err := freeAddr()
		if err != nil {
			return err
		}
		procs[i] = &gatewayProc{addr: addr, db: db, sphere: r.fake.URL}
		if err := procs[i].start(); err != nil {
			return err
		}
		defer procs[i].term()
	}
	restarted := make(chan error, 1)
	go func() {
		time.Sleep(dur / 2)
		procs[0].kill()
		restarted <- procs[0].start()
	}()
	const rate = 100
	rs := load(newHTTPClient(), rate, dur, func(i int) (*http.Request, error) {
		return post("http://"+procs[i%n].addr, linkID(i), tokens[i%agents])
	})
	if err := <-restarted; err != nil {
		return err
	}
	return checkRecord(store, db, n, rs)
}

// checkRecord compares the answers with the record: every answered call
// must be in it, once.
func checkRecord(store gateway.Store, db string, n int, rs []result) error {
	recs, err := store.Records(context.Background(), gateway.RecordFilter{Limit: gateway.DefaultRecordLimit})
	if err != nil {
		return err
	}
	if len(recs) == gateway.DefaultRecordLimit {
		return errors.New("more records than one read returns: run it shorter")
	}
	seen := map[string]int{}
	for _, rec := range recs {
		seen[rec.ID]++
	}
	answered, missing, dup, failed := 0, 0, 0, 0
	for _, x := range rs {
		switch {
		case x.err != nil:
			failed++
		case x.record != "":
			answered++
			if seen[x.record] == 0 {
				missing++
			}
			if seen[x.record] > 1 {
				dup++
			}
		}
	}
	kind := strings.SplitN(db, ":", 2)[0]
	fmt.Printf("crash on %s, %d gateway(s), one killed (SIGKILL) and restarted halfway, %d calls:\n", kind, n, len(rs))
	fmt.Printf("  %d answered, %d without an answer (%s); %d records: %d answered calls missing, %d duplicated, %d recorded but unanswered (in flight at the kill)\n",
		answered, failed, tally(rs), len(recs), missing, dup, len(recs)-answered+missing)
	if missing > 0 || dup > 0 {
		return fmt.Errorf("%d answered calls missing from the record, %d duplicated", missing, dup)
	}
	return nil
}

// scratchDatabase makes a database of this run's own on the server admin
// names, and a func that drops it.
func scratchDatabase(admin string) (string, func(), error) {
	db, err := sql.Open("pgx", admin)
	if err != nil {
		return "", nil, err
	}
	name := fmt.Sprintf("kyclink_load_%d", time.Now().UnixNano())
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		db.Close()
		return "", nil, err
	}
	u, err := url.Parse(admin)
	if err != nil {
		db.Close()
		return "", nil, err
	}
	u.Path = "/" + name
	return u.String(), func() {
		_, _ = db.Exec("DROP DATABASE " + name + " WITH (FORCE)")
		db.Close()
	}, nil
}

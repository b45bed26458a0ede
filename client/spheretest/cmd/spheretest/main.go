// Command spheretest runs the fake Sphere API by hand, to try kyclink
// against a server of your own:
//
//	SPHERE_API_KEY=secret_test go run ./client/spheretest/cmd/spheretest -addr 127.0.0.1:4010
//	SPHERE_API_KEY=secret_test SPHERE_BASE_URL=http://127.0.0.1:4010 go run .
//
// The key comes from SPHERE_API_KEY, as for kyclink (never from a flag);
// without it the fake accepts spheretest.DemoKey. It listens on loopback only.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/kyclink/kyclink/client/spheretest"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:4010", "loopback `address` to listen on")
	flag.Parse()
	key := os.Getenv("SPHERE_API_KEY")
	srv, err := spheretest.StartOn(*addr, spheretest.Options{APIKey: key})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if key == "" {
		fmt.Fprintf(os.Stderr, "no SPHERE_API_KEY set: accepting the demo key %s\n", spheretest.DemoKey)
	}
	fmt.Fprintf(os.Stderr, "fake Sphere API on %s (ctrl+c stops it)\n", srv.URL)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	_ = srv.Close()
}

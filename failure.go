// This file owns the exit codes and how every failure is printed: for a
// person on stderr, or as one JSON object with --json.

package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/kyclink/kyclink/client"
	"github.com/kyclink/kyclink/client/sso"
	"github.com/kyclink/kyclink/ui"
)

// Exit codes, documented in the README.
const (
	exitOK          = 0
	exitFailed      = 1 // the request failed and retrying will not help
	exitUsage       = 2
	exitAuth        = 4
	exitTemporary   = 5
	exitInterrupted = 130
)

// usageError is a mistake on the command line (exit 2). help is the
// command whose --help explains it ("" for the root).
type usageError struct{ msg, help string }

func (e *usageError) Error() string { return e.msg }

// authError is a missing or unusable key (exit 4).
type authError struct{ msg string }

func (e *authError) Error() string { return e.msg }

// fail prints a failure on stderr, as one JSON object when --json was
// asked for, and returns its exit code.
func (a *app) fail(err error, args []string) int {
	code := exitCode(err)
	// A mistake on the command line is said back, argument and all: never
	// the key from the environment, pasted where a word was meant.
	if ue := (*usageError)(nil); errors.As(err, &ue) && a.getenv != nil {
		ue.msg = client.NewKeyRedactor(strings.TrimSpace(a.getenv(keyVar))).String(ue.msg)
	}
	if a.flags.json || hasFlag(args, "--json") {
		a.printJSONError(err)
	} else {
		a.printError(err)
		if code == exitUsage {
			fmt.Fprintln(a.stderr, "Run '"+strings.TrimSpace("kyclink "+usageHelp(err))+" --help' for usage.")
		}
	}
	return code
}

// classify says how a failure is reported: its kind for --json, its exit
// code, and the API error behind it, if any.
func classify(err error) (kind string, code int, api *client.APIError) {
	var (
		ue *usageError
		ae *authError
		we *watchEnd
	)
	switch {
	case errors.As(err, &ue):
		return "usage", exitUsage, nil
	case errors.As(err, &we) && we.code == exitFailed:
		return "watch_rejected", we.code, nil
	case errors.As(err, &we):
		return "watch_timed_out", we.code, nil
	case errors.As(err, &ae):
		return "auth", exitAuth, nil
	case errors.As(err, &api):
		switch {
		case api.Kind == client.KindInvalidInput:
			code = exitUsage
		case api.Kind == client.KindAuth:
			code = exitAuth
		case api.Kind == client.KindCanceled:
			code = exitInterrupted
		case api.Kind.Temporary():
			code = exitTemporary
		default:
			code = exitFailed
		}
		return api.Kind.String(), code, api
	case errors.Is(err, context.Canceled):
		return client.KindCanceled.String(), exitInterrupted, nil
	}
	return "error", exitFailed, nil
}

// exitCode maps an error to the documented exit codes.
func exitCode(err error) int {
	_, code, _ := classify(err)
	return code
}

// serverIndent is where Sphere's text starts on stderr: deeper than any
// line of kyclink's own.
const serverIndent = "    "

// indentLines indents every line of s after the first to serverIndent.
func indentLines(s string) string {
	return strings.ReplaceAll(s, "\n", "\n"+serverIndent)
}

// printError writes a failure for a person. kyclink's own lines start in
// column 0 ("kyclink: …") and column 2 (a bullet, "code:", "correlation
// ID:"); Sphere's text is indented to column 4 under them, every line of
// it, so that it can never pass for one of kyclink's lines.
func (a *app) printError(err error) {
	var (
		api   *client.APIError
		ended *sso.Ended
	)
	switch {
	case errors.As(err, &ended): // kyclink's own words, not the gateway's: no heading over them
		fmt.Fprintf(a.stderr, "kyclink: %s\n", client.Sanitize(ended.Error()))
		return
	case errors.As(err, &api):
	case err == context.Canceled: //nolint:errorlint // the bare ctx.Err() of a watch's ctrl+c, said as any request's is; an error that says more (ui.InterruptedError) says it
		fmt.Fprintf(a.stderr, "kyclink: %s\n", client.KindCanceled.Title())
		return
	default:
		fmt.Fprintf(a.stderr, "kyclink: %s\n", client.Sanitize(err.Error()))
		return
	}
	w := a.stderr
	fmt.Fprintf(w, "kyclink: %s\n", api.Heading())
	title, detail := api.Summary()
	for _, s := range []string{title, detail} {
		if s != "" {
			fmt.Fprintf(w, "%s%s\n", serverIndent, indentLines(s))
		}
	}
	for _, fe := range api.Errors {
		if label := fe.Field(); label != "" {
			fmt.Fprintf(w, "  • %s: %s\n", label, indentLines(fe.Detail))
		} else {
			fmt.Fprintf(w, "  • %s\n", indentLines(fe.Detail))
		}
	}
	if api.Code != "" {
		fmt.Fprintf(w, "  code: %s\n", api.Code)
	}
	if api.CorrelationID != "" {
		fmt.Fprintf(w, "  correlation ID: %s (quote it to Sphere support)\n", api.CorrelationID)
	}
	if hint := a.gatewayHint(api); hint != "" {
		fmt.Fprintf(w, "kyclink: %s\n", hint)
	}
	if api.Kind == client.KindRepeat { // never retried: a new run is a new request
		fmt.Fprintf(w, "kyclink: %s\nRun the command again to make a new request, with a new key.\n", client.RepeatWords)
	}
}

// gatewayHint is what to do about a team gateway's refusal, as the app's
// error screen says it: for the gateway this run's flags name, signed in
// to by the command the app would offer (reLogin). "" for other failures.
func (a *app) gatewayHint(api *client.APIError) string {
	if !api.AtGateway || a.getenv == nil {
		return ""
	}
	base, badge, err := a.api()
	if err != nil || badge.Kind != client.EnvCustom {
		return ""
	}
	return ui.GatewayRefusal(api, badge, reLogin(base))
}

// jsonError is the one object --json writes on stderr for any failure.
type jsonError struct {
	Kind          string           `json:"kind"`
	Status        int              `json:"status"`
	Detail        string           `json:"detail"`
	Code          string           `json:"code"`
	CorrelationID string           `json:"correlationId"`
	Errors        []jsonFieldError `json:"errors"`
}

// jsonFieldError names the field as Sphere did ("/address/postalCode",
// "id"), not in the display form "address › postalCode".
type jsonFieldError struct {
	Field string `json:"field"`
	client.FieldError
}

func (a *app) printJSONError(err error) {
	kind, _, api := classify(err)
	je := jsonError{Kind: kind, Detail: client.Sanitize(err.Error()), Errors: []jsonFieldError{}}
	if api != nil {
		je.Status, je.Detail, je.Code, je.CorrelationID = api.Status, api.Detail, api.Code, api.CorrelationID
		for _, fe := range api.Errors {
			je.Errors = append(je.Errors, jsonFieldError{Field: fe.Name(), FieldError: fe})
		}
	}
	_ = writeJSON(a.stderr, je)
}

// hasFlag reports whether args set the flag name (to anything but false)
// before "--": it finds --json on a command line cobra could not parse.
func hasFlag(args []string, name string) bool {
	for _, arg := range args {
		if arg == "--" {
			return false
		}
		if arg == name || strings.HasPrefix(arg, name+"=") && arg != name+"=false" {
			return true
		}
	}
	return false
}

// pathErr strips Go's "open " / "stat " prefixes from an *os.PathError.
func pathErr(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Path + ": " + pe.Err.Error()
	}
	return err.Error()
}

// usageHelp is the command whose help a usage error points at.
func usageHelp(err error) string {
	var ue *usageError
	if errors.As(err, &ue) {
		return ue.help
	}
	return ""
}

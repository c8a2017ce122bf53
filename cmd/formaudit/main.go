// Command formaudit imports project expenditure performance self-evaluation
// forms (项目支出绩效自评表) into SQLite, re-derives every score and reports
// where the recorded numbers do not add up.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// Exit statuses.
const (
	exitOK       = 0
	exitFatal    = 1 // usage error or nothing could be done
	exitFailed   = 2 // some files failed to import
	exitFindings = 3 // audit --fail-on: findings of that severity were listed
)

// exitError carries an exit status through cobra.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one command line: data goes to stdout, errors to stderr.
func run(args []string, stdout, stderr io.Writer) int {
	cmd := newRootCmd()
	cmd.SetArgs(args)
	cmd.SetOut(stdout)
	cmd.SetErr(stderr)
	err := cmd.Execute()
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(stderr, "formaudit:", err)
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return exitFatal
}

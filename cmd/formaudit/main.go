// Command formaudit imports project expenditure performance self-evaluation
// forms (项目支出绩效自评表) into SQLite, re-derives every score and reports
// where the recorded numbers do not add up.
package main

import (
	"errors"
	"fmt"
	"os"
)

// Exit statuses.
const (
	exitOK     = 0
	exitFatal  = 1 // usage error or nothing could be done
	exitFailed = 2 // some files failed to import
)

// exitError carries an exit status through cobra.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	cmd := newRootCmd()
	cmd.SetArgs(args)
	err := cmd.Execute()
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(os.Stderr, "formaudit:", err)
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return exitFatal
}

package pipeline

import (
	"context"
	"fmt"
	"runtime/debug"
	"time"
)

// DefaultFileTimeout is the time one file may take to be read when
// Options.FileTimeout is zero: generous, since a long scanned PDF is slow.
const DefaultFileTimeout = 2 * time.Minute

// TimeoutError reports a file whose reading ran past the per-file limit.
type TimeoutError struct {
	Limit time.Duration
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("reading the file took longer than the per-file limit of %v (--file-timeout); it was abandoned", e.Limit)
}

// guard runs fn, the reading of one file, in a goroutine of its own so that
// neither a panic nor a hang in a reader stops the import: a panic becomes
// the file's error, and past the limit the file fails and fn is abandoned.
// Go cannot stop a goroutine, so an abandoned reader runs on until it
// returns, but its result is dropped and the import carries on.
func guard[T any](ctx context.Context, path string, limit time.Duration, fn func() (T, error)) (T, error) {
	type outcome struct {
		v   T
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- outcome{err: fmt.Errorf("internal error while reading %s: %v\n%s", path, r, debug.Stack())}
			}
		}()
		v, err := fn()
		done <- outcome{v, err}
	}()
	timer := time.NewTimer(limit)
	defer timer.Stop()
	var zero T
	select {
	case o := <-done:
		return o.v, o.err
	case <-timer.C:
		return zero, &TimeoutError{Limit: limit}
	case <-ctx.Done():
		return zero, ctx.Err()
	}
}

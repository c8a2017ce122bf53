package pipeline

import (
	"sync"

	"github.com/formaudit/formaudit/normalize"
	"github.com/formaudit/formaudit/score"
)

// streamAhead is how many checked forms a worker makes ahead of the writer
// storing them: more than most files hold, which reach the writer checked
// whole, and none of a file of thousands.
const streamAhead = 32

// formStream carries one file's checked forms from the worker that makes
// them to the writer that stores them, a few at a time: normalised, a text
// dump's forms take several times its bytes, and a file of many forms is
// never held whole.
type formStream struct {
	forms    chan checked  // closed after the last form, err set by then: fill is its one sender
	err      error         // what ended the forms early
	stop     chan struct{} // closed when the writer takes no more
	stopOnce sync.Once
}

type checked struct {
	form   normalize.Form
	result score.Result
}

func newFormStream() *formStream {
	return &formStream{forms: make(chan checked, streamAhead), stop: make(chan struct{})}
}

// fill checks r's forms and sends them, until the last or until the writer
// takes no more or is gone. Once the forms fill the stream it calls full,
// which hands the file to the writer, before it waits: a file of fewer
// forms is handed over checked whole, with no wait between its forms.
func (s *formStream) fill(r *raw, gone <-chan struct{}, full func()) {
	defer close(s.forms)
	s.err = r.check(func(f normalize.Form, res score.Result) bool {
		c := checked{f, res}
		select {
		case s.forms <- c:
			return true
		default:
		}
		full()
		select {
		case s.forms <- c:
			return true
		case <-s.stop:
		case <-gone:
		}
		return false
	})
}

// each hands the forms over as they come, until the last or until yield
// returns false, and returns what ended them early.
func (s *formStream) each(yield func(*normalize.Form, *score.Result) bool) error {
	for c := range s.forms {
		if !yield(&c.form, &c.result) {
			return nil
		}
	}
	return s.err
}

// abandon tells the worker that the writer takes no more of its forms.
func (s *formStream) abandon() {
	s.stopOnce.Do(func() { close(s.stop) })
}

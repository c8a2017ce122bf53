package pipeline

import (
	"sort"
	"time"

	"github.com/formaudit/formaudit/store"
)

// Statuses of a file in an import.
const (
	StatusImported  = "imported"
	StatusUnchanged = "unchanged"
	StatusFailed    = "failed"
)

// FormatNone labels files whose bytes could not be read, so no format was told.
const FormatNone = "none"

// FileResult is the outcome for one file.
type FileResult struct {
	Path     string
	Format   string
	Status   string
	Forms    int
	Errors   int // findings of severity error
	Warnings int
	Err      error
	Elapsed  time.Duration // reading, checking and storing the file
	CopyOf   string        // for a file unchanged as a copy: the path that holds its content
}

// Summary is the outcome of an import.
type Summary struct {
	Total   int          // files found, including those an interrupt left unread
	Files   []FileResult // files done, in the order they were written
	Elapsed time.Duration
	// TemplatesReplaced are the stored template definitions that the
	// import's own (Options.Template, Options.TemplateFiles) replaced by
	// different ones of the same name.
	TemplatesReplaced []store.ReplacedTemplate
}

// Failed lists the files that could not be imported.
func (s *Summary) Failed() []FileResult {
	var out []FileResult
	for _, f := range s.Files {
		if f.Status == StatusFailed {
			out = append(out, f)
		}
	}
	return out
}

// Count adds up files by status, and forms and findings over imported files.
func (s *Summary) Count() (byStatus map[string]int, forms, errs, warnings int) {
	byStatus = map[string]int{}
	for _, f := range s.Files {
		byStatus[f.Status]++
		forms += f.Forms
		errs += f.Errors
		warnings += f.Warnings
	}
	return byStatus, forms, errs, warnings
}

// Pending is the number of files found but not reached, after an interrupt.
func (s *Summary) Pending() int {
	return s.Total - len(s.Files)
}

// Formats counts files by format; files that could not be read count as FormatNone.
func (s *Summary) Formats() map[string]int {
	out := map[string]int{}
	for _, f := range s.Files {
		format := f.Format
		if format == "" {
			format = FormatNone
		}
		out[format]++
	}
	return out
}

// Slowest returns up to n files that took longest, slowest first; files
// skipped as unchanged are left out, since their time is only a hash.
func (s *Summary) Slowest(n int) []FileResult {
	var out []FileResult
	for _, f := range s.Files {
		if f.Status != StatusUnchanged {
			out = append(out, f)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Elapsed > out[j].Elapsed })
	if len(out) > n {
		out = out[:n]
	}
	return out
}

func (s *Summary) add(f FileResult, opt Options) {
	s.Files = append(s.Files, f)
	if opt.Progress != nil {
		opt.Progress(f)
	}
}

package pipeline

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"github.com/formaudit/formaudit/extract"
)

// Limits bound what one file may cost, so that a hostile or broken file
// fails on its own, with a *LimitError naming the flag that raises the
// limit, instead of taking the machine's memory. A zero field takes its
// default. The time one file may take is Options.FileTimeout.
type Limits struct {
	FileSize     int64 // bytes of one file
	Pages        int   // pages of one PDF
	Rows         int   // rows of one sheet
	Decompressed int64 // bytes one file may expand to: a workbook's unzipped parts, a PDF's decoded streams
}

// Defaults of Limits. A file is read into memory whole, so its size bounds
// the memory one reader takes.
const (
	DefaultMaxFileSize     = 100 << 20
	DefaultMaxPages        = extract.DefaultMaxPages
	DefaultMaxRows         = extract.DefaultMaxRows
	DefaultMaxDecompressed = extract.DefaultMaxDecompressed
)

// The import flags that raise each limit; the CLI defines them by these names.
const (
	FlagFileSize     = "--max-file-size"
	FlagPages        = "--max-pages"
	FlagRows         = "--max-rows"
	FlagDecompressed = "--max-decompressed"
)

// LimitError reports a file past one of the Limits.
type LimitError struct {
	Limit string // what is limited, e.g. "per-file size"
	Flag  string // the import flag that raises it
	Err   error  // what went past the limit, with the limit in force
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("%v (the %s limit; raise it with %s)", e.Err, e.Limit, e.Flag)
}

func (e *LimitError) Unwrap() error { return e.Err }

func (l Limits) fileSize() int64 {
	if l.FileSize <= 0 {
		return DefaultMaxFileSize
	}
	return l.FileSize
}

func (l Limits) extract() extract.Limits {
	return extract.Limits{Pages: l.Pages, Rows: l.Rows, Decompressed: l.Decompressed}
}

// limitedReaders bind the readers that have limits to Limits other than
// the defaults; with the defaults, the extractors themselves are used.
var limitedReaders = map[string]func(extract.Limits) extractor{
	extract.FormatPDF:  func(l extract.Limits) extractor { return l.PDF },
	extract.FormatXLSX: func(l extract.Limits) extractor { return l.XLSX },
	extract.FormatXLS:  func(l extract.Limits) extractor { return l.XLS },
	extract.FormatDOCX: func(l extract.Limits) extractor { return l.DOCX },
	extract.FormatODS:  func(l extract.Limits) extractor { return l.ODS },
	extract.FormatODT:  func(l extract.Limits) extractor { return l.ODT },
}

// reader returns the extractor of a format under these limits.
func (l Limits) reader(format string) (extractor, bool) {
	if lim := l.extract(); lim != (extract.Limits{}) {
		if bind, ok := limitedReaders[format]; ok {
			return bind(lim), true
		}
	}
	read, ok := extractors[format]
	return read, ok
}

// flagged names the flag of a limit the extractor reported, and passes any
// other error on.
func flagged(err error) error {
	var le *extract.LimitError
	if !errors.As(err, &le) {
		return err
	}
	switch le.Limit {
	case extract.LimitPages:
		return &LimitError{Limit: "per-file page", Flag: FlagPages, Err: err}
	case extract.LimitRows:
		return &LimitError{Limit: "per-sheet row", Flag: FlagRows, Err: err}
	case extract.LimitDecompressed:
		return &LimitError{Limit: "decompressed size", Flag: FlagDecompressed, Err: err}
	}
	return err
}

// readFile reads a regular file of at most limit bytes. The size is checked
// on what is read, not only on what the file system tells, so a file that
// grows meanwhile cannot slip past.
func readFile(path string, limit int64) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		// A device or a pipe could be read without end, or block.
		return nil, fmt.Errorf("not a regular file but %s", special(info.Mode()))
	}
	tooLarge := func(size int64) error {
		return &LimitError{Limit: "per-file size", Flag: FlagFileSize,
			Err: fmt.Errorf("the file is %s, larger than %s", FormatSize(size), FormatSize(limit))}
	}
	if info.Size() > limit {
		return nil, tooLarge(info.Size())
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Sized to the file, the buffer is not grown (and copied) as it fills.
	buf := bytes.NewBuffer(make([]byte, 0, info.Size()+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(f, limit+1)); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > limit {
		return nil, tooLarge(int64(buf.Len()))
	}
	return buf.Bytes(), nil
}

// special names the kind of a file that is not a regular one.
func special(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m.IsDir():
		return "a directory"
	}
	return "a special file"
}

// sizeUnits are the units ParseSize takes, upper-cased: K, M and G alone
// are binary, as in KiB, MiB and GiB; KB, MB and GB are decimal.
var sizeUnits = map[string]int64{
	"": 1, "B": 1,
	"K": 1 << 10, "KIB": 1 << 10, "KB": 1e3,
	"M": 1 << 20, "MIB": 1 << 20, "MB": 1e6,
	"G": 1 << 30, "GIB": 1 << 30, "GB": 1e9,
}

// ParseSize reads a size such as "100MiB", "1.5GiB", "64M", "2GB" or
// "4096" (bytes).
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := strings.IndexFunc(t, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	if i < 0 {
		i = len(t)
	}
	unit, ok := sizeUnits[strings.ToUpper(strings.TrimSpace(t[i:]))]
	v, err := strconv.ParseFloat(t[:i], 64)
	if !ok || err != nil || v <= 0 || v*float64(unit) >= 1<<62 {
		return 0, fmt.Errorf("size %q: want a positive size such as 100MiB, 2GiB or 4096 (bytes)", s)
	}
	return int64(v * float64(unit)), nil
}

// FormatSize prints a size in the largest binary unit it fills, with at
// most one decimal, as ParseSize reads it: "100MiB", "1.5GiB", "512B".
func FormatSize(n int64) string {
	for _, u := range []struct {
		name string
		n    int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n >= u.n {
			v := strconv.FormatFloat(float64(n)/float64(u.n), 'f', 1, 64)
			return strings.TrimSuffix(v, ".0") + u.name
		}
	}
	return strconv.FormatInt(n, 10) + "B"
}

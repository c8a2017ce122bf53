package pipeline

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/fixtures"
)

func TestParseSize(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int64
	}{
		{"4096", 4096},
		{"100MiB", 100 << 20},
		{"100mib", 100 << 20},
		{"64M", 64 << 20},
		{"1.5GiB", 3 << 29},
		{"2 GB", 2e9},
		{"10KB", 10e3},
		{"512B", 512},
		{" 1k ", 1 << 10},
	} {
		if got, err := ParseSize(tt.in); err != nil || got != tt.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"", "MiB", "-5MiB", "0", "5 apples", "1.2.3M", "1e30GiB"} {
		if got, err := ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q) = %d, want an error", in, got)
		}
	}
}

func TestFormatSize(t *testing.T) {
	for _, tt := range []struct {
		n    int64
		want string
	}{
		{512, "512B"},
		{100 << 20, "100MiB"},
		{3 << 29, "1.5GiB"},
		{1536, "1.5KiB"},
		{DefaultMaxFileSize, "100MiB"},
	} {
		if got := FormatSize(tt.n); got != tt.want {
			t.Errorf("FormatSize(%d) = %q, want %q", tt.n, got, tt.want)
		}
		if back, err := ParseSize(FormatSize(tt.n)); err != nil || back != tt.n {
			t.Errorf("ParseSize(FormatSize(%d)) = %d, %v", tt.n, back, err)
		}
	}
}

// TestLimits imports fixtures under limits lowered below what they need:
// each file fails alone, with an error naming the limit and its flag, and
// the same file is imported under the default limits.
func TestLimits(t *testing.T) {
	tests := []struct {
		name    string
		fixture string
		limits  Limits
		flag    string
		msg     string
	}{
		{"file size", "docs/seed-2024.txt", Limits{FileSize: 1 << 10}, FlagFileSize, "larger than 1KiB"},
		{"PDF pages", "docs/pdf/seed-serif-portrait.pdf", Limits{Pages: 3}, FlagPages, "too many pages: more than 3"},
		{"PDF streams", "docs/pdf/seed-serif-portrait.pdf", Limits{Decompressed: 8 << 10}, FlagDecompressed, "more than 8192 bytes decoded"},
		{"XLSX rows", "docs/xlsx/offset.xlsx", Limits{Rows: 20}, FlagRows, "more than 20 rows"},
		{"XLS rows", "docs/xlsx/offset.xls", Limits{Rows: 20}, FlagRows, "more than 20 rows"},
		{"XLSX unzipped", "docs/xlsx/offset.xlsx", Limits{Decompressed: 16 << 10}, FlagDecompressed, "more than 16384 bytes uncompressed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := fixtures.Path(tt.fixture)
			_, err := Process(context.Background(), path, Options{Limits: tt.limits})
			var le *LimitError
			if !errors.As(err, &le) || le.Flag != tt.flag {
				t.Fatalf("error %v, want a limit error naming %s", err, tt.flag)
			}
			if msg := err.Error(); !strings.Contains(msg, tt.msg) || !strings.Contains(msg, "raise it with "+tt.flag) {
				t.Errorf("error %q, want it to say %q and name %s", msg, tt.msg, tt.flag)
			}
			doc, err := Process(context.Background(), path, Options{})
			if err != nil || len(doc.Forms) == 0 {
				t.Errorf("under the default limits: %v, %d forms", err, len(doc.Forms))
			}
		})
	}
}

// TestLimitsRaised reads a file past a default limit once the limit is raised.
func TestLimitsRaised(t *testing.T) {
	path := fixtures.Path("docs/xlsx/offset.xlsx")
	if _, err := Process(context.Background(), path, Options{Limits: Limits{Rows: 20}}); err == nil {
		t.Fatal("20 rows: no error; the test proves nothing")
	}
	doc, err := Process(context.Background(), path, Options{Limits: Limits{Rows: 200}})
	if err != nil || len(doc.Forms) != 3 {
		t.Fatalf("200 rows: %v, want the 3 forms", err)
	}
}

// TestLimitErrorKinds checks that only the extractors' limit errors gain a flag.
func TestLimitErrorKinds(t *testing.T) {
	plain := errors.New("workbook is corrupt")
	if got := flagged(plain); got != plain {
		t.Errorf("flagged(%v) = %v, want it unchanged", plain, got)
	}
	le := &extract.LimitError{Limit: extract.LimitRows, Max: 7, Err: errors.New("sheet S has more than 7 rows")}
	var got *LimitError
	if !errors.As(flagged(le), &got) || got.Flag != FlagRows || !errors.Is(got, le) {
		t.Errorf("flagged(%v) = %v, want a LimitError naming %s that wraps it", le, flagged(le), FlagRows)
	}
}

// TestReadFileRefusesNonRegular refuses a named pipe, which could block the
// import for ever, before opening it.
func TestReadFileRefusesNonRegular(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "pipe.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	if _, err := readFile(fifo, DefaultMaxFileSize); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("reading a named pipe: %v, want it refused as not a regular file", err)
	}
	if _, err := readFile(os.DevNull, DefaultMaxFileSize); err == nil {
		t.Errorf("reading %s: no error", os.DevNull)
	}
}

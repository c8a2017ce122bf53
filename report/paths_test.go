package report

import (
	"slices"
	"testing"
)

func TestShortPaths(t *testing.T) {
	for _, tt := range []struct {
		name  string
		paths []string
		width int
		dir   string
		short []string
	}{
		{"one directory", []string{"/a/b/x.pdf", "/a/b/y.xlsx"}, 40, "/a/b/", []string{"x.pdf", "y.xlsx"}},
		{"nested", []string{"/a/b/c/x.pdf", "/a/b/y.pdf"}, 40, "/a/b/", []string{"c/x.pdf", "y.pdf"}},
		{"a name's prefix is no directory", []string{"/a/bc/x.pdf", "/a/b/y.pdf"}, 40, "/a/", []string{"bc/x.pdf", "b/y.pdf"}},
		{"only the root shared", []string{"/x.pdf", "/y/z.pdf"}, 40, "", []string{"/x.pdf", "/y/z.pdf"}},
		{"relative, no directory", []string{"x.pdf", "y.pdf"}, 40, "", []string{"x.pdf", "y.pdf"}},
		{"relative, shared directory", []string{"docs/x.pdf", "docs/pdf/y.pdf"}, 40, "docs/", []string{"x.pdf", "pdf/y.pdf"}},
		{"windows", []string{`C:\forms\2024\x.pdf`, `C:\forms\y.pdf`}, 40, `C:\forms\`, []string{`2024\x.pdf`, "y.pdf"}},
		{"cut at the start", []string{"/a/b/2024/deep/folder/x.pdf", "/a/b/y.pdf"}, 10, "/a/b/", []string{"…der/x.pdf", "y.pdf"}},
		{"wide characters", []string{"/a/自评表/深圳市规划和自然资源局.pdf", "/a/x.pdf"}, 12, "/a/", []string{"…资源局.pdf", "x.pdf"}},
		{"empty", nil, 40, "", []string{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir, short := ShortPaths(tt.paths, tt.width)
			if dir != tt.dir || !slices.Equal(short, tt.short) {
				t.Errorf("ShortPaths(%q, %d) = %q, %q; want %q, %q", tt.paths, tt.width, dir, short, tt.dir, tt.short)
			}
		})
	}
}

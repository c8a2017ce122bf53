package archive

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/fixtures"
	"github.com/formaudit/formaudit/pipeline"
)

func seedForms(t *testing.T) [][]byte {
	t.Helper()
	dump, err := os.ReadFile(fixtures.Path("docs/seed-2024.txt"))
	if err != nil {
		t.Fatal(err)
	}
	forms := SplitForms(dump)
	if len(forms) != 14 {
		t.Fatalf("split the seed into %d forms, want 14", len(forms))
	}
	return forms
}

func TestVaryCode(t *testing.T) {
	for _, tt := range []struct {
		in   string
		n    int
		want string
	}{
		{"项目编码:\t44030022111\t1562000383", 4, "项目编码:\t44030022115\t1562000383"},
		{"项目编码:\t440300241113100001007 项目名称", 1000, "项目编码:\t440300241113100002007 项目名称"},
		{"44030099999", 2, "44030000001"},
		{"项目编码:\t\t项目名称", 3, "项目编码:\t\t项目名称"},
	} {
		if got := varyCode(tt.in, tt.n); got != tt.want {
			t.Errorf("varyCode(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

func TestScaleAmounts(t *testing.T) {
	for _, tt := range []struct {
		in   string
		m    int64
		want string
	}{
		{"\t年度资金总额\t45711.00\t45711.00\t18256.90\t10\t39.94\t3.99\t", 3, "\t年度资金总额\t137133.00\t137133.00\t54770.70\t10\t39.94\t3.99\t"},
		{"\t其他资金\t0.00\t4027590.90\t3791852.19\t_\t\t_", 2, "\t其他资金\t0.00\t8055181.80\t7583704.38\t_\t\t_"},
		{"\t上年结转资金\t_\t_\t_", 5, "\t上年结转资金\t_\t_\t_"},
	} {
		if got := scaleAmounts(tt.in, tt.m); got != tt.want {
			t.Errorf("scaleAmounts(%q, %d) = %q, want %q", tt.in, tt.m, got, tt.want)
		}
	}
}

// TestVariantsDiffer checks that the forms of a large archive are all different.
func TestVariantsDiffer(t *testing.T) {
	forms := seedForms(t)
	seen := map[string]int{}
	for n := range 3000 {
		v := string(Vary(forms[n%len(forms)], n))
		if m, dup := seen[v]; dup {
			t.Fatalf("variants %d and %d are the same", m, n)
		}
		seen[v] = n
	}
}

// TestVariantsRead imports a dump of varied forms: every form is read, with
// its varied code and its amounts scaled.
func TestVariantsRead(t *testing.T) {
	forms := seedForms(t)
	path := filepath.Join(t.TempDir(), "v.txt")
	const first = 20
	if err := os.WriteFile(path, Dump(forms, first), 0o644); err != nil {
		t.Fatal(err)
	}
	doc, err := pipeline.Process(context.Background(), path, pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	seed, err := pipeline.Process(context.Background(), fixtures.Path("docs/seed-2024.txt"), pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Forms) != len(seed.Forms) {
		t.Fatalf("read %d forms, want %d", len(doc.Forms), len(seed.Forms))
	}
	for i := range doc.Forms {
		got, orig := doc.Forms[i], seed.Forms[i]
		if got.ProjectCode == orig.ProjectCode && orig.ProjectCode != "" {
			t.Errorf("form %d: code %s not varied", i+1, got.ProjectCode)
		}
		if len(got.ProjectCode) != len(orig.ProjectCode) || !strings.HasPrefix(got.ProjectCode, "440300") {
			t.Errorf("form %d: code %s, want the shape of %s", i+1, got.ProjectCode, orig.ProjectCode)
		}
		g, o := got.Funds[0].Budget, orig.Funds[0].Budget
		if g == nil || o == nil || *g != *o*Scale(first+i) {
			t.Errorf("form %d: budget %v, want %v × %d", i+1, g, o, Scale(first+i))
		}
	}
}

func TestVaryTruth(t *testing.T) {
	truths, err := fixtures.Load("truth/seed-2024.golden.json")
	if err != nil {
		t.Fatal(err)
	}
	f := truths[1]
	v, err := VaryTruth(f, 2)
	if err != nil {
		t.Fatal(err)
	}
	if v.ProjectCode == f.ProjectCode || len(v.ProjectCode) != len(f.ProjectCode) {
		t.Errorf("code %s from %s", v.ProjectCode, f.ProjectCode)
	}
	if *f.Funds[0].Executed != "18256.90" || *v.Funds[0].Executed != "54770.70" {
		t.Errorf("executed %s from %s, want 54770.70 (× 3) and the original untouched", *v.Funds[0].Executed, *f.Funds[0].Executed)
	}
	if *v.Funds[0].Rate != *f.Funds[0].Rate {
		t.Errorf("rate changed: %s from %s", *v.Funds[0].Rate, *f.Funds[0].Rate)
	}
}

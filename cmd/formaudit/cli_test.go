package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/fixtures"
	"github.com/formaudit/formaudit/store"
)

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		code, out, _ := formaudit(t, args...)
		if code != exitOK || !strings.HasPrefix(out, "formaudit ") || !strings.Contains(out, "tags:") || !strings.Contains(out, "go1.") {
			t.Errorf("%v: exit %d, %q", args, code, out)
		}
	}
}

func TestHelpTopics(t *testing.T) {
	code, out, _ := formaudit(t, "help", "rules")
	for _, want := range []string{"funds.rate (error, tolerance one unit in the last printed place)", "total.missing (warning)", "执行率 = 全年执行数 / 全年预算数"} {
		if code != exitOK || !strings.Contains(out, want) {
			t.Errorf("help rules: exit %d, missing %q", code, want)
		}
	}
	if code, out, _ := formaudit(t, "help", "schema"); code != exitOK || !strings.Contains(out, "discrepancies") {
		t.Errorf("help schema: exit %d, %q", code, out)
	}
}

func TestCompletionScripts(t *testing.T) {
	for shell, want := range map[string]string{
		"bash": "__start_formaudit", "zsh": "#compdef formaudit", "fish": "complete -c formaudit", "powershell": "Register-ArgumentCompleter",
	} {
		code, out, errOut := formaudit(t, "completion", shell)
		if code != exitOK || !strings.Contains(out, want) {
			t.Errorf("completion %s: exit %d, stderr %q, output lacks %q", shell, code, errOut, want)
		}
	}
}

// TestDoctor runs doctor with PATH holding a fake tesseract (with and without
// the Chinese model) and nothing else.
func TestDoctor(t *testing.T) {
	bin := t.TempDir()
	fake := func(langs string) {
		script := "#!/bin/sh\necho 'List of available languages (2):'\nprintf '" + langs + "'\n"
		if err := os.WriteFile(filepath.Join(bin, "tesseract"), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", bin)
	db := filepath.Join(t.TempDir(), "none.db")

	fake(`chi_sim\neng\n`)
	code, out, _ := formaudit(t, "doctor", "--db", db)
	if code != exitOK || !strings.Contains(out, "tesseract  ok") || !strings.Contains(out, "with chi_sim") {
		t.Errorf("doctor with tesseract+chi_sim: exit %d\n%s", code, out)
	}
	if !strings.Contains(out, "soffice    missing") || !strings.Contains(out, "apt-get install libreoffice-calc-nogui") {
		t.Errorf("doctor does not report LibreOffice missing with its package:\n%s", out)
	}
	info, err := store.Engine(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	fts := "FTS5 not compiled in"
	if info.FTS5 {
		fts = "FTS5 compiled in"
	}
	if !strings.Contains(out, fts) || !strings.Contains(out, "not created yet") {
		t.Errorf("doctor does not report FTS5 and the database:\n%s", out)
	}

	fake(`eng\n`)
	if _, out, _ = formaudit(t, "doctor", "--db", db); !strings.Contains(out, "tesseract  incomplete") || !strings.Contains(out, "chi_sim model is missing") {
		t.Errorf("doctor with tesseract but no chi_sim:\n%s", out)
	}

	os.Remove(filepath.Join(bin, "tesseract"))
	if _, out, _ = formaudit(t, "doctor", "--db", db); !strings.Contains(out, "tesseract  missing") || !strings.Contains(out, "tesseract-ocr-chi-sim") {
		t.Errorf("doctor without tesseract:\n%s", out)
	}
}

func TestDoctorReportsSchemaVersion(t *testing.T) {
	db := filepath.Join(t.TempDir(), "a.db")
	if code, _, e := formaudit(t, "import", "--db", db, "--quiet", fixtures.Path("docs/seed-2024.txt")); code != exitOK {
		t.Fatal(e)
	}
	_, out, _ := formaudit(t, "doctor", "--db", db)
	if !strings.Contains(out, "schema version") {
		t.Errorf("doctor: %s", out)
	}
}

// TestCompletionValues asks cobra's completion entry point for rule codes
// and for form ids and codes from the database.
func TestCompletionValues(t *testing.T) {
	_, out, _ := formaudit(t, "__complete", "audit", "--rule", "total.")
	for _, want := range []string{"total.missing\twarning", "total.score\terror", "total.weight\terror"} {
		if !strings.Contains(out, want) {
			t.Errorf("--rule completion lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "funds.rate") {
		t.Errorf("--rule completion ignores the prefix:\n%s", out)
	}
	db := filepath.Join(t.TempDir(), "a.db")
	if code, _, e := formaudit(t, "import", "--db", db, "--quiet", fixtures.Path("docs/seed-2024.txt")); code != exitOK {
		t.Fatal(e)
	}
	_, out, _ = formaudit(t, "__complete", "--db", db, "show", "4403002311")
	if !strings.Contains(out, "440300231110101205005\t土地储备整治") || strings.Contains(out, "44030022111") {
		t.Errorf("show completion by code prefix:\n%s", out)
	}
	_, out, _ = formaudit(t, "__complete", "--db", db, "show", "1")
	if !strings.Contains(out, "1\t国土空间基础信息平台升级及场景应用建设(一期)") || !strings.Contains(out, "14\t数据管理与公共服务") {
		t.Errorf("show completion by id:\n%s", out)
	}
}

// TestManPages writes the man pages for the command tree.
func TestManPages(t *testing.T) {
	dir := t.TempDir()
	if code, _, e := formaudit(t, "gen-man", dir); code != exitOK {
		t.Fatal(e)
	}
	for _, page := range []string{"formaudit.1", "formaudit-import.1", "formaudit-audit.1", "formaudit-show.1", "formaudit-query.1"} {
		data, err := os.ReadFile(filepath.Join(dir, page))
		if err != nil || !strings.Contains(string(data), ".SH NAME") {
			t.Errorf("%s: %v", page, err)
		}
	}
}

// TestFlagGroups checks that help files audit's and import's flags under
// headings, in the order the command gives them.
func TestFlagGroups(t *testing.T) {
	for _, tt := range []struct {
		cmd    string
		groups [][]string // each heading, then flags it must list
	}{
		{"audit", [][]string{{"Output", "--format", "--lang"}, {"Filters", "--severity", "--rule"}}},
		{"import", [][]string{{"Reading", "--year", "--template", "--ocr"}, {"Output", "--json", "--quiet"},
			{"Limits", "--file-timeout", "--max-file-size", "--max-rows"}}},
	} {
		_, out, _ := formaudit(t, tt.cmd, "--help")
		at := 0
		for i, g := range tt.groups {
			start := strings.Index(out[at:], "\n"+g[0]+":\n")
			if start < 0 {
				t.Errorf("%s --help has no heading %s after the one before:\n%s", tt.cmd, g[0], out)
				break
			}
			at += start + 1
			end := len(out)
			if i+1 < len(tt.groups) {
				if n := strings.Index(out[at:], "\n"+tt.groups[i+1][0]+":\n"); n >= 0 {
					end = at + n
				}
			}
			for _, flag := range g[1:] {
				if !strings.Contains(out[at:end], flag) {
					t.Errorf("%s --help lists %s outside %s:\n%s", tt.cmd, flag, g[0], out)
				}
			}
		}
	}
}

package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/fixtures"
	"github.com/xuri/excelize/v2"
)

// auditSeed imports the seed fixture into a fresh database and returns its path.
func auditSeed(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "a.db")
	if code, _, e := formaudit(t, "import", "--db", db, "--quiet", fixtures.Path("docs/seed-2024.txt")); code != exitOK {
		t.Fatalf("import: exit %d: %s", code, e)
	}
	return db
}

// TestAuditFailOn checks the exit statuses of --fail-on: the seed holds
// warnings and no errors.
func TestAuditFailOn(t *testing.T) {
	db := auditSeed(t)
	for _, tt := range []struct {
		args []string
		code int
	}{
		{nil, exitOK},
		{[]string{"--fail-on", "error"}, exitOK},
		{[]string{"--fail-on", "warning"}, exitFindings},
		{[]string{"--fail-on", "warning", "--rule", "header.*"}, exitFindings},
		{[]string{"--fail-on", "warning", "--severity", "error"}, exitOK},
		{[]string{"--fail-on", "warning", "--year", "2023"}, exitOK},
		{[]string{"--fail-on", "warning", "--format", "json"}, exitFindings},
		{[]string{"--fail-on", "fatal"}, exitFatal},
	} {
		args := append([]string{"audit", "--db", db, "--lang", "en"}, tt.args...)
		code, out, errOut := formaudit(t, args...)
		if code != tt.code {
			t.Errorf("%v: exit %d, want %d (stderr %q)", tt.args, code, tt.code, errOut)
		}
		if code == exitFindings && (out == "" || !strings.Contains(errOut, "findings of severity warning or worse")) {
			t.Errorf("%v: exit %d without the report on stdout or the reason on stderr: %q", tt.args, code, errOut)
		}
	}
}

func TestAuditFlagsRefused(t *testing.T) {
	db := auditSeed(t)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "pdf"}, "unknown format"},
		{[]string{"--severity", "fatal"}, "unknown severity"},
		{[]string{"--rule", "funds.rates"}, "matches no rule code"},
		{[]string{"--lang", "fr"}, "unknown language"},
	} {
		code, out, errOut := formaudit(t, append([]string{"audit", "--db", db}, tt.args...)...)
		if code != exitFatal || out != "" || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit %d and %q", tt.args, code, out, errOut, exitFatal, tt.want)
		}
	}
}

// TestAuditOut writes each file format through --out, the format taken from
// the extension, and checks that each file is what its extension says.
func TestAuditOut(t *testing.T) {
	db := auditSeed(t)
	dir := t.TempDir()
	for _, tt := range []struct {
		name  string
		check func([]byte) bool
	}{
		{"a.json", func(b []byte) bool {
			var doc struct{ Schema string }
			return json.Unmarshal(b, &doc) == nil && doc.Schema == "formaudit.audit/1"
		}},
		{"a.csv", func(b []byte) bool { return bytes.HasPrefix(b, []byte("file,form_id,form,")) }},
		{"a.md", func(b []byte) bool { return bytes.HasPrefix(b, []byte("# Audit of 项目支出绩效自评表")) }},
		{"a.html", func(b []byte) bool { return bytes.HasPrefix(b, []byte("<!DOCTYPE html>")) }},
		{"a.xlsx", func(b []byte) bool {
			f, err := excelize.OpenReader(bytes.NewReader(b))
			if err != nil {
				return false
			}
			defer f.Close()
			return strings.Join(f.GetSheetList(), ",") == "Summary,Findings,Forms"
		}},
	} {
		path := filepath.Join(dir, tt.name)
		code, out, errOut := formaudit(t, "audit", "--db", db, "--lang", "en", "--out", path)
		if code != exitOK || out != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", tt.name, code, out, errOut)
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil || !tt.check(data) {
			t.Errorf("%s: %v; the file does not hold its format", tt.name, err)
		}
	}
	// --format wins over the extension.
	path := filepath.Join(dir, "report.txt")
	if code, _, _ := formaudit(t, "audit", "--db", db, "--format", "json", "--out", path); code != exitOK {
		t.Fatalf("exit %d", code)
	}
	if data, _ := os.ReadFile(path); !json.Valid(data) {
		t.Error("--format json --out report.txt did not write JSON")
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}

func TestAuditLanguage(t *testing.T) {
	db := auditSeed(t)
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "zh_CN.UTF-8")
	_, zh, _ := formaudit(t, "audit", "--db", db)
	if !strings.Contains(zh, "严重程度") || !strings.Contains(zh, "警告") {
		t.Errorf("LANG=zh_CN.UTF-8 did not give Chinese headings:\n%s", zh)
	}
	_, en, _ := formaudit(t, "audit", "--db", db, "--lang", "en")
	if !strings.Contains(en, "severity") || strings.Contains(en, "严重程度") {
		t.Errorf("--lang en did not give English headings:\n%s", en)
	}
	_, csv, _ := formaudit(t, "audit", "--db", db, "--format", "csv", "--rule", "total.missing")
	if !strings.Contains(csv, "总分为空;预算得分 + 各指标得分 = 99.62。") {
		t.Errorf("Chinese CSV message:\n%s", csv)
	}
}

// TestColourOnlyOnTerminals checks the colour decision: never into a file or
// a buffer, never with NO_COLOR, whatever the terminal.
func TestColourOnlyOnTerminals(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, tt := range []struct {
		name string
		w    any
		env  func(string) string
	}{
		{"buffer", &bytes.Buffer{}, env()},
		{"file", f, env()},
		{"NO_COLOR", os.Stdout, env("NO_COLOR", "1")},
		{"dumb terminal", os.Stdout, env("TERM", "dumb")},
	} {
		if wantColor(tt.w.(interface{ Write([]byte) (int, error) }), tt.env) {
			t.Errorf("%s: colour chosen", tt.name)
		}
	}
	db := auditSeed(t)
	if _, out, _ := formaudit(t, "audit", "--db", db); strings.Contains(out, "\x1b[") {
		t.Error("audit into a buffer wrote escape sequences")
	}
}

func TestShow(t *testing.T) {
	db := auditSeed(t)
	code, out, errOut := formaudit(t, "show", "--db", db, "--lang", "en", "7")
	if code != exitOK {
		t.Fatalf("show 7: exit %d: %s", code, errOut)
	}
	for _, want := range []string{"重点实验室", "执行率 (recomputed)", "96.17", "total.missing", "99.62", "Findings (3)"} {
		if !strings.Contains(out, want) {
			t.Errorf("show 7 lacks %q:\n%s", want, out)
		}
	}

	code, out, _ = formaudit(t, "show", "--db", db, "--lang", "zh", "440300221111562000383")
	if code != exitOK || !strings.Contains(out, "党组织建设") || !strings.Contains(out, "执行率(重算)") {
		t.Errorf("show by project code: exit %d\n%s", code, out)
	}

	// 44030022111 is the truncated code several forms print.
	code, out, errOut = formaudit(t, "show", "--db", db, "44030022111")
	if code != exitFatal || out != "" {
		t.Errorf("ambiguous code: exit %d, stdout %q", code, out)
	}
	for _, want := range []string{"names 5 forms", "id 7:", "重点实验室", "id 9:", "id 11:", "id 13:", "id 14:"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("ambiguous code: stderr lacks %q:\n%s", want, errOut)
		}
	}

	code, _, errOut = formaudit(t, "show", "--db", db, "999")
	if code != exitFatal || !strings.Contains(errOut, `no form has id or project code "999"`) {
		t.Errorf("unknown form: exit %d, %q", code, errOut)
	}
}

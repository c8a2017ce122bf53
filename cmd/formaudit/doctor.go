package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"github.com/formaudit/formaudit/internal/english"
	"github.com/formaudit/formaudit/store"
	"github.com/formaudit/formaudit/template"
	"github.com/spf13/cobra"
)

// tool is an optional program and what it enables.
type tool struct {
	names   []string // any of these on PATH
	enables string
	install string // Debian packages
	check   func(path string) (string, bool)
}

var tools = []tool{
	{[]string{"tesseract"}, "import --ocr of image-only PDFs and images", "tesseract-ocr tesseract-ocr-chi-sim", tesseractChinese},
	{[]string{"soffice", "libreoffice"}, "regenerating the PDF, XLS, CSV and DOCX fixtures (scripts/)", "libreoffice-calc-nogui libreoffice-writer-nogui fonts-noto-cjk", nil},
	{[]string{"chromium", "chromium-browser"}, "the browser check of the HTML report in the tests", "chromium", nil},
	{[]string{"pdftotext"}, "the pdftotext baseline of the benchmark, and the page text of the PDF fixtures (scripts/)", "poppler-utils", nil},
	{[]string{"qpdf"}, "decrypting AES-256 PDFs before import (qpdf --decrypt)", "qpdf", nil},
}

// tesseractChinese checks that tesseract has the Simplified Chinese model.
func tesseractChinese(path string) (string, bool) {
	out, err := exec.Command(path, "--list-langs").CombinedOutput()
	if err != nil {
		return "cannot list languages: " + err.Error(), false
	}
	if !strings.Contains(string(out), "chi_sim") {
		return "the chi_sim model is missing", false
	}
	return "with chi_sim", true
}

func newDoctorCmd(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "doctor",
		Short: "Report the optional tools, SQLite build and database schema in use",
		Long: `Doctor reports which optional tools are on PATH and what each enables, the
SQLite version and whether full-text search (FTS5) is compiled in, and the
schema version of the database (--db), the state of its full-text index
(complete, texts waiting to be indexed: an import running or cut short, or
missing) and the templates its forms were read with, naming any that is
neither built in nor stored in it.`,
		Example: "  formaudit doctor\n  formaudit doctor --db audit.db",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return doctor(cmd.Context(), cmd.OutOrStdout(), g.db)
		},
	}
}

func doctor(ctx context.Context, w io.Writer, dbPath string) error {
	fmt.Fprintln(w, buildVersion())
	fmt.Fprintln(w, "optional tools:")
	for _, t := range tools {
		path := ""
		for _, n := range t.names {
			if p, err := exec.LookPath(n); err == nil {
				path = p
				break
			}
		}
		switch {
		case path == "":
			fmt.Fprintf(w, "  %-10s missing   needed for %s (apt-get install %s)\n", t.names[0], t.enables, t.install)
		case t.check != nil:
			detail, ok := t.check(path)
			state := "ok"
			if !ok {
				state = "incomplete"
			}
			fmt.Fprintf(w, "  %-10s %-9s %s: %s (%s)\n", t.names[0], state, path, detail, t.enables)
		default:
			fmt.Fprintf(w, "  %-10s ok        %s (%s)\n", t.names[0], path, t.enables)
		}
	}
	info, err := store.Engine(ctx)
	if err != nil {
		return err
	}
	fts := "not compiled in (build with -tags sqlite_fts5)"
	if info.FTS5 {
		fts = "compiled in"
	}
	fmt.Fprintf(w, "sqlite: %s, FTS5 %s\n", info.Version, fts)
	if _, err := os.Stat(dbPath); err != nil {
		fmt.Fprintf(w, "database %s: not created yet\n", dbPath)
		return nil
	}
	v, err := store.SchemaVersion(ctx, dbPath)
	if err != nil {
		fmt.Fprintf(w, "database %s: %v\n", dbPath, err)
		return nil
	}
	fmt.Fprintf(w, "database %s: schema version %d (this program writes %d)\n", dbPath, v, store.Version)
	if v >= store.SearchStateVersion {
		st, err := store.SearchIndex(ctx, dbPath)
		if err != nil {
			fmt.Fprintf(w, "search index: %v\n", err)
			return nil
		}
		fmt.Fprintf(w, "search index: %s\n", searchIndexState(st, info.FTS5))
	}
	used, err := store.TemplatesUsed(ctx, dbPath)
	if err != nil {
		fmt.Fprintf(w, "templates: %v\n", err)
		return nil
	}
	fmt.Fprintf(w, "templates: %s\n", templatesUsed(used))
	return nil
}

// templatesUsed names the templates a database's forms were read with, and
// says of one neither built in nor stored that show and audit cannot lay its
// forms out under its own labels.
func templatesUsed(used []store.TemplateUse) string {
	if len(used) == 0 {
		return "no forms yet"
	}
	var parts []string
	for _, u := range used {
		forms := english.Count(u.Forms, "form")
		name := u.Name
		if name == "" {
			name = "(none recorded)"
		}
		switch {
		case u.Name == "" || template.IsBuiltin(u.Name):
			parts = append(parts, fmt.Sprintf("%s %s", name, forms))
		case u.Stored:
			parts = append(parts, fmt.Sprintf("%s %s (definition stored)", name, forms))
		default:
			parts = append(parts, fmt.Sprintf("%s %s (definition not stored: show and audit lay them out under the national labels until an import with --template stores it)", name, forms))
		}
	}
	return strings.Join(parts, ", ")
}

// searchIndexState says how far the database's full-text index has got and
// what brings it up to date; fts is whether this build has FTS5.
func searchIndexState(st store.SearchIndexState, fts bool) string {
	next := "the next formaudit import"
	if !fts {
		next = "the next import by a build with FTS5"
	}
	switch {
	case !st.Built:
		return fmt.Sprintf("missing (the file was written by a build without FTS5): formaudit search refuses it until %s builds it", next)
	case !st.InStep:
		return fmt.Sprintf("out of step (a build without FTS5 wrote the file since it was built): formaudit search refuses it until %s rebuilds it", next)
	case st.Waiting > 0:
		return fmt.Sprintf("%d of %d texts waiting to be indexed (an import is running or was cut short; %s indexes them)", st.Waiting, st.Texts, next)
	}
	return fmt.Sprintf("complete (%s)", english.Count(st.Texts, "text"))
}

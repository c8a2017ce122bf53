// Command mkarchive writes a synthetic archive for the import benchmark: text
// dumps ready to import, and ground truth (JSON in the golden format of
// package fixtures) for the workbooks and PDFs that bench/run.sh prints from
// it with cmd/fixturegen and LibreOffice. Every form is a seed form varied by
// its number in the archive (see package archive), so no two files are alike.
//
//	go run ./bench/mkarchive -out /tmp/archive -spec text:25x10,xlsx:25x10,pdf:250x2
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/formaudit/formaudit/bench/archive"
	"github.com/formaudit/formaudit/fixtures"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "mkarchive:", err)
		os.Exit(1)
	}
}

// part is one kind of file in the archive: so many files of so many forms.
type part struct {
	kind         string
	files, forms int
}

func run(args []string) error {
	fs := flag.NewFlagSet("mkarchive", flag.ContinueOnError)
	out := fs.String("out", "", "directory to write (text/, truth/xlsx/, truth/pdf/)")
	spec := fs.String("spec", "text:25x10,xlsx:25x10,pdf:250x2", "kinds of file as KIND:FILESxFORMS, KIND one of text, xlsx, pdf")
	seed := fs.String("seed", fixtures.Path("docs/seed-2024.txt"), "text dump whose forms are varied")
	truth := fs.String("truth", fixtures.Path("truth/seed-2024.golden.json"), "ground truth of the seed's forms, in the same order")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("-out is required")
	}
	parts, err := parseSpec(*spec)
	if err != nil {
		return err
	}
	dump, err := os.ReadFile(*seed)
	if err != nil {
		return err
	}
	texts := archive.SplitForms(dump)
	raw, err := os.ReadFile(*truth)
	if err != nil {
		return err
	}
	var truths []fixtures.Form
	if err := json.Unmarshal(raw, &truths); err != nil {
		return fmt.Errorf("%s: %w", *truth, err)
	}
	if len(texts) == 0 || len(texts) != len(truths) {
		return fmt.Errorf("%s has %d forms but %s has %d", *seed, len(texts), *truth, len(truths))
	}
	n := 0 // forms written so far: the variant number of the next form
	for _, p := range parts {
		dir := filepath.Join(*out, "truth", p.kind)
		if p.kind == "text" {
			dir = filepath.Join(*out, "text")
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		for f := range p.files {
			var data []byte
			if p.kind == "text" {
				forms := make([][]byte, p.forms)
				for k := range forms {
					forms[k] = texts[(n+k)%len(texts)]
				}
				data = archive.Dump(forms, n)
			} else {
				forms := make([]fixtures.Form, p.forms)
				for k := range forms {
					v, err := archive.VaryTruth(truths[(n+k)%len(truths)], n+k)
					if err != nil {
						return err
					}
					v.Seq = k + 1
					forms[k] = v
				}
				if data, err = json.MarshalIndent(forms, "", "  "); err != nil {
					return err
				}
			}
			name := fmt.Sprintf("%s-%05d.%s", p.kind, f+1, map[bool]string{true: "txt", false: "json"}[p.kind == "text"])
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				return err
			}
			n += p.forms
		}
	}
	fmt.Printf("%d forms written under %s\n", n, *out)
	return nil
}

// parseSpec reads "text:25x10,pdf:250x2".
func parseSpec(spec string) ([]part, error) {
	var parts []part
	for _, item := range strings.Split(spec, ",") {
		kind, size, ok := strings.Cut(strings.TrimSpace(item), ":")
		files, forms, ok2 := strings.Cut(size, "x")
		nf, err1 := strconv.Atoi(files)
		nm, err2 := strconv.Atoi(forms)
		if !ok || !ok2 || err1 != nil || err2 != nil || nf < 0 || nm < 1 {
			return nil, fmt.Errorf("-spec %q: want KIND:FILESxFORMS items such as text:25x10", item)
		}
		if kind != "text" && kind != "xlsx" && kind != "pdf" {
			return nil, fmt.Errorf("-spec %q: kind %q is not text, xlsx or pdf", item, kind)
		}
		parts = append(parts, part{kind, nf, nm})
	}
	return parts, nil
}

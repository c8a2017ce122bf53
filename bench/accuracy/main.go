// Command accuracy reads text dumps against the truth of the forms they
// were printed from, field by field, and prints how many fields each kind
// read wrong: bench/run.sh runs it on pdftotext's text of each PDF of the
// benchmark archive. A text NAME.txt is read against NAME.json.
//
//	go run -tags sqlite_fts5 ./bench/accuracy -texts DIR -truth DIR
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/formaudit/formaudit/fixtures"
	"github.com/formaudit/formaudit/pipeline"
)

func main() {
	texts := flag.String("texts", "", "directory of text dumps, NAME.txt")
	truth := flag.String("truth", "", "directory of their truth, NAME.json")
	flag.Parse()
	if *texts == "" || *truth == "" {
		fmt.Fprintln(os.Stderr, "usage: accuracy -texts DIR -truth DIR")
		os.Exit(2)
	}
	if err := run(*texts, *truth); err != nil {
		fmt.Fprintln(os.Stderr, "accuracy:", err)
		os.Exit(1)
	}
}

func run(texts, truth string) error {
	paths, err := filepath.Glob(filepath.Join(texts, "*.txt"))
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return fmt.Errorf("no .txt files in %s", texts)
	}
	var forms, wantForms, fields, wrong int
	byField := map[string]int{}
	for _, path := range paths {
		name := strings.TrimSuffix(filepath.Base(path), ".txt")
		data, err := os.ReadFile(filepath.Join(truth, name+".json"))
		if err != nil {
			return err
		}
		var want []fixtures.Form
		if err := json.Unmarshal(data, &want); err != nil {
			return fmt.Errorf("%s.json: %w", name, err)
		}
		doc, err := pipeline.Process(context.Background(), path, pipeline.Options{})
		if err != nil {
			return err
		}
		n, bad := fixtures.Compare(doc.Forms, want, fixtures.Options{SkipLines: true})
		forms, wantForms, fields, wrong = forms+len(doc.Forms), wantForms+len(want), fields+n, wrong+len(bad)
		for _, m := range bad {
			// "indicator[3] (line 7).level2" counts as level2.
			byField[m.Field[strings.LastIndex(m.Field, ".")+1:]]++
		}
	}
	fmt.Printf("%d texts, %d forms (of %d), %d fields compared: %d right, %d wrong\n",
		len(paths), forms, wantForms, fields, fields-wrong, wrong)
	var parts []string
	for _, f := range slices.Sorted(maps.Keys(byField)) {
		parts = append(parts, fmt.Sprintf("%s %d", f, byField[f]))
	}
	if len(parts) > 0 {
		fmt.Printf("wrong by field: %s\n", strings.Join(parts, ", "))
	}
	return nil
}

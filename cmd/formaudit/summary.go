package main

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/formaudit/formaudit/internal/english"
	"github.com/formaudit/formaudit/pipeline"
)

// slowestShown is how many of the slowest files the summary names.
const slowestShown = 5

// printSummary ends an import: its counts, formats and slowest files on out
// (unless quiet), and the files that failed, with their reasons, on errw.
func printSummary(out, errw io.Writer, sum *pipeline.Summary, quiet bool) {
	byStatus, forms, errs, warnings := sum.Count()
	if !quiet {
		secs := sum.Elapsed.Seconds()
		var parts []string
		for _, s := range []string{pipeline.StatusImported, pipeline.StatusUnchanged, pipeline.StatusFailed} {
			parts = append(parts, fmt.Sprintf("%d %s", byStatus[s], s))
		}
		fmt.Fprintf(out, "%s in %.1fs (%.1f files/s): %s\n", english.Count(len(sum.Files), "file"), secs, rate(len(sum.Files), secs), strings.Join(parts, ", "))
		fmt.Fprintf(out, "%s (%.1f forms/s); findings: %s, %s\n", english.Count(forms, "form"), rate(forms, secs), english.Count(errs, "error"), english.Count(warnings, "warning"))
		counts := map[string]int{}
		for f, n := range sum.Formats() {
			if f == pipeline.FormatNone {
				f = "unreadable" // files whose bytes could not be read
			}
			counts[f] = n
		}
		parts = parts[:0]
		for _, f := range slices.Sorted(maps.Keys(counts)) {
			parts = append(parts, fmt.Sprintf("%d %s", counts[f], f))
		}
		if len(parts) > 0 {
			fmt.Fprintf(out, "formats: %s\n", strings.Join(parts, ", "))
		}
		if slow := sum.Slowest(slowestShown); len(slow) > 1 {
			fmt.Fprintln(out, "slowest files:")
			for _, f := range slow {
				fmt.Fprintf(out, "  %6.2fs  %s\n", f.Elapsed.Seconds(), f.Path)
			}
		}
	}
	for _, r := range sum.TemplatesReplaced {
		fmt.Fprintf(errw, "template %s: replaced another definition stored under that name; the forms read with it before (%d) are shown with this one's labels from now on (give the template another name to keep both)\n",
			r.Name, r.Forms)
	}
	failed := sum.Failed()
	if len(failed) == 0 {
		return
	}
	sort.Slice(failed, func(i, j int) bool { return failed[i].Path < failed[j].Path })
	fmt.Fprintf(errw, "failed files (%d):\n", len(failed))
	for _, f := range failed {
		fmt.Fprintf(errw, "  %s: %s\n", f.Path, firstLine(f.Err))
	}
}

// rate is n per second, 0 when no time passed.
func rate(n int, secs float64) float64 {
	if secs <= 0 {
		return 0
	}
	return float64(n) / secs
}

// jsonSummary is the --json output; docs/import.md documents its fields.
type jsonSummary struct {
	Files          int            `json:"files"`
	Done           int            `json:"done"`
	Pending        int            `json:"pending"`
	Interrupted    bool           `json:"interrupted"`
	ElapsedSeconds float64        `json:"elapsed_seconds"`
	FilesPerSecond float64        `json:"files_per_second"`
	Forms          int            `json:"forms"`
	FormsPerSecond float64        `json:"forms_per_second"`
	Findings       jsonFindings   `json:"findings"`
	Status         map[string]int `json:"status"`
	Formats        map[string]int `json:"formats"`
	Failures       []jsonFile     `json:"failures"`
	Slowest        []jsonFile     `json:"slowest"`
	// TemplatesReplaced are the stored template definitions this run's
	// --template files replaced by different ones of the same name.
	TemplatesReplaced []jsonTemplate `json:"templates_replaced"`
}

type jsonFindings struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
}

type jsonTemplate struct {
	Name  string `json:"name"`
	Forms int    `json:"forms"` // forms stored before, read with the definition replaced
}

type jsonFile struct {
	Path    string  `json:"path"`
	Format  string  `json:"format"`
	Status  string  `json:"status"`
	Forms   int     `json:"forms"`
	Seconds float64 `json:"seconds"`
	Error   string  `json:"error,omitempty"`
}

func writeJSONSummary(w io.Writer, sum *pipeline.Summary, interrupted bool) error {
	byStatus, forms, errs, warnings := sum.Count()
	secs := sum.Elapsed.Seconds()
	js := jsonSummary{
		Files: sum.Total, Done: len(sum.Files), Pending: sum.Pending(), Interrupted: interrupted,
		ElapsedSeconds: secs, FilesPerSecond: rate(len(sum.Files), secs),
		Forms: forms, FormsPerSecond: rate(forms, secs),
		Findings: jsonFindings{errs, warnings},
		Status:   map[string]int{},
		Formats:  sum.Formats(),
		Failures: []jsonFile{},
		Slowest:  []jsonFile{},

		TemplatesReplaced: []jsonTemplate{},
	}
	for _, r := range sum.TemplatesReplaced {
		js.TemplatesReplaced = append(js.TemplatesReplaced, jsonTemplate{r.Name, r.Forms})
	}
	for _, s := range []string{pipeline.StatusImported, pipeline.StatusUnchanged, pipeline.StatusFailed} {
		js.Status[s] = byStatus[s]
	}
	for _, f := range sum.Failed() {
		js.Failures = append(js.Failures, fileJSON(f))
	}
	for _, f := range sum.Slowest(slowestShown) {
		js.Slowest = append(js.Slowest, fileJSON(f))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(js)
}

func fileJSON(f pipeline.FileResult) jsonFile {
	j := jsonFile{Path: f.Path, Format: f.Format, Status: f.Status, Forms: f.Forms, Seconds: f.Elapsed.Seconds()}
	if j.Format == "" {
		j.Format = pipeline.FormatNone
	}
	if f.Err != nil {
		j.Error = f.Err.Error()
	}
	return j
}

package main

import (
	"context"
	"strings"

	"github.com/formaudit/formaudit/report"
	"github.com/formaudit/formaudit/score"
	"github.com/formaudit/formaudit/store"
	"github.com/formaudit/formaudit/template"
	"github.com/spf13/cobra"
)

// completeRules offers the rule codes, for --rule.
func completeRules(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
	var out []string
	for _, r := range score.Rules() {
		if strings.HasPrefix(r.Code, prefix) {
			out = append(out, r.Code+"\t"+string(r.Severity))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeWords offers a fixed list of values.
func completeWords(words ...string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return words, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeForms offers form ids and project codes from the database (--db),
// each with its project name; nothing when the database cannot be read.
func completeForms(g *globalOptions) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		db, err := store.OpenReadOnly(g.db)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		defer db.Close()
		_, rows, err := db.Query(context.Background(),
			`SELECT id, coalesce(project_code, ''), coalesce(project_name, '') FROM forms ORDER BY id`)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		seen := map[string]bool{}
		for _, r := range rows {
			id, code, name := *r[0], *r[1], *r[2]
			for _, v := range []string{id, code} {
				if v != "" && !seen[v] && strings.HasPrefix(v, prefix) {
					seen[v] = true
					out = append(out, v+"\t"+name)
				}
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// registerAuditCompletion wires completion of audit's flag values.
func registerAuditCompletion(cmd *cobra.Command) {
	cmd.RegisterFlagCompletionFunc("rule", completeRules)
	cmd.RegisterFlagCompletionFunc("severity", completeWords(string(score.Error), string(score.Warning)))
	cmd.RegisterFlagCompletionFunc("fail-on", completeWords(string(score.Error), string(score.Warning)))
	cmd.RegisterFlagCompletionFunc("format", completeWords(report.AuditFormats...))
	cmd.RegisterFlagCompletionFunc("lang", completeWords("zh", "en"))
}

// completeTemplates offers the built-in templates' names and those the
// database (--db) keeps, each with its title; only the built-in ones when
// the database cannot be read.
func completeTemplates(g *globalOptions) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		ts, _ := template.Builtin()
		if db, err := store.OpenReadOnly(g.db); err == nil {
			stored, _, _ := db.Templates(context.Background())
			ts = append(ts, stored...)
			db.Close()
		}
		var out []string
		for _, t := range ts {
			if strings.HasPrefix(t.Name, prefix) {
				out = append(out, t.Name+"\t"+t.Title)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

package main

import (
	"os"

	"github.com/spf13/cobra"
)

// globalOptions are the flags every command shares.
type globalOptions struct {
	db string
}

func newRootCmd() *cobra.Command {
	g := &globalOptions{}
	root := &cobra.Command{
		Use:   "formaudit",
		Short: "Audit 项目支出绩效自评表 archives: import, re-derive every score, report discrepancies",
		Long: `formaudit turns an archive of project expenditure performance self-evaluation
forms (项目支出绩效自评表) into clean records in a SQLite file, re-derives every
score on them and reports where the recorded numbers do not add up.`,
		Version:       buildVersion(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetVersionTemplate("{{.Version}}\n")
	defaultDB := "formaudit.db"
	if env := os.Getenv("FORMAUDIT_DB"); env != "" {
		defaultDB = env
	}
	root.PersistentFlags().StringVar(&g.db, "db", defaultDB, "SQLite database file (default from $FORMAUDIT_DB)")
	root.AddGroup(
		&cobra.Group{ID: "audit", Title: "Import and audit:"},
		&cobra.Group{ID: "query", Title: "Query the database:"},
		&cobra.Group{ID: "setup", Title: "Set-up and diagnosis:"},
	)
	for _, c := range []struct {
		group string
		cmd   *cobra.Command
	}{
		{"audit", newImportCmd(g)}, {"audit", newAuditCmd(g)}, {"audit", newShowCmd(g)},
		{"query", newQueryCmd(g)}, {"query", newSearchCmd(g)}, {"query", newSchemaCmd(g)},
		{"setup", newTemplatesCmd(g)}, {"setup", newDoctorCmd(g)}, {"setup", newVersionCmd()},
		{"", newRulesHelp()}, {"", newGenManCmd()},
	} {
		c.cmd.GroupID = c.group
		root.AddCommand(c.cmd)
	}
	root.SetHelpCommandGroupID("setup")
	root.SetCompletionCommandGroupID("setup")
	return root
}

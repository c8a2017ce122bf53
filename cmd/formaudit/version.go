package main

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// buildVersion describes this binary from its build info: module version,
// commit and the build tags it was compiled with (FTS5 needs sqlite_fts5).
func buildVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "formaudit (no build info)"
	}
	version := info.Main.Version
	if version == "" || version == "(devel)" {
		version = "devel"
	}
	commit, modified, tags := "unknown", "", "none"
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			commit = s.Value
			if len(commit) > 12 {
				commit = commit[:12]
			}
		case "vcs.modified":
			if s.Value == "true" {
				modified = " (modified)"
			}
		case "-tags":
			tags = s.Value
		}
	}
	return fmt.Sprintf("formaudit %s, commit %s%s, built with %s, tags: %s", version, commit, modified, info.GoVersion, tags)
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version, commit and build tags",
		Long: `Version prints the module version, the commit it was built from and the build
tags. Without the sqlite_fts5 tag, full-text search is not compiled in.`,
		Example: "  formaudit version\n  formaudit --version",
		Args:    cobra.NoArgs,
		Run: func(cmd *cobra.Command, args []string) {
			fmt.Fprintln(cmd.OutOrStdout(), buildVersion())
		},
	}
}

// hasTag reports whether the binary was built with a build tag.
func hasTag(tag string) bool {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range info.Settings {
		if s.Key == "-tags" {
			for _, t := range strings.Split(s.Value, ",") {
				if t == tag {
					return true
				}
			}
		}
	}
	return false
}

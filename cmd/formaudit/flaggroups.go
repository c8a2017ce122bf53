package main

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// flagGroupKey is the annotation that files a flag under a heading in help.
const flagGroupKey = "formaudit_group"

// groupFlags files flags under headings, in the order given, so that help
// lists, say, output flags apart from filters. Flags not named stay under "Flags:".
func groupFlags(cmd *cobra.Command, groups ...[]string) {
	for _, g := range groups {
		title := g[0]
		for _, name := range g[1:] {
			if f := cmd.Flags().Lookup(name); f != nil {
				cmd.Flags().SetAnnotation(name, flagGroupKey, []string{title})
			}
		}
	}
	cobra.AddTemplateFunc("groupedFlagUsages", groupedFlagUsages)
	cmd.SetUsageTemplate(strings.Replace(cmd.UsageTemplate(),
		"{{.LocalFlags.FlagUsages | trimTrailingWhitespaces}}",
		"{{groupedFlagUsages .LocalFlags | trimTrailingWhitespaces}}", 1))
}

// groupedFlagUsages prints ungrouped flags first, then each group under its title.
func groupedFlagUsages(fs *pflag.FlagSet) string {
	var order []string
	sets := map[string]*pflag.FlagSet{}
	fs.VisitAll(func(f *pflag.Flag) {
		title := ""
		if t := f.Annotations[flagGroupKey]; len(t) > 0 {
			title = t[0]
		}
		if sets[title] == nil {
			sets[title] = pflag.NewFlagSet(title, pflag.ContinueOnError)
			order = append(order, title)
		}
		sets[title].AddFlag(f)
	})
	var b strings.Builder
	if s := sets[""]; s != nil {
		b.WriteString(s.FlagUsages())
	}
	for _, title := range order {
		if title == "" {
			continue
		}
		b.WriteString("\n" + title + ":\n")
		b.WriteString(sets[title].FlagUsages())
	}
	return b.String()
}

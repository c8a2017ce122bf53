package main

import (
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// flagGroupKey is the annotation that files a flag under a heading in help.
const flagGroupKey = "formaudit_group"

// groupFlags files flags under headings, in the order given, so that help
// lists, say, output flags apart from filters. Flags not named stay under "Flags:".
func groupFlags(cmd *cobra.Command, groups ...[]string) {
	for i, g := range groups {
		for _, name := range g[1:] {
			if f := cmd.Flags().Lookup(name); f != nil {
				cmd.Flags().SetAnnotation(name, flagGroupKey, []string{g[0], strconv.Itoa(i)})
			}
		}
	}
	cobra.AddTemplateFunc("groupedFlagUsages", groupedFlagUsages)
	cmd.SetUsageTemplate(strings.Replace(cmd.UsageTemplate(),
		"{{.LocalFlags.FlagUsages | trimTrailingWhitespaces}}",
		"{{groupedFlagUsages .LocalFlags | trimTrailingWhitespaces}}", 1))
}

// groupedFlagUsages prints ungrouped flags first, then each group under its
// title, in the order groupFlags was given them.
func groupedFlagUsages(fs *pflag.FlagSet) string {
	var titles []string
	rank := map[string]int{}
	sets := map[string]*pflag.FlagSet{}
	fs.VisitAll(func(f *pflag.Flag) {
		title := ""
		if t := f.Annotations[flagGroupKey]; len(t) == 2 {
			title = t[0]
			rank[title], _ = strconv.Atoi(t[1])
		}
		if sets[title] == nil {
			sets[title] = pflag.NewFlagSet(title, pflag.ContinueOnError)
			titles = append(titles, title)
		}
		sets[title].AddFlag(f)
	})
	sort.SliceStable(titles, func(i, j int) bool { return rank[titles[i]] < rank[titles[j]] })
	var b strings.Builder
	if s := sets[""]; s != nil {
		b.WriteString(s.FlagUsages())
	}
	for _, title := range titles {
		if title == "" {
			continue
		}
		b.WriteString("\n" + title + ":\n")
		b.WriteString(sets[title].FlagUsages())
	}
	return b.String()
}

package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/formaudit/formaudit/score"
	"github.com/spf13/cobra"
)

// newRulesHelp is the `formaudit help rules` topic: every rule code with its
// formula, tolerance and severity. A command without Run is a help topic.
func newRulesHelp() *cobra.Command {
	var b strings.Builder
	b.WriteString("Every finding formaudit can report. Severity error means arithmetic that does\nnot hold; warning means an implausible value or a repair made while reading.\n\n")
	writeRules(&b)
	return &cobra.Command{
		Use:   "rules",
		Short: "Every rule code with its formula, tolerance and severity",
		Long:  b.String(),
	}
}

func writeRules(w io.Writer) {
	for _, r := range score.Rules() {
		head := string(r.Severity)
		if r.Tolerance != "" {
			head += ", tolerance " + r.Tolerance
		}
		fmt.Fprintf(w, "%s (%s)\n", r.Code, head)
		if r.Formula != "" {
			fmt.Fprintf(w, "    %s\n", r.Formula)
		}
		fmt.Fprintf(w, "    %s\n\n", r.Doc)
	}
}

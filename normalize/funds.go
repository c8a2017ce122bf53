package normalize

import (
	"fmt"
	"strings"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/template"
)

// readFunds parses the funds block. Values stand in the template's column
// order; a form whose amounts are in 万元 is converted exactly to fen. A
// line keeps its printed label and the line the template maps it onto.
func readFunds(f *Form, r *extract.RawForm, t *template.Template) {
	unit := "元"
	switch {
	case strings.Contains(r.FundsUnit, "万元"):
		unit = "万元"
	case r.FundsUnit == "" && len(r.Funds) > 0:
		f.Notes = append(f.Notes, Note{Code: "funds.unit_assumed", Field: template.FirstLabel(t.Funds.UnitLabels, "项目资金"), Used: unit, Line: r.Funds[0].Line,
			Message: "the funds block does not print its unit; amounts read as 元"})
	}
	f.AmountUnit = unit
	for _, raw := range r.Funds {
		def, _ := t.FundsLine(raw.Label)
		fl := Funds{Line: def.Line, PartOf: def.PartOf, Label: Squeeze(raw.Label), SourceLine: raw.Line}
		if raw.Inferred {
			f.Notes = append(f.Notes, Note{Code: "funds.label_inferred", Field: fl.Label, Printed: Squeeze(raw.Printed), Used: fl.Label, Line: raw.Line,
				Message: fmt.Sprintf("the label of the funds line on line %d is unreadable (%q); its numbers stand where the template prints %s, above its parts, and were read as that line", raw.Line, Squeeze(raw.Printed), fl.Label)})
		}
		for i, col := range t.Funds.Columns {
			if i >= len(raw.Values) {
				break
			}
			v, field := raw.Values[i], fl.Label+" "+t.ColumnLabel(col)
			at := extract.Place{Funds: len(f.Funds) + 1, Column: col}
			switch col {
			case template.ColInitial:
				fl.Initial = readMoney(f, v, unit, field, raw.Line, at)
			case template.ColBudget:
				fl.Budget = readMoney(f, v, unit, field, raw.Line, at)
			case template.ColExecuted:
				fl.Executed = readMoney(f, v, unit, field, raw.Line, at)
			case template.ColWeight:
				fl.Weight = readScore(f, v, field, raw.Line, at)
			case template.ColRate:
				fl.Rate, fl.RatePlaces = readPercent(f, v, field, raw.Line, at)
			case template.ColScore:
				fl.Score = readScore(f, v, field, raw.Line, at)
			}
		}
		f.Funds = append(f.Funds, fl)
	}
}

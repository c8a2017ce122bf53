package normalize

import (
	"strings"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/template"
)

var columnNames = map[string]string{
	"initial": "年初预算数", "budget": "全年预算数", "executed": "全年执行数",
	"weight": "分值", "rate": "执行率", "score": "得分",
}

// readFunds parses the funds block. Values stand in the template's column
// order; a form whose amounts are in 万元 is converted exactly to fen.
func readFunds(f *Form, r *extract.RawForm, t *template.Template) {
	unit := "元"
	switch {
	case strings.Contains(r.FundsUnit, "万元"):
		unit = "万元"
	case r.FundsUnit == "" && len(r.Funds) > 0:
		f.Notes = append(f.Notes, Note{Code: "funds.unit_assumed", Field: "项目资金", Used: unit, Line: r.Funds[0].Line,
			Message: "the funds block does not print its unit; amounts read as 元"})
	}
	f.AmountUnit = unit
	for _, raw := range r.Funds {
		line, _ := t.FundsLineOf(raw.Label)
		fl := Funds{Line: line, Label: Squeeze(raw.Label), SourceLine: raw.Line}
		for i, col := range t.Funds.Columns {
			if i >= len(raw.Values) {
				break
			}
			v, field := raw.Values[i], fl.Label+" "+columnNames[col]
			switch col {
			case "initial":
				fl.Initial = readMoney(f, v, unit, field, raw.Line)
			case "budget":
				fl.Budget = readMoney(f, v, unit, field, raw.Line)
			case "executed":
				fl.Executed = readMoney(f, v, unit, field, raw.Line)
			case "weight":
				fl.Weight = readScore(f, v, field, raw.Line)
			case "rate":
				fl.Rate, fl.RatePlaces = readPercent(f, v, field, raw.Line)
			case "score":
				fl.Score = readScore(f, v, field, raw.Line)
			}
		}
		f.Funds = append(f.Funds, fl)
	}
}

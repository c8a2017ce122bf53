package report

import "github.com/formaudit/formaudit/template"

// column is a column of a rebuilt form's funds or indicator table: the key
// of what it holds (template.ColBudget, template.FieldTarget, …) and the
// label the form's template prints over it.
type column struct {
	Key, Label string
}

// Recomputed reports whether a recomputed value is shown beside the column.
func (c column) Recomputed() bool { return c.Key == template.ColRate || c.Key == template.ColScore }

// Class is the column's class in the html report: numbers align right.
func (c column) Class() string {
	switch c.Key {
	case template.ColInitial, template.ColBudget, template.ColExecuted, template.ColWeight, template.ColRate, template.ColScore:
		return "num"
	}
	return ""
}

// The national labels of the columns a view can show, for templates that do
// not name them. A funds note is not stored, and a target printed in parts
// (指标性质, 指标值, 度量单位) is shown whole under the value's label, so
// neither has a column.
var (
	nationalFundsLabels = map[string]string{
		template.ColInitial: "年初预算数", template.ColBudget: "全年预算数", template.ColExecuted: "全年执行数",
		template.ColWeight: "分值", template.ColRate: "执行率", template.ColScore: "得分",
	}
	nationalIndicatorLabels = map[string]string{
		template.FieldLevel1: "一级指标", template.FieldLevel2: "二级指标", template.FieldName: "三级指标",
		template.FieldTarget: "年度指标值", template.FieldActual: "实际完成值", template.FieldWeight: "分值",
		template.FieldScore: "得分", template.FieldNote: "偏差原因分析及改进措施",
	}
)

// tableRow is a row of a funds or indicator table, by column key.
type tableRow interface {
	Cell(key string) cell
	Computed(key string) cell
}

// rowOf is a row with the columns it is laid out in, for the html template.
type rowOf struct {
	Cols []column
	Row  tableRow
}

// fundsColumns are the funds columns of t a view shows, in t's order.
func fundsColumns(t *template.Template) []column {
	var cols []column
	for _, key := range t.Funds.Columns {
		if national, ok := nationalFundsLabels[key]; ok {
			cols = append(cols, column{key, template.FirstLabel(t.Funds.ColumnLabels[key], national)})
		}
	}
	return cols
}

// indicatorColumns are the indicator columns of t a view shows, in t's
// order, labelled as its header prints them.
func indicatorColumns(t *template.Template) []column {
	fields, header := t.IndicatorFields(), t.Indicators.Header
	var cols []column
	for i, key := range fields {
		national, ok := nationalIndicatorLabels[key]
		if !ok {
			continue
		}
		label := national
		if len(header) == len(fields) {
			label = header[i]
		}
		cols = append(cols, column{key, label})
	}
	return cols
}

// IndLabel is the label of the indicator column holding key.
func (v *formView) IndLabel(key string) string {
	for _, c := range v.IndCols {
		if c.Key == key {
			return c.Label
		}
	}
	return nationalIndicatorLabels[key]
}

// fundsColumn picks the funds cell whose column label is label.
func fundsColumn(label string, cols []column) func(*fundsView) *cell {
	for _, c := range cols {
		if c.Label == label {
			return func(l *fundsView) *cell { return l.at(c.Key) }
		}
	}
	return nil
}

// at is the recorded cell of column key.
func (l *fundsView) at(key string) *cell {
	switch key {
	case template.ColInitial:
		return &l.Initial
	case template.ColBudget:
		return &l.Budget
	case template.ColExecuted:
		return &l.Executed
	case template.ColWeight:
		return &l.Weight
	case template.ColRate:
		return &l.Rate
	case template.ColScore:
		return &l.Score
	}
	return &cell{}
}

// Cell is the recorded cell of column key.
func (l fundsView) Cell(key string) cell { return *l.at(key) }

// Computed is the recomputed cell shown beside column key (rate or score).
func (l fundsView) Computed(key string) cell {
	if key == template.ColRate {
		return l.RateComputed
	}
	return l.ScoreComputed
}

// Cell is the cell of column key.
func (ind indicatorView) Cell(key string) cell {
	switch key {
	case template.FieldLevel1:
		return ind.Level1
	case template.FieldLevel2:
		return ind.Level2
	case template.FieldName:
		return ind.Name
	case template.FieldTarget:
		return ind.Target
	case template.FieldActual:
		return ind.Actual
	case template.FieldWeight:
		return ind.Weight
	case template.FieldScore:
		return ind.Score
	case template.FieldNote:
		return ind.Note
	}
	return cell{}
}

// Computed is the recomputed score shown beside the score column.
func (ind indicatorView) Computed(string) cell { return ind.ScoreComputed }

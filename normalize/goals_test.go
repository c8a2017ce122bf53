package normalize

import (
	"reflect"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/extract"
	"github.com/formaudit/formaudit/template"
)

// goalRows builds goal rows from lines written with | between cells, on lines 20, 21, ...
func goalRows(lines ...string) []extract.Row {
	var rows []extract.Row
	for i, l := range lines {
		r := extract.Row{Line: 20 + i, Page: 1}
		for x, c := range strings.Split(l, "|") {
			if c = strings.TrimSpace(c); c != "" {
				r.Cells = append(r.Cells, extract.Cell{Text: c, Line: 20 + i, X: x})
			}
		}
		rows = append(rows, r)
	}
	return rows
}

func TestReadGoals(t *testing.T) {
	tests := []struct {
		name      string
		lines     []string
		want      []Goal
		wantNotes []string
	}{
		{
			name:  "split row",
			lines: []string{"|预期目标|实际完成情况", "年度总体目标|开展党员活动 不少于4次|开展党员活动8次"},
			want:  []Goal{{Expected: "开展党员活动不少于4次", Actual: "开展党员活动8次", Line: 21}},
		},
		{
			name:  "damaged subheader and debris",
			lines: []string{"||预期|目标|||实|际完成情|予 况", "年度总体目标|兄|完成平台升级|已完成平台升级|ł."},
			want:  []Goal{{Expected: "完成平台升级", Actual: "已完成平台升级", Line: 21}},
		},
		{
			name: "goal over several rows",
			lines: []string{
				"年度总体目标|完成平台升级,|已完成平台升级,",
				"|上线小程序|上线小程序2个",
			},
			want: []Goal{{Expected: "完成平台升级,上线小程序", Actual: "已完成平台升级,上线小程序2个", Line: 20}},
		},
		{
			name: "expected goal in three cells",
			lines: []string{
				"年度总体目标|确保全体党员都参加|的理论和重点工作|2024年,中心党组织开展活动100余次",
			},
			want: []Goal{{Expected: "确保全体党员都参加的理论和重点工作", Actual: "2024年,中心党组织开展活动100余次", Line: 20}},
		},
		{
			name:      "unsplit prose",
			lines:     []string{"|预期目标 实际完成情况", "年度总体目标|建设的通知》等工作要求已完成项目的招标采购、需求梳理和确定"},
			want:      []Goal{{Expected: "建设的通知》等工作要求已完成项目的招标采购、需求梳理和确定", Line: 21}},
			wantNotes: []string{"goals.unsplit"},
		},
		{
			name:  "only labels and debris",
			lines: []string{"|预期目标|实际完成情况", "年度总体目标|ł."},
		},
		{
			name: "no rows",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f Form
			raw := extract.RawForm{Goals: goalRows(tt.lines...)}
			got := readGoals(&f, &raw, template.National())
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("goals\n got %+v\nwant %+v", got, tt.want)
			}
			var codes []string
			for _, n := range f.Notes {
				codes = append(codes, n.Code)
				if len(tt.want) == 0 || n.Line != tt.want[0].Line || n.Field != "年度总体目标" {
					t.Errorf("note %+v, want the goal's line and field", n)
				}
			}
			if !reflect.DeepEqual(codes, tt.wantNotes) {
				t.Errorf("notes %q, want %q", codes, tt.wantNotes)
			}
		})
	}
}

func TestDebris(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"ł.", true},
		{"兄", true},
		{"X X W", true},
		{"100", true},
		{"完成", false},
		{"已完成平台升级", false},
		{"abcdefghij", false},
	}
	for _, tt := range tests {
		if got := debris(tt.in); got != tt.want {
			t.Errorf("debris(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

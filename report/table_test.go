package report

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"testing"
)

func TestUniqueNames(t *testing.T) {
	for _, tt := range []struct{ in, want []string }{
		{[]string{"id", "name"}, []string{"id", "name"}},
		{[]string{"id", "id", "id"}, []string{"id", "id:1", "id:2"}},
		{[]string{"id", "id", "id:1"}, []string{"id", "id:2", "id:1"}},
		{[]string{"", ""}, []string{"", ":1"}},
	} {
		if got := uniqueNames(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("uniqueNames(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestJSONCells: a cell is null, a number or a string as Number marks it;
// a row shorter than the header gives null for the rest.
func TestJSONCells(t *testing.T) {
	s := func(v string) *string { return &v }
	tab := Table{
		Header: []string{"a", "b", "c"},
		Rows:   [][]*string{{s("1"), s("007"), nil}, {s("2.5")}},
		Number: [][]bool{{true, false, false}},
	}
	var buf bytes.Buffer
	if err := writeJSON(&buf, tab); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("%v in\n%s", err, buf.String())
	}
	want := []map[string]any{{"a": 1.0, "b": "007", "c": nil}, {"a": "2.5", "b": nil, "c": nil}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

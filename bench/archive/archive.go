// Package archive builds synthetic archives for benchmarks and tests from the
// real seed: each form is a seed form whose project code and amounts are
// changed by its number in the archive, so that no two files have the same
// content while every form still reads like a real one.
package archive

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/formaudit/formaudit/fixtures"
	"github.com/shopspring/decimal"
)

// codeDigits is how many trailing digits of a project code Vary replaces;
// codes stay distinct for up to 10^codeDigits forms of the same seed form.
const codeDigits = 5

var (
	codeRun = regexp.MustCompile(`\d{8,}`)
	money   = regexp.MustCompile(`^\d+\.\d{2}$`)
	// fundsLabels name the lines whose first three numbers are the amounts
	// 年初预算数, 全年预算数 and 全年执行数.
	fundsLabels = []string{"年度资金总额", "财政拨款", "上年结转", "其他资金"}
)

// SplitForms cuts a text dump into the texts of its forms. A form starts at
// the line before its 项目编码 line, which holds the title.
func SplitForms(dump []byte) [][]byte {
	lines := bytes.SplitAfter(dump, []byte("\n"))
	var starts []int
	for i, l := range lines {
		if bytes.Contains(l, []byte("项目编码")) && i > 0 {
			starts = append(starts, i-1)
		}
	}
	if len(starts) == 0 {
		return nil
	}
	starts[0] = 0
	var forms [][]byte
	for k, s := range starts {
		end := len(lines)
		if k+1 < len(starts) {
			end = starts[k+1]
		}
		forms = append(forms, bytes.Join(lines[s:end], nil))
	}
	return forms
}

// Scale is the factor Vary multiplies form n's amounts by: scaling every
// amount of a form keeps its execution rates, so its findings stay those of
// the seed form.
func Scale(n int) int64 {
	return int64(1 + n%9)
}

// Vary returns a copy of one form's text with its project code's last digits
// set from n and its amounts multiplied by Scale(n).
func Vary(form []byte, n int) []byte {
	lines := strings.SplitAfter(string(form), "\n")
	for i, l := range lines {
		switch {
		case strings.Contains(l, "项目编码"):
			lines[i] = varyCode(l, n)
		case isFundsLine(l):
			lines[i] = scaleAmounts(l, Scale(n))
		}
	}
	return []byte(strings.Join(lines, ""))
}

// Dump joins forms into one text dump, form k varied by first+k.
func Dump(forms [][]byte, first int) []byte {
	var b bytes.Buffer
	for k, f := range forms {
		b.Write(Vary(f, first+k))
		if !bytes.HasSuffix(f, []byte("\n")) {
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
}

// VaryTruth changes a ground-truth form as Vary changes its text, for
// generators that print forms from ground truth (workbooks, PDFs).
func VaryTruth(f fixtures.Form, n int) (fixtures.Form, error) {
	f.ProjectCode = varyCode(f.ProjectCode, n)
	funds := make([]fixtures.Funds, len(f.Funds))
	for i, l := range f.Funds {
		for _, p := range []**string{&l.Initial, &l.Budget, &l.Executed} {
			if *p == nil {
				continue
			}
			s, err := scaleDecimal(**p, Scale(n))
			if err != nil {
				return f, fmt.Errorf("form %d funds %s: %w", f.Seq, l.Line, err)
			}
			*p = &s
		}
		funds[i] = l
	}
	f.Funds = funds
	return f, nil
}

// varyCode replaces the last digits of the first long digit run in s.
func varyCode(s string, n int) string {
	loc := codeRun.FindStringIndex(s)
	if loc == nil {
		return s
	}
	code := s[loc[0]:loc[1]]
	head, tail := code[:len(code)-codeDigits], code[len(code)-codeDigits:]
	v, _ := strconv.Atoi(tail) // tail is all digits
	mod := 1
	for range codeDigits {
		mod *= 10
	}
	tail = fmt.Sprintf("%0*d", codeDigits, (v+n)%mod)
	return s[:loc[0]] + head + tail + s[loc[1]:]
}

func isFundsLine(l string) bool {
	for _, label := range fundsLabels {
		if strings.Contains(l, label) {
			return true
		}
	}
	return false
}

// scaleAmounts multiplies the first three amounts of a tab-separated funds
// line; the weight, rate and score after them are left as printed.
func scaleAmounts(line string, m int64) string {
	cells := strings.Split(line, "\t")
	left := 3
	for i, c := range cells {
		if left == 0 {
			break
		}
		if money.MatchString(strings.TrimSpace(c)) {
			s, _ := scaleDecimal(strings.TrimSpace(c), m) // matched money: always a decimal
			cells[i] = s
			left--
		}
	}
	return strings.Join(cells, "\t")
}

// scaleDecimal multiplies a printed decimal by m, keeping its decimal places.
func scaleDecimal(s string, m int64) (string, error) {
	d, err := decimal.NewFromString(s)
	if err != nil {
		return "", err
	}
	places := 0
	if i := strings.IndexByte(s, '.'); i >= 0 {
		places = len(s) - i - 1
	}
	return d.Mul(decimal.NewFromInt(m)).StringFixed(int32(places)), nil
}

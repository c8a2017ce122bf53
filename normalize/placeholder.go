package normalize

import (
	"regexp"
	"strings"
)

var (
	// numberedName is a name the template numbered: "指标1：培训人次".
	numberedName = regexp.MustCompile(`^指标\s*\d+\s*[:、.]\s*`)
	// unfilledName is a name the template left as it was: "指标2".
	unfilledName = regexp.MustCompile(`^指标\s*\d*$`)
)

// cleanName drops the marks some forms put before an indicator's name (★,
// "指标1：") and reads a name the template left unfilled ("指标2") as blank.
func cleanName(s string) string {
	s = strings.TrimLeft(s, "★☆*")
	s = numberedName.ReplaceAllString(strings.TrimSpace(s), "")
	if unfilledName.MatchString(s) || placeholder(s) {
		return ""
	}
	return s
}

// placeholder reports text a template left unfilled: asterisks standing
// for a value ("(≥**平方米)") or nothing but ellipses ("……").
func placeholder(s string) bool {
	t := Fold(s)
	if strings.Contains(t, "**") {
		return true
	}
	return t != "" && strings.Trim(t, ".·。 ") == ""
}

// filled is s, or "" where s is a placeholder.
func filled(s string) string {
	if placeholder(s) {
		return ""
	}
	return s
}

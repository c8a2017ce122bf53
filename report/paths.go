package report

import (
	"strings"

	"github.com/mattn/go-runewidth"
)

// ShortPaths gives the directory that holds all paths ("" when they share
// none but the root) and each path below it, cut at its start to width
// display columns: in a column of files, their own names tell them apart.
func ShortPaths(paths []string, width int) (dir string, short []string) {
	if len(paths) > 0 {
		dir = sharedDir(paths)
	}
	short = make([]string, len(paths))
	for i, p := range paths {
		short[i] = cutStart(strings.TrimPrefix(p, dir), width)
	}
	return dir, short
}

// cutStart shortens text to width display columns by dropping its start.
func cutStart(text string, width int) string {
	if runewidth.StringWidth(text) <= width {
		return text
	}
	runes := []rune(text)
	w := runewidth.StringWidth("…")
	i := len(runes)
	for i > 0 && w+runewidth.RuneWidth(runes[i-1]) <= width {
		i--
		w += runewidth.RuneWidth(runes[i])
	}
	return "…" + string(runes[i:])
}

// sharedDir is the directory, with its trailing separator, that holds all
// paths, or "" when they share none but the root.
func sharedDir(paths []string) string {
	dir := paths[0][:strings.LastIndexAny(paths[0], `/\`)+1]
	for _, p := range paths[1:] {
		for !strings.HasPrefix(p, dir) {
			dir = dir[:strings.LastIndexAny(dir[:len(dir)-1], `/\`)+1]
			if dir == "" {
				return ""
			}
		}
	}
	if strings.Trim(dir, `/\`) == "" {
		return ""
	}
	return dir
}

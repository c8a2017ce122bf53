package pipeline

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
)

// walk expands files and directories (recursively) into a sorted list of
// regular files, leaving out the files of the database being written (an
// archive folder is where users keep it: formaudit import . writes
// ./formaudit.db). Entries that cannot be read become failures, so that a
// bad corner of an archive never stops the rest.
func walk(paths []string, database []string) (files []string, failed []FileResult) {
	var own []os.FileInfo
	for _, p := range database {
		if info, err := os.Stat(p); err == nil {
			own = append(own, info)
		}
	}
	seen := map[string]bool{}
	// add takes the file's info as the walk found it, nil if it could not
	// (the file vanished: reading it will say so).
	add := func(p string, info fs.FileInfo) {
		if seen[p] || info != nil && slices.ContainsFunc(own, func(o os.FileInfo) bool { return os.SameFile(o, info) }) {
			return
		}
		seen[p] = true
		files = append(files, p)
	}
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			failed = append(failed, FileResult{Path: root, Status: StatusFailed, Err: err})
			continue
		}
		if !info.IsDir() {
			add(root, info)
			continue
		}
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				failed = append(failed, FileResult{Path: p, Status: StatusFailed, Err: err})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			switch {
			case d.Type()&fs.ModeSymlink != 0:
				// Links to files are read; links to directories are not
				// followed, so a link loop cannot make the walk endless.
				target, err := os.Stat(p)
				switch {
				case err != nil:
					failed = append(failed, FileResult{Path: p, Status: StatusFailed, Err: fmt.Errorf("broken link: %w", err)})
				case target.Mode().IsRegular():
					add(p, target)
				}
			case d.Type().IsRegular():
				info, _ := d.Info()
				add(p, info)
			}
			return nil
		})
		if err != nil {
			failed = append(failed, FileResult{Path: root, Status: StatusFailed, Err: err})
		}
	}
	sort.Strings(files)
	return files, failed
}

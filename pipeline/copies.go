package pipeline

import (
	"context"

	"github.com/formaudit/formaudit/store"
)

// copies decides which path holds the forms of content that an archive
// keeps under several paths, so that they are stored once: the first of
// the import's paths with that content, in path order, unless a path the
// import does not cover holds it already. Files are written in path order,
// so the decision is the same however the workers' reading interleaves,
// and the same for an import cut short and run again as for one that was
// not: it depends on the paths and contents only.
type copies struct {
	db     *store.DB
	inRun  map[string]bool   // the paths this import writes
	holder map[string]string // sha256 → the path holding its forms, decided in this import
}

func newCopies(db *store.DB, files []string) *copies {
	c := &copies{db: db, inRun: make(map[string]bool, len(files)), holder: map[string]string{}}
	for _, f := range files {
		c.inRun[f] = true
	}
	return c
}

// unchanged is told of a path whose forms of this content are stored from
// an earlier import. It returns the earlier path of this import holding the
// same content, whose copy path now is, or "" when path goes on holding it.
func (c *copies) unchanged(sha256, path string) string {
	if h, ok := c.holder[sha256]; ok {
		return h
	}
	c.holder[sha256] = path
	return ""
}

// of returns the path holding the forms of content read anew at path, or
// "" when path is to hold them: no earlier path of this import has the
// content, and no path outside it holds it. A later path of this import
// that holds it from before becomes path's copy when it is written.
func (c *copies) of(ctx context.Context, sha256, path string) (string, error) {
	if h, ok := c.holder[sha256]; ok {
		return h, nil
	}
	holders, err := c.db.Holders(ctx, sha256, path)
	if err != nil {
		return "", err
	}
	for _, h := range holders {
		if !c.inRun[h] {
			c.holder[sha256] = h
			return h, nil
		}
	}
	return "", nil
}

// stored records that path now holds the forms of its content.
func (c *copies) stored(sha256, path string) {
	c.holder[sha256] = path
}

package main

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/formaudit/formaudit/score"
)

// docCommands extracts the formaudit commands of a Markdown file's ```sh
// blocks. A command may span lines while a quote is open.
func docCommands(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cmds [][]string
	inSh, pending := false, ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "```"):
			inSh = strings.TrimPrefix(line, "```") == "sh"
			continue
		case !inSh:
			continue
		}
		if pending != "" {
			line = pending + "\n" + line
		}
		words, open := shellWords(line)
		if open {
			pending = line
			continue
		}
		pending = ""
		for i, w := range words {
			if w == "formaudit" || w == "./cmd/formaudit" {
				cmds = append(cmds, words[i+1:])
				break
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cmds
}

// shellWords splits a command line the way sh does for the quoting our docs
// use (single and double quotes, \" inside double quotes), dropping a
// trailing # comment; open reports an unclosed quote.
func shellWords(line string) (words []string, open bool) {
	var cur strings.Builder
	inWord := false
	var quote rune
	runes := []rune(line)
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		switch {
		case quote == '"' && r == '\\' && i+1 < len(runes) && runes[i+1] == '"':
			cur.WriteRune('"')
			i++
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == '#' && !inWord:
			return words, false
		case r == ' ' || r == '\t' || r == '\n':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, quote != 0
}

// TestDocsCommands runs every formaudit command of the README and the guide,
// in order, on a fresh database from the repository root, so the docs
// cannot rot.
func TestDocsCommands(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range []string{"README.md", "docs/guide.md"} {
		t.Run(doc, func(t *testing.T) {
			cmds := docCommands(t, filepath.Join(root, doc))
			if len(cmds) < 5 {
				t.Fatalf("%s: only %d commands found", doc, len(cmds))
			}
			tmp := t.TempDir()
			t.Chdir(root)
			t.Setenv("FORMAUDIT_DB", filepath.Join(tmp, "docs.db"))
			// The README's own first command imports the fixtures; the guide's too.
			for _, args := range cmds {
				for i, a := range args {
					if i > 0 && args[i-1] == "--out" {
						args[i] = filepath.Join(tmp, filepath.Base(a))
					}
				}
				code, out, errOut := formaudit(t, args...)
				if code != exitOK {
					t.Errorf("formaudit %q: exit %d\nstdout: %.500s\nstderr: %.500s", args, code, out, errOut)
				}
			}
		})
	}
}

func TestShellWords(t *testing.T) {
	for _, tt := range []struct {
		line string
		want []string
		open bool
	}{
		{`formaudit import fixtures/docs   # the main job`, []string{"formaudit", "import", "fixtures/docs"}, false},
		{`formaudit query "SELECT 'a' AS \"b\""`, []string{"formaudit", "query", `SELECT 'a' AS "b"`}, false},
		{`formaudit audit --rule 'total.*,indicator.*'`, []string{"formaudit", "audit", "--rule", "total.*,indicator.*"}, false},
		{`formaudit query "SELECT`, []string{"formaudit", "query", "SELECT"}, true},
	} {
		got, open := shellWords(tt.line)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") || open != tt.open {
			t.Errorf("shellWords(%q) = %q, %v; want %q, %v", tt.line, got, open, tt.want, tt.open)
		}
	}
}

// ruleEntry starts a rule's entry in docs/rules.md: a paragraph or a list
// item that opens with the rule code in bold and a dash.
var ruleEntry = regexp.MustCompile(`^(?:- )?\*\*([a-z_]+\.[a-z_]+)\*\* — `)

// TestRulesDocumented holds docs/rules.md to the rule catalogue: every rule
// code Check can emit has an entry with an example, and no entry names a
// code that is not a rule.
func TestRulesDocumented(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "docs", "rules.md"))
	if err != nil {
		t.Fatal(err)
	}
	entries := map[string]string{}
	code := ""
	for _, line := range strings.Split(string(data), "\n") {
		switch m := ruleEntry.FindStringSubmatch(line); {
		case m != nil:
			code = m[1]
			if _, dup := entries[code]; dup {
				t.Errorf("%s has two entries", code)
			}
		case strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#"):
			code = ""
		}
		if code != "" {
			entries[code] += line + "\n"
		}
	}
	known := map[string]bool{}
	for _, r := range score.Rules() {
		known[r.Code] = true
		switch entry, ok := entries[r.Code]; {
		case !ok:
			t.Errorf("docs/rules.md has no entry for %s", r.Code)
		case !strings.Contains(entry, "Example"):
			t.Errorf("docs/rules.md: the entry for %s gives no example:\n%s", r.Code, entry)
		}
	}
	for code := range entries {
		if !known[code] {
			t.Errorf("docs/rules.md has an entry for %s, which is not a rule", code)
		}
	}
}

// TestManPagesCurrent holds docs/man to the command tree: the pages
// scripts/gen-man.sh writes are the ones committed.
func TestManPagesCurrent(t *testing.T) {
	dir := t.TempDir()
	if code, _, e := formaudit(t, "gen-man", dir); code != exitOK {
		t.Fatal(e)
	}
	committed := filepath.Join("..", "..", "docs", "man")
	want, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	have, err := os.ReadDir(committed)
	if err != nil {
		t.Fatal(err)
	}
	if len(have) != len(want) {
		t.Errorf("docs/man has %d pages, the command tree %d: run scripts/gen-man.sh", len(have), len(want))
	}
	for _, e := range want {
		fresh := readFile(t, filepath.Join(dir, e.Name()))
		if old, err := os.ReadFile(filepath.Join(committed, e.Name())); err != nil || string(old) != fresh {
			t.Errorf("docs/man/%s is not what gen-man writes (%v): run scripts/gen-man.sh", e.Name(), err)
		}
	}
}

// TestRefusedTemplateLeavesNoDatabase: import's help and docs/import.md say
// what TestImportTemplateRefused checks, that a refused --template file
// leaves no database created.
func TestRefusedTemplateLeavesNoDatabase(t *testing.T) {
	_, help, _ := formaudit(t, "import", "--help")
	doc := readFile(t, filepath.Join("..", "..", "docs", "import.md"))
	for name, text := range map[string]string{"import --help": help, "docs/import.md": doc} {
		words := strings.Join(strings.Fields(text), " ")
		i := strings.Index(words, "--template")
		if i < 0 || !regexp.MustCompile(`refused|not a valid definition`).MatchString(words[i:]) ||
			!regexp.MustCompile(`no database (is )?created`).MatchString(words[i:]) {
			t.Errorf("%s does not say that a refused --template file leaves no database created", name)
		}
	}
}

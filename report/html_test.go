package report

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/formaudit/formaudit/fixtures"
	"golang.org/x/net/html"
)

const chromium = "/usr/bin/chromium"

// TestHTMLSelfContained checks that the report needs nothing beyond itself.
func TestHTMLSelfContained(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteAudit(&buf, seedAudit(t, seedDB(t), Filter{}, Chinese), "html", AuditOptions{}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, bad := range []string{"http:", "https:", "<script", "<link", "<img", "<iframe", "@import", "url("} {
		if strings.Contains(page, bad) {
			t.Errorf("the report holds %q: it must not load anything", bad)
		}
	}
	if !strings.Contains(page, "@media print") {
		t.Error("the report has no print style")
	}
}

// measure is appended to a copy of the report in the browser test only (the
// report itself carries no script): it writes the laid-out size of every
// chart and card into the DOM, so that --dump-dom shows what rendered.
const measure = `<script>
const out = [];
for (const e of document.querySelectorAll("svg.chart-svg, article.card")) {
  const r = e.getBoundingClientRect();
  out.push((e.id || "") + " " + Math.round(r.width) + " " + Math.round(r.height));
}
const pre = document.createElement("pre");
pre.id = "layout";
pre.textContent = out.join("\n");
document.body.appendChild(pre);
</script>`

// TestHTMLInChromium loads the seed's report in headless Chromium and checks
// the rendered DOM: the four charts with their marks, and a card for every
// form with every finding of that form; it then takes a screenshot.
func TestHTMLInChromium(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("%s is absent, so the report is not checked in a browser (apt-get install chromium runs this test)", chromium)
	}
	db := seedDB(t)
	var buf bytes.Buffer
	if err := WriteAudit(&buf, seedAudit(t, db, Filter{}, Chinese), "html", AuditOptions{}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	report := filepath.Join(dir, "audit.html")
	probe := filepath.Join(dir, "probe.html")
	if err := os.WriteFile(report, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	instrumented := strings.Replace(buf.String(), "</body>", measure+"\n</body>", 1)
	if err := os.WriteFile(probe, []byte(instrumented), 0o644); err != nil {
		t.Fatal(err)
	}

	dom, err := html.Parse(strings.NewReader(runChromium(t, dir, "--dump-dom", "file://"+probe)))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ints := func(q string) []string {
		_, rows, err := db.Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		out := make([]string, len(rows))
		for i, r := range rows {
			out[i] = *r[0]
		}
		return out
	}

	charts := map[string]*html.Node{}
	for _, svg := range findAll(dom, "svg", "chart-svg") {
		charts[attr(svg, "id")] = svg
	}
	if len(charts) != 4 {
		t.Errorf("%d charts rendered, want 4: %v", len(charts), charts)
	}
	// The histogram's bars count every form whose rate can be computed.
	bars, total := findAll(charts["chart-rates"], "rect", "bar"), 0
	for _, b := range bars {
		n, _ := strconv.Atoi(strings.TrimPrefix(textOf(b)[strings.LastIndex(textOf(b), ":")+1:], " "))
		total += n
	}
	if want := ints("SELECT count(*) FROM funds WHERE line = 'total' AND computed_rate IS NOT NULL")[0]; len(bars) != len(rateBins)+1 || strconv.Itoa(total) != want {
		t.Errorf("rate histogram: %d bars counting %d forms, want %d bars counting %s", len(bars), total, len(rateBins)+1, want)
	}
	for _, tt := range []struct {
		chart, class, count string
	}{
		{"chart-totals", "point", "SELECT count(*) FROM forms WHERE recorded_total IS NOT NULL"},
		{"chart-rules", "bar", "SELECT count(DISTINCT rule || severity) FROM discrepancies"},
		{"chart-units", "bar", "SELECT count(DISTINCT coalesce(implementing_unit, '') || d.severity) FROM forms f JOIN discrepancies d ON d.form_id = f.id"},
	} {
		tag := "rect"
		if tt.class == "point" {
			tag = "circle"
		}
		if got, want := len(findAll(charts[tt.chart], tag, tt.class)), ints(tt.count)[0]; strconv.Itoa(got) != want {
			t.Errorf("%s: %d marks, want %s", tt.chart, got, want)
		}
	}

	cards := findAll(dom, "article", "card")
	ids := ints("SELECT id FROM forms ORDER BY id")
	if len(cards) != len(ids) {
		t.Fatalf("%d form cards rendered, want %d", len(cards), len(ids))
	}
	for i, card := range cards {
		id := attr(card, "data-form-id")
		if id != ids[i] {
			t.Errorf("card %d is form %s, want %s", i+1, id, ids[i])
			continue
		}
		want := ints("SELECT count(*) FROM discrepancies WHERE form_id = " + id)[0]
		rows := 0
		for _, table := range findAll(card, "table", "findings") {
			rows += len(findAll(table, "tr", "")) - 1
		}
		if strconv.Itoa(rows) != want {
			t.Errorf("card of form %s lists %d findings, want %s", id, rows, want)
		}
		if len(findAll(card, "table", "funds")) != 1 || len(findAll(card, "table", "indicators")) != 1 {
			t.Errorf("card of form %s does not rebuild its funds and indicators", id)
		}
		if len(ints("SELECT 1 FROM discrepancies WHERE rule = 'total.missing' AND form_id = "+id)) > 0 {
			if len(findAll(findAll(card, "table", "total")[0], "td", "mark-warning")) != 1 {
				t.Errorf("card of form %s does not highlight its blank 总分", id)
			}
		}
	}

	// Everything measured has a size: it was laid out, not just parsed.
	layout := findAll(dom, "pre", "")
	if len(layout) != 1 {
		t.Fatal("the layout probe did not run")
	}
	sizes := regexp.MustCompile(`(?m)^(\S*) (\d+) (\d+)$`).FindAllStringSubmatch(textOf(layout[0]), -1)
	if len(sizes) != len(charts)+len(cards) {
		t.Errorf("%d elements measured, want %d", len(sizes), len(charts)+len(cards))
	}
	for _, s := range sizes {
		if s[2] == "0" || s[3] == "0" {
			t.Errorf("%s rendered %s×%s", s[1], s[2], s[3])
		}
	}

	shot := filepath.Join(dir, "audit-report.png")
	runChromium(t, dir, "--window-size=1280,2000", "--screenshot="+shot, "file://"+report)
	data, err := os.ReadFile(shot)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 1280 || b.Dy() != 2000 {
		t.Errorf("screenshot is %v", b)
	}
	colours := map[uint32]bool{}
	for y := 0; y < img.Bounds().Dy(); y += 7 {
		for x := 0; x < img.Bounds().Dx(); x += 7 {
			r, g, b, _ := img.At(x, y).RGBA()
			colours[r>>8<<16|g>>8<<8|b>>8] = true
		}
	}
	if len(colours) < 20 {
		t.Errorf("the screenshot has %d colours: nothing rendered", len(colours))
	}
	if *update {
		docs := filepath.Join(filepath.Dir(fixtures.Dir()), "docs", "audit-report.png")
		if err := os.WriteFile(docs, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// runChromium runs headless Chromium with args and returns its standard output.
func runChromium(t *testing.T, dir string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--hide-scrollbars", "--no-first-run", "--user-data-dir=" + filepath.Join(dir, "profile")}
	cmd := exec.CommandContext(ctx, chromium, append(base, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
	}
	return stdout.String()
}

// findAll returns the elements named tag under n (n included) whose class
// list holds class, or every such element when class is "".
func findAll(n *html.Node, tag, class string) []*html.Node {
	var out []*html.Node
	if n == nil {
		return nil
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == tag && (class == "" || hasClass(n, class)) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// textOf is the text content of n.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

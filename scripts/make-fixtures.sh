#!/bin/sh
# make-fixtures.sh regenerates the workbook fixtures: XLSX written by
# cmd/fixturegen from ground-truth JSON, and .xls, .ods, .csv, .docx and
# .odt copies converted by LibreOffice (Debian: libreoffice-calc-nogui,
# libreoffice-writer-nogui, fonts-noto-cjk). The outputs are committed;
# tests and CI read them and need neither this script nor LibreOffice.
#
# Each workbook's truth is the JSON it was generated from, copied to
# fixtures/truth/xlsx/NAME.json for NAME.xlsx and each of its copies.
set -eu
cd "$(dirname "$0")/.."

docs=fixtures/docs/xlsx
truth=fixtures/truth/xlsx
seed=fixtures/truth/seed-2024.golden.json
composed=fixtures/compose/composed.json
variants=fixtures/compose/variants.json
stale=fixtures/compose/stale.json
sans="Noto Sans CJK SC"

mkdir -p "$docs" "$truth"
go build -o /tmp/fixturegen.$$ ./cmd/fixturegen
trap 'rm -rf /tmp/fixturegen.$$ "${profile:-}"' EXIT

# gen NAME TRUTH [fixturegen flags...]
gen() {
	name=$1 in=$2
	shift 2
	/tmp/fixturegen.$$ -in "$in" -out "$docs/$name.xlsx" "$@"
	cp "$in" "$truth/$name.json"
}

gen seed-sheets "$seed"
gen seed-stacked "$seed" -layout stacked -font "$sans" -orientation landscape
gen composed-sheets "$composed"
gen composed-stacked "$composed" -layout stacked -font "$sans" -orientation landscape
gen offset "$variants" -origin D5
gen unmerged "$variants" -unmerge
gen text-amounts "$variants" -text-amounts
gen fraction-rates "$variants" -fraction-rates
gen hidden "$variants" -hidden
gen stale-formula "$stale" -formula-totals

if ! command -v soffice >/dev/null 2>&1; then
	echo "make-fixtures: soffice not found (Debian: apt-get install libreoffice-calc-nogui libreoffice-writer-nogui); .xls, .csv and .docx copies not made" >&2
	exit 1
fi
# A private profile, so that a running LibreOffice or another conversion
# does not hold the lock on the user's.
profile=$(mktemp -d)
for f in "$docs"/*.xlsx; do
	soffice -env:UserInstallation="file://$profile" --headless --convert-to xls --outdir "$docs" "$f" >/dev/null
done
# Every workbook as an OpenDocument spreadsheet, as Calc saves it.
odsdocs=fixtures/docs/ods
mkdir -p "$odsdocs"
for f in "$docs"/*.xlsx; do
	soffice -env:UserInstallation="file://$profile" --headless --convert-to ods --outdir "$odsdocs" "$f" >/dev/null
done
# Stacked workbooks saved as CSV the way a spreadsheet saves them (every
# record padded to the sheet's width, amounts as shown): seed-stacked in
# UTF-8, composed-stacked in code page 936 (GBK), what Excel writes on a
# Chinese Windows. Their truth is the workbook's.
csvdocs=fixtures/docs/csv
mkdir -p "$csvdocs"
# savecsv NAME CHARSET: CHARSET is LibreOffice's number (76 UTF-8, 61 MS-936).
savecsv() {
	soffice -env:UserInstallation="file://$profile" --headless \
		--convert-to "csv:Text - txt - csv (StarCalc):44,34,$2" --outdir "$csvdocs" "$docs/$1.xlsx" >/dev/null
}
savecsv seed-stacked 76
savecsv composed-stacked 61
# The stacked workbooks as Word and OpenDocument text documents, each form
# a table of merged cells (gridSpan and vMerge; spanned and covered cells):
# Calc saves the sheet as HTML, Writer saves that as .docx and .odt. Writer
# drops an HTML row that merged cells cover whole without shortening the
# spans over it, so those rows are taken out first. Writer stamps the time
# into the documents: they differ from run to run in that alone.
docxdocs=fixtures/docs/docx
odtdocs=fixtures/docs/odt
mkdir -p "$docxdocs" "$odtdocs"
html=$(mktemp -d)
for name in seed-stacked composed-stacked; do
	soffice -env:UserInstallation="file://$profile" --headless --convert-to html --outdir "$html" "$docs/$name.xlsx" >/dev/null
	/tmp/fixturegen.$$ -drop-empty-rows "$html/$name.html"
	rm -f "$docxdocs/$name.docx" "$odtdocs/$name.odt"
	soffice -env:UserInstallation="file://$profile" --headless --convert-to "docx:MS Word 2007 XML" --outdir "$docxdocs" "$html/$name.html" >/dev/null
	soffice -env:UserInstallation="file://$profile" --headless --convert-to "odt:writerweb8_writer" --outdir "$odtdocs" "$html/$name.html" >/dev/null
	[ -f "$docxdocs/$name.docx" ] && [ -f "$odtdocs/$name.odt" ] || {
		echo "make-fixtures: LibreOffice Writer made no $docxdocs/$name.docx or $odtdocs/$name.odt (Debian: apt-get install libreoffice-writer-nogui)" >&2
		exit 1
	}
done
rm -rf "$html"
chmod 644 "$docs"/* "$truth"/* "$csvdocs"/* "$docxdocs"/* "$odsdocs"/* "$odtdocs"/*
echo "make-fixtures: $(ls "$docs" | wc -l) workbooks in $docs, $(ls "$odsdocs" | wc -l) in $odsdocs, $(ls "$csvdocs" | wc -l) CSV in $csvdocs, $(ls "$docxdocs" | wc -l) Word and $(ls "$odtdocs" | wc -l) OpenDocument text documents, truth in $truth"

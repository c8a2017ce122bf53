#!/bin/sh
# make-template-fixtures.sh regenerates the fixtures of the templates other
# than the national one (template/templates/*.json), and of an archive that
# mixes them: each set is written as XLSX by cmd/fixturegen in the layout
# its forms' templates define, and converted to .xls and PDF by LibreOffice
# (Debian: libreoffice-calc-nogui, fonts-noto-cjk). The outputs are
# committed; tests read them and need neither this script nor LibreOffice.
#
# Each PDF is also dumped as text by pdftotext -layout (Debian:
# poppler-utils), the archived text dump of a form, as NAME.txt.
#
# Each set's truth is the JSON it was generated from, copied to
# fixtures/truth/templates/NAME.json for NAME.xlsx, NAME.xls, NAME.pdf and
# NAME.txt.
set -eu
cd "$(dirname "$0")/.."

docs=fixtures/docs/templates
truth=fixtures/truth/templates
compose=fixtures/compose
sans="Noto Sans CJK SC"

command -v soffice >/dev/null 2>&1 || {
	echo "make-template-fixtures: soffice not found (Debian: apt-get install libreoffice-calc-nogui)" >&2
	exit 1
}
command -v pdftotext >/dev/null 2>&1 || {
	echo "make-template-fixtures: pdftotext not found (Debian: apt-get install poppler-utils)" >&2
	exit 1
}
mkdir -p "$docs" "$truth"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/fixturegen" ./cmd/fixturegen

# gen NAME TRUTH [fixturegen flags...]
gen() {
	name=$1 in=$2
	shift 2
	"$tmp/fixturegen" -in "$in" -out "$docs/$name.xlsx" "$@"
	cp "$in" "$truth/$name.json"
}

# Sichuan 部门预算项目支出绩效自评表: goals before funds, 财政专户管理资金
# and 单位资金 lines, target in three columns, 合计; rates shown with "%".
gen sichuan "$compose/sichuan.json" -fraction-rates
# 衔接资金: no 年初预算数, 分值 before the targets, 其中… sub-rows, the
# fiscal line repeating the budget score, a grade beside the total.
gen xianjie "$compose/xianjie.json"
# Budget 20 (Yunnan, Hubei): rates as fractions ("0.9868"), without "%"
# (stacked, landscape), and without a weight column in the indicator table.
gen budget20-decimal "$compose/budget20.json" -decimal-rates
gen budget20-bare "$compose/budget20.json" -layout stacked -font "$sans" -orientation landscape
gen budget20-noweights "$compose/budget20-noweights.json" -no-indicator-weights
# One workbook mixing the templates, a sheet per form.
gen mixed "$compose/mixed.json"

# A private profile, so that a running LibreOffice or another conversion
# does not hold the lock on the user's.
for f in "$docs"/*.xlsx; do
	for to in xls pdf; do
		soffice -env:UserInstallation="file://$tmp/profile" --headless --convert-to "$to" --outdir "$docs" "$f" >/dev/null
	done
done
for f in "$docs"/*.pdf; do
	pdftotext -layout "$f" "${f%.pdf}.txt"
done
chmod 644 "$docs"/* "$truth"/*
echo "make-template-fixtures: $(ls "$docs" | wc -l) documents in $docs, truth in $truth"

#!/usr/bin/env bash
# Rebuilds the PDF fixtures from their ground truth: each JSON file in the
# golden format is written as the national template by cmd/fixturegen and
# printed to PDF by LibreOffice, in two styles:
#   serif-portrait  Noto Serif CJK SC, portrait, one form per sheet (page)
#   sans-landscape  Noto Sans CJK SC, landscape, forms stacked on one sheet,
#                   so that tables run across page breaks
# The PDFs go to fixtures/docs/pdf/ and a copy of their truth to
# fixtures/truth/pdf/, with poppler's text of their pages (pdftotext -layout,
# pages split by form feeds), the truth of where each value is printed. It also rebuilds the encrypted test PDFs in
# extract/testdata/pdf/. Tests only read the committed outputs; this script
# needs go, soffice (libreoffice-calc), fonts-noto-cjk, qpdf and pdftotext
# (poppler-utils).
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in go soffice qpdf pdftotext; do
	command -v "$tool" >/dev/null || { echo "make-pdf-fixtures: $tool is not installed" >&2; exit 1; }
done
fc-list | grep "Noto Serif CJK SC" >/dev/null || { echo "make-pdf-fixtures: fonts-noto-cjk is not installed" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p fixtures/docs/pdf fixtures/truth/pdf extract/testdata/pdf

# render NAME TRUTH STYLE [FIXTUREGEN FLAGS...]: writes fixtures/docs/pdf/NAME-STYLE.pdf.
render() {
	local name=$1 truth=$2 style=$3 flags
	shift 3
	case $style in
	serif-portrait) flags=(-layout sheet -font "Noto Serif CJK SC" -orientation portrait) ;;
	sans-landscape) flags=(-layout stacked -font "Noto Sans CJK SC" -orientation landscape) ;;
	esac
	go run ./cmd/fixturegen -in "$truth" -out "$tmp/$name-$style.xlsx" "${flags[@]}" "$@"
	# A private profile, so that a LibreOffice already running elsewhere
	# does not swallow the conversion.
	soffice -env:UserInstallation="file://$tmp/profile" --headless --convert-to pdf \
		--outdir "$tmp" "$tmp/$name-$style.xlsx" >/dev/null
	cp "$tmp/$name-$style.pdf" "fixtures/docs/pdf/$name-$style.pdf"
	cp "$truth" "fixtures/truth/pdf/$name-$style.json"
	pdftotext -layout "fixtures/docs/pdf/$name-$style.pdf" "fixtures/truth/pdf/$name-$style.pdftotext.txt"
	echo "fixtures/docs/pdf/$name-$style.pdf"
}

for set in seed:fixtures/truth/seed-2024.golden.json composed:fixtures/compose/composed.json; do
	for style in serif-portrait sans-landscape; do
		render "${set%%:*}" "${set#*:}" "$style"
	done
done
# Labels repeated on every row instead of merged, amounts stored as text
# (thousands separators, full-width digits).
render variants-unmerged fixtures/compose/variants.json serif-portrait -unmerge -text-amounts

# The hand-made PDFs (a Chinese font with only the predefined UniGB-UCS2-H
# encoding, ruled and whitespace tables) are written by their test.
go test ./fixtures -run TestHandmadePDFs -update-pdf >/dev/null
echo "fixtures/docs/pdf/handmade-*.pdf"

# Encrypted copies of the first seed form, one per security handler.
form=extract/testdata/pdf/form.pdf
qpdf --empty --pages fixtures/docs/pdf/seed-serif-portrait.pdf 1 -- "$form"
qpdf --allow-weak-crypto --encrypt user owner 40 -- "$form" extract/testdata/pdf/rc4-40-password.pdf
qpdf --allow-weak-crypto --encrypt "" owner 40 -- "$form" extract/testdata/pdf/rc4-40-open.pdf
qpdf --allow-weak-crypto --encrypt "" owner 128 --use-aes=n -- "$form" extract/testdata/pdf/rc4-128-open.pdf
qpdf --encrypt user owner 128 --use-aes=y -- "$form" extract/testdata/pdf/aes-128-password.pdf
qpdf --encrypt "" owner 128 --use-aes=y -- "$form" extract/testdata/pdf/aes-128-open.pdf
qpdf --encrypt user owner 256 -- "$form" extract/testdata/pdf/aes-256-password.pdf
qpdf --encrypt "" owner 256 -- "$form" extract/testdata/pdf/aes-256-open.pdf
# The same form in PDF 2.0 with cross-reference and object streams.
qpdf --object-streams=generate --force-version=2.0 "$form" extract/testdata/pdf/pdf20-objstm.pdf
echo "extract/testdata/pdf/*.pdf"

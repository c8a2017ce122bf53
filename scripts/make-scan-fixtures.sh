#!/usr/bin/env bash
# Rebuilds the scanned fixtures in fixtures/scan/ from the PDF fixtures:
# each page is printed to a 300 dpi grey image (pdftoppm -r 300 -gray),
# turned by 0.5° one way or the other, given Gaussian noise and saved as a
# JPEG of quality 75 (ImageMagick), and the pages are bound into an
# image-only PDF (img2pdf). That scan is then OCR'd twice:
#   NAME.ocrmypdf.pdf   ocrmypdf -l chi_sim (text layer in a Form XObject)
#   NAME.tesseract.pdf  tesseract's own PDF renderer (one CMap range)
# and tesseract's plain text of the same pages is kept as NAME.tesseract.txt.
# After OCR the page images of the two PDFs are stored as 1-bit images of
# the same 300 dpi (see binarize). The truth of each set is the clean
# record it was printed from.
#
# A few full-resolution scans are kept for the end-to-end test of
# `formaudit import --ocr`: the page of seed form 1 as a JPEG, the page
# of seed form 2 as an image-only PDF, and the two pages of seed form 3 as
# one TIFF.
#
# Tests only read the committed outputs. This script needs pdftoppm
# (poppler-utils), convert (imagemagick), img2pdf, ocrmypdf, tesseract with
# chi_sim (tesseract-ocr-chi-sim), python3-pikepdf (a dependency of
# ocrmypdf) and python3-pil. It takes about 15 minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in pdftoppm convert img2pdf ocrmypdf tesseract; do
	command -v "$tool" >/dev/null || { echo "make-scan-fixtures: $tool is not installed" >&2; exit 1; }
done
tesseract --list-langs 2>/dev/null | grep -qx chi_sim || { echo "make-scan-fixtures: tesseract-ocr-chi-sim is not installed" >&2; exit 1; }
/usr/bin/python3 -c 'import pikepdf' 2>/dev/null || { echo "make-scan-fixtures: python3-pikepdf is not installed" >&2; exit 1; }
/usr/bin/python3 -c 'import PIL' 2>/dev/null || { echo "make-scan-fixtures: python3-pil is not installed" >&2; exit 1; }

# Tesseract's threads fight each other on small machines: one thread a
# process is several times faster.
export OMP_THREAD_LIMIT=1
docs=fixtures/scan/docs
truth=fixtures/scan/truth
images=fixtures/scan/images
mkdir -p "$docs" "$truth" "$images"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# scan SRC OUTDIR: writes OUTDIR/page-N.jpg for each page of SRC.
scan() {
	local src=$1 out=$2 n=0 angle
	mkdir -p "$out"
	pdftoppm -r 300 -gray "$src" "$out/raw"
	for raw in "$out"/raw-*.pgm; do
		n=$((n + 1))
		angle=0.5
		if ((n % 2 == 0)); then angle=-0.5; fi
		# -seed makes the noise, and so the fixtures, reproducible.
		convert "$raw" -seed "$n" -background white -rotate "$angle" +repage \
			-gravity center -extent "$(identify -format '%wx%h' "$raw")" \
			-attenuate 0.3 +noise Gaussian -density 300 -units PixelsPerInch \
			-quality 75 "$out/page-$(printf %03d "$n").jpg"
		rm "$raw"
	done
}

# tiff_pages SRC FIRST LAST OUT [SEED]: writes pages FIRST to LAST of SRC,
# turned as scan turns them, as one TIFF of 1-bit pages (CCITT Group 4).
# With SEED, the pages are given scan's noise before they are thresholded,
# as a poor scanner leaves them: specks, and strokes broken.
tiff_pages() {
	local src=$1 first=$2 last=$3 out=$4 seed=${5:-} n angle
	local dir
	local -a noise
	dir=$(mktemp -d "$tmp/tiff.XXXX")
	pdftoppm -r 300 -gray -f "$first" -l "$last" "$src" "$dir/raw"
	n=$((first - 1))
	for raw in "$dir"/raw-*.pgm; do
		n=$((n + 1))
		angle=0.5
		if ((n % 2 == 0)); then angle=-0.5; fi
		noise=()
		if [[ -n $seed ]]; then noise=(-seed "$((seed * 10 + n))" -attenuate 0.3 +noise Gaussian); fi
		convert "$raw" -background white -rotate "$angle" +repage \
			-gravity center -extent "$(identify -format '%wx%h' "$raw")" "${noise[@]}" "$raw"
	done
	convert "$dir"/raw-*.pgm -threshold 55% -compress Group4 -density 300 -units PixelsPerInch "$out"
}

# binarize PDF: stores every page image of PDF as a 1-bit image of the
# same 300 dpi, in place, as archive scanners store pages: `formaudit import
# --ocr` reads the numbers of the scan a second time from these images,
# and a grey 300 dpi JPEG would make the repository ten times larger.
binarize() {
	/usr/bin/python3 - "$1" <<'EOF'
import sys, zlib
import pikepdf
from PIL import Image
pdf = pikepdf.open(sys.argv[1], allow_overwriting_input=True)
done = set()
for page in pdf.pages:
    for name, image in page.images.items():
        if image.objgen in done:
            continue
        done.add(image.objgen)
        grey = pikepdf.PdfImage(image).as_pil_image().convert("L")
        bits = grey.point(lambda v: 255 if v > 140 else 0).convert("1")
        image.write(zlib.compress(bits.tobytes(), 9), filter=pikepdf.Name.FlateDecode)
        image.Width, image.Height = bits.size
        image.ColorSpace = pikepdf.Name.DeviceGray
        image.BitsPerComponent = 1
        for key in ("/DecodeParms", "/SMask", "/Mask", "/Decode"):
            if key in image:
                del image[key]
pdf.save(sys.argv[1])
EOF
}

for name in seed-serif-portrait composed-serif-portrait; do
	src=fixtures/docs/pdf/$name.pdf
	work=$tmp/$name
	scan "$src" "$work"
	img2pdf --output "$work/scan.pdf" "$work"/page-*.jpg
	ocrmypdf --quiet -l chi_sim --jobs 2 --output-type pdf "$work/scan.pdf" "$docs/$name.ocrmypdf.pdf"
	ls "$work"/page-*.jpg >"$work/pages.txt"
	tesseract "$work/pages.txt" "$work/tesseract" -l chi_sim pdf txt 2>/dev/null
	cp "$work/tesseract.pdf" "$docs/$name.tesseract.pdf"
	cp "$work/tesseract.txt" "$docs/$name.tesseract.txt"
	binarize "$docs/$name.ocrmypdf.pdf"
	binarize "$docs/$name.tesseract.pdf"
	cp "fixtures/truth/pdf/$name.json" "$truth/$name.json"
	echo "$docs/$name.{ocrmypdf.pdf,tesseract.pdf,tesseract.txt}"
	if [[ $name == seed-serif-portrait ]]; then
		# One form a page at the start of the seed: form 1 on page 1, form 2 on page 2.
		cp "$work/page-001.jpg" "$images/seed-form1.jpg"
		img2pdf --output "$images/seed-form2.pdf" "$work/page-002.jpg"
		# Form 3 runs over pages 3 and 4: one TIFF of two 1-bit pages, CCITT
		# Group 4, as document scanners and fax archives store them. Such a
		# scanner thresholds a clean signal: the pages are turned as above,
		# without the noise, which thresholded would leave as specks.
		tiff_pages "$src" 3 4 "$images/seed-form3.tif"
		# The same pages from a poor scanner: OCR loses the label of the
		# 年度资金总额 line to the specks (funds.label_inferred).
		tiff_pages "$src" 3 4 "$images/seed-form3-noisy.tif" 3
		echo "$images/seed-form1.jpg $images/seed-form2.pdf $images/seed-form3.tif $images/seed-form3-noisy.tif"
	fi
done
chmod 644 "$docs"/* "$truth"/* "$images"/*

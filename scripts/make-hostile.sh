#!/usr/bin/env bash
# Rebuilds the committed hostile corpus in fixtures/hostile/files/ (see
# fixtures/hostile/expected.json for what each file must give):
#   - most files are written by fixtures/hostile/gen (Go, no other tools);
#   - the encrypted PDFs are a small sound form encrypted by qpdf with each
#     security handler, with and without a user password;
#   - password.xls is a sound .xls saved with a password by LibreOffice
#     (through its Python UNO bridge, as --convert-to cannot set one);
#   - word97.doc is a line of text saved as a Word 97–2003 document by
#     LibreOffice Writer.
# Files too large to commit (a 50 MB text, a 1,048,576-row workbook, a
# 1 GiB zip bomb, a 200k-deep nested PDF object) are made by
# fixtures/hostile_test.go when it runs. It also writes the seed corpora
# of the fuzz targets (testdata/fuzz/ of extract, extract/pdfwalk and
# normalize) from the fixtures and this corpus. Needs go, qpdf, soffice
# (libreoffice-calc, libreoffice-writer) and python3-uno.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in go qpdf soffice; do
	command -v "$tool" >/dev/null || { echo "make-hostile: $tool is not installed" >&2; exit 1; }
done
/usr/bin/python3 -c 'import uno' 2>/dev/null || { echo "make-hostile: python3-uno is not installed" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=fixtures/hostile/files

go run ./fixtures/hostile/gen -out "$out" -form "$tmp/form.pdf"

printf '项目支出绩效自评表\n' >"$tmp/word97.txt"
soffice -env:UserInstallation="file://$tmp/profile" --headless --infilter="Text (encoded):UTF8" \
	--convert-to "doc:MS Word 97" --outdir "$out" "$tmp/word97.txt" >/dev/null

form=$tmp/form.pdf
qpdf --allow-weak-crypto --encrypt user owner 40 -- "$form" "$out/rc4-40-password.pdf"
qpdf --allow-weak-crypto --encrypt "" owner 40 -- "$form" "$out/rc4-40-open.pdf"
qpdf --allow-weak-crypto --encrypt user owner 128 --use-aes=y -- "$form" "$out/aes-128-password.pdf"
qpdf --allow-weak-crypto --encrypt "" owner 128 --use-aes=y -- "$form" "$out/aes-128-open.pdf"
qpdf --encrypt user owner 256 -- "$form" "$out/aes-256-password.pdf"
qpdf --encrypt "" owner 256 -- "$form" "$out/aes-256-open.pdf"

# A private profile, so that a LibreOffice already running elsewhere does
# not take the connection.
/usr/bin/python3 - fixtures/docs/xlsx/offset.xls "$out/password.xls" "$tmp/profile" <<'EOF'
import os, subprocess, sys, time, uno
from com.sun.star.beans import PropertyValue

def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p

src, dst, profile = (sys.argv[1], sys.argv[2], sys.argv[3])
office = subprocess.Popen(["soffice", "-env:UserInstallation=file://" + profile, "--headless", "--invisible",
                           "--accept=pipe,name=formaudit-hostile;urp;"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(120):
        try:
            ctx = resolver.resolve("uno:pipe,name=formaudit-hostile;urp;StarOffice.ComponentContext")
            break
        except Exception:
            time.sleep(0.5)
    else:
        sys.exit("make-hostile: LibreOffice did not answer")
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0, (prop("Hidden", True),))
    doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(dst)), (prop("FilterName", "MS Excel 97"), prop("Password", "secret")))
    doc.close(True)
    try:
        desktop.terminate()
    except Exception:
        pass  # the bridge closes as the office quits
finally:
    try:
        office.wait(timeout=30)
    except subprocess.TimeoutExpired:
        office.kill()
EOF
# The seed corpora of the fuzz targets take files from the corpus.
go run ./fixtures/hostile/gen -seeds .
echo "$out: $(ls "$out" | wc -l) files"

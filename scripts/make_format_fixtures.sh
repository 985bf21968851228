#!/usr/bin/env bash
# Regenerate tests/fixtures/formats/ from the texts in tests/fixtures/documents/.
# Needs LibreOffice (soffice), Ghostscript (gs) and poppler-utils (pdftotext); the tests
# read the committed files and need neither. See tests/fixtures/formats/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
out=tests/fixtures/formats
mkdir -p "$out"
cargo run --quiet --example make_format_fixtures -- "$out"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# a private LibreOffice profile, so a running soffice does not take the job
office() { soffice -env:UserInstallation=file://"$work/profile" --headless "$@" >/dev/null; }

# PDF with a text layer, from the Jining docx (page header and page-number footer)
office --convert-to pdf --outdir "$work" "$out/jining.docx"
cp "$work/jining.pdf" "$out/jining.pdf"
# the numbered docx as LibreOffice Writer saves it (its own numbering.xml,
# styles and table grid): a second writer for the docx reader
office --convert-to odt --outdir "$work" "$out/guangzhou-numbered.docx"
office --convert-to 'docx:MS Word 2007 XML' --outdir "$work/lo" "$work/guangzhou-numbered.odt"
cp "$work/lo/guangzhou-numbered.docx" "$out/guangzhou-numbered-libreoffice.docx"
# the task table as OpenDocument, converted from the xlsx (merged cells kept)
office --convert-to ods --outdir "$work" "$out/guangzhou-task-table.xlsx"
cp "$work/guangzhou-task-table.ods" "$out/guangzhou-task-table.ods"
# Word 97-2003 binary; the same bytes as .wps (WPS Office writes .wps as the same
# OLE compound file with a WordDocument stream)
office --convert-to doc --outdir "$work" "$out/jining.docx"
cp "$work/jining.doc" "$out/jining.doc"
cp "$work/jining.doc" "$out/jining.wps"
# an image-only PDF (a scan): page 1 of the Jining PDF as a picture, no text layer
# (Ghostscript's pdfimage8 device renders each page to one image)
gs -q -sDEVICE=pdfimage8 -r60 -dFirstPage=1 -dLastPage=1 -o "$out/jining-scan.pdf" "$out/jining.pdf"
if [ -n "$(pdftotext "$out/jining-scan.pdf" - | tr -d '[:space:]\f')" ]; then
    echo "jining-scan.pdf has a text layer" >&2
    exit 1
fi
ls -l "$out"

#!/bin/sh
# Regenerates the PDFs in fixtures/reader/ that other producers than pdfkit
# write, from the sources in scripts/reader-sources/: the reader test holds the
# own text reader to pdf.js's reading on each. (text-operators.pdf is made by
# `npm run fixtures`.) The PDFs are committed, so CI needs none of these tools;
# regenerating them needs LibreOffice (soffice), wkhtmltopdf and rsvg-convert
# (Debian: libreoffice-writer, wkhtmltopdf, librsvg2-bin) and the fonts they
# pick (fonts-wqy-zenhei, fonts-urw-base35). Producers stamp dates and IDs, so a
# rerun gives other bytes, not other text.
set -e
cd "$(dirname "$0")/.."
src=scripts/reader-sources
out=fixtures/reader
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
soffice --headless --convert-to pdf --outdir "$tmp" "$src/doc.fodt" >/dev/null 2>&1
mv "$tmp/doc.pdf" "$out/libreoffice-writer.pdf"
wkhtmltopdf --quiet "$src/table.html" "$out/wkhtmltopdf.pdf"
rsvg-convert -f pdf -o "$out/rsvg-cairo.pdf" "$src/table.svg"
ls -l "$out"

#!/bin/sh
# Regenerates the workbook fixtures of tests/fixtures/xlsx/ (committed, so
# that `make check` needs neither openpyxl nor LibreOffice):
#   openpyxl/     the sample exports of input/ and the Microsoft-Forms-shaped
#                 forms.xlsx (with forms.csv, the same answers as CSV), written
#                 by python3-openpyxl (scripts/xlsx-fixtures/make.py)
#   libreoffice/  the same workbooks opened and saved again by LibreOffice
#                 Calc (libreoffice-calc-nogui), an independent writer
#   dropped.txt   the CSV records that have no workbook form (see make.py)
# and the broken workbooks of tests/cases/bad/xlsx-* (their expect files are
# written by hand): LibreOffice writes the .xls and .ods, bad.py the rest.
#
#   sh scripts/xlsx-fixtures/make.sh     (needs: sh scripts/install-deps.sh fixtures)
set -eu
cd "$(dirname "$0")/../.."
out=tests/fixtures/xlsx
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out/openpyxl" "$out/libreoffice"
/usr/bin/python3 scripts/xlsx-fixtures/make.py "$tmp/py"
cp "$tmp/py"/*.xlsx "$tmp/py/forms.csv" "$out/openpyxl/"
cp "$tmp/py/dropped.txt" "$out/dropped.txt"
lo() { # lo FILTER OUTDIR FILE...: LibreOffice converts, with a private profile
	f=$1
	d=$2
	shift 2
	soffice "-env:UserInstallation=file://$tmp/profile" --headless --convert-to "$f" \
		--outdir "$d" "$@" >"$tmp/lo.log" 2>&1 || { cat "$tmp/lo.log" >&2; exit 1; }
}
lo "xlsx:Calc MS Excel 2007 XML" "$out/libreoffice" "$tmp/py"/*.xlsx
# Bad workbooks: the Forms answers as the old binary format and as OpenDocument.
lo "xls:MS Excel 97" "$tmp/bad" "$tmp/py/forms.xlsx"
lo "ods:calc8" "$tmp/bad" "$tmp/py/forms.xlsx"
mkdir -p tests/cases/bad/xlsx-old-xls tests/cases/bad/xlsx-ods
cp "$tmp/bad/forms.xls" tests/cases/bad/xlsx-old-xls/export.csv
cp "$tmp/bad/forms.ods" tests/cases/bad/xlsx-ods/export.csv
# The other broken workbooks, part by part.
/usr/bin/python3 scripts/xlsx-fixtures/bad.py tests/cases/bad
ls -l "$out"/openpyxl "$out"/libreoffice

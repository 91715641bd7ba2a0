#!/bin/sh
# Regenerates the workbook fixtures of tests/fixtures/xlsx/ (committed, so
# that `make check` needs neither openpyxl nor LibreOffice):
#   openpyxl/     the sample exports of input/ and the Microsoft-Forms-shaped
#                 forms.xlsx (with forms.csv, the same answers as CSV), written
#                 by python3-openpyxl (scripts/xlsx-fixtures/make.py)
#   libreoffice/  the sample exports converted from the CSV files by LibreOffice
#                 Calc (libreoffice-calc-nogui), an independent reader and
#                 writer, and forms.xlsx opened and saved again by it
#   dropped.txt   the CSV records that have no workbook form (see make.py)
#   libreoffice-ods/  forms.ods and etatyo-2023.ods, OpenDocument spreadsheets
#                 LibreOffice writes from openpyxl's workbooks
# and the broken workbooks of tests/cases/bad/xlsx-* (their expect files are
# written by hand): LibreOffice writes the .xls, bad.py the rest.
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
# LibreOffice reads the sample CSV exports itself (less the records listed in
# dropped.txt; Finnish locale, so decimal commas are numbers) and saves its own
# workbooks; the Forms fixture it opens from openpyxl's workbook, so that its
# typed dates go through LibreOffice's styles too.
mkdir -p "$tmp/csv"
cp input/digi-2022.csv input/digi-2024.csv input/etatyo-2023.csv "$tmp/csv/"
while read -r f line; do sed -i "${line}d" "$tmp/csv/$f"; done <"$out/dropped.txt"
# CSV filter options: delimiter, quote, charset (1 = Windows-1252, 76 = UTF-8),
# first line, column formats, language (1035 = Finnish), quoted as text, detect numbers.
lo_csv() { # lo_csv FILE DELIM CHARSET
	soffice "-env:UserInstallation=file://$tmp/profile" --headless \
		--infilter="CSV:$2,34,$3,1,,1035,false,true" --convert-to "xlsx:Calc MS Excel 2007 XML" \
		--outdir "$out/libreoffice" "$tmp/csv/$1" >"$tmp/lo.log" 2>&1 || { cat "$tmp/lo.log" >&2; exit 1; }
}
lo_csv digi-2022.csv 59 1
lo_csv digi-2024.csv 59 76
lo_csv etatyo-2023.csv 44 76
lo "xlsx:Calc MS Excel 2007 XML" "$out/libreoffice" "$tmp/py/forms.xlsx"
# OpenDocument spreadsheets, which are read too: the Forms fixture and the
# Forms-shaped sample export, from openpyxl's workbooks (typed dates).
mkdir -p "$out/libreoffice-ods"
lo "ods:calc8" "$out/libreoffice-ods" "$tmp/py/forms.xlsx" "$tmp/py/etatyo-2023.xlsx"
# A bad workbook: the Forms answers as the old binary format.
lo "xls:MS Excel 97" "$tmp/bad" "$tmp/py/forms.xlsx"
mkdir -p tests/cases/bad/xlsx-old-xls
cp "$tmp/bad/forms.xls" tests/cases/bad/xlsx-old-xls/export.csv
# The other broken workbooks, part by part.
/usr/bin/python3 scripts/xlsx-fixtures/bad.py tests/cases/bad
ls -l "$out"/openpyxl "$out"/libreoffice

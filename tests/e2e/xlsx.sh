#!/bin/sh
# End-to-end test of workbook exports (issue 19): the sample exports as .xlsx,
# written by two independent writers (openpyxl, and LibreOffice converting the
# CSV files itself; see scripts/xlsx-fixtures/make.sh), give byte-identical results tables to the
# CSV exports of the same data, and the same data-quality events (file and
# line aside: a workbook names its sheet and sheet rows). So does the
# Microsoft-Forms-shaped fixture against its CSV, and LibreOffice's
# OpenDocument (.ods) copies of the two Forms-shaped exports. The CSV record that has no
# workbook form (tests/fixtures/xlsx/dropped.txt) is removed from the CSV.
set -u
cd "$(dirname "$0")/../.." || exit 1
DM=$PWD/build/digimittari
FX=$PWD/tests/fixtures/xlsx
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$PWD/tests/lib.sh"

# The CSV side: the sample as it is, less the dropped records.
mkdir -p "$T/csv"
cp input/* "$T/csv/"
while read -r f line; do
	sed -i "${line}d" "$T/csv/$f"
done <"$FX/dropped.txt"
sed -i 's|^output = .*|output = out|' "$T/csv/kaustisen-seutu.ini"
"$DM" stats -c "$T/csv/kaustisen-seutu.ini" >"$T/csv.log" 2>&1
check "the CSV exports are read (exit $?)" [ -s "$T/csv/out/results.csv" ]

# Fields 3.. of a data-quality report: column, name, kind, action, reason.
events() { tail -n +2 "$1" | cut -d, -f3-; }

for w in openpyxl libreoffice; do
	wd=$T/$w
	mkdir -p "$wd"
	cp input/* "$wd/"
	cp "$FX/$w"/*.xlsx "$wd/"
	sed -i 's|^output = .*|output = out|; s|^file = \(.*\)\.csv|file = \1.xlsx|' "$wd/kaustisen-seutu.ini"
	"$DM" stats -c "$wd/kaustisen-seutu.ini" >"$wd.log" 2>&1
	rc=$?
	check "$w: the workbooks are read (exit $rc)" [ "$rc" -eq 0 ]
	for t in results.csv results-excel.csv; do
		check "$w: $t is byte-identical to the CSV exports' one" cmp -s "$T/csv/out/$t" "$wd/out/$t"
	done
	for q in digi-2022 digi-2024 etatyo-2023; do
		events "$T/csv/out/quality-$q.csv" >"$T/ev-csv"
		events "$wd/out/quality-$q.csv" >"$T/ev-$w"
		check "$w: $q has the same data-quality events" cmp -s "$T/ev-csv" "$T/ev-$w"
	done
	# openpyxl's sheet is named by make.py, LibreOffice's after the CSV file.
	sheet=Vastaukset
	[ "$w" = libreoffice ] && sheet=digi-2024
	check "$w: data-quality rows name the workbook and its sheet ($sheet)" \
		grep -q "/digi-2024.xlsx:$sheet,142,2,Kunta,unknown municipality" "$wd/out/quality-digi-2024.csv"

	# The Microsoft-Forms-shaped fixture against its CSV.
	f=$T/forms-$w
	mkdir -p "$f"
	cp "$FX/forms.ini" "$FX/forms-codebook.csv" "$FX/$w/forms.xlsx" "$FX/openpyxl/forms.csv" "$f/"
	"$DM" stats -c "$f/forms.ini" >"$f.log" 2>&1
	check "$w: the Forms workbook is read (exit $?)" [ -s "$f/out/results.csv" ]
	mv "$f/out" "$f/out-xlsx"
	sed -i 's|^file = forms.xlsx|file = forms.csv|' "$f/forms.ini"
	"$DM" stats -c "$f/forms.ini" >"$f.log" 2>&1
	for t in results.csv results-excel.csv; do
		check "$w: Forms $t is byte-identical to the CSV's" cmp -s "$f/out/$t" "$f/out-xlsx/$t"
	done
	check "$w: the Forms response without a completion time is left out as incomplete" \
		grep -q 'forms.xlsx:Sheet1,6,3,Completion time,incomplete response,row rejected' "$f/out-xlsx/quality-forms.csv"
	check "$w: Forms results count the ';'-joined tools (Teams: 6 of the 8 complete answers)" \
		grep -q '^forms,ALL,,TOOLS,count,1,6,8,' "$f/out-xlsx/results.csv"
done

# OpenDocument spreadsheets (LibreOffice's .ods) are read the same way: the
# Forms-shaped sample wave as .ods beside the other waves' CSV files, and the
# Forms fixture, give the CSV's results.
od=$T/ods
mkdir -p "$od"
cp input/* "$od/"
cp "$FX/libreoffice-ods/etatyo-2023.ods" "$od/"
sed -i 's|^output = .*|output = out|; s|^file = etatyo-2023.csv|file = etatyo-2023.ods|' "$od/kaustisen-seutu.ini"
"$DM" validate -c "$od/kaustisen-seutu.ini" >"$od.log" 2>&1
check "ods: validate names the format and the sheet" grep -q '^etatyo-2023: .*etatyo-2023.ods (OpenDocument spreadsheet, sheet "Sheet1"): 441 rows read, 441 accepted, 0 rejected, 3 warnings' "$od.log"
"$DM" stats -c "$od/kaustisen-seutu.ini" >"$od.log" 2>&1
# The CSV side above lacks digi-2022's dropped record; this side has it (its
# digi-2022 is the CSV), so it is compared with a run on the full CSV exports.
mkdir -p "$T/csvfull"
cp input/* "$T/csvfull/"
sed -i 's|^output = .*|output = out|' "$T/csvfull/kaustisen-seutu.ini"
"$DM" stats -c "$T/csvfull/kaustisen-seutu.ini" >/dev/null 2>&1
for t in results.csv results-excel.csv; do
	check "ods: $t is byte-identical to the CSV exports' one" cmp -s "$T/csvfull/out/$t" "$od/out/$t"
done
events "$T/csvfull/out/quality-etatyo-2023.csv" >"$T/ev-csv"
events "$od/out/quality-etatyo-2023.csv" >"$T/ev-ods"
check "ods: etatyo-2023 has the same data-quality events" cmp -s "$T/ev-csv" "$T/ev-ods"
f=$T/forms-ods
mkdir -p "$f"
cp "$FX/forms.ini" "$FX/forms-codebook.csv" "$FX/libreoffice-ods/forms.ods" "$FX/openpyxl/forms.csv" "$f/"
sed -i 's|^file = forms.xlsx|file = forms.ods|' "$f/forms.ini"
"$DM" stats -c "$f/forms.ini" >"$f.log" 2>&1
mv "$f/out" "$f/out-ods"
sed -i 's|^file = forms.ods|file = forms.csv|' "$f/forms.ini"
"$DM" stats -c "$f/forms.ini" >"$f.log" 2>&1
for t in results.csv results-excel.csv; do
	check "ods: Forms $t is byte-identical to the CSV's" cmp -s "$f/out/$t" "$f/out-ods/$t"
done

# validate names the workbook and the sheet it read.
"$DM" validate -c "$T/openpyxl/kaustisen-seutu.ini" >"$T/v.out" 2>&1
check "validate names the sheet" grep -q '^digi-2024: .*digi-2024.xlsx (Excel workbook, sheet "Vastaukset"): 385 rows read, 383 accepted, 2 rejected' "$T/v.out"

# sheet = picks a sheet by name; a name the workbook lacks is an error listing its sheets.
wd=$T/openpyxl
sed -i 's|^file = digi-2024.xlsx|file = digi-2024.xlsx\nsheet = vastaukset|' "$wd/kaustisen-seutu.ini"
"$DM" validate -c "$wd/kaustisen-seutu.ini" >"$T/s.out" 2>&1
check "sheet = matches the sheet name tolerantly (exit $?)" grep -q 'sheet "Vastaukset"' "$T/s.out"
sed -i 's|^sheet = vastaukset|sheet = Taul9|' "$wd/kaustisen-seutu.ini"
"$DM" validate -c "$wd/kaustisen-seutu.ini" >"$T/s.out" 2>&1
rc=$?
check "an unknown sheet fails with exit 65 (got $rc)" [ "$rc" -eq 65 ]
check "an unknown sheet's message lists the sheets" grep -q 'has no sheet "Taul9"; its sheets are "Vastaukset"' "$T/s.out"

[ "$fails" -eq 0 ]

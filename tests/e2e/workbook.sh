#!/bin/sh
# End-to-end test of the analysts' workbook (results-REGION.xlsx, issue 14):
#  - `stats` on the sample writes it; tests/workbook_check.py reads it back
#    with openpyxl (read-only) and ties every cell to its published figure
#    in results.csv: every sheet there, typed numbers, frozen header,
#    autofilter, no formula, nothing withheld shown (Finnish and English);
#  - the check fails on a workbook that shows one withheld figure;
#  - the same data gives the same bytes, and the file keeps its mtime;
#  - a municipality named like a formula stays a string;
#  - a sheet past the row limit goes on in "NAME (2)" with no row lost;
#  - LibreOffice (headless) opens it without complaint.
set -u
cd "$(dirname "$0")/../.." || exit 1
DM=$PWD/build/digimittari
PY=/usr/bin/python3
CHECK=$PWD/tests/workbook_check.py
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$PWD/tests/lib.sh"
XLSX=results-kaustisen-seutu.xlsx

# setup DIR: the sample with its own output folder.
setup() {
	mkdir -p "$1"
	cp input/* "$1/"
	sed -i 's|^output = .*|output = out|' "$1/kaustisen-seutu.ini"
}

setup "$T/fi"
"$DM" stats -c "$T/fi/kaustisen-seutu.ini" >"$T/fi.log" 2>&1
rc=$?
check "stats writes the workbook (exit $rc)" [ "$rc" -eq 0 -a -s "$T/fi/out/$XLSX" ]
$PY "$CHECK" "$T/fi/out/$XLSX" "$T/fi/out/results.csv" >"$T/check-fi.log" 2>&1
rc=$?
check "the Finnish workbook reads back and matches the results: $(tail -n 1 "$T/check-fi.log")" [ "$rc" -eq 0 ]
[ "$rc" -eq 0 ] || head -n 20 "$T/check-fi.log"

# Spot checks by name, independent of the read-me's codes.
$PY - "$T/fi/out/$XLSX" "$T/fi/out/results.csv" >"$T/spot.log" 2>&1 <<'EOF'
import sys, openpyxl
sys.path.insert(0, 'tests')
from privacy_audit import read_results
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
tidy = read_results(sys.argv[2])
def rows(name):
    it = wb[name].iter_rows(values_only=True)
    head = next(it)
    return [dict(zip(head, r)) for r in it]
bad = 0
def same(what, cell, key):
    global bad
    t = tidy[key]
    ok = isinstance(cell, (int, float)) and abs(cell - float(t['value'])) < 1e-9 * max(1, abs(cell))
    print('ok  ' if ok else 'FAIL', what, cell, t['value'])
    bad += not ok
s = [r for r in rows('Yhteenveto') if r['Kysely'] == 'digi-2024' and r['Kunta'] == 'Kaustinen'][0]
same('summary respondents', s['Vastaajia'], ('digi-2024', 'Kaustinen', '', 'respondents', 'respondents', ''))
same('summary maturity', s['Kypsyystaso'], ('digi-2024', 'Kaustinen', '', 'maturity', 'level', ''))
d = [r for r in rows('Osa-alueet') if r['Kysely'] == 'digi-2024' and r['Kunnan tunnus'] == 'ALL' and r['Osa-alueen tunnus'] == 'D2'][0]
same('region D2 index', d['Indeksi (0–100)'], ('digi-2024', 'ALL', '', 'D2', 'index', ''))
i = [r for r in rows('Kysymykset') if r['Kysely'] == 'digi-2024' and r['Kunta'] == 'Veteli' and r['Kysymyksen tunnus'] == 'D1_1'][0]
same('item mean', i['Keskiarvo'], ('digi-2024', 'Veteli', '', 'D1_1', 'mean', ''))
same('item % favourable', i['Myönteisiä %'], ('digi-2024', 'Veteli', '', 'D1_1', 'fav_pct', ''))
if not isinstance(i['Kysymys'], str) or i['Kysymys'] == 'D1_1':
    print('FAIL the question text is not there:', i['Kysymys']); bad += 1
sys.exit(1 if bad else 0)
EOF
check "spot checks by column name equal results.csv" [ $? -eq 0 ]

# The check is not blind: one withheld cell turned into a number fails it.
$PY - "$T/fi/out/$XLSX" "$T/tampered.xlsx" <<'EOF'
import re, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as zi, zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as zo:
    done = False
    for info in zi.infolist():
        data = zi.read(info.filename)
        if not done and info.filename.startswith('xl/worksheets/sheet') and b'>salattu<' in data:
            data, k = re.subn(rb'<c r="([A-Z]+\d+)"[^>]*t="inlineStr"><is><t>salattu</t></is></c>',
                              rb'<c r="\1"><v>3</v></c>', data, count=1)
            done = k == 1
        zo.writestr(info, data)
EOF
$PY "$CHECK" "$T/tampered.xlsx" "$T/fi/out/results.csv" >"$T/check-t.log" 2>&1
rc=$?
check "the check fails on a withheld figure shown as a number (exit $rc)" \
	sh -c "[ $rc -ne 0 ] && grep -q 'is published where the results say suppressed' '$T/check-t.log'"

# Same data, same bytes; the file is not replaced.
cp "$T/fi/out/$XLSX" "$T/first.xlsx"
m1=$(stat -c %y "$T/fi/out/$XLSX")
sleep 1
"$DM" stats -c "$T/fi/kaustisen-seutu.ini" >/dev/null 2>&1
check "a rerun on the same data writes the same bytes" cmp -s "$T/first.xlsx" "$T/fi/out/$XLSX"
check "a rerun keeps the workbook's mtime" [ "$m1" = "$(stat -c %y "$T/fi/out/$XLSX")" ]

# English, split at 500 rows a sheet: a continuation's name is shortened to
# Excel's 31 characters ("Current vs target by breakd (2)").
setup "$T/en"
sed -i 's|^language = fi|language = en|' "$T/en/kaustisen-seutu.ini"
DM_WORKBOOK_MAX_ROWS=500 "$DM" stats -c "$T/en/kaustisen-seutu.ini" >/dev/null 2>&1
$PY "$CHECK" --lang en "$T/en/out/$XLSX" "$T/en/out/results.csv" >"$T/check-en.log" 2>&1
rc=$?
check "the English workbook reads back and matches the results: $(tail -n 1 "$T/check-en.log")" [ "$rc" -eq 0 ]
$PY -c 'import sys, openpyxl; sys.exit("Current vs target by breakd (2)" not in openpyxl.load_workbook(sys.argv[1], read_only=True).sheetnames)' "$T/en/out/$XLSX"
check "a continuation sheet's name keeps to 31 characters" [ $? -eq 0 ]

# A municipality named like a formula, and the row limit at 1,000 rows a sheet.
setup "$T/hostile"
sed -i 's|^\[municipality Halsua\]|[municipality =SUM(1+1)]|; s|^aliases = Halsuan kunta|aliases = Halsua, Halsuan kunta|' \
	"$T/hostile/kaustisen-seutu.ini"
DM_WORKBOOK_MAX_ROWS=1000 "$DM" stats -c "$T/hostile/kaustisen-seutu.ini" >"$T/hostile.log" 2>&1
$PY "$CHECK" "$T/hostile/out/$XLSX" "$T/hostile/out/results.csv" >"$T/check-h.log" 2>&1
rc=$?
check "split at 1,000 rows and a formula-like name: the check passes: $(tail -n 1 "$T/check-h.log")" [ "$rc" -eq 0 ]
$PY - "$T/hostile/out/$XLSX" "$T/fi/out/$XLSX" >"$T/split.log" 2>&1 <<'EOF'
import re, sys, openpyxl
def count(path, limit):
    wb = openpyxl.load_workbook(path, read_only=True)
    n = {}
    for ws in wb.worksheets:
        base = re.sub(r' \(\d+\)$', '', ws.title)
        if base == 'Lue minut':
            continue
        rows = sum(1 for _ in ws.iter_rows(values_only=True)) - 1
        if rows > limit:
            print('FAIL', ws.title, 'has', rows, 'rows')
            sys.exit(1)
        n[base] = n.get(base, 0) + rows
    return n, wb
a, wa = count(sys.argv[1], 999)
b, _ = count(sys.argv[2], 1 << 20)
ok = a == b and any(x.startswith('Vertailut (') for x in wa.sheetnames)
names = [r[1] for r in wa['Kysymykset'].iter_rows(min_row=2, max_col=2, values_only=True)]
ok = ok and '=SUM(1+1)' in names
print(a, b, ok)
sys.exit(0 if ok else 1)
EOF
check "split sheets hold every row, and the formula-like name is a string" [ $? -eq 0 ]

# LibreOffice opens it (one conversion: it is slow).
if command -v soffice >/dev/null 2>&1; then
	mkdir -p "$T/lo"
	timeout 180 soffice -env:UserInstallation="file://$T/lo-profile" --headless \
		--convert-to csv --outdir "$T/lo" "$T/fi/out/$XLSX" >"$T/lo.log" 2>&1
	rc=$?
	check "LibreOffice converts the workbook (exit $rc)" \
		sh -c "[ $rc -eq 0 ] && [ -s '$T/lo/results-kaustisen-seutu.csv' ] && ! grep -qi 'error' '$T/lo.log'"
	check "LibreOffice reads the read-me's text" grep -q 'Lue minut' "$T/lo/results-kaustisen-seutu.csv"
else
	bad "soffice is missing (libreoffice-calc-nogui, scripts/install-deps.sh)"
fi

[ "$fails" -eq 0 ]

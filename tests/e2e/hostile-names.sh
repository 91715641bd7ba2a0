#!/bin/sh
# Privacy and hardening attacks through names (issue 8, point 5):
#  A. Output file names cannot escape the output folder whatever the region,
#     municipality, wave or report names say ("../../x", "a/b", "..", "CON",
#     long names, formulas), and every report gets a file of its own.
#  B. Names that would give two outputs the same file name ("Ä" and "A",
#     "a.b" and "a-b", ...) are a configuration error (78) naming both, and
#     nothing is written.
#  C. No cell of results-excel.csv or of a data-quality report can start a
#     spreadsheet formula, whatever the export's breakdown labels or header
#     texts, or the configured names, say; in results.csv (for programs, not
#     spreadsheets) no text from an export starts a cell, and planted texts
#     come through unchanged.
# Runs the sanitizer build; prints one line per check.
set -u
cd "$(dirname "$0")/../.." || exit 1
ROOT=$PWD
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=99"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1732968000}"
T=$(mktemp -d)
L=$(mktemp -d) # logs and listings, outside the tree that is watched
trap 'rm -rf "$T" "$L"' EXIT
cp "$ROOT/build/san/digimittari" "$L/digimittari" # a rebuild meanwhile cannot interfere
DM=$L/digimittari
# The copy's data folder (src/datadir.h): the build tree's.
export DIGIMITTARI_DATADIR="$ROOT/build/share/digimittari"
. "$ROOT/tests/lib.sh"

# The configuration lives three folders down, so that "../../x" taken as a
# path would still land inside $T, where the test can see it.
W=$T/a/b/work
mkdir -p "$W"
cp tests/cases/bad/_shared/codebook.csv "$W/"
# The longest name a section holds (49 bytes with "municipality "), and a
# region name of 150 bytes (its file name is cut to 60).
LONG='Äänekosken-Ylikylän-Keskustaaja'
REGION=$(awk 'BEGIN { for (i = 0; i < 12; i++) printf "Seutu%04d/.", i }')
cat >"$W/config.ini" <<EOF
[region]
name = ../../etc/passwd/$REGION
min_group_size = 3
output = out

[municipality ../../x]
aliases = M1
[municipality a/b]
aliases = M2
[municipality CON]
aliases = M3
[municipality $LONG]
aliases = M4
[municipality =HYPERLINK("http://evil.example/")]
aliases = M5
[municipality @SUM(1+1)]
aliases = M6
[municipality +cmd]
aliases = M7
[municipality -1+1]
aliases = M8

[instrument kysely]
codebook = codebook.csv

[wave -A1]
instrument = kysely
year = 2024
file = export.csv

[report ..]
title = ../../evil
waves = -A1

[report -B2]
waves = -A1
EOF

# The export: breakdown labels and extra header texts that are formulas, and
# unknown municipalities that are formulas too.
{
	printf '%s\n' 'Tunnus;Kunta;Toimiala;Voin vaikuttaa;Tunnen kanavat;Etätyö mahdollista?;Etäpäivät;Välineet;Palaute;=cmd|'"'"' /C calc'"'"'!A0;@SUM(A1:A9);+x;-x;	=1+1'
	i=0
	for m in M1 M2 M3 M4 M5 M6 M7 M8; do
		for lab in '"=HYPERLINK(""http://evil.example/"",""x"")"' "+cmd|' /C calc'!A0" '-1+1' '@SUM(A1:A9)' '	=2+2' 'Hallinto'; do
			i=$((i + 1))
			printf 'R%d;%s;%s;%d;%d;Kyllä;%d;Teams;;;;;;\n' $i $m "$lab" $((i % 5 + 1)) $((i % 4 + 1)) $((i % 6))
		done
	done
	printf 'R900;=HYPERLINK("http://evil.example/");Hallinto;1;1;Kyllä;1;Teams;;;;;;\n'
	printf 'R901;@SUM(A1);Hallinto;1;1;Kyllä;1;Teams;;;;;;\n'
} >"$W/export.csv"

# ---- A. File names. ----
find "$T" | sort >"$L/before"
(cd "$W" && "$DM" run -c config.ini >"$L/out" 2>&1 </dev/null)
rc=$?
check "hostile names: run exits 0 (got $rc)" [ "$rc" -eq 0 ]
if [ "$rc" -ne 0 ]; then
	sed 's/^/      | /' "$L/out" | head -n 20
	echo "hostile-names: the run failed; the checks of its outputs are skipped"
	exit 1
fi
find "$T" | grep -v "^$W/out" | sort >"$L/after"
check "nothing is written outside the output folder" cmp -s "$L/before" "$L/after"
diff "$L/before" "$L/after" | sed 's/^/      | /' | head -n 10
odd=$(ls -A "$W/out" | grep -v -E '^([a-z0-9-]+\.(pdf|html|csv|xlsx)|manifest\.tsv|run\.log|\.lock)$')
check "every output name is [a-z0-9-] with .pdf, .html, .csv or .xlsx (odd: ${odd:-none})" [ -z "$odd" ]
check "the output folder has no subfolders" [ -z "$(find "$W/out" -mindepth 1 -type d)" ]
n=$(ls "$W/out"/*.pdf 2>/dev/null | wc -l)
check "one PDF per report: 2 editions x (region + 8 municipalities) = 18, got $n" [ "$n" -eq 18 ]
n=$(ls "$W/out"/*.html 2>/dev/null | wc -l)
check "one HTML edition per report, got $n" [ "$n" -eq 18 ]
check "the wave's data-quality report is out/quality-a1.csv" [ -f "$W/out/quality-a1.csv" ]
# Each municipality's report is its own (not overwritten by another's).
while IFS='|' read -r file name; do
	f=$W/out/$file
	if [ ! -f "$f" ]; then
		bad "report $file exists"
		continue
	fi
	pdftotext "$f" - 2>/dev/null | tr '\n' ' ' | grep -q -F -- "$name" ||
		bad "report $file is the report of \"$name\""
done <<EOF
x-x.pdf|../../x
a-b-x.pdf|a/b
con-x.pdf|CON
aanekosken-ylikylan-keskustaaja-x.pdf|$LONG
hyperlink-http-evil-example-b2.pdf|=HYPERLINK
sum-1-1-b2.pdf|@SUM(1+1)
cmd-b2.pdf|+cmd
1-1-b2.pdf|-1+1
etc-passwd-seutu0000-seutu0001-seutu0002-seutu0003-seutu0004-x.pdf|../../etc/passwd
EOF
ok "each checked report names its own municipality"

# ---- B. Names that would share a file name are refused. ----
collide() { # collide DESCRIPTION EXPECTED-MESSAGE (config on stdin)
	d=$T/c/$(echo "$1" | tr -c 'a-z0-9\n' '-')
	mkdir -p "$d"
	cp "$W/codebook.csv" "$W/export.csv" "$d/"
	cat >"$d/config.ini"
	(cd "$d" && "$DM" validate -c config.ini >"$d/log" 2>&1 </dev/null)
	rc=$?
	if [ "$rc" -eq 78 ] && grep -q -F -- "$2" "$d/log" && [ ! -e "$d/out" ]; then
		ok "$1: exit 78 naming both, nothing written"
	else
		bad "$1: exit $rc (expected 78 with \"$2\" and no output folder)"
		sed 's/^/      | /' "$d/log" | head -n 5
	fi
}
TAIL='[instrument kysely]
codebook = codebook.csv
[wave w]
instrument = kysely
year = 2024
file = export.csv'
collide "municipalities A and Ä" 'config.ini:5: the report of [municipality A] (line 4) in [wave w] and the report of [municipality Ä] (line 5) in [wave w] would both be written to "a-w.pdf"' <<EOF
[region]
name = R
output = out
[municipality A]
[municipality Ä]
$TAIL
EOF
collide "municipalities ../../x and .." 'would both be written to "x-w.pdf"' <<EOF
[region]
name = R
output = out
[municipality ../../x]
[municipality ..]
$TAIL
EOF
collide "region and municipality of one slug" 'the regional report of [wave w] and the report of [municipality Kaustinen] (line 4) in [wave w] would both be written to "kaustinen-w.pdf"' <<EOF
[region]
name = Kaustinen.
output = out
[municipality Kaustinen]
$TAIL
EOF
collide "region and municipality of one name" 'config.ini:4: [municipality KAUSTINEN]: the name is reserved: it means the whole region' <<EOF
[region]
name = Kaustinen
output = out
[municipality KAUSTINEN]
$TAIL
EOF
collide "reports a.b and a-b" '[report a.b] and the regional report of [report a-b] would both be written to "r-a-b.pdf"' <<EOF
[region]
name = R
output = out
[municipality A]
$TAIL
[report a.b]
waves = w
[report a-b]
waves = w
EOF
collide "waves w.1 and w-1" 'config.ini:11: [wave w-1] and [wave w.1] (line 7) would both write the data-quality report "quality-w-1.csv"' <<EOF
[region]
name = R
output = out
[municipality A]
[instrument kysely]
codebook = codebook.csv
[wave w.1]
instrument = kysely
year = 2024
file = export.csv
[wave w-1]
instrument = kysely
year = 2024
file = export.csv
EOF
collide "a municipality name too long for a section" 'config.ini:4: the section name "municipality Äänekosken-Ylikylän-Keskustaajaman-Kaupunginosa-P" is 65 bytes long; expected at most 49' <<EOF
[region]
name = R
output = out
[municipality Äänekosken-Ylikylän-Keskustaajaman-Kaupunginosa-P]
[municipality Äänekosken-Ylikylän-Keskustaajaman-Kaupunginosa-Q]
$TAIL
EOF
collide "municipality + report joined alike" 'would both be written to "perho-x-2024.pdf"' <<EOF
[region]
name = R
output = out
[municipality Perho X]
[municipality Perho]
$TAIL
[report 2024]
waves = w
[report x-2024]
waves = w
EOF

# ---- C. Formulas. ----
# Prints the cells of CSV file $1 (delimiter $2) that a spreadsheet could run
# as a formula: text starting with =, +, -, @, a tab or a CR (numbers such as
# -0,5 are fine). Columns listed in $3 (e.g. " 1 2 ") are skipped. Quoted
# cells may not span lines (nothing here plants a line break).
formula_cells() {
	awk -v D="$2" -v SKIP="$3" '
	function cell(s, col) {
		if (index(SKIP, " " col " ")) return
		if (s ~ /^[-+]?[0-9]+([.,][0-9]+)?([eE][-+]?[0-9]+)?$/) return
		if (s ~ /^[=+@\t\r-]/) printf "line %d column %d: %s\n", NR, col, s
	}
	{
		line = $0; col = 1; cur = ""; inq = 0
		sub(/\r$/, "", line)
		for (i = 1; i <= length(line); i++) {
			c = substr(line, i, 1)
			if (inq) {
				if (c == "\"" && substr(line, i + 1, 1) == "\"") { cur = cur "\""; i++ }
				else if (c == "\"") inq = 0
				else cur = cur c
			} else if (c == "\"") inq = 1
			else if (c == D) { cell(cur, col); col++; cur = "" }
			else cur = cur c
		}
		cell(cur, col)
	}' "$1"
}
O=$W/out
f=$(formula_cells "$O/results-excel.csv" ';' '')
check "results-excel.csv: no cell can start a formula" [ -z "$f" ]
echo "$f" | head -n 5 | sed '/^$/d; s/^/      | /'
for planted in "'=HYPERLINK(\"\"http://evil.example/\"\")" "'@SUM(1+1)" "'+cmd" "'-1+1" "'-A1"; do
	grep -q -F -- "$planted" "$O/results-excel.csv" ||
		bad "results-excel.csv shows the configured name $planted guarded"
done
ok "results-excel.csv guards the configured names that look like formulas"
f=$(formula_cells "$O/quality-a1.csv" ',' '')
check "quality-a1.csv: no cell can start a formula" [ -z "$f" ]
echo "$f" | head -n 5 | sed '/^$/d; s/^/      | /'
check "quality-a1.csv lists the formula-like header texts, guarded" \
	grep -q -F "\"'=cmd|' /C calc'!A0\"" "$O/quality-a1.csv"
check "quality-a1.csv lists the formula-like municipalities as unknown" \
	grep -q -F 'unknown municipality' "$O/quality-a1.csv"
# Plain results.csv: columns 1 and 2 (wave, group) hold configured names;
# nothing from the export may start a cell.
f=$(formula_cells "$O/results.csv" ',' ' 1 2 ')
check "results.csv: no text from the export starts a cell" [ -z "$f" ]
echo "$f" | head -n 5 | sed '/^$/d; s/^/      | /'
for planted in 'sector==HYPERLINK(""http://evil.example/"",""x"")' "sector=+cmd|' /C calc'!A0" 'sector=-1+1' 'sector=@SUM(A1:A9)'; do
	grep -q -F -- "$planted" "$O/results.csv" ||
		bad "results.csv keeps the planted breakdown label $planted unchanged"
done
ok "results.csv keeps planted breakdown labels unchanged"

# The workbook: no formula anywhere, every cell tied to results.csv, and the
# planted breakdown labels there as text (tests/workbook_check.py).
X=$(ls "$O"/results-*.xlsx)
/usr/bin/python3 tests/workbook_check.py "$X" "$O/results.csv" >"$L/wb" 2>&1
rc=$?
check "workbook: no formula, every cell ties to results.csv: $(tail -n 1 "$L/wb")" [ "$rc" -eq 0 ]
/usr/bin/python3 - "$X" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
cells = set()
for ws in wb.worksheets:
    for r in ws.iter_rows(values_only=True):
        cells.update(v for v in r if isinstance(v, str))
want = ['=HYPERLINK("http://evil.example/","x")', "+cmd|' /C calc'!A0", '-1+1', '@SUM(A1:A9)']
sys.exit(0 if all(w in cells for w in want) else 1)
PY
check "workbook: the planted breakdown labels are text cells" [ $? -eq 0 ]

echo
if [ "$fails" -eq 0 ]; then echo "hostile-names: all checks passed"; else echo "hostile-names: $fails checks failed"; fi
[ "$fails" -eq 0 ]

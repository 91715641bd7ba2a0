#!/bin/sh
# End-to-end test of the report stage on the bundled sample (issue: PDF
# interim reports): `digimittari run` on a private copy of input/ must give
# the regional report and one report per municipality, each passing
# check-pdf.sh, with the expected sections and Finnish text, no privacy
# markers, and the same bytes when rendered again. Also prints the average
# size and render time per page (the targets: < 25 KB and < 4 ms).
set -u
cd "$(dirname "$0")/../.." || exit 1
DM=$PWD/build/digimittari
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$PWD/tests/lib.sh"

cp -r input "$T/input"
CFG=$T/input/kaustisen-seutu.ini
OUT=$T/output
export SOURCE_DATE_EPOCH=1732968000

"$DM" run -c "$CFG" >"$T/run.out" 2>&1 </dev/null
rc=$?
check "run exits 0 (got $rc)" [ "$rc" -eq 0 ]

expected="kaustisen-seutu-2024.pdf halsua-2024.pdf kaustinen-2024.pdf lestijarvi-2024.pdf
perho-2024.pdf toholampi-2024.pdf veteli-2024.pdf"
for f in $expected; do
	check "$f exists" [ -s "$OUT/$f" ]
done
n=$(ls "$OUT"/*.pdf | wc -l)
check "exactly 7 reports (got $n)" [ "$n" -eq 7 ]

for f in "$OUT"/*.pdf; do
	check "$(basename "$f") passes check-pdf" sh tests/report/check-pdf.sh "$f"
done

# Content: sections, names with Finnish letters, suppression marks are words.
text=$(pdftotext -layout "$OUT/lestijarvi-2024.pdf" -)
for s in "Lestijärvi" "Väliraportti 2024" "Yhteenveto" "Tärkeimmät havainnot" \
	"Liikennevalot osa-alueittain" "Näin luet taulukkoa" "Osa-alueiden indeksit" \
	"Muutos vuodesta 2022" "Nykytaso ja tavoitetaso" "Väittämät: Henkilöstön" \
	"Henkilöstön etätyökysely 2023" "Etäpäiviä viikossa" "Menetelmät ja aineisto" \
	"Kaustisen seutu" "Seudullinen tieto- ja" "Strategian toteutuminen" \
	"Myöhässä olevat toimenpiteet" "Toteutetut toimenpiteet" \
	"Osallistuminen toimenpiteisiin kunnittain" "Kehitys" "suurempi on parempi" \
	"Strategian toimenpiteistä toteutettu 55 % (21 / 38)"; do
	case $text in *"$s"*) ok "lestijarvi report has \"$s\"" ;; *) bad "lestijarvi report lacks \"$s\"" ;; esac
done
# Page 2 is the whole summary, with the action-progress lights under the survey lights.
page2=$(pdftotext -layout -f 2 -l 2 "$OUT/lestijarvi-2024.pdf" -)
for s in "Liikennevalot osa-alueittain" "Strategian toimenpiteistä toteutettu" "Näin luet taulukkoa" \
	"digitalisaatio on."; do
	case $page2 in *"$s"*) ok "lestijarvi page 2 has \"$s\"" ;; *) bad "lestijarvi page 2 lacks \"$s\"" ;; esac
done
region=$(pdftotext -layout "$OUT/kaustisen-seutu-2024.pdf" -)
for s in "Alueraportti" "Muutokset kunnittain" "Erot kunnittain" "Toteutumisaste kunnittain" \
	"Perho" "Halsua" "Osallistuminen toimenpiteisiin kunnittain" "Sähköinen asiointipiste Halsuassa"; do
	case $region in *"$s"*) ok "regional report has \"$s\"" ;; *) bad "regional report lacks \"$s\"" ;; esac
done

# English: language = en gives English reports that pass the same checks.
mkdir "$T/en"
cp -r input "$T/en/input"
sed -i 's/^language *= *fi/language = en/' "$T/en/input/kaustisen-seutu.ini"
"$DM" run -c "$T/en/input/kaustisen-seutu.ini" >"$T/en/run.out" 2>&1 </dev/null
rc=$?
check "English run exits 0 (got $rc)" [ "$rc" -eq 0 ]
for f in "$T"/en/output/*.pdf; do
	check "English $(basename "$f") passes check-pdf" sh tests/report/check-pdf.sh "$f" en
done
en=$(pdftotext -layout "$T/en/output/lestijarvi-2024.pdf" -)
for s in "Summary" "Key findings: Lestijärvi" "Traffic lights by area" "How to read the table" \
	"Strategy actions implemented" "Strategy follow-up" "Participation in actions by municipality" \
	"Implemented actions" "Late actions" "higher is better" "Method and data"; do
	case $en in *"$s"*) ok "English report has \"$s\"" ;; *) bad "English report lacks \"$s\"" ;; esac
done

# Privacy: respondent ids and free text never reach a report. The bytes are
# read uncompressed (qpdf --qdf): the structure tree, the alt texts and the
# bookmarks are in a compressed object stream.
for f in "$OUT"/*.pdf; do
	qpdf --qdf --object-streams=disable "$f" - 2>/dev/null
done >"$T/pdf-bytes"
if ! grep -a -q "/StructTreeRoot" "$T/pdf-bytes"; then
	bad "the PDFs could not be read uncompressed (no /StructTreeRoot in qpdf --qdf's output)"
elif grep -a -q "ZZIDMARKER\|ZZFREETEXTMARKER" "$T/pdf-bytes"; then
	bad "a privacy marker in a PDF's bytes"
else
	ok "no privacy markers in the PDF bytes (uncompressed)"
fi
for f in "$OUT"/*.pdf; do
	if pdftotext "$f" - | grep -q "ZZIDMARKER\|ZZFREETEXTMARKER"; then bad "privacy marker in $f"; fi
done

# Reproducible: rendering again gives the same bytes.
mkdir "$T/first"
cp "$OUT"/*.pdf "$T/first/"
rm -f "$OUT"/*.pdf "$OUT/manifest.tsv"
"$DM" report -c "$CFG" >/dev/null 2>&1 </dev/null
same=1
for f in "$T"/first/*.pdf; do
	cmp -s "$f" "$OUT/$(basename "$f")" || same=0
done
check "a second render is byte-identical" [ "$same" -eq 1 ]

# Size and speed per page (informative here; the targets are < 25 KB and < 4 ms).
pages=0
for f in "$OUT"/*.pdf; do
	pages=$((pages + $(pdfinfo "$f" | sed -n 's/^Pages: *//p')))
done
bytes=$(cat "$OUT"/*.pdf | wc -c)
start=$(date +%s%N)
"$DM" report -c "$CFG" >/dev/null 2>&1 </dev/null
end=$(date +%s%N)
kb=$((bytes / pages / 1024))
echo "info $pages pages, $((bytes / pages)) bytes/page, report command $(((end - start) / 1000 / pages)) us/page (results read included)"
check "average size under 25 KB a page (got $kb KB)" [ "$kb" -lt 25 ]
# Issue 16's budget for the tagged PDFs (12 KB a page at national scale) holds for the sample too.
check "average size at most 12 KB a page (got $((bytes / pages)) bytes)" [ "$bytes" -le $((12 * 1024 * pages)) ]

echo
[ "$fails" -eq 0 ] && echo "report sample: all passed" || echo "report sample: $fails failed"
[ "$fails" -eq 0 ]

#!/bin/sh
# check-pdf.sh PDF [LANG] - the structural checks every report must pass:
#   qpdf --check is clean; every font is embedded (pdffonts); no word lies
#   outside the A4 page (pdftotext -bbox); poppler reads the text without
#   warnings; the footer numbers pages "Sivu 1 / N" ("Page 1 / N" for en)
#   with N the page count; the document has a title, author, subject and
#   keywords, and bookmarks.
# Prints one "FAIL ..." line per problem; exits 1 when there was any.
set -u
pdf=$1
lang=${2:-fi}
fails=0
bad() {
	echo "FAIL $pdf: $*"
	fails=$((fails + 1))
}

qpdf --check "$pdf" >/dev/null 2>&1 || bad "qpdf --check"

# pdffonts: two header lines, then one line per font; column 4 from the right is "emb".
fonts=$(pdffonts "$pdf" 2>&1 | tail -n +3)
[ -n "$fonts" ] || bad "no fonts"
echo "$fonts" | awk '{ if ($(NF-4) != "yes") { print; exit 1 } }' >/dev/null || bad "a font is not embedded"

out=$(pdftotext -bbox "$pdf" - 2>&1 | awk -F'"' '
	/<word / { w++; if ($2 < 0 || $4 < 0 || $6 > 595.3 || $8 > 841.9) { print "outside: " $0; bad++ } }
	END { if (w < 20) print "only " w " words"; exit bad > 0 || w < 20 }') || bad "text outside the page or missing: $out"

text=$(pdftotext -layout "$pdf" - 2>&1)
case $text in *"Syntax Warning"* | *"Syntax Error"*) bad "poppler warnings" ;; esac
pages=$(pdfinfo "$pdf" | sed -n 's/^Pages: *//p')
if [ "$lang" = en ]; then word=Page; else word=Sivu; fi
for p in 1 "$pages"; do
	echo "$text" | grep -q "$word $p / $pages" || bad "no page number \"$word $p / $pages\""
done

info=$(pdfinfo "$pdf")
for k in Title Author Subject Keywords; do
	echo "$info" | grep -q "^$k: *[^ ]" || bad "no $k in the document information"
done
qpdf --json --json-key=outlines "$pdf" 2>/dev/null | grep -q '"title"' || bad "no bookmarks"

[ "$fails" -eq 0 ]

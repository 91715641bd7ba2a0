#!/bin/sh
# Typography of the sample reports (issue 17, item 4), Finnish and English:
# no text under 7 pt, no word drawn over another, nothing off the page
# (tests/typography.py, from `pdftotext -bbox`); a long Finnish word of a
# table head is broken at its compound boundary by libvoikko's points
# ("viestintä-/tekninen", not the old "viestintätekni-/nen").
set -u
cd "$(dirname "$0")/../.." || exit 1
DM=$PWD/build/digimittari
PY=python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$PWD/tests/lib.sh"
export SOURCE_DATE_EPOCH=1732968000

for lang in fi en; do
	mkdir "$T/$lang"
	cp -r input "$T/$lang/input"
	sed -i "s/^language *= *fi/language = $lang/" "$T/$lang/input/kaustisen-seutu.ini"
	"$DM" run -c "$T/$lang/input/kaustisen-seutu.ini" >"$T/$lang/run.out" 2>&1 </dev/null
	rc=$?
	check "$lang: run exits 0 (got $rc)" [ "$rc" -eq 0 ]
	n=$(ls "$T/$lang/output/"*.pdf 2>/dev/null | wc -l)
	check "$lang: 7 reports (got $n)" [ "$n" -eq 7 ]
	if "$PY" tests/typography.py "$T/$lang/output/"*.pdf >"$T/$lang/typo.out" 2>&1; then
		ok "$lang: every word >= 7 pt, none overlapping, all on the page"
	else
		bad "$lang: typography:"
		sed 's/^/     /' "$T/$lang/typo.out" | head -n 20
	fi
done

text=$(pdftotext -layout "$T/fi/output/kaustisen-seutu-2024.pdf" -)
case $text in
*viestintä-*) ok "fi: \"viestintätekninen\" broken at its compound boundary" ;;
*) bad "fi: \"viestintä-\" (a compound break) not found in the regional report" ;;
esac
case $text in
*viestintätekni-*) bad "fi: \"viestintätekni-\": broken inside a compound part" ;;
*) ok "fi: no \"viestintätekni-\"" ;;
esac

[ "$fails" -eq 0 ]

#!/bin/sh
# Peers at national scale (issue 17, item 3): a generated run of 50
# municipalities (more than PEERS_MIN_MUNIS = 20), ten of them with a
# `group` key in two groups, the rest grouped by their staff size class.
#  A. Every municipal report has the rank-and-peer-group table, and its rank
#     ranges, peer-group ranks and peer-group indexes equal an independent
#     recomputation from the published figures (tests/peers_check.py); a
#     withheld municipality shows no rank; peer-group means use published
#     members only.
#  B. The national report stays short: at most 20 pages, one chart per
#     dimension, the appendix matrix with every municipality, and no
#     response-rate row per municipality in the method section.
# (The LP privacy audit is tests/e2e/privacy-audit.sh on the sample: it takes
# far too long on 50 municipalities, and the report stage adds no table.)
# Runs the sanitizer build; prints one line per check.
set -u
cd "$(dirname "$0")/../.." || exit 1
ROOT=$PWD
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=99"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1732968000}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
DM=$ROOT/build/san/digimittari
export DIGIMITTARI_DATADIR="$ROOT/build/share/digimittari"
PY=/usr/bin/python3 # the system's, as tests/e2e/privacy-audit.sh (peers_check imports privacy_audit)
. "$ROOT/tests/lib.sh"

if ! "$ROOT/build/gen-survey" --municipalities 50 --respondents 2500 --seed 3 --out "$T" \
	>"$T/gen.log" 2>&1; then
	bad "gen-survey: $(tail -n 1 "$T/gen.log")"
	exit 1
fi
# Municipalities 1-6 in group A, 7-10 in group B (7 is withheld in this data set).
awk '/^\[municipality Kunta 00[1-6]\]/ { print; print "group = Ryhmä A"; next }
     /^\[municipality Kunta (00[7-9]|010)\]/ { print; print "group = Ryhmä B"; next }
     { print }' "$T/config.ini" >"$T/c.ini" && mv "$T/c.ini" "$T/config.ini"

"$DM" run -c "$T/config.ini" >"$T/run.log" 2>&1
rc=$?
check "run of 50 municipalities exits 0 (got $rc)" [ "$rc" -eq 0 ]
O=$T/output

# A.
if "$PY" tests/peers_check.py --config "$T/config.ini" --out "$O" --wave kysely-2024 \
	--codebook "$T/codebook.csv" >"$T/check.log" 2>&1; then
	ok "rank ranges and peer groups match the published figures: $(tail -n 1 "$T/check.log")"
else
	bad "peers_check: $(grep -m 3 -e FAIL -e Error "$T/check.log" | tr '\n' ' ')"
fi
check "a municipal report names its peer group (Kunta 003: Ryhmä A, 6 kuntaa)" \
	grep -q 'Kunta 003 kuuluu ryhmään Ryhmä A (6 kuntaa)' "$O/kunta-003-national.html"
check "a municipality without a key is grouped by its staff size class" \
	grep -q 'Kunta 012 kuuluu ryhmään henkilöstö ' "$O/kunta-012-national.html"
txt=$(pdftotext -layout "$O/kunta-003-national.pdf" - 2>/dev/null)
check "the municipal PDF has the rank table" sh -c 'printf "%s" "$1" | grep -q "Sija kaikista"' _ "$txt"
# The group of six is listed in the municipal report's matrix; a municipality of another
# group is not.
check "the peer group's members are in the comparisons" \
	sh -c 'printf "%s" "$1" | grep -q "Kunta 006" && ! printf "%s" "$1" | grep -q "Kunta 009"' _ "$txt"

# B.
N=$O/valtakunnallinen-testiaineisto-national
pages=$(pdfinfo "$N.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
check "the national report has at most 20 pages (got ${pages:-none})" [ "${pages:-99}" -le 20 ]
# The dimension charts: from the section's first page to the statements' first, one page each.
first=0
last=0
p=1
while [ "$p" -le "${pages:-0}" ]; do
	head=$(pdftotext -f "$p" -l "$p" -layout "$N.pdf" - | grep -v '^ *$' | sed -n 2p)
	case $head in
	*Osa-alueiden\ indeksit*) first=$p ;;
	*Väittämät:*) [ "$last" -eq 0 ] && last=$p ;;
	esac
	p=$((p + 1))
done
check "the six dimension charts take six pages (pages $first-$((last - 1)))" \
	[ "$first" -gt 0 ] && [ $((last - first)) -eq 6 ]
check "the national appendix lists every municipality" \
	sh -c 'for i in $(seq -w 1 50); do grep -q "Kunta 0$i" "$1" || exit 1; done' _ "$N.html"
rows=$(pdftotext -layout "$N.pdf" - | grep -c '^ *Kunta 0[0-9][0-9]  *[0-9][0-9]*  *[0-9][0-9]*  *[0-9]* %')
check "no response-rate row per municipality in the national report (got $rows)" [ "$rows" -eq 0 ]
if sh tests/report/check-pdf.sh "$N.pdf" fi >"$T/pdf.log" 2>&1 &&
	sh tests/report/check-pdf.sh "$O/kunta-003-national.pdf" fi >>"$T/pdf.log" 2>&1; then
	ok "check-pdf passes on the national and a municipal report"
else
	bad "check-pdf: $(grep -v '^ok' "$T/pdf.log" | head -n 3 | tr '\n' ' ')"
fi

if python3 tests/a11y/pdfcheck.py fi-FI "$N.pdf" "$O/kunta-003-national.pdf" >"$T/a11y.log" 2>&1; then
	ok "tagged structure and alt texts of the national and a municipal report (pdfcheck.py)"
else
	bad "pdfcheck: $(grep -v '^ok' "$T/a11y.log" | head -n 3 | tr '\n' ' ')"
fi

[ "$fails" -eq 0 ]

#!/bin/sh
# End-to-end test of issue 13 ("never silently wrong") with `digimittari run`
# on a private copy of the sample: a good export replaced by a header-only
# one (a failed download), a truncated one (a download cut short), one
# with a mistyped column label and one with a mistyped answer label must each fail the run with exit 65 and a
# message that names the file and the cause, and leave every earlier output
# byte-identical. Also: the mail names only the waves that changed, a run
# refused by the lock is in run.log, and a first run that cannot make a
# wave's reports does not claim to have kept them.
set -u
cd "$(dirname "$0")/../.." || exit 1
DM=$PWD/build/digimittari
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$PWD/tests/lib.sh"
export DIGIMITTARI_LANG=en # the messages checked are the English ones

cp -r input "$T/input"
CFG=$T/input/kaustisen-seutu.ini
OUT=$T/output
GOOD=$T/digi-2024.good.csv
cp "$T/input/digi-2024.csv" "$GOOD"

# Checksums of every output's bytes (the run log and the manifest aside).
sums() { (cd "$OUT" && cksum *.csv *.pdf) | sort -k 3; }

"$DM" run -c "$CFG" >"$T/o0" 2>"$T/e0" </dev/null
rc=$?
check "the good run exits 0 (got $rc)" [ "$rc" -eq 0 ]
n=$(ls "$OUT"/*.pdf 2>/dev/null | wc -l)
check "the good run made the reports ($n)" [ "$n" -gt 0 ]
sums >"$T/good.sums"

# try NAME DESCRIPTION MESSAGE: runs with input/digi-2024.csv as it is now.
try() {
	name=$1 what=$2 msg=$3
	"$DM" run -c "$CFG" >"$T/o-$name" 2>"$T/e-$name" </dev/null
	rc=$?
	check "$what: exit 65 (got $rc)" [ "$rc" -eq 65 ]
	check "$what: the message names the file and the cause" grep -q -F -- "$msg" "$T/e-$name"
	sums >"$T/$name.sums"
	if cmp -s "$T/good.sums" "$T/$name.sums"; then
		ok "$what: every earlier output is byte-identical"
	else
		bad "$what: outputs changed"
		diff "$T/good.sums" "$T/$name.sums" | sed 's/^/      | /' | head -n 10
	fi
	check "$what: run.log records the failure" sh -c "tail -n 1 '$OUT/run.log' | grep -q 'outcome=failed exit=65'"
}

# 1. Header only: a failed download.
head -n 1 "$GOOD" >"$T/input/digi-2024.csv"
try header-only "a header-only export" \
	"digi-2024.csv: the export has a header row but no data rows"

# 2. Cut short in the middle of a record, as a broken transfer leaves it.
size=$(wc -c <"$GOOD")
head -c $((size / 2)) "$GOOD" >"$T/input/digi-2024.csv"
[ "$(tail -c 1 "$T/input/digi-2024.csv" | od -An -c | tr -d ' ')" = '\n' ] &&
	head -c $((size / 2 - 3)) "$GOOD" >"$T/input/digi-2024.csv"
try truncated "a truncated export" \
	"the export ends in the middle of its last record, without a line end: the file looks cut short"
check "a truncated export: the message names digi-2024.csv and a line" grep -q 'digi-2024.csv:[0-9]*: the export ends' "$T/e-truncated"

# 3. A mistyped column label (a question edited in the survey tool).
sed '1s/Voin vaikuttaa työni digitalisointiin/Voin vaikutaa työni digitalisointiin/' "$GOOD" >"$T/input/digi-2024.csv"
cmp -s "$GOOD" "$T/input/digi-2024.csv" && bad "test set-up: the label did not change"
try label "an export with a mistyped label" \
	'codebook-digi.csv names: "Voin vaikuttaa työni digitalisointiin:" (codebook line 38; nearest header'
check "a mistyped label: the message names digi-2024.csv and its header line" grep -q 'digi-2024.csv:1: the export lacks 1 column' "$T/e-label"
check "a mistyped label: the nearest header is named" grep -q -F 'nearest header: column 5 "Voin vaikutaa työni digitalisointiin"' "$T/e-label"

# 3b. A mistyped answer label (the codebook's "Jokseenkin samaa mieltä" written
#     "Jokseenkin samaa mielta" by the survey tool): before, every such answer
#     became missing and the means moved, with exit 0.
sed 's/Jokseenkin samaa mieltä/Jokseenkin samaa mielta/g' "$GOOD" >"$T/input/digi-2024.csv"
cmp -s "$GOOD" "$T/input/digi-2024.csv" && bad "test set-up: the answer label did not change"
try answer "an export with a mistyped answer label" \
	'the answer "Jokseenkin samaa mielta" is not in the codebook but is in'
check "a mistyped answer label: the close label is named" grep -q -F 'did you mean "Jokseenkin samaa mieltä"?' "$T/e-answer"

# 4. The good export back: the run succeeds and the outputs are as before.
cp "$GOOD" "$T/input/digi-2024.csv"
"$DM" run -c "$CFG" >"$T/o4" 2>"$T/e4" </dev/null
rc=$?
check "the good export back: exit 0 (got $rc)" [ "$rc" -eq 0 ]
sums >"$T/back.sums"
check "the good export back: the outputs are the good ones" cmp -s "$T/good.sums" "$T/back.sums"

# 5. Mail only what is new: a change to etatyo-2023 alone names that wave,
#    not digi-2024 (whose 2 rejected rows were told when it changed).
sed -i '2s/,Veteli,Muu,Asiantuntija,1,1,3,/,Veteli,Muu,Asiantuntija,1,1,4,/' "$T/input/etatyo-2023.csv"
"$DM" run -c "$CFG" >"$T/o5" 2>"$T/e5" </dev/null
rc=$?
check "a change to etatyo-2023: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "a change to etatyo-2023: the mail names etatyo-2023" grep -q '^etatyo-2023: ' "$T/e5"
check "a change to etatyo-2023: the mail does not repeat digi-2024" sh -c "! grep -q 'digi-202' '$T/e5'"
"$DM" run -c "$CFG" --force >"$T/o6" 2>"$T/e6" </dev/null
check "--force redoes every wave, so the mail names digi-2024 again" grep -q '^digi-2024: 385 rows read' "$T/e6"

# 6. A run refused by the lock is written to run.log.
before=$(wc -l <"$OUT/run.log")
flock "$OUT/.lock" "$DM" run -c "$CFG" >"$T/o7" 2>"$T/e7" </dev/null
rc=$?
check "a run refused by the lock: exit 75 (got $rc)" [ "$rc" -eq 75 ]
after=$(wc -l <"$OUT/run.log")
check "a run refused by the lock: one more line in run.log" [ "$after" -eq $((before + 1)) ]
check "a run refused by the lock: run.log says refused and why" sh -c "tail -n 1 '$OUT/run.log' | grep -q 'outcome=refused exit=75 error=.*another digimittari run'"

# 7. A first run whose export is header-only: nothing is "kept as it was".
rm -rf "$OUT"
head -n 1 "$GOOD" >"$T/input/digi-2024.csv"
"$DM" run -c "$CFG" >"$T/o8" 2>"$T/e8" </dev/null
rc=$?
check "a first run with a header-only export: exit 65 (got $rc)" [ "$rc" -eq 65 ]
check "a first run: nothing claims kept outputs" sh -c "! grep -q 'kept' '$T/e8'"
check "a first run: the mail says the reports were not made" grep -q 'reports not made because a wave they show failed' "$T/e8"
check "a first run: the wave's outputs are said not to exist" grep -q '^digi-2024: FAILED, nothing made for it' "$T/e8"
check "a first run: no report of edition 2024 exists" sh -c "! ls '$OUT'/*-2024.pdf >/dev/null 2>&1"

echo
if [ "$fails" -eq 0 ]; then
	echo "replace-export: all checks passed"
else
	echo "replace-export: $fails checks failed"
fi
[ "$fails" -eq 0 ]

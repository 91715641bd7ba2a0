#!/bin/sh
# Runs the bad-input corpus (tests/cases/bad/, see its README.md): every case
# must end with its expected exit code and message, within its time limit,
# without a sanitizer report, and with every row of its export accounted for.
# Prints one line per case; exits non-zero when any case does not match.
#
#   sh tests/e2e/bad-inputs.sh [CASE...]     (default: every case)
set -u
cd "$(dirname "$0")/../.." || exit 1
ROOT=$PWD
CASES=$ROOT/tests/cases/bad
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=99"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1732968000}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# Private copies, so that a rebuild while the corpus runs cannot mix binaries.
cp "$ROOT/build/san/digimittari" "$T/dm-san"
cp "$ROOT/build/digimittari" "$T/dm-release"
SAN=$T/dm-san
# The copies' data folder (src/datadir.h): the build tree's.
export DIGIMITTARI_DATADIR="$ROOT/build/share/digimittari"
REL=$T/dm-release
fails=0
n=0

# Checks "WAVE: ...: N rows read, A accepted, R rejected" in the validate
# output and the data-quality report against "WAVE:N:A:R".
check_rows() { # check_rows DIR OUTFILE WAVE:N:A:R -> prints a problem or nothing
	dir=$1 out=$2 spec=$3
	wave=${spec%%:*}
	rest=${spec#*:}
	want_n=${rest%%:*}
	rest=${rest#*:}
	want_a=${rest%%:*}
	want_r=${rest#*:}
	line=$(grep "^$wave: .* rows read, " "$out" | head -n 1)
	if [ -z "$line" ]; then
		echo "no summary line for wave $wave"
		return
	fi
	got=$(echo "$line" | sed 's/.*: \([0-9]*\) rows read, \([0-9]*\) accepted, \([0-9]*\) rejected.*/\1 \2 \3/')
	set -- $got
	if [ "$1" -ne $(($2 + $3)) ]; then
		echo "$wave: rows read $1 != accepted $2 + rejected $3"
	elif [ "$1 $2 $3" != "$want_n $want_a $want_r" ]; then
		echo "$wave: got read/accepted/rejected $1/$2/$3, expected $want_n/$want_a/$want_r"
	elif grep -q "^$wave: FAILED" "$out"; then
		# A failed wave replaces no output: no data-quality report either.
		[ ! -e "$dir/out/quality-$wave.csv" ] || echo "$wave: failed, yet its data-quality report was written"
	else
		q=$dir/out/quality-$wave.csv
		# Every rejected row is one record of the report with action "row rejected".
		k=$(grep -o ',row rejected,' "$q" 2>/dev/null | wc -l)
		[ "$k" -eq "$3" ] || echo "$wave: quality report lists $k rejected rows, summary says $3"
	fi
}

run_case() {
	name=$1
	src=$CASES/$name
	dir=$T/$name
	mkdir -p "$dir"
	cp "$CASES/_shared/"* "$dir/"
	cp -R "$src/." "$dir/"
	rm -f "$dir/expect"
	# Defaults, then the case's settings.
	cmd=validate config=config.ini exit= msg= qmsg= rows= bin=san limit=60 absent=
	. "$src/expect"
	if [ -x "$dir/gen" ] || [ -f "$dir/gen" ]; then
		(cd "$dir" && sh ./gen) || {
			echo "FAIL  $name: gen failed"
			fails=$((fails + 1))
			return
		}
	fi
	dm=$SAN
	[ "$bin" = release ] && dm=$REL
	start=$(date +%s)
	(cd "$dir" && timeout -s KILL "$limit" "$dm" "$cmd" -c "$config" >"$T/$name.out" 2>&1 </dev/null)
	rc=$?
	secs=$(($(date +%s) - start))
	problems=""
	if [ "$rc" -eq 137 ]; then
		problems="hung (killed after ${limit}s)"
	elif grep -q -E 'AddressSanitizer|LeakSanitizer|runtime error:' "$T/$name.out"; then
		problems="sanitizer report (exit $rc)"
	elif [ "$rc" -ne "$exit" ]; then
		problems="exit $rc, expected $exit"
	fi
	if [ -z "$problems" ] && [ -n "$msg" ] && ! grep -q -F -- "$msg" "$T/$name.out"; then
		problems="message \"$msg\" not in output"
	fi
	if [ -z "$problems" ] && [ -n "$qmsg" ] && ! cat "$dir"/out/quality-*.csv 2>/dev/null | grep -q -F -- "$qmsg"; then
		problems="\"$qmsg\" not in the data-quality report"
	fi
	if [ -z "$problems" ] && [ -n "$absent" ] && grep -q -F -- "$absent" "$T/$name.out"; then
		problems="output shows \"$absent\""
	fi
	if [ -z "$problems" ]; then
		for spec in $rows; do
			p=$(check_rows "$dir" "$T/$name.out" "$spec")
			[ -n "$p" ] && problems="$problems$p; "
		done
	fi
	if [ -z "$problems" ]; then
		printf 'ok    %-34s exit %-3s %3ss %s\n' "$name" "$rc" "$secs" "$bin"
	else
		fails=$((fails + 1))
		echo "FAIL  $name: $problems"
		sed 's/^/      | /' "$T/$name.out" | head -n 15
	fi
	rm -rf "$dir"
}

if [ $# -eq 0 ]; then
	set -- $(cd "$CASES" && for d in *; do [ -f "$d/expect" ] && echo "$d"; done)
fi
for c in "$@"; do
	n=$((n + 1))
	run_case "$c"
done
echo
echo "bad inputs: $n cases, $fails failed"
[ "$fails" -eq 0 ]

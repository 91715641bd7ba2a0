#!/bin/sh
# Runs every test of digimittari: the cmocka unit tests given as arguments
# (built with ASan + UBSan), then every end-to-end script in tests/e2e/.
# Prints one line per test program and a closing "N passed, N failed, N
# skipped" line. A program that exits 77 (automake's convention: something it
# needs, such as ../shared/thirdparty, is not there) counts as skipped, and so
# does each cmocka test that called skip(); both are listed with the reason
# the log gives, so a skip is never mistaken for a pass.
set -u
cd "$(dirname "$0")/.." || exit 1

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=99"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export DM_SHARED="${DM_SHARED:-../shared}"
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1732968000}"
# The tests assert on the English messages; tests/e2e/cron.sh and
# tests/test_msgcat.c check the Finnish ones (the default) themselves.
export DIGIMITTARI_LANG=en

passed=0
failed=0
skipped=0
failures=""
skips=""
log=build/test-logs
mkdir -p "$log"

run() {
	name=$1
	shift
	"$@" >"$log/$name.log" 2>&1
	rc=$?
	if [ "$rc" -eq 77 ]; then
		skipped=$((skipped + 1))
		skips="$skips $name"
		echo "SKIP  $name: $(grep -v '^$' "$log/$name.log" | tail -n 1)"
	elif [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
		echo "PASS  $name"
		# cmocka prints "[  SKIPPED ] test_x" for each test that called skip().
		for t in $(sed -n 's/^\[  SKIPPED \] \([A-Za-z_][A-Za-z0-9_]*\)$/\1/p' "$log/$name.log" | sort -u); do
			skipped=$((skipped + 1))
			skips="$skips $name:$t"
			echo "SKIP  $name: $t (log: $log/$name.log)"
		done
	else
		failed=$((failed + 1))
		failures="$failures $name"
		echo "FAIL  $name (log: $log/$name.log)"
		tail -n 30 "$log/$name.log" | sed 's/^/      /'
	fi
}

for t in "$@"; do
	run "$(basename "$t")" "$t"
done
for s in tests/e2e/*.sh; do
	[ -f "$s" ] || continue
	run "e2e-$(basename "$s" .sh)" sh "$s"
done

echo
[ -n "$skips" ] && echo "skipped:$skips"
[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]

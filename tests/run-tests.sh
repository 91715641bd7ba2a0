#!/bin/sh
# Runs every test of digimittari: the cmocka unit tests given as arguments
# (built with ASan + UBSan), then every end-to-end script in tests/e2e/.
# Prints one line per test program and a closing "N passed, N failed" line.
set -u
cd "$(dirname "$0")/.." || exit 1

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=99"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export DM_SHARED="${DM_SHARED:-../shared}"
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1732968000}"

passed=0
failed=0
failures=""
log=build/test-logs
mkdir -p "$log"

run() {
	name=$1
	shift
	if "$@" >"$log/$name.log" 2>&1; then
		passed=$((passed + 1))
		# cmocka's skip(): say which tests did not run (e.g. without ../shared).
		skipped=$(sed -n 's/^\[  SKIPPED \] \(test_[A-Za-z0-9_]*\)$/\1/p' "$log/$name.log" | sort -u | tr '\n' ' ')
		if [ -n "$skipped" ]; then
			echo "PASS  $name (skipped: ${skipped% })"
		else
			echo "PASS  $name"
		fi
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
[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/bin/sh
# Runs each libFuzzer target for a bounded time (`make fuzz`).
#
#   sh tests/fuzz/run.sh SECONDS TARGET...
#
# TARGET is csvread, ingest, config, codebook or xlsx (binary build/fuzz/fuzz_TARGET).
# Each starts from the committed seeds (tests/fuzz/corpus/TARGET) plus the
# test fixtures and bundled sample inputs of its kind, and keeps what it
# learns in build/fuzz/corpus-TARGET, so a later run goes on from there.
# A crash, leak, invariant failure or hang (over 10 s for one input) is
# saved as build/fuzz/crash-TARGET-* and fails the run. Prints one line per
# target with its execution count.
set -u
cd "$(dirname "$0")/../.." || exit 1
secs=${1:?usage: run.sh SECONDS TARGET...}
shift

# Seeds of each target: committed seeds first, then fixture files.
seeds() {
	case $1 in
	csvread) echo tests/fixtures/csv/* tests/fixtures/strategy/*.csv input/*.csv ;;
	ingest) echo tests/fixtures/csv/* input/digi-*.csv input/etatyo-*.csv ;;
	config) echo tests/fixtures/config/*.ini tests/fixtures/ingest/*.ini tests/fixtures/strategy/*.ini input/*.ini ;;
	codebook) echo tests/fixtures/codebook/*.csv tests/fixtures/ingest/*.csv input/codebook-*.csv ;;
	xlsx) echo tests/fixtures/xlsx/openpyxl/forms.xlsx ;;
	esac
}
# Longest input tried: long enough for a sample export's header and a few rows.
maxlen() {
	case $1 in
	ingest) echo 16384 ;;
	xlsx) echo 65536 ;;
	*) echo 8192 ;;
	esac
}
dict() {
	case $1 in
	csvread) echo tests/fuzz/csv.dict ;;
	*) echo "tests/fuzz/$1.dict" ;;
	esac
}

failed=0
for t in "$@"; do
	bin=build/fuzz/fuzz_$t
	work=build/fuzz/corpus-$t
	seed=build/fuzz/seeds-$t
	log=build/fuzz/$t.log
	mkdir -p "$work" "$seed"
	# shellcheck disable=SC2046
	cp $(seeds "$t") "$seed/" 2>/dev/null
	export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
	export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
	"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len="$(maxlen "$t")" \
		-dict="$(dict "$t")" -artifact_prefix="build/fuzz/crash-$t-" -print_final_stats=1 \
		"$work" "tests/fuzz/corpus/$t" "$seed" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1 runs in \2 s/p' "$log" | tail -n 1)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
	if [ "$rc" -eq 0 ]; then
		echo "fuzz_$t: clean: ${runs:-? runs} ($cov, corpus $(ls "$work" | wc -l) files)"
	else
		failed=$((failed + 1))
		echo "fuzz_$t: FAILED (exit $rc, log: $log)"
		grep -E 'ERROR|invariant|SUMMARY|Test unit written' "$log" | head -n 20 | sed 's/^/    /'
	fi
done
[ "$failed" -eq 0 ]

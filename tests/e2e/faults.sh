#!/bin/sh
# Fault injection beyond tests/e2e/batch.sh (issue 8, point 4): `digimittari
# run` on the sample with one failing allocation (DM_FAIL_MALLOC=N) or one
# failing flush (DM_FAIL_WRITE=N) at many points N, through the shim
# tests/faultinject.c. Out of memory aborts by design (xmalloc prints
# "out of memory"); whatever fails, the run must:
#  - exit non-zero with a "digimittari:" message, never crash otherwise
#    (a SIGSEGV is a failure; SIGABRT only with "out of memory");
#  - leave every output whole: each one is byte for byte either as it was
#    before the run or as a clean run makes it, never half-written;
#  - let the next run finish the job, with no temporary file left behind.
# Runs the release build (ASan refuses LD_PRELOAD shims).
set -u
cd "$(dirname "$0")/../.." || exit 1
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1732968000}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# Private copies, so that a rebuild while the test runs cannot mix binaries.
cp build/digimittari build/faultinject.so "$T/"
DM=$T/digimittari
# The copy's data folder (src/datadir.h): the build tree's.
export DIGIMITTARI_DATADIR="$PWD/build/share/digimittari"
SHIM=$T/faultinject.so
. "$PWD/tests/lib.sh"

# Checksums of every output. run.log (a log) and manifest.tsv are left out:
# the manifest may rightly record a third state, the outputs that a failed
# run did bring up to date; that the next run then finishes the job is
# what shows it right.
sums() { (cd "$1/output" && for f in *.csv *.pdf *.xlsx; do
	[ -f "$f" ] && printf '%s %s\n' "$f" "$(cksum <"$f")"
done) | sort; }

# P: the sample after a first run, with one export then changed, so that a
# run has work to do. NEW: what a clean run makes of P.
P=$T/pristine
mkdir -p "$P"
cp -R input "$P/input"
CFG=input/kaustisen-seutu.ini
(cd "$P" && "$DM" run -c "$CFG" >/dev/null 2>&1 </dev/null) || bad "set-up: first run failed"
sums "$P" >"$T/old"
sed -i '2s/;Täysin samaa mieltä;/;Täysin eri mieltä;/' "$P/input/digi-2024.csv"
cmp -s input/digi-2024.csv "$P/input/digi-2024.csv" && bad "set-up: the export did not change"
cp -R "$P" "$T/clean"
(cd "$T/clean" && "$DM" run -c "$CFG" >/dev/null 2>&1 </dev/null) || bad "set-up: clean run failed"
sums "$T/clean" >"$T/new"
cmp -s "$T/old" "$T/new" && bad "set-up: the change changed no output"

# try VAR N: one faulted run and the clean run after it; prints one line.
# Returns 0 when the fault was not reached (the run succeeded as if clean).
try() {
	var=$1 n=$2
	W=$T/w
	rm -rf "$W"
	cp -R "$P" "$W"
	# The subshell waits for the run, so its "Aborted" notice goes to /dev/null.
	(
		cd "$W" && env LD_PRELOAD="$SHIM" "$var=$n" "$DM" run -c "$CFG" >"$T/o" 2>"$T/e" </dev/null
		exit $?
	) 2>/dev/null
	rc=$?
	what=""
	case $rc in
	0) ;;
	134) grep -q "digimittari: out of memory" "$T/e" || what="aborted without saying out of memory" ;;
	64 | 65 | 66 | 70 | 73 | 74 | 75 | 78) grep -q "^digimittari: " "$T/e" || what="exit $rc without a message" ;;
	*) what="crashed or odd exit $rc" ;;
	esac
	sums "$W" >"$T/now"
	while read -r f sum; do
		if ! grep -q -x -F "$f $sum" "$T/old" && ! grep -q -x -F "$f $sum" "$T/new"; then
			what="$what${what:+; }$f is neither the old nor the new version"
		fi
	done <"$T/now"
	for f in $(cut -d' ' -f1 "$T/old"); do
		[ -f "$W/output/$f" ] || what="$what${what:+; }$f is gone"
	done
	[ "$rc" -eq 0 ] && ! cmp -s "$T/now" "$T/new" && what="$what${what:+; }exit 0 but outputs differ from a clean run"
	(cd "$W" && "$DM" run -c "$CFG" >/dev/null 2>&1 </dev/null)
	rc2=$?
	sums "$W" >"$T/after"
	[ "$rc2" -eq 0 ] || what="$what${what:+; }the next run exits $rc2"
	cmp -s "$T/after" "$T/new" || what="$what${what:+; }the next run does not finish the job"
	[ -z "$(ls -A "$W/output" | grep '\.tmp-')" ] || what="$what${what:+; }temporary files left"
	if [ -n "$what" ]; then
		bad "$var=$n: $what"
		sed 's/^/      | /' "$T/e" | head -n 5
	else
		ok "$var=$n: exit $rc ($(head -n 1 "$T/e" | cut -c1-90)); outputs whole; next run finishes"
	fi
	[ "$rc" -eq 0 ]
}

# Allocations: 1, 3, 7, 15, ... (x2) until a run no longer fails.
n=1
while [ "$n" -lt 100000000 ]; do
	try DM_FAIL_MALLOC "$n" && break
	n=$((n * 2 + 1))
done
# Flushes: every one until a run no longer fails (there are few).
n=1
while [ "$n" -lt 200 ]; do
	try DM_FAIL_WRITE "$n" && break
	n=$((n + 1))
done

echo
if [ "$fails" -eq 0 ]; then echo "faults: all checks passed"; else echo "faults: $fails checks failed"; fi
[ "$fails" -eq 0 ]

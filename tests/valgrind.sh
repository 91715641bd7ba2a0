#!/bin/sh
# `make check-valgrind`: runs the bundled sample end to end under valgrind
# (memcheck) with the release build (no sanitizer): validate, stats, report
# and run on a copy of input/, then a second, incremental run, and a run of
# a bad-input case of each kind. Every command must exit as expected with no
# memory error and no leak of any kind (--errors-for-leak-kinds=all).
#
# Reports are rendered in forked worker processes, which end with _exit while
# holding their copy of the parent's memory: that copy is "still reachable"
# by design. So the commands that render run twice: once checking the main
# process for every kind of leak (children silent; a worker's result is the
# message it sends before exiting, so valgrind's exit code for its reachable
# copy does not fail the run), once checking the workers for memory errors
# and for leaks of their own (definite, indirect, possible).
# Prints one line per command; the valgrind logs are in build/valgrind/.
set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD
DM=$ROOT/build/digimittari
LOG=$ROOT/build/valgrind
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1732968000}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
rm -rf "$LOG"
mkdir -p "$LOG"
cp -R input "$T/input"
CFG=$T/input/kaustisen-seutu.ini
fails=0

LEAKS=all
CHILDREN=yes

# vg_with LEAKS CHILDREN NAME ...: vg with those checks, for this command only.
vg_with() {
	LEAKS=$1 CHILDREN=$2
	shift 2
	vg "$@"
	LEAKS=all CHILDREN=yes
}

# vg NAME EXPECTED-EXIT DIR COMMAND...: runs COMMAND under valgrind in DIR.
# Valgrind's own error exit is 99, so it cannot be mistaken for ours.
# LEAKS (all) and CHILDREN (yes: forked children report) select the checks;
# vg_with changes them for one command.
vg() {
	name=$1 want=$2 dir=$3
	shift 3
	start=$(date +%s)
	silent=no
	[ "$CHILDREN" = no ] && silent=yes
	(cd "$dir" && valgrind -q --leak-check=full --show-leak-kinds="$LEAKS" \
		--errors-for-leak-kinds="$LEAKS" --error-exitcode=99 --track-origins=yes \
		--trace-children=yes --child-silent-after-fork=$silent \
		--log-file="$LOG/$name.%p.log" "$@" >"$LOG/$name.out" 2>&1 </dev/null)
	rc=$?
	secs=$(($(date +%s) - start))
	# With -q a clean process leaves an empty log.
	errs=$(cat "$LOG/$name".*.log 2>/dev/null | grep -c '^==[0-9]*==')
	if [ "$rc" -eq "$want" ] && [ "$errs" -eq 0 ]; then
		printf 'ok    %-28s exit %-3s %4ss\n' "$name" "$rc" "$secs"
	else
		fails=$((fails + 1))
		echo "FAIL  $name: exit $rc (expected $want), $errs valgrind lines (logs: $LOG/$name.*)"
		cat "$LOG/$name".*.log 2>/dev/null | grep -E 'ERROR SUMMARY|definitely|indirectly|possibly|still reachable|Invalid|uninitialised' | head -n 10 | sed 's/^/      | /'
	fi
}

vg validate 0 "$T" "$DM" validate -c "$CFG"
vg stats 0 "$T" "$DM" stats -c "$CFG"
vg_with all no report 0 "$T" "$DM" report -c "$CFG"
vg_with definite,indirect,possible yes report-workers 0 "$T" "$DM" report -c "$CFG"
vg_with all no run 0 "$T" "$DM" run -c "$CFG" --force
vg_with definite,indirect,possible yes run-workers 0 "$T" "$DM" run -c "$CFG" --force
vg run-again 0 "$T" "$DM" run -c "$CFG"
vg help 0 "$T" "$DM" --help
vg usage 64 "$T" "$DM" frobnicate -c "$CFG"

# One bad-input case of each kind: a broken export, a config and a codebook
# mistake, a missing file.
for c in truncated-in-quote bom-in-middle binary-garbage config-unknown-key \
	codebook-unknown-kind missing-export config-missing-codebook-file; do
	d=$T/bad-$c
	mkdir -p "$d"
	cp tests/cases/bad/_shared/* "$d/"
	cp -R "tests/cases/bad/$c/." "$d/"
	exit=
	. "$d/expect"
	[ -f "$d/gen" ] && (cd "$d" && sh ./gen)
	vg "bad-$c" "$exit" "$d" "$DM" validate -c config.ini
done

echo
if [ "$fails" -eq 0 ]; then echo "valgrind: no errors, no leaks"; else echo "valgrind: $fails commands failed"; fi
[ "$fails" -eq 0 ]

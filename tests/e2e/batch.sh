#!/bin/sh
# End-to-end tests of `digimittari run` (issue: batch operation for cron):
# quiet second run, incremental rebuilds, lock, SIGKILL, I/O faults, exit codes.
# Runs the release binary (the fault shim is LD_PRELOADed, which ASan refuses).
set -u
cd "$(dirname "$0")/../.." || exit 1
DM=$PWD/build/digimittari
SHIM=$PWD/build/faultinject.so
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$PWD/tests/lib.sh"

# A private copy of the sample with a second report edition, so that a change
# to one export can be seen to leave another edition's reports alone.
cp -r input "$T/input"
cat >>"$T/input/kaustisen-seutu.ini" <<'EOF'

[report etatyo]
title = Etätyökysely 2023
waves = etatyo-2023
EOF
CFG=$T/input/kaustisen-seutu.ini
OUT=$T/output

# Fingerprint of every output: name, size, mtime (ns) and checksum.
snap() { (cd "$OUT" && for f in *.csv *.pdf; do
	[ -f "$f" ] && printf '%s %s %s\n' "$f" "$(stat -c '%s %Y.%y' "$f")" "$(cksum <"$f")"
done) | sort; }

# 1. First run builds everything; prints only the rejected-rows summary.
"$DM" run -c "$CFG" >"$T/o1" 2>"$T/e1" </dev/null
rc=$?
check "first run exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "first run wrote results.csv" [ -s "$OUT/results.csv" ]
check "first run wrote results-excel.csv" [ -s "$OUT/results-excel.csv" ]
n=$(ls "$OUT"/*.pdf 2>/dev/null | wc -l)
check "first run wrote 14 reports (2 editions x (region + 6)), got $n" [ "$n" -eq 14 ]
check "first run wrote a data-quality report per wave" [ -f "$OUT/quality-digi-2022.csv" ] && [ -f "$OUT/quality-digi-2024.csv" ] && [ -f "$OUT/quality-etatyo-2023.csv" ]
check "first run mentions the rejected rows" grep -q "rejected" "$T/e1"
check "first run prints nothing on stdout" [ ! -s "$T/o1" ]
check "run log has one line" [ "$(wc -l <"$OUT/run.log")" -eq 1 ]
snap >"$T/s1"

# 2. A second run with nothing changed is silent and touches nothing.
sleep 1
"$DM" run -c "$CFG" >"$T/o2" 2>"$T/e2" </dev/null
rc=$?
check "second run exits 0" [ "$rc" -eq 0 ]
check "second run prints nothing" [ ! -s "$T/o2" ] && [ ! -s "$T/e2" ]
snap >"$T/s2"
check "second run leaves every output's bytes and mtime alone" cmp -s "$T/s1" "$T/s2"
check "run log has two lines" [ "$(wc -l <"$OUT/run.log")" -eq 2 ]
check "run log says nothing was redone" sh -c "tail -n 1 '$OUT/run.log' | grep -q 'redone=none'"

# 3. Touching an export (same bytes) changes nothing.
touch "$T/input/digi-2022.csv"
"$DM" run -c "$CFG" >"$T/o3" 2>"$T/e3" </dev/null
snap >"$T/s3"
check "touching an export rewrites nothing" cmp -s "$T/s1" "$T/s3"

# 4. Changing one export redoes only what depends on it: digi-2022 is shown
#    by edition 2024 (as digi-2024's earlier wave), not by edition etatyo.
sleep 1
sed -i '2s/;Perho;Hallinto ja talous;/;Veteli;Hallinto ja talous;/' "$T/input/digi-2022.csv"
cmp -s input/digi-2022.csv "$T/input/digi-2022.csv" && bad "test set-up: the export did not change"
"$DM" run -c "$CFG" >"$T/o4" 2>"$T/e4" </dev/null
rc=$?
check "run after a changed export exits 0" [ "$rc" -eq 0 ]
snap >"$T/s4"
same() { grep "^$1 " "$T/s1" >"$T/a" && grep "^$1 " "$T/s4" >"$T/b" && cmp -s "$T/a" "$T/b"; }
changed() { ! same "$1"; }
check "digi-2022 data-quality report untouched (its events did not change)" same quality-digi-2022.csv
check "digi-2024 data-quality report untouched" same quality-digi-2024.csv
check "etatyo-2023 data-quality report untouched" same quality-etatyo-2023.csv
check "results.csv redone" changed results.csv
check "edition 2024 regional report redone" changed kaustisen-seutu-2024.pdf
check "edition 2024 Perho report redone" changed perho-2024.pdf
check "edition etatyo regional report untouched" same kaustisen-seutu-etatyo.pdf
check "edition etatyo Perho report untouched" same perho-etatyo.pdf
check "run log names what was redone" sh -c "tail -n 1 '$OUT/run.log' | grep -q 'redone=.*perho-2024.pdf'"

# 5. --force redoes everything (bytes stay identical: reproducible).
"$DM" run -c "$CFG" --force >"$T/o5" 2>"$T/e5" </dev/null
rc=$?
check "--force run exits 0" [ "$rc" -eq 0 ]
(cd "$OUT" && cksum *.pdf *.csv | sort) >"$T/c5"
snap >"$T/s5"

# 6. A second run while one holds the lock exits 75 at once.
flock "$OUT/.lock" sleep 3 &
lockpid=$!
sleep 0.5
"$DM" run -c "$CFG" --force >"$T/o6" 2>"$T/e6" </dev/null
rc=$?
check "concurrent run exits 75 (got $rc)" [ "$rc" -eq 75 ]
check "concurrent run says why" grep -q "another digimittari run" "$T/e6"
wait $lockpid

# 7. A run killed with SIGKILL leaves earlier outputs intact; the next run succeeds.
for delay in 0.05 0.2 0.4; do
	"$DM" run -c "$CFG" --force >/dev/null 2>&1 </dev/null &
	pid=$!
	sleep $delay
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	for f in results.csv results-excel.csv kaustisen-seutu-2024.pdf; do
		[ -s "$OUT/$f" ] || bad "after SIGKILL at ${delay}s: $f missing or empty"
	done
	(cd "$OUT" && cksum *.pdf *.csv | sort) >"$T/ck"
	check "after SIGKILL at ${delay}s every output is byte-identical to before" cmp -s "$T/c5" "$T/ck"
done
"$DM" run -c "$CFG" >"$T/o7" 2>"$T/e7" </dev/null
rc=$?
check "run after SIGKILL exits 0" [ "$rc" -eq 0 ]
check "no temporary files left behind" [ -z "$(ls -A "$OUT" | grep '\.tmp-')" ]

# 8. A failing write (disk full at fsync, a failing rename) exits 74 and
#    keeps every earlier output. Outputs are rewritten only when their bytes
#    change, so each case first changes an export.
cp "$T/input/digi-2024.csv" "$T/digi.bak"
sed -i '2s/;Täysin samaa mieltä;/;Täysin eri mieltä;/' "$T/input/digi-2024.csv"
cmp -s "$T/digi.bak" "$T/input/digi-2024.csv" && bad "test set-up: digi-2024 did not change"
for fault in DM_FAIL_FSYNC=1 DM_FAIL_FSYNC=4 DM_FAIL_FSYNC=9 DM_FAIL_RENAME=1 DM_FAIL_RENAME=3; do
	env LD_PRELOAD="$SHIM" "$fault" "$DM" run -c "$CFG" >"$T/o8" 2>"$T/e8" </dev/null
	rc=$?
	check "$fault: exit 74 (got $rc)" [ "$rc" -eq 74 ]
	check "$fault: the message names the file" grep -q "$OUT/" "$T/e8"
	(cd "$OUT" && cksum *.pdf *.csv | sort) >"$T/ck"
	check "$fault: every output byte-identical to before" cmp -s "$T/c5" "$T/ck"
	check "$fault: no temporary files left" [ -z "$(ls -A "$OUT" | grep '\.tmp-')" ]
done
cp "$T/digi.bak" "$T/input/digi-2024.csv"

# 9. An output folder that cannot be created exits 73.
sed "s|^output = .*|output = $T/afile/out|" "$CFG" >"$T/input/unwritable.ini"
: >"$T/afile"
"$DM" run -c "$T/input/unwritable.ini" >"$T/o9" 2>"$T/e9" </dev/null
rc=$?
check "unwritable output folder exits 73 (got $rc)" [ "$rc" -eq 73 ]

# 10. An unreadable export exits 65, names the file, keeps that wave's outputs,
#     and does not re-render the reports that show it.
snap >"$T/s10"
cp "$T/input/etatyo-2023.csv" "$T/etatyo.bak"
printf '\000\001\002\003garbage\000\000\000\000\000\000' >"$T/input/etatyo-2023.csv"
head -c 4000 /dev/urandom >>"$T/input/etatyo-2023.csv"
sed -i '3s/;3;/;4;/' "$T/input/digi-2024.csv"
"$DM" run -c "$CFG" >"$T/o10" 2>"$T/e10" </dev/null
rc=$?
check "unreadable export exits 65 (got $rc)" [ "$rc" -eq 65 ]
check "the message names the export" grep -q "etatyo-2023.csv" "$T/e10"
same10() { grep "^$1 " "$T/s10" >"$T/a" && snap | grep "^$1 " >"$T/b" && cmp -s "$T/a" "$T/b"; }
check "the failed wave's data-quality report is kept" same10 quality-etatyo-2023.csv
check "reports showing the failed wave are kept" same10 kaustisen-seutu-2024.pdf
check "the failed wave's figures are kept in results.csv" grep -q "^etatyo-2023," "$OUT/results.csv"
cp "$T/etatyo.bak" "$T/input/etatyo-2023.csv"
"$DM" run -c "$CFG" >"$T/o11" 2>"$T/e11" </dev/null
check "once the export is fixed the run succeeds" [ $? -eq 0 ]

echo
if [ "$fails" -eq 0 ]; then echo "batch: all checks passed"; else echo "batch: $fails checks failed"; fi
[ "$fails" -eq 0 ]

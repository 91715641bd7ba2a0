#!/bin/sh
# The LP/MILP privacy audit (tests/privacy_audit.py) on the bundled sample and
# on a generated stress set with many small groups (tests/privacy_stress.py),
# both run through the binary under test; true counts come from the exports.
# Needs python3-scipy and python3-numpy (scripts/install-deps.sh).
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib.sh
PY=/usr/bin/python3
BIN=${DM_BIN:-build/san/digimittari}
out=build/privacy-audit
rm -rf "$out"
mkdir -p "$out"

# The sample, with the output redirected under build/.
sed "s#^output = .*#output = $(pwd)/$out/sample#" input/kaustisen-seutu.ini >input/.privacy-audit.ini
"$BIN" stats -c input/.privacy-audit.ini >"$out/sample.log" 2>&1
rc=$?
check "sample: stats ran (exit $rc)" test "$rc" -eq 0
check "sample: the audit finds no disclosure" \
	"$PY" tests/privacy_audit.py --config input/.privacy-audit.ini --out "$out/sample"
rm -f input/.privacy-audit.ini

# The stress set: 30 municipalities, two breakdowns, cells of 1..10.
"$PY" tests/privacy_stress.py "$out/stress"
"$BIN" stats -c "$out/stress/stress.ini" >"$out/stress.log" 2>&1
rc=$?
check "stress: stats ran (exit $rc)" test "$rc" -eq 0
check "stress: the audit finds no disclosure" \
	"$PY" tests/privacy_audit.py --config "$out/stress/stress.ini" --out "$out/stress/out"

# The audit itself must find what it is meant to find: the same table with
# one small group's respondent count published again.
mkdir -p "$out/leak"
"$PY" - "$out/stress" "$out/leak" <<'PYEOF'
import csv, importlib.util, os, sys
src, dst = sys.argv[1], sys.argv[2]
spec = importlib.util.spec_from_file_location('pa', 'tests/privacy_audit.py')
pa = importlib.util.module_from_spec(spec)
spec.loader.exec_module(pa)
cfg = pa.read_config(os.path.join(src, 'stress.ini'))
cbs = {k: pa.read_codebook(p) for k, p in cfg['instruments'].items()}
truth = pa.true_counts(cfg, cbs)
with open(os.path.join(src, 'out', 'results.csv'), encoding='utf-8', newline='') as f:
    rows = list(csv.reader(f))
done = False
for r in rows[1:]:
    t = truth.get((r[0], r[1], r[2]), 0)
    if not done and r[3] == r[4] == 'respondents' and r[8] and 0 < t < cfg['min']:
        r[6], r[7], r[8] = str(t), str(t), ''
        done = True
assert done
with open(os.path.join(dst, 'results.csv'), 'w', encoding='utf-8', newline='') as f:
    csv.writer(f, lineterminator='\n').writerows(rows)
PYEOF
"$PY" tests/privacy_audit.py --config "$out/stress/stress.ini" --out "$out/leak" >"$out/leak.log" 2>&1
rc=$?
check "the audit fails on a table that publishes a small group (exit $rc)" test "$rc" -eq 1
check "... and says so" grep -q "FAIL primary" "$out/leak.log"
exit $((fails > 0))

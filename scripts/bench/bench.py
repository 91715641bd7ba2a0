#!/usr/bin/python3
"""bench.py - the national-scale benchmark (`make bench`, issue 7).

    /usr/bin/python3 scripts/bench/bench.py        (make bench builds and installs first)

1. Generates national data with build/gen-survey into build/bench/mM-rN/
   (300 municipalities, 48 Likert items, seed 1; 300,000 and 1,200,000
   respondents; smaller sets for the growth table), and a second national
   file of another shape into build/bench/cities-m300-r300000/ (gen-survey
   --shape cities --style forms: 4 large cities and many tiny municipalities,
   60 items, three breakdowns, about 10 % don't-know, two free-text columns,
   ',' delimiter, seed 2), skipping a set whose params file matches.
2. Times, with hyperfine (--export-json, no warm-up, BENCH_RUNS runs), each
   command as a whole process wrapped in /usr/bin/time for its peak RSS:
   ours (`digimittari stats`, `digimittari run --force`), R data.table and
   pandas doing the same per-municipality job (scripts/bench/), libcsv's bare
   parse (build/csvbare), and R's pdf() / cairo_pdf() rendering a one-page
   report per municipality (scripts/bench/rpdf.R).
3. Prints markdown tables: medians, peak memory, ratios, the issue's targets
   met / not met, the growth with respondents and municipalities, and a spot
   check that every peer's numbers agree with output/results.csv.
   The same text goes to build/bench/results.md, the numbers to results.json.

Environment: BENCH_RUNS (default 3), BENCH_BUDGET (seconds for this script,
default 480: later measurements get fewer runs, optional ones are skipped,
and the table says so), BENCH_SPOT (default "Kunta 001:D2_3"),
BENCH_SPOT_CITIES (default "Kaupunki 001:D2_3", the second file's spot).
"""
import concurrent.futures
import csv
import datetime
import hashlib
import json
import math
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
BUILD = os.path.join(ROOT, "build")
BENCH = os.path.join(BUILD, "bench")
RUNDIR = os.path.join(BENCH, "runs")
BUILT = os.path.join(BUILD, "digimittari")
# The binary under test: a copy taken at start, so that a rebuild of
# build/digimittari during the benchmark cannot mix two binaries in one table.
OURS = os.path.join(BENCH, "bin", "digimittari")
GEN = os.path.join(BUILD, "gen-survey")
CSVBARE = os.path.join(BUILD, "csvbare")
SCRIPTS = os.path.join(ROOT, "scripts", "bench")
PYTHON = "/usr/bin/python3"  # Debian's, which has python3-pandas
RSCRIPT = "Rscript"

RUNS = max(1, int(os.environ.get("BENCH_RUNS", "3")))
BUDGET = float(os.environ.get("BENCH_BUDGET", "480"))
RESERVE = 30.0  # kept back for page counting, spot checks and the tables
SPOT_MUNI, SPOT_ITEM = os.environ.get("BENCH_SPOT", "Kunta 001:D2_3").rsplit(":", 1)
SPOT_CMUNI, SPOT_CITEM = os.environ.get("BENCH_SPOT_CITIES", "Kaupunki 001:D2_3").rsplit(":", 1)
SEED, ITEMS, MUNIS = 1, 48, 300
SMALL, BIG = 300000, 1200000
# The second national file (gen-survey --shape cities): another generator shape.
CITIES_SEED, CITIES_ITEMS, CITIES = 2, 60, "cities-300k"
REL_TOL = 1e-9
ENV = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")

T0 = time.monotonic()
results = {}  # key -> measurement
notes = []


def say(msg):
    print(msg, flush=True)


def elapsed():
    return time.monotonic() - T0


def remaining():
    return BUDGET - elapsed() - RESERVE


def tag(n):
    return "%gk" % (n / 1000) if n < 1000000 else "%gM" % (n / 1000000)


# ---------------------------------------------------------------------------
# Data


def dataset(munis, resp, shape="even"):
    """Returns the folder of a generated data set, generating it when needed."""
    d = os.path.join(BENCH, ("m%d-r%d" if shape == "even" else shape + "-m%d-r%d") % (munis, resp))
    args = ["--municipalities", str(munis), "--respondents", str(resp), "--seed", str(SEED),
            "--items", str(ITEMS)]
    if shape == "cities":
        args = ["--municipalities", str(munis), "--respondents", str(resp), "--seed",
                str(CITIES_SEED), "--items", str(CITIES_ITEMS), "--shape", "cities", "--style",
                "forms"]
    want = " ".join(args)
    stamp = os.path.join(d, "params")
    survey = os.path.join(d, "survey.csv")
    try:
        with open(stamp, encoding="utf-8") as f:
            have = f.read().split("\n")
        if have[0] == want and have[1] == "size=%d" % os.path.getsize(survey) \
                and os.path.exists(os.path.join(d, "config.ini")):
            return d
    except (OSError, IndexError):
        pass
    say("  generating %s: gen-survey %s" % (os.path.relpath(d, ROOT), want))
    if os.path.exists(stamp):
        os.remove(stamp)
    subprocess.run([GEN] + args + ["--out", d], check=True)
    with open(stamp, "w", encoding="utf-8") as f:
        f.write("%s\nsize=%d\n" % (want, os.path.getsize(survey)))
    return d


def warm(path):
    with open(path, "rb") as f:
        while f.read(1 << 20):
            pass


# ---------------------------------------------------------------------------
# Timing


def runs_for(est, optional=False, reserve=0.0):
    """Runs that fit in the budget (less reserve), given the estimated seconds of one run."""
    if est is None or est <= 0:
        return RUNS
    n = min(RUNS, int((remaining() - reserve) // est))
    return n if optional else max(1, n)


def hyperfine(key, argv, cwd, runs, rss):
    """One hyperfine call: returns (times, cpu per call, error)."""
    js = os.path.join(RUNDIR, key + ".json")
    if os.path.exists(js):
        os.remove(js)
    cmd = shlex.join(["/usr/bin/time", "-f", "%M", "-a", "-o", rss] + argv)
    hf = ["hyperfine", "-N", "--style", "none", "--runs", str(runs), "--export-json", js,
          "--command-name", key, cmd]
    r = subprocess.run(hf, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    if r.returncode != 0 or not os.path.exists(js):
        err = [ln for ln in (r.stderr or "").splitlines() if ln.strip()]
        return None, None, (err[-1] if err else "hyperfine exit %d" % r.returncode)
    with open(js, encoding="utf-8") as f:
        h = json.load(f)["results"][0]
    return h["times"], (h["user"], h["system"]), None


def measure_group(specs, cwd, runs, size=None, group="main"):
    """Times each (key, label, argv) of specs with hyperfine, wrapped in GNU time
    for the peak RSS; with more than one spec the runs are interleaved (A B A B
    ...) so that both see the same load, and paired differences make sense.
    Records median and mean wall, mean CPU (user+sys), peak RSS, per-run times."""
    os.makedirs(RUNDIR, exist_ok=True)
    t = time.monotonic()
    ms = []
    for key, label, argv in specs:
        rss = os.path.join(RUNDIR, key + ".rss")
        if os.path.exists(rss):
            os.remove(rss)
        ms.append({"key": key, "label": label, "size": size, "group": group, "runs": runs,
                   "command": shlex.join(argv), "ok": True, "times": [], "cpus": [],
                   "rss": rss})
    calls = [(1, r) for r in range(runs)] if len(specs) > 1 else [(runs, 0)]
    for n, _ in calls:
        for m, (key, label, argv) in zip(ms, specs):
            if not m["ok"]:
                continue
            times, cpu, err = hyperfine(key, argv, cwd, n, m["rss"])
            if err:
                m["ok"] = False
                m["error"] = err
                continue
            m["times"] += times
            m["cpus"] += [cpu[0] + cpu[1]] * n
    for m in ms:
        results[m["key"]] = m
        rss = m.pop("rss")
        if not m["ok"]:
            say("  %-44s FAILED: %s" % (m["label"], m["error"]))
            continue
        with open(rss, encoding="utf-8") as f:
            kb = [int(x) for x in f.read().split() if x.isdigit()]
        ts = m["times"]
        m.update(median=statistics.median(ts), mean=statistics.mean(ts), min=min(ts),
                 max=max(ts), cpu=statistics.mean(m["cpus"]),
                 rss_mib=max(kb) / 1024 if kb else None, rss_runs_mib=[k / 1024 for k in kb])
        say("  %-44s %8.3f s median of %d (%.3f-%.3f), CPU %.2f s, peak %s MiB"
            % (m["label"], m["median"], runs, m["min"], m["max"], m["cpu"],
               "%.1f" % m["rss_mib"] if m["rss_mib"] else "?"))
    return ms


def measure(key, label, argv, cwd, runs, size=None, group="main"):
    return measure_group([(key, label, argv)], cwd, runs, size, group)[0]


def ok(key):
    return key in results and results[key]["ok"]


def med(key):
    return results[key]["median"] if ok(key) else None


def est_from(key, factor):
    return med(key) * factor if ok(key) else None


def report_phase(stats_key, run_key):
    """The reports' share of a whole run: medians of the paired (interleaved)
    differences run - stats, wall and CPU; None when either failed."""
    if not ok(stats_key) or not ok(run_key):
        return None
    s, r = results[stats_key], results[run_key]
    n = min(len(s["times"]), len(r["times"]))
    wd = [r["times"][i] - s["times"][i] for i in range(n)]
    cd = [r["cpus"][i] - s["cpus"][i] for i in range(n)]
    return {"wall": statistics.median(wd), "cpu": statistics.median(cd), "wall_diffs": wd,
            "stats_spread": max(s["times"]) - min(s["times"])}


# ---------------------------------------------------------------------------
# Outputs: pages, spot checks


def pdf_stats(files):
    """(files, pages, bytes) with pdfinfo and stat."""
    def pages(path):
        r = subprocess.run(["pdfinfo", path], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           text=True, env=ENV)
        for ln in r.stdout.splitlines():
            if ln.startswith("Pages:"):
                return int(ln.split()[1])
        return 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as ex:
        n = sum(ex.map(pages, files))
    return len(files), n, sum(os.stat(f).st_size for f in files)


def wave_of(d):
    with open(os.path.join(d, "config.ini"), encoding="utf-8") as f:
        for ln in f:
            ln = ln.strip()
            if ln.startswith("[wave ") and ln.endswith("]"):
                return ln[6:-1].strip()
    return None


def csv_field(s):
    return '"%s"' % s.replace('"', '""') if any(c in s for c in ',"\r\n') else s


def ours_spot(d, muni, item):
    """n, mean, sd, median of item in muni, and rows read, from our results.csv:
    the tidy table (one row per statistic) or a wide one (one column per
    statistic, found by its header)."""
    path = os.path.join(d, "output", "results.csv")
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            head = next(csv.reader([f.readline()]))
    except (OSError, StopIteration):
        return None
    if "statistic" not in head and "mean" in head:
        return ours_spot_wide(path, head, muni, item)
    wave = wave_of(d)
    prefix = "%s,%s,,%s," % (csv_field(wave), csv_field(muni), csv_field(item))
    rows_prefix = "%s,ALL,,rows,read," % csv_field(wave)
    got = {}
    seen = False
    try:
        with open(path, encoding="utf-8", newline="") as f:
            for ln in f:
                if ln.startswith(rows_prefix):
                    got["rows_read"] = float(next(csv.reader([ln]))[6])
                elif ln.startswith(prefix):
                    seen = True
                    row = next(csv.reader([ln]))
                    if row[4] in ("n", "mean", "sd", "median") and row[5] == "" and row[6] != "":
                        got[row[4]] = float(row[6])
                elif seen:
                    break
    except OSError:
        return None
    return got


def ours_spot_wide(path, head, muni, item):
    """ours_spot for a table with one column per statistic."""
    col = {h: i for i, h in enumerate(head)}
    ids = [col[h] for h in ("subject", "subject_id", "item", "id") if h in col]
    got = {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        f.readline()
        for ln in f:
            if muni not in ln or item not in ln:
                continue
            row = next(csv.reader([ln]))
            if len(row) != len(head) or row[col.get("group", 0)] != muni \
                    or ("breakdown" in col and row[col["breakdown"]] != "") \
                    or not any(row[i] == item for i in ids):
                continue
            for k in ("n", "mean", "sd", "median"):
                if k in col and row[col[k]] not in ("", "NA"):
                    got[k] = float(row[col[k]])
            break
    return got


def peer_spot(path, muni, item):
    try:
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if row["municipality"] == muni and row["item"] == item:
                    return {k: float(row[k]) if row[k] not in ("", "NA") else math.nan
                            for k in ("n", "mean", "sd", "median")}
    except (OSError, KeyError):
        return None
    return None


def rel(a, b):
    if math.isnan(a) or math.isnan(b):
        return math.inf
    if a == b:
        return 0.0
    return abs(a - b) / max(abs(a), abs(b))


# ---------------------------------------------------------------------------
# Formatting


def f(x, fmt="%.3f"):
    return "n/a" if x is None else fmt % x


def table(head, rows):
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return out


def pkg_version(p):
    r = subprocess.run(["dpkg-query", "-W", "-f=${Version}", p], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, text=True)
    return r.stdout.strip() or "?"


def git_head():
    r = subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return r.stdout.strip() or "?"


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for ln in fh:
                if ln.startswith("model name"):
                    return ln.split(":", 1)[1].strip()
    except OSError:
        pass
    return "?"


def loadavg():
    try:
        with open("/proc/loadavg", encoding="utf-8") as fh:
            return " ".join(fh.read().split()[:3])
    except OSError:
        return "?"


# ---------------------------------------------------------------------------


def main():
    for p in (BUILT, GEN, CSVBARE):
        if not os.access(p, os.X_OK):
            sys.exit("bench.py: %s is missing; run `make bench`" % os.path.relpath(p, ROOT))
    for p in ("hyperfine", "pdfinfo", RSCRIPT, "/usr/bin/time"):
        if not shutil.which(p):
            sys.exit("bench.py: %s is missing; run `make bench` (scripts/install-deps.sh bench)"
                     % p)
    os.makedirs(os.path.dirname(OURS), exist_ok=True)
    shutil.copy2(BUILT, OURS + ".tmp")
    os.replace(OURS + ".tmp", OURS)
    # Its data folder (the font subsets), where the copy looks: bin/../share/digimittari.
    shutil.copytree(os.path.join(BUILD, "share"), os.path.join(BENCH, "share"),
                    dirs_exist_ok=True)
    with open(OURS, "rb") as fh:
        ours_sha = hashlib.sha256(fh.read()).hexdigest()[:12]
    load0 = loadavg()
    say("digimittari national benchmark: %d run(s) per measurement, budget %.0f s" % (RUNS, BUDGET))
    say("data:")
    dsets = {s: dataset(MUNIS, s) for s in (SMALL, BIG)}
    dsets[CITIES] = dataset(MUNIS, SMALL, "cities")
    delims = {SMALL: ";", BIG: ";", CITIES: ","}

    def peers_of(size):
        d = dsets[size]
        out = os.path.join(d, "peers")
        os.makedirs(out, exist_ok=True)
        return d, out

    def written(d):
        """(files, bytes) that `stats` left in the output folder: not the reports
        (.pdf, .html) nor `run`'s log and list (.log, .tsv)."""
        out = os.path.join(d, "output")
        fs = [os.path.join(out, x) for x in os.listdir(out)
              if not x.endswith((".pdf", ".html", ".log", ".tsv")) and not x.startswith(".")]
        fs = [x for x in fs if os.path.isfile(x)]
        return len(fs), sum(os.path.getsize(x) for x in fs)

    def stats_and_peers(size, factor, reserve):
        """Ours and the peers on one file; reserve: seconds kept back for later."""
        d, out = peers_of(size)
        t = size if size == CITIES else tag(size)
        delim = delims[size]
        warm(os.path.join(d, "survey.csv"))
        cfg = os.path.join(d, "config.ini")
        survey = os.path.join(d, "survey.csv")
        cb = os.path.join(d, "codebook.csv")

        def runs(key):
            return runs_for(est_from(key, factor), reserve=reserve)

        stats = ("ours-stats-%s" % t, "digimittari stats (ingest, figures, tables, workbook)",
                 [OURS, "stats", "-c", cfg])
        if size == SMALL:
            # Interleaved with the whole run, so that run - stats (the reports'
            # cost) is a paired difference under the same load.
            measure_group([stats, ("ours-run-%s" % t, "digimittari run --force (stats + PDFs)",
                                   [OURS, "run", "--force", "-c", cfg])], d, RUNS, size)
        else:
            measure(*stats, d, runs("ours-stats-300k"), size)
        if ok("ours-stats-%s" % t):
            # What `stats` writes (after `run --force` too: the same tables, and
            # the reports, which written() leaves out); the timings include it.
            results["ours-stats-%s" % t]["written"] = written(d)
        measure("datatable-%s" % t, "R data.table (fread + by)",
                [RSCRIPT, os.path.join(SCRIPTS, "datatable.R"), survey, cb,
                 os.path.join(out, "datatable.csv"), delim], d, runs("datatable-300k"), size)
        measure("pandas-%s" % t, "pandas (read_csv + groupby)",
                [PYTHON, os.path.join(SCRIPTS, "pandas_stats.py"), survey, cb,
                 os.path.join(out, "pandas.csv"), delim], d, runs("pandas-300k"), size)
        measure("csvbare-%s" % t, "libcsv bare parse (csvbare, 1 MiB blocks)",
                [CSVBARE, "-d", delim, survey], d, runs("csvbare-300k"), size)

    # --- 300k: stats and the peers, the whole run, the PDF peers ---------------
    say("300k respondents, %d municipalities:" % MUNIS)
    stats_and_peers(SMALL, 1, 0)
    d300 = dsets[SMALL]
    pdfs = {}
    if ok("ours-run-300k"):
        out = os.path.join(d300, "output")
        files = sorted(os.path.join(out, x) for x in os.listdir(out) if x.endswith(".pdf"))
        pdfs["ours"] = pdf_stats(files)
    _, peers300 = peers_of(SMALL)
    src = os.path.join(peers300, "datatable.csv")
    if not ok("datatable-300k"):
        src = os.path.join(peers300, "pandas.csv")
    if os.path.exists(src):
        for mode, label in (("pdf", "R pdf() (1 page per municipality)"),
                            ("cairo", "R cairo_pdf() (1 page per municipality)")):
            outdir = os.path.join(peers300, "rpdf-" + mode)
            log = os.path.join(RUNDIR, "rpdf-%s.render" % mode)
            if os.path.exists(log):
                os.remove(log)
            measure("rpdf-%s" % mode, label,
                    [RSCRIPT, os.path.join(SCRIPTS, "rpdf.R"), mode, src,
                     os.path.join(d300, "codebook.csv"), outdir, log], d300, runs_for(None), SMALL)
            if ok("rpdf-%s" % mode):
                with open(log, encoding="utf-8") as fh:
                    rs = [float(ln.rsplit("render_s=", 1)[1]) for ln in fh if "render_s=" in ln]
                results["rpdf-%s" % mode]["render_median"] = statistics.median(rs)
                files = sorted(os.path.join(outdir, x) for x in os.listdir(outdir)
                               if x.endswith(".pdf"))
                pdfs[mode] = pdf_stats(files)
    else:
        notes.append("R PDF peers skipped: neither data.table nor pandas produced figures.")

    # --- 1.2M: stats and the peers (memory must not grow with rows) ------------
    say("1.2M respondents, %d municipalities:" % MUNIS)
    # Kept back: the second file (about 1.5 times the 300k file, peers included)
    # and one stats run of each growth set (75k; 75 and 1200 municipalities).
    peers300 = sum(med(k) or 0 for k in ("datatable-300k", "pandas-300k", "csvbare-300k"))
    stats_and_peers(BIG, BIG / SMALL, (est_from("ours-stats-300k", 1.5 + 0.5 + 0.25 + 4) or 0)
                    + 1.5 * peers300)

    # --- The second national file: another shape, so that tuning to one
    # generator does not count (targets checked on it too) ------------------
    say("second file, %s (gen-survey --shape cities --style forms):"
        % os.path.relpath(dsets[CITIES], ROOT))
    stats_and_peers(CITIES, 1.5, est_from("ours-stats-300k", 0.5 + 0.25 + 4) or 0)

    # --- Growth with respondents and municipalities ----------------------------
    say("growth (optional; skipped when the budget %.0f s would be exceeded):" % BUDGET)
    # Three sizes on each axis (300 municipalities / 300k and 1.2M come from
    # above): stats and run --force interleaved, all with the same number of
    # runs when the budget allows one; else one run each while they fit.
    rp = report_phase("ours-stats-300k", "ours-run-300k")
    plan = []
    for munis, resp in [(MUNIS, 75000), (75, SMALL), (1200, SMALL)]:
        est_s = est_from("ours-stats-300k", max(resp / SMALL, 0.5) * max(munis / MUNIS, 0.25))
        if est_s is None:
            notes.append("growth not measured: `stats` failed")
            break
        est_r = est_s + (max(rp["wall"], 0) * (munis + 1) / (MUNIS + 1) if rp else 0)
        plan.append((munis, resp, est_s, est_r if rp else None))
    total = sum(es + (er or 0) for _, _, es, er in plan)
    n_all = min(RUNS, int(remaining() // total)) if total > 0 else 0
    for i, (munis, resp, est_s, est_r) in enumerate(plan):
        rest = sum(p[2] for p in plan[i + 1:])  # one stats run of each later set
        sk, rk = "ours-stats-m%d-r%d" % (munis, resp), "ours-run-m%d-r%d" % (munis, resp)
        what = "%d municipalities / %s" % (munis, tag(resp))
        slabel = "digimittari stats, %d munis, %s" % (munis, tag(resp))
        rlabel = "digimittari run --force, %d munis, %s" % (munis, tag(resp))
        both = est_r is not None and (n_all >= 1 or remaining() - rest >= est_s + est_r)
        if not both and remaining() < est_s:
            notes.append("growth: %s not measured (time budget; a stats run was estimated at "
                         "%.0f s)" % (what, est_s))
            continue
        n = max(n_all, 1)
        d = dataset(munis, resp)
        cfg = os.path.join(d, "config.ini")
        if both:
            measure_group([(sk, slabel, [OURS, "stats", "-c", cfg]),
                           (rk, rlabel, [OURS, "run", "--force", "-c", cfg])], d, n, resp,
                          "growth")
            if ok(rk):
                out = os.path.join(d, "output")
                files = sorted(os.path.join(out, x) for x in os.listdir(out)
                               if x.endswith(".pdf"))
                results[rk]["pdf"] = pdf_stats(files)
        else:
            notes.append("growth: run --force at %s not measured (time budget; estimated %.0f s)"
                         % (what, est_r or 0))
            measure(sk, slabel, [OURS, "stats", "-c", cfg], d, n, resp, "growth")

    # Lowest priority: the report stage alone, which also parses results.csv.
    if ok("ours-run-300k"):
        n = runs_for(med("ours-run-300k"), optional=True)
        if n >= 1:
            measure("ours-report-300k", "digimittari report (reads results.csv)",
                    [OURS, "report", "-c", os.path.join(d300, "config.ini")], d300, n, SMALL,
                    "extra")
        else:
            notes.append("`digimittari report` alone not measured (time budget)")

    # --- Spot checks ------------------------------------------------------------
    spot_rows = []
    all_agree = True
    for size in (SMALL, BIG, CITIES):
        d, out = peers_of(size)
        t = size if size == CITIES else tag(size)
        smuni, sitem = (SPOT_CMUNI, SPOT_CITEM) if size == CITIES else (SPOT_MUNI, SPOT_ITEM)
        ours = ours_spot(d, smuni, sitem) if ok("ours-stats-%s" % t) else None
        for peer, fname in (("R data.table", "datatable.csv"), ("pandas", "pandas.csv")):
            key = ("datatable-%s" if fname.startswith("data") else "pandas-%s") % t
            p = peer_spot(os.path.join(out, fname), smuni, sitem) if ok(key) else None
            if not ours or not p or any(k not in ours for k in ("n", "mean", "sd", "median")):
                why = "peer's missing" if ours and not p else "ours missing"
                spot_rows.append([peer, "%s %s:%s" % (t, smuni, sitem), "-", "-", "-", "-", "-",
                                  "**no figures** (%s)" % why])
                all_agree = False
                continue
            diffs = [rel(ours[k], p[k]) for k in ("n", "mean", "sd", "median")]
            agree = max(diffs) <= REL_TOL
            all_agree &= agree
            spot_rows.append([peer, "%s %s:%s" % (t, smuni, sitem)]
                             + ["%.17g / %.17g" % (ours[k], p[k]) if k != "n"
                                                  else "%d / %d" % (ours[k], p[k])
                                                  for k in ("n", "mean", "sd", "median")]
                             + ["%.1e" % max(diffs), "agree" if agree else "**disagree**"])
        # libcsv: no statistics; its record count must match our rows read.
        key = "csvbare-%s" % t
        if ok(key) and ours and "rows_read" in ours:
            r = subprocess.run([CSVBARE, "-d", delims[size], os.path.join(d, "survey.csv")],
                               stdout=subprocess.PIPE, text=True)
            recs = int(r.stdout.split()[0]) - 1
            agree = recs == int(ours["rows_read"])
            all_agree &= agree
            spot_rows.append(["libcsv bare parse", t,
                              "records %d / rows read %d" % (recs, ours["rows_read"]), "", "", "",
                              "", "agree" if agree else "**disagree**"])
        elif ok(key) and ours:
            spot_rows.append(["libcsv bare parse", t, "not compared: no rows-read figure found "
                              "in results.csv", "", "", "", "", "-"])

    # --- Tables -------------------------------------------------------------------
    lines = []
    lines.append("Measured %s on %s, %d CPU(s) (%s); load average %s at start, %s at end; "
                 "digimittari %s (binary sha256 %s); %d run(s) per measurement unless noted; "
                 "hyperfine %s, "
                 "R %s, data.table %s, pandas %s, libcsv %s."
                 % (datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), os.uname().nodename,
                    os.cpu_count() or 0, cpu_model(), load0, loadavg(), git_head(), ours_sha, RUNS,
                    pkg_version("hyperfine"), pkg_version("r-base-core"),
                    pkg_version("r-cran-data.table"), pkg_version("python3-pandas"),
                    pkg_version("libcsv3")))
    for size in (SMALL, BIG):
        p = os.path.join(dsets[size], "survey.csv")
        lines.append("Data %s: %s, %d municipalities, %d Likert items, %.1f MB."
                     % (tag(size), os.path.relpath(p, ROOT), MUNIS, ITEMS,
                        os.path.getsize(p) / 1e6))
    p = os.path.join(dsets[CITIES], "survey.csv")
    lines.append("Data %s (second shape): %s, %d municipalities (4 large cities, many tiny), "
                 "%s respondents, %d Likert items, three breakdowns, about 10 %% don't-know, "
                 "two free-text columns, ',' delimiter, %.1f MB."
                 % (CITIES, os.path.relpath(p, ROOT), MUNIS, tag(SMALL), CITIES_ITEMS,
                    os.path.getsize(p) / 1e6))
    lines.append("")
    lines.append("Whole processes; median wall seconds; CPU = mean user+sys seconds; peak = "
                 "largest max RSS of any run (GNU time; for `run`, its largest process); "
                 "ratio = the tool's median / ours (`stats`) on the same file.")
    lines.append("")
    rows = []
    for size in (SMALL, BIG, CITIES):
        t = size if size == CITIES else tag(size)
        base = med("ours-stats-%s" % t)
        keys = ["ours-stats-%s" % t] + (["ours-run-%s" % t] if size == SMALL else []) + \
               ["datatable-%s" % t, "pandas-%s" % t, "csvbare-%s" % t]
        for k in keys:
            if k not in results:
                continue
            m = results[k]
            if not m["ok"]:
                rows.append([t, m["label"], m["runs"], "failed: " + m["error"], "", "", "", ""])
                continue
            ratio = "%.2f" % (m["median"] / base) if base and not k.startswith("ours-run") else "-"
            wr = m.get("written")
            rows.append([t, m["label"], m["runs"], "%.3f" % m["median"], "%.2f" % m["cpu"],
                         "%.2f" % (m["cpu"] / m["mean"]), f(m["rss_mib"], "%.1f"), ratio,
                         "%d files, %.1f MB" % (wr[0], wr[1] / 1e6) if wr else "-"])
    lines += table(["size", "tool", "runs", "median s", "CPU s", "CPU/wall", "peak MiB",
                    "ratio to ours", "written"], rows)
    lines.append("")

    # PDFs.
    ours_pp_ms = ours_pp_kb = None
    rows = []
    rp = report_phase("ours-stats-300k", "ours-run-300k")
    if "ours" in pdfs and rp:
        nf, npages, nbytes = pdfs["ours"]
        rep_s = rp["wall"]
        if rep_s > 0 and npages:
            ours_pp_ms = rep_s * 1000 / npages
        else:
            notes.append("the reports' time could not be measured: the paired differences run - "
                         "stats were %s s (the machine was busy; see the load average)"
                         % ", ".join("%.2f" % x for x in rp["wall_diffs"]))
        ours_pp_kb = nbytes / 1024 / npages if npages else None
        rows.append(["digimittari run --force minus stats (embedded DejaVu subsets)", nf, npages,
                     "%.3f" % med("ours-run-300k"), "%.3f" % rep_s, f(ours_pp_ms, "%.2f"),
                     "%.2f" % (rp["cpu"] * 1000 / npages) if npages else "n/a",
                     f(ours_pp_kb, "%.1f"), "1.00"])
    if ok("ours-report-300k") and "ours" in pdfs and pdfs["ours"][1]:
        m = results["ours-report-300k"]
        nf, npages, nbytes = pdfs["ours"]
        rows.append(["digimittari report (also reads the %.0f MB results.csv)"
                     % (os.path.getsize(os.path.join(d300, "output", "results.csv")) / 1e6),
                     nf, npages, "%.3f" % m["median"], "%.3f" % m["median"],
                     "%.2f" % (m["median"] * 1000 / npages), "%.2f" % (m["cpu"] * 1000 / npages),
                     "%.1f" % (nbytes / 1024 / npages),
                     "%.2f" % (m["median"] * 1000 / npages / ours_pp_ms) if ours_pp_ms else "-"])
    for mode, label in (("pdf", "R pdf() (Helvetica, not embedded)"),
                        ("cairo", "R cairo_pdf() (embedded DejaVu subsets)")):
        k = "rpdf-" + mode
        if ok(k) and mode in pdfs:
            nf, npages, nbytes = pdfs[mode]
            rs = results[k]["render_median"]
            pp = rs * 1000 / npages if npages else None
            rows.append([label, nf, npages, "%.3f" % med(k), "%.3f" % rs, f(pp, "%.2f"),
                         "%.2f" % (results[k]["cpu"] * 1000 / npages) if npages else "n/a",
                         "%.1f" % (nbytes / 1024 / npages),
                         "%.2f" % (pp / ours_pp_ms) if pp and ours_pp_ms else "-"])
    lines.append("PDF reports at 300k (pages counted with pdfinfo, sizes with stat; our report "
                 "time = median of the paired differences `run --force` - `stats`, run "
                 "interleaved; R's = its rendering loop alone, without R's start-up; CPU "
                 "ms/page: ours the paired CPU difference, R's and `report` the whole "
                 "process):")
    lines.append("")
    lines += table(["renderer", "files", "pages", "process s", "render s", "ms/page",
                    "CPU ms/page", "KB/page", "ms/page ratio to ours"], rows)
    lines.append("")

    # Targets.
    def met(c):
        return "n/a" if c is None else ("met" if c else "**not met**")

    trows = []
    sets = ((tag(SMALL), tag(SMALL)), (tag(BIG), tag(BIG)), (CITIES, "second file, " + CITIES))
    # Issue 14: `stats` = ingest, every figure, every table and the workbook
    # (the whole process, so whatever it writes is in the time).
    for t, what in sets:
        dt, ost = med("datatable-%s" % t), med("ours-stats-%s" % t)
        x = dt / ost if dt and ost else None
        trows.append(["`stats` vs R data.table, %s" % what, f(x, "data.table/ours = %.2f"),
                      ">= 3", met(x >= 3 if x is not None else None)])
    for t, what in sets:
        cb, ost = med("csvbare-%s" % t), med("ours-stats-%s" % t)
        x = ost / cb if ost and cb else None
        trows.append(["`stats` vs libcsv bare parse, %s" % what, f(x, "ours/libcsv = %.2f"),
                      "<= 2", met(x <= 2 if x is not None else None)])
    for t, what in sets:
        k = "ours-stats-%s" % t
        r = results[k]["rss_mib"] if ok(k) else None
        trows.append(["peak memory, `stats`, %s" % what, f(r, "%.1f MiB"), "< 32 MiB",
                      met(r < 32 if r is not None else None)])
    r = med("ours-run-300k")
    trows.append(["whole national run (`run --force`, %s PDFs), 300k" %
                  (pdfs["ours"][0] if "ours" in pdfs else "?"), f(r, "%.3f s"), "< 2.5 s",
                  met(r < 2.5 if r is not None else None)])
    trows.append(["report pages, average time", f(ours_pp_ms, "%.2f ms"), "< 4 ms",
                  met(ours_pp_ms < 4 if ours_pp_ms is not None else None)])
    trows.append(["report pages, average size", f(ours_pp_kb, "%.1f KB"), "< 25 KB",
                  met(ours_pp_kb < 25 if ours_pp_kb is not None else None)])
    cores = rep_cores = None
    if ok("ours-run-300k"):
        rr = results["ours-run-300k"]
        cores = rr["cpu"] / rr["mean"]
        if rp and rp["wall"] > 0:
            rep_cores = rp["cpu"] / rp["wall"]
    trows.append(["both cores used: report phase CPU/wall (whole run %s)" % f(cores, "%.2f"),
                  f(rep_cores, "%.2f"), ">= 1.5 of 2", met(rep_cores >= 1.5
                                                           if rep_cores is not None else None)])
    st_cores = None
    if ok("ours-stats-300k"):
        rs = results["ours-stats-300k"]
        st_cores = rs["cpu"] / rs["mean"]
    trows.append(["both cores used: `stats` CPU/wall, 300k (reading and accumulating, computing "
                  "and writing the tables overlap)", f(st_cores, "%.2f"), ">= 1.3 of 2",
                  met(st_cores >= 1.3 if st_cores is not None else None)])
    lines.append("Targets (issue 14; the report-page rows from issue 7):")
    lines.append("")
    lines += table(["target", "measured", "goal", "status"], trows)
    lines.append("")

    # Growth.
    grow = []
    for munis, resp in [(MUNIS, 75000), (MUNIS, SMALL), (MUNIS, BIG), (75, SMALL), (1200, SMALL)]:
        if (munis, resp) == (MUNIS, SMALL):
            sk, rk = "ours-stats-300k", "ours-run-300k"
        elif (munis, resp) == (MUNIS, BIG):
            sk, rk = "ours-stats-1.2M", None
        else:
            sk, rk = "ours-stats-m%d-r%d" % (munis, resp), "ours-run-m%d-r%d" % (munis, resp)
        s = results.get(sk)
        r = results.get(rk) if rk else None
        pdfn = pdfs.get("ours") if rk == "ours-run-300k" else (r or {}).get("pdf")
        gp = report_phase(sk, rk) if rk else None
        grow.append([munis, tag(resp), s["runs"] if s else "-",
                     "%.3f" % s["median"] if s and s["ok"] else "not measured",
                     f(s["rss_mib"], "%.1f") if s and s["ok"] else "-",
                     "%.3f" % r["median"] if r and r["ok"] else "not measured",
                     "%d / %d" % (pdfn[0], pdfn[1]) if pdfn else "-",
                     "%.2f" % (gp["wall"] * 1000 / (munis + 1)) if gp else "-"])
    lines.append("Growth (ours; stats = ingest+stats+tables, run = stats + every PDF):")
    lines.append("")
    lines += table(["municipalities", "respondents", "runs", "stats s", "stats peak MiB",
                    "run --force s",
                    "PDF files / pages", "report ms per municipality"], grow)
    lines.append("")

    lines.append("Spot check: %s, item %s (ours / peer; n, mean, SD, median; tolerance %g "
                 "relative):" % (SPOT_MUNI, SPOT_ITEM, REL_TOL))
    lines.append("")
    lines += table(["peer", "size", "n", "mean", "sd", "median", "max rel diff", "result"],
                   spot_rows)
    lines.append("")
    lines.append("Peers agree with ours: %s." % ("yes" if all_agree else "**NO**"))
    for n in notes:
        lines.append("Note: " + n)
    lines.append("Benchmark wall time: %.0f s." % elapsed())

    text = "\n".join(lines) + "\n"
    say("")
    sys.stdout.write(text)
    with open(os.path.join(BENCH, "results.md"), "w", encoding="utf-8") as fh:
        fh.write(text)
    with open(os.path.join(BENCH, "results.json"), "w", encoding="utf-8") as fh:
        json.dump({"results": results, "pdfs": pdfs, "notes": notes}, fh, indent=1)
    say("(also in %s and results.json)" % os.path.relpath(os.path.join(BENCH, "results.md"), ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())

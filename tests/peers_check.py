#!/usr/bin/python3
"""peers_check.py - recompute the rank ranges and peer groups of a large run's reports.

Usage:
    peers_check.py --config INI --out DIR --wave WAVE --codebook CSV

Reads the published results table (through privacy_audit.read_results, so it
follows the table's format), the configuration (municipalities in order, their
`group` keys and staff) and every municipal HTML report in DIR, and checks the
"Rank and peer group" table of each against an independent recomputation
from the published figures only (README, "Peers at national scale"):

  * rank  = 1 + municipalities with a higher published index,
    best  = 1 + municipalities whose CI lies entirely above (lo_j > hi_i),
    worst = N - municipalities whose CI lies entirely below (hi_j < lo_i),
    over the N municipalities with a published index and CI, and
    best <= rank <= worst;
  * the same within the peer group (the `group` key, else the staff size
    class 1-99, 100-299, 300-999, 1000-2999, 3000+);
  * the group index = the n-weighted mean of the members' published indexes
    (to the integer shown), over exactly the published members;
  * a municipality whose index is withheld shows no rank (and "withheld").
Prints one line per failure and a summary; exits 1 on any failure.
"""
import argparse
import configparser
import csv
import html.parser
import math
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from privacy_audit import read_results  # noqa: E402

SIZE_FROM = [1, 100, 300, 1000, 3000]
DASH = "\u2013"
RANK_RE = re.compile(r"^(\d+)\.? \((\d+)\.?" + DASH + r"(\d+)\.?\) (?:/|of) (\d+)$")


class Tables(html.parser.HTMLParser):
    """Collects every table as (caption, rows of cell texts)."""

    def __init__(self):
        super().__init__()
        self.tables, self.cur, self.cell, self.cap = [], None, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.cur = ["", []]
        elif self.cur is not None and tag == "caption":
            self.cap = ""
        elif self.cur is not None and tag == "tr":
            self.cur[1].append([])
        elif self.cur is not None and tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "table" and self.cur is not None:
            self.tables.append(self.cur)
            self.cur = None
        elif tag == "caption" and self.cap is not None:
            self.cur[0] = self.cap
            self.cap = None
        elif tag in ("td", "th") and self.cell is not None:
            self.cur[1][-1].append(self.cell.strip())
            self.cell = None

    def handle_data(self, data):
        if self.cap is not None:
            self.cap += data
        if self.cell is not None:
            self.cell += data


def size_class(staff):
    if staff <= 0:
        return None
    k = 0
    while k + 1 < len(SIZE_FROM) and staff >= SIZE_FROM[k + 1]:
        k += 1
    return k


def peers(a, b):
    if a["group"] or b["group"]:
        return bool(a["group"]) and a["group"] == b["group"]
    ca = size_class(a["staff"])
    return ca is not None and ca == size_class(b["staff"])


def published(tab, wave, group, subject, stat):
    r = tab.get((wave, group, "", subject, stat, ""))
    if not r or (r.get("note") or "").startswith("suppressed") or r.get("value") in ("", None):
        return None
    try:
        return float(r["value"])
    except ValueError:
        return None


def rank(figs, members, i):
    s = figs[i]
    ok = [j for j in members if figs[j] is not None]
    higher = sum(1 for j in ok if j != i and figs[j][0] > s[0])
    above = sum(1 for j in ok if j != i and figs[j][1] > s[2])
    below = sum(1 for j in ok if j != i and figs[j][2] < s[1])
    return 1 + higher, 1 + above, len(ok) - below, len(ok)


def slug(name):
    t = name.lower().replace("ä", "a").replace("å", "a").replace("ö", "o")
    t = re.sub(r"[^a-z0-9]+", "-", t).strip("-")
    return t


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--config", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--wave", required=True)
    ap.add_argument("--codebook", required=True)
    a = ap.parse_args()

    cp = configparser.ConfigParser(inline_comment_prefixes=(";",), interpolation=None)
    cp.read(a.config, encoding="utf-8")
    munis = []
    for sec in cp.sections():
        if sec.startswith("municipality "):
            staff = int(cp[sec].get("staff", "0").replace(" ", "") or 0)
            munis.append({"name": sec[len("municipality "):], "staff": staff,
                          "group": cp[sec].get("group")})
    report_id = [s[len("report "):] for s in cp.sections() if s.startswith("report ")][0]
    dims = []
    with open(a.codebook, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            if row["kind"] == "dimension":
                dims.append((row["id"], row["label"], row.get("label_en") or row["label"]))
    tab = read_results(os.path.join(a.out, "results.csv"))

    fails, checked, withheld_seen, partial_groups = [], 0, 0, 0
    n = len(munis)
    figs = {}
    for d, _, _ in dims:
        f = []
        for m in munis:
            v = [published(tab, a.wave, m["name"], d, s) for s in ("index", "index_lo", "index_hi")]
            nn = published(tab, a.wave, m["name"], d, "n")
            f.append((v[0], v[1], v[2], nn) if None not in v else None)
        figs[d] = f
    for i, m in enumerate(munis):
        path = os.path.join(a.out, "%s-%s.html" % (slug(m["name"]), slug(report_id)))
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        p = Tables()
        p.feed(text)
        t = [rows for cap, rows in p.tables if cap in ("Sijoitus ja vertailuryhmä",
                                                         "Rank and peer group")]
        if len(t) != 1:
            fails.append("%s: %d rank tables, expected 1" % (path, len(t)))
            continue
        rows = {r[0]: r[1:] for r in t[0][1:]}
        members = [j for j in range(n) if peers(m, munis[j])]
        for d, lab, lab_en in dims:
            row = rows.get(lab) or rows.get(lab_en)
            if row is None:
                fails.append("%s: no row for %s" % (path, d))
                continue
            f = figs[d]
            checked += 1
            if f[i] is None:
                withheld_seen += 1
                if row[1] != DASH or row[3] != DASH:
                    fails.append("%s %s: withheld index but ranks %r" % (m["name"], d, row))
                continue
            want = rank(f, range(n), i)
            got = RANK_RE.match(row[1])
            if not got or tuple(int(x) for x in got.groups()) != want:
                fails.append("%s %s: rank %r, recomputed %d (%d-%d) of %d" %
                             ((m["name"], d, row[1]) + want))
            elif not want[1] <= want[0] <= want[2]:
                fails.append("%s %s: rank outside its range" % (m["name"], d))
            if not members:
                continue
            want = rank(f, members, i)
            got = RANK_RE.match(row[3])
            if not got or tuple(int(x) for x in got.groups()) != want:
                fails.append("%s %s: group rank %r, recomputed %d (%d-%d) of %d" %
                             ((m["name"], d, row[3]) + want))
            pub = [f[j] for j in members if f[j] is not None]
            partial_groups += len(pub) < len(members)
            mean = sum(x[0] * x[3] for x in pub) / sum(x[3] for x in pub)
            mm = re.match(r"^(\d+) \((\d+) ", row[2])
            if not mm or abs(int(mm.group(1)) - mean) > 0.5 + 1e-9 or int(mm.group(2)) != len(pub):
                fails.append("%s %s: group index %r, recomputed %.2f from %d published members" %
                             (m["name"], d, row[2], mean, len(pub)))
        label = m["group"]
        if label and label not in text:
            fails.append("%s: group %s not named" % (path, label))
    for x in fails:
        print("FAIL", x)
    print("peers_check: %d rows checked, %d withheld, %d group means with a withheld member, "
          "%d failures" % (checked, withheld_seen, partial_groups, len(fails)))
    if checked == 0 or withheld_seen == 0 or partial_groups == 0:
        print("FAIL the run exercised no withheld municipality or no partial peer group")
        return 1
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""privacy_audit.py - attack the published results with a linear/integer-programming solver.

Usage:
    privacy_audit.py --config INI --out DIR [--truth TRUTH.csv] [-v]

Reads ONLY the published tables of a run (DIR/results.csv, and
DIR/results-excel.csv to check that it is the same table) plus the
codebooks' structure (which items exist, their scales, dimensions and
current/target pairs: the questionnaire, which an attacker knows), and
rebuilds every additive relation the figures imply:

  * per figure kind q (respondents; per item: valid n, missing, don't know,
    count per code, the sum and the sum of squares of the codes behind the
    mean and SD; per dimension: scored respondents, the sum and the sum of
    squares of the scores, the complete cases behind alpha; per action area:
    paired respondents, the sums of the current and target levels):
      - region = sum of municipalities,
      - group = sum of the categories of a breakdown + the respondents without
        a category (an unknown residual cell, never published),
      - region's category = sum of the municipalities' category cells, and the
        region's residual = the sum of the municipal residuals;
  * inside every cell (residuals included): n + missing + don't know =
    respondents, n = sum of the code counts (for multi-choice items each
    count <= n <= sum of counts), sums = code-weighted counts, scored and
    alpha counts <= respondents, paired <= each item's n, score and level
    sums within the scale times their counts and within the item sums.

Every withheld figure is an unknown non-negative number (counts integer).
For every group with fewer than min_group_size respondents (true counts:
from the raw exports, or --truth), the solver finds the smallest and largest
respondent count consistent with everything published (LP relaxation first;
MILP when the LP vertex is fractional). It fails on

  * exact:  a small group's count determined,
  * small:  a small group whose largest feasible count is below the minimum
            (the attacker knows it is small),
  * narrow: the feasible interval is narrower than the minimum,
  * answer: a non-zero answer count, code sum, score sum or paired sum inside
            a small group determined (found by probing the feasible set with
            random objectives, then min/max of every quantity that did not move),
  * primary: a small group with a figure published,
  * truth:  a published count that differs from the true count (the model or
            the truth is wrong), or an infeasible model.

Exit status 0 when no check fails, 1 otherwise, 2 on usage or input errors.
"""
import argparse
import configparser
import csv
import math
import os
import random
import sys
import time
import unicodedata

import numpy as np
from scipy.optimize import linprog, milp, LinearConstraint, Bounds
from scipy.sparse import coo_matrix

TOL = 1e-6


# --------------------------------------------------------------------------
# Reading the configuration and the codebooks (structure only).

def read_config(path):
    cp = configparser.ConfigParser(inline_comment_prefixes=(';',), interpolation=None,
                                   strict=False)
    cp.optionxform = str
    with open(path, encoding='utf-8') as f:
        cp.read_file(f)
    base = os.path.dirname(os.path.abspath(path))
    cfg = {'min': int(cp['region'].get('min_group_size', '5')), 'munis': [], 'aliases': {},
           'instruments': {}, 'waves': []}
    for s in cp.sections():
        if s.startswith('municipality '):
            name = s[len('municipality '):].strip()
            cfg['munis'].append(name)
            cfg['aliases'][norm(name)] = name
            for a in cp[s].get('aliases', '').split(','):
                if a.strip():
                    cfg['aliases'][norm(a)] = name
        elif s.startswith('instrument '):
            cfg['instruments'][s.split(None, 1)[1].strip()] = os.path.join(
                base, cp[s]['codebook'].strip())
        elif s.startswith('wave '):
            cfg['waves'].append({'id': s.split(None, 1)[1].strip(),
                                 'instrument': cp[s]['instrument'].strip(),
                                 'file': os.path.join(base, cp[s]['file'].strip())})
    return cfg


def norm(s):
    s = unicodedata.normalize('NFC', s).replace('\u00a0', ' ')
    s = ' '.join(s.split())
    if s.endswith(':'):
        s = s[:-1].rstrip()
    return s.casefold()


def read_codebook(path):
    cb = {'scales': {}, 'items': [], 'dims': [], 'bd': [], 'muni_col': None, 'id_col': None}
    with open(path, encoding='utf-8-sig', newline='') as f:
        for row in csv.reader(f):
            if not row or row[0].startswith('#') or row[0] == 'kind':
                continue
            row += [''] * (10 - len(row))
            kind, iid, col, dim, scale, code, rev, pair, label = row[:9]
            if kind in ('code', 'dontknow'):
                sc = cb['scales'].setdefault(scale, {'codes': {}, 'dk': set(), 'labels': {}})
                c = int(code)
                sc['labels'][norm(label)] = c
                sc['labels'][str(c)] = c
                if kind == 'dontknow':
                    sc['dk'].add(c)
                else:
                    sc['codes'].setdefault(c, label)
            elif kind == 'dimension':
                cb['dims'].append(iid)
            elif kind == 'municipality':
                cb['muni_col'] = col
            elif kind == 'respondent':
                cb['id_col'] = col
            elif kind == 'breakdown':
                cb['bd'].append({'id': iid, 'col': col, 'scale': scale})
            elif kind in ('likert', 'current', 'target', 'choice', 'multi', 'numeric'):
                cb['items'].append({'kind': kind, 'id': iid, 'col': col, 'dim': dim,
                                    'scale': scale, 'pair': pair})
    return cb


# --------------------------------------------------------------------------
# True respondent counts from the raw exports (independent of the binary).

def read_export(path):
    raw = open(path, 'rb').read()
    try:
        text = raw.decode('utf-8-sig')
    except UnicodeDecodeError:
        text = raw.decode('cp1252')
    first = text.split('\n', 1)[0]
    delim = max([';', ',', '\t'], key=first.count)
    return list(csv.reader(text.splitlines(True), delimiter=delim))


def true_counts(cfg, cbs):
    """{(wave, group, bdstring): respondents} for every cell, residuals as bd '~b'."""
    truth = {}
    for w in cfg['waves']:
        cb = cbs[w['instrument']]
        rows = read_export(w['file'])
        head = [norm(h) for h in rows[0]]
        ci = {h: k for k, h in enumerate(head)}
        mcol = ci[norm(cb['muni_col'])]
        idcol = ci.get(norm(cb['id_col'])) if cb['id_col'] else None
        seen = set()
        for r in rows[1:]:
            if not any(x.strip() for x in r):
                continue
            if len(r) != len(head):
                continue
            m = cfg['aliases'].get(norm(r[mcol]))
            if m is None:
                continue
            if idcol is not None:
                rid = r[idcol].strip()
                if rid and rid in seen:
                    continue
                seen.add(rid)
            for g in (m, 'ALL'):
                truth[(w['id'], g, '')] = truth.get((w['id'], g, ''), 0) + 1
            for b in cb['bd']:
                sc = cb['scales'][b['scale']]
                v = norm(r[ci[norm(b['col'])]])
                code = sc['labels'].get(v)
                if code is None or code in sc['dk']:
                    key = '~' + b['id']
                else:
                    key = b['id'] + '=' + sc['codes'][code]
                for g in (m, 'ALL'):
                    truth[(w['id'], g, key)] = truth.get((w['id'], g, key), 0) + 1
    return truth


# --------------------------------------------------------------------------
# The published table.

def read_results(path):
    tab = {}
    with open(path, encoding='utf-8', newline='') as f:
        for r in csv.DictReader(f):
            key = (r['wave'], r['group'], r['breakdown'], r['subject'], r['statistic'],
                   r['category'])
            tab[key] = r
    return tab


def read_excel_twin(path):
    tab = {}
    with open(path, encoding='utf-8-sig', newline='') as f:
        rd = csv.reader(f, delimiter=';')
        next(rd)
        for r in rd:
            r = [x[1:] if x.startswith("'") else x for x in r]
            tab[tuple(r[:6])] = (r[6].replace(',', '.'), r[7], r[8])
    return tab


def fnum(s):
    return float(s) if s not in ('', None) else None


class Model:
    """Variables, bounds and linear constraints of the attacker's problem for one wave."""

    def __init__(self):
        self.lb, self.ub, self.integer, self.names = [], [], [], []
        self.eq = []   # (coeffs {var: a}, rhs)
        self.le = []   # (coeffs, rhs): sum a x <= rhs

    def var(self, name, integer=True, ub=np.inf):
        self.lb.append(0.0)
        self.ub.append(ub)
        self.integer.append(1 if integer else 0)
        self.names.append(name)
        return len(self.lb) - 1


class Lin:
    """A linear expression: constant + sum of coefficient * variable."""

    def __init__(self, c=0.0, terms=None):
        self.c = c
        self.t = dict(terms or {})

    @staticmethod
    def of(x):
        return x if isinstance(x, Lin) else Lin(float(x))

    def __add__(self, o):
        o = Lin.of(o)
        r = Lin(self.c + o.c, self.t)
        for k, v in o.t.items():
            r.t[k] = r.t.get(k, 0.0) + v
        return r

    def __sub__(self, o):
        return self + Lin.of(o) * -1.0

    def __mul__(self, a):
        return Lin(self.c * a, {k: v * a for k, v in self.t.items()})

    __radd__ = __add__


def var_lin(v):
    return Lin(0.0, {v: 1.0})


def add_eq(M, lhs, rhs):
    e = Lin.of(lhs) - Lin.of(rhs)
    if not e.t:
        return abs(e.c) <= 1e-6 * max(1.0, abs(e.c))
    M.eq.append((e.t, -e.c))
    return True


def add_le(M, lhs, rhs):
    e = Lin.of(lhs) - Lin.of(rhs)
    if not e.t:
        return e.c <= 1e-6 * max(1.0, abs(e.c)) + 1e-9
    M.le.append((e.t, -e.c))
    return True


# --------------------------------------------------------------------------
# Building the model of one wave.

def build_wave(wave, cfg, cb, tab, problems):
    munis = cfg['munis']
    groups = munis + ['ALL']
    # Cells present: every (group, breakdown) with a respondents row.
    cells = sorted({(k[1], k[2]) for k in tab if k[0] == wave and k[3] == 'respondents'
                    and k[4] == 'respondents'})
    bds = {}
    for g, b in cells:
        if b:
            bid, lab = b.split('=', 1)
            bds.setdefault(bid, [])
            if b not in bds[bid]:
                bds[bid].append(b)
    M = Model()
    items = cb['items']
    dims = [d for d in cb['dims'] if any(it['dim'] == d and it['kind'] == 'likert'
                                         for it in items)]
    gaps = [it for it in items if it['kind'] == 'current' and it['pair']]
    byid = {it['id']: it for it in items}
    # Numeric items: value categories seen anywhere in the wave.
    numcats = {}
    for k in tab:
        if k[0] == wave and k[4] == 'count' and k[3] in byid and byid[k[3]]['kind'] == 'numeric':
            numcats.setdefault(k[3], set()).add(k[5])

    def codes_of(it):
        if it['kind'] == 'numeric':
            return sorted(numcats.get(it['id'], set()), key=float)
        return [str(c) for c in sorted(cb['scales'][it['scale']]['codes'])]

    def val(g, b, subj, stat, cat=''):
        r = tab.get((wave, g, b, subj, stat, cat))
        if r is None:
            return None, False
        if r['note']:
            return None, True
        return r, False

    # Quantities of each cell: name -> Lin.  A residual cell has key (g, '~' + bid).
    Q = {}
    hidden_resp = {}

    def cell_quantities(g, b, residual=False):
        q = {}
        tag = f'{g}|{b}'
        r, withheld = (None, True) if residual else val(g, b, 'respondents', 'respondents')
        present = residual or (g, b) in cells
        if not present:
            return None
        if r is not None:
            q['R'] = Lin(float(r['value']))
        else:
            v = M.var(f'{tag}|R')
            q['R'] = var_lin(v)
            hidden_resp[(g, b)] = v
        for it in items:
            iid = it['id']
            codes = codes_of(it)
            nr, _ = (None, True) if residual else val(g, b, iid, 'n')
            if nr is not None:
                n = float(nr['value'])
                q[('n', iid)] = Lin(n)
                q[('miss', iid)] = Lin(float(val(g, b, iid, 'missing')[0]['value']))
                if it['kind'] != 'numeric':
                    q[('dk', iid)] = Lin(float(val(g, b, iid, 'dontknow')[0]['value']))
                for c in codes:
                    cr, _ = val(g, b, iid, 'count', c)
                    q[('cnt', iid, c)] = Lin(float(cr['value']) if cr else 0.0)
                if it['kind'] in ('likert', 'current', 'target', 'numeric'):
                    mr, _ = val(g, b, iid, 'mean')
                    sr, _ = val(g, b, iid, 'sd')
                    if mr is not None:
                        mean = float(mr['value'])
                        # Sums of integer codes are integers: undo the rounding of print.
                        fix = round if it['kind'] != 'numeric' else (lambda x: x)
                        q[('S', iid)] = Lin(fix(mean * n))
                        if sr is not None:
                            sd = float(sr['value'])
                            q[('SS', iid)] = Lin(fix((n - 1) * sd * sd + n * mean * mean))
                        elif n == 1:
                            q[('SS', iid)] = Lin(fix(mean * mean))
                    elif n == 0:
                        q[('S', iid)] = Lin(0.0)
                        q[('SS', iid)] = Lin(0.0)
            else:
                q[('miss', iid)] = var_lin(M.var(f'{tag}|{iid}|miss'))
                if it['kind'] != 'numeric':
                    q[('dk', iid)] = var_lin(M.var(f'{tag}|{iid}|dk'))
                for c in codes:
                    q[('cnt', iid, c)] = var_lin(M.var(f'{tag}|{iid}|cnt{c}'))
                if it['kind'] == 'multi':
                    q[('n', iid)] = var_lin(M.var(f'{tag}|{iid}|n'))
                else:
                    n = Lin()
                    for c in codes:
                        n = n + q[('cnt', iid, c)]
                    q[('n', iid)] = n
                if it['kind'] in ('likert', 'current', 'target', 'numeric'):
                    s, ss = Lin(), Lin()
                    for c in codes:
                        s = s + q[('cnt', iid, c)] * float(c)
                        ss = ss + q[('cnt', iid, c)] * (float(c) ** 2)
                    q[('S', iid)] = s
                    q[('SS', iid)] = ss
        for d in dims:
            dr, _ = (None, True) if residual else val(g, b, d, 'n')
            if dr is not None:
                n = float(dr['value'])
                q[('dn', d)] = Lin(n)
                mr, _ = val(g, b, d, 'mean')
                sr, _ = val(g, b, d, 'sd')
                if mr is not None:
                    mean = float(mr['value'])
                    q[('dS', d)] = Lin(mean * n)
                    if sr is not None:
                        sd = float(sr['value'])
                        q[('dSS', d)] = Lin((n - 1) * sd * sd + n * mean * mean)
                elif n == 0:
                    q[('dS', d)] = Lin(0.0)
                    q[('dSS', d)] = Lin(0.0)
                ar, _ = val(g, b, d, 'alpha')
                if ar is not None and ar['n'] not in ('', None):
                    q[('an', d)] = Lin(float(ar['n']))
                else:
                    q[('an', d)] = var_lin(M.var(f'{tag}|{d}|an'))
            else:
                q[('dn', d)] = var_lin(M.var(f'{tag}|{d}|dn'))
                q[('dS', d)] = var_lin(M.var(f'{tag}|{d}|dS', integer=False))
                q[('dSS', d)] = var_lin(M.var(f'{tag}|{d}|dSS', integer=False))
                q[('an', d)] = var_lin(M.var(f'{tag}|{d}|an'))
        for it in gaps:
            d = it['dim']
            gr, _ = (None, True) if residual else val(g, b, d, 'gap_mean')
            if gr is not None:
                n = float(gr['n'])
                q[('gn', d)] = Lin(n)
                q[('gC', d)] = Lin(float(val(g, b, d, 'current_mean')[0]['value']) * n)
                q[('gT', d)] = Lin(float(val(g, b, d, 'target_mean')[0]['value']) * n)
            else:
                cr, _ = (None, True) if residual else val(g, b, d, 'current_mean')
                if cr is not None:  # n = 0 is never written; current without gap: n = 1
                    n = float(cr['n'])
                    q[('gn', d)] = Lin(n)
                    q[('gC', d)] = Lin(float(cr['value']) * n)
                    q[('gT', d)] = Lin(float(val(g, b, d, 'target_mean')[0]['value']) * n)
                else:
                    q[('gn', d)] = var_lin(M.var(f'{tag}|{d}|gn'))
                    q[('gC', d)] = var_lin(M.var(f'{tag}|{d}|gC', integer=False))
                    q[('gT', d)] = var_lin(M.var(f'{tag}|{d}|gT', integer=False))
        return q

    for g in groups:
        Q[(g, '')] = cell_quantities(g, '')
        for bid, blist in bds.items():
            for b in blist:
                Q[(g, b)] = cell_quantities(g, b)
            Q[(g, '~' + bid)] = cell_quantities(g, '~' + bid, residual=True)

    # Cell-level constraints (published cells are checked: they validate the model).
    def cell_constraints(key, q):
        ok = True
        R = q['R']
        for it in items:
            iid = it['id']
            rest = q[('n', iid)] + q[('miss', iid)]
            if it['kind'] != 'numeric':
                rest = rest + q[('dk', iid)]
            ok &= add_eq(M, rest, R)
            codes = codes_of(it)
            if it['kind'] == 'multi':
                tot = Lin()
                for c in codes:
                    ok &= add_le(M, q[('cnt', iid, c)], q[('n', iid)])
                    tot = tot + q[('cnt', iid, c)]
                ok &= add_le(M, q[('n', iid)], tot)
            else:
                tot = Lin()
                for c in codes:
                    tot = tot + q[('cnt', iid, c)]
                ok &= add_eq(M, tot, q[('n', iid)])
        for d in dims:
            ok &= add_le(M, q[('dn', d)], R)
            ok &= add_le(M, q[('an', d)], q[('dn', d)])
            for it in items:
                if it['dim'] == d and it['kind'] == 'likert':
                    ok &= add_le(M, q[('an', d)], q[('n', it['id'])])
            its = [it for it in items if it['dim'] == d and it['kind'] == 'likert']
            codes = sorted(cb['scales'][its[0]['scale']]['codes'])
            lo, hi = codes[0], codes[-1]
            if ('dS', d) in q:
                ok &= add_le(M, q[('dn', d)] * lo, q[('dS', d)])
                ok &= add_le(M, q[('dS', d)], q[('dn', d)] * hi)
                if ('dSS', d) in q:
                    ok &= add_le(M, q[('dn', d)] * (lo * lo), q[('dSS', d)])
                    ok &= add_le(M, q[('dSS', d)], q[('dn', d)] * (hi * hi))
        for it in gaps:
            d = it['dim']
            cur, tgt = it, byid[it['pair']]
            for x, key2 in ((cur, 'gC'), (tgt, 'gT')):
                codes = sorted(cb['scales'][x['scale']]['codes'])
                lo, hi = codes[0], codes[-1]
                ok &= add_le(M, q[('gn', d)], q[('n', x['id'])])
                ok &= add_le(M, q[('gn', d)] * lo, q[(key2, d)])
                ok &= add_le(M, q[(key2, d)], q[('gn', d)] * hi)
                if ('S', x['id']) in q:
                    unpaired = q[('n', x['id'])] - q[('gn', d)]
                    ok &= add_le(M, q[(key2, d)], q[('S', x['id'])] - unpaired * lo)
                    ok &= add_le(M, q[('S', x['id'])] - unpaired * hi, q[(key2, d)])
        if not ok:
            problems.append(f'{wave} {key}: a published cell breaks a per-cell relation '
                            '(the audit model is wrong)')

    for key, q in Q.items():
        if q is not None:
            cell_constraints(key, q)

    # Additive relations across cells.
    qnames = set()
    for q in Q.values():
        if q:
            qnames |= set(q)

    def get(g, b, name):
        q = Q.get((g, b))
        if q is None:
            return Lin(0.0)
        return q.get(name)

    def relate(total, parts, what):
        if total is None or any(p is None for p in parts):
            return
        s = Lin()
        for p in parts:
            s = s + p
        if not add_eq(M, s, total):
            problems.append(f'{wave} {what}: published figures do not add up '
                            '(the audit model is wrong)')

    for name in sorted(qnames, key=str):
        relate(get('ALL', '', name), [get(m, '', name) for m in munis], f'{name} region')
        for bid, blist in bds.items():
            for g in groups:
                relate(get(g, '', name), [get(g, b, name) for b in blist] +
                       [get(g, '~' + bid, name)], f'{name} {g} {bid}')
            for b in blist + ['~' + bid]:
                relate(get('ALL', b, name), [get(m, b, name) for m in munis],
                       f'{name} {b} region')
    return M, Q, hidden_resp, bds


# --------------------------------------------------------------------------
# Solving.

class Solver:
    def __init__(self, M):
        self.M = M
        n = len(M.lb)
        self.n = n

        def mat(rows):
            r, c, v, b = [], [], [], []
            for i, (co, rhs) in enumerate(rows):
                for k, a in co.items():
                    r.append(i)
                    c.append(k)
                    v.append(a)
                b.append(rhs)
            return coo_matrix((v, (r, c)), shape=(len(rows), n)).tocsr(), np.array(b)

        self.Aeq, self.beq = mat(M.eq)
        self.Aub, self.bub = mat(M.le)
        self.bounds = list(zip(M.lb, [None if math.isinf(u) else u for u in M.ub]))
        self.integ = np.array(M.integer)
        self.lps = 0
        self.milps = 0

    def lp(self, c):
        self.lps += 1
        r = linprog(c, A_ub=self.Aub if self.Aub.shape[0] else None,
                    b_ub=self.bub if self.Aub.shape[0] else None,
                    A_eq=self.Aeq if self.Aeq.shape[0] else None,
                    b_eq=self.beq if self.Aeq.shape[0] else None,
                    bounds=self.bounds, method='highs-ipm')
        return r

    def mip(self, c):
        self.milps += 1
        cons = []
        if self.Aeq.shape[0]:
            cons.append(LinearConstraint(self.Aeq, self.beq - 1e-6, self.beq + 1e-6))
        if self.Aub.shape[0]:
            cons.append(LinearConstraint(self.Aub, -np.inf, self.bub + 1e-6))
        ub = np.array([np.inf if u is None else u for _, u in self.bounds])
        r = milp(c, constraints=cons, integrality=self.integ,
                 bounds=Bounds(np.zeros(self.n), ub), options={'time_limit': 10})
        return r

    def bound(self, v, sense, near):
        """Min (sense=1) or max (sense=-1) of integer variable v.

        The LP relaxation's bound, rounded inwards, is a bound for the integer
        attacker too (it may only do better). When the LP vertex is fractional
        and near(bound) says the result is close to failing, the MILP is
        solved (time-limited); returns (bound, how) with how 'lp', 'milp' or
        'lp, milp inconclusive'.
        """
        c = np.zeros(self.n)
        c[v] = sense
        r = self.lp(c)
        if r.status == 2:
            return None, 'infeasible'
        if r.status == 3:
            return math.inf, 'lp'
        x = r.x
        val = x[v]
        b = math.ceil(val - TOL) if sense > 0 else math.floor(val + TOL)
        frac = np.abs(x - np.round(x))[self.integ == 1]
        if frac.size == 0 or frac.max() < 1e-6 or not near(b):
            return b, 'lp'
        r = self.mip(c)
        if r.x is None or r.status != 0:
            return b, 'lp, milp inconclusive'
        return round(r.x[v]), 'milp'


def audit_wave(wave, cfg, cb, tab, truth, verbose, out, seed):
    problems = []
    M, Q, hidden, bds = build_wave(wave, cfg, cb, tab, problems)
    mn = cfg['min']
    S = Solver(M)
    fails = []
    stats = {'cells_hidden': len(hidden), 'small': 0, 'vars': S.n,
             'eq': len(M.eq), 'le': len(M.le)}
    for p in problems:
        fails.append(('model', p))
    # Feasibility: the true table must be one of the attacker's solutions.
    r0 = S.lp(np.zeros(S.n))
    if r0.status != 0:
        fails.append(('truth', f'{wave}: the attacker model is infeasible ({r0.message})'))
        return fails, stats
    probes = [r0.x]
    # Groups to protect: small by the true counts.
    targets = []
    for (g, b), q in Q.items():
        if q is None:
            continue
        t = truth.get((wave, g, b if not b.startswith('~') else b), 0)
        if b.startswith('~'):
            t = truth.get((wave, g, b), 0)
        R = q['R']
        if not R.t:
            if abs(R.c - t) > 1e-9:
                fails.append(('truth', f'{wave} {g} {b or "total"}: published respondents '
                              f'{R.c:g}, true {t}'))
            if 0 < t < mn:
                fails.append(('primary', f'{wave} {g} {b or "total"}: {t} respondents '
                              'published'))
            continue
        if 0 < t < mn:
            targets.append((g, b, t, q))
    stats['small'] = len(targets)
    # A small group is safe when some solution gives it at least t + min
    # respondents (then the largest count reaches min and the interval is at
    # least min wide). Rounds of LPs that push every undecided group up at
    # once find such solutions for most groups; the rest get their exact
    # smallest and largest counts.
    pending = list(targets)
    for _ in range(6):
        if not pending:
            break
        coef = np.zeros(S.n)
        for g, b, t, q in pending:
            coef[next(iter(q['R'].t))] -= 1.0
        r = S.lp(coef)
        if r.status != 0:
            break
        left = [tg for tg in pending
                if r.x[next(iter(tg[3]['R'].t))] < tg[2] + mn - 1e-6]
        if verbose:
            for g, b, t, q in pending:
                if (g, b, t, q) not in left:
                    out.write(f'  ok {wave} {g} {b or "total"}: true {t}, a solution has '
                              f'{r.x[next(iter(q["R"].t))]:g}\n')
        if len(left) == len(pending):
            break
        pending = left
    stats['witnessed'] = len(targets) - len(pending)
    for g, b, t, q in pending:
        v = next(iter(q['R'].t))
        # The MILP only where the LP's answer is within 2 of failing.
        hi, how_hi = S.bound(v, -1, lambda x: x < mn + 2)
        lo, how_lo = S.bound(v, 1, lambda x: hi - x < mn + 2)
        name = f'{wave} {g} {b or "total"}'
        if b.startswith('~'):
            name = f'{wave} {g} without {b[1:]}'
        if lo is None or hi is None:
            fails.append(('truth', f'{name}: infeasible'))
            continue
        if not (lo - TOL <= t <= hi + TOL):
            fails.append(('truth', f'{name}: true {t} outside the feasible [{lo}, {hi}]'))
        line = f'{name}: true {t}, feasible [{lo}, {hi}] ({how_lo}; {how_hi})'
        if 'inconclusive' in how_lo + how_hi:
            stats['inconclusive'] = stats.get('inconclusive', 0) + 1
        if hi - lo < TOL:
            fails.append(('exact', line))
        elif hi < mn:
            fails.append(('small', line))
        elif hi - lo < mn:
            fails.append(('narrow', line))
        elif verbose:
            out.write('  ok ' + line + '\n')
            out.flush()
    # Answers inside the small groups: every quantity (count, sum, scored or
    # paired count) that is not 0 in the true table must take two values.
    # Rounds of LPs that push all undecided quantities up (then down) together
    # sort out those that move; what never moves is solved one by one.
    cand = []
    for g, b, t, q in targets:
        name = f'{wave} {g} {b or "total"}' if not b.startswith('~') else \
            f'{wave} {g} without {b[1:]}'
        for key, e in q.items():
            if key == 'R' or not e.t:
                continue
            cand.append((name, key, e))
    x0 = probes[0]

    def value(e, x):
        return e.c + sum(a * x[k] for k, a in e.t.items())

    undecided = list(range(len(cand)))
    for sense in (-1, 1, -1, 1):
        if not undecided:
            break
        coef = np.zeros(S.n)
        for i in undecided:
            for k, a in cand[i][2].t.items():
                coef[k] += sense * a
        r = S.lp(coef)
        if r.status != 0:
            break
        undecided = [i for i in undecided
                     if abs(value(cand[i][2], r.x) - value(cand[i][2], x0)) < 1e-6]
    for i in undecided:
        name, key, e = cand[i]
        v0 = value(e, x0)
        if abs(v0) < 1e-6:
            continue  # 0 whether or not it can move: nothing to disclose
        coef = np.zeros(S.n)
        for k, a in e.t.items():
            coef[k] = a
        rmin = S.lp(coef)
        rmax = S.lp(-coef)
        if rmin.status != 0 or rmax.status != 0:
            continue
        a, bnd = rmin.fun + e.c, -rmax.fun + e.c
        if bnd - a < 1e-6 and abs(v0) > 1e-6:
            fails.append(('answer', f'{name}: {key} determined = {a:g}'))
    stats['lp'] = S.lps
    stats['milp'] = S.milps
    return fails, stats


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--config', required=True)
    ap.add_argument('--out', required=True, help='the output folder of the run')
    ap.add_argument('--truth', help='CSV wave,group,breakdown,respondents (else from exports)')
    ap.add_argument('-v', '--verbose', action='store_true')
    ap.add_argument('--seed', type=int, default=1)
    a = ap.parse_args()
    t0 = time.time()
    cfg = read_config(a.config)
    cbs = {k: read_codebook(p) for k, p in cfg['instruments'].items()}
    tab = read_results(os.path.join(a.out, 'results.csv'))
    if a.truth:
        truth = {}
        with open(a.truth, encoding='utf-8', newline='') as f:
            for r in csv.DictReader(f):
                truth[(r['wave'], r['group'], r['breakdown'])] = int(r['respondents'])
    else:
        truth = true_counts(cfg, cbs)
    # Residual truth: group total minus the group's categories of each breakdown.
    for (w, g, b), v in list(truth.items()):
        if b == '':
            for bid in {k[2].split('=')[0] for k in truth if k[0] == w and '=' in k[2]}:
                if (w, g, '~' + bid) not in truth:
                    s = sum(x for (w2, g2, b2), x in truth.items()
                            if w2 == w and g2 == g and b2.startswith(bid + '='))
                    truth[(w, g, '~' + bid)] = v - s
    fails = []
    # The Excel twin: the same figures and the same withheld set.
    xl = os.path.join(a.out, 'results-excel.csv')
    if os.path.exists(xl):
        twin = read_excel_twin(xl)
        if len(twin) != len(tab):
            fails.append(('twin', f'results-excel.csv has {len(twin)} rows, results.csv '
                          f'{len(tab)}'))
        else:
            for k, r in tab.items():
                x = twin.get(k)
                if x is None or bool(x[2]) != bool(r['note']) or \
                        (r['value'] and x[0] != r['value'] and
                         not (fnum_safe(x[0]) is not None and fnum_safe(r['value']) is not None
                              and abs(fnum_safe(x[0]) - fnum_safe(r['value'])) < 1e-9)):
                    fails.append(('twin', f'results-excel.csv differs at {k}'))
                    break
    notes = {r['note'] for r in tab.values() if r['note']}
    if len(notes - {'not_applicable'}) > 1:
        fails.append(('marker', f'withheld figures carry {len(notes)} different notes '
                      f'({", ".join(sorted(notes))}): one neutral status is required'))
    withheld = sum(1 for r in tab.values() if r['note'] and r['note'] != 'not_applicable')
    total = {'small': 0, 'cells_hidden': 0}
    for w in cfg['waves']:
        if not any(k[0] == w['id'] for k in tab):
            continue
        t1 = time.time()
        f, st = audit_wave(w['id'], cfg, cbs[w['instrument']], tab, truth, a.verbose,
                           sys.stdout, a.seed)
        fails += f
        total['small'] += st['small']
        total['cells_hidden'] += st['cells_hidden']
        print(f"{w['id']}: {st['small']} small groups, {st['cells_hidden']} hidden cells, "
              f"{st['vars']} unknowns, {st.get('lp', 0)} LPs, {st.get('milp', 0)} MILPs "
              f"({st.get('inconclusive', 0)} groups with an inconclusive MILP: LP bound kept), "
              f"{st.get('witnessed', 0)} groups shown safe by a solution with t + min, "
              f"{time.time() - t1:.1f} s", flush=True)
    kinds = {}
    for k, msg in fails:
        kinds[k] = kinds.get(k, 0) + 1
        print(f'FAIL {k}: {msg}')
    print(f"privacy audit: {len(tab)} figures, {withheld} withheld; {total['small']} small "
          f"groups; " + (', '.join(f'{v} {k}' for k, v in sorted(kinds.items())) or
                          'no disclosure') + f'; {time.time() - t0:.1f} s')
    return 1 if fails else 0


def fnum_safe(s):
    try:
        return float(s)
    except ValueError:
        return None


if __name__ == '__main__':
    sys.exit(main())

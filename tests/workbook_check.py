#!/usr/bin/python3
"""Reads the analysts' workbook back and checks it against the tidy results.

    workbook_check.py WORKBOOK RESULTS_CSV [--lang fi|en]

Reads WORKBOOK with openpyxl in read-only mode (values) and its sheet XML
(structure), and the published figures of the same run from RESULTS_CSV
through tests/privacy_audit.py's read_results (so that it follows that
table's format). Fails (exit 1, one line per problem) unless:

- every sheet of the workbook's design is there, in the language asked;
- every sheet has a frozen header row and an autofilter over all its rows,
  no cell holds a formula, and no sheet passes Excel's 1,048,576 rows;
- the read-me lists every column of every sheet with its code, in order,
  and each sheet's header row is exactly that;
- every figure cell ties back to its row of the tidy results through the
  key columns and the column's code: a number cell equals the published
  number (to the 15 significant digits a workbook keeps), a withheld figure
  is the neutral withheld word and never a number, a word figure is its word,
  and an empty cell is a figure the results do not have. So the workbook
  publishes nothing the results withhold, and every figure in it is one the
  privacy audit has already checked (nothing new to difference).
"""
import os
import re
import sys
import zipfile

import openpyxl

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from privacy_audit import read_results  # noqa: E402

SHEETS = {
    'fi': ['Lue minut', 'Yhteenveto', 'Osa-alueet', 'Kysymykset', 'Vastausjakaumat', 'Muutos',
           'Nykytila ja tavoite', 'Vertailut', 'Strategian eteneminen', 'Taustaryhmät',
           'Tietojen laatu'],
    'en': ['Read me', 'Summary', 'Dimensions', 'Items', 'Answer distributions', 'Change',
           'Current vs target', 'Comparisons', 'Strategy progress', 'Breakdowns', 'Data quality'],
}
WITHHELD = {'fi': 'salattu', 'en': 'withheld'}
NOT_APPLICABLE = {'fi': 'ei laskettavissa', 'en': 'not applicable'}
WORDS = {
    'fi': {'red': 'punainen', 'yellow': 'keltainen', 'green': 'vihreä', 'uncertain': 'epävarma',
           'suppressed': 'salattu', 'none': 'ei valoa', 'small_expected': 'pienet odotetut frekvenssit',
           'better': 'parani', 'worse': 'heikkeni', 'same': 'ennallaan'},
    'en': {'red': 'red', 'yellow': 'yellow', 'green': 'green', 'uncertain': 'uncertain',
           'suppressed': 'withheld', 'none': 'no light', 'small_expected': 'small expected counts',
           'better': 'better', 'worse': 'worse', 'same': 'unchanged'},
}
EXCEL_ROWS = 1048576

problems = []


def bad(msg):
    problems.append(msg)
    print('FAIL', msg)


def sheet_xml(path):
    """Sheet name -> the XML of its worksheet part."""
    out = {}
    with zipfile.ZipFile(path) as z:
        wbx = z.read('xl/workbook.xml').decode()
        rels = z.read('xl/_rels/workbook.xml.rels').decode()
        target = dict(re.findall(r'<Relationship Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
        for name, rid in re.findall(r'<sheet name="([^"]+)" sheetId="\d+" r:id="([^"]+)"', wbx):
            name = name.replace('&amp;', '&').replace('&lt;', '<').replace('&gt;', '>')
            out[name] = z.read('xl/' + target[rid]).decode()
    return out


def num_equal(a, b):
    return a == b or abs(a - b) <= 1e-14 * max(abs(a), abs(b))


def main(argv):
    lang = 'fi'
    if '--lang' in argv:
        i = argv.index('--lang')
        lang = argv[i + 1]
        del argv[i:i + 2]
    path, results_csv = argv[1], argv[2]
    tidy = read_results(results_csv)
    xml = sheet_xml(path)
    wb = openpyxl.load_workbook(path, read_only=True)
    names = wb.sheetnames
    base = [re.sub(r' \(\d+\)$', '', n) for n in names]
    for want in SHEETS[lang]:
        if want not in base:
            bad('sheet "%s" missing (sheets: %s)' % (want, ', '.join(names)))
    for n in names:
        x = xml[n]
        if not re.search(r'<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>', x):
            bad('%s: the header row is not frozen' % n)
        dim = re.search(r'<dimension ref="([A-Z]+\d+(?::[A-Z]+\d+)?)"/>', x)
        af = re.search(r'<autoFilter ref="([^"]+)"/>', x)
        if not af:
            bad('%s: no autofilter' % n)
        elif dim and af.group(1) != dim.group(1) and ':' in dim.group(1):
            bad('%s: the autofilter %s does not cover the sheet %s' % (n, af.group(1), dim.group(1)))
        if '<f>' in x or '<f ' in x:
            bad('%s: a cell holds a formula' % n)

    # The read-me: sheet, column, code, meaning.
    readme = list(wb[names[0]].iter_rows(values_only=True))
    cols = {}
    for r in readme[1:]:
        if r[1]:
            cols.setdefault(r[0], []).append((r[1], r[2]))
    fig = nums = withheld = 0
    for n in names[1:]:
        sheet = re.sub(r' \(\d+\)$', '', n)
        if sheet not in cols:
            # A continuation part's name may be shortened to fit 31 characters.
            sheet = next((s for s in cols if s.startswith(sheet)), sheet)
        spec = cols.get(sheet)
        if not spec:
            bad('%s: the read-me does not describe it' % n)
            continue
        rows = wb[n].iter_rows(values_only=True)
        head = next(rows, None)
        if list(head or []) != [h for h, _ in spec]:
            bad('%s: the header row is not the read-me\'s columns' % n)
            continue
        codes = [c for _, c in spec]
        count = 1
        for r in rows:
            count += 1
            r = list(r) + [None] * (len(codes) - len(r))
            key = {'wave': '', 'group': 'ALL', 'breakdown': '', 'subject': '', 'category': '',
                   'statistic': ''}
            for c, v in zip(codes, r):
                if c.startswith('key:'):
                    key[c[4:]] = '' if v is None else str(v)
            if 'key:group_id' in codes and key.get('group_id') == 'ALL':
                key['group'] = 'ALL'
            for c, v in zip(codes, r):
                if c.startswith(('key:', 'text:', 'label')):
                    if isinstance(v, (int, float)):
                        bad('%s row %d: key or label column "%s" holds a number' % (n, count, c))
                    continue
                stat, _, subj = c.partition('@')
                subject = subj or key['subject']
                group = key['group']
                if stat in ('value', 'value_n'):
                    stat = key['statistic']
                t = tidy.get((key['wave'], group, key['breakdown'], subject, stat,
                              key['category']))
                where = '%s row %d column %s (%s)' % (n, count, c, '/'.join(
                    (key['wave'], group, key['breakdown'], subject, stat, key['category'])))
                if c == 'value_n':
                    if v is not None and (t is None or t['note'] or t['n'] == '' or
                                          int(t['n']) != v):
                        bad('%s: n %r is not the published n' % (where, v))
                    continue
                if v is None:
                    if t is not None and (t['value'] != '' or t['note']):
                        bad('%s: empty, the results have %r' % (where, t['value'] or t['note']))
                    continue
                fig += 1
                if t is None:
                    bad('%s: %r is not in the results' % (where, v))
                elif isinstance(v, bool) or not isinstance(v, (int, float, str)):
                    bad('%s: unexpected cell %r' % (where, v))
                elif isinstance(v, (int, float)):
                    nums += 1
                    if t['note']:
                        bad('%s: the number %r is published where the results say %s'
                            % (where, v, t['note']))
                    else:
                        try:
                            ok = num_equal(float(t['value']), float(v))
                        except ValueError:
                            ok = False
                        if not ok:
                            bad('%s: %r, the results have %r' % (where, v, t['value']))
                elif t['note'] == 'suppressed':
                    withheld += 1
                    if v != WITHHELD[lang]:
                        bad('%s: a withheld figure shows %r' % (where, v))
                elif t['note']:
                    if v != NOT_APPLICABLE[lang]:
                        bad('%s: %r for a figure that is %s' % (where, v, t['note']))
                else:
                    try:
                        float(t['value'])
                        bad('%s: the number %s is written as text %r' % (where, t['value'], v))
                    except ValueError:
                        if v != WORDS[lang].get(t['value'], t['value']):
                            bad('%s: %r for the word %r' % (where, v, t['value']))
        if count > EXCEL_ROWS:
            bad('%s: %d rows, more than Excel\'s %d' % (n, count, EXCEL_ROWS))
    if nums == 0 or withheld == 0:
        bad('no numbers (%d) or no withheld figures (%d) checked' % (nums, withheld))
    print('%d sheets, %d figures checked (%d numbers, %d withheld), %d problems'
          % (len(names), fig, nums, withheld, len(problems)))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

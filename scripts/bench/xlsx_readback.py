#!/usr/bin/python3
"""Reads a digimittari workbook back as an analyst's tool would, and times it.

    xlsx_readback.py WORKBOOK

Opens WORKBOOK with openpyxl in read-only mode (Debian python3-openpyxl),
reads every row of every sheet, and prints one line per sheet (its rows,
header included, and columns), then the total and the seconds taken. Exits
1 when a sheet has more rows than Excel's 1,048,576 or a sheet has no
header row, else 0. For `make bench` at national scale (the sample is
checked in full by tests/workbook_check.py).
"""
import os
import sys
import time

import openpyxl

EXCEL_ROWS = 1048576


def main(argv):
    if len(argv) != 2:
        print('usage: xlsx_readback.py WORKBOOK', file=sys.stderr)
        return 2
    path = argv[1]
    t0 = time.monotonic()
    wb = openpyxl.load_workbook(path, read_only=True)
    total, worst = 0, 0
    fail = 0
    for ws in wb.worksheets:
        rows = cols = 0
        for r in ws.iter_rows(values_only=True):
            rows += 1
            cols = max(cols, len(r))
        total += rows
        worst = max(worst, rows)
        print('  %-40s %9d rows %4d columns' % (ws.title, rows, cols))
        if rows > EXCEL_ROWS:
            print('  FAIL %s: more rows than Excel\'s %d' % (ws.title, EXCEL_ROWS))
            fail = 1
        if rows == 0:
            print('  FAIL %s: no header row' % ws.title)
            fail = 1
    dt = time.monotonic() - t0
    print('%s: %d sheets, %d rows (largest sheet %d, Excel limit %d), %.1f MB, read in %.1f s'
          % (os.path.basename(path), len(wb.worksheets), total, worst, EXCEL_ROWS,
             os.path.getsize(path) / 1e6, dt))
    return fail


if __name__ == '__main__':
    sys.exit(main(sys.argv))

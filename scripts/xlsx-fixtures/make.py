#!/usr/bin/python3
"""Writes the workbook fixtures of tests/fixtures/xlsx/ with openpyxl.

    python3 scripts/xlsx-fixtures/make.py OUTDIR

Run by scripts/xlsx-fixtures/make.sh, which then has LibreOffice write its
own copies. For each sample export of input/ (digi-2022.csv, digi-2024.csv,
etatyo-2023.csv) it reads the CSV the way digimittari does (UTF-8 with or
without BOM, else Windows-1252; ';', ',' or tab from the header line) and
writes OUTDIR/NAME.xlsx with typed cells: whole numbers and decimal numbers
(decimal comma or point) as numbers, Finnish date-times ("4.9.2023 8.36.29",
"14.10.2022 7:51") as dates with a date style, everything else as text
(multi-line text kept), empty cells left out. A record that the CSV reader
rejects for its structure (a different number of fields than the header) has
no workbook form, so it is left out and listed in OUTDIR/dropped.txt as
"FILE LINE"; the end-to-end test removes the same lines from the CSV before
comparing results.

It also writes the Microsoft-Forms-shaped fixture forms.xlsx and the same
answers as forms.csv (UTF-8, ','), as Forms exports them: ID, Start time,
Completion time, Email, Name, then question texts as headers, multi-choice
answers joined with ';' (with the trailing ';' Forms writes).
"""
import csv
import datetime
import io
import os
import re
import sys

import openpyxl

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLES = ["digi-2022.csv", "digi-2024.csv", "etatyo-2023.csv"]
# Sheet names: the Finnish Excel default, a survey tool's, and openpyxl's own.
SHEETS = {"digi-2022.csv": "Taul1", "digi-2024.csv": "Vastaukset", "etatyo-2023.csv": "Sheet1"}

INT_RE = re.compile(r"^-?(0|[1-9][0-9]{0,14})$")
DEC_RE = re.compile(r"^-?(0|[1-9][0-9]{0,14})[.,][0-9]{1,6}$")
FI_DT_RE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?: (\d{1,2})[.:](\d{2})(?:[.:](\d{2}))?)?$")


def decode(raw):
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def records(path):
    """Yields (first physical line, fields) for each non-blank CSV record."""
    with open(path, "rb") as f:
        text = decode(f.read())
    first = text.split("\n", 1)[0]
    delim = max([";", ",", "\t"], key=first.count)
    buf = io.StringIO(text, newline="")
    reader = csv.reader(buf, delimiter=delim)
    line = 1
    pos = 0
    for rec in reader:
        start = line
        # Physical lines consumed so far: count newlines up to the reader position.
        newpos = buf.tell()
        line += text.count("\n", pos, newpos)
        pos = newpos
        if rec == [] or rec == [""]:
            continue
        yield start, rec


def typed(s):
    """The workbook value for one CSV cell (None = leave the cell out)."""
    if s == "":
        return None
    if INT_RE.match(s):
        return int(s)
    if DEC_RE.match(s):
        return float(s.replace(",", "."))
    m = FI_DT_RE.match(s)
    if m:
        d, mo, y, hh, mi, ss = m.groups()
        return datetime.datetime(int(y), int(mo), int(d), int(hh or 0), int(mi or 0), int(ss or 0))
    return s


def put_row(ws, r, values):
    for c, v in enumerate(values, 1):
        if v is None:
            continue
        cell = ws.cell(row=r, column=c, value=v)
        if isinstance(v, str) and v.startswith("="):
            cell.data_type = "s"  # text that looks like a formula stays text
        elif isinstance(v, datetime.datetime):
            cell.number_format = "d.m.yyyy h:mm:ss" if (v.hour or v.minute or v.second) else "d.m.yyyy"


def sample(name, outdir, dropped):
    path = os.path.join(ROOT, "input", name)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEETS[name]
    header = None
    r = 0
    for line, rec in records(path):
        if header is None:
            header = rec
            r += 1
            put_row(ws, r, rec)  # header texts stay text
            continue
        extra_blank = len(rec) > len(header) and all(not x.strip() for x in rec[len(header):])
        if len(rec) != len(header) and not extra_blank:
            dropped.append("%s %d" % (name, line))
            continue
        r += 1
        put_row(ws, r, [typed(x) for x in rec[: len(header)]])
    out = os.path.join(outdir, name[:-4] + ".xlsx")
    wb.save(out)


FORMS_HEADER = [
    "ID", "Start time", "Completion time", "Email", "Name",
    "Municipality", "Which tools do you use for remote work?",
    "I can concentrate well on remote days", "How many days a week do you work remotely?",
    "Comments",
]
# ID, start, completion (None = not submitted), municipality, tools, scale answer, days, comment.
FORMS_ROWS = [
    (1, (2023, 9, 4, 8, 36, 29), (2023, 9, 4, 8, 43, 24), "Kaustinen", "Teams;Outlook;", "Agree", 2, ""),
    (2, (2023, 9, 4, 8, 38, 46), (2023, 9, 4, 8, 50, 31), "Veteli", "Teams;", "Strongly agree", 1.5, "Works well.\nThanks!"),
    (3, (2023, 9, 4, 8, 57, 3), (2023, 9, 4, 9, 1, 49), "Kaustinen", "", "Neutral", 0, ""),
    (4, (2023, 9, 4, 9, 11, 18), (2023, 9, 4, 9, 20, 58), "Halsua", "Teams;OneDrive;Zoom;", "Disagree", 1, "VPN katkeilee; \"etäperjantai\" toimii."),
    (5, (2023, 9, 4, 9, 30, 0), None, "Perho", "Teams;", "", None, ""),
    (6, (2023, 9, 4, 10, 2, 11), (2023, 9, 4, 10, 9, 40), "Kaustisen kunta", "Outlook;", "Agree", 3, "Kiitos, hyvä kysely."),
    (7, (2023, 9, 5, 7, 45, 2), (2023, 9, 5, 7, 52, 13), "Toholampi", "Teams;Zoom;", "Strongly disagree", 0.5, ""),
    (8, (2023, 9, 5, 12, 1, 59), (2023, 9, 5, 12, 10, 8), "Lestijärvi", "Teams;Outlook;OneDrive;", "Agree", 2, ""),
    (9, (2023, 9, 5, 13, 20, 0), (2023, 9, 5, 13, 24, 44), "Veteli", "Teams;", "Neutral", 4, "Ä Ö Å ä ö å"),
    (10, (2023, 9, 6, 8, 0, 5), (2023, 9, 6, 8, 6, 1), "Kaustinen", "OneDrive;", "Agree", 2, ""),
]


def fmt_dt(t):
    return "" if t is None else "%d.%d.%d %d.%02d.%02d" % (t[2], t[1], t[0], t[3], t[4], t[5])


def forms(outdir):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    put_row(ws, 1, FORMS_HEADER)
    rows = []
    for i, (rid, st, done, muni, tools, ans, days, com) in enumerate(FORMS_ROWS, 2):
        vals = [rid, datetime.datetime(*st), datetime.datetime(*done) if done else None,
                "anonymous", None, muni, tools or None, ans or None, days, com or None]
        put_row(ws, i, vals)
        rows.append([str(rid), fmt_dt(st), fmt_dt(done), "anonymous", "", muni, tools, ans,
                     "" if days is None else ("%g" % days).replace(".", ","), com])
    wb.save(os.path.join(outdir, "forms.xlsx"))
    with open(os.path.join(outdir, "forms.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(FORMS_HEADER)
        w.writerows(rows)


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    dropped = []
    for name in SAMPLES:
        sample(name, outdir, dropped)
    with open(os.path.join(outdir, "dropped.txt"), "w") as f:
        for d in dropped:
            f.write(d + "\n")
    forms(outdir)


if __name__ == "__main__":
    main()

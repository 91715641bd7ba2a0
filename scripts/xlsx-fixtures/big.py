#!/usr/bin/python3
"""Writes a large workbook for measuring that memory does not grow with rows.

    python3 scripts/xlsx-fixtures/big.py ROWS OUT.xlsx

The rows are input/digi-2024.csv's answers over and over (respondent ids made
unique), written straight as sheet XML with shared strings for the texts and
numbers for the codes, as survey tools write them. Not a committed fixture:
README.md, "Workbook exports", reports what it measured.
"""
import csv
import io
import os
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def col(c):
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    with open(os.path.join(ROOT, "input", "digi-2024.csv"), encoding="utf-8-sig") as f:
        recs = [r for r in csv.reader(f, delimiter=";") if r]
    header, data = recs[0], [r for r in recs[1:] if len(r) == len(recs[0])]
    strings, index = [], {}

    def sid(s):
        if s not in index:
            index[s] = len(strings)
            strings.append(s)
        return index[s]

    def cell(r, c, v):
        if v == "":
            return ""
        if v.isdigit() and len(v) < 10 and c > 0:
            return '<c r="%s%d"><v>%s</v></c>' % (col(c), r, v)
        return '<c r="%s%d" t="s"><v>%d</v></c>' % (col(c), r, sid(v))

    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("_rels/.rels", '<Relationships><Relationship Id="r" Type="x/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", '<workbook><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="x/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as w:
            w.write(b"<worksheet><sheetData>")
            for r in range(1, n + 2):
                rec = header if r == 1 else list(data[(r - 2) % len(data)])
                if r > 1:
                    rec[0] = "R-%07d" % r
                w.write(('<row r="%d">' % r + "".join(cell(r, c, v) for c, v in enumerate(rec)) + "</row>").encode())
            w.write(b"</sheetData></worksheet>")
        buf = io.StringIO()
        buf.write("<sst>")
        for s in strings:
            buf.write("<si><t>%s</t></si>" % esc(s))
        buf.write("</sst>")
        z.writestr("xl/sharedStrings.xml", buf.getvalue())


if __name__ == "__main__":
    main()

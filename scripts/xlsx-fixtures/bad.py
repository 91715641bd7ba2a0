#!/usr/bin/python3
"""Writes the broken workbooks of tests/cases/bad/xlsx-*/ (run by make.sh),
and xlsx-renamed-csv, a good workbook under the export's .csv name.

    python3 scripts/xlsx-fixtures/bad.py CASESDIR

Each case's workbook is saved as export.csv, the name the bad-input corpus's
shared configuration reads (digimittari tells a workbook by its first bytes,
not its name). The workbooks are written part by part with zipfile, so that
each one breaks exactly one thing; the good parts are the smallest that
Excel opens: [Content_Types].xml, the package and workbook relationships,
the workbook, and one sheet of inline strings with the shared export's
header (tests/cases/bad/_shared/export.csv) and two answers.

The encrypted case is an OLE2 compound file laid out like Office's
password-protected workbooks (an EncryptionInfo and an EncryptedPackage
stream); it is written here because Debian packages no tool that encrypts
workbooks. Its streams hold filler bytes, not a real encrypted package: the
reader only needs to see what kind of file it is.
"""
import io
import os
import struct
import sys
import zipfile

HEADER = ["Tunnus", "Kunta", "Toimiala", "Voin vaikuttaa", "Tunnen kanavat",
          "Etätyö mahdollista?", "Etäpäivät", "Välineet", "Palaute"]
ROWS = [
    ["A1", "Kaustinen", "Hallinto", "Täysin samaa mieltä", 2, "Kyllä", 2.5, "Teams", "hyvä"],
    ["A2", "Lestijärvi", "Sivistys", 4, "En osaa sanoa", "Ei", 0, "Teams;Zoom", None],
]

CT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WB = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Vastaukset" sheetId="1" r:id="rId1"/></sheets>
</workbook>"""
WBRELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
</Relationships>"""


def col(c):
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cell(r, c, v):
    ref = "%s%d" % (col(c), r)
    if v is None:
        return ""
    if isinstance(v, (int, float)):
        return '<c r="%s"><v>%r</v></c>' % (ref, v)
    return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, esc(v))


def sheet(rows, extra=""):
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           "<sheetData>"]
    for r, row in enumerate(rows, 1):
        out.append('<row r="%d">' % r + "".join(cell(r, c, v) for c, v in enumerate(row)) + "</row>")
    out.append(extra + "</sheetData></worksheet>")
    return "".join(out)


def package(parts, compress=zipfile.ZIP_DEFLATED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compress) as z:
        for name, data in parts:
            if data is not None:
                z.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data,
                           compress_type=compress)
    return buf.getvalue()


def good(sheet_xml=None, **over):
    parts = {"[Content_Types].xml": CT, "_rels/.rels": RELS, "xl/workbook.xml": WB,
             "xl/_rels/workbook.xml.rels": WBRELS,
             "xl/worksheets/sheet1.xml": sheet_xml or sheet([HEADER] + ROWS)}
    parts.update(over)
    return package(list(parts.items()))


def ole2(streams):
    """A version-3 compound file with the given (name, bytes) streams, each >= 4096 bytes."""
    sec = 512
    end, free, fatsect, nostream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    fat = [fatsect, end]  # sector 0: the FAT, sector 1: the directory
    starts = []
    data = b""
    for name, body in streams:
        assert len(body) >= 4096 and len(body) % sec == 0
        n = len(body) // sec
        first = len(fat)
        starts.append(first)
        fat += [first + i + 1 for i in range(n - 1)] + [end]
        data += body
    fat += [free] * (sec // 4 - len(fat))

    def entry(name, typ, child, right, start, size):
        u = name.encode("utf-16-le") + b"\0\0"
        return (u.ljust(64, b"\0") + struct.pack("<HBBIII", len(u), typ, 1, nostream, right, child)
                + b"\0" * 16 + struct.pack("<IQQIQ", 0, 0, 0, start, size))

    dirs = entry("Root Entry", 5, 1, nostream, end, 0)
    for i, (name, body) in enumerate(streams):
        right = i + 2 if i + 1 < len(streams) else nostream
        dirs += entry(name, 2, nostream, right, starts[i], len(body))
    dirs = dirs.ljust(sec, b"\0")
    hdr = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
           + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
           + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
           + struct.pack("<I", 0) + struct.pack("<I", free) * 108)
    assert len(hdr) == sec
    return hdr + struct.pack("<%dI" % (sec // 4), *fat) + dirs + data


def cases():
    yield "xlsx-malformed-xml", good(sheet([HEADER] + ROWS).replace("</sheetData>", "</sheetdata>"))
    yield "xlsx-formula-no-value", good(sheet([HEADER] + ROWS).replace(
        '<c r="G3"><v>0</v></c>', '<c r="G3"><f>SUM(G2:G2)-2.5</f></c>'))
    yield "xlsx-column-beyond-xfd", good(sheet([HEADER] + ROWS).replace(
        '<c r="I2" t="inlineStr">', '<c r="XFE2" t="inlineStr">'))
    yield "xlsx-row-beyond-limit", good(sheet([HEADER] + ROWS).replace('<row r="3">', '<row r="1048577">')
                                        .replace('r="A3"', 'r="A1048577"'))
    yield "xlsx-missing-sheet-part", good(**{"xl/worksheets/sheet1.xml": None})
    yield "xlsx-missing-workbook-rels", good(**{"xl/_rels/workbook.xml.rels": None})
    yield "xlsx-sheet-not-found", good()  # its config.ini asks for sheet = Taul1
    yield "xlsx-renamed-csv", good()  # a good workbook under a .csv name: read as one
    yield "xlsx-not-a-workbook", package([("readme.txt", "just a zip file\n")])
    yield "xlsx-truncated", good()[:900]
    yield "xlsx-dtd-entities", good('<?xml version="1.0"?>\n<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa">'
                                    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
                                    + sheet([HEADER] + ROWS).split("\n", 1)[1].replace("hyvä", "&b;"))
    yield "xlsx-shared-string-out-of-range", good(sheet([HEADER] + ROWS).replace(
        '<c r="C3" t="inlineStr"><is><t>Sivistys</t></is></c>', '<c r="C3" t="s"><v>7</v></c>'))
    # A sheet padded with a 32 MiB comment: packs to about 32 KB, far over the 200:1 ratio.
    pad = "<!--" + " " * (32 << 20) + "-->"
    yield "xlsx-zip-bomb", good(sheet([HEADER] + ROWS).replace("<sheetData>", "<sheetData>" + pad, 1))
    info = (b"\x04\x00\x04\x00\x40\x00\x00\x00<?xml version=\"1.0\"?><encryption "
            b"xmlns=\"http://schemas.microsoft.com/office/2006/encryption\"/>").ljust(4096, b"\0")
    # OpenDocument: a password-protected one (its manifest says how its parts are
    # encrypted), and one whose content.xml is cut short.
    manifest = ('<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
                '<manifest:encryption-data manifest:checksum-type="SHA1/1K"/></manifest:file-entry>'
                "</manifest:manifest>")
    ods_mime = ("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    yield "ods-encrypted", package([ods_mime, ("META-INF/manifest.xml", manifest),
                                    ("content.xml", bytes(range(256)) * 4)])
    content = ('<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
               '<office:spreadsheet><table:table table:name="Vastaukset">\n'
               + "".join("<table:table-row>" + "".join(
                   '<table:table-cell office:value-type="string"><text:p>%s</text:p></table:table-cell>' % esc(v)
                   for v in row) + "</table:table-row>\n" for row in [HEADER, ["A1", "Kaustinen"]])
               + "</table:table></office:spreadsheet></office:body></office:document-content>")
    yield "ods-malformed-xml", package([ods_mime, ("content.xml", content.replace("</table:table-row>\n<table:table-row>", "</table:table-row>\n<table:table-cell>", 1))])
    yield "xlsx-encrypted", ole2([("EncryptionInfo", info), ("EncryptedPackage", bytes(range(256)) * 16)])


def main():
    root = sys.argv[1]
    for name, data in cases():
        d = os.path.join(root, name)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "export.csv"), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()

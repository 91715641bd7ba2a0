#!/usr/bin/env python3
"""Checks the tagged structure of report PDFs (PDF/UA-1 and PDF/A-2 points
that a program can check), reading the files through qpdf's JSON output:

 - the catalog has /MarkInfo /Marked true, /Lang (the expected language),
   /StructTreeRoot with a /ParentTree, /ViewerPreferences /DisplayDocTitle
   true, XMP /Metadata with pdfaid part 2 and pdfuaid part 1, and an sRGB
   /OutputIntents entry with an embedded profile; the header says PDF-1.7;
   the trailer has an /ID;
 - every text-showing operator of every page is inside a marked-content
   sequence that is either an /Artifact or has an MCID, every MCID of a page
   is in the parent tree of that page and points at a structure element
   whose /K lists it (the content belongs to its element);
 - every structure element uses a standard type; every Table has header
   cells (TH), each with a /Scope; every Figure has a non-empty /Alt;
 - the outline (bookmarks) lists the H1 and H2 headings, in order, with
   their text, and each bookmark's /SE is its heading;
 - no /SMask, /CA or /ca below 1 (no transparency), every font embedded.

usage: pdfcheck.py LANG FILE.pdf...   (LANG: fi-FI or en-GB)
Prints one line per file and each problem; exits 1 when any is found.
"""
import base64
import json
import re
import subprocess
import sys

STANDARD = set(
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private "
    "P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote "
    "Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula "
    "Form".split())


def load(path):
    out = subprocess.run(
        ["qpdf", "--json=2", "--json-key=qpdf", "--decode-level=generalized",
         "--json-stream-data=inline", path, "-"],
        check=True, capture_output=True).stdout
    q = json.loads(out)["qpdf"][1]
    objs = {}
    for k, v in q.items():
        if k.startswith("obj:"):
            objs[k[4:]] = v
    return q["trailer"]["value"], objs


class Doc:
    def __init__(self, path):
        self.trailer, self.objs = load(path)
        with open(path, "rb") as f:
            self.header = f.read(9)

    def get(self, x):
        """Dereferences "N 0 R" (returns the value; streams as their dict)."""
        while isinstance(x, str) and re.fullmatch(r"\d+ \d+ R", x):
            o = self.objs.get(x)
            if o is None:
                return None
            x = o["value"] if "value" in o else o["stream"]["dict"]
        return x

    def stream(self, ref):
        o = self.objs.get(ref)
        if not o or "stream" not in o or "data" not in o["stream"]:
            return b""
        return base64.b64decode(o["stream"]["data"])


def text_of(s):
    """A PDF text string from qpdf's JSON ("u:..." or "b:hex")."""
    if s is None:
        return None
    if s.startswith("u:"):
        return s[2:]
    if s.startswith("b:"):
        b = bytes.fromhex(s[2:])
        if b[:2] == b"\xfe\xff":
            return b[2:].decode("utf-16-be")
        return b.decode("latin-1")
    return s


TOKEN = re.compile(rb"/[^\s/\[\]<>()%{}]*|<<|>>|\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>|"
                   rb"\[|\]|[^\s/\[\]<>()%{}]+")


def content_ops(data):
    """Yields (operator, operands) of a content stream (enough for BDC/BMC/EMC/Tj)."""
    operands = []
    depth = 0
    for m in TOKEN.finditer(data):
        t = m.group(0)
        if t in (b"<<", b"["):
            depth += 1
            operands.append(t)
            continue
        if t in (b">>", b"]"):
            depth -= 1
            operands.append(t)
            continue
        if depth > 0 or t[:1] in (b"/", b"(", b"<") or re.fullmatch(rb"[-+.0-9]+", t):
            operands.append(t)
            continue
        yield t, operands
        operands = []


def check(path, lang):
    d = Doc(path)
    bad = []
    root = d.get(d.trailer.get("/Root"))
    if d.header != b"%PDF-1.7\n" and not d.header.startswith(b"%PDF-1.7"):
        bad.append("header is %r, not %%PDF-1.7" % d.header)
    if "/ID" not in d.trailer:
        bad.append("no /ID in the trailer")
    mi = d.get(root.get("/MarkInfo")) or {}
    if mi.get("/Marked") is not True:
        bad.append("no /MarkInfo << /Marked true >>")
    if text_of(root.get("/Lang")) != lang:
        bad.append("/Lang is %r, not %r" % (text_of(root.get("/Lang")), lang))
    vp = d.get(root.get("/ViewerPreferences")) or {}
    if vp.get("/DisplayDocTitle") is not True:
        bad.append("no /ViewerPreferences << /DisplayDocTitle true >>")
    meta = root.get("/Metadata")
    xmp = d.stream(meta).decode("utf-8", "replace") if meta else ""
    for need in ("<pdfaid:part>2</pdfaid:part>", "<pdfuaid:part>1</pdfuaid:part>",
                 "<dc:title>"):
        if need not in xmp:
            bad.append("XMP metadata lacks %s" % need)
    ois = d.get(root.get("/OutputIntents")) or []
    if not ois or d.get(d.get(ois[0]).get("/DestOutputProfile")) is None:
        bad.append("no output intent with an ICC profile")
    elif "sRGB" not in (text_of(d.get(ois[0]).get("/OutputConditionIdentifier")) or ""):
        bad.append("the output intent is not sRGB")

    # Transparency and fonts.
    for ref, o in d.objs.items():
        v = o.get("value") if "value" in o else o.get("stream", {}).get("dict")
        if not isinstance(v, dict):
            continue
        if "/SMask" in v and v["/SMask"] != "/None":
            bad.append("%s has a soft mask (transparency)" % ref)
        for k in ("/CA", "/ca"):
            if k in v and isinstance(v[k], (int, float)) and v[k] < 1:
                bad.append("%s has %s %s (transparency)" % (ref, k, v[k]))
        if v.get("/Type") == "/FontDescriptor" and not any(
                k in v for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            bad.append("font %s is not embedded" % v.get("/FontName"))

    # Structure tree.
    str_root = d.get(root.get("/StructTreeRoot"))
    if not str_root:
        return ["no /StructTreeRoot"] + bad
    ptree = d.get(str_root.get("/ParentTree")) or {}
    nums = ptree.get("/Nums", [])
    parents = {}
    for i in range(0, len(nums), 2):
        parents[nums[i]] = d.get(nums[i + 1])

    elems = []  # (ref, dict, depth) in tree order
    headings = []

    def walk(ref, depth):
        e = d.get(ref)
        if not isinstance(e, dict) or "/S" not in e:
            return
        elems.append((ref, e, depth))
        kids = e.get("/K", [])
        if not isinstance(kids, list):
            kids = [kids]
        for k in kids:
            if isinstance(k, str) and k.endswith(" R") and "/S" in (d.get(k) or {}):
                walk(k, depth + 1)

    top = str_root.get("/K")
    for k in top if isinstance(top, list) else [top]:
        walk(k, 0)
    by_ref = {ref: e for ref, e, _ in elems}

    def descendants(ref):
        out = []
        for k in by_ref[ref].get("/K", []) or []:
            if k in by_ref:
                out.append(k)
                out.extend(descendants(k))
        return out

    def plain(ref):
        """The element's text, from its marked content (filled in below)."""
        return "".join(texts.get(ref, [])) + "".join(plain(k) for k in descendants_direct(ref))

    def descendants_direct(ref):
        return [k for k in by_ref[ref].get("/K", []) or [] if k in by_ref]

    for ref, e, _ in elems:
        s = e["/S"][1:]
        if s not in STANDARD:
            bad.append("structure type /%s is not a standard one" % s)
        if s == "Table":
            ths = [k for k in descendants(ref) if by_ref[k]["/S"] == "/TH"]
            if not ths:
                bad.append("table %s has no header cell" % ref)
            for th in ths:
                a = d.get(by_ref[th].get("/A")) or {}
                if a.get("/Scope") not in ("/Column", "/Row", "/Both"):
                    bad.append("header cell %s has no /Scope" % th)
        if s == "Figure" and not (text_of(e.get("/Alt")) or "").strip():
            bad.append("figure %s has no /Alt" % ref)

    # Content: every text inside an MCID sequence or an artifact; MCIDs in the parent tree.
    texts = {}
    pages = []

    def collect_pages(ref):
        n = d.get(ref)
        if n.get("/Type") == "/Pages":
            for k in n["/Kids"]:
                collect_pages(k)
        else:
            pages.append(ref)

    collect_pages(d.get(root["/Pages"]) and root["/Pages"])
    ntext = 0
    for pno, pref in enumerate(pages):
        page = d.get(pref)
        contents = page.get("/Contents")
        refs = contents if isinstance(contents, list) else [contents]
        data = b"\n".join(d.stream(r) for r in refs if r)
        sp = page.get("/StructParents")
        arr = parents.get(sp, []) if sp is not None else []
        stack = []  # per open sequence: ("art",) or ("mcid", n) or ("other",)
        for op, args in content_ops(data):
            if op == b"BDC":
                tag = args[0].decode() if args else ""
                m = re.search(rb"/MCID\s+(\d+)", b" ".join(args))
                if tag == "/Artifact":
                    stack.append(("art",))
                elif m:
                    mcid = int(m.group(1))
                    stack.append(("mcid", mcid))
                    if mcid >= len(arr) or arr[mcid] not in by_ref:
                        bad.append("page %d: MCID %d has no element in the parent tree"
                                   % (pno + 1, mcid))
                    else:
                        el = by_ref[arr[mcid]]
                        kids = el.get("/K", [])
                        kids = kids if isinstance(kids, list) else [kids]
                        listed = mcid in kids or any(
                            isinstance(d.get(k), dict) and d.get(k).get("/MCID") == mcid
                            and d.get(k).get("/Pg") == pref for k in kids)
                        if not listed:
                            bad.append("page %d: MCID %d is not among its element's kids"
                                       % (pno + 1, mcid))
                        if "/" + el["/S"][1:] != tag:
                            bad.append("page %d: MCID %d tagged %s, its element is %s"
                                       % (pno + 1, mcid, tag, el["/S"]))
                else:
                    stack.append(("other",))
            elif op == b"BMC":
                stack.append(("art",) if args and args[0] == b"/Artifact" else ("other",))
            elif op == b"EMC":
                if stack:
                    stack.pop()
                else:
                    bad.append("page %d: EMC without a sequence" % (pno + 1))
            elif op in (b"Tj", b"TJ", b"'", b'"'):
                ntext += 1
                if not any(s[0] in ("art", "mcid") for s in stack):
                    bad.append("page %d: text outside any structure element or artifact"
                               % (pno + 1))
        if stack:
            bad.append("page %d: %d unclosed marked-content sequence(s)" % (pno + 1, len(stack)))
    if ntext == 0:
        bad.append("no text found in the content streams")

    # Outline = the H1/H2 headings in order, each bookmark pointing at its heading.
    outline = []

    def walk_outline(ref, level):
        while ref:
            o = d.get(ref)
            outline.append((level, text_of(o.get("/Title")), o.get("/SE")))
            if o.get("/First"):
                walk_outline(o["/First"], level + 1)
            ref = o.get("/Next")

    ol = d.get(root.get("/Outlines")) or {}
    if ol.get("/First"):
        walk_outline(ol["/First"], 0)
    hs = [(0 if e["/S"] == "/H1" else 1, ref) for ref, e, _ in elems if e["/S"] in ("/H1", "/H2")]
    if len(hs) != len(outline):
        bad.append("%d bookmarks for %d H1/H2 headings" % (len(outline), len(hs)))
    for (lv, ref), (olv, title, se) in zip(hs, outline):
        if lv != olv or se != ref:
            bad.append("bookmark %r does not point at its heading (%s)" % (title, ref))
    if not outline:
        bad.append("no bookmarks")
    return bad


def main():
    if len(sys.argv) < 3:
        print("usage: pdfcheck.py LANG FILE.pdf...", file=sys.stderr)
        return 2
    lang = sys.argv[1]
    failed = 0
    for path in sys.argv[2:]:
        try:
            bad = check(path, lang)
        except Exception as e:  # a file qpdf cannot read is a failure too
            bad = ["cannot check: %s" % e]
        if bad:
            failed += 1
            print("FAIL %s: %d problem(s)" % (path, len(bad)))
            for b in bad[:20]:
                print("     " + b)
        else:
            print("ok   %s: tagged structure, MCIDs, headers, alt texts, outline, PDF/A points"
                  % path)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

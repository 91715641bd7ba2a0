#!/usr/bin/env python3
"""Contrast of the text inside the charts of HTML report editions.

usage: chartcontrast.py FILE.html...

axe-core does not measure text drawn in SVG, so this does: every <text> of
every inline <svg> (the charts, drawn from the same operations as the PDF's
pages) must reach a contrast of 4.5:1 (WCAG 2.1 SC 1.4.3; 3:1 for large
text, 18 pt or 14 pt bold) against what is painted under it: the last filled
rect, circle or polygon drawn before it that covers the middle of the text's
box, else the white page. The box is estimated from the font size and the
number of characters (DejaVu Sans averages about 0.55 em a character).
Contrast follows WCAG's relative luminance of sRGB colours. Prints one line
per file; exits 1 when any text falls short.
"""
import html.parser
import re
import sys


def luminance(rgb):
    def lin(v):
        v /= 255.0
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = rgb
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def colour(s):
    m = re.fullmatch(r"#([0-9a-fA-F]{6})", s or "")
    if not m:
        return None
    v = int(m.group(1), 16)
    return (v >> 16, (v >> 8) & 0xFF, v & 0xFF)


def inside_polygon(x, y, pts):
    """Even-odd rule."""
    n, c = len(pts), False
    for i in range(n):
        (x1, y1), (x2, y2) = pts[i], pts[(i + 1) % n]
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            c = not c
    return c


class Charts(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0      # inside an <svg> when > 0
        self.shapes = []    # (covers(x, y), fill) in drawing order, this svg
        self.text = None    # the open <text>: its attributes and characters
        self.checked = 0
        self.bad = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg":
            self.depth += 1
            if self.depth == 1:
                self.shapes = []
            return
        if not self.depth:
            return
        fill = colour(a.get("fill"))
        if tag == "rect" and fill:
            x, y = float(a["x"]), float(a["y"])
            w, h = float(a["width"]), float(a["height"])
            self.shapes.append((lambda px, py, x=x, y=y, w=w, h=h:
                                x <= px <= x + w and y <= py <= y + h, fill))
        elif tag == "circle" and fill:
            cx, cy, r = float(a["cx"]), float(a["cy"]), float(a["r"])
            self.shapes.append((lambda px, py, cx=cx, cy=cy, r=r:
                                (px - cx) ** 2 + (py - cy) ** 2 <= r * r, fill))
        elif tag == "polygon" and fill:
            v = [float(t) for t in re.split(r"[ ,]+", a["points"].strip())]
            pts = list(zip(v[0::2], v[1::2]))
            self.shapes.append((lambda px, py, pts=pts: inside_polygon(px, py, pts), fill))
        elif tag == "text":
            self.text = (a, [])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "svg":
            self.depth -= 1

    def handle_data(self, data):
        if self.text:
            self.text[1].append(data)

    def handle_endtag(self, tag):
        if tag == "svg" and self.depth:
            self.depth -= 1
        elif tag == "text" and self.text:
            self.check(*self.text)
            self.text = None

    def check(self, a, chunks):
        s = "".join(chunks)
        fg = colour(a.get("fill"))
        if not s.strip() or not fg:
            return
        size = float(a.get("font-size", "10"))
        bold = a.get("font-weight") == "bold"
        w = 0.55 * size * len(s)
        x = float(a["x"])
        anchor = a.get("text-anchor", "start")
        mid = x + w / 2 if anchor == "start" else x - w / 2 if anchor == "end" else x
        y = float(a["y"]) - 0.35 * size  # the middle of the x-height above the baseline
        bg = (255, 255, 255)
        for covers, fill in reversed(self.shapes):
            if covers(mid, y):
                bg = fill
                break
        need = 3.0 if size >= 18 or (bold and size >= 14) else 4.5
        c = contrast(fg, bg)
        self.checked += 1
        if c < need:
            self.bad.append("%r (%.1f pt%s) #%02x%02x%02x on #%02x%02x%02x: %.2f:1 < %.1f:1"
                            % (s, size, " bold" if bold else "", *fg, *bg, c, need))


def main(paths):
    failed = 0
    for p in paths:
        c = Charts()
        with open(p, encoding="utf-8") as f:
            c.feed(f.read())
        if c.bad:
            failed = 1
            print("FAIL %s: %d of %d chart texts below the contrast minimum" % (p, len(c.bad), c.checked))
            for b in sorted(set(c.bad)):
                print("     " + b)
        elif c.checked == 0:
            failed = 1
            print("FAIL %s: no chart text found (is the SVG still inline?)" % p)
        else:
            print("ok   %s: %d chart texts at 4.5:1 or more (large text 3:1)" % (p, c.checked))
    return failed


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: chartcontrast.py FILE.html...")
    sys.exit(main(sys.argv[1:]))

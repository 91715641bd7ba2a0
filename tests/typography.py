#!/usr/bin/env python3
"""Typography checks of report PDFs from `pdftotext -bbox` (poppler-utils).

Usage: typography.py FILE.pdf ...   Exit 0 when every file passes, 1 otherwise.

For every word on every page:
  - its size is at least 7 pt. Poppler's word box is the font's ascent plus
    descent high: 1.1636 em for DejaVu Sans and DejaVu Sans Bold (0.928 +
    0.236, from the fonts' hhea table), so 7 pt is a box 8.145 pt high;
  - its box overlaps no other word's box by more than 0.6 pt both ways
    (text drawn over text);
  - it lies inside the page.
Each failure names the file, the page, the word(s) and the numbers.
"""
import re
import subprocess
import sys

EM_HEIGHT = 1.1636  # DejaVu Sans: (ascent + descent) / em
MIN_PT = 7.0
SLACK = 0.02  # pdftotext rounds coordinates to 1/1000 pt; sizes are quarter points

WORD = re.compile(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


def check(path):
    out = subprocess.run(["pdftotext", "-bbox", path, "-"], capture_output=True, text=True, check=True).stdout
    problems = []
    nwords = 0
    for pno, chunk in enumerate(out.split("<page ")[1:], start=1):
        m = PAGE.match("<page " + chunk)
        pw, ph = float(m.group(1)), float(m.group(2))
        words = []
        for w in WORD.finditer(chunk):
            x0, y0, x1, y1 = (float(w.group(i)) for i in range(1, 5))
            text = w.group(5)
            nwords += 1
            size = (y1 - y0) / EM_HEIGHT
            if size < MIN_PT - SLACK:
                problems.append(f"{path} page {pno}: \"{text}\" is {size:.2f} pt (< {MIN_PT:g} pt)")
            if x0 < 0 or y0 < 0 or x1 > pw + 0.1 or y1 > ph + 0.1:
                problems.append(f"{path} page {pno}: \"{text}\" lies outside the page")
            words.append((x0, y0, x1, y1, text))
        words.sort()
        for i, a in enumerate(words):
            for b in words[i + 1:]:
                if b[0] >= a[2]:
                    break
                ox = min(a[2], b[2]) - max(a[0], b[0])
                oy = min(a[3], b[3]) - max(a[1], b[1])
                if ox > 0.6 and oy > 0.6:
                    problems.append(f"{path} page {pno}: \"{a[4]}\" and \"{b[4]}\" overlap "
                                    f"({ox:.1f} x {oy:.1f} pt)")
    if nwords < 100:
        problems.append(f"{path}: only {nwords} words: is the text extractable?")
    return problems


def main():
    problems = []
    for p in sys.argv[1:]:
        problems += check(p)
    for p in problems:
        print(p)
    print(f"typography: {len(sys.argv) - 1} files, {len(problems)} problems")
    return 1 if problems or len(sys.argv) < 2 else 0


if __name__ == "__main__":
    sys.exit(main())

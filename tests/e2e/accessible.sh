#!/bin/sh
# End-to-end test of the publishable reports (issue: tagged PDF and an
# accessible HTML edition): the bundled sample in Finnish and in English.
#  - every PDF has its HTML edition beside it, and no other HTML is written;
#  - pdfinfo says Tagged: yes and PDF version 1.7;
#  - tests/a11y/pdfcheck.py: every text in a structure element or an
#    artifact, tables with header cells and scopes, figures with /Alt, the
#    outline equal to the H1/H2 headings, /Lang, XMP ids, sRGB output intent;
#  - tests/a11y/axe.js: axe-core in headless Chromium finds no WCAG 2.1 A or
#    AA violation, the page reflows at 320 px, makes no request and has no
#    script; screenshots (desktop, phone) go to build/a11y/LANG-NAME-*.png;
#  - tests/a11y/chartcontrast.py: every text inside a chart (SVG, which
#    axe-core does not measure) at 4.5:1 against what is painted under it;
#  - the HTML carries no comment and no privacy marker;
#  - the HTML says the same as the PDF: every heading of the PDF's outline is
#    a heading of the HTML, in the same order.
set -u
cd "$(dirname "$0")/../.." || exit 1
DM=$PWD/build/digimittari
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$PWD/tests/lib.sh"
export SOURCE_DATE_EPOCH=1732968000

if [ ! -d tests/a11y/node_modules/axe-core ] || [ ! -x /usr/bin/chromium ]; then
	bad "tests/a11y: npm packages or chromium missing (run scripts/install-deps.sh)"
	exit 1
fi

for lang in fi en; do
	mkdir "$T/$lang"
	cp -r input "$T/$lang/input"
	sed -i "s/^language *= *fi/language = $lang/" "$T/$lang/input/kaustisen-seutu.ini"
	"$DM" run -c "$T/$lang/input/kaustisen-seutu.ini" >"$T/$lang/run.out" 2>&1 </dev/null
	rc=$?
	check "$lang: run exits 0 (got $rc)" [ "$rc" -eq 0 ]
	OUT=$T/$lang/output
	npdf=$(ls "$OUT"/*.pdf | wc -l)
	nhtml=$(ls "$OUT"/*.html | wc -l)
	check "$lang: one HTML edition per PDF ($nhtml for $npdf)" [ "$npdf" -eq "$nhtml" ] && [ "$npdf" -gt 0 ]
	for f in "$OUT"/*.pdf; do
		h=${f%.pdf}.html
		check "$lang: $(basename "$h") exists" [ -s "$h" ]
		check "$lang: $(basename "$f") is tagged" sh -c "pdfinfo '$f' | grep -q '^Tagged: *yes'"
		check "$lang: $(basename "$f") is PDF 1.7" sh -c "pdfinfo '$f' | grep -q '^PDF version: *1.7'"
		check "$lang: $(basename "$h") has no comment" sh -c "! grep -q '<!--' '$h'"
		check "$lang: $(basename "$h") has no privacy marker" \
			sh -c "! grep -q 'ZZIDMARKER\|ZZFREETEXTMARKER' '$h'"
		# The outline of the PDF (bookmark titles) in order = the HTML's h1/h2 in order.
		pdfinfo -struct-text "$f" 2>/dev/null | awk '/^  H[12] /{getline; sub(/^ *"/, ""); sub(/"$/, ""); print}' >"$T/pdf.h"
		sed -n 's/.*<h[12] id="s[0-9]*">\([^<]*\)<\/h[12]>.*/\1/p' "$h" |
			sed 's/&amp;/\&/g; s/&quot;/"/g; s/&lt;/</g; s/&gt;/>/g' >"$T/html.h"
		check "$lang: $(basename "$f"): the HTML headings are the PDF's ($(wc -l <"$T/pdf.h") headings)" \
			sh -c "[ -s '$T/pdf.h' ] && cmp -s '$T/pdf.h' '$T/html.h'"
	done
	L=fi-FI
	[ "$lang" = en ] && L=en-GB
	if python3 tests/a11y/pdfcheck.py "$L" "$OUT"/*.pdf >"$T/pdfcheck.out" 2>&1; then
		ok "$lang: every PDF passes the structure checks (tests/a11y/pdfcheck.py)"
	else
		bad "$lang: PDF structure checks"
		sed 's/^/      /' "$T/pdfcheck.out"
	fi
	if python3 tests/a11y/chartcontrast.py "$OUT"/*.html >"$T/contrast.out" 2>&1; then
		ok "$lang: every text in the charts at a contrast of 4.5:1 or more (tests/a11y/chartcontrast.py)"
	else
		bad "$lang: chart text contrast"
		sed 's/^/      /' "$T/contrast.out"
	fi
done
# One browser for every page of both languages.
if node tests/a11y/axe.js build/a11y "$T"/fi/output/*.html "$T"/en/output/*.html >"$T/axe.out" 2>&1; then
	ok "axe-core finds no WCAG 2.1 A/AA violation in $(grep -c '^ok' "$T/axe.out") HTML reports (fi, en)"
else
	bad "axe-core audit"
	sed 's/^/      /' "$T/axe.out"
fi

echo
[ "$fails" -eq 0 ] && echo "accessible reports: all passed (screenshots in build/a11y/)" ||
	echo "accessible reports: $fails failed"
[ "$fails" -eq 0 ]

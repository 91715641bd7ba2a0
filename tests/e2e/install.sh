#!/bin/sh
# `make install` from a fresh copy of the source tree into a temporary DESTDIR;
# then the copy (and its build tree) is removed and the installed binary
# renders the sample from the installed examples. Checks that the reports
# embed the installed font subsets (same bytes as the build tree's reports),
# that a missing font file is an error naming it, and that `make uninstall`
# removes every file it installed.
set -u
cd "$(dirname "$0")/../.." || exit 1
ROOT=$PWD
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$PWD/tests/lib.sh"
export DIGIMITTARI_LANG=en
PREFIX=/opt/digimittari
D=$T/root

# A fresh copy of the sources (what a clone has: tracked files, and new ones
# not yet committed, nothing ignored), built and installed.
mkdir -p "$T/src"
if git rev-parse --git-dir >/dev/null 2>&1; then
	git ls-files -z -co --exclude-standard | xargs -0 tar cf - | (cd "$T/src" && tar xf -)
else # an unpacked tarball: everything but the build tree and the outputs
	tar cf - --exclude=./build --exclude='./output/*' . | (cd "$T/src" && tar xf -)
fi
make -s -C "$T/src" -j2 install PREFIX=$PREFIX DESTDIR="$D" >"$T/make.log" 2>&1
rc=$?
if [ "$rc" -ne 0 ]; then
	bad "make install exits 0 (got $rc)"
	tail -n 20 "$T/make.log"
	exit 1
fi
ok "make install exits 0"
for f in bin/digimittari share/digimittari/fonts/DejaVuSans.ttf \
	share/digimittari/fonts/DejaVuSans-Bold.ttf share/digimittari/examples/kaustisen-seutu.ini \
	share/digimittari/examples/crontab.example share/man/man1/digimittari.1 \
	share/man/man5/digimittari.ini.5; do
	check "installed $PREFIX/$f" [ -s "$D$PREFIX/$f" ]
done
check "the binary is executable" [ -x "$D$PREFIX/bin/digimittari" ]
# (Its debug information names the source folder; no path into build/ is compiled in.)
check "the binary names no path into the build tree" sh -c '! grep -q "$1" "$2"' - "$T/src/build" "$D$PREFIX/bin/digimittari"
# Keep the source tree's Makefile for uninstall, then remove the clone.
cp "$T/src/Makefile" "$T/Makefile.kept"
rm -rf "$T/src"
check "the source tree and its build tree are gone" [ ! -e "$T/src" ]

# Render the sample with the installed binary, from a copy of the examples.
DM=$D$PREFIX/bin/digimittari
cp -r "$D$PREFIX/share/digimittari/examples" "$T/job"
sed -i 's#^output *=.*#output = out#' "$T/job/kaustisen-seutu.ini"
(cd "$T" && env -u DIGIMITTARI_DATADIR "$DM" run -c job/kaustisen-seutu.ini) >"$T/o" 2>"$T/e"
rc=$?
check "the installed binary runs the sample (exit $rc)" [ "$rc" -eq 0 ] || cat "$T/e"
n=$(ls "$T/job/out"/*.pdf 2>/dev/null | wc -l)
check "it rendered 7 reports (got $n)" [ "$n" -eq 7 ]
pdf=$T/job/out/kaustisen-seutu-2024.pdf
check "the region report passes the PDF checks" sh tests/report/check-pdf.sh "$pdf" fi
check "the report embeds the font subsets" sh -c 'pdffonts "$1" | grep -q "DejaVuSans-Subset"' - "$pdf"
check "text copies out of the report (ä, ö)" sh -c 'pdftotext "$1" - | grep -q "Väliraportti"' - "$pdf"
# The same job with the build tree's binary gives the same bytes.
cp -r "$D$PREFIX/share/digimittari/examples" "$T/job2"
sed -i 's#^output *=.*#output = out#' "$T/job2/kaustisen-seutu.ini"
"$ROOT/build/digimittari" run -c "$T/job2/kaustisen-seutu.ini" >/dev/null 2>&1
check "the installed binary's report is byte-identical to the build tree's" cmp -s "$pdf" "$T/job2/out/kaustisen-seutu-2024.pdf"

# A missing font subset: exit 70, the message names the file, no report replaced.
F=$D$PREFIX/share/digimittari/fonts/DejaVuSans-Bold.ttf
mv "$F" "$T/bold.ttf"
sum=$(cksum <"$pdf")
"$DM" run --force -c "$T/job/kaustisen-seutu.ini" >"$T/o" 2>"$T/e"
rc=$?
mv "$T/bold.ttf" "$F"
check "a missing font file fails the run with 70 (got $rc)" [ "$rc" -eq 70 ]
check "the message names the missing font" grep -q "^digimittari: .*$PREFIX/share/digimittari/fonts/DejaVuSans-Bold.ttf: cannot open" "$T/e"
check "no report was replaced" [ "$(cksum <"$pdf")" = "$sum" ]

# make uninstall removes every file install put there.
make -s -f "$T/Makefile.kept" uninstall PREFIX=$PREFIX DESTDIR="$D" >"$T/u.log" 2>&1
rc=$?
check "make uninstall exits 0 (got $rc)" [ "$rc" -eq 0 ]
left=$(find "$D" -type f | sed "s#^$D##")
check "uninstall leaves no file behind (left: $left)" [ -z "$left" ]
check "uninstall removes the data folder" [ ! -e "$D$PREFIX/share/digimittari" ]

[ "$fails" -eq 0 ]

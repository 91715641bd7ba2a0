#!/bin/sh
# Installs every Debian 12 package digimittari needs, only when one is missing.
# As root it runs apt-get itself; otherwise it prints the exact command and fails.
# With an argument it also installs an optional group:
#   bench    what `make bench` needs (timing, and the peers it compares with)
#   oracle   R and its MASS data sets, to regenerate the expected statistics (scripts/oracle/)
#   harden   what `make fuzz` and `make check-valgrind` need (clang with libFuzzer, valgrind)
#   idset    what `make bench-idset` needs (CRoaring, to compare our id set with)
#   cron     cron, and msmtp-mta: the smallest mail path for cron's mails (a sendmail
#            that hands mail to the operator's SMTP server; configure /etc/msmtprc,
#            see README, "Running it from cron")
#   fixtures what scripts/xlsx-fixtures/make.sh needs to write the workbook fixtures again
set -eu

# Build, run and `make check` (icc-profiles-free: the sRGB profile of the PDF/A
# output intent; chromium and nodejs: the accessibility audit of the HTML
# reports, tests/a11y/; python3-scipy and python3-numpy: the privacy audit,
# tests/privacy_audit.py; libxlsxwriter-dev: the analysts' workbook, read back in
# make check by python3-openpyxl and libreoffice-calc-nogui, tests/e2e/workbook.sh;
# libvoikko-dev, voikko-fi, libhyphen-dev and hyphen-en-gb: the hyphenation of
# Finnish and English report text, src/hyph.c).
PKGS="build-essential pkg-config libcsv-dev libgsl-dev libhpdf-dev libinih-dev libxxhash-dev libunistring-dev
libdeflate-dev libzip-dev libexpat1-dev fonts-dejavu-core libcmocka-dev qpdf poppler-utils mandoc icc-profiles-free chromium nodejs
python3-scipy python3-numpy libxlsxwriter-dev python3-openpyxl libreoffice-calc-nogui
libvoikko-dev voikko-fi libhyphen-dev hyphen-en-gb"
# make bench: timing, and the tools users would pick instead (scripts/bench/).
BENCH_PKGS="hyperfine time r-base-core r-cran-data.table python3-pandas"
ORACLE_PKGS="r-base-core r-cran-mass"
# make fuzz (clang, and the libFuzzer and sanitizer runtimes) and make check-valgrind.
HARDEN_PKGS="clang libclang-rt-14-dev valgrind"
CRON_PKGS="cron msmtp-mta"
IDSET_PKGS="libroaring-dev"
# scripts/xlsx-fixtures/make.sh: two independent workbook writers.
FIXTURE_PKGS="python3-openpyxl libreoffice-calc-nogui"
case "${1:-}" in
bench) PKGS="$PKGS $BENCH_PKGS" ;;
oracle) PKGS="$PKGS $ORACLE_PKGS" ;;
harden) PKGS="$PKGS $HARDEN_PKGS" ;;
cron) PKGS="$PKGS $CRON_PKGS" ;;
idset) PKGS="$PKGS $IDSET_PKGS" ;;
fixtures) PKGS="$PKGS $FIXTURE_PKGS" ;;
esac

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
# Debian's nodejs comes without npm (NodeSource's has it).
command -v npm >/dev/null 2>&1 || missing="$missing npm"

if [ -n "$missing" ]; then
	cmd="apt-get install -y --no-install-recommends$missing"
	if [ "$(id -u)" -ne 0 ]; then
		echo "digimittari: missing Debian packages:$missing" >&2
		echo "Run as root:  apt-get update && $cmd" >&2
		exit 1
	fi
	echo "digimittari: installing Debian packages:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >&2
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing >&2
fi

# npm packages of the accessibility audit, at the versions of the committed lockfile.
a11y=$(dirname "$0")/../tests/a11y
if [ ! -d "$a11y/node_modules/axe-core" ] || [ ! -d "$a11y/node_modules/puppeteer-core" ] ||
	[ "$a11y/package-lock.json" -nt "$a11y/node_modules/.package-lock.json" ]; then
	echo "digimittari: installing the npm packages of tests/a11y (npm ci)" >&2
	(cd "$a11y" && npm ci --no-audit --no-fund >&2)
fi

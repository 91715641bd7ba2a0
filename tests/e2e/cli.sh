#!/bin/sh
# End-to-end tests of the command line (issue 15): help and version, usage
# errors that start "digimittari:" whatever the program's path, the exit code
# of a missing codebook or register (66), and the temporary files of a killed
# run removed by the next command that writes the output folder.
set -u
cd "$(dirname "$0")/../.." || exit 1
DM=$PWD/build/san/digimittari
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$PWD/tests/lib.sh"
export DIGIMITTARI_LANG=en

# help, help COMMAND, version: stdout, exit 0.
"$DM" help >"$T/o" 2>"$T/e"
check "help exits 0 and lists the commands" [ $? -eq 0 ] && grep -q "^  validate" "$T/o" && [ ! -s "$T/e" ]
for c in run validate stats report help version; do
	"$DM" help "$c" >"$T/o" 2>&1
	check "help $c exits 0 and shows its usage" [ $? -eq 0 ] && grep -q "^usage: digimittari $c" "$T/o"
done
"$DM" version >"$T/o" 2>&1
check "version prints the VERSION file" [ $? -eq 0 ] && [ "$(cat "$T/o")" = "digimittari $(cat VERSION)" ]
"$DM" --version >"$T/o2" 2>&1
check "--version prints the same" cmp -s "$T/o" "$T/o2"

# Usage errors: exit 64, one line that starts "digimittari:", then the hint.
usage() { # usage DESCRIPTION EXPECTED-TEXT ARGS...
	d=$1 want=$2
	shift 2
	"$DM" "$@" >"$T/o" 2>"$T/e"
	rc=$?
	first=$(head -n 1 "$T/e")
	check "$d: exit 64 (got $rc)" [ "$rc" -eq 64 ]
	check "$d: \"$first\" starts with digimittari: and says $want" \
		sh -c 'case "$1" in "digimittari: "*"$2"*) exit 0 ;; esac; exit 1' - "$first" "$want"
	check "$d: two lines on stderr, nothing on stdout" [ "$(wc -l <"$T/e")" -eq 2 ] && [ ! -s "$T/o" ]
}
usage "unknown short option" "unknown option -x" run -x -c x.ini
usage "unknown long option" "unknown option --bogus" --bogus run
usage "option without its argument" "option -c needs an argument" run -c
usage "long option without its argument" "option --config needs an argument" run --config
usage "no command" "no command given"
usage "unknown command" 'unknown command "frobnicate"' frobnicate -c x.ini
usage "help about an unknown command" 'help: unknown command "frob"' help frob
usage "command without -c" "run needs -c CONFIG" run
usage "stray argument" 'unexpected argument "extra"' validate -c x.ini extra

# A missing codebook, register or export is 66 and names the file.
cp -r input "$T/in"
sed -i 's#^output *=.*#output = out#' "$T/in/kaustisen-seutu.ini"
missing() { # missing FILE COMMAND
	mv "$T/in/$1" "$T/in/$1.away"
	"$DM" "$2" -c "$T/in/kaustisen-seutu.ini" >"$T/o" 2>"$T/e"
	rc=$?
	mv "$T/in/$1.away" "$T/in/$1"
	check "missing $1: $2 exits 66 (got $rc)" [ "$rc" -eq 66 ]
	check "missing $1: the message names it" grep -q "^digimittari: .*$1: cannot open" "$T/e" "$T/o"
}
missing codebook-digi.csv validate
missing codebook-etatyo.csv run
missing actions.csv run
missing indicators.csv run
missing digi-2024.csv validate

# Temporary files of a killed run: removed by the next command that writes
# the folder, whichever; other dot files are left alone.
OUT=$T/in/out
for cmd in validate stats report run; do
	mkdir -p "$OUT"
	: >"$OUT/.lestijarvi-2024.pdf.tmp-Ab12Cd"
	: >"$OUT/.results.csv.tmp-XyZ123-old"
	: >"$OUT/.notes.tmp-mine"
	"$DM" "$cmd" -c "$T/in/kaustisen-seutu.ini" >/dev/null 2>&1
	rc=$?
	check "$cmd after a killed run exits 0 (got $rc)" [ "$rc" -eq 0 ]
	check "$cmd removes the killed run's temporary files" [ ! -e "$OUT/.lestijarvi-2024.pdf.tmp-Ab12Cd" ] && [ ! -e "$OUT/.results.csv.tmp-XyZ123-old" ]
	check "$cmd leaves other dot files alone" [ -e "$OUT/.notes.tmp-mine" ]
done
check "no temporary file is listed in the manifest" sh -c '! grep -q "tmp-" "$1"' - "$OUT/manifest.tsv"
check "no temporary file is left after the runs" sh -c '! ls -a "$1" | grep -q "\.tmp-[A-Za-z0-9]\{6\}"' - "$OUT"

# validate, stats and report take the run's lock: while one holds it, 75.
exec 9>"$OUT/.lock"
flock -n 9
"$DM" validate -c "$T/in/kaustisen-seutu.ini" >"$T/o" 2>"$T/e"
rc=$?
check "validate while the folder is locked exits 75 (got $rc)" [ "$rc" -eq 75 ]
check "and says another run is using the folder" grep -q "^digimittari: .*another digimittari run" "$T/e"
exec 9>&-

# Finnish by default (no DIGIMITTARI_LANG, no LANG): before the configuration
# is read, and after it, from the configuration's language.
fi_msg() { # fi_msg DESCRIPTION EXPECTED-LINE ARGS...
	d=$1 want=$2
	shift 2
	env -u DIGIMITTARI_LANG -u LANG -u LC_ALL -u LC_MESSAGES "$DM" "$@" >"$T/o" 2>"$T/e"
	check "$d: \"$want\" (got \"$(head -n 1 "$T/e")\")" [ "$(head -n 1 "$T/e")" = "$want" ]
}
fi_msg "Finnish usage error" 'digimittari: tuntematon komento "frob"' frob
fi_msg "Finnish missing configuration" "digimittari: puuttuu.ini: asetustiedostoa ei voi avata: tiedostoa tai kansiota ei ole" validate -c puuttuu.ini
printf '[region]\nname = X\nlanguage = fi\ncolour = red\n' >"$T/bad.ini"
fi_msg "Finnish configuration error" "digimittari: $T/bad.ini:4: tuntematon avain \"colour\" osiossa [region]; sallitut ovat name, language, min_group_size, max_rejected_pct, max_unknown_pct, output, report_date, actions, indicators ja strategy_start" validate -c "$T/bad.ini"
LANG=en_GB.UTF-8 "$DM" frob 2>"$T/e" >/dev/null
check "LANG=en_GB gives English before the configuration is read" grep -q '^digimittari: unknown command "frob"' "$T/e"
mv "$T/in/codebook-digi.csv" "$T/in/cb.away"
env -u DIGIMITTARI_LANG LANG=en_GB.UTF-8 "$DM" validate -c "$T/in/kaustisen-seutu.ini" >/dev/null 2>"$T/e"
mv "$T/in/cb.away" "$T/in/codebook-digi.csv"
check "after the configuration is read, its language = fi wins over LANG" grep -q "codebook-digi.csv: ei voi avata: tiedostoa tai kansiota ei ole" "$T/e"
LANG=fi_FI.UTF-8 DIGIMITTARI_LANG=en "$DM" frob 2>"$T/e" >/dev/null
check "DIGIMITTARI_LANG=en wins over LANG" grep -q '^digimittari: unknown command "frob"' "$T/e"

[ "$fails" -eq 0 ]

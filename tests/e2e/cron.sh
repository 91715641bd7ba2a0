#!/bin/sh
# The crontab line of scripts/crontab.example, run the way cron runs it: its
# command exactly as written (the placeholders PREFIX and JOBDIR substituted),
# by /bin/sh, with cron's environment (env -i PATH=/usr/bin:/bin, no LANG),
# no terminal and no session. Success must print nothing (so cron sends no
# mail), a failure a short, precise message.
set -u
cd "$(dirname "$0")/../.." || exit 1
ROOT=$PWD
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$PWD/tests/lib.sh"

line=$(grep -v '^#' scripts/crontab.example | grep -v '^[A-Z_]*=' | grep -v '^$')
check "crontab.example has one job line" [ "$(echo "$line" | wc -l)" -eq 1 ]
check "crontab.example sets MAILTO" grep -q '^MAILTO=' scripts/crontab.example
check "crontab.example says that the program's lock handles overlapping runs" grep -qi 'overlapping runs' scripts/crontab.example
cmd=$(echo "$line" | cut -d' ' -f6-)
check "the job line runs every night (got: $line)" [ "$(echo "$line" | cut -d' ' -f3-5)" = "* * *" ]

# PREFIX: an installed layout (bin/ and share/digimittari/), here a link to the
# build tree's binary (which finds its data folder through the link's target).
mkdir -p "$T/prefix/bin"
ln -s "$ROOT/build/digimittari" "$T/prefix/bin/digimittari"
cp -r input "$T/job"
sed -i 's#^output *=.*#output = out#' "$T/job/kaustisen-seutu.ini"
cmd=$(echo "$cmd" | sed "s#PREFIX#$T/prefix#g; s#JOBDIR#$T/job#g")
cron_run() { # like cron: sh -c, minimal environment, no terminal, own session
	env -i PATH=/usr/bin:/bin HOME="$T" LOGNAME=cron SHELL=/bin/sh \
		setsid sh -c "$cmd" </dev/null >"$T/mail" 2>&1
	echo $? >"$T/rc"
}

# First run: the sample has rejected rows, so the mail is the per-wave summary.
cron_run
check "first run exits 0 (got $(cat "$T/rc"))" [ "$(cat "$T/rc")" -eq 0 ]
check "first run rendered the reports" [ -s "$T/job/out/kaustisen-seutu-2024.pdf" ]
check "first run mails only the summary of the waves with rejected rows and one line per distinct problem value (3 + 5 lines, got $(wc -l <"$T/mail"))" [ "$(wc -l <"$T/mail")" -eq 8 ]
check "the mail names the unknown municipality in Finnish" grep -q '^    kuntaa "Kokkola" ei ole asetuksissa (hylättyjä rivejä 1, ensimmäinen rivillä 145)' "$T/mail"
check "the summary is in Finnish (cron has no LANG; language = fi)" grep -q "^digi-2024: rivejä luettu 385, hyväksytty 383, hylätty 2; puuttuviksi merkittyjä vastauksia 1; katso $T/job/out/quality-digi-2024.csv\$" "$T/mail"
# The data-quality report is for Finnish Excel: BOM, ';', Finnish words.
Q=$T/job/out/quality-digi-2024.csv
check "quality-digi-2024.csv starts with a UTF-8 byte order mark" [ "$(head -c 3 "$Q" | od -An -tx1 | tr -d ' ')" = "efbbbf" ]
check "its header is Finnish and ';'-separated" [ "$(head -n 1 "$Q" | tail -c +4)" = "tiedosto;rivi;sarake;sarakkeen otsikko;tapahtuma;toimenpide;syy" ]
check "it lists the rejected rows in Finnish (2)" [ "$(grep -c ';rivi hylätty;' "$Q")" -eq 2 ]
check "and the unknown municipality with a Finnish reason" grep -q ';tuntematon kunta;rivi hylätty;"""Kokkola"" ei ole asetustiedoston kunta eikä kunnan muu nimi"$' "$Q"
check "every record has 7 fields" sh -c 'tail -n +2 "$1" | grep -v "\"" | awk -F";" "NF != 7 { exit 1 }"' - "$Q"

# Second run: nothing changed, nothing printed, no mail.
cron_run
check "second run exits 0" [ "$(cat "$T/rc")" -eq 0 ]
check "second run prints nothing (got: $(head -c 200 "$T/mail"))" [ ! -s "$T/mail" ]
check "run.log records both runs" [ "$(wc -l <"$T/job/out/run.log")" -eq 2 ]

# A failure: one short line naming the file, in Finnish, and exit 66.
mv "$T/job/digi-2024.csv" "$T/job/digi-2024.away"
cron_run
check "a missing export exits 66 (got $(cat "$T/rc"))" [ "$(cat "$T/rc")" -eq 66 ]
check "the mail starts with digimittari: and names the export" sh -c 'head -n 1 "$1" | grep -q "^digimittari: .*digi-2024.csv"' - "$T/mail"
check "the mail says what went wrong in Finnish" grep -q "digi-2024.csv: ei voi avata: tiedostoa tai kansiota ei ole" "$T/mail"
check "the mail is short (at most 6 lines, got $(wc -l <"$T/mail"))" [ "$(wc -l <"$T/mail")" -le 6 ]
mv "$T/job/digi-2024.away" "$T/job/digi-2024.csv"

# An overlapping run: one line, exit 75.
exec 9>"$T/job/out/.lock"
flock -n 9
cron_run
exec 9>&-
check "a run that finds the lock held exits 75 (got $(cat "$T/rc"))" [ "$(cat "$T/rc")" -eq 75 ]
check "and mails one line (got $(wc -l <"$T/mail"))" [ "$(wc -l <"$T/mail")" -eq 1 ]

# The placeholder left in: a precise message, not silence.
cmd=$(echo "$line" | cut -d' ' -f6- | sed "s#PREFIX#$T/prefix#g")
cron_run
check "JOBDIR left unreplaced fails with 66 (got $(cat "$T/rc"))" [ "$(cat "$T/rc")" -eq 66 ]
check "naming the configuration it could not open" grep -q "^digimittari: JOBDIR/kaustisen-seutu.ini" "$T/mail"

# English on request: language = en in the configuration.
sed -i 's#^language *=.*#language = en#' "$T/job/kaustisen-seutu.ini"
grep -q '^language = en' "$T/job/kaustisen-seutu.ini" || sed -i 's#^\[region\]#&\nlanguage = en#' "$T/job/kaustisen-seutu.ini"
cmd=$(echo "$line" | cut -d' ' -f6- | sed "s#PREFIX#$T/prefix#g; s#JOBDIR#$T/job#g")
cron_run
check "language = en: the summary is in English" grep -q "^digi-2024: 385 rows read, 383 accepted, 2 rejected; answers set to missing: 1" "$T/mail"
check "language = en: the data-quality report is RFC 4180 with English words" [ "$(head -n 1 "$Q")" = "file,line,column,column_name,kind,action,reason" ]
check "language = en: the rejected rows say so in English" [ "$(grep -c ',row rejected,' "$Q")" -eq 2 ]

[ "$fails" -eq 0 ]

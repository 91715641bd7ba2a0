/*
 * gen-survey.c - deterministic generator of survey data: the bundled sample
 * in input/ and national-scale data for benchmarks.
 *
 *   gen-survey --sample [--seed S] --out DIR
 *   gen-survey --municipalities N --respondents N [--seed S] [--items K]
 *              [--style webropol|forms|excel] [--labels] --out DIR
 *
 * The sample (scripts/make-sample.sh) is the Kaustinen region: six
 * municipalities, a configuration, two codebooks and three exports, each in a
 * different survey tool's style (Finnish Excel, Webropol, Microsoft Forms).
 * Answers come from a latent model: per municipality and dimension a level
 * on the 1..5 scale, per respondent a general and a dimension factor, per
 * answer noise, then rounding to 1..5; so dimension scores differ between
 * municipalities, waves improve, and Cronbach's alpha is realistic.
 * Everything is drawn from one GSL mt19937 generator seeded from --seed, so
 * the same seed gives the same bytes.
 *
 * Planted rows in the sample, with their physical lines for the default seed
 * (the plants table below places them; the generator writes the lines it
 * actually used into input/README.md, which is the authority):
 *
 *   digi-2022.csv (Excel):
 *     25   municipality "Kaustisen kunta": an alias in the configuration (accepted);
 *     120  an empty municipality (extra row; rejected);
 *     203  a ragged row that stops after 9 of 40 fields (a Veteli row; rejected).
 *   digi-2024.csv (Webropol):
 *     14   municipality " KAUSTINEN": case and a leading space (accepted);
 *     59   municipality "Lestijärvi" + U+00A0 no-break space (accepted);
 *     145  municipality "Kokkola", not in the region (extra row; rejected);
 *     238  a respondent id that repeats the id on line 203 (rejected);
 *     312  the unknown label "Ehkä" on item D2_3 (answer set to missing).
 *   etatyo-2023.csv (Forms):
 *     34   municipality "toholampi": lower case (accepted);
 *     104  the out-of-range code "7" on the 1-5 item E1_2 (answer set to missing);
 *     182  remote days "8" on the 0..5 item E_days (answer set to missing);
 *     281  the unknown option "Slack" in the multi-choice cell E_tools (ignored).
 *
 * Every other row is valid. Privacy markers: every respondent id contains
 * "ZZIDMARKER" (R-ZZIDMARKER-0001, ...), and two free-text answers in each
 * export contain "ZZFREETEXTMARKER"; neither may ever reach an output.
 *
 * National mode writes DIR/config.ini, DIR/codebook.csv and DIR/survey.csv
 * (K Likert items over six dimensions, the free-text column not last),
 * streaming rows in constant memory. Staff sizes are lognormal, scaled so that
 * response rates fall between 30 and 60 %; respondents are allocated to
 * municipalities in proportion to staff times rate and written in random
 * order. Answers are numeric codes unless --labels; --style picks the
 * encoding, delimiter and line ends (default: Webropol, UTF-8 with BOM, ';').
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "util.h"

#define SAMPLE_SEED   20241130UL
#define NATIONAL_SEED 1UL
#define ID_MARKER     "ZZIDMARKER"
#define TEXT_MARKER   "ZZFREETEXTMARKER"

/* Prints "gen-survey: message" and exits with code (enum dm_exit). */
static void die(int code, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));

static void die(int code, const char *fmt, ...)
{
        va_list ap;
        fputs("gen-survey: ", stderr);
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fputc('\n', stderr);
        exit(code);
}

/* ------------------------------------------------------------------------ */
/* Export styles and the CSV writer                                          */

enum encoding {
        ENC_UTF8,     /* UTF-8 without BOM */
        ENC_UTF8_BOM, /* UTF-8 with a BOM */
        ENC_CP1252,   /* Windows-1252, as Finnish Excel saves "CSV" */
};

/* How one survey tool writes its export. */
struct style {
        const char *name; /* --style name */
        char delim;       /* field delimiter */
        enum encoding enc;
        const char *eol;  /* record terminator; quoted newlines are always LF */
        int labels;       /* 1 = answers as label texts, 0 = as numeric codes */
        const char *what; /* one-line description for READMEs */
};

static const struct style style_table[] = {
    {"webropol", ';', ENC_UTF8_BOM, "\n", 1,
     "Webropol: UTF-8 with BOM, ';' delimiter, LF, answers as label texts"},
    {"forms", ',', ENC_UTF8, "\n", 0,
     "Microsoft Forms: UTF-8 without BOM, ',' delimiter, LF, answers as numeric codes"},
    {"excel", ';', ENC_CP1252, "\r\n", 1,
     "Finnish Excel: Windows-1252, ';' delimiter, CRLF, answers as label texts"},
};

enum { STYLE_WEBROPOL, STYLE_FORMS, STYLE_EXCEL };

/* Codebooks are written the way a spreadsheet saves a plain CSV. */
static const struct style codebook_style = {"codebook", ',', ENC_UTF8, "\n", 1, ""};

/* An export being written, one record at a time. */
struct out {
        FILE *f;
        char *path; /* for messages */
        const struct style *st;
        struct strbuf row;  /* the record being built, UTF-8 */
        struct strbuf conv; /* the record converted to Windows-1252 */
        int nfields;        /* fields in the record so far */
        long line;          /* physical line the next record starts on */
};

static void out_open(struct out *o, const char *dir, const char *name, const struct style *st)
{
        memset(o, 0, sizeof *o);
        o->path = path_join(dir, name);
        o->st = st;
        o->line = 1;
        o->f = fopen(o->path, "wb");
        if (!o->f)
                die(DM_EX_CANTCREAT, "cannot create %s: %s", o->path, strerror(errno));
        setvbuf(o->f, NULL, _IOFBF, 1 << 20);
        if (st->enc == ENC_UTF8_BOM)
                fputs("\xEF\xBB\xBF", o->f);
}

/* Appends one field, quoted when it holds the delimiter, a quote or a newline. */
static void out_field_q(struct out *o, const char *s, int force_quote)
{
        if (o->nfields++)
                strbuf_addc(&o->row, o->st->delim);
        int quote = force_quote;
        const char *p;
        for (p = s; *p && !quote; p++)
                if (*p == o->st->delim || *p == '"' || *p == '\n' || *p == '\r')
                        quote = 1;
        if (!quote) {
                strbuf_adds(&o->row, s);
                return;
        }
        strbuf_addc(&o->row, '"');
        for (p = s; *p; p++) {
                if (*p == '"')
                        strbuf_addc(&o->row, '"');
                strbuf_addc(&o->row, *p);
        }
        strbuf_addc(&o->row, '"');
}

static void out_field(struct out *o, const char *s)
{
        out_field_q(o, s, 0);
}

/* Converts UTF-8 text to Windows-1252; the generator's texts must all be representable. */
static void to_cp1252(const char *s, size_t n, struct strbuf *dst)
{
        const unsigned char *p = (const unsigned char *)s;
        strbuf_reset(dst);
        for (size_t i = 0; i < n;) {
                unsigned cp;
                if (p[i] < 0x80) {
                        strbuf_addc(dst, (char)p[i++]);
                        continue;
                }
                if ((p[i] & 0xE0) == 0xC0 && i + 1 < n) {
                        cp = ((p[i] & 0x1Fu) << 6) | (p[i + 1] & 0x3Fu);
                        i += 2;
                } else if ((p[i] & 0xF0) == 0xE0 && i + 2 < n) {
                        cp =
                            ((p[i] & 0x0Fu) << 12) | ((p[i + 1] & 0x3Fu) << 6) | (p[i + 2] & 0x3Fu);
                        i += 3;
                } else {
                        die(DM_EX_SOFTWARE, "text not representable in Windows-1252");
                }
                if (cp >= 0xA0 && cp <= 0xFF)
                        strbuf_addc(dst, (char)cp);
                else if (cp == 0x2013)
                        strbuf_addc(dst, (char)0x96);
                else if (cp == 0x2014)
                        strbuf_addc(dst, (char)0x97);
                else if (cp == 0x2019)
                        strbuf_addc(dst, (char)0x92);
                else if (cp == 0x20AC)
                        strbuf_addc(dst, (char)0x80);
                else
                        die(DM_EX_SOFTWARE, "U+%04X not representable in Windows-1252", cp);
        }
}

/* Ends the record and writes it; returns the physical line it starts on. */
static long out_end_row(struct out *o)
{
        long start = o->line;
        strbuf_adds(&o->row, o->st->eol);
        const char *p = o->row.buf, *end = p + o->row.len;
        while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
                o->line++;
                p++;
        }
        p = o->row.buf;
        size_t n = o->row.len;
        if (o->st->enc == ENC_CP1252) {
                to_cp1252(p, n, &o->conv);
                p = o->conv.buf;
                n = o->conv.len;
        }
        if (fwrite(p, 1, n, o->f) != n)
                die(DM_EX_IOERR, "cannot write %s: %s", o->path, strerror(errno));
        strbuf_reset(&o->row);
        o->nfields = 0;
        return start;
}

static void out_close(struct out *o)
{
        if (ferror(o->f) || fclose(o->f) != 0)
                die(DM_EX_IOERR, "cannot write %s: %s", o->path, strerror(errno));
        strbuf_clear(&o->row);
        strbuf_clear(&o->conv);
        free(o->path);
        o->f = NULL;
}

/* Writes a whole text file (configuration, README). */
static void write_text_file(const char *dir, const char *name, const struct strbuf *sb)
{
        char *path = path_join(dir, name);
        FILE *f = fopen(path, "wb");
        if (!f)
                die(DM_EX_CANTCREAT, "cannot create %s: %s", path, strerror(errno));
        if (fwrite(strbuf_str(sb), 1, sb->len, f) != sb->len || ferror(f) || fclose(f) != 0)
                die(DM_EX_IOERR, "cannot write %s: %s", path, strerror(errno));
        free(path);
}

static void make_dir(const char *dir)
{
        if (mkdir(dir, 0777) != 0 && errno != EEXIST)
                die(DM_EX_CANTCREAT, "cannot create %s: %s", dir, strerror(errno));
        struct stat stbuf;
        if (stat(dir, &stbuf) != 0 || !S_ISDIR(stbuf.st_mode))
                die(DM_EX_CANTCREAT, "cannot create %s: not a directory", dir);
}

/* ------------------------------------------------------------------------ */
/* Instruments: dimensions, scales and items, as the codebooks declare them  */

struct dim_def {
        const char *id;
        const char *label;
        const char *label_en;
};

static const struct dim_def digi_dims[] = {
    {"D1", "Osallistuminen ja vaikuttaminen", "Participation and influence"},
    {"D2", "Asiointi ja palvelut", "E-services and customer service"},
    {"D3", "Kuntatyön muutos", "Change of municipal work"},
    {"D4", "Johtaminen ja esimiestyö", "Leadership and management"},
    {"D5", "Seudullinen tieto- ja viestintätekninen ympäristö sekä yhteiset prosessit",
     "Regional ICT environment and shared processes"},
    {"D6", "Digiosaaminen ja digituki", "Digital skills and support"},
};

static const struct dim_def eta_dims[] = {
    {"E1", "Etätyövalmiudet", "Remote-work readiness"},
    {"E2", "Etäjohtaminen ja vuorovaikutus", "Remote leadership and interaction"},
};

/* One code of a scale; alt = 1 marks an extra accepted spelling of a code. */
struct code_def {
        const char *scale;
        int code;
        int dontknow;
        int alt;
        const char *label;
        const char *label_en;
};

static const struct code_def code_table[] = {
    {"agree5", 1, 0, 0, "Täysin eri mieltä", "Strongly disagree"},
    {"agree5", 2, 0, 0, "Jokseenkin eri mieltä", "Somewhat disagree"},
    {"agree5", 3, 0, 0, "Ei samaa eikä eri mieltä", "Neither agree nor disagree"},
    {"agree5", 3, 0, 1, "Ei samaa mieltä eikä eri mieltä", "Neither agree nor disagree"},
    {"agree5", 4, 0, 0, "Jokseenkin samaa mieltä", "Somewhat agree"},
    {"agree5", 5, 0, 0, "Täysin samaa mieltä", "Strongly agree"},
    {"agree5", 9, 1, 0, "En osaa sanoa", "Don't know"},
    {"level5", 1, 0, 0, "Ei lainkaan", "Not at all"},
    {"level5", 2, 0, 0, "Vähän", "A little"},
    {"level5", 3, 0, 0, "Jonkin verran", "To some extent"},
    {"level5", 4, 0, 0, "Pitkällä", "Well advanced"},
    {"level5", 5, 0, 0, "Erittäin pitkällä", "Very far advanced"},
    {"level5", 9, 1, 0, "En osaa sanoa", "Don't know"},
    {"toimiala", 1, 0, 0, "Hallinto ja talous", "Administration and finance"},
    {"toimiala", 2, 0, 0, "Sivistystoimi", "Education and culture"},
    {"toimiala", 3, 0, 0, "Tekninen toimi", "Technical services"},
    {"toimiala", 4, 0, 0, "Sosiaali- ja terveyspalvelut", "Social and health services"},
    {"toimiala", 5, 0, 0, "Muu", "Other"},
    {"asema", 1, 0, 0, "Työntekijä", "Employee"},
    {"asema", 2, 0, 0, "Asiantuntija", "Specialist"},
    {"asema", 3, 0, 0, "Esihenkilö tai johto", "Manager or executive"},
    {"ikaryhma", 1, 0, 0, "Alle 30 vuotta", "Under 30"},
    {"ikaryhma", 2, 0, 0, "30–44 vuotta", "30–44"},
    {"ikaryhma", 3, 0, 0, "45–59 vuotta", "45–59"},
    {"ikaryhma", 4, 0, 0, "60 vuotta tai yli", "60 or over"},
    {"kylla_ei", 1, 0, 0, "Kyllä", "Yes"},
    {"kylla_ei", 2, 0, 0, "Ei", "No"},
    {"kylla_ei", 9, 1, 0, "En osaa sanoa", "Don't know"},
    {"valineet", 1, 0, 0, "Teams", "Teams"},
    {"valineet", 2, 0, 0, "Outlook", "Outlook"},
    {"valineet", 3, 0, 0, "OneDrive/SharePoint", "OneDrive/SharePoint"},
    {"valineet", 4, 0, 0, "VPN-etäyhteys", "VPN connection"},
    {"valineet", 5, 0, 0, "Zoom", "Zoom"},
    {"valineet", 6, 0, 0, "Muu", "Other"},
};

#define NCODES (sizeof code_table / sizeof code_table[0])

/* Returns the report label (alt = 0) or the extra spelling (alt = 1) of a code. */
static const char *code_label(const char *scale, int code, int alt)
{
        const char *first = NULL;
        for (size_t i = 0; i < NCODES; i++) {
                const struct code_def *c = &code_table[i];
                if (strcmp(c->scale, scale) != 0 || c->code != code)
                        continue;
                if (c->alt == alt)
                        return c->label;
                if (!first)
                        first = c->label;
        }
        if (!first)
                die(DM_EX_SOFTWARE, "no code %d in scale %s", code, scale);
        return first;
}

enum item_kind { K_LIKERT, K_CURRENT, K_TARGET, K_NUMERIC, K_CHOICE, K_MULTI };

static const char *const kind_names[] = {"likert",  "current", "target",
                                         "numeric", "choice",  "multi"};

/* One codebook item. */
struct item_def {
        const char *id;
        enum item_kind kind;
        const char *dim;    /* dimension id, or NULL */
        const char *column; /* codebook column text = export header (see export_header) */
        const char *scale;  /* scale id, or the range of a numeric item */
        int reverse;        /* reverse-coded Likert item */
        const char *pair;   /* current item: its target item */
        int colon;          /* the Excel export adds a trailing colon to the header */
        double offset;      /* item difficulty on the 1..5 scale */
        const char *label;  /* short report text */
        const char *label_en;
};

static const struct item_def digi_items[] = {
    {"D1_1", K_LIKERT, "D1", "Voin vaikuttaa työni digitalisointiin:", "agree5", 0, NULL, 0, 0.10,
     "Voin vaikuttaa digitalisointiin", "I can influence the digitalisation of my work"},
    {"D1_2", K_LIKERT, "D1",
     "Tunnen kunnan sähköiset osallistumiskanavat (esim. kyselyt, palautekanava)", "agree5", 0,
     NULL, 0, 0.20, "Tunnen osallistumiskanavat", "I know the e-participation channels"},
    {"D1_3", K_LIKERT, "D1",
     "Kuntalaisilta sähköisesti kerättyä palautetta hyödynnetään päätöksenteossa", "agree5", 0,
     NULL, 0, -0.25, "Palautetta hyödynnetään päätöksenteossa",
     "Residents' feedback is used in decisions"},
    {"D1_4", K_LIKERT, "D1", "Henkilöstöä kuullaan digitalisaatiohankkeiden suunnittelussa",
     "agree5", 0, NULL, 0, -0.05, "Henkilöstöä kuullaan hankkeissa",
     "Staff are consulted in digital projects"},
    {"D2_1", K_LIKERT, "D2", "Kuntamme sähköiset asiointipalvelut ovat helppokäyttöisiä", "agree5",
     0, NULL, 0, -0.10, "Asiointipalvelut ovat helppokäyttöisiä", "Our e-services are easy to use"},
    {"D2_2", K_LIKERT, "D2", "Ohjaan asiakkaita käyttämään sähköistä asiointia", "agree5", 0, NULL,
     1, 0.25, "Ohjaan asiakkaita sähköiseen asiointiin", "I guide customers to e-services"},
    {"D2_3", K_LIKERT, "D2", "Seudun yhteinen asiointialusta sujuvoittaa työtäni", "agree5", 0,
     NULL, 0, -0.20, "Asiointialusta sujuvoittaa työtä",
     "The shared service platform eases my work"},
    {"D2_4", K_LIKERT, "D2", "Asiakkaat saavat palvelua ajasta ja paikasta riippumatta", "agree5",
     0, NULL, 0, 0.05, "Palvelua ajasta ja paikasta riippumatta",
     "Customers are served regardless of time and place"},
    {"D3_1", K_LIKERT, "D3", "Sähköinen asianhallinta ja arkistointi toimivat työssäni hyvin",
     "agree5", 0, NULL, 0, -0.15, "Asianhallinta ja arkistointi toimivat",
     "E-case management and archiving work well"},
    {"D3_2", K_LIKERT, "D3",
     "Microsoft 365 -välineet (Teams, OneDrive) ovat vakiintuneet työyhteisömme arkeen", "agree5",
     0, NULL, 0, 0.25, "M365-välineet ovat vakiintuneet",
     "Microsoft 365 tools are part of daily work"},
    {"D3_3", K_LIKERT, "D3", "Sähköiset kokoukset ja päätöksenteko toimivat sujuvasti", "agree5", 0,
     NULL, 1, 0.10, "Sähköiset kokoukset toimivat",
     "Online meetings and decision-making work smoothly"},
    {"D3_4", K_LIKERT, "D3", "Digitaaliset työvälineet lisäävät kiirettäni", "agree5", 1, NULL, 0,
     -0.10, "Välineet lisäävät kiirettä", "Digital tools add to my rush"},
    {"D4_1", K_LIKERT, "D4", "Esihenkilöni kannustaa kokeilemaan uusia digitaalisia ratkaisuja",
     "agree5", 0, NULL, 0, 0.10, "Esihenkilö kannustaa kokeilemaan",
     "My manager encourages trying new digital solutions"},
    {"D4_2", K_LIKERT, "D4", "Johto näyttää esimerkkiä digitaalisten välineiden käytössä", "agree5",
     0, NULL, 0, -0.05, "Johto näyttää esimerkkiä",
     "Management leads by example in using digital tools"},
    {"D4_3", K_LIKERT, "D4", "Tieto kulkee organisaatiossamme sujuvasti sähköisiä kanavia pitkin",
     "agree5", 0, NULL, 0, -0.20, "Tieto kulkee sujuvasti",
     "Information flows smoothly through electronic channels"},
    {"D4_4", K_LIKERT, "D4", "Digitalisaation tavoitteet on kerrottu minulle selkeästi", "agree5",
     0, NULL, 1, 0.15, "Tavoitteet on kerrottu selkeästi",
     "Digitalisation goals have been made clear to me"},
    {"D5_1", K_LIKERT, "D5", "Tietoliikenneyhteydet toimivat työpisteessäni luotettavasti",
     "agree5", 0, NULL, 0, 0.20, "Yhteydet toimivat luotettavasti",
     "Network connections are reliable where I work"},
    {"D5_2", K_LIKERT, "D5", "Päätelaitteeni ovat ajanmukaisia ja riittäviä työhöni", "agree5", 0,
     NULL, 0, 0.05, "Päätelaitteet ovat ajanmukaisia", "My devices are up to date"},
    {"D5_3", K_LIKERT, "D5", "Seudun kunnilla on yhteisiä, toimivia toimintatapoja ja prosesseja",
     "agree5", 0, NULL, 0, -0.30, "Seudulla on yhteiset prosessit",
     "The region's municipalities share working processes"},
    {"D5_4", K_LIKERT, "D5", "Tietojärjestelmien käyttökatkot haittaavat työtäni usein", "agree5",
     1, NULL, 0, 0.05, "Käyttökatkot haittaavat työtä", "System outages often disrupt my work"},
    {"D6_1", K_LIKERT, "D6", "Osaan käyttää työssäni tarvittavia digitaalisia välineitä", "agree5",
     0, NULL, 0, 0.30, "Osaan käyttää välineitä", "I can use the digital tools my work needs"},
    {"D6_2", K_LIKERT, "D6", "Saan tarvittaessa nopeasti apua IT-tuesta", "agree5", 0, NULL, 1,
     0.00, "Saan apua IT-tuesta", "I get IT support quickly when needed"},
    {"D6_3", K_LIKERT, "D6", "Minulle on tarjottu riittävästi digikoulutusta", "agree5", 0, NULL, 0,
     -0.30, "Digikoulutusta on riittävästi", "I have been offered enough training"},
    {"D6_4", K_LIKERT, "D6", "Uusien järjestelmien opettelu tuntuu minusta ylivoimaiselta",
     "agree5", 1, NULL, 0, 0.00, "Opettelu tuntuu ylivoimaiselta",
     "Learning new systems feels overwhelming"},
    {"L1_now", K_CURRENT, "D1", "Osallistuminen ja vaikuttaminen – nykytaso", "level5", 0,
     "L1_goal", 0, 0, "Osallistuminen – nykytaso", "Participation – current level"},
    {"L1_goal", K_TARGET, "D1", "Osallistuminen ja vaikuttaminen – tavoitetaso", "level5", 0, NULL,
     0, 0, "Osallistuminen – tavoitetaso", "Participation – target level"},
    {"L2_now", K_CURRENT, "D2", "Asiointi ja palvelut – nykytaso", "level5", 0, "L2_goal", 0, 0,
     "Asiointi – nykytaso", "E-services – current level"},
    {"L2_goal", K_TARGET, "D2", "Asiointi ja palvelut – tavoitetaso", "level5", 0, NULL, 0, 0,
     "Asiointi – tavoitetaso", "E-services – target level"},
    {"L3_now", K_CURRENT, "D3", "Kuntatyön muutos – nykytaso", "level5", 0, "L3_goal", 0, 0,
     "Kuntatyön muutos – nykytaso", "Change of work – current level"},
    {"L3_goal", K_TARGET, "D3", "Kuntatyön muutos – tavoitetaso", "level5", 0, NULL, 0, 0,
     "Kuntatyön muutos – tavoitetaso", "Change of work – target level"},
    {"L4_now", K_CURRENT, "D4", "Johtaminen ja esimiestyö – nykytaso", "level5", 0, "L4_goal", 0, 0,
     "Johtaminen – nykytaso", "Leadership – current level"},
    {"L4_goal", K_TARGET, "D4", "Johtaminen ja esimiestyö – tavoitetaso", "level5", 0, NULL, 0, 0,
     "Johtaminen – tavoitetaso", "Leadership – target level"},
    {"L5_now", K_CURRENT, "D5", "Seudullinen ICT-ympäristö ja yhteiset prosessit – nykytaso",
     "level5", 0, "L5_goal", 0, 0, "Seudullinen ICT – nykytaso", "Regional ICT – current level"},
    {"L5_goal", K_TARGET, "D5", "Seudullinen ICT-ympäristö ja yhteiset prosessit – tavoitetaso",
     "level5", 0, NULL, 0, 0, "Seudullinen ICT – tavoitetaso", "Regional ICT – target level"},
};

#define N_DIGI_ITEMS  (sizeof digi_items / sizeof digi_items[0])
#define N_DIGI_LIKERT 24
#define N_AREAS       5

static const struct item_def eta_items[] = {
    {"E_remote", K_CHOICE, NULL, "Onko työtehtäväsi mahdollista tehdä etänä?", "kylla_ei", 0, NULL,
     0, 0, "Etätyö on mahdollista", "Remote work is possible"},
    {"E_days", K_NUMERIC, NULL, "Kuinka monena päivänä viikossa teet keskimäärin etätöitä?", "0..5",
     0, NULL, 0, 0, "Etäpäiviä viikossa", "Remote days a week"},
    {"E1_1", K_LIKERT, "E1", "Minulla on etätyöhön sopivat laitteet ja yhteydet", "agree5", 0, NULL,
     0, 0.25, "Laitteet ja yhteydet etätyöhön", "I have suitable devices and connections"},
    {"E1_2", K_LIKERT, "E1", "Osaan käyttää etätyövälineitä sujuvasti", "agree5", 0, NULL, 0, 0.20,
     "Osaan käyttää etätyövälineitä", "I use remote-work tools fluently"},
    {"E1_3", K_LIKERT, "E1", "Pystyn keskittymään työhön etäpäivinä hyvin", "agree5", 0, NULL, 0,
     0.05, "Keskittyminen etäpäivinä", "I can concentrate well on remote days"},
    {"E1_4", K_LIKERT, "E1", "Koen jääväni etätyössä työyhteisön ulkopuolelle", "agree5", 1, NULL,
     0, -0.15, "Jään työyhteisön ulkopuolelle", "I feel left out of the work community"},
    {"E2_1", K_LIKERT, "E2", "Esihenkilöni on tavoitettavissa myös etäpäivinä", "agree5", 0, NULL,
     0, 0.20, "Esihenkilö on tavoitettavissa", "My manager is reachable on remote days"},
    {"E2_2", K_LIKERT, "E2", "Työyhteisössämme on sovitut pelisäännöt etätyölle", "agree5", 0, NULL,
     0, -0.30, "Etätyön pelisäännöt on sovittu", "We have agreed rules for remote work"},
    {"E2_3", K_LIKERT, "E2", "Tieto kulkee hyvin, vaikka osa työskentelee etänä", "agree5", 0, NULL,
     0, -0.10, "Tieto kulkee etätyössä", "Information flows even when some work remotely"},
    {"E2_4", K_LIKERT, "E2", "Etäpalaverit ovat toimivia ja tehokkaita", "agree5", 0, NULL, 0, 0.05,
     "Etäpalaverit ovat toimivia", "Online meetings work well"},
    {"E_tools", K_MULTI, NULL, "Mitä etätyövälineitä käytät säännöllisesti?", "valineet", 0, NULL,
     0, 0, "Käytetyt etätyövälineet", "Remote-work tools used"},
};

#define N_ETA_ITEMS (sizeof eta_items / sizeof eta_items[0])

/* A non-item column of an export: municipality, id, breakdown, text, ignored. */
struct col_def {
        const char *key;    /* record key */
        const char *kind;   /* codebook kind */
        const char *id;     /* breakdown id, or NULL */
        const char *column; /* header text */
        const char *scale;  /* breakdown scale, or NULL */
        const char *label;
        const char *label_en;
};

static const struct col_def digi_cols[] = {
    {"muni", "municipality", NULL, "Kunta", NULL, NULL, NULL},
    {"id", "respondent", NULL, "Vastaajan tunniste", NULL, NULL, NULL},
    {"sector", "breakdown", "sector", "Toimiala", "toimiala", "Toimiala", "Sector"},
    {"position", "breakdown", "position", "Asema", "asema", "Asema", "Position"},
    {"text", "text", NULL, "Vapaa palaute", NULL, NULL, NULL},
    {"time", "ignore", NULL, "Vastausaika", NULL, NULL, NULL},
};

static const struct col_def eta_cols[] = {
    {"muni", "municipality", NULL, "Kunta", NULL, NULL, NULL},
    {"id", "respondent", NULL, "Tunnus", NULL, NULL, NULL},
    {"sector", "breakdown", "sector", "Toimiala", "toimiala", "Toimiala", "Sector"},
    {"position", "breakdown", "position", "Asema", "asema", "Asema", "Position"},
    {"text", "text", NULL, "Mitä muuta haluat kertoa etätyöstä?", NULL, NULL, NULL},
    {"start", "ignore", NULL, "Aloitusaika", NULL, NULL, NULL},
    {"end", "ignore", NULL, "Valmistumisaika", NULL, NULL, NULL},
    {"email", "ignore", NULL, "Sähköposti", NULL, NULL, NULL},
    {"name", "ignore", NULL, "Nimi", NULL, NULL, NULL},
};

struct instrument_def {
        const char *id;
        const char *title;
        const char *codebook;
        const char *about; /* first comment row of the codebook, "# ..." */
        const struct dim_def *dims;
        size_t ndims;
        const char *const *scales; /* NULL-terminated scale ids, in codebook order */
        const struct col_def *cols;
        size_t ncols;
        const struct item_def *items;
        size_t nitems;
};

static const char *const digi_scales[] = {"agree5", "level5", "toimiala", "asema", NULL};
static const char *const nat_scales[] = {"agree5", "toimiala", "asema", NULL};
static const char *const cities_scales[] = {"agree5", "toimiala", "asema", "ikaryhma", NULL};
static const char *const eta_scales[] = {"agree5",   "kylla_ei", "valineet",
                                         "toimiala", "asema",    NULL};

static const struct instrument_def instruments[] = {
    {"digi", "Henkilöstön digitalisaatiokysely", "codebook-digi.csv",
     "# Codebook of the staff digitalisation survey (digi-2022 and digi-2024). SAMPLE DATA: see "
     "README.md.",
     digi_dims, 6, digi_scales, digi_cols, sizeof digi_cols / sizeof digi_cols[0], digi_items,
     N_DIGI_ITEMS},
    {"etatyo", "Henkilöstön etätyökysely", "codebook-etatyo.csv",
     "# Codebook of the staff remote-work survey (etatyo-2023). SAMPLE DATA: see README.md.",
     eta_dims, 2, eta_scales, eta_cols, sizeof eta_cols / sizeof eta_cols[0], eta_items,
     N_ETA_ITEMS},
};

/* Writes one codebook row of the ten README columns. */
static void cb_row(struct out *o, const char *kind, const char *id, const char *column,
                   const char *dim, const char *scale, int code, const char *reverse,
                   const char *pair, const char *label, const char *label_en)
{
        char codebuf[16] = "";
        if (code >= 0)
                snprintf(codebuf, sizeof codebuf, "%d", code);
        const char *f[10] = {kind, id, column, dim, scale, codebuf, reverse, pair, label, label_en};
        for (int i = 0; i < 10; i++)
                out_field(o, f[i] ? f[i] : "");
        out_end_row(o);
}

static void cb_comment(struct out *o, const char *text)
{
        cb_row(o, text, NULL, NULL, NULL, NULL, -1, NULL, NULL, NULL, NULL);
}

/* Writes the codebook of an instrument; items may come from a generated table. */
static void write_codebook(const char *dir, const char *name, const struct instrument_def *in)
{
        struct out o;
        out_open(&o, dir, name, &codebook_style);
        static const char *const header[10] = {"kind",  "id",      "column",  "dimension",
                                               "scale", "code",    "reverse", "pair",
                                               "label", "label_en"};
        for (int i = 0; i < 10; i++)
                out_field(&o, header[i]);
        out_end_row(&o);
        cb_comment(&o, in->about);
        cb_comment(&o, "# Dimensions: the action areas that items are scored in.");
        for (size_t i = 0; i < in->ndims; i++)
                cb_row(&o, "dimension", in->dims[i].id, NULL, NULL, NULL, -1, NULL, NULL,
                       in->dims[i].label, in->dims[i].label_en);
        cb_comment(&o, "# Scales: answer texts and their codes; 'dontknow' stays out of means.");
        for (const char *const *sc = in->scales; *sc; sc++)
                for (size_t i = 0; i < NCODES; i++) {
                        const struct code_def *c = &code_table[i];
                        if (strcmp(c->scale, *sc) != 0)
                                continue;
                        cb_row(&o, c->dontknow ? "dontknow" : "code", NULL, NULL, NULL, c->scale,
                               c->code, NULL, NULL, c->label, c->alt ? NULL : c->label_en);
                }
        cb_comment(
            &o,
            "# Background columns: municipality; respondent id; breakdowns (sector and position).");
        for (size_t i = 0; i < in->ncols; i++) {
                const struct col_def *c = &in->cols[i];
                if (strcmp(c->kind, "text") == 0 || strcmp(c->kind, "ignore") == 0)
                        continue;
                cb_row(&o, c->kind, c->id, c->column, NULL, c->scale, -1, NULL, NULL, c->label,
                       c->label_en);
        }
        cb_comment(&o, "# Items: column = the question text as the export's header row has it.");
        for (size_t i = 0; i < in->nitems; i++) {
                const struct item_def *it = &in->items[i];
                cb_row(&o, kind_names[it->kind], it->id, it->column, it->dim, it->scale, -1,
                       it->reverse ? "yes" : NULL, it->pair, it->label, it->label_en);
        }
        cb_comment(&o, "# Free text (checked but never reported) and ignored columns.");
        for (size_t i = 0; i < in->ncols; i++) {
                const struct col_def *c = &in->cols[i];
                if (strcmp(c->kind, "text") == 0 || strcmp(c->kind, "ignore") == 0)
                        cb_row(&o, c->kind, NULL, c->column, NULL, NULL, -1, NULL, NULL, NULL,
                               NULL);
        }
        out_close(&o);
}

/* ------------------------------------------------------------------------ */
/* The sample: municipalities, latent levels, waves and planted rows         */

struct muni_def {
        const char *name;
        const char *aliases;
        long staff;
        double rate[3];   /* response rate in digi-2022, digi-2024, etatyo-2023 */
        double digi[6];   /* 2024 latent level per dimension (1..5) */
        double change[6]; /* 2024 minus 2022 */
        double cur[5];    /* 2024 current level per action area (1..5) */
        double gap[5];    /* 2024 target minus current */
        double eta[2];    /* 2023 remote-work readiness and interaction (1..5) */
};

/*
 * Index = (mean - 1) / 4 * 100, so red < 50 is a mean below 3.0 and green >= 70
 * a mean of 3.8 or more; several levels sit right at those edges on purpose.
 */
static const struct muni_def munis[] = {
    {"Halsua",
     "Halsuan kunta",
     85,
     {0.36, 0.41, 0.46},
     {2.85, 3.55, 3.30, 3.95, 3.05, 3.65},
     {0.20, 0.35, 0.25, 0.10, 0.30, 0.15},
     {2.4, 3.0, 2.9, 3.2, 2.6},
     {1.3, 0.9, 1.0, 0.6, 1.2},
     {3.55, 3.35}},
    {"Kaustinen",
     "Kaustisen kunta, Kaustis",
     290,
     {0.31, 0.34, 0.42},
     {3.25, 4.00, 3.85, 3.60, 3.80, 4.05},
     {0.15, 0.30, 0.40, 0.05, 0.20, 0.25},
     {2.8, 3.5, 3.3, 3.0, 3.3},
     {1.1, 0.5, 0.7, 0.9, 0.6},
     {3.90, 3.70}},
    {"Lestijärvi",
     "Lestijärven kunta",
     42,
     {0.45, 0.52, 0.55},
     {2.60, 3.10, 2.95, 3.45, 2.75, 3.30},
     {0.10, 0.25, 0.15, -0.15, 0.20, 0.30},
     {2.1, 2.6, 2.5, 2.8, 2.3},
     {1.5, 1.2, 1.1, 0.8, 1.4},
     {3.20, 2.95}},
    {"Toholampi",
     "Toholammin kunta",
     230,
     {0.30, 0.33, 0.38},
     {3.00, 3.70, 3.50, 3.80, 3.40, 3.75},
     {0.25, 0.20, 0.30, 0.20, 0.15, 0.10},
     {2.6, 3.2, 3.0, 3.1, 2.9},
     {1.2, 0.8, 0.9, 0.7, 1.0},
     {3.70, 3.55}},
    {"Veteli",
     "Vetelin kunta",
     240,
     {0.31, 0.35, 0.36},
     {3.15, 3.45, 3.15, 2.95, 3.55, 3.50},
     {0.05, 0.15, 0.20, -0.20, 0.35, 0.20},
     {2.7, 2.9, 2.7, 2.5, 3.0},
     {1.0, 1.0, 1.1, 1.3, 0.8},
     {3.40, 3.05}},
    {"Perho",
     "Perhon kunta",
     190,
     {0.30, 0.36, 0.44},
     {2.80, 3.85, 3.65, 3.30, 3.95, 3.40},
     {0.30, 0.45, 0.35, 0.15, 0.40, 0.05},
     {2.4, 3.3, 3.1, 2.8, 3.4},
     {1.4, 0.6, 0.8, 1.0, 0.4},
     {3.60, 3.80}},
};

#define NMUNIS (sizeof munis / sizeof munis[0])
enum { M_HALSUA, M_KAUSTINEN, M_LESTIJARVI, M_TOHOLAMPI, M_VETELI, M_PERHO };

/* Background distributions and their effects on the latent levels. */
static const double sector_p[5] = {0.17, 0.38, 0.16, 0.17, 0.12};
static const double position_p[3] = {0.62, 0.23, 0.15};
static const double sector_eff[5] = {0.15, 0.05, -0.15, -0.05, -0.10};
static const double position_eff[3][6] = {
    {0, 0, 0, 0, 0, 0},
    {0, 0.05, 0.10, 0, 0.05, 0.10},
    {0.15, 0.05, 0.05, 0.25, 0, 0.05},
};
/* Answer noise per digi dimension: lower noise, higher Cronbach's alpha. */
static const double digi_noise[6] = {0.70, 0.60, 0.75, 0.55, 0.80, 0.65};

enum { W_DIGI22, W_DIGI24, W_ETA23, NWAVES };

struct wave_def {
        const char *id;
        const char *file;
        int instrument; /* index into instruments */
        int year;
        const char *compare;
        int style;                  /* index into style_table */
        const char *const *columns; /* record keys in export order, NULL-terminated */
        int start[3];               /* first survey day: year, month, day */
        const char *comment;        /* for the configuration file */
};

static const char *const digi22_columns[] = {
    "id",      "time",   "muni",    "sector",  "position", "D1_1",    "D1_2",   "D1_3",    "D1_4",
    "D2_1",    "D2_2",   "D2_3",    "D2_4",    "D3_1",     "D3_2",    "D3_3",   "D3_4",    "D4_1",
    "D4_2",    "D4_3",   "D4_4",    "D5_1",    "D5_2",     "D5_3",    "D5_4",   "D6_1",    "D6_2",
    "D6_3",    "D6_4",   "L1_now",  "L1_goal", "L2_now",   "L2_goal", "L3_now", "L3_goal", "L4_now",
    "L4_goal", "L5_now", "L5_goal", "text",    NULL};

static const char *const digi24_columns[] = {
    "id",     "muni",    "position", "sector", "D1_1",    "D1_2",   "D1_3",    "D1_4",   "D2_1",
    "D2_2",   "D2_3",    "D2_4",     "D3_1",   "D3_2",    "D3_3",   "D3_4",    "D4_1",   "D4_2",
    "D4_3",   "D4_4",    "D5_1",     "D5_2",   "D5_3",    "D5_4",   "D6_1",    "D6_2",   "D6_3",
    "D6_4",   "L1_now",  "L1_goal",  "L2_now", "L2_goal", "L3_now", "L3_goal", "L4_now", "L4_goal",
    "L5_now", "L5_goal", "text",     "time",   NULL};

static const char *const eta_columns[] = {
    "id",       "start",    "end",    "email", "name",    "muni", "sector",
    "position", "E_remote", "E_days", "E1_1",  "E1_2",    "E1_3", "E1_4",
    "E2_1",     "E2_2",     "E2_3",   "E2_4",  "E_tools", "text", NULL};

static const struct wave_def waves[NWAVES] = {
    {"digi-2022",
     "digi-2022.csv",
     0,
     2022,
     NULL,
     STYLE_EXCEL,
     digi22_columns,
     {2022, 10, 3},
     "Autumn 2022, saved from Excel as CSV (Windows-1252, ';')."},
    {"digi-2024",
     "digi-2024.csv",
     0,
     2024,
     "digi-2022",
     STYLE_WEBROPOL,
     digi24_columns,
     {2024, 10, 7},
     "Autumn 2024, Webropol export (UTF-8, ';'); compared with 2022."},
    {"etatyo-2023",
     "etatyo-2023.csv",
     1,
     2023,
     NULL,
     STYLE_FORMS,
     eta_columns,
     {2023, 9, 4},
     "Remote-work survey, September 2023, Microsoft Forms (UTF-8, ',')."},
};

enum plant_kind {
        PL_MUNI_TEXT,  /* the municipality is written as text: a spelling that must match */
        PL_EXTRA_MUNI, /* an extra row whose municipality is text: unknown or empty */
        PL_RAGGED,     /* the row stops after nfields fields */
        PL_DUP_ID,     /* the row repeats the respondent id of data row ref */
        PL_BAD_ANSWER, /* item gets the answer text */
};

/* One planted row of the sample; row is the 0-based data row (header excluded). */
struct plant {
        int wave;
        int row;
        enum plant_kind kind;
        int muni;         /* municipality the row belongs to (answers of an extra row) */
        const char *item; /* PL_BAD_ANSWER: item id */
        const char *text; /* municipality text or answer */
        int nfields;      /* PL_RAGGED */
        int ref;          /* PL_DUP_ID */
        int rejects;      /* 1 when digimittari must reject the whole row */
        const char *what; /* README: what is in the row */
        const char *say;  /* README: what digimittari should say */
};

static const struct plant plants[] = {
    {W_DIGI22, 23, PL_MUNI_TEXT, M_KAUSTINEN, NULL, "Kaustisen kunta", 0, 0, 0,
     "municipality `Kaustisen kunta`",
     "nothing: an alias of Kaustinen in the configuration; the row counts for Kaustinen"},
    {W_DIGI22, 118, PL_EXTRA_MUNI, M_PERHO, NULL, "", 0, 0, 1, "empty municipality",
     "row rejected: no municipality (column \"Kunta\" is empty)"},
    {W_DIGI22, 201, PL_RAGGED, M_VETELI, NULL, NULL, 9, 0, 1,
     "ragged row: 9 fields instead of 40 (a Veteli respondent)",
     "row rejected: wrong number of fields (9, the header has 40)"},
    {W_DIGI24, 12, PL_MUNI_TEXT, M_KAUSTINEN, NULL, " KAUSTINEN", 0, 0, 0,
     "municipality ` KAUSTINEN` (leading space, capitals)",
     "nothing: matches Kaustinen tolerantly"},
    {W_DIGI24, 57, PL_MUNI_TEXT, M_LESTIJARVI, NULL, "Lestijärvi\xC2\xA0", 0, 0, 0,
     "municipality `Lestijärvi` followed by a no-break space (U+00A0)",
     "nothing: matches Lestijärvi tolerantly"},
    {W_DIGI24, 140, PL_EXTRA_MUNI, M_KAUSTINEN, NULL, "Kokkola", 0, 0, 1,
     "municipality `Kokkola`, not in the region (extra row)",
     "row rejected: unknown municipality \"Kokkola\" (column \"Kunta\")"},
    {W_DIGI24, 233, PL_DUP_ID, -1, NULL, NULL, 0, 198, 1, "respondent id repeats the id of line",
     "row rejected: duplicate respondent (the id itself is never printed)"},
    {W_DIGI24, 301, PL_BAD_ANSWER, -1, "D2_3", "Ehkä", 0, 0, 0,
     "item D2_3 answered `Ehkä`, not a label of scale agree5",
     "warning: answer not in scale agree5; D2_3 set to missing, the row is kept"},
    {W_ETA23, 30, PL_MUNI_TEXT, M_TOHOLAMPI, NULL, "toholampi", 0, 0, 0,
     "municipality `toholampi` (lower case)", "nothing: matches Toholampi tolerantly"},
    {W_ETA23, 95, PL_BAD_ANSWER, -1, "E1_2", "7", 0, 0, 0,
     "item E1_2 answered `7` on the 1-5 scale",
     "warning: out of range (agree5 is 1-5); E1_2 set to missing, the row is kept"},
    {W_ETA23, 170, PL_BAD_ANSWER, -1, "E_days", "8", 0, 0, 0, "remote days `8`, outside 0..5",
     "warning: out of range (0..5); E_days set to missing, the row is kept"},
    {W_ETA23, 260, PL_BAD_ANSWER, -1, "E_tools", "Teams;Slack", 0, 0, 0,
     "tools `Teams;Slack`: `Slack` is not an option",
     "warning: unknown option \"Slack\" ignored; Teams still counts, the row is kept"},
};

#define NPLANTS (sizeof plants / sizeof plants[0])

/* Data rows whose free-text answer carries TEXT_MARKER, per wave. */
static const int marker_rows[NWAVES][2] = {{41, 256}, {77, 290}, {64, 212}};

static const char *const digi_marker_texts[2] = {
    "Soittakaa minulle, niin kerron lisää. T. " TEXT_MARKER ", Perhon koulutoimisto",
    TEXT_MARKER ": palaverissa sovitut asiat eivät ole edenneet; kuka vastaa?",
};

static const char *const eta_marker_texts[2] = {
    "Yhteystiedot: " TEXT_MARKER ", lisätietoja voi kysyä.",
    "Etätyö toimii.\nTerveisin " TEXT_MARKER ", tekninen toimi",
};

static const char *const digi_texts[] = {
    "Teams-koulutusta tarvittaisiin lisää, varsinkin uusille työntekijöille.",
    "Verkkoyhteydet pätkivät sivukylien toimipisteissä; etäkokouksista putoaa välillä pois.",
    "Sähköinen arkistointi on vielä kesken, paperia kulkee edelleen paljon.",
    "Asiointialusta on hyvä, mutta moni asiakas tarvitsee opastusta sen käyttöön.",
    "IT-tuki vastaa nopeasti, kiitos siitä!",
    "Järjestelmiä on liikaa ja salasanoja vielä enemmän.",
    "Toivoisin esihenkilöltä selkeämpää linjaa siitä, mitä välineitä meillä käytetään.",
    "Tavoitetasoa oli vaikea arvioida, kun strategia ei ole kaikille tuttu.",
    "Vanhat tietokoneet hidastavat työtä, aamulla käynnistyminen kestää vartin.",
    "Kuntarajat ylittävä yhteistyö on lisääntynyt, hyvä niin.",
    "Sähköiset kokoukset säästävät aikaa ja ajokilometrejä.",
    "Kuntalaisten palautetta voisi käsitellä avoimemmin ja kertoa, mitä sille tehtiin.",
    "Koulutusta on tarjolla, mutta aikaa osallistua ei ole.",
    "Tekninen toimi jää usein digihankkeiden ulkopuolelle, koska työ tehdään kentällä.",
    "Ns. \"digiloikka\" jäi meillä puolitiehen.",
    "Hyvää:\n- Teams toimii\n- tuki auttaa\nKehitettävää: tulostus ja skannaus.",
    "Sähköposti, Teams, puhelin, WhatsApp – liian monta kanavaa samaan asiaan.",
    "Seudullinen yhteistyö KaseNetin kanssa toimii hyvin.",
    "Kouluilla laitteita on liian vähän oppilaiden määrään nähden.",
    "Toivon lisää lähitukea; ohjeita on, mutta niitä on vaikea löytää.",
    "Kysely oli liian pitkä.",
    "En ole päässyt käyttämään uutta asianhallintaa, joten en osaa arvioida sitä.",
    "Digitalisaatio ei saa tarkoittaa sitä, että ikäihmiset jäävät ilman palvelua.",
    "Intranetistä ei löydä mitään.",
    "Hyvä suunta, jatketaan!",
};

static const char *const eta_texts[] = {
    "Etätyö sopii minulle hyvin, mutta kotona ei ole kunnollista työtuolia.",
    "Etäpäivinä saan tehtyä keskittymistä vaativat työt, toimistolla keskeytyksiä on paljon.",
    "Toivoisin yhteiset pelisäännöt:\n- milloin pitää olla tavoitettavissa\n- miten "
    "etäpäivistä sovitaan",
    "Työni on asiakastyötä, joten etätyö ei ole mahdollista.",
    "VPN katkeilee, ja silloin järjestelmiin ei pääse.",
    "Etäpalaverit venyvät, eikä aina tiedetä, kuka niitä vetää.",
    "Hybridipalaverit ovat hankalia: ääni kuuluu huonosti, kamera näyttää vain seinän.",
    "Yksinäisyys on välillä todellinen ongelma.",
    "Hyvä, että etätyö on mahdollista, se säästää ajoa 80 km päivässä.",
    "Esihenkilö luottaa meihin, ja se näkyy.",
    "En ole tehnyt etätöitä, joten en osaa vastata kaikkiin kysymyksiin.",
    "Kiitos, \"etäperjantai\" on toiminut.",
    "Kotona nettiyhteys on hitaampi kuin töissä,\nvarsinkin iltapäivisin.",
};

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------------ */
/* Random helpers (all draws go through one gsl_rng)                         */

static int clamp_round(double x, int lo, int hi)
{
        long v = lround(x);
        if (v < lo)
                return lo;
        if (v > hi)
                return hi;
        return (int)v;
}

static double gauss(gsl_rng *r, double sd)
{
        return gsl_ran_gaussian_ziggurat(r, sd);
}

static int chance(gsl_rng *r, double p)
{
        return gsl_rng_uniform(r) < p;
}

/* ------------------------------------------------------------------------ */
/* Survey timestamps: working days 07:30-16:30                              */

struct stamp {
        int y, mo, d;
        long sec; /* seconds since midnight */
};

static int month_days(int y, int mo)
{
        static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        if (mo == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
                return 29;
        return days[mo - 1];
}

/* Returns the weekday of a date, 0 = Sunday (Sakamoto's method). */
static int weekday(int y, int mo, int d)
{
        static const int t[12] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
        if (mo < 3)
                y -= 1;
        return (y + y / 4 - y / 100 + y / 400 + t[mo - 1] + d) % 7;
}

static void stamp_next_day(struct stamp *t)
{
        do {
                if (++t->d > month_days(t->y, t->mo)) {
                        t->d = 1;
                        if (++t->mo > 12) {
                                t->mo = 1;
                                t->y++;
                        }
                }
        } while (weekday(t->y, t->mo, t->d) == 0 || weekday(t->y, t->mo, t->d) == 6);
}

static void stamp_advance(struct stamp *t, long secs)
{
        const long open = 7 * 3600 + 1800, close = 16 * 3600 + 1800;
        t->sec += secs;
        while (t->sec > close) {
                long over = t->sec - close;
                stamp_next_day(t);
                t->sec = open + over % 3600;
        }
}

/* Formats a timestamp the way each tool does. */
static void stamp_format(const struct stamp *t, int style, char *buf, size_t n)
{
        int h = (int)(t->sec / 3600), mi = (int)(t->sec / 60 % 60), s = (int)(t->sec % 60);
        if (style == STYLE_EXCEL)
                snprintf(buf, n, "%d.%d.%d %d:%02d", t->d, t->mo, t->y, h, mi);
        else if (style == STYLE_WEBROPOL)
                snprintf(buf, n, "%04d-%02d-%02d %02d:%02d:%02d", t->y, t->mo, t->d, h, mi, s);
        else
                snprintf(buf, n, "%d.%d.%d %d.%02d.%02d", t->d, t->mo, t->y, h, mi, s);
}

/* ------------------------------------------------------------------------ */
/* One respondent's record: cell texts by key                                */

#define MAXCELLS 48

struct record {
        const char *key[MAXCELLS];
        char val[MAXCELLS][512];
        int n;
};

static void rec_set(struct record *rec, const char *key, const char *val)
{
        int i;
        for (i = 0; i < rec->n; i++)
                if (strcmp(rec->key[i], key) == 0)
                        break;
        if (i == rec->n) {
                if (rec->n == MAXCELLS)
                        die(DM_EX_SOFTWARE, "too many cells");
                rec->key[rec->n++] = key;
        }
        snprintf(rec->val[i], sizeof rec->val[i], "%s", val);
}

static const char *rec_get(const struct record *rec, const char *key)
{
        for (int i = 0; i < rec->n; i++)
                if (strcmp(rec->key[i], key) == 0)
                        return rec->val[i];
        die(DM_EX_SOFTWARE, "no cell %s", key);
}

/*
 * Writes answer code (0 = empty) of a scale the way the style does: a code,
 * or a label, which Webropol sometimes writes in odd case or with extra spaces.
 */
static void answer_text(gsl_rng *r, int style, const char *scale, int code, char *buf, size_t n)
{
        if (code == 0) {
                buf[0] = '\0';
                return;
        }
        if (!style_table[style].labels) {
                snprintf(buf, n, "%d", code);
                return;
        }
        int alt = style == STYLE_WEBROPOL && strcmp(scale, "agree5") == 0 && code == 3;
        snprintf(buf, n, "%s", code_label(scale, code, alt));
        if (style != STYLE_WEBROPOL || !chance(r, 0.04))
                return;
        char tmp[128];
        snprintf(tmp, sizeof tmp, "%s", buf);
        switch (gsl_rng_uniform_int(r, 3)) {
        case 0: /* lower case initial */
                if (tmp[0] >= 'A' && tmp[0] <= 'Z')
                        tmp[0] = (char)(tmp[0] - 'A' + 'a');
                snprintf(buf, n, "%s", tmp);
                break;
        case 1: { /* a doubled space after the first word */
                char *sp = strchr(tmp, ' ');
                if (sp)
                        snprintf(buf, n, "%.*s  %s", (int)(sp - tmp), tmp, sp + 1);
                break;
        }
        default: /* a trailing space */
                snprintf(buf, n, "%s ", tmp);
                break;
        }
}

/* Picks one free-text answer (or none) from a pool. */
static void free_text(gsl_rng *r, double p, const char *const *pool, size_t npool, char *buf,
                      size_t n)
{
        buf[0] = '\0';
        if (!chance(r, p))
                return;
        const char *a = pool[gsl_rng_uniform_int(r, npool)];
        if (chance(r, 0.25)) {
                const char *b = pool[gsl_rng_uniform_int(r, npool)];
                if (b != a && !strchr(a, '\n')) {
                        snprintf(buf, n, "%s %s", a, b);
                        return;
                }
        }
        snprintf(buf, n, "%s", a);
}

struct background {
        int sector;   /* 0-based, -1 = not answered */
        int position; /* 0-based, -1 = not answered */
};

static struct background draw_background(gsl_rng *r, gsl_ran_discrete_t *sec,
                                         gsl_ran_discrete_t *pos)
{
        struct background bg;
        bg.sector = (int)gsl_ran_discrete(r, sec);
        bg.position = (int)gsl_ran_discrete(r, pos);
        if (chance(r, 0.01))
                bg.sector = -1;
        if (chance(r, 0.01))
                bg.position = -1;
        return bg;
}

/* Background answers are label texts in every tool's export. */
static void put_background(struct record *rec, struct background bg)
{
        char buf[128];
        snprintf(buf, sizeof buf, "%s",
                 bg.sector < 0 ? "" : code_label("toimiala", bg.sector + 1, 0));
        rec_set(rec, "sector", buf);
        snprintf(buf, sizeof buf, "%s",
                 bg.position < 0 ? "" : code_label("asema", bg.position + 1, 0));
        rec_set(rec, "position", buf);
}

/* Fills the answers of one digi respondent of municipality m in wave w. */
static void digi_respondent(gsl_rng *r, struct record *rec, int m, int w, int style,
                            struct background bg)
{
        const struct muni_def *md = &munis[m];
        int late = w == W_DIGI24;
        double g = gauss(r, 0.35);
        int partial = chance(r, 0.03); /* stopped answering after the D3 section */
        char buf[128];

        for (int d = 0; d < 6; d++) {
                double mu = md->digi[d] - (late ? 0 : md->change[d]);
                double base = mu + g + gauss(r, 0.45);
                if (bg.sector >= 0)
                        base += sector_eff[bg.sector];
                if (bg.position >= 0)
                        base += position_eff[bg.position][d];
                for (int j = 0; j < 4; j++) {
                        const struct item_def *it = &digi_items[d * 4 + j];
                        int v = clamp_round(base + it->offset + gauss(r, digi_noise[d]), 1, 5);
                        if (it->reverse)
                                v = 6 - v;
                        double pdk = 0.025 + 0.01 * ((d * 4 + j) % 5);
                        double u = gsl_rng_uniform(r);
                        if (u < pdk)
                                v = 9;
                        else if (u < pdk + 0.012 || (partial && d >= 3))
                                v = 0;
                        answer_text(r, style, it->scale, v, buf, sizeof buf);
                        rec_set(rec, it->id, buf);
                }
        }
        for (int a = 0; a < N_AREAS; a++) {
                const struct item_def *now = &digi_items[N_DIGI_LIKERT + 2 * a];
                const struct item_def *goal = now + 1;
                double cur = md->cur[a] - (late ? 0 : 0.6 * md->change[a]);
                double gap = md->gap[a] + (late ? 0 : 0.15);
                double c = cur + 0.5 * g + gauss(r, 0.6);
                double t = c + gap + gauss(r, 0.45);
                int vc = clamp_round(c, 1, 5), vt = clamp_round(t, 1, 5);
                if (vt < vc && chance(r, 0.7))
                        vt = vc;
                double u = gsl_rng_uniform(r);
                if (u < 0.05)
                        vc = vt = 9;
                else if (u < 0.07)
                        vt = 9;
                else if (u < 0.085)
                        vc = vt = 0;
                if (partial)
                        vc = vt = 0;
                answer_text(r, style, "level5", vc, buf, sizeof buf);
                rec_set(rec, now->id, buf);
                answer_text(r, style, "level5", vt, buf, sizeof buf);
                rec_set(rec, goal->id, buf);
        }
        char text[512];
        free_text(r, partial ? 0 : 0.2, digi_texts, NELEMS(digi_texts), text, sizeof text);
        rec_set(rec, "text", text);
}

/* Remote days a week: a few typical patterns. */
static const double days_values[9] = {0, 0.5, 1, 1.5, 2, 2.5, 3, 4, 5};
static const double days_p[9] = {0.12, 0.05, 0.28, 0.06, 0.24, 0.07, 0.12, 0.04, 0.02};
static const double remote_p[5] = {0.85, 0.45, 0.25, 0.35, 0.55};
static const double tool_p[2][6] = {
    {0.92, 0.80, 0.55, 0.30, 0.10, 0.05}, /* remote work possible */
    {0.55, 0.60, 0.20, 0.02, 0.03, 0.04}, /* not possible */
};

static void format_days(double v, char *buf, size_t n)
{
        long half = lround(v * 2);
        if (half % 2)
                snprintf(buf, n, "%ld,5", half / 2);
        else
                snprintf(buf, n, "%ld", half / 2);
}

/* Fills the answers of one etatyo respondent of municipality m. */
static void eta_respondent(gsl_rng *r, struct record *rec, int m, int style, struct background bg,
                           gsl_ran_discrete_t *days_table)
{
        const struct muni_def *md = &munis[m];
        char buf[256];
        double pr = bg.sector >= 0 ? remote_p[bg.sector] : 0.5;
        if (bg.position == 2)
                pr += 0.1;
        int remote = chance(r, pr) ? 1 : 2;
        double u = gsl_rng_uniform(r);
        if (u < 0.04)
                remote = 9; /* "En osaa sanoa" */
        answer_text(r, style, "kylla_ei", u >= 0.04 && u < 0.05 ? 0 : remote, buf, sizeof buf);
        rec_set(rec, "E_remote", buf);

        double days = 0;
        if (remote == 1)
                days = days_values[gsl_ran_discrete(r, days_table)];
        else if (chance(r, 0.1))
                days = 0.5;
        if (chance(r, remote == 9 ? 0.5 : 0.03))
                buf[0] = '\0';
        else
                format_days(days, buf, sizeof buf);
        rec_set(rec, "E_days", buf);

        double g = gauss(r, 0.35);
        for (int d = 0; d < 2; d++) {
                double base = md->eta[d] + g + gauss(r, 0.45) + (remote == 1 ? 0.15 : -0.2);
                if (bg.sector >= 0)
                        base += sector_eff[bg.sector] * 0.5;
                for (int j = 0; j < 4; j++) {
                        const struct item_def *it = &eta_items[2 + d * 4 + j];
                        int v = clamp_round(base + it->offset + gauss(r, 0.65), 1, 5);
                        if (it->reverse)
                                v = 6 - v;
                        double pdk = remote == 1 ? 0.025 : 0.09;
                        double x = gsl_rng_uniform(r);
                        if (x < pdk)
                                v = 9;
                        else if (x < pdk + 0.015)
                                v = 0;
                        answer_text(r, style, "agree5", v, buf, sizeof buf);
                        rec_set(rec, it->id, buf);
                }
        }

        struct strbuf tools;
        strbuf_init(&tools);
        int which = remote == 1 ? 0 : 1;
        for (int k = 0; k < 6; k++)
                if (chance(r, tool_p[which][k])) {
                        if (tools.len)
                                strbuf_addc(&tools, ';');
                        strbuf_adds(&tools, code_label("valineet", k + 1, 0));
                }
        rec_set(rec, "E_tools", strbuf_str(&tools));
        strbuf_clear(&tools);

        char text[512];
        free_text(r, 0.25, eta_texts, NELEMS(eta_texts), text, sizeof text);
        rec_set(rec, "text", text);
        rec_set(rec, "email", "anonymous");
        rec_set(rec, "name", "");
}

/* The header text a tool writes for a record key. */
static const char *export_header(int w, const char *key, char *buf, size_t n)
{
        const struct instrument_def *in = &instruments[waves[w].instrument];
        int style = waves[w].style;
        for (size_t i = 0; i < in->ncols; i++)
                if (strcmp(in->cols[i].key, key) == 0) {
                        if (style == STYLE_WEBROPOL && strcmp(key, "sector") == 0)
                                snprintf(buf, n, "%s ", in->cols[i].column);
                        else
                                snprintf(buf, n, "%s", in->cols[i].column);
                        return buf;
                }
        for (size_t i = 0; i < in->nitems; i++) {
                const struct item_def *it = &in->items[i];
                if (strcmp(it->id, key) != 0)
                        continue;
                size_t len = strlen(it->column);
                int has_colon = len && it->column[len - 1] == ':';
                if (style == STYLE_EXCEL && it->colon && !has_colon)
                        snprintf(buf, n, "%s:", it->column);
                else if (style == STYLE_WEBROPOL && has_colon)
                        snprintf(buf, n, "%.*s", (int)(len - 1), it->column);
                else if (style == STYLE_WEBROPOL && strcmp(key, "D4_2") == 0)
                        snprintf(buf, n,
                                 "Johto näyttää  esimerkkiä digitaalisten välineiden "
                                 "käytössä");
                else
                        snprintf(buf, n, "%s", it->column);
                return buf;
        }
        die(DM_EX_SOFTWARE, "no header for %s", key);
}

/* What the sample generator learned while writing a wave, for the README. */
struct wave_result {
        long rows[NMUNIS];     /* data rows per municipality (valid spelling) */
        long rejected[NMUNIS]; /* of them, rows digimittari must reject */
        long extra;            /* rows of no municipality of the region */
        long total;            /* all data rows */
        long lines;            /* physical lines, header included */
        long marker_line[2];   /* lines of the TEXT_MARKER answers */
};

static long plant_line[NPLANTS];     /* physical line of each planted row */
static long plant_ref_line[NPLANTS]; /* PL_DUP_ID: line of the row whose id is repeated */

static const struct plant *find_plant(int w, int row, size_t *index)
{
        for (size_t i = 0; i < NPLANTS; i++)
                if (plants[i].wave == w && plants[i].row == row) {
                        *index = i;
                        return &plants[i];
                }
        return NULL;
}

/* Writes one sample export. */
static void write_wave(const char *dir, int w, gsl_rng *r, struct wave_result *res)
{
        const struct wave_def *wd = &waves[w];
        int style = wd->style;
        gsl_ran_discrete_t *sec = gsl_ran_discrete_preproc(5, sector_p);
        gsl_ran_discrete_t *pos = gsl_ran_discrete_preproc(3, position_p);
        gsl_ran_discrete_t *days = gsl_ran_discrete_preproc(9, days_p);

        /* Respondents per municipality, in a shuffled (chronological) order. */
        static int order[2048];
        static long row_line[2048];
        size_t n = 0;
        for (size_t m = 0; m < NMUNIS; m++) {
                long c = lround((double)munis[m].staff * munis[m].rate[w]);
                for (long k = 0; k < c && n < NELEMS(order) - 8; k++)
                        order[n++] = (int)m;
        }
        gsl_ran_shuffle(r, order, n, sizeof order[0]);
        size_t extras = 0;
        for (size_t i = 0; i < NPLANTS; i++)
                if (plants[i].wave == w && plants[i].kind == PL_EXTRA_MUNI)
                        extras++;

        memset(res, 0, sizeof *res);
        struct out o;
        out_open(&o, dir, wd->file, &style_table[style]);
        char hbuf[256];
        for (const char *const *c = wd->columns; *c; c++)
                out_field(&o, export_header(w, *c, hbuf, sizeof hbuf));
        out_end_row(&o);

        struct stamp t = {wd->start[0], wd->start[1], wd->start[2], 8 * 3600};
        double mean_gap = 15.0 * 9 * 3600 / (double)(n + extras);
        static struct record rec;
        size_t k = 0;
        for (size_t row = 0; row < n + extras; row++) {
                size_t pi = 0;
                const struct plant *pl = find_plant(w, (int)row, &pi);
                int m;
                if (pl && pl->kind == PL_EXTRA_MUNI) {
                        m = pl->muni;
                } else {
                        if (pl && pl->muni >= 0 && order[k] != pl->muni) {
                                size_t j = k;
                                while (j < n && order[j] != pl->muni)
                                        j++;
                                if (j == n)
                                        die(DM_EX_SOFTWARE, "cannot plant row %zu", row);
                                order[j] = order[k];
                                order[k] = pl->muni;
                        }
                        m = order[k++];
                }
                rec.n = 0;
                char buf[512];
                stamp_advance(&t, 30 + (long)gsl_ran_exponential(r, mean_gap));
                stamp_format(&t, style, buf, sizeof buf);
                rec_set(&rec, wd->instrument == 0 ? "time" : "start", buf);
                if (wd->instrument == 1) {
                        struct stamp end = t;
                        end.sec += 120 + (long)gsl_rng_uniform_int(r, 600);
                        stamp_format(&end, style, buf, sizeof buf);
                        rec_set(&rec, "end", buf);
                }
                struct background bg = draw_background(r, sec, pos);
                put_background(&rec, bg);
                if (wd->instrument == 0)
                        digi_respondent(r, &rec, m, w, style, bg);
                else
                        eta_respondent(r, &rec, m, style, bg, days);

                long idno = (long)row + 1;
                if (pl && pl->kind == PL_DUP_ID)
                        idno = pl->ref + 1;
                snprintf(buf, sizeof buf, "R-" ID_MARKER "-%04ld", idno);
                rec_set(&rec, "id", buf);
                rec_set(&rec, "muni",
                        pl && (pl->kind == PL_MUNI_TEXT || pl->kind == PL_EXTRA_MUNI)
                            ? pl->text
                            : munis[m].name);
                for (int i = 0; i < 2; i++)
                        if ((int)row == marker_rows[w][i])
                                rec_set(&rec, "text",
                                        wd->instrument == 0 ? digi_marker_texts[i]
                                                            : eta_marker_texts[i]);
                if (pl && pl->kind == PL_BAD_ANSWER)
                        rec_set(&rec, pl->item, pl->text);

                int nf = 0;
                for (const char *const *c = wd->columns; *c; c++) {
                        if (pl && pl->kind == PL_RAGGED && nf == pl->nfields)
                                break;
                        out_field(&o, rec_get(&rec, *c));
                        nf++;
                }
                long line = out_end_row(&o);
                row_line[row] = line;
                if (pl)
                        plant_line[pi] = line;
                if (pl && pl->kind == PL_DUP_ID)
                        plant_ref_line[pi] = row_line[pl->ref];
                for (int i = 0; i < 2; i++)
                        if ((int)row == marker_rows[w][i])
                                res->marker_line[i] = line;
                if (pl && pl->kind == PL_EXTRA_MUNI) {
                        res->extra++;
                } else {
                        res->rows[m]++;
                        if (pl && pl->rejects)
                                res->rejected[m]++;
                }
                res->total++;
        }
        res->lines = o.line - 1;
        out_close(&o);
        gsl_ran_discrete_free(sec);
        gsl_ran_discrete_free(pos);
        gsl_ran_discrete_free(days);
}

static void ini_thresholds(struct strbuf *sb)
{
        strbuf_adds(sb, "; Traffic-light thresholds (these are the defaults).\n"
                        "[thresholds]\n"
                        "red_below = 50             ; dimension index (0-100) below this: red\n"
                        "green_from = 70            ; at or above this: green; between: yellow\n"
                        "gap_yellow = 0.5           ; target - current level at or above this: "
                        "yellow\n"
                        "gap_red = 1.0              ; ... at or above this: red\n\n");
}

static void write_sample_config(const char *dir)
{
        struct strbuf sb;
        strbuf_init(&sb);
        strbuf_adds(
            &sb,
            "; digimittari configuration for the Kaustinen region (Kaustisen seutu).\n"
            ";\n"
            "; SAMPLE DATA: this file and the exports next to it are generated by\n"
            "; scripts/make-sample.sh; the answers are invented, not real survey answers.\n"
            "; Copy this file as the starting point for real exports.\n"
            ";\n"
            "; A line starting with ';' is a comment, and so is anything after ' ;'.\n"
            "; Paths are relative to the folder of this file. Check the file and the\n"
            "; exports without making reports:  make validate\n\n"
            "; Region-wide settings.\n"
            "[region]\n"
            "name = Kaustisen seutu\n"
            "language = fi              ; report language: fi (default) or en\n"
            "min_group_size = 5         ; no figure from fewer respondents is shown; 3 or more\n"
            "output = ../output         ; where results and reports are written\n"
            "report_date = 2024-11-30   ; printed on the reports; strategy progress is counted to it\n"
            "actions = actions.csv      ; strategy actions register (SAMPLE DATA, see input/README.md)\n"
            "indicators = indicators.csv ; strategy indicators table (SAMPLE DATA)\n"
            "strategy_start = 2021      ; baseline year of indicator change\n\n");
        ini_thresholds(&sb);
        strbuf_adds(&sb,
                    "; One section per municipality: [municipality NAME], NAME as reports show "
                    "it.\n"
                    "; aliases: other spellings of the name seen in the exports, comma-separated "
                    "(case\n"
                    ";          and extra spaces never matter, so list only other words).\n"
                    "; staff:   staff headcount when the survey ran, for response rates and "
                    "weights.\n");
        for (size_t m = 0; m < NMUNIS; m++)
                strbuf_addf(&sb, "[municipality %s]\naliases = %s\nstaff = %ld\n\n", munis[m].name,
                            munis[m].aliases, munis[m].staff);
        strbuf_adds(&sb, "; One section per survey instrument: [instrument ID]. The codebook "
                         "says which\n"
                         "; export column is which question (see README.md, \"Codebook\").\n");
        for (size_t i = 0; i < NELEMS(instruments); i++)
                strbuf_addf(&sb, "[instrument %s]\ntitle = %s\ntitle_en = %s\ncodebook = %s\n\n",
                            instruments[i].id, instruments[i].title,
                            strcmp(instruments[i].id, "digi") ? "Staff remote-work survey"
                                                              : "Staff digitalisation survey",
                            instruments[i].codebook);
        strbuf_adds(&sb, "; One section per survey round: [wave ID]. file is the export as the "
                         "survey tool\n"
                         "; wrote it; compare names an earlier wave of the same instrument.\n");
        for (int w = 0; w < NWAVES; w++) {
                strbuf_addf(&sb, "; %s\n[wave %s]\ninstrument = %s\nyear = %d\nfile = %s\n",
                            waves[w].comment, waves[w].id, instruments[waves[w].instrument].id,
                            waves[w].year, waves[w].file);
                if (waves[w].compare)
                        strbuf_addf(&sb, "compare = %s\n", waves[w].compare);
                strbuf_addc(&sb, '\n');
        }
        strbuf_adds(&sb, "; One section per report edition: [report ID]; ID goes into the file "
                         "names.\n"
                         "[report 2024]\n"
                         "title = Väliraportti 2024\n"
                         "title_en = Interim report 2024\n"
                         "waves = digi-2024, etatyo-2023\n");
        write_text_file(dir, "kaustisen-seutu.ini", &sb);
        strbuf_clear(&sb);
}

static void write_sample_readme(const char *dir, const struct wave_result *res, unsigned long seed)
{
        struct strbuf sb;
        strbuf_init(&sb);
        strbuf_addf(
            &sb,
            "# Sample input: Kaustisen seutu\n\n"
            "**SAMPLE DATA.** Every file here is generated by `scripts/make-sample.sh`\n"
            "(`build/gen-survey --sample --out input`, seed %lu). The answers are invented\n"
            "from a statistical model; they are not real survey answers. Do not edit by hand:\n"
            "change `tools/gen-survey.c` and run the script again (same seed, same bytes).\n\n"
            "| file | what it is |\n"
            "|---|---|\n"
            "| `kaustisen-seutu.ini` | configuration: region, six municipalities with aliases "
            "and staff, instruments, waves, report edition |\n"
            "| `codebook-digi.csv` | codebook of the digitalisation survey: dimensions D1-D6, "
            "24 Likert items (D3_4, D5_4, D6_4 reverse-coded), current/target levels L1-L5 |\n"
            "| `codebook-etatyo.csv` | codebook of the remote-work survey: E1-E2, remote days "
            "(numeric), remote possible (choice), tools (multi) |\n",
            seed);
        for (int w = 0; w < NWAVES; w++)
                strbuf_addf(&sb, "| `%s` | %s |\n", waves[w].file,
                            style_table[waves[w].style].what);
        strbuf_adds(&sb, "\nThe exports differ on purpose: column order, header spellings "
                         "(trailing colons,\ndouble spaces), the second spelling `Ei samaa "
                         "mieltä eikä eri mieltä` and odd\ncase in Webropol labels, decimal "
                         "commas and quoted multi-line answers in Forms.\n\n"
                         "## Data rows per municipality\n\n"
                         "| municipality | staff |");
        for (int w = 0; w < NWAVES; w++)
                strbuf_addf(&sb, " %s |", waves[w].id);
        strbuf_adds(&sb, "\n|---|---:|---:|---:|---:|\n");
        for (size_t m = 0; m < NMUNIS; m++) {
                strbuf_addf(&sb, "| %s | %ld |", munis[m].name, munis[m].staff);
                for (int w = 0; w < NWAVES; w++) {
                        strbuf_addf(&sb, " %ld", res[w].rows[m]);
                        if (res[w].rejected[m])
                                strbuf_addf(&sb, " (%ld rejected)", res[w].rejected[m]);
                        strbuf_adds(&sb, " |");
                }
                strbuf_addc(&sb, '\n');
        }
        strbuf_adds(&sb, "| no municipality of the region | |");
        for (int w = 0; w < NWAVES; w++)
                strbuf_addf(&sb, " %ld |", res[w].extra);
        strbuf_adds(&sb, "\n| **data rows in the file** | |");
        for (int w = 0; w < NWAVES; w++)
                strbuf_addf(&sb, " **%ld** (%ld lines) |", res[w].total, res[w].lines);
        strbuf_adds(&sb, "\n\nThe answers follow a latent model: per municipality and dimension "
                         "a level,\nper respondent a general and a dimension factor, noise, "
                         "rounding to 1-5.\nDimension indexes spread over red, yellow and green "
                         "(some near 50 and 70),\n2024 is better than 2022 in most cells, "
                         "target levels lie 0.3-1.5 above current\nlevels, about 5 % answer "
                         "\"En osaa sanoa\", and some answers are empty (a few\nrespondents "
                         "stopped after the D3 section). Lestijärvi has so few respondents\n"
                         "that some sector and position cells fall under `min_group_size` = 5."
                         "\n\n"
                         "## Planted rows\n\n"
                         "Line numbers are physical lines (line 1 is the header). Every other row "
                         "is valid.\n\n"
                         "| file:line | what | digimittari should say |\n|---|---|---|\n");
        for (size_t i = 0; i < NPLANTS; i++) {
                strbuf_addf(&sb, "| `%s:%ld` | %s", waves[plants[i].wave].file, plant_line[i],
                            plants[i].what);
                if (plants[i].kind == PL_DUP_ID)
                        strbuf_addf(&sb, " %ld", plant_ref_line[i]);
                strbuf_addf(&sb, " | %s |\n", plants[i].say);
        }
        strbuf_adds(&sb,
                    "\n## Privacy markers\n\n"
                    "Every respondent id contains `" ID_MARKER "` (`R-" ID_MARKER
                    "-0001`, ...), and\nthese free-text answers contain `" TEXT_MARKER "`:\n\n");
        for (int w = 0; w < NWAVES; w++)
                strbuf_addf(&sb, "- `%s:%ld`, `%s:%ld`\n", waves[w].file, res[w].marker_line[0],
                            waves[w].file, res[w].marker_line[1]);
        strbuf_adds(&sb, "\nNeither string may appear in any output: reports, results table, "
                         "data-quality\nreports, logs.\n"
                         "\n## Strategy registers\n\n"
                         "`actions.csv` and `indicators.csv` are hand-written sample registers of the\n"
                         "strategy follow-up, not made by this generator: see `STRATEGY.md`.\n");
        write_text_file(dir, "README.md", &sb);
        strbuf_clear(&sb);
}

static void write_sample(const char *dir, unsigned long seed)
{
        gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
        gsl_rng_set(r, seed);
        make_dir(dir);
        write_sample_config(dir);
        for (size_t i = 0; i < NELEMS(instruments); i++)
                write_codebook(dir, instruments[i].codebook, &instruments[i]);
        struct wave_result res[NWAVES];
        for (int w = 0; w < NWAVES; w++)
                write_wave(dir, w, r, &res[w]);
        write_sample_readme(dir, res, seed);
        gsl_rng_free(r);
}

/* ------------------------------------------------------------------------ */
/* National mode: many municipalities, streamed rows                        */

/* National shapes: "even" (lognormal municipality sizes, two breakdowns, one
 * free-text column, 2-7 % don't-know) and "cities" (a few large cities and many
 * tiny municipalities, three breakdowns, two free-text columns, about 10 %
 * don't-know), so that the benchmark is not tuned to one generator. */
enum shape { SHAPE_EVEN, SHAPE_CITIES };

struct national {
        long nmunis;
        long nresp;
        unsigned long seed;
        int nitems;
        struct style st; /* export style, labels possibly overridden */
        const char *dir;
        enum shape shape;
};

/* Number of large cities in the "cities" shape, and each one's share of the respondents. */
#define NCITIES    4
#define CITY_SHARE 0.08
/* Age groups of the "cities" shape's third breakdown. */
static const double age_p[4] = {0.16, 0.33, 0.36, 0.15};

/* A free-text answer of the "cities" shape: one to three texts of the pool,
 * joined by "; " or a new line, so that many need quoting. */
static void cities_text(gsl_rng *r, struct strbuf *sb)
{
        strbuf_reset(sb);
        int parts = 1 + (int)gsl_rng_uniform_int(r, 3);
        for (int i = 0; i < parts; i++) {
                if (i)
                        strbuf_adds(sb, chance(r, 0.5) ? "; " : "\n");
                strbuf_adds(sb, digi_texts[gsl_rng_uniform_int(r, NELEMS(digi_texts))]);
        }
}

/* A Fenwick tree of respondents still to write per municipality. */
struct fenwick {
        long *t;
        long n;
};

static void fen_add(struct fenwick *f, long i, long v)
{
        for (i++; i <= f->n; i += i & -i)
                f->t[i] += v;
}

/* Returns the municipality holding the k-th (0-based) remaining respondent. */
static long fen_find(const struct fenwick *f, long k)
{
        long pos = 0, step = 1;
        while (step * 2 <= f->n)
                step *= 2;
        for (; step; step /= 2)
                if (pos + step <= f->n && f->t[pos + step] <= k) {
                        pos += step;
                        k -= f->t[pos];
                }
        return pos;
}

static void write_national(const struct national *nat)
{
        gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
        gsl_rng_set(r, nat->seed);
        make_dir(nat->dir);
        long nm = nat->nmunis;
        int K = nat->nitems;

        /* Staff: lognormal (median 350 before scaling); response rates 30-60 %. */
        long *staff = xcalloc((size_t)nm, sizeof *staff);
        double *rate = xcalloc((size_t)nm, sizeof *rate);
        double *mu = xcalloc((size_t)nm * 6, sizeof *mu);
        long *count = xcalloc((size_t)nm, sizeof *count);
        double wsum = 0;
        int cities = nat->shape == SHAPE_CITIES;
        for (long m = 0; m < nm; m++) {
                double s;
                if (cities) {
                        /* Many tiny municipalities (some below min_group_size). */
                        s = gsl_ran_lognormal(r, log(60.0), 2.0);
                        staff[m] = s < 1 ? 1 : s > 40000 ? 40000 : lround(s);
                } else {
                        s = gsl_ran_lognormal(r, log(350.0), 1.0);
                        staff[m] = s < 12 ? 12 : s > 40000 ? 40000 : lround(s);
                }
                rate[m] = 0.3 + 0.3 * gsl_rng_uniform(r);
                wsum += (double)staff[m] * rate[m];
        }
        if (cities && nm > 2 * NCITIES) {
                /* The first NCITIES are large cities with CITY_SHARE of the answers each. */
                double rest = wsum;
                for (long m = 0; m < NCITIES; m++)
                        rest -= (double)staff[m] * rate[m];
                for (long m = 0; m < NCITIES; m++)
                        staff[m] = lround(rest * CITY_SHARE / (1 - NCITIES * CITY_SHARE) / rate[m]);
                wsum = 0;
                for (long m = 0; m < nm; m++)
                        wsum += (double)staff[m] * rate[m];
        }
        /* Scale the staff (keeping the lognormal shape) so that the rates hold. */
        double scale = (double)nat->nresp / wsum;
        wsum = 0;
        for (long m = 0; m < nm; m++) {
                staff[m] = (long)ceil((double)staff[m] * scale);
                wsum += (double)staff[m] * rate[m];
        }
        double cum = 0;
        long prev = 0;
        for (long m = 0; m < nm; m++) {
                cum += (double)staff[m] * rate[m];
                long upto = m == nm - 1 ? nat->nresp : lround((double)nat->nresp * cum / wsum);
                count[m] = upto - prev;
                prev = upto;
                if (staff[m] < count[m])
                        staff[m] = count[m];
        }
        static const double dim_shift[6] = {-0.35, 0.10, 0.05, -0.05, -0.10, 0.20};
        for (long m = 0; m < nm; m++)
                for (int d = 0; d < 6; d++) {
                        double v = 3.35 + dim_shift[d] + gauss(r, 0.30);
                        mu[m * 6 + d] = v < 2.2 ? 2.2 : v > 4.5 ? 4.5 : v;
                }

        /* Items: K over six dimensions, texts from the digi instrument. */
        struct item_def *items = xcalloc((size_t)K, sizeof *items);
        char **strs = xcalloc((size_t)K * 3, sizeof *strs);
        int *dim_of = xcalloc((size_t)K, sizeof *dim_of);
        double *pdk = xcalloc((size_t)K, sizeof *pdk);
        for (int i = 0, d = 0, j = 0; i < K; i++) {
                int per = K / 6 + (d < K % 6);
                const struct item_def *base = &digi_items[d * 4 + j % 4];
                char buf[512];
                snprintf(buf, sizeof buf, "D%d_%d", d + 1, j + 1);
                strs[3 * i] = xstrdup(buf);
                snprintf(buf, sizeof buf, "%d.%d %s", d + 1, j + 1, base->column);
                strs[3 * i + 1] = xstrdup(buf);
                snprintf(buf, sizeof buf, "%s (%d)", base->label, j + 1);
                strs[3 * i + 2] = xstrdup(buf);
                items[i] = *base;
                items[i].id = strs[3 * i];
                items[i].column = strs[3 * i + 1];
                items[i].label = strs[3 * i + 2];
                items[i].label_en = base->label_en;
                items[i].offset = gauss(r, 0.2);
                dim_of[i] = d;
                pdk[i] =
                    cities ? 0.07 + 0.06 * gsl_rng_uniform(r) : 0.02 + 0.05 * gsl_rng_uniform(r);
                if (++j == per) {
                        j = 0;
                        d++;
                }
        }
        static const struct col_def nat_cols[] = {
            {"muni", "municipality", NULL, "Kunta", NULL, NULL, NULL},
            {"id", "respondent", NULL, "Vastaajan tunniste", NULL, NULL, NULL},
            {"sector", "breakdown", "sector", "Toimiala", "toimiala", "Toimiala", "Sector"},
            {"position", "breakdown", "position", "Asema", "asema", "Asema", "Position"},
            {"text", "text", NULL, "Vapaa palaute", NULL, NULL, NULL},
        };
        static const struct col_def cities_cols[] = {
            {"muni", "municipality", NULL, "Kunta", NULL, NULL, NULL},
            {"id", "respondent", NULL, "Vastaajan tunniste", NULL, NULL, NULL},
            {"sector", "breakdown", "sector", "Toimiala", "toimiala", "Toimiala", "Sector"},
            {"position", "breakdown", "position", "Asema", "asema", "Asema", "Position"},
            {"age", "breakdown", "age", "Ikäryhmä", "ikaryhma", "Ikäryhmä", "Age group"},
            {"text", "text", NULL, "Vapaa palaute", NULL, NULL, NULL},
            {"ideas", "text", NULL, "Kehitysideat", NULL, NULL, NULL},
        };
        struct instrument_def in = {
            "kysely",
            "Henkilöstön digitalisaatiokysely",
            "codebook.csv",
            "# Codebook of the national benchmark survey (generated by gen-survey).",
            digi_dims,
            6,
            cities ? cities_scales : nat_scales,
            cities ? cities_cols : nat_cols,
            cities ? NELEMS(cities_cols) : NELEMS(nat_cols),
            items,
            (size_t)K};
        write_codebook(nat->dir, "codebook.csv", &in);

        /* Configuration. */
        struct strbuf sb;
        strbuf_init(&sb);
        strbuf_addf(&sb,
                    "; National-scale benchmark data generated by gen-survey (seed %lu):\n"
                    "; %ld municipalities, %ld respondents%s. Not real survey answers.\n\n"
                    "[region]\nname = Valtakunnallinen testiaineisto\nlanguage = fi\n"
                    "min_group_size = 5\noutput = output\nreport_date = 2024-11-30\n\n",
                    nat->seed, nm, nat->nresp, cities ? " (shape: cities)" : "");
        ini_thresholds(&sb);
        char **names = xcalloc((size_t)nm, sizeof *names);
        for (long m = 0; m < nm; m++) {
                char buf[32];
                if (!cities)
                        snprintf(buf, sizeof buf, "Kunta %03ld", m + 1);
                else if (m < NCITIES && nm > 2 * NCITIES)
                        snprintf(buf, sizeof buf, "Kaupunki %03ld", m + 1);
                else
                        snprintf(buf, sizeof buf, "Pikkukunta %03ld", m + 1);
                names[m] = xstrdup(buf);
        }
        for (long m = 0; m < nm; m++)
                strbuf_addf(&sb, "[municipality %s]\nstaff = %ld\n\n", names[m], staff[m]);
        strbuf_adds(&sb,
                    "[instrument kysely]\ntitle = Henkilöstön digitalisaatiokysely\n"
                    "codebook = codebook.csv\n\n"
                    "[wave kysely-2024]\ninstrument = kysely\nyear = 2024\nfile = survey.csv\n\n"
                    "[report national]\ntitle = Valtakunnallinen raportti 2024\n"
                    "waves = kysely-2024\n");
        write_text_file(nat->dir, "config.ini", &sb);
        strbuf_clear(&sb);

        /* The export: rows in random municipality order, each drawn exactly. */
        struct fenwick fen = {xcalloc((size_t)nm + 1, sizeof(long)), nm};
        for (long m = 0; m < nm; m++)
                fen_add(&fen, m, count[m]);
        gsl_ran_discrete_t *sec = gsl_ran_discrete_preproc(5, sector_p);
        gsl_ran_discrete_t *pos = gsl_ran_discrete_preproc(3, position_p);
        gsl_ran_discrete_t *age = gsl_ran_discrete_preproc(4, age_p);
        struct strbuf text;
        strbuf_init(&text);
        const char *agree[10] = {""};
        for (int c = 1; c <= 5; c++)
                agree[c] = code_label("agree5", c, 0);
        agree[9] = code_label("agree5", 9, 0);
        static const char *const codes[10] = {"", "1", "2", "3", "4", "5", "", "", "", "9"};

        struct out o;
        out_open(&o, nat->dir, "survey.csv", &nat->st);
        out_field(&o, "Vastaajan tunniste");
        out_field(&o, "Kunta");
        out_field(&o, "Toimiala");
        out_field(&o, "Asema");
        if (cities)
                out_field(&o, "Ikäryhmä");
        out_field(&o, "Vapaa palaute");
        if (cities)
                out_field(&o, "Kehitysideat");
        for (int i = 0; i < K; i++)
                out_field(&o, items[i].column);
        out_end_row(&o);

        long remaining = nat->nresp;
        char idbuf[40] = "R-" ID_MARKER "-";
        size_t idprefix = strlen(idbuf);
        for (long row = 0; row < nat->nresp; row++, remaining--) {
                long m = fen_find(&fen, (long)gsl_rng_uniform_int(r, (unsigned long)remaining));
                fen_add(&fen, m, -1);
                struct background bg = draw_background(r, sec, pos);

                if (cities)
                        /* An export's running number, without a prefix. */
                        snprintf(idbuf + idprefix, sizeof idbuf - idprefix, "%ld", row + 1);
                else
                        snprintf(idbuf + idprefix, sizeof idbuf - idprefix, "%07ld", row + 1);
                out_field(&o, cities ? idbuf + idprefix : idbuf);
                out_field(&o, names[m]);
                out_field(&o, bg.sector < 0 ? "" : code_label("toimiala", bg.sector + 1, 0));
                out_field(&o, bg.position < 0 ? "" : code_label("asema", bg.position + 1, 0));
                if (cities) {
                        int a = chance(r, 0.03) ? -1 : (int)gsl_ran_discrete(r, age);
                        out_field(&o, a < 0 ? "" : code_label("ikaryhma", a + 1, 0));
                }
                if (row % 9973 == 17)
                        out_field(&o, "Terveisin " TEXT_MARKER ", soittakaa.");
                else if (cities && chance(r, 0.25)) {
                        cities_text(r, &text);
                        out_field(&o, text.buf);
                } else if (!cities && chance(r, 0.06))
                        out_field(&o, digi_texts[gsl_rng_uniform_int(r, NELEMS(digi_texts))]);
                else
                        out_field(&o, "");
                if (cities) {
                        if (chance(r, 0.15)) {
                                cities_text(r, &text);
                                out_field(&o, text.buf);
                        } else
                                out_field(&o, "");
                }

                double g = gauss(r, 0.35);
                double base[6];
                for (int d = 0; d < 6; d++) {
                        base[d] = mu[m * 6 + d] + g + gauss(r, 0.45);
                        if (bg.sector >= 0)
                                base[d] += sector_eff[bg.sector];
                        if (bg.position >= 0)
                                base[d] += position_eff[bg.position][d];
                }
                for (int i = 0; i < K; i++) {
                        int d = dim_of[i];
                        int v =
                            clamp_round(base[d] + items[i].offset + gauss(r, digi_noise[d]), 1, 5);
                        if (items[i].reverse)
                                v = 6 - v;
                        double u = gsl_rng_uniform(r);
                        if (u < pdk[i])
                                v = 9;
                        else if (u < pdk[i] + 0.012)
                                v = 0;
                        strbuf_addc(&o.row, o.st->delim);
                        o.nfields++;
                        strbuf_adds(&o.row, o.st->labels ? agree[v] : codes[v]);
                }
                out_end_row(&o);
        }
        out_close(&o);

        for (long m = 0; m < nm; m++)
                free(names[m]);
        for (int i = 0; i < 3 * K; i++)
                free(strs[i]);
        free(names);
        free(strs);
        free(items);
        free(dim_of);
        free(pdk);
        free(fen.t);
        free(staff);
        free(rate);
        free(mu);
        free(count);
        gsl_ran_discrete_free(sec);
        gsl_ran_discrete_free(pos);
        gsl_ran_discrete_free(age);
        strbuf_clear(&text);
        gsl_rng_free(r);
}

/* ------------------------------------------------------------------------ */
/* Command line                                                              */

static void usage(FILE *f)
{
        fputs("usage: gen-survey --sample [--seed S] --out DIR\n"
              "       gen-survey --municipalities N --respondents N [--seed S] [--items K]\n"
              "                  [--style webropol|forms|excel] [--labels] [--shape even|cities]\n"
              "                  --out DIR\n",
              f);
}

/* Prints "gen-survey: message" and the usage, and exits 64. */
static void bad_usage(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

static void bad_usage(const char *fmt, ...)
{
        va_list ap;
        fputs("gen-survey: ", stderr);
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fputc('\n', stderr);
        usage(stderr);
        exit(DM_EX_USAGE);
}

/* Parses a whole decimal number in [lo, hi]. */
static long parse_long(const char *opt, const char *s, long lo, long hi)
{
        char *end;
        errno = 0;
        long v = strtol(s, &end, 10);
        if (!*s || *end || errno || v < lo || v > hi)
                bad_usage("%s: expected a whole number from %ld to %ld, got \"%s\"", opt, lo, hi,
                          s);
        return v;
}

int main(int argc, char **argv)
{
        static const struct option longopts[] = {
            {"sample", no_argument, NULL, 'S'},
            {"municipalities", required_argument, NULL, 'm'},
            {"respondents", required_argument, NULL, 'r'},
            {"seed", required_argument, NULL, 's'},
            {"items", required_argument, NULL, 'k'},
            {"style", required_argument, NULL, 't'},
            {"labels", no_argument, NULL, 'l'},
            {"shape", required_argument, NULL, 'p'},
            {"out", required_argument, NULL, 'o'},
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        int sample = 0, labels = 0, have_seed = 0;
        long nmunis = 0, nresp = 0, nitems = 48;
        unsigned long seed = 0;
        const char *out = NULL;
        const struct style *st = &style_table[STYLE_WEBROPOL];
        enum shape shape = SHAPE_EVEN;
        int c;
        opterr = 0;
        while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
                switch (c) {
                case 'S':
                        sample = 1;
                        break;
                case 'm':
                        nmunis = parse_long("--municipalities", optarg, 1, 99999);
                        break;
                case 'r':
                        nresp = parse_long("--respondents", optarg, 1, 100000000);
                        break;
                case 's':
                        seed = (unsigned long)parse_long("--seed", optarg, 0, LONG_MAX);
                        have_seed = 1;
                        break;
                case 'k':
                        nitems = parse_long("--items", optarg, 6, 600);
                        break;
                case 't': {
                        size_t i;
                        for (i = 0; i < NELEMS(style_table); i++)
                                if (strcmp(optarg, style_table[i].name) == 0)
                                        break;
                        if (i == NELEMS(style_table))
                                bad_usage("--style: expected webropol, forms or excel, got \"%s\"",
                                          optarg);
                        st = &style_table[i];
                        break;
                }
                case 'l':
                        labels = 1;
                        break;
                case 'p':
                        if (strcmp(optarg, "even") == 0)
                                shape = SHAPE_EVEN;
                        else if (strcmp(optarg, "cities") == 0)
                                shape = SHAPE_CITIES;
                        else
                                bad_usage("--shape: expected even or cities, got \"%s\"", optarg);
                        break;
                case 'o':
                        out = optarg;
                        break;
                case 'h':
                        usage(stdout);
                        return DM_OK;
                default:
                        bad_usage("unknown or incomplete option \"%s\"", argv[optind - 1]);
                }
        }
        if (optind < argc)
                bad_usage("unexpected argument \"%s\"", argv[optind]);
        if (!out)
                bad_usage("--out DIR is required");
        if (sample) {
                if (nmunis || nresp || shape != SHAPE_EVEN)
                        bad_usage("--sample takes no --municipalities, --respondents or --shape");
                write_sample(out, have_seed ? seed : SAMPLE_SEED);
                return DM_OK;
        }
        if (!nmunis || !nresp)
                bad_usage("give --sample, or --municipalities and --respondents");
        struct national nat = {nmunis, nresp, have_seed ? seed : NATIONAL_SEED, (int)nitems, *st,
                               out,    shape};
        /* National answers are numeric codes unless --labels. */
        nat.st.labels = labels;
        write_national(&nat);
        return DM_OK;
}

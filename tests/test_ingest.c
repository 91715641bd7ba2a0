/*
 * test_ingest.c - unit tests of the ingest stage.
 *
 * Each test writes a small export into a temporary folder, points a wave of
 * tests/fixtures/ingest/survey.ini at it, ingests it and checks every
 * outcome: the return code and message, the counts (rows read = accepted +
 * rejected, events by kind), every line of the data-quality report, and the
 * answers of every accepted row. Respondent ids (ZZID...) and free-text
 * answers (ZZFREE...) must never show in the report or in a message. The
 * last tests ingest the bundled sample and check the counts input/README.md
 * documents. Run from the repository root.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "codebook.h"
#include "config.h"
#include "ingest.h"
#include "pipeline.h"
#include "util.h"

#define FIX_CONFIG   "tests/fixtures/ingest/survey.ini"
#define FIX_CODEBOOK "tests/fixtures/ingest/codebook.csv"
#define SAMPLE       "input/kaustisen-seutu.ini"
#define DQ_HEADER    "file,line,column,column_name,kind,action,reason\n"
#define MAXI         40 /* most items of any codebook used here */

/* The survey.ini instrument "kysely": its export header in ';' and ',' style. */
#define HDR_SEMI                                                                                   \
        "Tunnus;Kunta;Toimiala;Asema;Voin vaikuttaa;\"Tunnen kanavat (esim. kyselyt; palaute, "    \
        "chat)\";Etätyö mahdollista?;Etäpäivät;Välineet;Palaute;Aika\n"
#define HDR_COMMA                                                                                  \
        "Tunnus,Kunta,Toimiala,Asema,Voin vaikuttaa,\"Tunnen kanavat (esim. kyselyt; palaute, "    \
        "chat)\",Etätyö mahdollista?,Etäpäivät,Välineet,Palaute,Aika\n"
/* Items and breakdowns of "kysely", in codebook order. */
enum { Q1, Q2, C1, N1, M1 };
enum { SECTOR, POSITION };
/* Bits of the tools scale. */
#define TEAMS   1u
#define OUTLOOK 2u
#define ZOOM    4u
#define MUU     16u /* "Muu, mikä?", after the don't-know code */

static char tmpdir[64];

/* One accepted row, copied out of the callback. */
struct got {
        int muni;
        long line;
        int cat[2];
        double val[MAXI];
        unsigned char state[MAXI];
        uint64_t multi[MAXI];
};

/* One ingest run and everything it produced. */
struct run {
        struct config *cfg;
        struct ingest *ig;
        char *path; /* the export */
        int rc;
        struct err e;
        char *dq; /* the data-quality report */
        size_t dqlen;
        struct got *rows;
        size_t nrows;
        struct ingest_summary sum;
        size_t nitems; /* items of the wave's codebook */
};

static int collect(void *ctx, const struct response *r)
{
        struct run *run = ctx;
        run->rows = xrealloc(run->rows, (run->nrows + 1) * sizeof *run->rows);
        struct got *g = &run->rows[run->nrows++];
        memset(g, 0, sizeof *g);
        g->muni = r->muni;
        g->line = r->line;
        size_t nb = ingest_nbreakdowns(run->ig);
        for (size_t b = 0; b < nb && b < 2; b++)
                g->cat[b] = r->cat[b];
        for (size_t i = 0; i < run->nitems; i++) {
                g->state[i] = r->state[i];
                g->val[i] = r->state[i] == ANS_VALID ? r->val[i] : 0;
                g->multi[i] = r->multi[i];
        }
        return 0;
}

/* Returns the number of CSV records in s (line breaks outside quotes). */
static long csv_records(const char *s, size_t n)
{
        long records = 0;
        int quoted = 0;
        for (size_t i = 0; i < n; i++) {
                if (s[i] == '"')
                        quoted = !quoted;
                else if (s[i] == '\n' && !quoted)
                        records++;
        }
        return records;
}

/* Every run must account for every row and keep ids and free text private. */
static void check_invariants(const struct run *r)
{
        const struct ingest_summary *s = &r->sum;
        assert_int_equal(s->rows_read, s->accepted + s->rejected);
        long rejects = 0, warnings = 0, events = 0;
        for (int k = 0; k < DQ_KIND_COUNT; k++) {
                events += s->by_kind[k];
                if (dq_kind_rejects((enum dq_kind)k))
                        rejects += s->by_kind[k];
                else if (k != DQ_UNMAPPED_COLUMN)
                        warnings += s->by_kind[k];
        }
        assert_int_equal(rejects, s->rejected);
        assert_int_equal(warnings, s->warnings);
        assert_int_equal(s->by_kind[DQ_UNMAPPED_COLUMN], s->unmapped_columns);
        /* One report line per event, after the header. */
        assert_int_equal(csv_records(r->dq, r->dqlen), events + 1);
        assert_true(r->dqlen >= strlen(DQ_HEADER));
        assert_memory_equal(r->dq, DQ_HEADER, strlen(DQ_HEADER));
        if (r->rc == 0)
                assert_int_equal((long)r->nrows, s->accepted);
        assert_null(strstr(r->dq, "ZZID"));
        assert_null(strstr(r->dq, "ZZFREE"));
        assert_null(strstr(r->e.msg, "ZZID"));
        assert_null(strstr(r->e.msg, "ZZFREE"));
}

/* Loads a configuration with its codebooks. */
static struct config *load_config(const char *path)
{
        struct err e = {0};
        struct config *cfg = config_load(path, &e);
        if (!cfg)
                fail_msg("%s", e.msg);
        if (config_load_codebooks(cfg, &e))
                fail_msg("%s", e.msg);
        return cfg;
}

static void ingest_wave(struct run *r, size_t w)
{
        r->nitems = r->cfg->instruments[r->cfg->waves[w].instrument].codebook->nitems;
        assert_true(r->nitems <= MAXI);
        r->ig = ingest_new(r->cfg, w);
        FILE *dq = open_memstream(&r->dq, &r->dqlen);
        assert_non_null(dq);
        r->rc = ingest_run(r->ig, collect, r, dq, &r->e);
        assert_int_equal(fclose(dq), 0);
        r->sum = *ingest_summary(r->ig);
        check_invariants(r);
}

/*
 * Writes n bytes of data (none when data is NULL) as export `name` in the
 * temporary folder, points wave `wave` of the fixture configuration at it
 * and ingests it.
 */
/* When set, run_export calls it on the configuration before ingesting. */
static void (*tweak)(struct config *cfg);

static void run_export(struct run *r, const char *wave, const char *name, const char *data,
                       size_t n)
{
        memset(r, 0, sizeof *r);
        r->cfg = load_config(FIX_CONFIG);
        if (tweak)
                tweak(r->cfg);
        int w = config_find_wave(r->cfg, wave);
        assert_true(w >= 0);
        r->path = xmalloc(strlen(tmpdir) + strlen(name) + 2);
        sprintf(r->path, "%s/%s", tmpdir, name);
        if (data) {
                FILE *fp = fopen(r->path, "wb");
                assert_non_null(fp);
                assert_int_equal(fwrite(data, 1, n, fp), n);
                assert_int_equal(fclose(fp), 0);
        }
        free(r->cfg->waves[w].file);
        r->cfg->waves[w].file = xstrdup(r->path);
        ingest_wave(r, (size_t)w);
}

/* run_export of a NUL-terminated text. */
static void run_text(struct run *r, const char *wave, const char *name, const char *text)
{
        run_export(r, wave, name, text, strlen(text));
}

static void run_free(struct run *r)
{
        if (r->path)
                unlink(r->path);
        free(r->path);
        ingest_free(r->ig);
        config_free(r->cfg);
        free(r->dq);
        free(r->rows);
        memset(r, 0, sizeof *r);
}

/*
 * Asserts the data-quality report: the header, then one line per argument
 * (NULL-terminated), each given without its first field, the export's path.
 */
static void expect_dq(const struct run *r, ...)
{
        struct strbuf want;
        strbuf_init(&want);
        strbuf_adds(&want, DQ_HEADER);
        va_list ap;
        va_start(ap, r);
        const char *line;
        while ((line = va_arg(ap, const char *)))
                strbuf_addf(&want, "%s,%s\n", r->path, line);
        va_end(ap);
        if (strcmp(r->dq, strbuf_str(&want))) {
                fprintf(stderr, "data-quality report:\n%s\nexpected:\n%s", r->dq,
                        strbuf_str(&want));
                fail();
        }
        strbuf_clear(&want);
}

static void expect_counts(const struct run *r, long read, long accepted, long rejected,
                          long warnings)
{
        assert_int_equal(r->sum.rows_read, read);
        assert_int_equal(r->sum.accepted, accepted);
        assert_int_equal(r->sum.rejected, rejected);
        assert_int_equal(r->sum.warnings, warnings);
}

/* Asserts every by_kind count; kinds not given must be 0. */
static void expect_kinds(const struct run *r, const long want[DQ_KIND_COUNT])
{
        for (int k = 0; k < DQ_KIND_COUNT; k++)
                if (r->sum.by_kind[k] != want[k])
                        fail_msg("by_kind[%s] = %ld, expected %ld", dq_kind_name((enum dq_kind)k),
                                 r->sum.by_kind[k], want[k]);
}

#define KINDS(...) ((const long[DQ_KIND_COUNT]){__VA_ARGS__})

static void expect_ok(const struct run *r)
{
        if (r->rc)
                fail_msg("ingest failed: %s", r->e.msg);
}

/* Asserts ingest failed with code and the message "path" + msg. */
static void expect_fail(const struct run *r, int code, const char *msg)
{
        assert_int_equal(r->rc, -1);
        char want[1024];
        snprintf(want, sizeof want, "%s%s", r->path, msg);
        assert_string_equal(r->e.msg, want);
        assert_int_equal(r->e.code, code);
}

static void expect_answer(const struct got *g, int item, int state, double val)
{
        if (g->state[item] != state)
                fail_msg("line %ld item %d: state %d, expected %d", g->line, item, g->state[item],
                         state);
        if (state == ANS_VALID)
                assert_float_equal(g->val[item], val, 1e-12);
}

static void expect_multi(const struct got *g, int item, int state, uint64_t bits)
{
        if (g->state[item] != state)
                fail_msg("line %ld item %d: state %d, expected %d", g->line, item, g->state[item],
                         state);
        if (g->multi[item] != bits)
                fail_msg("line %ld item %d: options %#llx, expected %#llx", g->line, item,
                         (unsigned long long)g->multi[item], (unsigned long long)bits);
}

static void expect_row(const struct got *g, long line, int muni, int sector, int position)
{
        assert_int_equal(g->line, line);
        assert_int_equal(g->muni, muni);
        assert_int_equal(g->cat[SECTOR], sector);
        assert_int_equal(g->cat[POSITION], position);
}

static int group_setup(void **state)
{
        (void)state;
        snprintf(tmpdir, sizeof tmpdir, "/tmp/dm_ingest_XXXXXX");
        return mkdtemp(tmpdir) ? 0 : -1;
}

/* Removes the temporary folder, with any export a failed test left behind. */
static int group_teardown(void **state)
{
        (void)state;
        DIR *d = opendir(tmpdir);
        if (!d)
                return -1;
        struct dirent *de;
        char path[512];
        while ((de = readdir(d)))
                if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
                        snprintf(path, sizeof path, "%s/%s", tmpdir, de->d_name);
                        unlink(path);
                }
        closedir(d);
        return rmdir(tmpdir);
}

/* Answers. */

static void test_labels_and_codes(void **state)
{
        (void)state;
        struct run r;
        run_text(&r, "kysely", "labels.csv",
                 HDR_SEMI "ZZID-1;Kaustinen;Hallinto;Työntekijä;Täysin samaa mieltä;1;Kyllä;2,5;"
                          "\"Teams;Outlook\";ZZFREE yksi;8.00\n"
                          "ZZID-2;kaustisen KUNTA;SIVISTYSTOIMI;Esihenkilö;\" täysin  SAMAA   "
                          "mieltä \";En osaa sanoa;9;4.5;Zoom;;8.05\n"
                          "ZZID-3;Lestijärvi;2;työntekijä;4;;ei;;;;8.10\n"
                          "ZZID-4;Lestijärvi;;;5;EN OSAA SANOA;En osaa sanoa;0;\"Teams, "
                          "Zoom\";;8.15\n"
                          "ZZID-5;Kaustinen;1;Työntekijä;jokseenkin eri MIELTÄ;3;2;5;\"1;3\";;\n");
        expect_ok(&r);
        expect_counts(&r, 5, 5, 0, 0);
        expect_kinds(&r, KINDS(0));
        expect_dq(&r, NULL);
        assert_string_equal(r.sum.encoding, "UTF-8");
        assert_int_equal(r.sum.delim, ';');
        assert_int_equal(r.nrows, 5);

        const struct got *g = r.rows;
        expect_row(&g[0], 2, 0, 0, 0);
        expect_answer(&g[0], Q1, ANS_VALID, 5);
        expect_answer(&g[0], Q2, ANS_VALID, 1); /* codes are kept as answered */
        expect_answer(&g[0], C1, ANS_VALID, 1);
        expect_answer(&g[0], N1, ANS_VALID, 2.5);
        expect_multi(&g[0], M1, ANS_VALID, TEAMS | OUTLOOK);

        expect_row(&g[1], 3, 0, 1, 1); /* alias in odd case; a new position */
        expect_answer(&g[1], Q1, ANS_VALID, 5);
        expect_answer(&g[1], Q2, ANS_DK, 0);
        expect_answer(&g[1], C1, ANS_DK, 0); /* "9" is the don't-know code */
        expect_answer(&g[1], N1, ANS_VALID, 4.5);
        expect_multi(&g[1], M1, ANS_VALID, ZOOM);

        expect_row(&g[2], 4, 1, 1, 0); /* sector by code; position in another case */
        expect_answer(&g[2], Q1, ANS_VALID, 4);
        expect_answer(&g[2], Q2, ANS_MISSING, 0);
        expect_answer(&g[2], C1, ANS_VALID, 2);
        expect_answer(&g[2], N1, ANS_MISSING, 0);
        expect_multi(&g[2], M1, ANS_MISSING, 0);

        expect_row(&g[3], 5, 1, -1, -1);
        expect_answer(&g[3], Q2, ANS_DK, 0);
        expect_answer(&g[3], C1, ANS_DK, 0);
        expect_answer(&g[3], N1, ANS_VALID, 0);
        expect_multi(&g[3], M1, ANS_VALID, TEAMS | ZOOM); /* joined with ", " */

        expect_row(&g[4], 6, 0, 0, 0);
        expect_answer(&g[4], Q1, ANS_VALID, 2);
        expect_answer(&g[4], Q2, ANS_VALID, 3);
        expect_answer(&g[4], C1, ANS_VALID, 2);
        expect_answer(&g[4], N1, ANS_VALID, 5);
        expect_multi(&g[4], M1, ANS_VALID, TEAMS | ZOOM); /* codes joined with ';' */

        /* Categories: a breakdown with a scale has its labels; one without, the texts seen. */
        assert_int_equal(ingest_nbreakdowns(r.ig), 2);
        assert_int_equal(ingest_ncats(r.ig, SECTOR), 2);
        assert_string_equal(ingest_cat_label(r.ig, SECTOR, 1), "Sivistystoimi");
        assert_int_equal(ingest_ncats(r.ig, POSITION), 2);
        assert_string_equal(ingest_cat_label(r.ig, POSITION, 0), "Työntekijä");
        assert_string_equal(ingest_cat_label(r.ig, POSITION, 1), "Esihenkilö");
        run_free(&r);
}

static void test_dontknow_apart_from_missing(void **state)
{
        (void)state;
        struct run r;
        run_text(&r, "kysely", "dontknow.csv",
                 HDR_SEMI "ZZID-1;Kaustinen;;;;;;;;;\n"
                          "ZZID-2;Kaustinen;;;En osaa sanoa;9;;;En osaa sanoa;;\n"
                          "ZZID-3;Kaustinen;;;   ;\xc2\xa0;;;\"Teams;En osaa sanoa\";;\n"
                          "ZZID-4;Kaustinen;;; EN OSAA  SANOA ;;;;9;;\n");
        expect_ok(&r);
        expect_counts(&r, 4, 4, 0, 0);
        expect_kinds(&r, KINDS(0));
        expect_dq(&r, NULL);
        expect_answer(&r.rows[0], Q1, ANS_MISSING, 0);
        expect_multi(&r.rows[0], M1, ANS_MISSING, 0);
        expect_answer(&r.rows[1], Q1, ANS_DK, 0);
        expect_answer(&r.rows[1], Q2, ANS_DK, 0);
        expect_multi(&r.rows[1], M1, ANS_DK, 0);
        expect_answer(&r.rows[2], Q1, ANS_MISSING, 0); /* blanks, also a no-break space */
        expect_answer(&r.rows[2], Q2, ANS_MISSING, 0);
        expect_multi(&r.rows[2], M1, ANS_VALID, TEAMS); /* an option beats don't know */
        expect_answer(&r.rows[3], Q1, ANS_DK, 0);
        expect_multi(&r.rows[3], M1, ANS_DK, 0);
        run_free(&r);
}

static void test_out_of_range_and_unknown_labels(void **state)
{
        (void)state;
        struct run r;
        run_text(&r, "kysely", "range.csv",
                 HDR_SEMI "ZZID-1;Kaustinen;;;7;;;2,5;;;\n"
                          "ZZID-2;Kaustinen;;;0;;;5,01;;;\n"
                          "ZZID-3;Kaustinen;;;3,5;;;-0,5;;;\n"
                          "ZZID-4;Kaustinen;;;Ehkä;;Joo;1.000,5;;;\n"
                          "ZZID-5;Kaustinen;;;9;;;viisi;;;\n"
                          "ZZID-6;Kaustinen;;;5;;;0,5;;;\n"
                          "ZZID-7;Kaustinen;;;Tämä vastaus on aivan liian pitkä ollakseen "
                          "mikään asteikon vastaus;;;5,0;;;\n");
        expect_ok(&r);
        expect_counts(&r, 7, 7, 0, 10);
        expect_kinds(&r, KINDS([DQ_OUT_OF_RANGE] = 5, [DQ_BAD_ANSWER] = 5));
        expect_dq(&r,
                  "2,5,Voin vaikuttaa,out of range,answer set to missing,\"item Q1: \"\"7\"\" is "
                  "not a code of scale agree5 (1-5)\"",
                  "3,5,Voin vaikuttaa,out of range,answer set to missing,\"item Q1: \"\"0\"\" is "
                  "not a code of scale agree5 (1-5)\"",
                  "3,8,Etäpäivät,out of range,answer set to missing,\"item N1: 5,01 is outside "
                  "0..5\"",
                  "4,5,Voin vaikuttaa,out of range,answer set to missing,\"item Q1: \"\"3,5\"\" "
                  "is not a code of scale agree5 (1-5)\"",
                  "4,8,Etäpäivät,out of range,answer set to missing,\"item N1: -0,5 is outside "
                  "0..5\"",
                  "5,5,Voin vaikuttaa,answer not in scale,answer set to missing,\"item Q1: "
                  "\"\"Ehkä\"\" is not an answer of scale agree5\"",
                  "5,7,Etätyö mahdollista?,answer not in scale,answer set to missing,\"item C1: "
                  "\"\"Joo\"\" is not an answer of scale kylla_ei\"",
                  "5,8,Etäpäivät,answer not in scale,answer set to missing,\"item N1: "
                  "\"\"1.000,5\"\" is not a number\"",
                  "6,8,Etäpäivät,answer not in scale,answer set to missing,\"item N1: "
                  "\"\"viisi\"\" is not a number\"",
                  "8,5,Voin vaikuttaa,answer not in scale,answer set to missing,\"item Q1: "
                  "\"\"Tämä vastaus on aivan liian pitkä oll...\"\" is not an answer of scale "
                  "agree5\"",
                  NULL);
        /* The row stays; only the bad answer is missing. */
        expect_answer(&r.rows[0], Q1, ANS_MISSING, 0);
        expect_answer(&r.rows[0], N1, ANS_VALID, 2.5);
        expect_answer(&r.rows[4], Q1, ANS_DK, 0);
        expect_answer(&r.rows[5], Q1, ANS_VALID, 5);
        expect_answer(&r.rows[5], N1, ANS_VALID, 0.5);
        expect_answer(&r.rows[6], N1, ANS_VALID, 5);
        run_free(&r);
}

static void test_unknown_options(void **state)
{
        (void)state;
        struct run r;
        run_text(&r, "kysely", "options.csv",
                 HDR_SEMI "ZZID-1;Kaustinen;;;;;;;\"Teams;Slack\";;\n"
                          "ZZID-2;Kaustinen;;;;;;;Slack;;\n"
                          "ZZID-3;Kaustinen;;;;;;;\"teams, Slack, ZOOM\";;\n"
                          "ZZID-4;Kaustinen;;;;;;;\"Teams;;Outlook;\";;\n"
                          "ZZID-5;Kaustinen;;;;;;;\"1;7\";;\n");
        expect_ok(&r);
        expect_counts(&r, 5, 5, 0, 4);
        expect_kinds(&r, KINDS([DQ_UNKNOWN_OPTION] = 4));
        expect_dq(&r,
                  "2,9,Välineet,unknown option,option ignored,\"item M1: \"\"Slack\"\" is not an "
                  "option of scale tools\"",
                  "3,9,Välineet,unknown option,option ignored,\"item M1: \"\"Slack\"\" is not an "
                  "option of scale tools\"",
                  "4,9,Välineet,unknown option,option ignored,\"item M1: \"\"Slack\"\" is not an "
                  "option of scale tools\"",
                  "6,9,Välineet,unknown option,option ignored,\"item M1: \"\"7\"\" is not an "
                  "option of scale tools\"",
                  NULL);
        expect_multi(&r.rows[0], M1, ANS_VALID, TEAMS);
        expect_multi(&r.rows[1], M1, ANS_MISSING, 0);
        expect_multi(&r.rows[2], M1, ANS_VALID, TEAMS | ZOOM);
        expect_multi(&r.rows[3], M1, ANS_VALID, TEAMS | OUTLOOK);
        expect_multi(&r.rows[4], M1, ANS_VALID, TEAMS);
        run_free(&r);
}

static void test_unknown_category(void **state)
{
        (void)state;
        struct run r;
        run_text(&r, "kysely", "category.csv",
                 HDR_SEMI "ZZID-1;Kaustinen;Kirjasto;Työntekijä;5;;;;;;\n"
                          "ZZID-2;Kaustinen;3;Työntekijä;5;;;;;;\n"
                          "ZZID-3;Kaustinen;hallinto;;5;;;;;;\n");
        expect_ok(&r);
        expect_counts(&r, 3, 3, 0, 2);
        expect_kinds(&r, KINDS([DQ_UNKNOWN_CATEGORY] = 2));
        expect_dq(&r,
                  "2,3,Toimiala,unknown category,answer set to missing,\"breakdown sector: "
                  "\"\"Kirjasto\"\" is not in scale sector\"",
                  "3,3,Toimiala,unknown category,answer set to missing,\"breakdown sector: "
                  "\"\"3\"\" is not in scale sector\"",
                  NULL);
        expect_row(&r.rows[0], 2, 0, -1, 0);
        expect_row(&r.rows[1], 3, 0, -1, 0);
        expect_row(&r.rows[2], 4, 0, 0, -1);
        run_free(&r);
}

static void test_header_tolerance(void **state)
{
        (void)state;
        /* Case, repeated and no-break spaces and a trailing colon do not matter; order neither. */
        struct run r;
        run_text(&r, "kysely", "header.csv",
                 "AIKA;tunnus ;KUNTA;Asema;toimiala;VOIN  VAIKUTTAA:;\"tunnen kanavat (esim. "
                 "kyselyt; palaute, chat):\";Etätyö\xc2\xa0mahdollista?;etäpäivät;Välineet ;"
                 "Palaute\n"
                 "8.00;ZZID-1;Lestijärvi;Työntekijä;Hallinto;4;2;Kyllä;1;Zoom;ZZFREE\n");
        expect_ok(&r);
        expect_counts(&r, 1, 1, 0, 0);
        expect_kinds(&r, KINDS(0));
        expect_dq(&r, NULL);
        expect_row(&r.rows[0], 2, 1, 0, 0);
        expect_answer(&r.rows[0], Q1, ANS_VALID, 4);
        expect_answer(&r.rows[0], Q2, ANS_VALID, 2);
        expect_answer(&r.rows[0], C1, ANS_VALID, 1);
        expect_answer(&r.rows[0], N1, ANS_VALID, 1);
        expect_multi(&r.rows[0], M1, ANS_VALID, ZOOM);
        run_free(&r);
}

static void test_quoted_newlines(void **state)
{
        (void)state;
        /* Microsoft Forms style: ',' with codes; free text over several lines. */
        struct run r;
        run_text(&r, "kysely", "newlines.csv",
                 HDR_COMMA "ZZID-1,Kaustinen,1,Työntekijä,5,4,1,\"2,5\",\"1;2\",\"ZZFREE rivi "
                           "yksi\nrivi kaksi\nrivi kolme\",x\n"
                           "ZZID-2,Kokkola,1,,5,4,1,1,,,x\n"
                           "ZZID-3,Lestijärvi,2,,4,3,2,0,3,\"ZZFREE \"\"lainaus\"\"\n\nja tyhjä "
                           "rivi\",x\n"
                           "ZZID-4,Lestijärvi,2,,4,3,2,1,,,x\n");
        expect_ok(&r);
        assert_int_equal(r.sum.delim, ',');
        expect_counts(&r, 4, 3, 1, 0);
        expect_kinds(&r, KINDS([DQ_UNKNOWN_MUNI] = 1));
        expect_dq(&r,
                  "5,2,Kunta,unknown municipality,row rejected,\"\"\"Kokkola\"\" is not a "
                  "configured municipality or alias\"",
                  NULL);
        expect_row(&r.rows[0], 2, 0, 0, 0);
        expect_answer(&r.rows[0], N1, ANS_VALID, 2.5);
        expect_multi(&r.rows[0], M1, ANS_VALID, TEAMS | OUTLOOK);
        expect_row(&r.rows[1], 6, 1, 1, -1);
        expect_multi(&r.rows[1], M1, ANS_VALID, ZOOM);
        expect_row(&r.rows[2], 9, 1, 1, -1);
        run_free(&r);
}

static void test_limesurvey_option_columns(void **state)
{
        (void)state;
        /* One column per option: Y (or any text but N/0/Ei/No) chosen, empty unanswered. */
        struct run r;
        run_text(&r, "lime", "lime.csv",
                 "id,Kunta,Välineet [Teams],Välineet [Outlook],Zoom-sarake,Kysymys 6\n"
                 "ZZID-1,Kaustinen,Y,,Y,5\n"
                 "ZZID-2,Kaustinen,N,N,N,1\n"
                 "ZZID-3,Kaustinen,,,,\n"
                 "ZZID-4,Kaustinen,Kyllä,1,0,Täysin samaa mieltä\n"
                 "ZZID-5,Lestijärvi,Ei,No,false,1\n");
        expect_ok(&r);
        expect_counts(&r, 5, 5, 0, 0);
        expect_kinds(&r, KINDS(0));
        expect_dq(&r, NULL);
        assert_int_equal(ingest_nbreakdowns(r.ig), 0);
        enum { LM1, LQ1 };
        expect_multi(&r.rows[0], LM1, ANS_VALID, TEAMS | ZOOM);
        expect_answer(&r.rows[0], LQ1, ANS_VALID, 5);
        expect_multi(&r.rows[1], LM1, ANS_VALID, 0); /* answered, nothing chosen */
        expect_multi(&r.rows[2], LM1, ANS_MISSING, 0);
        expect_answer(&r.rows[2], LQ1, ANS_MISSING, 0);
        expect_multi(&r.rows[3], LM1, ANS_VALID, TEAMS | OUTLOOK);
        expect_answer(&r.rows[3], LQ1, ANS_VALID, 5);
        expect_multi(&r.rows[4], LM1, ANS_VALID, 0);
        assert_int_equal(r.rows[4].muni, 1);
        run_free(&r);
}

/* Municipalities and rows. */

static void test_municipality_aliases(void **state)
{
        (void)state;
        struct run r;
        run_text(&r, "kysely", "munis.csv",
                 HDR_SEMI "ZZID-1; KAUSTINEN;;;;;;;;;\n"
                          "ZZID-2;Lestijärvi\xc2\xa0;;;;;;;;;\n"
                          "ZZID-3;\xc2\xa0kaustisen   kunta ;;;;;;;;;\n"
                          "ZZID-4;LESTIJÄRVI;;;;;;;;;\n"
                          "ZZID-5;Kokkola;;;;;;;;;\n"
                          "ZZID-6;;;;;;;;;;\n"
                          "ZZID-7;   ;;;;;;;;;\n"
                          "ZZID-8;\xc2\xa0;;;;;;;;;\n"
                          "ZZID-9;Kaustisen kaupunki;;;;;;;;;\n"
                          "ZZID-10;Municipality name that goes on and on and on;;;;;;;;;\n"
                          "ZZID-11;=Kaustinen;;;;;;;;;\n");
        expect_ok(&r);
        expect_counts(&r, 11, 4, 7, 0);
        expect_kinds(&r, KINDS([DQ_UNKNOWN_MUNI] = 4, [DQ_EMPTY_MUNI] = 3));
        expect_dq(&r,
                  "6,2,Kunta,unknown municipality,row rejected,\"\"\"Kokkola\"\" is not a "
                  "configured municipality or alias\"",
                  "7,2,Kunta,no municipality,row rejected,the municipality is empty",
                  "8,2,Kunta,no municipality,row rejected,the municipality is empty",
                  "9,2,Kunta,no municipality,row rejected,the municipality is empty",
                  "10,2,Kunta,unknown municipality,row rejected,\"\"\"Kaustisen kaupunki\"\" is "
                  "not a configured municipality or alias\"",
                  "11,2,Kunta,unknown municipality,row rejected,\"\"\"Municipality name that "
                  "goes on and on an...\"\" is not a configured municipality or alias\"",
                  "12,2,Kunta,unknown municipality,row rejected,\"\"\"=Kaustinen\"\" is not a "
                  "configured municipality or alias\"",
                  NULL);
        assert_int_equal(r.rows[0].muni, 0);
        assert_int_equal(r.rows[1].muni, 1);
        assert_int_equal(r.rows[2].muni, 0);
        assert_int_equal(r.rows[3].muni, 1);
        assert_int_equal(r.rows[3].line, 5);
        run_free(&r);
}

static void test_duplicate_respondents(void **state)
{
        (void)state;
        struct run r;
        run_text(&r, "kysely", "duplicates.csv",
                 HDR_SEMI "ZZID-1;Kaustinen;;;;;;;;;\n"
                          "ZZID-2;Kokkola;;;;;;;;;\n"
                          "ZZID-2;Kaustinen;;;;;;;;;\n"
                          "ZZID-1;Lestijärvi;;;;;;;;;\n"
                          " ZZID-1 ;Kaustinen;;;;;;;;;\n"
                          ";Kaustinen;;;;;;;;;\n"
                          ";Kaustinen;;;;;;;;;\n"
                          "ZZID-1x;Kaustinen;;;;;;;;;\n");
        expect_ok(&r);
        expect_counts(&r, 8, 5, 3, 0);
        expect_kinds(&r, KINDS([DQ_UNKNOWN_MUNI] = 1, [DQ_DUPLICATE_ID] = 2));
        expect_dq(&r,
                  "3,2,Kunta,unknown municipality,row rejected,\"\"\"Kokkola\"\" is not a "
                  "configured municipality or alias\"",
                  "5,1,Tunnus,duplicate respondent,row rejected,the respondent id appears on an "
                  "earlier accepted row",
                  "6,1,Tunnus,duplicate respondent,row rejected,the respondent id appears on an "
                  "earlier accepted row",
                  NULL);
        /* An id first seen on a rejected row is not a duplicate; empty ids never are. */
        assert_int_equal(r.rows[1].line, 4);
        assert_int_equal(r.rows[2].line, 7);
        assert_int_equal(r.rows[3].line, 8);
        assert_int_equal(r.rows[4].line, 9);
        run_free(&r);
}

static void test_ragged_rows(void **state)
{
        (void)state;
        struct run r;
        run_text(&r, "kysely", "ragged.csv",
                 HDR_SEMI "ZZID-1;Kaustinen;;;5\n"
                          "ZZID-2;Kaustinen;;;5;;;;;;;;\n"
                          "ZZID-3;Kaustinen;;;5;;;;;;;x\n"
                          "ZZID-4;Kaustinen;;;5;;;;;;\n"
                          "ZZID-5\n");
        expect_ok(&r);
        expect_counts(&r, 5, 2, 3, 0);
        expect_kinds(&r, KINDS([DQ_RAGGED_ROW] = 3));
        expect_dq(&r,
                  "2,,,wrong number of fields,row rejected,\"the row has 5 fields, the header "
                  "has 11\"",
                  "4,,,wrong number of fields,row rejected,\"the row has 12 fields, the header "
                  "has 11\"",
                  "6,,,wrong number of fields,row rejected,\"the row has 1 field, the header "
                  "has 11\"",
                  NULL);
        /* Trailing empty fields (a spreadsheet's extra separators) are harmless. */
        assert_int_equal(r.rows[0].line, 3);
        expect_answer(&r.rows[0], Q1, ANS_VALID, 5);
        assert_int_equal(r.rows[1].line, 5);
        run_free(&r);
}

static void test_repeated_header(void **state)
{
        (void)state;
        /* Two exports pasted together: the second header is a row to reject, not data. */
        struct run r;
        run_text(&r, "kysely", "repeated.csv",
                 HDR_SEMI "ZZID-1;Kaustinen;;;5;;;;;;\n" HDR_SEMI "ZZID-2;Lestijärvi;;;4;;;;;;\n");
        expect_ok(&r);
        expect_counts(&r, 3, 2, 1, 0);
        expect_kinds(&r, KINDS([DQ_REPEATED_HEADER] = 1));
        expect_dq(&r, "3,,,repeated header,row rejected,the header row appears again", NULL);
        assert_int_equal(r.rows[1].line, 4);
        run_free(&r);
}

static void test_unmapped_columns(void **state)
{
        (void)state;
        struct run r;
        run_text(&r, "kysely", "unmapped.csv",
                 "Tunnus;Kunta;Toimiala;Asema;Voin vaikuttaa;\"Tunnen kanavat (esim. kyselyt; "
                 "palaute, chat)\";Etätyö mahdollista?;Etäpäivät;Välineet;Palaute;Aika;"
                 "Ylimääräinen;;-Kaava\n"
                 "ZZID-1;Kaustinen;;;5;;;;;;;ZZFREE ylimääräinen;x;y\n");
        expect_ok(&r);
        expect_counts(&r, 1, 1, 0, 0);
        expect_kinds(&r, KINDS([DQ_UNMAPPED_COLUMN] = 3));
        assert_int_equal(r.sum.unmapped_columns, 3);
        expect_dq(&r,
                  "1,12,Ylimääräinen,column not in codebook,column ignored,the codebook does not "
                  "name this column",
                  "1,13,,column not in codebook,column ignored,this column has no header text",
                  "1,14,\"'-Kaava\",column not in codebook,column ignored,the codebook does not "
                  "name this column",
                  NULL);
        run_free(&r);
}

/* Traps: files that are not what they should be. */

static void test_missing_export(void **state)
{
        (void)state;
        struct run r;
        run_export(&r, "kysely", "no-such-export.csv", NULL, 0);
        expect_fail(&r, DM_EX_NOINPUT, ": cannot open: No such file or directory");
        expect_counts(&r, 0, 0, 0, 0);
        expect_kinds(&r, KINDS(0));
        expect_dq(&r, NULL);
        run_free(&r);
}

static void test_empty_export(void **state)
{
        (void)state;
        static const char *const empties[] = {"", "\n\n\r\n", "\xef\xbb\xbf"};
        for (size_t i = 0; i < 3; i++) {
                struct run r;
                run_text(&r, "kysely", "empty.csv", empties[i]);
                expect_fail(&r, DM_EX_DATAERR, ": file is empty");
                expect_counts(&r, 0, 0, 0, 0);
                expect_kinds(&r, KINDS(0));
                expect_dq(&r, NULL);
                run_free(&r);
        }
}

static void test_header_only(void **state)
{
        (void)state;
        /*
         * A header and no answers is a failed or unfinished download: the wave
         * fails (issue 13; it used to pass with 0 rows and make empty reports).
         */
        static const char msg[] =
            ": the export has a header row but no data rows (an unfinished "
            "download or an empty survey?); no output of this wave is written or replaced";
        struct run r;
        run_text(&r, "kysely", "header-only.csv", HDR_SEMI);
        expect_fail(&r, DM_EX_DATAERR, msg);
        expect_counts(&r, 0, 0, 0, 0);
        expect_kinds(&r, KINDS(0));
        expect_dq(&r, NULL);
        assert_true(ingest_counted(r.ig));
        run_free(&r);
        /* The same without the final newline, and with a BOM and CRLF. */
        char hdr[] = HDR_SEMI;
        hdr[strlen(hdr) - 1] = '\0';
        run_text(&r, "kysely", "header-only.csv", hdr);
        expect_fail(&r, DM_EX_DATAERR, msg);
        expect_counts(&r, 0, 0, 0, 0);
        run_free(&r);
        run_text(&r, "kysely", "header-only.csv",
                 "\xef\xbb\xbfTunnus;Kunta;Toimiala;Asema;Voin vaikuttaa;\"Tunnen kanavat (esim. "
                 "kyselyt; palaute, chat)\";Etätyö mahdollista?;Etäpäivät;Välineet;Palaute;"
                 "Aika\r\n");
        expect_fail(&r, DM_EX_DATAERR, msg);
        expect_counts(&r, 0, 0, 0, 0);
        assert_string_equal(r.sum.encoding, "UTF-8 with BOM");
        run_free(&r);
}

static void test_binary_garbage(void **state)
{
        (void)state;
        static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06"
                                  "\0\0\0\x5c\x72\xa8\x66\0\0\0\x01sRGB";
        struct run r;
        run_export(&r, "kysely", "garbage.csv", png, sizeof png - 1);
        expect_fail(&r, DM_EX_DATAERR, ": not a text file (binary data at byte 7)");
        expect_counts(&r, 0, 0, 0, 0);
        expect_kinds(&r, KINDS(0));
        expect_dq(&r, NULL);
        run_free(&r);
        /*
         * The start of a zip archive (an .xlsx, cut short, under a .csv name):
         * read as a workbook, whatever its name, and found damaged.
         */
        static const char zip[] = "PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0b\xee\x9dh^\x01\0\0"
                                  "\x90\x04\0\0\x13\0\x08\x02[Content_Types].xml";
        run_export(&r, "kysely", "garbage.csv", zip, sizeof zip - 1);
        expect_fail(&r, DM_EX_DATAERR,
                    ": the file starts like a ZIP package (.xlsx) but is damaged or cut short; "
                    "open it in Excel or LibreOffice and save it again as .xlsx");
        expect_counts(&r, 0, 0, 0, 0);
        expect_dq(&r, NULL);
        run_free(&r);
}

static void test_nul_bytes(void **state)
{
        (void)state;
        static const char data[] = HDR_SEMI "ZZID-1;Kaustinen;;;5;;;;;ZZFREE\0piilossa;\n"
                                            "ZZID-2;Kaustinen;;;4;;;;;;\n"
                                            "ZZID-3;Lestijärvi;;;5\0;;;;;;\n"
                                            "ZZID-4;Lestijärvi;;;3;;;;;;\n";
        struct run r;
        run_export(&r, "kysely", "nul.csv", data, sizeof data - 1);
        expect_ok(&r);
        expect_counts(&r, 4, 2, 2, 0);
        expect_kinds(&r, KINDS([DQ_BROKEN_ROW] = 2));
        expect_dq(&r, "2,10,Palaute,broken row,row rejected,field 10 contains a NUL byte at byte 7",
                  "4,5,Voin vaikuttaa,broken row,row rejected,field 5 contains a NUL byte at "
                  "byte 2",
                  NULL);
        assert_int_equal(r.rows[0].line, 3);
        assert_int_equal(r.rows[1].line, 5);
        expect_answer(&r.rows[1], Q1, ANS_VALID, 3);
        run_free(&r);
}

/* An export whose row 2 has a free-text answer of n bytes. */
static char *big_field_export(size_t n, size_t *len)
{
        struct strbuf sb;
        strbuf_init(&sb);
        strbuf_adds(&sb, HDR_SEMI "ZZID-1;Kaustinen;;;5;;;;;\"ZZFREE ");
        size_t start = sb.len;
        strbuf_addn(&sb, "", 0);
        sb.buf = xrealloc(sb.buf, start + n + 256);
        sb.cap = start + n + 256;
        for (size_t i = 0; i < n - 7; i++)
                sb.buf[start + i] = i % 100 == 99 ? '\n' : (char)('a' + i % 26);
        sb.len = start + n - 7;
        sb.buf[sb.len] = '\0';
        strbuf_adds(&sb, "\";8.00\nZZID-2;Lestijärvi;;;4;;;;;;\n");
        *len = sb.len;
        return sb.buf;
}

static void test_ten_megabyte_field(void **state)
{
        (void)state;
        /* 10 MB of free text (with line breaks) is under the 16 MiB field limit: accepted. */
        size_t n;
        char *data = big_field_export(10 * 1000 * 1000, &n);
        struct run r;
        run_export(&r, "kysely", "big.csv", data, n);
        free(data);
        expect_ok(&r);
        expect_counts(&r, 2, 2, 0, 0);
        expect_kinds(&r, KINDS(0));
        expect_dq(&r, NULL);
        expect_answer(&r.rows[0], Q1, ANS_VALID, 5);
        long extra = (10 * 1000 * 1000 - 7) / 100; /* line breaks inside the field */
        assert_int_equal(r.rows[1].line, 3 + extra);
        expect_answer(&r.rows[1], Q1, ANS_VALID, 4);
        run_free(&r);
}

static void test_field_over_limit(void **state)
{
        (void)state;
        /* 17 MiB is over the limit: that row is rejected, the next one still read. */
        size_t n;
        char *data = big_field_export(17u << 20, &n);
        struct run r;
        run_export(&r, "kysely", "huge.csv", data, n);
        free(data);
        expect_ok(&r);
        expect_counts(&r, 2, 1, 1, 0);
        expect_kinds(&r, KINDS([DQ_BROKEN_ROW] = 1));
        expect_dq(&r,
                  "2,10,Palaute,broken row,row rejected,field 10 is longer than the limit of "
                  "16777216 bytes (the record runs over lines 2-178259; a quote may be "
                  "unbalanced)",
                  NULL);
        long extra = (long)(((17u << 20) - 7) / 100);
        assert_int_equal(r.rows[0].line, 3 + extra);
        run_free(&r);
}

static void test_invalid_utf8(void **state)
{
        (void)state;
        static const char data[] = HDR_SEMI "ZZID-1;Lestijärvi;;;Täysin samaa mieltä;;;;;;\n"
                                            "ZZID-2;Lestijärvi;;;T\xe4ysin samaa mieltä;;;;;;\n"
                                            "ZZID-3;Kaustinen;;;4;;;;;ZZFREE \xff\xfe;\n"
                                            "ZZID-4;Kaustinen;;;Täysin eri mieltä;;;;;;\n";
        struct run r;
        run_export(&r, "kysely", "badutf8.csv", data, sizeof data - 1);
        expect_ok(&r);
        assert_string_equal(r.sum.encoding, "UTF-8");
        expect_counts(&r, 4, 2, 2, 0);
        expect_kinds(&r, KINDS([DQ_BROKEN_ROW] = 2));
        expect_dq(&r,
                  "3,5,Voin vaikuttaa,broken row,row rejected,field 5 contains invalid UTF-8 at "
                  "byte 2",
                  "4,10,Palaute,broken row,row rejected,field 10 contains invalid UTF-8 at byte "
                  "8",
                  NULL);
        expect_answer(&r.rows[0], Q1, ANS_VALID, 5);
        expect_answer(&r.rows[1], Q1, ANS_VALID, 1);
        run_free(&r);
        /* In the header row it stops the wave: no column can be trusted. */
        static const char head[] = "Tunnus;Kunta;Toimiala;Asema\xff;Voin vaikuttaa\n"
                                   "ZZID-1;Lestijärvi;;;Täysin samaa mieltä\n";
        run_export(&r, "kysely", "badhead.csv", head, sizeof head - 1);
        expect_fail(&r, DM_EX_DATAERR, ":1: header row: field 4 contains invalid UTF-8 at byte 6");
        expect_counts(&r, 0, 0, 0, 0);
        expect_dq(&r, NULL);
        run_free(&r);
}

static void test_windows_1252(void **state)
{
        (void)state;
        /* Finnish Excel: Windows-1252, ';', CRLF, converted to UTF-8 on the way in. */
        static const char data[] =
            "Tunnus;Kunta;Toimiala;Asema;Voin vaikuttaa;\"Tunnen kanavat (esim. kyselyt; "
            "palaute, chat)\";Et\xe4ty\xf6 mahdollista?;Et\xe4p\xe4iv\xe4t;V\xe4lineet;Palaute;"
            "Aika;Lis\xe4tieto\r\n"
            "ZZID-1;Lestij\xe4rvi;Hallinto;Ty\xf6ntekij\xe4;T\xe4ysin samaa mielt\xe4;"
            "Jokseenkin eri mielt\xe4;Kyll\xe4;1,5;\"Teams;Zoom\";ZZFREE 5 \x80;8.00;x\r\n"
            "ZZID-2;Kaustinen;Sivistystoimi;Esihenkil\xf6;En osaa sanoa;3;Ei;0;Outlook;;;\r\n"
            "ZZID-3;Kokkola;;;;;;;;;;\r\n";
        struct run r;
        run_export(&r, "kysely", "excel.csv", data, sizeof data - 1);
        expect_ok(&r);
        assert_string_equal(r.sum.encoding, "Windows-1252");
        assert_int_equal(r.sum.delim, ';');
        expect_counts(&r, 3, 2, 1, 0);
        expect_kinds(&r, KINDS([DQ_UNKNOWN_MUNI] = 1, [DQ_UNMAPPED_COLUMN] = 1));
        expect_dq(&r,
                  "1,12,Lisätieto,column not in codebook,column ignored,the codebook does not "
                  "name this column",
                  "4,2,Kunta,unknown municipality,row rejected,\"\"\"Kokkola\"\" is not a "
                  "configured municipality or alias\"",
                  NULL);
        expect_row(&r.rows[0], 2, 1, 0, 0);
        expect_answer(&r.rows[0], Q1, ANS_VALID, 5);
        expect_answer(&r.rows[0], Q2, ANS_VALID, 2);
        expect_answer(&r.rows[0], C1, ANS_VALID, 1);
        expect_answer(&r.rows[0], N1, ANS_VALID, 1.5);
        expect_multi(&r.rows[0], M1, ANS_VALID, TEAMS | ZOOM);
        expect_row(&r.rows[1], 3, 0, 1, 1);
        expect_answer(&r.rows[1], Q1, ANS_DK, 0);
        expect_answer(&r.rows[1], C1, ANS_VALID, 2);
        assert_string_equal(ingest_cat_label(r.ig, POSITION, 0), "Työntekijä");
        run_free(&r);
}

static void test_delimiter_guess(void **state)
{
        (void)state;
        /* ',' export whose quoted headers and cells are full of ';'. */
        struct run r;
        run_text(&r, "kysely", "comma.csv",
                 "\"Tunnus\",\"Kunta\",\"Toimiala\",\"Asema\",\"Voin vaikuttaa\",\"Tunnen "
                 "kanavat (esim. kyselyt; palaute, chat)\",\"Etätyö mahdollista?\",\"Etäpäivät\","
                 "\"Välineet\",\"Palaute\",\"Aika\"\n"
                 "\"ZZID-1\",\"Kaustinen\",\"1\",\"a;b\",\"5\",\"4\",\"1\",\"1\",\"1;2;3\","
                 "\"ZZFREE; x; y; z\",\"8.00\"\n"
                 "\"ZZID-2\",\"Lestijärvi\",\"2\",\"a;b\",\"4\",\"3\",\"2\",\"0,5\",\"3;1\",\"\","
                 "\"8.01\"\n");
        expect_ok(&r);
        assert_int_equal(r.sum.delim, ',');
        expect_counts(&r, 2, 2, 0, 0);
        expect_kinds(&r, KINDS(0));
        expect_dq(&r, NULL);
        expect_multi(&r.rows[0], M1, ANS_VALID, TEAMS | OUTLOOK | ZOOM);
        expect_answer(&r.rows[1], N1, ANS_VALID, 0.5);
        assert_string_equal(ingest_cat_label(r.ig, POSITION, 0), "a;b");
        run_free(&r);
        /* ';' export with a decimal comma in every row: still ';'. */
        run_text(&r, "kysely", "semi.csv",
                 HDR_SEMI "ZZID-1;Kaustinen;;;;;;2,5;;;\n"
                          "ZZID-2;Kaustinen;;;;;;1,5;;;\n"
                          "ZZID-3;Kaustinen;;;;;;0,5;;;\n");
        expect_ok(&r);
        assert_int_equal(r.sum.delim, ';');
        expect_counts(&r, 3, 3, 0, 0);
        expect_kinds(&r, KINDS(0));
        expect_dq(&r, NULL);
        expect_answer(&r.rows[2], N1, ANS_VALID, 0.5);
        run_free(&r);
}

static void test_codebook_column_missing(void **state)
{
        (void)state;
        struct run r;
        run_text(&r, "kysely", "lacks.csv",
                 "Kunta;Toimiala;Asema;Voin vaikuttaa;\"Tunnen kanavat (esim. kyselyt; palaute, "
                 "chat)\";Etätyö mahdollista?;Välineet;Palaute;Aika\n"
                 "ZZID-1;Kaustinen;;;5;;;;;\n");
        expect_fail(&r, DM_EX_DATAERR,
                    ":1: the export lacks 2 columns that the codebook " FIX_CODEBOOK
                    " names: \"Etäpäivät\" (codebook line 25), \"Tunnus\" (codebook line 19)");
        expect_counts(&r, 0, 0, 0, 0);
        expect_kinds(&r, KINDS(0));
        expect_dq(&r, NULL);
        run_free(&r);
        /* Up to ten are named; the header's own line is named. */
        run_text(&r, "kysely", "lacks.csv", "\n\nKunta\nKaustinen\n");
        expect_fail(&r, DM_EX_DATAERR,
                    ":3: the export lacks 10 columns that the codebook " FIX_CODEBOOK
                    " names: \"Voin vaikuttaa:\" (codebook line 22), \"Tunnen kanavat (esim. "
                    "kyselyt; palaute, chat)\" (codebook line 23), \"Etätyö mahdollista?\" "
                    "(codebook line 24), \"Etäpäivät\" (codebook line 25), \"Välineet\" (codebook "
                    "line 26), \"Tunnus\" (codebook line 19), \"Toimiala\" (codebook line 20), "
                    "\"Asema\" (codebook line 21), \"Palaute\" (codebook line 27), \"Aika\" "
                    "(codebook line 28)");
        run_free(&r);
        /* A header edited by one letter is named as the nearest one. */
        run_text(&r, "kysely", "lacks.csv",
                 "Tunnus;Kunta;Toimiala;Asema;Voin vaikutaa;\"Tunnen kanavat (esim. kyselyt; "
                 "palaute, chat)\";Etätyö mahdolista?;Etäpäivät;Välineet;Palaute;Aika\n"
                 "ZZID-1;Kaustinen;;;5;;;;;;\n");
        expect_fail(&r, DM_EX_DATAERR,
                    ":1: the export lacks 2 columns that the codebook " FIX_CODEBOOK
                    " names: \"Voin vaikuttaa:\" (codebook line 22; nearest header: column 5 "
                    "\"Voin vaikutaa\"), \"Etätyö mahdollista?\" (codebook line 24; nearest "
                    "header: column 7 \"Etätyö mahdolista?\")");
        run_free(&r);
        /* A header that matches two export columns cannot be bound. */
        run_text(&r, "kysely", "twice.csv",
                 "Tunnus;Kunta;Toimiala;Asema;Voin vaikuttaa;\"Tunnen kanavat (esim. kyselyt; "
                 "palaute, chat)\";Etätyö mahdollista?;Etäpäivät;Välineet;Palaute;Aika;VOIN "
                 "VAIKUTTAA:\n");
        expect_fail(&r, DM_EX_DATAERR,
                    ":1: column \"Voin vaikuttaa:\" (codebook " FIX_CODEBOOK
                    ":22) matches more than one column of the export; name it by position (#N) "
                    "instead");
        run_free(&r);
        /* Two codebook rows that land on one export column. */
        run_text(&r, "twice", "twice.csv", "\nKunta,KYSYMYS\nKaustinen,5\n");
        expect_fail(&r, DM_EX_DATAERR,
                    ":2: column 2 \"KYSYMYS\" is named twice in the codebook (again on line 7)");
        expect_counts(&r, 0, 0, 0, 0);
        run_free(&r);
}

static void test_unterminated_quote(void **state)
{
        (void)state;
        struct run r;
        run_text(&r, "kysely", "quote.csv",
                 HDR_SEMI "ZZID-1;Kaustinen;;;5;;;;;;\n"
                          "ZZID-2;Kaustinen;;;4;;;;;\"ZZFREE avoin lainaus\n"
                          "jatkuu; ei lopu\n");
        expect_ok(&r);
        expect_counts(&r, 2, 1, 1, 0);
        expect_kinds(&r, KINDS([DQ_BROKEN_ROW] = 1));
        expect_dq(&r,
                  "3,10,Palaute,broken row,row rejected,\"unterminated quoted field starting on "
                  "line 3, column 26 (field 10): the file ends inside its quotes (the record runs "
                  "over lines 3-4; a quote may be unbalanced)\"",
                  NULL);
        run_free(&r);
}

/* The callback can stop the run; its error is kept. */
static int stop_at_second(void *ctx, const struct response *resp)
{
        struct err *e = ctx;
        if (resp->line == 3)
                return err_set(e, DM_EX_SOFTWARE, "stopped at line %ld", resp->line);
        return 0;
}

static void test_callback_stops(void **state)
{
        (void)state;
        struct run r;
        memset(&r, 0, sizeof r);
        run_text(&r, "kysely", "stop.csv",
                 HDR_SEMI "ZZID-1;Kaustinen;;;5;;;;;;\n"
                          "ZZID-2;Kaustinen;;;4;;;;;;\n"
                          "ZZID-3;Kaustinen;;;3;;;;;;\n");
        expect_ok(&r);
        free(r.dq);
        r.dq = NULL;
        FILE *dq = open_memstream(&r.dq, &r.dqlen);
        struct err e = {0};
        assert_int_equal(ingest_run(r.ig, stop_at_second, &e, dq, &e), -1);
        fclose(dq);
        assert_int_equal(e.code, DM_EX_SOFTWARE);
        assert_string_equal(e.msg, "stopped at line 3");
        const struct ingest_summary *s = ingest_summary(r.ig);
        assert_int_equal(s->rows_read, 2);
        assert_int_equal(s->accepted, 2);
        run_free(&r);
}

/* The bundled sample, as input/README.md documents it. */

static const struct got *row_at(const struct run *r, long line)
{
        for (size_t i = 0; i < r->nrows; i++)
                if (r->rows[i].line == line)
                        return &r->rows[i];
        fail_msg("no accepted row at line %ld", line);
        return NULL;
}

/* Ingests wave id of the sample; checks that the export is not modified. */
static void run_sample(struct run *r, const char *id)
{
        memset(r, 0, sizeof *r);
        r->cfg = load_config(SAMPLE);
        int w = config_find_wave(r->cfg, id);
        assert_true(w >= 0);
        FILE *fp = fopen(r->cfg->waves[w].file, "rb");
        assert_non_null(fp);
        char *before = NULL;
        size_t nb = 0;
        FILE *mem = open_memstream(&before, &nb);
        int c;
        while ((c = getc(fp)) != EOF)
                putc(c, mem);
        fclose(mem);
        fclose(fp);
        ingest_wave(r, (size_t)w);
        fp = fopen(r->cfg->waves[w].file, "rb");
        for (size_t i = 0; i < nb; i++)
                assert_int_equal(getc(fp), (unsigned char)before[i]);
        assert_int_equal(getc(fp), EOF);
        fclose(fp);
        free(before);
}

static void expect_per_muni(const struct run *r, const long want[6])
{
        long n[6] = {0};
        for (size_t i = 0; i < r->nrows; i++)
                n[r->rows[i].muni]++;
        for (int m = 0; m < 6; m++)
                if (n[m] != want[m])
                        fail_msg("%s: %ld accepted rows, expected %ld", r->cfg->munis[m].name, n[m],
                                 want[m]);
}

static void test_sample_digi_2022(void **state)
{
        (void)state;
        struct run r;
        run_sample(&r, "digi-2022");
        expect_ok(&r);
        assert_string_equal(r.sum.encoding, "Windows-1252");
        assert_int_equal(r.sum.delim, ';');
        expect_counts(&r, 341, 339, 2, 0);
        expect_kinds(&r, KINDS([DQ_EMPTY_MUNI] = 1, [DQ_RAGGED_ROW] = 1));
        assert_int_equal(r.sum.unmapped_columns, 0);
        assert_string_equal(r.dq,
                            DQ_HEADER "input/digi-2022.csv,120,3,Kunta,no municipality,row "
                                      "rejected,the municipality is empty\n"
                                      "input/digi-2022.csv,203,,,wrong number of fields,row "
                                      "rejected,\"the row has 9 fields, the header has 40\"\n");
        expect_per_muni(&r, (const long[6]){31, 90, 19, 69, 73, 57});
        assert_int_equal(row_at(&r, 25)->muni, 1); /* "Kaustisen kunta" */
        run_free(&r);
}

static void test_sample_digi_2024(void **state)
{
        (void)state;
        struct run r;
        run_sample(&r, "digi-2024");
        expect_ok(&r);
        assert_string_equal(r.sum.encoding, "UTF-8 with BOM");
        assert_int_equal(r.sum.delim, ';');
        expect_counts(&r, 385, 383, 2, 1);
        expect_kinds(&r, KINDS([DQ_UNKNOWN_MUNI] = 1, [DQ_DUPLICATE_ID] = 1, [DQ_BAD_ANSWER] = 1));
        assert_string_equal(
            r.dq, DQ_HEADER
            "input/digi-2024.csv,145,2,Kunta,unknown municipality,row rejected,\"\"\"Kokkola\"\" "
            "is not a configured municipality or alias\"\n"
            "input/digi-2024.csv,238,1,Vastaajan tunniste,duplicate respondent,row rejected,the "
            "respondent id appears on an earlier accepted row\n"
            "input/digi-2024.csv,312,11,Seudun yhteinen asiointialusta sujuvoittaa työtäni,answer "
            "not in scale,answer set to missing,\"item D2_3: \"\"Ehkä\"\" is not an answer of "
            "scale agree5\"\n");
        expect_per_muni(&r, (const long[6]){35, 98, 22, 76, 84, 68});
        assert_int_equal(row_at(&r, 14)->muni, 1); /* " KAUSTINEN" */
        assert_int_equal(row_at(&r, 59)->muni, 2); /* "Lestijärvi" + no-break space */
        int d23 = codebook_find_item(r.cfg->instruments[0].codebook, "D2_3");
        assert_int_equal(row_at(&r, 312)->state[d23], ANS_MISSING);
        assert_int_equal(row_at(&r, 203)->muni >= 0, 1);
        run_free(&r);
}

static void test_sample_etatyo_2023(void **state)
{
        (void)state;
        struct run r;
        run_sample(&r, "etatyo-2023");
        expect_ok(&r);
        assert_string_equal(r.sum.encoding, "UTF-8");
        assert_int_equal(r.sum.delim, ',');
        expect_counts(&r, 441, 441, 0, 3);
        expect_kinds(&r, KINDS([DQ_OUT_OF_RANGE] = 2, [DQ_UNKNOWN_OPTION] = 1));
        assert_string_equal(r.dq, DQ_HEADER
                            "input/etatyo-2023.csv,104,12,Osaan käyttää etätyövälineitä "
                            "sujuvasti,out of range,answer set to missing,\"item E1_2: \"\"7\"\" "
                            "is not a code of scale agree5 (1-5)\"\n"
                            "input/etatyo-2023.csv,182,10,Kuinka monena päivänä viikossa teet "
                            "keskimäärin etätöitä?,out of range,answer set to missing,item "
                            "E_days: 8 is outside 0..5\n"
                            "input/etatyo-2023.csv,281,19,Mitä etätyövälineitä käytät "
                            "säännöllisesti?,unknown option,option ignored,\"item E_tools: "
                            "\"\"Slack\"\" is not an option of scale valineet\"\n");
        expect_per_muni(&r, (const long[6]){39, 122, 23, 87, 86, 84});
        const struct codebook *cb = r.cfg->instruments[1].codebook;
        assert_int_equal(row_at(&r, 34)->muni, 3); /* "toholampi" */
        assert_int_equal(row_at(&r, 104)->state[codebook_find_item(cb, "E1_2")], ANS_MISSING);
        assert_int_equal(row_at(&r, 182)->state[codebook_find_item(cb, "E_days")], ANS_MISSING);
        const struct got *g = row_at(&r, 281);
        int tools = codebook_find_item(cb, "E_tools");
        expect_multi(g, tools, ANS_VALID, 1); /* Teams still counts */
        run_free(&r);
}

/* Issue 13: matching like a person, and a loud summary. */

static void test_nfd_export(void **state)
{
        (void)state;
        /* macOS writes NFD: a + U+0308 for ä. Headers, labels and names still match. */
        struct run r;
        run_text(
            &r, "kysely", "nfd.csv",
            "Tunnus;Kunta;Toimiala;Asema;VOIN VAIKUTTAA;\"Tunnen kanavat (esim. kyselyt; "
            "palaute, chat)\";Eta\xcc\x88tyo\xcc\x88 "
            "mahdollista?;Eta\xcc\x88pa\xcc\x88iva\xcc\x88t;"
            "Va\xcc\x88lineet;Palaute;Aika\n"
            "ZZID-1;Lestija\xcc\x88rvi;;;Ta\xcc\x88ysin samaa mielta\xcc\x88;;Kylla\xcc\x88;1;;;\n"
            "ZZID-2;LESTIJA\xcc\x88RVI;;;jokseenkin eri MIELTA\xcc\x88;;;;;;\n");
        expect_ok(&r);
        expect_counts(&r, 2, 2, 0, 0);
        expect_dq(&r, NULL);
        assert_int_equal(r.rows[0].muni, 1);
        assert_int_equal(r.rows[1].muni, 1);
        expect_answer(&r.rows[0], Q1, ANS_VALID, 5);
        expect_answer(&r.rows[0], C1, ANS_VALID, 1);
        expect_answer(&r.rows[0], N1, ANS_VALID, 1);
        expect_answer(&r.rows[1], Q1, ANS_VALID, 2);
        run_free(&r);
}

static void test_thousands_separator(void **state)
{
        (void)state;
        /* "1 000" is a number now (out of the 0..5 range), not "not a number". */
        struct run r;
        run_text(&r, "kysely", "thousands.csv",
                 HDR_SEMI "ZZID-1;Kaustinen;;;;;;1 000;;;\n"
                          "ZZID-2;Kaustinen;;;;;;0\xc2\xa0"
                          "004,5;;;\n"
                          "ZZID-3;Kaustinen;;;;;;12 04;;;\n");
        expect_ok(&r);
        expect_counts(&r, 3, 3, 0, 2);
        expect_kinds(&r, KINDS([DQ_OUT_OF_RANGE] = 1, [DQ_BAD_ANSWER] = 1));
        expect_dq(&r,
                  "2,8,Etäpäivät,out of range,answer set to missing,item N1: 1 000 is outside "
                  "0..5",
                  "4,8,Etäpäivät,answer not in scale,answer set to missing,\"item N1: \"\"12 "
                  "04\"\" is not a number\"",
                  NULL);
        expect_answer(&r.rows[1], N1, ANS_VALID, 4.5);
        run_free(&r);
}

static void test_multi_label_with_separator(void **state)
{
        (void)state;
        /* Google Forms joins with ", " and keeps "Muu, mikä?" as it is. */
        struct run r;
        run_text(&r, "kysely", "forms.csv",
                 HDR_SEMI "ZZID-1;Kaustinen;;;;;;;\"Teams, Muu, mikä?\";;\n"
                          "ZZID-2;Kaustinen;;;;;;;\"Muu, mikä?\";;\n"
                          "ZZID-3;Kaustinen;;;;;;;\"MUU,  MIKÄ?, Zoom\";;\n"
                          "ZZID-4;Kaustinen;;;;;;;\"Outlook, Muu, Zoom\";;\n"
                          "ZZID-5;Kaustinen;;;;;;;\"Muu, mikä?; Teams\";;\n");
        expect_ok(&r);
        expect_counts(&r, 5, 5, 0, 1);
        expect_kinds(&r, KINDS([DQ_UNKNOWN_OPTION] = 1));
        expect_dq(&r,
                  "5,9,Välineet,unknown option,option ignored,\"item M1: \"\"Muu\"\" is not an "
                  "option of scale tools\"",
                  NULL);
        expect_multi(&r.rows[0], M1, ANS_VALID, TEAMS | MUU);
        expect_multi(&r.rows[1], M1, ANS_VALID, MUU);
        expect_multi(&r.rows[2], M1, ANS_VALID, MUU | ZOOM);
        expect_multi(&r.rows[3], M1, ANS_VALID, OUTLOOK | ZOOM);
        expect_multi(&r.rows[4], M1, ANS_VALID, MUU | TEAMS);
        run_free(&r);
}

static void test_municipality_codes(void **state)
{
        (void)state;
        /* code = 236 and code = 421 in survey.ini; leading zeros do not count. */
        struct run r;
        run_text(&r, "kysely", "codes.csv",
                 HDR_SEMI "ZZID-1;236;;;;;;;;;\n"
                          "ZZID-2;0421;;;;;;;;;\n"
                          "ZZID-3;999;;;;;;;;;\n"
                          "ZZID-4;999;;;;;;;;;\n"
                          "ZZID-5;Kaustinen;;;;;;;;;\n");
        expect_ok(&r);
        expect_counts(&r, 5, 3, 2, 0);
        expect_kinds(&r, KINDS([DQ_UNKNOWN_MUNI] = 2));
        expect_dq(&r,
                  "4,2,Kunta,unknown municipality,row rejected,\"\"\"999\"\" is a number that "
                  "no municipality's code = names; map the export's codes with code = N in each "
                  "[municipality] section\"",
                  "5,2,Kunta,unknown municipality,row rejected,\"\"\"999\"\" is a number that "
                  "no municipality's code = names; map the export's codes with code = N in each "
                  "[municipality] section\"",
                  NULL);
        assert_int_equal(r.rows[0].muni, 0);
        assert_int_equal(r.rows[1].muni, 1);
        assert_int_equal(r.rows[2].muni, 0);
        assert_int_equal(r.sum.nnotes, 1);
        assert_int_equal(r.sum.notes[0].kind, NOTE_MUNI_CODE);
        assert_string_equal(r.sum.notes[0].text, "999");
        assert_int_equal(r.sum.notes[0].count, 2);
        assert_int_equal(r.sum.notes[0].line, 4);
        run_free(&r);
}

static void expect_note(const struct dq_note *n, enum dq_note_kind kind, const char *where,
                        const char *text, long count, long line, const char *hint)
{
        assert_int_equal(n->kind, kind);
        assert_string_equal(n->where, where);
        assert_string_equal(n->text, text);
        assert_int_equal(n->count, count);
        assert_int_equal(n->line, line);
        assert_string_equal(n->hint, hint);
}

static void test_summary_notes(void **state)
{
        (void)state;
        /* Every distinct unmatched value, with its count and a close label or name. */
        struct run r;
        run_text(&r, "kysely", "notes.csv",
                 HDR_SEMI "ZZID-1;Kaustinen;;;Jokseenkin samaa mielta;;;;;;\n"
                          "ZZID-2;Kaustinen;;;Jokseenkin samaa mielta;;;;;;\n"
                          "ZZID-3;Kaustine;;;4;;;;;;\n"
                          "ZZID-4;Kaustinen;;;jokseenkin SAMAA mielta;;;;Temas;;\n"
                          "ZZID-5;Kokkola;;;;;;;;;\n"
                          "ZZID-6;Kaustinen;Halinto;;7;;Kyllä;;;;\n"
                          "ZZID-7;Kaustinen;;;;;;;Slack;;\n");
        expect_ok(&r);
        expect_counts(&r, 7, 5, 2, 7);
        assert_int_equal(r.sum.nnotes, 8);
        assert_int_equal(r.sum.alerts, 0);
        const struct dq_note *n = r.sum.notes;
        /* Most frequent first; equal counts in the order first seen. */
        expect_note(&n[0], NOTE_ANSWER, "Q1", "Jokseenkin samaa mielta", 2, 2,
                    "Jokseenkin samaa mieltä");
        expect_note(&n[1], NOTE_MUNI, "", "Kaustine", 1, 4, "Kaustinen");
        expect_note(&n[2], NOTE_ANSWER, "Q1", "jokseenkin SAMAA mielta", 1, 5,
                    "Jokseenkin samaa mieltä");
        expect_note(&n[3], NOTE_OPTION, "M1", "Temas", 1, 5, "Teams");
        expect_note(&n[4], NOTE_MUNI, "", "Kokkola", 1, 6, "");
        expect_note(&n[5], NOTE_CATEGORY, "sector", "Halinto", 1, 7, "Hallinto");
        expect_note(&n[6], NOTE_RANGE, "Q1", "7", 1, 7, "");
        expect_note(&n[7], NOTE_OPTION, "M1", "Slack", 1, 8, "");
        /* The lines the run summary prints for them (pipeline_print_notes). */
        char *text = NULL;
        size_t len = 0;
        FILE *fp = open_memstream(&text, &len);
        assert_non_null(fp);
        struct dq_note rate = {.kind = NOTE_RATE, .count = 475, .extra = 100, .where = "Perho"};
        struct dq_note gone = {.kind = NOTE_GONE, .extra = 14, .where = "Halsua", .text = "w-2022"};
        ingest_summary_add_alert(&r.sum, &rate);
        ingest_summary_add_alert(&r.sum, &gone);
        r.sum.notes_left_off += 3;
        pipeline_print_notes(&r.sum, fp);
        assert_int_equal(fclose(fp), 0);
        assert_string_equal(
            text,
            "    warning: Perho: 475 respondents but staff = 100, a response rate over 100 %; "
            "check staff in the configuration\n"
            "    warning: Halsua: no respondents now, 14 in w-2022; is its data missing from the "
            "export?\n"
            "    item Q1: \"Jokseenkin samaa mielta\" is not an answer of its scale (answers set "
            "to missing: 2, first on line 2); did you mean \"Jokseenkin samaa mieltä\"?\n"
            "    municipality \"Kaustine\" is not configured (rows rejected: 1, first on line 4); "
            "nearest configured name: Kaustinen\n"
            "    item Q1: \"jokseenkin SAMAA mielta\" is not an answer of its scale (answers set "
            "to missing: 1, first on line 5); did you mean \"Jokseenkin samaa mieltä\"?\n"
            "    item M1: option \"Temas\" is not in its scale (times ignored: 1, first on line "
            "5); did you mean \"Teams\"?\n"
            "    municipality \"Kokkola\" is not configured (rows rejected: 1, first on line 6); "
            "add it, or list it as an alias, in the configuration\n"
            "    breakdown sector: \"Halinto\" is not in its scale (answers set to missing: 1, "
            "first on line 7); did you mean \"Hallinto\"?\n"
            "    item Q1: \"7\" is outside its scale (answers set to missing: 1, first on line "
            "7)\n"
            "    item M1: option \"Slack\" is not in its scale (times ignored: 1, first on line "
            "8)\n"
            "    ... and 3 more distinct values\n");
        assert_int_equal(r.sum.alerts, 2);
        free(text);
        run_free(&r);
}

static void low_staff(struct config *cfg)
{
        cfg->munis[1].staff = 2; /* Lestijärvi */
}

static void test_response_rate_over_100(void **state)
{
        (void)state;
        tweak = low_staff;
        struct run r;
        run_text(&r, "kysely", "rate.csv",
                 HDR_SEMI "ZZID-1;Lestijärvi;;;;;;;;;\n"
                          "ZZID-2;Lestijärvi;;;;;;;;;\n"
                          "ZZID-3;Lestijärvi;;;;;;;;;\n"
                          "ZZID-4;Kaustinen;;;;;;;;;\n");
        tweak = NULL;
        expect_ok(&r);
        assert_int_equal(r.sum.alerts, 1);
        assert_int_equal(r.sum.nnotes, 1);
        assert_int_equal(r.sum.notes[0].kind, NOTE_RATE);
        assert_string_equal(r.sum.notes[0].where, "Lestijärvi");
        assert_int_equal(r.sum.notes[0].count, 3);
        assert_int_equal(r.sum.notes[0].extra, 2);
        assert_int_equal(ingest_muni_count(r.ig, 0), 1);
        assert_int_equal(ingest_muni_count(r.ig, 1), 3);
        run_free(&r);
}

static void default_ceiling(struct config *cfg)
{
        cfg->max_rejected_pct = 10; /* the documented default */
}

static void default_unknown(struct config *cfg)
{
        cfg->max_unknown_pct = 1; /* the documented default */
}

/*
 * A label typo (the codebook's or the export's) sets every such answer to
 * missing; when one unknown text is in more than max_unknown_pct % of the
 * rows, and twice or more, the wave fails instead of moving the figures.
 */
static void test_unknown_ceiling(void **state)
{
        (void)state;
        tweak = default_unknown;
        struct strbuf sb;
        strbuf_init(&sb);
        strbuf_adds(&sb, HDR_SEMI);
        for (int i = 0; i < 150; i++)
                strbuf_addf(&sb, "ZZID-%d;Kaustinen;;;Täysin samaa mieltä;;;;;;\n", i);
        /* One stray answer in 151 rows: a warning, the wave is read. */
        strbuf_adds(&sb, "ZZID-a;Kaustinen;;;Jokseenkin samaa mielta;;;;;;\n");
        struct run r;
        run_text(&r, "kysely", "unknown.csv", strbuf_str(&sb));
        expect_ok(&r);
        expect_counts(&r, 151, 151, 0, 1);
        run_free(&r);
        /* The same text twice in 152 rows is 1.3 %: the wave fails, with the hint. */
        strbuf_adds(&sb, "ZZID-b;Kaustinen;;;Jokseenkin samaa mielta;;;;;;\n");
        run_text(&r, "kysely", "unknown.csv", strbuf_str(&sb));
        expect_fail(&r, DM_EX_DATAERR,
                    ":152: item Q1: the answer \"Jokseenkin samaa mielta\" is not in the codebook "
                    "but is in 2 rows (1.3 % of those accepted, more than max_unknown_pct = 1 %); "
                    "did you mean \"Jokseenkin samaa mieltä\"? Correct the label in the codebook or "
                    "the export; no output of this wave is written or replaced");
        run_free(&r);
        /* Two different stray texts, once each, stay warnings. */
        strbuf_clear(&sb);
        strbuf_init(&sb);
        strbuf_adds(&sb, HDR_SEMI);
        for (int i = 0; i < 20; i++)
                strbuf_addf(&sb, "ZZID-%d;Kaustinen;;;4;;;;;;\n", i);
        strbuf_adds(&sb, "ZZID-a;Kaustinen;;;Ehkä;;;;;;\nZZID-b;Kaustinen;;;Joo;;;;;;\n");
        run_text(&r, "kysely", "unknown.csv", strbuf_str(&sb));
        expect_ok(&r);
        run_free(&r);
        strbuf_clear(&sb);
        tweak = NULL;
}

static void test_rejected_ceiling(void **state)
{
        (void)state;
        tweak = default_ceiling;
        struct strbuf ok;
        strbuf_init(&ok);
        strbuf_adds(&ok, HDR_SEMI);
        for (int i = 0; i < 9; i++)
                strbuf_addf(&ok, "ZZID-%d;Kaustinen;;;;;;;;;\n", i);
        /* 1 of 10 rejected is 10 %: not more than the ceiling. */
        struct strbuf one;
        strbuf_init(&one);
        strbuf_adds(&one, strbuf_str(&ok));
        strbuf_adds(&one, "ZZID-x;Kokkola;;;;;;;;;\n");
        struct run r;
        run_text(&r, "kysely", "ceiling.csv", strbuf_str(&one));
        expect_ok(&r);
        expect_counts(&r, 10, 9, 1, 0);
        run_free(&r);
        /* 2 of 11 is over it: the wave fails, naming the reasons. */
        strbuf_adds(&one, "ZZID-y;;;;;;;;;;\n");
        run_text(&r, "kysely", "ceiling.csv", strbuf_str(&one));
        expect_fail(&r, DM_EX_DATAERR,
                    ": 2 of 11 data rows rejected (18.2 %), more than max_rejected_pct = 10 % in "
                    "[region] (no municipality 1, unknown municipality 1); no output of this wave "
                    "is written or replaced");
        expect_counts(&r, 11, 9, 2, 0);
        assert_true(ingest_counted(r.ig));
        assert_int_equal(r.sum.nnotes, 1);
        assert_string_equal(r.sum.notes[0].text, "Kokkola");
        run_free(&r);
        /* Every row rejected. */
        run_text(&r, "kysely", "ceiling.csv",
                 HDR_SEMI "ZZID-1;Kokkola;;;;;;;;;\nZZID-2;Kokkola;;;;;;;;;\nZZID-3;\n");
        expect_fail(&r, DM_EX_DATAERR,
                    ": none of the 3 data rows was accepted (unknown municipality 2, wrong "
                    "number of fields 1); no output of this wave is written or replaced");
        expect_counts(&r, 3, 0, 3, 0);
        run_free(&r);
        tweak = NULL;
        strbuf_clear(&ok);
        strbuf_clear(&one);
}

static void test_cut_short(void **state)
{
        (void)state;
        /* A download cut short: the last record is short and has no line end. */
        struct run r;
        run_text(&r, "kysely", "cut.csv",
                 HDR_SEMI "ZZID-1;Kaustinen;;;5;;;;;;\nZZID-2;Kaustinen;;;4;;;;;;\nZZID-3;Kaus");
        expect_fail(&r, DM_EX_DATAERR,
                    ":4: the export ends in the middle of its last record, without a line end: "
                    "the file looks cut short (an unfinished download or copy?); no output of this "
                    "wave is written or replaced");
        expect_counts(&r, 3, 2, 1, 0);
        run_free(&r);
        /* Inside a quoted field. */
        run_text(&r, "kysely", "cut.csv",
                 HDR_SEMI "ZZID-1;Kaustinen;;;5;;;;;;\nZZID-2;Kaustinen;;;4;;;;;\"ZZFREE alku");
        assert_int_equal(r.rc, -1);
        assert_non_null(strstr(r.e.msg, ":3: the export ends in the middle of its last record"));
        run_free(&r);
        /* The same short row with its line end is a ragged row, not a cut file. */
        run_text(&r, "kysely", "cut.csv",
                 HDR_SEMI "ZZID-1;Kaustinen;;;5;;;;;;\nZZID-2;Kaustinen;;;4;;;;;;\nZZID-3;Kaus\n");
        expect_ok(&r);
        expect_counts(&r, 3, 2, 1, 0);
        run_free(&r);
        /* A complete last record without a line end is fine. */
        run_text(&r, "kysely", "cut.csv", HDR_SEMI "ZZID-1;Kaustinen;;;5;;;;;;");
        expect_ok(&r);
        expect_counts(&r, 1, 1, 0, 0);
        run_free(&r);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_labels_and_codes),
            cmocka_unit_test(test_dontknow_apart_from_missing),
            cmocka_unit_test(test_out_of_range_and_unknown_labels),
            cmocka_unit_test(test_unknown_options),
            cmocka_unit_test(test_unknown_category),
            cmocka_unit_test(test_header_tolerance),
            cmocka_unit_test(test_quoted_newlines),
            cmocka_unit_test(test_limesurvey_option_columns),
            cmocka_unit_test(test_municipality_aliases),
            cmocka_unit_test(test_duplicate_respondents),
            cmocka_unit_test(test_ragged_rows),
            cmocka_unit_test(test_repeated_header),
            cmocka_unit_test(test_unmapped_columns),
            cmocka_unit_test(test_missing_export),
            cmocka_unit_test(test_empty_export),
            cmocka_unit_test(test_header_only),
            cmocka_unit_test(test_binary_garbage),
            cmocka_unit_test(test_nul_bytes),
            cmocka_unit_test(test_ten_megabyte_field),
            cmocka_unit_test(test_field_over_limit),
            cmocka_unit_test(test_invalid_utf8),
            cmocka_unit_test(test_windows_1252),
            cmocka_unit_test(test_delimiter_guess),
            cmocka_unit_test(test_codebook_column_missing),
            cmocka_unit_test(test_unterminated_quote),
            cmocka_unit_test(test_callback_stops),
            cmocka_unit_test(test_sample_digi_2022),
            cmocka_unit_test(test_sample_digi_2024),
            cmocka_unit_test(test_sample_etatyo_2023),
            cmocka_unit_test(test_nfd_export),
            cmocka_unit_test(test_thousands_separator),
            cmocka_unit_test(test_multi_label_with_separator),
            cmocka_unit_test(test_municipality_codes),
            cmocka_unit_test(test_summary_notes),
            cmocka_unit_test(test_response_rate_over_100),
            cmocka_unit_test(test_rejected_ceiling),
            cmocka_unit_test(test_unknown_ceiling),
            cmocka_unit_test(test_cut_short),
        };
        return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

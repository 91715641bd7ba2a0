/*
 * test_stats.c - checks the statistics stage (src/stats.c) end to end against
 * an independent oracle.
 *
 * The fixture in tests/cases/oracle/ (a configuration, a codebook and two
 * exports, written by scripts/oracle/make-results-fixture.R) goes through the
 * pipeline as in production: config_load, pipeline_ingest with compute. R
 * computed every figure of the results table from the same raw exports, with
 * its own routines and without any of our code (scripts/oracle/results.R,
 * output tests/cases/oracle/expected.csv). Here:
 *
 *   - every expected row must be in the table: numbers to 1e-9 relative (plus
 *     1e-12 absolute near zero; p-values relative only), words (lights)
 *     exactly, notes (suppressed, not_applicable)
 *     exactly and without a value, and n where the oracle gives one;
 *   - every row of the table must be expected: nothing extra is published;
 *   - no figure exists for a cell the oracle says is suppressed, only the note
 *     (and the "suppressed" light).
 *
 * Then unit tests of the light and maturity rules at and around each
 * threshold, and a streaming check: the same export with its rows in reverse
 * order gives the same figures.
 *
 * Run from the repository root: ./build/san/test_stats
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "codebook.h"
#include "config.h"
#include "pipeline.h"
#include "results.h"
#include "stats.h"
#include "util.h"

#define ORACLE_INI     "tests/cases/oracle/oracle.ini"
#define ORACLE_EXPECT  "tests/cases/oracle/expected.csv"
#define OPTIONS_INI    "tests/cases/oracle/options.ini"
#define OPTIONS_EXPECT "tests/cases/oracle/expected-options.csv"
#define OUT_DIR        "build/test-stats"
#define REL_TOL        1e-9
#define ABS_TOL        1e-12

/* ---------------------------------------------------------------------------
 * Running the pipeline on a configuration, output redirected under build/.
 */

struct run {
        struct config *cfg;
        struct pipeline_result pr;
};

static void run_pipeline(struct run *r, const char *ini, const char *outdir)
{
        struct err e = {0};
        r->cfg = config_load(ini, &e);
        if (!r->cfg)
                fail_msg("%s", e.msg);
        if (config_load_codebooks(r->cfg, &e))
                fail_msg("%s", e.msg);
        free(r->cfg->output);
        r->cfg->output = xstrdup(outdir);
        struct outset os;
        outset_init(&os);
        if (pipeline_ingest(r->cfg, 1, &os, &r->pr, &e) || outset_commit(&os, &e))
                fail_msg("%s", e.msg);
        outset_clear(&os);
        assert_non_null(r->pr.res);
}

static void run_clear(struct run *r)
{
        pipeline_result_clear(&r->pr);
        config_free(r->cfg);
}

/* ---------------------------------------------------------------------------
 * The oracle's table: wave,group,breakdown,subject,statistic,category,value,n,
 * note; no field is quoted (results.R refuses to write one that would need it).
 */

enum { F_WAVE, F_GROUP, F_BD, F_SUBJECT, F_STAT, F_CAT, F_VALUE, F_N, F_NOTE, NFIELDS };

struct expect {
        char *line; /* owned; fields point into it */
        const char *f[NFIELDS];
        int is_word; /* value is a word (a light) */
        double value;
};

struct expects {
        struct expect *v;
        size_t n;
};

static void expects_read(struct expects *x, const char *path)
{
        FILE *fp = fopen(path, "r");
        char buf[1024];
        if (!fp)
                fail_msg("%s: cannot open", path);
        memset(x, 0, sizeof *x);
        size_t cap = 0;
        int header = 1;
        while (fgets(buf, sizeof buf, fp)) {
                buf[strcspn(buf, "\r\n")] = '\0';
                if (header) {
                        assert_string_equal(
                            buf, "wave,group,breakdown,subject,statistic,category,value,n,note");
                        header = 0;
                        continue;
                }
                if (x->n == cap) {
                        cap = cap ? cap * 2 : 1024;
                        x->v = xrealloc(x->v, cap * sizeof *x->v);
                }
                struct expect *ex = &x->v[x->n++];
                memset(ex, 0, sizeof *ex);
                ex->line = xstrdup(buf);
                char *p = ex->line;
                for (int k = 0; k < NFIELDS; k++) {
                        ex->f[k] = p;
                        char *c = strchr(p, ',');
                        if (k < NFIELDS - 1) {
                                if (!c)
                                        fail_msg("%s: short line \"%s\"", path, buf);
                                *c = '\0';
                                p = c + 1;
                        } else if (c) {
                                fail_msg("%s: long line \"%s\"", path, buf);
                        }
                }
                if (*ex->f[F_VALUE]) {
                        char *end;
                        ex->value = strtod(ex->f[F_VALUE], &end);
                        ex->is_word = *end != '\0';
                }
        }
        fclose(fp);
        assert_true(x->n > 0);
}

static void expects_free(struct expects *x)
{
        for (size_t i = 0; i < x->n; i++)
                free(x->v[i].line);
        free(x->v);
}

/* A row's six keys joined with tabs, for sorting and lookup. */
static char *key6(const char *const k[6])
{
        struct strbuf sb;
        strbuf_init(&sb);
        strbuf_addf(&sb, "%s\t%s\t%s\t%s\t%s\t%s", k[0], k[1], k[2], k[3], k[4], k[5]);
        return sb.buf;
}

static int cmp_str(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_pvalue(const char *stat)
{
        size_t n = strlen(stat);
        return (n >= 2 && !strcmp(stat + n - 2, "_p")) ||
               (n >= 5 && !strcmp(stat + n - 5, "_holm")) ||
               (n >= 10 && !strcmp(stat + n - 10, "_holm_dims"));
}

/* ---------------------------------------------------------------------------
 * The oracle comparison.
 */

static int mismatches;

static void mismatch(const struct expect *ex, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void mismatch(const struct expect *ex, const char *fmt, ...)
{
        char msg[512];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        if (mismatches < 50)
                print_error("%s %s %s %s %s [%s]: %s\n", ex->f[F_WAVE], ex->f[F_GROUP], ex->f[F_BD],
                            ex->f[F_SUBJECT], ex->f[F_STAT], ex->f[F_CAT], msg);
        mismatches++;
}

/* Compares one expected row with the table; returns 1 for a compared figure. */
static int check_row(const struct results *res, const struct expect *ex)
{
        const struct result_row *row = results_find(res, ex->f[F_WAVE], ex->f[F_GROUP], ex->f[F_BD],
                                                    ex->f[F_SUBJECT], ex->f[F_STAT], ex->f[F_CAT]);
        if (!row) {
                mismatch(ex, "missing (expected \"%s\"%s%s)", ex->f[F_VALUE],
                         *ex->f[F_NOTE] ? " note " : "", ex->f[F_NOTE]);
                return 0;
        }
        if (*ex->f[F_NOTE]) {
                if (strcmp(row->note, ex->f[F_NOTE]) || row->has_value || row->text)
                        mismatch(ex, "expected only note %s, got note \"%s\" value %s",
                                 ex->f[F_NOTE], row->note,
                                 row->has_value || row->text ? "present" : "absent");
                if (row->n >= 0)
                        mismatch(ex, "a note row must not publish n (got %ld)", row->n);
                return 1;
        }
        if (*row->note)
                mismatch(ex, "unexpected note \"%s\"", row->note);
        if (ex->is_word) {
                if (!row->text || strcmp(row->text, ex->f[F_VALUE]))
                        mismatch(ex, "expected \"%s\", got \"%s\"", ex->f[F_VALUE],
                                 row->text ? row->text : "(number)");
        } else if (!row->has_value || row->text) {
                mismatch(ex, "expected %.17g, got no number", ex->value);
        } else {
                double tol =
                    REL_TOL * fabs(ex->value) + (is_pvalue(ex->f[F_STAT]) ? 1e-300 : ABS_TOL);
                if (!isfinite(row->value) || fabs(row->value - ex->value) > tol)
                        mismatch(ex, "expected %.17g, got %.17g (diff %.3g)", ex->value, row->value,
                                 row->value - ex->value);
        }
        if (*ex->f[F_N] && row->n != atol(ex->f[F_N]))
                mismatch(ex, "n: expected %s, got %ld", ex->f[F_N], row->n);
        return 1;
}

/* Statistics of an action area (published apart from the dimension's own). */
static int gap_stat(const char *s)
{
        static const char *const g[] = {"current_mean", "target_mean", "gap_mean",
                                        "gap_lo",       "gap_hi",      "gap_light"};
        for (size_t i = 0; i < sizeof g / sizeof g[0]; i++)
                if (!strcmp(s, g[i]))
                        return 1;
        return 0;
}

/*
 * For a suppressed cell of the oracle (its note on "respondents", "n" or
 * "gap_mean"), no row of the same wave, group, breakdown and subject may carry
 * a figure of the same family; the light may only say "suppressed". Returns
 * the number of rows looked at.
 */
static size_t check_hidden_cell(const struct results *res, const struct expect *ex)
{
        const char *stat = ex->f[F_STAT];
        int gap = !strcmp(stat, "gap_mean");
        if (strcmp(ex->f[F_NOTE], "suppressed"))
                return 0;
        if (strcmp(stat, "respondents") && strcmp(stat, "n") && !gap)
                return 0;
        size_t seen = 0;
        for (size_t i = 0; i < results_count(res); i++) {
                const struct result_row *r = results_row(res, i);
                if (strcmp(r->wave, ex->f[F_WAVE]) || strcmp(r->group, ex->f[F_GROUP]) ||
                    strcmp(r->breakdown, ex->f[F_BD]) || strcmp(r->subject, ex->f[F_SUBJECT]))
                        continue;
                if (gap_stat(r->statistic) != gap)
                        continue;
                seen++;
                int light = !strcmp(r->statistic, "light") || !strcmp(r->statistic, "gap_light");
                if (light && r->text && !strcmp(r->text, "suppressed") && r->n < 0)
                        continue;
                if (r->has_value || r->text || r->n >= 0)
                        mismatch(ex, "suppressed cell publishes %s", r->statistic);
        }
        return seen;
}

/* Runs ini and requires its table to be exactly the oracle's rows in expect. */
static void oracle_compare(const char *ini, const char *expect, const char *outdir)
{
        struct run r;
        struct expects x;
        run_pipeline(&r, ini, outdir);
        expects_read(&x, expect);
        const struct results *res = r.pr.res;
        mismatches = 0;
        size_t figures = 0, notes = 0, hidden_rows = 0;
        for (size_t i = 0; i < x.n; i++) {
                if (!check_row(res, &x.v[i]))
                        continue;
                if (*x.v[i].f[F_NOTE])
                        notes++;
                else
                        figures++;
                hidden_rows += check_hidden_cell(res, &x.v[i]);
        }
        /* Nothing published that the oracle does not expect. */
        char **keys = xcalloc(x.n, sizeof *keys);
        for (size_t i = 0; i < x.n; i++)
                keys[i] = key6(x.v[i].f);
        qsort(keys, x.n, sizeof *keys, cmp_str);
        for (size_t i = 1; i < x.n; i++)
                if (!strcmp(keys[i - 1], keys[i]))
                        fail_msg("expected.csv repeats %s", keys[i]);
        size_t extra = 0;
        for (size_t i = 0; i < results_count(res); i++) {
                const struct result_row *row = results_row(res, i);
                const char *k[6] = {row->wave,    row->group,     row->breakdown,
                                    row->subject, row->statistic, row->category};
                char *kk = key6(k);
                if (!bsearch(&kk, keys, x.n, sizeof *keys, cmp_str)) {
                        if (extra < 20)
                                print_error("unexpected row: %s = %.17g %s (n %ld, note %s)\n", kk,
                                            row->value, row->text ? row->text : "", row->n,
                                            row->note);
                        extra++;
                }
                free(kk);
        }
        for (size_t i = 0; i < x.n; i++)
                free(keys[i]);
        free(keys);
        print_message("%s: %zu figures and %zu notes compared, %zu rows of suppressed "
                      "cells checked, %zu unexpected rows, %d mismatches\n",
                      expect, figures, notes, hidden_rows, extra, mismatches);
        assert_int_equal(results_count(res), x.n);
        assert_int_equal(extra, 0);
        assert_int_equal(mismatches, 0);
        expects_free(&x);
        run_clear(&r);
}

static void test_oracle(void **state)
{
        (void)state;
        oracle_compare(ORACLE_INI, ORACLE_EXPECT, OUT_DIR "/oracle");
}

/*
 * Real questionnaire answers from R's MASS (scripts/oracle/make-mass-fixtures.R):
 * the Adelaide student survey (two named groups, missing answers, a reverse-
 * coded item, decimal answers, text labels) and the Copenhagen housing survey
 * (four groups, a two-item dimension, 1681 respondents).
 */
static void test_oracle_mass(void **state)
{
        (void)state;
        oracle_compare("tests/cases/mass-survey/survey.ini", "tests/cases/mass-survey/expected.csv",
                       OUT_DIR "/mass-survey");
        oracle_compare("tests/cases/mass-housing/housing.ini",
                       "tests/cases/mass-housing/expected.csv", OUT_DIR "/mass-housing");
}

/* The same exports with the definitions switched (min_items, favourable). */
static void test_oracle_options(void **state)
{
        (void)state;
        oracle_compare(OPTIONS_INI, OPTIONS_EXPECT, OUT_DIR "/options");
}

/*
 * The options change exactly the figures they name. options.ini sets
 * min_items = all for the instrument (3 for dimension Q in the codebook) and
 * favourable = before_reversal for dimension P. Against the default run, a row
 * may differ only when it is (a) a figure of a dimension's scores (any
 * statistic of a dimension subject but the action-area statistics that
 * share the subject, and alpha, which rests on complete cases whatever the
 * score rule and may only show or hide with its cell's suppression), or the
 * maturity built from them; or (b) fav_pct, fav_lo, fav_hi
 * of a reverse-coded item of P. Both kinds must change somewhere.
 */
static int same_row(const struct result_row *a, const struct result_row *b)
{
        if (!a || !b)
                return a == b;
        if (a->has_value != b->has_value || a->n != b->n || strcmp(a->note, b->note))
                return 0;
        if (a->text || b->text)
                return a->text && b->text && !strcmp(a->text, b->text);
        return !a->has_value || a->value == b->value;
}

static int option_may_change(const struct config *cfg, const struct results *a,
                             const struct results *b, const struct result_row *r, int *kind)
{
        const struct codebook *cb = cfg->instruments[0].codebook;
        for (size_t d = 0; d < cb->ndims; d++)
                if (!strcmp(r->subject, cb->dims[d].id)) {
                        *kind = 0;
                        if (gap_stat(r->statistic))
                                return 0;
                        if (strcmp(r->statistic, "alpha"))
                                return 1;
                        /* Alpha itself is the same; it only shows or hides with its cell. */
                        const struct result_row *x =
                            results_find(a, r->wave, r->group, r->breakdown, r->subject, "n", "");
                        const struct result_row *y =
                            results_find(b, r->wave, r->group, r->breakdown, r->subject, "n", "");
                        return !x || !y || strcmp(x->note, y->note);
                }
        if (!strcmp(r->subject, "maturity")) {
                *kind = 0;
                return 1;
        }
        int i = codebook_find_item(cb, r->subject);
        *kind = 1;
        return i >= 0 && cb->items[i].reverse && cb->items[i].dimension == 0 &&
               !strncmp(r->statistic, "fav_", 4);
}

static void count_diff(const struct config *cfg, const struct results *a, const struct results *b,
                       const struct result_row *r, size_t *changed)
{
        int kind;
        if (!option_may_change(cfg, a, b, r, &kind))
                fail_msg("%s %s %s %s %s [%s] changed, but no option names it", r->wave, r->group,
                         r->breakdown, r->subject, r->statistic, r->category);
        changed[kind]++;
}

static void test_options_exact(void **state)
{
        (void)state;
        struct run a, b;
        run_pipeline(&a, ORACLE_INI, OUT_DIR "/default");
        run_pipeline(&b, OPTIONS_INI, OUT_DIR "/options2");
        size_t changed[2] = {0, 0}, same = 0;
        for (size_t i = 0; i < results_count(a.pr.res); i++) {
                const struct result_row *x = results_row(a.pr.res, i);
                const struct result_row *y = results_find(b.pr.res, x->wave, x->group, x->breakdown,
                                                          x->subject, x->statistic, x->category);
                if (same_row(x, y))
                        same++;
                else
                        count_diff(a.cfg, a.pr.res, b.pr.res, x, changed);
        }
        for (size_t i = 0; i < results_count(b.pr.res); i++) {
                const struct result_row *y = results_row(b.pr.res, i);
                if (!results_find(a.pr.res, y->wave, y->group, y->breakdown, y->subject,
                                  y->statistic, y->category))
                        count_diff(a.cfg, a.pr.res, b.pr.res, y, changed);
        }
        print_message("options: %zu rows unchanged, %zu score figures and %zu %% favourable "
                      "figures changed\n",
                      same, changed[0], changed[1]);
        assert_true(changed[0] > 0);
        assert_true(changed[1] > 0);
        assert_true(same > changed[0] + changed[1]);
        run_clear(&a);
        run_clear(&b);
}

/* ---------------------------------------------------------------------------
 * Lights and levels, at and around every threshold.
 */

static const struct thresholds TH = {50, 70, 0.5, 1.0, 50, 80};

static void test_light(void **state)
{
        (void)state;
        const double below = nextafter(50, 0), below70 = nextafter(70, 0);
        /* Point estimate, with a CI inside one band. */
        assert_string_equal(stats_light(&TH, 0, 0, 0), "red");
        assert_string_equal(stats_light(&TH, below, 45, below), "red");
        assert_string_equal(stats_light(&TH, 50, 50, 60), "yellow");
        assert_string_equal(stats_light(&TH, 60, 50, below70), "yellow");
        assert_string_equal(stats_light(&TH, below70, 65, below70), "yellow");
        assert_string_equal(stats_light(&TH, 70, 70, 80), "green");
        assert_string_equal(stats_light(&TH, 100, 90, 100), "green");
        /* A CI that crosses a threshold, whatever the estimate. */
        assert_string_equal(stats_light(&TH, 45, below, 50), "uncertain");
        assert_string_equal(stats_light(&TH, 55, 45, 60), "uncertain");
        assert_string_equal(stats_light(&TH, 69, 65, 70), "uncertain");
        assert_string_equal(stats_light(&TH, 75, below70, 80), "uncertain");
        assert_string_equal(stats_light(&TH, 60, 40, 80), "uncertain");
        /* A degenerate CI (zero variance) is the estimate's band. */
        assert_string_equal(stats_light(&TH, 50, 50, 50), "yellow");
        assert_string_equal(stats_light(&TH, below, below, below), "red");
        /* Other thresholds are honoured. */
        const struct thresholds t2 = {40, 60, 0.3, 0.8, 50, 80};
        assert_string_equal(stats_light(&t2, 45, 41, 50), "yellow");
        assert_string_equal(stats_light(&t2, 62, 60, 64), "green");
        assert_string_equal(stats_light(&t2, 39, 35, nextafter(40, 0)), "red");
}

static void test_gap_light(void **state)
{
        (void)state;
        const double below1 = nextafter(1.0, 0), below05 = nextafter(0.5, 0);
        assert_string_equal(stats_gap_light(&TH, 1.0, 1.0, 1.4), "red");
        assert_string_equal(stats_gap_light(&TH, 2.5, 2, 3), "red");
        assert_string_equal(stats_gap_light(&TH, below1, 0.6, below1), "yellow");
        assert_string_equal(stats_gap_light(&TH, 0.5, 0.5, 0.9), "yellow");
        assert_string_equal(stats_gap_light(&TH, below05, 0.2, below05), "green");
        assert_string_equal(stats_gap_light(&TH, 0, -0.3, 0.3), "green");
        assert_string_equal(stats_gap_light(&TH, -1, -1.5, -0.5), "green");
        assert_string_equal(stats_gap_light(&TH, 0.9, 0.8, 1.0), "uncertain");
        assert_string_equal(stats_gap_light(&TH, 0.6, below05, 0.7), "uncertain");
        assert_string_equal(stats_gap_light(&TH, 0.7, 0.2, 1.2), "uncertain");
        assert_string_equal(stats_gap_light(&TH, 1.0, 1.0, 1.0), "red");
        const struct thresholds t2 = {50, 70, 0.25, 0.75, 50, 80};
        assert_string_equal(stats_gap_light(&t2, 0.75, 0.75, 0.8), "red");
        assert_string_equal(stats_gap_light(&t2, 0.3, 0.25, 0.5), "yellow");
}

static void test_maturity_level(void **state)
{
        (void)state;
        static const struct {
                double x;
                int level;
        } c[] = {
            {-5, 1},        {0, 1},    {10, 1},  {19.999999, 1}, {20, 2}, {30, 2},
            {39.999999, 2}, {40, 3},   {50, 3},  {59.999999, 3}, {60, 4}, {79.999999, 4},
            {80, 5},        {99.9, 5}, {100, 5}, {120, 5},
        };
        for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
                if (stats_maturity_level(c[i].x) != c[i].level)
                        fail_msg("level(%g) = %d, expected %d", c[i].x,
                                 stats_maturity_level(c[i].x), c[i].level);
        }
        assert_int_equal(stats_maturity_level(nextafter(20, 0)), 1);
        assert_int_equal(stats_maturity_level(nextafter(80, 0)), 4);
}

/* ---------------------------------------------------------------------------
 * Streaming: accumulators do not depend on the order rows arrive in. The
 * first export, and a copy with its data rows reversed, are two waves of one
 * configuration; every figure of the second must equal the first's.
 */

static char *slurp(const char *path, size_t *len)
{
        FILE *fp = fopen(path, "rb");
        if (!fp)
                fail_msg("%s: cannot open", path);
        fseek(fp, 0, SEEK_END);
        long n = ftell(fp);
        fseek(fp, 0, SEEK_SET);
        char *s = xmalloc((size_t)n + 1);
        if (fread(s, 1, (size_t)n, fp) != (size_t)n)
                fail_msg("%s: short read", path);
        s[n] = '\0';
        fclose(fp);
        *len = (size_t)n;
        return s;
}

static void spit(const char *path, const char *s, size_t n)
{
        FILE *fp = fopen(path, "wb");
        if (!fp || fwrite(s, 1, n, fp) != n || fclose(fp))
                fail_msg("%s: cannot write", path);
}

/*
 * Decimal answers give exact figures (README, "Mean, SD, CI"): the mean of
 * 1,5 1,5 1,7 1,7 1,7 is 1.62 (one-pass Welford gives 1.6199999999999999),
 * its SD sqrt(0.012), the median of 1,5 1,5 1,7 1,7 is 1.6; codes 1, 2, 2 have
 * the mean 5/3 rounded once (Welford: 1.6666666666666665), and results.csv
 * prints the numbers in their shortest form.
 */
static void test_exact_decimals(void **state)
{
        (void)state;
        const char *dir = OUT_DIR "/decimals";
        mkdir("build", 0777);
        mkdir(OUT_DIR, 0777);
        mkdir(dir, 0777);
        static const char ini[] = "[region]\nname = R\nmin_group_size = 3\noutput = out\n\n"
                                  "[municipality A]\n\n[municipality B]\n\n"
                                  "[instrument i]\ncodebook = cb.csv\n\n"
                                  "[wave w]\ninstrument = i\nyear = 2024\nfile = w.csv\n";
        static const char cb[] = "kind,id,column,dimension,scale,code,label\n"
                                 "dimension,D,,,,,D\n"
                                 "code,,,,s,1,a\ncode,,,,s,2,b\ncode,,,,s,3,c\n"
                                 "municipality,,Kunta,,,,\n"
                                 "numeric,X,X,,0..5,,X\n"
                                 "likert,L,L,D,s,,L\n";
        static const char ex[] = "Kunta;X;L\n"
                                 "A;1,5;1\nA;1,5;2\nA;1,7;2\nA;1,7;\nA;1,7;\n"
                                 "B;1,5;1\nB;1,7;1\nB;1,7;1\nB;1,5;1\n";
        spit(OUT_DIR "/decimals/d.ini", ini, sizeof ini - 1);
        spit(OUT_DIR "/decimals/cb.csv", cb, sizeof cb - 1);
        spit(OUT_DIR "/decimals/w.csv", ex, sizeof ex - 1);
        struct run r;
        run_pipeline(&r, OUT_DIR "/decimals/d.ini", OUT_DIR "/decimals/out");
        const struct results *res = r.pr.res;
        double v;
        assert_true(results_get(res, "w", "A", "", "X", "mean", "", &v));
        assert_true(v == 1.62);
        assert_true(results_get(res, "w", "A", "", "X", "sd", "", &v));
        assert_true(v == sqrt(0.012));
        assert_true(results_get(res, "w", "B", "", "X", "median", "", &v));
        assert_true(v == 1.6);
        assert_true(results_get(res, "w", "A", "", "L", "mean", "", &v));
        assert_true(v == 5.0 / 3.0);
        assert_true(results_get(res, "w", "A", "", "D", "mean", "", &v));
        assert_true(v == 5.0 / 3.0);
        assert_true(results_get(res, "w", "A", "", "D", "index", "", &v));
        assert_true(v == 100.0 / 3.0);
        char *csv = NULL;
        size_t n = 0;
        FILE *fp = open_memstream(&csv, &n);
        assert_non_null(fp);
        assert_int_equal(results_write_csv(res, fp), 0);
        assert_int_equal(fclose(fp), 0);
        assert_non_null(strstr(csv, "\nw,A,,X,mean,,1.62,5,\n"));
        assert_non_null(strstr(csv, "\nw,B,,X,median,,1.6,4,\n"));
        free(csv);
        run_clear(&r);
}

/*
 * Cells keep their counters in 8, 16 or 32/64 bits by their respondents
 * (stats.c, struct cell) and responses wait per municipality before they
 * are added: a municipality of 70,000 respondents (past both limits while
 * fed), one of 300 (past the first) and the region made by merging them
 * must give the figures computed here directly from the answers.
 */
#define BIG_N   70000
#define SMALL_N 300

static int big_answer(long i, int item)
{
        if (item == 1 && i % 11 == 0)
                return 0; /* empty */
        if (item == 2 && i % 7 == 0)
                return 9; /* don't know */
        if (item == 0)
                return 1 + (int)(i % 5);
        if (item == 1)
                return 1 + (int)((i / 3) % 5);
        return 1 + (int)((i * 7 + i / 5) % 5);
}

struct big_expect {
        double n[3], sum[3], sq[3];         /* per item: valid answers, their sum and squares */
        double dn, dsum;                    /* dimension scores (2 of 3 items at least) */
        double cn, cs[3], cq[3], tot, totq; /* complete cases: sums, squares, of the total */
};

static void big_add(struct big_expect *x, long i)
{
        int a[3], ok = 0, complete = 1;
        double s = 0;
        for (int k = 0; k < 3; k++) {
                a[k] = big_answer(i, k);
                if (a[k] >= 1 && a[k] <= 5) {
                        x->n[k]++;
                        x->sum[k] += a[k];
                        x->sq[k] += (double)a[k] * a[k];
                        s += a[k];
                        ok++;
                } else {
                        complete = 0;
                }
        }
        if (ok >= 2) {
                x->dn++;
                x->dsum += s / ok;
        }
        if (complete) {
                x->cn++;
                for (int k = 0; k < 3; k++) {
                        x->cs[k] += a[k];
                        x->cq[k] += (double)a[k] * a[k];
                }
                x->tot += s;
                x->totq += s * s;
        }
}

static void big_check(const struct results *res, const char *group, const struct big_expect *x)
{
        static const char *const ids[3] = {"L1", "L2", "L3"};
        double v;
        for (int k = 0; k < 3; k++) {
                double mean = x->sum[k] / x->n[k];
                double var = (x->sq[k] - x->n[k] * mean * mean) / (x->n[k] - 1);
                assert_true(results_get(res, "w", group, "", ids[k], "n", "", &v));
                assert_true(v == x->n[k]);
                assert_true(results_get(res, "w", group, "", ids[k], "mean", "", &v));
                assert_true(fabs(v - mean) <= 1e-12 * mean);
                assert_true(results_get(res, "w", group, "", ids[k], "sd", "", &v));
                assert_true(fabs(v - sqrt(var)) <= 1e-9 * sqrt(var));
        }
        assert_true(results_get(res, "w", group, "", "D", "n", "", &v));
        assert_true(v == x->dn);
        assert_true(results_get(res, "w", group, "", "D", "mean", "", &v));
        assert_true(fabs(v - x->dsum / x->dn) <= 1e-12);
        double sv = 0;
        for (int k = 0; k < 3; k++)
                sv += (x->cq[k] - x->cs[k] * x->cs[k] / x->cn) / (x->cn - 1);
        double tv = (x->totq - x->tot * x->tot / x->cn) / (x->cn - 1);
        double alpha = 1.5 * (1 - sv / tv);
        assert_true(results_get(res, "w", group, "", "D", "alpha", "", &v));
        assert_true(fabs(v - alpha) <= 1e-9);
}

static void test_large_cells(void **state)
{
        (void)state;
        const char *dir = OUT_DIR "/large";
        mkdir("build", 0777);
        mkdir(OUT_DIR, 0777);
        mkdir(dir, 0777);
        static const char ini[] = "[region]\nname = R\nmin_group_size = 3\noutput = out\n\n"
                                  "[municipality A]\n\n[municipality B]\n\n"
                                  "[instrument i]\ncodebook = cb.csv\n\n"
                                  "[wave w]\ninstrument = i\nyear = 2024\nfile = w.csv\n";
        static const char cb[] = "kind,id,column,dimension,scale,code,label\n"
                                 "dimension,D,,,,,D\n"
                                 "code,,,,s,1,a\ncode,,,,s,2,b\ncode,,,,s,3,c\n"
                                 "code,,,,s,4,d\ncode,,,,s,5,e\ndontknow,,,,s,9,eos\n"
                                 "code,,,,g,1,x\ncode,,,,g,2,y\n"
                                 "municipality,,Kunta,,,,\n"
                                 "breakdown,grp,Ryhmä,,g,,Ryhmä\n"
                                 "likert,L1,L1,D,s,,L1\n"
                                 "likert,L2,L2,D,s,,L2\n"
                                 "likert,L3,L3,D,s,,L3\n";
        spit(OUT_DIR "/large/d.ini", ini, sizeof ini - 1);
        spit(OUT_DIR "/large/cb.csv", cb, sizeof cb - 1);
        struct strbuf sb;
        strbuf_init(&sb);
        strbuf_adds(&sb, "Kunta;Ryhmä;L1;L2;L3\n");
        struct big_expect xa = {0}, xb = {0}, xall = {0};
        /* The two municipalities' rows interleaved, as an export mixes them. */
        for (long i = 0; i < BIG_N; i++) {
                int b = i % (BIG_N / SMALL_N) == 0 && i / (BIG_N / SMALL_N) < SMALL_N;
                for (int twice = 0; twice <= b; twice++) {
                        const char *m = twice ? "B" : "A";
                        strbuf_addf(&sb, "%s;%s", m, i % 2 ? "x" : "y");
                        for (int k = 0; k < 3; k++) {
                                int a = big_answer(i, k);
                                if (a)
                                        strbuf_addf(&sb, ";%d", a);
                                else
                                        strbuf_adds(&sb, ";");
                        }
                        strbuf_addc(&sb, '\n');
                        big_add(twice ? &xb : &xa, i);
                        big_add(&xall, i);
                }
        }
        spit(OUT_DIR "/large/w.csv", sb.buf, sb.len);
        strbuf_clear(&sb);
        assert_true(xa.n[0] == BIG_N && xb.n[0] == SMALL_N);
        struct run r;
        run_pipeline(&r, OUT_DIR "/large/d.ini", OUT_DIR "/large/out");
        big_check(r.pr.res, "A", &xa);
        big_check(r.pr.res, "B", &xb);
        big_check(r.pr.res, "ALL", &xall);
        run_clear(&r);
}

static void test_order_independent(void **state)
{
        (void)state;
        const char *dir = OUT_DIR "/reversed";
        mkdir("build", 0777);
        mkdir(OUT_DIR, 0777);
        mkdir(dir, 0777);
        size_t n;
        char *cb = slurp("tests/cases/oracle/codebook.csv", &n);
        spit(OUT_DIR "/reversed/codebook.csv", cb, n);
        free(cb);
        char *ex = slurp("tests/cases/oracle/t-2021.csv", &n);
        spit(OUT_DIR "/reversed/a.csv", ex, n);
        /* The fixture has no quoted newlines: lines are records. */
        char **lines = NULL;
        size_t nl = 0;
        for (char *p = ex; *p;) {
                char *e = strchr(p, '\n');
                lines = xrealloc(lines, (nl + 1) * sizeof *lines);
                lines[nl++] = p;
                if (!e)
                        break;
                *e = '\0';
                p = e + 1;
        }
        struct strbuf sb;
        strbuf_init(&sb);
        strbuf_addf(&sb, "%s\n", lines[0]);
        for (size_t i = nl; i-- > 1;)
                if (*lines[i])
                        strbuf_addf(&sb, "%s\n", lines[i]);
        spit(OUT_DIR "/reversed/b.csv", sb.buf, strlen(sb.buf));
        strbuf_clear(&sb);
        free(lines);
        free(ex);
        char *ini = slurp(ORACLE_INI, &n);
        char *cut = strstr(ini, "[wave ");
        assert_non_null(cut);
        *cut = '\0';
        strbuf_init(&sb);
        strbuf_addf(&sb,
                    "%s[wave a]\ninstrument = kys\nyear = 2021\nfile = a.csv\n\n"
                    "[wave b]\ninstrument = kys\nyear = 2022\nfile = b.csv\n\n"
                    "[report x]\ntitle = x\nwaves = a, b\n",
                    ini);
        spit(OUT_DIR "/reversed/reversed.ini", sb.buf, strlen(sb.buf));
        strbuf_clear(&sb);
        free(ini);

        struct run r;
        run_pipeline(&r, OUT_DIR "/reversed/reversed.ini", OUT_DIR "/reversed/out");
        const struct results *res = r.pr.res;
        size_t na = 0, nb = 0;
        mismatches = 0;
        for (size_t i = 0; i < results_count(res); i++) {
                const struct result_row *a = results_row(res, i);
                if (strcmp(a->wave, "a"))
                        continue;
                na++;
                const struct result_row *b = results_find(res, "b", a->group, a->breakdown,
                                                          a->subject, a->statistic, a->category);
                int same = b && a->has_value == b->has_value && a->n == b->n &&
                           !strcmp(a->note, b->note) && !a->text == !b->text &&
                           (!a->text || !strcmp(a->text, b->text)) &&
                           (!a->has_value || a->text ||
                            fabs(a->value - b->value) <= 1e-12 * fabs(a->value) + 1e-14);
                if (!same) {
                        print_error("reversed rows differ: %s %s %s %s [%s]\n", a->group,
                                    a->breakdown, a->subject, a->statistic, a->category);
                        mismatches++;
                }
        }
        for (size_t i = 0; i < results_count(res); i++)
                nb += !strcmp(results_row(res, i)->wave, "b");
        assert_true(na > 1000);
        assert_int_equal(na, nb);
        assert_int_equal(mismatches, 0);
        run_clear(&r);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_oracle),         cmocka_unit_test(test_oracle_options),
            cmocka_unit_test(test_oracle_mass),    cmocka_unit_test(test_options_exact),
            cmocka_unit_test(test_light),          cmocka_unit_test(test_gap_light),
            cmocka_unit_test(test_maturity_level), cmocka_unit_test(test_order_independent),
            cmocka_unit_test(test_exact_decimals), cmocka_unit_test(test_large_cells),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

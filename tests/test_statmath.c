/*
 * test_statmath.c - checks src/statmath.c against R.
 *
 * The expected values in the tests/oracle TSV files were computed by R from raw data
 * with scripts/oracle/statmath.R (see scripts/oracle/README.md); here the same
 * raw data goes through the library's streaming accumulators, frequency tables
 * and summary-statistic tests. Every statistic must agree to 1e-9 relative
 * (plus 1e-12 absolute, for values near 0; p-values relative only, so tiny
 * p-values are compared too). An "NA" from R means the library must refuse
 * (return -1). Hand-written tests cover the edge cases R cannot express.
 *
 * Run from the repository root: ./build/san/test_statmath
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

#include <gsl/gsl_errno.h>

#include "statmath.h"
#include "util.h"

#define ORACLE_DIR "tests/oracle/"
#define REL_TOL    1e-9
#define ABS_TOL    1e-12
/* Accumulation orders against one pass: the mean-1e4 data set differs by 3e-12. */
#define MERGE_TOL 1e-10

/* ---------------------------------------------------------------------------
 * Comparisons. Mismatches are counted and printed, so one run shows them all.
 */

static int mismatches;

/* Compares one statistic; p-values (relative_only) get no absolute slack. */
static void expect_close_tol(const char *ctx, const char *stat, double got, double want, double rel,
                             int relative_only)
{
        double tol = rel * fabs(want) + (relative_only ? 1e-300 : ABS_TOL);

        if (isnan(want) || !isfinite(got) || fabs(got - want) > tol) {
                print_error("%s: %s = %.17g, expected %.17g (diff %.3g)\n", ctx, stat, got, want,
                            got - want);
                mismatches++;
        }
}

static void expect_close(const char *ctx, const char *stat, double got, double want)
{
        expect_close_tol(ctx, stat, got, want, REL_TOL, strcmp(stat, "p") == 0);
}

static void expect_rc(const char *ctx, const char *what, int got, int want)
{
        if (got != want) {
                print_error("%s: %s returned %d, expected %d\n", ctx, what, got, want);
                mismatches++;
        }
}

static int setup_count(void **state)
{
        (void)state;
        mismatches = 0;
        return 0;
}

#define END_COMPARISONS() assert_int_equal(mismatches, 0)

/* ---------------------------------------------------------------------------
 * A tab-separated table with a header row, read whole (the fixtures are small).
 */

struct tsv {
        size_t ncol; /* columns in the header */
        size_t nrow; /* data rows */
        char **head; /* ncol column names */
        char **cell; /* nrow * ncol cell texts, row-major */
        char *name;  /* file name, for messages */
};

/* Splits line (modified in place) at tabs into at most max fields; returns the count. */
static size_t split_tabs(char *line, char **fields, size_t max)
{
        size_t n = 0;
        char *p = line;

        for (;;) {
                char *tab = strchr(p, '\t');
                if (n < max)
                        fields[n] = p;
                n++;
                if (!tab)
                        break;
                *tab = '\0';
                p = tab + 1;
        }
        return n;
}

static struct tsv *tsv_load(const char *name)
{
        char path[256], *line = NULL, *fields[64];
        size_t cap = 0, ncap = 0, i;
        ssize_t len;
        struct tsv *t = xcalloc(1, sizeof *t);
        FILE *f;

        snprintf(path, sizeof path, ORACLE_DIR "%s", name);
        f = fopen(path, "r");
        if (!f)
                fail_msg("cannot open %s (run the tests from the repository root)", path);
        t->name = xstrdup(name);
        while ((len = getline(&line, &cap, f)) >= 0) {
                size_t n;
                while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
                        line[--len] = '\0';
                n = split_tabs(line, fields, 64);
                assert_true(n <= 64);
                if (!t->head) {
                        t->ncol = n;
                        t->head = xcalloc(n, sizeof *t->head);
                        for (i = 0; i < n; i++)
                                t->head[i] = xstrdup(fields[i]);
                        continue;
                }
                if (n != t->ncol)
                        fail_msg("%s: row %zu has %zu fields, header has %zu", path, t->nrow + 2, n,
                                 t->ncol);
                if (t->nrow == ncap) {
                        ncap = ncap ? 2 * ncap : 64;
                        t->cell = xrealloc(t->cell, ncap * t->ncol * sizeof *t->cell);
                }
                for (i = 0; i < n; i++)
                        t->cell[t->nrow * t->ncol + i] = xstrdup(fields[i]);
                t->nrow++;
        }
        free(line);
        fclose(f);
        assert_non_null(t->head);
        assert_true(t->nrow > 0);
        return t;
}

static void tsv_free(struct tsv *t)
{
        size_t i;

        if (!t)
                return;
        for (i = 0; i < t->ncol; i++)
                free(t->head[i]);
        for (i = 0; i < t->nrow * t->ncol; i++)
                free(t->cell[i]);
        free(t->head);
        free(t->cell);
        free(t->name);
        free(t);
}

static const char *tsv_str(const struct tsv *t, size_t row, const char *col)
{
        size_t i;

        for (i = 0; i < t->ncol; i++)
                if (strcmp(t->head[i], col) == 0)
                        return t->cell[row * t->ncol + i];
        fail_msg("%s: no column \"%s\"", t->name, col);
        return NULL;
}

/* A number, or NAN for R's "NA". */
static double parse_num(const char *s)
{
        char *end;
        double v;

        if (strcmp(s, "NA") == 0)
                return NAN;
        v = strtod(s, &end);
        if (end == s || *end != '\0')
                fail_msg("not a number: \"%s\"", s);
        return v;
}

static double tsv_num(const struct tsv *t, size_t row, const char *col)
{
        return parse_num(tsv_str(t, row, col));
}

/* ---------------------------------------------------------------------------
 * The grouped data sets of groups.tsv.
 */

struct group {
        char *name;
        double *x;
        size_t n;
};

struct dataset {
        char *name;
        struct group *g;
        size_t ng;
};

struct datasets {
        struct dataset *d;
        size_t nd;
};

static struct datasets load_groups(void)
{
        struct tsv *t = tsv_load("groups.tsv");
        struct datasets all = {0};
        size_t r;

        for (r = 0; r < t->nrow; r++) {
                const char *dn = tsv_str(t, r, "dataset"), *gn = tsv_str(t, r, "group");
                struct dataset *d;
                struct group *g;

                if (all.nd == 0 || strcmp(all.d[all.nd - 1].name, dn) != 0) {
                        all.d = xrealloc(all.d, (all.nd + 1) * sizeof *all.d);
                        memset(&all.d[all.nd], 0, sizeof *all.d);
                        all.d[all.nd++].name = xstrdup(dn);
                }
                d = &all.d[all.nd - 1];
                if (d->ng == 0 || strcmp(d->g[d->ng - 1].name, gn) != 0) {
                        d->g = xrealloc(d->g, (d->ng + 1) * sizeof *d->g);
                        memset(&d->g[d->ng], 0, sizeof *d->g);
                        d->g[d->ng++].name = xstrdup(gn);
                }
                g = &d->g[d->ng - 1];
                g->x = xrealloc(g->x, (g->n + 1) * sizeof *g->x);
                g->x[g->n++] = tsv_num(t, r, "value");
        }
        tsv_free(t);
        return all;
}

static void free_groups(struct datasets *all)
{
        size_t i, j;

        for (i = 0; i < all->nd; i++) {
                for (j = 0; j < all->d[i].ng; j++) {
                        free(all->d[i].g[j].name);
                        free(all->d[i].g[j].x);
                }
                free(all->d[i].g);
                free(all->d[i].name);
        }
        free(all->d);
}

static const struct dataset *find_dataset(const struct datasets *all, const char *name)
{
        size_t i;

        for (i = 0; i < all->nd; i++)
                if (strcmp(all->d[i].name, name) == 0)
                        return &all->d[i];
        fail_msg("no data set \"%s\" in groups.tsv", name);
        return NULL;
}

static const struct group *find_group(const struct dataset *d, const char *name)
{
        size_t i;

        for (i = 0; i < d->ng; i++)
                if (strcmp(d->g[i].name, name) == 0)
                        return &d->g[i];
        fail_msg("no group \"%s\" in data set \"%s\"", name, d->name);
        return NULL;
}

/* The values of one group, or of all groups for "*", as a new array. */
static double *sample_values(const struct dataset *d, const char *group, size_t *n)
{
        double *x;
        size_t i;

        if (strcmp(group, "*") != 0) {
                const struct group *g = find_group(d, group);
                x = xmalloc(g->n * sizeof *x);
                memcpy(x, g->x, g->n * sizeof *x);
                *n = g->n;
                return x;
        }
        *n = 0;
        x = NULL;
        for (i = 0; i < d->ng; i++) {
                x = xrealloc(x, (*n + d->g[i].n) * sizeof *x);
                memcpy(x + *n, d->g[i].x, d->g[i].n * sizeof *x);
                *n += d->g[i].n;
        }
        return x;
}

static struct statm_moments moments_of(const double *x, size_t n)
{
        struct statm_moments m;
        size_t i;

        statm_moments_init(&m);
        for (i = 0; i < n; i++)
                assert_int_equal(statm_moments_add(&m, x[i]), 0);
        return m;
}

static int cmp_double(const void *a, const void *b)
{
        double x = *(const double *)a, y = *(const double *)b;

        return (x > y) - (x < y);
}

/*
 * Builds the frequency table of x: distinct values ascending in *values and
 * their counts in *counts, both new arrays; returns the number of values.
 */
static size_t freq_table(const double *x, size_t n, double **values, double **counts)
{
        double *s = xmalloc((n ? n : 1) * sizeof *s);
        size_t i, k = 0;

        memcpy(s, x, n * sizeof *s);
        qsort(s, n, sizeof *s, cmp_double);
        *values = xmalloc((n ? n : 1) * sizeof **values);
        *counts = xmalloc((n ? n : 1) * sizeof **counts);
        for (i = 0; i < n; i++) {
                if (k > 0 && (*values)[k - 1] == s[i]) {
                        (*counts)[k - 1] += 1.0;
                        continue;
                }
                (*values)[k] = s[i];
                (*counts)[k++] = 1.0;
        }
        free(s);
        return k;
}

static void expect_same_moments(const char *ctx, const char *how, const struct statm_moments *a,
                                const struct statm_moments *b)
{
        char what[64];

        snprintf(what, sizeof what, "%s n", how);
        expect_close_tol(ctx, what, a->n, b->n, 0.0, 0);
        snprintf(what, sizeof what, "%s mean", how);
        expect_close_tol(ctx, what, a->mean, b->mean, MERGE_TOL, 0);
        snprintf(what, sizeof what, "%s m2", how);
        expect_close_tol(ctx, what, a->m2, b->m2, MERGE_TOL, 0);
}

/* Compares an accumulator's n, mean, var and sd with one moments.tsv row. */
static void expect_moments_row(const char *ctx, const struct statm_moments *m, const struct tsv *t,
                               size_t r)
{
        double v, want;

        expect_close(ctx, "n", m->n, tsv_num(t, r, "n"));
        if (m->n >= 1) {
                expect_rc(ctx, "statm_moments_mean", statm_moments_mean(m, &v), 0);
                expect_close(ctx, "mean", v, tsv_num(t, r, "mean"));
        }
        want = tsv_num(t, r, "var");
        if (isnan(want)) {
                expect_rc(ctx, "statm_moments_var", statm_moments_var(m, &v), -1);
                expect_rc(ctx, "statm_moments_sd", statm_moments_sd(m, &v), -1);
                return;
        }
        expect_rc(ctx, "statm_moments_var", statm_moments_var(m, &v), 0);
        expect_close(ctx, "var", v, want);
        expect_rc(ctx, "statm_moments_sd", statm_moments_sd(m, &v), 0);
        expect_close(ctx, "sd", v, tsv_num(t, r, "sd"));
}

/* ---------------------------------------------------------------------------
 * Oracle tests.
 */

/*
 * Moments, quantiles and t CIs of every sample, accumulated four ways: one
 * pass, three merged thirds, a frequency table with counts, and (for pooled
 * samples) the merge of the group accumulators.
 */
static void test_moments_oracle(void **state)
{
        static const struct {
                const char *col;
                double p;
        } quant[] = {{"q0", 0},     {"q10", 0.1}, {"q25", 0.25}, {"q50", 0.5},
                     {"q75", 0.75}, {"q90", 0.9}, {"q100", 1}};
        static const struct {
                const char *lo, *hi;
                double level;
        } cis[] = {{"ci95_lo", "ci95_hi", 0.95}, {"ci90_lo", "ci90_hi", 0.90}};
        struct datasets all = load_groups();
        struct tsv *t = tsv_load("moments.tsv");
        size_t r, i;

        (void)state;
        for (r = 0; r < t->nrow; r++) {
                const char *dn = tsv_str(t, r, "dataset"), *gn = tsv_str(t, r, "group");
                const struct dataset *d = find_dataset(&all, dn);
                struct statm_moments one, parts[3], merged, freq;
                double *x, *values, *counts, v, lo, hi;
                size_t n, k;
                char ctx[128];

                snprintf(ctx, sizeof ctx, "moments %s/%s", dn, gn);
                x = sample_values(d, gn, &n);

                one = moments_of(x, n);
                expect_moments_row(ctx, &one, t, r);

                /* Three contiguous parts, merged. */
                parts[0] = moments_of(x, n / 3);
                parts[1] = moments_of(x + n / 3, 2 * n / 3 - n / 3);
                parts[2] = moments_of(x + 2 * n / 3, n - 2 * n / 3);
                statm_moments_init(&merged);
                for (i = 0; i < 3; i++)
                        statm_moments_merge(&merged, &parts[i]);
                expect_same_moments(ctx, "merged thirds", &merged, &one);
                expect_moments_row(ctx, &merged, t, r);

                if (strcmp(gn, "*") == 0) {
                        statm_moments_init(&merged);
                        for (i = 0; i < d->ng; i++) {
                                struct statm_moments g = moments_of(d->g[i].x, d->g[i].n);
                                statm_moments_merge(&merged, &g);
                        }
                        expect_same_moments(ctx, "merged groups", &merged, &one);
                }

                /* The frequency table, through add_w and the quantiles. */
                k = freq_table(x, n, &values, &counts);
                statm_moments_init(&freq);
                for (i = 0; i < k; i++)
                        assert_int_equal(statm_moments_add_w(&freq, values[i], counts[i]), 0);
                expect_same_moments(ctx, "frequency table", &freq, &one);
                expect_moments_row(ctx, &freq, t, r);

                for (i = 0; i < sizeof quant / sizeof quant[0]; i++) {
                        expect_rc(ctx, quant[i].col,
                                  statm_quantile_counts(values, counts, k, quant[i].p, &v), 0);
                        expect_close(ctx, quant[i].col, v, tsv_num(t, r, quant[i].col));
                }
                expect_rc(ctx, "median", statm_median_counts(values, counts, k, &v), 0);
                expect_close(ctx, "median", v, tsv_num(t, r, "q50"));

                for (i = 0; i < sizeof cis / sizeof cis[0]; i++) {
                        double want_lo = tsv_num(t, r, cis[i].lo);
                        int rc = statm_moments_t_ci(&one, cis[i].level, &lo, &hi);
                        if (isnan(want_lo)) {
                                expect_rc(ctx, cis[i].lo, rc, -1);
                                continue;
                        }
                        expect_rc(ctx, cis[i].lo, rc, 0);
                        expect_close(ctx, cis[i].lo, lo, want_lo);
                        expect_close(ctx, cis[i].hi, hi, tsv_num(t, r, cis[i].hi));
                }
                free(values);
                free(counts);
                free(x);
        }
        tsv_free(t);
        free_groups(&all);
        END_COMPARISONS();
}

/* Accumulates a group, or every group but `but` for "*rest*". */
static struct statm_moments group_moments(const struct dataset *d, const char *name,
                                          const char *but)
{
        struct statm_moments m;
        size_t i;

        if (strcmp(name, "*rest*") != 0) {
                const struct group *g = find_group(d, name);
                return moments_of(g->x, g->n);
        }
        statm_moments_init(&m);
        for (i = 0; i < d->ng; i++) {
                struct statm_moments g;
                if (strcmp(d->g[i].name, but) == 0)
                        continue;
                g = moments_of(d->g[i].x, d->g[i].n);
                statm_moments_merge(&m, &g);
        }
        return m;
}

/* Result fields compared with the oracle: column name and offset of a double. */
struct field {
        const char *col;
        size_t off;
};

/* clang-format off */
#define FIELD(type, name) {#name, offsetof(type, name)}
/* clang-format on */

static const struct field welch_fields[] = {
    FIELD(struct statm_welch, t),    FIELD(struct statm_welch, df), FIELD(struct statm_welch, p),
    FIELD(struct statm_welch, diff), FIELD(struct statm_welch, lo), FIELD(struct statm_welch, hi),
    FIELD(struct statm_welch, se),   FIELD(struct statm_welch, d),
};
static const struct field anova_fields[] = {
    FIELD(struct statm_anova, f), FIELD(struct statm_anova, df1),  FIELD(struct statm_anova, df2),
    FIELD(struct statm_anova, p), FIELD(struct statm_anova, eta2),
};
static const struct field kw_fields[] = {
    FIELD(struct statm_kw, h),    FIELD(struct statm_kw, df), FIELD(struct statm_kw, p),
    FIELD(struct statm_kw, eps2), FIELD(struct statm_kw, n),
};
static const struct field chisq_fields[] = {
    FIELD(struct statm_chisq, x2),        FIELD(struct statm_chisq, df),
    FIELD(struct statm_chisq, p),         FIELD(struct statm_chisq, min_expected),
    FIELD(struct statm_chisq, share_lt5), FIELD(struct statm_chisq, cramer_v),
    FIELD(struct statm_chisq, n),
};

/* Compares every field of result (a struct of the fields' type) with row r of t. */
static void expect_fields(const char *ctx, const struct field *f, size_t nf, const void *result,
                          const struct tsv *t, size_t r)
{
        size_t i;

        for (i = 0; i < nf; i++) {
                double got;
                memcpy(&got, (const char *)result + f[i].off, sizeof got);
                expect_close(ctx, f[i].col, got, tsv_num(t, r, f[i].col));
        }
}

#define NFIELDS(a) (sizeof(a) / sizeof((a)[0]))

/* Welch t-tests of a group against the rest (merged accumulators) and of pairs. */
static void test_welch_oracle(void **state)
{
        struct datasets all = load_groups();
        struct tsv *t = tsv_load("welch.tsv");
        size_t r;

        (void)state;
        for (r = 0; r < t->nrow; r++) {
                const char *dn = tsv_str(t, r, "dataset");
                const char *xn = tsv_str(t, r, "x"), *yn = tsv_str(t, r, "y");
                const struct dataset *d = find_dataset(&all, dn);
                struct statm_moments a = group_moments(d, xn, NULL);
                struct statm_moments b = group_moments(d, yn, xn);
                struct statm_welch w;
                char ctx[128];
                int rc;

                snprintf(ctx, sizeof ctx, "welch %s: %s vs %s", dn, xn, yn);
                rc = statm_diff_ci(&a, &b, tsv_num(t, r, "level"), &w);
                if (isnan(tsv_num(t, r, "t"))) {
                        expect_rc(ctx, "statm_diff_ci", rc, -1);
                        continue;
                }
                expect_rc(ctx, "statm_diff_ci", rc, 0);
                if (rc != 0)
                        continue;
                expect_fields(ctx, welch_fields, NFIELDS(welch_fields), &w, t, r);
        }
        tsv_free(t);
        free_groups(&all);
        END_COMPARISONS();
}

/* Welch's ANOVA and eta-squared from group summaries; k = 2 must equal Welch t^2. */
static void test_anova_oracle(void **state)
{
        struct datasets all = load_groups();
        struct tsv *t = tsv_load("anova.tsv");
        size_t r, i;

        (void)state;
        for (r = 0; r < t->nrow; r++) {
                const char *dn = tsv_str(t, r, "dataset");
                const struct dataset *d = find_dataset(&all, dn);
                double *n = xcalloc(d->ng, sizeof *n), *mean = xcalloc(d->ng, sizeof *mean);
                double *var = xcalloc(d->ng, sizeof *var);
                struct statm_anova a;
                char ctx[128];
                int rc;

                snprintf(ctx, sizeof ctx, "anova %s", dn);
                for (i = 0; i < d->ng; i++) {
                        struct statm_moments m = moments_of(d->g[i].x, d->g[i].n);
                        n[i] = m.n;
                        mean[i] = m.mean;
                        /* A group of one has no variance: NAN must be refused. */
                        if (statm_moments_var(&m, &var[i]) != 0)
                                var[i] = NAN;
                }
                rc = statm_welch_anova(d->ng, n, mean, var, &a);
                if (isnan(tsv_num(t, r, "f"))) {
                        expect_rc(ctx, "statm_welch_anova", rc, -1);
                } else {
                        expect_rc(ctx, "statm_welch_anova", rc, 0);
                        expect_fields(ctx, anova_fields, NFIELDS(anova_fields), &a, t, r);
                }
                if (rc == 0 && d->ng == 2) {
                        struct statm_welch w;
                        assert_int_equal(statm_welch_t(n[0], mean[0], sqrt(var[0]), n[1], mean[1],
                                                       sqrt(var[1]), 0.95, &w),
                                         0);
                        expect_close_tol(ctx, "f = t^2", a.f, w.t * w.t, MERGE_TOL, 0);
                        expect_close_tol(ctx, "df2 = Welch df", a.df2, w.df, MERGE_TOL, 0);
                        expect_close_tol(ctx, "p = Welch p", a.p, w.p, 1e-10, 0);
                }
                free(n);
                free(mean);
                free(var);
        }
        tsv_free(t);
        free_groups(&all);
        END_COMPARISONS();
}

/* Classic one-way ANOVA from the same group summaries (a group of one has no variance). */
static void test_anova_classic_oracle(void **state)
{
        struct datasets all = load_groups();
        struct tsv *t = tsv_load("anova_classic.tsv");
        size_t r, i;

        (void)state;
        for (r = 0; r < t->nrow; r++) {
                const char *dn = tsv_str(t, r, "dataset");
                const struct dataset *d = find_dataset(&all, dn);
                double *n = xcalloc(d->ng, sizeof *n), *mean = xcalloc(d->ng, sizeof *mean);
                double *var = xcalloc(d->ng, sizeof *var);
                struct statm_anova a;
                char ctx[128];
                int rc;

                snprintf(ctx, sizeof ctx, "anova_classic %s", dn);
                for (i = 0; i < d->ng; i++) {
                        struct statm_moments m = moments_of(d->g[i].x, d->g[i].n);
                        n[i] = m.n;
                        mean[i] = m.mean;
                        if (statm_moments_var(&m, &var[i]) != 0)
                                var[i] = NAN;
                }
                rc = statm_anova_classic(d->ng, n, mean, var, &a);
                if (isnan(tsv_num(t, r, "f"))) {
                        expect_rc(ctx, "statm_anova_classic", rc, -1);
                } else {
                        expect_rc(ctx, "statm_anova_classic", rc, 0);
                        expect_fields(ctx, anova_fields, NFIELDS(anova_fields), &a, t, r);
                }
                free(n);
                free(mean);
                free(var);
        }
        tsv_free(t);
        free_groups(&all);
        END_COMPARISONS();
}

/* Kruskal-Wallis from the data set's frequency table (groups x distinct values). */
static void test_kruskal_oracle(void **state)
{
        struct datasets all = load_groups();
        struct tsv *t = tsv_load("kruskal.tsv");
        size_t r, g, i, j;

        (void)state;
        for (r = 0; r < t->nrow; r++) {
                const char *dn = tsv_str(t, r, "dataset");
                const struct dataset *d = find_dataset(&all, dn);
                double *x, *values, *counts, *table;
                struct statm_kw kw;
                size_t n, m;
                char ctx[128];
                int rc;

                snprintf(ctx, sizeof ctx, "kruskal %s", dn);
                x = sample_values(d, "*", &n);
                m = freq_table(x, n, &values, &counts);
                table = xcalloc(d->ng * m, sizeof *table);
                for (g = 0; g < d->ng; g++)
                        for (i = 0; i < d->g[g].n; i++)
                                for (j = 0; j < m; j++)
                                        if (values[j] == d->g[g].x[i])
                                                table[g * m + j] += 1.0;
                rc = statm_kruskal(d->ng, m, table, &kw);
                if (isnan(tsv_num(t, r, "h"))) {
                        expect_rc(ctx, "statm_kruskal", rc, -1);
                } else {
                        expect_rc(ctx, "statm_kruskal", rc, 0);
                        expect_fields(ctx, kw_fields, NFIELDS(kw_fields), &kw, t, r);
                }
                free(table);
                free(values);
                free(counts);
                free(x);
        }
        tsv_free(t);
        free_groups(&all);
        END_COMPARISONS();
}

/* Parses the comma-joined counts of chisq.tsv into a new array of want numbers. */
static double *parse_counts(const char *s, size_t want)
{
        double *v = xcalloc(want, sizeof *v);
        char *copy = xstrdup(s), *p = copy, *tok;
        size_t n = 0;

        while ((tok = strsep(&p, ",")) != NULL) {
                assert_true(n < want);
                v[n++] = parse_num(tok);
        }
        assert_int_equal(n, want);
        free(copy);
        return v;
}

static void test_chisq_oracle(void **state)
{
        struct tsv *t = tsv_load("chisq.tsv");
        size_t r, i, j;

        (void)state;
        for (r = 0; r < t->nrow; r++) {
                size_t rows = (size_t)tsv_num(t, r, "r"), cols = (size_t)tsv_num(t, r, "c");
                double *counts = parse_counts(tsv_str(t, r, "counts"), rows * cols);
                double *tr = xcalloc(rows * cols, sizeof *tr);
                struct statm_chisq c, ct;
                char ctx[128];
                int rc;

                snprintf(ctx, sizeof ctx, "chisq %s", tsv_str(t, r, "case"));
                rc = statm_chisq(rows, cols, counts, &c);
                if (isnan(tsv_num(t, r, "x2"))) {
                        expect_rc(ctx, "statm_chisq", rc, -1);
                        goto next;
                }
                expect_rc(ctx, "statm_chisq", rc, 0);
                if (rc != 0)
                        goto next;
                expect_fields(ctx, chisq_fields, NFIELDS(chisq_fields), &c, t, r);
                expect_close(ctx, "r_used", (double)c.r_used, tsv_num(t, r, "r_used"));
                expect_close(ctx, "c_used", (double)c.c_used, tsv_num(t, r, "c_used"));

                /* Transposing the table changes nothing. */
                for (i = 0; i < rows; i++)
                        for (j = 0; j < cols; j++)
                                tr[j * rows + i] = counts[i * cols + j];
                expect_rc(ctx, "statm_chisq (transposed)", statm_chisq(cols, rows, tr, &ct), 0);
                expect_close_tol(ctx, "transposed x2", ct.x2, c.x2, MERGE_TOL, 0);
                expect_close_tol(ctx, "transposed p", ct.p, c.p, MERGE_TOL, 1);
                expect_close_tol(ctx, "transposed cramer_v", ct.cramer_v, c.cramer_v, MERGE_TOL, 0);
        next:
                free(tr);
                free(counts);
        }
        tsv_free(t);
        END_COMPARISONS();
}

static void test_wilson_oracle(void **state)
{
        struct tsv *t = tsv_load("wilson.tsv");
        size_t r;

        (void)state;
        for (r = 0; r < t->nrow; r++) {
                double x = tsv_num(t, r, "x"), n = tsv_num(t, r, "n");
                double level = tsv_num(t, r, "level"), lo, hi;
                char ctx[128];

                snprintf(ctx, sizeof ctx, "wilson %g/%g at %g", x, n, level);
                expect_rc(ctx, "statm_wilson", statm_wilson(x, n, level, &lo, &hi), 0);
                expect_close(ctx, "lo", lo, tsv_num(t, r, "lo"));
                expect_close(ctx, "hi", hi, tsv_num(t, r, "hi"));
        }
        tsv_free(t);
        END_COMPARISONS();
}

static void test_holm_oracle(void **state)
{
        struct tsv *t = tsv_load("holm.tsv");
        size_t r = 0, i;

        (void)state;
        while (r < t->nrow) {
                const char *name = tsv_str(t, r, "case");
                size_t m = 0;
                double *p, *adj, *inplace;
                char ctx[128];

                while (r + m < t->nrow && strcmp(tsv_str(t, r + m, "case"), name) == 0)
                        m++;
                p = xcalloc(m, sizeof *p);
                adj = xcalloc(m, sizeof *adj);
                inplace = xcalloc(m, sizeof *inplace);
                for (i = 0; i < m; i++) {
                        assert_int_equal((size_t)tsv_num(t, r + i, "i"), i);
                        p[i] = inplace[i] = tsv_num(t, r + i, "p");
                }
                snprintf(ctx, sizeof ctx, "holm %s", name);
                expect_rc(ctx, "statm_holm", statm_holm(m, p, adj), 0);
                expect_rc(ctx, "statm_holm in place", statm_holm(m, inplace, inplace), 0);
                for (i = 0; i < m; i++) {
                        expect_close_tol(ctx, "adj", adj[i], tsv_num(t, r + i, "adj"), REL_TOL, 1);
                        expect_close_tol(ctx, "adj in place", inplace[i], adj[i], 0.0, 1);
                }
                free(p);
                free(adj);
                free(inplace);
                r += m;
        }
        tsv_free(t);
        END_COMPARISONS();
}

/*
 * Cronbach's alpha: the item matrix goes row by row (NA = missing answer,
 * passed as NAN) into co-moment accumulators, whole and in three merged
 * parts; R computed cov() of the complete cases directly.
 */
static void test_alpha_oracle(void **state)
{
        struct tsv *items = tsv_load("items.tsv");
        struct tsv *alpha = tsv_load("alpha.tsv");
        struct tsv *cov = tsv_load("cov.tsv");
        size_t a, r = 0, i;

        (void)state;
        for (a = 0; a < alpha->nrow; a++) {
                const char *name = tsv_str(alpha, a, "case");
                size_t k = (size_t)tsv_num(alpha, a, "k"), rows = 0, nresp, ncov = 0;
                struct statm_comoments one, parts[3], merged;
                double *x = xcalloc(k, sizeof *x), *c1 = xcalloc(k * k, sizeof *c1);
                double *c2 = xcalloc(k * k, sizeof *c2), want, al, total;
                char ctx[128];
                int rc;

                snprintf(ctx, sizeof ctx, "alpha %s", name);
                while (r + rows < items->nrow &&
                       strcmp(tsv_str(items, r + rows, "case"), name) == 0)
                        rows++;
                assert_true(rows % k == 0);
                nresp = rows / k;
                assert_int_equal(statm_comoments_init(&one, k), 0);
                for (i = 0; i < 3; i++)
                        assert_int_equal(statm_comoments_init(&parts[i], k), 0);
                assert_int_equal(statm_comoments_init(&merged, k), 0);
                for (i = 0; i < nresp; i++) {
                        size_t j, part = i < nresp / 3 ? 0 : i < 2 * nresp / 3 ? 1 : 2;
                        int complete = 1;
                        for (j = 0; j < k; j++) {
                                size_t row = r + i * k + j;
                                assert_int_equal((size_t)tsv_num(items, row, "resp"), i);
                                assert_int_equal((size_t)tsv_num(items, row, "item"), j);
                                x[j] = tsv_num(items, row, "value");
                                if (isnan(x[j]))
                                        complete = 0;
                        }
                        expect_rc(ctx, "statm_comoments_add", statm_comoments_add(&one, x),
                                  complete ? 0 : -1);
                        statm_comoments_add(&parts[part], x);
                }
                r += rows;
                for (i = 0; i < 3; i++)
                        expect_rc(ctx, "statm_comoments_merge",
                                  statm_comoments_merge(&merged, &parts[i]), 0);
                expect_close(ctx, "n", one.n, tsv_num(alpha, a, "n"));
                expect_close(ctx, "merged n", merged.n, one.n);

                rc = statm_comoments_cov(&one, c1);
                expect_rc(ctx, "statm_comoments_cov (merged)", statm_comoments_cov(&merged, c2),
                          rc);
                want = tsv_num(alpha, a, "total_var");
                if (isnan(want)) {
                        expect_rc(ctx, "statm_comoments_cov", rc, -1);
                } else if (rc == 0) {
                        for (i = 0; i < cov->nrow; i++) {
                                size_t ci, cj;
                                if (strcmp(tsv_str(cov, i, "case"), name) != 0)
                                        continue;
                                ci = (size_t)tsv_num(cov, i, "i");
                                cj = (size_t)tsv_num(cov, i, "j");
                                expect_close(ctx, "cov", c1[ci * k + cj], tsv_num(cov, i, "cov"));
                                expect_close_tol(ctx, "merged cov", c2[ci * k + cj],
                                                 c1[ci * k + cj], MERGE_TOL, 0);
                                ncov++;
                        }
                        expect_close(ctx, "cov entries", (double)ncov, (double)(k * k));
                        total = 0.0;
                        for (i = 0; i < k * k; i++)
                                total += c1[i];
                        expect_close(ctx, "total_var", total, want);
                } else {
                        expect_rc(ctx, "statm_comoments_cov", rc, 0);
                }

                want = tsv_num(alpha, a, "alpha");
                rc = rc == 0 ? statm_cronbach_alpha(k, c1, &al) : -1;
                if (isnan(want)) {
                        expect_rc(ctx, "statm_cronbach_alpha", rc, -1);
                } else {
                        expect_rc(ctx, "statm_cronbach_alpha", rc, 0);
                        expect_close(ctx, "alpha", al, want);
                        expect_rc(ctx, "statm_cronbach_alpha (merged)",
                                  statm_cronbach_alpha(k, c2, &al), 0);
                        expect_close(ctx, "merged alpha", al, want);
                }
                for (i = 0; i < 3; i++)
                        statm_comoments_clear(&parts[i]);
                statm_comoments_clear(&merged);
                statm_comoments_clear(&one);
                free(x);
                free(c1);
                free(c2);
        }
        assert_int_equal(r, items->nrow);
        tsv_free(items);
        tsv_free(alpha);
        tsv_free(cov);
        END_COMPARISONS();
}

/* ---------------------------------------------------------------------------
 * Hand-written edge cases.
 */

static void test_moments_edges(void **state)
{
        struct statm_moments m = {0}, e = {0}, w, r;
        double v = 42.0;
        int i;

        (void)state;
        /* n = 0: nothing is defined. */
        assert_int_equal(statm_moments_mean(&m, &v), -1);
        assert_int_equal(statm_moments_var(&m, &v), -1);
        assert_int_equal(statm_moments_sd(&m, &v), -1);
        assert_true(v == 42.0);
        assert_int_equal(statm_moments_t_ci(&m, 0.95, &v, &v), -1);
        statm_moments_merge(&m, &e);
        assert_true(m.n == 0.0 && m.mean == 0.0 && m.m2 == 0.0);

        /* Non-finite input is refused and leaves m alone. */
        assert_int_equal(statm_moments_add(&m, NAN), -1);
        assert_int_equal(statm_moments_add(&m, INFINITY), -1);
        assert_int_equal(statm_moments_add_w(&m, 3.0, -1.0), -1);
        assert_int_equal(statm_moments_add_w(&m, 3.0, NAN), -1);
        assert_int_equal(statm_moments_add_w(&m, NAN, 1.0), -1);
        assert_true(m.n == 0.0);
        assert_int_equal(statm_moments_add_w(&m, 3.0, 0.0), 0);
        assert_true(m.n == 0.0);

        /* n = 1: a mean but no variance. */
        assert_int_equal(statm_moments_add(&m, 3.5), 0);
        assert_int_equal(statm_moments_mean(&m, &v), 0);
        assert_true(v == 3.5);
        assert_int_equal(statm_moments_var(&m, &v), -1);

        /* n = 2. */
        assert_int_equal(statm_moments_add(&m, 5.5), 0);
        assert_int_equal(statm_moments_var(&m, &v), 0);
        assert_true(v == 2.0);

        /* Merging into an empty accumulator copies; merging empty is a no-op. */
        statm_moments_init(&r);
        statm_moments_merge(&r, &m);
        assert_memory_equal(&r, &m, sizeof r);
        statm_moments_merge(&r, &e);
        assert_memory_equal(&r, &m, sizeof r);

        /* add_w(x, 3) is adding x three times; constant data has variance 0. */
        statm_moments_init(&w);
        statm_moments_init(&r);
        assert_int_equal(statm_moments_add_w(&w, 4.0, 3.0), 0);
        for (i = 0; i < 3; i++)
                assert_int_equal(statm_moments_add(&r, 4.0), 0);
        assert_memory_equal(&w, &r, sizeof r);
        assert_int_equal(statm_moments_var(&w, &v), 0);
        assert_true(v == 0.0);
        assert_int_equal(statm_moments_t_ci(&w, 0.95, &v, &v), 0);
        assert_true(v == 4.0);
}

static void test_comoments_edges(void **state)
{
        struct statm_comoments z = {0}, a, b, c;
        double x[2] = {1.0, 2.0}, cov[4] = {7, 7, 7, 7};

        (void)state;
        statm_comoments_clear(&z); /* zeroed: no-op */
        statm_comoments_clear(NULL);
        assert_int_equal(statm_comoments_init(&z, 0), -1);
        statm_comoments_clear(&z);
        assert_int_equal(statm_comoments_add(&z, x), -1);
        assert_int_equal(statm_comoments_cov(&z, cov), -1);

        assert_int_equal(statm_comoments_init(&a, 2), 0);
        assert_int_equal(statm_comoments_init(&b, 3), 0);
        assert_int_equal(statm_comoments_merge(&a, &b), -1);
        assert_int_equal(statm_comoments_merge(&a, &z), -1);

        /* Incomplete cases are not counted. */
        x[1] = NAN;
        assert_int_equal(statm_comoments_add(&a, x), -1);
        assert_true(a.n == 0.0);
        x[1] = 2.0;
        assert_int_equal(statm_comoments_add(&a, x), 0);
        assert_int_equal(statm_comoments_cov(&a, cov), -1);
        assert_true(cov[0] == 7.0);
        x[0] = 3.0;
        x[1] = 6.0;
        assert_int_equal(statm_comoments_add(&a, x), 0);
        assert_int_equal(statm_comoments_cov(&a, cov), 0);
        assert_true(cov[0] == 2.0 && cov[1] == 4.0 && cov[2] == 4.0 && cov[3] == 8.0);

        /* Merging into an empty accumulator copies it exactly. */
        assert_int_equal(statm_comoments_init(&c, 2), 0);
        assert_int_equal(statm_comoments_merge(&c, &a), 0);
        assert_true(c.n == a.n);
        assert_memory_equal(c.c, a.c, 3 * sizeof *c.c); /* k = 2: 3 packed pairs */
        assert_memory_equal(c.mean, a.mean, 2 * sizeof *c.mean);

        statm_comoments_reset(&a);
        assert_true(a.n == 0.0 && a.c[2] == 0.0 && a.mean[1] == 0.0);
        statm_comoments_clear(&a);
        statm_comoments_clear(&a); /* twice: the first zeroed it */
        statm_comoments_clear(&b);
        statm_comoments_clear(&c);
}

static void test_quantile_edges(void **state)
{
        double one_v[] = {4.0}, one_c[] = {1.0};
        double two_v[] = {2.0, 5.0}, two_c[] = {1.0, 1.0};
        double gap_v[] = {1, 2, 3, 4, 5}, gap_c[] = {0, 3, 0, 0, 1};
        double bad_v[] = {2.0, 2.0}, frac_c[] = {1.5, 1.0}, zero_c[] = {0.0, 0.0};
        double v = -1.0;

        (void)state;
        /* n = 0 and bad arguments. */
        assert_int_equal(statm_quantile_counts(one_v, one_c, 0, 0.5, &v), -1);
        assert_int_equal(statm_quantile_counts(two_v, zero_c, 2, 0.5, &v), -1);
        assert_int_equal(statm_quantile_counts(two_v, two_c, 2, -0.01, &v), -1);
        assert_int_equal(statm_quantile_counts(two_v, two_c, 2, 1.01, &v), -1);
        assert_int_equal(statm_quantile_counts(two_v, two_c, 2, NAN, &v), -1);
        assert_int_equal(statm_quantile_counts(bad_v, two_c, 2, 0.5, &v), -1);
        assert_int_equal(statm_quantile_counts(two_v, frac_c, 2, 0.5, &v), -1);
        assert_true(v == -1.0);

        /* n = 1: every quantile is the value. */
        assert_int_equal(statm_quantile_counts(one_v, one_c, 1, 0.0, &v), 0);
        assert_true(v == 4.0);
        assert_int_equal(statm_quantile_counts(one_v, one_c, 1, 0.37, &v), 0);
        assert_true(v == 4.0);
        assert_int_equal(statm_median_counts(one_v, one_c, 1, &v), 0);
        assert_true(v == 4.0);

        /* n = 2: linear between the two. */
        assert_int_equal(statm_median_counts(two_v, two_c, 2, &v), 0);
        assert_true(v == 3.5);
        assert_int_equal(statm_quantile_counts(two_v, two_c, 2, 0.25, &v), 0);
        assert_true(v == 2.75);
        assert_int_equal(statm_quantile_counts(two_v, two_c, 2, 1.0, &v), 0);
        assert_true(v == 5.0);

        /* Zero counts are skipped: sample 2 2 2 5. */
        assert_int_equal(statm_quantile_counts(gap_v, gap_c, 5, 0.0, &v), 0);
        assert_true(v == 2.0);
        assert_int_equal(statm_quantile_counts(gap_v, gap_c, 5, 0.5, &v), 0);
        assert_true(v == 2.0);
        assert_int_equal(statm_quantile_counts(gap_v, gap_c, 5, 5.0 / 6.0, &v), 0);
        assert_float_equal(v, 3.5, 1e-12);
}

static void test_interval_edges(void **state)
{
        double lo = -7.0, hi = -7.0;

        (void)state;
        assert_int_equal(statm_t_ci(1, 3.0, 1.0, 0.95, &lo, &hi), -1);
        assert_int_equal(statm_t_ci(0, 3.0, 1.0, 0.95, &lo, &hi), -1);
        assert_int_equal(statm_t_ci(5, 3.0, -1.0, 0.95, &lo, &hi), -1);
        assert_int_equal(statm_t_ci(5, 3.0, 1.0, 0.0, &lo, &hi), -1);
        assert_int_equal(statm_t_ci(5, 3.0, 1.0, 1.0, &lo, &hi), -1);
        assert_int_equal(statm_t_ci(5, NAN, 1.0, 0.95, &lo, &hi), -1);
        assert_int_equal(statm_t_ci(5, 3.0, INFINITY, 0.95, &lo, &hi), -1);
        assert_true(lo == -7.0 && hi == -7.0);
        assert_int_equal(statm_t_ci(5, 3.0, 0.0, 0.95, &lo, &hi), 0);
        assert_true(lo == 3.0 && hi == 3.0);
        /* n = 2: df = 1, t(0.975, 1) = 12.7062047361747. */
        assert_int_equal(statm_t_ci(2, 0.0, 1.0, 0.95, &lo, &hi), 0);
        assert_float_equal(hi, 12.706204736174707 / sqrt(2.0), 1e-12);

        lo = hi = -7.0;
        assert_int_equal(statm_wilson(0, 0, 0.95, &lo, &hi), -1);
        assert_int_equal(statm_wilson(-1, 10, 0.95, &lo, &hi), -1);
        assert_int_equal(statm_wilson(11, 10, 0.95, &lo, &hi), -1);
        assert_int_equal(statm_wilson(5, 10, 1.5, &lo, &hi), -1);
        assert_int_equal(statm_wilson(NAN, 10, 0.95, &lo, &hi), -1);
        assert_true(lo == -7.0 && hi == -7.0);
        assert_int_equal(statm_wilson(0, 10, 0.95, &lo, &hi), 0);
        assert_true(lo == 0.0 && hi > 0.0 && hi < 1.0);
        assert_int_equal(statm_wilson(10, 10, 0.95, &lo, &hi), 0);
        assert_true(hi == 1.0 && lo > 0.0 && lo < 1.0);
        assert_int_equal(statm_wilson(1e6, 1e6, 0.95, &lo, &hi), 0);
        assert_true(hi == 1.0 && lo <= 1.0);
}

static void test_test_edges(void **state)
{
        struct statm_welch w = {0};
        struct statm_anova a = {0};
        double n[] = {5, 6, 7}, mean[] = {3, 3.5, 4}, var[] = {1, 0.5, 2};
        double zv[] = {1, 0, 2}, n1[] = {5, 1, 7};

        (void)state;
        assert_int_equal(statm_welch_t(1, 3, 1, 5, 3, 1, 0.95, &w), -1);
        assert_int_equal(statm_welch_t(5, 3, 1, 1, 3, 1, 0.95, &w), -1);
        assert_int_equal(statm_welch_t(5, 3, 0, 5, 4, 0, 0.95, &w), -1); /* constant */
        assert_int_equal(statm_welch_t(5, 3, -1, 5, 4, 1, 0.95, &w), -1);
        assert_int_equal(statm_welch_t(5, 3, 1, 5, 4, 1, 0.0, &w), -1);
        assert_true(w.t == 0.0 && w.p == 0.0);
        /* One constant group: df is the other group's n - 1. */
        assert_int_equal(statm_welch_t(5, 3, 0, 8, 4, 2, 0.95, &w), 0);
        assert_float_equal(w.df, 7.0, 1e-12);
        assert_float_equal(w.t, -1.0 / sqrt(0.5), 1e-12);
        /* Equal means: t = 0, p = 1, d = 0. */
        assert_int_equal(statm_welch_t(5, 3, 1, 8, 3, 2, 0.95, &w), 0);
        assert_true(w.t == 0.0 && w.d == 0.0);
        assert_float_equal(w.p, 1.0, 1e-15);

        assert_int_equal(statm_welch_anova(1, n, mean, var, &a), -1); /* one group */
        assert_int_equal(statm_welch_anova(0, n, mean, var, &a), -1);
        assert_int_equal(statm_welch_anova(3, n, mean, zv, &a), -1);   /* zero variance */
        assert_int_equal(statm_welch_anova(3, n1, mean, var, &a), -1); /* n < 2 */
        assert_true(a.f == 0.0);
        assert_int_equal(statm_welch_anova(3, n, mean, var, &a), 0);
        assert_true(a.p > 0.0 && a.p < 1.0 && a.eta2 > 0.0 && a.eta2 < 1.0);
}

static void test_kruskal_edges(void **state)
{
        /* 3 groups x 3 values; the middle group is empty in `gap`. */
        double base[] = {3, 1, 0, 0, 2, 4, 1, 1, 1};
        double gap[] = {3, 1, 0, 0, 0, 0, 0, 2, 4, 1, 1, 1};
        double tied[] = {0, 4, 0, 0, 3, 0};
        double frac[] = {0.5, 1, 0, 1, 2, 3};
        struct statm_kw a = {0}, b = {0};

        (void)state;
        assert_int_equal(statm_kruskal(3, 3, base, &a), 0);
        assert_int_equal(statm_kruskal(4, 3, gap, &b), 0);
        assert_memory_equal(&a, &b, sizeof a);
        assert_true(a.df == 2.0);
        /* One group, every value tied, fractional counts, nothing at all. */
        memset(&b, 0, sizeof b);
        assert_int_equal(statm_kruskal(1, 3, base, &b), -1);
        assert_int_equal(statm_kruskal(2, 3, tied, &b), -1);
        assert_int_equal(statm_kruskal(2, 3, frac, &b), -1);
        assert_int_equal(statm_kruskal(3, 0, base, &b), -1);
        assert_true(b.h == 0.0);
        /* Same data, same ranks: H = 0. */
        {
                double same[] = {1, 2, 3, 2, 4, 6};
                assert_int_equal(statm_kruskal(2, 3, same, &a), 0);
                assert_float_equal(a.h, 0.0, 1e-15);
                assert_float_equal(a.p, 1.0, 1e-15);
        }
}

static void test_chisq_edges(void **state)
{
        double with_zero[] = {10, 0, 5, 0, 0, 0, 3, 0, 9};
        double without[] = {10, 5, 3, 9};
        double neg[] = {1, -1, 2, 3};
        double bad[] = {1, NAN, 2, 3};
        struct statm_chisq a = {0}, b = {0};

        (void)state;
        assert_int_equal(statm_chisq(3, 3, with_zero, &a), 0);
        assert_int_equal(statm_chisq(2, 2, without, &b), 0);
        assert_memory_equal(&a, &b, sizeof a);
        assert_true(a.r_used == 2 && a.c_used == 2 && a.df == 1.0);
        memset(&b, 0, sizeof b);
        assert_int_equal(statm_chisq(2, 2, neg, &b), -1);
        assert_int_equal(statm_chisq(2, 2, bad, &b), -1);
        assert_int_equal(statm_chisq(0, 0, neg, &b), -1);
        assert_int_equal(statm_chisq(1, 4, without, &b), -1);
        assert_true(b.x2 == 0.0);
}

static void test_holm_edges(void **state)
{
        double p[] = {0.2, 1.5}, adj[] = {-1, -1}, q[] = {NAN, 0.1};

        (void)state;
        assert_int_equal(statm_holm(0, p, adj), 0);
        assert_int_equal(statm_holm(2, p, adj), -1);
        assert_int_equal(statm_holm(2, q, adj), -1);
        assert_true(adj[0] == -1.0 && adj[1] == -1.0);
        assert_int_equal(statm_holm(1, p, adj), 0);
        assert_true(adj[0] == 0.2);
}

static void test_alpha_edges(void **state)
{
        double one[] = {2.0}, zero[] = {0, 0, 0, 0}, bad[] = {1, NAN, NAN, 1};
        double perfect[] = {1, 1, 1, 1}, indep[] = {1, 0, 0, 1}, alpha = -9.0;

        (void)state;
        assert_int_equal(statm_cronbach_alpha(1, one, &alpha), -1); /* k = 1 */
        assert_int_equal(statm_cronbach_alpha(0, one, &alpha), -1);
        assert_int_equal(statm_cronbach_alpha(2, zero, &alpha), -1);
        assert_int_equal(statm_cronbach_alpha(2, bad, &alpha), -1);
        assert_true(alpha == -9.0);
        assert_int_equal(statm_cronbach_alpha(2, perfect, &alpha), 0);
        assert_float_equal(alpha, 1.0, 1e-15);
        assert_int_equal(statm_cronbach_alpha(2, indep, &alpha), 0);
        assert_float_equal(alpha, 0.0, 1e-15);
}

/* GSL failures become -1 and the caller's GSL error handler survives. */
static void dummy_handler(const char *reason, const char *file, int line, int gsl_errno)
{
        (void)reason;
        (void)file;
        (void)line;
        (void)gsl_errno;
}

static void test_gsl_handler_restored(void **state)
{
        struct statm_welch w;
        gsl_error_handler_t *old = gsl_set_error_handler(dummy_handler);
        double lo, hi;

        (void)state;
        assert_int_equal(statm_t_ci(10, 1, 1, 0.95, &lo, &hi), 0);
        assert_int_equal(statm_welch_t(10, 1, 1, 12, 2, 3, 0.9, &w), 0);
        assert_ptr_equal(gsl_set_error_handler(old), dummy_handler);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test_setup(test_moments_oracle, setup_count),
            cmocka_unit_test_setup(test_welch_oracle, setup_count),
            cmocka_unit_test_setup(test_anova_oracle, setup_count),
            cmocka_unit_test_setup(test_anova_classic_oracle, setup_count),
            cmocka_unit_test_setup(test_kruskal_oracle, setup_count),
            cmocka_unit_test_setup(test_chisq_oracle, setup_count),
            cmocka_unit_test_setup(test_wilson_oracle, setup_count),
            cmocka_unit_test_setup(test_holm_oracle, setup_count),
            cmocka_unit_test_setup(test_alpha_oracle, setup_count),
            cmocka_unit_test(test_moments_edges),
            cmocka_unit_test(test_comoments_edges),
            cmocka_unit_test(test_quantile_edges),
            cmocka_unit_test(test_interval_edges),
            cmocka_unit_test(test_test_edges),
            cmocka_unit_test(test_kruskal_edges),
            cmocka_unit_test(test_chisq_edges),
            cmocka_unit_test(test_holm_edges),
            cmocka_unit_test(test_alpha_edges),
            cmocka_unit_test(test_gsl_handler_restored),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_privacy.c - attacks the published results table, as a reader of
 * results.csv could, and checks that no small group is disclosed.
 *
 * Runs the pipeline on the bundled sample (input/kaustisen-seutu.ini) and on
 * the oracle fixture (tests/cases/oracle/), writes every output file into a
 * folder under build/, and then:
 *
 * 1. Primary rule: every row that carries a figure rests on at least
 *    min_group_size respondents (its n), except the file's row counts
 *    (subject "rows"), the word "suppressed" of a hidden light, and figures
 *    tied to no wave (the strategy register: actions, not respondents).
 *
 * 2. Differencing. Published figures obey sums: (a) the municipalities add up
 *    to the region, (b) in each group the categories of one breakdown plus the
 *    respondents without a category (a residual that is never published) add
 *    up to the group, (c) each category's municipalities add up to the
 *    region's category. For every wave and subject family (respondents; an
 *    item or a dimension, rooted at its "n"; an action area, rooted at
 *    "gap_mean"), the hidden cells (those with a suppression note) and the
 *    residuals are unknowns of a linear system made of every such sum; the
 *    published figures are its right-hand sides, one column per additive
 *    statistic: n or respondents, missing, dontknow, count per category, and
 *    the sums mean * n and (n - 1) sd^2 + n mean^2. Gauss-Jordan elimination
 *    tells which unknowns the published figures determine exactly; a
 *    residual is known to be empty when the respondents' system determines it
 *    as 0. The test fails when
 *      - a single hidden cell (or an existing residual) is determined and its
 *        n is below the minimum, or
 *      - the hidden cells left in one sum, taken together, are determined and
 *        hold fewer than the minimum (README: "at least two of them with,
 *        together, at least min_group_size answers").
 *    All additive statistics of a family share its hidden cells, so they are
 *    determined together: the n column tells how many answers a recovery
 *    concerns. Per-cell identities (n + dontknow + missing = respondents,
 *    n = sum of counts) add nothing: any unknown the sums leave free stays
 *    free under them (shift n and dontknow of the same cells in opposite
 *    directions). Every sum with no unknown is checked to hold, which
 *    validates the model.
 *
 * 3. The headcount-weighted region mean (mean_weighted) is not a sum of
 *    published cells: with the pooled region mean it gives a second equation
 *    in the hidden municipalities' means. With one or two hidden
 *    municipalities, every split of the hidden n is tried, and a split whose
 *    solution is a possible sum of dimension scores (in range, a multiple of
 *    1/lcm(1..k)) recovers the hidden means; a unique such solution for a
 *    primarily suppressed municipality is a disclosure.
 *
 * 4. Respondent ids and free text (the marker strings ZZIDMARKER and
 *    ZZFREETEXTMARKER are in the exports) appear in no file of the output
 *    folder, and no cell reads nan or inf.
 *
 * 5. One neutral status: every withheld figure says "suppressed" and nothing
 *    else (no note tells a small cell from one withheld to protect it); in the
 *    sample, small municipal cells withhold a large region category too (the
 *    region's 2024 education sector: complementary cells exist, unmarked).
 *
 * Run from the repository root: ./build/san/test_privacy
 * (DM_PRIVACY_VERBOSE=1 lists every hidden quantity the attack determines).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "pipeline.h"
#include "results.h"
#include "util.h"

#define TOL 1e-7

static int violations;
static int quiet; /* while the attack is tested on a leaky table */

static void violation(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void violation(const char *fmt, ...)
{
        va_list ap;
        char msg[1024];
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        if (violations < 40 && !quiet)
                print_error("%s\n", msg);
        violations++;
}

/* ---------------------------------------------------------------------------
 * A small set of strings in first-seen order.
 */

struct strset {
        const char **v;
        size_t n;
};

static size_t strset_add(struct strset *s, const char *x)
{
        for (size_t i = 0; i < s->n; i++)
                if (!strcmp(s->v[i], x))
                        return i;
        s->v = xrealloc(s->v, (s->n + 1) * sizeof *s->v);
        s->v[s->n] = x;
        return s->n++;
}

/* ---------------------------------------------------------------------------
 * The layout of one wave: groups (municipalities, then ALL) and breakdowns
 * with their categories, as the published rows show them.
 */

struct bd {
        char *id;           /* "sector" */
        struct strset cats; /* full breakdown strings "sector=Muu" */
};

struct layout {
        const char *wave;
        size_t G; /* groups; index G - 1 is ALL */
        const char **groups;
        struct bd *bds;
        size_t nbd;
        size_t ncells;       /* G * (1 + total categories) */
        const char **cellbd; /* per cell column: "" or the breakdown string */
        size_t ncols;        /* 1 + total categories */
};

static void layout_build(struct layout *L, const struct config *cfg, const struct results *res,
                         const char *wave)
{
        memset(L, 0, sizeof *L);
        L->wave = wave;
        L->G = cfg->nmunis + 1;
        L->groups = xcalloc(L->G, sizeof *L->groups);
        for (size_t m = 0; m < cfg->nmunis; m++)
                L->groups[m] = cfg->munis[m].name;
        L->groups[cfg->nmunis] = "ALL";
        for (size_t i = 0; i < results_count(res); i++) {
                const struct result_row *r = results_row(res, i);
                if (strcmp(r->wave, wave) || !*r->breakdown)
                        continue;
                const char *eq = strchr(r->breakdown, '=');
                if (!eq) /* a test across a breakdown's categories, not a cell */
                        continue;
                size_t len = (size_t)(eq - r->breakdown), b;
                for (b = 0; b < L->nbd; b++)
                        if (strlen(L->bds[b].id) == len &&
                            !strncmp(L->bds[b].id, r->breakdown, len))
                                break;
                if (b == L->nbd) {
                        L->bds = xrealloc(L->bds, (L->nbd + 1) * sizeof *L->bds);
                        memset(&L->bds[b], 0, sizeof L->bds[b]);
                        L->bds[b].id = xstrndup(r->breakdown, len);
                        L->nbd++;
                }
                strset_add(&L->bds[b].cats, r->breakdown);
        }
        L->ncols = 1;
        for (size_t b = 0; b < L->nbd; b++)
                L->ncols += L->bds[b].cats.n;
        L->cellbd = xcalloc(L->ncols, sizeof *L->cellbd);
        L->cellbd[0] = "";
        size_t c = 1;
        for (size_t b = 0; b < L->nbd; b++)
                for (size_t k = 0; k < L->bds[b].cats.n; k++)
                        L->cellbd[c++] = L->bds[b].cats.v[k];
        L->ncells = L->G * L->ncols;
}

static void layout_free(struct layout *L)
{
        for (size_t b = 0; b < L->nbd; b++) {
                free(L->bds[b].id);
                free(L->bds[b].cats.v);
        }
        free(L->bds);
        free(L->groups);
        free(L->cellbd);
}

/* Column of breakdown b's k-th category. */
static size_t bd_col(const struct layout *L, size_t b, size_t k)
{
        size_t c = 1;
        for (size_t i = 0; i < b; i++)
                c += L->bds[i].cats.n;
        return c + k;
}

/* ---------------------------------------------------------------------------
 * One subject family of one wave: cell states and additive statistics.
 */

enum cstate { C_ABSENT, C_PUBLISHED, C_HIDDEN };

enum fkind { F_RESP, F_N, F_GAP };

struct family {
        enum fkind kind;
        const char *subject;
        size_t nstat;         /* columns: [0] is the n that a recovery concerns */
        char **statname;      /* for messages */
        unsigned char *state; /* [ncells] */
        double *val;          /* [ncells * nstat], published cells */
        int primary_hidden_any;
};

/* Adds a statistic column named name; returns its index. */
static size_t fam_stat(struct family *f, const char *name)
{
        for (size_t i = 0; i < f->nstat; i++)
                if (!strcmp(f->statname[i], name))
                        return i;
        f->statname = xrealloc(f->statname, (f->nstat + 1) * sizeof *f->statname);
        f->statname[f->nstat] = xstrdup(name);
        return f->nstat++;
}

static void family_free(struct family *f)
{
        for (size_t i = 0; i < f->nstat; i++)
                free(f->statname[i]);
        free(f->statname);
        free(f->state);
        free(f->val);
}

static int get(const struct results *res, const struct layout *L, size_t g, size_t col,
               const char *subject, const char *stat, const char *cat, double *v)
{
        return results_get(res, L->wave, L->groups[g], L->cellbd[col], subject, stat, cat, v);
}

/*
 * Reads a family's cells from the table. The root statistic's row says
 * whether a cell exists and is published or hidden.
 */
static void family_build(struct family *f, const struct results *res, const struct layout *L,
                         enum fkind kind, const char *subject)
{
        memset(f, 0, sizeof *f);
        f->kind = kind;
        f->subject = subject;
        const char *root = kind == F_RESP ? "respondents" : kind == F_GAP ? "gap_mean" : "n";
        f->state = xcalloc(L->ncells, 1);
        fam_stat(f, kind == F_RESP ? "respondents" : "n");
        /* Which additive statistics exist: every count category, and the rest. */
        struct strset cats = {0};
        int has_mean = 0, has_sd = 0, has_missing = 0, has_dk = 0;
        for (size_t i = 0; i < results_count(res); i++) {
                const struct result_row *r = results_row(res, i);
                if (strcmp(r->wave, L->wave) || strcmp(r->subject, subject) || !r->has_value)
                        continue;
                if (kind == F_N && !strcmp(r->statistic, "count"))
                        strset_add(&cats, r->category);
                if (kind == F_N) {
                        has_mean |= !strcmp(r->statistic, "mean");
                        has_sd |= !strcmp(r->statistic, "sd");
                        has_missing |= !strcmp(r->statistic, "missing");
                        has_dk |= !strcmp(r->statistic, "dontknow");
                }
        }
        if (kind == F_N) {
                if (has_missing)
                        fam_stat(f, "missing");
                if (has_dk)
                        fam_stat(f, "dontknow");
                for (size_t k = 0; k < cats.n; k++) {
                        char name[128];
                        snprintf(name, sizeof name, "count[%s]", cats.v[k]);
                        fam_stat(f, name);
                }
                if (has_mean)
                        fam_stat(f, "sum");
                if (has_sd)
                        fam_stat(f, "sumsq");
        } else if (kind == F_GAP) {
                fam_stat(f, "sum_gap");
                fam_stat(f, "sum_current");
                fam_stat(f, "sum_target");
        }
        f->val = xcalloc(L->ncells * f->nstat, sizeof *f->val);
        for (size_t g = 0; g < L->G; g++) {
                for (size_t col = 0; col < L->ncols; col++) {
                        size_t cell = g * L->ncols + col;
                        const struct result_row *r = results_find(
                            res, L->wave, L->groups[g], L->cellbd[col], subject, root, "");
                        if (!r)
                                continue;
                        if (*r->note) {
                                f->state[cell] = C_HIDDEN;
                                f->primary_hidden_any |= !strcmp(r->note, "suppressed");
                                continue;
                        }
                        f->state[cell] = C_PUBLISHED;
                        double *v = &f->val[cell * f->nstat];
                        double n = kind == F_GAP ? (double)r->n : r->value;
                        v[0] = n;
                        size_t s = 1;
                        double x, mean = 0, sd = 0;
                        if (kind == F_N) {
                                if (has_missing) {
                                        assert_true(
                                            get(res, L, g, col, subject, "missing", "", &x));
                                        v[s++] = x;
                                }
                                if (has_dk) {
                                        assert_true(
                                            get(res, L, g, col, subject, "dontknow", "", &x));
                                        v[s++] = x;
                                }
                                /* A value absent from a published distribution has count 0. */
                                for (size_t k = 0; k < cats.n; k++)
                                        v[s++] =
                                            get(res, L, g, col, subject, "count", cats.v[k], &x)
                                                ? x
                                                : 0;
                                if (has_mean) {
                                        assert_true(
                                            get(res, L, g, col, subject, "mean", "", &mean));
                                        v[s++] = mean * n;
                                }
                                if (has_sd) {
                                        assert_true(get(res, L, g, col, subject, "sd", "", &sd));
                                        v[s++] = (n - 1) * sd * sd + n * mean * mean;
                                }
                        } else if (kind == F_GAP) {
                                assert_true(get(res, L, g, col, subject, "gap_mean", "", &x));
                                v[s++] = x * n;
                                assert_true(get(res, L, g, col, subject, "current_mean", "", &x));
                                v[s++] = x * n;
                                assert_true(get(res, L, g, col, subject, "target_mean", "", &x));
                                v[s++] = x * n;
                        }
                }
        }
        free(cats.v);
}

/* ---------------------------------------------------------------------------
 * The linear system of one family.
 */

struct term {
        long unk; /* unknown index, or -1 for a known value */
        size_t cell;
        int is_res; /* the residual of (group, breakdown) */
        size_t g, b;
        double coef;
};

struct relation {
        struct term t[512];
        size_t n;
        long total; /* index of the total's term */
        char what[160];
};

struct system {
        const struct layout *L;
        const struct family *f;
        size_t nunk;
        long *cell_unk; /* [ncells]: unknown index or -1 */
        long *res_unk;  /* [G * nbd]: unknown index or -1 (known zero) */
        struct relation *rel;
        size_t nrel;
        /* Per unknown: what it is. */
        int *unk_is_res;
        size_t *unk_a, *unk_b; /* cell, or (group, breakdown) */
        /* Results of elimination. */
        int *determined;
        double *value; /* [nunk * nstat] */
};

static void rel_term(struct relation *r, const struct system *S, size_t cell, double coef)
{
        assert_true(r->n < sizeof r->t / sizeof r->t[0]);
        r->t[r->n++] = (struct term){S->cell_unk[cell], cell, 0, 0, 0, coef};
}

/*
 * Builds the sums (a), (b), (c). known_res[g * nbd + b] is 1 when the
 * residual of group g in breakdown b is known to be empty.
 */
static void system_build(struct system *S, const struct layout *L, const struct family *f,
                         const unsigned char *res_empty)
{
        memset(S, 0, sizeof *S);
        S->L = L;
        S->f = f;
        S->cell_unk = xcalloc(L->ncells, sizeof *S->cell_unk);
        S->res_unk = xcalloc(L->G * (L->nbd ? L->nbd : 1), sizeof *S->res_unk);
        size_t cap = L->ncells + L->G * L->nbd + 1;
        S->unk_is_res = xcalloc(cap, sizeof *S->unk_is_res);
        S->unk_a = xcalloc(cap, sizeof *S->unk_a);
        S->unk_b = xcalloc(cap, sizeof *S->unk_b);
        for (size_t c = 0; c < L->ncells; c++) {
                S->cell_unk[c] = -1;
                if (f->state[c] == C_HIDDEN) {
                        S->unk_a[S->nunk] = c;
                        S->cell_unk[c] = (long)S->nunk++;
                }
        }
        for (size_t g = 0; g < L->G; g++)
                for (size_t b = 0; b < L->nbd; b++) {
                        long *u = &S->res_unk[g * L->nbd + b];
                        *u = -1;
                        /* No group, no residual; a known-empty residual is 0. */
                        if (f->state[g * L->ncols] == C_ABSENT || res_empty[g * L->nbd + b])
                                continue;
                        S->unk_is_res[S->nunk] = 1;
                        S->unk_a[S->nunk] = g;
                        S->unk_b[S->nunk] = b;
                        *u = (long)S->nunk++;
                }
        S->rel = xcalloc(1 + L->G * L->nbd + (L->ncols - 1), sizeof *S->rel);
        size_t G = L->G, ALL = G - 1;
        /* (a) municipalities add up to the region. */
        struct relation *r = &S->rel[S->nrel++];
        for (size_t g = 0; g < ALL; g++)
                rel_term(r, S, g * L->ncols, 1);
        r->total = (long)r->n;
        rel_term(r, S, ALL * L->ncols, -1);
        snprintf(r->what, sizeof r->what, "municipalities = region");
        /* (b) categories + residual = group. */
        for (size_t g = 0; g < G; g++)
                for (size_t b = 0; b < L->nbd; b++) {
                        r = &S->rel[S->nrel++];
                        for (size_t k = 0; k < L->bds[b].cats.n; k++)
                                rel_term(r, S, g * L->ncols + bd_col(L, b, k), 1);
                        r->t[r->n++] = (struct term){S->res_unk[g * L->nbd + b], 0, 1, g, b, 1};
                        r->total = (long)r->n;
                        rel_term(r, S, g * L->ncols, -1);
                        snprintf(r->what, sizeof r->what, "%s: categories of %s = group",
                                 L->groups[g], L->bds[b].id);
                }
        /* (c) a category's municipalities add up to the region's category. */
        for (size_t col = 1; col < L->ncols; col++) {
                r = &S->rel[S->nrel++];
                for (size_t g = 0; g < ALL; g++)
                        rel_term(r, S, g * L->ncols + col, 1);
                r->total = (long)r->n;
                rel_term(r, S, ALL * L->ncols + col, -1);
                snprintf(r->what, sizeof r->what, "%s: municipalities = region", L->cellbd[col]);
        }
}

static void system_free(struct system *S)
{
        free(S->cell_unk);
        free(S->res_unk);
        free(S->rel);
        free(S->unk_is_res);
        free(S->unk_a);
        free(S->unk_b);
        free(S->determined);
        free(S->value);
}

/* The known value of statistic s of a term (0 for an absent cell or empty residual). */
static double term_known(const struct system *S, const struct term *t, size_t s)
{
        if (t->is_res || S->f->state[t->cell] != C_PUBLISHED)
                return 0;
        return S->f->val[t->cell * S->f->nstat + s];
}

static void unk_name(const struct system *S, size_t u, char *buf, size_t n)
{
        const struct layout *L = S->L;
        if (S->unk_is_res[u]) {
                snprintf(buf, n, "%s/%s without a category", L->groups[S->unk_a[u]],
                         L->bds[S->unk_b[u]].id);
                return;
        }
        size_t c = S->unk_a[u];
        snprintf(buf, n, "%s/%s", L->groups[c / L->ncols],
                 *L->cellbd[c % L->ncols] ? L->cellbd[c % L->ncols] : "total");
}

/*
 * Gauss-Jordan elimination of the system with one right-hand side per
 * statistic; marks the unknowns the published figures determine and their
 * values. Checks, on the way, that every sum without unknowns holds.
 */
static void system_solve(struct system *S)
{
        size_t U = S->nunk, K = S->f->nstat, R = S->nrel, W = U + K;
        double *A = xcalloc((R ? R : 1) * (W ? W : 1), sizeof *A);
        for (size_t i = 0; i < R; i++) {
                const struct relation *r = &S->rel[i];
                int unknowns = 0;
                for (size_t j = 0; j < r->n; j++) {
                        const struct term *t = &r->t[j];
                        if (t->unk >= 0) {
                                A[i * W + (size_t)t->unk] += t->coef;
                                unknowns = 1;
                        } else {
                                for (size_t s = 0; s < K; s++)
                                        A[i * W + U + s] -= t->coef * term_known(S, t, s);
                        }
                }
                if (!unknowns)
                        for (size_t s = 0; s < K; s++) {
                                double rhs = A[i * W + U + s];
                                double scale = 1;
                                for (size_t j = 0; j < r->n; j++)
                                        scale += fabs(term_known(S, &r->t[j], s));
                                if (fabs(rhs) > TOL * scale)
                                        violation("%s %s %s: published %s do not add up (%s): "
                                                  "off by %g",
                                                  S->L->wave, S->f->subject, r->what,
                                                  S->f->statname[s], "model broken", rhs);
                        }
        }
        size_t *pivcol = xcalloc(R ? R : 1, sizeof *pivcol);
        size_t rank = 0;
        for (size_t c = 0; c < U && rank < R; c++) {
                size_t best = rank;
                for (size_t i = rank; i < R; i++)
                        if (fabs(A[i * W + c]) > fabs(A[best * W + c]))
                                best = i;
                if (fabs(A[best * W + c]) < 1e-9)
                        continue;
                for (size_t j = 0; j < W; j++) {
                        double tmp = A[rank * W + j];
                        A[rank * W + j] = A[best * W + j];
                        A[best * W + j] = tmp;
                }
                double p = A[rank * W + c];
                for (size_t j = 0; j < W; j++)
                        A[rank * W + j] /= p;
                for (size_t i = 0; i < R; i++) {
                        if (i == rank || fabs(A[i * W + c]) < 1e-12)
                                continue;
                        double m = A[i * W + c];
                        for (size_t j = 0; j < W; j++)
                                A[i * W + j] -= m * A[rank * W + j];
                }
                pivcol[rank++] = c;
        }
        S->determined = xcalloc(U ? U : 1, sizeof *S->determined);
        S->value = xcalloc((U ? U : 1) * K, sizeof *S->value);
        for (size_t i = 0; i < rank; i++) {
                size_t c = pivcol[i];
                int alone = 1;
                for (size_t j = 0; j < U && alone; j++)
                        if (j != c && fabs(A[i * W + j]) > 1e-9)
                                alone = 0;
                if (!alone)
                        continue;
                S->determined[c] = 1;
                for (size_t s = 0; s < K; s++)
                        S->value[c * K + s] = A[i * W + U + s];
        }
        free(pivcol);
        free(A);
}

/*
 * Does a recovered set of cells hold respondents? A hidden cell always does
 * (its note says it exists); a residual does when it has a non-zero figure.
 */
static int recovered_exists(const struct system *S, int has_cell, const double *v)
{
        if (has_cell)
                return 1;
        for (size_t s = 0; s < S->f->nstat; s++)
                if (strncmp(S->f->statname[s], "sum", 3) && fabs(v[s]) > 0.5)
                        return 1;
        return 0;
}

/*
 * Checks what the system discloses; adds to *ncells the hidden cells and to
 * *nres the residuals that it determines (each one then holds at least min
 * answers, or is an empty residual, or a violation is reported).
 */
static void system_check(const struct system *S, int min, size_t *ncells, size_t *nres)
{
        size_t K = S->f->nstat;
        char name[256];
        for (size_t u = 0; u < S->nunk; u++) {
                if (!S->determined[u])
                        continue;
                if (S->unk_is_res[u])
                        (*nres)++;
                else
                        (*ncells)++;
                const double *v = &S->value[u * K];
                unk_name(S, u, name, sizeof name);
                if (v[0] < -TOL || fabs(v[0] - round(v[0])) > 1e-6)
                        violation("%s %s %s: recovered n %g is not a count (model broken)",
                                  S->L->wave, S->f->subject, name, v[0]);
                if (getenv("DM_PRIVACY_VERBOSE"))
                        print_message("determined: %s %s %s: %s = %g\n", S->L->wave, S->f->subject,
                                      name, S->f->statname[0], v[0]);
                if (recovered_exists(S, !S->unk_is_res[u], v) && v[0] < min - 0.5)
                        violation("%s %s: %s is recovered by subtraction: %s = %g < %d", S->L->wave,
                                  S->f->subject, name, S->f->statname[0], v[0], min);
        }
        /* Each sum: what is left hidden in it, taken together. */
        double *v = xcalloc(K, sizeof *v);
        for (size_t i = 0; i < S->nrel; i++) {
                const struct relation *r = &S->rel[i];
                const struct term *tot = &r->t[r->total];
                if (tot->unk >= 0 && !S->determined[tot->unk])
                        continue; /* the total itself is hidden */
                size_t left = 0;
                int has_cell = 0;
                memset(v, 0, K * sizeof *v);
                for (size_t j = 0; j < r->n; j++) {
                        const struct term *t = &r->t[j];
                        for (size_t s = 0; s < K; s++) {
                                double x = t->unk < 0 ? term_known(S, t, s)
                                           : S->determined[t->unk]
                                               ? S->value[(size_t)t->unk * K + s]
                                               : 0;
                                v[s] -= t->coef * x; /* parts count +1, the total -1 */
                        }
                        if (t->unk >= 0 && !S->determined[t->unk]) {
                                left++;
                                has_cell |= !t->is_res;
                        }
                }
                if (!left)
                        continue;
                /* v = total - known parts = the hidden parts' sum. */
                if (recovered_exists(S, has_cell, v) && v[0] < min - 0.5)
                        violation("%s %s %s: the %zu hidden cells together are recovered: "
                                  "%s = %g < %d",
                                  S->L->wave, S->f->subject, r->what, left, S->f->statname[0], v[0],
                                  min);
        }
        free(v);
}

/* ---------------------------------------------------------------------------
 * The headcount-weighted region mean.
 */

static long lcm_upto(long k)
{
        long l = 1;
        for (long a = 2; a <= k; a++) {
                long x = l, y = a;
                while (y) {
                        long t = x % y;
                        x = y;
                        y = t;
                }
                l = l / x * a;
        }
        return l;
}

static void weighted_attack(const struct config *cfg, const struct results *res,
                            const struct layout *L, const char *dim, size_t *tried)
{
        double mw, nall, mall, items, idx, lo, idxlo;
        if (!results_get(res, L->wave, "ALL", "", dim, "mean_weighted", "", &mw))
                return;
        (*tried)++;
        assert_true(results_get(res, L->wave, "ALL", "", dim, "n", "", &nall));
        assert_true(results_get(res, L->wave, "ALL", "", dim, "mean", "", &mall));
        assert_true(results_get(res, L->wave, "ALL", "", dim, "items", "", &items));
        /* The score range, from index = (x - min) / (max - min) * 100 at two points. */
        assert_true(results_get(res, L->wave, "ALL", "", dim, "index", "", &idx));
        assert_true(results_get(res, L->wave, "ALL", "", dim, "ci_lo", "", &lo));
        assert_true(results_get(res, L->wave, "ALL", "", dim, "index_lo", "", &idxlo));
        double range = 100 * (mall - lo) / (idx - idxlo);
        double smin = mall - idx * range / 100, smax = smin + range;
        double pub_n = 0, pub_s = 0, pub_w = 0, pub_wm = 0;
        size_t hid[2], nh = 0;
        int primary[2] = {0, 0};
        for (size_t m = 0; m < cfg->nmunis; m++) {
                const struct result_row *r =
                    results_find(res, L->wave, cfg->munis[m].name, "", dim, "n", "");
                if (!r)
                        continue;
                if (*r->note) {
                        if (nh < 2)
                                primary[nh] = !strcmp(r->note, "suppressed");
                        if (nh < 2)
                                hid[nh] = m;
                        nh++;
                        continue;
                }
                double mean;
                assert_true(
                    results_get(res, L->wave, cfg->munis[m].name, "", dim, "mean", "", &mean));
                pub_n += r->value;
                pub_s += r->value * mean;
                pub_w += (double)cfg->munis[m].staff;
                pub_wm += (double)cfg->munis[m].staff * mean;
        }
        if (!nh)
                return;
        if (nh > 2) {
                print_message("%s %s: weighted mean with %zu hidden municipalities not analysed\n",
                              L->wave, dim, nh);
                return;
        }
        long hn = lround(nall - pub_n), q = lcm_upto((long)items);
        double hs = nall * mall - pub_s;
        /* Try every split of the hidden n; n = 0 leaves a municipality out of the weights. */
        size_t sols = 0;
        double found = 0;
        for (long n1 = 0; n1 <= hn; n1++) {
                long n2 = nh == 2 ? hn - n1 : 0;
                if (nh == 1 && n1 != hn)
                        continue;
                double w1 = n1 ? (double)cfg->munis[hid[0]].staff : 0;
                double w2 = nh == 2 && n2 ? (double)cfg->munis[hid[1]].staff : 0;
                double W = pub_w + w1 + w2, K = mw * W - pub_wm; /* = w1 m1 + w2 m2 */
                double s1;
                if (nh == 1 || !n2) {
                        if (!n1)
                                continue;
                        s1 = K / w1 * (double)n1;
                        if (nh == 2 && fabs(s1 - hs) > 1e-6)
                                continue;
                } else if (!n1) {
                        continue;
                } else {
                        /* s1 + s2 = hs, w1 s1 / n1 + w2 s2 / n2 = K. */
                        double den = w1 / (double)n1 - w2 / (double)n2;
                        if (fabs(den) < 1e-12)
                                continue;
                        s1 = (K - w2 * hs / (double)n2) / den;
                }
                double s2 = hs - s1;
                int ok = s1 >= (double)n1 * smin - 1e-6 && s1 <= (double)n1 * smax + 1e-6 &&
                         fabs(s1 * (double)q - round(s1 * (double)q)) < 1e-6 * (double)q;
                if (nh == 2)
                        ok = ok && s2 >= (double)n2 * smin - 1e-6 && s2 <= (double)n2 * smax + 1e-6;
                if (ok) {
                        sols++;
                        found = s1 / (double)n1;
                }
        }
        if (sols == 1 && (primary[0] || primary[1]))
                violation("%s %s: mean_weighted with the pooled mean recovers %s's suppressed "
                          "mean %.6g",
                          L->wave, dim, cfg->munis[hid[0]].name, found);
}

/* ---------------------------------------------------------------------------
 * The whole attack on one table.
 */

static void attack(const struct config *cfg, const struct results *res, size_t *nsystems,
                   size_t *ncells, size_t *nres, size_t *nweighted)
{
        int min = cfg->min_group;
        for (size_t w = 0; w < cfg->nwaves; w++) {
                struct layout L;
                layout_build(&L, cfg, res, cfg->waves[w].id);
                /* Subjects of the wave, by family. */
                struct strset nsubj = {0}, gsubj = {0};
                for (size_t i = 0; i < results_count(res); i++) {
                        const struct result_row *r = results_row(res, i);
                        if (strcmp(r->wave, L.wave))
                                continue;
                        if (!strcmp(r->statistic, "n") && strcmp(r->subject, "respondents"))
                                strset_add(&nsubj, r->subject);
                        if (!strcmp(r->statistic, "gap_mean"))
                                strset_add(&gsubj, r->subject);
                }
                /* Respondents first: which residuals are known to be empty. */
                unsigned char *empty = xcalloc(L.G * (L.nbd ? L.nbd : 1), 1);
                struct family f;
                struct system S;
                family_build(&f, res, &L, F_RESP, "respondents");
                system_build(&S, &L, &f, empty);
                system_solve(&S);
                system_check(&S, min, ncells, nres);
                (*nsystems)++;
                for (size_t g = 0; g < L.G; g++)
                        for (size_t b = 0; b < L.nbd; b++) {
                                long u = S.res_unk[g * L.nbd + b];
                                if (f.state[g * L.ncols] == C_ABSENT ||
                                    (u >= 0 && S.determined[u] &&
                                     fabs(S.value[(size_t)u * f.nstat]) < 0.5))
                                        empty[g * L.nbd + b] = 1;
                        }
                system_free(&S);
                family_free(&f);
                for (int pass = 0; pass < 2; pass++) {
                        const struct strset *ss = pass ? &gsubj : &nsubj;
                        for (size_t k = 0; k < ss->n; k++) {
                                family_build(&f, res, &L, pass ? F_GAP : F_N, ss->v[k]);
                                system_build(&S, &L, &f, empty);
                                system_solve(&S);
                                system_check(&S, min, ncells, nres);
                                (*nsystems)++;
                                system_free(&S);
                                family_free(&f);
                        }
                }
                for (size_t k = 0; k < nsubj.n; k++)
                        weighted_attack(cfg, res, &L, nsubj.v[k], nweighted);
                free(empty);
                free(nsubj.v);
                free(gsubj.v);
                layout_free(&L);
        }
}

/* Every row with a figure rests on at least min respondents. */
static void check_primary(const struct config *cfg, const struct results *res)
{
        for (size_t i = 0; i < results_count(res); i++) {
                const struct result_row *r = results_row(res, i);
                if (!r->has_value && !r->text) {
                        assert_true(*r->note != '\0');
                        continue;
                }
                if (!strcmp(r->subject, "rows"))
                        continue;
                /*
                 * Figures tied to no survey wave come from the strategy register
                 * (actions, indicators): their n counts actions, not respondents.
                 */
                if (!*r->wave)
                        continue;
                if (r->text && !strcmp(r->text, "suppressed") && r->n < 0)
                        continue;
                if (!strcmp(r->subject, "maturity") && r->n < 0)
                        continue;
                if (r->n < cfg->min_group)
                        violation("%s %s %s %s %s [%s]: a figure on n = %ld < %d", r->wave,
                                  r->group, r->breakdown, r->subject, r->statistic, r->category,
                                  r->n, cfg->min_group);
        }
}

/*
 * 6. Tests across groups use published groups only. For each test row, the
 * groups it may draw on are the cells of its family: the municipalities for
 * group ALL without a breakdown, else the categories of the breakdown named in
 * the breakdown column within the row's group. A group is published when its
 * "n" row carries a value. Then the test's n must be exactly the n of the
 * published groups it takes (chi-square: all with answers; the ANOVAs and
 * Kruskal-Wallis: those with sd > 0), and both groups of a pair must be
 * published, with n = n1 + n2. A hidden group with answers makes n too large.
 * Returns, through *ntests and *nhidden, how many test rows were checked and
 * how many of them had a hidden group with answers in their family.
 */
static int group_n(const struct results *res, const char *wave, const char *group, const char *bd,
                   const char *subject, double *n, double *sd)
{
        const struct result_row *r = results_find(res, wave, group, bd, subject, "n", "");
        if (!r)
                return 0;
        if (!r->has_value || r->text)
                return -1; /* hidden */
        *n = r->value;
        *sd = 0;
        results_get(res, wave, group, bd, subject, "sd", "", sd);
        return 1;
}

static void check_tests(const struct config *cfg, const struct results *res, size_t *ntests,
                        size_t *nhidden)
{
        struct strset cells = {0}; /* "wave\tbreakdown=category" */
        for (size_t i = 0; i < results_count(res); i++) {
                const struct result_row *r = results_row(res, i);
                if (strchr(r->breakdown, '=')) {
                        char *k = xmalloc(strlen(r->wave) + strlen(r->breakdown) + 2);
                        sprintf(k, "%s\t%s", r->wave, r->breakdown);
                        size_t before = cells.n;
                        strset_add(&cells, k);
                        if (cells.n == before)
                                free(k);
                }
        }
        for (size_t i = 0; i < results_count(res); i++) {
                const struct result_row *r = results_row(res, i);
                int chisq = !strcmp(r->statistic, "chisq");
                int mean = !strcmp(r->statistic, "welch_F") || !strcmp(r->statistic, "anova_F") ||
                           !strcmp(r->statistic, "kw_H");
                int pair = !strcmp(r->statistic, "pair_diff");
                if ((!chisq && !mean && !pair) || !r->has_value || !*r->wave)
                        continue;
                (*ntests)++;
                if (pair) {
                        /* KEY=A|KEY=B, KEY the breakdown id or "municipality". */
                        const char *key = *r->breakdown ? r->breakdown : "municipality";
                        size_t kl = strlen(key);
                        char *sep = xmalloc(kl + 3);
                        sprintf(sep, "|%s=", key);
                        const char *bar = strstr(r->category, sep);
                        assert_non_null(bar);
                        assert_true(!strncmp(r->category, key, kl) && r->category[kl] == '=');
                        char *a =
                            xstrndup(r->category + kl + 1, (size_t)(bar - r->category) - kl - 1);
                        const char *b = bar + kl + 2, *names[2] = {a, b};
                        free(sep);
                        double sum = 0;
                        for (int j = 0; j < 2; j++) {
                                double n, sd;
                                char *bd = NULL;
                                const char *grp = r->group, *cellbd = "";
                                if (*r->breakdown) {
                                        bd = xmalloc(strlen(r->breakdown) + strlen(names[j]) + 2);
                                        sprintf(bd, "%s=%s", r->breakdown, names[j]);
                                        cellbd = bd;
                                } else {
                                        grp = names[j];
                                }
                                if (group_n(res, r->wave, grp, cellbd, r->subject, &n, &sd) != 1)
                                        violation(
                                            "%s %s %s %s pair [%s]: group %s is not published",
                                            r->wave, r->group, r->breakdown, r->subject,
                                            r->category, names[j]);
                                else
                                        sum += n;
                                free(bd);
                        }
                        if (fabs(sum - (double)r->n) > 0.5)
                                violation("%s %s %s %s pair [%s]: n %ld, groups %g", r->wave,
                                          r->group, r->breakdown, r->subject, r->category, r->n,
                                          sum);
                        free(a);
                        continue;
                }
                double sum = 0;
                int hidden = 0;
                if (!*r->breakdown) {
                        assert_string_equal(r->group, "ALL");
                        for (size_t m = 0; m < cfg->nmunis; m++) {
                                double n, sd;
                                int k = group_n(res, r->wave, cfg->munis[m].name, "", r->subject,
                                                &n, &sd);
                                hidden |= k < 0;
                                if (k == 1 && (chisq || (n >= 2 && sd > 0)))
                                        sum += n;
                        }
                } else {
                        size_t wl = strlen(r->wave), bl = strlen(r->breakdown);
                        for (size_t c = 0; c < cells.n; c++) {
                                const char *k = cells.v[c];
                                if (strncmp(k, r->wave, wl) || k[wl] != '\t' ||
                                    strncmp(k + wl + 1, r->breakdown, bl) || k[wl + 1 + bl] != '=')
                                        continue;
                                double n, sd;
                                int q = group_n(res, r->wave, r->group, k + wl + 1, r->subject, &n,
                                                &sd);
                                hidden |= q < 0;
                                if (q == 1 && (chisq || (n >= 2 && sd > 0)))
                                        sum += n;
                        }
                }
                *nhidden += hidden;
                if (fabs(sum - (double)r->n) > 0.5)
                        violation("%s %s %s %s %s: n %ld, but the published groups hold %g",
                                  r->wave, r->group, r->breakdown, r->subject, r->statistic, r->n,
                                  sum);
        }
        for (size_t c = 0; c < cells.n; c++)
                free((char *)cells.v[c]);
        free(cells.v);
}

/* No output file holds a respondent id, free text, or nan/inf. */
static void check_outputs(const char *dir)
{
        static const char *const markers[] = {"ZZIDMARKER", "ZZFREETEXTMARKER"};
        DIR *d = opendir(dir);
        assert_non_null(d);
        struct dirent *de;
        size_t files = 0;
        int saw_results = 0, saw_excel = 0, saw_quality = 0;
        while ((de = readdir(d))) {
                if (de->d_name[0] == '.')
                        continue;
                char *path = path_join(dir, de->d_name);
                FILE *fp = fopen(path, "rb");
                if (!fp) {
                        free(path);
                        continue;
                }
                struct strbuf sb;
                strbuf_init(&sb);
                char buf[8192];
                size_t n;
                while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
                        strbuf_addn(&sb, buf, n);
                fclose(fp);
                files++;
                saw_results |= !strcmp(de->d_name, "results.csv");
                saw_excel |= !strcmp(de->d_name, "results-excel.csv");
                saw_quality |= !strncmp(de->d_name, "quality-", 8);
                const char *text = sb.buf ? sb.buf : "";
                for (size_t k = 0; k < 2; k++)
                        if (strstr(text, markers[k]))
                                violation("%s: contains %s", path, markers[k]);
                if (!strncmp(de->d_name, "results", 7)) {
                        static const char *const bad[] = {",nan,", ",inf,", ",-inf,", ";nan;",
                                                          ";inf;", ",NaN,", ";-inf;"};
                        for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
                                if (strstr(text, bad[k]))
                                        violation("%s: a cell reads %s", path, bad[k]);
                }
                strbuf_clear(&sb);
                free(path);
        }
        closedir(d);
        assert_true(saw_results && saw_excel && saw_quality);
        assert_true(files >= 4);
}

static void run_and_attack(const char *ini, const char *outdir, struct config **cfgp,
                           struct pipeline_result *pr)
{
        struct err e = {0};
        struct config *cfg = config_load(ini, &e);
        if (!cfg)
                fail_msg("%s", e.msg);
        if (config_load_codebooks(cfg, &e))
                fail_msg("%s", e.msg);
        free(cfg->output);
        cfg->output = xstrdup(outdir);
        struct outset os;
        outset_init(&os);
        if (pipeline_ingest(cfg, 1, &os, pr, &e))
                fail_msg("%s", e.msg);
        if (pipeline_write_results(cfg, pr->res, &os, &e) || outset_commit(&os, &e))
                fail_msg("%s", e.msg);
        outset_clear(&os);
        violations = 0;
        check_primary(cfg, pr->res);
        size_t nsys = 0, ncells = 0, nres = 0, nweighted = 0;
        attack(cfg, pr->res, &nsys, &ncells, &nres, &nweighted);
        check_outputs(outdir);
        size_t ntests = 0, nhidden = 0;
        check_tests(cfg, pr->res, &ntests, &nhidden);
        print_message("%s: %zu rows, %zu subject systems attacked; determined exactly: %zu "
                      "hidden cells, %zu residuals; %zu weighted means checked; %zu group tests "
                      "checked, %zu of them beside a hidden group; %d violations\n",
                      ini, results_count(pr->res), nsys, ncells, nres, nweighted, ntests, nhidden,
                      violations);
        assert_true(nsys > 10);
        assert_true(nhidden > 0);
        *cfgp = cfg;
}

static void test_sample(void **state)
{
        (void)state;
        struct config *cfg;
        struct pipeline_result pr;
        run_and_attack("input/kaustisen-seutu.ini", "build/test-privacy/sample", &cfg, &pr);
        assert_int_equal(violations, 0);
        /* One neutral status; withheld cells beyond the small ones exist, unmarked. */
        size_t withheld = 0, region = 0;
        for (size_t i = 0; i < results_count(pr.res); i++) {
                const struct result_row *r = results_row(pr.res, i);
                if (!*r->note || !strcmp(r->note, "not_applicable"))
                        continue;
                assert_string_equal(r->note, "suppressed");
                withheld++;
                /* The region's education sector (well over the minimum) protects small cells. */
                region += !strcmp(r->wave, "digi-2024") && !strcmp(r->group, "ALL") &&
                          !strcmp(r->breakdown, "sector=Sivistystoimi") &&
                          !strcmp(r->subject, "respondents");
        }
        print_message("sample: %zu withheld rows; the region's 2024 education sector withheld: %zu\n",
                      withheld, region);
        assert_int_equal(region, 1);
        pipeline_result_clear(&pr);
        config_free(cfg);
}

static void test_oracle_fixture(void **state)
{
        (void)state;
        struct config *cfg;
        struct pipeline_result pr;
        run_and_attack("tests/cases/oracle/oracle.ini", "build/test-privacy/oracle", &cfg, &pr);
        assert_int_equal(violations, 0);
        pipeline_result_clear(&pr);
        config_free(cfg);
}

/*
 * The attack itself must find what it is meant to find: a table where a
 * single hidden municipality is left in the region's sum.
 */
static void test_attack_finds_leak(void **state)
{
        (void)state;
        struct err e = {0};
        struct config *cfg = config_load("tests/cases/oracle/oracle.ini", &e);
        assert_non_null(cfg);
        assert_int_equal(config_load_codebooks(cfg, &e), 0);
        free(cfg->output);
        cfg->output = xstrdup("build/test-privacy/leak");
        struct pipeline_result pr;
        struct outset os;
        outset_init(&os);
        assert_int_equal(pipeline_ingest(cfg, 1, &os, &pr, &e), 0);
        outset_clear(&os);
        /* Publish Fors's complement-suppressed respondents: Ekö's 3 follow by subtraction. */
        struct results *leaky = results_new();
        for (size_t i = 0; i < results_count(pr.res); i++) {
                const struct result_row *r = results_row(pr.res, i);
                if (!strcmp(r->wave, "t-2021") && !strcmp(r->group, "Fors") && !*r->breakdown &&
                    !strcmp(r->subject, "respondents") && !strcmp(r->statistic, "respondents")) {
                        /* The fixture: Fors (6) is what hides Ekö (3). */
                        assert_string_equal(r->note, "suppressed");
                        results_add(leaky, r->wave, r->group, "", "respondents", "respondents", "",
                                    6, 6);
                        continue;
                }
                if (r->text)
                        results_add_text(leaky, r->wave, r->group, r->breakdown, r->subject,
                                         r->statistic, r->category, r->text, r->n);
                else if (r->has_value)
                        results_add(leaky, r->wave, r->group, r->breakdown, r->subject,
                                    r->statistic, r->category, r->value, r->n);
                else
                        results_add_note(leaky, r->wave, r->group, r->breakdown, r->subject,
                                         r->statistic, r->category, r->note);
        }
        violations = 0;
        quiet = 1;
        size_t nsys = 0, ncells = 0, nres = 0, nw = 0;
        attack(cfg, leaky, &nsys, &ncells, &nres, &nw);
        quiet = 0;
        print_message("leaky table: %d violations found\n", violations);
        assert_true(violations > 0);
        violations = 0;
        results_free(leaky);
        pipeline_result_clear(&pr);
        config_free(cfg);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_sample),
            cmocka_unit_test(test_oracle_fixture),
            cmocka_unit_test(test_attack_finds_leak),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

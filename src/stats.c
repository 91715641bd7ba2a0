/*
 * stats.c - accumulators, figures, comparisons, lights and suppression.
 *
 * Feeding: every accepted response updates one "cell" per municipality total
 * and one per breakdown category it falls in. A cell holds, per item, counts
 * per scale code (or a value histogram for numeric items); per dimension, a
 * histogram of respondent scores and the co-moments of complete cases (for
 * Cronbach's alpha); per action area, a histogram of target - current gaps.
 * All of these merge by addition, which is how region cells are made.
 *
 * Computing: per wave and subject (item, dimension, action area, respondent
 * count), small cells are suppressed first (primary: n below the minimum group
 * size), then complementary suppression runs over every additive relation the
 * published figures obey (municipalities add up to the region; breakdown
 * categories plus the respondents without a category add up to their group),
 * until no relation leaves a single hidden cell, or hidden cells that together
 * hold fewer than the minimum, to be recovered by subtraction. Only then are
 * figures written, and the tests across groups (tests_subject) take the
 * published cells only. Means, variances and quartiles of values with few
 * decimals come from exact integer sums (struct xsum).
 */
#include "stats.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "codebook.h"
#include "statmath.h"

#define LEVEL 0.95

/* A histogram: distinct values ascending with their counts. */
struct hist {
        double *v;
        double *c;
        size_t n, cap;
};

static void hist_add(struct hist *h, double x, double cnt)
{
        size_t lo = 0, hi = h->n;
        while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (h->v[mid] < x)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        if (lo < h->n && h->v[lo] == x) {
                h->c[lo] += cnt;
                return;
        }
        if (h->n == h->cap) {
                h->cap = h->cap ? h->cap * 2 : 8;
                h->v = xrealloc(h->v, h->cap * sizeof *h->v);
                h->c = xrealloc(h->c, h->cap * sizeof *h->c);
        }
        memmove(h->v + lo + 1, h->v + lo, (h->n - lo) * sizeof *h->v);
        memmove(h->c + lo + 1, h->c + lo, (h->n - lo) * sizeof *h->c);
        h->v[lo] = x;
        h->c[lo] = cnt;
        h->n++;
}

/* Adds src into dst: one pass over both sorted value lists. */
static void hist_merge(struct hist *dst, const struct hist *src)
{
        if (!src->n)
                return;
        size_t cap = dst->n + src->n, n = 0, i = 0, j = 0;
        double *v = xcalloc(cap, sizeof *v), *c = xcalloc(cap, sizeof *c);
        while (i < dst->n || j < src->n) {
                if (j == src->n || (i < dst->n && dst->v[i] < src->v[j])) {
                        v[n] = dst->v[i];
                        c[n++] = dst->c[i++];
                } else if (i == dst->n || src->v[j] < dst->v[i]) {
                        v[n] = src->v[j];
                        c[n++] = src->c[j++];
                } else {
                        v[n] = dst->v[i];
                        c[n++] = dst->c[i++] + src->c[j++];
                }
        }
        free(dst->v);
        free(dst->c);
        dst->v = v;
        dst->c = c;
        dst->n = n;
        dst->cap = cap;
}

static void hist_clear(struct hist *h)
{
        free(h->v);
        free(h->c);
        memset(h, 0, sizeof *h);
}

static double hist_total(const struct hist *h)
{
        double n = 0;
        for (size_t i = 0; i < h->n; i++)
                n += h->c[i];
        return n;
}

/*
 * Exact sums of a frequency table whose values are all multiples of 1/L for
 * one of a few scales L: decimals with up to six places (answers such as 1,5)
 * and fractions with denominators up to 16 (dimension scores S / a). With
 * X_j = v_j L, whole numbers, the sums N, sum c_j X_j and sum c_j X_j^2 are
 * exact, so the mean is one correctly rounded division and shows no binary
 * rounding noise (the mean of 1.5 and 1.7 is 1.6, not 1.5999999999999999).
 */
__extension__ typedef __int128 xint;

struct xsum {
        double L; /* the scale; 0 when the values fit none (use Welford) */
        double N; /* number of observations */
        xint s1;  /* sum c_j X_j */
        xint s2;  /* sum c_j X_j^2 */
};

static const double xscales[] = {1, 10, 100, 1000, 1e4, 1e5, 1e6, 2520, 27720, 720720};

/* a / b correctly rounded when both fit a double's 53 bits, else to within 2 ulp. */
static double xdiv(xint a, xint b)
{
        const xint lim = (xint)1 << 53;
        if (a < lim && a > -lim && b < lim && b > -lim)
                return (double)a / (double)b;
        return (double)((long double)a / (long double)b);
}

static void xsum_of(const double *v, const double *c, size_t n, struct xsum *x)
{
        memset(x, 0, sizeof *x);
        double N = 0;
        for (size_t j = 0; j < n; j++)
                N += c[j];
        if (!(N > 0) || N >= 2147483648.0)
                return;
        for (size_t q = 0; q < sizeof xscales / sizeof xscales[0]; q++) {
                double L = xscales[q];
                xint s1 = 0, s2 = 0;
                size_t j;
                for (j = 0; j < n; j++) {
                        double X = nearbyint(v[j] * L);
                        if (!(fabs(X) < 2147483648.0) || X / L != v[j] || c[j] != floor(c[j]))
                                break;
                        xint xi = (xint)(long long)X, ci = (xint)(long long)c[j];
                        s1 += ci * xi;
                        s2 += ci * xi * xi;
                }
                if (j == n) {
                        *x = (struct xsum){L, N, s1, s2};
                        return;
                }
        }
}

/* Moments from exact sums: mean one division, m2 = (N s2 - s1^2) / (N L^2). */
static struct statm_moments xsum_moments(const struct xsum *x)
{
        struct statm_moments m;
        xint N = (xint)(long long)x->N, L = (xint)(long long)x->L;
        m.n = x->N;
        m.mean = xdiv(x->s1, N * L);
        xint num = N * x->s2 - x->s1 * x->s1;
        m.m2 = num > 0 ? xdiv(num, N * L * L) : 0.0;
        return m;
}

/* Moments of a frequency table: exact sums when they apply, else Welford. */
static struct statm_moments table_moments(const double *v, const double *c, size_t n)
{
        struct xsum x;
        xsum_of(v, c, n, &x);
        if (x.L > 0)
                return xsum_moments(&x);
        struct statm_moments m;
        statm_moments_init(&m);
        for (size_t i = 0; i < n; i++)
                statm_moments_add_w(&m, v[i], c[i]);
        return m;
}

static struct statm_moments hist_moments(const struct hist *h)
{
        return table_moments(h->v, h->c, h->n);
}

/*
 * A cell's counters of one item, read as numbers (item_view). They are kept
 * as one uint32_t block per cell: per item valid, don't know, missing, then a
 * count per scale code (IC_*), so that adding a response touches few cache
 * lines and a national cell stays small.
 */
enum { IC_VALID, IC_DK, IC_MISSING, IC_CNT };

struct iacc {
        double valid, dk, missing;
        double *cnt;          /* scale items and multi: count per scale code index */
        const struct hist *h; /* numeric items: value histogram */
};

/*
 * Per-dimension accumulator. A respondent's score is S / a: the sum S of a
 * answered items' integer codes. When the dimension's (a, S) pairs are few
 * (struct dimtab), scores are counted in tab, one slot per pair, which is an
 * increment instead of a search and a few bytes a slot. Figures read the
 * scores through dim_hist(), which lays the slots out as a histogram.
 */
struct dacc {
        double n;                  /* respondents with a score */
        uint32_t *tab;             /* [dimtab.size] counts (level 2 cell), or NULL */
        uint16_t *tab16;           /* the same at level 1 */
        uint8_t *tab8;             /* the same at level 0 */
        struct hist h;             /* respondent dimension scores */
        struct statm_comoments cm; /* complete cases, recoded item values (no table) */
        uint64_t *isum;            /* with a table: complete cases n, sums of y_i and of
                                      y_i y_j (i <= j, packed), y = value - scale min */
        uint32_t *isum32;          /* the same at level 1 */
        uint16_t *isum16;          /* the same at level 0 */
};

/* Per-action-area accumulator (indexed by the current item). */
struct gacc {
        struct hist h;   /* target - current, paired answers */
        double cur, tgt; /* sums of the paired current and target answers */
};

/*
 * A cell's counters start narrow. At level 0, item counters and score-table
 * counts take 8 bits and co-moment sums 16; at level 1, 16 and 32; at level
 * 2, 32 and 64. No cell of up to wavestat.lvl_max[level] respondents can
 * overflow its level (each counter grows by at most 1, each sum by at most
 * (scale max - min)^2, per response). Most cells are small (breakdown
 * categories of small municipalities), so this takes a national run's cells
 * to a third of their 32/64-bit size; a cell that reaches its limit moves up
 * (cell_relevel), and reading goes through ic_at, tab_at and isum_of.
 */
enum { LVL_TOP = 2 };

struct cell {
        double resp;             /* respondents */
        const size_t *ioff;      /* the wave's offsets of each item's counters in ic */
        const struct dimtab *dt; /* the wave's score tables */
        int lvl;                 /* 0: ic8, tab8, isum16; 1: ic16, ...; 2: ic, tab, isum */
        uint32_t *ic;            /* item counters (IC_*), level 2 */
        uint16_t *ic16;          /* item counters, level 1 */
        uint8_t *ic8;            /* item counters, level 0 */
        struct hist *nh;         /* [items] numeric items' value histograms, or NULL */
        struct dacc *dm;
        struct gacc *gp; /* [items] when the wave has paired items, else NULL */
};

struct bdstat {
        int col;     /* codebook column binding */
        char **cats; /* category labels (copied from ingest at finish) */
        size_t ncats;
        struct cell ***c; /* [category][municipality], grown as categories appear */
        size_t capcats;
};

/* The slots of a dimension's score table (see struct dacc). */
struct dimtab {
        size_t size;     /* slots; 0 when scores go straight to the histogram */
        int lo, hi;      /* the items' scale range */
        size_t amin;     /* fewest answered items that give a score */
        size_t *off;     /* [k + 1]: first slot of a answered items (a >= amin) */
        double *val;     /* [size]: the score S / a of each slot */
        uint32_t *order; /* [size]: slots by ascending score */
        size_t nsum;     /* isum entries: 1 + k + k(k+1)/2 (0 without a table) */
};

#define DIMTAB_MAX 4096

/*
 * One response, prepared once for all the cells it is added to: the scale
 * index of each answer, recoded values, and each dimension's score slot.
 */
enum { KIDX_NONE = -1, KIDX_NUMERIC = -2, KIDX_MULTI = -3 };
enum { DSLOT_NONE = -1, DSLOT_HIST = -2 };

struct prep {
        uint32_t *inc; /* counters (offsets in a cell's ic) that this response adds 1 to */
        size_t ninc;
        int *kidx;        /* [items] scale code index, or KIDX_* */
        double *rec;      /* [items] recoded value of a valid scale answer, else NAN */
        long *dslot;      /* [dims] table slot, or DSLOT_* */
        double *dscore;   /* [dims] the score when dslot is DSLOT_HIST */
        int *dcomplete;   /* [dims] every item answered: feeds the co-moments */
        double *dvec;     /* [dims * 64] the recoded answers of a complete case */
        uint64_t *dsum;   /* [dims * DSUM_MAX] a complete case's terms of isum */
        uint32_t *dsum32; /* the same in 32 bits, for level 1 cells */
        uint16_t *dsum16; /* and in 16, for level 0 */
};

#define DSUM_MAX (1 + 64 + 64 * 65 / 2)

/* How an item's answers are counted, worked out once per wave. */
enum { PL_SCALE, PL_NUMERIC, PL_MULTI };
struct iplan {
        int cls;       /* PL_* */
        int rev;       /* reverse coded: value = revsum - code */
        double revsum; /* scale min + max */
        int lo;        /* codes lo .. lo + ncodes_span - 1 are looked up in code_ix */
        int span;
        const short *code_ix; /* code - lo -> scale code index, or -1; NULL: search */
        const struct scale *sc;
};

struct wavestat {
        const struct codebook *cb;
        struct dimtab *dt; /* [dims] */
        size_t *ioff;      /* [items] where each item's counters start in a cell */
        size_t icsize;     /* counters per cell */
        int has_numeric;
        size_t *num_items; /* numeric items */
        size_t nnum;
        struct iplan *plan; /* [items] */
        short **code_ix;    /* per scale: code - min code -> index (see iplan) */
        size_t *gap_items;  /* current-level items with a target pair */
        size_t ngap;
        int finished;
        struct cell **tot; /* [municipality] */
        struct bdstat *bd;
        size_t nbd;
        int **dim_items; /* per dimension: likert item indexes */
        size_t *dim_k;
        size_t *amin;            /* per dimension: fewest answered items that give a score */
        unsigned char *fav_asis; /* per item: 1 = % favourable before reverse coding */
        struct ingest_summary sum;
        double lvl_max[LVL_TOP + 1]; /* most respondents a cell of each level holds */
        /* Responses waiting per municipality (see stats_feed_fn): records of
         * pend_size bytes, PEND_MAX a municipality. */
        unsigned char *pend;  /* [M * PEND_MAX * pend_size], allocated at the first */
        unsigned char *npend; /* [M] records waiting */
        size_t pend_size;     /* cat (int32) [nbd], state [items], code byte [items], then
                                 val and multi (8 + 8 bytes) of each item in pend_wide */
        int *pend_base;       /* [items] code = base + byte for byte items, -1: wide */
        size_t *pend_wide;    /* [items] index among the wide items */
        int pend_off;         /* responses no record holds came: add directly */
};

struct stats {
        const struct config *cfg;
        size_t M;
        struct wavestat *w;
        struct prep prep; /* scratch for one response, sized for the largest codebook */
        /* A waiting response read back: arrays for its struct response. */
        int *pcat;
        double *pval;
        unsigned char *pstate;
        uint64_t *pmulti;
};

/* Responses kept back per municipality before they are added (stats_feed_fn). */
#define PEND_MAX 32

static int scale_index(const struct scale *sc, int code)
{
        for (size_t k = 0; k < sc->ncodes; k++)
                if (sc->codes[k].code == code)
                        return (int)k;
        return -1;
}

/* Allocates c's counters at level lvl (zero). */
static void cell_alloc(const struct codebook *cb, const struct wavestat *ws, struct cell *c,
                       int lvl)
{
        size_t nic = ws->icsize ? ws->icsize : 1;
        c->lvl = lvl;
        if (lvl == 0)
                c->ic8 = xcalloc(nic, sizeof *c->ic8);
        else if (lvl == 1)
                c->ic16 = xcalloc(nic, sizeof *c->ic16);
        else
                c->ic = xcalloc(nic, sizeof *c->ic);
        for (size_t d = 0; d < cb->ndims; d++) {
                struct dacc *a = &c->dm[d];
                if (ws->dt[d].nsum && ws->dim_k[d] >= 2) {
                        size_t n = ws->dt[d].nsum;
                        if (lvl == 0)
                                a->isum16 = xcalloc(n, sizeof *a->isum16);
                        else if (lvl == 1)
                                a->isum32 = xcalloc(n, sizeof *a->isum32);
                        else
                                a->isum = xcalloc(n, sizeof *a->isum);
                }
                if (ws->dt[d].size) {
                        size_t n = ws->dt[d].size;
                        if (lvl == 0)
                                a->tab8 = xcalloc(n, sizeof *a->tab8);
                        else if (lvl == 1)
                                a->tab16 = xcalloc(n, sizeof *a->tab16);
                        else
                                a->tab = xcalloc(n, sizeof *a->tab);
                }
        }
}

/* Frees c's counters (of whichever level). */
static void cell_free_counters(const struct codebook *cb, struct cell *c)
{
        for (size_t d = 0; d < cb->ndims; d++) {
                struct dacc *a = &c->dm[d];
                free(a->tab);
                free(a->tab16);
                free(a->tab8);
                free(a->isum);
                free(a->isum32);
                free(a->isum16);
                a->tab = NULL, a->tab16 = NULL, a->tab8 = NULL;
                a->isum = NULL, a->isum32 = NULL, a->isum16 = NULL;
        }
        free(c->ic);
        free(c->ic16);
        free(c->ic8);
        c->ic = NULL, c->ic16 = NULL, c->ic8 = NULL;
}

static struct cell *cell_new(const struct codebook *cb, const struct wavestat *ws)
{
        struct cell *c = xcalloc(1, sizeof *c);
        c->ioff = ws->ioff;
        c->dt = ws->dt;
        if (ws->has_numeric)
                c->nh = xcalloc(cb->nitems, sizeof *c->nh);
        c->dm = xcalloc(cb->ndims ? cb->ndims : 1, sizeof *c->dm);
        int lvl = 0;
        while (lvl < LVL_TOP && ws->lvl_max[lvl] < 1)
                lvl++;
        cell_alloc(cb, ws, c, lvl);
        for (size_t d = 0; d < cb->ndims; d++)
                if (!(ws->dt[d].nsum && ws->dim_k[d] >= 2) && ws->dim_k[d] >= 2)
                        statm_comoments_init(&c->dm[d].cm, ws->dim_k[d]);
        if (ws->ngap)
                c->gp = xcalloc(cb->nitems, sizeof *c->gp);
        return c;
}

static void cell_free(const struct codebook *cb, struct cell *c)
{
        if (!c)
                return;
        for (size_t i = 0; i < cb->nitems; i++) {
                if (c->nh)
                        hist_clear(&c->nh[i]);
                if (c->gp)
                        hist_clear(&c->gp[i].h);
        }
        cell_free_counters(cb, c);
        for (size_t d = 0; d < cb->ndims; d++) {
                hist_clear(&c->dm[d].h);
                statm_comoments_clear(&c->dm[d].cm);
        }
        free(c->nh);
        free(c->dm);
        free(c->gp);
        free(c);
}

/* Counter j of c's item counters. */
static inline uint32_t ic_at(const struct cell *c, size_t j)
{
        return c->lvl == 0 ? c->ic8[j] : c->lvl == 1 ? c->ic16[j] : c->ic[j];
}

/* Count of slot j of dimension d's score table (which the wave has). */
static inline uint32_t tab_at(const struct cell *c, size_t d, size_t j)
{
        const struct dacc *a = &c->dm[d];
        return c->lvl == 0 ? a->tab8[j] : c->lvl == 1 ? a->tab16[j] : a->tab[j];
}

/* Co-moment sum j of dimension d (which has them). */
static inline uint64_t isum_at(const struct cell *c, size_t d, size_t j)
{
        const struct dacc *a = &c->dm[d];
        return c->lvl == 0 ? a->isum16[j] : c->lvl == 1 ? a->isum32[j] : a->isum[j];
}

static int has_isum(const struct dacc *a)
{
        return a->isum || a->isum32 || a->isum16;
}

/* Dimension d's co-moment sums in 64 bits (buf: DSUM_MAX entries, for a narrow cell), or NULL. */
static const uint64_t *isum_of(const struct cell *c, size_t d, uint64_t *buf)
{
        const struct dacc *a = &c->dm[d];
        if (a->isum || !has_isum(a))
                return a->isum;
        for (size_t j = 0; j < c->dt[d].nsum; j++)
                buf[j] = isum_at(c, d, j);
        return buf;
}

/* Moves c's counters to level lvl (above its own), keeping their values. */
static void cell_relevel(const struct codebook *cb, const struct wavestat *ws, struct cell *c,
                         int lvl)
{
        struct cell old = *c;
        struct dacc *odm = xcalloc(cb->ndims ? cb->ndims : 1, sizeof *odm);
        memcpy(odm, c->dm, cb->ndims * sizeof *odm);
        old.dm = odm;
        c->ic = NULL, c->ic16 = NULL, c->ic8 = NULL;
        for (size_t d = 0; d < cb->ndims; d++) {
                struct dacc *a = &c->dm[d];
                a->tab = NULL, a->tab16 = NULL, a->tab8 = NULL;
                a->isum = NULL, a->isum32 = NULL, a->isum16 = NULL;
        }
        cell_alloc(cb, ws, c, lvl);
        for (size_t j = 0; j < ws->icsize; j++) {
                uint32_t v = ic_at(&old, j);
                if (lvl == 1)
                        c->ic16[j] = (uint16_t)v;
                else
                        c->ic[j] = v;
        }
        for (size_t d = 0; d < cb->ndims; d++) {
                struct dacc *a = &c->dm[d];
                for (size_t j = 0; j < ws->dt[d].size; j++) {
                        uint32_t v = tab_at(&old, d, j);
                        if (lvl == 1)
                                a->tab16[j] = (uint16_t)v;
                        else
                                a->tab[j] = v;
                }
                if (has_isum(&odm[d]))
                        for (size_t j = 0; j < ws->dt[d].nsum; j++) {
                                uint64_t v = isum_at(&old, d, j);
                                if (lvl == 1)
                                        a->isum32[j] = (uint32_t)v;
                                else
                                        a->isum[j] = v;
                        }
        }
        cell_free_counters(cb, &old);
        free(odm);
}

/* Moves c up to the lowest level that holds n respondents. */
static void cell_hold(const struct codebook *cb, const struct wavestat *ws, struct cell *c,
                      double n)
{
        int lvl = c->lvl;
        while (lvl < LVL_TOP && n > ws->lvl_max[lvl])
                lvl++;
        if (lvl != c->lvl)
                cell_relevel(cb, ws, c, lvl);
}

/* Adds src into dst (both of the same codebook). */
static void cell_merge(const struct codebook *cb, const struct wavestat *ws, struct cell *dst,
                       const struct cell *src)
{
        cell_hold(cb, ws, dst, dst->resp + src->resp);
        dst->resp += src->resp;
        /* The sums fit dst's level (cell_hold), so the casts keep every value. */
        for (size_t j = 0; j < ws->icsize; j++) {
                uint32_t v = ic_at(src, j);
                if (dst->lvl == 0)
                        dst->ic8[j] = (uint8_t)(dst->ic8[j] + v);
                else if (dst->lvl == 1)
                        dst->ic16[j] = (uint16_t)(dst->ic16[j] + v);
                else
                        dst->ic[j] += v;
        }
        for (size_t i = 0; i < cb->nitems; i++) {
                if (dst->nh)
                        hist_merge(&dst->nh[i], &src->nh[i]);
                if (dst->gp) {
                        hist_merge(&dst->gp[i].h, &src->gp[i].h);
                        dst->gp[i].cur += src->gp[i].cur;
                        dst->gp[i].tgt += src->gp[i].tgt;
                }
        }
        for (size_t d = 0; d < cb->ndims; d++) {
                struct dacc *a = &dst->dm[d];
                const struct dacc *b = &src->dm[d];
                a->n += b->n;
                for (size_t j = 0; j < ws->dt[d].size; j++) {
                        uint32_t v = tab_at(src, d, j);
                        if (dst->lvl == 0)
                                a->tab8[j] = (uint8_t)(a->tab8[j] + v);
                        else if (dst->lvl == 1)
                                a->tab16[j] = (uint16_t)(a->tab16[j] + v);
                        else
                                a->tab[j] += v;
                }
                hist_merge(&a->h, &b->h);
                if (has_isum(a)) {
                        for (size_t j = 0; j < ws->dt[d].nsum; j++) {
                                uint64_t v = isum_at(src, d, j);
                                if (dst->lvl == 0)
                                        a->isum16[j] = (uint16_t)(a->isum16[j] + v);
                                else if (dst->lvl == 1)
                                        a->isum32[j] = (uint32_t)(a->isum32[j] + v);
                                else
                                        a->isum[j] += v;
                        }
                } else if (ws->dim_k[d] >= 2)
                        statm_comoments_merge(&a->cm, &b->cm);
        }
}

/* Codes of item i's scale (0 for numeric items). */
static size_t item_ncodes(const struct codebook *cb, size_t i)
{
        const struct item *it = &cb->items[i];
        return it->kind == ITEM_NUMERIC || it->scale < 0 ? 0 : cb->scales[it->scale].ncodes;
}

/* Reads item i of c as numbers; cnt points to buf, which holds item_ncodes() entries. */
static void item_view(const struct codebook *cb, const struct cell *c, size_t i, struct iacc *a,
                      double *buf)
{
        size_t o = c->ioff[i];
        a->valid = ic_at(c, o + IC_VALID);
        a->dk = ic_at(c, o + IC_DK);
        a->missing = ic_at(c, o + IC_MISSING);
        size_t nc = item_ncodes(cb, i);
        for (size_t k = 0; k < nc; k++)
                buf[k] = ic_at(c, o + IC_CNT + k);
        a->cnt = buf;
        a->h = c->nh ? &c->nh[i] : NULL;
}

struct slotval {
        double v;
        uint32_t slot;
};

static int cmp_slotval(const void *a, const void *b)
{
        const struct slotval *x = a, *y = b;
        if (x->v != y->v)
                return x->v < y->v ? -1 : 1;
        return x->slot < y->slot ? -1 : x->slot > y->slot;
}

/* Lays out dimension d's score table, or leaves it empty when it would be large. */
static void dimtab_build(const struct codebook *cb, const struct wavestat *ws, size_t d,
                         struct dimtab *t)
{
        size_t k = ws->dim_k[d];
        memset(t, 0, sizeof *t);
        if (!k)
                return;
        const struct scale *sc = &cb->scales[cb->items[ws->dim_items[d][0]].scale];
        t->lo = sc->min;
        t->hi = sc->max;
        t->amin = ws->amin[d];
        size_t size = 0;
        for (size_t a = t->amin; a <= k; a++)
                size += a * (size_t)(t->hi - t->lo) + 1;
        if (size > DIMTAB_MAX)
                return;
        t->size = size;
        if (k <= 64)
                t->nsum = 1 + k + k * (k + 1) / 2;
        t->off = xcalloc(k + 1, sizeof *t->off);
        t->val = xcalloc(size, sizeof *t->val);
        t->order = xcalloc(size, sizeof *t->order);
        struct slotval *sv = xcalloc(size, sizeof *sv);
        size_t j = 0;
        for (size_t a = t->amin; a <= k; a++) {
                t->off[a] = j;
                for (long S = (long)a * t->lo; S <= (long)a * t->hi; S++, j++) {
                        /* The same division the histogram path makes. */
                        t->val[j] = (double)S / (double)a;
                        sv[j] = (struct slotval){t->val[j], (uint32_t)j};
                }
        }
        qsort(sv, size, sizeof *sv, cmp_slotval);
        for (j = 0; j < size; j++)
                t->order[j] = sv[j].slot;
        free(sv);
}

static void dimtab_free(struct dimtab *t)
{
        free(t->off);
        free(t->val);
        free(t->order);
}

/*
 * The score histogram of dimension d in c: c's own, or laid out from the
 * slots into buf (slots in score order, equal scores such as 2/1 and 4/2
 * joined). The caller hist_clear()s buf; it may be reused between calls.
 */
static const struct hist *dim_hist(const struct cell *c, size_t d, struct hist *buf)
{
        const struct dacc *a = &c->dm[d];
        const struct dimtab *t = &c->dt[d];
        if (!t->size)
                return &a->h;
        if (buf->cap < t->size) {
                buf->cap = t->size;
                buf->v = xrealloc(buf->v, buf->cap * sizeof *buf->v);
                buf->c = xrealloc(buf->c, buf->cap * sizeof *buf->c);
        }
        buf->n = 0;
        for (size_t j = 0; j < t->size; j++) {
                uint32_t slot = t->order[j];
                double cnt = tab_at(c, d, slot), v = t->val[slot];
                if (!cnt)
                        continue;
                if (buf->n && buf->v[buf->n - 1] == v)
                        buf->c[buf->n - 1] += cnt;
                else {
                        buf->v[buf->n] = v;
                        buf->c[buf->n++] = cnt;
                }
        }
        if (a->h.n) /* scores that had no slot */
                hist_merge(buf, &a->h);
        return buf;
}

static struct statm_moments dim_moments(const struct cell *c, size_t d, struct hist *buf)
{
        return hist_moments(dim_hist(c, d, buf));
}

struct stats *stats_new(const struct config *cfg)
{
        struct stats *st = xcalloc(1, sizeof *st);
        st->cfg = cfg;
        st->M = cfg->nmunis;
        st->w = xcalloc(cfg->nwaves, sizeof *st->w);
        size_t maxitems = 1, maxdims = 1, maxic = 1;
        for (size_t w = 0; w < cfg->nwaves; w++) {
                struct wavestat *ws = &st->w[w];
                const struct codebook *cb = cfg->instruments[cfg->waves[w].instrument].codebook;
                ws->cb = cb;
                if (cb->nitems > maxitems)
                        maxitems = cb->nitems;
                ws->tot = xcalloc(st->M, sizeof *ws->tot);
                ws->dim_items = xcalloc(cb->ndims ? cb->ndims : 1, sizeof *ws->dim_items);
                ws->dim_k = xcalloc(cb->ndims ? cb->ndims : 1, sizeof *ws->dim_k);
                for (size_t d = 0; d < cb->ndims; d++) {
                        ws->dim_items[d] = xcalloc(cb->nitems, sizeof(int));
                        for (size_t i = 0; i < cb->nitems; i++)
                                if (cb->items[i].kind == ITEM_LIKERT &&
                                    cb->items[i].dimension == (int)d)
                                        ws->dim_items[d][ws->dim_k[d]++] = (int)i;
                }
                ws->ioff = xcalloc(cb->nitems ? cb->nitems : 1, sizeof *ws->ioff);
                for (size_t i = 0; i < cb->nitems; i++) {
                        ws->ioff[i] = ws->icsize;
                        ws->icsize += IC_CNT + item_ncodes(cb, i);
                        ws->has_numeric |= cb->items[i].kind == ITEM_NUMERIC;
                }
                ws->num_items = xcalloc(cb->nitems ? cb->nitems : 1, sizeof *ws->num_items);
                for (size_t i = 0; i < cb->nitems; i++)
                        if (cb->items[i].kind == ITEM_NUMERIC)
                                ws->num_items[ws->nnum++] = i;
                if (ws->icsize > maxic)
                        maxic = ws->icsize;
                /* Scale codes by direct lookup when their range is small. */
                ws->code_ix = xcalloc(cb->nscales ? cb->nscales : 1, sizeof *ws->code_ix);
                for (size_t sc = 0; sc < cb->nscales; sc++) {
                        const struct scale *x = &cb->scales[sc];
                        int lo = 0, hi = -1;
                        for (size_t k = 0; k < x->ncodes; k++) {
                                if (!k || x->codes[k].code < lo)
                                        lo = x->codes[k].code;
                                if (!k || x->codes[k].code > hi)
                                        hi = x->codes[k].code;
                        }
                        if (x->ncodes && (long)hi - lo < 1024) {
                                ws->code_ix[sc] = xcalloc((size_t)(hi - lo + 1), sizeof(short));
                                for (int v = lo; v <= hi; v++)
                                        ws->code_ix[sc][v - lo] = (short)scale_index(x, v);
                        }
                }
                ws->plan = xcalloc(cb->nitems ? cb->nitems : 1, sizeof *ws->plan);
                for (size_t i = 0; i < cb->nitems; i++) {
                        const struct item *it = &cb->items[i];
                        struct iplan *pl = &ws->plan[i];
                        pl->cls = it->kind == ITEM_NUMERIC ? PL_NUMERIC
                                  : it->kind == ITEM_MULTI ? PL_MULTI
                                                           : PL_SCALE;
                        if (it->scale < 0)
                                continue;
                        const struct scale *x = &cb->scales[it->scale];
                        pl->sc = x;
                        pl->rev = it->reverse;
                        pl->revsum = (double)x->min + (double)x->max;
                        pl->code_ix = ws->code_ix[it->scale];
                        if (pl->code_ix) {
                                int lo = x->codes[0].code;
                                for (size_t k = 0; k < x->ncodes; k++)
                                        if (x->codes[k].code < lo)
                                                lo = x->codes[k].code;
                                pl->lo = lo;
                                int hi = lo;
                                for (size_t k = 0; k < x->ncodes; k++)
                                        if (x->codes[k].code > hi)
                                                hi = x->codes[k].code;
                                pl->span = hi - lo + 1;
                        }
                }
                /* The instrument's and the codebook's definitions (README, Configuration). */
                const struct instrument *in = &cfg->instruments[cfg->waves[w].instrument];
                ws->amin = xcalloc(cb->ndims ? cb->ndims : 1, sizeof *ws->amin);
                ws->fav_asis = xcalloc(cb->nitems ? cb->nitems : 1, 1);
                for (size_t d = 0; d < cb->ndims; d++) {
                        size_t k = ws->dim_k[d];
                        int mi = cb->dims[d].min_items != MIN_ITEMS_UNSET ? cb->dims[d].min_items
                                                                          : in->min_items;
                        int fav = cb->dims[d].favourable != FAV_UNSET ? cb->dims[d].favourable
                                                                      : in->favourable;
                        ws->amin[d] = mi == MIN_ITEMS_ALL ? k
                                      : mi > 0            ? ((size_t)mi < k ? (size_t)mi : k)
                                                          : (k + 1) / 2;
                        for (size_t j = 0; j < k; j++)
                                ws->fav_asis[ws->dim_items[d][j]] = fav == FAV_BEFORE_REVERSAL;
                }
                ws->dt = xcalloc(cb->ndims ? cb->ndims : 1, sizeof *ws->dt);
                for (size_t d = 0; d < cb->ndims; d++)
                        dimtab_build(cb, ws, d, &ws->dt[d]);
                /* Narrow cells (struct cell): 16-bit counters, co-moment sums that
                 * grow by at most (max - min)^2 a response in 32 bits. */
                ws->lvl_max[0] = UINT8_MAX;
                ws->lvl_max[1] = UINT16_MAX;
                ws->lvl_max[2] = INFINITY;
                for (size_t d = 0; d < cb->ndims; d++) {
                        if (!ws->dt[d].nsum)
                                continue;
                        uint64_t span = (uint64_t)(ws->dt[d].hi - ws->dt[d].lo);
                        uint64_t sq = span > UINT16_MAX ? UINT64_MAX : span * span;
                        if (sq && (double)(UINT16_MAX / sq) < ws->lvl_max[0])
                                ws->lvl_max[0] = (double)(UINT16_MAX / sq);
                        if (sq && (double)(UINT32_MAX / sq) < ws->lvl_max[1])
                                ws->lvl_max[1] = (double)(UINT32_MAX / sq);
                }
                ws->gap_items = xcalloc(cb->nitems ? cb->nitems : 1, sizeof *ws->gap_items);
                for (size_t i = 0; i < cb->nitems; i++)
                        if (cb->items[i].kind == ITEM_CURRENT && cb->items[i].pair >= 0)
                                ws->gap_items[ws->ngap++] = i;
                if (cb->ndims > maxdims)
                        maxdims = cb->ndims;
                for (size_t c = 0; c < cb->ncols; c++) {
                        if (cb->cols[c].role != COL_BREAKDOWN)
                                continue;
                        ws->bd = xrealloc(ws->bd, (ws->nbd + 1) * sizeof *ws->bd);
                        struct bdstat *b = &ws->bd[ws->nbd++];
                        memset(b, 0, sizeof *b);
                        b->col = (int)c;
                }
        }
        st->prep.inc = xcalloc(maxic, sizeof *st->prep.inc);
        st->prep.kidx = xcalloc(maxitems, sizeof *st->prep.kidx);
        st->prep.rec = xcalloc(maxitems, sizeof *st->prep.rec);
        st->prep.dslot = xcalloc(maxdims, sizeof *st->prep.dslot);
        st->prep.dscore = xcalloc(maxdims, sizeof *st->prep.dscore);
        st->prep.dcomplete = xcalloc(maxdims, sizeof *st->prep.dcomplete);
        st->prep.dvec = xcalloc(maxdims * 64, sizeof *st->prep.dvec);
        st->prep.dsum = xcalloc(maxdims * DSUM_MAX, sizeof *st->prep.dsum);
        st->prep.dsum32 = xcalloc(maxdims * DSUM_MAX, sizeof *st->prep.dsum32);
        st->prep.dsum16 = xcalloc(maxdims * DSUM_MAX, sizeof *st->prep.dsum16);
        size_t maxbd = 1;
        for (size_t w = 0; w < cfg->nwaves; w++)
                if (st->w[w].nbd > maxbd)
                        maxbd = st->w[w].nbd;
        st->pcat = xcalloc(maxbd, sizeof *st->pcat);
        st->pval = xcalloc(maxitems, sizeof *st->pval);
        st->pstate = xcalloc(maxitems, 1);
        st->pmulti = xcalloc(maxitems, sizeof *st->pmulti);
        for (size_t w = 0; w < cfg->nwaves; w++) {
                struct wavestat *ws = &st->w[w];
                const struct codebook *cb = ws->cb;
                size_t nwide = 0;
                ws->pend_base = xcalloc(cb->nitems ? cb->nitems : 1, sizeof *ws->pend_base);
                ws->pend_wide = xcalloc(cb->nitems ? cb->nitems : 1, sizeof *ws->pend_wide);
                for (size_t i = 0; i < cb->nitems; i++) {
                        const struct iplan *pl = &ws->plan[i];
                        ws->pend_base[i] = -1;
                        if (pl->cls == PL_SCALE && pl->sc && pl->sc->ncodes) {
                                int lo = pl->sc->codes[0].code;
                                for (size_t k = 0; k < pl->sc->ncodes; k++)
                                        if (pl->sc->codes[k].code < lo)
                                                lo = pl->sc->codes[k].code;
                                if (lo >= 0 && lo < INT32_MAX - 255)
                                        ws->pend_base[i] = lo;
                        }
                        if (ws->pend_base[i] < 0)
                                ws->pend_wide[i] = nwide++;
                }
                ws->pend_size = ws->nbd * sizeof(int32_t) + 2 * cb->nitems + 16 * nwide;
                ws->pend_size = (ws->pend_size + 7) & ~(size_t)7;
        }
        return st;
}

void stats_free(struct stats *st)
{
        if (!st)
                return;
        for (size_t w = 0; w < st->cfg->nwaves; w++) {
                struct wavestat *ws = &st->w[w];
                for (size_t m = 0; m < st->M; m++)
                        cell_free(ws->cb, ws->tot[m]);
                free(ws->tot);
                free(ws->pend);
                free(ws->npend);
                free(ws->pend_base);
                free(ws->pend_wide);
                for (size_t b = 0; b < ws->nbd; b++) {
                        for (size_t c = 0; c < ws->bd[b].capcats; c++) {
                                if (ws->bd[b].c[c])
                                        for (size_t m = 0; m < st->M; m++)
                                                cell_free(ws->cb, ws->bd[b].c[c][m]);
                                free(ws->bd[b].c[c]);
                        }
                        free(ws->bd[b].c);
                        for (size_t c = 0; c < ws->bd[b].ncats; c++)
                                free(ws->bd[b].cats[c]);
                        free(ws->bd[b].cats);
                }
                free(ws->bd);
                for (size_t d = 0; d < ws->cb->ndims; d++) {
                        free(ws->dim_items[d]);
                        dimtab_free(&ws->dt[d]);
                }
                free(ws->dt);
                free(ws->ioff);
                free(ws->num_items);
                free(ws->plan);
                for (size_t sc = 0; sc < ws->cb->nscales; sc++)
                        free(ws->code_ix[sc]);
                free(ws->code_ix);
                free(ws->gap_items);
                free(ws->dim_items);
                free(ws->dim_k);
                free(ws->amin);
                free(ws->fav_asis);
        }
        free(st->w);
        free(st->prep.inc);
        free(st->prep.kidx);
        free(st->prep.rec);
        free(st->prep.dslot);
        free(st->prep.dscore);
        free(st->prep.dcomplete);
        free(st->prep.dvec);
        free(st->prep.dsum);
        free(st->prep.dsum32);
        free(st->prep.dsum16);
        free(st->pcat);
        free(st->pval);
        free(st->pstate);
        free(st->pmulti);
        free(st);
}

/* Prepares response r of wave ws for cell_add: done once, not once per cell. */
static void prep_response(const struct wavestat *ws, const struct response *r, struct prep *p)
{
        const struct codebook *cb = ws->cb;
        size_t ninc = 0;
        for (size_t i = 0; i < cb->nitems; i++) {
                const struct iplan *pl = &ws->plan[i];
                uint32_t base = (uint32_t)ws->ioff[i];
                unsigned char state = r->state[i];
                p->rec[i] = NAN;
                if (state == ANS_MISSING) {
                        p->inc[ninc++] = base + IC_MISSING;
                        continue;
                }
                if (state == ANS_DK) {
                        p->inc[ninc++] = base + IC_DK;
                        continue;
                }
                p->inc[ninc++] = base + IC_VALID;
                if (pl->cls == PL_SCALE) {
                        double v = r->val[i];
                        int code = (int)v, k;
                        if (pl->code_ix)
                                k = code >= pl->lo && code - pl->lo < pl->span
                                        ? pl->code_ix[code - pl->lo]
                                        : -1;
                        else
                                k = scale_index(pl->sc, code);
                        if (k >= 0)
                                p->inc[ninc++] = base + IC_CNT + (uint32_t)k;
                        p->rec[i] = pl->rev ? pl->revsum - v : v;
                } else if (pl->cls == PL_MULTI) {
                        size_t nc = pl->sc->ncodes;
                        for (size_t b = 0; b < nc && b < 64; b++)
                                if (r->multi[i] & ((uint64_t)1 << b))
                                        p->inc[ninc++] = base + IC_CNT + (uint32_t)b;
                }
        }
        p->ninc = ninc;
        for (size_t d = 0; d < cb->ndims; d++) {
                size_t k = ws->dim_k[d], answered = 0;
                const struct dimtab *t = &ws->dt[d];
                double sum = 0, *vec = p->dvec + d * 64;
                int complete = k <= 64;
                p->dslot[d] = DSLOT_NONE;
                p->dcomplete[d] = 0;
                if (!k)
                        continue;
                for (size_t j = 0; j < k; j++) {
                        double v = p->rec[ws->dim_items[d][j]];
                        if (j < 64)
                                vec[j] = v;
                        if (isnan(v)) {
                                complete = 0;
                                continue;
                        }
                        sum += v;
                        answered++;
                }
                if (answered && answered >= ws->amin[d]) {
                        p->dscore[d] = sum / (double)answered;
                        p->dslot[d] = DSLOT_HIST;
                        long lo = (long)answered * t->lo, hi = (long)answered * t->hi;
                        if (t->size && sum == floor(sum) && sum >= (double)lo && sum <= (double)hi)
                                p->dslot[d] = (long)t->off[answered] + ((long)sum - lo);
                }
                p->dcomplete[d] = complete && k >= 2;
                if (p->dcomplete[d] && t->nsum) {
                        /* The case's terms of the integer co-moment sums, once for all cells. */
                        uint64_t *ds = p->dsum + d * DSUM_MAX, y[64];
                        for (size_t j = 0; j < k; j++)
                                y[j] = (uint64_t)(vec[j] - t->lo);
                        size_t q = 0;
                        ds[q++] = 1;
                        for (size_t j = 0; j < k; j++)
                                ds[q++] = y[j];
                        for (size_t i = 0; i < k; i++)
                                for (size_t j = i; j < k; j++)
                                        ds[q++] = y[i] * y[j];
                        /* Each term is at most (max - min)^2, which lvl_max keeps in 16 and
                         * 32 bits. */
                        uint32_t *ds32 = p->dsum32 + d * DSUM_MAX;
                        uint16_t *ds16 = p->dsum16 + d * DSUM_MAX;
                        for (size_t j = 0; j < q; j++) {
                                ds32[j] = (uint32_t)ds[j];
                                ds16[j] = (uint16_t)ds[j];
                        }
                }
        }
}

static void cell_add(const struct codebook *cb, const struct wavestat *ws, struct cell *c,
                     const struct response *r, const struct prep *p)
{
        if (c->resp + 1 > ws->lvl_max[c->lvl])
                cell_hold(cb, ws, c, c->resp + 1);
        c->resp += 1;
        if (c->lvl == 0) {
                uint8_t *ic = c->ic8;
                for (size_t j = 0; j < p->ninc; j++)
                        ic[p->inc[j]]++;
        } else if (c->lvl == 1) {
                uint16_t *ic = c->ic16;
                for (size_t j = 0; j < p->ninc; j++)
                        ic[p->inc[j]]++;
        } else {
                uint32_t *ic = c->ic;
                for (size_t j = 0; j < p->ninc; j++)
                        ic[p->inc[j]]++;
        }
        for (size_t j = 0; j < ws->nnum; j++) {
                size_t i = ws->num_items[j];
                if (r->state[i] == ANS_VALID)
                        hist_add(&c->nh[i], r->val[i], 1);
        }
        for (size_t d = 0; d < cb->ndims; d++) {
                struct dacc *a = &c->dm[d];
                a->n += p->dslot[d] != DSLOT_NONE;
                if (p->dslot[d] >= 0) {
                        if (c->lvl == 0)
                                a->tab8[p->dslot[d]]++;
                        else if (c->lvl == 1)
                                a->tab16[p->dslot[d]]++;
                        else
                                a->tab[p->dslot[d]]++;
                } else if (p->dslot[d] == DSLOT_HIST)
                        hist_add(&a->h, p->dscore[d], 1);
                if (!p->dcomplete[d])
                        continue;
                size_t nsum = ws->dt[d].nsum;
                if (a->isum) {
                        uint64_t *restrict dst = a->isum;
                        const uint64_t *restrict src = p->dsum + d * DSUM_MAX;
                        for (size_t j = 0; j < nsum; j++)
                                dst[j] += src[j];
                } else if (a->isum32) {
                        uint32_t *restrict dst = a->isum32;
                        const uint32_t *restrict src = p->dsum32 + d * DSUM_MAX;
                        for (size_t j = 0; j < nsum; j++)
                                dst[j] += src[j];
                } else if (a->isum16) {
                        uint16_t *restrict dst = a->isum16;
                        const uint16_t *restrict src = p->dsum16 + d * DSUM_MAX;
                        for (size_t j = 0; j < nsum; j++)
                                dst[j] = (uint16_t)(dst[j] + src[j]);
                } else {
                        statm_comoments_add(&c->dm[d].cm, p->dvec + d * 64);
                }
        }
        for (size_t g = 0; g < ws->ngap; g++) {
                size_t i = ws->gap_items[g];
                const struct item *it = &cb->items[i];
                if (r->state[i] != ANS_VALID || r->state[it->pair] != ANS_VALID)
                        continue;
                double cur = r->val[i], tgt = r->val[it->pair];
                hist_add(&c->gp[i].h, tgt - cur, 1);
                c->gp[i].cur += cur;
                c->gp[i].tgt += tgt;
        }
}

static struct cell *bd_cell(struct stats *st, struct wavestat *ws, size_t b, size_t cat, size_t m)
{
        struct bdstat *bd = &ws->bd[b];
        if (cat >= bd->capcats) {
                size_t cap = bd->capcats ? bd->capcats : 8;
                while (cap <= cat)
                        cap *= 2;
                bd->c = xrealloc(bd->c, cap * sizeof *bd->c);
                memset(bd->c + bd->capcats, 0, (cap - bd->capcats) * sizeof *bd->c);
                bd->capcats = cap;
        }
        if (!bd->c[cat])
                bd->c[cat] = xcalloc(st->M, sizeof **bd->c);
        if (!bd->c[cat][m])
                bd->c[cat][m] = cell_new(ws->cb, ws);
        return bd->c[cat][m];
}

/* Adds response r to its municipality's cells. */
static void feed_one(struct stats *st, struct wavestat *ws, const struct response *r)
{
        size_t m = (size_t)r->muni;
        if (!ws->tot[m])
                ws->tot[m] = cell_new(ws->cb, ws);
        prep_response(ws, r, &st->prep);
        cell_add(ws->cb, ws, ws->tot[m], r, &st->prep);
        for (size_t b = 0; b < ws->nbd; b++)
                if (r->cat[b] >= 0)
                        cell_add(ws->cb, ws, bd_cell(st, ws, b, (size_t)r->cat[b], m), r,
                                 &st->prep);
}

/* Stores r as record rec; returns -1 when a value does not fit a record. */
static int pend_put(const struct wavestat *ws, const struct response *r, unsigned char *rec)
{
        const struct codebook *cb = ws->cb;
        for (size_t b = 0; b < ws->nbd; b++) {
                int32_t c = r->cat[b];
                memcpy(rec + b * sizeof c, &c, sizeof c);
        }
        unsigned char *state = rec + ws->nbd * sizeof(int32_t), *code = state + cb->nitems;
        unsigned char *wide = code + cb->nitems;
        for (size_t i = 0; i < cb->nitems; i++) {
                state[i] = r->state[i];
                code[i] = 0;
                int base = ws->pend_base[i];
                if (base < 0) {
                        memcpy(wide + 16 * ws->pend_wide[i], &r->val[i], 8);
                        memcpy(wide + 16 * ws->pend_wide[i] + 8, &r->multi[i], 8);
                        continue;
                }
                if (r->state[i] != ANS_VALID)
                        continue;
                double v = r->val[i];
                if (!(v >= base && v <= base + 255.0 && v == floor(v)) || r->multi[i])
                        return -1;
                code[i] = (unsigned char)(v - base);
        }
        return 0;
}

/* Reads record rec of municipality m back into st's arrays as a response. */
static struct response pend_get(struct stats *st, const struct wavestat *ws, size_t m,
                                const unsigned char *rec)
{
        const struct codebook *cb = ws->cb;
        for (size_t b = 0; b < ws->nbd; b++) {
                int32_t c;
                memcpy(&c, rec + b * sizeof c, sizeof c);
                st->pcat[b] = c;
        }
        const unsigned char *state = rec + ws->nbd * sizeof(int32_t), *code = state + cb->nitems;
        const unsigned char *wide = code + cb->nitems;
        for (size_t i = 0; i < cb->nitems; i++) {
                st->pstate[i] = state[i];
                int base = ws->pend_base[i];
                if (base < 0) {
                        memcpy(&st->pval[i], wide + 16 * ws->pend_wide[i], 8);
                        memcpy(&st->pmulti[i], wide + 16 * ws->pend_wide[i] + 8, 8);
                } else {
                        st->pval[i] = state[i] == ANS_VALID ? (double)(base + code[i]) : 0;
                        st->pmulti[i] = 0;
                }
        }
        struct response r = {.muni = (int)m,
                             .line = 0,
                             .cat = st->pcat,
                             .val = st->pval,
                             .state = st->pstate,
                             .multi = st->pmulti};
        return r;
}

/* Adds municipality m's waiting responses, in the order they came. */
static void pend_flush(struct stats *st, struct wavestat *ws, size_t m)
{
        for (size_t j = 0; j < ws->npend[m]; j++) {
                struct response r =
                    pend_get(st, ws, m, ws->pend + (m * PEND_MAX + j) * ws->pend_size);
                feed_one(st, ws, &r);
        }
        ws->npend[m] = 0;
}

static void pend_flush_all(struct stats *st, struct wavestat *ws)
{
        if (ws->npend)
                for (size_t m = 0; m < st->M; m++)
                        pend_flush(st, ws, m);
}

/*
 * Responses come in the export's order, which mixes municipalities; adding
 * each at once touches three or four cells of several KB that are no longer
 * in the cache. So each municipality's responses wait (PEND_MAX of them, as
 * compact records) and are added together, to cells that then stay in the
 * cache. Every cell belongs to one municipality and gets its responses in
 * the same order as before, so every figure is the same.
 */
int stats_feed_fn(void *ctx, const struct response *r)
{
        struct stats_feed *f = ctx;
        struct stats *st = f->st;
        struct wavestat *ws = &st->w[f->wave];
        size_t m = (size_t)r->muni;
        if (!ws->pend_off && !ws->pend) {
                ws->pend = xcalloc(st->M * PEND_MAX, ws->pend_size);
                ws->npend = xcalloc(st->M, 1);
        }
        if (ws->pend_off ||
            pend_put(ws, r, ws->pend + (m * PEND_MAX + ws->npend[m]) * ws->pend_size)) {
                /* A value no record holds: add everything waiting, then this, directly. */
                pend_flush_all(st, ws);
                ws->pend_off = 1;
                feed_one(st, ws, r);
                return 0;
        }
        if (++ws->npend[m] == PEND_MAX)
                pend_flush(st, ws, m);
        return 0;
}

void stats_finish_wave(struct stats *st, size_t w, const struct ingest *ig)
{
        struct wavestat *ws = &st->w[w];
        pend_flush_all(st, ws);
        free(ws->pend);
        free(ws->npend);
        ws->pend = ws->npend = NULL;
        ws->pend_off = 1; /* nothing more comes (and none waits) */
        ws->sum = *ingest_summary(ig);
        for (size_t b = 0; b < ws->nbd && b < ingest_nbreakdowns(ig); b++) {
                struct bdstat *bd = &ws->bd[b];
                for (size_t c = 0; c < bd->ncats; c++)
                        free(bd->cats[c]);
                free(bd->cats);
                bd->ncats = ingest_ncats(ig, b);
                bd->cats = xcalloc(bd->ncats ? bd->ncats : 1, sizeof *bd->cats);
                for (size_t c = 0; c < bd->ncats; c++)
                        bd->cats[c] = xstrdup(ingest_cat_label(ig, b, c));
        }
        ws->finished = 1;
}

/* ------------------------------------------------------------------------
 * Lights and levels.
 */

static int index_band(const struct thresholds *th, double x)
{
        return x < th->red_below ? 0 : x < th->green_from ? 1 : 2;
}

const char *stats_light(const struct thresholds *th, double index, double lo, double hi)
{
        static const char *const names[] = {"red", "yellow", "green"};
        if (index_band(th, lo) != index_band(th, hi))
                return "uncertain";
        return names[index_band(th, index)];
}

static int gap_band(const struct thresholds *th, double g)
{
        return g >= th->gap_red ? 0 : g >= th->gap_yellow ? 1 : 2;
}

const char *stats_gap_light(const struct thresholds *th, double gap, double lo, double hi)
{
        static const char *const names[] = {"red", "yellow", "green"};
        if (gap_band(th, lo) != gap_band(th, hi))
                return "uncertain";
        return names[gap_band(th, gap)];
}

int stats_maturity_level(double mean_index)
{
        int level = 1 + (int)floor(mean_index / 20.0);
        return level < 1 ? 1 : level > 5 ? 5 : level;
}

/* ------------------------------------------------------------------------
 * Suppression.
 */

typedef double (*subject_n_fn)(const struct cell *c, const void *arg);

/*
 * Withheld cells. A cell is a municipality or the region, whole or one
 * breakdown category of it; the respondents of a group without a category of
 * a breakdown (the residual: the group less its categories) are a cell that
 * is never published but can be derived, so it is protected like the others.
 * See README "Privacy: suppression rules" for the design and the attacker
 * model; tests/privacy_audit.py attacks the result with an LP/MILP solver.
 *
 * The respondents' hidden set is shared by every statistic of a wave; each
 * item, dimension and action area then extends it with the same rules on its
 * own n (a figure from 1 .. min - 1 answers). A size is small when it is 1 ..
 * min - 1 and large when it is at least min.
 *
 *  1. A small municipality is withheld whole (its total and every breakdown
 *     cell); when it is the only one, so is the smallest large one. A small
 *     region withholds everything.
 *  2. Rows: a municipality's cells of one breakdown are withheld together when
 *     any of them or its residual is small, so that no sum group = categories
 *     + residual has a single unknown. A small region category is withheld.
 *  3. Every small municipal cell (m, c) needs its region column withheld and
 *     one more withheld region category c2 that is large, with (m, c2) large
 *     too: then moving up to min respondents, with all their answers, between
 *     (m, c2) and (m, c), and the same respondents between the region's c2 and
 *     c, changes no published figure, so the cell's count, and every answer
 *     count or sum in it, can be anything in a range of at least min. A small
 *     region cell needs a large withheld region category c2 that is large in
 *     some withheld municipal row. When the row has no large partner, the
 *     region's whole row is withheld. Repeats until nothing changes.
 */
enum { PUB = 0, HID = 1 };

/* The withheld set of one subject (or of the respondents) in one wave. */
struct supp {
        unsigned char *tot; /* [M + 1], index M = region */
        unsigned char **bc; /* per breakdown: [ncats * (M + 1)] */
};

enum subj_kind { S_RESP, S_ITEM, S_DIM, S_GAP };

static double n_item(const struct cell *c, const void *arg);
static double n_dim(const struct cell *c, const void *arg);
static double n_gap(const struct cell *c, const void *arg);

static double cell_n(const struct cell *c, enum subj_kind kind, size_t idx)
{
        if (!c)
                return 0;
        switch (kind) {
        case S_RESP:
                return c->resp;
        case S_ITEM:
                return n_item(c, &idx);
        case S_DIM:
                return n_dim(c, &idx);
        case S_GAP:
                return n_gap(c, &idx);
        }
        return 0;
}

static int is_small(double v, int min)
{
        return v > 0 && v < min;
}

static int is_large(double v, int min)
{
        return v >= min;
}

struct bdview {
        size_t M, nc;
        int min;
        const double *z;  /* [(nc + 1) * (M + 1)]: column nc = residual */
        unsigned char *f; /* [nc * (M + 1)] */
};

#define Z(v, c, r) ((v)->z[(c) * ((v)->M + 1) + (r)])

static int row_hidden(const struct bdview *v, size_t r)
{
        for (size_t c = 0; c < v->nc; c++)
                if (v->f[c * (v->M + 1) + r] == HID)
                        return 1;
        return 0;
}

/* Cell (c, r) withheld; the residual counts as withheld with any cell of its row. */
static int hidden(const struct bdview *v, size_t c, size_t r)
{
        return c == v->nc ? row_hidden(v, r) : v->f[c * (v->M + 1) + r] == HID;
}

static int hide(struct bdview *v, size_t c, size_t r)
{
        if (c == v->nc || v->f[c * (v->M + 1) + r] == HID)
                return 0;
        v->f[c * (v->M + 1) + r] = HID;
        return 1;
}

static int hide_row(struct bdview *v, size_t r)
{
        int changed = 0;
        for (size_t c = 0; c < v->nc; c++)
                changed |= hide(v, c, r);
        return changed;
}

/* Whether small cell (c, r) lies on a protecting rectangle through the region (rule 3). */
static int protected_cell(const struct bdview *v, size_t c, size_t r)
{
        size_t M = v->M, nc = v->nc;
        int min = v->min;
        for (size_t c2 = 0; c2 <= nc; c2++) {
                if (c2 == c)
                        continue;
                if (r < M) {
                        if (!is_large(Z(v, c2, r), min))
                                continue;
                        if (hidden(v, c, M) && hidden(v, c2, M) && c2 < nc &&
                            is_large(Z(v, c2, M), min))
                                return 1;
                } else {
                        if (c2 == nc || !hidden(v, c2, M) || !is_large(Z(v, c2, M), min))
                                continue;
                        for (size_t m = 0; m < M; m++)
                                if (row_hidden(v, m) && is_large(Z(v, c2, m), min))
                                        return 1;
                }
        }
        return 0;
}

/* Withholds more so that small cell (c, r) gets a rectangle; 0 when nothing is left to do. */
static int extend_cell(struct bdview *v, size_t c, size_t r)
{
        size_t M = v->M, nc = v->nc;
        int min = v->min;
        if (r < M) {
                int row_partner = 0;
                for (size_t c2 = 0; c2 <= nc; c2++)
                        row_partner |= c2 != c && is_large(Z(v, c2, r), min);
                if (row_partner) {
                        size_t bc = nc;
                        for (size_t c2 = 0; c2 < nc; c2++)
                                if (c2 != c && is_large(Z(v, c2, r), min) &&
                                    is_large(Z(v, c2, M), min) &&
                                    (bc == nc || Z(v, c2, M) > Z(v, bc, M)))
                                        bc = c2;
                        if (bc < nc) {
                                int ch = hide(v, bc, M);
                                if (c < nc)
                                        ch |= hide(v, c, M);
                                else if (!row_hidden(v, M))
                                        ch = 1;
                                if (ch)
                                        return 1;
                        }
                }
        } else {
                size_t bc = nc;
                for (size_t c2 = 0; c2 < nc; c2++) {
                        if (c2 == c || !is_large(Z(v, c2, M), min))
                                continue;
                        for (size_t m = 0; m < M; m++)
                                if (row_hidden(v, m) && is_large(Z(v, c2, m), min) &&
                                    (bc == nc || Z(v, c2, M) > Z(v, bc, M)))
                                        bc = c2;
                }
                if (bc < nc && hide(v, bc, M))
                        return 1;
        }
        return hide_row(v, M);
}

/* Rules 2 and 3 for one breakdown; returns 1 when it withheld something more. */
static int protect_breakdown(struct bdview *v)
{
        size_t M = v->M, nc = v->nc;
        int min = v->min, changed = 0;
        for (size_t m = 0; m < M; m++) {
                if (row_hidden(v, m))
                        continue;
                for (size_t c = 0; c <= nc; c++)
                        if (is_small(Z(v, c, m), min)) {
                                changed |= hide_row(v, m);
                                break;
                        }
        }
        for (size_t c = 0; c < nc; c++)
                if (is_small(Z(v, c, M), min))
                        changed |= hide(v, c, M);
        if (changed)
                return 1;
        for (size_t r = 0; r <= M; r++)
                for (size_t c = 0; c <= nc; c++)
                        if (is_small(Z(v, c, r), min) && !protected_cell(v, c, r) &&
                            extend_cell(v, c, r))
                                return 1;
        return 0;
}

/*
 * Extends s (the cells already withheld) with the rules above on the sizes
 * kind/idx give (respondents or a subject's n).
 */
static void hide_cells(const struct stats *st, const struct wavestat *ws, struct cell *const *tot,
                       struct cell *const *const *bdc, enum subj_kind kind, size_t idx,
                       struct supp *s)
{
        size_t M = st->M;
        int min = st->cfg->min_group;
        /* Rule 1: small municipalities, whole. */
        size_t nhid = 0, smallest = M;
        for (size_t m = 0; m < M; m++) {
                double n = cell_n(tot[m], kind, idx);
                if (s->tot[m] == HID || is_small(n, min)) {
                        s->tot[m] = HID;
                        nhid++;
                } else if (is_large(n, min) &&
                           (smallest == M || n < cell_n(tot[smallest], kind, idx))) {
                        smallest = m;
                }
        }
        if (nhid == 1 && smallest < M)
                s->tot[smallest] = HID;
        if (is_small(cell_n(tot[M], kind, idx), min))
                for (size_t m = 0; m <= M; m++)
                        s->tot[m] = HID;
        for (size_t b = 0; b < ws->nbd; b++) {
                size_t nc = ws->bd[b].ncats;
                double *z = xcalloc((nc + 1) * (M + 1), sizeof *z);
                for (size_t m = 0; m <= M; m++) {
                        double rest = cell_n(tot[m], kind, idx);
                        for (size_t c = 0; c < nc; c++) {
                                double n = cell_n(bdc[b][c * (M + 1) + m], kind, idx);
                                z[c * (M + 1) + m] = n;
                                rest -= n;
                        }
                        z[nc * (M + 1) + m] = rest;
                }
                struct bdview v = {M, nc, min, z, s->bc[b]};
                for (size_t m = 0; m <= M; m++)
                        if (s->tot[m] == HID)
                                hide_row(&v, m);
                while (protect_breakdown(&v))
                        ;
                free(z);
        }
}

#undef Z

/* ------------------------------------------------------------------------
 * Figures.
 */

struct emit {
        struct results *res;
        const struct config *cfg;
        const struct codebook *cb;
        const char *wave;
        const char *group;
        const char *bd;                /* breakdown string, "" for none */
        const unsigned char *fav_asis; /* [items] % favourable before reverse coding, or NULL */
};

static void put(const struct emit *e, const char *subject, const char *stat, const char *cat,
                double v, double n)
{
        results_add(e->res, e->wave, e->group, e->bd, subject, stat, cat, v, (long)n);
}

/* The one neutral status of a withheld figure: it never says why. */
static void put_note(const struct emit *e, const char *subject, const char *stat)
{
        results_add_note(e->res, e->wave, e->group, e->bd, subject, stat, "", "suppressed");
}

/* Values and counts of a scale item's non-"don't know" codes, ascending by code. */
static size_t scale_table(const struct scale *sc, const double *cnt, double *vals, double *cnts)
{
        size_t n = 0;
        for (size_t k = 0; k < sc->ncodes; k++) {
                if (sc->codes[k].dontknow)
                        continue;
                size_t j = n++;
                while (j > 0 && vals[j - 1] > sc->codes[k].code) {
                        vals[j] = vals[j - 1];
                        cnts[j] = cnts[j - 1];
                        j--;
                }
                vals[j] = sc->codes[k].code;
                cnts[j] = cnt[k];
        }
        return n;
}

/*
 * Median and quartiles (type 7). When the values are multiples of 1/L (see
 * struct xsum), they are interpolated between the whole numbers v L, exactly
 * for these p, and divided by L once, so 1.5 and 1.7 have the median 1.6.
 */
static void put_location(const struct emit *e, const char *subject, const double *vals,
                         const double *cnts, size_t k, double n)
{
        static const double ps[] = {0.5, 0.25, 0.75};
        static const char *const names[] = {"median", "q1", "q3"};
        struct xsum x;
        xsum_of(vals, cnts, k, &x);
        double small[64], *sv = NULL;
        if (x.L > 1) {
                sv = k <= 64 ? small : xcalloc(k, sizeof *sv);
                for (size_t j = 0; j < k; j++)
                        sv[j] = nearbyint(vals[j] * x.L);
        }
        for (size_t i = 0; i < 3; i++) {
                double q;
                if (statm_quantile_counts(sv ? sv : vals, cnts, k, ps[i], &q))
                        continue;
                put(e, subject, names[i], "", sv ? q / x.L : q, n);
        }
        if (sv && sv != small)
                free(sv);
}

static void put_moments(const struct emit *e, const char *subject, const struct statm_moments *m)
{
        double mean, sd, lo, hi;
        if (!statm_moments_mean(m, &mean))
                put(e, subject, "mean", "", mean, m->n);
        if (!statm_moments_sd(m, &sd))
                put(e, subject, "sd", "", sd, m->n);
        if (!statm_moments_t_ci(m, LEVEL, &lo, &hi)) {
                put(e, subject, "ci_lo", "", lo, m->n);
                put(e, subject, "ci_hi", "", hi, m->n);
        }
}

static void emit_item_counts(const struct emit *e, size_t i, const struct iacc *a);

static void emit_item(const struct emit *e, size_t i, const struct cell *c)
{
        size_t ncodes = item_ncodes(e->cb, i);
        double small[64], *buf = ncodes <= 64 ? small : xcalloc(ncodes, sizeof *buf);
        struct iacc view, *a = &view;
        item_view(e->cb, c, i, a, buf);
        emit_item_counts(e, i, a);
        if (buf != small)
                free(buf);
}

static void emit_item_counts(const struct emit *e, size_t i, const struct iacc *a)
{
        const struct item *it = &e->cb->items[i];
        double n = a->valid;
        char cat[64];
        put(e, it->id, "n", "", n, n);
        put(e, it->id, "missing", "", a->missing, n);
        if (it->kind != ITEM_NUMERIC) {
                put(e, it->id, "dontknow", "", a->dk, n);
                if (a->valid + a->dk > 0)
                        put(e, it->id, "dontknow_pct", "", 100.0 * a->dk / (a->valid + a->dk), n);
        }
        if (it->kind == ITEM_NUMERIC) {
                const struct hist *h = a->h;
                struct statm_moments m = hist_moments(h);
                put_moments(e, it->id, &m);
                put_location(e, it->id, h->v, h->c, h->n, n);
                if (h->n) {
                        put(e, it->id, "min", "", h->v[0], n);
                        put(e, it->id, "max", "", h->v[h->n - 1], n);
                }
                for (size_t k = 0; k < h->n; k++) {
                        snprintf(cat, sizeof cat, "%g", h->v[k]);
                        put(e, it->id, "count", cat, h->c[k], n);
                        if (n > 0)
                                put(e, it->id, "pct", cat, 100.0 * h->c[k] / n, n);
                }
                return;
        }
        const struct scale *sc = &e->cb->scales[it->scale];
        for (size_t k = 0; k < sc->ncodes; k++) {
                if (sc->codes[k].dontknow)
                        continue;
                snprintf(cat, sizeof cat, "%d", sc->codes[k].code);
                put(e, it->id, "count", cat, a->cnt[k], n);
                if (n <= 0)
                        continue;
                put(e, it->id, "pct", cat, 100.0 * a->cnt[k] / n, n);
                if (it->kind == ITEM_CHOICE || it->kind == ITEM_MULTI) {
                        double lo, hi;
                        if (!statm_wilson(a->cnt[k], n, LEVEL, &lo, &hi)) {
                                put(e, it->id, "pct_lo", cat, 100.0 * lo, n);
                                put(e, it->id, "pct_hi", cat, 100.0 * hi, n);
                        }
                }
        }
        if (it->kind == ITEM_CHOICE || it->kind == ITEM_MULTI)
                return;
        double vsmall[64], csmall[64];
        double *vals = sc->ncodes <= 64 ? vsmall : xcalloc(sc->ncodes, sizeof *vals);
        double *cnts = sc->ncodes <= 64 ? csmall : xcalloc(sc->ncodes, sizeof *cnts);
        size_t k = scale_table(sc, a->cnt, vals, cnts);
        struct statm_moments m = table_moments(vals, cnts, k);
        put_moments(e, it->id, &m);
        put_location(e, it->id, vals, cnts, k, n);
        if (it->kind == ITEM_LIKERT && n > 0) {
                /* Favourable: the two best codes, after reverse coding unless fav_asis. */
                double fav = 0;
                for (size_t j = 0; j < k; j++) {
                        int rev = it->reverse && !(e->fav_asis && e->fav_asis[i]);
                        double r = rev ? sc->min + sc->max - vals[j] : vals[j];
                        if (r >= sc->max - 1)
                                fav += cnts[j];
                }
                double lo, hi;
                put(e, it->id, "fav_pct", "", 100.0 * fav / n, n);
                if (!statm_wilson(fav, n, LEVEL, &lo, &hi)) {
                        put(e, it->id, "fav_lo", "", 100.0 * lo, n);
                        put(e, it->id, "fav_hi", "", 100.0 * hi, n);
                }
        }
        if (vals != vsmall)
                free(vals);
        if (cnts != csmall)
                free(cnts);
}

/* The scale range of a dimension (all its items share it; see codebook checks). */
static void dim_range(const struct codebook *cb, const struct wavestat *ws, size_t d, double *lo,
                      double *hi)
{
        const struct item *it = &cb->items[ws->dim_items[d][0]];
        *lo = cb->scales[it->scale].min;
        *hi = cb->scales[it->scale].max;
}

static double to_index(double x, double lo, double hi)
{
        return (x - lo) / (hi - lo) * 100.0;
}

/*
 * The k*k sample covariance matrix of the complete cases from their exact
 * integer sums (n, sum y_i, sum y_i y_j): cov_ij = (n S_ij - S_i S_j) /
 * (n (n - 1)), the numerator exact in 128 bits. Returns 0, or -1 when n < 2.
 */
static int isum_cov(size_t k, const uint64_t *isum, double *cov)
{
        __extension__ typedef __int128 i128;
        uint64_t n = isum[0];
        if (n < 2)
                return -1;
        const uint64_t *sy = isum + 1, *syy = isum + 1 + k;
        size_t q = 0;
        for (size_t i = 0; i < k; i++)
                for (size_t j = i; j < k; j++, q++) {
                        i128 num = (i128)n * (i128)syy[q] - (i128)sy[i] * (i128)sy[j];
                        double v = (double)num / ((double)n * (double)(n - 1));
                        cov[i * k + j] = cov[j * k + i] = v;
                }
        return 0;
}

static void emit_dim(const struct emit *e, const struct wavestat *ws, size_t d,
                     const struct cell *c)
{
        const char *id = e->cb->dims[d].id;
        const struct dacc *a = &c->dm[d];
        double smin, smax;
        dim_range(e->cb, ws, d, &smin, &smax);
        struct hist buf = {0};
        const struct hist *h = dim_hist(c, d, &buf);
        struct statm_moments m = hist_moments(h);
        double n = m.n, mean, lo, hi;
        put(e, id, "n", "", n, n);
        put(e, id, "items", "", (double)ws->dim_k[d], n);
        put_moments(e, id, &m);
        put_location(e, id, h->v, h->c, h->n, n);
        struct xsum xs;
        xsum_of(h->v, h->c, h->n, &xs);
        hist_clear(&buf);
        if (!statm_moments_mean(&m, &mean)) {
                double idx = to_index(mean, smin, smax);
                if (xs.L > 0) {
                        /* (mean - min) / (max - min) 100 from the exact sums, one division. */
                        xint NL = (xint)(long long)xs.N * (xint)(long long)xs.L;
                        idx = xdiv((xs.s1 - (xint)(long long)smin * NL) * 100,
                                   NL * (xint)(long long)(smax - smin));
                }
                put(e, id, "index", "", idx, n);
                if (!statm_moments_t_ci(&m, LEVEL, &lo, &hi)) {
                        double ilo = to_index(lo, smin, smax), ihi = to_index(hi, smin, smax);
                        put(e, id, "index_lo", "", ilo, n);
                        put(e, id, "index_hi", "", ihi, n);
                        results_add_text(e->res, e->wave, e->group, e->bd, id, "light", "",
                                         stats_light(&e->cfg->th, idx, ilo, ihi), (long)n);
                }
        }
        double alpha;
        double cov[64 * 64];
        uint64_t isbuf[DSUM_MAX];
        const uint64_t *isum = isum_of(c, d, isbuf);
        double ncomplete = isum ? (double)isum[0] : a->cm.n;
        if (ws->dim_k[d] < 2) {
                results_add_note(e->res, e->wave, e->group, e->bd, id, "alpha", "",
                                 "not_applicable");
        } else if (ncomplete < e->cfg->min_group) {
                /* Alpha rests on the complete cases only: too few is a small group. */
                results_add_note(e->res, e->wave, e->group, e->bd, id, "alpha", "", "suppressed");
        } else if (ws->dim_k[d] <= 64 &&
                   !(isum ? isum_cov(ws->dim_k[d], isum, cov) : statm_comoments_cov(&a->cm, cov)) &&
                   !statm_cronbach_alpha(ws->dim_k[d], cov, &alpha)) {
                put(e, id, "alpha", "", alpha, ncomplete);
        }
}

static void emit_gap(const struct emit *e, size_t i, const struct cell *c)
{
        const struct item *it = &e->cb->items[i];
        const char *id = e->cb->dims[it->dimension].id;
        const struct gacc *g = &c->gp[i];
        struct statm_moments m = hist_moments(&g->h);
        double n = m.n, mean, lo, hi;
        if (n <= 0)
                return;
        put(e, id, "current_mean", "", g->cur / n, n);
        put(e, id, "target_mean", "", g->tgt / n, n);
        if (statm_moments_mean(&m, &mean))
                return;
        put(e, id, "gap_mean", "", mean, n);
        if (!statm_moments_t_ci(&m, LEVEL, &lo, &hi)) {
                put(e, id, "gap_lo", "", lo, n);
                put(e, id, "gap_hi", "", hi, n);
                results_add_text(e->res, e->wave, e->group, e->bd, id, "gap_light", "",
                                 stats_gap_light(&e->cfg->th, mean, lo, hi), (long)n);
        }
}

/* Subject n functions for suppression. */
static double n_item(const struct cell *c, const void *arg)
{
        return ic_at(c, c->ioff[*(const size_t *)arg] + IC_VALID);
}

static double n_dim(const struct cell *c, const void *arg)
{
        return c->dm[*(const size_t *)arg].n;
}

static double n_gap(const struct cell *c, const void *arg)
{
        return hist_total(&c->gp[*(const size_t *)arg].h);
}

/* All cells of one wave, region included, laid out for suppression. */
struct layout {
        struct cell **tot;  /* [M + 1] */
        struct cell ***bdc; /* per breakdown: [ncats * (M + 1)] */
        char ***bdstr;      /* per breakdown: [ncats] "id=label" */
};

static void emit_cell(const struct stats *st, const struct wavestat *ws, struct emit *e,
                      enum subj_kind kind, size_t idx, const struct cell *c, unsigned char flag,
                      int is_total_cell, size_t m)
{
        if (!c || c->resp <= 0)
                return;
        /* A subject nobody in the cell answered has no figure either. */
        if (kind != S_RESP && cell_n(c, kind, idx) <= 0)
                flag = HID;
        const struct codebook *cb = ws->cb;
        const char *subject = kind == S_RESP   ? "respondents"
                              : kind == S_ITEM ? cb->items[idx].id
                              : kind == S_DIM  ? cb->dims[idx].id
                                               : cb->dims[cb->items[idx].dimension].id;
        if (flag != PUB) {
                put_note(e, subject,
                         kind == S_RESP  ? "respondents"
                         : kind == S_GAP ? "gap_mean"
                                         : "n");
                if (kind == S_DIM)
                        results_add_text(e->res, e->wave, e->group, e->bd, subject, "light", "",
                                         "suppressed", -1);
                if (kind == S_GAP)
                        results_add_text(e->res, e->wave, e->group, e->bd, subject, "gap_light", "",
                                         "suppressed", -1);
                return;
        }
        switch (kind) {
        case S_RESP:
                put(e, "respondents", "respondents", "", c->resp, c->resp);
                if (is_total_cell) {
                        double staff = 0;
                        if (m < st->M) {
                                staff = (double)st->cfg->munis[m].staff;
                        } else {
                                for (size_t k = 0; k < st->M; k++)
                                        staff += (double)st->cfg->munis[k].staff;
                        }
                        if (staff > 0) {
                                put(e, "respondents", "staff", "", staff, c->resp);
                                put(e, "respondents", "response_rate", "", 100.0 * c->resp / staff,
                                    c->resp);
                        }
                }
                break;
        case S_ITEM:
                emit_item(e, idx, c);
                break;
        case S_DIM:
                emit_dim(e, ws, idx, c);
                break;
        case S_GAP:
                emit_gap(e, idx, c);
                break;
        }
}

/* Writes one subject of every cell of the wave, withheld as s says. */
static void emit_subject(const struct stats *st, const struct wavestat *ws, struct emit *e,
                         const struct layout *L, enum subj_kind kind, size_t idx,
                         const struct supp *s)
{
        size_t M = st->M;
        for (size_t m = 0; m <= M; m++) {
                e->group = m < M ? st->cfg->munis[m].name : "ALL";
                e->bd = "";
                emit_cell(st, ws, e, kind, idx, L->tot[m], s->tot[m], 1, m);
        }
        for (size_t b = 0; b < ws->nbd; b++)
                for (size_t c = 0; c < ws->bd[b].ncats; c++)
                        for (size_t m = 0; m <= M; m++) {
                                e->group = m < M ? st->cfg->munis[m].name : "ALL";
                                e->bd = L->bdstr[b][c];
                                emit_cell(st, ws, e, kind, idx, L->bdc[b][c * (M + 1) + m],
                                          s->bc[b][c * (M + 1) + m], 0, m);
                        }
        e->bd = "";
}

/* ------------------------------------------------------------------------
 * Group tests: one subject (a Likert item or a dimension) across the groups of
 * one factor, the municipalities of the region or the categories of a
 * breakdown within the region or within one municipality. Only published
 * cells are groups (see README, "Tests across groups").
 */

/* Pairwise comparisons are made for at most this many groups (45 pairs). */
#define PAIR_MAX_GROUPS 10

/* One p-value of a test that the dimensions of an instrument repeat. */
struct famrow {
        const char *group;   /* borrowed: a municipality's name or "ALL" */
        const char *bd;      /* borrowed: "" or a breakdown id */
        const char *stat;    /* borrowed: the p-value's statistic, "welch_p", ... */
        char *cat;           /* owned: the category ("" or a pair) */
        const char *subject; /* borrowed: the dimension id */
        double p, n;
};

/* The p-values of one wave's dimension tests, for Holm across dimensions. */
struct family {
        struct famrow *v;
        size_t n, cap;
};

static void family_add(struct family *f, const char *group, const char *bd, const char *stat,
                       const char *cat, const char *subject, double p, double n)
{
        if (!f)
                return;
        if (f->n == f->cap) {
                f->cap = f->cap ? f->cap * 2 : 64;
                f->v = xrealloc(f->v, f->cap * sizeof *f->v);
        }
        f->v[f->n++] = (struct famrow){group, bd, stat, xstrdup(cat), subject, p, n};
}

static int cmp_famrow(const void *a, const void *b)
{
        const struct famrow *x = a, *y = b;
        int c = strcmp(x->group, y->group);
        if (!c)
                c = strcmp(x->bd, y->bd);
        if (!c)
                c = strcmp(x->stat, y->stat);
        if (!c)
                c = strcmp(x->cat, y->cat);
        return c;
}

/*
 * Holm-adjusts each test's p-values across the dimensions it ran for (same
 * group, breakdown, statistic and category) and writes them as STAT_holm_dims,
 * then empties f.
 */
static void family_emit(struct emit *e, struct family *f)
{
        qsort(f->v, f->n, sizeof *f->v, cmp_famrow);
        double *p = xcalloc(f->n ? f->n : 1, sizeof *p),
               *adj = xcalloc(f->n ? f->n : 1, sizeof *adj);
        for (size_t i = 0; i < f->n;) {
                size_t j = i;
                while (j < f->n && !cmp_famrow(&f->v[i], &f->v[j]))
                        j++;
                for (size_t q = i; q < j; q++)
                        p[q - i] = f->v[q].p;
                if (!statm_holm(j - i, p, adj)) {
                        char stat[64];
                        snprintf(stat, sizeof stat, "%s_holm_dims", f->v[i].stat);
                        for (size_t q = i; q < j; q++) {
                                e->group = f->v[q].group;
                                e->bd = f->v[q].bd;
                                put(e, f->v[q].subject, stat, f->v[q].cat, adj[q - i], f->v[q].n);
                        }
                }
                i = j;
        }
        for (size_t i = 0; i < f->n; i++)
                free(f->v[i].cat);
        free(p);
        free(adj);
        f->n = 0;
        e->group = "ALL";
        e->bd = "";
}

static void family_free(struct family *f)
{
        for (size_t i = 0; i < f->n; i++)
                free(f->v[i].cat);
        free(f->v);
}

/* One group of a test: its name and the values of its published cell. */
struct tgroup {
        const char *name;       /* borrowed */
        struct hist h;          /* owned: values ascending with counts */
        struct statm_moments m; /* of h */
};

/* The valid answers of scale item i in c as a histogram (codes as answered). */
static void item_hist(const struct codebook *cb, const struct cell *c, size_t i, struct hist *h)
{
        const struct scale *sc = &cb->scales[cb->items[i].scale];
        size_t o = c->ioff[i] + IC_CNT;
        for (size_t k = 0; k < sc->ncodes; k++)
                if (!sc->codes[k].dontknow && ic_at(c, o + k))
                        hist_add(h, sc->codes[k].code, ic_at(c, o + k));
}

static void hist_copy(struct hist *dst, const struct hist *src)
{
        memset(dst, 0, sizeof *dst);
        hist_merge(dst, src);
}

/*
 * Every test of one subject across the groups g[0..k-1] (published cells with
 * data), written with e's group and breakdown: Welch's and the classic ANOVA
 * with eta-squared, Kruskal-Wallis, with `chisq` Pearson's chi-square, and the
 * pairwise Welch t-tests (Holm across the pairs; category KEY=A|KEY=B with
 * KEY the breakdown id or "municipality"). diff_f scales the pairs'
 * differences (index points for dimensions). The tests' p-values go to fam
 * for Holm across dimensions (fam NULL: items).
 */
static void group_tests(struct emit *e, const char *subject, struct tgroup *g, size_t k, int chisq,
                        double diff_f, struct family *fam)
{
        const char *grp = e->group, *bd = e->bd;
        /* Pairs are named as KEY=A|KEY=B, KEY the breakdown id or "municipality". */
        const char *key = *bd ? bd : "municipality";
        /* The groups that take part in the mean and rank tests. */
        size_t *use = xcalloc(k ? k : 1, sizeof *use), nu = 0;
        double *an = xcalloc(k ? k : 1, sizeof *an), *am = xcalloc(k ? k : 1, sizeof *am),
               *av = xcalloc(k ? k : 1, sizeof *av), ntot = 0;
        struct hist all = {0};
        for (size_t i = 0; i < k; i++) {
                double var;
                if (statm_moments_var(&g[i].m, &var) || !(var > 0))
                        continue;
                an[nu] = g[i].m.n;
                am[nu] = g[i].m.mean;
                av[nu] = var;
                ntot += g[i].m.n;
                use[nu++] = i;
                hist_merge(&all, &g[i].h);
        }
        struct statm_anova a;
        if (nu >= 2 && !statm_welch_anova(nu, an, am, av, &a)) {
                put(e, subject, "welch_F", "", a.f, ntot);
                put(e, subject, "welch_df1", "", a.df1, ntot);
                put(e, subject, "welch_df2", "", a.df2, ntot);
                put(e, subject, "welch_p", "", a.p, ntot);
                put(e, subject, "eta2", "", a.eta2, ntot);
                family_add(fam, grp, bd, "welch_p", "", subject, a.p, ntot);
        }
        if (nu >= 2 && !statm_anova_classic(nu, an, am, av, &a)) {
                put(e, subject, "anova_F", "", a.f, ntot);
                put(e, subject, "anova_df1", "", a.df1, ntot);
                put(e, subject, "anova_df2", "", a.df2, ntot);
                put(e, subject, "anova_p", "", a.p, ntot);
                family_add(fam, grp, bd, "anova_p", "", subject, a.p, ntot);
        }
        if (nu >= 2) {
                double *counts = xcalloc(nu * all.n, sizeof *counts);
                for (size_t q = 0; q < nu; q++) {
                        const struct hist *h = &g[use[q]].h;
                        for (size_t j = 0, x = 0; j < h->n; j++) {
                                while (all.v[x] != h->v[j])
                                        x++;
                                counts[q * all.n + x] = h->c[j];
                        }
                }
                struct statm_kw kw;
                if (!statm_kruskal(nu, all.n, counts, &kw)) {
                        put(e, subject, "kw_H", "", kw.h, kw.n);
                        put(e, subject, "kw_df", "", kw.df, kw.n);
                        put(e, subject, "kw_p", "", kw.p, kw.n);
                        put(e, subject, "kw_eps2", "", kw.eps2, kw.n);
                        family_add(fam, grp, bd, "kw_p", "", subject, kw.p, kw.n);
                }
                free(counts);
        }
        if (chisq && k >= 2) {
                /* Every group with an answer, over the codes answered anywhere. */
                struct hist codes = {0};
                for (size_t i = 0; i < k; i++)
                        hist_merge(&codes, &g[i].h);
                double *t = xcalloc(k * (codes.n ? codes.n : 1), sizeof *t);
                for (size_t i = 0; i < k; i++)
                        for (size_t j = 0, x = 0; j < g[i].h.n; j++) {
                                while (codes.v[x] != g[i].h.v[j])
                                        x++;
                                t[i * codes.n + x] = g[i].h.c[j];
                        }
                struct statm_chisq x;
                if (!statm_chisq(k, codes.n, t, &x)) {
                        put(e, subject, "chisq", "", x.x2, x.n);
                        put(e, subject, "chisq_df", "", x.df, x.n);
                        put(e, subject, "chisq_p", "", x.p, x.n);
                        put(e, subject, "chisq_min_expected", "", x.min_expected, x.n);
                        put(e, subject, "chisq_small_share", "", x.share_lt5, x.n);
                        put(e, subject, "cramers_v", "", x.cramer_v, x.n);
                        if (x.share_lt5 > 0.2 || x.min_expected < 1)
                                results_add_text(e->res, e->wave, e->group, e->bd, subject,
                                                 "chisq_warning", "", "small_expected", (long)x.n);
                }
                free(t);
                hist_clear(&codes);
        }
        if (nu >= 2 && nu <= PAIR_MAX_GROUPS) {
                size_t np = nu * (nu - 1) / 2, t = 0;
                struct statm_welch *w = xcalloc(np, sizeof *w);
                double *p = xcalloc(np, sizeof *p), *padj = xcalloc(np, sizeof *padj);
                size_t *pi = xcalloc(np, sizeof *pi), *pj = xcalloc(np, sizeof *pj);
                for (size_t i = 0; i < nu; i++)
                        for (size_t j = i + 1; j < nu; j++) {
                                if (statm_diff_ci(&g[use[i]].m, &g[use[j]].m, LEVEL, &w[t]))
                                        continue;
                                p[t] = w[t].p;
                                pi[t] = use[i];
                                pj[t++] = use[j];
                        }
                if (t && !statm_holm(t, p, padj)) {
                        struct strbuf cat;
                        strbuf_init(&cat);
                        for (size_t q = 0; q < t; q++) {
                                double n = g[pi[q]].m.n + g[pj[q]].m.n;
                                strbuf_reset(&cat);
                                strbuf_addf(&cat, "%s=%s|%s=%s", key, g[pi[q]].name, key,
                                            g[pj[q]].name);
                                put(e, subject, "pair_diff", strbuf_str(&cat), w[q].diff * diff_f,
                                    n);
                                put(e, subject, "pair_t", strbuf_str(&cat), w[q].t, n);
                                put(e, subject, "pair_df", strbuf_str(&cat), w[q].df, n);
                                put(e, subject, "pair_p", strbuf_str(&cat), w[q].p, n);
                                put(e, subject, "pair_p_holm", strbuf_str(&cat), padj[q], n);
                                put(e, subject, "pair_d", strbuf_str(&cat), w[q].d, n);
                                family_add(fam, grp, bd, "pair_p", strbuf_str(&cat), subject,
                                           w[q].p, n);
                        }
                        strbuf_clear(&cat);
                }
                free(w);
                free(p);
                free(padj);
                free(pi);
                free(pj);
        }
        hist_clear(&all);
        free(use);
        free(an);
        free(am);
        free(av);
}

/* Fills g with cell c's values of the subject, or returns 0 when c has none. */
static int tgroup_fill(const struct wavestat *ws, enum subj_kind kind, size_t idx,
                       const struct cell *c, const char *name, struct tgroup *g, struct hist *buf)
{
        memset(g, 0, sizeof *g);
        if (!c || c->resp <= 0)
                return 0;
        g->name = name;
        if (kind == S_DIM)
                hist_copy(&g->h, dim_hist(c, idx, buf));
        else
                item_hist(ws->cb, c, idx, &g->h);
        if (!g->h.n) {
                hist_clear(&g->h);
                return 0;
        }
        g->m = hist_moments(&g->h);
        return 1;
}

/*
 * The group tests of one subject (kind S_ITEM: a Likert item; S_DIM: a
 * dimension) from its suppression flags s: across the published
 * municipalities (group ALL, no breakdown) and, for each breakdown, across its
 * published categories within the region (group ALL) and within each
 * municipality (breakdown = the breakdown's id).
 */
static void tests_subject(const struct stats *st, const struct wavestat *ws, struct emit *e,
                          const struct layout *L, enum subj_kind kind, size_t idx,
                          const struct supp *s, struct family *fam)
{
        size_t M = st->M;
        const struct codebook *cb = ws->cb;
        const char *subject = kind == S_DIM ? cb->dims[idx].id : cb->items[idx].id;
        double diff_f = 1;
        if (kind == S_DIM) {
                double smin, smax;
                dim_range(cb, ws, idx, &smin, &smax);
                diff_f = 100.0 / (smax - smin);
        }
        size_t cap = M;
        for (size_t b = 0; b < ws->nbd; b++)
                if (ws->bd[b].ncats > cap)
                        cap = ws->bd[b].ncats;
        struct tgroup *g = xcalloc(cap ? cap : 1, sizeof *g);
        struct hist buf = {0};
        size_t k = 0;
        for (size_t m = 0; m < M; m++)
                if (s->tot[m] == PUB &&
                    tgroup_fill(ws, kind, idx, L->tot[m], st->cfg->munis[m].name, &g[k], &buf))
                        k++;
        e->group = "ALL";
        e->bd = "";
        group_tests(e, subject, g, k, kind == S_ITEM, diff_f, fam);
        for (size_t i = 0; i < k; i++)
                hist_clear(&g[i].h);
        for (size_t b = 0; b < ws->nbd; b++) {
                size_t nc = ws->bd[b].ncats;
                for (size_t m = 0; m <= M; m++) {
                        k = 0;
                        for (size_t c = 0; c < nc; c++)
                                if (s->bc[b][c * (M + 1) + m] == PUB &&
                                    tgroup_fill(ws, kind, idx, L->bdc[b][c * (M + 1) + m],
                                                ws->bd[b].cats[c], &g[k], &buf))
                                        k++;
                        e->group = m < M ? st->cfg->munis[m].name : "ALL";
                        e->bd = cb->cols[ws->bd[b].col].id;
                        if (k >= 2)
                                group_tests(e, subject, g, k, kind == S_ITEM, diff_f, fam);
                        for (size_t i = 0; i < k; i++)
                                hist_clear(&g[i].h);
                }
        }
        hist_clear(&buf);
        free(g);
        e->group = "ALL";
        e->bd = "";
}

/* ------------------------------------------------------------------------
 * Comparisons (municipality totals only, published municipalities only).
 */

static void compare_dim(const struct stats *st, const struct wavestat *ws, struct emit *e,
                        const struct layout *L, size_t d, const unsigned char *flags,
                        struct family *fam)
{
        size_t M = st->M;
        const char *id = ws->cb->dims[d].id;
        double smin, smax;
        dim_range(ws->cb, ws, d, &smin, &smax);
        /* Each published municipality against the rest of the region, Holm-adjusted. */
        struct hist buf = {0};
        struct statm_welch *w = xcalloc(M, sizeof *w);
        double *p = xcalloc(M, sizeof *p), *padj = xcalloc(M, sizeof *padj);
        size_t *which = xcalloc(M, sizeof *which);
        size_t nt = 0;
        /* The rest of the region: the region's histogram less the municipality's. */
        struct hist region = {0}, rest = {0};
        const struct hist *rh = dim_hist(L->tot[M], d, &region);
        rest.cap = rh->n ? rh->n : 1;
        rest.v = xcalloc(rest.cap, sizeof *rest.v);
        rest.c = xcalloc(rest.cap, sizeof *rest.c);
        for (size_t m = 0; m < M; m++) {
                const struct cell *c = L->tot[m];
                if (!c || flags[m] != PUB)
                        continue;
                const struct hist *h = dim_hist(c, d, &buf);
                rest.n = 0;
                for (size_t i = 0, j = 0; i < rh->n; i++) {
                        double cnt = rh->c[i];
                        while (j < h->n && h->v[j] < rh->v[i])
                                j++;
                        if (j < h->n && h->v[j] == rh->v[i])
                                cnt -= h->c[j];
                        if (cnt > 0) {
                                rest.v[rest.n] = rh->v[i];
                                rest.c[rest.n++] = cnt;
                        }
                }
                struct statm_moments a = hist_moments(h);
                struct statm_moments b = hist_moments(&rest);
                if (statm_diff_ci(&a, &b, LEVEL, &w[nt]))
                        continue;
                p[nt] = w[nt].p;
                which[nt++] = m;
        }
        if (nt && !statm_holm(nt, p, padj)) {
                for (size_t i = 0; i < nt; i++) {
                        size_t m = which[i];
                        double n = L->tot[m]->dm[d].n;
                        double f = 100.0 / (smax - smin);
                        e->group = st->cfg->munis[m].name;
                        put(e, id, "rest_diff", "", w[i].diff * f, n);
                        put(e, id, "rest_t", "", w[i].t, n);
                        put(e, id, "rest_df", "", w[i].df, n);
                        put(e, id, "rest_p", "", w[i].p, n);
                        put(e, id, "rest_p_holm", "", padj[i], n);
                        put(e, id, "rest_d", "", w[i].d, n);
                        family_add(fam, e->group, "", "rest_p", "", id, w[i].p, n);
                }
        }
        free(w);
        free(p);
        free(padj);
        free(which);
        hist_clear(&region);
        hist_clear(&rest);
        hist_clear(&buf);
        e->group = "ALL";
}

static void compare_choice(const struct stats *st, const struct wavestat *ws, struct emit *e,
                           const struct layout *L, size_t i, const unsigned char *flags)
{
        size_t M = st->M;
        const struct item *it = &ws->cb->items[i];
        const struct scale *sc = &ws->cb->scales[it->scale];
        size_t nc = sc->ncodes;
        double *t = xcalloc(M * nc, sizeof *t);
        size_t r = 0;
        for (size_t m = 0; m < M; m++) {
                const struct cell *c = L->tot[m];
                if (!c || flags[m] != PUB)
                        continue;
                size_t j = 0;
                for (size_t k = 0; k < nc; k++)
                        if (!sc->codes[k].dontknow)
                                t[r * nc + j++] = ic_at(c, c->ioff[i] + IC_CNT + k);
                r++;
        }
        size_t cols = 0;
        for (size_t k = 0; k < nc; k++)
                cols += !sc->codes[k].dontknow;
        /* Compact rows to `cols` columns. */
        for (size_t a = 0; a < r; a++)
                memmove(t + a * cols, t + a * nc, cols * sizeof *t);
        struct statm_chisq x;
        e->group = "ALL";
        e->bd = "";
        if (r >= 2 && !statm_chisq(r, cols, t, &x)) {
                put(e, it->id, "chisq", "", x.x2, x.n);
                put(e, it->id, "chisq_df", "", x.df, x.n);
                put(e, it->id, "chisq_p", "", x.p, x.n);
                put(e, it->id, "chisq_min_expected", "", x.min_expected, x.n);
                put(e, it->id, "chisq_small_share", "", x.share_lt5, x.n);
                put(e, it->id, "cramers_v", "", x.cramer_v, x.n);
                if (x.share_lt5 > 0.2 || x.min_expected < 1)
                        results_add_text(e->res, e->wave, "ALL", "", it->id, "chisq_warning", "",
                                         "small_expected", (long)x.n);
        }
        free(t);
}

/* Change of each dimension index against the earlier wave, group by group. */
static void compare_waves(const struct stats *st, size_t w, struct emit *e, struct layout *L,
                          struct layout *Lc, unsigned char **flags, unsigned char **cflags)
{
        const struct config *cfg = st->cfg;
        const struct wavestat *ws = &st->w[w];
        size_t cw = (size_t)cfg->waves[w].compare;
        const struct wavestat *cs = &st->w[cw];
        struct hist buf = {0};
        for (size_t d = 0; d < ws->cb->ndims; d++) {
                if (!ws->dim_k[d] || !flags[d] || !cflags[d])
                        continue;
                double smin, smax;
                dim_range(ws->cb, ws, d, &smin, &smax);
                double f = 100.0 / (smax - smin);
                for (size_t m = 0; m <= st->M; m++) {
                        const struct cell *a = L->tot[m], *b = Lc->tot[m];
                        if (!a || !b || flags[d][m] != PUB || cflags[d][m] != PUB)
                                continue;
                        struct statm_moments ma = dim_moments(a, d, &buf);
                        struct statm_moments mb = dim_moments(b, d, &buf);
                        struct statm_welch wr;
                        if (statm_diff_ci(&ma, &mb, LEVEL, &wr))
                                continue;
                        e->group = m < st->M ? cfg->munis[m].name : "ALL";
                        e->bd = "";
                        const char *prev = cfg->waves[cw].id;
                        put(e, ws->cb->dims[d].id, "change_diff", prev, wr.diff * f, ma.n);
                        put(e, ws->cb->dims[d].id, "change_lo", prev, wr.lo * f, ma.n);
                        put(e, ws->cb->dims[d].id, "change_hi", prev, wr.hi * f, ma.n);
                        put(e, ws->cb->dims[d].id, "change_t", prev, wr.t, ma.n);
                        put(e, ws->cb->dims[d].id, "change_df", prev, wr.df, ma.n);
                        put(e, ws->cb->dims[d].id, "change_p", prev, wr.p, ma.n);
                }
        }
        hist_clear(&buf);
        (void)cs;
}

/* Headcount-weighted region mean and index of each dimension. */
static void weighted_region(const struct stats *st, const struct wavestat *ws, struct emit *e,
                            const struct layout *L, size_t d, const unsigned char *flags)
{
        double sw = 0, swm = 0;
        int hidden = 0;
        struct hist buf = {0};
        for (size_t m = 0; m < st->M; m++) {
                const struct cell *c = L->tot[m];
                if (!c || c->dm[d].n <= 0)
                        continue;
                if (st->cfg->munis[m].staff <= 0) {
                        hist_clear(&buf);
                        return; /* a municipality without a headcount: no weighting */
                }
                /*
                 * With the pooled region mean, a weighted mean over a suppressed
                 * municipality lets its mean be solved for: withhold it.
                 */
                hidden |= flags[m] != PUB;
                struct statm_moments mo = dim_moments(c, d, &buf);
                double w = (double)st->cfg->munis[m].staff;
                sw += w;
                swm += w * mo.mean;
        }
        hist_clear(&buf);
        if (sw <= 0)
                return;
        double smin, smax, n = L->tot[st->M]->dm[d].n;
        dim_range(ws->cb, ws, d, &smin, &smax);
        e->group = "ALL";
        e->bd = "";
        if (hidden) {
                results_add_note(e->res, e->wave, "ALL", "", ws->cb->dims[d].id, "mean_weighted",
                                 "", "suppressed");
                results_add_note(e->res, e->wave, "ALL", "", ws->cb->dims[d].id, "index_weighted",
                                 "", "suppressed");
                return;
        }
        put(e, ws->cb->dims[d].id, "mean_weighted", "", swm / sw, n);
        put(e, ws->cb->dims[d].id, "index_weighted", "", to_index(swm / sw, smin, smax), n);
}

static void maturity(const struct stats *st, const struct wavestat *ws, struct emit *e,
                     const struct layout *L, unsigned char **dflags)
{
        size_t scored = 0;
        for (size_t d = 0; d < ws->cb->ndims; d++)
                scored += ws->dim_k[d] > 0;
        if (!scored)
                return;
        struct hist buf = {0};
        for (size_t m = 0; m <= st->M; m++) {
                const struct cell *c = L->tot[m];
                if (!c)
                        continue;
                double sum = 0, n = 0;
                size_t have = 0;
                for (size_t d = 0; d < ws->cb->ndims; d++) {
                        if (!ws->dim_k[d] || dflags[d][m] != PUB)
                                continue;
                        struct statm_moments mo = dim_moments(c, d, &buf);
                        double smin, smax;
                        if (mo.n <= 0)
                                continue;
                        dim_range(ws->cb, ws, d, &smin, &smax);
                        sum += to_index(mo.mean, smin, smax);
                        have++;
                        if (mo.n > n)
                                n = mo.n;
                }
                e->group = m < st->M ? st->cfg->munis[m].name : "ALL";
                e->bd = "";
                if (2 * have < scored || !have) {
                        results_add_note(e->res, e->wave, e->group, "", "maturity", "level", "",
                                         "suppressed");
                        continue;
                }
                put(e, "maturity", "level", "", stats_maturity_level(sum / (double)have), n);
                put(e, "maturity", "mean_index", "", sum / (double)have, n);
        }
        hist_clear(&buf);
}

static void layout_build(const struct stats *st, const struct wavestat *ws, struct layout *L)
{
        size_t M = st->M;
        const struct codebook *cb = ws->cb;
        L->tot = xcalloc(M + 1, sizeof *L->tot);
        L->tot[M] = cell_new(cb, ws);
        for (size_t m = 0; m < M; m++) {
                L->tot[m] = ws->tot[m];
                if (ws->tot[m])
                        cell_merge(cb, ws, L->tot[M], ws->tot[m]);
        }
        L->bdc = xcalloc(ws->nbd ? ws->nbd : 1, sizeof *L->bdc);
        L->bdstr = xcalloc(ws->nbd ? ws->nbd : 1, sizeof *L->bdstr);
        for (size_t b = 0; b < ws->nbd; b++) {
                const struct bdstat *bd = &ws->bd[b];
                size_t nc = bd->ncats;
                L->bdc[b] = xcalloc((nc ? nc : 1) * (M + 1), sizeof **L->bdc);
                L->bdstr[b] = xcalloc(nc ? nc : 1, sizeof **L->bdstr);
                for (size_t c = 0; c < nc; c++) {
                        struct strbuf sb;
                        strbuf_init(&sb);
                        strbuf_addf(&sb, "%s=%s", cb->cols[bd->col].id, bd->cats[c]);
                        L->bdstr[b][c] = sb.buf;
                        struct cell *all = NULL;
                        for (size_t m = 0; m < M; m++) {
                                struct cell *x = c < bd->capcats && bd->c[c] ? bd->c[c][m] : NULL;
                                L->bdc[b][c * (M + 1) + m] = x;
                                if (!x)
                                        continue;
                                if (!all)
                                        all = cell_new(cb, ws);
                                cell_merge(cb, ws, all, x);
                        }
                        L->bdc[b][c * (M + 1) + M] = all;
                }
        }
}

static void layout_free(const struct stats *st, const struct wavestat *ws, struct layout *L)
{
        size_t M = st->M;
        if (!L->tot)
                return;
        cell_free(ws->cb, L->tot[M]);
        free(L->tot);
        for (size_t b = 0; b < ws->nbd; b++) {
                for (size_t c = 0; c < ws->bd[b].ncats; c++) {
                        cell_free(ws->cb, L->bdc[b][c * (M + 1) + M]);
                        free(L->bdstr[b][c]);
                }
                free(L->bdc[b]);
                free(L->bdstr[b]);
        }
        free(L->bdc);
        free(L->bdstr);
        memset(L, 0, sizeof *L);
}

static void supp_init(struct supp *s, const struct wavestat *ws, size_t M, const struct supp *from)
{
        s->tot = xcalloc(M + 1, 1);
        s->bc = xcalloc(ws->nbd ? ws->nbd : 1, sizeof *s->bc);
        if (from)
                memcpy(s->tot, from->tot, M + 1);
        for (size_t b = 0; b < ws->nbd; b++) {
                size_t sz = (ws->bd[b].ncats ? ws->bd[b].ncats : 1) * (M + 1);
                s->bc[b] = xcalloc(sz, 1);
                if (from)
                        memcpy(s->bc[b], from->bc[b], sz);
        }
}

static void supp_free(struct supp *s, const struct wavestat *ws)
{
        if (!s->tot)
                return;
        for (size_t b = 0; b < ws->nbd; b++)
                free(s->bc[b]);
        free(s->bc);
        free(s->tot);
        memset(s, 0, sizeof *s);
}

/* The withheld set of one subject: the wave's shared set, extended on the subject's n. */
static void subject_supp(const struct stats *st, const struct wavestat *ws, const struct layout *L,
                         const struct supp *shared, enum subj_kind kind, size_t idx, struct supp *s)
{
        supp_init(s, ws, st->M, shared);
        if (kind != S_RESP)
                hide_cells(st, ws, L->tot, (struct cell *const *const *)L->bdc, kind, idx, s);
}

int stats_compute(struct stats *st, struct results *res, struct err *e)
{
        (void)e;
        const struct config *cfg = st->cfg;
        size_t M = st->M;
        struct layout *L = xcalloc(cfg->nwaves, sizeof *L);
        struct supp *S = xcalloc(cfg->nwaves, sizeof *S);
        unsigned char ***dflags = xcalloc(cfg->nwaves, sizeof *dflags);
        for (size_t w = 0; w < cfg->nwaves; w++) {
                struct wavestat *ws = &st->w[w];
                if (!ws->finished)
                        continue;
                const struct codebook *cb = ws->cb;
                layout_build(st, ws, &L[w]);
                supp_init(&S[w], ws, M, NULL);
                hide_cells(st, ws, L[w].tot, (struct cell *const *const *)L[w].bdc, S_RESP, 0,
                           &S[w]);
                struct emit em = {res, cfg, cb, cfg->waves[w].id, "ALL", "", ws->fav_asis};
                static const char *const rowstats[] = {"read", "accepted", "rejected", "warnings"};
                const long rowvals[] = {ws->sum.rows_read, ws->sum.accepted, ws->sum.rejected,
                                        ws->sum.warnings};
                for (size_t k = 0; k < 4; k++)
                        put(&em, "rows", rowstats[k], "", (double)rowvals[k], -1);
                struct supp s;
                emit_subject(st, ws, &em, &L[w], S_RESP, 0, &S[w]);
                for (size_t i = 0; i < cb->nitems; i++) {
                        subject_supp(st, ws, &L[w], &S[w], S_ITEM, i, &s);
                        emit_subject(st, ws, &em, &L[w], S_ITEM, i, &s);
                        if (cb->items[i].kind == ITEM_LIKERT)
                                tests_subject(st, ws, &em, &L[w], S_ITEM, i, &s, NULL);
                        if (cb->items[i].kind == ITEM_CHOICE) {
                                struct emit ec = {res, cfg, cb, cfg->waves[w].id, "ALL", "", NULL};
                                compare_choice(st, ws, &ec, &L[w], i, s.tot);
                        }
                        supp_free(&s, ws);
                }
                dflags[w] = xcalloc(cb->ndims ? cb->ndims : 1, sizeof **dflags);
                struct family fam = {0};
                for (size_t d = 0; d < cb->ndims; d++) {
                        if (!ws->dim_k[d])
                                continue;
                        subject_supp(st, ws, &L[w], &S[w], S_DIM, d, &s);
                        emit_subject(st, ws, &em, &L[w], S_DIM, d, &s);
                        tests_subject(st, ws, &em, &L[w], S_DIM, d, &s, &fam);
                        compare_dim(st, ws, &em, &L[w], d, s.tot, &fam);
                        weighted_region(st, ws, &em, &L[w], d, s.tot);
                        dflags[w][d] = s.tot;
                        s.tot = xcalloc(1, 1);
                        supp_free(&s, ws);
                }
                family_emit(&em, &fam);
                family_free(&fam);
                for (size_t i = 0; i < cb->nitems; i++) {
                        if (cb->items[i].kind != ITEM_CURRENT || cb->items[i].pair < 0)
                                continue;
                        subject_supp(st, ws, &L[w], &S[w], S_GAP, i, &s);
                        emit_subject(st, ws, &em, &L[w], S_GAP, i, &s);
                        supp_free(&s, ws);
                }
                maturity(st, ws, &em, &L[w], dflags[w]);
        }
        for (size_t w = 0; w < cfg->nwaves; w++) {
                int cw = cfg->waves[w].compare;
                if (!st->w[w].finished || cw < 0 || !st->w[cw].finished)
                        continue;
                struct emit em = {res, cfg, st->w[w].cb, cfg->waves[w].id, "ALL", "", NULL};
                compare_waves(st, w, &em, &L[w], &L[cw], dflags[w], dflags[cw]);
        }
        for (size_t w = 0; w < cfg->nwaves; w++) {
                if (dflags[w]) {
                        for (size_t d = 0; d < st->w[w].cb->ndims; d++)
                                free(dflags[w][d]);
                        free(dflags[w]);
                }
                supp_free(&S[w], &st->w[w]);
                if (st->w[w].finished)
                        layout_free(st, &st->w[w], &L[w]);
        }
        free(dflags);
        free(S);
        free(L);
        return 0;
}

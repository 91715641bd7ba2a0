/*
 * statmath.c - the statistics library: accumulators, quantiles, intervals,
 * tests and effect sizes. Pure computation; see statmath.h for the contracts
 * and scripts/oracle/statmath.R for the R definitions they are checked against.
 */
#include "statmath.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

#include "util.h"

/* ---------------------------------------------------------------------------
 * GSL calls. GSL's default error handler calls abort(), e.g. when the inverse
 * t distribution fails to converge for an extreme df. These wrappers switch it
 * off for the duration of one call, so GSL returns NAN instead, which the
 * callers turn into -1.
 */

/* P(T_df > t), upper tail of Student's t. */
static double t_upper(double t, double df)
{
        gsl_error_handler_t *old = gsl_set_error_handler_off();
        double q = gsl_cdf_tdist_Q(t, df);
        gsl_set_error_handler(old);
        return q;
}

/* The p-quantile of Student's t with df degrees of freedom. */
static double t_quantile(double p, double df)
{
        gsl_error_handler_t *old = gsl_set_error_handler_off();
        double x = gsl_cdf_tdist_Pinv(p, df);
        gsl_set_error_handler(old);
        return x;
}

/* P(F_{df1,df2} > f). */
static double f_upper(double f, double df1, double df2)
{
        gsl_error_handler_t *old = gsl_set_error_handler_off();
        double q = gsl_cdf_fdist_Q(f, df1, df2);
        gsl_set_error_handler(old);
        return q;
}

/* P(chi2_df > x). */
static double chisq_upper(double x, double df)
{
        gsl_error_handler_t *old = gsl_set_error_handler_off();
        double q = gsl_cdf_chisq_Q(x, df);
        gsl_set_error_handler(old);
        return q;
}

/* The p-quantile of the standard normal distribution. */
static double z_quantile(double p)
{
        gsl_error_handler_t *old = gsl_set_error_handler_off();
        double x = gsl_cdf_ugaussian_Pinv(p);
        gsl_set_error_handler(old);
        return x;
}

/* Returns 1 when 0 < level < 1 (which also excludes NAN). */
static int level_ok(double level)
{
        return level > 0.0 && level < 1.0;
}

/* Returns 1 when x is a finite whole number >= 0. */
static int count_ok(double x)
{
        return isfinite(x) && x >= 0.0 && floor(x) == x;
}

/* A p-value as a probability: NAN stays NAN (for the caller to reject). */
static double clamp01(double p)
{
        if (p < 0.0)
                return 0.0;
        if (p > 1.0)
                return 1.0;
        return p;
}

/* ---------------------------------------------------------------------------
 * Moments.
 */

void statm_moments_init(struct statm_moments *m)
{
        m->n = 0.0;
        m->mean = 0.0;
        m->m2 = 0.0;
}

int statm_moments_add(struct statm_moments *m, double x)
{
        double delta;

        if (!isfinite(x))
                return -1;
        m->n += 1.0;
        delta = x - m->mean;
        m->mean += delta / m->n;
        m->m2 += delta * (x - m->mean);
        return 0;
}

/*
 * Merges a part with n2 observations, mean mean2 and squared-deviation sum
 * m2b into m: Chan, Golub & LeVeque's pairwise update.
 */
static void moments_merge3(struct statm_moments *m, double n2, double mean2, double m2b)
{
        double n, delta;

        if (n2 <= 0.0)
                return;
        if (m->n <= 0.0) {
                m->n = n2;
                m->mean = mean2;
                m->m2 = m2b;
                return;
        }
        n = m->n + n2;
        delta = mean2 - m->mean;
        m->mean += delta * (n2 / n);
        m->m2 += m2b + delta * delta * (m->n * n2 / n);
        m->n = n;
}

int statm_moments_add_w(struct statm_moments *m, double x, double count)
{
        if (!isfinite(x) || !isfinite(count) || count < 0.0)
                return -1;
        moments_merge3(m, count, x, 0.0);
        return 0;
}

void statm_moments_merge(struct statm_moments *dst, const struct statm_moments *src)
{
        moments_merge3(dst, src->n, src->mean, src->m2);
}

int statm_moments_mean(const struct statm_moments *m, double *mean)
{
        if (!(m->n > 0.0))
                return -1;
        *mean = m->mean;
        return 0;
}

int statm_moments_var(const struct statm_moments *m, double *var)
{
        if (!(m->n >= 2.0))
                return -1;
        *var = m->m2 > 0.0 ? m->m2 / (m->n - 1.0) : 0.0;
        return 0;
}

int statm_moments_sd(const struct statm_moments *m, double *sd)
{
        double var;

        if (statm_moments_var(m, &var) != 0)
                return -1;
        *sd = sqrt(var);
        return 0;
}

/* ---------------------------------------------------------------------------
 * Co-moments.
 */

int statm_comoments_init(struct statm_comoments *cm, size_t k)
{
        memset(cm, 0, sizeof *cm);
        if (k == 0)
                return -1;
        cm->k = k;
        cm->mean = xcalloc(k, sizeof *cm->mean);
        cm->c = xcalloc(k * (k + 1) / 2, sizeof *cm->c);
        return 0;
}

/* Position of pair i <= j in the packed upper triangle of a k*k matrix. */
static size_t tri(size_t k, size_t i, size_t j)
{
        return i * k - i * (i ? i - 1 : 0) / 2 + (j - i);
}

void statm_comoments_clear(struct statm_comoments *cm)
{
        if (!cm)
                return;
        free(cm->mean);
        free(cm->c);
        memset(cm, 0, sizeof *cm);
}

void statm_comoments_reset(struct statm_comoments *cm)
{
        if (cm->k == 0)
                return;
        cm->n = 0.0;
        memset(cm->mean, 0, cm->k * sizeof *cm->mean);
        memset(cm->c, 0, cm->k * (cm->k + 1) / 2 * sizeof *cm->c);
}

/*
 * Both updates below add, for each pair i <= j, a term symmetric in i and j;
 * only the upper triangle is stored, so the matrix is exactly symmetric.
 */
int statm_comoments_add(struct statm_comoments *cm, const double *x)
{
        size_t k = cm->k, i, j;
        double n, f;

        if (k == 0)
                return -1;
        for (i = 0; i < k; i++)
                if (!isfinite(x[i]))
                        return -1;
        n = cm->n + 1.0;
        f = cm->n / n; /* (n - 1) / n with the new n */
        for (i = 0; i < k; i++) {
                double di = x[i] - cm->mean[i];
                double *row = cm->c + tri(k, i, i) - i;
                for (j = i; j < k; j++)
                        row[j] += di * (x[j] - cm->mean[j]) * f;
        }
        for (i = 0; i < k; i++)
                cm->mean[i] += (x[i] - cm->mean[i]) / n;
        cm->n = n;
        return 0;
}

int statm_comoments_merge(struct statm_comoments *dst, const struct statm_comoments *src)
{
        size_t k = dst->k, i, j;
        double n, f;

        if (k == 0 || src->k != k)
                return -1;
        if (src->n <= 0.0)
                return 0;
        if (dst->n <= 0.0) {
                dst->n = src->n;
                memcpy(dst->mean, src->mean, k * sizeof *dst->mean);
                memcpy(dst->c, src->c, k * (k + 1) / 2 * sizeof *dst->c);
                return 0;
        }
        n = dst->n + src->n;
        f = dst->n * src->n / n;
        for (i = 0; i < k; i++) {
                double di = src->mean[i] - dst->mean[i];
                for (j = i; j < k; j++) {
                        double dj = src->mean[j] - dst->mean[j];
                        size_t t = tri(k, i, j);
                        dst->c[t] = dst->c[t] + src->c[t] + di * dj * f;
                }
        }
        for (i = 0; i < k; i++)
                dst->mean[i] += (src->mean[i] - dst->mean[i]) * (src->n / n);
        dst->n = n;
        return 0;
}

int statm_comoments_cov(const struct statm_comoments *cm, double *cov)
{
        size_t k = cm->k;

        if (k == 0 || !(cm->n >= 2.0))
                return -1;
        for (size_t i = 0; i < k; i++)
                for (size_t j = i; j < k; j++)
                        cov[i * k + j] = cov[j * k + i] = cm->c[tri(k, i, j)] / (cm->n - 1.0);
        return 0;
}

/* ---------------------------------------------------------------------------
 * Descriptives.
 */

/*
 * Returns the value at 0-based position pos of the expanded sample; pos must
 * be below the total count.
 */
static double value_at(const double *values, const double *counts, size_t k, double pos)
{
        double cum = 0.0;
        size_t j;

        for (j = 0; j < k; j++) {
                cum += counts[j];
                if (pos < cum)
                        return values[j];
        }
        return values[k - 1]; /* not reached for pos < total */
}

int statm_quantile_counts(const double *values, const double *counts, size_t k, double p,
                          double *out)
{
        double total = 0.0, h, lo, frac, a, b;
        size_t j;

        if (!(p >= 0.0 && p <= 1.0))
                return -1;
        for (j = 0; j < k; j++) {
                if (!count_ok(counts[j]) || !isfinite(values[j]))
                        return -1;
                if (j > 0 && !(values[j] > values[j - 1]))
                        return -1;
                total += counts[j];
        }
        if (total < 1.0)
                return -1;
        /* R: index = 1 + (n - 1) p; here h is the 0-based index. */
        h = (total - 1.0) * p;
        lo = floor(h);
        frac = h - lo;
        a = value_at(values, counts, k, lo);
        if (frac > 0.0 && lo + 1.0 < total) {
                b = value_at(values, counts, k, lo + 1.0);
                /* R's formula and its rule to leave equal neighbours alone. */
                if (b != a)
                        a = (1.0 - frac) * a + frac * b;
        }
        *out = a;
        return 0;
}

int statm_median_counts(const double *values, const double *counts, size_t k, double *out)
{
        return statm_quantile_counts(values, counts, k, 0.5, out);
}

int statm_t_ci(double n, double mean, double sd, double level, double *lo, double *hi)
{
        double q, half;

        if (!isfinite(n) || !isfinite(mean) || !isfinite(sd) || n < 2.0 || sd < 0.0 ||
            !level_ok(level))
                return -1;
        q = t_quantile(0.5 + level / 2.0, n - 1.0);
        half = q * sd / sqrt(n);
        if (!isfinite(half))
                return -1;
        *lo = mean - half;
        *hi = mean + half;
        return 0;
}

int statm_moments_t_ci(const struct statm_moments *m, double level, double *lo, double *hi)
{
        double sd;

        if (statm_moments_sd(m, &sd) != 0)
                return -1;
        return statm_t_ci(m->n, m->mean, sd, level, lo, hi);
}

int statm_wilson(double x, double n, double level, double *lo, double *hi)
{
        double z, phat, z22n, root, den, l, u;

        if (!isfinite(x) || !isfinite(n) || !(n > 0.0) || x < 0.0 || x > n || !level_ok(level))
                return -1;
        z = z_quantile(0.5 + level / 2.0);
        if (!isfinite(z))
                return -1;
        /* R's stats:::prop.test with YATES = 0, term for term. */
        phat = x / n;
        z22n = z * z / (2.0 * n);
        root = z * sqrt(phat * (1.0 - phat) / n + z22n / (2.0 * n));
        den = 1.0 + 2.0 * z22n;
        l = phat <= 0.0 ? 0.0 : (phat + z22n - root) / den;
        u = phat >= 1.0 ? 1.0 : (phat + z22n + root) / den;
        *lo = clamp01(l);
        *hi = clamp01(u);
        return 0;
}

/* ---------------------------------------------------------------------------
 * Tests.
 */

int statm_welch_t(double n1, double m1, double sd1, double n2, double m2, double sd2, double level,
                  struct statm_welch *out)
{
        double v1, v2, se2, se, df, t, p, q, sp;
        struct statm_welch r;

        if (!isfinite(n1) || !isfinite(m1) || !isfinite(sd1) || !isfinite(n2) || !isfinite(m2) ||
            !isfinite(sd2) || n1 < 2.0 || n2 < 2.0 || sd1 < 0.0 || sd2 < 0.0 || !level_ok(level))
                return -1;
        v1 = sd1 * sd1 / n1;
        v2 = sd2 * sd2 / n2;
        se2 = v1 + v2;
        if (!(se2 > 0.0))
                return -1;
        se = sqrt(se2);
        /* R: stderr^4 / (stderrx^4/(nx-1) + stderry^4/(ny-1)) */
        df = se2 * se2 / (v1 * v1 / (n1 - 1.0) + v2 * v2 / (n2 - 1.0));
        r.diff = m1 - m2;
        t = r.diff / se;
        p = 2.0 * t_upper(fabs(t), df);
        q = t_quantile(0.5 + level / 2.0, df);
        sp = sqrt(((n1 - 1.0) * sd1 * sd1 + (n2 - 1.0) * sd2 * sd2) / (n1 + n2 - 2.0));
        r.se = se;
        r.t = t;
        r.df = df;
        r.p = clamp01(p);
        r.lo = r.diff - q * se;
        r.hi = r.diff + q * se;
        r.d = r.diff / sp;
        if (!isfinite(r.t) || !isfinite(r.df) || !isfinite(r.p) || !isfinite(r.lo) ||
            !isfinite(r.hi) || !isfinite(r.d))
                return -1;
        *out = r;
        return 0;
}

int statm_diff_ci(const struct statm_moments *a, const struct statm_moments *b, double level,
                  struct statm_welch *out)
{
        double sda, sdb;

        if (statm_moments_sd(a, &sda) != 0 || statm_moments_sd(b, &sdb) != 0)
                return -1;
        return statm_welch_t(a->n, a->mean, sda, b->n, b->mean, sdb, level, out);
}

int statm_welch_anova(size_t k, const double *n, const double *mean, const double *var,
                      struct statm_anova *out)
{
        double sw = 0.0, swm = 0.0, mw, tmp = 0.0, a = 0.0, kd = (double)k;
        double ntot = 0.0, nm = 0.0, grand, ssb = 0.0, ssw = 0.0;
        struct statm_anova r;
        size_t i;

        if (k < 2)
                return -1;
        for (i = 0; i < k; i++) {
                if (!isfinite(n[i]) || !isfinite(mean[i]) || !isfinite(var[i]) || n[i] < 2.0 ||
                    !(var[i] > 0.0))
                        return -1;
                sw += n[i] / var[i];
                swm += n[i] / var[i] * mean[i];
                ntot += n[i];
                nm += n[i] * mean[i];
        }
        /* R's oneway.test, var.equal = FALSE, with w_i = n_i / var_i. */
        mw = swm / sw;
        for (i = 0; i < k; i++) {
                double w = n[i] / var[i];
                double u = 1.0 - w / sw;
                tmp += u * u / (n[i] - 1.0);
                a += w * (mean[i] - mw) * (mean[i] - mw);
        }
        tmp /= kd * kd - 1.0;
        r.df1 = kd - 1.0;
        r.df2 = 1.0 / (3.0 * tmp);
        r.f = a / ((kd - 1.0) * (1.0 + 2.0 * (kd - 2.0) * tmp));
        r.p = clamp01(f_upper(r.f, r.df1, r.df2));

        grand = nm / ntot;
        for (i = 0; i < k; i++) {
                ssb += n[i] * (mean[i] - grand) * (mean[i] - grand);
                ssw += (n[i] - 1.0) * var[i];
        }
        r.eta2 = ssb / (ssb + ssw);
        if (!isfinite(r.f) || !isfinite(r.df2) || !isfinite(r.p) || !isfinite(r.eta2))
                return -1;
        *out = r;
        return 0;
}

int statm_anova_classic(size_t k, const double *n, const double *mean, const double *var,
                        struct statm_anova *out)
{
        double ntot = 0.0, nm = 0.0, grand, ssb = 0.0, ssw = 0.0;
        struct statm_anova r;
        size_t i;

        if (k < 2)
                return -1;
        for (i = 0; i < k; i++) {
                if (!isfinite(n[i]) || !isfinite(mean[i]) || n[i] < 1.0)
                        return -1;
                if (n[i] >= 2.0 && (!isfinite(var[i]) || var[i] < 0.0))
                        return -1;
                ntot += n[i];
                nm += n[i] * mean[i];
        }
        if (ntot - (double)k < 1.0)
                return -1;
        grand = nm / ntot;
        for (i = 0; i < k; i++) {
                ssb += n[i] * (mean[i] - grand) * (mean[i] - grand);
                if (n[i] >= 2.0)
                        ssw += (n[i] - 1.0) * var[i];
        }
        if (!(ssw > 0.0))
                return -1;
        r.df1 = (double)k - 1.0;
        r.df2 = ntot - (double)k;
        r.f = (ssb / r.df1) / (ssw / r.df2);
        r.p = clamp01(f_upper(r.f, r.df1, r.df2));
        r.eta2 = ssb / (ssb + ssw);
        if (!isfinite(r.f) || !isfinite(r.p) || !isfinite(r.eta2))
                return -1;
        *out = r;
        return 0;
}

/*
 * H is computed as (N - 1) SS_between / SS_total of the mid-ranks, which is
 * algebraically R's tie-corrected (12/(N(N+1)) sum R_g^2/n_g - 3(N+1)) / (1 -
 * sum(t^3 - t)/(N^3 - N)) but has no cancellation. The mid-rank of value j is
 * (observations below j) + (t_j + 1)/2.
 */
int statm_kruskal(size_t k, size_t m, const double *counts, struct statm_kw *out)
{
        double ntot = 0.0, below = 0.0, center, sst = 0.0, ssb = 0.0, *rank;
        size_t g, j, groups = 0;
        struct statm_kw r;
        int rc = -1;

        for (g = 0; g < k; g++) {
                double ng = 0.0;
                for (j = 0; j < m; j++) {
                        if (!count_ok(counts[g * m + j]))
                                return -1;
                        ng += counts[g * m + j];
                }
                if (ng > 0.0)
                        groups++;
                ntot += ng;
        }
        if (groups < 2)
                return -1;
        center = (ntot + 1.0) / 2.0;
        rank = xmalloc(m * sizeof *rank);
        for (j = 0; j < m; j++) {
                double t = 0.0, d;
                for (g = 0; g < k; g++)
                        t += counts[g * m + j];
                rank[j] = below + (t + 1.0) / 2.0;
                d = rank[j] - center;
                sst += t * d * d;
                below += t;
        }
        if (!(sst > 0.0))
                goto out;
        for (g = 0; g < k; g++) {
                double ng = 0.0, rs = 0.0, d;
                for (j = 0; j < m; j++) {
                        ng += counts[g * m + j];
                        rs += counts[g * m + j] * rank[j];
                }
                if (ng <= 0.0)
                        continue;
                d = rs / ng - center;
                ssb += ng * d * d;
        }
        r.n = ntot;
        r.h = (ntot - 1.0) * ssb / sst;
        r.df = (double)(groups - 1);
        r.p = clamp01(chisq_upper(r.h, r.df));
        r.eps2 = r.h / (ntot - 1.0);
        if (isfinite(r.h) && isfinite(r.p) && isfinite(r.eps2)) {
                *out = r;
                rc = 0;
        }
out:
        free(rank);
        return rc;
}

int statm_chisq(size_t r, size_t c, const double *counts, struct statm_chisq *out)
{
        double *rs, *cs, ntot = 0.0, x2 = 0.0, emin = INFINITY, small = 0.0;
        size_t i, j, ru = 0, cu = 0, mn;
        struct statm_chisq res;
        int rc = -1;

        for (i = 0; i < r * c; i++)
                if (!isfinite(counts[i]) || counts[i] < 0.0)
                        return -1;
        rs = xcalloc(r, sizeof *rs);
        cs = xcalloc(c, sizeof *cs);
        for (i = 0; i < r; i++)
                for (j = 0; j < c; j++) {
                        rs[i] += counts[i * c + j];
                        cs[j] += counts[i * c + j];
                }
        for (i = 0; i < r; i++)
                if (rs[i] > 0.0) {
                        ru++;
                        ntot += rs[i];
                }
        for (j = 0; j < c; j++)
                if (cs[j] > 0.0)
                        cu++;
        if (ru < 2 || cu < 2)
                goto out;
        /* R: E <- outer(sr, sc) / n; sum((x - E)^2 / E) */
        for (i = 0; i < r; i++) {
                if (!(rs[i] > 0.0))
                        continue;
                for (j = 0; j < c; j++) {
                        double e, d;
                        if (!(cs[j] > 0.0))
                                continue;
                        e = rs[i] * cs[j] / ntot;
                        d = counts[i * c + j] - e;
                        x2 += d * d / e;
                        if (e < emin)
                                emin = e;
                        if (e < 5.0)
                                small += 1.0;
                }
        }
        mn = ru < cu ? ru : cu;
        res.x2 = x2;
        res.df = (double)(ru - 1) * (double)(cu - 1);
        res.p = clamp01(chisq_upper(x2, res.df));
        res.min_expected = emin;
        res.share_lt5 = small / ((double)ru * (double)cu);
        res.cramer_v = sqrt(x2 / (ntot * (double)(mn - 1)));
        res.n = ntot;
        res.r_used = ru;
        res.c_used = cu;
        if (isfinite(res.x2) && isfinite(res.p) && isfinite(res.min_expected) &&
            isfinite(res.cramer_v)) {
                *out = res;
                rc = 0;
        }
out:
        free(rs);
        free(cs);
        return rc;
}

/* qsort context is not portable in C11, so the comparator sees (p, index) pairs. */
struct pidx {
        double p;
        size_t i;
};

/* Ascending p, ties in input order: the stable order R's order() gives. */
static int pidx_cmp(const void *a, const void *b)
{
        const struct pidx *x = a, *y = b;

        if (x->p < y->p)
                return -1;
        if (x->p > y->p)
                return 1;
        return (x->i > y->i) - (x->i < y->i);
}

int statm_holm(size_t m, const double *p, double *adj)
{
        struct pidx *s;
        double run = 0.0;
        size_t i;

        for (i = 0; i < m; i++)
                if (!(p[i] >= 0.0 && p[i] <= 1.0))
                        return -1;
        if (m == 0)
                return 0;
        s = xmalloc(m * sizeof *s);
        for (i = 0; i < m; i++) {
                s[i].p = p[i];
                s[i].i = i;
        }
        qsort(s, m, sizeof *s, pidx_cmp);
        /* R: pmin(1, cummax((n - i + 1) * p[o]))[ro] */
        for (i = 0; i < m; i++) {
                double v = (double)(m - i) * s[i].p;
                if (v > run)
                        run = v;
                adj[s[i].i] = run < 1.0 ? run : 1.0;
        }
        free(s);
        return 0;
}

int statm_cronbach_alpha(size_t k, const double *cov, double *alpha)
{
        double diag = 0.0, total = 0.0, kd = (double)k, a;
        size_t i, j;

        if (k < 2)
                return -1;
        for (i = 0; i < k; i++)
                for (j = 0; j < k; j++) {
                        if (!isfinite(cov[i * k + j]))
                                return -1;
                        total += cov[i * k + j];
                        if (i == j)
                                diag += cov[i * k + j];
                }
        if (!(total > 0.0))
                return -1;
        a = kd / (kd - 1.0) * (1.0 - diag / total);
        if (!isfinite(a))
                return -1;
        *alpha = a;
        return 0;
}

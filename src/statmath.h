/*
 * statmath.h - the pure statistics library of digimittari: streaming moment
 * accumulators that merge, quantiles from frequency tables, confidence
 * intervals, two-group and k-group tests, effect sizes, chi-square, Holm
 * adjustment and Cronbach's alpha. It does no I/O and knows nothing about
 * surveys; the stats stage feeds it numbers. Distribution functions come from
 * GSL, which is used nowhere else outside the statistics code.
 *
 * Every definition is checked against R 4.x (base `stats`) by the oracle in
 * scripts/oracle/statmath.R, whose results live in tests/oracle/.
 *
 * Conventions. A function that can fail returns int: 0 when every output was
 * written and is finite, -1 when it cannot compute (too few observations, zero
 * variance where the statistic is undefined, a level outside (0, 1), a NAN or
 * infinite input, a distribution function that did not converge). On -1 the
 * outputs are left untouched unless the contract says otherwise; nothing is
 * ever printed, and no NAN or infinity is ever returned with 0. Observation
 * counts are doubles, since accumulators count in doubles; where the contract
 * says "counts" they must be non-negative whole numbers.
 *
 * GSL's default error handler aborts the process; the functions here switch it
 * off around each GSL call and restore the caller's handler afterwards, so a
 * failing GSL routine turns into -1, never into abort().
 *
 * Ownership: a struct statm_comoments owns its arrays between
 * statm_comoments_init() and statm_comoments_clear(); every other function
 * borrows its inputs and writes only to caller-owned outputs.
 */
#ifndef DM_STATMATH_H
#define DM_STATMATH_H

#include <stddef.h>

/* ---------------------------------------------------------------------------
 * Moments of one variable (Welford), mergeable (Chan, Golub & LeVeque 1979).
 * A zero-initialised struct is an empty accumulator.
 */
struct statm_moments {
        double n;    /* number of observations (sum of counts) */
        double mean; /* running mean; meaningful when n > 0 */
        double m2;   /* sum of squared deviations from the mean; >= 0 */
};

/* Empties m. */
void statm_moments_init(struct statm_moments *m);

/* Adds one observation x. Returns 0, or -1 (m unchanged) when x is not finite. */
int statm_moments_add(struct statm_moments *m, double x);

/*
 * Adds the value x `count` times, as if statm_moments_add() were called count
 * times (exactly so up to rounding). count 0 is a no-op. A non-integer count
 * acts as a frequency weight: n becomes the sum of weights. Returns 0, or -1
 * (m unchanged) when x or count is not finite or count < 0.
 */
int statm_moments_add_w(struct statm_moments *m, double x, double count);

/*
 * Adds every observation of src to dst, so that accumulating the parts of a
 * data set separately and merging them equals one pass over the whole (up to
 * rounding). src may be empty; dst and src may not be the same object.
 */
void statm_moments_merge(struct statm_moments *dst, const struct statm_moments *src);

/* Sets *mean and returns 0, or returns -1 when m is empty (n == 0). */
int statm_moments_mean(const struct statm_moments *m, double *mean);

/*
 * Sets *var to the sample variance m2 / (n - 1) and returns 0, or returns -1
 * when n < 2. A constant sample gives 0.
 */
int statm_moments_var(const struct statm_moments *m, double *var);

/* As statm_moments_var(), for the sample standard deviation sqrt(var). */
int statm_moments_sd(const struct statm_moments *m, double *sd);

/* ---------------------------------------------------------------------------
 * Co-moments of k variables on complete cases, mergeable, for covariance
 * matrices and Cronbach's alpha. A zero-initialised struct is "not set up":
 * statm_comoments_clear() on it is a no-op, everything else needs _init.
 */
struct statm_comoments {
        size_t k;     /* number of variables; 0 when not initialised */
        double n;     /* number of complete cases added */
        double *mean; /* k running means */
        double *c;    /* co-moment sums sum (x_i - mean_i)(x_j - mean_j) for i <= j,
                         the upper triangle packed row by row (k(k+1)/2 values) */
};

/*
 * Sets cm up as an empty accumulator of k variables (arrays allocated with
 * xcalloc, which aborts on exhaustion). Returns 0, or -1 when k == 0, in which
 * case cm is zeroed and statm_comoments_clear() remains safe.
 */
int statm_comoments_init(struct statm_comoments *cm, size_t k);

/* Frees cm's arrays and zeroes it. A zeroed or NULL cm is a no-op. */
void statm_comoments_clear(struct statm_comoments *cm);

/* Empties cm but keeps its k and arrays, to reuse it. */
void statm_comoments_reset(struct statm_comoments *cm);

/*
 * Adds one case x[0..k-1]. Returns 0, or -1 (cm unchanged) when any x[i] is
 * NAN or infinite: an incomplete case is not counted, so passing NAN for a
 * missing answer gives complete-case (listwise) statistics.
 */
int statm_comoments_add(struct statm_comoments *cm, const double *x);

/*
 * Adds every case of src to dst (Chan et al. pairwise formula). Returns 0, or
 * -1 (dst unchanged) when the two have different k or either is not set up.
 */
int statm_comoments_merge(struct statm_comoments *dst, const struct statm_comoments *src);

/*
 * Writes the k*k sample covariance matrix c / (n - 1), row-major, to cov.
 * Returns 0, or -1 (cov untouched) when n < 2 or cm is not set up.
 */
int statm_comoments_cov(const struct statm_comoments *cm, double *cov);

/* ---------------------------------------------------------------------------
 * Descriptives.
 */

/*
 * Quantile of the sample that a frequency table stands for: values[0..k-1]
 * strictly ascending and counts[j] the number of observations equal to
 * values[j] (whole numbers >= 0, zero allowed). The definition is R's default,
 * Hyndman & Fan (1996) type 7: with N observations sorted as x[1] <= ... <=
 * x[N], h = (N - 1) p + 1, and Q(p) = x[floor(h)] + (h - floor(h)) (x[floor(h)
 * + 1] - x[floor(h)]). So Q(0) is the minimum, Q(1) the maximum, and one
 * observation is its own every quantile. Sets *out and returns 0, or returns
 * -1 when N == 0, p is outside [0, 1], the values are not strictly ascending,
 * or a count is negative, fractional or not finite.
 */
int statm_quantile_counts(const double *values, const double *counts, size_t k, double p,
                          double *out);

/* statm_quantile_counts() with p = 0.5. */
int statm_median_counts(const double *values, const double *counts, size_t k, double *out);

/*
 * Two-sided t confidence interval of a mean from n observations with sample
 * standard deviation sd: mean -/+ t(1 - (1 - level)/2, n - 1) sd / sqrt(n), as
 * R's t.test(x, conf.level = level)$conf.int. sd == 0 gives lo == hi == mean
 * (R refuses constant data; we report the degenerate interval). Sets *lo, *hi
 * and returns 0, or returns -1 when n < 2, sd < 0, level is not in (0, 1) or an
 * input is not finite.
 */
int statm_t_ci(double n, double mean, double sd, double level, double *lo, double *hi);

/* statm_t_ci() from an accumulator. Same failures, with n, mean, sd from m. */
int statm_moments_t_ci(const struct statm_moments *m, double level, double *lo, double *hi);

/*
 * Wilson score interval for a proportion x/n, without continuity correction,
 * as R's prop.test(x, n, conf.level = level, correct = FALSE)$conf.int. The
 * interval is clamped to [0, 1]; x == 0 gives lo == 0 and x == n gives hi == 1
 * exactly. Sets *lo, *hi and returns 0, or returns -1 when n <= 0, x < 0,
 * x > n, level is not in (0, 1) or an input is not finite.
 */
int statm_wilson(double x, double n, double level, double *lo, double *hi);

/* ---------------------------------------------------------------------------
 * Tests and effect sizes, from summary statistics so that they work on merged
 * accumulators. All p-values are two-sided (or the upper tail of an F or
 * chi-square statistic) and lie in [0, 1]; a p-value below the smallest
 * double is reported as 0.
 */

/* The result of a Welch two-sample t-test of mean1 - mean2. */
struct statm_welch {
        double diff; /* m1 - m2 */
        double se;   /* standard error of diff, sqrt(sd1^2/n1 + sd2^2/n2) */
        double t;    /* diff / se */
        double df;   /* Welch-Satterthwaite degrees of freedom */
        double p;    /* two-sided p-value, 2 P(T_df > |t|) */
        double lo;   /* lower limit of the level CI of diff */
        double hi;   /* upper limit */
        double d;    /* Cohen's d, diff / pooled SD, where pooled SD =
                        sqrt(((n1-1) sd1^2 + (n2-1) sd2^2) / (n1 + n2 - 2)) */
};

/*
 * Welch's unequal-variance t-test of two independent groups, from their n,
 * mean and sample SD, as R's t.test(x, y, var.equal = FALSE, conf.level =
 * level). Fills *out and returns 0, or returns -1 when n1 < 2, n2 < 2, an SD is
 * negative, both SDs are 0 (R: "data are essentially constant"), level is not
 * in (0, 1) or an input is not finite.
 */
int statm_welch_t(double n1, double m1, double sd1, double n2, double m2, double sd2, double level,
                  struct statm_welch *out);

/*
 * Difference of two independent means, a - b, with Welch's CI and p-value:
 * statm_welch_t() on two accumulators (a wave against the previous one, a
 * municipality against the rest of the region). Same failures.
 */
int statm_diff_ci(const struct statm_moments *a, const struct statm_moments *b, double level,
                  struct statm_welch *out);

/* The result of Welch's one-way ANOVA of k groups, with eta-squared. */
struct statm_anova {
        double f;    /* Welch's F statistic */
        double df1;  /* k - 1 */
        double df2;  /* Welch's denominator degrees of freedom (not integer) */
        double p;    /* P(F_{df1,df2} > f) */
        double eta2; /* classic eta-squared SS_between / SS_total in [0, 1],
                        computed from the same group summaries: SS_between =
                        sum n_i (mean_i - grand)^2, SS_within = sum (n_i - 1)
                        var_i, SS_total = SS_between + SS_within */
};

/*
 * Welch's heteroscedastic one-way ANOVA (Welch 1951) from group sizes n[i],
 * means mean[i] and sample variances var[i], i < k, as R's oneway.test(y ~ g,
 * var.equal = FALSE). Every group must have n >= 2 and variance > 0: R gives
 * NA or NaN otherwise, and we return -1 so that the caller drops such groups
 * knowingly and says so. Fills *out and returns 0, or returns -1 when k < 2,
 * any n[i] < 2, any var[i] <= 0 or an input is not finite. With k == 2, f is
 * the square of Welch's t and df2 its df.
 */
int statm_welch_anova(size_t k, const double *n, const double *mean, const double *var,
                      struct statm_anova *out);

/*
 * Classic (equal-variance) one-way ANOVA from group sizes n[i], means mean[i]
 * and sample variances var[i], i < k, as R's oneway.test(y ~ g, var.equal =
 * TRUE) or anova(lm(y ~ g)): F = (SS_between / (k - 1)) / (SS_within / (N -
 * k)), SS_within = sum (n_i - 1) var_i. A group of one observation adds
 * nothing to SS_within and its var[i] is not read (it may be NAN). Fills *out
 * (df2 = N - k, eta2 as for Welch's) and returns 0, or returns -1 when k < 2,
 * any n[i] < 1, N - k < 1, SS_within is 0 (R gives F = Inf), a variance is
 * negative or an input is not finite.
 */
int statm_anova_classic(size_t k, const double *n, const double *mean, const double *var,
                        struct statm_anova *out);

/* The result of a Kruskal-Wallis rank-sum test. */
struct statm_kw {
        double h;    /* H statistic with the correction for ties */
        double df;   /* number of non-empty groups - 1 */
        double p;    /* P(chi2_df > h), the chi-square approximation */
        double eps2; /* epsilon-squared effect size E2_R = H / ((N^2 - 1) / (N + 1))
                        = H / (N - 1) (Tomczak & Tomczak 2014), in [0, 1] */
        double n;    /* N, the total number of observations */
};

/*
 * Kruskal-Wallis test from a frequency table: counts[g*m + j] is the number of
 * observations of group g (g < k) equal to the j-th smallest distinct value
 * (j < m); only the order of the values matters, so the values themselves are
 * not needed. Ties get mid-ranks; H is divided by 1 - sum(t^3 - t)/(N^3 - N)
 * as in R's kruskal.test(). Empty groups are ignored, as R drops groups without
 * data. Fills *out and returns 0, or returns -1 when fewer than 2 groups have
 * data, all observations are equal (every rank tied: R gives NaN), or a count is
 * negative, fractional or not finite.
 */
int statm_kruskal(size_t k, size_t m, const double *counts, struct statm_kw *out);

/* The result of Pearson's chi-square test of independence. */
struct statm_chisq {
        double x2;           /* Pearson's X^2, no continuity correction */
        double df;           /* (r_used - 1)(c_used - 1) */
        double p;            /* P(chi2_df > x2) */
        double min_expected; /* smallest expected count among the used cells */
        double share_lt5;    /* share in [0, 1] of used cells with expected < 5;
                                the usual warning threshold is > 0.2 */
        double cramer_v;     /* sqrt(x2 / (N (min(r_used, c_used) - 1))) in [0, 1] */
        double n;            /* N, the table total */
        size_t r_used;       /* rows with a non-zero total */
        size_t c_used;       /* columns with a non-zero total */
};

/*
 * Pearson's chi-square test of independence of an r x c table of counts
 * (counts[i*c + j], row-major, non-negative; fractions are accepted). Rows and
 * columns whose total is 0 are dropped first (their expected counts would be 0
 * and X^2 undefined; R's chisq.test gives NaN for them), and r_used, c_used
 * report what remained. Then as R's chisq.test(t, correct = FALSE). Fills *out
 * and returns 0, or returns -1 when fewer than 2 rows or 2 columns remain, or a
 * count is negative or not finite.
 */
int statm_chisq(size_t r, size_t c, const double *counts, struct statm_chisq *out);

/*
 * Holm's step-down adjustment of m p-values, as R's p.adjust(p, "holm"): with
 * p sorted ascending, adj_(i) = min(1, max_{j<=i} (m - j + 1) p_(j)), written
 * back in the input order. adj may be p itself. Scratch memory comes from
 * xmalloc. Returns 0 (m == 0 does nothing), or -1 (adj untouched) when some
 * p[i] is NAN or outside [0, 1]; callers pass only the tests that ran.
 */
int statm_holm(size_t m, const double *p, double *adj);

/*
 * Cronbach's alpha of k items from their k*k covariance matrix (row-major,
 * e.g. from statm_comoments_cov()): alpha = k/(k-1) (1 - sum_i var_i /
 * var_total), var_total = sum_ij cov_ij being the variance of the sum score.
 * Alpha is at most 1 and may be negative (items that disagree). Sets *alpha and
 * returns 0, or returns -1 when k < 2 (not applicable), var_total <= 0 or an
 * entry is not finite.
 */
int statm_cronbach_alpha(size_t k, const double *cov, double *alpha);

#endif

/*
 * peers.h - where a municipality stands among many: peer groups and ranks
 * with an uncertainty range, computed by the report stage from published
 * figures only (a municipality's index and its 95 % confidence interval as
 * the results table holds them), never from suppressed cells.
 *
 * Peer group. A municipality's peer group is its `group` key in the
 * configuration ([municipality NAME] group = ..., e.g. Statistics Finland's
 * municipality group); a municipality without one is grouped by the size
 * class of its staff headcount (PEERS_SIZE_CLASSES), and one with neither
 * has no peer group. Two municipalities are peers when both have the same
 * group key (compared exactly), or both have none and the same size class.
 *
 * Rank range. Among the N municipalities with a published index and CI in a
 * dimension, municipality i ranks 1 + (number whose index is higher); its
 * rank could be as good as best = 1 + (number whose CI lies entirely above
 * i's: lo_j > hi_i) and as poor as worst = N - (number whose CI lies
 * entirely below: hi_j < lo_i). The rule needs no resampling and is
 * conservative (two overlapping 95 % intervals can still differ), so the
 * range is rather too wide than too narrow; best <= rank <= worst always.
 *
 * Peer-group figure: the mean of the published indexes of the group's
 * members weighted by their respondents n (the index is linear in the mean
 * score, so this is the pooled index of the published members'
 * respondents). It is computed from published figures only, so it cannot
 * reveal a suppressed member by differencing: a member whose index is
 * withheld is left out and counted as withheld.
 *
 * Ownership: nothing here allocates; callers own every array.
 */
#ifndef DM_PEERS_H
#define DM_PEERS_H

#include <stddef.h>

#include "config.h"

/* With more municipalities than this, municipal reports show the rank range and the peer group,
 * and the regional report is the short national edition (report.c). */
#define PEERS_MIN_MUNIS 20

/* A municipal report lists the members of its peer group in its comparisons (matrix, charts)
 * when the group has at most this many members; otherwise only itself and the region. */
#define PEERS_MAX_LISTED 30

/* Size classes of staff headcount: class k is staff in [PEERS_SIZE_FROM[k], PEERS_SIZE_FROM[k+1]).
 */
#define PEERS_SIZE_CLASSES 5
extern const long PEERS_SIZE_FROM[PEERS_SIZE_CLASSES];

/* One municipality's published figure in one dimension. */
struct peers_fig {
        int ok;    /* 1 when index, lo, hi (and n) are published; 0 = withheld or missing */
        double v;  /* index 0-100 */
        double lo; /* lower end of its 95 % CI */
        double hi; /* upper end */
        double n;  /* respondents behind it (the weight of the peer-group mean) */
};

/* A rank among n municipalities with a published figure (1 = highest index). */
struct peers_rank {
        size_t n;     /* municipalities ranked */
        size_t rank;  /* 1 + number with a higher index */
        size_t best;  /* 1 + number whose CI lies entirely above */
        size_t worst; /* n - number whose CI lies entirely below */
};

/* Size class (0..PEERS_SIZE_CLASSES-1) of a staff headcount; -1 when staff <= 0 (unknown). */
int peers_size_class(long staff);

/* Whether municipalities a and b of cfg are peers (see above; a municipality is its own peer
 * unless it has no group key and no staff). */
int peers_same_group(const struct config *cfg, size_t a, size_t b);

/*
 * Ranks f[self] among the entries f[i] with f[i].ok and (member == NULL or member[i]), i < n.
 * Returns 0 and fills *out, or -1 when f[self] is not ok or not a member (out untouched).
 */
int peers_rank(const struct peers_fig *f, const unsigned char *member, size_t n, size_t self,
               struct peers_rank *out);

/*
 * The n-weighted mean index of the ok entries f[i] with member[i] (member NULL = all), i < n.
 * Sets *used to the number of entries averaged; returns the mean, or 0 when *used is 0.
 */
double peers_mean(const struct peers_fig *f, const unsigned char *member, size_t n, size_t *used);

#endif

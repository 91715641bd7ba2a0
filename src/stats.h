/*
 * stats.h - the statistics and maturity stage: streaming accumulators fed by
 * ingest, then every figure of the results table (descriptives, dimension
 * scores, comparisons, lights), with small-group suppression applied before
 * anything is written.
 *
 * Accumulators keep category counts, value histograms and co-moments per
 * wave, municipality and breakdown cell, so memory depends on municipalities
 * x items x categories, never on the number of rows; region figures are made
 * by merging municipal accumulators.
 *
 * Ownership: struct stats borrows the config (which must outlive it) and owns
 * its accumulators; results go into a caller-owned struct results.
 */
#ifndef DM_STATS_H
#define DM_STATS_H

#include <stddef.h>

#include "config.h"
#include "ingest.h"
#include "results.h"
#include "util.h"

struct stats;

/* Creates an empty accumulator set for every wave of cfg (codebooks loaded). */
struct stats *stats_new(const struct config *cfg);

/* Frees st; NULL is a no-op. */
void stats_free(struct stats *st);

/* An ingest_fn: adds one accepted response of wave w (ctx is a struct stats_feed). */
struct stats_feed {
        struct stats *st;
        size_t wave;
};
int stats_feed_fn(void *ctx, const struct response *r);

/*
 * Records what ingest learnt of wave w once its run is over: row counts for
 * the data-quality figures and the labels of breakdown categories. Call it
 * after ingest_run succeeded. A wave never finished is left out of results.
 */
void stats_finish_wave(struct stats *st, size_t w, const struct ingest *ig);

/*
 * Computes every figure of every finished wave into res. Returns 0, or -1
 * with e set (DM_EX_SOFTWARE) on an internal inconsistency.
 */
int stats_compute(struct stats *st, struct results *res, struct err *e);

/* Name of the light for an index with its CI, by the thresholds (see README). */
const char *stats_light(const struct thresholds *th, double index, double lo, double hi);

/* Name of the gap light for a mean gap with its CI. */
const char *stats_gap_light(const struct thresholds *th, double gap, double lo, double hi);

/* Overall maturity level 1-5 from the mean of published dimension indexes. */
int stats_maturity_level(double mean_index);

#endif

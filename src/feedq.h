/*
 * feedq.h - hands accepted responses to a consumer on its own thread.
 *
 * Reading and mapping an export (ingest) and adding each response to the
 * statistics' cells (stats_feed_fn) take about the same time at national
 * scale; with a feed queue they run on two cores at once. Responses are
 * copied into batches (the ingest reuses its arrays for the next row) and
 * consumed in the order they were pushed, so the result is the same as
 * calling the consumer directly.
 *
 * Ownership: a feedq borrows fn's context; feedq_finish() frees the queue.
 */
#ifndef DM_FEEDQ_H
#define DM_FEEDQ_H

#include <stddef.h>

#include "ingest.h"

struct feedq;

/*
 * Starts a consumer thread that calls fn(ctx, r) for every response pushed,
 * responses having nitems items and ncats breakdowns. Returns NULL when no
 * thread can be started (then call fn directly).
 */
struct feedq *feedq_new(ingest_fn fn, void *ctx, size_t nitems, size_t ncats);

/* An ingest_fn: copies r for the consumer. Returns non-zero once fn has failed. */
int feedq_push(void *q, const struct response *r);

/* Waits until every pushed response is consumed, frees q, and returns fn's first non-zero result or 0. */
int feedq_finish(struct feedq *q);

#endif

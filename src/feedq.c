/*
 * feedq.c - a ring of response batches (ring.h) between the ingest thread
 * and one consumer thread (see feedq.h).
 */
#include "feedq.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ring.h"
#include "util.h"

#define FQ_SLOTS 4
#define FQ_BATCH 256

struct fbatch {
        size_t n;
        int *muni;
        long *line;
        int *cat;              /* [FQ_BATCH * ncats] */
        double *val;           /* [FQ_BATCH * nitems] */
        unsigned char *state;  /* [FQ_BATCH * nitems] */
        uint64_t *multi;       /* [FQ_BATCH * nitems] */
};

struct feedq {
        ingest_fn fn;
        void *ctx;
        size_t nitems, ncats;
        pthread_t th;
        int started;   /* th is running */
        struct ring ring;
        struct fbatch slot[FQ_SLOTS];
        struct fbatch *filling; /* the batch the producer is filling, or NULL */
        int rc; /* fn's first non-zero result: set before ring_stop(), read after -1 */
};

static void *consumer_main(void *arg)
{
        struct feedq *q = arg;
        int rc = 0;
        long k;
        while ((k = ring_take(&q->ring, 0)) >= 0) {
                const struct fbatch *b = &q->slot[k];
                for (size_t i = 0; i < b->n && !rc; i++) {
                        struct response r = {
                            .muni = b->muni[i],
                            .line = b->line[i],
                            .cat = b->cat + i * q->ncats,
                            .val = b->val + i * q->nitems,
                            .state = b->state + i * q->nitems,
                            .multi = b->multi + i * q->nitems,
                        };
                        rc = q->fn(q->ctx, &r);
                }
                if (rc && !q->rc) {
                        q->rc = rc;
                        ring_stop(&q->ring);
                }
                ring_release(&q->ring, 0);
        }
        return NULL;
}

struct feedq *feedq_new(ingest_fn fn, void *ctx, size_t nitems, size_t ncats)
{
        struct feedq *q = xcalloc(1, sizeof *q);
        q->fn = fn;
        q->ctx = ctx;
        q->nitems = nitems;
        q->ncats = ncats;
        for (size_t s = 0; s < FQ_SLOTS; s++) {
                struct fbatch *b = &q->slot[s];
                b->muni = xcalloc(FQ_BATCH, sizeof *b->muni);
                b->line = xcalloc(FQ_BATCH, sizeof *b->line);
                b->cat = xcalloc(FQ_BATCH * (ncats ? ncats : 1), sizeof *b->cat);
                b->val = xcalloc(FQ_BATCH * (nitems ? nitems : 1), sizeof *b->val);
                b->state = xcalloc(FQ_BATCH * (nitems ? nitems : 1), sizeof *b->state);
                b->multi = xcalloc(FQ_BATCH * (nitems ? nitems : 1), sizeof *b->multi);
        }
        ring_init(&q->ring, FQ_SLOTS, 1);
        if (pthread_create(&q->th, NULL, consumer_main, q) != 0) {
                feedq_finish(q);
                return NULL;
        }
        q->started = 1;
        return q;
}

int feedq_push(void *arg, const struct response *r)
{
        struct feedq *q = arg;
        struct fbatch *b = q->filling;
        if (!b) {
                long k = ring_acquire(&q->ring);
                if (k < 0)
                        return q->rc;
                b = q->filling = &q->slot[k];
                b->n = 0;
        }
        size_t i = b->n++;
        b->muni[i] = r->muni;
        b->line[i] = r->line;
        if (q->ncats)
                memcpy(b->cat + i * q->ncats, r->cat, q->ncats * sizeof *r->cat);
        if (q->nitems) {
                memcpy(b->val + i * q->nitems, r->val, q->nitems * sizeof *r->val);
                memcpy(b->state + i * q->nitems, r->state, q->nitems * sizeof *r->state);
                memcpy(b->multi + i * q->nitems, r->multi, q->nitems * sizeof *r->multi);
        }
        if (b->n == FQ_BATCH) {
                q->filling = NULL;
                ring_publish(&q->ring);
        }
        return 0;
}

int feedq_finish(struct feedq *q)
{
        if (!q)
                return 0;
        if (q->filling && q->filling->n)
                ring_publish(&q->ring);
        q->filling = NULL;
        ring_close(&q->ring);
        if (q->started)
                pthread_join(q->th, NULL);
        int rc = q->rc;
        for (size_t s = 0; s < FQ_SLOTS; s++) {
                struct fbatch *b = &q->slot[s];
                free(b->muni);
                free(b->line);
                free(b->cat);
                free(b->val);
                free(b->state);
                free(b->multi);
        }
        ring_clear(&q->ring);
        free(q);
        return rc;
}

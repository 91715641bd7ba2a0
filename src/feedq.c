/*
 * feedq.c - a ring of response batches between the ingest thread and one
 * consumer thread (see feedq.h).
 */
#include "feedq.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
        pthread_mutex_t mu;
        pthread_cond_t cv;
        struct fbatch ring[FQ_SLOTS];
        size_t prod;   /* batches published */
        size_t cons;   /* batches consumed */
        int filling;   /* the producer holds ring[prod % FQ_SLOTS] */
        int closing;
        int rc;        /* fn's first non-zero result (read by the producer under mu) */
};

static void *consumer_main(void *arg)
{
        struct feedq *q = arg;
        int rc = 0;
        pthread_mutex_lock(&q->mu);
        for (;;) {
                while (q->cons == q->prod && !q->closing)
                        pthread_cond_wait(&q->cv, &q->mu);
                if (q->cons == q->prod)
                        break;
                const struct fbatch *b = &q->ring[q->cons % FQ_SLOTS];
                pthread_mutex_unlock(&q->mu);
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
                pthread_mutex_lock(&q->mu);
                if (rc && !q->rc)
                        q->rc = rc;
                q->cons++;
                pthread_cond_broadcast(&q->cv);
        }
        pthread_mutex_unlock(&q->mu);
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
                struct fbatch *b = &q->ring[s];
                b->muni = xcalloc(FQ_BATCH, sizeof *b->muni);
                b->line = xcalloc(FQ_BATCH, sizeof *b->line);
                b->cat = xcalloc(FQ_BATCH * (ncats ? ncats : 1), sizeof *b->cat);
                b->val = xcalloc(FQ_BATCH * (nitems ? nitems : 1), sizeof *b->val);
                b->state = xcalloc(FQ_BATCH * (nitems ? nitems : 1), sizeof *b->state);
                b->multi = xcalloc(FQ_BATCH * (nitems ? nitems : 1), sizeof *b->multi);
        }
        pthread_mutex_init(&q->mu, NULL);
        pthread_cond_init(&q->cv, NULL);
        if (pthread_create(&q->th, NULL, consumer_main, q) != 0) {
                q->closing = 1;
                feedq_finish(q);
                return NULL;
        }
        return q;
}

int feedq_push(void *arg, const struct response *r)
{
        struct feedq *q = arg;
        struct fbatch *b = &q->ring[q->prod % FQ_SLOTS];
        if (!q->filling) {
                pthread_mutex_lock(&q->mu);
                while (q->prod - q->cons >= FQ_SLOTS && !q->rc)
                        pthread_cond_wait(&q->cv, &q->mu);
                int rc = q->rc;
                pthread_mutex_unlock(&q->mu);
                if (rc)
                        return rc;
                q->filling = 1;
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
                pthread_mutex_lock(&q->mu);
                q->prod++;
                q->filling = 0;
                pthread_cond_broadcast(&q->cv);
                pthread_mutex_unlock(&q->mu);
        }
        return 0;
}

int feedq_finish(struct feedq *q)
{
        if (!q)
                return 0;
        pthread_mutex_lock(&q->mu);
        int started = !q->closing;
        if (q->filling && q->ring[q->prod % FQ_SLOTS].n)
                q->prod++;
        q->filling = 0;
        q->closing = 1;
        pthread_cond_broadcast(&q->cv);
        pthread_mutex_unlock(&q->mu);
        if (started)
                pthread_join(q->th, NULL);
        int rc = q->rc;
        for (size_t s = 0; s < FQ_SLOTS; s++) {
                struct fbatch *b = &q->ring[s];
                free(b->muni);
                free(b->line);
                free(b->cat);
                free(b->val);
                free(b->state);
                free(b->multi);
        }
        pthread_cond_destroy(&q->cv);
        pthread_mutex_destroy(&q->mu);
        free(q);
        return rc;
}

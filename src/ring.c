/*
 * ring.c - the batch ring shared by feedq.c and results.c (see ring.h).
 */
#include "ring.h"

#include <assert.h>
#include <string.h>

void ring_init(struct ring *r, size_t nslots, size_t nconsumers)
{
        assert(nslots >= 1 && nconsumers >= 1 && nconsumers <= RING_MAX_CONSUMERS);
        memset(r, 0, sizeof *r);
        pthread_mutex_init(&r->mu, NULL);
        pthread_cond_init(&r->cv, NULL);
        r->nslots = nslots;
        r->nconsumers = nconsumers;
}

void ring_clear(struct ring *r)
{
        pthread_cond_destroy(&r->cv);
        pthread_mutex_destroy(&r->mu);
}

/* The batches the slowest consumer has released (call with mu held). */
static size_t oldest(const struct ring *r)
{
        size_t o = r->prod;
        for (size_t c = 0; c < r->nconsumers; c++)
                if (r->next[c] < o)
                        o = r->next[c];
        return o;
}

long ring_acquire(struct ring *r)
{
        pthread_mutex_lock(&r->mu);
        while (r->prod - oldest(r) >= r->nslots && !r->stopped)
                pthread_cond_wait(&r->cv, &r->mu);
        long slot = r->stopped ? -1 : (long)(r->prod % r->nslots);
        pthread_mutex_unlock(&r->mu);
        return slot;
}

void ring_publish(struct ring *r)
{
        pthread_mutex_lock(&r->mu);
        r->prod++;
        pthread_cond_broadcast(&r->cv);
        pthread_mutex_unlock(&r->mu);
}

void ring_close(struct ring *r)
{
        pthread_mutex_lock(&r->mu);
        r->closing = 1;
        pthread_cond_broadcast(&r->cv);
        pthread_mutex_unlock(&r->mu);
}

long ring_take(struct ring *r, size_t c)
{
        pthread_mutex_lock(&r->mu);
        while (r->next[c] == r->prod && !r->closing)
                pthread_cond_wait(&r->cv, &r->mu);
        long slot = r->next[c] == r->prod ? -1 : (long)(r->next[c] % r->nslots);
        pthread_mutex_unlock(&r->mu);
        return slot;
}

void ring_release(struct ring *r, size_t c)
{
        pthread_mutex_lock(&r->mu);
        r->next[c]++;
        pthread_cond_broadcast(&r->cv);
        pthread_mutex_unlock(&r->mu);
}

void ring_stop(struct ring *r)
{
        pthread_mutex_lock(&r->mu);
        r->stopped = 1;
        pthread_cond_broadcast(&r->cv);
        pthread_mutex_unlock(&r->mu);
}

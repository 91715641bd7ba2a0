/*
 * ring.h - a ring of batch slots between one producer thread and one or more
 * consumer threads, each consumer seeing every batch, in the order published.
 *
 * The ring only counts; the slots themselves (arrays of batches) belong to
 * the user, indexed by what ring_acquire() and ring_take() return. The
 * producer fills slot ring_acquire() (which waits until every consumer has
 * released that slot's earlier batch), then ring_publish()es it; each
 * consumer waits in ring_take() for its next batch and ring_release()s it
 * when done. ring_close() ends the stream: consumers drain what was
 * published, then ring_take() returns -1. ring_stop() lets a consumer (or
 * anyone) ask the producer to stop: ring_acquire() then returns -1 at once.
 * Used by the feed queue (feedq.c: ingest -> statistics) and the results
 * table's writer threads (results.c).
 *
 * Ownership: a ring owns its mutex and condition; the caller owns the slots.
 */
#ifndef DM_RING_H
#define DM_RING_H

#include <pthread.h>
#include <stddef.h>

#define RING_MAX_CONSUMERS 4

struct ring {
        pthread_mutex_t mu;
        pthread_cond_t cv;
        size_t nslots;                   /* slots in the user's array */
        size_t nconsumers;               /* consumers, each with its own index below */
        size_t prod;                     /* batches published */
        size_t next[RING_MAX_CONSUMERS]; /* per consumer: batches released */
        int closing;                     /* ring_close() was called */
        int stopped;                     /* ring_stop() was called */
};

/* Initialises r for nslots slots (>= 1) and nconsumers consumers (1..RING_MAX_CONSUMERS). */
void ring_init(struct ring *r, size_t nslots, size_t nconsumers);

/* Releases r's mutex and condition; no thread may be using it. */
void ring_clear(struct ring *r);

/*
 * Producer: waits until the next slot is free (every consumer has released
 * its earlier batch) and returns its index, or -1 once ring_stop() was called.
 */
long ring_acquire(struct ring *r);

/* Producer: publishes the slot from ring_acquire() to every consumer. */
void ring_publish(struct ring *r);

/* Producer: no more batches; consumers drain the published ones, then stop. */
void ring_close(struct ring *r);

/*
 * Consumer c (0-based): waits for its next published batch and returns its
 * slot, or -1 when the ring is closed and this consumer has seen every batch.
 */
long ring_take(struct ring *r, size_t c);

/* Consumer c: done with the slot ring_take() returned. */
void ring_release(struct ring *r, size_t c);

/* Any thread: asks the producer to stop; ring_acquire() returns -1 from now on. */
void ring_stop(struct ring *r);

#endif

/*
 * test_ring.c - the batch ring (ring.h): every consumer sees every batch, in
 * order, while the producer never overwrites a slot a consumer still reads;
 * closing drains; stopping releases a waiting producer.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "ring.h"

#define SLOTS     3
#define BATCHES   20000
#define CONSUMERS 3

struct shared {
        struct ring ring;
        long slot[SLOTS];     /* the batch number written into each slot */
        long seen[CONSUMERS]; /* batches each consumer saw, in order */
        int bad[CONSUMERS];   /* a batch out of order, or overwritten while read */
};

struct consumer {
        struct shared *sh;
        size_t id;
};

static void *consume(void *arg)
{
        struct consumer *c = arg;
        struct shared *sh = c->sh;
        long k;
        while ((k = ring_take(&sh->ring, c->id)) >= 0) {
                long v = sh->slot[k];
                if (v != sh->seen[c->id])
                        sh->bad[c->id]++;
                if ((v & 255) == 0)
                        usleep(50); /* let the producer catch up and wait */
                if (sh->slot[k] != v)
                        sh->bad[c->id]++;
                sh->seen[c->id]++;
                ring_release(&sh->ring, c->id);
        }
        return NULL;
}

static void test_every_consumer_sees_every_batch_in_order(void **state)
{
        (void)state;
        static struct shared sh;
        memset(&sh, 0, sizeof sh);
        ring_init(&sh.ring, SLOTS, CONSUMERS);
        pthread_t th[CONSUMERS];
        struct consumer c[CONSUMERS];
        for (size_t i = 0; i < CONSUMERS; i++) {
                c[i] = (struct consumer){&sh, i};
                assert_int_equal(pthread_create(&th[i], NULL, consume, &c[i]), 0);
        }
        for (long b = 0; b < BATCHES; b++) {
                long k = ring_acquire(&sh.ring);
                assert_true(k >= 0 && k < SLOTS);
                sh.slot[k] = b;
                ring_publish(&sh.ring);
        }
        ring_close(&sh.ring);
        for (size_t i = 0; i < CONSUMERS; i++) {
                pthread_join(th[i], NULL);
                assert_int_equal(sh.seen[i], BATCHES);
                assert_int_equal(sh.bad[i], 0);
        }
        ring_clear(&sh.ring);
}

static void *stop_later(void *arg)
{
        usleep(20000);
        ring_stop(arg);
        return NULL;
}

static void test_stop_releases_a_waiting_producer(void **state)
{
        (void)state;
        struct ring r;
        ring_init(&r, 2, 1);
        assert_int_equal(ring_acquire(&r), 0);
        ring_publish(&r);
        assert_int_equal(ring_acquire(&r), 1);
        ring_publish(&r);
        /* Both slots are full and nobody consumes: only ring_stop() ends the wait. */
        pthread_t th;
        assert_int_equal(pthread_create(&th, NULL, stop_later, &r), 0);
        assert_int_equal(ring_acquire(&r), -1);
        pthread_join(th, NULL);
        /* The consumer still drains what was published, then sees the end. */
        ring_close(&r);
        assert_int_equal(ring_take(&r, 0), 0);
        ring_release(&r, 0);
        assert_int_equal(ring_take(&r, 0), 1);
        ring_release(&r, 0);
        assert_int_equal(ring_take(&r, 0), -1);
        ring_clear(&r);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_every_consumer_sees_every_batch_in_order),
            cmocka_unit_test(test_stop_releases_a_waiting_producer),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

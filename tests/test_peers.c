/*
 * test_peers.c - peer groups and rank ranges (peers.h): a hand-worked
 * example, the order best <= rank <= worst on random figures, withheld
 * figures left out of ranks and means, and the group rule (key first, else
 * size class from staff).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "peers.h"

/*
 * Five municipalities (index, CI):
 *   0: 60 (55-65)   1: 70 (68-72)   2: 50 (40-58)   3: 62 (50-75)   4: 30 (20-40)
 * For 0: higher are 1 and 3 -> rank 3; entirely above its CI (lo > 65): 1 -> best 2;
 * entirely below (hi < 55): 4 (hi 40) -> worst 5 - 1 = 4. Municipality 2's hi 58 is
 * not below 55, so it does not count.
 */
static const struct peers_fig FIVE[5] = {
    {1, 60, 55, 65, 40}, {1, 70, 68, 72, 200}, {1, 50, 40, 58, 10},
    {1, 62, 50, 75, 8},  {1, 30, 20, 40, 20},
};

static void test_hand_worked_ranks(void **state)
{
        (void)state;
        struct peers_rank k;
        assert_int_equal(peers_rank(FIVE, NULL, 5, 0, &k), 0);
        assert_int_equal(k.n, 5);
        assert_int_equal(k.rank, 3);
        assert_int_equal(k.best, 2);
        assert_int_equal(k.worst, 4);
        /* 1: nothing higher; entirely below 68: 2 (58), 4 (40), 0 (65) -> worst 2. */
        assert_int_equal(peers_rank(FIVE, NULL, 5, 1, &k), 0);
        assert_int_equal(k.rank, 1);
        assert_int_equal(k.best, 1);
        assert_int_equal(k.worst, 2);
        /* 4: everyone higher; entirely above 40: 0 (55), 1 (68), 3 (50) -> best 4. */
        assert_int_equal(peers_rank(FIVE, NULL, 5, 4, &k), 0);
        assert_int_equal(k.rank, 5);
        assert_int_equal(k.best, 4);
        assert_int_equal(k.worst, 5);
}

static void test_withheld_and_members_left_out(void **state)
{
        (void)state;
        struct peers_fig f[5];
        memcpy(f, FIVE, sizeof f);
        f[1].ok = 0; /* the highest is withheld: 0 moves up */
        struct peers_rank k;
        assert_int_equal(peers_rank(f, NULL, 5, 0, &k), 0);
        assert_int_equal(k.n, 4);
        assert_int_equal(k.rank, 2);
        assert_int_equal(k.best, 1);
        assert_int_equal(k.worst, 3);
        assert_int_equal(peers_rank(f, NULL, 5, 1, &k), -1);
        /* Members 0, 2, 4 only. */
        const unsigned char mem[5] = {1, 0, 1, 0, 1};
        assert_int_equal(peers_rank(FIVE, mem, 5, 0, &k), 0);
        assert_int_equal(k.n, 3);
        assert_int_equal(k.rank, 1);
        assert_int_equal(k.best, 1);
        assert_int_equal(k.worst, 2);
        assert_int_equal(peers_rank(FIVE, mem, 5, 3, &k), -1);
        /* Mean of 0, 2, 4 weighted by n 40, 10, 20: (2400 + 500 + 600) / 70 = 50. */
        size_t used;
        assert_float_equal(peers_mean(FIVE, mem, 5, &used), 50.0, 1e-12);
        assert_int_equal(used, 3);
        f[0].ok = 0;
        assert_float_equal(peers_mean(f, mem, 5, &used), (500.0 + 600.0) / 30.0, 1e-12);
        assert_int_equal(used, 2);
        memset(f, 0, sizeof f);
        assert_float_equal(peers_mean(f, NULL, 5, &used), 0.0, 0);
        assert_int_equal(used, 0);
}

/* On random figures the point rank lies in its range, and the range's ends count what they
 * claim (brute force over pairs, written the other way round). */
static void test_random_ranges_are_ordered(void **state)
{
        (void)state;
        enum { N = 60 };
        struct peers_fig f[N];
        srand(17);
        for (int rep = 0; rep < 50; rep++) {
                for (int i = 0; i < N; i++) {
                        double v = rand() % 101, h = 1 + rand() % 15;
                        f[i] =
                            (struct peers_fig){rand() % 7 != 0, v, v - h, v + h, 5 + rand() % 50};
                }
                for (int i = 0; i < N; i++) {
                        struct peers_rank k;
                        if (!f[i].ok) {
                                assert_int_equal(peers_rank(f, NULL, N, (size_t)i, &k), -1);
                                continue;
                        }
                        assert_int_equal(peers_rank(f, NULL, N, (size_t)i, &k), 0);
                        assert_true(1 <= k.best && k.best <= k.rank && k.rank <= k.worst &&
                                    k.worst <= k.n);
                        size_t sure_above = 0, not_sure_below = 0;
                        for (int j = 0; j < N; j++)
                                if (f[j].ok && j != i) {
                                        sure_above += f[j].lo > f[i].hi;
                                        not_sure_below += !(f[j].hi < f[i].lo);
                                }
                        assert_int_equal(k.best, sure_above + 1);
                        assert_int_equal(k.worst, not_sure_below + 1);
                }
        }
}

static void test_size_classes_and_groups(void **state)
{
        (void)state;
        assert_int_equal(peers_size_class(0), -1);
        assert_int_equal(peers_size_class(1), 0);
        assert_int_equal(peers_size_class(99), 0);
        assert_int_equal(peers_size_class(100), 1);
        assert_int_equal(peers_size_class(299), 1);
        assert_int_equal(peers_size_class(300), 2);
        assert_int_equal(peers_size_class(999), 2);
        assert_int_equal(peers_size_class(1000), 3);
        assert_int_equal(peers_size_class(3000), 4);
        assert_int_equal(peers_size_class(40000), 4);

        char rural[] = "Maaseutumaiset kunnat", urban[] = "Kaupunkimaiset kunnat",
             rural2[] = "Maaseutumaiset kunnat";
        struct municipality m[6] = {{0}};
        m[0].staff = 120, m[0].group = rural;
        m[1].staff = 2500, m[1].group = rural2; /* same key, other size: peers */
        m[2].staff = 120, m[2].group = urban;   /* same size, other key: not */
        m[3].staff = 150;                       /* no key: size class 1 */
        m[4].staff = 250;                       /* size class 1 */
        m[5].staff = 0;                         /* no key, no staff: no group */
        struct config cfg;
        memset(&cfg, 0, sizeof cfg);
        cfg.munis = m;
        cfg.nmunis = 6;
        assert_true(peers_same_group(&cfg, 0, 1));
        assert_false(peers_same_group(&cfg, 0, 2));
        assert_false(peers_same_group(&cfg, 0, 3)); /* a key never matches a size class */
        assert_true(peers_same_group(&cfg, 3, 4));
        assert_false(peers_same_group(&cfg, 5, 5));
        assert_true(peers_same_group(&cfg, 2, 2));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_hand_worked_ranks),
            cmocka_unit_test(test_withheld_and_members_left_out),
            cmocka_unit_test(test_random_ranges_are_ordered),
            cmocka_unit_test(test_size_classes_and_groups),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

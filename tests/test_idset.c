/*
 * test_idset.c - the respondent-id set: every answer checked against a plain
 * exact set of the id strings (the oracle), and the memory a numbered export
 * takes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idset.h"
#include "util.h"

/* The oracle: an exact set of strings (open addressing over copies). */
struct oracle {
        char **s;
        size_t n, cap;
};

static int oracle_add(struct oracle *o, const char *id)
{
        if ((o->n + 1) * 2 > o->cap) {
                size_t oldcap = o->cap;
                char **old = o->s;
                o->cap = oldcap ? oldcap * 2 : 1024;
                o->s = xcalloc(o->cap, sizeof *o->s);
                for (size_t i = 0; i < oldcap; i++) {
                        if (!old[i])
                                continue;
                        size_t j = (size_t)hash_bytes(old[i], strlen(old[i])) & (o->cap - 1);
                        while (o->s[j])
                                j = (j + 1) & (o->cap - 1);
                        o->s[j] = old[i];
                }
                free(old);
        }
        size_t j = (size_t)hash_bytes(id, strlen(id)) & (o->cap - 1);
        while (o->s[j]) {
                if (!strcmp(o->s[j], id))
                        return 1;
                j = (j + 1) & (o->cap - 1);
        }
        o->s[j] = xstrdup(id);
        o->n++;
        return 0;
}

static void oracle_free(struct oracle *o)
{
        for (size_t i = 0; i < o->cap; i++)
                free(o->s[i]);
        free(o->s);
}

/* Adds id to both and asserts they agree on whether it was seen. */
static void both(struct idset *s, struct oracle *o, const char *id)
{
        int want = oracle_add(o, id), got = idset_add(s, id, strlen(id));
        if (want != got)
                fail_msg("id \"%s\": idset says %s, the exact set %s", id,
                         got ? "seen" : "new", want ? "seen" : "new");
}

static uint64_t next(uint64_t *x)
{
        *x ^= *x << 13;
        *x ^= *x >> 7;
        *x ^= *x << 17;
        return *x;
}

static void test_numbered_with_repeats(void **state)
{
        (void)state;
        struct idset *s = idset_new();
        struct oracle o = {0};
        char id[64];
        uint64_t r = 12345;
        for (int i = 1; i <= 150000; i++) {
                snprintf(id, sizeof id, "R-%07d", i);
                both(s, &o, id);
                if (next(&r) % 50 == 0) { /* repeat an earlier id */
                        snprintf(id, sizeof id, "R-%07d", 1 + (int)(next(&r) % (uint64_t)i));
                        both(s, &o, id);
                }
        }
        idset_free(s);
        oracle_free(&o);
}

static void test_text_identity(void **state)
{
        (void)state;
        struct idset *s = idset_new();
        struct oracle o = {0};
        /* Leading zeros, prefixes, no digits, digits only, long numbers. */
        static const char *const ids[] = {
            "7",   "07",    "007",  "7",     "a7",    "A7",   "a07",   "a7",
            "abc", "abc",   "ab",   "x-1",   "x-01",  "x-1",  "x1",    "x-1x",
            "1x",  "1x",    "0",    "00",    "0",     "999999999999999999",
            "999999999999999999", "1000000000000000000", "1000000000000000000",
            "12345678901234567890123", "12345678901234567890124",
            "12345678901234567890123", "R-65535", "R-65536", "R-65535", "R-131072",
            "R-65536"};
        for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
                both(s, &o, ids[i]);
        idset_free(s);
        oracle_free(&o);
}

static void test_sparse_and_dense(void **state)
{
        (void)state;
        struct idset *s = idset_new();
        struct oracle o = {0};
        char id[64];
        uint64_t r = 777;
        /* Sparse numbers over a wide range, each drawn twice on average. */
        for (int i = 0; i < 40000; i++) {
                snprintf(id, sizeof id, "%llu", (unsigned long long)(next(&r) % 60000000ULL));
                both(s, &o, id);
        }
        /* One container filled past the array limit, then every number again. */
        for (int pass = 0; pass < 2; pass++)
                for (int i = 0; i < 65536; i += 3) {
                        snprintf(id, sizeof id, "D%05d", i);
                        both(s, &o, id);
                }
        idset_free(s);
        oracle_free(&o);
}

static void test_many_families(void **state)
{
        (void)state;
        struct idset *s = idset_new();
        struct oracle o = {0};
        char id[64];
        /* More text parts than families: the rest go to the hashed fallback. */
        for (int pass = 0; pass < 2; pass++)
                for (int f = 0; f < 3 * IDSET_FAMILIES; f++)
                        for (int i = 0; i < 20; i++) {
                                snprintf(id, sizeof id, "site%d-%d", f, i);
                                both(s, &o, id);
                        }
        idset_free(s);
        oracle_free(&o);
}

static void test_memory_does_not_grow_with_numbered_rows(void **state)
{
        (void)state;
        struct idset *s = idset_new();
        char id[64];
        for (int i = 1; i <= 1200000; i++) {
                int n = snprintf(id, sizeof id, "R-ZZIDMARKER-%07d", i);
                assert_int_equal(idset_add(s, id, (size_t)n), 0);
        }
        assert_int_equal(idset_add(s, "R-ZZIDMARKER-0600000", 20), 1);
        /* 1.2 million ids in 19 dense containers of 8 KB each. */
        assert_true(idset_bytes(s) < 200 * 1024);
        idset_free(s);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_numbered_with_repeats),
            cmocka_unit_test(test_text_identity),
            cmocka_unit_test(test_sparse_and_dense),
            cmocka_unit_test(test_many_families),
            cmocka_unit_test(test_memory_does_not_grow_with_numbered_rows),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

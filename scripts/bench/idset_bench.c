/*
 * idset_bench.c - is CRoaring (Debian libroaring-dev) better than our
 * respondent-id set (src/idset.c)? Both do the same job: for every id, split
 * the text part from the trailing digits, find the family (text part, digit
 * count) and test-and-set the number in that family's compressed bitmap.
 *
 * usage: idset_bench            (make bench-idset builds and runs it)
 *
 * Id sets: 300,000 and 1,200,000 ids "R-0000001".. in export order, the
 * same shuffled, and as many random 9-digit numbers (sparse). Time is the
 * best of 5 runs of adding every id (the ids are formatted beforehand);
 * memory is the heap in use after adding them (mallinfo2, so allocator
 * overhead counts for both), and for CRoaring also after
 * roaring_bitmap_run_optimize() (untimed; a duplicate check adds ids one by
 * one, so the memory while reading is the first figure). Every run checks that both sets report the
 * same repeats (the sparse ids have some), so that neither is faster by being wrong.
 */
#include <malloc.h>
#include <roaring/roaring.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "idset.h"

/* The CRoaring version of src/idset.c's numbered path: families of 32-bit bitmaps. */
struct rfam {
        char prefix[32];
        size_t plen, width;
        roaring_bitmap_t *bm;
};

struct rset {
        struct rfam fam[64];
        size_t nfam;
};

static int rset_add(struct rset *s, const char *id, size_t len)
{
        size_t d = len;
        while (d > 0 && id[d - 1] >= '0' && id[d - 1] <= '9')
                d--;
        size_t width = len - d;
        if (width == 0 || width > 9 || d >= sizeof s->fam[0].prefix) {
                fprintf(stderr, "idset_bench: id outside the benchmark's sets\n");
                exit(1);
        }
        uint32_t num = 0;
        for (size_t i = d; i < len; i++)
                num = num * 10 + (uint32_t)(id[i] - '0');
        struct rfam *f = NULL;
        for (size_t i = 0; i < s->nfam && !f; i++)
                if (s->fam[i].plen == d && s->fam[i].width == width &&
                    !memcmp(s->fam[i].prefix, id, d))
                        f = &s->fam[i];
        if (!f) {
                f = &s->fam[s->nfam++];
                memcpy(f->prefix, id, d);
                f->plen = d;
                f->width = width;
                f->bm = roaring_bitmap_create();
        }
        return !roaring_bitmap_add_checked(f->bm, num);
}

static void rset_free(struct rset *s)
{
        for (size_t i = 0; i < s->nfam; i++)
                roaring_bitmap_free(s->fam[i].bm);
        s->nfam = 0;
}

static double now(void)
{
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return ts.tv_sec + ts.tv_nsec / 1e9;
}

static size_t heap(void)
{
        return mallinfo2().uordblks;
}

/* A deterministic generator (splitmix64), so that every run sees the same ids. */
static uint64_t rng = 1;
static uint64_t next_rand(void)
{
        uint64_t z = (rng += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
}

static void measure(const char *what, char **ids, size_t n)
{
        double best[2] = {1e9, 1e9};
        size_t mem[3] = {0, 0, 0};
        long repeats[2] = {0, 0};
        for (int run = 0; run < 5; run++) {
                size_t h0 = heap();
                double t0 = now();
                struct idset *s = idset_new();
                long rep = 0;
                for (size_t i = 0; i < n; i++)
                        rep += idset_add(s, ids[i], strlen(ids[i]));
                double t1 = now();
                mem[0] = heap() - h0;
                idset_free(s);
                repeats[0] = rep;
                if (t1 - t0 < best[0])
                        best[0] = t1 - t0;

                h0 = heap();
                t0 = now();
                struct rset r = {0};
                rep = 0;
                for (size_t i = 0; i < n; i++)
                        rep += rset_add(&r, ids[i], strlen(ids[i]));
                t1 = now();
                mem[1] = heap() - h0;
                for (size_t i = 0; i < r.nfam; i++)
                        roaring_bitmap_run_optimize(r.fam[i].bm); /* its best form, untimed */
                mem[2] = heap() - h0;
                rset_free(&r);
                repeats[1] = rep;
                if (t1 - t0 < best[1])
                        best[1] = t1 - t0;
        }
        if (repeats[0] != repeats[1]) {
                fprintf(stderr, "idset_bench: %s: repeats differ (%ld, %ld)\n", what, repeats[0],
                        repeats[1]);
                exit(1);
        }
        printf("| %s | %zu | %.1f | %.1f | %.1f | %.1f | %.1f | %ld |\n", what, n, best[0] * 1e3,
               best[1] * 1e3, mem[0] / 1024.0, mem[1] / 1024.0, mem[2] / 1024.0, repeats[0]);
}

int main(void)
{
        printf("| ids | n | ours ms | CRoaring ms | ours KiB | CRoaring KiB | CRoaring KiB after "
               "run_optimize | repeats |\n");
        printf("|---|---|---|---|---|---|---|---|\n");
        size_t sizes[2] = {300000, 1200000};
        for (int k = 0; k < 2; k++) {
                size_t n = sizes[k];
                char **ids = malloc(n * sizeof *ids);
                for (size_t i = 0; i < n; i++) {
                        ids[i] = malloc(24);
                        snprintf(ids[i], 24, "R-%07zu", i + 1);
                }
                measure("numbered, in order", ids, n);
                for (size_t i = n - 1; i > 0; i--) {
                        size_t j = (size_t)(next_rand() % (i + 1));
                        char *t = ids[i];
                        ids[i] = ids[j];
                        ids[j] = t;
                }
                measure("numbered, shuffled", ids, n);
                for (size_t i = 0; i < n; i++)
                        snprintf(ids[i], 24, "%09u", (unsigned)(next_rand() % 1000000000u));
                measure("random 9-digit", ids, n);
                for (size_t i = 0; i < n; i++)
                        free(ids[i]);
                free(ids);
        }
        return 0;
}

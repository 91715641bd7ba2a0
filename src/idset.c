/*
 * idset.c - respondent ids: per-family compressed bitmaps, hashed fallback
 * (see idset.h).
 */
#include "idset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define ARRAY_MAX 4096 /* an array container becomes a bitmap beyond this */
#define MAX_DIGITS 18  /* 10^18 - 1 < 2^63 */

/* The numbers n with n >> 16 == key: a sorted array, or a 65,536-bit bitmap. */
struct container {
        uint64_t key;
        uint16_t *arr; /* sorted, while bits == NULL */
        uint64_t *bits;
        uint32_t n, cap;
};

/* One text part and digit count, with its containers in an open-addressing table. */
struct family {
        char *prefix;
        size_t plen;
        size_t width;
        struct container *c; /* key ~0 = empty slot */
        size_t n, cap;
};

struct idset {
        struct family fam[IDSET_FAMILIES];
        size_t nfam;
        uint64_t *h; /* fallback: hashes | 1, 0 = empty */
        size_t nh, caph;
        size_t bytes;
};

#define EMPTY_KEY UINT64_MAX

struct idset *idset_new(void)
{
        return xcalloc(1, sizeof(struct idset));
}

void idset_free(struct idset *s)
{
        if (!s)
                return;
        for (size_t f = 0; f < s->nfam; f++) {
                struct family *fm = &s->fam[f];
                for (size_t i = 0; i < fm->cap; i++) {
                        free(fm->c[i].arr);
                        free(fm->c[i].bits);
                }
                free(fm->c);
                free(fm->prefix);
        }
        free(s->h);
        free(s);
}

size_t idset_bytes(const struct idset *s)
{
        return s->bytes;
}

static uint64_t mix(uint64_t x)
{
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdULL;
        x ^= x >> 33;
        return x;
}

/* Returns 1 when x was in c already, else adds it. */
static int container_add(struct idset *s, struct container *c, uint16_t x)
{
        if (c->bits) {
                uint64_t m = (uint64_t)1 << (x & 63);
                if (c->bits[x >> 6] & m)
                        return 1;
                c->bits[x >> 6] |= m;
                c->n++;
                return 0;
        }
        uint32_t lo = 0, hi = c->n;
        while (lo < hi) {
                uint32_t mid = (lo + hi) / 2;
                if (c->arr[mid] < x)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        if (lo < c->n && c->arr[lo] == x)
                return 1;
        if (c->n == ARRAY_MAX) {
                /* Dense: 8 KB of bits holds the rest of this container. */
                c->bits = xcalloc(1024, sizeof *c->bits);
                for (uint32_t i = 0; i < c->n; i++)
                        c->bits[c->arr[i] >> 6] |= (uint64_t)1 << (c->arr[i] & 63);
                c->bits[x >> 6] |= (uint64_t)1 << (x & 63);
                c->n++;
                s->bytes += 1024 * sizeof *c->bits - c->cap * sizeof *c->arr;
                free(c->arr);
                c->arr = NULL;
                c->cap = 0;
                return 0;
        }
        if (c->n == c->cap) {
                uint32_t cap = c->cap ? c->cap * 2 : 4;
                if (cap > ARRAY_MAX)
                        cap = ARRAY_MAX;
                c->arr = xrealloc(c->arr, cap * sizeof *c->arr);
                s->bytes += (cap - c->cap) * sizeof *c->arr;
                c->cap = cap;
        }
        memmove(c->arr + lo + 1, c->arr + lo, (c->n - lo) * sizeof *c->arr);
        c->arr[lo] = x;
        c->n++;
        return 0;
}

static struct container *family_container(struct idset *s, struct family *fm, uint64_t key)
{
        if ((fm->n + 1) * 4 > fm->cap * 3) {
                size_t oldcap = fm->cap;
                struct container *old = fm->c;
                fm->cap = oldcap ? oldcap * 2 : 16;
                fm->c = xcalloc(fm->cap, sizeof *fm->c);
                for (size_t i = 0; i < fm->cap; i++)
                        fm->c[i].key = EMPTY_KEY;
                for (size_t i = 0; i < oldcap; i++) {
                        if (old[i].key == EMPTY_KEY)
                                continue;
                        size_t j = (size_t)mix(old[i].key) & (fm->cap - 1);
                        while (fm->c[j].key != EMPTY_KEY)
                                j = (j + 1) & (fm->cap - 1);
                        fm->c[j] = old[i];
                }
                free(old);
                s->bytes += (fm->cap - oldcap) * sizeof *fm->c;
        }
        size_t j = (size_t)mix(key) & (fm->cap - 1);
        while (fm->c[j].key != EMPTY_KEY) {
                if (fm->c[j].key == key)
                        return &fm->c[j];
                j = (j + 1) & (fm->cap - 1);
        }
        fm->c[j].key = key;
        fm->n++;
        return &fm->c[j];
}

static int hashed_add(struct idset *s, const char *id, size_t len)
{
        uint64_t h = hash_bytes(id, len) | 1;
        if ((s->nh + 1) * 10 > s->caph * 7) {
                size_t oldcap = s->caph;
                uint64_t *old = s->h;
                s->caph = oldcap ? oldcap * 2 : 1024;
                s->h = xcalloc(s->caph, sizeof *s->h);
                for (size_t i = 0; i < oldcap; i++) {
                        if (!old[i])
                                continue;
                        size_t j = (size_t)mix(old[i]) & (s->caph - 1);
                        while (s->h[j])
                                j = (j + 1) & (s->caph - 1);
                        s->h[j] = old[i];
                }
                free(old);
                s->bytes += (s->caph - oldcap) * sizeof *s->h;
        }
        size_t j = (size_t)mix(h) & (s->caph - 1);
        while (s->h[j]) {
                if (s->h[j] == h)
                        return 1;
                j = (j + 1) & (s->caph - 1);
        }
        s->h[j] = h;
        s->nh++;
        return 0;
}

int idset_add(struct idset *s, const char *id, size_t len)
{
        size_t j = len;
        while (j > 0 && id[j - 1] >= '0' && id[j - 1] <= '9')
                j--;
        size_t width = len - j;
        if (width == 0 || width > MAX_DIGITS)
                return hashed_add(s, id, len);
        struct family *fm = NULL;
        for (size_t f = 0; f < s->nfam; f++)
                if (s->fam[f].width == width && s->fam[f].plen == j &&
                    !memcmp(s->fam[f].prefix, id, j)) {
                        fm = &s->fam[f];
                        break;
                }
        if (!fm) {
                if (s->nfam == IDSET_FAMILIES)
                        return hashed_add(s, id, len);
                fm = &s->fam[s->nfam++];
                fm->prefix = xstrndup(id, j);
                fm->plen = j;
                fm->width = width;
                s->bytes += sizeof *fm + j + 1;
        }
        uint64_t num = 0;
        for (size_t i = j; i < len; i++)
                num = num * 10 + (uint64_t)(id[i] - '0');
        struct container *c = family_container(s, fm, num >> 16);
        return container_add(s, c, (uint16_t)(num & 0xFFFF));
}

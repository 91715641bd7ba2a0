/*
 * fuzz_codebook.c - libFuzzer target of the codebook parser (src/codebook.c
 * on csvread): column names, kinds, scales and codes, column specs (#N),
 * numeric ranges, reverse coding, options and current/target pairs.
 *
 * The input is the codebook CSV. Checked: a failure is a configuration error
 * (78) naming the file; a codebook that loads is consistent (one
 * municipality column, every index in range, multi-choice scales of at most
 * 64 codes, each current item paired with a target of its own area, numeric
 * ranges in order, each code found again by its own label).
 */
#define _GNU_SOURCE /* memfd_create, open_memstream */
#include <stdint.h>
#include <string.h>

#include "codebook.h"
#include "fuzz.h"
#include "util.h"

static void check_codebook(const struct codebook *cb)
{
        FUZZ_CHECK(cb->nitems >= 1);
        FUZZ_CHECK(cb->muni_col >= 0 && (size_t)cb->muni_col < cb->ncols);
        FUZZ_CHECK(cb->cols[cb->muni_col].role == COL_MUNICIPALITY);
        FUZZ_CHECK(cb->resp_col == -1 || (cb->resp_col >= 0 && (size_t)cb->resp_col < cb->ncols &&
                                          cb->cols[cb->resp_col].role == COL_RESPONDENT));
        for (size_t s = 0; s < cb->nscales; s++) {
                const struct scale *sc = &cb->scales[s];
                FUZZ_CHECK(sc->ncodes >= 1 && sc->min <= sc->max);
                for (size_t k = 0; k < sc->ncodes; k++)
                        FUZZ_CHECK(scale_lookup(sc, sc->codes[k].label) == (int)k);
        }
        for (size_t i = 0; i < cb->nitems; i++) {
                const struct item *it = &cb->items[i];
                FUZZ_CHECK(it->id && it->label);
                FUZZ_CHECK(codebook_find_item(cb, it->id) == (int)i);
                FUZZ_CHECK(it->dimension >= -1 && it->dimension < (int)cb->ndims);
                FUZZ_CHECK(it->column || it->colno > 0 || it->noptions > 0);
                if (it->kind == ITEM_LIKERT || it->kind == ITEM_CURRENT || it->kind == ITEM_TARGET)
                        FUZZ_CHECK(it->dimension >= 0);
                if (it->kind == ITEM_NUMERIC) {
                        FUZZ_CHECK(it->scale == -1 && it->num_min <= it->num_max);
                        continue;
                }
                FUZZ_CHECK(it->scale >= 0 && (size_t)it->scale < cb->nscales);
                if (it->kind == ITEM_MULTI)
                        FUZZ_CHECK(cb->scales[it->scale].ncodes <= 64);
                if (it->kind == ITEM_CURRENT) {
                        FUZZ_CHECK(it->pair >= 0 && (size_t)it->pair < cb->nitems);
                        FUZZ_CHECK(cb->items[it->pair].kind == ITEM_TARGET);
                        FUZZ_CHECK(cb->items[it->pair].dimension == it->dimension);
                } else {
                        FUZZ_CHECK(it->pair == -1);
                }
        }
        for (size_t i = 0; i < cb->ncols; i++) {
                const struct colbind *c = &cb->cols[i];
                FUZZ_CHECK(c->column || c->colno > 0);
                FUZZ_CHECK(c->scale >= -1 && c->scale < (int)cb->nscales);
                if (c->role == COL_BREAKDOWN)
                        FUZZ_CHECK(c->id && c->label);
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        const char *path = fuzz_file(data, size);
        struct err e = {0};
        struct codebook *cb = codebook_load(path, &e);
        if (cb) {
                check_codebook(cb);
                codebook_free(cb);
        } else {
                FUZZ_CHECK(e.code == DM_EX_CONFIG);
                FUZZ_CHECK(fuzz_starts(e.msg, path));
        }
        return 0;
}

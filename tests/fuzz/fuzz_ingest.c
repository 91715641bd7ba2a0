/*
 * fuzz_ingest.c - libFuzzer target of a wave's whole ingest (src/ingest.c on
 * top of csvread): header matching against the codebook, municipality
 * aliases, answer mapping (labels, codes, decimal commas, multi-choice in
 * both styles, option columns), duplicate ids and the data-quality report.
 *
 * The configuration and codebooks are fixed: the bundled sample
 * (input/kaustisen-seutu.ini: two instruments, three waves) and the ingest
 * fixture (tests/fixtures/ingest/survey.ini: option columns, columns by
 * position). The fuzz input is the export of every one of their waves in
 * turn, so sample exports and fixture CSVs seed it as they are.
 *
 * Checked: a failure is a data error (65) naming the export; unless the
 * export could not be read to its end (ingest_counted()), rows
 * read = accepted + rejected, the callback saw every accepted row, the
 * rejecting events add up to the rejected rows, the data-quality report has
 * one record per event, and every accepted answer is valid for its item.
 */
#define _GNU_SOURCE /* memfd_create, open_memstream */
#include <stdint.h>
#include <string.h>

#include "codebook.h"
#include "config.h"
#include "fuzz.h"
#include "ingest.h"
#include "util.h"

#ifndef FUZZ_ROOT
#define FUZZ_ROOT "."
#endif

static const char *const configs[] = {
    FUZZ_ROOT "/input/kaustisen-seutu.ini",
    FUZZ_ROOT "/tests/fixtures/ingest/survey.ini",
};
#define NCONFIGS (sizeof configs / sizeof configs[0])

static struct config *cfgs[NCONFIGS];

struct check {
        const struct config *cfg;
        const struct codebook *cb;
        const struct ingest *ig;
        long accepted;
};

static void load_configs(void)
{
        for (size_t i = 0; i < NCONFIGS; i++) {
                struct err e = {0};
                cfgs[i] = config_load(configs[i], &e);
                if (!cfgs[i] || config_load_codebooks(cfgs[i], &e)) {
                        fprintf(stderr, "fuzz_ingest: %s\n", e.msg);
                        abort();
                }
        }
}

static int on_response(void *ctx, const struct response *r)
{
        struct check *c = ctx;
        const struct codebook *cb = c->cb;
        FUZZ_CHECK(r->muni >= 0 && (size_t)r->muni < c->cfg->nmunis);
        FUZZ_CHECK(r->line >= 2);
        for (size_t b = 0; b < ingest_nbreakdowns(c->ig); b++)
                FUZZ_CHECK(r->cat[b] >= -1 && r->cat[b] < (int)ingest_ncats(c->ig, b));
        for (size_t i = 0; i < cb->nitems; i++) {
                const struct item *it = &cb->items[i];
                FUZZ_CHECK(r->state[i] <= ANS_DK);
                if (r->state[i] != ANS_VALID || it->kind == ITEM_MULTI)
                        continue;
                if (it->kind == ITEM_NUMERIC) {
                        FUZZ_CHECK(r->val[i] >= it->num_min && r->val[i] <= it->num_max);
                        continue;
                }
                const struct scale *sc = &cb->scales[it->scale];
                int found = 0;
                for (size_t k = 0; k < sc->ncodes; k++)
                        found |= !sc->codes[k].dontknow && sc->codes[k].code == r->val[i];
                FUZZ_CHECK(found);
        }
        c->accepted++;
        return 0;
}

/* Counts the CSV records of the data-quality report (quoted newlines are data). */
static long dq_records(const char *s, size_t n)
{
        long records = 0;
        int quoted = 0;
        for (size_t i = 0; i < n; i++) {
                if (s[i] == '"')
                        quoted = !quoted;
                else if (s[i] == '\n' && !quoted)
                        records++;
        }
        FUZZ_CHECK(!quoted);
        return records;
}

static void ingest_wave(struct config *cfg, size_t w, const char *path)
{
        free(cfg->waves[w].file);
        cfg->waves[w].file = xstrdup(path);
        struct ingest *ig = ingest_new(cfg, w);
        struct check c = {
            .cfg = cfg,
            .cb = cfg->instruments[cfg->waves[w].instrument].codebook,
            .ig = ig,
        };
        char *dq = NULL;
        size_t dqlen = 0;
        FILE *fp = open_memstream(&dq, &dqlen);
        FUZZ_CHECK(fp != NULL);
        struct err e = {0};
        int rc = ingest_run(ig, on_response, &c, fp, &e);
        FUZZ_CHECK(fclose(fp) == 0);
        const struct ingest_summary *s = ingest_summary(ig);
        if (rc) {
                FUZZ_CHECK(e.code == DM_EX_DATAERR);
                FUZZ_CHECK(fuzz_starts(e.msg, path));
        }
        /* A wave failed on its counts (no row accepted, too many rejected) is counted whole. */
        if (!rc || ingest_counted(ig)) {
                FUZZ_CHECK(s->rows_read == s->accepted + s->rejected);
                FUZZ_CHECK(c.accepted == s->accepted);
                long rejected = 0, events = 0;
                for (int k = 0; k < DQ_KIND_COUNT; k++) {
                        events += s->by_kind[k];
                        if (dq_kind_rejects((enum dq_kind)k))
                                rejected += s->by_kind[k];
                }
                FUZZ_CHECK(rejected == s->rejected);
                FUZZ_CHECK(dq_records(dq, dqlen) == 1 + events);
        }
        free(dq);
        ingest_free(ig);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        if (!cfgs[0])
                load_configs();
        const char *path = fuzz_file(data, size);
        for (size_t i = 0; i < NCONFIGS; i++)
                for (size_t w = 0; w < cfgs[i]->nwaves; w++)
                        ingest_wave(cfgs[i], w, path);
        return 0;
}

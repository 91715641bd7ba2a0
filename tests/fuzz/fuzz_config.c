/*
 * fuzz_config.c - libFuzzer target of the configuration parser
 * (src/config.c on libinih): sections, keys, numbers, lists, cross
 * references between waves, instruments and reports, long lines, BOMs.
 *
 * The input is the configuration file. Codebooks are not loaded: their paths
 * would resolve against /proc/self/fd, where a name like "0" is stdin.
 * Checked: a failure is a configuration error (78) naming the file; a
 * configuration that loads is consistent (every index in range, thresholds
 * in order, minimum group size at least 3, every municipality found by its
 * own name and aliases and by nothing else's) and gives every output a file
 * name of its own (reports "WHO-EDITION.pdf", data-quality reports
 * "quality-WAVE.csv", as report_filename() and pipeline_quality_path()).
 */
#define _GNU_SOURCE /* memfd_create, open_memstream */
#include <stdint.h>
#include <string.h>

#include "config.h"
#include "fuzz.h"
#include "util.h"

static void check_config(const struct config *c)
{
        FUZZ_CHECK(c->region && c->language && c->output);
        FUZZ_CHECK(c->min_group >= 3);
        FUZZ_CHECK(c->th.red_below <= c->th.green_from);
        FUZZ_CHECK(c->th.gap_yellow <= c->th.gap_red);
        FUZZ_CHECK(c->nmunis >= 1 && c->nwaves >= 1 && c->neditions >= 1);
        for (size_t i = 0; i < c->nmunis; i++) {
                const struct municipality *m = &c->munis[i];
                FUZZ_CHECK(m->name && m->slug && m->slug[0]);
                FUZZ_CHECK(strspn(m->slug, "abcdefghijklmnopqrstuvwxyz0123456789-") ==
                           strlen(m->slug));
                FUZZ_CHECK(config_find_muni(c, m->name) == (int)i);
                for (size_t a = 0; a < m->naliases; a++)
                        FUZZ_CHECK(config_find_muni(c, m->aliases[a]) == (int)i);
        }
        for (size_t i = 0; i < c->ninstruments; i++)
                FUZZ_CHECK(c->instruments[i].id && c->instruments[i].codebook_path);
        for (size_t i = 0; i < c->nwaves; i++) {
                const struct wave *w = &c->waves[i];
                FUZZ_CHECK(w->instrument >= 0 && (size_t)w->instrument < c->ninstruments);
                FUZZ_CHECK(w->file && w->year >= 1900);
                FUZZ_CHECK(w->compare == -1 || (w->compare >= 0 && (size_t)w->compare < c->nwaves &&
                                                (size_t)w->compare != i));
                FUZZ_CHECK(config_find_wave(c, w->id) == (int)i);
        }
        for (size_t i = 0; i < c->neditions; i++) {
                const struct edition *ed = &c->editions[i];
                FUZZ_CHECK(ed->id && ed->title && ed->nwaves >= 1);
                for (size_t k = 0; k < ed->nwaves; k++)
                        FUZZ_CHECK(ed->waves[k] >= 0 && (size_t)ed->waves[k] < c->nwaves);
        }
}

/* Checks that no two outputs of c would share a file name. */
static void check_file_names(const struct config *c)
{
        struct strmap seen;
        strmap_init(&seen);
        for (size_t i = 0; i < c->nwaves; i++) {
                char *w = slugify(c->waves[i].id);
                int dummy;
                FUZZ_CHECK(!strmap_get(&seen, w, &dummy));
                strmap_put(&seen, w, 0);
                free(w);
        }
        strmap_clear(&seen);
        for (size_t e = 0; e < c->neditions; e++) {
                char *ed = slugify(c->editions[e].id);
                for (long m = -1; m < (long)c->nmunis; m++) {
                        char *who = slugify(m < 0 ? c->region : c->munis[m].name);
                        struct strbuf name;
                        strbuf_init(&name);
                        strbuf_addf(&name, "%s-%s.pdf", who, ed);
                        int dummy;
                        FUZZ_CHECK(!strmap_get(&seen, name.buf, &dummy));
                        strmap_put(&seen, name.buf, 0);
                        strbuf_clear(&name);
                        free(who);
                }
                free(ed);
        }
        strmap_clear(&seen);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        const char *path = fuzz_file(data, size);
        struct err e = {0};
        struct config *c = config_load(path, &e);
        if (c) {
                check_config(c);
                check_file_names(c);
                config_free(c);
        } else {
                FUZZ_CHECK(e.code == DM_EX_CONFIG);
                FUZZ_CHECK(fuzz_starts(e.msg, path));
        }
        return 0;
}

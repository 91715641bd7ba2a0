/*
 * pipeline.c - ingest every wave, compute, write the results tables.
 */
#include "pipeline.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "codebook.h"
#include "feedq.h"
#include "msgcat.h"
#include "stats.h"
#include "strategy.h"
#include "workbook.h"

void pipeline_result_clear(struct pipeline_result *r)
{
        for (size_t w = 0; w < r->nwaves; w++)
                free(r->waves[w].muni_n);
        free(r->waves);
        results_free(r->res);
        memset(r, 0, sizeof *r);
}

int pipeline_make_outdir(const struct config *cfg, struct err *e)
{
        char *p = xstrdup(cfg->output);
        for (char *s = p + 1; *s; s++) {
                if (*s != '/')
                        continue;
                *s = '\0';
                if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                        err_set(e, DM_EX_CANTCREAT, "%s: cannot create the output folder: %s", p,
                                msg_strerror(errno));
                        free(p);
                        return -1;
                }
                *s = '/';
        }
        int rc = 0;
        struct stat sb;
        if (mkdir(p, 0777) != 0 && errno != EEXIST)
                rc = err_set(e, DM_EX_CANTCREAT, "%s: cannot create the output folder: %s", p,
                             msg_strerror(errno));
        else if (stat(p, &sb) != 0 || !S_ISDIR(sb.st_mode))
                rc = err_set(e, DM_EX_CANTCREAT, "%s: the output path is not a folder", p);
        free(p);
        return rc;
}

char *pipeline_quality_path(const struct config *cfg, size_t w)
{
        char *slug = slugify(cfg->waves[w].id);
        struct strbuf sb;
        strbuf_init(&sb);
        strbuf_addf(&sb, "quality-%s.csv", slug);
        char *p = path_join(cfg->output, sb.buf);
        free(slug);
        strbuf_clear(&sb);
        return p;
}

void pipeline_print_notes(const struct ingest_summary *s, FILE *fp)
{
        for (int i = 0; i < s->nnotes; i++) {
                const struct dq_note *n = &s->notes[i];
                switch (n->kind) {
                case NOTE_ANSWER:
                        if (n->hint[0])
                                msg_fprintf(
                                    fp,
                                    "    item %s: \"%s\" is not an answer of its scale "
                                    "(answers set to missing: %ld, first on line %ld); did you "
                                    "mean \"%s\"?\n",
                                    n->where, n->text, n->count, n->line, n->hint);
                        else
                                msg_fprintf(fp,
                                            "    item %s: \"%s\" is not an answer of its scale "
                                            "(answers set to missing: %ld, first on line %ld)\n",
                                            n->where, n->text, n->count, n->line);
                        break;
                case NOTE_RANGE:
                        msg_fprintf(
                            fp,
                            "    item %s: \"%s\" is outside its scale (answers set to missing: "
                            "%ld, first on line %ld)\n",
                            n->where, n->text, n->count, n->line);
                        break;
                case NOTE_OPTION:
                        if (n->hint[0])
                                msg_fprintf(
                                    fp,
                                    "    item %s: option \"%s\" is not in its scale (times "
                                    "ignored: %ld, first on line %ld); did you mean \"%s\"?\n",
                                    n->where, n->text, n->count, n->line, n->hint);
                        else
                                msg_fprintf(fp,
                                            "    item %s: option \"%s\" is not in its scale (times "
                                            "ignored: %ld, first on line %ld)\n",
                                            n->where, n->text, n->count, n->line);
                        break;
                case NOTE_CATEGORY:
                        if (n->hint[0])
                                msg_fprintf(
                                    fp,
                                    "    breakdown %s: \"%s\" is not in its scale (answers set to "
                                    "missing: %ld, first on line %ld); did you mean \"%s\"?\n",
                                    n->where, n->text, n->count, n->line, n->hint);
                        else
                                msg_fprintf(
                                    fp,
                                    "    breakdown %s: \"%s\" is not in its scale (answers set "
                                    "to missing: %ld, first on line %ld)\n",
                                    n->where, n->text, n->count, n->line);
                        break;
                case NOTE_MUNI:
                        if (n->hint[0])
                                msg_fprintf(
                                    fp,
                                    "    municipality \"%s\" is not configured (rows rejected: "
                                    "%ld, first on line %ld); nearest configured name: %s\n",
                                    n->text, n->count, n->line, n->hint);
                        else
                                msg_fprintf(
                                    fp,
                                    "    municipality \"%s\" is not configured (rows rejected: "
                                    "%ld, first on line %ld); add it, or list it as an alias, "
                                    "in the configuration\n",
                                    n->text, n->count, n->line);
                        break;
                case NOTE_MUNI_CODE:
                        msg_fprintf(
                            fp,
                            "    municipality \"%s\" is a number that no code = names (rows "
                            "rejected: %ld, first on line %ld); the export gives municipality "
                            "codes: add code = N to each [municipality] section\n",
                            n->text, n->count, n->line);
                        break;
                case NOTE_RATE:
                        msg_fprintf(
                            fp,
                            "    warning: %s: %ld respondents but staff = %ld, a response rate "
                            "over 100 %%; check staff in the configuration\n",
                            n->where, n->count, n->extra);
                        break;
                case NOTE_GONE:
                        msg_fprintf(fp,
                                    "    warning: %s: no respondents now, %ld in %s; is its data "
                                    "missing from the export?\n",
                                    n->where, n->extra, n->text);
                        break;
                }
        }
        if (s->notes_left_off)
                msg_fprintf(fp, "    ... and %ld more distinct values\n", s->notes_left_off);
}

char *pipeline_results_path(const struct config *cfg)
{
        return path_join(cfg->output, "results.csv");
}

/* Wave ids of failed waves, for carrying their earlier figures over. */
struct failed_waves {
        const struct config *cfg;
        const struct pipeline_result *out;
};

static int wants_failed_wave(void *ctx, const char *wave, const char *breakdown)
{
        const struct failed_waves *fw = ctx;
        (void)breakdown;
        int w = config_find_wave(fw->cfg, wave);
        return w >= 0 && !fw->out->waves[w].ok;
}

/*
 * Ingests every wave; computes when compute is set. With stream set, the
 * results tables are written while computing into temporary files added to
 * os, with the earlier figures of failed waves carried over, and out->res
 * keeps only the rows without a breakdown.
 */
static int ingest_all(const struct config *cfg, int compute, int stream, enum results_keep keep,
                      struct outset *os, struct pipeline_result *out, struct err *e)
{
        memset(out, 0, sizeof *out);
        out->nwaves = cfg->nwaves;
        out->waves = xcalloc(cfg->nwaves, sizeof *out->waves);
        if (pipeline_make_outdir(cfg, e))
                return -1;
        struct stats *st = compute ? stats_new(cfg) : NULL;
        int failed = 0;
        for (size_t w = 0; w < cfg->nwaves; w++) {
                struct wave_outcome *wo = &out->waves[w];
                char *qpath = pipeline_quality_path(cfg, w);
                struct atomicfile af;
                if (atomicfile_open(&af, qpath, e)) {
                        free(qpath);
                        stats_free(st);
                        return -1;
                }
                free(qpath);
                struct ingest *ig = ingest_new(cfg, w);
                struct stats_feed feed = {st, w};
                /* Adding to the cells runs on a second core while the export is read. */
                const struct codebook *cb = cfg->instruments[cfg->waves[w].instrument].codebook;
                struct feedq *q =
                    st ? feedq_new(stats_feed_fn, &feed, cb->nitems, ingest_nbreakdowns(ig)) : NULL;
                int rc = ingest_run(ig, q ? feedq_push : st ? stats_feed_fn : NULL,
                                    q ? (void *)q : (void *)&feed, af.fp, &wo->err);
                int qrc = feedq_finish(q);
                if (qrc && (!rc || !wo->err.code))
                        rc = err_set(&wo->err, DM_EX_SOFTWARE, "%s: statistics failed",
                                     cfg->waves[w].file);
                if (ingest_counted(ig)) {
                        wo->counted = 1;
                        wo->sum = *ingest_summary(ig);
                        wo->muni_n = xcalloc(cfg->nmunis ? cfg->nmunis : 1, sizeof *wo->muni_n);
                        for (size_t m = 0; m < cfg->nmunis; m++)
                                wo->muni_n[m] = ingest_muni_count(ig, m);
                }
                if (rc) {
                        /* Keep the earlier report of a wave that cannot be read. */
                        atomicfile_abort(&af);
                        if (!failed && e)
                                *e = wo->err;
                        failed = 1;
                } else {
                        wo->ok = 1;
                        if (st)
                                stats_finish_wave(st, w, ig);
                        if (outset_add(os, &af, e)) {
                                ingest_free(ig);
                                stats_free(st);
                                return -1;
                        }
                }
                ingest_free(ig);
        }
        /*
         * A municipality with respondents in the compared wave and none now
         * (not told for a wave with no accepted row: its failure says why).
         */
        for (size_t w = 0; w < cfg->nwaves; w++) {
                int c = cfg->waves[w].compare;
                struct wave_outcome *wo = &out->waves[w];
                if (c < 0 || !wo->counted || !wo->sum.accepted || !out->waves[c].counted)
                        continue;
                for (size_t m = 0; m < cfg->nmunis; m++) {
                        if (wo->muni_n[m] || !out->waves[c].muni_n[m])
                                continue;
                        struct dq_note n = {.kind = NOTE_GONE, .extra = out->waves[c].muni_n[m]};
                        snprintf(n.where, sizeof n.where, "%s", cfg->munis[m].name);
                        snprintf(n.text, sizeof n.text, "%s", cfg->waves[c].id);
                        ingest_summary_add_alert(&wo->sum, &n);
                }
        }
        /* Waves that were read are computed even when another one failed. */
        struct atomicfile tables[2];
        memset(tables, 0, sizeof tables);
        struct workbook *wb = NULL;
        if (st) {
                out->res = results_new();
                if (stream) {
                        char *p0 = path_join(cfg->output, "results.csv");
                        char *p1 = path_join(cfg->output, "results-excel.csv");
                        int orc = atomicfile_open(&tables[0], p0, e) ||
                                  atomicfile_open(&tables[1], p1, e);
                        free(p0);
                        free(p1);
                        if (orc) {
                                atomicfile_abort(&tables[0]);
                                stats_free(st);
                                return -1;
                        }
                        results_stream(out->res, &tables[0], &tables[1], keep);
                        wb = workbook_open(cfg, e);
                        if (!wb) {
                                results_stream(out->res, NULL, NULL, RESULTS_KEEP_OVERALL);
                                atomicfile_abort(&tables[0]);
                                atomicfile_abort(&tables[1]);
                                stats_free(st);
                                return -1;
                        }
                        results_observe(out->res, workbook_observe, wb);
                }
                struct err e2 = {0};
                if (stats_compute(st, out->res, &e2)) {
                        if (!failed && e)
                                *e = e2;
                        failed = 1;
                }
                stats_free(st);
                struct err e3 = {0};
                if (strategy_compute(cfg, out->res, &e3)) {
                        if (!failed && e)
                                *e = e3;
                        failed = 1;
                }
                if (stream) {
                        /* A wave that could not be read keeps its earlier figures. */
                        char *old = pipeline_results_path(cfg);
                        struct failed_waves fw = {cfg, out};
                        struct err e4 = {0};
                        if (failed && access(old, F_OK) == 0)
                                results_load_csv(out->res, old, wants_failed_wave, &fw, &e4);
                        free(old);
                        results_stream(out->res, NULL, NULL, RESULTS_KEEP_OVERALL);
                        results_observe(out->res, NULL, NULL);
                        for (int i = 0; i < 2; i++) {
                                if (outset_add(os, &tables[i], e)) {
                                        atomicfile_abort(&tables[1]);
                                        workbook_abort(wb);
                                        return -1;
                                }
                        }
                        const struct ingest_summary **sums =
                            xcalloc(cfg->nwaves ? cfg->nwaves : 1, sizeof *sums);
                        for (size_t w = 0; w < cfg->nwaves; w++)
                                sums[w] = out->waves[w].counted ? &out->waves[w].sum : NULL;
                        int wrc = workbook_finish(wb, sums, os, e);
                        free(sums);
                        if (wrc)
                                return -1;
                }
        } else {
                /* Validation checks the strategy registers too. */
                struct err e3 = {0};
                struct strategy *sg = strategy_load(cfg, &e3);
                if (!sg) {
                        if (!failed && e)
                                *e = e3;
                        failed = 1;
                }
                strategy_free(sg);
        }
        return failed ? -1 : 0;
}

int pipeline_ingest(const struct config *cfg, int compute, struct outset *os,
                    struct pipeline_result *out, struct err *e)
{
        return ingest_all(cfg, compute, 0, RESULTS_KEEP_ALL, os, out, e);
}

int pipeline_stats(const struct config *cfg, enum results_keep keep, struct outset *os,
                   struct pipeline_result *out, struct err *e)
{
        return ingest_all(cfg, 1, 1, keep, os, out, e);
}

int pipeline_write_results(const struct config *cfg, const struct results *res, struct outset *os,
                           struct err *e)
{
        static const struct {
                const char *name;
                int (*write)(const struct results *, FILE *);
        } tables[] = {
            {"results.csv", results_write_csv},
            {"results-excel.csv", results_write_excel},
        };
        for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
                char *path = path_join(cfg->output, tables[i].name);
                struct atomicfile af;
                int rc = atomicfile_open(&af, path, e);
                free(path);
                if (rc)
                        return -1;
                if (tables[i].write(res, af.fp)) {
                        err_set(e, DM_EX_IOERR, "%s: write failed: %s", af.path,
                                msg_strerror(errno));
                        atomicfile_abort(&af);
                        return -1;
                }
                if (outset_add(os, &af, e))
                        return -1;
        }
        return 0;
}

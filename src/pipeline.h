/*
 * pipeline.h - the stages wired together: validate (ingest every wave and
 * write data-quality reports), stats (ingest + statistics + results tables)
 * and report (results table to PDFs). The batch command (batch.h) builds on
 * these.
 *
 * Ownership: functions borrow the config; a struct pipeline_result owns its
 * arrays until pipeline_result_clear().
 */
#ifndef DM_PIPELINE_H
#define DM_PIPELINE_H

#include <stddef.h>
#include <stdio.h>

#include "atomicfile.h"
#include "config.h"
#include "ingest.h"
#include "results.h"
#include "util.h"

/* What happened to one wave. */
struct wave_outcome {
        int ok;                    /* 1 when the export was read to the end and accepted */
        int counted;               /* 1 when sum is whole (ok, or failed on its counts) */
        struct ingest_summary sum; /* counts (valid when counted) */
        long *muni_n;              /* accepted rows per municipality (when counted), owned */
        struct err err;            /* why not, when !ok */
};

struct pipeline_result {
        struct wave_outcome *waves; /* [cfg->nwaves] */
        size_t nwaves;
        struct results *res; /* computed table (stats only), or NULL */
};

/* Releases what r owns; safe on a zeroed struct. */
void pipeline_result_clear(struct pipeline_result *r);

/*
 * Writes the notes of a wave's summary to fp, one indented line each: every
 * distinct unmatched answer, option or category with its count, item and a
 * close codebook label; every unknown municipality value with its count and
 * the nearest configured name; response rates over 100 %; municipalities
 * with respondents in the compared wave and none now.
 */
void pipeline_print_notes(const struct ingest_summary *s, FILE *fp);

/* Returns the data-quality report path of wave w (new string). */
char *pipeline_quality_path(const struct config *cfg, size_t w);

/*
 * Ingests every wave and writes its data-quality report
 * (OUTPUT/quality-WAVE.csv) into the output set os, to be committed by the
 * caller (the report of a wave that cannot be read is not added, so the
 * earlier one stays). When `compute` is
 * set, also computes statistics of the waves that were read into out->res.
 * Returns 0 when every wave was read, or -1 with e set to the first failure
 * (each wave's own error is in out->waves[w].err); output-folder failures are
 * DM_EX_CANTCREAT or DM_EX_IOERR, and then out->res may be NULL.
 */
int pipeline_ingest(const struct config *cfg, int compute, struct outset *os,
                    struct pipeline_result *out, struct err *e);

/*
 * As pipeline_ingest with compute, for national scale: results.csv and
 * results-excel.csv are written while computing, into temporary files added
 * to os, and out->res keeps only the rows `keep` says (RESULTS_KEEP_OVERALL:
 * what reports show; RESULTS_KEEP_NONE: nothing), so memory does not hold the
 * whole table. When a wave cannot be read,
 * its earlier rows are carried over from the existing results.csv. Returns as
 * pipeline_ingest.
 */
int pipeline_stats(const struct config *cfg, enum results_keep keep, struct outset *os,
                   struct pipeline_result *out, struct err *e);

/*
 * Writes results.csv and results-excel.csv into temporary files added to the
 * output set os (the caller commits it). Returns 0, or -1 with e set.
 */
int pipeline_write_results(const struct config *cfg, const struct results *res, struct outset *os,
                           struct err *e);

/* Returns the results.csv path (new string). */
char *pipeline_results_path(const struct config *cfg);

/* Creates the output folder (and parents) when missing. Returns 0, or -1 with e set (73). */
int pipeline_make_outdir(const struct config *cfg, struct err *e);

#endif

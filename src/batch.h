/*
 * batch.h - the cron job: one run that validates, computes and renders
 * everything the configuration names, under a lock, atomically, and only
 * where an input changed.
 *
 * A manifest (OUTPUT/manifest.tsv) records, for every output, a hash of the
 * inputs it was made from (exports, codebooks, configuration, program
 * version, fonts; for reports, the part of the results table they show) and
 * a hash of its bytes. A run whose inputs all hash as recorded does nothing.
 * A run log (OUTPUT/run.log) gets one line per run.
 *
 * Ownership: struct batch_outcome owns its arrays until batch_outcome_clear().
 */
#ifndef DM_BATCH_H
#define DM_BATCH_H

#include <stdio.h>

#include "config.h"
#include "pipeline.h"
#include "util.h"

struct batch_opts {
        int force;    /* redo everything */
        int verbose;  /* tell what was done */
        int progress; /* draw a progress bar on stderr (a terminal) */
};

struct batch_outcome {
        int nothing_changed;        /* inputs as recorded: no work done */
        struct pipeline_result pr;  /* per-wave outcomes (when ingest ran) */
        int written;                /* outputs (re)written */
        int unchanged;              /* outputs whose bytes were already right */
        int reports;                /* reports rendered */
        int reports_skipped;        /* reports left as they were (inputs unchanged) */
        int reports_blocked;        /* reports kept as they were because a wave failed */
        int reports_not_made;       /* reports not made (none existed) because a wave failed */
        int *wave_new;              /* per wave: 1 when its inputs changed since the last run */
        char **redone;              /* names of outputs rewritten */
        size_t nredone;
};

void batch_outcome_clear(struct batch_outcome *o);

/*
 * Takes the lock on the output folder (creating the folder first) for the
 * rest of the process, then removes the temporary files a killed run left
 * there (".NAME.tmp-XXXXXX"). Every command that writes outputs takes it.
 * Returns 0, or -1 with e set: DM_EX_TEMPFAIL (75) when another run holds the
 * lock, DM_EX_CANTCREAT (73) when the folder or lock file cannot be made.
 */
int batch_lock(const struct config *cfg, struct err *e);

/* Releases the lock taken by batch_lock(); a no-op when none is held. */
void batch_unlock(void);

/*
 * Runs the whole job (taking the lock itself). Returns 0, or -1 with e set: DM_EX_TEMPFAIL (75) when
 * another run holds the lock, DM_EX_DATAERR (65) when an export is unreadable
 * (the other waves' outputs are still brought up to date; reports that would
 * mix old and new data are left as they were), DM_EX_CANTCREAT (73),
 * DM_EX_IOERR (74).
 */
int batch_run(const struct config *cfg, const struct batch_opts *o, struct batch_outcome *out,
              struct err *e);

/*
 * Prints what a cron mail should say: nothing on quiet success; the counts
 * and notes of each wave that was redone because its inputs changed (not of
 * the waves read again only because another one changed) when it has
 * rejected rows, warnings or notes; every failed wave; everything with
 * verbose; the error.
 */
void batch_print(const struct config *cfg, const struct batch_opts *o,
                 const struct batch_outcome *out, int rc, const struct err *e, FILE *fp);

/*
 * Renders every report of every edition from OUTPUT/results.csv (the
 * `report` command), atomically, without the manifest. Sets *n to the number
 * rendered. Returns 0, or -1 with e set.
 */
int batch_render_reports(const struct config *cfg, int verbose, int *n, struct err *e);

#endif

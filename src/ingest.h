/*
 * ingest.h - the first stage: one wave's export to validated responses.
 *
 * Reads the export through csvread, or through xlsx when it is a workbook
 * (told by its first bytes, not its name), binds its header to the codebook, maps
 * every answer to a code, resolves municipalities through the configured
 * aliases, and hands each accepted row to a callback. Every row is accounted
 * for: accepted, or rejected with a reason written to the data-quality
 * report; a single bad answer becomes missing with a warning.
 *
 * Ownership: struct ingest borrows the config (which must outlive it) and
 * owns its category lists; a struct response passed to the callback is
 * borrowed for the duration of the call.
 */
#ifndef DM_INGEST_H
#define DM_INGEST_H

#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "util.h"

/* State of one answer. */
enum ans_state {
        ANS_MISSING = 0, /* empty, or invalid (with a warning) */
        ANS_VALID = 1,   /* a valid answer in val[] / multi[] */
        ANS_DK = 2,      /* "don't know" */
};

/* One accepted row. Arrays are indexed like the codebook's items / breakdowns. */
struct response {
        int muni;                    /* index into config munis */
        long line;                   /* physical line in the export */
        const int *cat;              /* per breakdown: category index, -1 = missing */
        const double *val;           /* per item: the code (scales) or number (numeric) */
        const unsigned char *state;  /* per item: enum ans_state */
        const uint64_t *multi;       /* per item: bit i set = scale code i chosen (multi) */
};

/* Called for every accepted row; return 0 to go on, non-zero to stop (e set). */
typedef int (*ingest_fn)(void *ctx, const struct response *r);

/* Kinds of data-quality events, one table in ingest.c names them. */
enum dq_kind {
        DQ_BROKEN_ROW,      /* rejected: structurally unusable record (encoding, NUL, quote) */
        DQ_RAGGED_ROW,      /* rejected: field count differs from the header */
        DQ_REPEATED_HEADER, /* rejected: the header row repeated mid-file */
        DQ_EMPTY_MUNI,      /* rejected: no municipality */
        DQ_UNKNOWN_MUNI,    /* rejected: municipality not in the configuration */
        DQ_DUPLICATE_ID,    /* rejected: respondent id seen on an earlier row */
        DQ_INCOMPLETE,      /* rejected: an incomplete response (wave's incomplete = exclude) */
        DQ_BAD_ANSWER,      /* warning: answer not in the scale -> missing */
        DQ_OUT_OF_RANGE,    /* warning: code or number outside the scale -> missing */
        DQ_UNKNOWN_OPTION,  /* warning: multi-choice option not in the scale (ignored) */
        DQ_UNKNOWN_CATEGORY,/* warning: breakdown value not in its scale -> missing */
        DQ_INCOMPLETE_KEPT, /* notice: an incomplete response, kept (incomplete = keep) */
        DQ_UNMAPPED_COLUMN, /* notice: export column the codebook does not name */
        DQ_KIND_COUNT
};

struct ingest_summary {
        long rows_read;     /* data rows (records after the header) */
        long accepted;
        long rejected;
        long warnings;      /* cell warnings on accepted rows */
        long by_kind[DQ_KIND_COUNT];
        long unmapped_columns;
        char encoding[32];  /* detected encoding name, or "Excel workbook" */
        char delim;         /* detected delimiter; 0 for a workbook */
        char sheet[256];    /* a workbook's sheet that was read, else "" */
};

struct ingest;

/* Creates an ingester for wave w of cfg (codebooks must be loaded). */
struct ingest *ingest_new(const struct config *cfg, size_t w);

/* Frees ig; NULL is a no-op. */
void ingest_free(struct ingest *ig);

/*
 * Reads the wave's export and calls fn for each accepted row. Writes one CSV
 * line per data-quality event to dq when dq is not NULL (header
 * "file,line,column,column_name,kind,action,reason"). Returns 0, or -1 with e set:
 * DM_EX_NOINPUT (export missing), DM_EX_DATAERR (unreadable, empty, no data
 * rows is NOT an error, header lacks a codebook column), or whatever fn set.
 * Respondent ids and free-text answers never appear in messages.
 */
int ingest_run(struct ingest *ig, ingest_fn fn, void *ctx, FILE *dq, struct err *e);

/* Returns the counts of the last ingest_run. */
const struct ingest_summary *ingest_summary(const struct ingest *ig);

/* Number of breakdown columns, and breakdown b's codebook column binding index. */
size_t ingest_nbreakdowns(const struct ingest *ig);
int ingest_breakdown_col(const struct ingest *ig, size_t b);

/* Number of categories seen (or declared) for breakdown b, and category c's label. */
size_t ingest_ncats(const struct ingest *ig, size_t b);
const char *ingest_cat_label(const struct ingest *ig, size_t b, size_t c);

/* Returns the English name of a data-quality kind ("unknown municipality"). */
const char *dq_kind_name(enum dq_kind k);

/* Returns 1 when events of kind k reject the row, 0 for warnings and notices. */
int dq_kind_rejects(enum dq_kind k);

#endif

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

/* What a summary note tells: a distinct problem value, or a wave-level warning. */
enum dq_note_kind {
        NOTE_ANSWER,    /* a scale or numeric answer that does not map (set to missing) */
        NOTE_RANGE,     /* a code or number outside its scale (set to missing) */
        NOTE_OPTION,    /* a multi-choice option not in the scale (ignored) */
        NOTE_CATEGORY,  /* a breakdown value not in its scale (set to missing) */
        NOTE_MUNI,      /* an unknown municipality (rows rejected) */
        NOTE_MUNI_CODE, /* an all-digits municipality no code = N names (rows rejected) */
        NOTE_RATE,      /* warning: more respondents than staff */
        NOTE_GONE,      /* warning: respondents in the compared wave, none now */
};

/*
 * One distinct value and how often it occurred, for the printed summary:
 * every unmatched answer text, every unknown municipality value. Fixed size,
 * so that a summary copies by value.
 */
struct dq_note {
        enum dq_note_kind kind;
        long count;     /* occurrences (NOTE_RATE, NOTE_GONE: respondents) */
        long line;      /* physical line of the first occurrence (0 for warnings) */
        long extra;     /* NOTE_RATE: staff; NOTE_GONE: respondents in the compared wave */
        char where[64]; /* item or breakdown id; the municipality for NOTE_RATE, NOTE_GONE */
        char text[64];  /* the value as read, shortened; NOTE_GONE: the compared wave's id */
        char hint[64];  /* a close codebook label or configured name ("did you mean"), or "" */
};

#define DQ_NOTES_MAX 24 /* notes a summary keeps; the distinct values left off are counted */

struct ingest_summary {
        long rows_read;     /* data rows (records after the header) */
        long accepted;
        long rejected;
        long warnings;      /* cell warnings on accepted rows */
        long alerts;        /* wave-level warnings (NOTE_RATE, NOTE_GONE) */
        long by_kind[DQ_KIND_COUNT];
        long unmapped_columns;
        char encoding[32];  /* detected encoding name, or "Excel workbook" */
        char delim;         /* detected delimiter; 0 for a workbook */
        char sheet[256];    /* a workbook's sheet that was read, else "" */
        struct dq_note notes[DQ_NOTES_MAX]; /* most frequent first, warnings first of all */
        int nnotes;
        long notes_left_off; /* distinct values not in notes[] */
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
 * DM_EX_NOINPUT (export missing), DM_EX_DATAERR (unreadable, empty, header
 * lacks a codebook column, no row accepted (header only, or every row
 * rejected), or more rows rejected than the configuration's max_rejected_pct),
 * or whatever fn set. After a DM_EX_DATAERR for the accepted share the
 * summary's counts and notes are still valid (ingest_counted()).
 * Respondent ids and free-text answers never appear in messages.
 */
int ingest_run(struct ingest *ig, ingest_fn fn, void *ctx, FILE *dq, struct err *e);

/* Returns the counts of the last ingest_run. */
const struct ingest_summary *ingest_summary(const struct ingest *ig);

/* Returns 1 when the last ingest_run read the export to its end (its counts are whole). */
int ingest_counted(const struct ingest *ig);

/* Returns the number of accepted rows of municipality m in the last ingest_run. */
long ingest_muni_count(const struct ingest *ig, size_t m);

/*
 * Adds a wave-level warning note to s (kept first, before value notes; when
 * s is full, the last value note gives way) and counts it in s->alerts.
 */
void ingest_summary_add_alert(struct ingest_summary *s, const struct dq_note *n);

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

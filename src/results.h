/*
 * results.h - the results table: every computed figure, one per row, tidy.
 *
 * The statistics stage fills it; it is written as results.csv (RFC 4180,
 * comma, decimal point, UTF-8 without BOM) and results-excel.csv (Finnish
 * Excel: ';', decimal comma, UTF-8 BOM, Finnish column names, formula-safe);
 * the report stage reads it back (results_read_csv) and never sees raw
 * exports. Columns:
 *
 *   wave       wave id ("digi-2024"), or "" for figures not tied to a wave
 *   group      municipality name, or "ALL" for the region
 *   breakdown  "" or "sector=Sivistystoimi"
 *   subject    item id, dimension id, or a named subject ("respondents", "rows",
 *              "maturity", "strategy:D1", ...)
 *   statistic  what the figure is ("mean", "ci_lo", "light", ...), see README
 *   category   "" or the answer code / option the figure is about
 *   value      a number (printed with up to 17 significant digits), or a word
 *              for lights ("green"); empty when `note` says why there is none
 *   n          the number of respondents the figure is computed from ("" for
 *              suppressed figures)
 *   note       "" or "suppressed" (withheld to protect small groups; one
 *              neutral status that never says whether the cell itself is
 *              small), or "not_applicable"
 *
 * Ownership: the table owns all strings; rows returned by lookups are
 * borrowed and valid until the table changes or is freed.
 */
#ifndef DM_RESULTS_H
#define DM_RESULTS_H

#include <stddef.h>
#include <stdio.h>

#include "atomicfile.h"
#include "util.h"

struct result_row {
        const char *wave;
        const char *group;
        const char *breakdown;
        const char *subject;
        const char *statistic;
        const char *category;
        double value;     /* valid when has_value and !text */
        const char *text; /* a word value ("green"), or NULL */
        int has_value;    /* 0 when the figure does not exist (see note) */
        long n;           /* -1 when not published */
        const char *note; /* "" or a reason code */
};

struct results;

/* Returns a new empty table. */
struct results *results_new(void);

/* Frees the table; NULL is a no-op. */
void results_free(struct results *r);

/*
 * Adds a numeric figure. Strings are copied (interned). A non-finite value is
 * a programming error: the caller must not add it (use results_add_note).
 */
void results_add(struct results *r, const char *wave, const char *group, const char *breakdown,
                 const char *subject, const char *statistic, const char *category, double value,
                 long n);

/* Adds a word figure (a light such as "green"). */
void results_add_text(struct results *r, const char *wave, const char *group, const char *breakdown,
                      const char *subject, const char *statistic, const char *category,
                      const char *text, long n);

/* Adds a row without a value, with a reason code in note. */
void results_add_note(struct results *r, const char *wave, const char *group, const char *breakdown,
                      const char *subject, const char *statistic, const char *category,
                      const char *note);

/* Number of rows, and row i (0-based, in insertion order). */
size_t results_count(const struct results *r);
const struct result_row *results_row(const struct results *r, size_t i);

/*
 * Returns the row matching all six keys exactly (category "" for none), or
 * NULL. Lookups are hashed: O(1).
 */
const struct result_row *results_find(const struct results *r, const char *wave, const char *group,
                                      const char *breakdown, const char *subject,
                                      const char *statistic, const char *category);

/*
 * Convenience: sets *out to the numeric value of the matching row and returns
 * 1, or returns 0 when the row is absent, suppressed or not numeric.
 */
int results_get(const struct results *r, const char *wave, const char *group, const char *breakdown,
                const char *subject, const char *statistic, const char *category, double *out);

/* Sees one added row; its strings are borrowed for the call only. */
typedef void (*results_observer)(void *ctx, const struct result_row *row);

/*
 * From now on, calls fn(ctx, row) for every row added to r, whether it is
 * kept in memory or only streamed (the workbook's breakdown rows); fn NULL
 * stops. One observer at a time.
 */
void results_observe(struct results *r, results_observer fn, void *ctx);

/* Which rows a streaming table keeps in memory (results_stream). */
enum results_keep {
        RESULTS_KEEP_OVERALL, /* rows without a breakdown: what the reports show */
        RESULTS_KEEP_ALL,
        RESULTS_KEEP_NONE, /* write only */
};

/*
 * From now on, writes every added row to csv (results.csv format) and excel
 * (Finnish Excel format) as it is added, headers first (either may be NULL;
 * written with atomicfile_write, so that committing knows whether they changed),
 * and keeps in memory only the rows `keep` says: breakdown rows are most of a
 * national table. Two writer threads format the tables while rows are added.
 * results_stream(r, NULL, NULL, RESULTS_KEEP_OVERALL) ends the stream: it
 * waits for the writers and writes what is left. Write errors show in
 * ferror() of the streams once the stream has ended.
 */
void results_stream(struct results *r, struct atomicfile *csv, struct atomicfile *excel,
                    enum results_keep keep);

/* Writes results.csv format to fp. Returns 0, or -1 on a write error (errno set). */
int results_write_csv(const struct results *r, FILE *fp);

/* Writes the Finnish Excel variant to fp. Returns 0, or -1 on a write error. */
int results_write_excel(const struct results *r, FILE *fp);

/* Decides which rows of a results.csv to load: returns 1 to keep the row. */
typedef int (*results_filter)(void *ctx, const char *wave, const char *breakdown);

/*
 * Adds the rows of a results.csv that want() accepts (all when want is NULL)
 * to r. Returns 0, or -1 with e set (DM_EX_NOINPUT when missing,
 * DM_EX_DATAERR with file:line when malformed).
 */
int results_load_csv(struct results *r, const char *path, results_filter want, void *ctx,
                     struct err *e);

/*
 * Reads a results.csv written by results_write_csv. Returns a new table, or
 * NULL with e set (DM_EX_NOINPUT when missing, DM_EX_DATAERR with file:line
 * when malformed).
 */
struct results *results_read_csv(const char *path, struct err *e);

#endif

/*
 * workbook.h - the analysts' Excel workbook (results-REGION.xlsx), written
 * with libxlsxwriter in constant-memory mode.
 *
 * Sheets, in the report language: a read-me (every sheet and column, the
 * definitions, the suppression rule, the sources and date), the summary
 * matrix (municipality x dimension), dimensions, items, answer
 * distributions, change since the compared wave, current vs target,
 * comparisons (tests), strategy progress, breakdowns and data quality. Every
 * figure is a number cell with a number format (Excel shows the user's
 * decimal separator), every withheld figure the report's neutral word
 * ("salattu"), every label a string cell (never a formula). A sheet that
 * would pass Excel's 1,048,576 rows continues on "NAME (2)", never cut.
 *
 * Every row reaches the workbook through a results observer while the
 * statistics are computed, whether the results keep it in memory or not: the
 * sheets of items, dimensions, distributions and breakdowns are written as
 * the rows come (a cell's statistics come together); the workbook keeps its
 * own copy of the few rows the other sheets need (summary, change, target,
 * tests, strategy, data quality; about 1 in 10 of a national run's rows
 * without a breakdown) and writes those at the end.
 *
 * Ownership: a struct workbook owns its libxlsxwriter workbook and its
 * temporary file until workbook_finish() or workbook_abort(); it borrows the
 * configuration.
 */
#ifndef DM_WORKBOOK_H
#define DM_WORKBOOK_H

#include "atomicfile.h"
#include "config.h"
#include "ingest.h"
#include "results.h"
#include "util.h"

struct workbook;

/* Returns the workbook's file name, "results-REGION.xlsx" (new string). */
char *workbook_file_name(const struct config *cfg);

/*
 * Opens the workbook's temporary file beside OUTPUT/results-REGION.xlsx and
 * creates its sheets. Returns a new workbook, or NULL with e set
 * (DM_EX_CANTCREAT when the temporary file cannot be made, DM_EX_SOFTWARE
 * when libxlsxwriter fails).
 */
struct workbook *workbook_open(const struct config *cfg, struct err *e);

/*
 * A results observer (results_observe): writes the breakdown rows to the
 * breakdowns sheet as they are added. ctx is the workbook.
 */
void workbook_observe(void *ctx, const struct result_row *row);

/*
 * Writes the remaining sheets from the rows the observer kept and the waves'
 * data-quality summaries (sums[w] NULL for a wave whose counts are not
 * whole), closes the file and adds it to os; wb is freed either way.
 * Returns 0, or -1 with e set (DM_EX_IOERR naming the file).
 */
int workbook_finish(struct workbook *wb, const struct ingest_summary *const *sums,
                    struct outset *os, struct err *e);

/* Removes the temporary file and frees wb; NULL is a no-op. */
void workbook_abort(struct workbook *wb);

#endif

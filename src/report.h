/*
 * report.h - the report stage: renders the interim reports of one report
 * edition from the results table, one regional comparison report and one
 * report per municipality, each as a tagged PDF and an HTML edition drawn
 * from one document (doc.h; pdfdoc.h and html.h draw it).
 *
 * A report is drawn from `res` (the results table) and `cfg` (configuration
 * with its codebooks loaded, for labels, municipality names and staff
 * counts) only, plus the strategy registers for action titles; it never sees
 * raw survey exports, free-text answers or respondent ids. Every user-facing
 * word comes from the strings table (strtab.h) in the configured language.
 * Suppressed figures are drawn as "n < MIN", never as zero.
 *
 * Page structure (sections are bookmarked; a section with nothing to show is
 * left out):
 *   cover              region, municipality or "regional report", edition,
 *                      data sources (waves, years, respondents), date,
 *                      contents with page numbers;
 *   summary            key findings, the traffic-light matrix municipalities
 *                      x dimensions with overall maturity (own row
 *                      highlighted in a municipal report), under it the
 *                      strategy's action-progress lights of the same areas
 *                      for the municipality and the region, legends and a
 *                      plain-language reading guide; kept to one page for
 *                      up to about ten municipalities;
 *   dimensions         index 0-100 with 95% CI per municipality, thresholds;
 *   change             change since the earlier wave with CI and direction;
 *   current vs target  per action area, with the gap light;
 *   statements         diverging stacked bars per item, by dimension, ordered
 *                      by % favourable;
 *   other waves        one section per further wave of the edition (e.g. the
 *                      remote-work survey): dimension chart, numeric
 *                      distributions, proportions with CIs, Likert items;
 *   strategy           when the results hold strategy figures: progress of
 *                      the actions per area with the progress light, the
 *                      progress matrix (regional report), the participation
 *                      matrix, indicators by year with a trend chart per
 *                      row, implemented and late actions by area (titles
 *                      and indicator names via strategy_load());
 *   method             respondents and response rates, Cronbach's alpha,
 *                      light rules, suppression rule, data quality.
 * Every page but the cover has a running header; every page has "Sivu i / N".
 *
 * Reproducibility: the document dates come from SOURCE_DATE_EPOCH when set,
 * else from cfg->report_date (noon UTC), else 2000-01-01; never from the
 * clock. The same inputs give the same bytes.
 *
 * With more than PEERS_MIN_MUNIS (20) municipalities (peers.h), a municipal
 * report adds its rank among all and within its peer group with the ranges
 * the CIs allow, and its comparisons list its peer group (at most
 * PEERS_MAX_LISTED members, else the municipality alone); the regional
 * report is the short national edition: a summary of the lights, one chart
 * page per dimension, no table of rows per municipality but the matrix as an
 * appendix. Otherwise every comparison lists all municipalities, the
 * report's own row highlighted.
 *
 * Ownership: report_render borrows everything; report_filename returns a
 * string the caller frees.
 */
#ifndef DM_REPORT_H
#define DM_REPORT_H

#include <stddef.h>

#include "config.h"
#include "results.h"
#include "util.h"

/*
 * Renders the report of edition `edition` (index into cfg->editions) for
 * municipality `muni` (index into cfg->munis), or the regional comparison
 * report when muni is -1: builds its document once and writes the tagged
 * PDF to the file at path and, when html_path is not NULL, the HTML edition
 * to html_path (both created or truncated; the caller handles temporary
 * names and renaming).
 *
 * Returns 0, or -1 with e set: DM_EX_SOFTWARE for a bad edition or
 * municipality index or a libharu error (its code in the message),
 * DM_EX_CANTCREAT when path cannot be created, DM_EX_IOERR when writing fails.
 */
int report_render(const struct config *cfg, const struct results *res, size_t edition, int muni,
                  const char *path, const char *html_path, struct err *e);

/*
 * Returns the file name (no folder) of a report (muni -1 for the region, or
 * a valid municipality index) as a new string: for the
 * regional report "<region-slug>-<edition-slug>.pdf" (kaustisen-seutu-2024.pdf),
 * for a municipality "<municipality-slug>-<edition-slug>.pdf"
 * (lestijarvi-2024.pdf). Safe ASCII: [a-z0-9-] and ".pdf".
 */
char *report_filename(const struct config *cfg, size_t edition, int muni);

/*
 * Returns the path of the HTML edition beside the PDF at pdf_path (".pdf"
 * replaced by ".html", or ".html" appended) as a new string.
 */
char *report_html_path(const char *pdf_path);

#endif

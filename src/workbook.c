/*
 * workbook.c - the analysts' Excel workbook (see workbook.h).
 *
 * Each sheet is a table: one header row (frozen, with an autofilter), then
 * one row per cell of the results (wave, group, subject, ...) with one
 * column per statistic. Every column has a code (the results' statistic, or
 * "key:..." for the columns that name the cell); the read-me sheet lists
 * them, so that a reader, or tests/workbook_check.py, can tie every cell
 * back to its row of the tidy results.
 *
 * libxlsxwriter's constant-memory mode writes each sheet's rows in order to
 * a temporary file of its own, so the sheets can be filled at different
 * times: the breakdowns sheet while the statistics are computed
 * (workbook_observe), the others at the end from the rows kept in memory.
 */
#include "workbook.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <xlsxwriter.h>

#include "codebook.h"
#include "msgcat.h"
#include "strtab.h"

/* Number formats of figure columns. */
enum wfmt { F_TEXT, F_INT, F_D1, F_D2, F_D3, F_P, F_NFMT };

/* One column of a sheet. */
struct wcol {
        char *code; /* "key:wave", "key:group", ..., "label", or a statistic ("mean", "index@D1") */
        char *head; /* header text */
        int fmt;    /* enum wfmt */
};

/* One logical sheet; a sheet past Excel's last row goes on in "NAME (2)". */
struct wsheet {
        enum str name;     /* sheet name */
        enum str help;     /* what it holds, for the read-me */
        lxw_worksheet *ws; /* the part being written */
        int part;          /* 1, 2, ... */
        lxw_row_t row;     /* next row of the part */
        struct wcol *cols;
        size_t ncols, capcols;
};

enum {
        SH_README,
        SH_SUMMARY,
        SH_DIMS,
        SH_ITEMS,
        SH_DIST,
        SH_CHANGE,
        SH_GAP,
        SH_TESTS,
        SH_STRATEGY,
        SH_BREAKDOWNS,
        SH_GAP_BD,
        SH_QUALITY,
        SH_COUNT
};

static const struct {
        enum str name, help;
} SHEETS[SH_COUNT] = {
    {S_WB_SH_README, S_WB_HELP_README},     {S_WB_SH_SUMMARY, S_WB_HELP_SUMMARY},
    {S_WB_SH_DIMS, S_WB_HELP_DIMS},         {S_WB_SH_ITEMS, S_WB_HELP_ITEMS},
    {S_WB_SH_DIST, S_WB_HELP_DIST},         {S_WB_SH_CHANGE, S_WB_HELP_CHANGE},
    {S_WB_SH_GAP, S_WB_HELP_GAP},           {S_WB_SH_TESTS, S_WB_HELP_TESTS},
    {S_WB_SH_STRATEGY, S_WB_HELP_STRATEGY}, {S_WB_SH_BREAKDOWNS, S_WB_HELP_BREAKDOWNS},
    {S_WB_SH_GAP_BD, S_WB_HELP_GAP_BD},     {S_WB_SH_QUALITY, S_WB_HELP_QUALITY},
};

/* Header words and formats of the statistics. */
static const struct {
        const char *stat;
        enum str head;
        int fmt;
} STATS[] = {
    {"respondents", S_WB_ST_RESPONDENTS, F_INT},
    {"staff", S_WB_ST_STAFF, F_INT},
    {"response_rate", S_WB_ST_RESPONSE_RATE, F_D1},
    {"read", S_COL_READ, F_INT},
    {"accepted", S_COL_ACCEPTED, F_INT},
    {"rejected", S_COL_REJECTED, F_INT},
    {"warnings", S_COL_WARNINGS, F_INT},
    {"n", S_COL_N, F_INT},
    {"missing", S_WB_ST_MISSING, F_INT},
    {"dontknow", S_WB_ST_DONTKNOW, F_INT},
    {"dontknow_pct", S_WB_ST_DONTKNOW_PCT, F_D1},
    {"mean", S_WB_ST_MEAN, F_D2},
    {"sd", S_WB_ST_SD, F_D2},
    {"ci_lo", S_WB_ST_CI_LO, F_D2},
    {"ci_hi", S_WB_ST_CI_HI, F_D2},
    {"median", S_WB_ST_MEDIAN, F_D2},
    {"q1", S_WB_ST_Q1, F_D2},
    {"q3", S_WB_ST_Q3, F_D2},
    {"min", S_WB_ST_MIN, F_D2},
    {"max", S_WB_ST_MAX, F_D2},
    {"fav_pct", S_WB_ST_FAV_PCT, F_D1},
    {"fav_lo", S_WB_ST_FAV_LO, F_D1},
    {"fav_hi", S_WB_ST_FAV_HI, F_D1},
    {"index", S_WB_ST_INDEX, F_D1},
    {"index_lo", S_WB_ST_INDEX_LO, F_D1},
    {"index_hi", S_WB_ST_INDEX_HI, F_D1},
    {"light", S_COL_LIGHT, F_TEXT},
    {"alpha", S_COL_ALPHA, F_D2},
    {"items", S_COL_ITEMS, F_INT},
    {"mean_weighted", S_WB_ST_MEAN_WEIGHTED, F_D2},
    {"index_weighted", S_WB_ST_INDEX_WEIGHTED, F_D1},
    {"count", S_WB_ST_COUNT, F_INT},
    {"pct", S_WB_ST_PCT, F_D1},
    {"pct_lo", S_WB_ST_PCT_LO, F_D1},
    {"pct_hi", S_WB_ST_PCT_HI, F_D1},
    {"change_diff", S_WB_ST_CHANGE_DIFF, F_D1},
    {"change_lo", S_WB_ST_CHANGE_LO, F_D1},
    {"change_hi", S_WB_ST_CHANGE_HI, F_D1},
    {"change_t", S_WB_ST_T, F_D2},
    {"change_df", S_WB_ST_DF, F_D1},
    {"change_p", S_WB_ST_P, F_P},
    {"current_mean", S_WB_ST_CURRENT, F_D2},
    {"target_mean", S_WB_ST_TARGET, F_D2},
    {"gap_mean", S_COL_GAP, F_D2},
    {"gap_lo", S_WB_ST_GAP_LO, F_D2},
    {"gap_hi", S_WB_ST_GAP_HI, F_D2},
    {"gap_light", S_WB_ST_GAP_LIGHT, F_TEXT},
    {"level", S_COL_MATURITY, F_INT},
    {"mean_index", S_WB_ST_MEAN_INDEX, F_D1},
    {"actions", S_WB_ST_ACTIONS, F_INT},
    {"planned", S_COL_IN_PLAN, F_INT},
    {"implemented", S_COL_IMPLEMENTED, F_INT},
    {"in_progress", S_COL_IN_PROGRESS, F_INT},
    {"not_started", S_WB_ST_NOT_STARTED, F_INT},
    {"postponed", S_STATUS_POSTPONED, F_INT},
    {"cancelled", S_STATUS_CANCELLED, F_INT},
    {"late", S_COL_LATE, F_INT},
    {"implemented_pct", S_COL_PROGRESS, F_D1},
    {"participates", S_COL_PARTICIPATES, F_INT},
    {"participates_pct", S_WB_ST_PARTICIPATES_PCT, F_D1},
};

/* The tests of the comparisons sheet, one row per figure: its family and statistic words. */
static const struct {
        const char *stat;
        enum str test, head;
        int fmt;
} TESTS[] = {
    {"welch_F", S_WB_T_WELCH, S_WB_T_F, F_D2},
    {"welch_df1", S_WB_T_WELCH, S_WB_T_DF1, F_D1},
    {"welch_df2", S_WB_T_WELCH, S_WB_T_DF2, F_D1},
    {"welch_p", S_WB_T_WELCH, S_WB_ST_P, F_P},
    {"welch_p_holm_dims", S_WB_T_WELCH, S_WB_T_P_HOLM_DIMS, F_P},
    {"eta2", S_WB_T_WELCH, S_WB_T_ETA2, F_D3},
    {"anova_F", S_WB_T_ANOVA, S_WB_T_F, F_D2},
    {"anova_df1", S_WB_T_ANOVA, S_WB_T_DF1, F_D1},
    {"anova_df2", S_WB_T_ANOVA, S_WB_T_DF2, F_D1},
    {"anova_p", S_WB_T_ANOVA, S_WB_ST_P, F_P},
    {"anova_p_holm_dims", S_WB_T_ANOVA, S_WB_T_P_HOLM_DIMS, F_P},
    {"kw_H", S_WB_T_KW, S_WB_T_H, F_D2},
    {"kw_df", S_WB_T_KW, S_WB_ST_DF, F_D1},
    {"kw_p", S_WB_T_KW, S_WB_ST_P, F_P},
    {"kw_p_holm_dims", S_WB_T_KW, S_WB_T_P_HOLM_DIMS, F_P},
    {"kw_eps2", S_WB_T_KW, S_WB_T_EPS2, F_D3},
    {"chisq", S_WB_T_CHISQ, S_WB_T_CHI2, F_D2},
    {"chisq_df", S_WB_T_CHISQ, S_WB_ST_DF, F_D1},
    {"chisq_p", S_WB_T_CHISQ, S_WB_ST_P, F_P},
    {"chisq_min_expected", S_WB_T_CHISQ, S_WB_T_MIN_EXPECTED, F_D2},
    {"chisq_small_share", S_WB_T_CHISQ, S_WB_T_SMALL_SHARE, F_D1},
    {"cramers_v", S_WB_T_CHISQ, S_WB_T_CRAMER, F_D3},
    {"chisq_warning", S_WB_T_CHISQ, S_WB_T_WARNING, F_TEXT},
    {"pair_diff", S_WB_T_PAIR, S_WB_T_DIFF, F_D2},
    {"pair_t", S_WB_T_PAIR, S_WB_ST_T, F_D2},
    {"pair_df", S_WB_T_PAIR, S_WB_ST_DF, F_D1},
    {"pair_p", S_WB_T_PAIR, S_WB_ST_P, F_P},
    {"pair_p_holm", S_WB_T_PAIR, S_WB_T_P_HOLM, F_P},
    {"pair_p_holm_dims", S_WB_T_PAIR, S_WB_T_P_HOLM_DIMS, F_P},
    {"pair_d", S_WB_T_PAIR, S_WB_T_D, F_D2},
    {"rest_diff", S_WB_T_REST, S_WB_T_DIFF, F_D2},
    {"rest_t", S_WB_T_REST, S_WB_ST_T, F_D2},
    {"rest_df", S_WB_T_REST, S_WB_ST_DF, F_D1},
    {"rest_p", S_WB_T_REST, S_WB_ST_P, F_P},
    {"rest_p_holm", S_WB_T_REST, S_WB_T_P_HOLM, F_P},
    {"rest_p_holm_dims", S_WB_T_REST, S_WB_T_P_HOLM_DIMS, F_P},
    {"rest_d", S_WB_T_REST, S_WB_T_D, F_D2},
};

#define NSTATS (sizeof STATS / sizeof STATS[0])
#define NTESTS (sizeof TESTS / sizeof TESTS[0])

/*
 * The statistic columns of the sheets written while the statistics are
 * computed (workbook_observe): each sheet's row is one cell, and the
 * statistics of a cell come one after another.
 */
static const char *const DIM_STATS[] = {
    "n",
    "mean",
    "sd",
    "ci_lo",
    "ci_hi",
    "median",
    "q1",
    "q3",
    "index",
    "index_lo",
    "index_hi",
    "light",
    "alpha",
    "items",
    "mean_weighted",
    "index_weighted",
};
static const char *const ITEM_STATS[] = {
    "n",  "missing", "mean", "sd",      "ci_lo",  "ci_hi",  "median",   "q1",
    "q3", "min",     "max",  "fav_pct", "fav_lo", "fav_hi", "dontknow", "dontknow_pct",
};
static const char *const DIST_STATS[] = {"count", "pct", "pct_lo", "pct_hi"};
/* A breakdown category's cell (the current vs target figures come in a pass of their own). */
static const char *const BD_STATS[] = {
    "respondents", "n",      "mean",     "sd",    "ci_lo",    "ci_hi",    "median", "fav_pct",
    "fav_lo",      "fav_hi", "dontknow", "index", "index_lo", "index_hi", "light",
};
static const char *const BD_GAP_STATS[] = {
    "current_mean", "target_mean", "gap_mean", "gap_lo", "gap_hi", "gap_light",
};
/* Statistics the sheets written at the end read (besides the tests): kept by the workbook. */
static const char *const KEPT_STATS[] = {
    "respondents",  "response_rate",    "level",     "mean_index",  "index",
    "index_lo",     "index_hi",         "light",     "n",           "change_diff",
    "change_lo",    "change_hi",        "change_t",  "change_df",   "change_p",
    "current_mean", "target_mean",      "gap_mean",  "gap_lo",      "gap_hi",
    "gap_light",    "actions",          "planned",   "implemented", "in_progress",
    "not_started",  "postponed",        "cancelled", "late",        "implemented_pct",
    "participates", "participates_pct", "read",      "accepted",    "rejected",
    "warnings",
};
#define NELEM(a)   (sizeof a / sizeof a[0])
#define GATHER_MAX 16  /* statistics of a gathered row, at most */
#define NSTAT_IDS  128 /* distinct statistics the observer looks at, at most */

/* A figure held for the breakdown row being gathered. */
struct held {
        int set;
        double value;
        char *text;
        char note[32];
};

/* Which rows a gathered sheet takes. */
enum { G_BREAKDOWN, G_ITEM, G_DIM, G_DIST };

/* The row being gathered for one sheet (workbook_observe). */
struct gather {
        int sheet;                /* SH_* */
        int kind;                 /* G_*: breakdown cells, or items, dimensions, distributions */
        const char *const *stats; /* its statistic columns, after the key columns */
        size_t nstats;
        int col[NSTAT_IDS]; /* statistic id -> index into stats, or -1 */
        char *key[5];       /* wave, group, breakdown, subject, category */
        struct held val[GATHER_MAX];
        int any;
};
enum { NGATHER = 5 };

struct workbook {
        const struct config *cfg;
        int lang;
        lxw_workbook *xl;
        struct atomicfile af;
        lxw_error lxerr;         /* first libxlsxwriter error */
        lxw_format *fmt[F_NFMT]; /* figure formats */
        lxw_format *head, *withheld, *wrap;
        lxw_format *light[5]; /* red, yellow, green, uncertain, withheld */
        struct wsheet sh[SH_COUNT];
        struct wpart {
                enum str name; /* the sheet */
                int part;      /* a part that was filled (the next one continues it) */
        } * parts;             /* for the read-me */
        size_t nparts;
        struct gather gather[NGATHER];
        struct strmap stat_id; /* statistic -> id (the observer's statistics) */
        int nstat_ids;
        unsigned char kept[NSTAT_IDS]; /* id -> 1 when the workbook keeps its rows */
        struct results *mine;          /* the rows the sheets written at the end read */
        /* The subject kind of the last row seen (rows come grouped by subject). */
        char *last_wave, *last_subject;
        int last_kind; /* SUBJ_* */
};

enum { SUBJ_ITEM = 1, SUBJ_DIM = 2, SUBJ_STRATEGY = 4 };

/* ------------------------------------------------------------------------
 * Words and labels.
 */

static const char *W(const struct workbook *wb, enum str id)
{
        return strtab_get(wb->lang, id);
}

static const struct codebook *wave_codebook(const struct workbook *wb, const char *wave)
{
        int w = config_find_wave(wb->cfg, wave);
        if (w < 0)
                return NULL;
        return wb->cfg->instruments[wb->cfg->waves[w].instrument].codebook;
}

static const struct item *find_item(const struct codebook *cb, const char *id)
{
        for (size_t i = 0; cb && i < cb->nitems; i++)
                if (!strcmp(cb->items[i].id, id))
                        return &cb->items[i];
        return NULL;
}

static const struct dimension *find_dim(const struct codebook *cb, const char *id)
{
        for (size_t i = 0; cb && i < cb->ndims; i++)
                if (!strcmp(cb->dims[i].id, id))
                        return &cb->dims[i];
        return NULL;
}

static const char *pick(const struct workbook *wb, const char *fi, const char *en)
{
        return wb->lang == STRTAB_EN && en && *en ? en : fi ? fi : "";
}

/* The question text or dimension name of subject in wave's codebook, else the id. */
static const char *subject_label(const struct workbook *wb, const char *wave, const char *subject)
{
        const struct codebook *cb = wave_codebook(wb, wave);
        const struct item *it = find_item(cb, subject);
        if (it)
                return pick(wb, it->label, it->label_en);
        const struct dimension *d = find_dim(cb, subject);
        if (d)
                return pick(wb, d->label, d->label_en);
        return subject;
}

static const char *file_base(const char *path)
{
        const char *slash = strrchr(path, '/');
        return slash ? slash + 1 : path;
}

static const char *group_label(const struct workbook *wb, const char *group)
{
        return !strcmp(group, "ALL") ? wb->cfg->region : group;
}

/* The municipality's slug ("ALL" for the region), into buf. */
static const char *group_id(const struct workbook *wb, const char *group, char *buf, size_t n)
{
        if (!strcmp(group, "ALL"))
                return "ALL";
        for (size_t m = 0; m < wb->cfg->nmunis; m++)
                if (!strcmp(wb->cfg->munis[m].name, group))
                        return wb->cfg->munis[m].slug;
        snprintf(buf, n, "%s", group);
        return buf;
}

/* The breakdown's display name ("Toimiala") for "sector=..." or "sector". */
static const char *breakdown_label(const struct workbook *wb, const char *wave, const char *bd)
{
        const struct codebook *cb = wave_codebook(wb, wave);
        size_t len = strcspn(bd, "=");
        for (size_t i = 0; cb && i < cb->ncols; i++) {
                const struct colbind *c = &cb->cols[i];
                if (c->role == COL_BREAKDOWN && c->id && strlen(c->id) == len &&
                    !strncmp(c->id, bd, len))
                        return pick(wb, c->label ? c->label : c->id, c->label_en);
        }
        return bd;
}

/* The label of answer code `category` of item subject, or "". */
static const char *answer_label(const struct workbook *wb, const char *wave, const char *subject,
                                const char *category)
{
        const struct codebook *cb = wave_codebook(wb, wave);
        const struct item *it = find_item(cb, subject);
        if (!it || it->scale < 0)
                return "";
        char *end;
        long code = strtol(category, &end, 10);
        if (*end || end == category)
                return "";
        const struct scale *s = &cb->scales[it->scale];
        for (size_t i = 0; i < s->ncodes; i++)
                if (s->codes[i].code == code)
                        return pick(wb, s->codes[i].label, s->codes[i].label_en);
        return "";
}

/* ------------------------------------------------------------------------
 * Sheets and cells.
 */

static void note_err(struct workbook *wb, lxw_error rc)
{
        if (rc != LXW_NO_ERROR && wb->lxerr == LXW_NO_ERROR)
                wb->lxerr = rc;
}

static void col_add(struct wsheet *s, const char *code, const char *head, int fmt)
{
        if (s->ncols == s->capcols) {
                s->capcols = s->capcols ? 2 * s->capcols : 16;
                s->cols = xrealloc(s->cols, s->capcols * sizeof *s->cols);
        }
        s->cols[s->ncols].code = xstrdup(code);
        s->cols[s->ncols].head = xstrdup(head);
        s->cols[s->ncols].fmt = fmt;
        s->ncols++;
}

/* Adds a statistic column with its header word from the STATS table. */
static void col_stat(struct workbook *wb, struct wsheet *s, const char *stat)
{
        for (size_t i = 0; i < NSTATS; i++)
                if (!strcmp(STATS[i].stat, stat)) {
                        col_add(s, stat, W(wb, STATS[i].head), STATS[i].fmt);
                        return;
                }
        col_add(s, stat, stat, F_D2);
}

static void col_stats(struct workbook *wb, struct wsheet *s, const char *const *stats, size_t n)
{
        for (size_t i = 0; i < n; i++)
                col_stat(wb, s, stats[i]);
}

static double col_width(const struct wcol *c)
{
        if (!strcmp(c->code, "label"))
                return 40;
        if (!strncmp(c->code, "key:", 4))
                return 16;
        return 12;
}

/*
 * Lines that text takes wrapped in a column of `width` characters (words
 * not split; UTF-8 continuation bytes not counted): row heights, which a
 * spreadsheet does not always work out for rows it did not lay out itself.
 */
static int text_lines(const char *text, double width)
{
        int lines = 1, col = 0, avail = (int)width - 1;
        const unsigned char *p = (const unsigned char *)text;
        while (*p) {
                int word = 0;
                const unsigned char *q = p;
                while (*q && *q != ' ') {
                        if ((*q & 0xC0) != 0x80)
                                word++;
                        q++;
                }
                if (col && col + 1 + word > avail)
                        lines++, col = 0;
                col += (col ? 1 : 0) + word;
                while (col > avail)
                        lines++, col -= avail;
                p = *q ? q + 1 : q;
        }
        return lines;
}

/*
 * The name of part `part` of sheet `name`: the name, then " (2)", " (3)", ...,
 * the name shortened (at a character) so that the whole keeps to Excel's 31
 * characters.
 */
static void part_name(const struct workbook *wb, enum str name, int part, char *buf, size_t n)
{
        const char *base = W(wb, name);
        char suffix[16] = "";
        if (part > 1)
                snprintf(suffix, sizeof suffix, " (%d)", part);
        size_t room = 31 - strlen(suffix), chars = 0, len = 0;
        while (base[len] && chars < room) {
                len++;
                while ((base[len] & 0xC0) == 0x80)
                        len++;
                chars++;
        }
        snprintf(buf, n, "%.*s%s", (int)len, base, suffix);
}

/* Starts part `part` of s: the worksheet, its header row, frozen, column widths. */
static void part_start(struct workbook *wb, struct wsheet *s, int part)
{
        char name[64];
        part_name(wb, s->name, part, name, sizeof name);
        s->ws = workbook_add_worksheet(wb->xl, name);
        s->part = part;
        s->row = 0;
        if (!s->ws) {
                note_err(wb, LXW_ERROR_MEMORY_MALLOC_FAILED);
                return;
        }
        for (size_t c = 0; c < s->ncols; c++)
                note_err(wb, worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c,
                                                  col_width(&s->cols[c]), NULL));
        worksheet_freeze_panes(s->ws, 1, 0);
        /* Printed: A4 landscape, the header row on every page. */
        worksheet_set_paper(s->ws, 9);
        worksheet_set_landscape(s->ws);
        note_err(wb, worksheet_repeat_rows(s->ws, 0, 0));
        int lines = 1;
        for (size_t c = 0; c < s->ncols; c++) {
                int l = text_lines(s->cols[c].head, col_width(&s->cols[c]));
                lines = l > lines ? l : lines;
        }
        note_err(wb, worksheet_set_row(s->ws, 0, 15.0 * lines, NULL));
        for (size_t c = 0; c < s->ncols; c++)
                note_err(wb,
                         worksheet_write_string(s->ws, 0, (lxw_col_t)c, s->cols[c].head, wb->head));
        s->row = 1;
}

/* Ends the part being written: its autofilter over the header and every row. */
static void part_end(struct workbook *wb, struct wsheet *s)
{
        if (!s->ws || !s->ncols)
                return;
        lxw_row_t last = s->row > 1 ? s->row - 1 : 0;
        note_err(wb, worksheet_autofilter(s->ws, 0, 0, last, (lxw_col_t)(s->ncols - 1)));
}

/* Rows per part: Excel's limit, or DM_WORKBOOK_MAX_ROWS (tests of the split). */
static lxw_row_t max_rows(void)
{
        const char *s = getenv("DM_WORKBOOK_MAX_ROWS");
        long v = s ? strtol(s, NULL, 10) : 0;
        return v >= 3 && v < (long)LXW_ROW_MAX ? (lxw_row_t)v : LXW_ROW_MAX;
}

/* Returns the row to write the next record to, continuing on a new part when full. */
static lxw_row_t next_row(struct workbook *wb, struct wsheet *s)
{
        if (s->row >= max_rows()) {
                part_end(wb, s);
                wb->parts = xrealloc(wb->parts, (wb->nparts + 1) * sizeof *wb->parts);
                wb->parts[wb->nparts].name = s->name;
                wb->parts[wb->nparts].part = s->part;
                wb->nparts++;
                part_start(wb, s, s->part + 1);
        }
        return s->row++;
}

static void put_str(struct workbook *wb, struct wsheet *s, lxw_row_t row, size_t col,
                    const char *text, lxw_format *f)
{
        if (s->ws && text)
                note_err(wb, worksheet_write_string(s->ws, row, (lxw_col_t)col, text, f));
}

static void put_num(struct workbook *wb, struct wsheet *s, lxw_row_t row, size_t col, double v,
                    int fmt)
{
        if (s->ws)
                note_err(wb, worksheet_write_number(s->ws, row, (lxw_col_t)col, v, wb->fmt[fmt]));
}

/* The word of a word figure (lights, the chi-square warning), and its cell format. */
static const char *text_word(struct workbook *wb, const char *text, lxw_format **f)
{
        static const struct {
                const char *text;
                enum str word;
                int light;
        } words[] = {
            {"red", S_LIGHT_NAME_RED, 0},
            {"yellow", S_LIGHT_NAME_YELLOW, 1},
            {"green", S_LIGHT_NAME_GREEN, 2},
            {"uncertain", S_LIGHT_NAME_UNCERTAIN, 3},
            {"suppressed", S_SUPPRESSED_CELL, 4},
            {"none", S_WB_NO_LIGHT, -1},
            {"small_expected", S_WB_SMALL_EXPECTED, -1},
            {"better", S_DIR_BETTER, -1},
            {"worse", S_DIR_WORSE, -1},
            {"same", S_DIR_SAME, -1},
        };
        *f = NULL;
        for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
                if (!strcmp(words[i].text, text)) {
                        if (words[i].light >= 0)
                                *f = wb->light[words[i].light];
                        return W(wb, words[i].word);
                }
        return text;
}

/* Writes one figure: a number, a word, the withheld word, or nothing for an absent one. */
static void put_fig(struct workbook *wb, struct wsheet *s, lxw_row_t row, size_t col, int has,
                    double value, const char *text, const char *note, int fmt)
{
        if (!has && !(note && note[0]))
                return;
        if (note && !strcmp(note, "suppressed")) {
                put_str(wb, s, row, col, W(wb, S_SUPPRESSED_CELL), wb->withheld);
        } else if (note && note[0]) {
                put_str(wb, s, row, col, W(wb, S_WB_NOT_APPLICABLE), NULL);
        } else if (text) {
                lxw_format *f;
                const char *word = text_word(wb, text, &f);
                put_str(wb, s, row, col, word, f);
        } else {
                put_num(wb, s, row, col, value, fmt);
        }
}

static void put_row(struct workbook *wb, struct wsheet *s, lxw_row_t row, size_t col,
                    const struct result_row *r, int fmt)
{
        if (r)
                put_fig(wb, s, row, col, r->has_value, r->value, r->text, r->note, fmt);
}

/* ------------------------------------------------------------------------
 * Layout: the columns of every sheet (known before any row is written).
 */

static void key_cols_group(struct workbook *wb, struct wsheet *s)
{
        col_add(s, "key:wave", W(wb, S_COL_WAVE), F_TEXT);
        col_add(s, "key:group", W(wb, S_COL_MUNICIPALITY), F_TEXT);
        col_add(s, "key:group_id", W(wb, S_WB_COL_MUNI_ID), F_TEXT);
}

static void key_cols_subject(struct workbook *wb, struct wsheet *s, enum str label, enum str id)
{
        col_add(s, "label", W(wb, label), F_TEXT);
        col_add(s, "key:subject", W(wb, id), F_TEXT);
}

/* Dimensions of every instrument, in configuration order: the summary's column blocks. */
static void summary_cols(struct workbook *wb, struct wsheet *s)
{
        key_cols_group(wb, s);
        col_add(s, "respondents@respondents", W(wb, S_WB_ST_RESPONDENTS), F_INT);
        col_add(s, "response_rate@respondents", W(wb, S_WB_ST_RESPONSE_RATE), F_D1);
        col_add(s, "level@maturity", W(wb, S_COL_MATURITY), F_INT);
        col_add(s, "mean_index@maturity", W(wb, S_WB_ST_MEAN_INDEX), F_D1);
        static const struct {
                const char *stat;
                enum str word;
                int fmt;
        } per[] = {
            {"index", S_WB_ST_INDEX, F_D1},  {"index_lo", S_WB_SUM_LO, F_D1},
            {"index_hi", S_WB_SUM_HI, F_D1}, {"light", S_COL_LIGHT, F_TEXT},
            {"n", S_COL_N, F_INT},
        };
        for (size_t i = 0; i < wb->cfg->ninstruments; i++) {
                const struct codebook *cb = wb->cfg->instruments[i].codebook;
                for (size_t d = 0; cb && d < cb->ndims; d++) {
                        for (size_t k = 0; k < sizeof per / sizeof per[0]; k++) {
                                struct strbuf code, head;
                                strbuf_init(&code);
                                strbuf_init(&head);
                                strbuf_addf(&code, "%s@%s", per[k].stat, cb->dims[d].id);
                                const char *word = W(wb, per[k].word);
                                int fmt = per[k].fmt;
                                strbuf_addf(&head, "%s: %s",
                                            pick(wb, cb->dims[d].label, cb->dims[d].label_en),
                                            word);
                                col_add(s, code.buf, head.buf, fmt);
                                strbuf_clear(&code);
                                strbuf_clear(&head);
                        }
                }
        }
}

static void layout(struct workbook *wb)
{
        struct wsheet *s;

        s = &wb->sh[SH_README];
        col_add(s, "text:sheet", W(wb, S_WB_COL_SHEET), F_TEXT);
        col_add(s, "text:column", W(wb, S_WB_COL_COLUMN), F_TEXT);
        col_add(s, "text:code", W(wb, S_WB_COL_CODE), F_TEXT);
        col_add(s, "text:meaning", W(wb, S_WB_COL_MEANING), F_TEXT);

        summary_cols(wb, &wb->sh[SH_SUMMARY]);

        s = &wb->sh[SH_DIMS];
        key_cols_group(wb, s);
        key_cols_subject(wb, s, S_COL_DIMENSION, S_WB_COL_DIM_ID);
        col_stats(wb, s, DIM_STATS, NELEM(DIM_STATS));

        s = &wb->sh[SH_ITEMS];
        key_cols_group(wb, s);
        key_cols_subject(wb, s, S_WB_COL_QUESTION, S_WB_COL_ITEM_ID);
        col_stats(wb, s, ITEM_STATS, NELEM(ITEM_STATS));

        s = &wb->sh[SH_DIST];
        key_cols_group(wb, s);
        key_cols_subject(wb, s, S_WB_COL_QUESTION, S_WB_COL_ITEM_ID);
        col_add(s, "key:category", W(wb, S_WB_COL_ANSWER_CODE), F_TEXT);
        col_add(s, "label", W(wb, S_COL_ANSWER), F_TEXT);
        col_stats(wb, s, DIST_STATS, NELEM(DIST_STATS));

        s = &wb->sh[SH_CHANGE];
        key_cols_group(wb, s);
        key_cols_subject(wb, s, S_COL_DIMENSION, S_WB_COL_DIM_ID);
        col_add(s, "key:category", W(wb, S_WB_COL_COMPARED), F_TEXT);
        static const char *const change[] = {"change_diff", "change_lo", "change_hi",
                                             "change_t",    "change_df", "change_p"};
        col_stats(wb, s, change, sizeof change / sizeof change[0]);

        s = &wb->sh[SH_GAP];
        key_cols_group(wb, s);
        key_cols_subject(wb, s, S_COL_AREA, S_WB_COL_DIM_ID);
        static const char *const gap[] = {"current_mean", "target_mean", "gap_mean",
                                          "gap_lo",       "gap_hi",      "gap_light"};
        col_stats(wb, s, gap, sizeof gap / sizeof gap[0]);

        s = &wb->sh[SH_TESTS];
        key_cols_group(wb, s);
        key_cols_subject(wb, s, S_WB_COL_SUBJECT, S_WB_COL_SUBJECT_ID);
        col_add(s, "label", W(wb, S_WB_COL_TEST), F_TEXT);
        col_add(s, "key:category", W(wb, S_WB_COL_GROUPS), F_TEXT);
        col_add(s, "label", W(wb, S_WB_COL_STATISTIC), F_TEXT);
        col_add(s, "key:statistic", W(wb, S_WB_COL_STAT_CODE), F_TEXT);
        col_add(s, "value", W(wb, S_WB_COL_VALUE), F_D3);
        col_add(s, "value_n", W(wb, S_COL_N), F_INT);

        s = &wb->sh[SH_STRATEGY];
        col_add(s, "key:group", W(wb, S_COL_MUNICIPALITY), F_TEXT);
        col_add(s, "key:group_id", W(wb, S_WB_COL_MUNI_ID), F_TEXT);
        col_add(s, "label", W(wb, S_COL_AREA), F_TEXT);
        col_add(s, "key:subject", W(wb, S_WB_COL_AREA_ID), F_TEXT);
        static const char *const strat[] = {"actions",     "planned",      "implemented",
                                            "in_progress", "not_started",  "postponed",
                                            "cancelled",   "late",         "implemented_pct",
                                            "light",       "participates", "participates_pct"};
        col_stats(wb, s, strat, sizeof strat / sizeof strat[0]);

        s = &wb->sh[SH_BREAKDOWNS];
        key_cols_group(wb, s);
        col_add(s, "label", W(wb, S_WB_COL_BREAKDOWN), F_TEXT);
        col_add(s, "label", W(wb, S_WB_COL_CATEGORY), F_TEXT);
        col_add(s, "key:breakdown", W(wb, S_WB_COL_BREAKDOWN_ID), F_TEXT);
        key_cols_subject(wb, s, S_WB_COL_SUBJECT, S_WB_COL_SUBJECT_ID);
        col_stats(wb, s, BD_STATS, NELEM(BD_STATS));

        s = &wb->sh[SH_GAP_BD];
        key_cols_group(wb, s);
        col_add(s, "label", W(wb, S_WB_COL_BREAKDOWN), F_TEXT);
        col_add(s, "label", W(wb, S_WB_COL_CATEGORY), F_TEXT);
        col_add(s, "key:breakdown", W(wb, S_WB_COL_BREAKDOWN_ID), F_TEXT);
        key_cols_subject(wb, s, S_COL_AREA, S_WB_COL_AREA_ID);
        col_stats(wb, s, BD_GAP_STATS, NELEM(BD_GAP_STATS));

        s = &wb->sh[SH_QUALITY];
        col_add(s, "key:wave", W(wb, S_COL_WAVE), F_TEXT);
        col_add(s, "text:file", W(wb, S_WB_COL_FILE), F_TEXT);
        col_add(s, "text:status", W(wb, S_WB_COL_STATUS), F_TEXT);
        col_add(s, "text:encoding", W(wb, S_WB_COL_ENCODING), F_TEXT);
        col_add(s, "text:delimiter", W(wb, S_WB_COL_DELIMITER), F_TEXT);
        col_add(s, "read@rows", W(wb, S_COL_READ), F_INT);
        col_add(s, "accepted@rows", W(wb, S_COL_ACCEPTED), F_INT);
        col_add(s, "rejected@rows", W(wb, S_COL_REJECTED), F_INT);
        col_add(s, "warnings@rows", W(wb, S_COL_WARNINGS), F_INT);
}

/* ------------------------------------------------------------------------
 * Open, observe, finish.
 */

char *workbook_file_name(const struct config *cfg)
{
        char *slug = slugify(cfg->region);
        struct strbuf sb;
        strbuf_init(&sb);
        strbuf_addf(&sb, "results-%s.xlsx", slug);
        free(slug);
        return sb.buf;
}

/*
 * The workbook's creation date: SOURCE_DATE_EPOCH, else the report date
 * (noon UTC), else the newest export's modification time, so that the same
 * data gives the same bytes.
 */
static time_t doc_date(const struct config *cfg)
{
        const char *sde = getenv("SOURCE_DATE_EPOCH");
        if (sde && *sde) {
                char *end;
                long long v = strtoll(sde, &end, 10);
                if (!*end && v >= 0)
                        return (time_t)v;
        }
        int y, m, d;
        if (cfg->report_date && sscanf(cfg->report_date, "%d-%d-%d", &y, &m, &d) == 3) {
                struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12};
                return timegm(&tm);
        }
        time_t t = 0;
        for (size_t w = 0; w < cfg->nwaves; w++) {
                struct stat sb;
                if (stat(cfg->waves[w].file, &sb) == 0 && sb.st_mtime > t)
                        t = sb.st_mtime;
        }
        return t;
}

/* Returns the id of statistic name, giving it the next one when new. */
static int stat_id(struct workbook *wb, const char *name)
{
        int id;
        if (strmap_get(&wb->stat_id, name, &id))
                return id;
        assert(wb->nstat_ids < NSTAT_IDS);
        strmap_put(&wb->stat_id, name, wb->nstat_ids);
        return wb->nstat_ids++;
}

struct workbook *workbook_open(const struct config *cfg, struct err *e)
{
        struct workbook *wb = xcalloc(1, sizeof *wb);
        wb->cfg = cfg;
        wb->lang = strtab_lang(cfg->language);
        char *name = workbook_file_name(cfg);
        char *path = path_join(cfg->output, name);
        free(name);
        int rc = atomicfile_open(&wb->af, path, e);
        free(path);
        if (rc) {
                free(wb);
                return NULL;
        }
        lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
        wb->xl = workbook_new_opt(atomicfile_tmp_path(&wb->af), &opt);
        if (!wb->xl) {
                err_set(e, DM_EX_SOFTWARE, "%s: cannot start the workbook", wb->af.path);
                atomicfile_abort(&wb->af);
                free(wb);
                return NULL;
        }
        lxw_doc_properties props = {
            .title = cfg->region,
            .author = (char *)"digimittari",
            .created = doc_date(cfg),
        };
        note_err(wb, workbook_set_properties(wb->xl, &props));

        static const char *const numfmt[F_NFMT] = {NULL, "0", "0.0", "0.00", "0.000", "0.0000"};
        for (int f = 0; f < F_NFMT; f++) {
                wb->fmt[f] = workbook_add_format(wb->xl);
                if (numfmt[f])
                        format_set_num_format(wb->fmt[f], numfmt[f]);
        }
        wb->head = workbook_add_format(wb->xl);
        format_set_bold(wb->head);
        format_set_text_wrap(wb->head);
        format_set_align(wb->head, LXW_ALIGN_VERTICAL_TOP);
        format_set_bottom(wb->head, LXW_BORDER_THIN);
        wb->wrap = workbook_add_format(wb->xl);
        format_set_text_wrap(wb->wrap);
        format_set_align(wb->wrap, LXW_ALIGN_VERTICAL_TOP);
        /* Cell colours of the lights (fill, text), with the word in the cell. */
        static const lxw_color_t fill[5] = {0xFFC7CE, 0xFFEB9C, 0xC6EFCE, 0xDDEBF7, 0xE7E6E6};
        static const lxw_color_t ink[5] = {0x9C0006, 0x7A4A00, 0x006100, 0x1F3864, 0x404040};
        for (int i = 0; i < 5; i++) {
                wb->light[i] = workbook_add_format(wb->xl);
                format_set_bg_color(wb->light[i], fill[i]);
                format_set_font_color(wb->light[i], ink[i]);
        }
        wb->withheld = wb->light[4];

        for (int i = 0; i < SH_COUNT; i++) {
                wb->sh[i].name = SHEETS[i].name;
                wb->sh[i].help = SHEETS[i].help;
        }
        static const struct {
                int sheet, kind;
                const char *const *stats;
                size_t n;
        } gathers[NGATHER] = {
            {SH_BREAKDOWNS, G_BREAKDOWN, BD_STATS, NELEM(BD_STATS)},
            {SH_GAP_BD, G_BREAKDOWN, BD_GAP_STATS, NELEM(BD_GAP_STATS)},
            {SH_DIMS, G_DIM, DIM_STATS, NELEM(DIM_STATS)},
            {SH_ITEMS, G_ITEM, ITEM_STATS, NELEM(ITEM_STATS)},
            {SH_DIST, G_DIST, DIST_STATS, NELEM(DIST_STATS)},
        };
        strmap_init(&wb->stat_id);
        for (int g = 0; g < NGATHER; g++) {
                struct gather *x = &wb->gather[g];
                x->sheet = gathers[g].sheet;
                x->kind = gathers[g].kind;
                x->stats = gathers[g].stats;
                x->nstats = gathers[g].n;
                for (int k = 0; k < NSTAT_IDS; k++)
                        x->col[k] = -1;
                for (size_t k = 0; k < x->nstats; k++)
                        x->col[stat_id(wb, x->stats[k])] = (int)k;
        }
        for (size_t k = 0; k < NELEM(KEPT_STATS); k++)
                wb->kept[stat_id(wb, KEPT_STATS[k])] = 1;
        for (size_t k = 0; k < NTESTS; k++)
                wb->kept[stat_id(wb, TESTS[k].stat)] = 1;
        wb->mine = results_new();
        layout(wb);
        for (int i = 0; i < SH_COUNT; i++)
                part_start(wb, &wb->sh[i], 1);
        lxw_worksheet *rm = wb->sh[SH_README].ws;
        if (rm) {
                worksheet_set_column(rm, 0, 1, 24, wb->wrap);
                worksheet_set_column(rm, 2, 2, 20, NULL);
                worksheet_set_column(rm, 3, 3, 80, wb->wrap);
                worksheet_fit_to_pages(rm, 1, 0);
        }
        if (wb->lxerr != LXW_NO_ERROR) {
                err_set(e, DM_EX_SOFTWARE, "%s: cannot start the workbook: %s", wb->af.path,
                        lxw_strerror(wb->lxerr));
                workbook_abort(wb);
                return NULL;
        }
        return wb;
}

static void held_clear(struct gather *g)
{
        for (size_t i = 0; i < g->nstats; i++) {
                free(g->val[i].text);
                memset(&g->val[i], 0, sizeof g->val[i]);
        }
        g->any = 0;
}

/* Writes the row gathered so far. */
static void flush_gather(struct workbook *wb, struct gather *g)
{
        if (!g->any)
                return;
        struct wsheet *s = &wb->sh[g->sheet];
        lxw_row_t row = next_row(wb, s);
        const char *wave = g->key[0], *group = g->key[1], *bd = g->key[2];
        const char *subject = g->key[3], *category = g->key[4];
        char buf[256];
        size_t c = 0;
        put_str(wb, s, row, c++, wave, NULL);
        put_str(wb, s, row, c++, group_label(wb, group), NULL);
        put_str(wb, s, row, c++, group_id(wb, group, buf, sizeof buf), NULL);
        if (g->kind == G_BREAKDOWN) {
                const char *eq = strchr(bd, '=');
                put_str(wb, s, row, c++, breakdown_label(wb, wave, bd), NULL);
                put_str(wb, s, row, c++, eq ? eq + 1 : "", NULL);
                put_str(wb, s, row, c++, bd, NULL);
        }
        put_str(wb, s, row, c++, subject_label(wb, wave, subject), NULL);
        put_str(wb, s, row, c++, subject, NULL);
        if (g->kind == G_DIST) {
                put_str(wb, s, row, c++, category, NULL);
                put_str(wb, s, row, c++, answer_label(wb, wave, subject, category), NULL);
        }
        for (size_t i = 0; i < g->nstats; i++, c++) {
                const struct held *h = &g->val[i];
                if (h->set)
                        put_fig(wb, s, row, c, !h->note[0], h->value, h->text, h->note,
                                s->cols[c].fmt);
        }
        held_clear(g);
}

/* SUBJ_* of a row's subject in its wave's codebook (cached: rows come grouped). */
static int subject_kind(struct workbook *wb, const char *wave, const char *subject)
{
        if (wb->last_wave && !strcmp(wb->last_wave, wave) && !strcmp(wb->last_subject, subject))
                return wb->last_kind;
        const struct codebook *cb = wave_codebook(wb, wave);
        int kind = find_item(cb, subject)             ? SUBJ_ITEM
                   : find_dim(cb, subject)            ? SUBJ_DIM
                   : !strncmp(subject, "strategy", 8) ? SUBJ_STRATEGY
                                                      : 0;
        free(wb->last_wave);
        free(wb->last_subject);
        wb->last_wave = xstrdup(wave);
        wb->last_subject = xstrdup(subject);
        wb->last_kind = kind;
        return kind;
}

/* Keeps a copy of r in the workbook's own table. */
static void keep_row(struct workbook *wb, const struct result_row *r)
{
        if (r->note[0] || !r->has_value)
                results_add_note(wb->mine, r->wave, r->group, r->breakdown, r->subject,
                                 r->statistic, r->category, r->note);
        else if (r->text)
                results_add_text(wb->mine, r->wave, r->group, r->breakdown, r->subject,
                                 r->statistic, r->category, r->text, r->n);
        else
                results_add(wb->mine, r->wave, r->group, r->breakdown, r->subject, r->statistic,
                            r->category, r->value, r->n);
}

void workbook_observe(void *ctx, const struct result_row *r)
{
        struct workbook *wb = ctx;
        int id;
        if (!strmap_get(&wb->stat_id, r->statistic, &id))
                return;
        int bd = r->breakdown[0] != '\0';
        if (!bd && wb->kept[id])
                keep_row(wb, r);
        /* Cells of a breakdown category only; tests across categories stay in the tables. */
        if (bd && (r->category[0] || !strchr(r->breakdown, '=')))
                return;
        int kind = bd ? 0 : subject_kind(wb, r->wave, r->subject);
        for (int i = 0; i < NGATHER; i++) {
                struct gather *g = &wb->gather[i];
                int k = g->col[id];
                if (k < 0 || (g->kind == G_BREAKDOWN) != bd)
                        continue;
                if ((g->kind == G_ITEM && (kind != SUBJ_ITEM || r->category[0])) ||
                    (g->kind == G_DIM && (kind != SUBJ_DIM || r->category[0])) ||
                    (g->kind == G_DIST && (kind != SUBJ_ITEM || !r->category[0])))
                        continue;
                const char *key[5] = {r->wave, r->group, r->breakdown, r->subject, r->category};
                int same = g->any;
                for (int j = 0; j < 5 && same; j++)
                        same = !strcmp(g->key[j], key[j]);
                if (!same || g->val[k].set) {
                        flush_gather(wb, g);
                        for (int j = 0; j < 5; j++) {
                                free(g->key[j]);
                                g->key[j] = xstrdup(key[j]);
                        }
                }
                struct held *h = &g->val[k];
                h->set = 1;
                h->value = r->value;
                h->text = r->text && r->has_value ? xstrdup(r->text) : NULL;
                snprintf(h->note, sizeof h->note, "%s", r->note);
                g->any = 1;
                return;
        }
}

/* Group order of a wave's rows: the municipalities as configured, then the region. */
static const char *group_at(const struct config *cfg, size_t g)
{
        return g < cfg->nmunis ? cfg->munis[g].name : "ALL";
}

static void write_key(struct workbook *wb, struct wsheet *s, lxw_row_t row, size_t *c,
                      const char *wave, const char *group)
{
        char buf[256];
        put_str(wb, s, row, (*c)++, wave, NULL);
        put_str(wb, s, row, (*c)++, group_label(wb, group), NULL);
        put_str(wb, s, row, (*c)++, group_id(wb, group, buf, sizeof buf), NULL);
}

/* Writes the statistic columns from column c on of one cell found in res. */
static void write_stats(struct workbook *wb, struct wsheet *s, lxw_row_t row, size_t c,
                        const struct results *res, const char *wave, const char *group,
                        const char *subject, const char *category)
{
        for (; c < s->ncols; c++) {
                char stat[64];
                const char *sub = subject;
                const char *at = strchr(s->cols[c].code, '@');
                snprintf(stat, sizeof stat, "%s", s->cols[c].code);
                if (at) {
                        stat[at - s->cols[c].code] = '\0';
                        sub = at + 1;
                }
                put_row(wb, s, row, c, results_find(res, wave, group, "", sub, stat, category),
                        s->cols[c].fmt);
        }
}

/* The summary matrix: one row per wave and group. */
static void write_summary(struct workbook *wb, const struct results *res)
{
        struct wsheet *s = &wb->sh[SH_SUMMARY];
        for (size_t w = 0; w < wb->cfg->nwaves; w++) {
                const char *wave = wb->cfg->waves[w].id;
                for (size_t g = 0; g <= wb->cfg->nmunis; g++) {
                        const char *group = group_at(wb->cfg, g);
                        if (!results_find(res, wave, group, "", "respondents", "respondents", ""))
                                continue;
                        lxw_row_t row = next_row(wb, s);
                        size_t c = 0;
                        write_key(wb, s, row, &c, wave, group);
                        write_stats(wb, s, row, c, res, wave, group, "respondents", "");
                }
        }
}

/*
 * Writes one row per (wave, group, subject[, category]) whose `anchor`
 * statistic is in res, in the order the statistics were computed. kinds
 * selects the subjects: items (with a codebook item), dimensions, or both.
 */
static void write_cells(struct workbook *wb, const struct results *res, struct wsheet *s,
                        const char *anchor, int kinds, int with_category)
{
        size_t n = results_count(res);
        for (size_t i = 0; i < n; i++) {
                const struct result_row *r = results_row(res, i);
                if (r->breakdown[0] || strcmp(r->statistic, anchor))
                        continue;
                const struct codebook *cb = wave_codebook(wb, r->wave);
                int kind = find_item(cb, r->subject)             ? SUBJ_ITEM
                           : find_dim(cb, r->subject)            ? SUBJ_DIM
                           : !strncmp(r->subject, "strategy", 8) ? SUBJ_STRATEGY
                                                                 : 0;
                if (!(kind & kinds))
                        continue;
                lxw_row_t row = next_row(wb, s);
                size_t c = 0;
                if (kind == SUBJ_STRATEGY) {
                        char buf[256];
                        put_str(wb, s, row, c++, group_label(wb, r->group), NULL);
                        put_str(wb, s, row, c++, group_id(wb, r->group, buf, sizeof buf), NULL);
                        const char *area = r->subject[8] == ':' ? r->subject + 9 : "";
                        const struct codebook *any = NULL;
                        const struct dimension *d = NULL;
                        for (size_t k = 0; !d && k < wb->cfg->ninstruments; k++) {
                                any = wb->cfg->instruments[k].codebook;
                                d = find_dim(any, area);
                        }
                        put_str(wb, s, row, c++,
                                d         ? pick(wb, d->label, d->label_en)
                                : area[0] ? area
                                          : W(wb, S_TOTAL),
                                NULL);
                        put_str(wb, s, row, c++, r->subject, NULL);
                } else {
                        write_key(wb, s, row, &c, r->wave, r->group);
                        put_str(wb, s, row, c++, subject_label(wb, r->wave, r->subject), NULL);
                        put_str(wb, s, row, c++, r->subject, NULL);
                }
                if (with_category) {
                        put_str(wb, s, row, c++, r->category, NULL);
                        if (s == &wb->sh[SH_DIST])
                                put_str(wb, s, row, c++,
                                        answer_label(wb, r->wave, r->subject, r->category), NULL);
                }
                write_stats(wb, s, row, c, res, r->wave, r->group, r->subject,
                            with_category ? r->category : "");
        }
}

/* The comparisons: one row per test figure without a breakdown. */
static void write_tests(struct workbook *wb, const struct results *res)
{
        struct wsheet *s = &wb->sh[SH_TESTS];
        size_t n = results_count(res);
        for (size_t i = 0; i < n; i++) {
                const struct result_row *r = results_row(res, i);
                if (r->breakdown[0])
                        continue;
                size_t t = 0;
                while (t < NTESTS && strcmp(TESTS[t].stat, r->statistic))
                        t++;
                if (t == NTESTS)
                        continue;
                lxw_row_t row = next_row(wb, s);
                size_t c = 0;
                write_key(wb, s, row, &c, r->wave, r->group);
                put_str(wb, s, row, c++, subject_label(wb, r->wave, r->subject), NULL);
                put_str(wb, s, row, c++, r->subject, NULL);
                put_str(wb, s, row, c++, W(wb, TESTS[t].test), NULL);
                put_str(wb, s, row, c++, r->category, NULL);
                put_str(wb, s, row, c++, W(wb, TESTS[t].head), NULL);
                put_str(wb, s, row, c++, r->statistic, NULL);
                put_row(wb, s, row, c++, r, TESTS[t].fmt);
                if (r->n >= 0 && !r->note[0])
                        put_num(wb, s, row, c, (double)r->n, F_INT);
        }
}

static void write_quality(struct workbook *wb, const struct results *res,
                          const struct ingest_summary *const *sums)
{
        struct wsheet *s = &wb->sh[SH_QUALITY];
        for (size_t w = 0; w < wb->cfg->nwaves; w++) {
                const struct wave *wv = &wb->cfg->waves[w];
                const struct ingest_summary *sum = sums ? sums[w] : NULL;
                lxw_row_t row = next_row(wb, s);
                size_t c = 0;
                put_str(wb, s, row, c++, wv->id, NULL);
                put_str(wb, s, row, c++, file_base(wv->file), NULL);
                int carried = results_find(res, wv->id, "ALL", "", "rows", "read", "") != NULL;
                put_str(wb, s, row, c++,
                        W(wb, sum && carried ? S_WB_READ_OK
                              : carried      ? S_WB_READ_EARLIER
                                             : S_WB_READ_FAILED),
                        NULL);
                if (sum) {
                        put_str(wb, s, row, c, sum->encoding, NULL);
                        char d[8] = "";
                        if (sum->delim == '\t')
                                snprintf(d, sizeof d, "TAB");
                        else if (sum->delim)
                                snprintf(d, sizeof d, "%c", sum->delim);
                        put_str(wb, s, row, c + 1, d, NULL);
                }
                c += 2;
                for (; c < s->ncols; c++) {
                        char stat[32];
                        snprintf(stat, sizeof stat, "%s", s->cols[c].code);
                        *strchr(stat, '@') = '\0';
                        put_row(wb, s, row, c,
                                results_find(res, wv->id, "ALL", "", "rows", stat, ""),
                                s->cols[c].fmt);
                }
        }
}

/* Formats a threshold with the report's decimal mark. */
static void fmt_num(const struct workbook *wb, char *buf, size_t n, double v)
{
        snprintf(buf, n, "%g", v);
        char *dot = strchr(buf, '.');
        if (dot && wb->lang != STRTAB_EN)
                *dot = ',';
}

static void readme_line(struct workbook *wb, const char *a, const char *b, const char *code,
                        const char *text)
{
        struct wsheet *s = &wb->sh[SH_README];
        lxw_row_t row = next_row(wb, s);
        static const double width[4] = {24, 24, 20, 80};
        const char *text4[4] = {a, b, code, text};
        int lines = 1;
        for (int c = 0; c < 4; c++) {
                int l = text4[c] && c != 2 ? text_lines(text4[c], width[c]) : 1;
                lines = l > lines ? l : lines;
        }
        if (s->ws && lines > 1)
                note_err(wb, worksheet_set_row(s->ws, row, 15.0 * lines, NULL));
        put_str(wb, s, row, 0, a, wb->wrap);
        put_str(wb, s, row, 1, b, wb->wrap);
        put_str(wb, s, row, 2, code, NULL);
        put_str(wb, s, row, 3, text, wb->wrap);
}

static void readme_sheet(struct workbook *wb, const struct wsheet *s)
{
        readme_line(wb, W(wb, s->name), "", "", W(wb, s->help));
        for (size_t c = 0; c < s->ncols; c++) {
                const char *code = s->cols[c].code;
                const char *help = "";
                if (!strcmp(code, "key:wave"))
                        help = W(wb, S_WB_HELP_WAVE);
                else if (!strcmp(code, "key:group"))
                        help = W(wb, S_WB_HELP_GROUP);
                else if (!strcmp(code, "key:group_id"))
                        help = W(wb, S_WB_HELP_GROUP_ID);
                else if (!strcmp(code, "key:subject"))
                        help = W(wb, S_WB_HELP_SUBJECT_ID);
                else if (!strcmp(code, "key:breakdown"))
                        help = W(wb, S_WB_HELP_BREAKDOWN_ID);
                else if (!strcmp(code, "key:category"))
                        help = W(wb, s == &wb->sh[SH_CHANGE]  ? S_WB_HELP_COMPARED
                                     : s == &wb->sh[SH_TESTS] ? S_WB_HELP_GROUPS
                                                              : S_WB_HELP_ANSWER_CODE);
                else if (!strcmp(code, "key:statistic"))
                        help = W(wb, S_WB_HELP_STAT_CODE);
                readme_line(wb, W(wb, s->name), s->cols[c].head, code, help);
        }
}

static void write_readme(struct workbook *wb)
{
        const struct config *cfg = wb->cfg;
        char buf[1024], a[32], b[32], c[32], d[32];
        snprintf(buf, sizeof buf, W(wb, S_WB_TITLE), cfg->region);
        readme_line(wb, buf, "", "", W(wb, S_WB_INTRO));
        time_t t = doc_date(cfg);
        struct tm tm;
        char date[32] = "";
        if (cfg->report_date)
                snprintf(date, sizeof date, "%s", cfg->report_date);
        else if (gmtime_r(&t, &tm))
                strftime(date, sizeof date, "%Y-%m-%d", &tm);
        readme_line(wb, W(wb, S_WB_DATE), "", "", date);
        for (size_t w = 0; w < cfg->nwaves; w++) {
                const struct wave *wv = &cfg->waves[w];
                const struct instrument *in = &cfg->instruments[wv->instrument];
                snprintf(buf, sizeof buf, "%s (%d): %s", wv->id, wv->year,
                         pick(wb, in->title ? in->title : in->id, in->title_en));
                readme_line(wb, W(wb, S_WB_SOURCE), file_base(wv->file), "", buf);
        }
        snprintf(buf, sizeof buf, W(wb, S_WB_RULE_SUPPRESSION), cfg->min_group,
                 W(wb, S_SUPPRESSED_CELL));
        readme_line(wb, W(wb, S_WB_DEFINITIONS), "", "", buf);
        fmt_num(wb, a, sizeof a, cfg->th.red_below);
        fmt_num(wb, b, sizeof b, cfg->th.green_from);
        snprintf(buf, sizeof buf, W(wb, S_METHOD_INDEX), a, a, b, b);
        readme_line(wb, W(wb, S_WB_DEFINITIONS), "", "", buf);
        fmt_num(wb, c, sizeof c, cfg->th.gap_yellow);
        fmt_num(wb, d, sizeof d, cfg->th.gap_red);
        snprintf(buf, sizeof buf, W(wb, S_METHOD_GAP), c, d);
        readme_line(wb, W(wb, S_WB_DEFINITIONS), "", "", buf);
        readme_line(wb, W(wb, S_WB_DEFINITIONS), "", "", W(wb, S_METHOD_MATURITY));
        readme_line(wb, W(wb, S_WB_DEFINITIONS), "", "", W(wb, S_METHOD_CI));
        readme_line(wb, W(wb, S_WB_DEFINITIONS), "", "", W(wb, S_WB_DEF_FIGURES));
        readme_line(wb, W(wb, S_WB_DEFINITIONS), "", "", W(wb, S_WB_DEF_SPLIT));
        for (int i = 0; i < SH_COUNT; i++)
                readme_sheet(wb, &wb->sh[i]);
        for (size_t k = 0; k < wb->nparts; k++) {
                part_name(wb, wb->parts[k].name, wb->parts[k].part + 1, buf, sizeof buf);
                readme_line(wb, buf, "", "", W(wb, S_WB_HELP_PART));
        }
}

static void wb_free(struct workbook *wb)
{
        for (int i = 0; i < SH_COUNT; i++) {
                for (size_t c = 0; c < wb->sh[i].ncols; c++) {
                        free(wb->sh[i].cols[c].code);
                        free(wb->sh[i].cols[c].head);
                }
                free(wb->sh[i].cols);
        }
        for (int g = 0; g < NGATHER; g++) {
                held_clear(&wb->gather[g]);
                for (int i = 0; i < 5; i++)
                        free(wb->gather[g].key[i]);
        }
        strmap_clear(&wb->stat_id);
        results_free(wb->mine);
        free(wb->last_wave);
        free(wb->last_subject);
        free(wb->parts);
        free(wb);
}

int workbook_finish(struct workbook *wb, const struct ingest_summary *const *sums,
                    struct outset *os, struct err *e)
{
        const struct results *res = wb->mine;
        for (int g = 0; g < NGATHER; g++)
                flush_gather(wb, &wb->gather[g]);
        write_summary(wb, res);
        write_cells(wb, res, &wb->sh[SH_CHANGE], "change_diff", SUBJ_DIM, 1);
        write_cells(wb, res, &wb->sh[SH_GAP], "gap_mean", SUBJ_DIM, 0);
        write_tests(wb, res);
        write_cells(wb, res, &wb->sh[SH_STRATEGY], "actions", SUBJ_STRATEGY, 0);
        write_quality(wb, res, sums);
        /* The read-me last: it lists the continuation parts the others needed. */
        write_readme(wb);
        for (int i = 0; i < SH_COUNT; i++)
                part_end(wb, &wb->sh[i]);
        lxw_error rc = workbook_close(wb->xl);
        wb->xl = NULL;
        if (wb->lxerr == LXW_NO_ERROR)
                wb->lxerr = rc;
        if (wb->lxerr != LXW_NO_ERROR) {
                err_set(e, DM_EX_IOERR, "%s: cannot write the workbook: %s", wb->af.path,
                        lxw_strerror(wb->lxerr));
                atomicfile_abort(&wb->af);
                wb_free(wb);
                return -1;
        }
        int orc = outset_add(os, &wb->af, e);
        wb_free(wb);
        return orc;
}

void workbook_abort(struct workbook *wb)
{
        if (!wb)
                return;
        if (wb->xl) {
                /* Nothing of it is kept: close into the temporary file, then remove that. */
                workbook_close(wb->xl);
                wb->xl = NULL;
        }
        atomicfile_abort(&wb->af);
        wb_free(wb);
}

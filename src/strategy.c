/*
 * strategy.c - reads the actions register and the indicators table (through
 * csvread), checks every row, derives each action's state as of the report
 * date and adds the strategy follow-up figures to the results table.
 *
 * Both files are read the same way: the header row is mapped onto a column
 * table (names matched with text_key(), English or Finnish), the rows are
 * collected as trimmed texts, then each row is checked and every problem is
 * counted; the first one is reported. A register with any problem is not used
 * at all, so no action or value is ever dropped silently.
 */
#include "strategy.h"
#include "msgcat.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "codebook.h"
#include "csvread.h"

enum { YEAR_MIN = 1990, YEAR_MAX = 2100, MAX_COLS = 12 };

/* Reading a register: the column table, the header map and the rows. */

struct colspec {
        const char *names[3]; /* accepted header names (text_key form); names[0] is canonical */
        int required;         /* 1 when the column must be present */
};

enum action_col {
        A_ID,
        A_AREA,
        A_TITLE,
        A_RESP,
        A_MUNIS,
        A_START,
        A_END,
        A_STATUS,
        A_SDATE,
        A_NOTE,
        A_TITLE_EN,
        A_COUNT
};

static const struct colspec action_cols[A_COUNT] = {
    [A_ID] = {{"id", "tunnus"}, 1},
    [A_AREA] = {{"area", "toimenpidekokonaisuus"}, 1},
    [A_TITLE] = {{"title", "toimenpide"}, 1},
    [A_RESP] = {{"responsible", "vastuutaho"}, 0},
    [A_MUNIS] = {{"municipalities", "kunnat"}, 1},
    [A_START] = {{"start", "alku"}, 1},
    [A_END] = {{"end", "loppu"}, 1},
    [A_STATUS] = {{"status", "tila"}, 1},
    [A_SDATE] = {{"status_date", "status date", "muutospäivä"}, 1},
    [A_NOTE] = {{"note", "huomautus"}, 0},
    [A_TITLE_EN] = {{"title_en", "toimenpide_en"}, 0},
};

enum indicator_col {
        I_ID,
        I_NAME,
        I_MUNI,
        I_YEAR,
        I_VALUE,
        I_UNIT,
        I_BETTER,
        I_NOTE,
        I_NAME_EN,
        I_UNIT_EN,
        I_COUNT
};

static const struct colspec indicator_cols[I_COUNT] = {
    [I_ID] = {{"id", "tunnus"}, 1},
    [I_NAME] = {{"name", "nimi"}, 1},
    [I_MUNI] = {{"municipality", "kunta"}, 1},
    [I_YEAR] = {{"year", "vuosi"}, 1},
    [I_VALUE] = {{"value", "arvo"}, 1},
    [I_UNIT] = {{"unit", "yksikkö"}, 0},
    [I_BETTER] = {{"better", "parempi"}, 1},
    [I_NOTE] = {{"note", "huomautus"}, 0},
    [I_NAME_EN] = {{"name_en", "nimi_en"}, 0},
    [I_UNIT_EN] = {{"unit_en", "yksikkö_en"}, 0},
};

struct sheet_row {
        char *f[MAX_COLS]; /* trimmed cell texts, "" when absent */
        int line;
};

struct sheet {
        const char *path;
        const struct colspec *spec;
        int ncols;
        int map[MAX_COLS];   /* spec column -> CSV field index, -1 = absent */
        char *hdr[MAX_COLS]; /* header text as written, for messages */
        size_t nheader;      /* fields in the header row */
        int have_header;
        struct sheet_row *rows;
        size_t nrows;
        long nproblems;  /* problems found so far */
        char first[900]; /* the first problem, "file:line: ..." */
        struct err *e;   /* set when reading must stop (header problems) */
};

static void problem(struct sheet *sh, long line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Records a problem of row `line` in spec column col (-1: the whole row). */
static void problem(struct sheet *sh, long line, int col, const char *fmt, ...)
{
        if (sh->nproblems++)
                return;
        char msg[768];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, msgcat_fmt(fmt), ap);
        va_end(ap);
        if (col >= 0)
                snprintf(sh->first, sizeof sh->first, msgcat_fmt("%s:%ld: column \"%s\": %s"), sh->path, line,
                         sh->hdr[col] ? sh->hdr[col] : sh->spec[col].names[0], msg);
        else
                snprintf(sh->first, sizeof sh->first, "%s:%ld: %s", sh->path, line, msg);
}

/* Fills e from the problems found; returns -1. */
static int sheet_fail(const struct sheet *sh, struct err *e)
{
        long more = sh->nproblems - 1;
        if (!more)
                return err_set(e, DM_EX_DATAERR, "%s", sh->first);
        return err_set(e, DM_EX_DATAERR, "%s (and %ld more problem%s in this file)", sh->first,
                       more, more == 1 ? "" : "s");
}

static void column_list(const struct sheet *sh, struct strbuf *sb)
{
        for (int c = 0; c < sh->ncols; c++)
                strbuf_addf(sb, "%s%s", c ? ", " : "", sh->spec[c].names[0]);
}

static int find_col(const struct sheet *sh, const char *key)
{
        for (int c = 0; c < sh->ncols; c++)
                for (int k = 0; k < 3 && sh->spec[c].names[k]; k++)
                        if (!strcmp(key, sh->spec[c].names[k]))
                                return c;
        return -1;
}

static int header_row(struct sheet *sh, const struct csvrow *row)
{
        for (int c = 0; c < sh->ncols; c++)
                sh->map[c] = -1;
        sh->nheader = row->nfields;
        struct strbuf sb;
        strbuf_init(&sb);
        column_list(sh, &sb);
        int rc = 0;
        for (size_t i = 0; i < row->nfields && !rc; i++) {
                char *k = text_key(row->fields[i]);
                int c = find_col(sh, k);
                if (c < 0 && *k)
                        rc = err_set(sh->e, DM_EX_DATAERR,
                                     "%s:%ld: unknown column \"%s\"; expected the columns %s "
                                     "(see README, Strategy follow-up)",
                                     sh->path, row->line, row->fields[i], strbuf_str(&sb));
                else if (c >= 0 && sh->map[c] >= 0)
                        rc = err_set(sh->e, DM_EX_DATAERR, "%s:%ld: column \"%s\" appears twice",
                                     sh->path, row->line, row->fields[i]);
                else if (c >= 0) {
                        sh->map[c] = (int)i;
                        sh->hdr[c] = trim_inplace(xstrdup(row->fields[i]));
                }
                free(k);
        }
        for (int c = 0; c < sh->ncols && !rc; c++)
                if (sh->spec[c].required && sh->map[c] < 0)
                        rc = err_set(sh->e, DM_EX_DATAERR,
                                     "%s:%ld: missing column \"%s\"; the first row must name the "
                                     "columns %s (see README, Strategy follow-up)",
                                     sh->path, row->line, sh->spec[c].names[0], strbuf_str(&sb));
        strbuf_clear(&sb);
        sh->have_header = 1;
        return rc ? 1 : 0;
}

static int sheet_row_cb(void *ctx, const struct csvrow *row)
{
        struct sheet *sh = ctx;
        if (row->problem) {
                if (!sh->have_header) {
                        err_set(sh->e, DM_EX_DATAERR, "%s:%ld: %s", sh->path, row->line,
                                row->problem);
                        return 1;
                }
                problem(sh, row->line, -1, "%s", row->problem);
                return 0;
        }
        if (!sh->have_header)
                return header_row(sh, row);
        struct sheet_row r;
        r.line = (int)row->line;
        int empty = 1;
        for (int c = 0; c < sh->ncols; c++) {
                int i = sh->map[c];
                r.f[c] = xstrdup(i >= 0 && (size_t)i < row->nfields ? row->fields[i] : "");
                trim_inplace(r.f[c]);
                if (*r.f[c])
                        empty = 0;
        }
        size_t extra = 0;
        for (size_t i = sh->nheader; i < row->nfields; i++) {
                char *t = trim_inplace(xstrdup(row->fields[i]));
                if (*t)
                        extra = i + 1;
                free(t);
        }
        int comment = r.f[0][0] == '#';
        if (!comment && extra)
                problem(sh, row->line, -1,
                        "the row has %zu fields, the header only %zu; expected "
                        "nothing right of the last named column",
                        extra, sh->nheader);
        if (empty || comment || extra) {
                for (int c = 0; c < sh->ncols; c++)
                        free(r.f[c]);
                return 0;
        }
        sh->rows = xrealloc(sh->rows, (sh->nrows + 1) * sizeof *sh->rows);
        sh->rows[sh->nrows++] = r;
        return 0;
}

static void sheet_clear(struct sheet *sh)
{
        for (size_t i = 0; i < sh->nrows; i++)
                for (int c = 0; c < sh->ncols; c++)
                        free(sh->rows[i].f[c]);
        free(sh->rows);
        for (int c = 0; c < sh->ncols; c++)
                free(sh->hdr[c]);
        memset(sh, 0, sizeof *sh);
}

/*
 * Reads path into sh. Returns 0 (problems in rows are counted in sh, not
 * failed on), or -1 with e set when the file cannot be read or its header is
 * wrong.
 */
static int sheet_read(struct sheet *sh, const char *path, const struct colspec *spec, int ncols,
                      struct err *e)
{
        memset(sh, 0, sizeof *sh);
        sh->path = path;
        sh->spec = spec;
        sh->ncols = ncols;
        sh->e = e;
        if (csvread_file(path, NULL, sheet_row_cb, sh, NULL, e))
                return -1;
        if (!sh->have_header)
                return err_set(e, DM_EX_DATAERR, "%s: no header row", path);
        return 0;
}

/* Cell texts: ids, dates, words. */


/* Reads lo..hi decimal digits at *p; returns -1 when fewer or more follow. */
static int digits(const char **p, int lo, int hi, int *out)
{
        int n = 0, v = 0;
        while (isdigit((unsigned char)**p) && n < hi) {
                v = v * 10 + (**p - '0');
                (*p)++;
                n++;
        }
        if (n < lo || isdigit((unsigned char)**p))
                return -1;
        *out = v;
        return 0;
}

static int days_in_month(int y, int m)
{
        static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        return m == 2 && leap ? 29 : days[m - 1];
}

/* Parses "YYYY-MM-DD" (or Excel's Finnish "D.M.YYYY"). Returns 0, or -1. */
static int parse_date(const char *s, int *y, int *m, int *d)
{
        const char *p = s;
        int ok = !digits(&p, 4, 4, y) && *p++ == '-' && !digits(&p, 1, 2, m) && *p++ == '-' &&
                 !digits(&p, 1, 2, d) && !*p;
        if (!ok) {
                p = s;
                ok = !digits(&p, 1, 2, d) && *p++ == '.' && !digits(&p, 1, 2, m) && *p++ == '.' &&
                     !digits(&p, 4, 4, y) && !*p;
        }
        if (!ok || *y < YEAR_MIN || *y > YEAR_MAX || *m < 1 || *m > 12 || *d < 1 ||
            *d > days_in_month(*y, *m))
                return -1;
        return 0;
}

/*
 * Parses a planned start or end: "YYYY" (month 0), "YYYY-MM", "M/YYYY",
 * "M.YYYY", or a whole date (the day is ignored: Excel turns months into
 * dates). Returns 0, or -1.
 */
static int parse_period(const char *s, int *y, int *m)
{
        const char *p = s;
        *m = 0;
        int ok = !digits(&p, 4, 4, y) && !*p;
        if (!ok) {
                p = s;
                ok = !digits(&p, 4, 4, y) && *p++ == '-' && !digits(&p, 1, 2, m) && !*p;
        }
        if (!ok) {
                p = s;
                ok = !digits(&p, 1, 2, m) && (*p == '/' || *p == '.');
                ok = ok && (p++, !digits(&p, 4, 4, y)) && !*p;
        }
        int d;
        if (!ok && !parse_date(s, y, m, &d))
                ok = 1;
        if (!ok || *y < YEAR_MIN || *y > YEAR_MAX || *m < 0 || *m > 12)
                return -1;
        return 0;
}

/* Months since year 0: a start without a month is January, an end December. */
static int month_index(int y, int m, int is_end)
{
        return y * 12 + (m ? m : is_end ? 12 : 1) - 1;
}

static void format_period(char *buf, size_t n, int y, int m)
{
        if (m)
                snprintf(buf, n, "%04d-%02d", y, m);
        else
                snprintf(buf, n, "%04d", y);
}

static const struct {
        const char *word; /* text_key form */
        enum strategy_status st;
} status_words[] = {
    {"planned", STRATEGY_PLANNED},         {"suunniteltu", STRATEGY_PLANNED},
    {"suunnitteilla", STRATEGY_PLANNED},   {"in progress", STRATEGY_IN_PROGRESS},
    {"in_progress", STRATEGY_IN_PROGRESS}, {"käynnissä", STRATEGY_IN_PROGRESS},
    {"implemented", STRATEGY_IMPLEMENTED}, {"toteutettu", STRATEGY_IMPLEMENTED},
    {"postponed", STRATEGY_POSTPONED},     {"siirretty", STRATEGY_POSTPONED},
    {"cancelled", STRATEGY_CANCELLED},     {"canceled", STRATEGY_CANCELLED},
    {"peruttu", STRATEGY_CANCELLED},
};

static const char *const status_names[STRATEGY_STATUS_COUNT] = {
    [STRATEGY_PLANNED] = "planned",         [STRATEGY_IN_PROGRESS] = "in_progress",
    [STRATEGY_IMPLEMENTED] = "implemented", [STRATEGY_POSTPONED] = "postponed",
    [STRATEGY_CANCELLED] = "cancelled",
};

const char *strategy_status_name(enum strategy_status st)
{
        return st >= 0 && st < STRATEGY_STATUS_COUNT ? status_names[st] : "?";
}

static int lookup_status(const char *s, enum strategy_status *out)
{
        char *k = text_key(s);
        int found = 0;
        for (size_t i = 0; i < sizeof status_words / sizeof status_words[0] && !found; i++)
                if (!strcmp(k, status_words[i].word)) {
                        *out = status_words[i].st;
                        found = 1;
                }
        free(k);
        return found;
}

/* Words that mean the whole region (besides the region's configured name). */
static const char *const region_words[] = {"all", "koko seutu", "kaikki", "seutu"};

static int is_region(const struct config *cfg, const char *s)
{
        char *k = text_key(s);
        int found = 0;
        for (size_t i = 0; i < sizeof region_words / sizeof region_words[0]; i++)
                found |= !strcmp(k, region_words[i]);
        if (!found && cfg->region) {
                char *kr = text_key(cfg->region);
                found = !strcmp(k, kr);
                free(kr);
        }
        free(k);
        return found;
}

static const struct {
        const char *word; /* text_key form */
        int higher;
} better_words[] = {
    {"higher", 1},
    {"suurempi", 1},
    {"lower", 0},
    {"pienempi", 0},
};

static int lookup_better(const char *s, int *higher)
{
        char *k = text_key(s);
        int found = 0;
        for (size_t i = 0; i < sizeof better_words / sizeof better_words[0] && !found; i++)
                if (!strcmp(k, better_words[i].word)) {
                        *higher = better_words[i].higher;
                        found = 1;
                }
        free(k);
        return found;
}

static void muni_list(const struct config *cfg, struct strbuf *sb)
{
        for (size_t m = 0; m < cfg->nmunis; m++)
                strbuf_addf(sb, "%s%s", m ? ", " : "", cfg->munis[m].name);
}

/* Action areas: the dimensions of the loaded codebooks, each once. */

struct areas {
        const char **ids; /* borrowed from the codebooks */
        size_t n;
};

static void areas_collect(const struct config *cfg, struct areas *a)
{
        a->ids = NULL;
        a->n = 0;
        for (size_t i = 0; i < cfg->ninstruments; i++) {
                const struct codebook *cb = cfg->instruments[i].codebook;
                for (size_t d = 0; cb && d < cb->ndims; d++) {
                        size_t j = 0;
                        while (j < a->n && strcmp(a->ids[j], cb->dims[d].id))
                                j++;
                        if (j < a->n)
                                continue;
                        a->ids = xrealloc(a->ids, (a->n + 1) * sizeof *a->ids);
                        a->ids[a->n++] = cb->dims[d].id;
                }
        }
}

/* Returns the canonical id of area s, or NULL when it is not an area. */
static const char *areas_match(const struct areas *a, const char *s)
{
        if (!a->n)
                return id_valid(s) ? s : NULL;
        char *k = text_key(s);
        const char *found = NULL;
        for (size_t i = 0; i < a->n && !found; i++) {
                char *ka = text_key(a->ids[i]);
                if (!strcmp(k, ka))
                        found = a->ids[i];
                free(ka);
        }
        free(k);
        return found;
}

/* The actions register. */

static void parse_munis(const struct config *cfg, struct sheet *sh, const struct sheet_row *r,
                        struct strategy_action *a)
{
        const char *cell = r->f[A_MUNIS];
        if (!*cell) {
                problem(sh, r->line, A_MUNIS,
                        "empty; expected the municipalities that take part, separated by ';', "
                        "or \"koko seutu\" for the whole region");
                return;
        }
        char *buf = xstrdup(cell);
        char *save = NULL;
        for (char *tok = strtok_r(buf, ";,", &save); tok; tok = strtok_r(NULL, ";,", &save)) {
                trim_inplace(tok);
                if (!*tok)
                        continue;
                if (is_region(cfg, tok)) {
                        a->whole_region = 1;
                        continue;
                }
                int m = config_find_muni(cfg, tok);
                if (m >= 0) {
                        a->takes_part[m] = 1;
                        continue;
                }
                struct strbuf sb;
                strbuf_init(&sb);
                muni_list(cfg, &sb);
                problem(sh, r->line, A_MUNIS,
                        "unknown municipality \"%s\"; expected one of %s, or \"koko seutu\" for "
                        "the whole region",
                        tok, strbuf_str(&sb));
                strbuf_clear(&sb);
        }
        free(buf);
        if (a->whole_region)
                memset(a->takes_part, 1, cfg->nmunis);
}

static void action_clear(struct strategy_action *a)
{
        free(a->id);
        free(a->area);
        free(a->title);
        free(a->title_en);
        free(a->responsible);
        free(a->note);
        free(a->takes_part);
}

/* Checks one row; returns 0 and fills a, or -1 (problems recorded in sh). */
static int parse_action(const struct config *cfg, const struct areas *areas, struct sheet *sh,
                        struct strmap *ids, const struct sheet_row *r, struct strategy_action *a)
{
        long before = sh->nproblems;
        char *const *f = r->f;
        memset(a, 0, sizeof *a);
        a->line = r->line;
        a->takes_part = xcalloc(cfg->nmunis ? cfg->nmunis : 1, 1);
        int prev;
        if (!*f[A_ID])
                problem(sh, r->line, A_ID, "empty; expected the action's id");
        else if (!id_valid(f[A_ID]))
                problem(sh, r->line, A_ID,
                        "\"%s\" is not an id; expected letters, digits, '_', '-' or '.'", f[A_ID]);
        else if (strmap_get(ids, f[A_ID], &prev))
                problem(sh, r->line, A_ID,
                        "action \"%s\" is already on line %d; expected a unique id", f[A_ID], prev);
        else
                strmap_put(ids, f[A_ID], r->line);

        const char *area = areas_match(areas, f[A_AREA]);
        if (!*f[A_AREA] || !area) {
                struct strbuf sb;
                strbuf_init(&sb);
                for (size_t i = 0; i < areas->n; i++)
                        strbuf_addf(&sb, "%s%s", i ? ", " : "", areas->ids[i]);
                if (!*f[A_AREA])
                        problem(sh, r->line, A_AREA, "empty; expected an action area id (%s)",
                                areas->n ? strbuf_str(&sb) : "letters, digits, '_', '-'");
                else if (areas->n)
                        problem(sh, r->line, A_AREA,
                                "unknown action area \"%s\"; expected one of %s (the dimensions "
                                "of the codebooks)",
                                f[A_AREA], strbuf_str(&sb));
                else
                        problem(sh, r->line, A_AREA,
                                "\"%s\" is not an id; expected letters, digits, '_', '-' or '.'",
                                f[A_AREA]);
                strbuf_clear(&sb);
        }
        if (!*f[A_TITLE])
                problem(sh, r->line, A_TITLE, "empty; expected the action's title");
        parse_munis(cfg, sh, r, a);

        /* Planned period: start (i = 0) and end (i = 1). */
        static const int pcols[2] = {A_START, A_END};
        int *py[2] = {&a->start_year, &a->end_year}, *pm[2] = {&a->start_month, &a->end_month};
        int pok[2] = {0, 0};
        for (int i = 0; i < 2; i++) {
                const char *c = f[pcols[i]];
                if (!*c)
                        problem(sh, r->line, pcols[i],
                                "empty; expected a year (2023) or a month (2023-09)");
                else if (parse_period(c, py[i], pm[i]))
                        problem(sh, r->line, pcols[i],
                                "\"%s\" is not a year or a month; expected YYYY or YYYY-MM "
                                "between %d and %d",
                                c, YEAR_MIN, YEAR_MAX);
                else
                        pok[i] = 1;
        }
        if (pok[0] && pok[1] &&
            month_index(a->end_year, a->end_month, 1) <
                month_index(a->start_year, a->start_month, 0)) {
                char sbuf[16], ebuf[16];
                format_period(sbuf, sizeof sbuf, a->start_year, a->start_month);
                format_period(ebuf, sizeof ebuf, a->end_year, a->end_month);
                problem(sh, r->line, A_END,
                        "%s is before the planned start %s; expected an end on or after the "
                        "start",
                        ebuf, sbuf);
        }

        int stok = 0;
        if (!*f[A_STATUS])
                problem(sh, r->line, A_STATUS,
                        "empty; expected planned, in progress, implemented, postponed or "
                        "cancelled");
        else if (!lookup_status(f[A_STATUS], &a->status))
                problem(sh, r->line, A_STATUS,
                        "unknown status \"%s\"; expected planned, in progress, implemented, "
                        "postponed or cancelled (or suunniteltu, käynnissä, toteutettu, "
                        "siirretty, peruttu)",
                        f[A_STATUS]);
        else
                stok = 1;

        int y, m, d;
        if (*f[A_SDATE]) {
                if (parse_date(f[A_SDATE], &y, &m, &d))
                        problem(sh, r->line, A_SDATE, "\"%s\" is not a date; expected YYYY-MM-DD",
                                f[A_SDATE]);
                else
                        snprintf(a->status_date, sizeof a->status_date, "%04d-%02d-%02d", y, m, d);
        } else if (stok && a->status != STRATEGY_PLANNED) {
                problem(sh, r->line, A_SDATE,
                        "empty; expected the date (YYYY-MM-DD) when the status became \"%s\"",
                        f[A_STATUS]);
        }
        if (sh->nproblems != before)
                return -1;
        a->id = xstrdup(f[A_ID]);
        a->area = xstrdup(area);
        a->title = xstrdup(f[A_TITLE]);
        a->title_en = xstrdup(f[A_TITLE_EN]);
        a->responsible = xstrdup(f[A_RESP]);
        a->note = xstrdup(f[A_NOTE]);
        return 0;
}

static int load_actions(const struct config *cfg, struct strategy *s, struct err *e)
{
        struct sheet sh;
        if (sheet_read(&sh, cfg->actions_file, action_cols, A_COUNT, e)) {
                sheet_clear(&sh);
                return -1;
        }
        struct areas areas;
        areas_collect(cfg, &areas);
        struct strmap ids;
        strmap_init(&ids);
        s->actions = xcalloc(sh.nrows ? sh.nrows : 1, sizeof *s->actions);
        for (size_t i = 0; i < sh.nrows; i++) {
                struct strategy_action a;
                if (parse_action(cfg, &areas, &sh, &ids, &sh.rows[i], &a))
                        action_clear(&a);
                else
                        s->actions[s->nactions++] = a;
        }
        strmap_clear(&ids);
        int rc = sh.nproblems ? sheet_fail(&sh, e) : 0;
        if (!rc) {
                /* Areas with actions: in codebook order, else in register order. */
                size_t nknown = areas.n;
                for (size_t i = 0; !nknown && i < s->nactions; i++) {
                        size_t j = 0;
                        while (j < areas.n && strcmp(areas.ids[j], s->actions[i].area))
                                j++;
                        if (j == areas.n) {
                                areas.ids = xrealloc(areas.ids, (areas.n + 1) * sizeof *areas.ids);
                                areas.ids[areas.n++] = s->actions[i].area;
                        }
                }
                s->areas = xcalloc(areas.n ? areas.n : 1, sizeof *s->areas);
                for (size_t j = 0; j < areas.n; j++) {
                        int used = 0;
                        for (size_t i = 0; i < s->nactions && !used; i++)
                                used = !strcmp(s->actions[i].area, areas.ids[j]);
                        if (used)
                                s->areas[s->nareas++] = xstrdup(areas.ids[j]);
                }
        }
        free(areas.ids);
        sheet_clear(&sh);
        return rc;
}

/* The indicators table. */

/* Digits after the decimal separator of a number as written (for rounding changes). */
static int decimals_of(const char *s)
{
        const char *p = strpbrk(s, ".,");
        if (!p)
                return 0;
        int n = 0;
        for (p++; isdigit((unsigned char)*p); p++)
                n++;
        return n > 12 ? 12 : n;
}

static struct strategy_series *series_for(struct strategy_indicator *ind, int group)
{
        for (size_t i = 0; i < ind->nseries; i++)
                if (ind->series[i].group == group)
                        return &ind->series[i];
        ind->series = xrealloc(ind->series, (ind->nseries + 1) * sizeof *ind->series);
        struct strategy_series *sr = &ind->series[ind->nseries++];
        memset(sr, 0, sizeof *sr);
        sr->group = group;
        return sr;
}

static int cmp_point(const void *a, const void *b)
{
        const struct strategy_point *x = a, *y = b;
        return (x->year > y->year) - (x->year < y->year);
}

static int cmp_series(const void *a, const void *b)
{
        const struct strategy_series *x = a, *y = b;
        return (x->group > y->group) - (x->group < y->group);
}

/* Checks the fields that every row of an indicator must repeat alike. */
static void same_as_first(struct sheet *sh, const struct sheet_row *r,
                          const struct strategy_indicator *ind, int higher)
{
        /* Texts that every row repeats: column, first row's text, how to say it. */
        const struct {
                int col;
                const char *first, *verb, *suffix, *noun;
        } texts[] = {
            {I_NAME, ind->name, N_("is named"), "", N_("name")},
            {I_UNIT, ind->unit, N_("has the unit"), "", N_("unit")},
            {I_NAME_EN, ind->name_en, N_("is named"), N_(" in English"), N_("English name")},
            {I_UNIT_EN, ind->unit_en, N_("has the English unit"), "", N_("English unit")},
        };
        for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++)
                if (strcmp(r->f[texts[k].col], texts[k].first))
                        problem(sh, r->line, texts[k].col,
                                "indicator \"%s\" %s \"%s\"%s on line %d; expected the same %s "
                                "on every row of an indicator",
                                ind->id, msgcat_fmt(texts[k].verb), texts[k].first,
                                msgcat_fmt(texts[k].suffix), ind->line, msgcat_fmt(texts[k].noun));
        if (higher >= 0 && higher != ind->higher_is_better)
                problem(sh, r->line, I_BETTER,
                        "indicator \"%s\" is better when %s on line %d; expected the same "
                        "direction on every row of an indicator",
                        ind->id, msgcat_fmt(ind->higher_is_better ? N_("higher") : N_("lower")),
                        ind->line);
}

static void parse_indicator(const struct config *cfg, struct sheet *sh, struct strmap *ids,
                            const struct sheet_row *r, struct strategy *s)
{
        long before = sh->nproblems;
        char *const *f = r->f;
        int idok = 0;
        if (!*f[I_ID])
                problem(sh, r->line, I_ID, "empty; expected the indicator's id");
        else if (!id_valid(f[I_ID]))
                problem(sh, r->line, I_ID,
                        "\"%s\" is not an id; expected letters, digits, '_', '-' or '.'", f[I_ID]);
        else
                idok = 1;
        if (!*f[I_NAME])
                problem(sh, r->line, I_NAME, "empty; expected the indicator's name");

        int group = -2;
        if (!*f[I_MUNI])
                problem(sh, r->line, I_MUNI,
                        "empty; expected a municipality, or \"ALL\" for the whole region");
        else if (is_region(cfg, f[I_MUNI]))
                group = -1;
        else if ((group = config_find_muni(cfg, f[I_MUNI])) < 0) {
                struct strbuf sb;
                strbuf_init(&sb);
                muni_list(cfg, &sb);
                problem(sh, r->line, I_MUNI,
                        "unknown municipality \"%s\"; expected one of %s, or \"ALL\" for the "
                        "whole region",
                        f[I_MUNI], strbuf_str(&sb));
                strbuf_clear(&sb);
                group = -2;
        }

        int year = 0;
        const char *p = f[I_YEAR];
        if (!*p)
                problem(sh, r->line, I_YEAR, "empty; expected a year such as 2023");
        else if (digits(&p, 4, 4, &year) || *p || year < YEAR_MIN || year > YEAR_MAX) {
                problem(sh, r->line, I_YEAR,
                        "\"%s\" is not a year; expected a year between %d and %d", f[I_YEAR],
                        YEAR_MIN, YEAR_MAX);
                year = 0;
        }

        double value = 0;
        if (!*f[I_VALUE])
                problem(sh, r->line, I_VALUE, "empty; expected a number (decimal comma or point)");
        else if (parse_decimal(f[I_VALUE], &value))
                problem(sh, r->line, I_VALUE,
                        "\"%s\" is not a number; expected a number such as 12 or 3,5", f[I_VALUE]);

        int higher = -1;
        if (!*f[I_BETTER])
                problem(sh, r->line, I_BETTER,
                        "empty; expected higher or lower (suurempi or pienempi)");
        else if (!lookup_better(f[I_BETTER], &higher)) {
                problem(sh, r->line, I_BETTER,
                        "unknown direction \"%s\"; expected higher or lower (suurempi or "
                        "pienempi)",
                        f[I_BETTER]);
                higher = -1;
        }

        if (!idok)
                return;
        int k;
        struct strategy_indicator *ind;
        if (strmap_get(ids, f[I_ID], &k)) {
                ind = &s->indicators[k];
                same_as_first(sh, r, ind, higher);
        } else {
                if (sh->nproblems != before)
                        return;
                s->indicators =
                    xrealloc(s->indicators, (s->nindicators + 1) * sizeof *s->indicators);
                ind = &s->indicators[s->nindicators];
                memset(ind, 0, sizeof *ind);
                ind->id = xstrdup(f[I_ID]);
                ind->name = xstrdup(f[I_NAME]);
                ind->unit = xstrdup(f[I_UNIT]);
                ind->name_en = xstrdup(f[I_NAME_EN]);
                ind->unit_en = xstrdup(f[I_UNIT_EN]);
                ind->higher_is_better = higher;
                ind->line = r->line;
                strmap_put(ids, f[I_ID], (int)s->nindicators++);
        }
        if (group < -1 || !year)
                return;
        struct strategy_series *sr = series_for(ind, group);
        for (size_t i = 0; i < sr->npoints; i++)
                if (sr->points[i].year == year) {
                        problem(sh, r->line, I_YEAR,
                                "indicator \"%s\" already has a %d value for %s on line %d; "
                                "expected one value per indicator, municipality and year",
                                ind->id, year, group < 0 ? "the region" : cfg->munis[group].name,
                                sr->points[i].line);
                        return;
                }
        if (sh->nproblems != before)
                return;
        sr->points = xrealloc(sr->points, (sr->npoints + 1) * sizeof *sr->points);
        sr->points[sr->npoints++] = (struct strategy_point){
            .year = year, .value = value, .line = r->line, .decimals = decimals_of(f[I_VALUE])};
}

static int load_indicators(const struct config *cfg, struct strategy *s, struct err *e)
{
        struct sheet sh;
        if (sheet_read(&sh, cfg->indicators_file, indicator_cols, I_COUNT, e)) {
                sheet_clear(&sh);
                return -1;
        }
        struct strmap ids;
        strmap_init(&ids);
        for (size_t i = 0; i < sh.nrows; i++)
                parse_indicator(cfg, &sh, &ids, &sh.rows[i], s);
        strmap_clear(&ids);
        for (size_t i = 0; i < s->nindicators; i++) {
                struct strategy_indicator *ind = &s->indicators[i];
                qsort(ind->series, ind->nseries, sizeof *ind->series, cmp_series);
                for (size_t j = 0; j < ind->nseries; j++)
                        qsort(ind->series[j].points, ind->series[j].npoints,
                              sizeof *ind->series[j].points, cmp_point);
        }
        int rc = sh.nproblems ? sheet_fail(&sh, e) : 0;
        sheet_clear(&sh);
        return rc;
}

/* The report date and each action's state then. */

/* The latest year of a status change or an indicator value, else of a planned start. */
static int latest_year(const struct strategy *s)
{
        int y = 0;
        for (size_t i = 0; i < s->nactions; i++)
                if (s->actions[i].status_date[0] && atoi(s->actions[i].status_date) > y)
                        y = atoi(s->actions[i].status_date);
        for (size_t i = 0; i < s->nindicators; i++)
                for (size_t j = 0; j < s->indicators[i].nseries; j++) {
                        const struct strategy_series *sr = &s->indicators[i].series[j];
                        if (sr->npoints && sr->points[sr->npoints - 1].year > y)
                                y = sr->points[sr->npoints - 1].year;
                }
        for (size_t i = 0; !y && i < s->nactions; i++)
                if (s->actions[i].start_year > y)
                        y = s->actions[i].start_year;
        return y;
}

static void set_report_date(const struct config *cfg, struct strategy *s)
{
        int y, m, d;
        if (!cfg->report_date || parse_date(cfg->report_date, &y, &m, &d)) {
                /* No date configured: the end of the latest year in the registers. */
                y = latest_year(s), m = 12, d = 31;
                if (!y)
                        return;
        }
        s->report_year = y, s->report_month = m, s->report_day = d;
        snprintf(s->report_date, sizeof s->report_date, "%04d-%02d-%02d", y, m, d);
}

static void derive_states(struct strategy *s)
{
        if (!s->report_year)
                return;
        int rmonth = month_index(s->report_year, s->report_month, 0);
        for (size_t i = 0; i < s->nactions; i++) {
                struct strategy_action *a = &s->actions[i];
                int started = month_index(a->start_year, a->start_month, 0) <= rmonth;
                a->status_at = a->status;
                /* A change dated after the report date had not happened yet. */
                if (a->status != STRATEGY_PLANNED && strcmp(a->status_date, s->report_date) > 0)
                        a->status_at = started ? STRATEGY_IN_PROGRESS : STRATEGY_PLANNED;
                a->in_plan = a->status_at != STRATEGY_CANCELLED &&
                             (started || a->status_at == STRATEGY_IMPLEMENTED);
                a->late = a->in_plan && a->status_at != STRATEGY_IMPLEMENTED &&
                          month_index(a->end_year, a->end_month, 1) < rmonth;
        }
}

struct strategy *strategy_load(const struct config *cfg, struct err *e)
{
        struct strategy *s = xcalloc(1, sizeof *s);
        s->nmunis = cfg->nmunis;
        if ((cfg->actions_file && load_actions(cfg, s, e)) ||
            (cfg->indicators_file && load_indicators(cfg, s, e))) {
                strategy_free(s);
                return NULL;
        }
        set_report_date(cfg, s);
        derive_states(s);
        return s;
}

void strategy_free(struct strategy *s)
{
        if (!s)
                return;
        for (size_t i = 0; i < s->nactions; i++)
                action_clear(&s->actions[i]);
        free(s->actions);
        for (size_t i = 0; i < s->nareas; i++)
                free(s->areas[i]);
        free(s->areas);
        for (size_t i = 0; i < s->nindicators; i++) {
                struct strategy_indicator *ind = &s->indicators[i];
                for (size_t j = 0; j < ind->nseries; j++)
                        free(ind->series[j].points);
                free(ind->series);
                free(ind->id);
                free(ind->name);
                free(ind->unit);
                free(ind->name_en);
                free(ind->unit_en);
        }
        free(s->indicators);
        free(s);
}

/* Figures. */

const char *strategy_light(const struct thresholds *th, double pct, long planned)
{
        if (planned <= 0)
                return "none";
        if (pct < th->progress_red_below)
                return "red";
        if (pct >= th->progress_green_from)
                return "green";
        return "yellow";
}

/* Counts per (area, group), in the order they appear in the results table. */
enum count {
        C_ACTIONS,
        C_PLANNED,
        C_IMPLEMENTED,
        C_IN_PROGRESS,
        C_NOT_STARTED,
        C_POSTPONED,
        C_CANCELLED,
        C_LATE,
        C_COUNT
};

static const char *const count_names[C_COUNT] = {
    [C_ACTIONS] = "actions",         [C_PLANNED] = "planned",
    [C_IMPLEMENTED] = "implemented", [C_IN_PROGRESS] = "in_progress",
    [C_NOT_STARTED] = "not_started", [C_POSTPONED] = "postponed",
    [C_CANCELLED] = "cancelled",     [C_LATE] = "late",
};

static void count_action(const struct strategy_action *a, long *c)
{
        static const enum count by_status[STRATEGY_STATUS_COUNT] = {
            [STRATEGY_PLANNED] = C_NOT_STARTED,     [STRATEGY_IN_PROGRESS] = C_IN_PROGRESS,
            [STRATEGY_IMPLEMENTED] = C_IMPLEMENTED, [STRATEGY_POSTPONED] = C_POSTPONED,
            [STRATEGY_CANCELLED] = C_CANCELLED,
        };
        c[C_ACTIONS]++;
        c[by_status[a->status_at]]++;
        c[C_PLANNED] += a->in_plan;
        c[C_LATE] += a->late;
}

static void add_progress(const struct config *cfg, struct results *res, const char *subject,
                         const char *group, const long *c, const long *region, int is_muni)
{
        for (int k = 0; k < C_COUNT; k++)
                results_add(res, "", group, "", subject, count_names[k], "", (double)c[k], -1);
        double pct = c[C_PLANNED] ? 100.0 * (double)c[C_IMPLEMENTED] / (double)c[C_PLANNED] : 0;
        if (c[C_PLANNED])
                results_add(res, "", group, "", subject, "implemented_pct", "", pct, c[C_PLANNED]);
        else
                results_add_note(res, "", group, "", subject, "implemented_pct", "",
                                 "not_applicable");
        results_add_text(res, "", group, "", subject, "light", "",
                         strategy_light(&cfg->th, pct, c[C_PLANNED]), c[C_PLANNED]);
        if (!is_muni)
                return;
        results_add(res, "", group, "", subject, "participates", "", (double)c[C_ACTIONS], -1);
        if (region[C_ACTIONS])
                results_add(res, "", group, "", subject, "participates_pct", "",
                            100.0 * (double)c[C_ACTIONS] / (double)region[C_ACTIONS],
                            region[C_ACTIONS]);
        else
                results_add_note(res, "", group, "", subject, "participates_pct", "",
                                 "not_applicable");
}

static void add_actions(const struct config *cfg, const struct strategy *s, struct results *res)
{
        size_t ng = cfg->nmunis + 1; /* group 0 = region, g = municipality g - 1 */
        size_t na = s->nareas + 1;   /* area index nareas = all areas */
        long *cnt = xcalloc(na * ng * C_COUNT, sizeof *cnt);
        for (size_t i = 0; i < s->nactions; i++) {
                const struct strategy_action *a = &s->actions[i];
                size_t ai = 0;
                while (ai < s->nareas && strcmp(s->areas[ai], a->area))
                        ai++;
                for (size_t g = 0; g < ng; g++) {
                        if (g && !a->takes_part[g - 1])
                                continue;
                        count_action(a, &cnt[(ai * ng + g) * C_COUNT]);
                        count_action(a, &cnt[(s->nareas * ng + g) * C_COUNT]);
                }
        }
        struct strbuf subject;
        strbuf_init(&subject);
        for (size_t ai = 0; ai < na; ai++) {
                strbuf_reset(&subject);
                if (ai < s->nareas)
                        strbuf_addf(&subject, "strategy:%s", s->areas[ai]);
                else
                        strbuf_adds(&subject, "strategy");
                const long *region = &cnt[(ai * ng) * C_COUNT];
                for (size_t g = 0; g < ng; g++)
                        add_progress(cfg, res, strbuf_str(&subject),
                                     g ? cfg->munis[g - 1].name : "ALL",
                                     &cnt[(ai * ng + g) * C_COUNT], region, g > 0);
        }
        for (size_t i = 0; i < s->nactions; i++) {
                const struct strategy_action *a = &s->actions[i];
                strbuf_reset(&subject);
                strbuf_addf(&subject, "action:%s", a->id);
                const char *sj = strbuf_str(&subject);
                results_add_text(res, "", "ALL", "", sj, "status", "",
                                 strategy_status_name(a->status_at), -1);
                results_add(res, "", "ALL", "", sj, "in_plan", "", a->in_plan, -1);
                results_add(res, "", "ALL", "", sj, "late", "", a->late, -1);
        }
        strbuf_clear(&subject);
        free(cnt);
}

/* Rounds a difference to the decimals its two values were written with. */
static double change(const struct strategy_point *now, const struct strategy_point *then)
{
        int k = now->decimals > then->decimals ? now->decimals : then->decimals;
        double scale = pow(10, k);
        return round((now->value - then->value) * scale) / scale;
}

static const char *direction(double diff, int higher_is_better)
{
        if (diff == 0)
                return "same";
        return (diff > 0) == (higher_is_better != 0) ? "better" : "worse";
}

static void add_series(const struct strategy *s, const struct strategy_indicator *ind,
                       const struct strategy_series *sr, const char *group, int start,
                       struct results *res)
{
        char subject[200], cat[16];
        snprintf(subject, sizeof subject, "indicator:%s", ind->id);
        const struct strategy_point *base = NULL;
        for (size_t i = 0; i < sr->npoints && !base; i++)
                if (sr->points[i].year >= start && sr->points[i].year <= s->report_year)
                        base = &sr->points[i];
        if (base)
                results_add(res, "", group, "", subject, "baseline_year", "", base->year, -1);
        for (size_t i = 0; i < sr->npoints; i++) {
                const struct strategy_point *p = &sr->points[i];
                if (p->year > s->report_year)
                        break;
                snprintf(cat, sizeof cat, "%d", p->year);
                results_add(res, "", group, "", subject, "value", cat, p->value, -1);
                if (i && sr->points[i - 1].year == p->year - 1) {
                        double d = change(p, &sr->points[i - 1]);
                        results_add(res, "", group, "", subject, "change_prev", cat, d, -1);
                        results_add_text(res, "", group, "", subject, "direction", cat,
                                         direction(d, ind->higher_is_better), -1);
                }
                if (base && p->year > base->year) {
                        double d = change(p, base);
                        results_add(res, "", group, "", subject, "change_start", cat, d, -1);
                        results_add_text(res, "", group, "", subject, "direction_start", cat,
                                         direction(d, ind->higher_is_better), -1);
                }
        }
}

void strategy_add_results(const struct config *cfg, const struct strategy *s, struct results *res)
{
        if (!s->report_year)
                return;
        results_add_text(res, "", "ALL", "", "strategy", "report_date", "", s->report_date, -1);
        if (s->nactions)
                add_actions(cfg, s, res);
        for (size_t i = 0; i < s->nindicators; i++) {
                const struct strategy_indicator *ind = &s->indicators[i];
                for (size_t j = 0; j < ind->nseries; j++) {
                        const struct strategy_series *sr = &ind->series[j];
                        add_series(s, ind, sr, sr->group < 0 ? "ALL" : cfg->munis[sr->group].name,
                                   cfg->strategy_start, res);
                }
        }
}

int strategy_compute(const struct config *cfg, struct results *res, struct err *e)
{
        if (!cfg->actions_file && !cfg->indicators_file)
                return 0;
        struct strategy *s = strategy_load(cfg, e);
        if (!s)
                return -1;
        strategy_add_results(cfg, s, res);
        strategy_free(s);
        return 0;
}

/*
 * codebook.c - reads an instrument's codebook CSV (through csvread) and checks
 * it. Rows are first collected, then declared in three passes: dimensions and
 * scale codes, then items and columns, then options and pairs, so that a row
 * may refer to something declared further down the sheet.
 */
#include "codebook.h"
#include "msgcat.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"

/* The codebook's columns, matched by header name. */
enum cb_field { F_KIND, F_ID, F_COLUMN, F_DIM, F_SCALE, F_CODE, F_REVERSE, F_PAIR, F_LABEL,
                F_LABEL_EN, F_MIN_ITEMS, F_FAVOURABLE, F_COUNT };

static const char *const field_names[F_COUNT] = {
    "kind", "id", "column", "dimension", "scale", "code", "reverse", "pair", "label", "label_en",
    "min_items", "favourable",
};

struct cbrow {
        char *f[F_COUNT]; /* trimmed texts, "" when absent */
        int line;
};

struct load {
        const char *path;
        int map[F_COUNT]; /* codebook field -> CSV column index, -1 = absent */
        int have_header;
        struct cbrow *rows;
        size_t nrows;
        struct err *e;
        int failed;
};

static int row_cb(void *ctx, const struct csvrow *row)
{
        struct load *l = ctx;
        if (row->problem) {
                err_set(l->e, DM_EX_CONFIG, "%s:%ld: %s", l->path, row->line, row->problem);
                l->failed = 1;
                return 1;
        }
        if (!l->have_header) {
                for (int f = 0; f < F_COUNT; f++)
                        l->map[f] = -1;
                for (size_t i = 0; i < row->nfields; i++) {
                        char *k = text_key(row->fields[i]);
                        int found = -1;
                        for (int f = 0; f < F_COUNT; f++)
                                if (!strcmp(k, field_names[f]))
                                        found = f;
                        if (found < 0 && *k) {
                                err_set(l->e, DM_EX_CONFIG,
                                        "%s:%ld: unknown codebook column \"%s\"; expected kind, "
                                        "id, column, dimension, scale, code, reverse, pair, "
                                        "label, label_en, min_items or favourable",
                                        l->path, row->line, row->fields[i]);
                                free(k);
                                l->failed = 1;
                                return 1;
                        }
                        if (found >= 0 && l->map[found] >= 0) {
                                err_set(l->e, DM_EX_CONFIG, "%s:%ld: column \"%s\" appears twice",
                                        l->path, row->line, field_names[found]);
                                free(k);
                                l->failed = 1;
                                return 1;
                        }
                        if (found >= 0)
                                l->map[found] = (int)i;
                        free(k);
                }
                if (l->map[F_KIND] < 0) {
                        err_set(l->e, DM_EX_CONFIG,
                                "%s:%ld: the first row must name the columns, starting with "
                                "\"kind\" (see README, Codebook)",
                                l->path, row->line);
                        l->failed = 1;
                        return 1;
                }
                l->have_header = 1;
                return 0;
        }
        struct cbrow r;
        r.line = (int)row->line;
        int empty = 1;
        for (int f = 0; f < F_COUNT; f++) {
                int c = l->map[f];
                r.f[f] = xstrdup(c >= 0 && (size_t)c < row->nfields ? row->fields[c] : "");
                trim_inplace(r.f[f]);
                if (*r.f[f])
                        empty = 0;
        }
        if (empty || r.f[F_KIND][0] == '#') {
                for (int f = 0; f < F_COUNT; f++)
                        free(r.f[f]);
                return 0;
        }
        l->rows = xrealloc(l->rows, (l->nrows + 1) * sizeof *l->rows);
        l->rows[l->nrows++] = r;
        return 0;
}

static int fail(struct load *l, const struct cbrow *r, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(struct load *l, const struct cbrow *r, const char *fmt, ...)
{
        char msg[768];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, msgcat_fmt(fmt), ap);
        va_end(ap);
        err_set(l->e, DM_EX_CONFIG, "%s:%d: %s", l->path, r->line, msg);
        l->failed = 1;
        return -1;
}


static int find_scale(const struct codebook *cb, const char *id)
{
        for (size_t i = 0; i < cb->nscales; i++)
                if (!strcmp(cb->scales[i].id, id))
                        return (int)i;
        return -1;
}

static int find_dim(const struct codebook *cb, const char *id)
{
        for (size_t i = 0; i < cb->ndims; i++)
                if (!strcmp(cb->dims[i].id, id))
                        return (int)i;
        return -1;
}

static int parse_code(const char *s, int *out)
{
        char *end;
        errno = 0;
        long v = strtol(s, &end, 10);
        if (!*s || *end || errno || v < -1000000 || v > 1000000)
                return -1;
        *out = (int)v;
        return 0;
}

static char *dup_or_null(const char *s)
{
        return *s ? xstrdup(s) : NULL;
}

/* Splits "#N" into a column number; returns 0 when s is a header text. */
static int column_number(const char *s)
{
        if (s[0] != '#' || !s[1])
                return 0;
        for (const char *p = s + 1; *p; p++)
                if (!isdigit((unsigned char)*p))
                        return 0;
        long v = strtol(s + 1, NULL, 10);
        return v > 0 && v < 10000000 ? (int)v : -1;
}

/* Sets column/colno from the row; returns -1 (with the error set) when it is empty. */
static int bind_column(struct load *l, const struct cbrow *r, char **column, int *colno)
{
        const char *c = r->f[F_COLUMN];
        if (!*c)
                return fail(l, r, "%s row needs a column (header text or #N)", r->f[F_KIND]);
        int n = column_number(c);
        if (n < 0)
                return fail(l, r, "column \"%s\": expected a positive column number after #", c);
        *colno = n;
        *column = n ? NULL : xstrdup(c);
        return 0;
}

static int add_code(struct load *l, struct codebook *cb, const struct cbrow *r, int dk)
{
        const char *sid = r->f[F_SCALE];
        if (!id_valid(sid))
                return fail(l, r, "%s row needs a scale id (letters, digits, '_', '-')",
                            r->f[F_KIND]);
        int code;
        if (parse_code(r->f[F_CODE], &code))
                return fail(l, r, "code \"%s\": expected a whole number", r->f[F_CODE]);
        if (!*r->f[F_LABEL])
                return fail(l, r, "code %d of scale %s needs a label", code, sid);
        int s = find_scale(cb, sid);
        if (s < 0) {
                cb->scales = xrealloc(cb->scales, (cb->nscales + 1) * sizeof *cb->scales);
                struct scale *sc = &cb->scales[cb->nscales];
                memset(sc, 0, sizeof *sc);
                sc->id = xstrdup(sid);
                sc->line = r->line;
                s = (int)cb->nscales++;
        }
        struct scale *sc = &cb->scales[s];
        char *key = text_key(r->f[F_LABEL]);
        /* The same label may not mean two different codes. */
        for (size_t i = 0; i < sc->ncodes; i++)
                for (size_t k = 0; k < sc->codes[i].nkeys; k++)
                        if (!strcmp(sc->codes[i].keys[k], key) && sc->codes[i].code != code) {
                                free(key);
                                return fail(l, r, "label \"%s\" already means code %d in scale %s",
                                            r->f[F_LABEL], sc->codes[i].code, sid);
                        }
        struct scale_code *sco = NULL;
        for (size_t i = 0; i < sc->ncodes; i++)
                if (sc->codes[i].code == code)
                        sco = &sc->codes[i];
        if (sco && sco->dontknow != dk) {
                free(key);
                return fail(l, r, "code %d of scale %s is both an answer and \"don't know\"",
                            code, sid);
        }
        if (!sco) {
                sc->codes = xrealloc(sc->codes, (sc->ncodes + 1) * sizeof *sc->codes);
                sco = &sc->codes[sc->ncodes++];
                memset(sco, 0, sizeof *sco);
                sco->code = code;
                sco->dontknow = dk;
                sco->label = xstrdup(r->f[F_LABEL]);
                sco->label_en = dup_or_null(r->f[F_LABEL_EN]);
        }
        sco->keys = xrealloc(sco->keys, (sco->nkeys + 1) * sizeof *sco->keys);
        sco->keys[sco->nkeys++] = key;
        return 0;
}

static const struct {
        const char *name;
        int is_item;
        int kind; /* enum item_kind or enum col_role */
} kinds[] = {
    {"likert", 1, ITEM_LIKERT},          {"current", 1, ITEM_CURRENT},
    {"target", 1, ITEM_TARGET},          {"numeric", 1, ITEM_NUMERIC},
    {"choice", 1, ITEM_CHOICE},          {"multi", 1, ITEM_MULTI},
    {"municipality", 0, COL_MUNICIPALITY}, {"respondent", 0, COL_RESPONDENT},
    {"breakdown", 0, COL_BREAKDOWN},     {"text", 0, COL_TEXT},
    {"ignore", 0, COL_IGNORE},           {"complete", 0, COL_COMPLETE},
};

const char *item_kind_name(enum item_kind kind)
{
        for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
                if (kinds[i].is_item && kinds[i].kind == (int)kind)
                        return kinds[i].name;
        return "?";
}

static int parse_range(const char *s, double *lo, double *hi)
{
        const char *dots = strstr(s, "..");
        if (!dots)
                return -1;
        char *a = xstrndup(s, (size_t)(dots - s));
        int rc = parse_decimal(a, lo) || parse_decimal(dots + 2, hi) || *lo > *hi ? -1 : 0;
        free(a);
        return rc;
}

static int add_item(struct load *l, struct codebook *cb, const struct cbrow *r, int kind)
{
        const char *id = r->f[F_ID];
        if (!id_valid(id))
                return fail(l, r, "%s row needs an id (letters, digits, '_', '-', '.'), got \"%s\"",
                            r->f[F_KIND], id);
        if (codebook_find_item(cb, id) >= 0)
                return fail(l, r, "item id \"%s\" is used twice", id);
        struct item it;
        memset(&it, 0, sizeof it);
        it.kind = (enum item_kind)kind;
        it.dimension = -1;
        it.scale = -1;
        it.pair = -1;
        it.line = r->line;
        if (kind == ITEM_MULTI && !*r->f[F_COLUMN]) {
                it.column = NULL; /* options bring their own columns */
        } else if (bind_column(l, r, &it.column, &it.colno)) {
                return -1;
        }
        if (kind == ITEM_LIKERT || kind == ITEM_CURRENT || kind == ITEM_TARGET) {
                it.dimension = find_dim(cb, r->f[F_DIM]);
                if (it.dimension < 0) {
                        free(it.column);
                        return fail(l, r, "item %s: dimension \"%s\" is not declared (add a "
                                          "dimension row)",
                                    id, r->f[F_DIM]);
                }
        } else if (*r->f[F_DIM]) {
                it.dimension = find_dim(cb, r->f[F_DIM]);
                if (it.dimension < 0) {
                        free(it.column);
                        return fail(l, r, "item %s: dimension \"%s\" is not declared", id,
                                    r->f[F_DIM]);
                }
        }
        if (kind == ITEM_NUMERIC) {
                if (parse_range(r->f[F_SCALE], &it.num_min, &it.num_max)) {
                        free(it.column);
                        return fail(l, r, "numeric item %s: scale must be a range MIN..MAX such "
                                          "as 0..5, got \"%s\"",
                                    id, r->f[F_SCALE]);
                }
        } else {
                it.scale = find_scale(cb, r->f[F_SCALE]);
                if (it.scale < 0) {
                        free(it.column);
                        return fail(l, r, "item %s: scale \"%s\" has no code rows", id,
                                    r->f[F_SCALE]);
                }
                const struct scale *sc = &cb->scales[it.scale];
                if ((kind == ITEM_LIKERT || kind == ITEM_CURRENT || kind == ITEM_TARGET) &&
                    sc->max - sc->min < 1) {
                        free(it.column);
                        return fail(l, r, "item %s: scale %s needs at least two answer codes",
                                    id, sc->id);
                }
                if (kind == ITEM_MULTI && sc->ncodes > 64) { /* choices are bits of a uint64_t */
                        free(it.column);
                        return fail(l, r, "multi item %s: scale %s has %zu codes; expected at "
                                          "most 64",
                                    id, sc->id, sc->ncodes);
                }
        }
        const char *rev = r->f[F_REVERSE];
        char *rk = text_key(rev);
        if (!*rk || !strcmp(rk, "no") || !strcmp(rk, "ei") || !strcmp(rk, "0"))
                it.reverse = 0;
        else if (!strcmp(rk, "yes") || !strcmp(rk, "kyllä") || !strcmp(rk, "1"))
                it.reverse = 1;
        else
                it.reverse = -1;
        free(rk);
        if (it.reverse < 0 || (it.reverse && kind != ITEM_LIKERT)) {
                free(it.column);
                return fail(l, r, "item %s: reverse must be yes or empty (Likert items only), got "
                                  "\"%s\"",
                            id, rev);
        }
        it.id = xstrdup(id);
        it.label = xstrdup(*r->f[F_LABEL] ? r->f[F_LABEL] : id);
        it.label_en = dup_or_null(r->f[F_LABEL_EN]);
        cb->items = xrealloc(cb->items, (cb->nitems + 1) * sizeof *cb->items);
        cb->items[cb->nitems++] = it;
        return 0;
}

static int add_col(struct load *l, struct codebook *cb, const struct cbrow *r, int role)
{
        struct colbind c;
        memset(&c, 0, sizeof c);
        c.role = (enum col_role)role;
        c.scale = -1;
        c.line = r->line;
        if (bind_column(l, r, &c.column, &c.colno))
                return -1;
        if (role == COL_BREAKDOWN) {
                if (!id_valid(r->f[F_ID])) {
                        free(c.column);
                        return fail(l, r, "breakdown row needs an id such as sector");
                }
                for (size_t i = 0; i < cb->ncols; i++)
                        if (cb->cols[i].id && !strcmp(cb->cols[i].id, r->f[F_ID])) {
                                free(c.column);
                                return fail(l, r, "breakdown id \"%s\" is used twice",
                                            r->f[F_ID]);
                        }
                if (*r->f[F_SCALE]) {
                        c.scale = find_scale(cb, r->f[F_SCALE]);
                        if (c.scale < 0) {
                                free(c.column);
                                return fail(l, r, "breakdown %s: scale \"%s\" has no code rows",
                                            r->f[F_ID], r->f[F_SCALE]);
                        }
                }
                c.id = xstrdup(r->f[F_ID]);
                c.label = xstrdup(*r->f[F_LABEL] ? r->f[F_LABEL] : r->f[F_ID]);
                c.label_en = dup_or_null(r->f[F_LABEL_EN]);
        }
        if (role == COL_MUNICIPALITY && cb->muni_col >= 0) {
                free(c.column);
                return fail(l, r, "a second municipality row; the codebook names exactly one "
                                  "municipality column (the first is on line %d)",
                            cb->cols[cb->muni_col].line);
        }
        if (role == COL_RESPONDENT && cb->resp_col >= 0) {
                free(c.column);
                return fail(l, r, "a second respondent row; expected at most one");
        }
        if (role == COL_COMPLETE && cb->complete_col >= 0) {
                free(c.column);
                return fail(l, r, "a second complete row; the codebook names at most one column "
                                  "that says whether a response is complete (the first is on "
                                  "line %d)",
                            cb->cols[cb->complete_col].line);
        }
        if (role == COL_COMPLETE && *r->f[F_SCALE]) {
                /* "Valmis|Completed": the values that mean complete, '|' between them. */
                const char *p = r->f[F_SCALE];
                while (p) {
                        const char *bar = strchr(p, '|');
                        char *v = bar ? xstrndup(p, (size_t)(bar - p)) : xstrdup(p);
                        char *k = text_key(v);
                        free(v);
                        if (!*k) {
                                free(k);
                                for (size_t j = 0; j < c.ncomplete; j++)
                                        free(c.complete[j]);
                                free(c.complete);
                                free(c.column);
                                return fail(l, r, "complete row: scale lists the values that "
                                                  "mean complete, separated by '|', such as "
                                                  "Valmis|Completed; got an empty one in \"%s\"",
                                            r->f[F_SCALE]);
                        }
                        c.complete = xrealloc(c.complete, (c.ncomplete + 1) * sizeof *c.complete);
                        c.complete[c.ncomplete++] = k;
                        p = bar ? bar + 1 : NULL;
                }
                c.complete_text = xstrdup(r->f[F_SCALE]);
        }
        cb->cols = xrealloc(cb->cols, (cb->ncols + 1) * sizeof *cb->cols);
        if (role == COL_MUNICIPALITY)
                cb->muni_col = (int)cb->ncols;
        if (role == COL_RESPONDENT)
                cb->resp_col = (int)cb->ncols;
        if (role == COL_COMPLETE)
                cb->complete_col = (int)cb->ncols;
        cb->cols[cb->ncols++] = c;
        return 0;
}

static int add_option(struct load *l, struct codebook *cb, const struct cbrow *r)
{
        int i = codebook_find_item(cb, r->f[F_ID]);
        if (i < 0 || cb->items[i].kind != ITEM_MULTI)
                return fail(l, r, "option row: id \"%s\" must name a multi item", r->f[F_ID]);
        struct item *it = &cb->items[i];
        if (it->column || it->colno)
                return fail(l, r, "option row: multi item %s already has a column of its own "
                                  "(leave its column empty to give each option a column)",
                            it->id);
        struct option_col o;
        memset(&o, 0, sizeof o);
        if (parse_code(r->f[F_CODE], &o.code))
                return fail(l, r, "option row: code \"%s\": expected a whole number", r->f[F_CODE]);
        const struct scale *sc = &cb->scales[it->scale];
        int known = 0;
        for (size_t k = 0; k < sc->ncodes; k++)
                if (sc->codes[k].code == o.code)
                        known = 1;
        if (!known)
                return fail(l, r, "option row: code %d is not in scale %s", o.code, sc->id);
        if (bind_column(l, r, &o.column, &o.colno))
                return -1;
        o.line = r->line;
        it->options = xrealloc(it->options, (it->noptions + 1) * sizeof *it->options);
        it->options[it->noptions++] = o;
        return 0;
}

static void finish_scales(struct codebook *cb)
{
        for (size_t i = 0; i < cb->nscales; i++) {
                struct scale *sc = &cb->scales[i];
                int first = 1;
                for (size_t k = 0; k < sc->ncodes; k++) {
                        if (sc->codes[k].dontknow)
                                continue;
                        if (first || sc->codes[k].code < sc->min)
                                sc->min = sc->codes[k].code;
                        if (first || sc->codes[k].code > sc->max)
                                sc->max = sc->codes[k].code;
                        first = 0;
                }
        }
}

static int build(struct load *l, struct codebook *cb)
{
        /* Pass 1: dimensions and scale codes. */
        for (size_t i = 0; i < l->nrows; i++) {
                struct cbrow *r = &l->rows[i];
                char *k = text_key(r->f[F_KIND]);
                int rc = 0;
                if (!strcmp(k, "dimension")) {
                        if (!id_valid(r->f[F_ID]))
                                rc = fail(l, r, "dimension row needs an id such as D1");
                        else if (find_dim(cb, r->f[F_ID]) >= 0)
                                rc = fail(l, r, "dimension \"%s\" is declared twice", r->f[F_ID]);
                        else if (!*r->f[F_LABEL])
                                rc = fail(l, r, "dimension %s needs a label", r->f[F_ID]);
                        else {
                                cb->dims = xrealloc(cb->dims, (cb->ndims + 1) * sizeof *cb->dims);
                                struct dimension *d = &cb->dims[cb->ndims++];
                                d->id = xstrdup(r->f[F_ID]);
                                d->label = xstrdup(r->f[F_LABEL]);
                                d->label_en = dup_or_null(r->f[F_LABEL_EN]);
                                d->line = r->line;
                                d->min_items = MIN_ITEMS_UNSET;
                                d->favourable = FAV_UNSET;
                                if (*r->f[F_MIN_ITEMS] &&
                                    codebook_parse_min_items(r->f[F_MIN_ITEMS], &d->min_items))
                                        rc = fail(l, r, "dimension %s: min_items must be half, all "
                                                        "or a whole number of items, got \"%s\"",
                                                  d->id, r->f[F_MIN_ITEMS]);
                                else if (*r->f[F_FAVOURABLE] &&
                                         codebook_parse_favourable(r->f[F_FAVOURABLE],
                                                                   &d->favourable))
                                        rc = fail(l, r, "dimension %s: favourable must be "
                                                        "after_reversal or before_reversal, got "
                                                        "\"%s\"",
                                                  d->id, r->f[F_FAVOURABLE]);
                        }
                } else if (*r->f[F_MIN_ITEMS] || *r->f[F_FAVOURABLE]) {
                        rc = fail(l, r, "min_items and favourable are for dimension rows only");
                } else if (!strcmp(k, "code") || !strcmp(k, "dontknow")) {
                        rc = add_code(l, cb, r, !strcmp(k, "dontknow"));
                }
                free(k);
                if (rc)
                        return -1;
        }
        finish_scales(cb);
        /* Pass 2: items and column bindings. */
        for (size_t i = 0; i < l->nrows; i++) {
                struct cbrow *r = &l->rows[i];
                char *k = text_key(r->f[F_KIND]);
                int rc = 0, known = !strcmp(k, "dimension") || !strcmp(k, "code") ||
                                    !strcmp(k, "dontknow") || !strcmp(k, "option");
                for (size_t j = 0; j < sizeof kinds / sizeof kinds[0] && !known && !rc; j++) {
                        if (strcmp(k, kinds[j].name))
                                continue;
                        known = 1;
                        rc = kinds[j].is_item ? add_item(l, cb, r, kinds[j].kind)
                                              : add_col(l, cb, r, kinds[j].kind);
                }
                if (!known && !rc)
                        rc = fail(l, r, "unknown kind \"%s\"; expected dimension, code, "
                                        "dontknow, municipality, respondent, breakdown, likert, "
                                        "current, target, numeric, choice, multi, option, text, "
                                        "ignore or complete",
                                  r->f[F_KIND]);
                free(k);
                if (rc)
                        return -1;
        }
        /* Pass 3: options and current/target pairs. */
        for (size_t i = 0; i < l->nrows; i++) {
                struct cbrow *r = &l->rows[i];
                char *k = text_key(r->f[F_KIND]);
                int rc = 0;
                if (!strcmp(k, "option"))
                        rc = add_option(l, cb, r);
                free(k);
                if (rc)
                        return -1;
        }
        for (size_t i = 0; i < cb->nitems; i++) {
                struct item *it = &cb->items[i];
                struct cbrow *r = NULL;
                for (size_t j = 0; j < l->nrows; j++)
                        if (l->rows[j].line == it->line)
                                r = &l->rows[j];
                if (it->kind == ITEM_MULTI && !it->column && !it->colno && !it->noptions)
                        return fail(l, r, "multi item %s has neither a column nor option rows",
                                    it->id);
                if (it->kind == ITEM_CURRENT) {
                        int t = codebook_find_item(cb, r->f[F_PAIR]);
                        if (t < 0 || cb->items[t].kind != ITEM_TARGET)
                                return fail(l, r, "current item %s: pair must name its target "
                                                  "item, got \"%s\"",
                                            it->id, r->f[F_PAIR]);
                        if (cb->items[t].dimension != it->dimension)
                                return fail(l, r, "current item %s and its target %s belong to "
                                                  "different action areas",
                                            it->id, cb->items[t].id);
                        it->pair = t;
                } else if (*r->f[F_PAIR]) {
                        return fail(l, r, "item %s: pair is only for current items", it->id);
                }
        }
        for (size_t d = 0; d < cb->ndims; d++) {
                int k = 0;
                for (size_t i = 0; i < cb->nitems; i++)
                        k += cb->items[i].kind == ITEM_LIKERT && cb->items[i].dimension == (int)d;
                if (cb->dims[d].min_items > k) {
                        err_set(l->e, DM_EX_CONFIG,
                                "%s:%d: dimension %s: min_items is %d, but it has %d Likert "
                                "item%s; give at most %d, or all",
                                l->path, cb->dims[d].line, cb->dims[d].id, cb->dims[d].min_items,
                                k, k == 1 ? "" : "s", k);
                        l->failed = 1;
                        return -1;
                }
        }
        l->failed = 1;
        if (cb->muni_col < 0)
                return err_set(l->e, DM_EX_CONFIG,
                               "%s: no municipality row; the codebook must name the column "
                               "that holds the municipality",
                               l->path);
        if (!cb->nitems)
                return err_set(l->e, DM_EX_CONFIG, "%s: the codebook declares no items", l->path);
        l->failed = 0;
        return 0;
}

int codebook_parse_min_items(const char *s, int *out)
{
        char *end;
        long v;
        if (!strcmp(s, "half")) {
                *out = MIN_ITEMS_HALF;
                return 0;
        }
        if (!strcmp(s, "all")) {
                *out = MIN_ITEMS_ALL;
                return 0;
        }
        if (*s < '0' || *s > '9')
                return -1;
        v = strtol(s, &end, 10);
        if (*end || v < 1 || v > 1000)
                return -1;
        *out = (int)v;
        return 0;
}

int codebook_parse_favourable(const char *s, int *out)
{
        if (!strcmp(s, "after_reversal"))
                *out = FAV_AFTER_REVERSAL;
        else if (!strcmp(s, "before_reversal"))
                *out = FAV_BEFORE_REVERSAL;
        else
                return -1;
        return 0;
}

struct codebook *codebook_load(const char *path, struct err *e)
{
        struct load l;
        memset(&l, 0, sizeof l);
        l.path = path;
        l.e = e;
        struct err e2 = {0};
        int rc = csvread_file(path, NULL, row_cb, &l, NULL, &e2);
        struct codebook *cb = NULL;
        if (rc && !l.failed) {
                if (e)
                        *e = e2;
                if (e && e->code == DM_EX_DATAERR)
                        e->code = DM_EX_CONFIG;
        } else if (!rc && !l.have_header) {
                err_set(e, DM_EX_CONFIG, "%s: the codebook is empty", path);
        } else if (!rc) {
                cb = xcalloc(1, sizeof *cb);
                cb->path = xstrdup(path);
                cb->muni_col = -1;
                cb->resp_col = -1;
                cb->complete_col = -1;
                if (build(&l, cb)) {
                        codebook_free(cb);
                        cb = NULL;
                }
        }
        for (size_t i = 0; i < l.nrows; i++)
                for (int f = 0; f < F_COUNT; f++)
                        free(l.rows[i].f[f]);
        free(l.rows);
        return cb;
}

void codebook_free(struct codebook *cb)
{
        if (!cb)
                return;
        for (size_t i = 0; i < cb->ndims; i++) {
                free(cb->dims[i].id);
                free(cb->dims[i].label);
                free(cb->dims[i].label_en);
        }
        free(cb->dims);
        for (size_t i = 0; i < cb->nscales; i++) {
                struct scale *sc = &cb->scales[i];
                for (size_t k = 0; k < sc->ncodes; k++) {
                        free(sc->codes[k].label);
                        free(sc->codes[k].label_en);
                        for (size_t j = 0; j < sc->codes[k].nkeys; j++)
                                free(sc->codes[k].keys[j]);
                        free(sc->codes[k].keys);
                }
                free(sc->codes);
                free(sc->id);
        }
        free(cb->scales);
        for (size_t i = 0; i < cb->nitems; i++) {
                struct item *it = &cb->items[i];
                free(it->id);
                free(it->column);
                free(it->label);
                free(it->label_en);
                for (size_t k = 0; k < it->noptions; k++)
                        free(it->options[k].column);
                free(it->options);
        }
        free(cb->items);
        for (size_t i = 0; i < cb->ncols; i++) {
                free(cb->cols[i].id);
                free(cb->cols[i].column);
                free(cb->cols[i].label);
                free(cb->cols[i].label_en);
                for (size_t j = 0; j < cb->cols[i].ncomplete; j++)
                        free(cb->cols[i].complete[j]);
                free(cb->cols[i].complete);
                free(cb->cols[i].complete_text);
        }
        free(cb->cols);
        free(cb->path);
        free(cb);
}

int scale_lookup(const struct scale *sc, const char *s)
{
        char *k = text_key(s);
        int found = -1;
        for (size_t i = 0; i < sc->ncodes && found < 0; i++)
                for (size_t j = 0; j < sc->codes[i].nkeys; j++)
                        if (!strcmp(sc->codes[i].keys[j], k)) {
                                found = (int)i;
                                break;
                        }
        if (found < 0) {
                int code;
                if (!parse_code(k, &code))
                        for (size_t i = 0; i < sc->ncodes; i++)
                                if (sc->codes[i].code == code) {
                                        found = (int)i;
                                        break;
                                }
        }
        free(k);
        return found;
}

int codebook_find_item(const struct codebook *cb, const char *id)
{
        for (size_t i = 0; i < cb->nitems; i++)
                if (!strcmp(cb->items[i].id, id))
                        return (int)i;
        return -1;
}

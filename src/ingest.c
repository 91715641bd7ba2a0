/*
 * ingest.c - one wave's export to validated responses (see ingest.h).
 *
 * The header row binds export columns to codebook entries; every later record
 * is checked in a fixed order (structure, field count, repeated header,
 * municipality, duplicate respondent id) and rejected at the first failure;
 * an accepted row then has each answer mapped, and an answer that does not map
 * becomes missing with a warning. Each event is one line of the wave's
 * data-quality report.
 */
#include "ingest.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "codebook.h"
#include "csvread.h"
#include "idset.h"
#include "msgcat.h"
#include "xlsx.h"

static const struct {
        const char *name;
        int rejects;
} dq_kinds[DQ_KIND_COUNT] = {
    [DQ_BROKEN_ROW] = {N_("broken row"), 1},
    [DQ_RAGGED_ROW] = {N_("wrong number of fields"), 1},
    [DQ_REPEATED_HEADER] = {N_("repeated header"), 1},
    [DQ_EMPTY_MUNI] = {N_("no municipality"), 1},
    [DQ_UNKNOWN_MUNI] = {N_("unknown municipality"), 1},
    [DQ_DUPLICATE_ID] = {N_("duplicate respondent"), 1},
    [DQ_INCOMPLETE] = {N_("incomplete response"), 1},
    [DQ_BAD_ANSWER] = {N_("answer not in scale"), 0},
    [DQ_OUT_OF_RANGE] = {N_("out of range"), 0},
    [DQ_UNKNOWN_OPTION] = {N_("unknown option"), 0},
    [DQ_UNKNOWN_CATEGORY] = {N_("unknown category"), 0},
    [DQ_INCOMPLETE_KEPT] = {N_("incomplete response kept"), 0},
    [DQ_UNMAPPED_COLUMN] = {N_("column not in codebook"), 0},
};

const char *dq_kind_name(enum dq_kind k)
{
        return k < DQ_KIND_COUNT ? msgcat_fmt(dq_kinds[k].name) : "?";
}

int dq_kind_rejects(enum dq_kind k)
{
        return k < DQ_KIND_COUNT ? dq_kinds[k].rejects : 0;
}

/* What an export column is bound to. */
enum cm_kind { CM_NONE, CM_ITEM, CM_OPTION, CM_MUNI, CM_RESP, CM_BREAKDOWN, CM_SKIP, CM_COMPLETE };

struct colmap {
        enum cm_kind kind;
        int idx; /* item index, breakdown index */
        int opt; /* option index within the item (CM_OPTION) */
};

/* Caps on per-wave lookup tables, so garbage input cannot grow memory without end. */
#define RAW_CACHE_MAX 4096
#define ONEBYTE_UNSEEN (-32768)
#define MAX_CATEGORIES 1000

struct breakdown {
        int col;            /* index into codebook cols */
        int scale;          /* codebook scale, or -1 (categories are the texts seen) */
        struct strmap keys; /* text key -> category */
        char **labels;
        size_t nlabels;
};

struct ingest {
        const struct config *cfg;
        size_t wave;
        const struct codebook *cb;
        const char *path;
        /* Record source: a CSV export, or a workbook sheet (then rows are sheet rows). */
        int workbook;
        char *src;    /* the data-quality report's file: path, or "path:Sheet" */
        char at[600]; /* the last place at() wrote */
        const struct xlsx_info *xinfo; /* the workbook reader's, during ingest_run */
        /* Header binding. */
        struct colmap *cols;
        char **header; /* header texts as read */
        size_t ncols;
        long header_line; /* physical line of the header row */
        int muni_field, resp_field;
        int complete_field; /* the column that says whether a response is complete, or -1 */
        /* Lookups. */
        struct strmap muni_keys; /* text_key(name or alias) -> municipality */
        struct strmap muni_raw;  /* raw cell -> municipality or -1 */
        struct strmap *scale_raw;/* per scale: raw cell -> code index or -1 */
        short (*scale_byte)[256];/* per scale: one-byte cell -> code index, -1, or ONEBYTE_UNSEEN */
        struct breakdown *bds;
        size_t nbds;
        struct idset *ids; /* respondent ids of accepted rows */
        /* Per-row buffers. */
        int *cat;
        double *val;
        unsigned char *state;
        uint64_t *multi;
        /* Run state. */
        struct ingest_summary sum;
        FILE *dq;
        ingest_fn fn;
        void *ctx;
        struct err *e;
        int header_done;
        int failed;
};

struct ingest *ingest_new(const struct config *cfg, size_t w)
{
        struct ingest *ig = xcalloc(1, sizeof *ig);
        ig->cfg = cfg;
        ig->wave = w;
        ig->cb = cfg->instruments[cfg->waves[w].instrument].codebook;
        ig->path = cfg->waves[w].file;
        for (size_t i = 0; i < cfg->nmunis; i++) {
                char *k = text_key(cfg->munis[i].name);
                strmap_put(&ig->muni_keys, k, (int)i);
                free(k);
                for (size_t a = 0; a < cfg->munis[i].naliases; a++) {
                        k = text_key(cfg->munis[i].aliases[a]);
                        strmap_put(&ig->muni_keys, k, (int)i);
                        free(k);
                }
        }
        const struct codebook *cb = ig->cb;
        ig->scale_raw = xcalloc(cb->nscales ? cb->nscales : 1, sizeof *ig->scale_raw);
        ig->scale_byte = xcalloc(cb->nscales ? cb->nscales : 1, sizeof *ig->scale_byte);
        for (size_t i = 0; i < cb->nscales; i++)
                for (size_t c = 0; c < 256; c++)
                        ig->scale_byte[i][c] = ONEBYTE_UNSEEN;
        for (size_t i = 0; i < cb->ncols; i++) {
                if (cb->cols[i].role != COL_BREAKDOWN)
                        continue;
                ig->bds = xrealloc(ig->bds, (ig->nbds + 1) * sizeof *ig->bds);
                struct breakdown *bd = &ig->bds[ig->nbds++];
                memset(bd, 0, sizeof *bd);
                bd->col = (int)i;
                bd->scale = cb->cols[i].scale;
                if (bd->scale >= 0) {
                        const struct scale *sc = &cb->scales[bd->scale];
                        for (size_t k = 0; k < sc->ncodes; k++) {
                                bd->labels = xrealloc(bd->labels,
                                                      (bd->nlabels + 1) * sizeof *bd->labels);
                                bd->labels[bd->nlabels++] = xstrdup(sc->codes[k].label);
                        }
                }
        }
        ig->cat = xcalloc(ig->nbds ? ig->nbds : 1, sizeof *ig->cat);
        ig->val = xcalloc(cb->nitems, sizeof *ig->val);
        ig->state = xcalloc(cb->nitems, sizeof *ig->state);
        ig->multi = xcalloc(cb->nitems, sizeof *ig->multi);
        return ig;
}

static void free_header(struct ingest *ig)
{
        for (size_t i = 0; i < ig->ncols; i++)
                free(ig->header[i]);
        free(ig->header);
        free(ig->cols);
        ig->header = NULL;
        ig->cols = NULL;
        ig->ncols = 0;
}

void ingest_free(struct ingest *ig)
{
        if (!ig)
                return;
        free_header(ig);
        strmap_clear(&ig->muni_keys);
        strmap_clear(&ig->muni_raw);
        for (size_t i = 0; i < ig->cb->nscales; i++)
                strmap_clear(&ig->scale_raw[i]);
        free(ig->scale_raw);
        free(ig->scale_byte);
        for (size_t b = 0; b < ig->nbds; b++) {
                strmap_clear(&ig->bds[b].keys);
                for (size_t k = 0; k < ig->bds[b].nlabels; k++)
                        free(ig->bds[b].labels[k]);
                free(ig->bds[b].labels);
        }
        free(ig->bds);
        idset_free(ig->ids);
        free(ig->cat);
        free(ig->val);
        free(ig->state);
        free(ig->multi);
        free(ig->src);
        free(ig);
}

/*
 * Names a row of the export for messages: "input/x.csv:118" or, for a
 * workbook, "input/x.xlsx:Sheet1!row 118". Valid until the next call.
 */
static const char *at(struct ingest *ig, long line)
{
        if (ig->workbook)
                snprintf(ig->at, sizeof ig->at, "%s!row %ld", ig->src ? ig->src : ig->path,
                         line);
        else
                snprintf(ig->at, sizeof ig->at, "%s:%ld", ig->path, line);
        return ig->at;
}


/* Records a data-quality event; field is 0-based, or -1 for the whole row. */
static void dq_event(struct ingest *ig, long line, int field, enum dq_kind kind,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void dq_event(struct ingest *ig, long line, int field, enum dq_kind kind,
                     const char *fmt, ...)
{
        ig->sum.by_kind[kind]++;
        if (!ig->dq)
                return;
        char reason[512];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(reason, sizeof reason, msgcat_fmt(fmt), ap);
        va_end(ap);
        char col[64] = "";
        if (field >= 0)
                snprintf(col, sizeof col, "%d", field + 1);
        /* Finnish: ';' for Finnish Excel (see the header in ingest_run). */
        const char d = msgcat_lang() == MSG_FI ? ';' : ',';
        csv_put_field(ig->dq, ig->src ? ig->src : ig->path, d, 1);
        fprintf(ig->dq, "%c%ld%c", d, line, d);
        csv_put_field(ig->dq, col, d, 1);
        fputc(d, ig->dq);
        if (field >= 0 && (size_t)field < ig->ncols)
                csv_put_field(ig->dq, ig->header[field], d, 1);
        fputc(d, ig->dq);
        csv_put_field(ig->dq, msgcat_fmt(dq_kinds[kind].name), d, 1);
        fputc(d, ig->dq);
        const char *action = dq_kinds[kind].rejects          ? N_("row rejected")
                             : kind == DQ_UNMAPPED_COLUMN ? N_("column ignored")
                             : kind == DQ_INCOMPLETE_KEPT ? N_("row kept")
                             : kind == DQ_UNKNOWN_OPTION  ? N_("option ignored")
                                                          : N_("answer set to missing");
        csv_put_field(ig->dq, msgcat_fmt(action), d, 1);
        fputc(d, ig->dq);
        csv_put_field(ig->dq, reason, d, 1);
        fputc('\n', ig->dq);
}

/* Copies at most 40 bytes of s for a message, cut at a UTF-8 boundary. */
static void shorten(char *dst, size_t n, const char *s)
{
        size_t len = strlen(s), max = n - 4 < 40 ? n - 4 : 40;
        if (len <= max) {
                memcpy(dst, s, len + 1);
                return;
        }
        while (max && ((unsigned char)s[max] & 0xC0) == 0x80)
                max--;
        memcpy(dst, s, max);
        memcpy(dst + max, "...", 4);
}

/*
 * Finds the export field for a codebook column spec (header text or #N);
 * returns -1 when none matches, -2 when several do. The spec's key is made
 * once, so a header of many columns costs one comparison per column.
 */
static int find_field(const char *column, int colno, char *const *keys, size_t nf)
{
        if (colno)
                return (size_t)colno <= nf ? colno - 1 : -1;
        char *k = text_key(column);
        int found = -1;
        for (size_t f = 0; f < nf && found != -2; f++) {
                if (strcmp(k, keys[f]))
                        continue;
                found = found >= 0 ? -2 : (int)f;
        }
        free(k);
        return found;
}

static int bind_one(struct ingest *ig, const char *column, int colno, int line, char *const *keys,
                    struct colmap cm, int *missing, struct strbuf *miss)
{
        int f = find_field(column, colno, keys, ig->ncols);
        if (f == -2)
                return err_set(ig->e, DM_EX_DATAERR,
                               "%s: column \"%s\" (codebook %s:%d) matches more than one "
                               "column of the export; name it by position (#N) instead",
                               at(ig, ig->header_line), column ? column : "?", ig->cb->path,
                               line);
        if (f < 0) {
                if (*missing < 5) {
                        if (colno)
                                strbuf_addf(miss, "%scolumn #%d (codebook line %d)",
                                            *missing ? ", " : "", colno, line);
                        else
                                strbuf_addf(miss, "%s\"%s\" (codebook line %d)",
                                            *missing ? ", " : "", column, line);
                }
                (*missing)++;
                return 0;
        }
        if (ig->cols[f].kind != CM_NONE)
                return err_set(ig->e, DM_EX_DATAERR,
                               "%s: column %d \"%s\" is named twice in the codebook (again on "
                               "line %d)",
                               at(ig, ig->header_line), f + 1, ig->header[f], line);
        ig->cols[f] = cm;
        return 0;
}

static int bind_header(struct ingest *ig, const struct csvrow *row)
{
        const struct codebook *cb = ig->cb;
        ig->ncols = row->nfields;
        ig->header_line = row->line;
        ig->header = xcalloc(ig->ncols, sizeof *ig->header);
        ig->cols = xcalloc(ig->ncols, sizeof *ig->cols);
        char **keys = xcalloc(ig->ncols, sizeof *keys);
        for (size_t f = 0; f < ig->ncols; f++) {
                ig->header[f] = xstrdup(row->fields[f]);
                keys[f] = text_key(row->fields[f]);
        }
        int missing = 0, rc = 0;
        struct strbuf miss;
        strbuf_init(&miss);
        ig->muni_field = ig->resp_field = ig->complete_field = -1;
        for (size_t i = 0; i < cb->nitems && !rc; i++) {
                const struct item *it = &cb->items[i];
                if (it->column || it->colno)
                        rc = bind_one(ig, it->column, it->colno, it->line, keys,
                                      (struct colmap){CM_ITEM, (int)i, 0}, &missing, &miss);
                for (size_t o = 0; o < it->noptions && !rc; o++)
                        rc = bind_one(ig, it->options[o].column, it->options[o].colno,
                                      it->options[o].line, keys,
                                      (struct colmap){CM_OPTION, (int)i, (int)o}, &missing, &miss);
        }
        int bdi = 0;
        for (size_t i = 0; i < cb->ncols && !rc; i++) {
                const struct colbind *c = &cb->cols[i];
                struct colmap cm = {CM_SKIP, 0, 0};
                if (c->role == COL_MUNICIPALITY)
                        cm.kind = CM_MUNI;
                else if (c->role == COL_RESPONDENT)
                        cm.kind = CM_RESP;
                else if (c->role == COL_COMPLETE)
                        cm.kind = CM_COMPLETE;
                else if (c->role == COL_BREAKDOWN)
                        cm = (struct colmap){CM_BREAKDOWN, bdi++, 0};
                rc = bind_one(ig, c->column, c->colno, c->line, keys, cm, &missing, &miss);
        }
        if (!rc && missing)
                rc = err_set(ig->e, DM_EX_DATAERR,
                             "%s: the export lacks %d column%s that the codebook %s names: "
                             "%s%s",
                             at(ig, ig->header_line), missing, missing == 1 ? "" : "s", cb->path,
                             strbuf_str(&miss), missing > 5 ? ", ..." : "");
        for (size_t f = 0; f < ig->ncols && !rc; f++) {
                if (ig->cols[f].kind == CM_MUNI)
                        ig->muni_field = (int)f;
                if (ig->cols[f].kind == CM_RESP)
                        ig->resp_field = (int)f;
                if (ig->cols[f].kind == CM_COMPLETE)
                        ig->complete_field = (int)f;
                if (ig->cols[f].kind == CM_NONE && keys[f][0]) {
                        ig->sum.unmapped_columns++;
                        dq_event(ig, row->line, (int)f, DQ_UNMAPPED_COLUMN,
                                 "the codebook does not name this column");
                } else if (ig->cols[f].kind == CM_NONE) {
                        ig->sum.unmapped_columns++;
                        dq_event(ig, row->line, (int)f, DQ_UNMAPPED_COLUMN,
                                 "this column has no header text");
                }
        }
        for (size_t f = 0; f < ig->ncols; f++)
                free(keys[f]);
        free(keys);
        strbuf_clear(&miss);
        return rc;
}

/* Maps a cell of a scale item; returns the code index or -1. */
static int scale_code_of(struct ingest *ig, int s, const char *cell)
{
        int idx;
        /* Answer codes are mostly one byte ("3"): a table, not a hash. */
        if (cell[0] && !cell[1]) {
                short *slot = &ig->scale_byte[s][(unsigned char)cell[0]];
                if (*slot == ONEBYTE_UNSEEN)
                        *slot = (short)scale_lookup(&ig->cb->scales[s], cell);
                return *slot;
        }
        struct strmap *cache = &ig->scale_raw[s];
        if (strmap_get(cache, cell, &idx))
                return idx;
        idx = scale_lookup(&ig->cb->scales[s], cell);
        if (cache->n < RAW_CACHE_MAX)
                strmap_put(cache, cell, idx);
        return idx;
}

static int muni_of(struct ingest *ig, const char *cell)
{
        int m;
        if (strmap_get(&ig->muni_raw, cell, &m))
                return m;
        char *k = text_key(cell);
        if (!strmap_get(&ig->muni_keys, k, &m))
                m = -1;
        free(k);
        if (ig->muni_raw.n < RAW_CACHE_MAX)
                strmap_put(&ig->muni_raw, cell, m);
        return m;
}

/* Trimmed copy of a field into buf (fields are short; long ones are cut). */
static const char *trimmed(const char *s, char *buf, size_t n)
{
        size_t len = strlen(s);
        if (len >= n)
                len = n - 1;
        memcpy(buf, s, len);
        buf[len] = '\0';
        return trim_inplace(buf);
}

/*
 * Field f of row, trimmed: the field itself when nothing needs trimming (the
 * usual "3"), else a trimmed copy in buf, cut to n - 1 bytes. Rows that hold
 * a NUL byte were rejected before their cells are read.
 */
static const char *cell_of(const struct csvrow *row, size_t f, char *buf, size_t n)
{
        const char *s = row->fields[f];
        size_t len = row->lens[f];
        if (!len)
                return "";
        unsigned char a = (unsigned char)s[0], z = (unsigned char)s[len - 1];
        if (len < n && a != ' ' && a != '\t' && a != '\r' && a != '\n' && a != 0xC2 &&
            z != ' ' && z != '\t' && z != '\r' && z != '\n' && z != 0xA0)
                return s;
        return trimmed(s, buf, n);
}

static int is_blank(const char *s)
{
        char buf[64];
        return strlen(s) < sizeof buf && !*trimmed(s, buf, sizeof buf);
}

static void map_scale_item(struct ingest *ig, long line, int f, size_t i, const char *cell)
{
        const struct item *it = &ig->cb->items[i];
        const struct scale *sc = &ig->cb->scales[it->scale];
        int k = scale_code_of(ig, it->scale, cell);
        char shown[64];
        if (k < 0) {
                double v;
                shorten(shown, sizeof shown, cell);
                ig->sum.warnings++;
                if (!parse_decimal(cell, &v))
                        dq_event(ig, line, f, DQ_OUT_OF_RANGE,
                                 "item %s: \"%s\" is not a code of scale %s (%d-%d)", it->id,
                                 shown, sc->id, sc->min, sc->max);
                else
                        dq_event(ig, line, f, DQ_BAD_ANSWER,
                                 "item %s: \"%s\" is not an answer of scale %s", it->id, shown,
                                 sc->id);
                return;
        }
        if (sc->codes[k].dontknow) {
                ig->state[i] = ANS_DK;
                return;
        }
        if (it->kind == ITEM_MULTI) {
                ig->multi[i] |= (uint64_t)1 << k;
                ig->state[i] = ANS_VALID;
                return;
        }
        ig->val[i] = sc->codes[k].code;
        ig->state[i] = ANS_VALID;
}

static void map_numeric(struct ingest *ig, long line, int f, size_t i, const char *cell)
{
        const struct item *it = &ig->cb->items[i];
        double v;
        char shown[64];
        shorten(shown, sizeof shown, cell);
        if (parse_decimal(cell, &v)) {
                ig->sum.warnings++;
                dq_event(ig, line, f, DQ_BAD_ANSWER, "item %s: \"%s\" is not a number", it->id,
                         shown);
                return;
        }
        if (v < it->num_min || v > it->num_max) {
                ig->sum.warnings++;
                dq_event(ig, line, f, DQ_OUT_OF_RANGE, "item %s: %s is outside %g..%g", it->id,
                         shown, it->num_min, it->num_max);
                return;
        }
        ig->val[i] = v;
        ig->state[i] = ANS_VALID;
}

/* Splits a joined multi-choice cell (';', else ", ", else ',') and maps each part. */
static void map_multi_cell(struct ingest *ig, long line, int f, size_t i, const char *cell)
{
        const struct item *it = &ig->cb->items[i];
        if (scale_code_of(ig, it->scale, cell) >= 0) {
                map_scale_item(ig, line, f, i, cell);
                return;
        }
        const char *sep = strchr(cell, ';') ? ";" : strstr(cell, ", ") ? ", " : ",";
        size_t seplen = strlen(sep);
        int dk = 0;
        const char *p = cell;
        while (p) {
                const char *q = strstr(p, sep);
                size_t len = q ? (size_t)(q - p) : strlen(p);
                char part[256];
                if (len >= sizeof part)
                        len = sizeof part - 1;
                memcpy(part, p, len);
                part[len] = '\0';
                trim_inplace(part);
                if (*part) {
                        int k = scale_code_of(ig, it->scale, part);
                        const struct scale *sc = &ig->cb->scales[it->scale];
                        if (k < 0) {
                                char shown[64];
                                shorten(shown, sizeof shown, part);
                                ig->sum.warnings++;
                                dq_event(ig, line, f, DQ_UNKNOWN_OPTION,
                                         "item %s: \"%s\" is not an option of scale %s", it->id,
                                         shown, sc->id);
                        } else if (sc->codes[k].dontknow) {
                                dk = 1;
                        } else if (k < 64) {
                                ig->multi[i] |= (uint64_t)1 << k;
                        }
                }
                p = q ? q + seplen : NULL;
        }
        if (ig->multi[i])
                ig->state[i] = ANS_VALID;
        else if (dk)
                ig->state[i] = ANS_DK;
}

static int option_chosen(const char *cell)
{
        char *k = text_key(cell);
        int no = !*k || !strcmp(k, "n") || !strcmp(k, "0") || !strcmp(k, "ei") ||
                 !strcmp(k, "no") || !strcmp(k, "false");
        free(k);
        return !no;
}

static void map_breakdown(struct ingest *ig, long line, int f, size_t b, const char *cell)
{
        struct breakdown *bd = &ig->bds[b];
        if (bd->scale >= 0) {
                int k = scale_code_of(ig, bd->scale, cell);
                if (k < 0) {
                        char shown[64];
                        shorten(shown, sizeof shown, cell);
                        ig->sum.warnings++;
                        dq_event(ig, line, f, DQ_UNKNOWN_CATEGORY,
                                 "breakdown %s: \"%s\" is not in scale %s",
                                 ig->cb->cols[bd->col].id, shown,
                                 ig->cb->scales[bd->scale].id);
                        return;
                }
                ig->cat[b] = k;
                return;
        }
        char *k = text_key(cell);
        int c;
        if (!strmap_get(&bd->keys, k, &c)) {
                if (bd->nlabels >= MAX_CATEGORIES) {
                        char shown[64];
                        shorten(shown, sizeof shown, cell);
                        ig->sum.warnings++;
                        dq_event(ig, line, f, DQ_UNKNOWN_CATEGORY,
                                 "breakdown %s: more than %d different values; \"%s\" set to "
                                 "missing",
                                 ig->cb->cols[bd->col].id, MAX_CATEGORIES, shown);
                        free(k);
                        return;
                }
                c = (int)bd->nlabels;
                strmap_put(&bd->keys, k, c);
                bd->labels = xrealloc(bd->labels, (bd->nlabels + 1) * sizeof *bd->labels);
                bd->labels[bd->nlabels++] = xstrdup(cell);
        }
        free(k);
        ig->cat[b] = c;
}

/* Returns 1 when the id was seen before, else remembers it and returns 0. */
static int id_seen(struct ingest *ig, const char *id)
{
        return idset_add(ig->ids, id, strlen(id));
}

static int is_header_again(const struct ingest *ig, const struct csvrow *row)
{
        if (row->nfields != ig->ncols || ig->muni_field < 0)
                return 0;
        for (size_t f = 0; f < ig->ncols; f++) {
                const char *s = row->fields[f];
                /* Exports pasted together bring the second one's BOM along. */
                if (f == 0 && !strncmp(s, "\xEF\xBB\xBF", 3))
                        s += 3;
                if (strcmp(s, ig->header[f]))
                        return 0;
        }
        return 1;
}

static void reject(struct ingest *ig, long line, int field, enum dq_kind kind, const char *fmt,
                   const char *arg)
{
        ig->sum.rejected++;
        dq_event(ig, line, field, kind, fmt, arg);
}

/*
 * Words a structural problem of a rejected record; for a record that spans
 * several lines, names them all, so that the lines an unbalanced quote
 * swallowed are not lost from sight.
 */
static void with_span(char *dst, size_t n, const struct csvrow *row, const char *what)
{
        if (row->end_line > row->line)
                snprintf(dst, n,
                         msgcat_fmt("%s (the record runs over lines %ld-%ld; a quote may be "
                                    "unbalanced)"),
                         what, row->line, row->end_line);
        else
                snprintf(dst, n, "%s", what);
}

/*
 * Returns 1 when the completion cell says the response is complete: one of
 * the codebook's values (tolerantly), or any non-empty cell when it lists none.
 */
static int is_complete(const struct ingest *ig, const char *cell)
{
        const struct colbind *c = &ig->cb->cols[ig->cb->complete_col];
        char *k = text_key(cell);
        int done = c->ncomplete ? 0 : *k != '\0';
        for (size_t i = 0; i < c->ncomplete && !done; i++)
                done = !strcmp(k, c->complete[i]);
        free(k);
        return done;
}

/* Words the completion rule for a data-quality reason ("its completion cell is not Valmis"). */
static void complete_rule(const struct ingest *ig, char *dst, size_t n)
{
        const struct colbind *c = &ig->cb->cols[ig->cb->complete_col];
        if (!c->ncomplete) {
                snprintf(dst, n, "%s", msgcat_fmt(N_("its completion cell is empty")));
                return;
        }
        char shown[64];
        shorten(shown, sizeof shown, c->complete_text);
        snprintf(dst, n,
                 msgcat_fmt(c->ncomplete > 1 ? N_("its completion cell is not one of %s")
                                             : N_("its completion cell is not %s")),
                 shown);
}

static int data_row(struct ingest *ig, const struct csvrow *row)
{
        const struct codebook *cb = ig->cb;
        char buf[512];
        ig->sum.rows_read++;
        if (row->problem) {
                char msg[320];
                with_span(msg, sizeof msg, row, row->problem);
                reject(ig, row->line, row->problem_field ? (int)row->problem_field - 1 : -1,
                       DQ_BROKEN_ROW, "%s", msg);
                return 0;
        }
        if (row->nfields != ig->ncols) {
                int extra_empty = row->nfields > ig->ncols;
                for (size_t f = ig->ncols; f < row->nfields && extra_empty; f++)
                        extra_empty = is_blank(row->fields[f]);
                if (!extra_empty) {
                        char what[128], msg[320];
                        snprintf(what, sizeof what,
                                 msgcat_fmt("the row has %zu field%s, the header has %zu"),
                                 row->nfields, row->nfields == 1 ? "" : "s", ig->ncols);
                        with_span(msg, sizeof msg, row, what);
                        reject(ig, row->line, -1, DQ_RAGGED_ROW, "%s", msg);
                        return 0;
                }
        }
        if (is_header_again(ig, row)) {
                reject(ig, row->line, -1, DQ_REPEATED_HEADER, "%s",
                       msgcat_fmt(N_("the header row appears again")));
                return 0;
        }
        if (ig->complete_field >= 0 && !is_complete(ig, row->fields[ig->complete_field])) {
                char why[160];
                complete_rule(ig, why, sizeof why);
                if (!ig->cfg->waves[ig->wave].keep_incomplete) {
                        reject(ig, row->line, ig->complete_field, DQ_INCOMPLETE,
                               "the response is incomplete (%s); left out, as incomplete = "
                               "exclude (the default) says",
                               why);
                        return 0;
                }
                dq_event(ig, row->line, ig->complete_field, DQ_INCOMPLETE_KEPT,
                         "the response is incomplete (%s); kept, as incomplete = keep says",
                         why);
        }
        const char *mcell = trimmed(row->fields[ig->muni_field], buf, sizeof buf);
        if (!*mcell) {
                reject(ig, row->line, ig->muni_field, DQ_EMPTY_MUNI, "%s",
                       msgcat_fmt(N_("the municipality is empty")));
                return 0;
        }
        int m = muni_of(ig, mcell);
        if (m < 0) {
                char shown[64];
                shorten(shown, sizeof shown, mcell);
                reject(ig, row->line, ig->muni_field, DQ_UNKNOWN_MUNI,
                       "\"%s\" is not a configured municipality or alias", shown);
                return 0;
        }
        if (ig->resp_field >= 0) {
                const char *id = trimmed(row->fields[ig->resp_field], buf, sizeof buf);
                if (*id && id_seen(ig, id)) {
                        reject(ig, row->line, ig->resp_field, DQ_DUPLICATE_ID, "%s",
                               msgcat_fmt(N_("the respondent id appears on an earlier accepted "
                                             "row")));
                        return 0;
                }
        }
        memset(ig->state, 0, cb->nitems);
        memset(ig->multi, 0, cb->nitems * sizeof *ig->multi);
        for (size_t b = 0; b < ig->nbds; b++)
                ig->cat[b] = -1;
        for (size_t f = 0; f < ig->ncols; f++) {
                const struct colmap *cm = &ig->cols[f];
                if (cm->kind != CM_ITEM && cm->kind != CM_OPTION && cm->kind != CM_BREAKDOWN)
                        continue;
                const char *cell = cell_of(row, f, buf, sizeof buf);
                if (!*cell)
                        continue;
                if (cm->kind == CM_BREAKDOWN) {
                        map_breakdown(ig, row->line, (int)f, (size_t)cm->idx, cell);
                        continue;
                }
                size_t i = (size_t)cm->idx;
                const struct item *it = &cb->items[i];
                if (cm->kind == CM_OPTION) {
                        if (ig->state[i] == ANS_MISSING)
                                ig->state[i] = ANS_VALID; /* answered, maybe with no option */
                        if (option_chosen(cell)) {
                                const struct scale *sc = &cb->scales[it->scale];
                                int code = it->options[cm->opt].code;
                                for (size_t k = 0; k < sc->ncodes && k < 64; k++)
                                        if (sc->codes[k].code == code)
                                                ig->multi[i] |= (uint64_t)1 << k;
                        }
                        continue;
                }
                if (it->kind == ITEM_NUMERIC)
                        map_numeric(ig, row->line, (int)f, i, cell);
                else if (it->kind == ITEM_MULTI)
                        map_multi_cell(ig, row->line, (int)f, i, cell);
                else
                        map_scale_item(ig, row->line, (int)f, i, cell);
        }
        ig->sum.accepted++;
        struct response r = {
            .muni = m,
            .line = row->line,
            .cat = ig->cat,
            .val = ig->val,
            .state = ig->state,
            .multi = ig->multi,
        };
        if (ig->fn && ig->fn(ig->ctx, &r)) {
                ig->failed = 1;
                return 1;
        }
        return 0;
}

static int row_cb(void *ctx, const struct csvrow *row)
{
        struct ingest *ig = ctx;
        if (!ig->header_done) {
                if (row->problem) {
                        err_set(ig->e, DM_EX_DATAERR, "%s: header row: %s",
                                at(ig, row->line), row->problem);
                        ig->failed = 1;
                        return 1;
                }
                ig->header_done = 1;
                if (bind_header(ig, row)) {
                        ig->failed = 1;
                        return 1;
                }
                return 0;
        }
        return data_row(ig, row);
}

/* A workbook's rows: the sheet's name is known from the first row on. */
static int xlsx_row_cb(void *ctx, const struct csvrow *row)
{
        struct ingest *ig = ctx;
        if (!ig->src) {
                size_t n = strlen(ig->path) + strlen(ig->xinfo->sheet) + 2;
                ig->src = xmalloc(n);
                snprintf(ig->src, n, "%s:%s", ig->path, ig->xinfo->sheet);
        }
        return row_cb(ctx, row);
}

int ingest_run(struct ingest *ig, ingest_fn fn, void *ctx, FILE *dq, struct err *e)
{
        free_header(ig);
        memset(&ig->sum, 0, sizeof ig->sum);
        idset_free(ig->ids);
        ig->ids = idset_new();
        ig->header_done = 0;
        ig->failed = 0;
        ig->fn = fn;
        ig->ctx = ctx;
        ig->dq = dq;
        ig->e = e;
        /*
         * In Finnish the report is for Finnish Excel: a UTF-8 byte order mark
         * (else Excel reads Windows-1252) and ';' between fields.
         */
        if (dq && msgcat_lang() == MSG_FI)
                fputs("\xEF\xBB\xBF"
                      "tiedosto;rivi;sarake;sarakkeen otsikko;tapahtuma;toimenpide;syy\n",
                      dq);
        else if (dq)
                fputs("file,line,column,column_name,kind,action,reason\n", dq);
        struct csvread_info info;
        memset(&info, 0, sizeof info);
        struct err e2 = {0};
        int rc;
        struct xlsx_info xi;
        free(ig->src);
        ig->src = NULL;
        ig->workbook = xlsx_sniff(ig->path) != XLSX_NOT_PACKAGE;
        if (ig->workbook) {
                struct xlsx_opts xo = {.sheet = ig->cfg->waves[ig->wave].sheet};
                ig->xinfo = &xi;
                rc = xlsx_read_file(ig->path, &xo, xlsx_row_cb, ig, &xi, &e2);
        } else {
                rc = csvread_file(ig->path, NULL, row_cb, ig, &info, &e2);
        }
        if (rc) {
                if (!ig->failed && e)
                        *e = e2;
                return -1;
        }
        if (!ig->header_done)
                return err_set(e, DM_EX_DATAERR, "%s: the export has no header row", ig->path);
        if (ig->workbook) {
                snprintf(ig->sum.encoding, sizeof ig->sum.encoding, "%s", xi.format);
                snprintf(ig->sum.sheet, sizeof ig->sum.sheet, "%s", xi.sheet);
                ig->sum.delim = 0;
        } else {
                snprintf(ig->sum.encoding, sizeof ig->sum.encoding, "%s",
                         csv_encoding_name(info.enc));
                ig->sum.delim = info.delim;
        }
        return 0;
}

const struct ingest_summary *ingest_summary(const struct ingest *ig)
{
        return &ig->sum;
}

size_t ingest_nbreakdowns(const struct ingest *ig)
{
        return ig->nbds;
}

int ingest_breakdown_col(const struct ingest *ig, size_t b)
{
        return ig->bds[b].col;
}

size_t ingest_ncats(const struct ingest *ig, size_t b)
{
        return ig->bds[b].nlabels;
}

const char *ingest_cat_label(const struct ingest *ig, size_t b, size_t c)
{
        return ig->bds[b].labels[c];
}

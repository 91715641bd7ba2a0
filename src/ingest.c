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

/* A distinct problem value while reading; the summary keeps the most frequent. */
struct acc_note {
        struct dq_note n;
        int scale; /* the scale whose labels may hint, or -1 */
};

#define NOTE_ACC_MAX    1000 /* distinct problem values remembered per wave */
#define NOTE_VALUES_MAX 16   /* value notes a summary keeps (the rest of DQ_NOTES_MAX: warnings) */
#define NEAREST_HEADER_MAX 2000 /* header fields searched for a missing column's nearest one */

struct breakdown {
        int col;            /* index into codebook cols */
        int scale;          /* codebook scale, or -1 (categories are the texts seen) */
        struct strmap keys; /* text key -> category */
        struct strmap raw;  /* cell as read -> category (a cache of keys) */
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
        long *muni_n;      /* accepted rows per municipality */
        /* Distinct problem values for the summary's notes. */
        struct acc_note *acc;
        size_t nacc;
        struct strmap acc_keys; /* "kind|where|text" -> index into acc */
        long acc_left_off;      /* distinct values beyond NOTE_ACC_MAX */
        int counted;            /* the export was read to its end */
        long last_cut;          /* line of the last record when it was short or broken, else 0 */
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
        ig->muni_n = xcalloc(cfg->nmunis ? cfg->nmunis : 1, sizeof *ig->muni_n);
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
        free(ig->muni_n);
        free(ig->acc);
        strmap_clear(&ig->acc_keys);
        for (size_t b = 0; b < ig->nbds; b++) {
                strmap_clear(&ig->bds[b].keys);
                strmap_clear(&ig->bds[b].raw);
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
 * Counts one occurrence of a problem value for the summary's notes: kind,
 * where (item or breakdown id, "" for the municipality) and the value as read.
 */
static void note_value(struct ingest *ig, enum dq_note_kind kind, const char *where,
                       const char *value, long line, int scale)
{
        char text[64];
        shorten(text, sizeof text, value);
        struct strbuf key;
        strbuf_init(&key);
        strbuf_addf(&key, "%d\x1f%s\x1f%s", (int)kind, where, text);
        int i;
        if (strmap_get(&ig->acc_keys, key.buf, &i)) {
                ig->acc[i].n.count++;
        } else if (ig->nacc >= NOTE_ACC_MAX) {
                ig->acc_left_off++;
        } else {
                ig->acc = xrealloc(ig->acc, (ig->nacc + 1) * sizeof *ig->acc);
                struct acc_note *a = &ig->acc[ig->nacc];
                memset(a, 0, sizeof *a);
                a->n.kind = kind;
                a->n.count = 1;
                a->n.line = line;
                snprintf(a->n.where, sizeof a->n.where, "%s", where);
                memcpy(a->n.text, text, sizeof text);
                a->scale = scale;
                strmap_put(&ig->acc_keys, key.buf, (int)ig->nacc++);
        }
        strbuf_clear(&key);
}

/* Copies into hint the label of scale sc closest to value (a likely typo), or "". */
static void label_hint(const struct scale *sc, const char *value, char *hint, size_t n)
{
        char *k = text_key(value);
        int best = -1, bestd = 0;
        for (size_t c = 0; c < sc->ncodes; c++) {
                char *kl = text_key(sc->codes[c].label);
                if (text_close(k, kl)) {
                        int d = text_distance(k, kl);
                        if (best < 0 || d < bestd) {
                                best = (int)c;
                                bestd = d;
                        }
                }
                free(kl);
        }
        free(k);
        snprintf(hint, n, "%s", best >= 0 ? sc->codes[best].label : "");
}

/*
 * Copies into hint the configured municipality whose name or alias is
 * nearest to value when at most half of its letters differ, or "".
 */
static void muni_hint(const struct config *cfg, const char *value, char *hint, size_t n)
{
        char *k = text_key(value);
        int best = -1, bestd = 0;
        size_t klen = strlen(k);
        for (size_t m = 0; m < cfg->nmunis; m++) {
                for (size_t a = 0; a <= cfg->munis[m].naliases; a++) {
                        char *kn = text_key(a ? cfg->munis[m].aliases[a - 1] : cfg->munis[m].name);
                        size_t longer = strlen(kn) > klen ? strlen(kn) : klen;
                        int d = text_distance(k, kn);
                        if ((size_t)d * 2 <= longer && (best < 0 || d < bestd)) {
                                best = (int)m;
                                bestd = d;
                        }
                        free(kn);
                }
        }
        free(k);
        snprintf(hint, n, "%s", best >= 0 ? cfg->munis[best].name : "");
}

static int cmp_acc(const void *a, const void *b)
{
        const struct acc_note *x = a, *y = b;
        if (x->n.count != y->n.count)
                return x->n.count > y->n.count ? -1 : 1;
        return x->n.line < y->n.line ? -1 : x->n.line > y->n.line;
}

void ingest_summary_add_alert(struct ingest_summary *s, const struct dq_note *n)
{
        s->alerts++;
        if (s->nnotes == DQ_NOTES_MAX) {
                s->notes_left_off++;
                s->nnotes--;
        }
        /* Warnings come before value notes. */
        int at = 0;
        while (at < s->nnotes && (s->notes[at].kind == NOTE_RATE || s->notes[at].kind == NOTE_GONE))
                at++;
        memmove(&s->notes[at + 1], &s->notes[at], (size_t)(s->nnotes - at) * sizeof *s->notes);
        s->notes[at] = *n;
        s->nnotes++;
}

/* Fills the summary's notes: response-rate warnings, then the most frequent values. */
static void finish_notes(struct ingest *ig)
{
        struct ingest_summary *s = &ig->sum;
        for (size_t m = 0; m < ig->cfg->nmunis; m++) {
                const struct municipality *mu = &ig->cfg->munis[m];
                if (mu->staff <= 0 || ig->muni_n[m] <= mu->staff)
                        continue;
                struct dq_note n = {.kind = NOTE_RATE, .count = ig->muni_n[m], .extra = mu->staff};
                snprintf(n.where, sizeof n.where, "%s", mu->name);
                ingest_summary_add_alert(s, &n);
        }
        if (ig->nacc)
                qsort(ig->acc, ig->nacc, sizeof *ig->acc, cmp_acc);
        for (size_t i = 0; i < ig->nacc; i++) {
                if (i >= NOTE_VALUES_MAX || s->nnotes == DQ_NOTES_MAX) {
                        s->notes_left_off++;
                        continue;
                }
                struct dq_note *n = &s->notes[s->nnotes++];
                *n = ig->acc[i].n;
                if (n->kind == NOTE_MUNI)
                        muni_hint(ig->cfg, n->text, n->hint, sizeof n->hint);
                else if (ig->acc[i].scale >= 0)
                        label_hint(&ig->cb->scales[ig->acc[i].scale], n->text, n->hint,
                                   sizeof n->hint);
        }
        s->notes_left_off += ig->acc_left_off;
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

/* A codebook column the export lacks, for the message. */
struct missing_col {
        const char *column; /* header text, or NULL for #N */
        int colno;
        int line;
};

#define MISSING_SHOWN 10 /* missing columns a message names */

/*
 * Counts the code points of s in 256 buckets (each code point always falls
 * in the same one). Half the L1 difference of two such counts is at most the
 * edit distance of the texts, so most headers are ruled out without it.
 */
static void cp_buckets(const char *s, unsigned short h[256])
{
        memset(h, 0, 256 * sizeof *h);
        const unsigned char *p = (const unsigned char *)s;
        while (*p) {
                unsigned char lead = *p++, last = lead;
                while ((*p & 0xC0) == 0x80)
                        last = *p++;
                h[(unsigned char)(lead ^ (last << 1))]++;
        }
}

/*
 * Returns the export field nearest to a codebook column name among those no
 * codebook row bound (a renamed column is one of them) when it is close
 * enough to be a typo or a small edit (text_close()), else -1.
 */
static int nearest_header(const struct ingest *ig, const char *column, char *const *keys)
{
        if (ig->ncols > NEAREST_HEADER_MAX)
                return -1; /* thousands of columns: no hint */
        char *k = text_key(column);
        unsigned short kh[256], fh[256];
        cp_buckets(k, kh);
        size_t klen = strlen(k);
        int best = -1, bestd = 0;
        for (size_t f = 0; f < ig->ncols; f++) {
                if (ig->cols[f].kind != CM_NONE || !keys[f][0])
                        continue;
                size_t flen = strlen(keys[f]), longer = flen > klen ? flen : klen;
                cp_buckets(keys[f], fh);
                size_t l1 = 0;
                for (int c = 0; c < 256; c++)
                        l1 += (size_t)(kh[c] > fh[c] ? kh[c] - fh[c] : fh[c] - kh[c]);
                if (l1 / 2 > (longer <= 8 ? 1 : longer / 4))
                        continue; /* too many letters differ in any order */
                if (!text_close(k, keys[f]))
                        continue;
                int d = text_distance(k, keys[f]);
                if (best < 0 || d < bestd) {
                        best = (int)f;
                        bestd = d;
                }
        }
        free(k);
        return best;
}

/* Writes the missing columns of a header to sb, each with its nearest unbound header. */
static void missing_list(const struct ingest *ig, char *const *keys, const struct missing_col *miss,
                         int missing, struct strbuf *sb)
{
        for (int i = 0; i < missing && i < MISSING_SHOWN; i++) {
                const struct missing_col *m = &miss[i];
                int near = m->column ? nearest_header(ig, m->column, keys) : -1;
                if (i)
                        strbuf_adds(sb, ", ");
                if (!m->column) {
                        strbuf_addf(sb, "column #%d (codebook line %d)", m->colno, m->line);
                } else if (near >= 0) {
                        char shown[64];
                        shorten(shown, sizeof shown, ig->header[near]);
                        strbuf_addf(sb,
                                    "\"%s\" (codebook line %d; nearest header: column %d "
                                    "\"%s\")",
                                    m->column, m->line, near + 1, shown);
                } else {
                        strbuf_addf(sb, "\"%s\" (codebook line %d)", m->column, m->line);
                }
        }
}

static int bind_one(struct ingest *ig, const char *column, int colno, int line, char *const *keys,
                    struct colmap cm, int *missing, struct missing_col *miss)
{
        int f = find_field(column, colno, keys, ig->ncols);
        if (f == -2)
                return err_set(ig->e, DM_EX_DATAERR,
                               "%s: column \"%s\" (codebook %s:%d) matches more than one "
                               "column of the export; name it by position (#N) instead",
                               at(ig, ig->header_line), column ? column : "?", ig->cb->path,
                               line);
        if (f < 0) {
                if (*missing < MISSING_SHOWN)
                        miss[*missing] = (struct missing_col){colno ? NULL : column, colno, line};
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
        struct missing_col miss[MISSING_SHOWN];
        ig->muni_field = ig->resp_field = ig->complete_field = -1;
        for (size_t i = 0; i < cb->nitems && !rc; i++) {
                const struct item *it = &cb->items[i];
                if (it->column || it->colno)
                        rc = bind_one(ig, it->column, it->colno, it->line, keys,
                                      (struct colmap){CM_ITEM, (int)i, 0}, &missing, miss);
                for (size_t o = 0; o < it->noptions && !rc; o++)
                        rc = bind_one(ig, it->options[o].column, it->options[o].colno,
                                      it->options[o].line, keys,
                                      (struct colmap){CM_OPTION, (int)i, (int)o}, &missing, miss);
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
                rc = bind_one(ig, c->column, c->colno, c->line, keys, cm, &missing, miss);
        }
        if (!rc && missing) {
                struct strbuf list;
                strbuf_init(&list);
                missing_list(ig, keys, miss, missing, &list);
                rc = err_set(ig->e, DM_EX_DATAERR,
                             "%s: the export lacks %d column%s that the codebook %s names: "
                             "%s%s",
                             at(ig, ig->header_line), missing, missing == 1 ? "" : "s", cb->path,
                             strbuf_str(&list), missing > MISSING_SHOWN ? ", ..." : "");
                strbuf_clear(&list);
        }
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
        if (cell[strspn(cell, "0123456789")] == '\0') {
                m = config_find_muni_code(ig->cfg, cell);
        } else {
                char *k = text_key(cell);
                if (!strmap_get(&ig->muni_keys, k, &m))
                        m = -1;
                free(k);
        }
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
                int number = !parse_decimal(cell, &v);
                note_value(ig, number ? NOTE_RANGE : NOTE_ANSWER, it->id, cell, line,
                           number ? -1 : it->scale);
                if (number)
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
                note_value(ig, NOTE_ANSWER, it->id, cell, line, -1);
                dq_event(ig, line, f, DQ_BAD_ANSWER, "item %s: \"%s\" is not a number", it->id,
                         shown);
                return;
        }
        if (v < it->num_min || v > it->num_max) {
                ig->sum.warnings++;
                note_value(ig, NOTE_RANGE, it->id, cell, line, -1);
                dq_event(ig, line, f, DQ_OUT_OF_RANGE, "item %s: %s is outside %g..%g", it->id,
                         shown, it->num_min, it->num_max);
                return;
        }
        ig->val[i] = v;
        ig->state[i] = ANS_VALID;
}

/* Copies cell[from, to) trimmed into part (cut to n - 1 bytes) and returns it. */
static const char *span_of(const char *cell, size_t from, size_t to, char *part, size_t n)
{
        size_t len = to - from;
        if (len >= n)
                len = n - 1;
        memcpy(part, cell + from, len);
        part[len] = '\0';
        return trim_inplace(part);
}

#define MULTI_PARTS_MAX 256 /* parts of a joined cell looked at; the rest is one part */
#define MULTI_SPAN_MAX  8   /* parts one option label may span ("Muu, mikä?" spans two) */

/*
 * Maps a joined multi-choice cell. The separator is ';', else ", ", else ','.
 * An option label may itself hold the separator (Google Forms joins with
 * ", " and writes "Muu, mikä?" as it is), so the cell is matched against the
 * scale's labels before it is split: from each part on, the longest run of
 * parts that is a label counts as one option.
 */
static void map_multi_cell(struct ingest *ig, long line, int f, size_t i, const char *cell)
{
        const struct item *it = &ig->cb->items[i];
        const struct scale *sc = &ig->cb->scales[it->scale];
        if (scale_code_of(ig, it->scale, cell) >= 0) {
                map_scale_item(ig, line, f, i, cell);
                return;
        }
        const char *sep = strchr(cell, ';') ? ";" : strstr(cell, ", ") ? ", " : ",";
        size_t seplen = strlen(sep), len = strlen(cell);
        /* Part p is cell[from[p], to[p]). */
        size_t from[MULTI_PARTS_MAX], to[MULTI_PARTS_MAX], np = 0;
        for (size_t pos = 0;;) {
                const char *q = np + 1 < MULTI_PARTS_MAX ? strstr(cell + pos, sep) : NULL;
                size_t end = q ? (size_t)(q - cell) : len;
                from[np] = pos;
                to[np++] = end;
                if (!q)
                        break;
                pos = end + seplen;
        }
        int dk = 0;
        char part[256];
        for (size_t p = 0; p < np;) {
                size_t last = p; /* the run p..last is one option */
                int k = -1;
                for (size_t j = (np - p > MULTI_SPAN_MAX ? p + MULTI_SPAN_MAX : np) - 1; j > p;
                     j--) {
                        const char *run = span_of(cell, from[p], to[j], part, sizeof part);
                        if (*run && (k = scale_code_of(ig, it->scale, run)) >= 0) {
                                last = j;
                                break;
                        }
                }
                const char *text = span_of(cell, from[p], to[last], part, sizeof part);
                if (last == p)
                        k = *text ? scale_code_of(ig, it->scale, text) : -1;
                p = last + 1;
                if (!*text)
                        continue;
                if (k < 0) {
                        char shown[64];
                        shorten(shown, sizeof shown, text);
                        ig->sum.warnings++;
                        note_value(ig, NOTE_OPTION, it->id, text, line, it->scale);
                        dq_event(ig, line, f, DQ_UNKNOWN_OPTION,
                                 "item %s: \"%s\" is not an option of scale %s", it->id, shown,
                                 sc->id);
                } else if (sc->codes[k].dontknow) {
                        dk = 1;
                } else if (k < 64) {
                        ig->multi[i] |= (uint64_t)1 << k;
                }
        }
        if (ig->multi[i])
                ig->state[i] = ANS_VALID;
        else if (dk)
                ig->state[i] = ANS_DK;
}

static int option_chosen(const char *cell)
{
        /* The usual "1", "X" or "0" without a key. */
        if (cell[0] && !cell[1] && (unsigned char)cell[0] < 0x80)
                return cell[0] != '0' && cell[0] != 'n' && cell[0] != 'N';
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
                        note_value(ig, NOTE_CATEGORY, ig->cb->cols[bd->col].id, cell, line,
                                   bd->scale);
                        dq_event(ig, line, f, DQ_UNKNOWN_CATEGORY,
                                 "breakdown %s: \"%s\" is not in scale %s",
                                 ig->cb->cols[bd->col].id, shown,
                                 ig->cb->scales[bd->scale].id);
                        return;
                }
                ig->cat[b] = k;
                return;
        }
        int c;
        if (strmap_get(&bd->raw, cell, &c)) {
                ig->cat[b] = c;
                return;
        }
        char *k = text_key(cell);
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
        if (bd->raw.n < RAW_CACHE_MAX)
                strmap_put(&bd->raw, cell, c);
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
        ig->last_cut = row->problem || row->nfields < ig->ncols ? row->line : 0;
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
                int digits = mcell[strspn(mcell, "0123456789")] == '\0';
                note_value(ig, digits ? NOTE_MUNI_CODE : NOTE_MUNI, "", mcell, row->line, -1);
                if (digits)
                        reject(ig, row->line, ig->muni_field, DQ_UNKNOWN_MUNI,
                               "\"%s\" is a number that no municipality's code = names; "
                               "map the export's codes with code = N in each [municipality] "
                               "section",
                               shown);
                else
                        reject(ig, row->line, ig->muni_field, DQ_UNKNOWN_MUNI,
                               "\"%s\" is not a configured municipality or alias", shown);
                return 0;
        }
        ig->muni_n[m]++;
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

/* Writes the most frequent reasons for rejection ("unknown municipality 40, ...") to sb. */
static void top_reasons(const struct ingest_summary *s, struct strbuf *sb)
{
        int used[DQ_KIND_COUNT] = {0};
        for (int shown = 0; shown < 3; shown++) {
                int best = -1;
                for (int k = 0; k < DQ_KIND_COUNT; k++)
                        if (dq_kinds[k].rejects && !used[k] && s->by_kind[k] &&
                            (best < 0 || s->by_kind[k] > s->by_kind[best]))
                                best = k;
                if (best < 0)
                        break;
                used[best] = 1;
                strbuf_addf(sb, "%s%s %ld", shown ? ", " : "", dq_kinds[best].name,
                            s->by_kind[best]);
        }
}

/*
 * A wave must have accepted rows, and no more rejected than the
 * configuration allows: a header-only file (a failed download) or a wrong
 * export must fail loudly instead of making empty or half reports.
 */
/* Returns 1 when the file at path ends with a line break (or is empty), 0 when not. */
static int ends_with_line_break(const char *path)
{
        FILE *fp = fopen(path, "rb");
        if (!fp)
                return 1;
        int c = '\n';
        if (fseek(fp, -1, SEEK_END) == 0)
                c = getc(fp);
        fclose(fp);
        return c == '\n' || c == '\r';
}

/*
 * One answer text the codebook does not know, found in many rows, is not a
 * slip of one respondent but a mismatch between export and codebook (a label
 * mistyped on either side, a scale exported as other words): setting it to
 * missing would move the figures with nothing but a warning. Such a wave
 * fails: a distinct unknown answer, option or category text that occurs at
 * least twice and in more than max_unknown_pct % of the accepted rows. A
 * stray value below that stays a warning in the summary.
 */
static int check_unknown(struct ingest *ig, struct err *e)
{
        const struct ingest_summary *s = &ig->sum;
        for (int i = 0; i < s->nnotes; i++) {
                const struct dq_note *n = &s->notes[i];
                if (n->kind != NOTE_ANSWER && n->kind != NOTE_RANGE && n->kind != NOTE_OPTION &&
                    n->kind != NOTE_CATEGORY)
                        continue;
                double pct = 100.0 * (double)n->count / (double)s->accepted;
                if (n->count < 2 || pct <= ig->cfg->max_unknown_pct)
                        continue;
                if (n->hint[0])
                        return err_set(e, DM_EX_DATAERR,
                                       "%s:%ld: item %s: the answer \"%s\" is not in the "
                                       "codebook but is in %ld rows (%.1f %% of those accepted, "
                                       "more than max_unknown_pct = %g %%); did you mean \"%s\"? "
                                       "Correct the label in the codebook or the export; no output "
                                       "of this wave is written or replaced",
                                       ig->path, n->line, n->where, n->text, n->count, pct,
                                       ig->cfg->max_unknown_pct, n->hint);
                return err_set(e, DM_EX_DATAERR,
                               "%s:%ld: item %s: the answer \"%s\" is not in the codebook but "
                               "is in %ld rows (%.1f %% of those accepted, more than "
                               "max_unknown_pct = %g %%); add it to the item's scale in the "
                               "codebook (or as a missing code); no output of this wave is "
                               "written or replaced",
                               ig->path, n->line, n->where, n->text, n->count, pct,
                               ig->cfg->max_unknown_pct);
        }
        return 0;
}

static int check_accepted(struct ingest *ig, struct err *e)
{
        const struct ingest_summary *s = &ig->sum;
        /*
         * A download cut short ends inside a record: the last one is short or
         * broken and has no line end. Its other rows are a part of the data
         * that would pass for the whole.
         */
        if (!ig->workbook && ig->last_cut && !ends_with_line_break(ig->path))
                return err_set(e, DM_EX_DATAERR,
                               "%s:%ld: the export ends in the middle of its last record, without "
                               "a line end: the file looks cut short (an unfinished download or "
                               "copy?); no output of this wave is written or replaced",
                               ig->path, ig->last_cut);
        if (!s->rows_read)
                return err_set(
                    e, DM_EX_DATAERR,
                    "%s: the export has a header row but no data rows (an unfinished "
                    "download or an empty survey?); no output of this wave is written or replaced",
                    ig->path);
        struct strbuf why;
        strbuf_init(&why);
        top_reasons(s, &why);
        int rc = 0;
        double pct = 100.0 * (double)s->rejected / (double)s->rows_read;
        if (!s->accepted)
                rc = err_set(e, DM_EX_DATAERR,
                             "%s: none of the %ld data rows was accepted (%s); no output of this "
                             "wave is written or replaced",
                             ig->path, s->rows_read, strbuf_str(&why));
        else if (pct > ig->cfg->max_rejected_pct)
                rc = err_set(e, DM_EX_DATAERR,
                             "%s: %ld of %ld data rows rejected (%.1f %%), more than "
                             "max_rejected_pct = %g %% in [region] (%s); no output of this wave is "
                             "written or replaced",
                             ig->path, s->rejected, s->rows_read, pct, ig->cfg->max_rejected_pct,
                             strbuf_str(&why));
        strbuf_clear(&why);
        if (rc)
                return rc;
        return check_unknown(ig, e);
}

int ingest_run(struct ingest *ig, ingest_fn fn, void *ctx, FILE *dq, struct err *e)
{
        free_header(ig);
        memset(&ig->sum, 0, sizeof ig->sum);
        idset_free(ig->ids);
        ig->ids = idset_new();
        ig->header_done = 0;
        ig->failed = 0;
        ig->counted = 0;
        ig->last_cut = 0;
        memset(ig->muni_n, 0, (ig->cfg->nmunis ? ig->cfg->nmunis : 1) * sizeof *ig->muni_n);
        free(ig->acc);
        ig->acc = NULL;
        ig->nacc = 0;
        ig->acc_left_off = 0;
        strmap_clear(&ig->acc_keys);
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
        finish_notes(ig);
        ig->counted = 1;
        return check_accepted(ig, e);
}

int ingest_counted(const struct ingest *ig)
{
        return ig->counted;
}

long ingest_muni_count(const struct ingest *ig, size_t m)
{
        return m < ig->cfg->nmunis ? ig->muni_n[m] : 0;
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

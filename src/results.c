/*
 * results.c - the tidy results table: interned strings, hashed lookup, and the
 * two CSV dialects (plain and Finnish Excel). Reading back goes through
 * csvread so that the report stage sees exactly what was written.
 */
#include "results.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "csvread.h"
#include "ring.h"

/*
 * Streaming runs two writer threads, one per table, so that formatting the
 * national table's millions of rows overlaps the statistics. Rows go to them
 * in batches (their strings copied, for callers' strings may be transient)
 * through a ring (ring.h) of STREAM_SLOTS batches: the producer fills one
 * while the writers format the ones before it.
 */
#define STREAM_SLOTS 4
#define STREAM_BATCH 2048
enum {
        RS_WAVE,
        RS_GROUP,
        RS_BREAKDOWN,
        RS_SUBJECT,
        RS_STATISTIC,
        RS_CATEGORY,
        RS_VALUE,
        RS_NOTE,
        RS_N
};

#define RS_NONE (~0u)
#define RS_CACHE 120 /* longest rendered field a writer keeps for the next row */

/*
 * A row in a batch. Strings are offsets into the batch's arena; the value is
 * a word, or a number already formatted (once for both tables), or RS_NONE.
 * Consecutive rows mostly share their wave, group, breakdown and subject: a
 * column equal to the previous row's is stored once and flagged in `same`, so
 * that a writer repeats its rendering instead of rendering it again.
 */
struct srow {
        uint32_t str[RS_N];
        unsigned same;     /* bit c: column c equals the previous row's */
        int value_is_text; /* RS_VALUE is a word, quoted and guarded as text */
        long n;
};

struct sbatch {
        struct srow *rows;
        size_t n;
        struct strbuf arena;
        uint32_t last[RS_N]; /* the previous row's columns (producer only) */
};

struct swriter {
        struct results *r;
        struct atomicfile *af;
        int excel;
        size_t id; /* its consumer number in the ring */
        pthread_t th;
        struct strbuf out;
        char cache[RS_N][RS_CACHE]; /* the previous row's rendered columns */
        size_t clen[RS_N];
        int cok[RS_N]; /* cache[c] holds the previous row's column c */
};

struct stream {
        struct ring ring;
        struct sbatch slot[STREAM_SLOTS];
        struct sbatch *filling; /* the batch the producer is filling, or NULL (producer only) */
        int abandon; /* writers stop without writing: this thread takes over (set before close) */
        struct swriter w[2];
        size_t nw;
};

static void stream_stop(struct results *r);

struct results {
        struct result_row *rows;
        size_t nrows, caprows;
        /* String intern table: open addressing over owned strings. */
        char **strs;
        size_t nstrs, capstrs;
        /* Row index: open addressing over row numbers + 1 (0 = empty slot). */
        size_t *index;
        size_t capindex;
        /* Streaming (results_stream): rows are written as they are added. */
        struct atomicfile *csv, *excel;
        struct strbuf buf[2];   /* bytes not yet written to csv, excel (no threads) */
        struct stream *st;      /* the writer threads, when they could be started */
        enum results_keep keep; /* keep rows with a breakdown in memory too */
        results_observer observe; /* sees every added row (results_observe), or NULL */
        void *observe_ctx;
};

static uint64_t hash_str(const char *s)
{
        return XXH3_64bits(s, strlen(s));
}

/* Returns the interned copy of s, adding it when `add`; NULL when absent. */
static const char *intern(struct results *r, const char *s, int add)
{
        if (!s)
                s = "";
        if (r->capstrs == 0) {
                if (!add)
                        return NULL;
                r->capstrs = 256;
                r->strs = xcalloc(r->capstrs, sizeof *r->strs);
        }
        size_t mask = r->capstrs - 1;
        size_t i = (size_t)hash_str(s) & mask;
        while (r->strs[i]) {
                if (!strcmp(r->strs[i], s))
                        return r->strs[i];
                i = (i + 1) & mask;
        }
        if (!add)
                return NULL;
        if ((r->nstrs + 1) * 2 > r->capstrs) {
                char **old = r->strs;
                size_t oldcap = r->capstrs;
                r->capstrs *= 2;
                r->strs = xcalloc(r->capstrs, sizeof *r->strs);
                mask = r->capstrs - 1;
                for (size_t k = 0; k < oldcap; k++) {
                        if (!old[k])
                                continue;
                        size_t j = (size_t)hash_str(old[k]) & mask;
                        while (r->strs[j])
                                j = (j + 1) & mask;
                        r->strs[j] = old[k];
                }
                free(old);
                i = (size_t)hash_str(s) & mask;
                while (r->strs[i])
                        i = (i + 1) & mask;
        }
        r->strs[i] = xstrdup(s);
        r->nstrs++;
        return r->strs[i];
}

/* The six interned strings are unique by address, so their pointers are the key. */
static uint64_t hash_key(const char *const k[6])
{
        return XXH3_64bits(k, 6 * sizeof k[0]);
}

static void row_keys(const struct result_row *row, const char *k[6])
{
        k[0] = row->wave;
        k[1] = row->group;
        k[2] = row->breakdown;
        k[3] = row->subject;
        k[4] = row->statistic;
        k[5] = row->category;
}

static void index_insert(struct results *r, size_t rowno)
{
        const char *k[6];
        row_keys(&r->rows[rowno], k);
        size_t mask = r->capindex - 1;
        size_t i = (size_t)hash_key(k) & mask;
        while (r->index[i])
                i = (i + 1) & mask;
        r->index[i] = rowno + 1;
}

static void index_grow(struct results *r)
{
        if (r->nrows * 2 < r->capindex)
                return;
        free(r->index);
        r->capindex = r->capindex ? r->capindex * 2 : 1024;
        r->index = xcalloc(r->capindex, sizeof *r->index);
        for (size_t i = 0; i < r->nrows; i++)
                index_insert(r, i);
}

struct results *results_new(void)
{
        return xcalloc(1, sizeof(struct results));
}

void results_free(struct results *r)
{
        if (!r)
                return;
        for (size_t i = 0; i < r->capstrs; i++)
                free(r->strs[i]);
        free(r->strs);
        free(r->rows);
        free(r->index);
        if (r->st) {
                /* A stream never ended: its outputs are being abandoned, write nothing more. */
                r->st->abandon = 1; /* seen by the writers through ring_close() */
                stream_stop(r);
        }
        strbuf_clear(&r->buf[0]);
        strbuf_clear(&r->buf[1]);
        free(r);
}

static void write_row(struct strbuf *sb, const struct result_row *row, int excel);

/* Writes the buffered bytes out once there are enough of them (all when force). */
/* As flush_buf, into a streamed output. */
static void flush_af(struct strbuf *sb, struct atomicfile *af, int force)
{
        if (sb->len >= (1u << 18) || (force && sb->len)) {
                atomicfile_write(af, sb->buf, sb->len);
                strbuf_reset(sb);
        }
}

static void flush_buf(struct strbuf *sb, FILE *fp, int force)
{
        if (sb->len >= (1u << 18) || (force && sb->len)) {
                fwrite(sb->buf, 1, sb->len, fp);
                strbuf_reset(sb);
        }
}

static uint32_t arena_add(struct strbuf *a, const char *s)
{
        uint32_t off = (uint32_t)a->len;
        strbuf_addn(a, s, strlen(s) + 1);
        return off;
}

/* Renders column c of x at d (room for csv_field_bound), reusing the previous row's. */
static char *put_scol(struct swriter *w, char *d, const char *a, const struct srow *x, int c)
{
        char delim = w->excel ? ';' : ',';
        if ((x->same >> c & 1) && w->cok[c]) {
                memcpy(d, w->cache[c], w->clen[c]);
                return d + w->clen[c];
        }
        const char *s = a + x->str[c];
        char *end;
        if (c == RS_VALUE && !x->value_is_text) {
                size_t n = strlen(s);
                memcpy(d, s, n);
                if (w->excel)
                        for (size_t i = 0; i < n; i++)
                                if (d[i] == '.')
                                        d[i] = ',';
                end = d + n;
        } else {
                end = csv_field_raw(d, s, strlen(s), delim, w->excel);
        }
        size_t len = (size_t)(end - d);
        w->cok[c] = len <= RS_CACHE;
        if (w->cok[c]) {
                memcpy(w->cache[c], d, len);
                w->clen[c] = len;
        }
        return end;
}

/* Writes one stream row as write_row() would write the row it came from. */
static void write_srow(struct swriter *w, const char *a, const struct srow *x)
{
        char delim = w->excel ? ';' : ',';
        size_t room = DM_NUMBUF + 16;
        for (int c = 0; c < RS_N; c++)
                if (x->str[c] != RS_NONE)
                        room += csv_field_bound(strlen(a + x->str[c])) + 1;
        char *start = strbuf_reserve(&w->out, room), *d = start;
        for (int c = 0; c < RS_VALUE; c++) {
                d = put_scol(w, d, a, x, c);
                *d++ = delim;
        }
        if (x->str[RS_VALUE] != RS_NONE)
                d = put_scol(w, d, a, x, RS_VALUE);
        else
                w->cok[RS_VALUE] = 0;
        *d++ = delim;
        if (x->n >= 0)
                d += fmt_integer(d, x->n);
        *d++ = delim;
        d = put_scol(w, d, a, x, RS_NOTE);
        if (w->excel)
                *d++ = '\r';
        *d++ = '\n';
        strbuf_commit(&w->out, (size_t)(d - start));
}

static void *swriter_main(void *arg)
{
        struct swriter *w = arg;
        struct stream *st = w->r->st;
        long k;
        while ((k = ring_take(&st->ring, w->id)) >= 0) {
                const struct sbatch *b = &st->slot[k];
                for (size_t i = 0; i < b->n; i++) {
                        write_srow(w, b->arena.buf, &b->rows[i]);
                        flush_af(&w->out, w->af, 0);
                }
                ring_release(&st->ring, w->id);
        }
        if (!st->abandon) {
                flush_af(&w->out, w->af, 1);
                atomicfile_write_end(w->af);
        }
        return NULL;
}

/* Starts a writer thread for each stream; returns 0, or -1 (then write in this thread). */
static int stream_start(struct results *r)
{
        struct stream *st = xcalloc(1, sizeof *st);
        ring_init(&st->ring, STREAM_SLOTS, (size_t)(!!r->csv + !!r->excel));
        r->st = st;
        struct atomicfile *fps[2] = {r->csv, r->excel};
        for (int k = 0; k < 2; k++) {
                if (!fps[k])
                        continue;
                struct swriter *w = &st->w[st->nw];
                w->r = r;
                w->id = st->nw;
                w->af = fps[k];
                w->excel = k;
                w->out = r->buf[k]; /* the header */
                strbuf_init(&r->buf[k]);
                if (pthread_create(&w->th, NULL, swriter_main, w) != 0) {
                        r->buf[k] = w->out;
                        strbuf_init(&w->out);
                        break;
                }
                st->nw++;
        }
        if (st->nw == (size_t)(!!r->csv + !!r->excel))
                return 0;
        /* Not all threads started: stop those that did, write in this thread. */
        st->abandon = 1;
        ring_close(&st->ring);
        for (size_t i = 0; i < st->nw; i++) {
                pthread_join(st->w[i].th, NULL);
                r->buf[st->w[i].excel] = st->w[i].out; /* its header, unwritten */
        }
        ring_clear(&st->ring);
        free(st);
        r->st = NULL;
        return -1;
}

/* Publishes the last batch, waits for the writers and frees the stream. */
static void stream_stop(struct results *r)
{
        struct stream *st = r->st;
        if (st->filling && st->filling->n)
                ring_publish(&st->ring);
        st->filling = NULL;
        ring_close(&st->ring);
        for (size_t i = 0; i < st->nw; i++) {
                pthread_join(st->w[i].th, NULL);
                strbuf_clear(&st->w[i].out);
        }
        for (size_t i = 0; i < STREAM_SLOTS; i++) {
                free(st->slot[i].rows);
                strbuf_clear(&st->slot[i].arena);
        }
        ring_clear(&st->ring);
        free(st);
        r->st = NULL;
}

/* Hands a row to the writer threads. */
static void stream_row(struct results *r, const struct result_row *tmp)
{
        struct stream *st = r->st;
        struct sbatch *b = st->filling;
        if (!b) {
                /* Waits until every writer is done with this slot's earlier batch. */
                b = st->filling = &st->slot[ring_acquire(&st->ring)];
                b->n = 0;
                strbuf_reset(&b->arena);
                for (int c = 0; c < RS_N; c++)
                        b->last[c] = RS_NONE;
                if (!b->rows)
                        b->rows = xcalloc(STREAM_BATCH, sizeof *b->rows);
        }
        struct srow *x = &b->rows[b->n++];
        const char *col[RS_N] = {tmp->wave,     tmp->group,    tmp->breakdown, tmp->subject,
                                 tmp->statistic, tmp->category, NULL,           tmp->note};
        char num[DM_NUMBUF];
        x->value_is_text = tmp->has_value && tmp->text;
        if (x->value_is_text) {
                col[RS_VALUE] = tmp->text;
        } else if (tmp->has_value) {
                fmt_double(num, tmp->value);
                col[RS_VALUE] = num;
        }
        x->same = 0;
        for (int c = 0; c < RS_N; c++) {
                if (!col[c]) {
                        x->str[c] = RS_NONE;
                } else if (b->last[c] != RS_NONE && !strcmp(b->arena.buf + b->last[c], col[c]) &&
                           (c != RS_VALUE || x->value_is_text == x[-1].value_is_text)) {
                        x->str[c] = b->last[c];
                        x->same |= 1u << c;
                } else {
                        x->str[c] = arena_add(&b->arena, col[c]);
                }
                b->last[c] = x->str[c];
        }
        x->n = tmp->n;
        if (b->n == STREAM_BATCH) {
                st->filling = NULL;
                ring_publish(&st->ring);
        }
}

/* Adds a row (strings borrowed) to the stream and, when kept, to the table. */
static void emit(struct results *r, const struct result_row *tmp)
{
        if (r->observe)
                r->observe(r->observe_ctx, tmp);
        if (r->st) {
                stream_row(r, tmp);
        } else {
                if (r->csv) {
                        write_row(&r->buf[0], tmp, 0);
                        flush_af(&r->buf[0], r->csv, 0);
                }
                if (r->excel) {
                        write_row(&r->buf[1], tmp, 1);
                        flush_af(&r->buf[1], r->excel, 0);
                }
        }
        if ((r->csv || r->excel) && (r->keep == RESULTS_KEEP_NONE ||
                                     (r->keep == RESULTS_KEEP_OVERALL && tmp->breakdown[0])))
                return;
        if (r->nrows == r->caprows) {
                r->caprows = r->caprows ? r->caprows * 2 : 1024;
                r->rows = xrealloc(r->rows, r->caprows * sizeof *r->rows);
        }
        struct result_row *row = &r->rows[r->nrows];
        *row = *tmp;
        row->wave = intern(r, tmp->wave, 1);
        row->group = intern(r, tmp->group, 1);
        row->breakdown = intern(r, tmp->breakdown, 1);
        row->subject = intern(r, tmp->subject, 1);
        row->statistic = intern(r, tmp->statistic, 1);
        row->category = intern(r, tmp->category, 1);
        row->note = intern(r, tmp->note, 1);
        row->text = tmp->text ? intern(r, tmp->text, 1) : NULL;
        r->nrows++;
        index_grow(r);
        index_insert(r, r->nrows - 1);
}

static struct result_row make_row(const char *wave, const char *group, const char *breakdown,
                                  const char *subject, const char *statistic, const char *category)
{
        struct result_row row = {
            .wave = wave ? wave : "",
            .group = group ? group : "",
            .breakdown = breakdown ? breakdown : "",
            .subject = subject ? subject : "",
            .statistic = statistic ? statistic : "",
            .category = category ? category : "",
            .note = "",
            .n = -1,
        };
        return row;
}

void results_add(struct results *r, const char *wave, const char *group, const char *breakdown,
                 const char *subject, const char *statistic, const char *category, double value,
                 long n)
{
        if (!isfinite(value)) {
                results_add_note(r, wave, group, breakdown, subject, statistic, category,
                                 "not_applicable");
                return;
        }
        struct result_row row = make_row(wave, group, breakdown, subject, statistic, category);
        row.value = value;
        row.has_value = 1;
        row.n = n;
        emit(r, &row);
}

void results_add_text(struct results *r, const char *wave, const char *group, const char *breakdown,
                      const char *subject, const char *statistic, const char *category,
                      const char *text, long n)
{
        struct result_row row = make_row(wave, group, breakdown, subject, statistic, category);
        row.text = text;
        row.has_value = 1;
        row.n = n;
        emit(r, &row);
}

void results_add_note(struct results *r, const char *wave, const char *group, const char *breakdown,
                      const char *subject, const char *statistic, const char *category,
                      const char *note)
{
        struct result_row row = make_row(wave, group, breakdown, subject, statistic, category);
        row.note = note ? note : "";
        emit(r, &row);
}

void results_observe(struct results *r, results_observer fn, void *ctx)
{
        r->observe = fn;
        r->observe_ctx = ctx;
}

size_t results_count(const struct results *r)
{
        return r->nrows;
}

const struct result_row *results_row(const struct results *r, size_t i)
{
        return i < r->nrows ? &r->rows[i] : NULL;
}

const struct result_row *results_find(const struct results *r, const char *wave, const char *group,
                                      const char *breakdown, const char *subject,
                                      const char *statistic, const char *category)
{
        struct results *rw = (struct results *)r; /* intern lookups do not modify */
        const char *k[6] = {
            intern(rw, wave, 0),    intern(rw, group, 0),     intern(rw, breakdown, 0),
            intern(rw, subject, 0), intern(rw, statistic, 0), intern(rw, category, 0),
        };
        for (int i = 0; i < 6; i++)
                if (!k[i])
                        return NULL;
        if (!r->capindex)
                return NULL;
        size_t mask = r->capindex - 1;
        size_t i = (size_t)hash_key(k) & mask;
        while (r->index[i]) {
                const struct result_row *row = &r->rows[r->index[i] - 1];
                const char *rk[6];
                row_keys(row, rk);
                if (!memcmp(rk, k, sizeof k))
                        return row;
                i = (i + 1) & mask;
        }
        return NULL;
}

int results_get(const struct results *r, const char *wave, const char *group, const char *breakdown,
                const char *subject, const char *statistic, const char *category, double *out)
{
        const struct result_row *row =
            results_find(r, wave, group, breakdown, subject, statistic, category);
        if (!row || !row->has_value || row->text)
                return 0;
        *out = row->value;
        return 1;
}

static const char *const plain_header[] = {"wave",     "group", "breakdown", "subject", "statistic",
                                           "category", "value", "n",         "note"};
static const char *const excel_header[] = {
    "aalto", "ryhmä", "taustamuuttuja", "kohde", "tunnusluku", "luokka", "arvo", "n", "huomautus"};

static void write_header(struct strbuf *sb, int excel)
{
        char delim = excel ? ';' : ',';
        const char *const *hdr = excel ? excel_header : plain_header;
        if (excel)
                strbuf_adds(sb, "\xEF\xBB\xBF");
        for (int i = 0; i < 9; i++) {
                if (i)
                        strbuf_addc(sb, delim);
                strbuf_adds(sb, hdr[i]);
        }
        strbuf_adds(sb, excel ? "\r\n" : "\n");
}

static void write_row(struct strbuf *sb, const struct result_row *row, int excel)
{
        char delim = excel ? ';' : ',';
        const char *f[8];
        size_t len[8], room = 2 * DM_NUMBUF + 16;
        row_keys(row, f);
        f[6] = row->has_value && row->text ? row->text : "";
        f[7] = row->note;
        for (int k = 0; k < 8; k++) {
                len[k] = strlen(f[k]);
                room += csv_field_bound(len[k]) + 1;
        }
        char *start = strbuf_reserve(sb, room), *d = start;
        for (int k = 0; k < 6; k++) {
                d = csv_field_raw(d, f[k], len[k], delim, excel);
                *d++ = delim;
        }
        if (row->has_value && row->text) {
                d = csv_field_raw(d, f[6], len[6], delim, excel);
        } else if (row->has_value) {
                size_t n = fmt_double(d, row->value);
                if (excel)
                        for (size_t i = 0; i < n; i++)
                                if (d[i] == '.')
                                        d[i] = ',';
                d += n;
        }
        *d++ = delim;
        if (row->n >= 0)
                d += fmt_integer(d, row->n);
        *d++ = delim;
        d = csv_field_raw(d, f[7], len[7], delim, excel);
        if (excel)
                *d++ = '\r';
        *d++ = '\n';
        strbuf_commit(sb, (size_t)(d - start));
}

static int write_table(const struct results *r, FILE *fp, int excel)
{
        struct strbuf sb;
        strbuf_init(&sb);
        write_header(&sb, excel);
        for (size_t i = 0; i < r->nrows; i++) {
                write_row(&sb, &r->rows[i], excel);
                flush_buf(&sb, fp, 0);
        }
        flush_buf(&sb, fp, 1);
        strbuf_clear(&sb);
        return ferror(fp) ? -1 : 0;
}

void results_stream(struct results *r, struct atomicfile *csv, struct atomicfile *excel,
                    enum results_keep keep)
{
        if (r->st)
                stream_stop(r);
        else if (r->csv || r->excel) {
                /* Written in this thread (no writer threads could be started). */
                for (int k = 0; k < 2; k++) {
                        struct atomicfile *af = k ? r->excel : r->csv;
                        if (af) {
                                flush_af(&r->buf[k], af, 1);
                                atomicfile_write_end(af);
                        }
                }
        }
        r->csv = csv;
        r->excel = excel;
        r->keep = keep;
        if (csv)
                write_header(&r->buf[0], 0);
        if (excel)
                write_header(&r->buf[1], 1);
        if (csv || excel)
                stream_start(r);
}

int results_write_csv(const struct results *r, FILE *fp)
{
        return write_table(r, fp, 0);
}

int results_write_excel(const struct results *r, FILE *fp)
{
        return write_table(r, fp, 1);
}

struct readctx {
        struct results *r;
        const char *path;
        struct err *e;
        int header_seen;
        results_filter want;
        void *wantctx;
};

static int read_row(void *ctx, const struct csvrow *row)
{
        struct readctx *c = ctx;
        if (row->problem)
                return err_set(c->e, DM_EX_DATAERR, "%s:%ld: %s", c->path, row->line, row->problem),
                       1;
        if (!c->header_seen) {
                c->header_seen = 1;
                for (int i = 0; i < 9; i++)
                        if (row->nfields != 9 || strcmp(row->fields[i], plain_header[i]))
                                return err_set(c->e, DM_EX_DATAERR,
                                               "%s:%ld: not a digimittari results table (expected "
                                               "the header wave,group,breakdown,subject,"
                                               "statistic,category,value,n,note)",
                                               c->path, row->line),
                                       1;
                return 0;
        }
        if (row->nfields != 9)
                return err_set(c->e, DM_EX_DATAERR, "%s:%ld: expected 9 fields, found %zu", c->path,
                               row->line, row->nfields),
                       1;
        char *const *f = row->fields;
        const char *val = f[6], *nstr = f[7], *note = f[8];
        if (c->want && !c->want(c->wantctx, f[0], f[2]))
                return 0;
        long n = -1;
        if (*nstr) {
                char *end;
                errno = 0;
                n = strtol(nstr, &end, 10);
                if (*end || errno || n < 0)
                        return err_set(c->e, DM_EX_DATAERR,
                                       "%s:%ld: column \"n\": expected a count, got \"%s\"",
                                       c->path, row->line, nstr),
                               1;
        }
        if (!*val) {
                results_add_note(c->r, f[0], f[1], f[2], f[3], f[4], f[5], note);
                return 0;
        }
        char *end;
        errno = 0;
        double v = strtod(val, &end);
        if (*end || errno || !isfinite(v)) {
                results_add_text(c->r, f[0], f[1], f[2], f[3], f[4], f[5], val, n);
        } else {
                results_add(c->r, f[0], f[1], f[2], f[3], f[4], f[5], v, n);
        }
        return 0;
}

int results_load_csv(struct results *r, const char *path, results_filter want, void *ctx,
                     struct err *e)
{
        struct readctx c = {.r = r, .path = path, .e = e, .want = want, .wantctx = ctx};
        struct csvread_opts o = {.delim = ',', .enc = CSV_ENC_UTF8};
        if (csvread_file(path, &o, read_row, &c, NULL, e))
                return -1;
        if (!c.header_seen)
                return err_set(e, DM_EX_DATAERR, "%s: empty results table", path);
        return 0;
}

struct results *results_read_csv(const char *path, struct err *e)
{
        struct results *r = results_new();
        if (results_load_csv(r, path, NULL, NULL, e)) {
                results_free(r);
                return NULL;
        }
        return r;
}

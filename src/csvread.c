/*
 * csvread.c - the first step of ingest: turns an export file into records.
 *
 * A read makes up to three passes over the bytes, each block by block:
 *
 *  1. The first 64 KiB are kept as a sample. They decide the BOM, whether
 *     the file is text at all, the delimiter and the line ending.
 *  2. Without a BOM, the whole file is scanned once for UTF-8 validity to
 *     choose between UTF-8 and Windows-1252.
 *  3. The file is read again from the start, Windows-1252 is converted to
 *     UTF-8 (and the CRs of a file whose lines end in CR alone to LF), and
 *     every line is handed to libcsv on its own, so that the physical line
 *     is known whenever libcsv reports a field or a record.
 *
 * libcsv is set up to keep field bytes exactly: only LF ends a record, and
 * the CR of a CR LF is its only "space" (trimmed at the end of a field,
 * kept inside quotes). It runs in its lenient mode, which, like Python's
 * csv module, takes a stray quote inside an unquoted field literally.
 */
#include "csvread.h"
#include "msgcat.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum {
        DEFAULT_BLOCK = 64 * 1024,
        DEFAULT_MAX_FIELD = 16 * 1024 * 1024,
        SAMPLE_MAX = 64 * 1024,     /* bytes kept for sniffing */
        BINARY_WINDOW = 4096,       /* bytes checked for binary data */
        SAMPLE_RECORDS = 20,        /* records used to choose the delimiter */
        MIN_RECORD_LIMIT = 1 << 20, /* a record may hold 2 * max_field bytes, at least this */
        FIELD_OVERHEAD = 32,        /* bytes a stored field costs besides its text */
};

static const unsigned char utf8_bom[3] = {0xEF, 0xBB, 0xBF};

/* Windows-1252 code points of the bytes 0x80-0x9F; the rest map to themselves. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

/* Where the bytes come from: an open file or a buffer in memory. */
struct source {
        const char *name;          /* the path or buffer name used in messages */
        FILE *fp;                  /* the file, or NULL for a memory buffer */
        const unsigned char *data; /* the memory buffer */
        size_t size;               /* its length */
        size_t pos;                /* the next byte of the buffer to hand out */
        unsigned char *block;      /* the read buffer of a file */
        size_t block_size;         /* bytes handed out at a time */
};

/* The streaming UTF-8 check of pass 2; sequences may span blocks. */
struct utf8_scan {
        unsigned need;     /* continuation bytes still expected */
        uint32_t cp;       /* code point decoded so far */
        uint32_t min;      /* smallest code point allowed for the sequence's length */
        long long multi;   /* valid multi-byte sequences seen */
        long long invalid; /* bytes that were not valid UTF-8 */
};

/* The state of pass 3 and of the record being assembled. */
struct reader {
        const char *name;      /* used in messages */
        csvread_fn fn;         /* the caller's callback */
        void *ctx;             /* and its context */
        int check_utf8;        /* 1 when fields must be validated as UTF-8 */
        int nul_seen;          /* a NUL byte was in the input so far: check each field */
        size_t max_field;      /* longest field kept */
        size_t record_limit;   /* most bytes stored for one record */
        struct csv_parser csv; /* libcsv's state */
        size_t csv_blk;        /* libcsv's current buffer growth step */
        long line;             /* physical line being fed to libcsv */
        long rec_line;         /* line the current record started on; 0 = none yet */
        long field_line;       /* line the current field started on */
        long done_field_line;  /* line the last completed field started on */
        int field_oversize;    /* the field being read outgrew max_field */
        int record_full;       /* the record outgrew record_limit; no more fields kept */
        int at_fini;           /* csv_fini is running after the end-of-file newline */
        int stopped;           /* the callback asked to stop */
        struct strbuf text;    /* field texts of the record, each NUL-terminated */
        size_t *offs;          /* offset of each stored field in text */
        size_t *lens;          /* length of each stored field */
        char **ptrs;           /* field pointers handed to the callback */
        size_t nfields;        /* fields stored */
        size_t nseen;          /* fields seen, stored or not */
        size_t cap;            /* room in offs, lens and ptrs */
        int has_problem;       /* problem holds a message for this record */
        size_t problem_field;  /* 1-based field of the problem, 0 = record */
        char problem[160];     /* why the record is unusable */
        long records;          /* records handed to the callback */
};

static const char *const encoding_names[] = {
    [CSV_ENC_DETECT] = "unknown",
    [CSV_ENC_UTF8] = "UTF-8",
    [CSV_ENC_UTF8_BOM] = "UTF-8 with BOM",
    [CSV_ENC_CP1252] = "Windows-1252",
};

const char *csv_encoding_name(enum csv_encoding enc)
{
        if ((size_t)enc >= sizeof encoding_names / sizeof encoding_names[0])
                return "unknown";
        return encoding_names[enc];
}

/* Sources. */

/* Sets *out and *n to the next block (n = 0 at the end); returns -1 on a read error. */
static int source_next(struct source *s, const unsigned char **out, size_t *n, struct err *e)
{
        if (!s->fp) {
                size_t left = s->size - s->pos;
                *n = left < s->block_size ? left : s->block_size;
                *out = s->data + s->pos;
                s->pos += *n;
                return 0;
        }
        *n = fread(s->block, 1, s->block_size, s->fp);
        *out = s->block;
        if (*n < s->block_size && ferror(s->fp))
                return err_set(e, DM_EX_NOINPUT, "%s: cannot read: %s", s->name, msg_strerror(errno));
        return 0;
}

static int source_rewind(struct source *s, struct err *e)
{
        if (!s->fp) {
                s->pos = 0;
                return 0;
        }
        if (fseeko(s->fp, 0, SEEK_SET) != 0)
                return err_set(e, DM_EX_NOINPUT, "%s: cannot read: %s", s->name, msg_strerror(errno));
        clearerr(s->fp);
        return 0;
}

/* Encoding. */

static void utf8_scan_feed(struct utf8_scan *u, const unsigned char *s, size_t n)
{
        size_t i = 0;
        while (i < n) {
                unsigned char c = s[i++];
                if (u->need) {
                        if ((c & 0xC0) == 0x80) {
                                u->cp = (u->cp << 6) | (c & 0x3Fu);
                                if (--u->need)
                                        continue;
                                if (u->cp < u->min || u->cp > 0x10FFFF ||
                                    (u->cp >= 0xD800 && u->cp <= 0xDFFF))
                                        u->invalid++;
                                else
                                        u->multi++;
                                continue;
                        }
                        u->invalid++;
                        u->need = 0;
                }
                if (c < 0x80) {
                        while (i < n && s[i] < 0x80)
                                i++;
                } else if (c >= 0xC2 && c <= 0xDF) {
                        u->need = 1, u->cp = c & 0x1Fu, u->min = 0x80;
                } else if ((c & 0xF0) == 0xE0) {
                        u->need = 2, u->cp = c & 0x0Fu, u->min = 0x800;
                } else if (c >= 0xF0 && c <= 0xF4) {
                        u->need = 3, u->cp = c & 0x07u, u->min = 0x10000;
                } else {
                        u->invalid++;
                }
        }
}

/* Returns the offset of the first byte of s that is not valid UTF-8, or n. */
static size_t utf8_invalid_at(const unsigned char *s, size_t n)
{
        size_t i = 0;
        while (i < n) {
                unsigned char c = s[i];
                if (c < 0x80) {
                        i++;
                        continue;
                }
                size_t len;
                uint32_t cp, min;
                if (c >= 0xC2 && c <= 0xDF)
                        len = 2, cp = c & 0x1Fu, min = 0x80;
                else if ((c & 0xF0) == 0xE0)
                        len = 3, cp = c & 0x0Fu, min = 0x800;
                else if (c >= 0xF0 && c <= 0xF4)
                        len = 4, cp = c & 0x07u, min = 0x10000;
                else
                        return i;
                if (n - i < len)
                        return i;
                for (size_t k = 1; k < len; k++) {
                        if ((s[i + k] & 0xC0) != 0x80)
                                return i;
                        cp = (cp << 6) | (s[i + k] & 0x3Fu);
                }
                if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                        return i;
                i += len;
        }
        return n;
}

/* Converts n Windows-1252 bytes to UTF-8 in out (room for 3 * n); returns the length. */
static size_t cp1252_to_utf8(const unsigned char *s, size_t n, unsigned char *out)
{
        unsigned char *o = out;
        for (size_t i = 0; i < n; i++) {
                unsigned c = s[i];
                if (c < 0x80) {
                        *o++ = (unsigned char)c;
                        continue;
                }
                unsigned cp = c < 0xA0 ? cp1252_high[c - 0x80] : c;
                if (cp < 0x800) {
                        *o++ = (unsigned char)(0xC0 | (cp >> 6));
                } else {
                        *o++ = (unsigned char)(0xE0 | (cp >> 12));
                        *o++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
                }
                *o++ = (unsigned char)(0x80 | (cp & 0x3F));
        }
        return (size_t)(o - out);
}

/* Sniffing. */

/*
 * Returns the 0-based offset of the first binary byte in s when s looks like
 * binary data, or -1. A few stray control bytes are the records' problem; only
 * at least 3 of them, making up more than 1% of the window, mean binary.
 */
static long binary_at(const unsigned char *s, size_t n)
{
        if (n > BINARY_WINDOW)
                n = BINARY_WINDOW;
        size_t bad = 0;
        long first = -1;
        for (size_t i = 0; i < n; i++) {
                unsigned char c = s[i];
                if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
                        if (!bad)
                                first = (long)i;
                        bad++;
                }
        }
        return bad >= 3 && bad * 100 > n ? first : -1;
}

/*
 * Scores delimiter d on the sample: splits up to SAMPLE_RECORDS records at
 * eol (quote-aware, blank lines skipped; the last one only when complete or
 * the only one) and returns how many of them have the most common field
 * count, or 0 when that count is 1.
 */
static int delim_score(const unsigned char *s, size_t n, int complete, unsigned char eol,
                       unsigned char d)
{
        size_t counts[SAMPLE_RECORDS];
        int nrec = 0, in_quotes = 0, field_start = 1, content = 0;
        size_t fields = 1;
        for (size_t i = 0; i < n && nrec < SAMPLE_RECORDS; i++) {
                unsigned char c = s[i];
                if (in_quotes) {
                        if (c == '"') {
                                if (i + 1 < n && s[i + 1] == '"')
                                        i++;
                                else
                                        in_quotes = 0;
                        }
                } else if (c == eol) {
                        if (content)
                                counts[nrec++] = fields;
                        fields = 1, field_start = 1, content = 0;
                } else if (c == d) {
                        fields++, field_start = 1, content = 1;
                } else if (c != '\r') {
                        if (c == '"' && field_start)
                                in_quotes = 1;
                        field_start = 0, content = 1;
                }
        }
        if (content && nrec < SAMPLE_RECORDS && (complete || nrec == 0))
                counts[nrec++] = fields;

        size_t mode = 1;
        int best = 0;
        for (int i = 0; i < nrec; i++) {
                int same = 0;
                for (int j = 0; j < nrec; j++)
                        same += counts[j] == counts[i];
                if (same > best || (same == best && counts[i] > mode))
                        best = same, mode = counts[i];
        }
        return mode > 1 ? best : 0;
}

/*
 * Chooses the delimiter whose field count is the same in most sampled
 * records. Ties go to ';', then ',', then tab: Finnish exports use ';' with
 * decimal commas, which can split into a consistent but wrong ',' layout.
 * A sample that no candidate splits is one column, read with ','.
 */
static char detect_delim(const unsigned char *s, size_t n, int complete, unsigned char eol)
{
        static const char candidates[] = {';', ',', '\t'};
        char best = ',';
        int best_score = 0;
        for (size_t i = 0; i < sizeof candidates; i++) {
                int score = delim_score(s, n, complete, eol, (unsigned char)candidates[i]);
                if (score > best_score)
                        best = candidates[i], best_score = score;
        }
        return best;
}

/* Records. */

static void set_problem(struct reader *r, int replace, size_t field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void set_problem(struct reader *r, int replace, size_t field, const char *fmt, ...)
{
        if (r->has_problem && !replace)
                return;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(r->problem, sizeof r->problem, msgcat_fmt(fmt), ap);
        va_end(ap);
        r->has_problem = 1;
        r->problem_field = field;
}

static void store_field(struct reader *r, const char *s, size_t len)
{
        if (r->record_full)
                return;
        if (r->text.len + len + (r->nfields + 1) * FIELD_OVERHEAD > r->record_limit) {
                set_problem(r, 0, 0, "the record is longer than the limit of %zu bytes",
                            r->record_limit);
                r->record_full = 1;
                return;
        }
        if (r->nfields == r->cap) {
                r->cap = r->cap ? 2 * r->cap : 16;
                r->offs = xrealloc(r->offs, r->cap * sizeof *r->offs);
                r->lens = xrealloc(r->lens, r->cap * sizeof *r->lens);
                r->ptrs = xrealloc(r->ptrs, r->cap * sizeof *r->ptrs);
        }
        r->offs[r->nfields] = r->text.len;
        r->lens[r->nfields] = len;
        r->nfields++;
        strbuf_addn(&r->text, s, len);
        strbuf_addc(&r->text, '\0');
}

/* libcsv's field callback: checks the field and adds it to the record. */
static void on_field(void *data, size_t len, void *arg)
{
        struct reader *r = arg;
        const char *s = data ? data : "";
        size_t field = ++r->nseen;

        /* The only field csv_fini reports ends in the newline added at the end of the file. */
        if (r->at_fini && len && s[len - 1] == '\n')
                len--;
        r->done_field_line = r->field_line;
        r->field_line = r->line;

        if (r->field_oversize || len > r->max_field) {
                set_problem(r, 0, field, "field %zu is longer than the limit of %zu bytes", field,
                            r->max_field);
                r->field_oversize = 0;
                store_field(r, "", 0);
                return;
        }
        const char *nul = r->nul_seen ? memchr(s, '\0', len) : NULL;
        if (nul)
                set_problem(r, 0, field, "field %zu contains a NUL byte at byte %zu", field,
                            (size_t)(nul - s) + 1);
        if (r->check_utf8) {
                size_t at = utf8_invalid_at((const unsigned char *)s, len);
                if (at < len)
                        set_problem(r, 0, field, "field %zu contains invalid UTF-8 at byte %zu",
                                    field, at + 1);
        }
        store_field(r, s, len);
}

/* libcsv's record callback: hands the record to the caller and starts the next. */
static void on_record(int c, void *arg)
{
        struct reader *r = arg;
        (void)c;
        if (r->at_fini)
                set_problem(r, 1, r->nseen, "unterminated quoted field starting on line %ld",
                            r->done_field_line);
        for (size_t i = 0; i < r->nfields; i++)
                r->ptrs[i] = r->text.buf + r->offs[i];
        struct csvrow row = {
            .nfields = r->nfields,
            .fields = r->ptrs,
            .lens = r->lens,
            .line = r->rec_line ? r->rec_line : r->line,
            .end_line = r->line,
            .record = r->records,
            .problem = r->has_problem ? r->problem : NULL,
            .problem_field = r->has_problem ? r->problem_field : 0,
        };
        r->records++;
        if (!r->stopped && r->fn(r->ctx, &row) != 0)
                r->stopped = 1;
        strbuf_reset(&r->text);
        r->nfields = r->nseen = 0;
        r->rec_line = 0;
        r->has_problem = r->record_full = r->field_oversize = 0;
}

/*
 * libcsv keeps the field it is reading in its own buffer, without a limit.
 * When that field outgrows max_field the record is marked and the buffer is
 * cut back in place, so memory stays within max_field plus one block. Only
 * the buffer position moves: libcsv later subtracts `spaces` (and one for a
 * closing quote) from it, so that much is kept, with spaces capped at 1,
 * which keeps its zero/non-zero meaning. The field's text is dropped anyway.
 */
static void limit_field(struct reader *r)
{
        struct csv_parser *p = &r->csv;
        size_t used = p->entry_pos - p->spaces;
        if (used <= r->max_field || used - r->max_field <= 1)
                return;
        if (!r->field_oversize) {
                r->field_oversize = 1;
                set_problem(r, 0, r->nseen + 1, "field %zu is longer than the limit of %zu bytes",
                            r->nseen + 1, r->max_field);
        }
        if (p->spaces)
                p->spaces = 1;
        p->entry_pos = p->spaces + 1;
}

static int is_cr(unsigned char c)
{
        return c == '\r';
}

static int is_lf(unsigned char c)
{
        return c == '\n';
}

/* Returns 1 when s holds nothing but CR and LF bytes, which libcsv skips between records. */
static int is_blank(const unsigned char *s, size_t n)
{
        for (size_t i = 0; i < n; i++)
                if (s[i] != '\r' && s[i] != '\n')
                        return 0;
        return 1;
}

/* Hands n bytes to libcsv one line piece at a time; returns -1 on failure or stop. */
static int feed(struct reader *r, const unsigned char *s, size_t n, struct err *e)
{
        while (n) {
                const unsigned char *nl = memchr(s, '\n', n);
                size_t len = nl ? (size_t)(nl - s) + 1 : n;
                if (!r->rec_line && !is_blank(s, len))
                        r->rec_line = r->field_line = r->line;
                if (csv_parse(&r->csv, s, len, on_field, on_record, r) != len)
                        return err_set(e, DM_EX_SOFTWARE, "%s: %s", r->name,
                                       csv_strerror(csv_error(&r->csv)));
                if (r->stopped)
                        return -1;
                limit_field(r);
                size_t size = csv_get_buffer_size(&r->csv);
                if (size > r->csv_blk) {
                        r->csv_blk = size;
                        csv_set_blk_size(&r->csv, size);
                }
                if (nl)
                        r->line++;
                s += len;
                n -= len;
        }
        return 0;
}

/*
 * Pass 3: parses the whole source; fills the line and byte counts. With
 * cr_only (old Mac files, whose lines end in CR alone) every CR becomes LF.
 */
static int parse_all(struct reader *r, struct source *src, size_t skip, enum csv_encoding enc,
                     char delim, int cr_only, struct csvread_info *info, struct err *e)
{
        unsigned char *conv = NULL;
        int rc = -1;
        if (enc == CSV_ENC_CP1252 || cr_only)
                conv = xmalloc(3 * src->block_size);
        if (csv_init(&r->csv, 0) != 0) {
                free(conv);
                return err_set(e, DM_EX_SOFTWARE, "%s: cannot start the CSV parser", r->name);
        }
        csv_set_delim(&r->csv, (unsigned char)delim);
        csv_set_space_func(&r->csv, is_cr);
        csv_set_term_func(&r->csv, is_lf);
        r->csv_blk = 1024;
        csv_set_blk_size(&r->csv, r->csv_blk);

        unsigned char last = '\n';
        for (;;) {
                const unsigned char *s;
                size_t n;
                if (source_next(src, &s, &n, e) != 0)
                        goto out;
                if (!n)
                        break;
                info->bytes += (long long)n;
                size_t drop = skip < n ? skip : n;
                s += drop, n -= drop, skip -= drop;
                if (!n)
                        continue;
                last = cr_only && s[n - 1] == '\r' ? '\n' : s[n - 1];
                if (enc == CSV_ENC_CP1252)
                        n = cp1252_to_utf8(s, n, conv);
                else if (cr_only)
                        memcpy(conv, s, n);
                if (cr_only)
                        for (size_t i = 0; i < n; i++)
                                if (conv[i] == '\r')
                                        conv[i] = '\n';
                if (conv)
                        s = conv;
                /* A field ends in this block or a later one: the flag stays set. */
                if (!r->nul_seen && memchr(s, '\0', n))
                        r->nul_seen = 1;
                if (feed(r, s, n, e) != 0)
                        goto out;
        }
        info->lines = r->line - 1 + (last != '\n');

        /*
         * A newline at the end completes a last record without one; after it
         * libcsv holds data only when a quoted field was never closed.
         */
        if (feed(r, (const unsigned char *)"\n", 1, e) != 0)
                goto out;
        r->line = info->lines;
        r->at_fini = 1;
        csv_fini(&r->csv, on_field, on_record, r);
        rc = r->stopped ? -1 : 0;
out:
        csv_free(&r->csv);
        free(conv);
        return rc;
}

/* Reads the first SAMPLE_MAX bytes into sample; *eof is 1 when that is the whole file. */
static int read_sample(struct source *src, unsigned char *sample, size_t *len, int *eof,
                       const unsigned char **rest, size_t *rest_len, struct err *e)
{
        *len = 0, *eof = 0, *rest = NULL, *rest_len = 0;
        while (*len < SAMPLE_MAX) {
                const unsigned char *s;
                size_t n;
                if (source_next(src, &s, &n, e) != 0)
                        return -1;
                if (!n) {
                        *eof = 1;
                        return 0;
                }
                size_t take = SAMPLE_MAX - *len < n ? SAMPLE_MAX - *len : n;
                memcpy(sample + *len, s, take);
                *len += take;
                *rest = s + take;
                *rest_len = n - take;
        }
        return 0;
}

/* Pass 2: decides between UTF-8 and Windows-1252 from the whole file. */
static int detect_encoding(struct source *src, const unsigned char *sample, size_t len,
                           const unsigned char *rest, size_t rest_len, int eof,
                           enum csv_encoding *enc, struct err *e)
{
        struct utf8_scan u = {0};
        utf8_scan_feed(&u, sample, len);
        utf8_scan_feed(&u, rest, rest_len);
        while (!eof) {
                const unsigned char *s;
                size_t n;
                if (source_next(src, &s, &n, e) != 0)
                        return -1;
                eof = n == 0;
                utf8_scan_feed(&u, s, n);
        }
        if (u.need)
                u.invalid++;
        /*
         * Invalid bytes in a file that is mostly UTF-8 are the records'
         * problem; a file with no valid multi-byte sequence, or fewer of them
         * than invalid bytes, is Windows-1252 that happens to contain a few.
         */
        *enc =
            u.invalid == 0 || (u.multi > 0 && u.multi >= u.invalid) ? CSV_ENC_UTF8 : CSV_ENC_CP1252;
        return 0;
}

static int run(struct source *src, const struct csvread_opts *opts, csvread_fn fn, void *ctx,
               struct csvread_info *info, struct err *e)
{
        struct csvread_opts o = {0};
        struct csvread_info dummy;
        if (opts)
                o = *opts;
        if (!info)
                info = &dummy;
        memset(info, 0, sizeof *info);
        if (e) {
                e->code = 0;
                e->msg[0] = '\0';
        }
        src->block_size = o.block_size ? o.block_size : DEFAULT_BLOCK;
        if (src->fp)
                src->block = xmalloc(src->block_size);

        struct reader r = {0};
        unsigned char *sample = xmalloc(SAMPLE_MAX);
        size_t len, rest_len;
        const unsigned char *rest;
        int eof, rc = -1;
        if (read_sample(src, sample, &len, &eof, &rest, &rest_len, e) != 0)
                goto out;

        int bom = len >= 3 && memcmp(sample, utf8_bom, 3) == 0 && o.enc != CSV_ENC_CP1252;
        size_t skip = bom ? 3 : 0;
        const unsigned char *body = sample + skip;
        size_t body_len = len - skip;
        if (len >= 2 && ((sample[0] == 0xFF && sample[1] == 0xFE) ||
                         (sample[0] == 0xFE && sample[1] == 0xFF))) {
                err_set(e, DM_EX_DATAERR, "%s: file is UTF-16 text; save it as UTF-8 CSV",
                        src->name);
                goto out;
        }
        if (body_len == 0) {
                err_set(e, DM_EX_DATAERR, "%s: file is empty", src->name);
                goto out;
        }
        long bin = binary_at(body, body_len);
        if (bin >= 0) {
                err_set(e, DM_EX_DATAERR, "%s: not a text file (binary data at byte %lld)",
                        src->name, (long long)(skip + (size_t)bin + 1));
                goto out;
        }

        if (bom)
                info->enc = CSV_ENC_UTF8_BOM;
        else if (o.enc == CSV_ENC_DETECT) {
                if (detect_encoding(src, sample, len, rest, rest_len, eof, &info->enc, e) != 0)
                        goto out;
        } else
                info->enc = o.enc == CSV_ENC_UTF8_BOM ? CSV_ENC_UTF8 : o.enc;

        const unsigned char *nl = memchr(body, '\n', body_len);
        info->crlf = nl && nl > body && nl[-1] == '\r';
        int cr_only = !nl && memchr(body, '\r', body_len) != NULL;
        info->delim = o.delim ? o.delim : detect_delim(body, body_len, eof, cr_only ? '\r' : '\n');
        if (info->delim == '"' || info->delim == '\n' || info->delim == '\r') {
                err_set(e, DM_EX_SOFTWARE, "%s: unusable delimiter", src->name);
                goto out;
        }

        if (source_rewind(src, e) != 0)
                goto out;
        r.name = src->name;
        r.fn = fn;
        r.ctx = ctx;
        r.check_utf8 = info->enc != CSV_ENC_CP1252;
        r.max_field = o.max_field ? o.max_field : DEFAULT_MAX_FIELD;
        r.record_limit = r.max_field > SIZE_MAX / 2 ? SIZE_MAX : 2 * r.max_field;
        if (r.record_limit < MIN_RECORD_LIMIT)
                r.record_limit = MIN_RECORD_LIMIT;
        r.line = 1;
        if (parse_all(&r, src, skip, info->enc, info->delim, cr_only, info, e) != 0) {
                if (r.stopped && e && e->code == 0)
                        err_set(e, DM_EX_DATAERR, "%s: stopped", src->name);
                info->records = r.records;
                goto out;
        }
        info->records = r.records;
        if (r.records == 0) {
                err_set(e, DM_EX_DATAERR, "%s: file is empty", src->name);
                goto out;
        }
        rc = 0;
out:
        strbuf_clear(&r.text);
        free(r.offs);
        free(r.lens);
        free(r.ptrs);
        free(sample);
        free(src->block);
        return rc;
}

int csvread_file(const char *path, const struct csvread_opts *opts, csvread_fn fn, void *ctx,
                 struct csvread_info *info, struct err *e)
{
        struct source src = {.name = path};
        src.fp = fopen(path, "rb");
        if (!src.fp)
                return err_set(e, DM_EX_NOINPUT, "%s: cannot open: %s", path, msg_strerror(errno));
        int rc = run(&src, opts, fn, ctx, info, e);
        fclose(src.fp);
        return rc;
}

int csvread_buffer(const char *name, const char *data, size_t n, const struct csvread_opts *opts,
                   csvread_fn fn, void *ctx, struct csvread_info *info, struct err *e)
{
        struct source src = {.name = name, .data = (const unsigned char *)data, .size = n};
        return run(&src, opts, fn, ctx, info, e);
}

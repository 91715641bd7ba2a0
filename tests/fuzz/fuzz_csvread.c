/*
 * fuzz_csvread.c - libFuzzer target of the CSV reader (src/csvread.c):
 * encoding detection (BOM, UTF-8, Windows-1252, UTF-16, binary), delimiter
 * detection, quoting, line counting and the field and record size limits.
 *
 * Every input is read twice with csvread_buffer(): once with the defaults
 * that ingest uses (everything detected, 64 KiB blocks) and once with options
 * derived from a hash of the input (tiny blocks so that every sequence
 * crosses a block boundary, a small field limit, a forced delimiter or
 * encoding). The fixtures are used as seeds as they are. Checked for every
 * record: the fields are NUL-terminated at their length; a record without a
 * problem has UTF-8 fields without NUL bytes; line numbers only grow; a field
 * is never longer than the limit. A failure is a data error, never 70.
 *
 * The malformed-quoting invariant: whatever the damage, the records handed
 * to the callback (good ones plus damaged ones) are exactly the records the
 * reference reader below finds, with the same line spans, and a damaged
 * record has no fields. The reference reads the whole input at once, byte
 * by byte, on the raw bytes after a BOM (Windows-1252 and Mac Roman change
 * no byte below 0x80, so the structure is the same), with the delimiter and
 * line end csvread reported. What it counts, precisely:
 *
 *  - Lines end at each eol byte (LF, or CR in a CR-only file). A line that
 *    is empty, or just CR before LF (or CR at the end) in an LF file, is
 *    blank when a record would start on it, and is skipped.
 *  - A record parsed from a line start: fields split at the delimiter;
 *    a field starting with '"' is quoted, '""' is a quote, the closing
 *    quote may be followed by spaces/tabs (not the delimiter) and then
 *    must be followed by the delimiter, the line end (CR LF in an LF
 *    file) or the end of input; otherwise, or at the end of input inside
 *    quotes, the record is damaged.
 *  - A record is good when undamaged and: it spans lines and has the
 *    first good record's field count (or more, the extra ones empty); or
 *    it is on one line and no damaged record is waiting or it has at
 *    least that count. A good record is one record (after the waiting
 *    damaged one, which is one record).
 *  - Otherwise its first line starts a new damaged record when none is
 *    waiting or when the line read alone has at least the header's fields,
 *    and else joins the waiting one; the next line is tried next.
 *
 * The reference has no size limits: a field over max_field changes no
 * record boundary, and inputs under 1 MiB (the smallest record limit) never
 * reach the record limit, so every such input is compared.
 */
#define _GNU_SOURCE /* memfd_create, open_memstream */
#include <stdint.h>
#include <string.h>

#include "csvread.h"
#include "fuzz.h"
#include "util.h"

enum { MAX_SPANS = 4096 };

struct seen {
        long records;   /* records handed to the callback */
        long last_line; /* line of the previous record */
        size_t max_field;
        int stop_at; /* stop reading at this record (0 = never) */
        long line[MAX_SPANS], end_line[MAX_SPANS];
        int damaged[MAX_SPANS];
};

/* The reference reader: see the comment at the top. */
struct ref {
        const unsigned char *b;
        size_t n;
        unsigned char delim, eol;
        long records;
        long line[MAX_SPANS], end_line[MAX_SPANS];
        int damaged[MAX_SPANS];
};

struct ref_rec {
        int ok;         /* undamaged */
        size_t next;    /* where the next line starts */
        long lines;     /* line ends used up, the terminating one included */
        long span;      /* line ends inside quotes */
        long fields;    /* fields */
        long last_full; /* 1-based index of the last non-empty field, 0 = none */
};

static void ref_parse(const struct ref *f, size_t i, struct ref_rec *r)
{
        const int lf = f->eol == '\n';
        memset(r, 0, sizeof *r);
        r->fields = 1;
        long len = 0; /* bytes in the current field */
        for (;;) {
                if (i < f->n && f->b[i] == '"') {
                        i++;
                        for (;;) {
                                if (i == f->n)
                                        return; /* end of input inside quotes: damaged */
                                if (f->b[i] == '"') {
                                        if (i + 1 < f->n && f->b[i + 1] == '"') {
                                                i += 2, len++;
                                                continue;
                                        }
                                        i++;
                                        break;
                                }
                                if (f->b[i] == f->eol)
                                        r->span++;
                                i++, len++;
                        }
                        while (i < f->n && (f->b[i] == ' ' || f->b[i] == '\t') &&
                               f->b[i] != f->delim)
                                i++;
                        if (len)
                                r->last_full = r->fields;
                        if (i == f->n) {
                                r->ok = 1, r->next = i, r->lines = r->span;
                                return;
                        }
                        if (f->b[i] == f->delim) {
                                i++, r->fields++, len = 0;
                                continue;
                        }
                        if (f->b[i] == f->eol) {
                                r->ok = 1, r->next = i + 1, r->lines = r->span + 1;
                                return;
                        }
                        if (lf && f->b[i] == '\r' && (i + 1 == f->n || f->b[i + 1] == '\n')) {
                                r->ok = 1, r->next = i + 1 < f->n ? i + 2 : i + 1;
                                r->lines = r->span + (i + 1 < f->n);
                                return;
                        }
                        return; /* a character after the closing quote: damaged */
                }
                size_t start = i;
                while (i < f->n && f->b[i] != f->delim && f->b[i] != f->eol)
                        i++;
                size_t flen = i - start;
                if (lf && flen && (i == f->n || f->b[i] == f->eol) && f->b[i - 1] == '\r')
                        flen--;
                if (flen)
                        r->last_full = r->fields;
                if (i < f->n && f->b[i] == f->delim) {
                        i++, r->fields++, len = 0;
                        continue;
                }
                r->ok = 1, r->next = i < f->n ? i + 1 : i, r->lines = r->span + (i < f->n);
                return;
        }
}

/* The fields of the line at i read alone (see line_alone_fields in csvread.c). */
static long ref_alone(const struct ref *f, size_t i)
{
        long n = 1;
        int start = 1, inq = 0;
        for (; i < f->n && f->b[i] != f->eol; i++) {
                unsigned char c = f->b[i];
                if (inq) {
                        if (c == '"') {
                                if (i + 1 < f->n && f->b[i + 1] == '"' && f->b[i + 1] != f->eol)
                                        i++;
                                else
                                        inq = 0;
                        }
                } else if (c == f->delim) {
                        n++, start = 1;
                } else {
                        inq = start && c == '"';
                        start = 0;
                }
        }
        return n;
}

static void ref_add(struct ref *f, long line, long end_line, int damaged)
{
        if (f->records < MAX_SPANS) {
                f->line[f->records] = line;
                f->end_line[f->records] = end_line;
                f->damaged[f->records] = damaged;
        }
        f->records++;
}

static void ref_read(struct ref *f)
{
        const int lf = f->eol == '\n';
        size_t i = 0;
        long line = 1, expect = -1;
        int waiting = 0; /* a damaged record is waiting: it is the last one added */
        while (i < f->n) {
                const unsigned char *b = f->b;
                if (b[i] == f->eol) {
                        i++, line++;
                        continue;
                }
                if (lf && b[i] == '\r' && (i + 1 == f->n || b[i + 1] == '\n')) {
                        i += i + 1 < f->n ? 2 : 1;
                        line += i <= f->n && b[i - 1] == '\n';
                        continue;
                }
                struct ref_rec r;
                ref_parse(f, i, &r);
                int good = r.ok && (r.span ? expect < 0 || r.fields == expect ||
                                                 (r.fields > expect && r.last_full <= expect)
                                           : !waiting || expect < 0 || r.fields >= expect);
                if (good) {
                        waiting = 0;
                        if (expect < 0)
                                expect = r.fields;
                        ref_add(f, line, line + r.span, 0);
                        i = r.next;
                        line += r.lines;
                        continue;
                }
                if (!waiting || (expect >= 0 && ref_alone(f, i) >= expect))
                        ref_add(f, line, line, 1);
                else if (f->records <= MAX_SPANS)
                        f->end_line[f->records - 1] = line;
                waiting = 1;
                while (i < f->n && b[i] != f->eol)
                        i++;
                if (i < f->n)
                        i++, line++;
        }
}

static int on_row(void *ctx, const struct csvrow *row)
{
        struct seen *s = ctx;
        FUZZ_CHECK(row->record == s->records);
        FUZZ_CHECK(row->line >= 1 && row->end_line >= row->line);
        FUZZ_CHECK(row->line > s->last_line);
        for (size_t i = 0; i < row->nfields; i++) {
                FUZZ_CHECK(row->fields[i][row->lens[i]] == '\0');
                FUZZ_CHECK(row->lens[i] <= s->max_field);
                if (!row->problem) {
                        FUZZ_CHECK(strlen(row->fields[i]) == row->lens[i]);
                        FUZZ_CHECK(utf8_valid(row->fields[i], row->lens[i]));
                }
        }
        if (row->problem)
                FUZZ_CHECK(row->problem[0] != '\0');
        if (s->records < MAX_SPANS) {
                s->line[s->records] = row->line;
                s->end_line[s->records] = row->end_line;
                s->damaged[s->records] = row->problem && row->nfields == 0;
        }
        s->last_line = row->end_line;
        s->records++;
        return s->stop_at && s->records == s->stop_at;
}

static void read_once(const uint8_t *data, size_t size, const struct csvread_opts *o)
{
        static struct seen s;
        memset(&s, 0, sizeof s);
        s.max_field = o && o->max_field ? o->max_field : 16 * 1024 * 1024;
        s.stop_at = o ? (int)(o->block_size % 5) : 0;
        struct csvread_info info;
        struct err e = {0};
        int rc = csvread_buffer("fuzz.csv", (const char *)data, size, o, on_row, &s, &info, &e);
        if (rc == 0) {
                FUZZ_CHECK(e.code == 0);
                FUZZ_CHECK(info.records == s.records && s.records >= 1);
                FUZZ_CHECK(info.bytes == (long long)size);
                FUZZ_CHECK(s.last_line <= info.lines + 1);
                FUZZ_CHECK(info.delim == ';' || info.delim == ',' || info.delim == '\t' ||
                           (o && info.delim == o->delim));
                if (!s.stop_at && size < 1024 * 1024) {
                        static struct ref f;
                        memset(&f, 0, sizeof f);
                        size_t skip = info.enc == CSV_ENC_UTF8_BOM ? 3 : 0;
                        f.b = data + skip, f.n = size - skip;
                        f.delim = (unsigned char)info.delim;
                        f.eol = info.cr_only ? '\r' : '\n';
                        ref_read(&f);
                        FUZZ_CHECK(f.records == s.records);
                        for (long k = 0; k < s.records && k < MAX_SPANS; k++) {
                                FUZZ_CHECK(f.line[k] == s.line[k]);
                                FUZZ_CHECK(f.end_line[k] == s.end_line[k]);
                                FUZZ_CHECK(f.damaged[k] == s.damaged[k]);
                        }
                }
        } else {
                FUZZ_CHECK(e.code == DM_EX_DATAERR);
                FUZZ_CHECK(fuzz_starts(e.msg, "fuzz.csv"));
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        read_once(data, size, NULL);

        uint64_t h = hash_bytes(data, size);
        static const char delims[] = {0, 0, ';', ',', '\t', '|', ' ', 'a'};
        static const enum csv_encoding encs[] = {CSV_ENC_DETECT, CSV_ENC_DETECT,
                                                 CSV_ENC_UTF8,   CSV_ENC_UTF8_BOM,
                                                 CSV_ENC_CP1252, CSV_ENC_MACROMAN};
        struct csvread_opts o = {
            .delim = delims[h % sizeof delims],
            .enc = encs[(h >> 8) % (sizeof encs / sizeof encs[0])],
            .block_size = 1 + (size_t)((h >> 16) % 17),
            .max_field = (h >> 24) % 4 ? 1 + (size_t)((h >> 32) % 64) : 0,
        };
        read_once(data, size, &o);
        return 0;
}

/*
 * csvread.c - the first step of ingest: turns an export file into records.
 *
 * A read makes up to three passes over the bytes, each block by block:
 *
 *  1. The first 64 KiB are kept as a sample. They decide the BOM, whether
 *     the file is text at all (or a spreadsheet workbook under a .csv name),
 *     the delimiter and the line ending (LF, CR LF or CR alone).
 *  2. Without a BOM, the whole file is scanned once for UTF-8 validity and a
 *     histogram of its bytes 0x80-0xFF, which chooses between UTF-8,
 *     Windows-1252 and Mac Roman (see legacy_guess).
 *  3. The file is read again from the start into a window; Windows-1252 and
 *     Mac Roman are converted to UTF-8 on the way in. Records are parsed
 *     from the window (parse_record); a record that does not end inside the
 *     window makes the window grow (at least doubling, so a long record is
 *     rescanned only a bounded number of times) up to the record size limit.
 *
 * The parser is our own rather than libcsv because the rules below need what
 * libcsv cannot give: a closing quote followed by spaces closes the field
 * (libcsv can only trim spaces from every field), and a damaged record must
 * not swallow the records after it (libcsv's lenient mode reads on inside
 * the quotes; its strict mode stops the whole file). The rules, also in the
 * README's reader section:
 *
 *  - A field that starts with '"' is quoted; '""' inside it is one quote;
 *    its closing quote may be followed by spaces and tabs (dropped), then
 *    the delimiter or the line end. Line ends inside quotes are kept as
 *    they are (CR, LF or CR LF) and belong to the field.
 *  - A '"' inside an unquoted field is an ordinary character.
 *  - A record is damaged when a closing quote is followed by anything else,
 *    when the file ends inside quotes, when a record that spans lines does
 *    not have the header's number of fields (extra empty fields at the end
 *    allowed), or when a record outgrows the size limit.
 *  - A damaged record is handed on with no fields and a problem, covering
 *    its first line; every following line is then tried as the start of a
 *    record: the first one that parses as an undamaged record with the
 *    header's number of fields (on one line: at least that many) is where
 *    reading resumes, and the lines before it are added to the damaged
 *    record's span, except that a line which, read alone, has at least the
 *    header's number of fields starts a damaged record of its own (two
 *    damaged respondents in a row stay two records).
 *
 * Cost: a candidate line that opens a quote is scanned at most up to the
 * next line with an odd number of quotes, so resynchronising is linear.
 */
#include "csvread.h"
#include "msgcat.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum {
        DEFAULT_BLOCK = 64 * 1024,
        DEFAULT_MAX_FIELD = 16 * 1024 * 1024,
        SAMPLE_MAX = 64 * 1024,        /* bytes kept for sniffing */
        BINARY_WINDOW = 4096,          /* bytes checked for binary data */
        SAMPLE_RECORDS = 20,           /* records used to choose the delimiter */
        MIN_RECORD_LIMIT = 1 << 20,    /* a record may hold 2 * max_field bytes, at least this */
        FIELD_OVERHEAD = 32,           /* bytes a stored field costs besides its text */
        DECODE_MAX = 64 * 1024 * 1024, /* most bytes csvread_decode_stream reads */
};

static const unsigned char utf8_bom[3] = {0xEF, 0xBB, 0xBF};

/* Windows-1252 code points of the bytes 0x80-0xFF (U+FFFD: undefined). */
static const uint16_t cp1252_high[128] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178, 0x00A0, 0x00A1, 0x00A2, 0x00A3,
    0x00A4, 0x00A5, 0x00A6, 0x00A7, 0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
    0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7, 0x00B8, 0x00B9, 0x00BA, 0x00BB,
    0x00BC, 0x00BD, 0x00BE, 0x00BF, 0x00C0, 0x00C1, 0x00C2, 0x00C3, 0x00C4, 0x00C5, 0x00C6, 0x00C7,
    0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x00CC, 0x00CD, 0x00CE, 0x00CF, 0x00D0, 0x00D1, 0x00D2, 0x00D3,
    0x00D4, 0x00D5, 0x00D6, 0x00D7, 0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x00DD, 0x00DE, 0x00DF,
    0x00E0, 0x00E1, 0x00E2, 0x00E3, 0x00E4, 0x00E5, 0x00E6, 0x00E7, 0x00E8, 0x00E9, 0x00EA, 0x00EB,
    0x00EC, 0x00ED, 0x00EE, 0x00EF, 0x00F0, 0x00F1, 0x00F2, 0x00F3, 0x00F4, 0x00F5, 0x00F6, 0x00F7,
    0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x00FD, 0x00FE, 0x00FF,
};

/* Mac Roman code points of the bytes 0x80-0xFF (Apple's table, with 0xDB the euro sign). */
static const uint16_t macroman_high[128] = {
    0x00C4, 0x00C5, 0x00C7, 0x00C9, 0x00D1, 0x00D6, 0x00DC, 0x00E1, 0x00E0, 0x00E2, 0x00E4, 0x00E3,
    0x00E5, 0x00E7, 0x00E9, 0x00E8, 0x00EA, 0x00EB, 0x00ED, 0x00EC, 0x00EE, 0x00EF, 0x00F1, 0x00F3,
    0x00F2, 0x00F4, 0x00F6, 0x00F5, 0x00FA, 0x00F9, 0x00FB, 0x00FC, 0x2020, 0x00B0, 0x00A2, 0x00A3,
    0x00A7, 0x2022, 0x00B6, 0x00DF, 0x00AE, 0x00A9, 0x2122, 0x00B4, 0x00A8, 0x2260, 0x00C6, 0x00D8,
    0x221E, 0x00B1, 0x2264, 0x2265, 0x00A5, 0x00B5, 0x2202, 0x2211, 0x220F, 0x03C0, 0x222B, 0x00AA,
    0x00BA, 0x03A9, 0x00E6, 0x00F8, 0x00BF, 0x00A1, 0x00AC, 0x221A, 0x0192, 0x2248, 0x2206, 0x00AB,
    0x00BB, 0x2026, 0x00A0, 0x00C0, 0x00C3, 0x00D5, 0x0152, 0x0153, 0x2013, 0x2014, 0x201C, 0x201D,
    0x2018, 0x2019, 0x00F7, 0x25CA, 0x00FF, 0x0178, 0x2044, 0x20AC, 0x2039, 0x203A, 0xFB01, 0xFB02,
    0x2021, 0x00B7, 0x201A, 0x201E, 0x2030, 0x00C2, 0x00CA, 0x00C1, 0x00CB, 0x00C8, 0x00CD, 0x00CE,
    0x00CF, 0x00CC, 0x00D3, 0x00D4, 0xF8FF, 0x00D2, 0x00DA, 0x00DB, 0x00D9, 0x0131, 0x02C6, 0x02DC,
    0x00AF, 0x02D8, 0x02D9, 0x02DA, 0x00B8, 0x02DD, 0x02DB, 0x02C7,
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
        unsigned need;       /* continuation bytes still expected */
        uint32_t cp;         /* code point decoded so far */
        uint32_t min;        /* smallest code point allowed for the sequence's length */
        long long multi;     /* valid multi-byte sequences seen */
        long long invalid;   /* bytes that were not valid UTF-8 */
        long long high[128]; /* how often each byte 0x80-0xFF occurs */
};

/* Where a parse stopped when the record was damaged. */
struct damage {
        long line_off; /* lines after the record's first line */
        long col;      /* 1-based character column in that line */
        size_t field;  /* 1-based field */
        int eof;       /* the file ended inside quotes (else: a character after a quote) */
};

/* The outcome of parse_record. */
enum { PR_OK, PR_MORE, PR_DAMAGE };

/* The state of pass 3 and of the record being assembled. */
struct reader {
        const char *name;      /* used in messages */
        csvread_fn fn;         /* the caller's callback */
        void *ctx;             /* and its context */
        struct source *src;    /* the bytes */
        const uint16_t *table; /* code points of the bytes 0x80-0xFF, or NULL for UTF-8 */
        size_t skip;           /* BOM bytes still to drop */
        unsigned char delim;   /* the field delimiter */
        unsigned char eol;     /* the line end: '\n' (LF or CR LF) or '\r' (CR alone) */
        int check_utf8;        /* 1 when fields must be validated as UTF-8 */
        int nul_seen;          /* a NUL byte was in the input so far: check each field */
        size_t max_field;      /* longest field kept */
        size_t record_limit;   /* most bytes one record may take */
        /* The window of decoded bytes; wpos is the start of a line not yet read. */
        unsigned char *win;
        size_t wlen, wcap, wpos;
        int eof;            /* the source is exhausted; the window holds the rest */
        long line;          /* physical line (1-based) that starts at wpos */
        long long bytes;    /* bytes read from the source */
        unsigned char last; /* the last byte of the file */
        int skipping;       /* dropping bytes up to the end of the current line */
        /* A damaged record waiting for the line where reading resumes. */
        int damaged;
        long dmg_line, dmg_end;
        char dmg_msg[320];
        size_t dmg_field;
        long expect; /* fields of the first good record (the header), -1 = none yet */
        /* The record being assembled. */
        struct strbuf text;   /* field texts of the record, each NUL-terminated */
        size_t *offs;         /* offset of each stored field in text */
        size_t *lens;         /* length of each stored field */
        char **ptrs;          /* field pointers handed to the callback */
        size_t nfields;       /* fields stored */
        size_t nseen;         /* fields seen, stored or not */
        size_t last_full;     /* 1-based index of the last non-empty field seen, 0 = none */
        size_t cap;           /* room in offs, lens and ptrs */
        int record_full;      /* the record outgrew record_limit; no more fields kept */
        int has_problem;      /* problem holds a message for this record */
        size_t problem_field; /* 1-based field of the problem, 0 = record */
        char problem[160];    /* why the record is unusable */
        size_t cur_field;     /* on PR_MORE: offset where the unfinished field starts */
        long records;         /* records handed to the callback */
        int stopped;          /* the callback asked to stop */
};

static const char *const encoding_names[] = {
    [CSV_ENC_DETECT] = "unknown",          [CSV_ENC_UTF8] = "UTF-8",
    [CSV_ENC_UTF8_BOM] = "UTF-8 with BOM", [CSV_ENC_CP1252] = "Windows-1252",
    [CSV_ENC_MACROMAN] = "Mac Roman",
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
                return err_set(e, DM_EX_NOINPUT, "%s: cannot read: %s", s->name,
                               msg_strerror(errno));
        return 0;
}

static int source_rewind(struct source *s, struct err *e)
{
        if (!s->fp) {
                s->pos = 0;
                return 0;
        }
        if (fseeko(s->fp, 0, SEEK_SET) != 0)
                return err_set(e, DM_EX_NOINPUT, "%s: cannot read: %s", s->name,
                               msg_strerror(errno));
        clearerr(s->fp);
        return 0;
}

/* Encoding. */

static void utf8_scan_feed(struct utf8_scan *u, const unsigned char *s, size_t n)
{
        size_t i = 0;
        while (i < n) {
                unsigned char c = s[i++];
                if (c >= 0x80)
                        u->high[c - 0x80]++;
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

/* The code point of byte c (>= 0x80) in the single-byte encoding enc. */
static unsigned legacy_cp(enum csv_encoding enc, unsigned c)
{
        return enc == CSV_ENC_MACROMAN ? macroman_high[c - 0x80] : cp1252_high[c - 0x80];
}

/* Converts n single-byte characters to UTF-8 in out (room for 3 * n); returns the length. */
static size_t legacy_to_utf8(const uint16_t *table, const unsigned char *s, size_t n,
                             unsigned char *out)
{
        unsigned char *o = out;
        for (size_t i = 0; i < n; i++) {
                unsigned c = s[i];
                if (c < 0x80) {
                        *o++ = (unsigned char)c;
                        continue;
                }
                unsigned cp = table[c - 0x80];
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

/*
 * How plausible code point cp is in survey text: 2 for the letters of
 * Finnish and Swedish (and é, ü) and for the punctuation that word
 * processors and Excel put in by themselves (curly quotes, dashes, the
 * ellipsis), 1 for other Western letters and common signs (euro, no-break
 * space, degree, ...), 0 for the rare Š š Ž ž, -1 for symbols nobody types
 * into a survey (math, dingbats, ligatures, ‰, ˆ, ƒ, ...), -4 for an
 * undefined byte. The punctuation weighs 2 so that "Don’t" (0x92 in
 * Windows-1252, í in Mac Roman) is not a tie.
 */
static int plausibility(unsigned cp)
{
        switch (cp) {
        case 0xC4:
        case 0xC5:
        case 0xD6:
        case 0xE4:
        case 0xE5:
        case 0xF6: /* Ä Å Ö ä å ö */
        case 0xC9:
        case 0xE9:
        case 0xDC:
        case 0xFC: /* É é Ü ü */
        case 0x2026:
        case 0x2013:
        case 0x2014:
        case 0x2018:
        case 0x2019:
        case 0x201C:
        case 0x201D:
        case 0x201E: /* … – — ‘ ’ “ ” „ */
                return 2;
        case 0x20AC:
        case 0x2022:
        case 0xA0:
        case 0xB0:
        case 0xA7:
        case 0xB4:
        case 0xAB:
        case 0xBB:
        case 0xBD:
        case 0xA3:
        case 0xA9:
        case 0xB2:
        case 0xB3:
        case 0xB7:
        case 0xD7:
                return 1;
        case 0x160:
        case 0x161:
        case 0x17D:
        case 0x17E:
                return 0;
        case 0xFFFD:
                return -4;
        default:
                break;
        }
        if (cp >= 0xC0 && cp <= 0xFF && cp != 0xF7)
                return 1;
        return -1;
}

/*
 * Chooses between Windows-1252 and Mac Roman from the histogram of the bytes
 * 0x80-0xFF: each byte is scored as the character it would be in either
 * encoding (plausibility), weighted by its count. The encoding whose total is
 * positive and at least twice the other's wins; when neither total is
 * positive the bytes are no text in either and Windows-1252 (the historical
 * default) is kept. Otherwise the file is ambiguous: returns -1 and sets
 * *likely to the better of the two.
 */
static int legacy_guess(const long long *high, enum csv_encoding *enc, enum csv_encoding *likely)
{
        long long cp = 0, mac = 0;
        for (unsigned c = 0x80; c < 0x100; c++) {
                long long n = high[c - 0x80];
                if (!n)
                        continue;
                cp += n * plausibility(legacy_cp(CSV_ENC_CP1252, c));
                mac += n * plausibility(legacy_cp(CSV_ENC_MACROMAN, c));
        }
        *likely = mac > cp ? CSV_ENC_MACROMAN : CSV_ENC_CP1252;
        if (cp > 0 && (mac <= 0 || cp >= 2 * mac))
                *enc = CSV_ENC_CP1252;
        else if (mac > 0 && (cp <= 0 || mac >= 2 * cp))
                *enc = CSV_ENC_MACROMAN;
        else if (cp <= 0 && mac <= 0)
                *enc = CSV_ENC_CP1252;
        else
                return -1;
        return 0;
}

/*
 * Finishes a scan: UTF-8 when no byte is invalid, or when the valid
 * multi-byte sequences are at least as many as the invalid bytes (the few
 * invalid ones are then the records' problem); otherwise one of the
 * single-byte encodings, or -1 with the message when they cannot be told apart.
 */
static int scan_verdict(const char *name, struct utf8_scan *u, enum csv_encoding *enc,
                        struct err *e)
{
        if (u->need)
                u->invalid++;
        if (u->invalid == 0 || (u->multi > 0 && u->multi >= u->invalid)) {
                *enc = CSV_ENC_UTF8;
                return 0;
        }
        enum csv_encoding likely;
        if (legacy_guess(u->high, enc, &likely) == 0)
                return 0;
        return err_set(e, DM_EX_DATAERR,
                       "%s: cannot tell the text's encoding: it is not UTF-8, and its letters "
                       "read as well in Windows-1252 as in Mac Roman (more likely %s); open "
                       "the file in the spreadsheet and save it as \"CSV UTF-8\"",
                       name, csv_encoding_name(likely));
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

/* Names a spreadsheet workbook by its magic bytes, with what to do; NULL for anything else. */
static const char *workbook_kind(const unsigned char *s, size_t n)
{
        static const unsigned char zip[4] = {'P', 'K', 3, 4};
        static const unsigned char ole2[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
        if (n >= sizeof zip && memcmp(s, zip, sizeof zip) == 0)
                return "it is a ZIP file and looks like an Excel or OpenDocument workbook "
                       "(.xlsx, .ods); if it is an Excel workbook, give it a name ending in "
                       ".xlsx, otherwise save it from the spreadsheet as \"CSV UTF-8\"";
        if (n >= sizeof ole2 && memcmp(s, ole2, sizeof ole2) == 0)
                return "it looks like an old Excel workbook (.xls); open it in Excel and save "
                       "it as \"CSV UTF-8\" (or as .xlsx)";
        return NULL;
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

/*
 * The line end of the sample: CR alone when CRs not followed by LF outnumber
 * the LFs (Excel for Mac ends rows in CR and may put LF inside cells),
 * otherwise LF (with or without a CR before it).
 */
static unsigned char detect_eol(const unsigned char *s, size_t n)
{
        size_t lf = 0, lone_cr = 0;
        for (size_t i = 0; i < n; i++) {
                if (s[i] == '\n')
                        lf++;
                else if (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n'))
                        lone_cr++;
        }
        return lone_cr > lf ? '\r' : '\n';
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

/*
 * Appends n bytes to a record's text: in place while they fit (fields are
 * mostly one or two bytes, and the text's buffer is reused from record to
 * record), else through strbuf_addn. The text stays NUL-terminated.
 */
static inline void text_add(struct strbuf *t, const unsigned char *s, size_t n)
{
        if (t->len + n + 1 < t->cap) {
                char *d = t->buf + t->len;
                if (n == 1)
                        d[0] = (char)s[0];
                else
                        memcpy(d, s, n);
                t->len += n;
                d[n] = '\0';
        } else {
                strbuf_addn(t, (const char *)s, n);
        }
}

static void record_reset(struct reader *r)
{
        strbuf_reset(&r->text);
        r->nfields = r->nseen = r->last_full = 0;
        r->has_problem = r->record_full = 0;
}

/*
 * Completes the field whose text is text[start..] (already appended):
 * checks it and records it, or drops it (over a limit, or the record full).
 */
static void end_field(struct reader *r, size_t start)
{
        size_t field = ++r->nseen;
        size_t len = r->text.len - start;
        if (len)
                r->last_full = field;
        if (r->record_full) {
                r->text.len = start;
                return;
        }
        if (len > r->max_field) {
                set_problem(r, 0, field, "field %zu is longer than the limit of %zu bytes", field,
                            r->max_field);
                r->text.len = start, len = 0;
        }
        if (start + len + (r->nfields + 1) * FIELD_OVERHEAD > r->record_limit) {
                set_problem(r, 0, 0, "the record is longer than the limit of %zu bytes",
                            r->record_limit);
                r->record_full = 1;
                r->text.len = start;
                return;
        }
        const char *s = r->text.buf ? r->text.buf + start : "";
        const char *nul = r->nul_seen && len ? memchr(s, '\0', len) : NULL;
        if (nul)
                set_problem(r, 0, field, "field %zu contains a NUL byte at byte %zu", field,
                            (size_t)(nul - s) + 1);
        if (r->check_utf8 && len) {
                size_t at = utf8_invalid_at((const unsigned char *)s, len);
                if (at < len)
                        set_problem(r, 0, field, "field %zu contains invalid UTF-8 at byte %zu",
                                    field, at + 1);
        }
        if (r->nfields == r->cap) {
                r->cap = r->cap ? 2 * r->cap : 16;
                r->offs = xrealloc(r->offs, r->cap * sizeof *r->offs);
                r->lens = xrealloc(r->lens, r->cap * sizeof *r->lens);
                r->ptrs = xrealloc(r->ptrs, r->cap * sizeof *r->ptrs);
        }
        r->offs[r->nfields] = start;
        r->lens[r->nfields] = len;
        r->nfields++;
        text_add(&r->text, (const unsigned char *)"", 1);
}

static void add_text(struct reader *r, const unsigned char *s, size_t n)
{
        if (n && !r->record_full)
                text_add(&r->text, s, n);
}

/* The 1-based character column of offset at in the line that starts at line_start. */
static long column_of(const unsigned char *w, size_t line_start, size_t at)
{
        long col = 1;
        for (size_t i = line_start; i < at; i++)
                col += (w[i] & 0xC0) != 0x80;
        return col;
}

/*
 * Parses one record from window offset p (the start of a line that is not
 * blank). PR_OK: the fields are stored, *next is where the next line
 * starts, *spanp the line ends inside its quotes and *lines the physical
 * lines it used up (those plus its own line end, none at the end of the file). PR_MORE: the window
 * ends before the record does (never at the end of the file); r->cur_field is the start of the
 * unfinished field. PR_DAMAGE: *dmg says where.
 */
static int parse_record(struct reader *r, size_t p, size_t *next, long *lines, long *spanp,
                        struct damage *dmg)
{
        const unsigned char *w = r->win;
        const size_t end = r->wlen;
        const unsigned char d = r->delim, eol = r->eol;
        const int lf = eol == '\n';
        long span = 0;
        size_t line_start = p;
        record_reset(r);
        for (;;) {
                size_t start = r->text.len;
                r->cur_field = p;
                if (p < end && w[p] == '"') {
                        size_t q = p + 1;
                        for (;;) {
                                const unsigned char *x = memchr(w + q, '"', end - q);
                                size_t xq = x ? (size_t)(x - w) : end;
                                for (const unsigned char *nl = memchr(w + q, eol, xq - q); nl;
                                     nl = memchr(nl + 1, eol, (size_t)(w + xq - (nl + 1)))) {
                                        span++;
                                        line_start = (size_t)(nl - w) + 1;
                                }
                                add_text(r, w + q, xq - q);
                                if (!x) {
                                        if (!r->eof)
                                                return PR_MORE;
                                        /* Where the quote opened: count back from the start. */
                                        dmg->eof = 1;
                                        dmg->field = r->nseen + 1;
                                        dmg->line_off = 0;
                                        size_t ls = r->wpos;
                                        for (size_t i = r->wpos; i < p; i++)
                                                if (w[i] == eol)
                                                        dmg->line_off++, ls = i + 1;
                                        dmg->col = column_of(w, ls, p);
                                        return PR_DAMAGE;
                                }
                                if (xq + 1 == end && !r->eof)
                                        return PR_MORE;
                                if (xq + 1 < end && w[xq + 1] == '"') {
                                        add_text(r, w + xq, 1);
                                        q = xq + 2;
                                        continue;
                                }
                                size_t y = xq + 1;
                                while (y < end && (w[y] == ' ' || w[y] == '\t') && w[y] != d)
                                        y++;
                                if (y == end) {
                                        if (!r->eof)
                                                return PR_MORE;
                                        end_field(r, start);
                                        *next = end, *lines = *spanp = span;
                                        return PR_OK;
                                }
                                if (w[y] == d) {
                                        end_field(r, start);
                                        p = y + 1;
                                        break;
                                }
                                if (w[y] == eol) {
                                        end_field(r, start);
                                        *next = y + 1, *lines = span + 1, *spanp = span;
                                        return PR_OK;
                                }
                                if (lf && w[y] == '\r') {
                                        if (y + 1 == end && !r->eof)
                                                return PR_MORE;
                                        if (y + 1 == end || w[y + 1] == '\n') {
                                                end_field(r, start);
                                                *next = y + 1 < end ? y + 2 : end;
                                                *lines = span + (y + 1 < end);
                                                *spanp = span;
                                                return PR_OK;
                                        }
                                }
                                dmg->eof = 0;
                                dmg->field = r->nseen + 1;
                                dmg->line_off = span;
                                dmg->col = column_of(w, line_start, y);
                                return PR_DAMAGE;
                        }
                        continue;
                }
                size_t q = p;
                while (q < end && w[q] != d && w[q] != eol)
                        q++;
                if (q == end && !r->eof)
                        return PR_MORE;
                if (q < end && w[q] == d) {
                        add_text(r, w + p, q - p);
                        end_field(r, start);
                        p = q + 1;
                        continue;
                }
                size_t flen = q - p;
                if (lf && flen && w[q - 1] == '\r')
                        flen--;
                add_text(r, w + p, flen);
                end_field(r, start);
                *next = q < end ? q + 1 : end;
                *lines = span + (q < end);
                *spanp = span;
                return PR_OK;
        }
}

/*
 * Reads more of the source into the window: at least one block, and at least
 * as much as the window already holds past wpos (so a long record is parsed
 * a logarithmic number of times), but not past the record limit plus a block.
 */
static int fill(struct reader *r, struct err *e)
{
        if (r->wpos) {
                memmove(r->win, r->win + r->wpos, r->wlen - r->wpos);
                r->wlen -= r->wpos;
                r->wpos = 0;
        }
        size_t pending = r->wlen, want = r->src->block_size;
        if (pending > want)
                want = pending;
        if (pending >= r->record_limit)
                want = r->src->block_size;
        else if (want > r->record_limit + 1 - pending)
                want = r->record_limit + 1 - pending;
        size_t added = 0;
        while (added < want || !added) {
                const unsigned char *s;
                size_t n;
                if (source_next(r->src, &s, &n, e) != 0)
                        return -1;
                if (!n) {
                        r->eof = 1;
                        return 0;
                }
                r->bytes += (long long)n;
                r->last = s[n - 1];
                size_t drop = r->skip < n ? r->skip : n;
                s += drop, n -= drop, r->skip -= drop;
                if (!n)
                        continue;
                if (!r->nul_seen && memchr(s, '\0', n))
                        r->nul_seen = 1;
                size_t room = r->table ? 3 * n : n;
                if (r->wlen + room > r->wcap) {
                        size_t cap = r->wcap ? 2 * r->wcap : 2 * room;
                        while (cap < r->wlen + room)
                                cap *= 2;
                        r->win = xrealloc(r->win, cap);
                        r->wcap = cap;
                }
                size_t out;
                if (r->table)
                        out = legacy_to_utf8(r->table, s, n, r->win + r->wlen);
                else
                        memcpy(r->win + r->wlen, s, n), out = n;
                r->wlen += out;
                added += out;
        }
        return 0;
}

/* Hands the assembled record (lines line..end_line) to the callback. */
static void emit(struct reader *r, long line, long end_line)
{
        for (size_t i = 0; i < r->nfields; i++)
                r->ptrs[i] = r->text.buf + r->offs[i];
        struct csvrow row = {
            .nfields = r->nfields,
            .fields = r->ptrs,
            .lens = r->lens,
            .line = line,
            .end_line = end_line,
            .record = r->records,
            .problem = r->has_problem ? r->problem : NULL,
            .problem_field = r->has_problem ? r->problem_field : 0,
        };
        r->records++;
        if (!r->stopped && r->fn(r->ctx, &row) != 0)
                r->stopped = 1;
}

/* Hands the waiting damaged record to the callback, with no fields. */
static void emit_damaged(struct reader *r)
{
        struct csvrow row = {
            .nfields = 0,
            .line = r->dmg_line,
            .end_line = r->dmg_end,
            .record = r->records,
            .problem = r->dmg_msg,
            .problem_field = r->dmg_field,
        };
        r->damaged = 0;
        r->records++;
        if (!r->stopped && r->fn(r->ctx, &row) != 0)
                r->stopped = 1;
}

static void damage(struct reader *r, size_t field, int newrec, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/*
 * Marks the record on the current line as damaged. While a damaged record
 * waits, the line is added to it, unless newrec says it starts a record of
 * its own (then the waiting one is handed on first).
 */
static void damage(struct reader *r, size_t field, int newrec, const char *fmt, ...)
{
        r->skipping = 1;
        if (r->damaged && !newrec) {
                r->dmg_end = r->line;
                return;
        }
        if (r->damaged)
                emit_damaged(r);
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(r->dmg_msg, sizeof r->dmg_msg, msgcat_fmt(fmt), ap);
        va_end(ap);
        r->damaged = 1;
        r->dmg_line = r->dmg_end = r->line;
        r->dmg_field = field;
}

/*
 * The fields of the line at p read alone: its delimiters outside quotes
 * plus one, where a quote at the start of a field opens, "" inside is a
 * quote, the next quote closes, anything after it up to a delimiter is
 * ignored, and the line end (the first eol byte) ends everything. Returns
 * -1 when the window does not reach the line's end yet.
 */
static long line_alone_fields(const struct reader *r, size_t p)
{
        const unsigned char *w = r->win;
        const unsigned char *x = memchr(w + p, r->eol, r->wlen - p);
        size_t end = x ? (size_t)(x - w) : r->wlen;
        if (!x && !r->eof && r->wlen - p <= r->record_limit)
                return -1;
        long n = 1;
        int start = 1, inq = 0;
        for (size_t i = p; i < end; i++) {
                unsigned char c = w[i];
                if (inq) {
                        if (c == '"') {
                                if (i + 1 < end && w[i + 1] == '"')
                                        i++;
                                else
                                        inq = 0;
                        }
                } else if (c == r->delim) {
                        n++, start = 1;
                } else {
                        inq = start && c == '"';
                        start = 0;
                }
        }
        return n;
}

/* 1 when the record has the header's fields (extra empty ones at the end allowed). */
static int count_ok(const struct reader *r)
{
        return r->expect < 0 || r->nseen == (size_t)r->expect ||
               (r->nseen > (size_t)r->expect && r->last_full <= (size_t)r->expect);
}

/* Words the damage of the record at p (parse_record's outcome rc) and marks it. */
static void damage_at(struct reader *r, size_t p, int rc, long span, const struct damage *dmg,
                      int newrec)
{
        if (rc == PR_MORE) {
                /* Over the limit: a long line, or a quote that never closes. */
                int first_line = memchr(r->win + p, r->eol, r->wlen - p) == NULL;
                if (first_line && r->wlen - r->cur_field > r->max_field)
                        damage(r, r->nseen + 1, newrec,
                               "field %zu is longer than the limit of %zu bytes", r->nseen + 1,
                               r->max_field);
                else if (first_line)
                        damage(r, 0, newrec, "the record is longer than the limit of %zu bytes",
                               r->record_limit);
                else
                        damage(r, r->nseen + 1, newrec,
                               "a quoted field in field %zu runs over more than %zu bytes and "
                               "several lines; a quote is probably unbalanced",
                               r->nseen + 1, r->record_limit);
        } else if (rc == PR_DAMAGE && dmg->eof) {
                damage(r, dmg->field, newrec,
                       "unterminated quoted field starting on line %ld, column %ld (field %zu): "
                       "the file ends inside its quotes",
                       r->line + dmg->line_off, dmg->col, dmg->field);
        } else if (rc == PR_DAMAGE) {
                damage(r, dmg->field, newrec,
                       "unexpected character after the closing quote of field %zu on line %ld, "
                       "column %ld; a quote inside a quoted field must be doubled",
                       dmg->field, r->line + dmg->line_off, dmg->col);
        } else if (span) {
                damage(r, 0, newrec,
                       "a quoted field makes the record run over lines %ld-%ld with %zu fields, "
                       "the header has %ld; a quote is probably unbalanced",
                       r->line, r->line + span, r->nseen, r->expect);
        } else {
                damage(r, 0, newrec, "the line has %zu fields, the header has %ld", r->nseen,
                       r->expect);
        }
}

/* Pass 3: parses the whole source. */
static int parse_all(struct reader *r, struct err *e)
{
        const int lf = r->eol == '\n';
        while (!r->stopped) {
                const unsigned char *w = r->win;
                size_t p = r->wpos;
                if (r->skipping) {
                        const unsigned char *x =
                            p < r->wlen ? memchr(w + p, r->eol, r->wlen - p) : NULL;
                        if (x) {
                                r->wpos = (size_t)(x - w) + 1;
                                r->line++;
                                r->skipping = 0;
                                continue;
                        }
                        r->wpos = r->wlen;
                        if (r->eof) {
                                r->skipping = 0;
                                break;
                        }
                        if (fill(r, e) != 0)
                                return -1;
                        continue;
                }
                if (p == r->wlen || (lf && w[p] == '\r' && p + 1 == r->wlen)) {
                        if (r->eof) {
                                r->wpos = r->wlen;
                                break;
                        }
                        if (fill(r, e) != 0)
                                return -1;
                        continue;
                }
                if (w[p] == r->eol || (lf && w[p] == '\r' && w[p + 1] == '\n')) {
                        r->wpos += w[p] == r->eol ? 1 : 2;
                        r->line++;
                        continue;
                }
                size_t next = 0;
                long lines = 0, span = 0;
                struct damage dmg;
                int rc = parse_record(r, p, &next, &lines, &span, &dmg);
                if (rc == PR_MORE && r->wlen - p <= r->record_limit) {
                        if (fill(r, e) != 0)
                                return -1;
                        continue;
                }
                int good = rc == PR_OK &&
                           (span ? count_ok(r)
                                 : !r->damaged || r->expect < 0 || r->nseen >= (size_t)r->expect);
                if (!good) {
                        /* Damaged: does the line start a damaged record of its own? */
                        int newrec = 0;
                        if (r->damaged && r->expect >= 0) {
                                long alone = line_alone_fields(r, p);
                                if (alone < 0) {
                                        if (fill(r, e) != 0)
                                                return -1;
                                        continue;
                                }
                                newrec = alone >= r->expect;
                        }
                        damage_at(r, p, rc, span, &dmg, newrec);
                        continue;
                }
                if (r->damaged)
                        emit_damaged(r);
                if (r->expect < 0)
                        r->expect = (long)r->nseen;
                emit(r, r->line, r->line + span);
                r->wpos = next;
                r->line += lines;
        }
        if (r->damaged)
                emit_damaged(r);
        return r->stopped ? -1 : 0;
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

/* Pass 2: decides the encoding from the whole file. */
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
        return scan_verdict(src->name, &u, enc, e);
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

        int bom = len >= 3 && memcmp(sample, utf8_bom, 3) == 0 && o.enc != CSV_ENC_CP1252 &&
                  o.enc != CSV_ENC_MACROMAN;
        size_t skip = bom ? 3 : 0;
        const unsigned char *body = sample + skip;
        size_t body_len = len - skip;
        if (len >= 2 && ((sample[0] == 0xFF && sample[1] == 0xFE) ||
                         (sample[0] == 0xFE && sample[1] == 0xFF))) {
                err_set(e, DM_EX_DATAERR, "%s: file is UTF-16 text; save it as UTF-8 CSV",
                        src->name);
                goto out;
        }
        const char *book = workbook_kind(body, body_len);
        if (book) {
                err_set(e, DM_EX_DATAERR, "%s: not a text file: %s", src->name, book);
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

        r.eol = detect_eol(body, body_len);
        const unsigned char *nl = memchr(body, '\n', body_len);
        info->crlf = r.eol == '\n' && nl && nl > body && nl[-1] == '\r';
        info->cr_only = r.eol == '\r';
        info->delim = o.delim ? o.delim : detect_delim(body, body_len, eof, r.eol);
        if (info->delim == '"' || info->delim == '\n' || info->delim == '\r') {
                err_set(e, DM_EX_SOFTWARE, "%s: unusable delimiter", src->name);
                goto out;
        }

        if (source_rewind(src, e) != 0)
                goto out;
        r.name = src->name;
        r.fn = fn;
        r.ctx = ctx;
        r.src = src;
        r.skip = skip;
        r.delim = (unsigned char)info->delim;
        r.table = info->enc == CSV_ENC_CP1252 || info->enc == CSV_ENC_MACROMAN
                      ? (info->enc == CSV_ENC_MACROMAN ? macroman_high : cp1252_high)
                      : NULL;
        r.check_utf8 = r.table == NULL;
        r.max_field = o.max_field ? o.max_field : DEFAULT_MAX_FIELD;
        r.record_limit = r.max_field > SIZE_MAX / 2 ? SIZE_MAX : 2 * r.max_field;
        if (r.record_limit < MIN_RECORD_LIMIT)
                r.record_limit = MIN_RECORD_LIMIT;
        r.line = 1;
        r.expect = -1;
        r.last = r.eol;
        int prc = parse_all(&r, e);
        info->records = r.records;
        info->bytes = r.bytes;
        info->lines = r.line - 1 + (r.bytes > (long long)skip && r.last != r.eol);
        if (prc != 0) {
                if (r.stopped && e && e->code == 0)
                        err_set(e, DM_EX_DATAERR, "%s: stopped", src->name);
                goto out;
        }
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
        free(r.win);
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

int csvread_decode_stream(FILE *fp, const char *name, char **text, size_t *len,
                          enum csv_encoding *enc, struct err *e)
{
        struct strbuf raw = {0};
        char buf[65536];
        size_t n;
        *text = NULL;
        *len = 0;
        while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
                if (raw.len + n > DECODE_MAX) {
                        strbuf_clear(&raw);
                        return err_set(e, DM_EX_DATAERR, "%s: file is larger than %d bytes", name,
                                       DECODE_MAX);
                }
                strbuf_addn(&raw, buf, n);
        }
        if (ferror(fp)) {
                strbuf_clear(&raw);
                return err_set(e, DM_EX_NOINPUT, "%s: cannot read: %s", name, msg_strerror(errno));
        }
        const unsigned char *s = (const unsigned char *)(raw.buf ? raw.buf : "");
        size_t size = raw.len;
        enum csv_encoding got;
        if (size >= 3 && memcmp(s, utf8_bom, 3) == 0) {
                got = CSV_ENC_UTF8_BOM;
                s += 3, size -= 3;
        } else {
                struct utf8_scan u = {0};
                utf8_scan_feed(&u, s, size);
                if (scan_verdict(name, &u, &got, e) != 0) {
                        strbuf_clear(&raw);
                        return -1;
                }
        }
        char *out;
        if (got == CSV_ENC_CP1252 || got == CSV_ENC_MACROMAN) {
                out = xmalloc(3 * size + 1);
                *len = legacy_to_utf8(got == CSV_ENC_MACROMAN ? macroman_high : cp1252_high, s,
                                      size, (unsigned char *)out);
        } else {
                out = xmalloc(size + 1);
                memcpy(out, s, size);
                *len = size;
        }
        out[*len] = '\0';
        *text = out;
        if (enc)
                *enc = got;
        strbuf_clear(&raw);
        return 0;
}

/*
 * csvread.h - streaming CSV reader: the only module that talks to libcsv.
 *
 * Reads a file in fixed-size blocks (never the whole file in memory), detects
 * its encoding (UTF-8 BOM, valid UTF-8, otherwise Windows-1252 or Mac Roman,
 * which are converted to UTF-8), its line end (LF, CR LF or CR alone) and its
 * delimiter (';', ',' or tab), and hands each record to a callback as UTF-8
 * fields with the physical lines it covers. Records that are unusable
 * (invalid UTF-8, NUL bytes, a field over the size limit) and damaged
 * records (a character after a closing quote, a quote that is never closed,
 * see csvread.c for the rules and how reading resumes after them) are still
 * handed to the callback, with `problem` set, so the caller can account for
 * every line. Field bytes are kept exactly (no trimming, except spaces and
 * tabs between a closing quote and the delimiter); the CR of a CR LF line
 * end is dropped, but line ends inside a quoted field are kept byte for byte.
 *
 * Ownership: a struct csvrow and its fields are borrowed; they are valid only
 * during the callback.
 */
#ifndef DM_CSVREAD_H
#define DM_CSVREAD_H

#include <stddef.h>
#include <stdio.h>

#include "util.h"

enum csv_encoding {
        CSV_ENC_DETECT = 0, /* options only: detect from the bytes */
        CSV_ENC_UTF8,       /* UTF-8 without BOM */
        CSV_ENC_UTF8_BOM,   /* UTF-8 with a BOM (the BOM is not part of any field) */
        CSV_ENC_CP1252,     /* Windows-1252, converted to UTF-8 */
        CSV_ENC_MACROMAN,   /* Mac Roman (Excel for Mac), converted to UTF-8 */
};

struct csvread_opts {
        char delim;            /* 0 = detect among ';' ',' '\t' */
        enum csv_encoding enc; /* CSV_ENC_DETECT = detect */
        size_t block_size;     /* bytes read at a time; 0 = 64 KiB */
        size_t max_field;      /* longest accepted field in bytes; 0 = 16 MiB */
};

/*
 * One record. A problem is worded without the file name, for the caller to
 * prefix with file:line, e.g. "field 3 contains invalid UTF-8 at byte 17"
 * (bytes counted from 1 within the field). A field over the size limit is
 * handed as empty. A damaged record is handed with no fields; line..end_line
 * are the lines it covers, and the problem names the line and column where
 * the damage is.
 */
struct csvrow {
        size_t nfields;       /* number of fields in the record */
        char *const *fields;  /* UTF-8, NUL-terminated field texts */
        const size_t *lens;   /* byte length of each field */
        long line;            /* physical line (1-based) where the record starts */
        long end_line;        /* physical line where it ends (> line with quoted newlines) */
        long record;          /* 0-based record number; the header row is record 0 */
        const char *problem;  /* NULL, or why the record is unusable (a full sentence) */
        size_t problem_field; /* 1-based field the problem is in, 0 = whole record */
};

/* Called once per record; return 0 to go on, non-zero to stop reading. */
typedef int (*csvread_fn)(void *ctx, const struct csvrow *row);

struct csvread_info {
        enum csv_encoding enc; /* detected or forced encoding */
        char delim;            /* detected or forced delimiter */
        long records;          /* records handed to the callback, header included */
        long lines;            /* physical lines in the file */
        long long bytes;       /* bytes in the file */
        int crlf;              /* 1 when lines end in CR LF */
        int cr_only;           /* 1 when lines end in CR alone (Excel for Mac) */
};

/*
 * Reads the CSV file at path and calls fn(ctx, row) for every record, in order.
 * Blank lines are skipped (but counted in line numbers).
 * Returns 0 on success and fills *info (when not NULL).
 * A file whose first records no candidate delimiter splits is read as one
 * column (delimiter ',').
 * Fails with -1 and e set when the file is missing or unreadable (code 66),
 * empty (no record), a spreadsheet workbook (.xlsx/.ods/.xls, named in the
 * message with what to do), binary (NULs or control bytes in its first
 * 4 KiB), UTF-16, or in a single-byte encoding that cannot be told apart
 * (code 65), or when fn returns non-zero (e is then left as fn set it, or
 * code 65 with "stopped" when fn did not set it).
 */
int csvread_file(const char *path, const struct csvread_opts *opts, csvread_fn fn, void *ctx,
                 struct csvread_info *info, struct err *e);

/* Same as csvread_file for a buffer in memory (`name` is used in messages). */
int csvread_buffer(const char *name, const char *data, size_t n, const struct csvread_opts *opts,
                   csvread_fn fn, void *ctx, struct csvread_info *info, struct err *e);

/*
 * Reads all of fp (at most 64 MiB) and returns it as UTF-8 in *text (NUL-
 * terminated, *len bytes without the NUL; the caller frees it), detected
 * like an export: a UTF-8 BOM is dropped, Windows-1252 and Mac Roman are
 * converted; other bytes (NULs, UTF-16) are kept for the caller to judge.
 * *enc (when not NULL) is the encoding found. Fails with -1 and e set (code
 * 65, naming `name`) when the encoding cannot be told apart, 66 on a read error.
 */
int csvread_decode_stream(FILE *fp, const char *name, char **text, size_t *len,
                          enum csv_encoding *enc, struct err *e);

/* Returns a short English name of enc ("UTF-8", "UTF-8 with BOM", "Windows-1252", "Mac Roman"). */
const char *csv_encoding_name(enum csv_encoding enc);

#endif

/*
 * xlsx.h - streaming Excel workbook (.xlsx, Office Open XML) reader: the only
 * module that talks to libzip and expat. It reads OpenDocument spreadsheets
 * (.ods) the same way: their content.xml's table rows become the same rows.
 *
 * Opens the package with libzip, reads the workbook's sheet list, sheet part
 * paths, shared strings and date styles, then streams one worksheet's XML
 * through expat in fixed-size blocks and hands each non-empty sheet row to a
 * callback as a struct csvrow (the CSV reader's record type), so that ingest
 * reads a workbook exactly as it reads a CSV export. Only one row is held in
 * memory at a time; the shared-string table is held whole, within a limit.
 *
 * Cells become text: shared and inline strings (rich-text runs joined,
 * phonetic runs left out, _xHHHH_ escapes decoded), numbers as the shortest
 * text that reads back to the same double ("4", "1.5"), date-styled numbers
 * as ISO dates ("2024-03-05", "2024-03-05 09:12:33", "09:12:33") in the
 * workbook's date system (1900 or 1904), booleans as TRUE/FALSE, error cells
 * as their error text ("#N/A") and a formula's saved value. Cells that a row
 * leaves out (given only by the r= references of the others) are empty
 * fields. A data row has at least as many fields as the header row (the
 * first non-empty row). A cell that cannot be read (a formula without a saved
 * value, a shared-string index out of range, an overlong cell) makes the
 * row's `problem`, which the caller accounts for, as with the CSV reader.
 *
 * Ownership: a struct csvrow handed to the callback and its fields are
 * borrowed; they are valid only during the callback.
 */
#ifndef DM_XLSX_H
#define DM_XLSX_H

#include <stddef.h>

#include "csvread.h"
#include "util.h"

/* What the first bytes of a file say it is (xlsx_sniff). */
enum xlsx_kind {
        XLSX_NOT_PACKAGE = 0, /* neither ZIP nor OLE2: text, for the CSV reader */
        XLSX_ZIP = 1,         /* a ZIP package (.xlsx, or .ods and others, told apart on open) */
        XLSX_OLE2 = 2,        /* an OLE2 compound file (.xls, or an encrypted workbook) */
};

/* Limits; a zero field takes the default given. */
struct xlsx_opts {
        const char *sheet;             /* sheet name; NULL = the first visible worksheet */
        size_t block_size;             /* bytes decompressed at a time; 0 = 64 KiB */
        size_t max_cell;               /* longest cell text in bytes; 0 = 1 MiB */
        long max_rows;                 /* last row number accepted; 0 = 1,048,576 (Excel's) */
        int max_cols;                  /* last column accepted; 0 = 16,384 (XFD, Excel's) */
        unsigned long long max_part;   /* uncompressed bytes of one part; 0 = 4 GiB */
        unsigned long long max_shared; /* bytes of the shared-string table; 0 = 256 MiB */
        unsigned max_ratio;            /* largest unpacked/packed ratio of a part over 16 MiB;
                                          0 = 200 */
        size_t max_xml;                /* memory of the XML parser (one tag or value must fit);
                                          0 = 64 MiB */
};

struct xlsx_info {
        char sheet[256]; /* name of the sheet read (UTF-8, cut to fit) */
        char part[256];  /* its part in the package, e.g. "xl/worksheets/sheet1.xml" */
        char format[32]; /* "Excel workbook" or "OpenDocument spreadsheet" */
        int date1904;    /* 1 when the workbook uses the 1904 date system */
        long rows;       /* rows handed to the callback, header included */
        long last_row;   /* number of the last sheet row read */
        size_t nstrings; /* entries of the shared-string table */
        long long bytes; /* bytes of the workbook file */
        size_t xml_peak; /* most bytes the XML parsers held at once */
        size_t row_peak; /* most bytes the sheet's row buffers held at once */
};

/*
 * Returns what the first bytes of the file at path say it is (enum
 * xlsx_kind); XLSX_NOT_PACKAGE also when the file cannot be read (the CSV
 * reader then reports why).
 */
enum xlsx_kind xlsx_sniff(const char *path);

/* The same for n bytes in memory. */
enum xlsx_kind xlsx_sniff_buffer(const void *data, size_t n);

/*
 * Reads one worksheet of the workbook at path and calls fn(ctx, row) for each
 * row that has a non-empty cell, in order; row->line is the sheet row number
 * (row 1 is Excel's first row) and info->sheet is set before the first call.
 * Returns 0 and fills *info (when not NULL), or -1 with e set: code 66 when
 * the file cannot be read; code 65 when it is not a workbook (an .xls,
 * encrypted or password-protected file, or another ZIP), a part is missing or
 * malformed (named with its line and column), a limit is exceeded, the sheet
 * is not in the workbook (the message lists the sheets), or fn returns
 * non-zero (e is then left as fn set it, or "stopped" when fn did not set it).
 */
int xlsx_read_file(const char *path, const struct xlsx_opts *opts, csvread_fn fn, void *ctx,
                   struct xlsx_info *info, struct err *e);

/* Same as xlsx_read_file for n bytes in memory (`name` is used in messages). */
int xlsx_read_buffer(const char *name, const void *data, size_t n, const struct xlsx_opts *opts,
                     csvread_fn fn, void *ctx, struct xlsx_info *info, struct err *e);

/*
 * Writes the ISO text of Excel date serial v to buf (at least 32 bytes):
 * "YYYY-MM-DD" when v has no time of day, "YYYY-MM-DD HH:MM:SS" when it has,
 * "HH:MM:SS" when time_only and 0 <= v < 1. Seconds are rounded. Returns the
 * length, or 0 when v is not a date Excel can show (negative, or after 9999).
 */
size_t xlsx_date_text(char *buf, double v, int date1904, int time_only);

#endif

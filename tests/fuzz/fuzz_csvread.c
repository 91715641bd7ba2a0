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
 */
#define _GNU_SOURCE /* memfd_create, open_memstream */
#include <stdint.h>
#include <string.h>

#include "csvread.h"
#include "fuzz.h"
#include "util.h"

struct seen {
        long records;   /* records handed to the callback */
        long last_line; /* line of the previous record */
        size_t max_field;
        int stop_at; /* stop reading at this record (0 = never) */
};

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
        s->last_line = row->end_line;
        s->records++;
        return s->stop_at && s->records == s->stop_at;
}

static void read_once(const uint8_t *data, size_t size, const struct csvread_opts *o)
{
        struct seen s = {0};
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
        static const enum csv_encoding encs[] = {CSV_ENC_DETECT, CSV_ENC_DETECT, CSV_ENC_UTF8,
                                                 CSV_ENC_UTF8_BOM, CSV_ENC_CP1252};
        struct csvread_opts o = {
            .delim = delims[h % sizeof delims],
            .enc = encs[(h >> 8) % (sizeof encs / sizeof encs[0])],
            .block_size = 1 + (size_t)((h >> 16) % 17),
            .max_field = (h >> 24) % 4 ? 1 + (size_t)((h >> 32) % 64) : 0,
        };
        read_once(data, size, &o);
        return 0;
}

/*
 * fuzz_xlsx.c - libFuzzer target of the workbook reader (src/xlsx.c): the
 * relationships, the sheet list, shared strings (rich text, phonetic runs,
 * _xHHHH_ escapes), styles and date formats, cell references, types and
 * values, and the row, column, cell and part limits.
 *
 * Random bytes seldom make a ZIP package that libzip opens (checksums,
 * deflate), so an input that does not start like a ZIP or OLE2 file is taken
 * as the texts of the XML parts, separated by lines "#PART": the sheet, the
 * shared strings, the styles, the workbook (parts not given get a small good
 * default) and written as a package here with libzip; an input that starts
 * like a ZIP or OLE2 file is read as it is (the fixtures seed that mode);
 * an input that starts with "ODS:" is the content.xml of an OpenDocument
 * spreadsheet.
 * Every package is read twice: with the defaults ingest uses, and with tiny
 * blocks and small limits derived from a hash of the input. Checked for every
 * row: records count up, sheet row numbers only grow, fields are
 * NUL-terminated at their length, hold no NUL and are valid UTF-8, no row is
 * wider than the column limit, a problem is a sentence. A failure is a data
 * error naming the file, never 70.
 */
#define _GNU_SOURCE /* memfd_create */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "fuzz.h"
#include "util.h"
#include "xlsx.h"

static const char def_sheet[] =
    "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row></sheetData>"
    "</worksheet>";
static const char def_sst[] = "<sst><si><t>Kunta</t></si></sst>";
static const char def_styles[] = "<styleSheet><cellXfs><xf numFmtId=\"0\"/><xf "
                                 "numFmtId=\"14\"/></cellXfs></styleSheet>";
static const char def_wb[] = "<workbook><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>"
                             "</sheets></workbook>";
static const char rels[] = "<Relationships><Relationship Id=\"r\" Type=\"x/officeDocument\" "
                           "Target=\"xl/workbook.xml\"/></Relationships>";
static const char wb_rels[] =
    "<Relationships><Relationship Id=\"rId1\" Type=\"x/worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"x/sharedStrings\" "
    "Target=\"sharedStrings.xml\"/><Relationship Id=\"rId3\" Type=\"x/styles\" "
    "Target=\"/xl/styles.xml\"/></Relationships>";

struct seen {
        long records;
        long last_line;
        int max_cols;
        long stop_at;
};

static int on_row(void *ctx, const struct csvrow *row)
{
        struct seen *s = ctx;
        FUZZ_CHECK(row->record == s->records);
        FUZZ_CHECK(row->line >= 1 && row->line == row->end_line);
        FUZZ_CHECK(row->line > s->last_line);
        FUZZ_CHECK(row->nfields >= 1 && row->nfields <= (size_t)s->max_cols);
        for (size_t i = 0; i < row->nfields; i++) {
                FUZZ_CHECK(row->fields[i][row->lens[i]] == '\0');
                FUZZ_CHECK(strlen(row->fields[i]) == row->lens[i]);
                FUZZ_CHECK(utf8_valid(row->fields[i], row->lens[i]));
        }
        if (row->problem)
                FUZZ_CHECK(row->problem[0] != '\0' && row->problem_field >= 1 &&
                           row->problem_field <= row->nfields);
        s->last_line = row->line;
        s->records++;
        return s->stop_at && s->records == s->stop_at;
}

static void read_once(const void *data, size_t size, const struct xlsx_opts *o)
{
        struct seen s = {0};
        s.max_cols = o && o->max_cols ? o->max_cols : 16384;
        s.stop_at = o ? (long)(o->block_size % 4) : 0;
        struct xlsx_info info;
        struct err e = {0};
        int rc = xlsx_read_buffer("fuzz.xlsx", data, size, o, on_row, &s, &info, &e);
        if (rc == 0) {
                FUZZ_CHECK(e.code == 0);
                FUZZ_CHECK(info.rows == s.records);
        } else {
                FUZZ_CHECK(e.code == DM_EX_DATAERR);
                FUZZ_CHECK(fuzz_starts(e.msg, "fuzz.xlsx"));
        }
}

/* Writes a package of the parts in the input (see the file comment); returns its size. */
static size_t package(const uint8_t *data, size_t size, char **out)
{
        const char *given[4] = {def_sheet, def_sst, def_styles, def_wb};
        size_t lens[4] = {strlen(def_sheet), strlen(def_sst), strlen(def_styles), strlen(def_wb)};
        const char *p = (const char *)data, *end = p + size;
        for (int k = 0; k < 4 && p <= end; k++) {
                const char *sep = memmem(p, (size_t)(end - p), "\n#PART\n", 7);
                given[k] = p;
                lens[k] = sep ? (size_t)(sep - p) : (size_t)(end - p);
                if (!sep)
                        break;
                p = sep + 7;
        }
        static const char *names[4] = {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
                                       "xl/styles.xml", "xl/workbook.xml"};
        zip_error_t ze;
        zip_error_init(&ze);
        zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
        FUZZ_CHECK(src);
        zip_source_keep(src);
        zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
        FUZZ_CHECK(z);
        const char *texts[6] = {given[0], given[1], given[2], given[3], rels, wb_rels};
        size_t tl[6] = {lens[0], lens[1], lens[2], lens[3], strlen(rels), strlen(wb_rels)};
        const char *pn[6] = {names[0], names[1],      names[2],
                             names[3], "_rels/.rels", "xl/_rels/workbook.xml.rels"};
        int np = 6;
        static const char ods_mime[] = "application/vnd.oasis.opendocument.spreadsheet";
        if (size >= 4 && !memcmp(data, "ODS:", 4)) { /* an OpenDocument content.xml */
                texts[0] = ods_mime;
                tl[0] = strlen(ods_mime);
                pn[0] = "mimetype";
                texts[1] = (const char *)data + 4;
                tl[1] = size - 4;
                pn[1] = "content.xml";
                np = 2;
        }
        for (int k = 0; k < np; k++) {
                zip_source_t *s = zip_source_buffer(z, texts[k], tl[k], 0);
                FUZZ_CHECK(s);
                zip_int64_t i = zip_file_add(z, pn[k], s, 0);
                FUZZ_CHECK(i >= 0);
                zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0);
        }
        FUZZ_CHECK(zip_close(z) == 0);
        zip_stat_t st;
        FUZZ_CHECK(zip_source_open(src) == 0 && zip_source_stat(src, &st) == 0);
        *out = xmalloc(st.size ? st.size : 1);
        FUZZ_CHECK(zip_source_read(src, *out, st.size) == (zip_int64_t)st.size);
        zip_source_close(src);
        zip_source_free(src);
        zip_error_fini(&ze);
        return st.size;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char *pkg = NULL;
        const void *in = data;
        size_t n = size;
        if (xlsx_sniff_buffer(data, size) == XLSX_NOT_PACKAGE) {
                n = package(data, size, &pkg);
                in = pkg;
        }
        read_once(in, n, NULL);
        uint64_t h = hash_bytes(data, size);
        struct xlsx_opts o = {
            .block_size = 1 + h % 13,
            .max_cell = 1 + (h >> 8) % 64,
            .max_rows = 1 + (long)((h >> 16) % 100),
            .max_cols = 1 + (int)((h >> 24) % 30),
            .max_part = 1 + (h >> 32) % 100000,
            .max_shared = 1 + (h >> 40) % 4096,
            .sheet = (h >> 52) % 3 ? NULL : "S",
        };
        read_once(in, n, &o);
        free(pkg);
        return 0;
}

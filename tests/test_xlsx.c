/*
 * test_xlsx.c - unit tests of the streaming workbook reader.
 *
 * Each test writes a small workbook in memory with libzip (an independent
 * writer of the package: the reader only reads) from XML parts given here,
 * so that every case shows the exact cells it reads, and compares what the
 * reader hands on, rendered one row a line as "ROW|field|field" (with
 * " !COL problem" after a row that has one). Every workbook is read at block
 * sizes 1, 7 and 65536, so that text and tags split across blocks are
 * exercised. The workbooks written by openpyxl and LibreOffice are tested
 * end to end in tests/e2e/xlsx.sh.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "util.h"
#include "xlsx.h"

static const size_t block_sizes[] = {1, 7, 65536};

/* ---- writing workbooks -------------------------------------------------- */

static const char ct[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types "
                         "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>";
static const char root_rels[] =
    "<?xml version=\"1.0\"?><Relationships "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship "
    "Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
    "Target=\"xl/workbook.xml\"/></Relationships>";
#define REL(id, type, target)                                                                      \
        "<Relationship Id=\"" id "\" "                                                             \
        "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/" type         \
        "\" Target=\"" target "\"/>"
static const char wb_rels[] =
    "<?xml version=\"1.0\"?><Relationships "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" REL(
        "rId1", "worksheet", "worksheets/sheet1.xml")
        REL("rId2", "worksheet", "/xl/worksheets/sheet2.xml")
            REL("rId3", "sharedStrings", "sharedStrings.xml") REL("rId4", "styles", "styles.xml")
                REL("rId5", "chartsheet", "chartsheets/sheet1.xml") "</Relationships>";
#define WORKBOOK(pr)                                                                               \
        "<?xml version=\"1.0\"?><workbook "                                                        \
        "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "                     \
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">" pr      \
        "<sheets><sheet name=\"Vastaukset\" sheetId=\"1\" r:id=\"rId1\"/><sheet "                  \
        "name=\"Toinen\" sheetId=\"2\" r:id=\"rId2\"/><sheet name=\"Kaavio\" sheetId=\"3\" "       \
        "r:id=\"rId5\"/></sheets></workbook>"
#define SHEET(rows)                                                                                \
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<worksheet "                                  \
        "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\n<sheetData>" rows   \
        "</sheetData>\n</worksheet>"
/* Style 0 plain; 1 built-in date (14); 2 custom date-time; 3 built-in time (20); 4 percent. */
static const char styles[] =
    "<?xml version=\"1.0\"?><styleSheet "
    "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><numFmts count=\"1\">"
    "<numFmt numFmtId=\"164\" formatCode=\"d.m.yyyy\\ h:mm:ss\"/></numFmts>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
    "<cellXfs count=\"5\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"
    "<xf numFmtId=\"20\"/><xf numFmtId=\"10\"/></cellXfs></styleSheet>";
static const char shared[] =
    "<?xml version=\"1.0\"?><sst "
    "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "count=\"4\" uniqueCount=\"4\"><si><t>Kunta</t></si><si><t>Lestijärvi</t></si>"
    "<si><r><t>Täysin </t></r><r><rPr><b/></rPr><t xml:space=\"preserve\">samaa mieltä</t></r>"
    "</si><si><t>漢字</t><rPh sb=\"0\" eb=\"2\"><t>かんじ</t></rPh></si></sst>";

struct part {
        const char *name;
        const char *data; /* NULL = left out */
};

/* Writes a workbook of the given parts (over the defaults) into *out; returns its size. */
static size_t make_workbook(char **out, const char *sheet1, const struct part *extra)
{
        struct part parts[16] = {
            {"[Content_Types].xml", ct},
            {"_rels/.rels", root_rels},
            {"xl/workbook.xml", WORKBOOK("")},
            {"xl/_rels/workbook.xml.rels", wb_rels},
            {"xl/styles.xml", styles},
            {"xl/sharedStrings.xml", shared},
            {"xl/worksheets/sheet1.xml", sheet1},
            {"xl/worksheets/sheet2.xml", SHEET("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is>"
                                               "<t>toinen</t></is></c></row>")},
        };
        size_t np = 8;
        for (; extra && extra->name; extra++) {
                size_t i = 0;
                while (i < np && strcmp(parts[i].name, extra->name))
                        i++;
                parts[i] = *extra;
                if (i == np)
                        np++;
        }
        zip_error_t ze;
        zip_error_init(&ze);
        zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
        assert_non_null(src);
        zip_source_keep(src);
        zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
        assert_non_null(z);
        for (size_t i = 0; i < np; i++) {
                if (!parts[i].data)
                        continue;
                zip_source_t *s = zip_source_buffer(z, parts[i].data, strlen(parts[i].data), 0);
                assert_non_null(s);
                assert_true(zip_file_add(z, parts[i].name, s, ZIP_FL_ENC_UTF_8) >= 0);
        }
        assert_int_equal(zip_close(z), 0);
        zip_stat_t st;
        assert_int_equal(zip_source_open(src), 0);
        assert_int_equal(zip_source_stat(src, &st), 0);
        *out = xmalloc(st.size ? st.size : 1);
        assert_int_equal(zip_source_read(src, *out, st.size), (zip_int64_t)st.size);
        zip_source_close(src);
        zip_source_free(src);
        zip_error_fini(&ze);
        return st.size;
}

/* ---- reading ------------------------------------------------------------- */

struct collect {
        struct strbuf text;
        long next_record;
        long stop_after; /* stop after this many rows; 0 = never */
};

static int on_row(void *ctx, const struct csvrow *row)
{
        struct collect *c = ctx;
        assert_int_equal(row->record, c->next_record++);
        assert_int_equal(row->line, row->end_line);
        strbuf_addf(&c->text, "%ld", row->line);
        for (size_t f = 0; f < row->nfields; f++) {
                assert_int_equal(strlen(row->fields[f]), row->lens[f]);
                strbuf_addf(&c->text, "|%s", row->fields[f]);
        }
        if (row->problem)
                strbuf_addf(&c->text, " !%zu %s", row->problem_field, row->problem);
        strbuf_addc(&c->text, '\n');
        return c->stop_after && c->next_record >= c->stop_after;
}

/*
 * Reads the workbook at every block size with opts (may be NULL) and checks
 * that each read gives `want` (rows) and return code `rc`, with `msg` (when
 * not NULL) in the error. Returns nothing; fails the test on a difference.
 */
static void expect_read(const char *data, size_t n, const struct xlsx_opts *opts, int rc,
                        const char *want, const char *msg, struct xlsx_info *info_out)
{
        for (size_t b = 0; b < sizeof block_sizes / sizeof block_sizes[0]; b++) {
                struct xlsx_opts o = {0};
                if (opts)
                        o = *opts;
                o.block_size = block_sizes[b];
                struct collect c = {0};
                struct err e = {0};
                struct xlsx_info info;
                int got = xlsx_read_buffer("t.xlsx", data, n, &o, on_row, &c, &info, &e);
                if (got != rc || (msg && !strstr(e.msg, msg)))
                        fail_msg("block %zu: rc %d (want %d), message \"%s\" (want \"%s\")",
                                 block_sizes[b], got, rc, e.msg, msg ? msg : "");
                if (rc)
                        assert_int_equal(e.code, DM_EX_DATAERR);
                if (want)
                        assert_string_equal(strbuf_str(&c.text), want);
                if (info_out)
                        *info_out = info;
                strbuf_clear(&c.text);
        }
}

static void expect_sheet(const char *sheet, const char *want)
{
        char *wb;
        size_t n = make_workbook(&wb, sheet, NULL);
        expect_read(wb, n, NULL, 0, want, NULL, NULL);
        free(wb);
}

/* ---- cells --------------------------------------------------------------- */

static void test_cell_types(void **state)
{
        (void)state;
        expect_sheet(
            SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"inlineStr\"><is><t>"
                  "Vastaus</t></is></c><c r=\"C1\" t=\"inlineStr\"><is><t>Luku</t></is></c>"
                  "<c r=\"D1\" t=\"inlineStr\"><is><t>Muu</t></is></c></row>"
                  /* Shared strings, rich text joined, numbers as short text. */
                  "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c><c r=\"B2\" t=\"s\"><v>2</v></c>"
                  "<c r=\"C2\"><v>4</v></c><c r=\"D2\"><v>1.5</v></c></row>"
                  /* Phonetic runs left out; a float's shortest text; booleans. */
                  "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>3</v></c><c r=\"B3\" t=\"b\"><v>1</v></c>"
                  "<c r=\"C3\"><v>0.10000000000000001</v></c><c r=\"D3\" t=\"b\"><v>0</v></c>"
                  "</row>"
                  /* Error cells and formulas with saved values. */
                  "<row r=\"4\"><c r=\"A4\" t=\"e\"><v>#N/A</v></c><c r=\"B4\" t=\"str\"><f>A1"
                  "</f><v>kaava</v></c><c r=\"C4\"><f>1+1</f><v>2</v></c><c r=\"D4\"><v>-2.5E-3"
                  "</v></c></row>"),
            "1|Kunta|Vastaus|Luku|Muu\n"
            "2|Lestijärvi|Täysin samaa mieltä|4|1.5\n"
            "3|漢字|TRUE|0.1|FALSE\n"
            "4|#N/A|kaava|2|-0.0025\n");
}

static void test_gaps_and_padding(void **state)
{
        (void)state;
        /* Cells given only by r=, cells without r=, rows shorter or longer than the header. */
        expect_sheet(SHEET("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a</t></is></c>"
                           "<c t=\"inlineStr\"><is><t>b</t></is></c><c r=\"D1\" "
                           "t=\"inlineStr\"><is><t>d</t></is></c></row>"
                           "<row r=\"2\"><c r=\"C2\"><v>3</v></c></row>"
                           "<row r=\"5\"><c r=\"A5\"><v>1</v></c><c r=\"F5\"><v>6</v></c></row>"
                           "<row><c r=\"B6\"><v>2</v></c></row>"),
                     "1|a|b||d\n"
                     "2|||3|\n"
                     "5|1|||||6\n"
                     "6||2||\n");
}

static void test_blank_rows_skipped(void **state)
{
        (void)state;
        /* Styled empty cells and empty strings make no row, as blank CSV lines make none. */
        expect_sheet(SHEET("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>h</t></is></c></row>"
                           "<row r=\"2\"><c r=\"A2\" s=\"1\"/><c r=\"B2\" t=\"inlineStr\"><is><t>"
                           "</t></is></c></row><row r=\"3\"/>"
                           "<row r=\"4\"><c r=\"A4\"><v>7</v></c></row>"),
                     "1|h\n4|7\n");
}

static void test_text_escapes_and_lines(void **state)
{
        (void)state;
        /* _xHHHH_ escapes (a CR, an escaped underscore, a control character kept), line breaks. */
        expect_sheet(SHEET("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>rivi 1_x000D_\nrivi "
                           "2</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>_x005F_x0041_ "
                           "_x0041_ _x0001_ _x00e4_</t></is></c><c r=\"C1\" t=\"inlineStr\"><is>"
                           "<t>&lt;&amp;&gt;&#x263A;</t></is></c></row>"),
                     "1|rivi 1\r\nrivi 2|_x0041_ A _x0001_ ä|<&>☺\n");
}

/* ---- dates --------------------------------------------------------------- */

static void test_date_cells(void **state)
{
        (void)state;
        expect_sheet(
            SHEET("<row r=\"1\"><c r=\"A1\" s=\"1\"><v>45356</v></c><c r=\"B1\" s=\"2\">"
                  "<v>45356.385104166664</v></c><c r=\"C1\" s=\"3\"><v>0.38333333333333</v>"
                  "</c><c r=\"D1\" s=\"4\"><v>0.5</v></c><c r=\"E1\" s=\"1\"><v>-1</v></c>"
                  "<c r=\"F1\" t=\"d\"><v>2024-03-05T09:14:33.000Z</v></c><c r=\"G1\" "
                  "t=\"d\"><v>2024-03-05T00:00:00</v></c></row>"),
            "1|2024-03-05|2024-03-05 09:14:33|09:12:00|0.5|-1|2024-03-05 09:14:33|"
            "2024-03-05\n");
}

static void test_date_1904(void **state)
{
        (void)state;
        char *wb;
        struct part p[] = {{"xl/workbook.xml", WORKBOOK("<workbookPr date1904=\"1\"/>")},
                           {NULL, NULL}};
        size_t n = make_workbook(&wb,
                                 SHEET("<row r=\"1\"><c r=\"A1\" s=\"1\"><v>43894</v></c>"
                                       "</row>"),
                                 p);
        struct xlsx_info info;
        expect_read(wb, n, NULL, 0, "1|2024-03-05\n", NULL, &info);
        assert_int_equal(info.date1904, 1);
        free(wb);
}

static void test_date_text(void **state)
{
        (void)state;
        char b[32];
        /* Excel's serials: 1 = 1900-01-01, 60 = its fictitious 1900-02-29, 61 = 1900-03-01. */
        static const struct {
                double v;
                int d1904, time_only;
                const char *want;
        } cases[] = {
            {1, 0, 0, "1900-01-01"},
            {59, 0, 0, "1900-02-28"},
            {60, 0, 0, "1900-02-29"},
            {61, 0, 0, "1900-03-01"},
            {25569, 0, 0, "1970-01-01"},
            {45356, 0, 0, "2024-03-05"},
            {45356.5, 0, 0, "2024-03-05 12:00:00"},
            {45356.99999999, 0, 0, "2024-03-06"}, /* rounds to the next midnight */
            {0.75, 0, 1, "18:00:00"},
            {0.75, 0, 0, "18:00:00"},
            {0, 1, 0, "1904-01-01"},
            {43894, 1, 0, "2024-03-05"},
            {2958465, 0, 0, "9999-12-31"},
        };
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
                size_t n = xlsx_date_text(b, cases[i].v, cases[i].d1904, cases[i].time_only);
                assert_int_equal(n, strlen(cases[i].want));
                assert_string_equal(b, cases[i].want);
        }
        assert_int_equal(xlsx_date_text(b, -1, 0, 0), 0);
        assert_int_equal(xlsx_date_text(b, 2958466, 0, 0), 0);
        assert_int_equal(xlsx_date_text(b, 0, 0, 0), 0); /* Excel's "1900-01-00" */
}

/* ---- cells that cannot be read ----------------------------------------- */

static void test_row_problems(void **state)
{
        (void)state;
        /* Each problem names its cell; only the first of a row is kept; later rows go on. */
        expect_sheet(
            SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"B1\"><v>2</v></c></row>"
                  "<row r=\"2\"><c r=\"A2\"><v>1</v></c><c r=\"B2\"><f>SUM(A1:A2)</f></c></row>"
                  "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>99</v></c><c r=\"B3\"><f>X</f></c></row>"
                  "<row r=\"4\"><c r=\"A4\"><v>abc</v></c></row>"
                  "<row r=\"5\"><c r=\"A5\" t=\"b\"><v>2</v></c></row>"
                  "<row r=\"6\"><c r=\"A6\"><v>5</v></c></row>"),
            "1|1|2\n"
            "2|1| !2 cell B2 holds a formula without a saved value (the file was written by a "
            "program that does not calculate); open the workbook in Excel or LibreOffice and "
            "save it, so that the values are stored\n"
            "3|| !1 cell A3 refers to shared string \"99\", but the workbook has 4 shared "
            "strings; open it in Excel or LibreOffice and save it again as .xlsx\n"
            "4|| !1 cell A4 holds \"abc\", which is not a number; open it in Excel or "
            "LibreOffice and save it again as .xlsx\n"
            "5|| !1 cell A5 holds \"2\" as a true/false value; expected 1 or 0\n"
            "6|5|\n");
}

static void test_cell_too_long(void **state)
{
        (void)state;
        char *wb;
        size_t n = make_workbook(&wb,
                                 SHEET("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>"
                                       "0123456789abcdef</t></is></c><c r=\"B1\"><v>1</v>"
                                       "</c></row>"),
                                 NULL);
        struct xlsx_opts o = {.max_cell = 10};
        expect_read(wb, n, &o, 0, "1||1 !1 cell A1 holds more than 10 bytes of text\n", NULL, NULL);
        free(wb);
}

/* ---- sheets -------------------------------------------------------------- */

static void test_sheet_by_name(void **state)
{
        (void)state;
        char *wb;
        size_t n = make_workbook(&wb, SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"), NULL);
        struct xlsx_info info;
        expect_read(wb, n, NULL, 0, "1|1\n", NULL, &info);
        assert_string_equal(info.sheet, "Vastaukset");
        assert_string_equal(info.part, "xl/worksheets/sheet1.xml");
        assert_int_equal(info.nstrings, 4);
        assert_int_equal(info.rows, 1);
        /* By name, tolerantly; its part named by an absolute target. */
        struct xlsx_opts o = {.sheet = " TOINEN"};
        expect_read(wb, n, &o, 0, "1|toinen\n", NULL, &info);
        assert_string_equal(info.sheet, "Toinen");
        assert_string_equal(info.part, "xl/worksheets/sheet2.xml");
        o.sheet = "Taul1";
        expect_read(wb, n, &o, -1, "",
                    "t.xlsx: the workbook has no sheet \"Taul1\"; its sheets are \"Vastaukset\", "
                    "\"Toinen\" (check sheet = in the wave's section)",
                    NULL);
        o.sheet = "Kaavio";
        expect_read(wb, n, &o, -1, "", "sheet \"Kaavio\" is not a worksheet", NULL);
        free(wb);
        /* A hidden first sheet is passed over by default, but read when named. */
        struct part hidden[] = {
            {"xl/workbook.xml",
             "<workbook><sheets><sheet name=\"Piilo\" state=\"hidden\" r:id=\"rId1\"/>"
             "<sheet name=\"Toinen\" r:id=\"rId2\"/></sheets></workbook>"},
            {NULL, NULL}};
        n = make_workbook(&wb, SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"), hidden);
        expect_read(wb, n, NULL, 0, "1|toinen\n", NULL, &info);
        o.sheet = "piilo";
        expect_read(wb, n, &o, 0, "1|1\n", NULL, &info);
        assert_string_equal(info.sheet, "Piilo");
        free(wb);
}

static void test_prefixed_names(void **state)
{
        (void)state;
        /* Some writers put the main namespace behind a prefix (x:row, x:c). */
        char *wb;
        size_t n = make_workbook(
            &wb,
            "<?xml version=\"1.0\"?><x:worksheet "
            "xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><x:sheetData>"
            "<x:row r=\"1\"><x:c r=\"B1\" t=\"inlineStr\"><x:is><x:t>b</x:t></x:is></x:c>"
            "</x:row></x:sheetData></x:worksheet>",
            NULL);
        expect_read(wb, n, NULL, 0, "1||b\n", NULL, NULL);
        free(wb);
}

/* ---- bad workbooks -------------------------------------------------------- */

static void test_malformed_xml(void **state)
{
        (void)state;
        char *wb;
        size_t n = make_workbook(&wb,
                                 SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>\n"
                                       "<row r=\"2\"><c r=\"A2\"><v>2</c></row>"),
                                 NULL);
        expect_read(wb, n, NULL, -1, "1|1\n",
                    "t.xlsx: part xl/worksheets/sheet1.xml, line 4, column 28: malformed XML "
                    "(mismatched tag); open it in Excel or LibreOffice and save it again as .xlsx",
                    NULL);
        free(wb);
        struct part p[] = {{"xl/sharedStrings.xml", "<sst><si><t>a</si></sst>"}, {NULL, NULL}};
        n = make_workbook(&wb, SHEET(""), p);
        expect_read(wb, n, NULL, -1, "", "part xl/sharedStrings.xml, line 1, column 16: malformed",
                    NULL);
        free(wb);
}

static void test_missing_parts(void **state)
{
        (void)state;
        char *wb;
        struct part nowb[] = {{"xl/workbook.xml", NULL}, {NULL, NULL}};
        size_t n = make_workbook(&wb, SHEET(""), nowb);
        expect_read(wb, n, NULL, -1, "",
                    "this is a ZIP file but not an Excel workbook (it has no part xl/workbook.xml)",
                    NULL);
        free(wb);
        struct part nosheet[] = {{"xl/worksheets/sheet1.xml", NULL}, {NULL, NULL}};
        n = make_workbook(&wb, SHEET(""), nosheet);
        expect_read(wb, n, NULL, -1, "", "which the workbook lacks", NULL);
        free(wb);
        /* Without shared strings or styles a workbook is still read. */
        struct part bare[] = {
            {"xl/sharedStrings.xml", NULL}, {"xl/styles.xml", NULL}, {NULL, NULL}};
        n = make_workbook(&wb, SHEET("<row r=\"1\"><c r=\"A1\" s=\"1\"><v>45356</v></c></row>"),
                          bare);
        expect_read(wb, n, NULL, 0, "1|45356\n", NULL, NULL);
        free(wb);
        /* An .xlsb names a binary workbook part. */
        struct part xlsb[] = {
            {"_rels/.rels",
             "<Relationships><Relationship Id=\"r\" Type=\"http://x/officeDocument\" "
             "Target=\"xl/workbook.bin\"/></Relationships>"},
            {NULL, NULL}};
        n = make_workbook(&wb, SHEET(""), xlsb);
        expect_read(wb, n, NULL, -1, "", "this is an Excel binary workbook (.xlsb)", NULL);
        free(wb);
}

static void test_limits(void **state)
{
        (void)state;
        char *wb;
        size_t n = make_workbook(&wb,
                                 SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"
                                       "<row r=\"9\"><c r=\"D9\"><v>1</v></c></row>"),
                                 NULL);
        struct xlsx_opts o = {.max_part = 200};
        expect_read(wb, n, &o, -1, NULL, "would unpack to", NULL);
        o = (struct xlsx_opts){.max_rows = 8};
        expect_read(wb, n, &o, -1, "1|1\n", "row 9 is beyond row 8", NULL);
        o = (struct xlsx_opts){.max_cols = 3};
        expect_read(wb, n, &o, -1, "1|1\n", "cell D9 is beyond column C", NULL);
        o = (struct xlsx_opts){.max_shared = 30};
        expect_read(wb, n, &o, -1, "", "the shared-string table holds more than 30 bytes", NULL);
        o = (struct xlsx_opts){.max_shared = 10};
        expect_read(wb, n, &o, -1, "", "a shared string is longer than 10 bytes", NULL);
        free(wb);
        /* Rows out of order, and cell references that are not references. */
        n = make_workbook(&wb, SHEET("<row r=\"2\"/><row r=\"2\"/>"), NULL);
        expect_read(wb, n, NULL, -1, "", "row 2 comes after row 2", NULL);
        free(wb);
        n = make_workbook(&wb, SHEET("<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>"), NULL);
        expect_read(wb, n, NULL, -1, "", "cell reference \"1A\" is not a reference", NULL);
        free(wb);
}

/* Well-formed XML that would lose cells or shift shared strings is refused, not guessed at. */
static void test_structure(void **state)
{
        (void)state;
        static const struct {
                const char *sheet, *want;
        } cases[] = {
            {SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></c><row r=\"2\"/></row>"),
             "line 3: a row inside row 1"},
            {SHEET("<c r=\"A1\"><v>1</v></c>"), "line 3: a cell outside any row"},
            {SHEET("<row r=\"1\"><c r=\"A1\"><c r=\"B1\"/></c></row>"),
             "line 3: a cell inside a cell"},
        };
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
                char *wb;
                size_t n = make_workbook(&wb, cases[i].sheet, NULL);
                expect_read(wb, n, NULL, -1, NULL, cases[i].want, NULL);
                free(wb);
        }
        char *wb;
        struct part nested[] = {
            {"xl/sharedStrings.xml", "<sst><si><t>a</t><si><t>b</t></si></si></sst>"},
            {NULL, NULL}};
        size_t n = make_workbook(&wb, SHEET(""), nested);
        expect_read(wb, n, NULL, -1, "", "a shared string inside a shared string", NULL);
        free(wb);
        /* A cell given twice: the row is rejected naming it, the first value kept. */
        n = make_workbook(&wb,
                          SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"A1\"><v>2</v>"
                                "</c></row>"),
                          NULL);
        expect_read(wb, n, NULL, 0,
                    "1|1 !1 cell A1 appears twice in the row; open it in Excel or LibreOffice and "
                    "save it again as .xlsx\n",
                    NULL, NULL);
        free(wb);
}

/*
 * The reader's memory does not grow with rows: the XML parsers' peak and the
 * row buffers' peak are the same for 1,000 and for 30,000 rows of the same
 * answers. A tag longer than the parser's memory limit is refused.
 */
static void test_memory_flat(void **state)
{
        (void)state;
        static const char row[] =
            "<row r=\"%d\"><c r=\"A%d\" t=\"s\"><v>1</v></c><c r=\"B%d\" t=\"s\"><v>2</v></c>"
            "<c r=\"C%d\"><v>4</v></c><c r=\"D%d\" s=\"2\"><v>45356.385104166664</v></c>"
            "<c r=\"E%d\" t=\"inlineStr\"><is><t>vapaa teksti, jossa on rivinvaihto\n</t></is>"
            "</c><c r=\"G%d\"><v>1.5</v></c></row>";
        size_t peak_xml[2], peak_row[2];
        const int rows[2] = {1000, 30000};
        for (int k = 0; k < 2; k++) {
                struct strbuf sb = {0};
                strbuf_adds(&sb, "<worksheet><sheetData>");
                for (int r = 1; r <= rows[k]; r++)
                        strbuf_addf(&sb, row, r, r, r, r, r, r, r);
                strbuf_adds(&sb, "</sheetData></worksheet>");
                char *wb;
                size_t n = make_workbook(&wb, strbuf_str(&sb), NULL);
                strbuf_clear(&sb);
                struct err e = {0};
                struct xlsx_info info;
                assert_int_equal(xlsx_read_buffer("t.xlsx", wb, n, NULL, NULL, NULL, &info, &e), 0);
                assert_int_equal(info.rows, rows[k]);
                assert_int_equal(info.last_row, rows[k]);
                peak_xml[k] = info.xml_peak;
                peak_row[k] = info.row_peak;
                free(wb);
        }
        assert_true(peak_xml[0] > 0 && peak_row[0] > 0);
        assert_int_equal(peak_xml[1], peak_xml[0]);
        assert_int_equal(peak_row[1], peak_row[0]);
        assert_true(peak_xml[0] < ((size_t)1 << 20)); /* a 64 KiB block, tags, attributes */
        /* One start tag of 100,000 bytes against a parser limit of 64 KiB. */
        struct strbuf sb = {0};
        strbuf_adds(&sb, "<worksheet><sheetData><row r=\"1\" x=\"");
        for (int i = 0; i < 100000; i++)
                strbuf_addc(&sb, 'x');
        strbuf_adds(&sb, "\"/></sheetData></worksheet>");
        char *wb;
        size_t n = make_workbook(&wb, strbuf_str(&sb), NULL);
        strbuf_clear(&sb);
        struct xlsx_opts o = {.max_xml = 65536};
        expect_read(wb, n, &o, -1, "",
                    "t.xlsx: part xl/worksheets/sheet1.xml, line 1: an XML tag or value takes more "
                    "than the parser's limit of 65536 bytes",
                    NULL);
        free(wb);
}

static void test_dtd_refused(void **state)
{
        (void)state;
        char *wb;
        size_t n = make_workbook(&wb,
                                 "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaa\">]><w>"
                                 "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&a;"
                                 "</t></is></c></row></sheetData></w>",
                                 NULL);
        expect_read(wb, n, NULL, -1, "", "the XML declares a DTD", NULL);
        free(wb);
}

static void test_callback_stops(void **state)
{
        (void)state;
        char *wb;
        size_t n = make_workbook(&wb,
                                 SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"
                                       "<row r=\"2\"><c r=\"A2\"><v>2</v></c></row>"
                                       "<row r=\"3\"><c r=\"A3\"><v>3</v></c></row>"),
                                 NULL);
        struct collect c = {.stop_after = 2};
        struct err e = {0};
        assert_int_equal(xlsx_read_buffer("t.xlsx", wb, n, NULL, on_row, &c, NULL, &e), -1);
        assert_string_equal(strbuf_str(&c.text), "1|1\n2|2\n");
        assert_string_equal(e.msg, "t.xlsx: stopped");
        strbuf_clear(&c.text);
        free(wb);
}

static void test_not_workbooks(void **state)
{
        (void)state;
        struct err e = {0};
        /* OLE2 compound files, told apart by their stream names (UTF-16LE in the directory). */
        unsigned char ole[1024] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
        const char *names[] = {"EncryptedPackage", "Workbook", "WordDocument"};
        const char *want[] = {"the workbook is encrypted", "old Excel 97-2003 workbook (.xls)",
                              "an old Microsoft Office file (OLE2)"};
        for (size_t i = 0; i < 3; i++) {
                memset(ole + 8, 0, sizeof ole - 8);
                for (size_t k = 0; names[i][k]; k++)
                        ole[600 + 2 * k] = (unsigned char)names[i][k];
                assert_int_equal(xlsx_sniff_buffer(ole, sizeof ole), XLSX_OLE2);
                assert_int_equal(
                    xlsx_read_buffer("t.xls", ole, sizeof ole, NULL, on_row, NULL, NULL, &e), -1);
                assert_non_null(strstr(e.msg, want[i]));
        }
        assert_int_equal(xlsx_sniff_buffer("PK\3\4", 4), XLSX_ZIP);
        assert_int_equal(xlsx_sniff_buffer("PK\5\6", 4), XLSX_ZIP);
        assert_int_equal(xlsx_sniff_buffer("Kunta;", 6), XLSX_NOT_PACKAGE);
        assert_int_equal(xlsx_sniff_buffer("PK", 2), XLSX_NOT_PACKAGE);
        /* An OpenDocument spreadsheet, and a ZIP cut short. */
        char *wb;
        struct part ods[] = {{"mimetype", "application/vnd.oasis.opendocument.text"}, {NULL, NULL}};
        size_t n = make_workbook(&wb, SHEET(""), ods);
        expect_read(wb, n, NULL, -1, "", "this is an OpenDocument file, not a survey export", NULL);
        expect_read(wb, n / 2, NULL, -1, "", "but is damaged or cut short", NULL);
        free(wb);
        struct part nocontent[] = {{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"},
                                   {NULL, NULL}};
        n = make_workbook(&wb, SHEET(""), nocontent);
        expect_read(wb, n, NULL, -1, "", "the spreadsheet has no part content.xml", NULL);
        free(wb);
        /* A missing file. */
        assert_int_equal(xlsx_read_file("/nonexistent/x.xlsx", NULL, on_row, NULL, NULL, &e), -1);
        assert_int_equal(e.code, DM_EX_NOINPUT);
        assert_int_equal(xlsx_sniff("/nonexistent/x.xlsx"), XLSX_NOT_PACKAGE);
}

/* ---- OpenDocument spreadsheets ------------------------------------------- */

#define ODS(tables)                                                                                \
        "<?xml version=\"1.0\"?><office:document-content "                                         \
        "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "                       \
        "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "                         \
        "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body>"              \
        "<office:spreadsheet>" tables                                                              \
        "</office:spreadsheet></office:body></office:document-content>"
#define OCELL(attrs, text)                                                                         \
        "<table:table-cell " attrs "><text:p>" text "</text:p></table:table-cell>"

static void test_ods(void **state)
{
        (void)state;
        const char *content = ODS(
            "<table:table "
            "table:name=\"Vastaukset\"><table:table-header-rows><table:table-row>" OCELL(
                "office:value-type=\"string\"", "Kunta")
                OCELL("office:value-type=\"float\" office:value=\"4\"", "4,00") OCELL(
                    "table:number-columns-repeated=\"2\" office:value-type=\"string\"",
                    "x") "</table:table-row></table:table-header-rows>"
                         /* Two equal rows; paragraphs, spaces, tabs; a comment left out; typed
                            values. */
                         "<table:table-row table:number-rows-repeated=\"2\"><table:table-cell "
                         "office:value-type=\"string\"><office:annotation><text:p>kommentti</"
                         "text:p>"
                         "</office:annotation><text:p>a<text:s "
                         "text:c=\"2\"/>b<text:tab/>c</text:p><text:p>"
                         "<text:span>toinen</text:span> rivi</text:p></table:table-cell>" OCELL(
                             "office:value-type=\"date\" office:date-value=\"2024-03-05T09:12:33\"",
                             "x") OCELL("office:value-type=\"time\" "
                                        "office:time-value=\"PT09H12M00S\"",
                                        "x")
                             OCELL("office:value-type=\"boolean\" office:boolean-value=\"true\"",
                                   "x") "</table:table-row>"
                                        /* Empty rows count in the numbering; repeated empty cells
                                           leave gaps. */
                                        "<table:table-row "
                                        "table:number-rows-repeated=\"1000\"><table:table-cell "
                                        "table:number-columns-repeated=\"1024\"/></table:table-row>"
                                        "<table:table-row><table:table-cell "
                                        "table:number-columns-repeated=\"2\"/>" OCELL(
                                            "office:value-type=\"percentage\" office:value=\"0.5\"",
                                            "50 %")
                                            OCELL("office:value-type=\"date\" "
                                                  "office:date-value=\"2024-03-05\"",
                                                  "5.3.2024") "<table:covered-table-cell/"
                                                              "><table:table-cell "
                                                              "table:number-columns-repeated="
                                                              "\"16000\"/></table:table-row>"
                                                              "</table:table><table:table "
                                                              "table:name=\"Toka\"><table:table-"
                                                              "row>" OCELL(
                                                                  "office:value-type=\"string\"",
                                                                  "toka") "</table:table-row></"
                                                                          "table:table>");
        char *wb;
        struct part p[] = {{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"},
                           {"content.xml", content},
                           {NULL, NULL}};
        size_t n = make_workbook(&wb, SHEET(""), p);
        struct xlsx_info info;
        expect_read(wb, n, NULL, 0,
                    "1|Kunta|4|x|x\n"
                    "2|a  b\tc\ntoinen rivi|2024-03-05 09:12:33|09:12:00|TRUE\n"
                    "3|a  b\tc\ntoinen rivi|2024-03-05 09:12:33|09:12:00|TRUE\n"
                    "1004|||0.5|2024-03-05\n",
                    NULL, &info);
        assert_string_equal(info.sheet, "Vastaukset");
        assert_string_equal(info.format, "OpenDocument spreadsheet");
        struct xlsx_opts o = {.sheet = "toka"};
        expect_read(wb, n, &o, 0, "1|toka\n", NULL, &info);
        assert_string_equal(info.sheet, "Toka");
        o.sheet = "Kolmas";
        expect_read(wb, n, &o, -1, "",
                    "the spreadsheet has no sheet \"Kolmas\"; its sheets are \"Vastaukset\", "
                    "\"Toka\"",
                    NULL);
        /* Bounds: rows repeated past the last row, cells repeated past the last column. */
        o = (struct xlsx_opts){.max_rows = 2};
        expect_read(wb, n, &o, -1, "1|Kunta|4|x|x\n", "row 3 is beyond row 2", NULL);
        o = (struct xlsx_opts){.max_cols = 3};
        expect_read(wb, n, &o, -1, "", "a cell of row 1 is beyond column C", NULL);
        free(wb);
}

static void test_fixture_files(void **state)
{
        (void)state;
        /* The Forms fixture as both writers saved it: the same rows, dates included. */
        const char *files[] = {"tests/fixtures/xlsx/openpyxl/forms.xlsx",
                               "tests/fixtures/xlsx/libreoffice/forms.xlsx"};
        char *first = NULL;
        for (size_t i = 0; i < 2; i++) {
                struct collect c = {0};
                struct err e = {0};
                struct xlsx_info info;
                assert_int_equal(xlsx_read_file(files[i], NULL, on_row, &c, &info, &e), 0);
                assert_int_equal(info.rows, 11);
                assert_string_equal(info.sheet, "Sheet1");
                const char *t = strbuf_str(&c.text);
                assert_non_null(strstr(t, "\n3|2|2023-09-04 08:38:46|2023-09-04 08:50:31|anonymous"
                                          "||Veteli|Teams;|Strongly agree|1.5|Works well.\nThanks!"
                                          "\n"));
                assert_non_null(strstr(t, "\n6|5|2023-09-04 09:30:00||anonymous||Perho|Teams;||"
                                          "|\n"));
                if (first)
                        assert_string_equal(first, t);
                else
                        first = xstrdup(t);
                strbuf_clear(&c.text);
        }
        free(first);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_cell_types),
            cmocka_unit_test(test_gaps_and_padding),
            cmocka_unit_test(test_blank_rows_skipped),
            cmocka_unit_test(test_text_escapes_and_lines),
            cmocka_unit_test(test_date_cells),
            cmocka_unit_test(test_date_1904),
            cmocka_unit_test(test_date_text),
            cmocka_unit_test(test_row_problems),
            cmocka_unit_test(test_cell_too_long),
            cmocka_unit_test(test_sheet_by_name),
            cmocka_unit_test(test_prefixed_names),
            cmocka_unit_test(test_malformed_xml),
            cmocka_unit_test(test_missing_parts),
            cmocka_unit_test(test_limits),
            cmocka_unit_test(test_structure),
            cmocka_unit_test(test_memory_flat),
            cmocka_unit_test(test_dtd_refused),
            cmocka_unit_test(test_callback_stops),
            cmocka_unit_test(test_not_workbooks),
            cmocka_unit_test(test_ods),
            cmocka_unit_test(test_fixture_files),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

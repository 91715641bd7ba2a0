/*
 * test_codebook.c - unit tests of the codebook reader.
 *
 * The sample codebooks must load with the counts input/README.md gives, and
 * every mistake in tests/fixtures/codebook/ must stop the load with exit
 * code 78 and one "file:line: message" that says what was expected. Run
 * from the repository root.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "codebook.h"
#include "util.h"

#define FIX "tests/fixtures/codebook/"

static struct codebook *load_ok(const char *path)
{
        struct err e = {0};
        struct codebook *cb = codebook_load(path, &e);
        if (!cb)
                fail_msg("%s: %s", path, e.msg);
        assert_int_equal(e.code, 0);
        return cb;
}

/* Loads path, which must fail with code and the message "path" + msg. */
static void expect_error(const char *path, int code, const char *msg)
{
        struct err e = {0};
        struct codebook *cb = codebook_load(path, &e);
        if (cb)
                fail_msg("%s loaded, expected \"%s\"", path, msg);
        char want[1024];
        snprintf(want, sizeof want, "%s%s", path, msg);
        assert_string_equal(e.msg, want);
        assert_int_equal(e.code, code);
}

/* Writes n bytes to a new temporary file; returns its path (free it, unlink it). */
static char *temp_file(const char *data, size_t n)
{
        char *path = xstrdup("/tmp/dm_codebook_XXXXXX");
        int fd = mkstemp(path);
        assert_true(fd >= 0);
        FILE *fp = fdopen(fd, "wb");
        assert_non_null(fp);
        assert_int_equal(fwrite(data, 1, n, fp), n);
        assert_int_equal(fclose(fp), 0);
        return path;
}

static const struct scale *scale_by_id(const struct codebook *cb, const char *id)
{
        for (size_t i = 0; i < cb->nscales; i++)
                if (!strcmp(cb->scales[i].id, id))
                        return &cb->scales[i];
        fail_msg("no scale %s", id);
        return NULL;
}

static void test_sample_digi(void **state)
{
        (void)state;
        struct codebook *cb = load_ok("input/codebook-digi.csv");
        assert_string_equal(cb->path, "input/codebook-digi.csv");
        assert_int_equal(cb->ndims, 6);
        assert_string_equal(cb->dims[0].id, "D1");
        assert_string_equal(cb->dims[0].label, "Osallistuminen ja vaikuttaminen");
        assert_string_equal(cb->dims[0].label_en, "Participation and influence");
        assert_string_equal(cb->dims[5].id, "D6");
        assert_int_equal(cb->nscales, 4); /* agree5, level5, toimiala, asema */

        const struct scale *a = scale_by_id(cb, "agree5");
        assert_int_equal(a->ncodes, 6);
        assert_int_equal(a->min, 1);
        assert_int_equal(a->max, 5);
        assert_int_equal(a->codes[2].code, 3);
        assert_int_equal(a->codes[2].nkeys, 2); /* two spellings of the middle answer */
        assert_string_equal(a->codes[2].label, "Ei samaa eikä eri mieltä");
        assert_string_equal(a->codes[2].keys[1], "ei samaa mieltä eikä eri mieltä");
        assert_int_equal(a->codes[5].code, 9);
        assert_int_equal(a->codes[5].dontknow, 1);
        assert_int_equal(a->codes[4].dontknow, 0);
        assert_string_equal(a->codes[5].label_en, "Don't know");
        assert_int_equal(scale_by_id(cb, "level5")->ncodes, 6);
        assert_int_equal(scale_by_id(cb, "toimiala")->ncodes, 5);
        assert_int_equal(scale_by_id(cb, "asema")->ncodes, 3);

        /* 24 Likert items, 5 current/target pairs. */
        assert_int_equal(cb->nitems, 34);
        size_t nlikert = 0, nreverse = 0;
        for (size_t i = 0; i < cb->nitems; i++) {
                nlikert += cb->items[i].kind == ITEM_LIKERT;
                nreverse += cb->items[i].reverse;
        }
        assert_int_equal(nlikert, 24);
        assert_int_equal(nreverse, 3);
        assert_int_equal(cb->items[codebook_find_item(cb, "D3_4")].reverse, 1);
        assert_int_equal(cb->items[codebook_find_item(cb, "D5_4")].reverse, 1);
        assert_int_equal(cb->items[codebook_find_item(cb, "D6_4")].reverse, 1);
        assert_int_equal(cb->items[codebook_find_item(cb, "D3_3")].reverse, 0);
        for (int k = 1; k <= 5; k++) {
                char now[32], goal[32];
                snprintf(now, sizeof now, "L%d_now", k);
                snprintf(goal, sizeof goal, "L%d_goal", k);
                int c = codebook_find_item(cb, now), t = codebook_find_item(cb, goal);
                assert_true(c >= 0 && t >= 0);
                assert_int_equal(cb->items[c].kind, ITEM_CURRENT);
                assert_int_equal(cb->items[t].kind, ITEM_TARGET);
                assert_int_equal(cb->items[c].pair, t);
                assert_int_equal(cb->items[t].pair, -1);
                assert_int_equal(cb->items[c].dimension, k - 1);
                assert_int_equal(cb->items[c].scale, cb->items[t].scale);
        }
        const struct item *d11 = &cb->items[0];
        assert_string_equal(d11->id, "D1_1");
        assert_string_equal(d11->column, "Voin vaikuttaa työni digitalisointiin:");
        assert_int_equal(d11->colno, 0);
        assert_int_equal(d11->dimension, 0);
        assert_string_equal(d11->label, "Voin vaikuttaa digitalisointiin");
        assert_int_equal(d11->line, 38);
        assert_int_equal(d11->pair, -1);

        /* Columns: municipality, respondent, 2 breakdowns, text, ignore. */
        assert_int_equal(cb->ncols, 6);
        assert_int_equal(cb->cols[cb->muni_col].role, COL_MUNICIPALITY);
        assert_string_equal(cb->cols[cb->muni_col].column, "Kunta");
        assert_string_equal(cb->cols[cb->resp_col].column, "Vastaajan tunniste");
        size_t nbreak = 0;
        for (size_t i = 0; i < cb->ncols; i++)
                if (cb->cols[i].role == COL_BREAKDOWN) {
                        nbreak++;
                        assert_true(cb->cols[i].scale >= 0);
                }
        assert_int_equal(nbreak, 2);
        assert_string_equal(cb->cols[2].id, "sector");
        assert_string_equal(cb->cols[2].label, "Toimiala");
        assert_string_equal(cb->cols[2].label_en, "Sector");
        assert_int_equal(cb->cols[4].role, COL_TEXT);
        assert_int_equal(cb->cols[5].role, COL_IGNORE);
        codebook_free(cb);
}

static void test_sample_etatyo(void **state)
{
        (void)state;
        struct codebook *cb = load_ok("input/codebook-etatyo.csv");
        assert_int_equal(cb->ndims, 2);
        assert_int_equal(cb->nscales, 5);
        assert_int_equal(cb->nitems, 11);
        assert_int_equal(cb->ncols, 9); /* + 4 ignored columns */
        const struct item *days = &cb->items[codebook_find_item(cb, "E_days")];
        assert_int_equal(days->kind, ITEM_NUMERIC);
        assert_int_equal(days->scale, -1);
        assert_float_equal(days->num_min, 0, 0);
        assert_float_equal(days->num_max, 5, 0);
        const struct item *tools = &cb->items[codebook_find_item(cb, "E_tools")];
        assert_int_equal(tools->kind, ITEM_MULTI);
        assert_int_equal(cb->scales[tools->scale].ncodes, 6);
        assert_int_equal(tools->noptions, 0);
        const struct item *remote = &cb->items[codebook_find_item(cb, "E_remote")];
        assert_int_equal(remote->kind, ITEM_CHOICE);
        assert_int_equal(remote->dimension, -1);
        assert_int_equal(cb->items[codebook_find_item(cb, "E1_4")].reverse, 1);
        assert_int_equal(codebook_find_item(cb, "D1_1"), -1);
        codebook_free(cb);
}

static void test_scale_lookup(void **state)
{
        (void)state;
        struct codebook *cb = load_ok("input/codebook-digi.csv");
        const struct scale *a = scale_by_id(cb, "agree5");
        assert_int_equal(scale_lookup(a, "Täysin samaa mieltä"), 4);
        assert_int_equal(scale_lookup(a, "  täysin  SAMAA\xc2\xa0mieltä "), 4);
        assert_int_equal(scale_lookup(a, "TÄYSIN ERI MIELTÄ"), 0);
        assert_int_equal(scale_lookup(a, "Ei samaa mieltä eikä eri mieltä"), 2);
        assert_int_equal(scale_lookup(a, "En osaa sanoa"), 5);
        assert_int_equal(scale_lookup(a, "5"), 4);
        assert_int_equal(scale_lookup(a, " 1 "), 0);
        assert_int_equal(scale_lookup(a, "9"), 5);
        assert_int_equal(scale_lookup(a, "7"), -1);
        assert_int_equal(scale_lookup(a, "0"), -1);
        assert_int_equal(scale_lookup(a, "4,0"), -1);
        assert_int_equal(scale_lookup(a, "Ehkä"), -1);
        assert_int_equal(scale_lookup(a, ""), -1);
        codebook_free(cb);
}

static void test_small(void **state)
{
        (void)state;
        struct codebook *cb = load_ok(FIX "small.csv");
        assert_int_equal(cb->ndims, 2);
        assert_null(cb->dims[1].label_en);
        assert_int_equal(cb->dims[0].line, 3);
        assert_int_equal(cb->nscales, 3);
        assert_null(cb->scales[0].codes[1].label_en);
        assert_int_equal(cb->scales[0].line, 6);
        assert_int_equal(cb->nitems, 9);
        static const struct {
                const char *id;
                enum item_kind kind;
                const char *column;
                int colno, line;
        } want[] = {
            {"D1_1", ITEM_LIKERT, "Voin vaikuttaa:", 0, 23},
            {"D1_2", ITEM_LIKERT, NULL, 5, 24},
            {"D2_1", ITEM_LIKERT, "Osaan", 0, 25},
            {"L1_now", ITEM_CURRENT, "Nykytaso", 0, 26},
            {"L1_goal", ITEM_TARGET, "Tavoitetaso", 0, 27},
            {"N1", ITEM_NUMERIC, "Etäpäivät", 0, 28},
            {"C1", ITEM_CHOICE, "Sektori", 0, 29},
            {"M1", ITEM_MULTI, "Välineet", 0, 30},
            {"M2", ITEM_MULTI, NULL, 0, 31},
        };
        static const char *const kind_names[] = {"likert",  "current", "target",
                                                 "numeric", "choice",  "multi"};
        for (size_t i = 0; i < 9; i++) {
                const struct item *it = &cb->items[i];
                assert_string_equal(it->id, want[i].id);
                assert_int_equal(it->kind, want[i].kind);
                if (want[i].column)
                        assert_string_equal(it->column, want[i].column);
                else
                        assert_null(it->column);
                assert_int_equal(it->colno, want[i].colno);
                assert_int_equal(it->line, want[i].line);
                assert_string_equal(item_kind_name(it->kind), kind_names[it->kind]);
        }
        assert_int_equal(cb->items[1].reverse, 1);
        assert_int_equal(cb->items[2].reverse, 1); /* "Kyllä" */
        assert_int_equal(cb->items[0].reverse, 0);
        assert_string_equal(cb->items[2].label, "D2_1"); /* no label: the id */
        assert_null(cb->items[2].label_en);
        assert_int_equal(cb->items[3].pair, 4);
        assert_float_equal(cb->items[5].num_min, 0.5, 1e-12);
        assert_float_equal(cb->items[5].num_max, 4.5, 1e-12);
        assert_int_equal(cb->items[6].scale, 2);
        const struct item *m2 = &cb->items[8];
        assert_int_equal(m2->noptions, 2);
        assert_int_equal(m2->options[0].code, 1);
        assert_string_equal(m2->options[0].column, "Välineet [Teams]");
        assert_int_equal(m2->options[0].line, 32);
        assert_int_equal(m2->options[1].code, 3);
        assert_null(m2->options[1].column);
        assert_int_equal(m2->options[1].colno, 9);

        assert_int_equal(cb->ncols, 6);
        assert_int_equal(cb->muni_col, 0);
        assert_int_equal(cb->resp_col, 1);
        assert_null(cb->cols[0].column);
        assert_int_equal(cb->cols[0].colno, 2);
        assert_int_equal(cb->cols[2].scale, 2);
        assert_string_equal(cb->cols[3].id, "position");
        assert_string_equal(cb->cols[3].label, "position");
        assert_int_equal(cb->cols[3].scale, -1);
        assert_int_equal(cb->cols[4].role, COL_TEXT);
        assert_string_equal(cb->cols[4].column, "Vapaa palaute");
        assert_int_equal(cb->cols[5].role, COL_IGNORE);
        codebook_free(cb);
        codebook_free(NULL);
}

static void test_tolerant_header(void **state)
{
        (void)state;
        /* ';' separated, column headers in any order and case, kinds in any case. */
        struct codebook *cb = load_ok(FIX "tolerant.csv");
        assert_int_equal(cb->ndims, 1);
        assert_string_equal(cb->dims[0].label, "Osallistuminen");
        assert_int_equal(cb->nscales, 1);
        assert_int_equal(cb->scales[0].ncodes, 3);
        assert_int_equal(cb->scales[0].codes[2].dontknow, 1);
        assert_int_equal(cb->nitems, 1);
        assert_string_equal(cb->items[0].id, "Q1");
        assert_string_equal(cb->items[0].column, "Kysymys 1");
        assert_string_equal(cb->items[0].label, "Kysymys");
        assert_int_equal(cb->items[0].dimension, 0);
        assert_string_equal(cb->cols[cb->muni_col].column, "Kunta");
        codebook_free(cb);
}

static void test_windows_1252(void **state)
{
        (void)state;
        /* Saved from Finnish Excel: Windows-1252, ';', CRLF. */
        static const char data[] = "kind;id;column;dimension;scale;code;label\r\n"
                                   "dimension;D1;;;;;Osallistuminen\r\n"
                                   "code;;;;agree;1;T\xe4ysin eri mielt\xe4\r\n"
                                   "code;;;;agree;2;T\xe4ysin samaa mielt\xe4\r\n"
                                   "municipality;;Kunta;;;;\r\n"
                                   "likert;Q1;Ty\xf6ni on mielekk\xe4\xe4t\xe4;D1;agree;;\r\n";
        char *path = temp_file(data, sizeof data - 1);
        struct codebook *cb = load_ok(path);
        assert_string_equal(cb->items[0].column, "Työni on mielekkäätä");
        assert_string_equal(cb->scales[0].codes[1].label, "Täysin samaa mieltä");
        assert_int_equal(scale_lookup(&cb->scales[0], "täysin samaa mieltä"), 1);
        codebook_free(cb);
        unlink(path);
        free(path);
}

static void test_missing_and_empty(void **state)
{
        (void)state;
        expect_error(FIX "no-such-codebook.csv", DM_EX_NOINPUT,
                     ": cannot open: No such file or directory");
        expect_error(FIX "empty.csv", DM_EX_CONFIG, ": file is empty");
        expect_error(FIX "header_only.csv", DM_EX_CONFIG,
                     ": no municipality row; the codebook must name the column that holds the "
                     "municipality");
}

static void test_header_errors(void **state)
{
        (void)state;
        expect_error(FIX "no_kind_column.csv", DM_EX_CONFIG,
                     ":1: the first row must name the columns, starting with \"kind\" (see "
                     "README, Codebook)");
        expect_error(FIX "unknown_column.csv", DM_EX_CONFIG,
                     ":1: unknown codebook column \"label_sv\"; expected kind, id, column, "
                     "dimension, scale, code, reverse, pair, label, label_en, min_items or "
                     "favourable");
}

/* The score and favourable definitions on dimension rows (README, Codebook). */
static void test_dimension_options(void **state)
{
        (void)state;
        struct err e = {0};
        struct codebook *cb = codebook_load(FIX "options.csv", &e);
        if (!cb)
                fail_msg("%s", e.msg);
        assert_int_equal(cb->ndims, 3);
        assert_int_equal(cb->dims[0].min_items, 2);
        assert_int_equal(cb->dims[0].favourable, FAV_BEFORE_REVERSAL);
        assert_int_equal(cb->dims[1].min_items, MIN_ITEMS_HALF);
        assert_int_equal(cb->dims[1].favourable, FAV_AFTER_REVERSAL);
        assert_int_equal(cb->dims[2].min_items, MIN_ITEMS_ALL);
        assert_int_equal(cb->dims[2].favourable, FAV_UNSET);
        codebook_free(cb);
        expect_error(FIX "min_items_bad.csv", DM_EX_CONFIG,
                     ":2: dimension D1: min_items must be half, all or a whole number of items, "
                     "got \"most\"");
        expect_error(FIX "min_items_too_many.csv", DM_EX_CONFIG,
                     ":2: dimension D1: min_items is 3, but it has 2 Likert items; give at most "
                     "2, or all");
        expect_error(FIX "favourable_bad.csv", DM_EX_CONFIG,
                     ":2: dimension D1: favourable must be after_reversal or before_reversal, "
                     "got \"reversed\"");
        expect_error(FIX "min_items_on_item.csv", DM_EX_CONFIG,
                     ":8: min_items and favourable are for dimension rows only");
        int v;
        assert_int_equal(codebook_parse_min_items("0", &v), -1);
        assert_int_equal(codebook_parse_min_items("2x", &v), -1);
        assert_int_equal(codebook_parse_min_items("-1", &v), -1);
        assert_int_equal(codebook_parse_min_items("12", &v), 0);
        assert_int_equal(v, 12);
}

static void test_unknown_kind(void **state)
{
        (void)state;
        expect_error(FIX "unknown_kind.csv", DM_EX_CONFIG,
                     ":8: unknown kind \"likret\"; expected dimension, code, dontknow, "
                     "municipality, respondent, breakdown, likert, current, target, numeric, "
                     "choice, multi, option, text, ignore or complete");
}

/* A complete row: its column, and the values that mean complete (none = any non-empty). */
static void test_complete_row(void **state)
{
        (void)state;
        static const char head[] = "kind,id,column,dimension,scale,code,reverse,pair,label\n"
                                   "dimension,D1,,,,,,,Osallistuminen\n"
                                   "code,,,,s,1,,,Ei\ncode,,,,s,2,,,Kyllä\n"
                                   "municipality,,Kunta,,,,,,\n"
                                   "likert,Q1,Kysymys,D1,s,,,,Kysymys\n";
        const char *rows[] = {"complete,,submitdate,,,,,,\n",
                              "complete,,Tila,, Valmis |COMPLETED,,,,\n",
                              "complete,,Tila,,Valmis||Kesken,,,,\n"};
        for (int i = 0; i < 3; i++) {
                char text[1024];
                snprintf(text, sizeof text, "%s%s", head, rows[i]);
                char *path = temp_file(text, strlen(text));
                struct err e = {0};
                struct codebook *cb = codebook_load(path, &e);
                if (i == 2) {
                        assert_null(cb);
                        assert_non_null(strstr(e.msg, ":7: complete row: scale lists the values "
                                                      "that mean complete, separated by '|'"));
                } else {
                        assert_non_null(cb);
                        assert_true(cb->complete_col >= 0);
                        const struct colbind *c = &cb->cols[cb->complete_col];
                        assert_int_equal(c->role, COL_COMPLETE);
                        assert_string_equal(c->column, i ? "Tila" : "submitdate");
                        assert_int_equal(c->ncomplete, i ? 2 : 0);
                        if (i) {
                                assert_string_equal(c->complete[0], "valmis");
                                assert_string_equal(c->complete[1], "completed");
                                assert_string_equal(c->complete_text, "Valmis |COMPLETED"); /* fields are trimmed */
                        }
                }
                codebook_free(cb);
                unlink(path);
                free(path);
        }
        struct codebook *cb = load_ok(FIX "small.csv");
        assert_int_equal(cb->complete_col, -1);
        codebook_free(cb);
}

static void test_item_errors(void **state)
{
        (void)state;
        expect_error(FIX "duplicate_item.csv", DM_EX_CONFIG, ":8: item id \"D1_1\" is used twice");
        expect_error(FIX "undeclared_dimension.csv", DM_EX_CONFIG,
                     ":8: item D1_2: dimension \"D9\" is not declared (add a dimension row)");
        expect_error(FIX "scale_without_codes.csv", DM_EX_CONFIG,
                     ":8: item D1_2: scale \"agree7\" has no code rows");
        expect_error(FIX "no_column.csv", DM_EX_CONFIG,
                     ":8: likert row needs a column (header text or #N)");
        expect_error(FIX "bad_position.csv", DM_EX_CONFIG,
                     ":8: column \"#0\": expected a positive column number after #");
}

static void test_code_errors(void **state)
{
        (void)state;
        expect_error(FIX "code_not_number.csv", DM_EX_CONFIG,
                     ":5: code \"kolme\": expected a whole number");
        expect_error(FIX "same_label.csv", DM_EX_CONFIG,
                     ":5: label \"SAMAA  mieltä\" already means code 2 in scale agree5");
        expect_error(FIX "dontknow_answer.csv", DM_EX_CONFIG,
                     ":6: code 9 of scale agree5 is both an answer and \"don't know\"");
}

static void test_numeric_range(void **state)
{
        (void)state;
        expect_error(FIX "numeric_range.csv", DM_EX_CONFIG,
                     ":8: numeric item N1: scale must be a range MIN..MAX such as 0..5, got "
                     "\"0-5\"");
        expect_error(FIX "numeric_range_reversed.csv", DM_EX_CONFIG,
                     ":8: numeric item N1: scale must be a range MIN..MAX such as 0..5, got "
                     "\"5..0\"");
}

static void test_reverse(void **state)
{
        (void)state;
        expect_error(FIX "reverse_non_likert.csv", DM_EX_CONFIG,
                     ":8: item L1_now: reverse must be yes or empty (Likert items only), got "
                     "\"yes\"");
        expect_error(FIX "reverse_bad_value.csv", DM_EX_CONFIG,
                     ":8: item D1_2: reverse must be yes or empty (Likert items only), got "
                     "\"maybe\"");
}

static void test_pairs(void **state)
{
        (void)state;
        expect_error(FIX "current_no_pair.csv", DM_EX_CONFIG,
                     ":8: current item L1_now: pair must name its target item, got \"\"");
        expect_error(FIX "current_pair_likert.csv", DM_EX_CONFIG,
                     ":8: current item L1_now: pair must name its target item, got \"D1_1\"");
        expect_error(FIX "current_pair_other_area.csv", DM_EX_CONFIG,
                     ":9: current item L1_now and its target L1_goal belong to different action "
                     "areas");
        expect_error(FIX "pair_on_likert.csv", DM_EX_CONFIG,
                     ":8: item D1_2: pair is only for current items");
}

static void test_options(void **state)
{
        (void)state;
        expect_error(FIX "option_non_multi.csv", DM_EX_CONFIG,
                     ":9: option row: id \"C1\" must name a multi item");
        expect_error(FIX "option_unknown_code.csv", DM_EX_CONFIG,
                     ":9: option row: code 7 is not in scale agree5");
        expect_error(FIX "option_multi_with_column.csv", DM_EX_CONFIG,
                     ":9: option row: multi item M1 already has a column of its own (leave its "
                     "column empty to give each option a column)");
        expect_error(FIX "multi_no_column.csv", DM_EX_CONFIG,
                     ":8: multi item M1 has neither a column nor option rows");
}

static void test_municipality_rows(void **state)
{
        (void)state;
        expect_error(FIX "no_municipality.csv", DM_EX_CONFIG,
                     ": no municipality row; the codebook must name the column that holds the "
                     "municipality");
        expect_error(FIX "two_municipality.csv", DM_EX_CONFIG,
                     ":8: a second municipality row; the codebook names exactly one "
                     "municipality column (the first is on line 6)");
}

static void test_comment_rows_and_lines(void **state)
{
        (void)state;
        /* Comments, empty rows and quoted line breaks do not shift line numbers. */
        expect_error(FIX "comments.csv", DM_EX_CONFIG,
                     ":14: item D1_2: scale \"agree6\" has no code rows");
}

static void test_multi_scale_limit(void **state)
{
        (void)state;
        /* A multi item keeps its choices in 64 bits: a longer scale is refused. */
        struct strbuf sb;
        strbuf_init(&sb);
        strbuf_adds(&sb, "kind,id,column,scale,code,label\n"
                         "municipality,,Kunta,,,\n");
        for (int k = 1; k <= 65; k++)
                strbuf_addf(&sb, "code,,,many,%d,Vaihtoehto %d\n", k, k);
        strbuf_adds(&sb, "multi,M1,Valinnat,many,,\n"); /* line 68 */
        char *path = temp_file(sb.buf, sb.len);
        char want[256];
        snprintf(want, sizeof want,
                 ":68: multi item M1: scale many has 65 codes; expected at "
                 "most 64");
        expect_error(path, DM_EX_CONFIG, want);
        unlink(path);
        free(path);
        /* 64 codes are fine. */
        strbuf_reset(&sb);
        strbuf_adds(&sb, "kind,id,column,scale,code,label\n"
                         "municipality,,Kunta,,,\n");
        for (int k = 1; k <= 64; k++)
                strbuf_addf(&sb, "code,,,many,%d,Vaihtoehto %d\n", k, k);
        strbuf_adds(&sb, "multi,M1,Valinnat,many,,\n");
        path = temp_file(sb.buf, sb.len);
        struct codebook *cb = load_ok(path);
        assert_int_equal(cb->scales[0].ncodes, 64);
        codebook_free(cb);
        unlink(path);
        free(path);
        strbuf_clear(&sb);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_sample_digi),
            cmocka_unit_test(test_sample_etatyo),
            cmocka_unit_test(test_scale_lookup),
            cmocka_unit_test(test_small),
            cmocka_unit_test(test_tolerant_header),
            cmocka_unit_test(test_windows_1252),
            cmocka_unit_test(test_missing_and_empty),
            cmocka_unit_test(test_header_errors),
            cmocka_unit_test(test_unknown_kind),
            cmocka_unit_test(test_complete_row),
            cmocka_unit_test(test_dimension_options),
            cmocka_unit_test(test_item_errors),
            cmocka_unit_test(test_code_errors),
            cmocka_unit_test(test_numeric_range),
            cmocka_unit_test(test_reverse),
            cmocka_unit_test(test_pairs),
            cmocka_unit_test(test_options),
            cmocka_unit_test(test_municipality_rows),
            cmocka_unit_test(test_comment_rows_and_lines),
            cmocka_unit_test(test_multi_scale_limit),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_config.c - unit tests of the configuration reader.
 *
 * The bundled sample must load exactly as input/README.md describes it, and
 * every mistake in tests/fixtures/config/ must stop the load with exit code
 * 78 and one message naming the file, the line and what was expected. Run
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

#include "codebook.h"
#include "config.h"
#include "util.h"

#define FIX    "tests/fixtures/config/"
#define SAMPLE "input/kaustisen-seutu.ini"

/* Loads path, which must fail with code and the message "path" + msg. */
static void expect_error(const char *path, int code, const char *msg)
{
        struct err e = {0};
        struct config *cfg = config_load(path, &e);
        if (cfg)
                fail_msg("%s loaded, expected \"%s\"", path, msg);
        char want[1024];
        snprintf(want, sizeof want, "%s%s", path, msg);
        assert_string_equal(e.msg, want);
        assert_int_equal(e.code, code);
}

static struct config *load_ok(const char *path)
{
        struct err e = {0};
        struct config *cfg = config_load(path, &e);
        if (!cfg)
                fail_msg("%s: %s", path, e.msg);
        assert_int_equal(e.code, 0);
        return cfg;
}

static void test_sample_loads(void **state)
{
        (void)state;
        struct config *c = load_ok(SAMPLE);
        assert_string_equal(c->path, SAMPLE);
        assert_string_equal(c->dir, "input");
        assert_string_equal(c->region, "Kaustisen seutu");
        assert_string_equal(c->language, "fi");
        assert_int_equal(c->min_group, 5);
        assert_string_equal(c->output, "output"); /* ../output from input/ */
        assert_string_equal(c->report_date, "2024-11-30");
        assert_string_equal(c->actions_file, "input/actions.csv");
        assert_string_equal(c->indicators_file, "input/indicators.csv");
        assert_int_equal(c->strategy_start, 2021);

        /* Thresholds: the sample spells out the defaults. */
        assert_float_equal(c->th.red_below, 50, 0);
        assert_float_equal(c->th.green_from, 70, 0);
        assert_float_equal(c->th.gap_yellow, 0.5, 0);
        assert_float_equal(c->th.gap_red, 1.0, 0);
        assert_float_equal(c->th.progress_red_below, 50, 0);
        assert_float_equal(c->th.progress_green_from, 80, 0);

        /* Six municipalities, in file order, with staff as input/README.md lists. */
        static const struct {
                const char *name, *slug, *alias;
                long staff;
                int line;
        } munis[] = {
            {"Halsua", "halsua", "Halsuan kunta", 85, 33},
            {"Kaustinen", "kaustinen", "Kaustisen kunta", 290, 37},
            {"Lestijärvi", "lestijarvi", "Lestijärven kunta", 42, 41},
            {"Toholampi", "toholampi", "Toholammin kunta", 230, 45},
            {"Veteli", "veteli", "Vetelin kunta", 240, 49},
            {"Perho", "perho", "Perhon kunta", 190, 53},
        };
        assert_int_equal(c->nmunis, 6);
        for (size_t i = 0; i < 6; i++) {
                assert_string_equal(c->munis[i].name, munis[i].name);
                assert_string_equal(c->munis[i].slug, munis[i].slug);
                assert_string_equal(c->munis[i].aliases[0], munis[i].alias);
                assert_int_equal(c->munis[i].staff, munis[i].staff);
                assert_int_equal(c->munis[i].line, munis[i].line);
        }
        assert_int_equal(c->munis[1].naliases, 2);
        assert_string_equal(c->munis[1].aliases[1], "Kaustis");
        assert_int_equal(c->munis[0].naliases, 1);

        /* Two instruments, codebooks resolved against input/. */
        assert_int_equal(c->ninstruments, 2);
        assert_string_equal(c->instruments[0].id, "digi");
        assert_string_equal(c->instruments[0].title, "Henkilöstön digitalisaatiokysely");
        assert_string_equal(c->instruments[0].codebook_path, "input/codebook-digi.csv");
        assert_null(c->instruments[0].codebook);
        assert_string_equal(c->instruments[1].id, "etatyo");
        assert_string_equal(c->instruments[1].codebook_path, "input/codebook-etatyo.csv");

        /* Three waves; digi-2024 compares with digi-2022. */
        static const struct {
                const char *id, *file;
                int instrument, year, compare;
        } waves[] = {
            {"digi-2022", "input/digi-2022.csv", 0, 2022, -1},
            {"digi-2024", "input/digi-2024.csv", 0, 2024, 0},
            {"etatyo-2023", "input/etatyo-2023.csv", 1, 2023, -1},
        };
        assert_int_equal(c->nwaves, 3);
        for (size_t i = 0; i < 3; i++) {
                assert_string_equal(c->waves[i].id, waves[i].id);
                assert_string_equal(c->waves[i].file, waves[i].file);
                assert_int_equal(c->waves[i].instrument, waves[i].instrument);
                assert_int_equal(c->waves[i].year, waves[i].year);
                assert_int_equal(c->waves[i].compare, waves[i].compare);
        }

        /* One report edition of two waves. */
        assert_int_equal(c->neditions, 1);
        assert_string_equal(c->editions[0].id, "2024");
        assert_string_equal(c->editions[0].title, "Väliraportti 2024");
        assert_int_equal(c->editions[0].nwaves, 2);
        assert_int_equal(c->editions[0].waves[0], 1);
        assert_int_equal(c->editions[0].waves[1], 2);

        assert_int_equal(config_find_wave(c, "digi-2024"), 1);
        assert_int_equal(config_find_wave(c, "etatyo-2023"), 2);
        assert_int_equal(config_find_wave(c, "DIGI-2024"), -1);
        assert_int_equal(config_find_wave(c, ""), -1);
        config_free(c);
}

static void test_sample_codebooks(void **state)
{
        (void)state;
        struct config *c = load_ok(SAMPLE);
        struct err e = {0};
        assert_int_equal(config_load_codebooks(c, &e), 0);
        assert_non_null(c->instruments[0].codebook);
        assert_non_null(c->instruments[1].codebook);
        assert_string_equal(c->instruments[0].codebook->path, "input/codebook-digi.csv");
        assert_int_equal(c->instruments[0].codebook->nitems, 34);
        assert_int_equal(c->instruments[1].codebook->nitems, 11);
        /* A second call keeps what is loaded. */
        struct codebook *cb = c->instruments[0].codebook;
        assert_int_equal(config_load_codebooks(c, &e), 0);
        assert_ptr_equal(c->instruments[0].codebook, cb);
        config_free(c);
}

static void test_find_muni(void **state)
{
        (void)state;
        struct config *c = load_ok(SAMPLE);
        assert_int_equal(config_find_muni(c, "Kaustinen"), 1);
        assert_int_equal(config_find_muni(c, " KAUSTINEN"), 1);
        assert_int_equal(config_find_muni(c, "kaustinen  "), 1);
        assert_int_equal(config_find_muni(c, "Kaustisen kunta"), 1);
        assert_int_equal(config_find_muni(c, "  kaustisen   KUNTA "), 1);
        assert_int_equal(config_find_muni(c, "Kaustisen\xc2\xa0kunta"), 1);
        assert_int_equal(config_find_muni(c, "Kaustis"), 1);
        assert_int_equal(config_find_muni(c, "Lestijärvi\xc2\xa0"), 2);
        assert_int_equal(config_find_muni(c, "\xc2\xa0LESTIJÄRVI"), 2);
        assert_int_equal(config_find_muni(c, "lestijärven kunta"), 2);
        assert_int_equal(config_find_muni(c, "toholampi"), 3);
        assert_int_equal(config_find_muni(c, "Perho"), 5);
        /* Nothing is guessed: other word forms must be aliases. */
        assert_int_equal(config_find_muni(c, "Kaustisen kaupunki"), -1);
        assert_int_equal(config_find_muni(c, "Kaustine"), -1);
        assert_int_equal(config_find_muni(c, "Lestijarvi"), -1);
        assert_int_equal(config_find_muni(c, "Kokkola"), -1);
        assert_int_equal(config_find_muni(c, ""), -1);
        assert_int_equal(config_find_muni(c, "\xc2\xa0"), -1);
        config_free(c);
}

static void test_minimal_defaults(void **state)
{
        (void)state;
        struct config *c = load_ok(FIX "minimal.ini");
        assert_string_equal(c->region, "Testiseutu");
        assert_string_equal(c->language, "fi");
        assert_int_equal(c->min_group, 5);
        assert_float_equal(c->max_rejected_pct, 10, 0);
        assert_string_equal(c->output, FIX "output");
        assert_null(c->report_date);
        assert_null(c->actions_file);
        assert_null(c->indicators_file);
        assert_int_equal(c->strategy_start, 0);
        assert_float_equal(c->th.red_below, 50, 0);
        assert_float_equal(c->th.green_from, 70, 0);
        assert_float_equal(c->th.gap_yellow, 0.5, 0);
        assert_float_equal(c->th.gap_red, 1.0, 0);
        assert_float_equal(c->th.progress_red_below, 50, 0);
        assert_float_equal(c->th.progress_green_from, 80, 0);
        /* A municipality section without keys still declares it. */
        assert_int_equal(c->nmunis, 1);
        assert_string_equal(c->munis[0].name, "Alpha");
        assert_int_equal(c->munis[0].staff, 0);
        assert_int_equal(c->munis[0].naliases, 0);
        assert_int_equal(c->munis[0].line, 6);
        assert_null(c->instruments[0].title);
        assert_int_equal(c->waves[0].compare, -1);
        /* Without [report] sections every wave gets an edition of its own. */
        assert_int_equal(c->neditions, 1);
        assert_string_equal(c->editions[0].id, "digi-2024");
        assert_string_equal(c->editions[0].title, "digi-2024");
        assert_int_equal(c->editions[0].nwaves, 1);
        assert_int_equal(c->editions[0].waves[0], 0);
        config_free(c);
}

static void test_full(void **state)
{
        (void)state;
        struct config *c = load_ok(FIX "full.ini");
        assert_string_equal(c->language, "en");
        assert_int_equal(c->min_group, 3);
        assert_string_equal(c->output, "tests/fixtures/out");
        assert_string_equal(c->report_date, "2025-01-31");
        assert_float_equal(c->th.red_below, 40, 0);
        assert_float_equal(c->th.green_from, 75.5, 1e-12); /* decimal comma */
        assert_float_equal(c->th.gap_yellow, 0.25, 0);
        assert_float_equal(c->th.gap_red, 2, 0);
        assert_float_equal(c->th.progress_red_below, 50, 0);

        assert_int_equal(c->nmunis, 2);
        assert_int_equal(c->munis[0].naliases, 2); /* the empty list item is dropped */
        assert_string_equal(c->munis[0].aliases[0], "Alphan kunta");
        assert_string_equal(c->munis[0].aliases[1], "Alfa");
        assert_int_equal(c->munis[0].staff, 120);
        assert_int_equal(c->munis[0].line, 14);
        assert_int_equal(c->munis[1].staff, 0);
        assert_int_equal(c->munis[1].line, 18);
        assert_int_equal(config_find_muni(c, "ALFA"), 0);

        /* Relative paths resolve against the configuration's folder, absolute ones stay. */
        assert_string_equal(c->instruments[0].title, "Digikysely");
        assert_string_equal(c->instruments[0].codebook_path, FIX "sub/codebook.csv");
        assert_int_equal(c->instruments[0].line, 21);
        assert_string_equal(c->instruments[1].codebook_path, "/srv/data/codebook-eta.csv");
        assert_string_equal(c->waves[0].file, FIX "digi-2022.csv");
        assert_string_equal(c->waves[1].file, "/srv/data/eta-2023.csv");
        assert_string_equal(c->waves[2].file, FIX "exports/digi-2024.csv");
        assert_int_equal(c->waves[0].line, 28);
        assert_int_equal(c->waves[2].compare, 0);
        assert_int_equal(c->waves[1].instrument, 1);

        assert_int_equal(c->neditions, 2);
        assert_string_equal(c->editions[0].id, "final");
        assert_string_equal(c->editions[0].title, "final");
        assert_int_equal(c->editions[0].nwaves, 3);
        assert_int_equal(c->editions[0].waves[0], 2);
        assert_int_equal(c->editions[0].waves[1], 1);
        assert_int_equal(c->editions[0].waves[2], 0);
        assert_string_equal(c->editions[1].title, "Etätyö");
        assert_int_equal(c->editions[1].nwaves, 1);
        assert_int_equal(c->editions[1].waves[0], 1);
        config_free(c);
}

static void test_empty_municipality_section(void **state)
{
        (void)state;
        struct config *c = load_ok(FIX "empty_municipality.ini");
        assert_int_equal(c->nmunis, 2);
        assert_string_equal(c->munis[1].name, "Beta");
        assert_int_equal(c->munis[1].staff, 0);
        assert_int_equal(c->munis[1].line, 8);
        assert_int_equal(config_find_muni(c, "beta"), 1);
        config_free(c);
}

static void test_peer_group(void **state)
{
        (void)state;
        struct config *c = load_ok(FIX "peer_group.ini");
        assert_int_equal(c->nmunis, 2);
        assert_string_equal(c->munis[0].group, "Maaseutumaiset kunnat");
        assert_null(c->munis[1].group);
        config_free(c);
        expect_error(FIX "peer_group_empty.ini", DM_EX_CONFIG,
                     ":6: group: missing value");
}

static void test_long_lines(void **state)
{
        (void)state;
        /* A comment longer than libinih's line buffer is still a comment. */
        struct config *c = load_ok(FIX "long_comment.ini");
        assert_int_equal(c->nmunis, 1);
        assert_int_equal(c->munis[0].line, 5);
        assert_int_equal(c->waves[0].line, 11);
        config_free(c);
        /* A key line that long is refused with its line, never cut silently. */
        expect_error(FIX "long_value.ini", DM_EX_CONFIG,
                     ":5: the line is longer than 199 bytes; expected at most 199");
}

static void test_missing_file(void **state)
{
        (void)state;
        expect_error(FIX "no-such-file.ini", DM_EX_NOINPUT,
                     ": cannot open configuration: No such file or directory");
}

static void test_missing_codebook(void **state)
{
        (void)state;
        struct config *c = load_ok(FIX "minimal.ini");
        struct err e = {0};
        assert_int_equal(config_load_codebooks(c, &e), -1);
        assert_int_equal(e.code, DM_EX_NOINPUT); /* a missing input file: 66, as README says */
        assert_string_equal(e.msg, FIX "codebook.csv: cannot open: No such file or directory");
        config_free(c);
        config_free(NULL);
}

static void test_unknown_section(void **state)
{
        (void)state;
        expect_error(FIX "unknown_section.ini", DM_EX_CONFIG,
                     ":4: unknown section [kunta Alpha]; expected [region], [thresholds], "
                     "[municipality NAME], [instrument ID], [wave ID] or [report ID]");
}

static void test_unknown_key(void **state)
{
        (void)state;
        expect_error(FIX "unknown_key.ini", DM_EX_CONFIG,
                     ":3: unknown key \"colour\" in [region]; expected name, language, "
                     "min_group_size, max_rejected_pct, max_unknown_pct, output, report_date, actions, "
                     "indicators or strategy_start");
        expect_error(FIX "unknown_key_muni.ini", DM_EX_CONFIG,
                     ":6: unknown key \"stafff\" in [municipality Alpha]; expected aliases, "
                     "code, staff or group");
        expect_error(FIX "key_before_section.ini", DM_EX_CONFIG,
                     ":2: key \"name\" before any [section]");
}

/* The instrument's score and favourable definitions; unset means the defaults. */
static void test_instrument_options(void **state)
{
        (void)state;
        struct config *c = load_ok(FIX "instrument_options.ini");
        assert_int_equal(c->instruments[0].min_items, MIN_ITEMS_ALL);
        assert_int_equal(c->instruments[0].favourable, FAV_BEFORE_REVERSAL);
        config_free(c);
        c = load_ok(FIX "minimal.ini");
        assert_int_equal(c->instruments[0].min_items, MIN_ITEMS_UNSET);
        assert_int_equal(c->instruments[0].favourable, FAV_UNSET);
        config_free(c);
        expect_error(FIX "instrument_min_items_bad.ini", DM_EX_CONFIG,
                     ":9: min_items: expected half, all or a whole number of items, got \"0\"");
        expect_error(FIX "instrument_favourable_bad.ini", DM_EX_CONFIG,
                     ":9: favourable: expected after_reversal or before_reversal, got \"yes\"");
}

static void test_missing_value(void **state)
{
        (void)state;
        expect_error(FIX "missing_value.ini", DM_EX_CONFIG, ":5: staff: missing value");
}

static void test_min_group_size(void **state)
{
        (void)state;
        expect_error(FIX "min_group_2.ini", DM_EX_CONFIG,
                     ":3: min_group_size: expected a whole number of 3 or more, got \"2\"");
        expect_error(FIX "min_group_abc.ini", DM_EX_CONFIG,
                     ":3: min_group_size: expected a whole number of 3 or more, got \"abc\"");
}

static void test_language(void **state)
{
        (void)state;
        expect_error(FIX "language_sv.ini", DM_EX_CONFIG,
                     ":3: language: expected fi or en, got \"sv\"");
}

static void test_thresholds(void **state)
{
        (void)state;
        expect_error(FIX "thresholds_order.ini", DM_EX_CONFIG,
                     ":6: [thresholds] red_below (80) must not exceed green_from (60)");
        expect_error(FIX "threshold_range.ini", DM_EX_CONFIG,
                     ":5: green_from: expected a number from 0 to 100, got \"120\"");
}

static void test_staff(void **state)
{
        (void)state;
        expect_error(FIX "staff_negative.ini", DM_EX_CONFIG,
                     ":5: staff: expected a headcount (whole number), got \"-3\"");
}

static void test_codes_and_digit_groups(void **state)
{
        (void)state;
        struct config *c = load_ok(FIX "codes_and_groups.ini");
        assert_float_equal(c->max_rejected_pct, 2.5, 0);
        assert_int_equal(c->munis[0].staff, 3100);
        assert_int_equal(c->munis[1].staff, 12345);
        assert_int_equal(c->munis[0].ncodes, 1);
        assert_string_equal(c->munis[0].codes[0], "49");
        assert_int_equal(c->munis[1].ncodes, 2);
        assert_string_equal(c->munis[1].codes[1], "2");
        assert_int_equal(config_find_muni_code(c, "49"), 0);
        assert_int_equal(config_find_muni_code(c, "00049"), 0);
        assert_int_equal(config_find_muni_code(c, "1"), 1);
        assert_int_equal(config_find_muni_code(c, "2"), 1);
        assert_int_equal(config_find_muni_code(c, "3"), -1);
        assert_int_equal(config_find_muni_code(c, "Alpha"), -1);
        assert_int_equal(config_find_muni_code(c, ""), -1);
        config_free(c);
        expect_error(FIX "code_not_digits.ini", DM_EX_CONFIG,
                     ":5: code: expected the municipality's numeric code (digits, e.g. 049), "
                     "got \"K49\"");
        expect_error(FIX "code_twice.ini", DM_EX_CONFIG,
                     ":8: code 49 of Beta is also the code of Alpha");
        expect_error(FIX "max_rejected_range.ini", DM_EX_CONFIG,
                     ":3: max_rejected_pct: expected a percentage from 0 to 100, got \"110\"");
        expect_error(FIX "staff_grouped_badly.ini", DM_EX_CONFIG,
                     ":5: staff: expected a headcount (whole number), got \"31 00\"");
}

static void test_reserved_names(void **state)
{
        (void)state;
        expect_error(FIX "reserved_all.ini", DM_EX_CONFIG,
                     ":5: [municipality ALL]: the name is reserved: it means the whole region "
                     "(ALL, koko seutu, kaikki, seutu or the region's name); use the "
                     "municipality's own name");
        expect_error(FIX "reserved_alias.ini", DM_EX_CONFIG,
                     ":5: alias \"Koko seutu\" of Alpha is a reserved name: it means the whole "
                     "region (ALL, koko seutu, kaikki, seutu or the region's name); remove it");
        expect_error(FIX "reserved_region_name.ini", DM_EX_CONFIG,
                     ":2: [municipality Testiseutu]: \"Testiseutu\" is the region's name; a "
                     "municipality must not share it");
}

static void test_report_date(void **state)
{
        (void)state;
        expect_error(FIX "bad_date.ini", DM_EX_CONFIG,
                     ":3: report_date: expected a date YYYY-MM-DD, got \"30.11.2024\"");
}

static void test_wave_references(void **state)
{
        (void)state;
        expect_error(FIX "wave_unknown_instrument.ini", DM_EX_CONFIG,
                     ":11: [wave digi-2024] names instrument \"digj\", which no [instrument] "
                     "section defines");
        expect_error(FIX "compare_unknown_wave.ini", DM_EX_CONFIG,
                     ":13: [wave digi-2024] compare = digi-2020: no such wave");
        expect_error(FIX "compare_other_instrument.ini", DM_EX_CONFIG,
                     ":21: [wave digi-2024] compare = eta-2023: expected an earlier wave of the "
                     "same instrument");
        expect_error(FIX "compare_self.ini", DM_EX_CONFIG,
                     ":13: [wave digi-2024] compare = digi-2024: expected an earlier wave of the "
                     "same instrument");
        expect_error(FIX "compare_later_wave.ini", DM_EX_CONFIG,
                     ":13: [wave digi-2022] compare = digi-2024: expected an earlier wave of the "
                     "same instrument");
        expect_error(FIX "wave_without_file.ini", DM_EX_CONFIG,
                     ":9: [wave digi-2024] needs file = EXPORT");
}

static void test_report_references(void **state)
{
        (void)state;
        expect_error(FIX "report_unknown_wave.ini", DM_EX_CONFIG,
                     ":16: [report 2025] names wave \"digi-2025\", which no [wave] section "
                     "defines");
        expect_error(FIX "report_no_waves.ini", DM_EX_CONFIG,
                     ":15: [report 2024] waves: expected at least one wave id");
}

static void test_duplicate_municipality(void **state)
{
        (void)state;
        expect_error(FIX "duplicate_muni.ini", DM_EX_CONFIG,
                     ":10: municipality \"ALPHA\" is defined twice (or is another one's alias)");
        expect_error(FIX "duplicate_muni_adjacent.ini", DM_EX_CONFIG,
                     ":7: municipality \"Alpha\" is defined twice (or is another one's alias)");
        expect_error(FIX "no_municipality.ini", DM_EX_CONFIG,
                     ": no municipalities; expected [municipality NAME] sections");
}

static void test_alias_collision(void **state)
{
        (void)state;
        expect_error(FIX "alias_names_later_muni.ini", DM_EX_CONFIG,
                     ":8: municipality \"Beta\" is defined twice (or is another one's alias)");
        expect_error(FIX "alias_names_earlier_muni.ini", DM_EX_CONFIG,
                     ":7: alias \"beta\" of Alpha also names Beta");
        expect_error(FIX "alias_shared.ini", DM_EX_CONFIG,
                     ":4: alias \"Yhteinen kunta\" of Alpha also names Beta");
}

static void test_syntax_error(void **state)
{
        (void)state;
        expect_error(FIX "syntax_error.ini", DM_EX_CONFIG,
                     ":3: syntax error: expected [section] or key = value");
        /* The first error wins, even when later lines fail too. */
        expect_error(FIX "section_unclosed.ini", DM_EX_CONFIG,
                     ":4: syntax error: expected [section] or key = value");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_sample_loads),
            cmocka_unit_test(test_sample_codebooks),
            cmocka_unit_test(test_find_muni),
            cmocka_unit_test(test_minimal_defaults),
            cmocka_unit_test(test_full),
            cmocka_unit_test(test_empty_municipality_section),
            cmocka_unit_test(test_peer_group),
            cmocka_unit_test(test_long_lines),
            cmocka_unit_test(test_missing_file),
            cmocka_unit_test(test_missing_codebook),
            cmocka_unit_test(test_unknown_section),
            cmocka_unit_test(test_unknown_key),
            cmocka_unit_test(test_instrument_options),
            cmocka_unit_test(test_missing_value),
            cmocka_unit_test(test_min_group_size),
            cmocka_unit_test(test_language),
            cmocka_unit_test(test_thresholds),
            cmocka_unit_test(test_staff),
            cmocka_unit_test(test_codes_and_digit_groups),
            cmocka_unit_test(test_reserved_names),
            cmocka_unit_test(test_report_date),
            cmocka_unit_test(test_wave_references),
            cmocka_unit_test(test_report_references),
            cmocka_unit_test(test_duplicate_municipality),
            cmocka_unit_test(test_alias_collision),
            cmocka_unit_test(test_syntax_error),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_strategy.c - unit tests of the strategy follow-up registers: parsing
 * of the actions register and the indicators table in their spreadsheet
 * variants, one fixture per kind of bad row with its exact message, and each
 * computed figure on a small fixture whose numbers are worked out by hand in
 * the comments below, then a few figures of the bundled sample.
 *
 * Fixture (tests/fixtures/strategy/test.ini): municipalities Halsua,
 * Kaustinen, Lestijärvi; report date 2024-06-15; progress thresholds red
 * below 50, green from 75; strategy_start 2021. Actions (actions.csv):
 *
 *   id area munis    start   end     status (date)            as of 2024-06-15
 *   A1 D1   all      2022    2023    implemented 2023-05-01   implemented, in plan
 *   A2 D1   H, K     2023-03 2023-12 in progress 2023-04-01   in plan, late
 *   A3 D1   L        2024-09 2025    planned                  not in plan (starts later)
 *   A4 D1   H        2022    2022    cancelled 2022-06-01     not in plan
 *   A5 D2   all      2021    2024-06 implemented 2024-07-01   in progress then, in plan
 *   A6 D2   K        2024-08 2024-12 implemented 2024-05-20   implemented early, in plan
 *   A7 D2   H, L     2022    2023    postponed 2023-01-10     in plan, late
 *   A8 D2   all      2023    2024    in progress 2023-02-01   in plan
 *   A9 D3   L        2025    2026    planned                  not in plan
 *
 * Run from the repository root.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "results.h"
#include "strategy.h"
#include "util.h"

#define FIX "tests/fixtures/strategy/"

static struct config *load_fixture(void)
{
        struct err e = {0};
        struct config *cfg = config_load(FIX "test.ini", &e);
        if (!cfg)
                fail_msg("%s", e.msg);
        if (config_load_codebooks(cfg, &e))
                fail_msg("%s", e.msg);
        return cfg;
}

static void set_path(char **slot, const char *path)
{
        free(*slot);
        *slot = path ? xstrdup(path) : NULL;
}

static struct strategy *load_ok(const struct config *cfg)
{
        struct err e = {0};
        struct strategy *s = strategy_load(cfg, &e);
        if (!s)
                fail_msg("%s", e.msg);
        return s;
}

static const struct strategy_action *action(const struct strategy *s, const char *id)
{
        for (size_t i = 0; i < s->nactions; i++)
                if (!strcmp(s->actions[i].id, id))
                        return &s->actions[i];
        fail_msg("no action %s", id);
        return NULL;
}

/* The numeric figure (wave "", breakdown ""), which must exist. */
static double num(const struct results *r, const char *group, const char *subject, const char *stat,
                  const char *cat)
{
        double v;
        if (!results_get(r, "", group, "", subject, stat, cat, &v))
                fail_msg("no figure %s %s %s %s", group, subject, stat, cat);
        return v;
}

static const char *word(const struct results *r, const char *group, const char *subject,
                        const char *stat, const char *cat)
{
        const struct result_row *row = results_find(r, "", group, "", subject, stat, cat);
        if (!row || !row->text)
                fail_msg("no word figure %s %s %s %s", group, subject, stat, cat);
        return row->text;
}

static int absent(const struct results *r, const char *group, const char *subject, const char *stat,
                  const char *cat)
{
        return results_find(r, "", group, "", subject, stat, cat) == NULL;
}

#define assert_close(a, b) assert_true(fabs((a) - (b)) < 1e-9)

/* Parsing. */

static void test_parse_actions(void **state)
{
        (void)state;
        struct config *cfg = load_fixture();
        struct strategy *s = load_ok(cfg);
        assert_int_equal(s->nactions, 9);
        assert_string_equal(s->report_date, "2024-06-15");
        assert_int_equal(s->nareas, 3);
        assert_string_equal(s->areas[0], "D1");
        assert_string_equal(s->areas[1], "D2");
        assert_string_equal(s->areas[2], "D3");

        const struct strategy_action *a = action(s, "A2");
        assert_string_equal(a->area, "D1");
        assert_string_equal(a->title, "Osallistumisalusta");
        assert_string_equal(a->responsible, "Seutukunta");
        assert_string_equal(a->note, "late");
        assert_int_equal(a->line, 4);
        assert_int_equal(a->takes_part[0], 1);
        assert_int_equal(a->takes_part[1], 1);
        assert_int_equal(a->takes_part[2], 0);
        assert_int_equal(a->whole_region, 0);
        assert_int_equal(a->start_year, 2023);
        assert_int_equal(a->start_month, 3);
        assert_int_equal(a->end_year, 2023);
        assert_int_equal(a->end_month, 12);
        assert_int_equal(a->status, STRATEGY_IN_PROGRESS); /* "käynnissä" */
        assert_string_equal(a->status_date, "2023-04-01");
        assert_int_equal(a->in_plan, 1);
        assert_int_equal(a->late, 1);

        a = action(s, "A1"); /* "toteutettu", "koko seutu" */
        assert_int_equal(a->status, STRATEGY_IMPLEMENTED);
        assert_int_equal(a->whole_region, 1);
        assert_int_equal(a->takes_part[0] + a->takes_part[1] + a->takes_part[2], 3);
        assert_int_equal(a->start_month, 0);
        assert_int_equal(a->late, 0);

        a = action(s, "A3"); /* "suunniteltu", starts after the report date */
        assert_int_equal(a->status, STRATEGY_PLANNED);
        assert_string_equal(a->status_date, "");
        assert_string_equal(a->responsible, "");
        assert_int_equal(a->in_plan, 0);

        a = action(s, "A4"); /* "peruttu", alias "Halsuan kunta" */
        assert_int_equal(a->status, STRATEGY_CANCELLED);
        assert_int_equal(a->takes_part[0], 1);
        assert_int_equal(a->takes_part[1] + a->takes_part[2], 0);
        assert_int_equal(a->in_plan, 0);

        a = action(s, "A5"); /* implemented after the report date */
        assert_int_equal(a->status, STRATEGY_IMPLEMENTED);
        assert_int_equal(a->status_at, STRATEGY_IN_PROGRESS);
        assert_int_equal(a->in_plan, 1);
        assert_int_equal(a->late, 0); /* ends in the report month */

        a = action(s, "A6"); /* starts after the report date, implemented before it */
        assert_int_equal(a->status_at, STRATEGY_IMPLEMENTED);
        assert_int_equal(a->in_plan, 1);

        a = action(s, "A7"); /* "siirretty", "Halsua, Lestijärvi" */
        assert_int_equal(a->status, STRATEGY_POSTPONED);
        assert_int_equal(a->takes_part[0] + a->takes_part[2], 2);
        assert_int_equal(a->late, 1);

        a = action(s, "A8"); /* area written "d2", "KOKO SEUTU" */
        assert_string_equal(a->area, "D2");
        assert_int_equal(a->whole_region, 1);
        strategy_free(s);
        config_free(cfg);
}

/* The same register saved from Excel: ',' Windows-1252 CRLF, other header case, Excel dates. */
static void test_parse_actions_excel(void **state)
{
        (void)state;
        struct config *cfg = load_fixture();
        struct strategy *a = load_ok(cfg);
        set_path(&cfg->actions_file, FIX "actions-excel.csv");
        struct strategy *b = load_ok(cfg);
        assert_int_equal(a->nactions, b->nactions);
        for (size_t i = 0; i < a->nactions; i++) {
                const struct strategy_action *x = &a->actions[i], *y = &b->actions[i];
                assert_string_equal(x->id, y->id);
                assert_string_equal(x->area, y->area);
                assert_string_equal(x->title, y->title);
                assert_string_equal(x->responsible, y->responsible);
                assert_memory_equal(x->takes_part, y->takes_part, cfg->nmunis);
                assert_int_equal(x->start_year, y->start_year);
                assert_int_equal(x->start_month, y->start_month);
                assert_int_equal(x->end_year, y->end_year);
                assert_int_equal(x->end_month, y->end_month);
                assert_int_equal(x->status, y->status);
                assert_string_equal(x->status_date, y->status_date);
                assert_int_equal(x->in_plan, y->in_plan);
                assert_int_equal(x->late, y->late);
        }
        assert_string_equal(action(b, "A3")->title, "Virtuaaliraati");
        strategy_free(a);
        strategy_free(b);
        config_free(cfg);
}

static void test_parse_indicators(void **state)
{
        (void)state;
        struct config *cfg = load_fixture();
        struct strategy *s = load_ok(cfg);
        assert_int_equal(s->nindicators, 3);
        const struct strategy_indicator *ind = &s->indicators[0];
        assert_string_equal(ind->id, "eserv");
        assert_string_equal(ind->name, "Sähköiset palvelut");
        assert_string_equal(ind->unit, "kpl");
        assert_int_equal(ind->higher_is_better, 1);
        assert_int_equal(ind->nseries, 2);
        assert_int_equal(ind->series[0].group, -1); /* region first */
        assert_int_equal(ind->series[0].npoints, 6);
        for (size_t i = 0; i < 6; i++) /* sorted by year */
                assert_int_equal(ind->series[0].points[i].year, 2020 + (int)i);
        assert_close(ind->series[0].points[4].value, 15);
        assert_int_equal(ind->series[0].points[4].line, 6);
        assert_int_equal(ind->series[1].group, 0); /* "halsuan kunta" is Halsua */
        assert_int_equal(ind->series[1].npoints, 2);

        ind = &s->indicators[1];
        assert_string_equal(ind->id, "paper");
        assert_int_equal(ind->higher_is_better, 0);
        assert_int_equal(ind->series[0].group, -1); /* the region's name "Testiseutu" */
        assert_close(ind->series[0].points[0].value, 71.5);
        assert_int_equal(ind->series[0].points[1].decimals, 2);
        strategy_free(s);
        config_free(cfg);
}

/* Finnish headers and words, ';' and UTF-8 with BOM give the same table. */
static void test_parse_indicators_finnish(void **state)
{
        (void)state;
        struct config *cfg = load_fixture();
        struct strategy *a = load_ok(cfg);
        set_path(&cfg->indicators_file, FIX "indicators-fi.csv");
        struct strategy *b = load_ok(cfg);
        assert_int_equal(a->nindicators, b->nindicators);
        for (size_t i = 0; i < a->nindicators; i++) {
                const struct strategy_indicator *x = &a->indicators[i], *y = &b->indicators[i];
                assert_string_equal(x->id, y->id);
                assert_string_equal(x->name, y->name);
                assert_string_equal(x->unit, y->unit);
                assert_int_equal(x->higher_is_better, y->higher_is_better);
                assert_int_equal(x->nseries, y->nseries);
                for (size_t j = 0; j < x->nseries; j++) {
                        assert_int_equal(x->series[j].group, y->series[j].group);
                        assert_int_equal(x->series[j].npoints, y->series[j].npoints);
                        for (size_t k = 0; k < x->series[j].npoints; k++) {
                                assert_int_equal(x->series[j].points[k].year,
                                                 y->series[j].points[k].year);
                                assert_close(x->series[j].points[k].value,
                                             y->series[j].points[k].value);
                        }
                }
        }
        strategy_free(a);
        strategy_free(b);
        config_free(cfg);
}

/* Bad rows: each kind fails the load with exit code 65 and this exact message. */

static const struct {
        const char *file;
        const char *msg;
} bad_cases[] = {
    {"a-unknown-column.csv",
     "tests/fixtures/strategy/bad/a-unknown-column.csv:1: unknown column \"kommentti\"; expected "
     "the columns id, area, title, responsible, municipalities, start, end, status, "
     "status_date, note, title_en (see README, Strategy follow-up)"},
    {"a-missing-column.csv",
     "tests/fixtures/strategy/bad/a-missing-column.csv:1: missing column \"status\"; the first "
     "row must name the columns id, area, title, responsible, municipalities, start, end, "
     "status, status_date, note, title_en (see README, Strategy follow-up)"},
    {"a-empty-id.csv",
     "tests/fixtures/strategy/bad/a-empty-id.csv:3: column \"id\": empty; expected the action's "
     "id"},
    {"a-bad-id.csv", "tests/fixtures/strategy/bad/a-bad-id.csv:2: column \"id\": \"A 1\" is not "
                     "an id; expected letters, digits, '_', '-' or '.'"},
    {"a-duplicate-id.csv",
     "tests/fixtures/strategy/bad/a-duplicate-id.csv:4: column \"id\": action \"A1\" is already "
     "on line 2; expected a unique id"},
    {"a-unknown-area.csv",
     "tests/fixtures/strategy/bad/a-unknown-area.csv:2: column \"area\": unknown action area "
     "\"D9\"; expected one of D1, D2, D3 (the dimensions of the codebooks)"},
    {"a-empty-title.csv",
     "tests/fixtures/strategy/bad/a-empty-title.csv:2: column \"title\": empty; expected the "
     "action's title"},
    {"a-unknown-municipality.csv",
     "tests/fixtures/strategy/bad/a-unknown-municipality.csv:2: column \"municipalities\": "
     "unknown municipality \"Kokkola\"; expected one of Halsua, Kaustinen, Lestijärvi, or "
     "\"koko seutu\" for the whole region"},
    {"a-empty-municipalities.csv",
     "tests/fixtures/strategy/bad/a-empty-municipalities.csv:2: column \"municipalities\": "
     "empty; expected the municipalities that take part, separated by ';', or \"koko seutu\" "
     "for the whole region"},
    {"a-bad-start.csv",
     "tests/fixtures/strategy/bad/a-bad-start.csv:2: column \"start\": \"syksy 2023\" is not a "
     "year or a month; expected YYYY or YYYY-MM between 1990 and 2100"},
    {"a-end-before-start.csv",
     "tests/fixtures/strategy/bad/a-end-before-start.csv:2: column \"end\": 2022 is before the "
     "planned start 2023-05; expected an end on or after the start"},
    {"a-unknown-status.csv",
     "tests/fixtures/strategy/bad/a-unknown-status.csv:2: column \"status\": unknown status "
     "\"valmis\"; expected planned, in progress, implemented, postponed or cancelled (or "
     "suunniteltu, käynnissä, toteutettu, siirretty, peruttu)"},
    {"a-missing-status-date.csv",
     "tests/fixtures/strategy/bad/a-missing-status-date.csv:2: column \"status_date\": empty; "
     "expected the date (YYYY-MM-DD) when the status became \"toteutettu\""},
    {"a-bad-status-date.csv",
     "tests/fixtures/strategy/bad/a-bad-status-date.csv:2: column \"status_date\": "
     "\"31.2.2023\" is not a date; expected YYYY-MM-DD"},
    {"a-extra-fields.csv",
     "tests/fixtures/strategy/bad/a-extra-fields.csv:2: the row has 11 fields, the header only "
     "9; expected nothing right of the last named column"},
    {"a-several-problems.csv",
     "tests/fixtures/strategy/bad/a-several-problems.csv:2: column \"area\": unknown action "
     "area \"D9\"; expected one of D1, D2, D3 (the dimensions of the codebooks) (and 2 more "
     "problems in this file)"},
    {"i-missing-column.csv",
     "tests/fixtures/strategy/bad/i-missing-column.csv:1: missing column \"municipality\"; the "
     "first row must name the columns id, name, municipality, year, value, unit, better, note, "
     "name_en, unit_en (see README, Strategy follow-up)"},
    {"i-unknown-municipality.csv",
     "tests/fixtures/strategy/bad/i-unknown-municipality.csv:3: column \"municipality\": unknown "
     "municipality \"Kokkola\"; expected one of Halsua, Kaustinen, Lestijärvi, or \"ALL\" for "
     "the whole region"},
    {"i-empty-municipality.csv",
     "tests/fixtures/strategy/bad/i-empty-municipality.csv:2: column \"municipality\": empty; "
     "expected a municipality, or \"ALL\" for the whole region"},
    {"i-bad-year.csv", "tests/fixtures/strategy/bad/i-bad-year.csv:2: column \"year\": \"2O22\" "
                       "is not a year; expected a year between 1990 and 2100"},
    {"i-bad-value.csv", "tests/fixtures/strategy/bad/i-bad-value.csv:2: column \"value\": "
                        "\"n/a\" is not a number; expected a number such as 12 or 3,5"},
    {"i-unknown-better.csv",
     "tests/fixtures/strategy/bad/i-unknown-better.csv:2: column \"better\": unknown direction "
     "\"up\"; expected higher or lower (suurempi or pienempi)"},
    {"i-duplicate.csv",
     "tests/fixtures/strategy/bad/i-duplicate.csv:3: column \"year\": indicator \"eserv\" "
     "already has a 2021 value for the region on line 2; expected one value per indicator, "
     "municipality and year"},
    {"i-name-differs.csv",
     "tests/fixtures/strategy/bad/i-name-differs.csv:3: column \"name\": indicator \"eserv\" is "
     "named \"E-palvelut\" on line 2; expected the same name on every row of an indicator"},
    {"i-unit-differs.csv",
     "tests/fixtures/strategy/bad/i-unit-differs.csv:3: column \"unit\": indicator \"eserv\" "
     "has the unit \"kpl\" on line 2; expected the same unit on every row of an indicator"},
    {"i-name-en-differs.csv",
     "tests/fixtures/strategy/bad/i-name-en-differs.csv:3: column \"name_en\": indicator "
     "\"eserv\" is named \"E-services\" in English on line 2; expected the same English name "
     "on every row of an indicator"},
    {"i-better-differs.csv",
     "tests/fixtures/strategy/bad/i-better-differs.csv:3: column \"better\": indicator \"eserv\" "
     "is better when higher on line 2; expected the same direction on every row of an "
     "indicator"},
};

static void test_bad_rows(void **state)
{
        (void)state;
        struct config *cfg = load_fixture();
        for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
                char path[256];
                snprintf(path, sizeof path, FIX "bad/%s", bad_cases[i].file);
                int is_action = bad_cases[i].file[0] == 'a';
                set_path(&cfg->actions_file, is_action ? path : NULL);
                set_path(&cfg->indicators_file, is_action ? NULL : path);
                struct err e = {0};
                struct results *res = results_new();
                int rc = strategy_compute(cfg, res, &e);
                if (rc != -1 || e.code != DM_EX_DATAERR || strcmp(e.msg, bad_cases[i].msg))
                        fail_msg("%s: rc %d, code %d, message:\n%s\nexpected:\n%s",
                                 bad_cases[i].file, rc, e.code, e.msg, bad_cases[i].msg);
                assert_int_equal(results_count(res), 0);
                results_free(res);
        }
        config_free(cfg);
}

static void test_missing_file(void **state)
{
        (void)state;
        struct config *cfg = load_fixture();
        set_path(&cfg->indicators_file, FIX "no-such-file.csv");
        struct err e = {0};
        assert_null(strategy_load(cfg, &e));
        assert_int_equal(e.code, DM_EX_NOINPUT);
        assert_non_null(strstr(e.msg, "no-such-file.csv"));
        config_free(cfg);
}

/* Without loaded codebooks any well-formed area id is accepted. */
static void test_areas_without_codebook(void **state)
{
        (void)state;
        struct err e = {0};
        struct config *cfg = config_load(FIX "test.ini", &e);
        assert_non_null(cfg);
        set_path(&cfg->actions_file, FIX "bad/a-unknown-area.csv");
        set_path(&cfg->indicators_file, NULL);
        struct strategy *s = load_ok(cfg);
        assert_int_equal(s->nareas, 1);
        assert_string_equal(s->areas[0], "D9");
        strategy_free(s);
        config_free(cfg);
}

/* Computed figures. */

static struct results *compute_fixture(struct config *cfg)
{
        struct results *res = results_new();
        struct err e = {0};
        if (strategy_compute(cfg, res, &e))
                fail_msg("%s", e.msg);
        return res;
}

/* Expected progress counts of one (group, subject). */
struct progress {
        const char *group, *subject;
        double actions, planned, implemented, in_progress, not_started, postponed, cancelled, late;
        const char *light;
};

static const struct progress progress_cases[] = {
    /* D1, region: A1-A4. Plan: A1, A2 (A3 starts later, A4 cancelled); done A1: 50% yellow. */
    {"ALL", "strategy:D1", 4, 2, 1, 1, 1, 0, 1, 1, "yellow"},
    /* Halsua takes part in A1, A2, A4: plan A1, A2, done A1: 50%. */
    {"Halsua", "strategy:D1", 3, 2, 1, 1, 0, 0, 1, 1, "yellow"},
    {"Kaustinen", "strategy:D1", 2, 2, 1, 1, 0, 0, 0, 1, "yellow"},
    /* Lestijärvi: A1 (done) and A3 (not yet in plan): 1 of 1, green. */
    {"Lestijärvi", "strategy:D1", 2, 1, 1, 0, 1, 0, 0, 0, "green"},
    /* D2, region: A5-A8 all in plan; A5 was still in progress on the report date; done A6:
       1 of 4 = 25%, red. Late A7. */
    {"ALL", "strategy:D2", 4, 4, 1, 2, 0, 1, 0, 1, "red"},
    {"Halsua", "strategy:D2", 3, 3, 0, 2, 0, 1, 0, 1, "red"},
    {"Kaustinen", "strategy:D2", 3, 3, 1, 2, 0, 0, 0, 0, "red"},
    {"Lestijärvi", "strategy:D2", 3, 3, 0, 2, 0, 1, 0, 1, "red"},
    /* D3: only A9, which starts in 2025: nothing planned yet. */
    {"ALL", "strategy:D3", 1, 0, 0, 0, 1, 0, 0, 0, "none"},
    {"Halsua", "strategy:D3", 0, 0, 0, 0, 0, 0, 0, 0, "none"},
    /* All areas: 9 actions, plan 6 (not A3, A4, A9), done A1, A6: 33.3%. */
    {"ALL", "strategy", 9, 6, 2, 3, 2, 1, 1, 2, "red"},
    /* Halsua: A1 A2 A4 A5 A7 A8; plan 5, done A1: 20%. */
    {"Halsua", "strategy", 6, 5, 1, 3, 0, 1, 1, 2, "red"},
    /* Kaustinen: A1 A2 A5 A6 A8; plan 5, done A1 A6: 40%. */
    {"Kaustinen", "strategy", 5, 5, 2, 3, 0, 0, 0, 1, "red"},
    /* Lestijärvi: A1 A3 A5 A7 A8 A9; plan A1 A5 A7 A8, done A1: 25%. */
    {"Lestijärvi", "strategy", 6, 4, 1, 2, 2, 1, 0, 1, "red"},
};

static void test_progress_figures(void **state)
{
        (void)state;
        struct config *cfg = load_fixture();
        struct results *res = compute_fixture(cfg);
        assert_string_equal(word(res, "ALL", "strategy", "report_date", ""), "2024-06-15");
        for (size_t i = 0; i < sizeof progress_cases / sizeof progress_cases[0]; i++) {
                const struct progress *p = &progress_cases[i];
                const char *g = p->group, *sj = p->subject;
                assert_close(num(res, g, sj, "actions", ""), p->actions);
                assert_close(num(res, g, sj, "planned", ""), p->planned);
                assert_close(num(res, g, sj, "implemented", ""), p->implemented);
                assert_close(num(res, g, sj, "in_progress", ""), p->in_progress);
                assert_close(num(res, g, sj, "not_started", ""), p->not_started);
                assert_close(num(res, g, sj, "postponed", ""), p->postponed);
                assert_close(num(res, g, sj, "cancelled", ""), p->cancelled);
                assert_close(num(res, g, sj, "late", ""), p->late);
                assert_string_equal(word(res, g, sj, "light", ""), p->light);
                const struct result_row *row =
                    results_find(res, "", g, "", sj, "implemented_pct", "");
                assert_non_null(row);
                if (p->planned) {
                        assert_close(row->value, 100.0 * p->implemented / p->planned);
                        assert_int_equal(row->n, (long)p->planned);
                } else {
                        assert_int_equal(row->has_value, 0);
                        assert_string_equal(row->note, "not_applicable");
                }
        }
        assert_close(num(res, "Halsua", "strategy:D2", "implemented_pct", ""), 0);
        assert_close(num(res, "Kaustinen", "strategy", "implemented_pct", ""), 40);
        /* No rows for an area without actions. */
        assert_true(absent(res, "ALL", "strategy:D4", "actions", ""));
        results_free(res);
        config_free(cfg);
}

static void test_progress_thresholds(void **state)
{
        (void)state;
        struct thresholds th = {.progress_red_below = 50, .progress_green_from = 80};
        assert_string_equal(strategy_light(&th, 49.999, 3), "red");
        assert_string_equal(strategy_light(&th, 50, 2), "yellow");
        assert_string_equal(strategy_light(&th, 79.99, 5), "yellow");
        assert_string_equal(strategy_light(&th, 80, 5), "green");
        assert_string_equal(strategy_light(&th, 0, 0), "none");
}

static void test_participation(void **state)
{
        (void)state;
        struct config *cfg = load_fixture();
        struct results *res = compute_fixture(cfg);
        /* D1 has 4 actions: Halsua is in A1 A2 A4, Kaustinen in A1 A2, Lestijärvi in A1 A3. */
        assert_close(num(res, "Halsua", "strategy:D1", "participates", ""), 3);
        assert_close(num(res, "Halsua", "strategy:D1", "participates_pct", ""), 75);
        assert_close(num(res, "Kaustinen", "strategy:D1", "participates", ""), 2);
        assert_close(num(res, "Kaustinen", "strategy:D1", "participates_pct", ""), 50);
        assert_close(num(res, "Lestijärvi", "strategy:D2", "participates", ""), 3);
        assert_close(num(res, "Halsua", "strategy:D3", "participates", ""), 0);
        assert_close(num(res, "Halsua", "strategy:D3", "participates_pct", ""), 0);
        assert_close(num(res, "Lestijärvi", "strategy:D3", "participates_pct", ""), 100);
        assert_close(num(res, "Lestijärvi", "strategy", "participates_pct", ""), 100.0 * 6 / 9);
        assert_true(absent(res, "ALL", "strategy:D1", "participates", ""));
        /* Each action's state as of the report date. */
        assert_string_equal(word(res, "ALL", "action:A5", "status", ""), "in_progress");
        assert_string_equal(word(res, "ALL", "action:A3", "status", ""), "planned");
        assert_close(num(res, "ALL", "action:A2", "late", ""), 1);
        assert_close(num(res, "ALL", "action:A3", "in_plan", ""), 0);
        assert_close(num(res, "ALL", "action:A6", "in_plan", ""), 1);
        results_free(res);
        config_free(cfg);
}

static void test_indicator_figures(void **state)
{
        (void)state;
        struct config *cfg = load_fixture();
        struct results *res = compute_fixture(cfg);
        const char *e = "indicator:eserv";
        /* Region: 8, 10, 12, 12, 15 in 2020-2024; 2025 is after the report year. */
        assert_close(num(res, "ALL", e, "baseline_year", ""), 2021);
        assert_close(num(res, "ALL", e, "value", "2020"), 8);
        assert_close(num(res, "ALL", e, "value", "2024"), 15);
        assert_true(absent(res, "ALL", e, "value", "2025"));
        assert_true(absent(res, "ALL", e, "change_prev", "2020"));
        assert_close(num(res, "ALL", e, "change_prev", "2021"), 2);
        assert_string_equal(word(res, "ALL", e, "direction", "2021"), "better");
        assert_close(num(res, "ALL", e, "change_prev", "2023"), 0);
        assert_string_equal(word(res, "ALL", e, "direction", "2023"), "same");
        assert_close(num(res, "ALL", e, "change_prev", "2024"), 3);
        assert_true(absent(res, "ALL", e, "change_start", "2021"));
        assert_true(absent(res, "ALL", e, "change_start", "2020"));
        assert_close(num(res, "ALL", e, "change_start", "2022"), 2);
        assert_close(num(res, "ALL", e, "change_start", "2024"), 5);
        assert_string_equal(word(res, "ALL", e, "direction_start", "2024"), "better");
        /* Halsua: 3 (2021), 4 (2023): no 2022, so no change against the previous year. */
        assert_true(absent(res, "Halsua", e, "change_prev", "2023"));
        assert_close(num(res, "Halsua", e, "change_start", "2023"), 1);
        /* Lower is better: 71,5 -> 66,25 -> 68. */
        const char *p = "indicator:paper";
        assert_close(num(res, "ALL", p, "change_prev", "2022"), -5.25);
        assert_string_equal(word(res, "ALL", p, "direction", "2022"), "better");
        assert_close(num(res, "ALL", p, "change_prev", "2023"), 1.75);
        assert_string_equal(word(res, "ALL", p, "direction", "2023"), "worse");
        assert_close(num(res, "ALL", p, "change_start", "2023"), -3.5);
        assert_string_equal(word(res, "ALL", p, "direction_start", "2023"), "better");
        /* A series that starts after strategy_start has its own first year as baseline;
           3,1 - 3,4 is rounded to the values' one decimal: exactly -0.3. */
        const char *st = "indicator:staff";
        assert_close(num(res, "Kaustinen", st, "baseline_year", ""), 2022);
        assert_true(num(res, "Kaustinen", st, "change_prev", "2023") == -0.3);
        assert_string_equal(word(res, "Kaustinen", st, "direction", "2023"), "worse");
        assert_true(absent(res, "ALL", st, "value", "2022"));
        results_free(res);
        config_free(cfg);
}

/* Without report_date: the end of the latest year in the registers (2025, an indicator). */
static void test_report_date_fallback(void **state)
{
        (void)state;
        struct config *cfg = load_fixture();
        set_path(&cfg->report_date, NULL);
        struct strategy *s = load_ok(cfg);
        assert_string_equal(s->report_date, "2025-12-31");
        assert_int_equal(action(s, "A5")->status_at, STRATEGY_IMPLEMENTED);
        assert_int_equal(action(s, "A9")->in_plan, 1); /* starts 2025 */
        assert_int_equal(action(s, "A8")->late, 1);    /* ended 2024 */
        strategy_free(s);
        /* Actions only: the latest status change (2024-07-01) gives 2024-12-31. */
        set_path(&cfg->indicators_file, NULL);
        s = load_ok(cfg);
        assert_string_equal(s->report_date, "2024-12-31");
        strategy_free(s);
        config_free(cfg);
}

static void test_nothing_configured(void **state)
{
        (void)state;
        struct config *cfg = load_fixture();
        set_path(&cfg->actions_file, NULL);
        set_path(&cfg->indicators_file, NULL);
        struct results *res = compute_fixture(cfg);
        assert_int_equal(results_count(res), 0);
        results_free(res);
        strategy_free(NULL);
        config_free(cfg);
}

/* The bundled sample (input/): figures a reader can trace to the registers by hand. */
static void test_sample(void **state)
{
        (void)state;
        struct err e = {0};
        struct config *cfg = config_load("input/kaustisen-seutu.ini", &e);
        if (!cfg || config_load_codebooks(cfg, &e))
                fail_msg("%s", e.msg);
        if (!cfg->actions_file)
                set_path(&cfg->actions_file, "input/actions.csv");
        if (!cfg->indicators_file)
                set_path(&cfg->indicators_file, "input/indicators.csv");
        if (!cfg->strategy_start)
                cfg->strategy_start = 2021;
        struct results *res = compute_fixture(cfg);
        assert_string_equal(word(res, "ALL", "strategy", "report_date", ""), "2024-11-30");
        /* Halsua in D2: 14 actions (not D2-08, D2-10, D2-17), all in plan; implemented
           D2-01 03 05 07 11 12 13 14 16 = 9: 64.3%, yellow; late D2-02 06 09. */
        assert_close(num(res, "Halsua", "strategy:D2", "participates", ""), 14);
        assert_close(num(res, "Halsua", "strategy:D2", "planned", ""), 14);
        assert_close(num(res, "Halsua", "strategy:D2", "implemented", ""), 9);
        assert_close(num(res, "Halsua", "strategy:D2", "implemented_pct", ""), 100.0 * 9 / 14);
        assert_string_equal(word(res, "Halsua", "strategy:D2", "light", ""), "yellow");
        assert_close(num(res, "Halsua", "strategy:D2", "late", ""), 3);
        /* Region, D1: 7 actions, D1-07 cancelled; done D1-01 05 06 of 6: 50%. */
        assert_close(num(res, "ALL", "strategy:D1", "implemented_pct", ""), 50);
        assert_close(num(res, "ALL", "strategy:D1", "cancelled", ""), 1);
        /* Perho takes part only in the regional ICT area (D5, all 4 actions). */
        assert_close(num(res, "Perho", "strategy:D5", "participates", ""), 4);
        assert_close(num(res, "Perho", "strategy:D1", "participates", ""), 0);
        assert_string_equal(word(res, "Perho", "strategy:D1", "light", ""), "none");
        /* E-services in Halsua: 4 in 2021, 9 in 2024. */
        assert_close(num(res, "Halsua", "indicator:e_services", "change_start", "2024"), 5);
        assert_string_equal(word(res, "ALL", "indicator:staff_satisfaction", "direction", "2024"),
                            "worse");
        /* English texts for English reports: every action and indicator has them. */
        struct strategy *sg = strategy_load(cfg, &e);
        if (!sg)
                fail_msg("%s", e.msg);
        assert_string_equal(sg->actions[0].id, "D1-01");
        assert_string_equal(sg->actions[0].title_en, "Compiling the current forms of participation "
                                                     "and influence and surveying their use");
        for (size_t i = 0; i < sg->nactions; i++)
                assert_true(sg->actions[i].title_en[0] != '\0');
        for (size_t i = 0; i < sg->nindicators; i++)
                if (!strcmp(sg->indicators[i].id, "e_services")) {
                        assert_string_equal(sg->indicators[i].name_en, "Number of e-services");
                        assert_string_equal(sg->indicators[i].unit_en, "pcs");
                }
        strategy_free(sg);
        results_free(res);
        config_free(cfg);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_parse_actions),
            cmocka_unit_test(test_parse_actions_excel),
            cmocka_unit_test(test_parse_indicators),
            cmocka_unit_test(test_parse_indicators_finnish),
            cmocka_unit_test(test_bad_rows),
            cmocka_unit_test(test_missing_file),
            cmocka_unit_test(test_areas_without_codebook),
            cmocka_unit_test(test_progress_figures),
            cmocka_unit_test(test_progress_thresholds),
            cmocka_unit_test(test_participation),
            cmocka_unit_test(test_indicator_figures),
            cmocka_unit_test(test_report_date_fallback),
            cmocka_unit_test(test_nothing_configured),
            cmocka_unit_test(test_sample),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

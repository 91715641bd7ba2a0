/*
 * strategy.h - the strategy's own follow-up measures, beside the surveys: the
 * actions register (which actions of which action area were planned, who
 * takes part, how far each has got) and the indicators table (e-services,
 * satisfaction, participation, year by year).
 *
 * Part of the statistics stage. Both registers are small CSV tables edited by
 * hand in a spreadsheet (formats in README, "Strategy follow-up"); they are
 * read through csvread and checked strictly: any invalid row fails the load.
 * strategy_compute() turns them into rows of the results table (wave "",
 * subjects "strategy", "strategy:AREA", "action:ID" and "indicator:ID"); the
 * report stage may also call strategy_load() to list actions by title.
 *
 * Ownership: a struct strategy owns every string and array in it;
 * strategy_free() releases all of it. The config is only borrowed.
 */
#ifndef DM_STRATEGY_H
#define DM_STRATEGY_H

#include <stddef.h>

#include "config.h"
#include "results.h"
#include "util.h"

/* An action's status, as written in the register or as of the report date. */
enum strategy_status {
        STRATEGY_PLANNED,     /* "planned", "suunniteltu" */
        STRATEGY_IN_PROGRESS, /* "in progress", "käynnissä" */
        STRATEGY_IMPLEMENTED, /* "implemented", "toteutettu" */
        STRATEGY_POSTPONED,   /* "postponed", "siirretty" */
        STRATEGY_CANCELLED,   /* "cancelled", "peruttu" */
        STRATEGY_STATUS_COUNT
};

/* One row of the actions register. */
struct strategy_action {
        char *id;                    /* unique action id, e.g. "D2-07" */
        char *area;                  /* action area (codebook dimension) id, e.g. "D2" */
        char *title;                 /* the action as the register names it */
        char *title_en;              /* its English title, "" when not given */
        char *responsible;           /* responsible party, "" when not named */
        char *note;                  /* free note, "" when none */
        unsigned char *takes_part;   /* [cfg->nmunis]: 1 when municipality m takes part */
        int whole_region;            /* 1 when listed as the whole region ("koko seutu") */
        int start_year;              /* planned start */
        int start_month;             /* 1-12, or 0 when only the year was given */
        int end_year;                /* planned end */
        int end_month;               /* 1-12, or 0 when only the year was given */
        enum strategy_status status; /* the status written in the register */
        char status_date[11];        /* its date "YYYY-MM-DD", "" when none (planned only) */
        int line;                    /* line of the row in the register */
        /* Derived, as of the report date (rules in README): */
        enum strategy_status status_at; /* status then: a change dated later does not count */
        int in_plan;                    /* 1 when the action counts in the plan base */
        int late;                       /* 1 when its planned end has passed and it is not done */
};

/* One value of an indicator series. */
struct strategy_point {
        int year;
        double value;
        int decimals; /* digits after the decimal separator as written */
        int line;     /* line of the row in the indicators table */
};

/* An indicator's values for one group, in ascending years. */
struct strategy_series {
        int group;                     /* municipality index, or -1 for the region */
        struct strategy_point *points; /* ascending years, one per year */
        size_t npoints;
};

/* One indicator of the indicators table. */
struct strategy_indicator {
        char *id;                       /* e.g. "e_services" */
        char *name;                     /* e.g. "Sähköisten palvelujen määrä" */
        char *unit;                     /* e.g. "kpl", "%", "" when none */
        char *name_en;                  /* English name and unit, "" when not given */
        char *unit_en;
        int higher_is_better;           /* 1 when "better = higher", 0 when "lower" */
        int line;                       /* line of its first row */
        struct strategy_series *series; /* region first, then municipalities in config order */
        size_t nseries;
};

struct strategy {
        struct strategy_action *actions; /* in register order */
        size_t nactions;
        char **areas; /* area ids that have actions, in codebook order */
        size_t nareas;
        struct strategy_indicator *indicators; /* in order of first appearance */
        size_t nindicators;
        size_t nmunis;        /* cfg->nmunis when loaded (size of takes_part) */
        char report_date[11]; /* "YYYY-MM-DD" the figures are as of; "" if none */
        int report_year, report_month, report_day;
};

/*
 * Reads and checks the actions register (cfg->actions_file) and the
 * indicators table (cfg->indicators_file), either of which may be NULL, and
 * derives each action's state as of the report date (cfg->report_date, else
 * the end of the latest year in the registers). Area ids are checked against
 * the dimensions of the loaded codebooks (any well-formed id when none is
 * loaded); municipalities with config_find_muni().
 * Returns a new register (empty when neither file is configured), or NULL with
 * e set: DM_EX_NOINPUT when a file is missing, DM_EX_DATAERR when it is
 * unreadable or any row is invalid, with "file:line: column "X": what was
 * wrong; what was expected" for the first problem and the number of others.
 */
struct strategy *strategy_load(const struct config *cfg, struct err *e);

/* Frees s and everything it owns; NULL is a no-op. */
void strategy_free(struct strategy *s);

/*
 * Adds the figures of a loaded register to res (wave "", breakdown ""): per
 * action area and in total, per municipality and for the region, the progress
 * counts, share implemented and light, the participation matrix, each
 * action's status, and each indicator's values, changes and directions.
 * Statistics and rules are listed in README, "Strategy follow-up". Cannot fail.
 */
void strategy_add_results(const struct config *cfg, const struct strategy *s, struct results *res);

/*
 * Loads the registers named by cfg (strategy_load) and adds their figures to
 * res (strategy_add_results). Adds nothing and returns 0 when neither file is
 * configured. Returns 0, or -1 with e set as strategy_load() fails.
 */
int strategy_compute(const struct config *cfg, struct results *res, struct err *e);

/* Returns the results-table word of a status: "planned", "in_progress", ... */
const char *strategy_status_name(enum strategy_status st);

/*
 * Returns the progress light word for a share implemented: "red" below
 * th->progress_red_below, "green" at or above th->progress_green_from,
 * otherwise "yellow"; "none" when planned is 0.
 */
const char *strategy_light(const struct thresholds *th, double pct, long planned);

#endif

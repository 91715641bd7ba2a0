/*
 * config.h - the run configuration (INI, read with libinih): region,
 * municipalities with aliases and staff headcounts, instruments (codebooks),
 * survey waves, report editions, thresholds and privacy settings.
 *
 * Ownership: a struct config owns every string and array in it; config_free()
 * releases all of it. Paths in it are already resolved against the folder of
 * the configuration file.
 */
#ifndef DM_CONFIG_H
#define DM_CONFIG_H

#include <stddef.h>

#include "util.h"

struct codebook;

struct municipality {
        char *name;     /* display name, e.g. "Lestijärvi" */
        char *slug;     /* ASCII file-name slug, e.g. "lestijarvi" */
        char **aliases; /* other spellings accepted in exports */
        size_t naliases;
        char **codes; /* numeric codes an export may give instead (digits, no leading zeros) */
        size_t ncodes;
        long staff;     /* staff headcount, 0 when unknown */
        char *group;    /* peer group key (e.g. a municipality group), NULL = by staff (peers.h) */
        int line;       /* line of its section in the configuration file */
};

struct instrument {
        char *id;                  /* e.g. "digi" */
        char *title;               /* report title of the survey, may be NULL */
        char *title_en;            /* English title, may be NULL */
        char *codebook_path;       /* resolved path of the codebook CSV */
        struct codebook *codebook; /* loaded by config_load_codebooks(), owned */
        int min_items;             /* MIN_ITEMS_* or a number (codebook.h); UNSET = half */
        int favourable;            /* FAV_* (codebook.h); UNSET = after reversal */
        int line;
};

struct wave {
        char *id;          /* e.g. "digi-2024" */
        int instrument;    /* index into config.instruments */
        int year;          /* survey year */
        char *file;        /* resolved path of the export */
        char *sheet;       /* workbook exports: the sheet to read, NULL = the first */
        int keep_incomplete; /* 1: incomplete responses are kept (noted); 0: left out (default) */
        int compare;       /* index of the earlier wave to compare with, -1 = none */
        int line;
};

struct edition {
        char *id;       /* e.g. "2024"; used in file names */
        char *title;    /* e.g. "Väliraportti 2024" */
        char *title_en; /* English title, or NULL */
        int *waves;     /* indexes into config.waves, in report order */
        size_t nwaves;
        int line;
};

struct thresholds {
        double red_below;  /* index below this is red (default 50) */
        double green_from; /* index at or above this is green (default 70) */
        double gap_yellow; /* target - current at or above this is yellow (0.5) */
        double gap_red;    /* target - current at or above this is red (1.0) */
        double progress_red_below;  /* share of actions implemented (%) below: red (50) */
        double progress_green_from; /* ... at or above: green (80) */
};

struct config {
        char *path;           /* the configuration file as given */
        char *dir;            /* its folder; relative paths resolve against it */
        char *region;         /* region name */
        char *language;       /* "fi" or "en" */
        int min_group;        /* minimum group size, >= 3 (default 5) */
        double max_rejected_pct; /* a wave with more rows rejected (%) fails (default 10) */
        double max_unknown_pct;  /* a wave fails when one unknown answer text is in more of its
                                    accepted rows (%) than this, and twice or more (default 1) */
        char *output;         /* resolved output folder */
        char *report_date;    /* YYYY-MM-DD or NULL (then SOURCE_DATE_EPOCH / manifest) */
        char *actions_file;   /* resolved actions register, or NULL */
        char *indicators_file;/* resolved indicators table, or NULL */
        int strategy_start;   /* first year of the strategy (for indicator change), 0 = none */
        struct thresholds th;
        struct municipality *munis;
        size_t nmunis;
        struct instrument *instruments;
        size_t ninstruments;
        struct wave *waves;
        size_t nwaves;
        struct edition *editions;
        size_t neditions;
};

/*
 * Reads and checks the configuration at path. Returns a new config, or NULL
 * with e set (code DM_EX_NOINPUT when the file is missing, DM_EX_CONFIG for
 * every mistake, with "path:line: what was wrong, what was expected").
 * Codebooks are not loaded; see config_load_codebooks().
 */
struct config *config_load(const char *path, struct err *e);

/*
 * Loads every instrument's codebook. Returns 0, or -1 with e set (DM_EX_NOINPUT
 * when a codebook file is missing, else DM_EX_CONFIG).
 */
int config_load_codebooks(struct config *cfg, struct err *e);

/* Frees cfg and everything it owns; NULL is a no-op. */
void config_free(struct config *cfg);

/*
 * Returns the index of the municipality whose name or alias matches s
 * tolerantly (case, surrounding and non-breaking spaces, repeated spaces, a
 * trailing "kunta"/"kaupunki" word form is NOT guessed: list it as an alias),
 * or -1 when none does.
 */
int config_find_muni(const struct config *cfg, const char *s);

/*
 * Returns the index of the municipality with numeric code s (digits only;
 * leading zeros do not count: "049" is 49), or -1 when s is not all digits
 * or no municipality has that code.
 */
int config_find_muni_code(const struct config *cfg, const char *s);

/*
 * Writes s without leading zeros into buf (n bytes) when s is 1 to 18
 * digits and returns 1; returns 0 when s is anything else.
 */
int config_code_norm(const char *s, char *buf, size_t n);

/* Returns the index of the wave with this id, or -1. */
int config_find_wave(const struct config *cfg, const char *id);

#endif

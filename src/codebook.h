/*
 * codebook.h - a survey instrument's codebook: which export column is what,
 * how answers map to codes, and which items form which dimension.
 *
 * The codebook is a CSV table that a project manager edits in a spreadsheet
 * (format in README, "Codebook"). Every row is one of: a dimension, a scale
 * code, or a column binding (municipality, respondent id, breakdown, item,
 * free text, ignored column).
 *
 * Ownership: a struct codebook owns all its strings and arrays; codebook_free()
 * releases them.
 */
#ifndef DM_CODEBOOK_H
#define DM_CODEBOOK_H

#include <stddef.h>

#include "util.h"

enum item_kind {
        ITEM_LIKERT,  /* ordinal agreement item, part of a dimension score */
        ITEM_CURRENT, /* current-level rating of an action area */
        ITEM_TARGET,  /* target-level rating of an action area */
        ITEM_NUMERIC, /* a number (decimal comma allowed), with a range */
        ITEM_CHOICE,  /* single choice from a scale */
        ITEM_MULTI,   /* multiple choice: one cell joined by ';' or ", ", or one column per option */
};

/* One code of a scale: a value with one or more accepted labels. */
struct scale_code {
        int code;        /* numeric code as it may appear in exports */
        int dontknow;    /* 1 for "don't know" codes: kept apart from valid answers */
        char *label;     /* report label (first label given for the code) */
        char *label_en;  /* English report label, or NULL */
        char **keys;     /* text_key() of every accepted label */
        size_t nkeys;
};

struct scale {
        char *id;
        struct scale_code *codes; /* in codebook order */
        size_t ncodes;
        int min, max;             /* smallest and largest non-don't-know code */
        int line;
};

/* How many answered items a dimension score needs (struct dimension, instrument). */
enum { MIN_ITEMS_UNSET = 0, MIN_ITEMS_HALF = -1, MIN_ITEMS_ALL = -2 }; /* or a number >= 1 */

/* Whether % favourable of a reverse-coded item is taken after reverse coding or before. */
enum { FAV_UNSET = 0, FAV_AFTER_REVERSAL = 1, FAV_BEFORE_REVERSAL = 2 };

struct dimension {
        char *id;       /* e.g. "D1" */
        char *label;    /* Finnish (or primary) name */
        char *label_en; /* English name, or NULL */
        int min_items;  /* MIN_ITEMS_* or a number; UNSET: the instrument's setting */
        int favourable; /* FAV_* for its Likert items; UNSET: the instrument's setting */
        int line;
};

/*
 * Parses a min_items setting: "half", "all" or a whole number 1..1000 into
 * *out (MIN_ITEMS_HALF, MIN_ITEMS_ALL or the number). Returns 0, or -1 when s
 * is none of these.
 */
int codebook_parse_min_items(const char *s, int *out);

/*
 * Parses a favourable setting: "after_reversal" or "before_reversal" into *out
 * (FAV_*). Returns 0, or -1 when s is neither.
 */
int codebook_parse_favourable(const char *s, int *out);

/* A multi-choice option bound to its own column (LimeSurvey style). */
struct option_col {
        int code;   /* option code within the item's scale */
        char *column;
        int colno;  /* 1-based column number when given as "#N", else 0 */
        int line;
};

struct item {
        char *id;            /* short id, e.g. "D2_3"; used in results */
        enum item_kind kind;
        char *column;        /* header text to match, or NULL when colno is set */
        int colno;           /* 1-based column number when given as "#N", else 0 */
        int dimension;       /* index into dimensions, -1 = none */
        int scale;           /* index into scales, -1 = none (numeric) */
        int reverse;         /* 1 = reverse-coded (likert only) */
        int pair;            /* current: index of its target item; -1 otherwise */
        double num_min, num_max; /* numeric range (inclusive) */
        char *label;         /* short report text */
        char *label_en;
        struct option_col *options; /* multi with one column per option */
        size_t noptions;
        int line;            /* codebook line */
};

enum col_role {
        COL_MUNICIPALITY,
        COL_RESPONDENT,
        COL_BREAKDOWN,
        COL_TEXT,
        COL_IGNORE,
        COL_COMPLETE, /* says whether the response was completed (submitted) */
};

/* A non-item column binding: municipality, respondent id, breakdown, text, ignored. */
struct colbind {
        enum col_role role;
        char *id;       /* breakdown id ("sector"), or NULL */
        char *column;
        int colno;
        int scale;      /* breakdown: optional scale mapping codes to labels, -1 = none */
        char *label;    /* breakdown display name ("Toimiala") */
        char *label_en;
        char **complete; /* complete: text_key()s of the values meaning "completed"; none = any
                            non-empty cell */
        size_t ncomplete;
        char *complete_text; /* complete: the values as the codebook gives them, or NULL */
        int line;
};

struct codebook {
        char *path;
        struct dimension *dims;
        size_t ndims;
        struct scale *scales;
        size_t nscales;
        struct item *items;
        size_t nitems;
        struct colbind *cols;
        size_t ncols;
        int muni_col;   /* index into cols of the municipality column (always set) */
        int resp_col;   /* index into cols of the respondent id column, -1 = none */
        int complete_col; /* index into cols of the completion column, -1 = none */
};

/*
 * Reads and checks the codebook CSV at path. Returns a new codebook, or NULL
 * with e set (DM_EX_NOINPUT when missing, DM_EX_CONFIG with "path:line: ..."
 * for every mistake: unknown kind, duplicate id, unknown scale or dimension,
 * bad code, missing municipality column, a current item without its target).
 */
struct codebook *codebook_load(const char *path, struct err *e);

/* Frees cb; NULL is a no-op. */
void codebook_free(struct codebook *cb);

/* Returns the index of the scale code whose label key or number matches s, or -1. */
int scale_lookup(const struct scale *sc, const char *s);

/* Returns the index of the item with id, or -1. */
int codebook_find_item(const struct codebook *cb, const char *id);

/* Returns a short English name of kind ("likert", ...). */
const char *item_kind_name(enum item_kind kind);

#endif

/*
 * strtab.h - the report's strings table: every user-facing word of the PDF
 * reports, one table per language (Finnish, English). Drawing code never
 * holds text of its own; it asks for a string by id.
 *
 * Some strings are printf formats; the comment after an id lists its
 * conversions in order. Labels of dimensions, items, scale codes and
 * municipalities come from the configuration and codebooks, not from here.
 *
 * (Named strtab, not "strings", so that it can never shadow the system
 * <strings.h> that <string.h> includes.)
 *
 * Ownership: every string is static.
 */
#ifndef DM_STRTAB_H
#define DM_STRTAB_H

enum strtab_lang { STRTAB_FI = 0, STRTAB_EN = 1 };

enum str {
        /* Numbers and page furniture. */
        S_DECIMAL_MARK,    /* "," or "." */
        S_THOUSANDS_SEP,   /* between groups of three digits in 10 000 and up */
        S_PCT_FMT,         /* %s: a number -> "45 %" */
        S_SUPPRESSED_CELL, /* the neutral mark of a withheld cell ("salattu") */
        S_PAGE_OF,         /* %zu, %zu: page, pages */
        S_FOOTER_LEFT,
        /* Letters inside the lights. */
        S_LETTER_RED,
        S_LETTER_YELLOW,
        S_LETTER_GREEN,
        S_LETTER_UNCERTAIN,
        S_LETTER_SUPPRESSED,
        /* Light legends. */
        S_LEGEND_GREEN,  /* %s: green_from */
        S_LEGEND_YELLOW, /* %s, %s: red_below, green_from */
        S_LEGEND_RED,    /* %s: red_below */
        S_LEGEND_UNCERTAIN,
        S_LEGEND_SUPPRESSED, /* %d: minimum group size */
        S_LEGEND_GAP_GREEN,  /* %s: gap_yellow */
        S_LEGEND_GAP_YELLOW, /* %s, %s: gap_yellow, gap_red */
        S_LEGEND_GAP_RED,    /* %s: gap_red */
        S_LEGEND_GAP_UNCERTAIN,
        /* Cover. */
        S_REGIONAL_REPORT,
        S_REGIONAL_REPORT_SUB,
        S_MUNICIPAL_REPORT,
        S_DATA_SOURCES,
        S_SOURCE_RESPONDENTS, /* %s: respondents */
        S_SOURCE_REGION,      /* %s, %s: region, respondents */
        S_SOURCE_COMPARED,    /* %d: earlier year */
        S_REPORT_DATE,        /* %s: date */
        S_PRIVACY_NOTE,       /* %d: minimum group size */
        S_CONTENTS,
        /* Summary. */
        S_SEC_SUMMARY,
        S_FINDINGS_TITLE,   /* %s: municipality or region */
        S_FIND_RESPONDENTS, /* %s: respondents */
        S_FIND_RATE,        /* %s: response rate */
        S_FIND_BEST,        /* %s, %s: dimension, index */
        S_FIND_WORST,       /* %s, %s: dimension, index */
        S_FIND_NONE,        /* %d: minimum group size */
        S_FIND_UP,          /* %d, %s: earlier year, areas that improved */
        S_FIND_DOWN,        /* %d, %s: earlier year, areas that declined */
        S_FIND_NOCHANGE,    /* %d: earlier year */
        S_FIND_GAP,         /* %s, %s: area, gap */
        S_FIND_MATURITY,    /* %d: level */
        S_FIND_STRATEGY,    /* %s %s %s: share implemented, implemented, in plan */
        S_MATRIX_TITLE,
        S_HOW_TO_READ,
        S_READING_GUIDE, /* %s %s %s %s: green_from, red_below, green_from, red_below */
        S_COL_MUNICIPALITY,
        S_COL_MATURITY,
        S_SUMMARY_PROGRESS, /* row group under the matrix: action progress per area */
        S_LEGEND_PROGRESS,  /* the progress legend's lead-in */
        S_PROG_GREEN,       /* %s: progress_green_from */
        S_PROG_YELLOW,      /* %s, %s: progress_red_below, progress_green_from */
        S_PROG_RED,         /* %s: progress_red_below */
        /* Dimension chart. */
        S_SEC_DIMENSIONS,
        S_DIMENSIONS_INTRO, /* %s, %s: red_below, green_from */
        S_COL_INDEX,
        /* Change. */
        S_SEC_CHANGE,   /* %d: earlier year */
        S_CHANGE_INTRO, /* %d, %d: earlier year, this year */
        S_COL_DIMENSION,
        S_COL_CHANGE_CI,
        S_COL_DIRECTION,
        S_CHANGE_UP,
        S_CHANGE_DOWN,
        S_CHANGE_FLAT,
        S_CHANGE_BY_MUNI,
        /* Current vs target. */
        S_SEC_GAP,
        S_GAP_INTRO, /* %s, %s: gap_yellow, gap_red */
        S_COL_AREA,
        S_COL_GAP,
        S_LEGEND_CURRENT,
        S_LEGEND_TARGET,
        S_GAP_BY_MUNI,
        /* Items. */
        S_SEC_ITEMS,   /* %s, %d: survey title, year */
        S_ITEMS_INTRO, /* %s, %d: group, minimum group size */
        S_HEAD_DISAGREE,
        S_HEAD_AGREE,
        S_HEAD_DONTKNOW,
        S_REVERSED_MARK,
        S_NEGATIVE_LEGEND, /* the Likert legend line of the negative-statement mark */
        S_OTHER_ITEMS,
        S_MULTI_MARK,
        S_NUM_N,           /* %s: n */
        S_NUM_MEAN,        /* %s: mean */
        S_NUM_MEDIAN,      /* %s: median */
        S_NUM_REGION_MEAN, /* %s, %s: region, mean */
        S_NUM_AXIS,
        S_CHOICE_DONTKNOW,  /* %s: count */
        S_OTHER_WAVE_INTRO, /* %s: group */
        /* Strategy follow-up. */
        S_SEC_STRATEGY,
        S_STRATEGY_INTRO,         /* %s %s %s: report date, progress_red_below, green_from */
        S_STRATEGY_ACTIONS_TITLE, /* %s: group */
        S_COL_IN_PLAN,
        S_COL_IMPLEMENTED,
        S_COL_IN_PROGRESS,
        S_COL_LATE,
        S_COL_PARTICIPATES,
        S_COL_PROGRESS,
        S_TOTAL,
        S_STRATEGY_BY_MUNI,
        S_INDICATORS_TITLE,
        S_COL_INDICATOR,
        S_COL_SINCE_START,
        S_DIR_BETTER,
        S_DIR_WORSE,
        S_DIR_SAME,
        S_INDICATORS_INTRO, /* %d, %d: first and last year */
        S_COL_TREND,
        S_BETTER_HIGHER,
        S_BETTER_LOWER,
        S_PARTICIPATION_TITLE,
        S_PARTICIPATION_INTRO,
        S_PARTICIPATION_REGION, /* %s: region */
        S_IMPLEMENTED_TITLE,
        S_IMPLEMENTED_NONE,
        S_COL_ACTION,
        S_COL_STATUS,
        S_COL_DUE,
        S_COL_DONE,
        S_STATUS_PLANNED,
        S_STATUS_IN_PROGRESS,
        S_STATUS_IMPLEMENTED,
        S_STATUS_POSTPONED,
        S_STATUS_CANCELLED,
        S_LATE_TITLE,
        S_LATE_NONE,
        S_LATE_MORE, /* %zu: how many more */
        /* Method appendix. */
        S_SEC_METHOD,
        S_METHOD_RESPONDENTS, /* %s, %d: survey title, year */
        S_COL_RESPONDENTS,
        S_COL_STAFF,
        S_COL_RATE,
        S_METHOD_ALPHA, /* %s, %d: survey title, year */
        S_COL_ITEMS,
        S_COL_ALPHA,
        S_METHOD_ALPHA_NOTE,
        S_METHOD_RULES,
        S_METHOD_INDEX, /* %s %s %s %s: red_below, red_below, green_from, green_from */
        S_METHOD_GAP,   /* %s, %s: gap_yellow, gap_red */
        S_METHOD_MATURITY,
        S_METHOD_CI,
        S_METHOD_SUPPRESSION, /* %zu, %zu, %d: results withheld, results, minimum group size */
        S_METHOD_QUALITY,
        S_COL_WAVE,
        S_COL_READ,
        S_COL_ACCEPTED,
        S_COL_REJECTED,
        S_COL_WARNINGS,
        S_METHOD_QUALITY_NOTE,
        /* The analysts' workbook (src/workbook.c). */
        S_WB_SH_README,
        S_WB_SH_SUMMARY,
        S_WB_SH_DIMS,
        S_WB_SH_ITEMS,
        S_WB_SH_DIST,
        S_WB_SH_CHANGE,
        S_WB_SH_GAP,
        S_WB_SH_TESTS,
        S_WB_SH_STRATEGY,
        S_WB_SH_BREAKDOWNS,
        S_WB_SH_QUALITY,
        S_WB_SH_GAP_BD,
        S_WB_HELP_README,
        S_WB_HELP_SUMMARY,
        S_WB_HELP_DIMS,
        S_WB_HELP_ITEMS,
        S_WB_HELP_DIST,
        S_WB_HELP_CHANGE,
        S_WB_HELP_GAP,
        S_WB_HELP_TESTS,
        S_WB_HELP_STRATEGY,
        S_WB_HELP_BREAKDOWNS,
        S_WB_HELP_QUALITY,
        S_WB_HELP_GAP_BD,
        S_WB_SUM_LO,
        S_WB_SUM_HI,
        S_WB_HELP_PART,
        S_WB_HELP_WAVE,
        S_WB_HELP_GROUP,
        S_WB_HELP_GROUP_ID,
        S_WB_HELP_SUBJECT_ID,
        S_WB_HELP_BREAKDOWN_ID,
        S_WB_HELP_COMPARED,
        S_WB_HELP_GROUPS,
        S_WB_HELP_ANSWER_CODE,
        S_WB_HELP_STAT_CODE,
        S_WB_COL_SHEET,
        S_WB_COL_COLUMN,
        S_WB_COL_CODE,
        S_WB_COL_MEANING,
        S_WB_COL_MUNI_ID,
        S_WB_COL_DIM_ID,
        S_WB_COL_AREA_ID,
        S_WB_COL_QUESTION,
        S_WB_COL_ITEM_ID,
        S_WB_COL_SUBJECT,
        S_WB_COL_SUBJECT_ID,
        S_WB_COL_ANSWER_CODE,
        S_WB_COL_COMPARED,
        S_WB_COL_TEST,
        S_WB_COL_GROUPS,
        S_WB_COL_STATISTIC,
        S_WB_COL_STAT_CODE,
        S_WB_COL_VALUE,
        S_WB_COL_BREAKDOWN,
        S_WB_COL_CATEGORY,
        S_WB_COL_BREAKDOWN_ID,
        S_WB_COL_FILE,
        S_WB_COL_STATUS,
        S_WB_COL_ENCODING,
        S_WB_COL_DELIMITER,
        S_WB_READ_OK,
        S_WB_READ_EARLIER,
        S_WB_READ_FAILED,
        S_WB_TITLE, /* %s: region */
        S_WB_INTRO,
        S_WB_DATE,
        S_WB_SOURCE,
        S_WB_DEFINITIONS,
        S_WB_RULE_SUPPRESSION, /* %d, %s: minimum group size, the withheld word */
        S_WB_DEF_FIGURES,
        S_WB_DEF_SPLIT,
        S_WB_NOT_APPLICABLE,
        S_WB_NO_LIGHT,
        S_WB_SMALL_EXPECTED,
        S_WB_ST_RESPONDENTS,
        S_WB_ST_STAFF,
        S_WB_ST_RESPONSE_RATE,
        S_WB_ST_MISSING,
        S_WB_ST_DONTKNOW,
        S_WB_ST_DONTKNOW_PCT,
        S_WB_ST_MEAN,
        S_WB_ST_SD,
        S_WB_ST_CI_LO,
        S_WB_ST_CI_HI,
        S_WB_ST_MEDIAN,
        S_WB_ST_Q1,
        S_WB_ST_Q3,
        S_WB_ST_MIN,
        S_WB_ST_MAX,
        S_WB_ST_FAV_PCT,
        S_WB_ST_FAV_LO,
        S_WB_ST_FAV_HI,
        S_WB_ST_INDEX,
        S_WB_ST_INDEX_LO,
        S_WB_ST_INDEX_HI,
        S_WB_ST_MEAN_WEIGHTED,
        S_WB_ST_INDEX_WEIGHTED,
        S_WB_ST_COUNT,
        S_WB_ST_PCT,
        S_WB_ST_PCT_LO,
        S_WB_ST_PCT_HI,
        S_WB_ST_CHANGE_DIFF,
        S_WB_ST_CHANGE_LO,
        S_WB_ST_CHANGE_HI,
        S_WB_ST_T,
        S_WB_ST_DF,
        S_WB_ST_P,
        S_WB_ST_CURRENT,
        S_WB_ST_TARGET,
        S_WB_ST_GAP_LO,
        S_WB_ST_GAP_HI,
        S_WB_ST_GAP_LIGHT,
        S_WB_ST_MEAN_INDEX,
        S_WB_ST_ACTIONS,
        S_WB_ST_NOT_STARTED,
        S_WB_ST_PARTICIPATES_PCT,
        S_WB_T_WELCH,
        S_WB_T_ANOVA,
        S_WB_T_KW,
        S_WB_T_CHISQ,
        S_WB_T_PAIR,
        S_WB_T_REST,
        S_WB_T_F,
        S_WB_T_DF1,
        S_WB_T_DF2,
        S_WB_T_P_HOLM,
        S_WB_T_P_HOLM_DIMS,
        S_WB_T_ETA2,
        S_WB_T_H,
        S_WB_T_EPS2,
        S_WB_T_CHI2,
        S_WB_T_MIN_EXPECTED,
        S_WB_T_SMALL_SHARE,
        S_WB_T_CRAMER,
        S_WB_T_WARNING,
        S_WB_T_DIFF,
        S_WB_T_D,
        /* Document information. */
        S_INFO_SUBJECT_MUNI,   /* %s: municipality */
        S_INFO_SUBJECT_REGION, /* %s: region */
        S_INFO_KEYWORDS,
        /* Text alternatives and data tables (the figures' words for screen readers). */
        S_LIGHT_NAME_RED,
        S_LIGHT_NAME_YELLOW,
        S_LIGHT_NAME_GREEN,
        S_LIGHT_NAME_UNCERTAIN,
        S_LIGHT_NAME_SUPPRESSED,
        S_ALT_INDEX,    /* %s group: index %s (95% CI %s), %s light */
        S_ALT_NO_INDEX, /* %s group: %s (n < 5 or -) */
        S_ALT_RANGE,    /* lowest municipality %s %s, highest %s %s */
        S_DATA_TABLE,   /* %s: the figures as a table */
        S_COL_VALUE,
        S_COL_CI,
        S_COL_LIGHT,
        S_COL_N,
        S_ALT_LIKERT, /* %s title: favourable share by statement, highest first: %s list */
        S_COL_STATEMENT,
        S_COL_OPTION,
        S_COL_SHARE,
        S_COL_ANSWER,
        /* Peers at national scale (peers.h): rank ranges, peer groups, the national edition. */
        S_SEC_PEERS,
        S_PEERS_INTRO,      /* %zu: municipalities ranked at most */
        S_PEERS_GROUP,      /* %s, %s, %zu: municipality, group, members */
        S_PEERS_NO_GROUP,   /* %s: municipality */
        S_PEERS_LISTED,     /* the comparisons list the group */
        S_PEERS_NOT_LISTED, /* %d: most members listed */
        S_PEERS_SIZE_CLASS, /* %s, %s: staff from, to */
        S_PEERS_SIZE_TOP,   /* %s: staff from */
        S_PEERS_RANK,       /* %zu, %zu, %zu, %zu: rank, best, worst, ranked */
        S_PEERS_MEAN_CELL,  /* %s, %zu: index, municipalities averaged */
        S_COL_RANK_ALL,
        S_COL_PEER_INDEX,
        S_COL_RANK_PEER,
        S_NAT_CHART_INTRO, /* %zu, %s, %s: municipalities, region, its index */
        S_NAT_WITHHELD,    /* %zu, %d: municipalities withheld, minimum group size */
        S_NAT_RANK_AXIS,
        S_NAT_LIGHTS_TITLE,
        S_NAT_LIGHTS_INTRO, /* %zu: municipalities */
        S_SEC_APPENDIX,
        S_APPENDIX_INTRO,
        S_NAT_METHOD_NOTE, /* %s, %s, %s: median, lowest, highest response rate */
        S_PEERS_FIG_TITLE,
        S_PEERS_LEG_OTHERS,
        S_PEERS_LEG_GROUP,
        S_PEERS_LEG_SELF,
        S_PEERS_LEG_GROUP_INDEX,
        S_PEERS_ALT_ROW, /* %s, %s, %s, %s: dimension, index, CI, rank */
        S_COL_LOWEST,
        S_COL_MEDIAN,
        S_COL_HIGHEST,
        S_COUNT
};

/* Returns STRTAB_EN for "en", else STRTAB_FI (also for NULL). */
int strtab_lang(const char *code);

/* Returns the text of id in lang; never NULL ("" for an unknown id). */
const char *strtab_get(int lang, enum str id);

/*
 * Returns the first id that lacks a text in some language, or that is a
 * format string whose printf conversions differ from its specification (it
 * must have exactly the listed conversions, a literal % written %%), or -1
 * when every string is right. Other strings are never used as formats.
 */
int strtab_check(void);

#endif

/*
 * hyph.h - where a word may be broken at the end of a line: Finnish by
 * libvoikko with its Finnish dictionary (Debian voikko-fi), English by
 * libhyphen with the British English patterns (Debian hyphen-en-gb).
 *
 * Each language is opened once per process, on first use, and stays open
 * until hyph_close(). Every function is thread-safe (one lock around the
 * libraries, whose handles must not be used by two threads at once, and the
 * per-word cache). The report workers are forked processes: each opens its
 * own copy.
 */
#ifndef DM_HYPH_H
#define DM_HYPH_H

#include <stddef.h>

#include "util.h"

enum hyph_lang {
        HYPH_NONE, /* no hyphenation */
        HYPH_FI,   /* Finnish: libvoikko */
        HYPH_EN,   /* English: libhyphen, en-GB patterns */
};

/* Kinds of break points hyph_points() reports. */
enum hyph_point {
        HYPH_NO = 0,       /* no break here */
        HYPH_SYLLABLE = 1, /* a syllable boundary */
        HYPH_COMPOUND = 2, /* a boundary between the parts of a compound (preferred) */
};

/* Longest word (bytes) that is hyphenated; longer ones get no points. */
#define HYPH_MAX_WORD 128

/* The Debian locations of the dictionaries, named in error messages. */
#define HYPH_VOIKKO_DIR  "/usr/lib/voikko"
#define HYPH_EN_PATTERNS "/usr/share/hyphen/hyph_en_GB.dic"

/*
 * Opens lang's hyphenator unless it is open already. Returns 0, or -1 with e
 * set (DM_EX_SOFTWARE) naming the dictionary that could not be loaded, where
 * it was looked for and the Debian package to install. HYPH_NONE always
 * succeeds. A failure is remembered: later calls fail the same way.
 */
int hyph_open(enum hyph_lang lang, struct err *e);

/*
 * The break points of word (n bytes of UTF-8, one word: letters, maybe
 * inner hyphens or apostrophes): sets pts[0..n) so that pts[i] is an enum
 * hyph_point for a hyphen inserted before byte i (0 at bytes inside a
 * character, at 0, and next to an existing hyphen: a line may end after a
 * hyphen already). Words longer than HYPH_MAX_WORD, and every word when
 * lang is HYPH_NONE or not open, get no points. Results are cached per
 * word. Returns the number of points.
 */
size_t hyph_points(enum hyph_lang lang, const char *word, size_t n, unsigned char *pts);

/* Closes every open hyphenator and empties the cache (for tests and leak checks). */
void hyph_close(void);

#endif

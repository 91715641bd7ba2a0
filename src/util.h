/*
 * util.h - leaf utilities shared by every stage: error reports, checked
 * allocation, a growable string buffer and UTF-8 aware text normalisation.
 *
 * Ownership: a strbuf owns its bytes until strbuf_clear(); every other function
 * here either returns memory the caller frees with free() or borrows its inputs.
 */
#ifndef DM_UTIL_H
#define DM_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Exit codes, from sysexits.h, in one table so that main.c and the docs agree. */
enum dm_exit {
        DM_OK = 0,
        DM_EX_USAGE = 64,       /* bad command line */
        DM_EX_DATAERR = 65,     /* an input export is unreadable or broken */
        DM_EX_NOINPUT = 66,     /* an input file is missing */
        DM_EX_SOFTWARE = 70,    /* internal error */
        DM_EX_CANTCREAT = 73,   /* an output cannot be created */
        DM_EX_IOERR = 74,       /* an output write failed (disk full, ...) */
        DM_EX_TEMPFAIL = 75,    /* another run holds the lock */
        DM_EX_CONFIG = 78,      /* configuration or codebook error */
};

/*
 * A failure report filled by a function that returns non-zero. `msg` names the
 * place ("file:line: column "X": what was wrong") and `code` is the exit code
 * the driver should use (enum dm_exit).
 */
struct err {
        int code;       /* enum dm_exit; 0 while no error was set */
        char msg[1024]; /* human readable, without a trailing newline */
};

/* Sets e (when not NULL) and returns -1, so callers can `return err_set(...)`. */
int err_set(struct err *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Allocation that aborts the process on exhaustion (never on bad input). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/*
 * Finishes an output file opened for writing: flushes and closes fp (always),
 * keeping werr, the errno of an earlier failed write (0 when none), as the
 * first error. Returns 0, or -1 with e->code DM_EX_IOERR and "PATH: write
 * error: ..." in e.
 */
int output_close(FILE *fp, int werr, const char *path, struct err *e);

/*
 * Writes the n bytes of buf to a new file at path (replacing it) and closes it
 * checked. Returns 0, or -1 with e->code DM_EX_CANTCREAT when path cannot be
 * created, or DM_EX_IOERR when a write, the flush or the close fails (disk full).
 */
int output_write_file(const char *path, const void *buf, size_t n, struct err *e);

char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* A growable NUL-terminated byte buffer; zero-initialise or strbuf_init(). */
struct strbuf {
        char *buf;  /* NUL-terminated when len > 0 or after any append */
        size_t len; /* bytes used, not counting the NUL */
        size_t cap; /* bytes allocated */
};

void strbuf_init(struct strbuf *sb);
void strbuf_clear(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
void strbuf_addn(struct strbuf *sb, const char *s, size_t n);
/* Makes room for n more bytes and returns where they go; strbuf_commit(n) adds them. */
char *strbuf_reserve(struct strbuf *sb, size_t n);
void strbuf_commit(struct strbuf *sb, size_t n);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addc(struct strbuf *sb, char c);

/* Flags of strbuf_add_markup. */
enum {
        MARKUP_APOS = 1,     /* also escape ' as &apos; (XML attributes in either quote) */
        MARKUP_NL_SPACE = 2, /* write a line break as a space (HTML text), else keep it */
};

/*
 * Appends the n bytes of s to sb escaped for XML or HTML text and attributes:
 * & < > " as entities (and ' with MARKUP_APOS); other control characters but
 * tab and line break are left out, as XML 1.0 cannot carry them.
 */
void strbuf_add_markup(struct strbuf *sb, const char *s, size_t n, unsigned flags);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Returns the buffer's text ("" when empty); valid until the next change. */
const char *strbuf_str(const struct strbuf *sb);

/*
 * Returns a newly allocated key for tolerant matching, as a person reads text:
 * Unicode full case folding and NFC normalisation (libunistring), so that
 * "LESTIJÄRVI", "lestijärvi" and its NFD form (a + U+0308, as macOS writes)
 * give one key; non-breaking and repeated spaces folded to one space,
 * surrounding spaces and one trailing colon removed. Text that is not valid
 * UTF-8 keeps its stray bytes (only ASCII and Latin-1 letters are lowered),
 * so that two different damaged texts never share a key.
 */
char *text_key(const char *s);

/*
 * Returns the edit distance between a and b in code points (insertions,
 * deletions, substitutions and swaps of two neighbours, one edit each),
 * or INT_MAX when either is longer than 128 code points. Meant for text_key()
 * forms: "did you mean" hints.
 */
int text_distance(const char *a, const char *b);

/*
 * Returns 1 when a and b (text_key() forms) differ but are close enough to
 * be a typo of each other: never for 1-3 bytes, one edit for up to 8 bytes,
 * else one edit per 4 bytes of the longer. Returns 0 otherwise.
 */
int text_close(const char *a, const char *b);

/* Returns 1 when s is an id: letters, digits, '_', '-' or '.', not empty; else 0. */
int id_valid(const char *s);

/*
 * Writes s as one CSV field to fp: quoted when it holds delim, a quote, a line
 * break or surrounding spaces. With guard_formulas, a text that a spreadsheet
 * would run as a formula (starting with =, +, -, @, tab or CR) is quoted and
 * prefixed with ' so that it stays text.
 */
void csv_put_field(FILE *fp, const char *s, char delim, int guard_formulas);

/* The same as csv_put_field, appended to sb. */
void csv_add_field(struct strbuf *sb, const char *s, char delim, int guard_formulas);

/*
 * The same for s of len bytes, written at d, which has room for
 * csv_field_bound(len) bytes; returns the end of what was written.
 */
size_t csv_field_bound(size_t len);
char *csv_field_raw(char *d, const char *s, size_t len, char delim, int guard_formulas);

/*
 * Writes v (finite) to buf (at least DM_NUMBUF bytes) as %.15g when that reads
 * back to the same double, else %.16g, else %.17g (the C locale's decimal
 * point), and returns the length. Most values take an exact integer path that
 * is an order of magnitude faster than printf and strtod; the rest use them.
 */
#define DM_NUMBUF 40
size_t fmt_double(char *buf, double v);

/* Writes the decimal digits of x (with '-' when negative) to buf; returns the length. */
size_t fmt_integer(char *buf, long long x);

/* Returns 1 when s is valid UTF-8 (no overlongs, no surrogates), else 0. */
int utf8_valid(const char *s, size_t n);

/*
 * Returns a newly allocated safe ASCII file-name slug of s (NFC first): Finnish letters
 * folded (ä->a, ö->o, å->a), other runs of non-alphanumerics to one '-',
 * lowercase, at most 60 bytes, never empty ("x" for an empty result).
 */
char *slugify(const char *s);

/*
 * Parses a decimal number with '.' or ',' as the decimal separator, allowing
 * surrounding spaces, and a space, U+00A0 or U+202F as thousands separator
 * between groups of three digits of the whole part ("1 204,5"; not "12 04").
 * Returns 0 and sets *out, or -1 when s is not a number.
 */
int parse_decimal(const char *s, double *out);

/* Trims ASCII and non-breaking spaces from both ends in place; returns s. */
char *trim_inplace(char *s);

/*
 * Joins dir and name into a new string ("name" alone when it is absolute),
 * tidied lexically: "input/../output" becomes "output".
 */
char *path_join(const char *dir, const char *name);

/* Returns the directory part of path as a new string ("." when none). */
char *path_dirname(const char *path);

/*
 * A string-to-int hash map (open addressing). Keys are copied and owned by the
 * map; zero-initialise or strmap_init(), release with strmap_clear().
 */
struct strmap {
        char **keys;  /* NULL = empty slot */
        int *vals;
        size_t n;     /* keys stored */
        size_t cap;   /* slots, a power of two or 0 */
};

void strmap_init(struct strmap *m);
void strmap_clear(struct strmap *m);
/* Returns 1 and sets *val when key is present, else 0. */
int strmap_get(const struct strmap *m, const char *key, int *val);
/* Sets key to val, adding or replacing it. */
void strmap_put(struct strmap *m, const char *key, int val);

/* Returns the 64-bit XXH3 hash of n bytes (libxxhash, seed 0). */
uint64_t hash_bytes(const void *p, size_t n);

#endif

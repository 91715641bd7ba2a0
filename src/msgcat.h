/*
 * msgcat.h - the operator's language: a compiled-in Finnish catalog of every
 * message, run summary line and data-quality text, looked up by its English
 * printf format (gettext's model, without gettext's dependence on the locale,
 * which cron's empty environment breaks).
 *
 * Code writes messages in English, as format literals passed to err_set() or
 * another printf-like message function, or marked N_("...") when they are
 * plain strings kept in a table. msgcat_fmt() returns the Finnish format when
 * the language is Finnish and the catalog has one, else the English one.
 * Finnish formats may number their conversions (%2$s %1$s) where Finnish
 * word order differs; tests/test_msgcat.c checks that every format literal in
 * the sources (src/) has a Finnish entry whose conversions match.
 *
 * The language starts as English (so library users and unit tests get the
 * English they assert on); the driver sets it: msgcat_lang_from_env() before
 * the configuration is read, then the configuration's language.
 *
 * Ownership: every string returned is static.
 */
#ifndef DM_MSGCAT_H
#define DM_MSGCAT_H

#include <stdio.h>

enum msg_lang { MSG_FI = 0, MSG_EN = 1 };

/* Marks a plain string for the catalog; the lookup happens where it is used. */
#define N_(s) s

/* Sets the language of every later message (process-wide, not thread-local). */
void msgcat_set_lang(enum msg_lang lang);

/* Returns the current language. */
enum msg_lang msgcat_lang(void);

/*
 * Returns the language the environment asks for: DIGIMITTARI_LANG ("fi" or
 * "en") when set; else the first of LC_ALL, LC_MESSAGES, LANG that is set
 * and not empty: English when it starts with "en", else Finnish; Finnish when
 * none is set. Sets *forced (when not NULL) to 1 when DIGIMITTARI_LANG
 * decided, so that the configuration's language does not override it.
 */
enum msg_lang msgcat_lang_from_env(int *forced);

/* Returns the translation of english (a format or a N_ string), or english itself. */
const char *msgcat_fmt(const char *english) __attribute__((format_arg(1)));

/*
 * strerror(errnum) in the current language: Finnish for the errors an
 * operator meets (missing file, no permission, disk full, ...), else the C
 * library's English text.
 */
const char *msg_strerror(int errnum);

/* fprintf with the format translated first. */
int msg_fprintf(FILE *fp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The catalog itself, for tests/test_msgcat.c: n pairs {english, finnish}. */
struct msgcat_entry {
        const char *en;
        const char *fi;
};
const struct msgcat_entry *msgcat_entries(size_t *n);

#endif

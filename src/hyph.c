/*
 * hyph.c - line-break points inside words (see hyph.h).
 *
 * Finnish: libvoikko's hyphenator with "no ugly hyphenation" (no single
 * letter left at either end: "etä-työ", not "e-tä-työ"), plus the compound
 * boundaries of its morphological analysis (the '=' marks of STRUCTURE:
 * "=ppppppp=pppp" for "kypsyys=taso"), which the line breaker prefers.
 * English: libhyphen with the en-GB TeX patterns, at least two letters
 * before and three after a break.
 *
 * voikko and libhyphen are not free (a voikko call analyses the word), and
 * the same labels are wrapped many times while a report is laid out (at each
 * trial size of fit_lines), so results are cached per word.
 */
#include "hyph.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <hyphen.h>
#include <libvoikko/voikko.h>

#include "msgcat.h"

/* One cached word: its language, bytes and points. */
struct centry {
        unsigned char lang;
        size_t n;
        char *word;         /* n bytes, not NUL-terminated */
        unsigned char *pts; /* n points */
};

#define CACHE_SLOTS 4096 /* a power of two; emptied when 3/4 full */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct VoikkoHandle *voikko;
static HyphenDict *en_dict;
/* Per language: 0 not tried, 1 open, -1 failed (with its error). */
static int state[3];
static struct err fail[3];
static struct centry *cache;
static size_t ncache;

static int open_locked(enum hyph_lang lang)
{
        if (state[lang])
                return state[lang] > 0 ? 0 : -1;
        if (lang == HYPH_FI) {
                const char *verr = NULL;
                voikko = voikkoInit(&verr, "fi", NULL);
                if (!voikko) {
                        err_set(&fail[lang], DM_EX_SOFTWARE,
                                "Finnish hyphenation: libvoikko cannot load its Finnish dictionary "
                                "(%s; looked in %s and VOIKKO_DICTIONARY_PATH); install the Debian "
                                "package voikko-fi",
                                verr ? verr : "no reason given", HYPH_VOIKKO_DIR);
                        state[lang] = -1;
                        return -1;
                }
                voikkoSetBooleanOption(voikko, VOIKKO_OPT_NO_UGLY_HYPHENATION, 1);
                voikkoSetBooleanOption(voikko, VOIKKO_OPT_HYPHENATE_UNKNOWN_WORDS, 1);
        } else if (lang == HYPH_EN) {
                errno = 0;
                en_dict = hnj_hyphen_load(HYPH_EN_PATTERNS);
                if (!en_dict) {
                        err_set(
                            &fail[lang], DM_EX_SOFTWARE,
                            "%s: English hyphenation patterns cannot be loaded (%s); install the "
                            "Debian package hyphen-en-gb",
                            HYPH_EN_PATTERNS, errno ? msg_strerror(errno) : "not a pattern file");
                        state[lang] = -1;
                        return -1;
                }
        }
        state[lang] = 1;
        return 0;
}

int hyph_open(enum hyph_lang lang, struct err *e)
{
        if (lang == HYPH_NONE)
                return 0;
        pthread_mutex_lock(&lock);
        int rc = open_locked(lang);
        if (rc && e)
                *e = fail[lang];
        pthread_mutex_unlock(&lock);
        return rc;
}

static int is_start(unsigned char b)
{
        return (b & 0xC0) != 0x80;
}

/* Finnish points of word (NUL-terminated, n bytes) into pts. */
static void points_fi(const char *word, size_t n, unsigned char *pts)
{
        char *pat = voikkoHyphenateCstr(voikko, word);
        if (!pat)
                return;
        /* pat has one mark per character: '-' a break before it, '=' an existing hyphen. */
        size_t k = 0, plen = strlen(pat);
        size_t off[HYPH_MAX_WORD + 1];
        for (size_t i = 0; i < n; i++) {
                if (!is_start((unsigned char)word[i]))
                        continue;
                off[k] = i;
                if (k < plen && pat[k] == '-' && i > 0)
                        pts[i] = HYPH_SYLLABLE;
                k++;
        }
        size_t nchars = k;
        voikkoFreeCstr(pat);
        /* Compound boundaries: '=' marks of the first analysis's STRUCTURE, one letter per char. */
        struct voikko_mor_analysis **a = voikkoAnalyzeWordCstr(voikko, word);
        if (!a)
                return;
        char *st = a[0] ? voikko_mor_analysis_value_cstr(a[0], "STRUCTURE") : NULL;
        if (st) {
                size_t c = 0, letters = 0;
                for (const char *s = st; *s; s++)
                        letters += *s != '=';
                if (letters == nchars)
                        for (const char *s = st; *s; s++) {
                                if (*s != '=') {
                                        c++;
                                        continue;
                                }
                                if (c > 0 && c < nchars && pts[off[c]] == HYPH_SYLLABLE)
                                        pts[off[c]] = HYPH_COMPOUND;
                        }
                voikko_free_mor_analysis_value_cstr(st);
        }
        voikko_free_mor_analysis(a);
}

/* English points of word (n bytes) into pts. */
static void points_en(const char *word, size_t n, unsigned char *pts)
{
        char low[HYPH_MAX_WORD + 1];
        for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char)word[i];
                low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        low[n] = '\0';
        char hy[HYPH_MAX_WORD + 5];
        char **rep = NULL;
        int *pos = NULL, *cut = NULL;
        if (hnj_hyphen_hyphenate3(en_dict, low, (int)n, hy, NULL, &rep, &pos, &cut, 2, 3, 2, 3) ==
            0) {
                /* hy[i] odd: a break after byte i. Replacement rules (rep) are not used. */
                for (size_t i = 0; i + 1 < n; i++)
                        if ((hy[i] & 1) && is_start((unsigned char)word[i + 1]) && !rep)
                                pts[i + 1] = HYPH_SYLLABLE;
        }
        if (rep) {
                for (size_t i = 0; i < n; i++)
                        free(rep[i]);
                free(rep);
        }
        free(pos);
        free(cut);
}

static uint64_t hash(unsigned char lang, const char *s, size_t n)
{
        uint64_t h = 1469598103934665603ULL ^ lang;
        for (size_t i = 0; i < n; i++)
                h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
        return h;
}

static void cache_clear(void)
{
        if (!cache)
                return;
        for (size_t i = 0; i < CACHE_SLOTS; i++) {
                free(cache[i].word);
                free(cache[i].pts);
        }
        memset(cache, 0, CACHE_SLOTS * sizeof *cache);
        ncache = 0;
}

size_t hyph_points(enum hyph_lang lang, const char *word, size_t n, unsigned char *pts)
{
        memset(pts, 0, n);
        if (lang == HYPH_NONE || n < 4 || n > HYPH_MAX_WORD)
                return 0;
        pthread_mutex_lock(&lock);
        if (open_locked(lang)) {
                pthread_mutex_unlock(&lock);
                return 0;
        }
        if (!cache)
                cache = xcalloc(CACHE_SLOTS, sizeof *cache);
        size_t slot = (size_t)hash((unsigned char)lang, word, n) & (CACHE_SLOTS - 1);
        while (cache[slot].word) {
                struct centry *c = &cache[slot];
                if (c->lang == lang && c->n == n && !memcmp(c->word, word, n)) {
                        memcpy(pts, c->pts, n);
                        goto done;
                }
                slot = (slot + 1) & (CACHE_SLOTS - 1);
        }
        char buf[HYPH_MAX_WORD + 1];
        memcpy(buf, word, n);
        buf[n] = '\0';
        if (lang == HYPH_FI)
                points_fi(buf, n, pts);
        else
                points_en(buf, n, pts);
        /* Never next to an existing hyphen: the line breaker ends a line after it. */
        for (size_t i = 1; i < n; i++)
                if (word[i] == '-' || word[i - 1] == '-')
                        pts[i] = HYPH_NO;
        if (ncache >= CACHE_SLOTS / 4 * 3) {
                cache_clear();
                slot = (size_t)hash((unsigned char)lang, word, n) & (CACHE_SLOTS - 1);
        }
        cache[slot].lang = (unsigned char)lang;
        cache[slot].n = n;
        cache[slot].word = xmalloc(n);
        memcpy(cache[slot].word, word, n);
        cache[slot].pts = xmalloc(n);
        memcpy(cache[slot].pts, pts, n);
        ncache++;
done:
        pthread_mutex_unlock(&lock);
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
                k += pts[i] != HYPH_NO;
        return k;
}

void hyph_close(void)
{
        pthread_mutex_lock(&lock);
        cache_clear();
        free(cache);
        cache = NULL;
        if (voikko)
                voikkoTerminate(voikko);
        voikko = NULL;
        if (en_dict)
                hnj_hyphen_free(en_dict);
        en_dict = NULL;
        memset(state, 0, sizeof state);
        pthread_mutex_unlock(&lock);
}

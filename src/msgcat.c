/*
 * msgcat.c - the Finnish message catalog and its lookup (see msgcat.h).
 * A leaf module: includes nothing of ours but its header.
 */
#include "msgcat.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const struct msgcat_entry catalog[] = {
#include "msgcat_fi.h"
};

#define NCATALOG (sizeof catalog / sizeof catalog[0])

static enum msg_lang cur_lang = MSG_EN;
static const struct msgcat_entry *sorted[NCATALOG];
static pthread_once_t sort_once = PTHREAD_ONCE_INIT;

static int by_en(const void *a, const void *b)
{
        const struct msgcat_entry *const *x = a, *const *y = b;
        return strcmp((*x)->en, (*y)->en);
}

static void sort_catalog(void)
{
        for (size_t i = 0; i < NCATALOG; i++)
                sorted[i] = &catalog[i];
        qsort(sorted, NCATALOG, sizeof sorted[0], by_en);
}

void msgcat_set_lang(enum msg_lang lang)
{
        pthread_once(&sort_once, sort_catalog);
        cur_lang = lang;
}

enum msg_lang msgcat_lang(void)
{
        return cur_lang;
}

enum msg_lang msgcat_lang_from_env(int *forced)
{
        if (forced)
                *forced = 0;
        const char *v = getenv("DIGIMITTARI_LANG");
        if (v && *v) {
                if (forced)
                        *forced = 1;
                return strncmp(v, "en", 2) ? MSG_FI : MSG_EN;
        }
        static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
        for (size_t i = 0; i < 3; i++) {
                v = getenv(vars[i]);
                if (v && *v)
                        return strncmp(v, "en", 2) ? MSG_FI : MSG_EN;
        }
        return MSG_FI;
}

static int key_cmp(const void *key, const void *elem)
{
        const struct msgcat_entry *const *e = elem;
        return strcmp(key, (*e)->en);
}

const char *msgcat_fmt(const char *english)
{
        if (cur_lang != MSG_FI || !english)
                return english;
        pthread_once(&sort_once, sort_catalog);
        const struct msgcat_entry *const *hit =
            bsearch(english, sorted, NCATALOG, sizeof sorted[0], key_cmp);
        return hit ? (*hit)->fi : english;
}

const char *msg_strerror(int errnum)
{
        static const struct {
                int err;
                const char *fi;
        } fi_errors[] = {
            {ENOENT, "tiedostoa tai kansiota ei ole"},
            {EACCES, "ei käyttöoikeutta"},
            {EPERM, "toiminto ei ole sallittu"},
            {ENOSPC, "levy on täynnä"},
            {EDQUOT, "levykiintiö on täynnä"},
            {EROFS, "levy on vain luettavissa"},
            {EISDIR, "on kansio"},
            {ENOTDIR, "polun osa ei ole kansio"},
            {EIO, "levyn luku- tai kirjoitusvirhe"},
            {EEXIST, "on jo olemassa"},
            {EMFILE, "liian monta avointa tiedostoa"},
            {ENOMEM, "muisti ei riitä"},
            {ENAMETOOLONG, "nimi on liian pitkä"},
            {ELOOP, "liian monta symbolista linkkiä"},
            {EBUSY, "laite tai resurssi on varattu"},
        };
        if (cur_lang == MSG_FI)
                for (size_t i = 0; i < sizeof fi_errors / sizeof fi_errors[0]; i++)
                        if (fi_errors[i].err == errnum)
                                return fi_errors[i].fi;
        return strerror(errnum);
}

int msg_fprintf(FILE *fp, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        int n = vfprintf(fp, msgcat_fmt(fmt), ap);
        va_end(ap);
        return n;
}

const struct msgcat_entry *msgcat_entries(size_t *n)
{
        *n = NCATALOG;
        return catalog;
}

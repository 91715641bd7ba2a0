/*
 * datadir.c - finds the data folder relative to the executable (see datadir.h).
 */
#include "datadir.h"

#include "msgcat.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int is_dir(const char *p)
{
        struct stat st;
        return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folder of the running executable, as a new string, or NULL. */
static char *exe_dir(void)
{
        char buf[PATH_MAX];
        ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
        if (n <= 0)
                return NULL;
        buf[n] = 0;
        return path_dirname(buf);
}

char *datadir_get(struct err *e)
{
        const char *env = getenv("DIGIMITTARI_DATADIR");
        if (env && *env) {
                if (is_dir(env))
                        return xstrdup(env);
                err_set(e, DM_EX_SOFTWARE,
                        "%s: no such folder (DIGIMITTARI_DATADIR); it should hold the fonts "
                        "that make install puts in PREFIX/share/digimittari",
                        env);
                return NULL;
        }
        char *bin = exe_dir();
        if (!bin) {
                err_set(e, DM_EX_SOFTWARE,
                        "cannot find the program's own folder (/proc/self/exe): %s; set "
                        "DIGIMITTARI_DATADIR to PREFIX/share/digimittari",
                        msg_strerror(errno));
                return NULL;
        }
        static const char *const rel[] = {"../share/digimittari", "share/digimittari"};
        char *tried[2];
        for (size_t i = 0; i < 2; i++) {
                tried[i] = path_join(bin, rel[i]);
                if (is_dir(tried[i])) {
                        char *found = tried[i];
                        for (size_t k = 0; k < i; k++)
                                free(tried[k]);
                        free(bin);
                        return found;
                }
        }
        err_set(e, DM_EX_SOFTWARE,
                "no data folder: neither %s nor %s exists; the installation is incomplete "
                "(make install puts the fonts in PREFIX/share/digimittari)",
                tried[0], tried[1]);
        free(tried[0]);
        free(tried[1]);
        free(bin);
        return NULL;
}

char *datadir_file(const char *rel, struct err *e)
{
        char *dir = datadir_get(e);
        if (!dir)
                return NULL;
        char *p = path_join(dir, rel);
        free(dir);
        struct stat st;
        int rc = stat(p, &st);
        if (rc != 0 || !S_ISREG(st.st_mode)) {
                err_set(e, DM_EX_SOFTWARE,
                        "%s: cannot open: %s; the installation is incomplete (make install "
                        "puts it there)",
                        p, rc ? msg_strerror(errno) : "not a regular file");
                free(p);
                return NULL;
        }
        return p;
}

/*
 * atomicfile.c - temporary file, fsync, rename (see atomicfile.h).
 */
#include "atomicfile.h"

#include "msgcat.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int atomicfile_open(struct atomicfile *af, const char *path, struct err *e)
{
        memset(af, 0, sizeof *af);
        char *dir = path_dirname(path);
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        struct strbuf sb;
        strbuf_init(&sb);
        strbuf_addf(&sb, "%s/.%s.tmp-XXXXXX", dir, base);
        int fd = mkstemp(sb.buf);
        if (fd < 0) {
                err_set(e, DM_EX_CANTCREAT, "%s: cannot create an output in folder %s: %s", path,
                        dir, msg_strerror(errno));
                free(dir);
                strbuf_clear(&sb);
                return -1;
        }
        free(dir);
        /* mkstemp makes the file private; give it the mode a plain fopen would. */
        mode_t um = umask(0);
        umask(um);
        fchmod(fd, 0666 & ~um);
        af->fp = fdopen(fd, "wb");
        if (!af->fp) {
                err_set(e, DM_EX_CANTCREAT, "%s: %s", sb.buf, msg_strerror(errno));
                close(fd);
                unlink(sb.buf);
                strbuf_clear(&sb);
                return -1;
        }
        af->tmp = sb.buf;
        af->path = xstrdup(path);
        return 0;
}

static void release(struct atomicfile *af)
{
        free(af->tmp);
        free(af->path);
        memset(af, 0, sizeof *af);
}

/* Returns 1 when files a and b exist and hold the same bytes. */
static int same_bytes(const char *a, const char *b)
{
        struct stat sa, sb;
        if (stat(a, &sa) != 0 || stat(b, &sb) != 0 || sa.st_size != sb.st_size)
                return 0;
        FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
        int same = fa && fb;
        char *ba = xmalloc(65536), *bb = xmalloc(65536);
        while (same) {
                size_t na = fread(ba, 1, 65536, fa), nb = fread(bb, 1, 65536, fb);
                if (na != nb || memcmp(ba, bb, na))
                        same = 0;
                if (na < 65536)
                        break;
        }
        if (same && (ferror(fa) || ferror(fb)))
                same = 0;
        if (fa)
                fclose(fa);
        if (fb)
                fclose(fb);
        free(ba);
        free(bb);
        return same;
}

static int finish(struct atomicfile *af, int only_if_changed, int *changed, struct err *e);

int atomicfile_commit(struct atomicfile *af, struct err *e)
{
        return finish(af, 0, NULL, e);
}

int atomicfile_commit_if_changed(struct atomicfile *af, int *changed, struct err *e)
{
        return finish(af, 1, changed, e);
}

static int finish(struct atomicfile *af, int only_if_changed, int *changed, struct err *e)
{
        int rc = 0;
        if (changed)
                *changed = 0;
        if (fflush(af->fp) != 0 || ferror(af->fp)) {
                rc = err_set(e, DM_EX_IOERR, "%s: write failed: %s", af->path, msg_strerror(errno));
        } else if (fsync(fileno(af->fp)) != 0 && errno != EINVAL) {
                rc = err_set(e, DM_EX_IOERR, "%s: sync failed: %s", af->path, msg_strerror(errno));
        }
        if (fclose(af->fp) != 0 && !rc)
                rc = err_set(e, DM_EX_IOERR, "%s: write failed: %s", af->path, msg_strerror(errno));
        af->fp = NULL;
        if (!rc && only_if_changed && same_bytes(af->tmp, af->path)) {
                unlink(af->tmp);
                release(af);
                return 0;
        }
        if (!rc && changed)
                *changed = 1;
        if (!rc && rename(af->tmp, af->path) != 0)
                rc = err_set(e, DM_EX_IOERR, "%s: cannot rename the finished output into place: %s",
                             af->path, msg_strerror(errno));
        if (rc)
                unlink(af->tmp);
        release(af);
        return rc;
}

/* What identifies a file's version: device, inode, size, mtime. */
static struct af_fileid file_id(int fd)
{
        struct stat st;
        struct af_fileid id = {0, 0, -1, 0, 0};
        if (fstat(fd, &st) == 0) {
                id.dev = (unsigned long long)st.st_dev;
                id.ino = (unsigned long long)st.st_ino;
                id.size = (long long)st.st_size;
                id.mtime_s = (long long)st.st_mtim.tv_sec;
                id.mtime_ns = (long)st.st_mtim.tv_nsec;
        }
        return id;
}

/* Returns 1 when path is still the file version id describes. */
static int still_same_file(const char *path, const struct af_fileid *id)
{
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return 0;
        struct af_fileid now = file_id(fd);
        close(fd);
        return id->size >= 0 && now.dev == id->dev && now.ino == id->ino && now.size == id->size &&
               now.mtime_s == id->mtime_s && now.mtime_ns == id->mtime_ns;
}

void atomicfile_write(struct atomicfile *af, const void *buf, size_t n)
{
        if (!n)
                return;
        if (af->off == 0 && af->known == AF_UNKNOWN) {
                af->old = fopen(af->path, "rb");
                if (!af->old)
                        af->known = AF_DIFFERS;
                else
                        af->old_id = file_id(fileno(af->old));
        }
        if (fwrite(buf, 1, n, af->fp) != n) {
                /* The write error shows at commit; compare no further. */
                if (af->old)
                        fclose(af->old);
                af->old = NULL;
                af->known = AF_DIFFERS;
                return;
        }
        if (af->old) {
                static _Thread_local char cmp[1 << 16];
                for (size_t done = 0; done < n && af->old;) {
                        size_t want = n - done < sizeof cmp ? n - done : sizeof cmp;
                        if (fread(cmp, 1, want, af->old) != want ||
                            memcmp(cmp, (const char *)buf + done, want)) {
                                fclose(af->old);
                                af->old = NULL;
                                af->known = AF_DIFFERS;
                        }
                        done += want;
                }
        }
        af->off += (long long)n;
}

void atomicfile_write_end(struct atomicfile *af)
{
        if (af->off == 0 && af->known == AF_UNKNOWN) {
                /* Nothing was written: the same only when the final file is empty. */
                struct stat st;
                af->known = stat(af->path, &st) == 0 && st.st_size == 0 ? AF_SAME : AF_DIFFERS;
        }
        if (af->old) {
                af->known = fgetc(af->old) == EOF && !ferror(af->old) ? AF_SAME : AF_DIFFERS;
                fclose(af->old);
                af->old = NULL;
        }
        if (fflush(af->fp) == 0)
                fdatasync(fileno(af->fp));
}

void atomicfile_abort(struct atomicfile *af)
{
        if (af->old)
                fclose(af->old);
        if (af->fp)
                fclose(af->fp);
        if (af->tmp)
                unlink(af->tmp);
        release(af);
}

const char *atomicfile_tmp_path(const struct atomicfile *af)
{
        return af->tmp;
}

/*
 * Returns 1 for the names atomicfile_open() and outset_commit() make:
 * ".NAME.tmp-XXXXXX" (mkstemp's six letters and digits) and the same with
 * "-old" (the earlier version kept while replacing it).
 */
static int is_temp_name(const char *name)
{
        if (name[0] != '.')
                return 0;
        const char *t = NULL;
        for (const char *p = strstr(name + 1, ".tmp-"); p; p = strstr(p + 1, ".tmp-"))
                t = p;
        if (!t || t == name + 1)
                return 0;
        t += 5;
        for (int i = 0; i < 6; i++)
                if (!isalnum((unsigned char)t[i]))
                        return 0;
        return t[6] == 0 || !strcmp(t + 6, "-old");
}

int atomicfile_sweep(const char *dir)
{
        DIR *d = opendir(dir);
        if (!d)
                return 0;
        int n = 0;
        struct dirent *de;
        while ((de = readdir(d))) {
                if (!is_temp_name(de->d_name))
                        continue;
                char *p = path_join(dir, de->d_name);
                if (unlink(p) == 0)
                        n++;
                free(p);
        }
        closedir(d);
        return n;
}

void outset_init(struct outset *s)
{
        memset(s, 0, sizeof *s);
}

int outset_add(struct outset *s, struct atomicfile *af, struct err *e)
{
        int rc = 0;
        if (fflush(af->fp) != 0 || ferror(af->fp))
                rc = err_set(e, DM_EX_IOERR, "%s: write failed: %s", af->path, msg_strerror(errno));
        else if (fsync(fileno(af->fp)) != 0 && errno != EINVAL)
                rc = err_set(e, DM_EX_IOERR, "%s: sync failed: %s", af->path, msg_strerror(errno));
        if (fclose(af->fp) != 0 && !rc)
                rc = err_set(e, DM_EX_IOERR, "%s: write failed: %s", af->path, msg_strerror(errno));
        af->fp = NULL;
        if (rc) {
                unlink(af->tmp);
                release(af);
                return -1;
        }
        s->f = xrealloc(s->f, (s->n + 1) * sizeof *s->f);
        s->f[s->n].tmp = af->tmp;
        s->f[s->n].path = af->path;
        s->f[s->n].known = af->known;
        s->f[s->n].old_id = af->old_id;
        s->n++;
        af->tmp = af->path = NULL;
        release(af);
        return 0;
}

static void outset_forget(struct outset *s)
{
        for (size_t i = 0; i < s->n; i++) {
                free(s->f[i].tmp);
                free(s->f[i].path);
        }
        free(s->f);
        s->f = NULL;
        s->n = 0;
}

static void clear_replaced(struct outset *s)
{
        for (size_t i = 0; i < s->nreplaced; i++)
                free(s->replaced[i]);
        free(s->replaced);
        s->replaced = NULL;
        s->nreplaced = 0;
}

int outset_commit(struct outset *s, struct err *e)
{
        clear_replaced(s);
        /* State per file: 0 untouched, 1 unchanged (tmp removed), 2 replaced. */
        unsigned char *state = xcalloc(s->n ? s->n : 1, 1);
        char **backup = xcalloc(s->n ? s->n : 1, sizeof *backup);
        int rc = 0;
        size_t i;
        for (i = 0; i < s->n && !rc; i++) {
                struct outset_file *f = &s->f[i];
                /* Found the same while writing, and nobody has replaced it since. */
                int same = f->known == AF_SAME && still_same_file(f->path, &f->old_id);
                if (same || (f->known != AF_DIFFERS && same_bytes(f->tmp, f->path))) {
                        unlink(f->tmp);
                        state[i] = 1;
                        continue;
                }
                struct stat sb;
                if (stat(f->path, &sb) == 0) {
                        struct strbuf b;
                        strbuf_init(&b);
                        strbuf_addf(&b, "%s-old", f->tmp);
                        if (link(f->path, b.buf) != 0) {
                                rc = err_set(e, DM_EX_IOERR,
                                             "%s: cannot keep the earlier version while "
                                             "replacing it: %s",
                                             f->path, msg_strerror(errno));
                                strbuf_clear(&b);
                                break;
                        }
                        backup[i] = b.buf;
                }
                if (rename(f->tmp, f->path) != 0) {
                        rc = err_set(e, DM_EX_IOERR,
                                     "%s: cannot rename the finished output into place: %s",
                                     f->path, msg_strerror(errno));
                        break;
                }
                state[i] = 2;
        }
        if (rc) {
                /* Put back every output this commit replaced. */
                for (size_t k = 0; k < s->n; k++) {
                        if (state[k] == 2) {
                                if (backup[k])
                                        rename(backup[k], s->f[k].path);
                                else
                                        unlink(s->f[k].path);
                        } else if (state[k] == 0) {
                                unlink(s->f[k].tmp);
                        }
                }
        } else {
                for (size_t k = 0; k < s->n; k++) {
                        if (state[k] != 2)
                                continue;
                        s->replaced =
                            xrealloc(s->replaced, (s->nreplaced + 1) * sizeof *s->replaced);
                        s->replaced[s->nreplaced++] = xstrdup(s->f[k].path);
                }
        }
        for (size_t k = 0; k < s->n; k++) {
                if (backup[k]) {
                        unlink(backup[k]);
                        free(backup[k]);
                }
        }
        free(backup);
        free(state);
        outset_forget(s);
        return rc;
}

void outset_abort(struct outset *s)
{
        for (size_t i = 0; i < s->n; i++)
                unlink(s->f[i].tmp);
        outset_forget(s);
}

void outset_clear(struct outset *s)
{
        outset_abort(s);
        clear_replaced(s);
}

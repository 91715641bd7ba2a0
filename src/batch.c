/*
 * batch.c - the `run` command: lock, hash inputs, compare with the manifest,
 * ingest and compute, write what changed, render the reports whose data
 * changed, record the manifest and a run-log line.
 */
#include "batch.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "atomicfile.h"
#include "codebook.h"
#include "report.h"

#define HASH_HEX 33 /* 128-bit hash as hex, with NUL */

void batch_outcome_clear(struct batch_outcome *o)
{
        pipeline_result_clear(&o->pr);
        for (size_t i = 0; i < o->nredone; i++)
                free(o->redone[i]);
        free(o->redone);
        memset(o, 0, sizeof *o);
}

static void note_redone(struct batch_outcome *o, const char *path)
{
        const char *base = strrchr(path, '/');
        o->redone = xrealloc(o->redone, (o->nredone + 1) * sizeof *o->redone);
        o->redone[o->nredone++] = xstrdup(base ? base + 1 : path);
}

static void hex128(XXH128_hash_t h, char out[HASH_HEX])
{
        snprintf(out, HASH_HEX, "%016llx%016llx", (unsigned long long)h.high64,
                 (unsigned long long)h.low64);
}

/* Hashes a file's bytes into st. Returns 0, or -1 when it cannot be read. */
static int hash_file_into(XXH3_state_t *st, const char *path)
{
        FILE *fp = fopen(path, "rb");
        if (!fp)
                return -1;
        static char buf[1 << 16];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
                XXH3_128bits_update(st, buf, n);
        int bad = ferror(fp);
        fclose(fp);
        return bad ? -1 : 0;
}

/* Sets out to the hash of a file's bytes; "missing" when it cannot be read. */
static void hash_file(const char *path, char out[HASH_HEX])
{
        XXH3_state_t *st = XXH3_createState();
        XXH3_128bits_reset(st);
        if (hash_file_into(st, path))
                snprintf(out, HASH_HEX, "missing");
        else
                hex128(XXH3_128bits_digest(st), out);
        XXH3_freeState(st);
}

static void hash_str(XXH3_state_t *st, const char *s)
{
        XXH3_128bits_update(st, s, strlen(s) + 1);
}

/* The fixed inputs every output depends on: version, configuration, codebooks, fonts. */
static void hash_common(XXH3_state_t *st, const struct config *cfg)
{
        char h[HASH_HEX];
        hash_str(st, DM_VERSION);
        hash_file(cfg->path, h);
        hash_str(st, h);
        for (size_t i = 0; i < cfg->ninstruments; i++) {
                hash_file(cfg->instruments[i].codebook_path, h);
                hash_str(st, h);
        }
        const char *regs[] = {cfg->actions_file, cfg->indicators_file};
        for (size_t i = 0; i < 2; i++) {
                if (regs[i])
                        hash_file(regs[i], h);
                hash_str(st, regs[i] ? h : "");
        }
        const char *sde = getenv("SOURCE_DATE_EPOCH");
        hash_str(st, sde ? sde : "");
}

/* ------------------------------------------------------------------------
 * Manifest: "NAME<TAB>INPUTS<TAB>CONTENT" lines; NAME "@run" holds the key of
 * the last complete run.
 */

struct mentry {
        char *name;
        char inputs[HASH_HEX];
        char content[HASH_HEX];
};

struct manifest {
        struct mentry *e;
        size_t n;
};

static void manifest_clear(struct manifest *m)
{
        for (size_t i = 0; i < m->n; i++)
                free(m->e[i].name);
        free(m->e);
        memset(m, 0, sizeof *m);
}

static struct mentry *manifest_find(struct manifest *m, const char *name)
{
        for (size_t i = 0; i < m->n; i++)
                if (!strcmp(m->e[i].name, name))
                        return &m->e[i];
        return NULL;
}

static void manifest_set(struct manifest *m, const char *name, const char *inputs,
                         const char *content)
{
        struct mentry *x = manifest_find(m, name);
        if (!x) {
                m->e = xrealloc(m->e, (m->n + 1) * sizeof *m->e);
                x = &m->e[m->n++];
                x->name = xstrdup(name);
        }
        snprintf(x->inputs, HASH_HEX, "%s", inputs);
        snprintf(x->content, HASH_HEX, "%s", content);
}

static void manifest_read(struct manifest *m, const char *path)
{
        memset(m, 0, sizeof *m);
        FILE *fp = fopen(path, "r");
        if (!fp)
                return;
        char line[1024];
        while (fgets(line, sizeof line, fp)) {
                char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
                if (!t1 || !t2)
                        continue;
                *t1 = *t2 = '\0';
                t2[1 + strcspn(t2 + 1, "\r\n")] = '\0';
                manifest_set(m, line, t1 + 1, t2 + 1);
        }
        fclose(fp);
}

static int cmp_entry(const void *a, const void *b)
{
        return strcmp(((const struct mentry *)a)->name, ((const struct mentry *)b)->name);
}

static int manifest_write(struct manifest *m, const char *path, struct err *e)
{
        qsort(m->e, m->n, sizeof *m->e, cmp_entry);
        struct atomicfile af;
        if (atomicfile_open(&af, path, e))
                return -1;
        fputs("# digimittari manifest: output, hash of its inputs, hash of its bytes\n", af.fp);
        for (size_t i = 0; i < m->n; i++)
                fprintf(af.fp, "%s\t%s\t%s\n", m->e[i].name, m->e[i].inputs, m->e[i].content);
        return atomicfile_commit_if_changed(&af, NULL, e);
}

/* Returns 1 when every output the manifest lists still holds the recorded bytes. */
static int outputs_intact(const struct config *cfg, struct manifest *m)
{
        for (size_t i = 0; i < m->n; i++) {
                if (m->e[i].name[0] == '@')
                        continue;
                char *p = path_join(cfg->output, m->e[i].name);
                char h[HASH_HEX];
                hash_file(p, h);
                free(p);
                if (strcmp(h, m->e[i].content))
                        return 0;
        }
        return 1;
}

/* ------------------------------------------------------------------------
 * Reports.
 */

/* Is wave w shown by edition ed (directly, or as the earlier wave of one)? */
static int edition_uses(const struct config *cfg, const struct edition *ed, size_t w)
{
        for (size_t i = 0; i < ed->nwaves; i++) {
                int x = ed->waves[i];
                if ((size_t)x == w || cfg->waves[x].compare == (int)w)
                        return 1;
        }
        return 0;
}

/* Hash of everything an edition's reports show: common inputs and its result rows. */
static void edition_key(const struct config *cfg, const struct results *res, size_t ed,
                        char out[HASH_HEX])
{
        XXH3_state_t *st = XXH3_createState();
        XXH3_128bits_reset(st);
        hash_common(st, cfg);
        hash_str(st, cfg->editions[ed].id);
        for (size_t i = 0; i < results_count(res); i++) {
                const struct result_row *r = results_row(res, i);
                int w = config_find_wave(cfg, r->wave);
                if (w >= 0 && !edition_uses(cfg, &cfg->editions[ed], (size_t)w))
                        continue;
                const char *f[] = {r->wave, r->group, r->breakdown, r->subject,
                                   r->statistic, r->category, r->note};
                for (size_t k = 0; k < sizeof f / sizeof f[0]; k++)
                        hash_str(st, f[k]);
                if (r->text)
                        hash_str(st, r->text);
                XXH3_128bits_update(st, &r->value, sizeof r->value);
                XXH3_128bits_update(st, &r->n, sizeof r->n);
        }
        hex128(XXH3_128bits_digest(st), out);
        XXH3_freeState(st);
}

static void progress(int on, const char *what, size_t done, size_t total)
{
        if (!on || !total)
                return;
        int width = 30, fill = (int)(done * (size_t)width / total);
        fprintf(stderr, "\r%s [%.*s%*s] %zu/%zu", what, fill,
                "##############################", width - fill, "", done, total);
        if (done == total)
                fputc('\n', stderr);
        fflush(stderr);
}

/* Renders one report atomically; sets *changed when its bytes changed. */
static int render_one(const struct config *cfg, const struct results *res, size_t ed, int muni,
                      const char *path, int *changed, struct err *e)
{
        struct atomicfile af;
        if (atomicfile_open(&af, path, e))
                return -1;
        /* libharu writes by file name: close our handle and let it write the temp path. */
        if (report_render(cfg, res, ed, muni, atomicfile_tmp_path(&af), e)) {
                atomicfile_abort(&af);
                return -1;
        }
        return atomicfile_commit_if_changed(&af, changed, e);
}

struct job {
        size_t ed;
        int muni;
        char *path;
        char *name;
};

/*
 * Renders jobs with two worker processes when there are several (the machine
 * of record has two cores); each worker writes its own files atomically.
 * Returns 0, or -1 with e set to the first failure.
 */
static int render_jobs(const struct config *cfg, const struct results *res, struct job *jobs,
                       size_t njobs, int show_progress, int *changed_out, struct err *e)
{
        int nworkers = njobs >= 8 ? 2 : 1;
        if (nworkers == 1) {
                for (size_t j = 0; j < njobs; j++) {
                        int changed = 0;
                        if (render_one(cfg, res, jobs[j].ed, jobs[j].muni, jobs[j].path, &changed,
                                       e))
                                return -1;
                        changed_out[j] = changed;
                        progress(show_progress, "reports", j + 1, njobs);
                }
                return 0;
        }
        /* Worker 1 takes odd jobs in a child process; this process takes even ones. */
        int pfd[2];
        if (pipe(pfd) != 0)
                return err_set(e, DM_EX_SOFTWARE, "cannot create a pipe: %s", strerror(errno));
        fflush(NULL);
        pid_t pid = fork();
        if (pid < 0) {
                close(pfd[0]);
                close(pfd[1]);
                return err_set(e, DM_EX_SOFTWARE, "cannot fork: %s", strerror(errno));
        }
        if (pid == 0) {
                close(pfd[0]);
                int rc = 0;
                for (size_t j = 1; j < njobs && !rc; j += 2) {
                        int changed = 0;
                        struct err ce = {0};
                        rc = render_one(cfg, res, jobs[j].ed, jobs[j].muni, jobs[j].path,
                                        &changed, &ce);
                        unsigned char msg[1 + sizeof ce.msg];
                        msg[0] = (unsigned char)(rc ? 0x80 | (ce.code & 0x7f) : changed);
                        size_t len = 1;
                        if (rc) {
                                memcpy(msg + 1, ce.msg, sizeof ce.msg);
                                len += sizeof ce.msg;
                        }
                        if (write(pfd[1], msg, len) != (ssize_t)len)
                                rc = -1;
                }
                close(pfd[1]);
                _exit(rc ? 1 : 0);
        }
        close(pfd[1]);
        int rc = 0;
        size_t done = 0;
        FILE *rp = fdopen(pfd[0], "rb");
        for (size_t j = 0; j < njobs; j += 2) {
                if (!rc) {
                        int changed = 0;
                        rc = render_one(cfg, res, jobs[j].ed, jobs[j].muni, jobs[j].path,
                                        &changed, e);
                        changed_out[j] = changed;
                        progress(show_progress, "reports", ++done, njobs);
                }
                if (j + 1 < njobs && rp) {
                        int c = fgetc(rp);
                        if (c == EOF) {
                                if (!rc)
                                        rc = err_set(e, DM_EX_SOFTWARE,
                                                     "a report worker stopped unexpectedly");
                                continue;
                        }
                        if (c & 0x80) {
                                struct err ce = {0};
                                if (fread(ce.msg, 1, sizeof ce.msg, rp) == sizeof ce.msg &&
                                    !rc) {
                                        ce.msg[sizeof ce.msg - 1] = '\0';
                                        ce.code = c & 0x7f;
                                        if (e)
                                                *e = ce;
                                        rc = -1;
                                }
                                continue;
                        }
                        changed_out[j + 1] = c;
                        progress(show_progress, "reports", ++done, njobs);
                }
        }
        if (rp)
                fclose(rp);
        else
                close(pfd[0]);
        int status = 0;
        if (rc)
                kill(pid, SIGTERM);
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
                ;
        if (!rc && (!WIFEXITED(status) || WEXITSTATUS(status) != 0))
                rc = err_set(e, DM_EX_SOFTWARE, "a report worker failed");
        return rc;
}

static void jobs_free(struct job *jobs, size_t n)
{
        for (size_t j = 0; j < n; j++) {
                free(jobs[j].path);
                free(jobs[j].name);
        }
        free(jobs);
}

/* Lists every report of every edition: the regional one first, then one per municipality. */
static struct job *list_jobs(const struct config *cfg, size_t *n)
{
        *n = cfg->neditions * (cfg->nmunis + 1);
        struct job *jobs = xcalloc(*n ? *n : 1, sizeof *jobs);
        size_t j = 0;
        for (size_t ed = 0; ed < cfg->neditions; ed++)
                for (int m = -1; m < (int)cfg->nmunis; m++, j++) {
                        jobs[j].ed = ed;
                        jobs[j].muni = m;
                        jobs[j].name = report_filename(cfg, ed, m);
                        jobs[j].path = path_join(cfg->output, jobs[j].name);
                }
        return jobs;
}

int batch_render_reports(const struct config *cfg, int verbose, int *n, struct err *e)
{
        (void)verbose;
        *n = 0;
        char *rpath = pipeline_results_path(cfg);
        struct results *res = results_read_csv(rpath, e);
        free(rpath);
        if (!res) {
                if (e && e->code == DM_EX_NOINPUT)
                        snprintf(e->msg + strlen(e->msg), sizeof e->msg - strlen(e->msg),
                                 " (run `digimittari stats` first)");
                return -1;
        }
        size_t njobs;
        struct job *jobs = list_jobs(cfg, &njobs);
        int *changed = xcalloc(njobs ? njobs : 1, sizeof *changed);
        int rc = render_jobs(cfg, res, jobs, njobs, isatty(STDERR_FILENO), changed, e);
        if (!rc)
                *n = (int)njobs;
        free(changed);
        jobs_free(jobs, njobs);
        results_free(res);
        return rc;
}

/* ------------------------------------------------------------------------
 * The run.
 */

/* Carries the rows of failed waves over from the previous results table. */
static void keep_failed_waves(const struct config *cfg, const struct batch_outcome *out,
                              struct results *res)
{
        char *rpath = pipeline_results_path(cfg);
        struct err e = {0};
        struct results *old = results_read_csv(rpath, &e);
        free(rpath);
        if (!old)
                return;
        for (size_t w = 0; w < cfg->nwaves; w++) {
                if (out->pr.waves[w].ok)
                        continue;
                for (size_t i = 0; i < results_count(old); i++) {
                        const struct result_row *r = results_row(old, i);
                        if (strcmp(r->wave, cfg->waves[w].id))
                                continue;
                        if (!r->has_value)
                                results_add_note(res, r->wave, r->group, r->breakdown, r->subject,
                                                 r->statistic, r->category, r->note);
                        else if (r->text)
                                results_add_text(res, r->wave, r->group, r->breakdown,
                                                 r->subject, r->statistic, r->category, r->text,
                                                 r->n);
                        else
                                results_add(res, r->wave, r->group, r->breakdown, r->subject,
                                            r->statistic, r->category, r->value, r->n);
                }
        }
        results_free(old);
}

static void log_run(const struct config *cfg, time_t start, const struct batch_outcome *out,
                    int rc, const struct err *e)
{
        char *p = path_join(cfg->output, "run.log");
        FILE *fp = fopen(p, "a");
        free(p);
        if (!fp)
                return;
        char t0[32], t1[32];
        time_t end = time(NULL);
        strftime(t0, sizeof t0, "%Y-%m-%dT%H:%M:%SZ", gmtime(&start));
        strftime(t1, sizeof t1, "%Y-%m-%dT%H:%M:%SZ", gmtime(&end));
        long read = 0, acc = 0, rej = 0;
        for (size_t w = 0; w < out->pr.nwaves; w++) {
                read += out->pr.waves[w].sum.rows_read;
                acc += out->pr.waves[w].sum.accepted;
                rej += out->pr.waves[w].sum.rejected;
        }
        fprintf(fp, "start=%s end=%s outcome=%s exit=%d", t0, t1, rc ? "failed" : "ok",
                rc ? e->code : 0);
        if (out->nothing_changed)
                fprintf(fp, " redone=none (inputs unchanged)");
        else
                fprintf(fp, " rows_read=%ld accepted=%ld rejected=%ld rewritten=%zu reports=%d "
                            "reports_unchanged=%d reports_blocked=%d",
                        read, acc, rej, out->nredone, out->reports, out->reports_skipped,
                        out->reports_blocked);
        if (out->nredone) {
                fputs(" redone=", fp);
                for (size_t i = 0; i < out->nredone && i < 20; i++)
                        fprintf(fp, "%s%s", i ? "," : "", out->redone[i]);
                if (out->nredone > 20)
                        fputs(",...", fp);
        }
        if (rc)
                fprintf(fp, " error=\"%s\"", e->msg);
        fputc('\n', fp);
        fclose(fp);
}

static int run_locked(const struct config *cfg, const struct batch_opts *o,
                      struct batch_outcome *out, struct err *e)
{
        char *mpath = path_join(cfg->output, "manifest.tsv");
        struct manifest man;
        manifest_read(&man, mpath);
        /* The key of the whole run: common inputs and every export. */
        XXH3_state_t *st = XXH3_createState();
        XXH3_128bits_reset(st);
        hash_common(st, cfg);
        char h[HASH_HEX];
        for (size_t w = 0; w < cfg->nwaves; w++) {
                hash_file(cfg->waves[w].file, h);
                hash_str(st, h);
        }
        char runkey[HASH_HEX];
        hex128(XXH3_128bits_digest(st), runkey);
        XXH3_freeState(st);
        struct mentry *last = manifest_find(&man, "@run");
        if (!o->force && last && !strcmp(last->inputs, runkey) && outputs_intact(cfg, &man)) {
                out->nothing_changed = 1;
                manifest_clear(&man);
                free(mpath);
                return 0;
        }
        if (o->force)
                manifest_clear(&man);
        int rc = pipeline_ingest(cfg, 1, &out->pr, e);
        if (!out->pr.res) {
                manifest_clear(&man);
                free(mpath);
                return -1;
        }
        struct err first = {0};
        if (rc && e)
                first = *e;
        out->written += out->pr.written;
        for (size_t w = 0; w < cfg->nwaves; w++) {
                char *q = pipeline_quality_path(cfg, w);
                if (out->pr.waves[w].ok) {
                        hash_file(q, h);
                        const char *base = strrchr(q, '/') + 1;
                        manifest_set(&man, base, runkey, h);
                }
                free(q);
        }
        if (rc)
                keep_failed_waves(cfg, out, out->pr.res);
        int wrc = pipeline_write_results(cfg, out->pr.res, &out->written, e);
        if (!wrc) {
                static const char *const tables[] = {"results.csv", "results-excel.csv"};
                for (size_t i = 0; i < 2; i++) {
                        char *p = path_join(cfg->output, tables[i]);
                        hash_file(p, h);
                        manifest_set(&man, tables[i], runkey, h);
                        free(p);
                }
        }
        /* Reports: render those whose data changed and whose waves were all read. */
        size_t njobs = 0;
        struct job *jobs = wrc ? NULL : list_jobs(cfg, &njobs);
        struct job *todo = xcalloc(njobs ? njobs : 1, sizeof *todo);
        char (*keys)[HASH_HEX] = xcalloc(cfg->neditions ? cfg->neditions : 1, sizeof *keys);
        size_t ntodo = 0;
        for (size_t ed = 0; ed < cfg->neditions && !wrc; ed++)
                edition_key(cfg, out->pr.res, ed, keys[ed]);
        for (size_t j = 0; j < njobs; j++) {
                const struct edition *ed = &cfg->editions[jobs[j].ed];
                int blocked = 0;
                for (size_t w = 0; w < cfg->nwaves; w++)
                        if (!out->pr.waves[w].ok && edition_uses(cfg, ed, w))
                                blocked = 1;
                if (blocked) {
                        out->reports_blocked++;
                        continue;
                }
                struct mentry *me = manifest_find(&man, jobs[j].name);
                hash_file(jobs[j].path, h);
                if (me && !strcmp(me->inputs, keys[jobs[j].ed]) && !strcmp(me->content, h)) {
                        out->reports_skipped++;
                        continue;
                }
                todo[ntodo++] = jobs[j];
        }
        int *changed = xcalloc(ntodo ? ntodo : 1, sizeof *changed);
        int rrc = wrc ? -1 : render_jobs(cfg, out->pr.res, todo, ntodo, o->progress, changed, e);
        if (!rrc) {
                for (size_t j = 0; j < ntodo; j++) {
                        hash_file(todo[j].path, h);
                        manifest_set(&man, todo[j].name, keys[todo[j].ed], h);
                        out->reports++;
                        out->written += changed[j];
                        if (changed[j])
                                note_redone(out, todo[j].path);
                }
        }
        free(changed);
        free(todo);
        free(keys);
        jobs_free(jobs, njobs);
        if (!wrc && !rrc && !rc)
                manifest_set(&man, "@run", runkey, "-");
        int mrc = 0;
        if (!wrc && !rrc)
                mrc = manifest_write(&man, mpath, rc ? NULL : e);
        manifest_clear(&man);
        free(mpath);
        if (rc) {
                if (e)
                        *e = first;
                return -1;
        }
        return wrc || rrc || mrc ? -1 : 0;
}

int batch_run(const struct config *cfg, const struct batch_opts *o, struct batch_outcome *out,
              struct err *e)
{
        memset(out, 0, sizeof *out);
        time_t start = time(NULL);
        if (pipeline_make_outdir(cfg, e))
                return -1;
        char *lpath = path_join(cfg->output, ".lock");
        int fd = open(lpath, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
        if (fd < 0) {
                err_set(e, DM_EX_CANTCREAT, "%s: cannot create the lock file: %s", lpath,
                        strerror(errno));
                free(lpath);
                return -1;
        }
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
                int busy = errno == EWOULDBLOCK;
                err_set(e, busy ? DM_EX_TEMPFAIL : DM_EX_CANTCREAT,
                        busy ? "%s: another digimittari run is using this output folder; try "
                               "again when it has finished"
                             : "%s: cannot lock: %s",
                        lpath, strerror(errno));
                close(fd);
                free(lpath);
                return -1;
        }
        free(lpath);
        /* A killed run may have left temporary files; they are ours to remove. */
        atomicfile_sweep(cfg->output);
        int rc = run_locked(cfg, o, out, e);
        log_run(cfg, start, out, rc, e);
        close(fd);
        return rc;
}

void batch_print(const struct config *cfg, const struct batch_opts *o,
                 const struct batch_outcome *out, int rc, const struct err *e, FILE *fp)
{
        if (rc)
                fprintf(fp, "digimittari: %s\n", e->msg);
        if (out->nothing_changed) {
                if (o->verbose)
                        fprintf(fp, "nothing changed since the last run; nothing to do\n");
                return;
        }
        long rejected = 0;
        for (size_t w = 0; w < out->pr.nwaves; w++)
                rejected += out->pr.waves[w].sum.rejected + out->pr.waves[w].sum.warnings;
        if (!o->verbose && !rc && !rejected)
                return;
        for (size_t w = 0; w < out->pr.nwaves; w++) {
                const struct wave_outcome *wo = &out->pr.waves[w];
                if (!wo->ok) {
                        fprintf(fp, "%s: FAILED, earlier outputs kept: %s\n", cfg->waves[w].id,
                                wo->err.msg);
                        continue;
                }
                if (!o->verbose && !wo->sum.rejected && !wo->sum.warnings)
                        continue;
                char *q = pipeline_quality_path(cfg, w);
                fprintf(fp, "%s: %ld rows read, %ld accepted, %ld rejected, %ld answers set "
                            "to missing; see %s\n",
                        cfg->waves[w].id, wo->sum.rows_read, wo->sum.accepted, wo->sum.rejected,
                        wo->sum.warnings, q);
                free(q);
        }
        if (o->verbose) {
                fprintf(fp, "outputs rewritten: %d; reports rendered: %d, unchanged: %d",
                        out->written, out->reports, out->reports_skipped);
                if (out->reports_blocked)
                        fprintf(fp, ", kept as they were (a wave failed): %d",
                                out->reports_blocked);
                fputc('\n', fp);
        } else if (out->reports_blocked) {
                fprintf(fp, "%d reports kept as they were because a wave they show failed\n",
                        out->reports_blocked);
        }
}

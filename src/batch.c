/*
 * batch.c - the `run` command: lock, hash inputs, compare with the manifest,
 * ingest and compute, write what changed, render the reports whose data
 * changed, record the manifest and a run-log line.
 */
#include "batch.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "atomicfile.h"
#include "codebook.h"
#include "msgcat.h"
#include "report.h"
#include "workbook.h"

#define HASH_HEX 33 /* 128-bit hash as hex, with NUL */

/* The run's lock on the output folder; a worker process must not keep it alive. */
/* A new hash state; out of memory ends the run, as every allocation does. */
static XXH3_state_t *hash_state(void)
{
        XXH3_state_t *st = XXH3_createState();
        if (!st) {
                fputs("digimittari: out of memory allocating a hash state\n", stderr);
                abort();
        }
        return st;
}

static int lock_fd = -1;

void batch_outcome_clear(struct batch_outcome *o)
{
        pipeline_result_clear(&o->pr);
        free(o->wave_new);
        for (size_t i = 0; i < o->nredone; i++)
                free(o->redone[i]);
        free(o->redone);
        memset(o, 0, sizeof *o);
}

static const char *base_name(const char *path)
{
        const char *slash = strrchr(path, '/');
        return slash ? slash + 1 : path;
}

static void note_redone(struct batch_outcome *o, const char *path)
{
        o->redone = xrealloc(o->redone, (o->nredone + 1) * sizeof *o->redone);
        o->redone[o->nredone++] = xstrdup(base_name(path));
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
        XXH3_state_t *st = hash_state();
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
                /* A report's HTML edition stands beside it. */
                size_t n = strlen(p);
                char *hp = n > 4 && !strcmp(p + n - 4, ".pdf") ? report_html_path(p) : NULL;
                int html_gone = hp && access(hp, F_OK) != 0;
                free(hp);
                free(p);
                if (strcmp(h, m->e[i].content) || html_gone)
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
        XXH3_state_t *st = hash_state();
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

struct job {
        size_t ed;
        int muni;
        char *path;          /* final path */
        char *name;          /* file name, for the manifest */
        struct atomicfile af; /* its temporary file while rendering */
        char *hpath;          /* the HTML edition beside it */
        struct atomicfile haf;
};

/*
 * The jobs two processes share: each takes the next one not yet taken, so
 * that the faster process renders more. Lives in shared memory across fork().
 */
struct jobqueue {
        atomic_size_t next; /* the next job to take */
        atomic_size_t done; /* jobs finished, by either process */
};

/* Shared between processes, the counters must not hide a lock. */
_Static_assert(ATOMIC_LONG_LOCK_FREE == 2, "atomic size_t must be lock-free");

static int render_queue(const struct config *cfg, const struct results *res, struct job *jobs,
                        size_t njobs, struct jobqueue *q, struct err *e,
                        void (*done)(void *, size_t), void *arg)
{
        for (;;) {
                size_t j = atomic_fetch_add(&q->next, 1);
                if (j >= njobs)
                        return 0;
                if (report_render(cfg, res, jobs[j].ed, jobs[j].muni,
                                  atomicfile_tmp_path(&jobs[j].af),
                                  atomicfile_tmp_path(&jobs[j].haf), e)) {
                        atomic_store(&q->next, njobs); /* the other process stops too */
                        return -1;
                }
                size_t n = atomic_fetch_add(&q->done, 1) + 1;
                if (done)
                        done(arg, n);
        }
}

struct progress_state {
        int on;
        size_t total, shown;
};

static void progress_tick(void *arg, size_t done)
{
        struct progress_state *p = arg;
        if (done <= p->shown)
                return;
        p->shown = done;
        progress(p->on, msgcat_fmt(N_("reports")), done, p->total);
}

/*
 * What a worker reports when it is done, before it exits: this message, not
 * the exit status, is its result (the status only explains a worker that
 * ended without one, such as a crash).
 */
struct worker_msg {
        int ok;
        struct err err;
};

/* One report worker process: its pid and the pipe it reports on. */
struct worker {
        pid_t pid;
        int fd;
        int reaped; /* waited for already (status holds how it ended) */
        int status;
};

/* Starts a worker that renders jobs from q; returns 0, or -1 with e set. */
static int start_worker(const struct config *cfg, const struct results *res, struct job *jobs,
                        size_t njobs, struct jobqueue *q, struct worker *w, struct err *e)
{
        int pfd[2];
        if (pipe(pfd) != 0)
                return err_set(e, DM_EX_SOFTWARE, "cannot create a pipe: %s", msg_strerror(errno));
        fflush(NULL);
        pid_t pid = fork();
        if (pid < 0) {
                close(pfd[0]);
                close(pfd[1]);
                return err_set(e, DM_EX_SOFTWARE, "cannot fork: %s", msg_strerror(errno));
        }
        if (pid == 0) {
                /*
                 * The worker renders jobs from the queue and reports its error, if
                 * any. It dies with its parent and does not hold the run's lock.
                 */
                prctl(PR_SET_PDEATHSIG, SIGKILL);
                if (getppid() == 1)
                        _exit(1);
                if (lock_fd >= 0)
                        close(lock_fd);
                close(pfd[0]);
                struct worker_msg m = {0};
                m.ok = render_queue(cfg, res, jobs, njobs, q, &m.err, NULL, NULL) == 0;
                int rc = write(pfd[1], &m, sizeof m) == (ssize_t)sizeof m ? !m.ok : 2;
                close(pfd[1]);
                _exit(rc);
        }
        close(pfd[1]);
        w->pid = pid;
        w->fd = pfd[0];
        w->reaped = 0;
        return 0;
}

/* Waits for worker w; returns 0, or -1 with e set to what went wrong in it. */
static int finish_worker(struct worker *w, struct err *e)
{
        struct worker_msg m = {0};
        ssize_t got = read(w->fd, &m, sizeof m);
        close(w->fd);
        int status = w->status;
        if (!w->reaped)
                while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
                        ;
        if (got == (ssize_t)sizeof m) {
                if (m.ok)
                        return 0;
                m.err.msg[sizeof m.err.msg - 1] = '\0';
                if (e)
                        *e = m.err;
                return -1;
        }
        if (WIFSIGNALED(status))
                return err_set(e, DM_EX_SOFTWARE,
                               "a report worker process was ended by signal %d (%s); no output "
                               "was replaced",
                               WTERMSIG(status), strsignal(WTERMSIG(status)));
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                return err_set(e, DM_EX_SOFTWARE, "a report worker process failed");
        return 0;
}

/*
 * Renders every job into its temporary file in worker processes (two when
 * there are enough jobs to pay for it: the machine of record has two cores),
 * which take jobs from a shared queue. This process only waits, so that a
 * crash inside the PDF library (libharu 2.3 does not check every allocation)
 * fails the run cleanly instead of ending the process that commits outputs.
 * Returns 0, or -1 with e set to the first failure.
 */
static int render_jobs(const struct config *cfg, const struct results *res, struct job *jobs,
                       size_t njobs, int show_progress, struct err *e)
{
        struct progress_state ps = {show_progress, njobs, 0};
        if (njobs == 0)
                return 0;
        struct jobqueue *q = mmap(NULL, sizeof *q, PROT_READ | PROT_WRITE,
                                  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (q == MAP_FAILED)
                return err_set(e, DM_EX_SOFTWARE, "cannot map shared memory: %s",
                               msg_strerror(errno));
        atomic_init(&q->next, 0);
        atomic_init(&q->done, 0);
        struct worker w[2];
        size_t nw = 0, want = njobs >= 8 ? 2 : 1;
        int rc = 0;
        while (nw < want && !rc)
                if (start_worker(cfg, res, jobs, njobs, q, &w[nw], e) == 0)
                        nw++;
                else
                        rc = -1;
        if (rc && nw) {
                /* A second worker could not be started: the first does every job. */
                rc = 0;
        }
        if (show_progress && !rc) {
                /* Draw the bar until every job is done or a worker has ended. */
                size_t ended = 0;
                while (atomic_load(&q->done) < njobs && ended == 0) {
                        for (size_t i = 0; i < nw; i++)
                                if (!w[i].reaped && waitpid(w[i].pid, &w[i].status, WNOHANG) > 0) {
                                        w[i].reaped = 1;
                                        ended++;
                                }
                        progress_tick(&ps, atomic_load(&q->done));
                        struct timespec ts = {0, 50 * 1000 * 1000};
                        nanosleep(&ts, NULL);
                }
        }
        for (size_t i = 0; i < nw; i++) {
                struct err we = {0};
                if (finish_worker(&w[i], &we)) {
                        atomic_store(&q->next, njobs); /* the other worker stops too */
                        if (!rc && e)
                                *e = we;
                        rc = -1;
                }
        }
        if (!rc && atomic_load(&q->done) != njobs)
                rc = err_set(e, DM_EX_SOFTWARE, "%zu of %zu reports were rendered",
                             (size_t)atomic_load(&q->done), njobs);
        if (!rc)
                progress_tick(&ps, njobs);
        munmap(q, sizeof *q);
        return rc;
}

static void jobs_free(struct job *jobs, size_t n)
{
        for (size_t j = 0; j < n; j++) {
                atomicfile_abort(&jobs[j].af);
                atomicfile_abort(&jobs[j].haf);
                free(jobs[j].hpath);
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
                        jobs[j].hpath = report_html_path(jobs[j].path);
                }
        return jobs;
}

/*
 * Renders jobs into temporary files and adds them to os; *hashes (when not
 * NULL) receives each job's content hash. Returns 0, or -1 with e set.
 */
static int render_into(const struct config *cfg, const struct results *res, struct job *jobs,
                       size_t njobs, int show_progress, struct outset *os,
                       char (*hashes)[HASH_HEX], struct err *e)
{
        for (size_t j = 0; j < njobs; j++)
                if (atomicfile_open(&jobs[j].af, jobs[j].path, e) ||
                    atomicfile_open(&jobs[j].haf, jobs[j].hpath, e))
                        return -1;
        report_prepare(res); /* what every report counts of the whole table, once */
        int rc = render_jobs(cfg, res, jobs, njobs, show_progress, e);
        report_prepare(NULL);
        if (rc)
                return -1;
        for (size_t j = 0; j < njobs; j++) {
                if (hashes)
                        hash_file(atomicfile_tmp_path(&jobs[j].af), hashes[j]);
                if (outset_add(os, &jobs[j].af, e) || outset_add(os, &jobs[j].haf, e))
                        return -1;
        }
        return 0;
}

/* Reports show no breakdown rows: leave them out of memory. */
static int overall_only(void *ctx, const char *wave, const char *breakdown)
{
        (void)ctx;
        (void)wave;
        return !breakdown[0];
}

int batch_render_reports(const struct config *cfg, int verbose, int *n, struct err *e)
{
        (void)verbose;
        *n = 0;
        char *rpath = pipeline_results_path(cfg);
        struct results *res = results_new();
        if (results_load_csv(res, rpath, overall_only, NULL, e)) {
                results_free(res);
                res = NULL;
        }
        free(rpath);
        if (!res) {
                if (e && e->code == DM_EX_NOINPUT)
                        snprintf(e->msg + strlen(e->msg), sizeof e->msg - strlen(e->msg),
                                 " (run `digimittari stats` first)");
                return -1;
        }
        size_t njobs;
        struct job *jobs = list_jobs(cfg, &njobs);
        struct outset os;
        outset_init(&os);
        int rc = render_into(cfg, res, jobs, njobs, isatty(STDERR_FILENO), &os, NULL, e);
        if (!rc)
                rc = outset_commit(&os, e);
        if (!rc)
                *n = (int)njobs;
        outset_clear(&os);
        jobs_free(jobs, njobs);
        results_free(res);
        return rc;
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
        fprintf(fp, "start=%s end=%s outcome=%s exit=%d", t0, t1,
                !rc                         ? "ok"
                : e->code == DM_EX_TEMPFAIL ? "refused"
                                            : "failed",
                rc ? e->code : 0);
        if (!out->pr.waves && !out->nothing_changed)
                ; /* nothing was read: refused by the lock, or stopped before ingest */
        else if (out->nothing_changed)
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

/* Takes the output named name (a file name) out of s, removing its temporary file. */
static void outset_drop(struct outset *s, const char *name)
{
        for (size_t i = 0; i < s->n; i++) {
                if (strcmp(base_name(s->f[i].path), name))
                        continue;
                unlink(s->f[i].tmp);
                free(s->f[i].tmp);
                free(s->f[i].path);
                memmove(&s->f[i], &s->f[i + 1], (s->n - i - 1) * sizeof *s->f);
                s->n--;
                return;
        }
}

static int run_locked(const struct config *cfg, const struct batch_opts *o,
                      struct batch_outcome *out, struct err *e)
{
        char *mpath = path_join(cfg->output, "manifest.tsv");
        struct manifest man;
        manifest_read(&man, mpath);
        /* The key of the whole run: common inputs and every export. */
        XXH3_state_t *st = hash_state();
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
        /*
         * Each wave's own key (common inputs and its export), under "@wave:ID":
         * its warnings are news only when it changed.
         */
        char(*wkeys)[HASH_HEX] = xcalloc(cfg->nwaves ? cfg->nwaves : 1, sizeof *wkeys);
        out->wave_new = xcalloc(cfg->nwaves ? cfg->nwaves : 1, sizeof *out->wave_new);
        for (size_t w = 0; w < cfg->nwaves; w++) {
                XXH3_state_t *ws = hash_state();
                XXH3_128bits_reset(ws);
                hash_common(ws, cfg);
                hash_file(cfg->waves[w].file, h);
                hash_str(ws, h);
                hex128(XXH3_128bits_digest(ws), wkeys[w]);
                XXH3_freeState(ws);
                char name[300];
                snprintf(name, sizeof name, "@wave:%s", cfg->waves[w].id);
                struct mentry *me = manifest_find(&man, name);
                out->wave_new[w] = o->force || !me || strcmp(me->inputs, wkeys[w]) != 0;
        }
        struct mentry *last = manifest_find(&man, "@run");
        if (!o->force && last && !strcmp(last->inputs, runkey) && outputs_intact(cfg, &man)) {
                out->nothing_changed = 1;
                manifest_clear(&man);
                free(mpath);
                free(wkeys);
                return 0;
        }
        if (o->force)
                manifest_clear(&man);
        struct outset os;
        outset_init(&os);
        int rc = pipeline_stats(cfg, RESULTS_KEEP_OVERALL, &os, &out->pr, e);
        if (!out->pr.res) {
                outset_clear(&os);
                manifest_clear(&man);
                free(mpath);
                free(wkeys);
                return -1;
        }
        /*
         * A wave that cannot be read leaves the others to go on; any other
         * failure (a write, the strategy registers) stops the run here, with
         * nothing put into place.
         */
        int waves_failed = 0;
        for (size_t w = 0; w < cfg->nwaves; w++)
                waves_failed |= !out->pr.waves[w].ok;
        if (rc && (!waves_failed || (e && (e->code == DM_EX_IOERR || e->code == DM_EX_CANTCREAT)))) {
                outset_clear(&os);
                manifest_clear(&man);
                free(mpath);
                free(wkeys);
                return -1;
        }
        /*
         * When only waves that failed changed, the results tables would hold
         * the same figures (the failed waves' carried over) in another order:
         * the earlier files stay, byte for byte.
         */
        int others_changed = 0;
        for (size_t w = 0; w < cfg->nwaves; w++)
                others_changed |= out->pr.waves[w].ok && out->wave_new[w];
        if (waves_failed && !others_changed) {
                outset_drop(&os, "results.csv");
                outset_drop(&os, "results-excel.csv");
                char *wbname = workbook_file_name(cfg);
                outset_drop(&os, wbname);
                free(wbname);
        }
        struct err first = {0};
        if (rc && e)
                first = *e;
        /* Outputs are listed in the manifest with the hash of the bytes they will hold. */
        for (size_t i = 0; i < os.n; i++) {
                hash_file(os.f[i].tmp, h);
                manifest_set(&man, base_name(os.f[i].path), runkey, h);
        }
        int wrc = 0;
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
                        if (access(jobs[j].path, F_OK) == 0)
                                out->reports_blocked++;
                        else
                                out->reports_not_made++;
                        continue;
                }
                struct mentry *me = manifest_find(&man, jobs[j].name);
                hash_file(jobs[j].path, h);
                if (me && !strcmp(me->inputs, keys[jobs[j].ed]) && !strcmp(me->content, h) &&
                    access(jobs[j].hpath, F_OK) == 0) {
                        out->reports_skipped++;
                        continue;
                }
                todo[ntodo++] = jobs[j];
        }
        char (*hashes)[HASH_HEX] = xcalloc(ntodo ? ntodo : 1, sizeof *hashes);
        int rrc = wrc ? -1
                      : render_into(cfg, out->pr.res, todo, ntodo, o->progress, &os, hashes, e);
        if (!rrc) {
                for (size_t j = 0; j < ntodo; j++)
                        manifest_set(&man, todo[j].name, keys[todo[j].ed], hashes[j]);
                out->reports = (int)ntodo;
        }
        /* Everything is written: put it all into place at once, or nothing. */
        int crc = wrc || rrc ? -1 : outset_commit(&os, e);
        if (!crc) {
                for (size_t i = 0; i < os.nreplaced; i++)
                        note_redone(out, os.replaced[i]);
                out->written = (int)os.nreplaced;
        }
        outset_clear(&os);
        /* todo[] shares names and paths with jobs[]: free those once, through jobs. */
        for (size_t j = 0; j < ntodo; j++) {
                atomicfile_abort(&todo[j].af);
                atomicfile_abort(&todo[j].haf);
        }
        free(todo);
        free(hashes);
        free(keys);
        jobs_free(jobs, njobs);
        if (!crc && !rc)
                manifest_set(&man, "@run", runkey, "-");
        /* A wave that failed stays news until it is read. */
        for (size_t w = 0; w < cfg->nwaves && !crc; w++) {
                if (!out->pr.waves[w].ok)
                        continue;
                char name[300];
                snprintf(name, sizeof name, "@wave:%s", cfg->waves[w].id);
                manifest_set(&man, name, wkeys[w], "-");
        }
        free(wkeys);
        int mrc = 0;
        if (!crc)
                mrc = manifest_write(&man, mpath, rc ? NULL : e);
        manifest_clear(&man);
        free(mpath);
        if (rc && !crc) {
                if (e)
                        *e = first;
                return -1;
        }
        return crc || mrc ? -1 : 0;
}

int batch_lock(const struct config *cfg, struct err *e)
{
        if (pipeline_make_outdir(cfg, e))
                return -1;
        char *lpath = path_join(cfg->output, ".lock");
        int fd = open(lpath, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
        if (fd < 0) {
                err_set(e, DM_EX_CANTCREAT, "%s: cannot create the lock file: %s", lpath,
                        msg_strerror(errno));
                free(lpath);
                return -1;
        }
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
                if (errno == EWOULDBLOCK)
                        err_set(e, DM_EX_TEMPFAIL,
                                "%s: another digimittari run is using this output folder; try "
                                "again when it has finished",
                                lpath);
                else
                        err_set(e, DM_EX_CANTCREAT, "%s: cannot lock: %s", lpath,
                                msg_strerror(errno));
                close(fd);
                free(lpath);
                return -1;
        }
        free(lpath);
        lock_fd = fd;
        /* A killed run may have left temporary files; they are ours to remove. */
        atomicfile_sweep(cfg->output);
        return 0;
}

void batch_unlock(void)
{
        if (lock_fd < 0)
                return;
        close(lock_fd);
        lock_fd = -1;
}

int batch_run(const struct config *cfg, const struct batch_opts *o, struct batch_outcome *out,
              struct err *e)
{
        memset(out, 0, sizeof *out);
        time_t start = time(NULL);
        if (batch_lock(cfg, e)) {
                /* A run refused by the lock is on record too. */
                if (e && e->code == DM_EX_TEMPFAIL)
                        log_run(cfg, start, out, -1, e);
                return -1;
        }
        int rc = run_locked(cfg, o, out, e);
        log_run(cfg, start, out, rc, e);
        batch_unlock();
        return rc;
}

void batch_print(const struct config *cfg, const struct batch_opts *o,
                 const struct batch_outcome *out, int rc, const struct err *e, FILE *fp)
{
        if (rc)
                fprintf(fp, "digimittari: %s\n", e->msg);
        if (out->nothing_changed) {
                if (o->verbose)
                        msg_fprintf(fp, "nothing changed since the last run; nothing to do\n");
                return;
        }
        for (size_t w = 0; w < out->pr.nwaves; w++) {
                const struct wave_outcome *wo = &out->pr.waves[w];
                const struct ingest_summary *s = &wo->sum;
                int news = out->wave_new && out->wave_new[w];
                int worth = s->rejected || s->warnings || s->alerts || s->nnotes;
                if (wo->ok && !o->verbose && !(news && worth))
                        continue;
                char *q = pipeline_quality_path(cfg, w);
                if (wo->ok)
                        msg_fprintf(fp,
                                    "%s: %ld rows read, %ld accepted, %ld rejected; answers set to "
                                    "missing: %ld; see %s\n",
                                    cfg->waves[w].id, s->rows_read, s->accepted, s->rejected,
                                    s->warnings, q);
                else if (wo->counted)
                        msg_fprintf(fp,
                                    "%s: %ld rows read, %ld accepted, %ld rejected; answers set to "
                                    "missing: %ld\n",
                                    cfg->waves[w].id, s->rows_read, s->accepted, s->rejected,
                                    s->warnings);
                if (wo->counted)
                        pipeline_print_notes(s, fp);
                if (wo->ok)
                        ;
                else if (access(q, F_OK) == 0)
                        msg_fprintf(fp, "%s: FAILED, its earlier outputs are kept: %s\n",
                                    cfg->waves[w].id, wo->err.msg);
                else
                        msg_fprintf(fp,
                                    "%s: FAILED, nothing made for it (it has no earlier "
                                    "outputs): %s\n",
                                    cfg->waves[w].id, wo->err.msg);
                free(q);
        }
        if (o->verbose) {
                msg_fprintf(fp, "outputs rewritten: %d; reports rendered: %d, unchanged: %d\n",
                            out->written, out->reports, out->reports_skipped);
        }
        if (out->reports_blocked)
                msg_fprintf(fp, "%d reports kept as they were because a wave they show failed\n",
                            out->reports_blocked);
        if (out->reports_not_made)
                msg_fprintf(fp, "%d reports not made because a wave they show failed\n",
                            out->reports_not_made);
}

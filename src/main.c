/*
 * main.c - the command-line driver: parses arguments, runs one subcommand of
 * the pipeline library, prints what the user needs to know, and exits with a
 * sysexits.h code. The only file that prints or exits.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "config.h"
#include "pipeline.h"
#include "util.h"

struct opts {
        const char *config;
        int verbose;
        int force;
};

static const char usage_text[] =
    "usage: digimittari COMMAND -c CONFIG [-v] [--force]\n"
    "\n"
    "Commands:\n"
    "  run        validate, compute and render everything the configuration names,\n"
    "             redoing only what changed (the batch job for cron)\n"
    "  validate   read every export; write output/quality-WAVE.csv per wave\n"
    "  stats      validate, then write output/results.csv and results-excel.csv\n"
    "  report     render the PDF reports from output/results.csv\n"
    "\n"
    "Options:\n"
    "  -c, --config FILE   the configuration (INI), e.g. input/kaustisen-seutu.ini\n"
    "  -v, --verbose       tell what was done\n"
    "  -f, --force         (run) redo everything, even when nothing changed\n"
    "  -h, --help          show this help\n"
    "  -V, --version       show the version\n"
    "\n"
    "Exit codes (sysexits.h):\n"
    "  0   success (rows may have been rejected: see the data-quality reports)\n"
    "  64  usage error          65  an export is unreadable or broken\n"
    "  66  an input is missing  70  internal error\n"
    "  73  cannot create output 74  write error (disk full, ...)\n"
    "  75  another run holds the lock; try again later\n"
    "  78  configuration or codebook error\n";

static int usage(FILE *fp, int code)
{
        fputs(usage_text, fp);
        return code;
}

static void print_err(const struct err *e)
{
        fprintf(stderr, "digimittari: %s\n", e->msg);
}

static struct config *load_config(const struct opts *o, struct err *e)
{
        struct config *cfg = config_load(o->config, e);
        if (!cfg)
                return NULL;
        if (config_load_codebooks(cfg, e)) {
                config_free(cfg);
                return NULL;
        }
        return cfg;
}

static void print_wave_summary(const struct config *cfg, size_t w, const struct wave_outcome *wo,
                               FILE *fp)
{
        if (!wo->ok && !wo->counted) {
                fprintf(fp, "%s: FAILED: %s\n", cfg->waves[w].id, wo->err.msg);
                return;
        }
        const struct ingest_summary *s = &wo->sum;
        fprintf(fp,
                "%s: %s (%s, '%s'): %ld rows read, %ld accepted, %ld rejected, %ld "
                "warnings\n",
                cfg->waves[w].id, cfg->waves[w].file, s->encoding,
                s->delim == '\t' ? "\\t" : (char[]){s->delim, 0}, s->rows_read, s->accepted,
                s->rejected, s->warnings);
        for (int k = 0; k < DQ_KIND_COUNT; k++)
                if (s->by_kind[k])
                        fprintf(fp, "    %-24s %ld (%s)\n", dq_kind_name((enum dq_kind)k),
                                s->by_kind[k],
                                dq_kind_rejects((enum dq_kind)k) ? "rows rejected"
                                                                 : "not rejected");
        pipeline_print_notes(s, fp);
        if (!wo->ok) {
                fprintf(fp, "%s: FAILED: %s\n", cfg->waves[w].id, wo->err.msg);
                return;
        }
        char *q = pipeline_quality_path(cfg, w);
        fprintf(fp, "    data-quality report: %s\n", q);
        free(q);
}

static int cmd_validate(const struct opts *o)
{
        struct err e = {0};
        struct config *cfg = load_config(o, &e);
        if (!cfg) {
                print_err(&e);
                return e.code;
        }
        struct pipeline_result pr;
        struct outset os;
        outset_init(&os);
        int rc = pipeline_ingest(cfg, 0, &os, &pr, &e);
        /* The reports of the waves that were read are worth having either way. */
        struct err ce = {0};
        if (outset_commit(&os, &ce) && !rc) {
                rc = -1;
                e = ce;
        }
        outset_clear(&os);
        for (size_t w = 0; w < pr.nwaves; w++)
                print_wave_summary(cfg, w, &pr.waves[w], stdout);
        if (rc)
                print_err(&e);
        pipeline_result_clear(&pr);
        config_free(cfg);
        return rc ? e.code : 0;
}

static int cmd_stats(const struct opts *o)
{
        struct err e = {0};
        struct config *cfg = load_config(o, &e);
        if (!cfg) {
                print_err(&e);
                return e.code;
        }
        struct pipeline_result pr;
        struct outset os;
        outset_init(&os);
        int rc = pipeline_stats(cfg, RESULTS_KEEP_NONE, &os, &pr, &e);
        if (o->verbose || rc)
                for (size_t w = 0; w < pr.nwaves; w++)
                        print_wave_summary(cfg, w, &pr.waves[w], stderr);
        if (!rc)
                rc = outset_commit(&os, &e);
        outset_clear(&os);
        if (rc)
                print_err(&e);
        else if (o->verbose)
                fprintf(stderr, "wrote %s/results.csv and results-excel.csv\n", cfg->output);
        pipeline_result_clear(&pr);
        config_free(cfg);
        return rc ? e.code : 0;
}

static int cmd_report(const struct opts *o)
{
        struct err e = {0};
        struct config *cfg = load_config(o, &e);
        if (!cfg) {
                print_err(&e);
                return e.code;
        }
        int n = 0;
        int rc = batch_render_reports(cfg, o->verbose, &n, &e);
        if (rc)
                print_err(&e);
        else if (o->verbose)
                fprintf(stderr, "rendered %d reports into %s\n", n, cfg->output);
        config_free(cfg);
        return rc ? e.code : 0;
}

static int cmd_run(const struct opts *o)
{
        struct err e = {0};
        struct config *cfg = load_config(o, &e);
        if (!cfg) {
                print_err(&e);
                return e.code;
        }
        struct batch_opts bo = {
            .force = o->force,
            .verbose = o->verbose,
            .progress = isatty(STDERR_FILENO),
        };
        struct batch_outcome out;
        int rc = batch_run(cfg, &bo, &out, &e);
        batch_print(cfg, &bo, &out, rc, &e, stderr);
        batch_outcome_clear(&out);
        config_free(cfg);
        return rc ? e.code : 0;
}

static const struct {
        const char *name;
        int (*fn)(const struct opts *);
} commands[] = {
    {"run", cmd_run},
    {"validate", cmd_validate},
    {"stats", cmd_stats},
    {"report", cmd_report},
};

int main(int argc, char **argv)
{
        static const struct option longopts[] = {
            {"config", required_argument, NULL, 'c'}, {"verbose", no_argument, NULL, 'v'},
            {"force", no_argument, NULL, 'f'},        {"help", no_argument, NULL, 'h'},
            {"version", no_argument, NULL, 'V'},      {NULL, 0, NULL, 0},
        };
        struct opts o = {0};
        int c;
        /* GNU getopt permutes, so options may come before or after the command. */
        while ((c = getopt_long(argc, argv, "c:vfhV", longopts, NULL)) != -1) {
                switch (c) {
                case 'c':
                        o.config = optarg;
                        break;
                case 'v':
                        o.verbose = 1;
                        break;
                case 'f':
                        o.force = 1;
                        break;
                case 'h':
                        return usage(stdout, 0);
                case 'V':
                        printf("digimittari %s\n", DM_VERSION);
                        return 0;
                default:
                        return usage(stderr, DM_EX_USAGE);
                }
        }
        if (optind >= argc) {
                fprintf(stderr, "digimittari: no command given\n");
                return usage(stderr, DM_EX_USAGE);
        }
        const char *cmd = argv[optind++];
        if (optind < argc) {
                fprintf(stderr, "digimittari: unexpected argument \"%s\"\n", argv[optind]);
                return usage(stderr, DM_EX_USAGE);
        }
        for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
                if (strcmp(cmd, commands[i].name))
                        continue;
                if (!o.config) {
                        fprintf(stderr, "digimittari: %s needs -c CONFIG\n", cmd);
                        return usage(stderr, DM_EX_USAGE);
                }
                return commands[i].fn(&o);
        }
        fprintf(stderr, "digimittari: unknown command \"%s\"\n", cmd);
        return usage(stderr, DM_EX_USAGE);
}

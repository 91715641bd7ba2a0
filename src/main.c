/*
 * main.c - the command-line driver: parses arguments, runs one subcommand of
 * the pipeline library, prints what the user needs to know, and exits with a
 * sysexits.h code. The only file that prints or exits.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "config.h"
#include "msgcat.h"
#include "pipeline.h"
#include "util.h"

struct opts {
        const char *config;
        int verbose;
        int force;
        const char *arg; /* help: the command asked about, or NULL */
};

static const char usage_text[] =
    N_("usage: digimittari COMMAND -c CONFIG [-v] [--force]\n"
       "       digimittari help [COMMAND]\n"
       "       digimittari version\n"
       "\n"
       "Commands:\n"
       "  run        validate, compute and render everything the configuration names,\n"
       "             redoing only what changed (the batch job for cron)\n"
       "  validate   read every export; write output/quality-WAVE.csv per wave\n"
       "  stats      validate, then write output/results.csv and results-excel.csv\n"
       "  report     render the PDF reports from output/results.csv\n"
       "  help       show this help, or a command's (digimittari help run)\n"
       "  version    show the version\n"
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
       "  78  configuration or codebook error\n"
       "\n"
       "See digimittari(1) and digimittari.ini(5).\n");

static int usage(FILE *fp, int code)
{
        fputs(msgcat_fmt(usage_text), fp);
        return code;
}

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A usage error: one line naming it, then where the help is (not the whole help). */
static int usage_error(const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        fputs("digimittari: ", stderr);
        vfprintf(stderr, msgcat_fmt(fmt), ap);
        va_end(ap);
        fputs("\n", stderr);
        fputs(msgcat_fmt("Try 'digimittari help'.\n"), stderr);
        return DM_EX_USAGE;
}

static void print_err(const struct err *e)
{
        fprintf(stderr, "digimittari: %s\n", e->msg);
}

/* 1 when DIGIMITTARI_LANG chose the language, which the configuration then keeps. */
static int lang_forced;

static struct config *load_config(const struct opts *o, struct err *e)
{
        struct config *cfg = config_load(o->config, e);
        if (!cfg)
                return NULL;
        /* From here on, messages are in the report language. */
        if (!lang_forced)
                msgcat_set_lang(cfg->language && !strcmp(cfg->language, "en") ? MSG_EN : MSG_FI);
        if (config_load_codebooks(cfg, e)) {
                config_free(cfg);
                return NULL;
        }
        return cfg;
}

/* Loads the configuration and takes the output folder's lock (batch_lock). */
static struct config *load_and_lock(const struct opts *o, struct err *e)
{
        struct config *cfg = load_config(o, e);
        if (cfg && batch_lock(cfg, e)) {
                config_free(cfg);
                return NULL;
        }
        return cfg;
}

/* The spaces that pad s to width characters (UTF-8 letters count as one). */
static int pad_to(const char *s, int width)
{
        int n = 0;
        for (; *s; s++)
                n += ((unsigned char)*s & 0xC0) != 0x80;
        return n < width ? width - n : 0;
}

static void print_wave_summary(const struct config *cfg, size_t w, const struct wave_outcome *wo,
                               FILE *fp)
{
        if (!wo->ok && !wo->counted) {
                msg_fprintf(fp, "%s: FAILED: %s\n", cfg->waves[w].id, wo->err.msg);
                return;
        }
        const struct ingest_summary *s = &wo->sum;
        if (!s->delim)
                msg_fprintf(fp,
                            "%s: %s (%s, sheet \"%s\"): %ld rows read, %ld accepted, %ld "
                            "rejected, %ld warnings\n",
                            cfg->waves[w].id, cfg->waves[w].file, msgcat_fmt(s->encoding),
                            s->sheet, s->rows_read, s->accepted, s->rejected, s->warnings);
        else
                msg_fprintf(fp,
                            "%s: %s (%s, '%s'): %ld rows read, %ld accepted, %ld rejected, %ld "
                            "warnings\n",
                            cfg->waves[w].id, cfg->waves[w].file, s->encoding,
                            s->delim == '\t' ? "\\t" : (char[]){s->delim, 0}, s->rows_read,
                            s->accepted, s->rejected, s->warnings);
        for (int k = 0; k < DQ_KIND_COUNT; k++)
                if (s->by_kind[k])
                        msg_fprintf(fp, "    %s%*s %ld (%s)\n", dq_kind_name((enum dq_kind)k),
                                    pad_to(dq_kind_name((enum dq_kind)k), 24), "", s->by_kind[k],
                                    msgcat_fmt(dq_kind_rejects((enum dq_kind)k)
                                                   ? N_("rows rejected")
                                                   : N_("not rejected")));
        pipeline_print_notes(s, fp);
        if (!wo->ok) {
                msg_fprintf(fp, "%s: FAILED: %s\n", cfg->waves[w].id, wo->err.msg);
                return;
        }
        char *q = pipeline_quality_path(cfg, w);
        msg_fprintf(fp, "    data-quality report: %s\n", q);
        free(q);
}

static int cmd_validate(const struct opts *o)
{
        struct err e = {0};
        struct config *cfg = load_and_lock(o, &e);
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
        batch_unlock();
        config_free(cfg);
        return rc ? e.code : 0;
}

static int cmd_stats(const struct opts *o)
{
        struct err e = {0};
        struct config *cfg = load_and_lock(o, &e);
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
                msg_fprintf(stderr, "wrote %s/results.csv and results-excel.csv\n", cfg->output);
        pipeline_result_clear(&pr);
        batch_unlock();
        config_free(cfg);
        return rc ? e.code : 0;
}

static int cmd_report(const struct opts *o)
{
        struct err e = {0};
        struct config *cfg = load_and_lock(o, &e);
        if (!cfg) {
                print_err(&e);
                return e.code;
        }
        int n = 0;
        int rc = batch_render_reports(cfg, o->verbose, &n, &e);
        if (rc)
                print_err(&e);
        else if (o->verbose)
                msg_fprintf(stderr, "rendered %d reports into %s\n", n, cfg->output);
        batch_unlock();
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

static int cmd_help(const struct opts *o);
static int cmd_version(const struct opts *o);

/* The commands: name, function, whether it needs -c, and its help text. */
static const struct command {
        const char *name;
        int (*fn)(const struct opts *);
        int needs_config;
        const char *help;
} commands[] = {
    {"run", cmd_run, 1,
     N_("usage: digimittari run -c CONFIG [-v] [--force]\n"
        "\n"
        "Validates every export, computes the results and renders the reports, redoing\n"
        "only what changed since the last run (the manifest in the output folder).\n"
        "Takes a lock on the output folder: a second run at the same time exits 75.\n"
        "Quiet on success; prints a summary when rows were rejected, and errors.\n"
        "  -v, --verbose   tell what was done\n"
        "  -f, --force     redo everything, even when nothing changed\n")},
    {"validate", cmd_validate, 1,
     N_("usage: digimittari validate -c CONFIG\n"
        "\n"
        "Reads every export the configuration names and writes its data-quality report\n"
        "(OUTPUT/quality-WAVE.csv); prints one summary per wave on stdout.\n")},
    {"stats", cmd_stats, 1,
     N_("usage: digimittari stats -c CONFIG [-v]\n"
        "\n"
        "Validates, then computes every figure into OUTPUT/results.csv and\n"
        "OUTPUT/results-excel.csv.\n"
        "  -v, --verbose   print the per-wave summaries and what was written\n")},
    {"report", cmd_report, 1,
     N_("usage: digimittari report -c CONFIG [-v]\n"
        "\n"
        "Renders every PDF report of every [report] edition from OUTPUT/results.csv\n"
        "and the strategy registers; never reads the exports.\n"
        "  -v, --verbose   tell how many reports were rendered\n")},
    {"help", cmd_help, 0,
     N_("usage: digimittari help [COMMAND]\n"
        "\n"
        "Shows the general help, or the help of COMMAND.\n")},
    {"version", cmd_version, 0,
     N_("usage: digimittari version\n"
        "\n"
        "Shows the version.\n")},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const struct command *find_command(const char *name)
{
        for (size_t i = 0; i < NCOMMANDS; i++)
                if (!strcmp(name, commands[i].name))
                        return &commands[i];
        return NULL;
}

static int cmd_help(const struct opts *o)
{
        if (!o->arg)
                return usage(stdout, 0);
        const struct command *c = find_command(o->arg);
        if (!c)
                return usage_error("help: unknown command \"%s\"", o->arg);
        fputs(msgcat_fmt(c->help), stdout);
        return 0;
}

static int cmd_version(const struct opts *o)
{
        (void)o;
        printf("digimittari %s\n", DM_VERSION);
        return 0;
}

int main(int argc, char **argv)
{
        static const struct option longopts[] = {
            {"config", required_argument, NULL, 'c'}, {"verbose", no_argument, NULL, 'v'},
            {"force", no_argument, NULL, 'f'},        {"help", no_argument, NULL, 'h'},
            {"version", no_argument, NULL, 'V'},      {NULL, 0, NULL, 0},
        };
        struct opts o = {0};
        int c;
        /* Until the configuration is read, messages follow the environment. */
        msgcat_set_lang(msgcat_lang_from_env(&lang_forced));
        /* Our own messages, so that they start "digimittari:" whatever argv[0] is. */
        opterr = 0;
        /* GNU getopt permutes, so options may come before or after the command. */
        while ((c = getopt_long(argc, argv, ":c:vfhV", longopts, NULL)) != -1) {
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
                        return cmd_version(&o);
                case ':':
                        if (!strncmp(argv[optind - 1], "--", 2))
                                return usage_error("option %s needs an argument", argv[optind - 1]);
                        return usage_error("option -%c needs an argument", optopt);
                default:
                        if (optopt)
                                return usage_error("unknown option -%c", optopt);
                        return usage_error("unknown option %s", argv[optind - 1]);
                }
        }
        if (optind >= argc)
                return usage_error("no command given");
        const char *name = argv[optind++];
        const struct command *cmd = find_command(name);
        if (!cmd)
                return usage_error("unknown command \"%s\"", name);
        if (cmd->fn == cmd_help && optind < argc)
                o.arg = argv[optind++];
        if (optind < argc)
                return usage_error("unexpected argument \"%s\"", argv[optind]);
        if (cmd->needs_config && !o.config)
                return usage_error("%s needs -c CONFIG", name);
        return cmd->fn(&o);
}

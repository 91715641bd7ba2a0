/*
 * config.c - reads the INI configuration with libinih and checks it.
 *
 * Parsing is one pass of handler calls (one per key); cross references
 * (a wave's instrument, a wave to compare with, a report's waves) are kept as
 * text with their line and resolved after the pass, so that every error can
 * name the line it comes from.
 */
#include "config.h"
#include "msgcat.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "codebook.h"
#include "csvread.h"

/* A reference by id, resolved once every section is known. */
struct pending {
        char *text;
        int line;
};

struct parse {
        struct config *cfg;
        FILE *fp;
        int line;              /* physical line the reader handed out last */
        struct err *e;
        int failed;
        int fail_line;                /* line of the first failure */
        int th_line[6];               /* line of each [thresholds] key, 0 = default */
        struct pending *wave_instr;   /* per wave */
        struct pending *wave_compare; /* per wave */
        struct pending *ed_waves;     /* per edition */
        char cursec[256];             /* current section, to notice empty sections */
};

static int fail(struct parse *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int open_section(struct parse *p, const char *section);

/*
 * Opens the section a "[NAME]" line names, as libinih reads it (an inline
 * comment ends the line), so that a section without keys still counts and
 * errors name the section's own line. libinih would cut a NAME longer than
 * 49 bytes silently (a municipality's name, maybe inside a UTF-8 letter),
 * so that is an error.
 */
static void section_line(struct parse *p, const char *s)
{
        if (p->line == 1 && !strncmp(s, "\xEF\xBB\xBF", 3))
                s += 3;
        s += strspn(s, " \t");
        if (*s != '[' || p->failed)
                return;
        const char *q = s + 1;
        int was_space = 0;
        while (*q && *q != ']' && !(was_space && *q == ';')) {
                was_space = isspace((unsigned char)*q);
                q++;
        }
        if (*q != ']')
                return; /* libinih reports the syntax error */
        char name[50];
        if ((size_t)(q - s - 1) > sizeof name - 1) {
                fail(p, "the section name \"%.*s\" is %zu bytes long; expected at most %zu",
                     (int)(q - s - 1), s + 1, (size_t)(q - s - 1), sizeof name - 1);
                return;
        }
        size_t n = (size_t)(q - s - 1) < sizeof name - 1 ? (size_t)(q - s - 1) : sizeof name - 1;
        memcpy(name, s + 1, n);
        name[n] = '\0';
        open_section(p, name);
}

/*
 * Reader for ini_parse_stream: hands out one physical line per call, counts
 * it, and opens sections. A line longer than libinih's buffer is cut to the
 * buffer; the rest is dropped, which is harmless for a comment and an error
 * otherwise. A NUL byte is an error: it would end the line early for
 * libinih and hide the rest of it (fgets cannot tell where such a line ends).
 */
static char *count_reader(char *str, int num, void *stream)
{
        struct parse *p = stream;
        size_t n = 0;
        int c = EOF, nul = 0;
        while (n + 1 < (size_t)num && (c = getc(p->fp)) != EOF) {
                nul |= c == '\0';
                str[n++] = (char)c;
                if (c == '\n')
                        break;
        }
        if (!n)
                return NULL;
        str[n] = '\0';
        p->line++;
        if (nul) {
                fail(p, "the line contains a NUL byte; expected text (is the file UTF-16 or "
                        "binary?)");
                return str;
        }
        if (c != '\n' && c != EOF && (c = getc(p->fp)) != '\n' && c != EOF) {
                while ((c = getc(p->fp)) != EOF && c != '\n')
                        ;
                const char *t = str + strspn(str, " \t");
                if (*t != ';' && *t != '#')
                        fail(p, "the line is longer than %d bytes; expected at most %d", num - 1,
                             num - 1);
                return str;
        }
        section_line(p, str);
        return str;
}

static int fail(struct parse *p, const char *fmt, ...)
{
        if (p->failed)
                return 0;
        char msg[768];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, msgcat_fmt(fmt), ap);
        va_end(ap);
        err_set(p->e, DM_EX_CONFIG, "%s:%d: %s", p->cfg->path, p->line, msg);
        p->failed = 1;
        p->fail_line = p->line;
        return 0;
}

/*
 * A whole number, in digit groups or not ("3100", "3 100", "3\u00a0100"):
 * the thousands separators parse_decimal() takes, without a fraction.
 */
static int parse_long(const char *v, long lo, long hi, long *out)
{
        double x;
        if (strpbrk(v, ".,eE") || parse_decimal(v, &x) || x < (double)lo || x > (double)hi)
                return -1;
        *out = (long)x;
        return 0;
}

static int parse_number(const char *v, double lo, double hi, double *out)
{
        double x;
        if (parse_decimal(v, &x) || x < lo || x > hi)
                return -1;
        *out = x;
        return 0;
}


/* Splits a comma-separated list into trimmed, non-empty strings. */
static char **split_list(const char *v, size_t *n)
{
        char **out = NULL;
        *n = 0;
        char *copy = xstrdup(v);
        char *save = NULL;
        for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
                trim_inplace(tok);
                if (!*tok)
                        continue;
                out = xrealloc(out, (*n + 1) * sizeof *out);
                out[(*n)++] = xstrdup(tok);
        }
        free(copy);
        return out;
}

static const char *section_name(const char *section, const char *kind)
{
        size_t k = strlen(kind);
        if (strncmp(section, kind, k) == 0 && section[k] == ' ') {
                const char *s = section + k;
                while (*s == ' ')
                        s++;
                return s;
        }
        return NULL;
}

/*
 * Names that mean the whole region in the results table ("ALL", stats.c) and
 * in the strategy registers (region_words in strategy.c), in text_key form:
 * a municipality so named would be mixed with the region.
 */
static const char *const reserved_names[] = {"all", "koko seutu", "kaikki", "seutu"};

/* Returns 1 when s names the region (a reserved word or the region's name), else 0. */
static int is_reserved(const struct config *c, const char *s)
{
        char *k = text_key(s);
        int found = 0;
        for (size_t i = 0; i < sizeof reserved_names / sizeof reserved_names[0]; i++)
                found |= !strcmp(k, reserved_names[i]);
        if (!found && c->region) {
                char *kr = text_key(c->region);
                found = !strcmp(k, kr);
                free(kr);
        }
        free(k);
        return found;
}

static struct municipality *cur_muni(struct parse *p, const char *name)
{
        struct config *c = p->cfg;
        if (c->nmunis && strcmp(c->munis[c->nmunis - 1].name, name) == 0)
                return &c->munis[c->nmunis - 1];
        return NULL;
}

static int handle_region(struct parse *p, const char *name, const char *value)
{
        struct config *c = p->cfg;
        if (!strcmp(name, "name")) {
                free(c->region);
                c->region = xstrdup(value);
        } else if (!strcmp(name, "language")) {
                if (strcmp(value, "fi") && strcmp(value, "en"))
                        return fail(p, "language: expected fi or en, got \"%s\"", value);
                free(c->language);
                c->language = xstrdup(value);
        } else if (!strcmp(name, "min_group_size")) {
                long v;
                if (parse_long(value, 3, 1000000, &v))
                        return fail(p, "min_group_size: expected a whole number of 3 or more, "
                                       "got \"%s\"",
                                    value);
                c->min_group = (int)v;
        } else if (!strcmp(name, "max_unknown_pct")) {
                double v;
                if (parse_number(value, 0, 100, &v))
                        return fail(p, "max_unknown_pct: expected a percentage from 0 to 100, "
                                       "got \"%s\"",
                                    value);
                c->max_unknown_pct = v;
        } else if (!strcmp(name, "max_rejected_pct")) {
                double v;
                if (parse_number(value, 0, 100, &v))
                        return fail(p,
                                    "max_rejected_pct: expected a percentage from 0 to 100, "
                                    "got \"%s\"",
                                    value);
                c->max_rejected_pct = v;
        } else if (!strcmp(name, "output")) {
                free(c->output);
                c->output = path_join(c->dir, value);
        } else if (!strcmp(name, "report_date")) {
                int y, m, d;
                char tail;
                if (sscanf(value, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 ||
                    m > 12 || d < 1 || d > 31 || y < 1900)
                        return fail(p, "report_date: expected a date YYYY-MM-DD, got \"%s\"",
                                    value);
                free(c->report_date);
                c->report_date = xstrdup(value);
        } else if (!strcmp(name, "actions")) {
                free(c->actions_file);
                c->actions_file = path_join(c->dir, value);
        } else if (!strcmp(name, "indicators")) {
                free(c->indicators_file);
                c->indicators_file = path_join(c->dir, value);
        } else if (!strcmp(name, "strategy_start")) {
                long v;
                if (parse_long(value, 1900, 2200, &v))
                        return fail(p, "strategy_start: expected a year, got \"%s\"", value);
                c->strategy_start = (int)v;
        } else {
                return fail(p,
                            "unknown key \"%s\" in [region]; expected name, language, "
                            "min_group_size, max_rejected_pct, max_unknown_pct, output, report_date, "
                            "actions, indicators or strategy_start",
                            name);
        }
        return 1;
}

static int handle_thresholds(struct parse *p, const char *name, const char *value)
{
        static const struct {
                const char *key;
                size_t off;
                double lo, hi;
        } keys[] = {
            {"red_below", offsetof(struct thresholds, red_below), 0, 100},
            {"green_from", offsetof(struct thresholds, green_from), 0, 100},
            {"gap_yellow", offsetof(struct thresholds, gap_yellow), 0, 100},
            {"gap_red", offsetof(struct thresholds, gap_red), 0, 100},
            {"progress_red_below", offsetof(struct thresholds, progress_red_below), 0, 100},
            {"progress_green_from", offsetof(struct thresholds, progress_green_from), 0, 100},
        };
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
                if (strcmp(name, keys[i].key))
                        continue;
                double v;
                if (parse_number(value, keys[i].lo, keys[i].hi, &v))
                        return fail(p, "%s: expected a number from %g to %g, got \"%s\"", name,
                                    keys[i].lo, keys[i].hi, value);
                *(double *)((char *)&p->cfg->th + keys[i].off) = v;
                p->th_line[i] = p->line;
                return 1;
        }
        return fail(p, "unknown key \"%s\" in [thresholds]; expected red_below, green_from, "
                       "gap_yellow, gap_red, progress_red_below or progress_green_from",
                    name);
}

static int handle_muni(struct parse *p, const char *mname, const char *name, const char *value)
{
        struct municipality *m = cur_muni(p, mname);
        if (!strcmp(name, "aliases")) {
                for (size_t i = 0; i < m->naliases; i++)
                        free(m->aliases[i]);
                free(m->aliases);
                m->aliases = split_list(value, &m->naliases);
                for (size_t i = 0; i < m->naliases; i++)
                        if (is_reserved(p->cfg, m->aliases[i]))
                                return fail(p,
                                            "alias \"%s\" of %s is a reserved name: it means "
                                            "the whole region (ALL, koko seutu, kaikki, seutu "
                                            "or the region's name); remove it",
                                            m->aliases[i], mname);
        } else if (!strcmp(name, "staff")) {
                long v;
                if (parse_long(value, 0, 10000000, &v))
                        return fail(p, "staff: expected a headcount (whole number), got \"%s\"",
                                    value);
                m->staff = v;
        } else if (!strcmp(name, "group")) {
                free(m->group);
                m->group = xstrdup(value);
        } else if (!strcmp(name, "code")) {
                for (size_t i = 0; i < m->ncodes; i++)
                        free(m->codes[i]);
                free(m->codes);
                m->codes = split_list(value, &m->ncodes);
                for (size_t i = 0; i < m->ncodes; i++) {
                        char norm[32];
                        if (!config_code_norm(m->codes[i], norm, sizeof norm))
                                return fail(p,
                                            "code: expected the municipality's numeric code "
                                            "(digits, e.g. 049), got \"%s\"",
                                            m->codes[i]);
                        free(m->codes[i]);
                        m->codes[i] = xstrdup(norm);
                }
                /* Codes are checked once the list is whole: only earlier ones count. */
                size_t n = m->ncodes;
                m->ncodes = 0;
                for (size_t i = 0; i < n; i++) {
                        int other = config_find_muni_code(p->cfg, m->codes[i]);
                        if (other >= 0) {
                                fail(p, "code %s of %s is also the code of %s", m->codes[i], mname,
                                     p->cfg->munis[other].name);
                                for (size_t k = i; k < n; k++)
                                        free(m->codes[k]);
                                return 0;
                        }
                        m->ncodes = i + 1;
                }
        } else {
                return fail(p,
                            "unknown key \"%s\" in [municipality %s]; expected aliases, "
                            "code, staff or group",
                            name, mname);
        }
        return 1;
}

static int handle_instrument(struct parse *p, const char *name, const char *value)
{
        struct instrument *in = &p->cfg->instruments[p->cfg->ninstruments - 1];
        if (!strcmp(name, "codebook")) {
                free(in->codebook_path);
                in->codebook_path = path_join(p->cfg->dir, value);
        } else if (!strcmp(name, "title")) {
                free(in->title);
                in->title = xstrdup(value);
        } else if (!strcmp(name, "title_en")) {
                free(in->title_en);
                in->title_en = xstrdup(value);
        } else if (!strcmp(name, "min_items")) {
                if (codebook_parse_min_items(value, &in->min_items))
                        return fail(p, "min_items: expected half, all or a whole number of "
                                       "items, got \"%s\"",
                                    value);
        } else if (!strcmp(name, "favourable")) {
                if (codebook_parse_favourable(value, &in->favourable))
                        return fail(p, "favourable: expected after_reversal or before_reversal, "
                                       "got \"%s\"",
                                    value);
        } else {
                return fail(p, "unknown key \"%s\" in [instrument %s]; expected codebook, "
                               "title, title_en, min_items or favourable",
                            name, in->id);
        }
        return 1;
}

static void set_pending(struct pending *pd, const char *value, int line)
{
        free(pd->text);
        pd->text = xstrdup(value);
        pd->line = line;
}

static int handle_wave(struct parse *p, const char *name, const char *value)
{
        size_t i = p->cfg->nwaves - 1;
        struct wave *w = &p->cfg->waves[i];
        if (!strcmp(name, "instrument")) {
                set_pending(&p->wave_instr[i], value, p->line);
        } else if (!strcmp(name, "year")) {
                long v;
                if (parse_long(value, 1900, 2200, &v))
                        return fail(p, "year: expected a year such as 2024, got \"%s\"", value);
                w->year = (int)v;
        } else if (!strcmp(name, "file")) {
                free(w->file);
                w->file = path_join(p->cfg->dir, value);
        } else if (!strcmp(name, "compare")) {
                set_pending(&p->wave_compare[i], value, p->line);
        } else if (!strcmp(name, "incomplete")) {
                if (!strcmp(value, "exclude"))
                        w->keep_incomplete = 0;
                else if (!strcmp(value, "keep"))
                        w->keep_incomplete = 1;
                else
                        return fail(p, "incomplete: expected exclude (the default: incomplete "
                                       "responses are left out) or keep, got \"%s\"",
                                    value);
        } else if (!strcmp(name, "sheet")) {
                if (!*value)
                        return fail(p, "sheet: expected the name of a workbook sheet");
                free(w->sheet);
                w->sheet = xstrdup(value);
        } else {
                return fail(p, "unknown key \"%s\" in [wave %s]; expected instrument, year, "
                               "file, sheet, compare or incomplete",
                            name, w->id);
        }
        return 1;
}

static int handle_edition(struct parse *p, const char *name, const char *value)
{
        size_t i = p->cfg->neditions - 1;
        struct edition *ed = &p->cfg->editions[i];
        if (!strcmp(name, "title")) {
                free(ed->title);
                ed->title = xstrdup(value);
        } else if (!strcmp(name, "title_en")) {
                free(ed->title_en);
                ed->title_en = xstrdup(value);
        } else if (!strcmp(name, "waves")) {
                set_pending(&p->ed_waves[i], value, p->line);
        } else {
                return fail(p, "unknown key \"%s\" in [report %s]; expected title, title_en "
                               "or waves",
                            name, ed->id);
        }
        return 1;
}

/* Starts a new section object when the handler sees a section for the first time. */
static int open_section(struct parse *p, const char *section)
{
        struct config *c = p->cfg;
        const char *n;
        snprintf(p->cursec, sizeof p->cursec, "%s", section);
        if (!strcmp(section, "region") || !strcmp(section, "thresholds"))
                return 1;
        if ((n = section_name(section, "municipality"))) {
                if (!*n)
                        return fail(p, "[municipality] needs a name: [municipality NAME]");
                if (config_find_muni(c, n) >= 0)
                        return fail(p, "municipality \"%s\" is defined twice (or is another "
                                       "one's alias)",
                                    n);
                if (is_reserved(c, n))
                        return fail(p,
                                    "[municipality %s]: the name is reserved: it means the "
                                    "whole region (ALL, koko seutu, kaikki, seutu or the "
                                    "region's name); use the municipality's own name",
                                    n);
                c->munis = xrealloc(c->munis, (c->nmunis + 1) * sizeof *c->munis);
                struct municipality *m = &c->munis[c->nmunis++];
                memset(m, 0, sizeof *m);
                m->name = xstrdup(n);
                m->slug = slugify(n);
                m->line = p->line;
                return 1;
        }
        if ((n = section_name(section, "instrument"))) {
                if (!id_valid(n))
                        return fail(p, "instrument id \"%s\": expected letters, digits, '_', "
                                       "'-' or '.'",
                                    n);
                for (size_t i = 0; i < c->ninstruments; i++)
                        if (!strcmp(c->instruments[i].id, n))
                                return fail(p, "instrument \"%s\" is defined twice", n);
                c->instruments =
                    xrealloc(c->instruments, (c->ninstruments + 1) * sizeof *c->instruments);
                struct instrument *in = &c->instruments[c->ninstruments++];
                memset(in, 0, sizeof *in);
                in->id = xstrdup(n);
                in->line = p->line;
                return 1;
        }
        if ((n = section_name(section, "wave"))) {
                if (!id_valid(n))
                        return fail(p, "wave id \"%s\": expected letters, digits, '_', '-' or "
                                       "'.'",
                                    n);
                if (config_find_wave(c, n) >= 0)
                        return fail(p, "wave \"%s\" is defined twice", n);
                c->waves = xrealloc(c->waves, (c->nwaves + 1) * sizeof *c->waves);
                p->wave_instr = xrealloc(p->wave_instr, (c->nwaves + 1) * sizeof *p->wave_instr);
                p->wave_compare =
                    xrealloc(p->wave_compare, (c->nwaves + 1) * sizeof *p->wave_compare);
                memset(&p->wave_instr[c->nwaves], 0, sizeof *p->wave_instr);
                memset(&p->wave_compare[c->nwaves], 0, sizeof *p->wave_compare);
                struct wave *w = &c->waves[c->nwaves++];
                memset(w, 0, sizeof *w);
                w->id = xstrdup(n);
                w->compare = -1;
                w->instrument = -1;
                w->line = p->line;
                return 1;
        }
        if ((n = section_name(section, "report"))) {
                if (!id_valid(n))
                        return fail(p, "report id \"%s\": expected letters, digits, '_', '-' "
                                       "or '.'",
                                    n);
                for (size_t i = 0; i < c->neditions; i++)
                        if (!strcmp(c->editions[i].id, n))
                                return fail(p, "report \"%s\" is defined twice", n);
                c->editions = xrealloc(c->editions, (c->neditions + 1) * sizeof *c->editions);
                p->ed_waves = xrealloc(p->ed_waves, (c->neditions + 1) * sizeof *p->ed_waves);
                memset(&p->ed_waves[c->neditions], 0, sizeof *p->ed_waves);
                struct edition *ed = &c->editions[c->neditions++];
                memset(ed, 0, sizeof *ed);
                ed->id = xstrdup(n);
                ed->line = p->line;
                return 1;
        }
        return fail(p, "unknown section [%s]; expected [region], [thresholds], "
                       "[municipality NAME], [instrument ID], [wave ID] or [report ID]",
                    section);
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
        struct parse *p = user;
        if (p->failed)
                return 1;
        if (!name) /* a section header (INI_CALL_HANDLER_ON_NEW_SECTION builds) */
                return 1;
        if (!*section)
                return fail(p, "key \"%s\" before any [section]", name);
        if (strcmp(section, p->cursec) && !open_section(p, section))
                return 0;
        if (!value || !*value)
                return fail(p, "%s: missing value", name);
        const char *n;
        if (!strcmp(section, "region"))
                return handle_region(p, name, value);
        if (!strcmp(section, "thresholds"))
                return handle_thresholds(p, name, value);
        if ((n = section_name(section, "municipality")))
                return handle_muni(p, n, name, value);
        if (section_name(section, "instrument"))
                return handle_instrument(p, name, value);
        if (section_name(section, "wave"))
                return handle_wave(p, name, value);
        if (section_name(section, "report"))
                return handle_edition(p, name, value);
        return 1;
}

/*
 * Describes report file j of check_file_names (edition j / (nmunis + 1),
 * region first) into buf. With implicit editions (no [report] sections) an
 * edition is its wave's. Returns the line of its municipality (0 for the
 * region's report).
 */
static int describe_report(const struct config *c, size_t j, int implicit, char *buf, size_t n)
{
        const struct edition *ed = &c->editions[j / (c->nmunis + 1)];
        long m = (long)(j % (c->nmunis + 1)) - 1;
        const char *sec = implicit ? "wave" : "report";
        if (m < 0)
                snprintf(buf, n, "the regional report of [%s %s]", sec, ed->id);
        else
                snprintf(buf, n, "the report of [municipality %s] (line %d) in [%s %s]",
                         c->munis[m].name, c->munis[m].line, sec, ed->id);
        return m < 0 ? 0 : c->munis[m].line;
}

/*
 * Output file names are made of slugs, which keep only a-z, 0-9 and '-':
 * a wave's data-quality report is "quality-WAVE.csv" (pipeline_quality_path())
 * and a report "WHO-EDITION.pdf" (WHO the region or a municipality; see
 * report_filename() in report.c). Names that come out the same ("Ä" and
 * "A", "a.b" and "a-b", "Perho X" + "2024" and "Perho" + "x-2024") would
 * overwrite each other's files, so they are refused, naming both.
 */
static int check_file_names(struct parse *p)
{
        const struct config *c = p->cfg;
        const char *path = c->path;
        struct strmap seen;
        strmap_init(&seen);
        int rc = 0;
        for (size_t i = 0; i < c->nwaves && !rc; i++) {
                char *w = slugify(c->waves[i].id);
                int other;
                if (strmap_get(&seen, w, &other))
                        rc = err_set(p->e, DM_EX_CONFIG,
                                     "%s:%d: [wave %s] and [wave %s] (line %d) would both write "
                                     "the data-quality report \"quality-%s.csv\"; rename one of "
                                     "them (file names keep only the letters a-z, digits and '-')",
                                     path, c->waves[i].line, c->waves[i].id, c->waves[other].id,
                                     c->waves[other].line, w);
                else
                        strmap_put(&seen, w, (int)i);
                free(w);
        }
        strmap_clear(&seen);
        int implicit = p->ed_waves == NULL;
        char *region = slugify(c->region);
        size_t per = c->nmunis + 1;
        for (size_t j = 0; j < c->neditions * per && !rc; j++) {
                char *who = j % per ? slugify(c->munis[j % per - 1].name) : xstrdup(region);
                char *ed = slugify(c->editions[j / per].id);
                struct strbuf name;
                strbuf_init(&name);
                strbuf_addf(&name, "%s-%s.pdf", who, ed);
                int other;
                if (strmap_get(&seen, name.buf, &other)) {
                        char a[256], b[256];
                        int la = describe_report(c, (size_t)other, implicit, a, sizeof a);
                        int lb = describe_report(c, j, implicit, b, sizeof b);
                        /* The later municipality's line, else the later edition's. */
                        int line = la > lb ? la : lb;
                        size_t ea = (size_t)other / per, eb = j / per;
                        if (ea != eb || !line)
                                for (size_t k = 0; k < 2; k++) {
                                        int le = c->editions[k ? eb : ea].line;
                                        line = le > line ? le : line;
                                }
                        rc = err_set(p->e, DM_EX_CONFIG,
                                     "%s:%d: %s and %s would both be written to \"%s\"; rename "
                                     "one of them (file names keep only the letters a-z, digits "
                                     "and '-')",
                                     path, line, a, b, name.buf);
                } else {
                        strmap_put(&seen, name.buf, (int)j);
                }
                strbuf_clear(&name);
                free(who);
                free(ed);
        }
        strmap_clear(&seen);
        free(region);
        return rc;
}

/* Resolves cross references and checks required keys. Returns 0 or -1. */
static int resolve(struct parse *p)
{
        struct config *c = p->cfg;
        const char *path = c->path;
        if (!c->region)
                return err_set(p->e, DM_EX_CONFIG, "%s: [region] needs a name", path);
        if (!c->nmunis)
                return err_set(p->e, DM_EX_CONFIG,
                               "%s: no municipalities; expected [municipality NAME] sections",
                               path);
        if (!c->nwaves)
                return err_set(p->e, DM_EX_CONFIG, "%s: no survey waves; expected [wave ID] "
                                                   "sections",
                               path);
        /* A contradiction is reported on the later of its two keys' lines. */
        const int *tl = p->th_line;
        if (c->th.red_below > c->th.green_from)
                return err_set(p->e, DM_EX_CONFIG,
                               "%s:%d: [thresholds] red_below (%g) must not exceed green_from (%g)",
                               path, tl[0] > tl[1] ? tl[0] : tl[1], c->th.red_below,
                               c->th.green_from);
        if (c->th.gap_yellow > c->th.gap_red)
                return err_set(p->e, DM_EX_CONFIG,
                               "%s:%d: [thresholds] gap_yellow (%g) must not exceed gap_red (%g)",
                               path, tl[2] > tl[3] ? tl[2] : tl[3], c->th.gap_yellow,
                               c->th.gap_red);
        if (c->th.progress_red_below > c->th.progress_green_from)
                return err_set(p->e, DM_EX_CONFIG,
                               "%s:%d: [thresholds] progress_red_below must not exceed "
                               "progress_green_from",
                               path, tl[4] > tl[5] ? tl[4] : tl[5]);
        /* The region's name may come after the municipalities. */
        for (size_t i = 0; i < c->nmunis; i++) {
                const struct municipality *m = &c->munis[i];
                int bad = is_reserved(c, m->name) ? -1 : 0;
                for (size_t a = 0; !bad && a < m->naliases; a++)
                        if (is_reserved(c, m->aliases[a]))
                                bad = (int)a + 1;
                if (bad)
                        return err_set(p->e, DM_EX_CONFIG,
                                       "%s:%d: [municipality %s]: \"%s\" is the region's name; "
                                       "a municipality must not share it",
                                       path, m->line, m->name,
                                       bad < 0 ? m->name : m->aliases[bad - 1]);
        }
        /* Aliases must not collide with other municipalities. */
        for (size_t i = 0; i < c->nmunis; i++) {
                for (size_t a = 0; a < c->munis[i].naliases; a++) {
                        char *k = text_key(c->munis[i].aliases[a]);
                        for (size_t j = 0; j < c->nmunis; j++) {
                                if (j == i)
                                        continue;
                                char *kn = text_key(c->munis[j].name);
                                int same = !strcmp(k, kn);
                                for (size_t b = 0; !same && b < c->munis[j].naliases; b++) {
                                        char *kb = text_key(c->munis[j].aliases[b]);
                                        same = !strcmp(k, kb);
                                        free(kb);
                                }
                                free(kn);
                                if (same) {
                                        free(k);
                                        return err_set(p->e, DM_EX_CONFIG,
                                                       "%s:%d: alias \"%s\" of %s also names %s",
                                                       path, c->munis[i].line,
                                                       c->munis[i].aliases[a], c->munis[i].name,
                                                       c->munis[j].name);
                                }
                        }
                        free(k);
                }
        }
        for (size_t i = 0; i < c->ninstruments; i++)
                if (!c->instruments[i].codebook_path)
                        return err_set(p->e, DM_EX_CONFIG,
                                       "%s:%d: [instrument %s] needs codebook = FILE", path,
                                       c->instruments[i].line, c->instruments[i].id);
        for (size_t i = 0; i < c->nwaves; i++) {
                struct wave *w = &c->waves[i];
                if (!p->wave_instr[i].text)
                        return err_set(p->e, DM_EX_CONFIG,
                                       "%s:%d: [wave %s] needs instrument = ID", path, w->line,
                                       w->id);
                for (size_t j = 0; j < c->ninstruments; j++)
                        if (!strcmp(c->instruments[j].id, p->wave_instr[i].text))
                                w->instrument = (int)j;
                if (w->instrument < 0)
                        return err_set(p->e, DM_EX_CONFIG,
                                       "%s:%d: [wave %s] names instrument \"%s\", which no "
                                       "[instrument] section defines",
                                       path, p->wave_instr[i].line, w->id,
                                       p->wave_instr[i].text);
                if (!w->file)
                        return err_set(p->e, DM_EX_CONFIG, "%s:%d: [wave %s] needs file = EXPORT",
                                       path, w->line, w->id);
                if (!w->year)
                        return err_set(p->e, DM_EX_CONFIG, "%s:%d: [wave %s] needs year = YYYY",
                                       path, w->line, w->id);
                if (p->wave_compare[i].text) {
                        int k = config_find_wave(c, p->wave_compare[i].text);
                        if (k < 0)
                                return err_set(p->e, DM_EX_CONFIG,
                                               "%s:%d: [wave %s] compare = %s: no such wave",
                                               path, p->wave_compare[i].line, w->id,
                                               p->wave_compare[i].text);
                        if ((size_t)k == i || c->waves[k].instrument != w->instrument ||
                            c->waves[k].year > w->year)
                                return err_set(p->e, DM_EX_CONFIG,
                                               "%s:%d: [wave %s] compare = %s: expected an "
                                               "earlier wave of the same instrument",
                                               path, p->wave_compare[i].line, w->id,
                                               p->wave_compare[i].text);
                        w->compare = k;
                }
        }
        for (size_t i = 0; i < c->neditions; i++) {
                struct edition *ed = &c->editions[i];
                if (!ed->title)
                        ed->title = xstrdup(ed->id);
                if (!p->ed_waves[i].text)
                        return err_set(p->e, DM_EX_CONFIG,
                                       "%s:%d: [report %s] needs waves = ID, ID, ...", path,
                                       ed->line, ed->id);
                size_t n;
                char **ids = split_list(p->ed_waves[i].text, &n);
                ed->waves = xcalloc(n, sizeof *ed->waves);
                int bad = -1;
                for (size_t j = 0; j < n; j++) {
                        int k = config_find_wave(c, ids[j]);
                        if (k < 0 && bad < 0)
                                bad = (int)j;
                        ed->waves[ed->nwaves++] = k;
                }
                int rc = 0;
                if (bad >= 0)
                        rc = err_set(p->e, DM_EX_CONFIG,
                                     "%s:%d: [report %s] names wave \"%s\", which no [wave] "
                                     "section defines",
                                     path, p->ed_waves[i].line, ed->id, ids[bad]);
                else if (!n)
                        rc = err_set(p->e, DM_EX_CONFIG,
                                     "%s:%d: [report %s] waves: expected at least one wave id",
                                     path, p->ed_waves[i].line, ed->id);
                for (size_t j = 0; j < n; j++)
                        free(ids[j]);
                free(ids);
                if (rc)
                        return rc;
        }
        /* Without [report] sections, every wave gets a report of its own. */
        if (!c->neditions) {
                c->editions = xcalloc(c->nwaves, sizeof *c->editions);
                for (size_t i = 0; i < c->nwaves; i++) {
                        struct edition *ed = &c->editions[c->neditions++];
                        ed->id = xstrdup(c->waves[i].id);
                        ed->title = xstrdup(c->waves[i].id);
                        ed->waves = xcalloc(1, sizeof *ed->waves);
                        ed->waves[0] = (int)i;
                        ed->nwaves = 1;
                        ed->line = c->waves[i].line;
                }
        }
        return check_file_names(p);
}

static void free_pending(struct pending *pd, size_t n)
{
        for (size_t i = 0; pd && i < n; i++)
                free(pd[i].text);
        free(pd);
}

struct config *config_load(const char *path, struct err *e)
{
        FILE *raw = fopen(path, "rb");
        if (!raw) {
                err_set(e, DM_EX_NOINPUT, "%s: cannot open configuration: %s", path,
                        msg_strerror(errno));
                return NULL;
        }
        /* Decoded like an export (a Notepad INI is Windows-1252), then parsed from memory. */
        char *text;
        size_t text_len;
        int drc = csvread_decode_stream(raw, path, &text, &text_len, NULL, e);
        fclose(raw);
        if (drc != 0) {
                if (e && e->code == DM_EX_DATAERR)
                        e->code = DM_EX_CONFIG;
                return NULL;
        }
        FILE *fp = fmemopen(text, text_len, "r");
        if (!fp) {
                err_set(e, DM_EX_SOFTWARE, "%s: cannot read configuration: %s", path,
                        msg_strerror(errno));
                free(text);
                return NULL;
        }
        struct config *c = xcalloc(1, sizeof *c);
        c->path = xstrdup(path);
        c->dir = path_dirname(path);
        c->language = xstrdup("fi");
        c->min_group = 5;
        c->max_rejected_pct = 10;
        c->max_unknown_pct = 1;
        c->th.red_below = 50;
        c->th.green_from = 70;
        c->th.gap_yellow = 0.5;
        c->th.gap_red = 1.0;
        c->th.progress_red_below = 50;
        c->th.progress_green_from = 80;
        struct parse p = {.cfg = c, .fp = fp, .e = e};
        int rc = ini_parse_stream(count_reader, &p, handler, &p);
        fclose(fp);
        free(text);
        if (rc != 0 && (!p.failed || rc < p.fail_line)) /* the first error wins */
                err_set(e, DM_EX_CONFIG,
                        "%s:%d: syntax error: expected [section] or key = value", path, rc);
        if (!p.failed && rc == 0 && resolve(&p) != 0)
                p.failed = 1;
        else if (rc != 0)
                p.failed = 1;
        if (!c->output && !p.failed)
                c->output = path_join(c->dir, "output");
        free_pending(p.wave_instr, c->nwaves);
        free_pending(p.wave_compare, c->nwaves);
        free_pending(p.ed_waves, c->neditions);
        if (p.failed) {
                config_free(c);
                return NULL;
        }
        return c;
}

int config_load_codebooks(struct config *cfg, struct err *e)
{
        for (size_t i = 0; i < cfg->ninstruments; i++) {
                struct instrument *in = &cfg->instruments[i];
                if (in->codebook)
                        continue;
                in->codebook = codebook_load(in->codebook_path, e);
                if (!in->codebook)
                        return -1; /* a missing file stays DM_EX_NOINPUT (66) */
        }
        return 0;
}

void config_free(struct config *c)
{
        if (!c)
                return;
        for (size_t i = 0; i < c->nmunis; i++) {
                free(c->munis[i].name);
                free(c->munis[i].slug);
                free(c->munis[i].group);
                for (size_t a = 0; a < c->munis[i].naliases; a++)
                        free(c->munis[i].aliases[a]);
                free(c->munis[i].aliases);
                for (size_t k = 0; k < c->munis[i].ncodes; k++)
                        free(c->munis[i].codes[k]);
                free(c->munis[i].codes);
        }
        free(c->munis);
        for (size_t i = 0; i < c->ninstruments; i++) {
                free(c->instruments[i].id);
                free(c->instruments[i].title);
                free(c->instruments[i].title_en);
                free(c->instruments[i].codebook_path);
                codebook_free(c->instruments[i].codebook);
        }
        free(c->instruments);
        for (size_t i = 0; i < c->nwaves; i++) {
                free(c->waves[i].id);
                free(c->waves[i].file);
                free(c->waves[i].sheet);
        }
        free(c->waves);
        for (size_t i = 0; i < c->neditions; i++) {
                free(c->editions[i].id);
                free(c->editions[i].title);
                free(c->editions[i].title_en);
                free(c->editions[i].waves);
        }
        free(c->editions);
        free(c->path);
        free(c->dir);
        free(c->region);
        free(c->language);
        free(c->output);
        free(c->report_date);
        free(c->actions_file);
        free(c->indicators_file);
        free(c);
}

int config_find_muni(const struct config *cfg, const char *s)
{
        char *k = text_key(s);
        int found = -1;
        for (size_t i = 0; i < cfg->nmunis && found < 0; i++) {
                char *kn = text_key(cfg->munis[i].name);
                if (!strcmp(k, kn))
                        found = (int)i;
                free(kn);
                for (size_t a = 0; a < cfg->munis[i].naliases && found < 0; a++) {
                        char *ka = text_key(cfg->munis[i].aliases[a]);
                        if (!strcmp(k, ka))
                                found = (int)i;
                        free(ka);
                }
        }
        free(k);
        return found;
}

int config_code_norm(const char *s, char *buf, size_t n)
{
        size_t len = strlen(s);
        if (!len || len > 18 || strspn(s, "0123456789") != len)
                return 0;
        while (len > 1 && *s == '0') {
                s++;
                len--;
        }
        if (len >= n)
                return 0;
        memcpy(buf, s, len + 1);
        return 1;
}

int config_find_muni_code(const struct config *cfg, const char *s)
{
        char norm[32];
        if (!config_code_norm(s, norm, sizeof norm))
                return -1;
        for (size_t i = 0; i < cfg->nmunis; i++)
                for (size_t k = 0; k < cfg->munis[i].ncodes; k++)
                        if (!strcmp(cfg->munis[i].codes[k], norm))
                                return (int)i;
        return -1;
}

int config_find_wave(const struct config *cfg, const char *id)
{
        for (size_t i = 0; i < cfg->nwaves; i++)
                if (!strcmp(cfg->waves[i].id, id))
                        return (int)i;
        return -1;
}

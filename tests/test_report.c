/*
 * test_report.c - tests of the PDF report stage (report.c, pdf.c, strtab.c).
 *
 * Reports are rendered from a synthetic results table for a fake
 * configuration written to a temporary folder (an INI file and two
 * codebooks: a digitalisation survey with six dimensions, two waves and
 * action areas, and a remote-work survey with numeric, choice, multi and
 * Likert items). One municipality is below the minimum group size, so that
 * every kind of suppressed cell appears. The PDFs are then checked with the
 * tools a reader's machine would use (poppler-utils, qpdf):
 *
 *   - pdftotext -layout: Finnish letters round-trip (ä ö å – €), expected
 *     headings, "salattu" for withheld cells, "Sivu 1 / N" with N = pages;
 *   - pdffonts: every font embedded;
 *   - qpdf --check: structurally clean;
 *   - pdftotext -bbox: no word outside the page, no two words overlapping;
 *   - cmp: two renders with the same SOURCE_DATE_EPOCH are byte-identical.
 *
 * Scale cases: a 300-municipality regional report (the matrix and charts
 * paginate) and a 60-item municipal report with long labels and a long
 * municipality name. Run from the repository root. Set DM_REPORT_KEEP=DIR to
 * keep the rendered PDFs in DIR for a look.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "codebook.h"
#include "config.h"
#include "report.h"
#include "results.h"
#include "strategy.h"
#include "strtab.h"
#include "util.h"

/* ---- a fake region ------------------------------------------------------- */

struct fake {
        char dir[256];
        struct config *cfg;
        struct results *res;
        int registers; /* strategy figures from registers in dir (fake_registers), not invented */
};

static const char *const small_munis[] = {"Lestijärvi", "Kaustinen", "Halsua",
                                          "Toholampi",  "Veteli",    "Vörå"};
#define SMALL_TINY "Halsua" /* below the minimum group size */

static const char *const dim_fi[6] = {
    "Osallistuminen ja vaikuttaminen",
    "Asiointi ja palvelut",
    "Kuntatyön muutos",
    "Johtaminen ja esimiestyö",
    "Seudullinen tieto- ja viestintätekninen ympäristö sekä yhteiset prosessit",
    "Digiosaaminen ja digituki",
};

static const char *const dim_en[6] = {
    "Participation and influence",
    "E-services and customer service",
    "Change of municipal work",
    "Leadership and management",
    "Regional ICT environment and shared processes",
    "Digital skills and support",
};

static void write_file(const char *path, const char *text)
{
        FILE *fp = fopen(path, "w");
        assert_non_null(fp);
        assert_int_equal(fputs(text, fp) >= 0, 1);
        assert_int_equal(fclose(fp), 0);
}

/* Appends a CSV field, quoted. */
static void csv_field(struct strbuf *sb, const char *s, int last)
{
        strbuf_addc(sb, '"');
        for (; *s; s++) {
                if (*s == '"')
                        strbuf_addc(sb, '"');
                strbuf_addc(sb, *s);
        }
        strbuf_addc(sb, '"');
        strbuf_addc(sb, last ? '\n' : ',');
}

static void cb_row(struct strbuf *sb, const char *kind, const char *id, const char *column,
                   const char *dim, const char *scale, const char *code, const char *reverse,
                   const char *pair, const char *label, const char *label_en)
{
        csv_field(sb, kind, 0);
        csv_field(sb, id, 0);
        csv_field(sb, column, 0);
        csv_field(sb, dim, 0);
        csv_field(sb, scale, 0);
        csv_field(sb, code, 0);
        csv_field(sb, reverse, 0);
        csv_field(sb, pair, 0);
        csv_field(sb, label, 0);
        csv_field(sb, label_en, 1);
}

static void agree_scale(struct strbuf *sb)
{
        static const char *const fi[5] = {"Täysin eri mieltä", "Jokseenkin eri mieltä",
                                          "Ei samaa eikä eri mieltä", "Jokseenkin samaa mieltä",
                                          "Täysin samaa mieltä"};
        static const char *const en[5] = {"Strongly disagree", "Somewhat disagree",
                                          "Neither agree nor disagree", "Somewhat agree",
                                          "Strongly agree"};
        for (int c = 1; c <= 5; c++) {
                char code[32];
                snprintf(code, sizeof code, "%d", c);
                cb_row(sb, "code", "", "", "", "agree5", code, "", "", fi[c - 1], en[c - 1]);
        }
        cb_row(sb, "dontknow", "", "", "", "agree5", "9", "", "", "En osaa sanoa", "Don't know");
}

/* Item label number i of dimension d; long ones for the 60-item case. */
static void item_label(char *buf, size_t n, int d, int i, int longlabels, int en)
{
        if (longlabels)
                snprintf(buf, n,
                         en ? "Statement %d.%d about digital work that is deliberately long so "
                              "that it must wrap onto several lines in the report"
                            : "Väittämä %d.%d digitaalisesta työstä, joka on tarkoituksella "
                              "pitkä, jotta sen täytyy rivittyä usealle riville raportissa "
                              "(budjetti 1 000 €, työaika – kaikki mukana)",
                         d + 1, i + 1);
        else if (d == 2 && i == 0)
                snprintf(buf, n, "%s",
                         en ? "Archiving works (α-test, Sámi ŋ)"
                            : "Arkistointi toimii (α-testi, saame ŋ)");
        else if (d == 1 && i == 0)
                snprintf(buf, n,
                         en ? "The e-service budget (€) is sufficient"
                            : "Asiointipalvelujen budjetti (€) on riittävä – åäö");
        else
                snprintf(buf, n, en ? "Statement %d.%d" : "Väittämä %d.%d: työvälineet ovat hyviä",
                         d + 1, i + 1);
}

/* Writes the configuration and codebooks of a fake region into f->dir. */
static void fake_config(struct fake *f, size_t nmunis, int items_per_dim, int longnames,
                        const char *lang)
{
        f->registers = 0;
        strcpy(f->dir, "/tmp/dm-report-XXXXXX");
        assert_non_null(mkdtemp(f->dir));
        struct strbuf sb;
        strbuf_init(&sb);

        /* Digitalisation codebook. */
        strbuf_adds(&sb, "kind,id,column,dimension,scale,code,reverse,pair,label,label_en\n");
        for (int d = 0; d < 6; d++) {
                char id[32];
                snprintf(id, sizeof id, "D%d", d + 1);
                cb_row(&sb, "dimension", id, "", "", "", "", "", "", dim_fi[d], dim_en[d]);
        }
        agree_scale(&sb);
        for (int c = 1; c <= 5; c++) {
                char code[32], lab[32];
                snprintf(code, sizeof code, "%d", c);
                snprintf(lab, sizeof lab, "Taso %d", c);
                cb_row(&sb, "code", "", "", "", "level5", code, "", "", lab, "");
        }
        cb_row(&sb, "municipality", "", "Kunta", "", "", "", "", "", "", "");
        for (int d = 0; d < 6; d++) {
                for (int i = 0; i < items_per_dim; i++) {
                        char id[32], col[48], dim[32], fi[400], en[400];
                        snprintf(id, sizeof id, "D%d_%d", d + 1, i + 1);
                        snprintf(col, sizeof col, "Q %s", id);
                        snprintf(dim, sizeof dim, "D%d", d + 1);
                        item_label(fi, sizeof fi, d, i, longnames, 0);
                        item_label(en, sizeof en, d, i, longnames, 1);
                        cb_row(&sb, "likert", id, col, dim, "agree5", "",
                               i == items_per_dim - 1 ? "yes" : "", "", fi, en);
                }
        }
        for (int d = 0; d < 5; d++) {
                char now[32], goal[32], cnow[48], cgoal[48], dim[32];
                snprintf(now, sizeof now, "L%d_now", d + 1);
                snprintf(goal, sizeof goal, "L%d_goal", d + 1);
                snprintf(cnow, sizeof cnow, "Q %s", now);
                snprintf(cgoal, sizeof cgoal, "Q %s", goal);
                snprintf(dim, sizeof dim, "D%d", d + 1);
                cb_row(&sb, "current", now, cnow, dim, "level5", "", "", goal, "Nykytaso",
                       "Current level");
                cb_row(&sb, "target", goal, cgoal, dim, "level5", "", "", "", "Tavoitetaso",
                       "Target level");
        }
        char path[512];
        snprintf(path, sizeof path, "%s/codebook-digi.csv", f->dir);
        write_file(path, strbuf_str(&sb));

        /* Remote-work codebook. */
        strbuf_reset(&sb);
        strbuf_adds(&sb, "kind,id,column,dimension,scale,code,reverse,pair,label,label_en\n");
        cb_row(&sb, "dimension", "E1", "", "", "", "", "", "", "Etätyövalmiudet",
               "Remote-work readiness");
        agree_scale(&sb);
        cb_row(&sb, "code", "", "", "", "kylla_ei", "1", "", "", "Kyllä", "Yes");
        cb_row(&sb, "code", "", "", "", "kylla_ei", "2", "", "", "Ei", "No");
        cb_row(&sb, "dontknow", "", "", "", "kylla_ei", "9", "", "", "En osaa sanoa", "Don't know");
        static const char *const tools[4] = {"Teams", "Outlook", "OneDrive/SharePoint",
                                             "VPN-etäyhteys"};
        for (int c = 1; c <= 4; c++) {
                char code[32];
                snprintf(code, sizeof code, "%d", c);
                cb_row(&sb, "code", "", "", "", "valineet", code, "", "", tools[c - 1], "");
        }
        cb_row(&sb, "municipality", "", "Kunta", "", "", "", "", "", "", "");
        cb_row(&sb, "choice", "E_remote", "Q remote", "", "kylla_ei", "", "", "",
               "Etätyö on mahdollista", "Remote work is possible");
        cb_row(&sb, "numeric", "E_days", "Q days", "", "0..5", "", "", "", "Etäpäiviä viikossa",
               "Remote days a week");
        for (int i = 0; i < 3; i++) {
                char id[32], col[48];
                snprintf(id, sizeof id, "E1_%d", i + 1);
                snprintf(col, sizeof col, "Q %s", id);
                cb_row(&sb, "likert", id, col, "E1", "agree5", "", "", "",
                       i == 0 ? "Laitteet ja yhteydet etätyöhön" : "Osaan etätyövälineet",
                       "Devices and connections");
        }
        cb_row(&sb, "multi", "E_tools", "Q tools", "", "valineet", "", "", "",
               "Käytetyt etätyövälineet", "Remote-work tools used");
        snprintf(path, sizeof path, "%s/codebook-eta.csv", f->dir);
        write_file(path, strbuf_str(&sb));

        /* Configuration. */
        strbuf_reset(&sb);
        strbuf_addf(&sb,
                    "[region]\nname = Kaustisen seutu\nlanguage = %s\nmin_group_size = 5\n"
                    "output = out\nreport_date = 2024-11-30\n\n",
                    lang);
        for (size_t m = 0; m < nmunis; m++) {
                if (nmunis <= 6)
                        strbuf_addf(&sb, "[municipality %s]\nstaff = %zu\n\n", small_munis[m],
                                    60 + 40 * m);
                else
                        strbuf_addf(&sb, "[municipality Kunta %03zu Åbyholm]\nstaff = %zu\n\n", m,
                                    50 + (m * 37) % 900);
        }
        strbuf_adds(&sb, "[instrument digi]\ntitle = Henkilöstön digitalisaatiokysely\n"
                         "codebook = codebook-digi.csv\n\n"
                         "[instrument eta]\ntitle = Henkilöstön etätyökysely\n"
                         "codebook = codebook-eta.csv\n\n"
                         "[wave digi-2022]\ninstrument = digi\nyear = 2022\nfile = d22.csv\n\n"
                         "[wave digi-2024]\ninstrument = digi\nyear = 2024\nfile = d24.csv\n"
                         "compare = digi-2022\n\n"
                         "[wave eta-2023]\ninstrument = eta\nyear = 2023\nfile = e23.csv\n\n"
                         "[report 2024]\ntitle = Väliraportti 2024\nwaves = digi-2024, eta-2023\n");
        snprintf(path, sizeof path, "%s/test.ini", f->dir);
        write_file(path, strbuf_str(&sb));
        strbuf_clear(&sb);

        struct err e = {0};
        f->cfg = config_load(path, &e);
        if (!f->cfg)
                fail_msg("config_load: %s", e.msg);
        if (longnames) {
                /* Longer than an INI section name may be: set it directly. */
                free(f->cfg->munis[0].name);
                f->cfg->munis[0].name = xstrdup("Pohjois-Pohjanmaan Yhteistoiminta-alueen "
                                                "Erittäin Pitkänimisen Kunnan Kuntayhtymä");
        }
        if (config_load_codebooks(f->cfg, &e) != 0)
                fail_msg("config_load_codebooks: %s", e.msg);
}

/* A small deterministic generator. */
static uint64_t rng_state;

static double rnd(void)
{
        rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
        return (double)(rng_state >> 11) / 9007199254740992.0;
}

static const char *light_word(double idx, double lo, double hi, const struct thresholds *th)
{
        if ((lo < th->red_below && hi >= th->red_below) ||
            (lo < th->green_from && hi >= th->green_from))
                return "uncertain";
        return idx < th->red_below ? "red" : idx < th->green_from ? "yellow" : "green";
}

/* Adds either a value or a suppression note. */
static void put(struct results *r, int tiny, const char *w, const char *g, const char *subj,
                const char *stat, const char *cat, double v, long n)
{
        if (tiny)
                results_add_note(r, w, g, "", subj, stat, cat, "suppressed");
        else
                results_add(r, w, g, "", subj, stat, cat, v, n);
}

static void fake_items(struct results *r, int tiny, const char *w, const char *g,
                       const struct codebook *cb, long n)
{
        for (size_t i = 0; i < cb->nitems; i++) {
                const struct item *it = &cb->items[i];
                if (it->kind != ITEM_LIKERT && it->kind != ITEM_CURRENT && it->kind != ITEM_TARGET)
                        continue;
                double p[5], s = 0;
                for (int k = 0; k < 5; k++)
                        s += p[k] = 0.2 + rnd() * (k >= 3 ? 1.6 : 0.9);
                long dk = (long)(rnd() * 6);
                put(r, tiny, w, g, it->id, "n", "", (double)n, n);
                put(r, tiny, w, g, it->id, "dontknow", "", (double)dk, n + dk);
                double fav = 0;
                for (int k = 0; k < 5; k++) {
                        char cat[32];
                        snprintf(cat, sizeof cat, "%d", k + 1);
                        double pct = 100 * p[k] / s;
                        if (k >= 3)
                                fav += pct;
                        put(r, tiny, w, g, it->id, "pct", cat, pct, n);
                }
                put(r, tiny, w, g, it->id, "fav_pct", "", fav, n);
        }
}

/* Strategy follow-up figures (wave ""): per area and in total, every group. */
static void fake_strategy(struct fake *f)
{
        const struct config *cfg = f->cfg;
        for (size_t gi = 0; gi <= cfg->nmunis; gi++) {
                const char *g = gi < cfg->nmunis ? cfg->munis[gi].name : "ALL";
                for (int d = 0; d <= 5; d++) {
                        char subj[32];
                        if (d < 5)
                                snprintf(subj, sizeof subj, "strategy:D%d", d + 1);
                        else
                                snprintf(subj, sizeof subj, "strategy");
                        long planned = 4 + (long)(rnd() * 8), impl = (long)(rnd() * planned);
                        results_add(f->res, "", g, "", subj, "actions", "", planned + 1, -1);
                        results_add(f->res, "", g, "", subj, "planned", "", planned, -1);
                        results_add(f->res, "", g, "", subj, "implemented", "", impl, -1);
                        results_add(f->res, "", g, "", subj, "in_progress", "", planned - impl, -1);
                        results_add(f->res, "", g, "", subj, "late", "", 1, -1);
                        double pct = 100.0 * (double)impl / (double)planned;
                        results_add(f->res, "", g, "", subj, "implemented_pct", "", pct, planned);
                        results_add_text(f->res, "", g, "", subj, "light", "",
                                         pct < 50   ? "red"
                                         : pct < 80 ? "yellow"
                                                    : "green",
                                         planned);
                        if (gi < cfg->nmunis)
                                results_add(f->res, "", g, "", subj, "participates", "", planned,
                                            -1);
                }
        }
        results_add_text(f->res, "", "ALL", "", "strategy", "report_date", "", "2024-11-30", -1);
}

/* Fills f->res with a plausible results table for the fake config. */
static void fake_results(struct fake *f)
{
        const struct config *cfg = f->cfg;
        rng_state = 42;
        f->res = results_new();
        struct results *r = f->res;
        const struct thresholds *th = &cfg->th;
        static const char *const waves[3] = {"digi-2022", "digi-2024", "eta-2023"};
        for (int wi = 0; wi < 3; wi++) {
                const char *w = waves[wi];
                const struct codebook *cb = cfg->instruments[wi == 2 ? 1 : 0].codebook;
                long tot = 0;
                for (size_t gi = 0; gi <= cfg->nmunis; gi++) {
                        const char *g = gi < cfg->nmunis ? cfg->munis[gi].name : "ALL";
                        int tiny = gi < cfg->nmunis && !strcmp(g, SMALL_TINY);
                        long staff = gi < cfg->nmunis ? cfg->munis[gi].staff : 0;
                        long n = gi < cfg->nmunis ? (tiny ? 3 : 8 + (long)(rnd() * 60)) : tot;
                        if (gi < cfg->nmunis)
                                tot += n;
                        else
                                for (size_t k = 0; k < cfg->nmunis; k++)
                                        staff += cfg->munis[k].staff;
                        put(r, tiny, w, g, "respondents", "respondents", "", (double)n, n);
                        results_add(r, w, g, "", "respondents", "staff", "", (double)staff, -1);
                        put(r, tiny, w, g, "respondents", "response_rate", "",
                            100.0 * (double)n / (double)staff, n);
                        double sum = 0;
                        int nidx = 0;
                        for (size_t d = 0; d < cb->ndims; d++) {
                                const char *id = cb->dims[d].id;
                                double idx = 35 + rnd() * 50 + (wi == 1 ? 4 : 0);
                                double half = 40 / sqrt((double)n);
                                double lo = idx - half, hi = idx + half;
                                put(r, tiny, w, g, id, "n", "", (double)n, n);
                                put(r, tiny, w, g, id, "index", "", idx, n);
                                put(r, tiny, w, g, id, "index_lo", "", lo, n);
                                put(r, tiny, w, g, id, "index_hi", "", hi, n);
                                put(r, tiny, w, g, id, "mean", "", 1 + idx / 25, n);
                                put(r, tiny, w, g, id, "alpha", "", 0.6 + rnd() * 0.3, n);
                                put(r, tiny, w, g, id, "items", "", 4, n);
                                if (tiny)
                                        results_add_note(r, w, g, "", id, "light", "",
                                                         "suppressed");
                                else
                                        results_add_text(r, w, g, "", id, "light", "",
                                                         light_word(idx, lo, hi, th), n);
                                sum += idx;
                                nidx++;
                                if (wi == 1) {
                                        double diff = -8 + rnd() * 18, hw = 60 / sqrt((double)n);
                                        put(r, tiny, w, g, id, "change_diff", "digi-2022", diff, n);
                                        put(r, tiny, w, g, id, "change_lo", "digi-2022", diff - hw,
                                            n);
                                        put(r, tiny, w, g, id, "change_hi", "digi-2022", diff + hw,
                                            n);
                                        put(r, tiny, w, g, id, "change_p", "digi-2022",
                                            fabs(diff) > hw ? 0.01 : 0.4, n);
                                }
                                if (wi != 2 && d < 5) {
                                        double cur = 2 + rnd() * 1.5, tgt = cur + rnd() * 1.6;
                                        double gap = tgt - cur, gh = 2 / sqrt((double)n);
                                        put(r, tiny, w, g, id, "current_mean", "", cur, n);
                                        put(r, tiny, w, g, id, "target_mean", "", tgt, n);
                                        put(r, tiny, w, g, id, "gap_mean", "", gap, n);
                                        put(r, tiny, w, g, id, "gap_lo", "", gap - gh, n);
                                        put(r, tiny, w, g, id, "gap_hi", "", gap + gh, n);
                                        const char *gl = gap >= th->gap_red      ? "red"
                                                         : gap >= th->gap_yellow ? "yellow"
                                                                                 : "green";
                                        if (tiny)
                                                results_add_note(r, w, g, "", id, "gap_light", "",
                                                                 "suppressed");
                                        else
                                                results_add_text(r, w, g, "", id, "gap_light", "",
                                                                 gl, n);
                                }
                        }
                        put(r, tiny, w, g, "maturity", "level", "",
                            (double)(1 + (int)(sum / nidx / 20)), n);
                        fake_items(r, tiny, w, g, cb, n);
                        if (wi == 2) {
                                put(r, tiny, w, g, "E_days", "n", "", (double)n, n);
                                put(r, tiny, w, g, "E_days", "mean", "", 1.6, n);
                                put(r, tiny, w, g, "E_days", "median", "", 1, n);
                                double pd[6] = {30, 25, 20, 12, 8, 5};
                                for (int v = 0; v <= 5; v++) {
                                        char cat[32];
                                        snprintf(cat, sizeof cat, "%d", v);
                                        put(r, tiny, w, g, "E_days", "pct", cat, pd[v], n);
                                }
                                put(r, tiny, w, g, "E_remote", "n", "", (double)n, n);
                                put(r, tiny, w, g, "E_remote", "dontknow", "", 2, n);
                                put(r, tiny, w, g, "E_remote", "pct", "1", 64, n);
                                put(r, tiny, w, g, "E_remote", "pct_lo", "1", 52, n);
                                put(r, tiny, w, g, "E_remote", "pct_hi", "1", 75, n);
                                put(r, tiny, w, g, "E_remote", "pct", "2", 36, n);
                                put(r, tiny, w, g, "E_remote", "pct_lo", "2", 25, n);
                                put(r, tiny, w, g, "E_remote", "pct_hi", "2", 48, n);
                                put(r, tiny, w, g, "E_tools", "n", "", (double)n, n);
                                for (int c = 1; c <= 4; c++) {
                                        char cat[32];
                                        snprintf(cat, sizeof cat, "%d", c);
                                        double p = 90 - 20 * c;
                                        put(r, tiny, w, g, "E_tools", "pct", cat, p, n);
                                        put(r, tiny, w, g, "E_tools", "pct_lo", cat, p - 9, n);
                                        put(r, tiny, w, g, "E_tools", "pct_hi", cat, p + 9, n);
                                }
                        }
                }
                if (wi == 0 && !f->registers)
                        fake_strategy(f);
                results_add(r, w, "ALL", "", "rows", "read", "", 412, -1);
                results_add(r, w, "ALL", "", "rows", "accepted", "", 409, -1);
                results_add(r, w, "ALL", "", "rows", "rejected", "", 3, -1);
                results_add(r, w, "ALL", "", "rows", "warnings", "", 1, -1);
        }
}

/*
 * Writes an actions register and an indicators table into f->dir, names them
 * in the configuration and computes their figures into f->res (the way the
 * statistics stage does): implemented, late, postponed, cancelled and planned
 * actions in five areas, one with a long title and one in the long-named
 * municipality only; indicators per municipality and for the region, with
 * decimals, a "lower is better" one, a flat one and a single value.
 */
static void fake_registers(struct fake *f)
{
        const char *m0 = f->cfg->munis[0].name;
        struct strbuf sb;
        strbuf_init(&sb);
        strbuf_adds(&sb, "id;area;title;responsible;municipalities;start;end;status;status_date\n");
        strbuf_addf(&sb,
                    "A1;D1;Osallistumisalustan pilotti, jonka nimi on tarkoituksella niin pitkä, "
                    "että se rivittyy raportissa usealle riville (budjetti 1 000 €);seutu;koko "
                    "seutu;2021-01;2021-06;toteutettu;2021-06-30\n"
                    "A2;D1;Virtuaaliraadit kuntalaisille;kunnat;\"%s; Kaustinen\";2022;2023;"
                    "käynnissä;2022-09-01\n"
                    "A3;D2;eLomake-palvelun pilotti;seutu;koko seutu;2023-09;2024-02;toteutettu;"
                    "2024-02-28\n"
                    "A4;D2;Asiointipiste Halsuassa;Halsua;Halsua;2023-09;2023-12;toteutettu;"
                    "2023-10-01\n"
                    "A5;D3;Resurssivarausjärjestelmä;kunnat;\"Kaustinen; Toholampi\";2023;2024;"
                    "siirretty;2024-03-01\n"
                    "A6;D3;Sähköinen arkistointi;kunnat;koko seutu;2021;2021-12;suunniteltu;\n"
                    "A7;D4;Johdon työpöytä;seutu;koko seutu;2022;2022;peruttu;2022-05-01\n"
                    "A8;D5;ICT-ympäristön yhtenäistäminen;KaseNet Oy;koko seutu;2021;2021;"
                    "toteutettu;2021-12-15\n"
                    "A9;D2;Oma asiointikanava;%s;%s;2022-03;2022-10;toteutettu;2022-11-04\n"
                    "A10;D4;Etäjohtamisen valmennus;seutu;koko seutu;2025;2025;suunniteltu;\n",
                    m0, m0, m0);
        char path[512];
        snprintf(path, sizeof path, "%s/actions.csv", f->dir);
        write_file(path, strbuf_str(&sb));
        strbuf_reset(&sb);
        strbuf_adds(&sb, "id;name;municipality;year;value;unit;better\n");
        static const int es_all[4] = {12, 15, 21, 24}, es_m0[4] = {3, 4, 6, 7};
        for (int y = 0; y < 4; y++) {
                strbuf_addf(&sb, "e_services;Sähköisten palvelujen määrä;ALL;%d;%d;kpl;higher\n",
                            2021 + y, es_all[y]);
                strbuf_addf(&sb, "e_services;Sähköisten palvelujen määrä;%s;%d;%d;kpl;higher\n", m0,
                            2021 + y, es_m0[y]);
                strbuf_addf(&sb,
                            "e_services;Sähköisten palvelujen määrä;Kaustinen;%d;%d;kpl;higher\n",
                            2021 + y, 9 + 2 * y);
        }
        strbuf_adds(&sb, "paper;Paperilomakkeiden osuus;koko seutu;2021;71,5;%;lower\n"
                         "paper;Paperilomakkeiden osuus;koko seutu;2022;66,0;%;lower\n"
                         "paper;Paperilomakkeiden osuus;koko seutu;2023;58,2;%;lower\n"
                         "paper;Paperilomakkeiden osuus;koko seutu;2024;49,8;%;lower\n"
                         "flat;Tasainen mittari;ALL;2022;3,5;1-5;higher\n"
                         "flat;Tasainen mittari;ALL;2023;3,5;1-5;higher\n"
                         "flat;Tasainen mittari;ALL;2024;3,5;1-5;higher\n"
                         "single;Yksi arvo;ALL;2024;-2;;higher\n");
        snprintf(path, sizeof path, "%s/indicators.csv", f->dir);
        write_file(path, strbuf_str(&sb));
        strbuf_clear(&sb);
        snprintf(path, sizeof path, "%s/actions.csv", f->dir);
        f->cfg->actions_file = xstrdup(path);
        snprintf(path, sizeof path, "%s/indicators.csv", f->dir);
        f->cfg->indicators_file = xstrdup(path);
        f->cfg->strategy_start = 2021;
        struct err e = {0};
        if (strategy_compute(f->cfg, f->res, &e) != 0)
                fail_msg("strategy_compute: %s", e.msg);
}

static void fake_free(struct fake *f)
{
        char cmd[1400];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
        if (system(cmd) != 0)
                fprintf(stderr, "could not remove %s\n", f->dir);
        results_free(f->res);
        config_free(f->cfg);
}

/* ---- checks through external tools --------------------------------------- */

/* Runs cmd and returns its standard output (caller frees), or NULL on failure. */
static char *run(const char *cmd, int *status)
{
        FILE *fp = popen(cmd, "r");
        if (!fp)
                return NULL;
        struct strbuf sb;
        strbuf_init(&sb);
        char buf[65536];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
                strbuf_addn(&sb, buf, n);
        int st = pclose(fp);
        if (status)
                *status = st;
        char *out = xstrdup(strbuf_str(&sb));
        strbuf_clear(&sb);
        return out;
}

static char *pdf_text_layout(const char *pdf)
{
        char cmd[600];
        snprintf(cmd, sizeof cmd, "pdftotext -layout '%s' - 2>&1", pdf);
        int st;
        char *out = run(cmd, &st);
        assert_non_null(out);
        assert_int_equal(st, 0);
        return out;
}

static long pdf_pages(const char *pdf)
{
        char cmd[600];
        snprintf(cmd, sizeof cmd, "pdfinfo '%s' | sed -n 's/^Pages: *//p'", pdf);
        char *out = run(cmd, NULL);
        assert_non_null(out);
        long n = strtol(out, NULL, 10);
        free(out);
        return n;
}

static void check_fonts_embedded(const char *pdf)
{
        char cmd[600];
        snprintf(cmd, sizeof cmd, "pdffonts '%s'", pdf);
        int st;
        char *out = run(cmd, &st);
        assert_non_null(out);
        assert_int_equal(st, 0);
        /* Skip the two header lines; the emb column is the 3rd from the right-hand "yes/no" group.
         */
        char *line = strchr(out, '\n');
        assert_non_null(line);
        line = strchr(line + 1, '\n');
        assert_non_null(line);
        int fonts = 0;
        for (char *l = line + 1; *l;) {
                char *end = strchr(l, '\n');
                if (end)
                        *end = '\0';
                if (*l) {
                        fonts++;
                        /* Columns: name type encoding emb sub uni object ID. */
                        char name[256], type1[64], type2[64], enc[64], emb[8];
                        int k = sscanf(l, "%255s %63s %63s %63s %7s", name, type1, type2, enc, emb);
                        assert_int_equal(k, 5);
                        if (strcmp(emb, "yes") != 0)
                                fail_msg("%s: font not embedded: %s", pdf, l);
                }
                if (!end)
                        break;
                l = end + 1;
        }
        assert_true(fonts >= 2);
        free(out);
}

static void check_qpdf(const char *pdf)
{
        char cmd[600];
        snprintf(cmd, sizeof cmd, "qpdf --check '%s' 2>&1", pdf);
        int st;
        char *out = run(cmd, &st);
        assert_non_null(out);
        if (st != 0 || !strstr(out, "No syntax or stream encoding errors"))
                fail_msg("qpdf --check %s:\n%s", pdf, out);
        free(out);
}

/* One word box from pdftotext -bbox. */
struct word {
        double x0, y0, x1, y1;
        char text[64];
};

/*
 * Checks every word of every page: inside the A4 page, and not overlapping
 * another word (boxes may touch; overlaps under 0.6 pt are tolerated).
 */
static void check_bbox(const char *pdf)
{
        char cmd[600];
        snprintf(cmd, sizeof cmd, "pdftotext -bbox '%s' - 2>&1", pdf);
        int st;
        char *out = run(cmd, &st);
        assert_non_null(out);
        assert_int_equal(st, 0);
        struct word *w = NULL;
        size_t nw = 0, cap = 0, page = 0, words = 0;
        char *p = out;
        for (;;) {
                char *next = strstr(p, "<page ");
                char *wd = strstr(p, "<word ");
                if (!wd && !next)
                        break;
                if (next && (!wd || next < wd)) {
                        /* A new page: check the previous page's words for overlaps. */
                        for (size_t a = 0; a < nw; a++)
                                for (size_t b = a + 1; b < nw; b++) {
                                        double ox = fmin(w[a].x1, w[b].x1) - fmax(w[a].x0, w[b].x0);
                                        double oy = fmin(w[a].y1, w[b].y1) - fmax(w[a].y0, w[b].y0);
                                        if (ox > 0.6 && oy > 0.6)
                                                fail_msg("%s page %zu: words overlap: \"%s\" "
                                                         "(%.1f,%.1f-%.1f,%.1f) and \"%s\" "
                                                         "(%.1f,%.1f-%.1f,%.1f)",
                                                         pdf, page, w[a].text, w[a].x0, w[a].y0,
                                                         w[a].x1, w[a].y1, w[b].text, w[b].x0,
                                                         w[b].y0, w[b].x1, w[b].y1);
                                }
                        nw = 0;
                        page++;
                        p = next + 6;
                        continue;
                }
                struct word x;
                if (sscanf(wd, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\">", &x.x0,
                           &x.y0, &x.x1, &x.y1) != 4)
                        fail_msg("%s: unreadable bbox line", pdf);
                const char *t = strchr(wd, '>') + 1;
                size_t tl = strcspn(t, "<");
                if (tl >= sizeof x.text)
                        tl = sizeof x.text - 1;
                memcpy(x.text, t, tl);
                x.text[tl] = '\0';
                if (x.x0 < 0 || x.y0 < 0 || x.x1 > 595.3 || x.y1 > 841.9)
                        fail_msg("%s page %zu: word \"%s\" outside the page (%.1f,%.1f-%.1f,%.1f)",
                                 pdf, page, x.text, x.x0, x.y0, x.x1, x.y1);
                if (nw == cap) {
                        cap = cap ? 2 * cap : 256;
                        w = xrealloc(w, cap * sizeof *w);
                }
                w[nw++] = x;
                words++;
                p = wd + 6;
        }
        for (size_t a = 0; a < nw; a++)
                for (size_t b = a + 1; b < nw; b++) {
                        double ox = fmin(w[a].x1, w[b].x1) - fmax(w[a].x0, w[b].x0);
                        double oy = fmin(w[a].y1, w[b].y1) - fmax(w[a].y0, w[b].y0);
                        if (ox > 0.6 && oy > 0.6)
                                fail_msg("%s page %zu: words overlap: \"%s\" and \"%s\"", pdf, page,
                                         w[a].text, w[b].text);
                }
        assert_true(words > 50);
        free(w);
        free(out);
}

/* Every structural check on one PDF; returns its text. */
static char *check_pdf(const char *pdf)
{
        check_qpdf(pdf);
        check_fonts_embedded(pdf);
        check_bbox(pdf);
        char *text = pdf_text_layout(pdf);
        if (strstr(text, "Syntax Warning") || strstr(text, "Syntax Error"))
                fail_msg("%s: poppler warnings:\n%.2000s", pdf, text);
        return text;
}

static void assert_contains(const char *text, const char *needle)
{
        if (!strstr(text, needle))
                fail_msg("expected \"%s\" in the PDF text", needle);
}

/* Same, with every run of white space in text read as one space (a line break between words). */
static void assert_contains_words(const char *text, const char *needle)
{
        char *t = xstrdup(text);
        size_t o = 0;
        for (size_t i = 0; t[i]; i++) {
                int ws = t[i] == ' ' || t[i] == '\n' || t[i] == '\t';
                if (ws && o > 0 && t[o - 1] == ' ')
                        continue;
                t[o++] = ws ? ' ' : t[i];
        }
        t[o] = '\0';
        int found = strstr(t, needle) != NULL;
        free(t);
        if (!found)
                fail_msg("expected \"%s\" in the PDF text", needle);
}

static void render(struct fake *f, int muni, const char *name)
{
        char path[512];
        snprintf(path, sizeof path, "%s/%s", f->dir, name);
        struct err e = {0};
        if (report_render(f->cfg, f->res, 0, muni, path, NULL, &e) != 0)
                fail_msg("report_render: %s", e.msg);
        const char *keep = getenv("DM_REPORT_KEEP");
        if (keep) {
                char cmd[1400];
                snprintf(cmd, sizeof cmd, "mkdir -p '%s' && cp '%s' '%s/'", keep, path, keep);
                if (system(cmd) != 0)
                        fprintf(stderr, "could not keep %s\n", path);
        }
}

/* ---- tests --------------------------------------------------------------- */

static void test_strings_complete(void **state)
{
        (void)state;
        assert_int_equal(strtab_check(), -1);
        assert_string_equal(strtab_get(STRTAB_FI, S_SEC_SUMMARY), "Yhteenveto");
        assert_string_equal(strtab_get(STRTAB_EN, S_SEC_SUMMARY), "Summary");
        assert_int_equal(strtab_lang("en"), STRTAB_EN);
        assert_int_equal(strtab_lang("fi"), STRTAB_FI);
        assert_int_equal(strtab_lang(NULL), STRTAB_FI);
}

static void test_filenames(void **state)
{
        (void)state;
        struct fake f;
        fake_config(&f, 6, 1, 0, "fi");
        f.res = results_new();
        char *a = report_filename(f.cfg, 0, -1);
        char *b = report_filename(f.cfg, 0, 0);
        char *c = report_filename(f.cfg, 0, 5);
        assert_string_equal(a, "kaustisen-seutu-2024.pdf");
        assert_string_equal(b, "lestijarvi-2024.pdf");
        assert_string_equal(c, "vora-2024.pdf");
        free(a);
        free(b);
        free(c);
        fake_free(&f);
}

static void test_municipal_fi(void **state)
{
        (void)state;
        struct fake f;
        fake_config(&f, 6, 4, 0, "fi");
        fake_results(&f);
        render(&f, 0, "lestijarvi-2024.pdf");
        char path[512];
        snprintf(path, sizeof path, "%s/lestijarvi-2024.pdf", f.dir);
        char *text = check_pdf(path);
        long pages = pdf_pages(path);
        assert_true(pages >= 6);
        char want[64];
        snprintf(want, sizeof want, "Sivu 1 / %ld", pages);
        assert_contains(text, want);
        snprintf(want, sizeof want, "Sivu %ld / %ld", pages, pages);
        assert_contains(text, want);
        assert_contains(text, "Lestijärvi");
        assert_contains(text, "Väliraportti 2024");
        assert_contains(text, "Yhteenveto");
        assert_contains(text, "Vörå");
        assert_contains(text, "budjetti (€) on riittävä");
        assert_contains(text, "åäö");
        assert_contains(text, "Seudullinen tieto- ja");
        assert_contains(text, "(α-testi, saame ŋ)"); /* α is outside the subset: full font */
        assert_contains(text, "Näin luet taulukkoa");
        assert_contains(text, "Muutos vuodesta 2022");
        assert_contains(text, "Nykytaso ja tavoitetaso");
        /* The data-quality table lists the earlier wave the edition compares with too. */
        assert_contains(text, "(digi-2022)");
        assert_contains(text, "Henkilöstön etätyökysely 2023");
        assert_contains(text, "Strategian toteutuminen");
        assert_contains(text, "Toimenpiteet: Lestijärvi");
        assert_contains(text, "tilanne 30.11.2024");
        assert_contains(text, "Menetelmät ja aineisto");
        assert_contains(text, "salattu"); /* Halsua's suppressed cells */
        free(text);
        fake_free(&f);
}

static void test_suppressed_municipality(void **state)
{
        (void)state;
        struct fake f;
        fake_config(&f, 6, 4, 0, "fi");
        fake_results(&f);
        render(&f, 2, "halsua-2024.pdf"); /* Halsua: every figure suppressed */
        char path[512];
        snprintf(path, sizeof path, "%s/halsua-2024.pdf", f.dir);
        char *text = check_pdf(path);
        assert_contains(text, "salattu");
        assert_contains(text, "Vastaajia on alle 5");
        free(text);
        fake_free(&f);
}

static char *slurp(const char *path)
{
        FILE *fp = fopen(path, "rb");
        if (!fp)
                fail_msg("cannot open %s", path);
        struct strbuf sb;
        strbuf_init(&sb);
        char buf[65536];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
                strbuf_addn(&sb, buf, n);
        fclose(fp);
        char *out = xstrdup(strbuf_str(&sb));
        strbuf_clear(&sb);
        return out;
}

static void assert_html(const char *html, const char *needle)
{
        if (!strstr(html, needle))
                fail_msg("expected \"%s\" in the HTML", needle);
}

static void assert_not_html(const char *html, const char *needle)
{
        if (strstr(html, needle))
                fail_msg("unexpected \"%s\" in the HTML", needle);
}

/*
 * The HTML edition of a municipal report: language, landmarks, tables with
 * captions and scoped header cells, charts as SVG images with title and
 * description followed by their data, lights with their letters, nothing
 * loaded from elsewhere; a municipality whose every figure is suppressed
 * shows the neutral "salattu" and no index, in the figures' descriptions too.
 */
static void test_html_edition(void **state)
{
        (void)state;
        struct fake f;
        fake_config(&f, 6, 4, 0, "fi");
        fake_results(&f);
        char pdf[512], html[512];
        snprintf(pdf, sizeof pdf, "%s/kaustinen.pdf", f.dir);
        snprintf(html, sizeof html, "%s/kaustinen.html", f.dir);
        struct err e = {0};
        if (report_render(f.cfg, f.res, 0, 1, pdf, html, &e) != 0)
                fail_msg("report_render: %s", e.msg);
        char *h = slurp(html);
        assert_html(h, "<html lang=\"fi-FI\">");
        assert_html(h, "<main>");
        assert_html(h, "<nav aria-labelledby=");
        assert_html(h, "<h1 id=\"s1\">Yhteenveto</h1>");
        assert_html(h, "<th scope=\"col\">");
        assert_html(h, "<th scope=\"row\">");
        assert_html(h, "<caption");
        assert_html(h, "role=\"img\"");
        assert_html(h, "<desc id=");
        assert_html(h, "95 % LV");            /* a chart's description says the CI */
        assert_html(h, "luvut taulukkona");   /* and its data table follows */
        assert_html(h, "<span class=\"lt l"); /* a light with its letter */
        assert_not_html(h, "<script");
        assert_not_html(h, "<!--");
        assert_not_html(h, "src=");
        assert_not_html(h, "href=\"http");
        assert_not_html(h, "<link");
        free(h);

        snprintf(pdf, sizeof pdf, "%s/halsua.pdf", f.dir);
        snprintf(html, sizeof html, "%s/halsua.html", f.dir);
        if (report_render(f.cfg, f.res, 0, 2, pdf, html, &e) != 0)
                fail_msg("report_render: %s", e.msg);
        h = slurp(html);
        assert_html(h, "Halsua: salattu");
        assert_not_html(h, "n &lt; 5"); /* no marker that tells small from complementary */
        assert_not_html(h, "Halsua: indeksi");
        free(h);
        fake_free(&f);
}

static void test_regional_en(void **state)
{
        (void)state;
        struct fake f;
        fake_config(&f, 6, 4, 0, "en");
        fake_results(&f);
        render(&f, -1, "kaustisen-seutu-2024.pdf");
        char path[512];
        snprintf(path, sizeof path, "%s/kaustisen-seutu-2024.pdf", f.dir);
        char *text = check_pdf(path);
        long pages = pdf_pages(path);
        char want[64];
        snprintf(want, sizeof want, "Page 1 / %ld", pages);
        assert_contains(text, want);
        assert_contains(text, "Summary");
        assert_contains(text, "Regional report");
        assert_contains(text, "Regional ICT environment");
        assert_contains(text, "The e-service budget (€) is sufficient");
        assert_contains(text, "Changes by municipality");
        assert_contains(text, "Strategy follow-up");
        assert_contains(text, "Implementation rate by municipality");
        assert_contains(text, "withheld");
        free(text);
        fake_free(&f);
}

static void test_reproducible(void **state)
{
        (void)state;
        struct fake f;
        fake_config(&f, 6, 4, 0, "fi");
        fake_results(&f);
        setenv("SOURCE_DATE_EPOCH", "1732968000", 1);
        render(&f, 1, "a.pdf");
        render(&f, 1, "b.pdf");
        render(&f, -1, "c.pdf");
        render(&f, -1, "d.pdf");
        char cmd[1400];
        snprintf(cmd, sizeof cmd, "cmp -s %s/a.pdf %s/b.pdf && cmp -s %s/c.pdf %s/d.pdf", f.dir,
                 f.dir, f.dir, f.dir);
        assert_int_equal(system(cmd), 0);
        snprintf(cmd, sizeof cmd, "pdfinfo %s/a.pdf | grep -q 'CreationDate:.*2024'", f.dir);
        assert_int_equal(system(cmd), 0);
        snprintf(cmd, sizeof cmd, "pdfinfo %s/a.pdf | grep -q 'Title:.*Kaustinen'", f.dir);
        assert_int_equal(system(cmd), 0);
        unsetenv("SOURCE_DATE_EPOCH");
        render(&f, 1, "e.pdf");
        snprintf(cmd, sizeof cmd,
                 "pdfinfo %s/e.pdf | grep -q 'CreationDate:.*Nov 30 12:00:00 2024'", f.dir);
        assert_int_equal(system(cmd), 0);
        fake_free(&f);
}

static void test_write_errors(void **state)
{
        (void)state;
        struct fake f;
        fake_config(&f, 6, 2, 0, "fi");
        fake_results(&f);
        struct err e = {0};
        assert_int_equal(report_render(f.cfg, f.res, 0, 0, "/nonexistent-dir/x.pdf", NULL, &e), -1);
        assert_int_equal(e.code, DM_EX_CANTCREAT);
        if (access("/dev/full", W_OK) == 0) {
                memset(&e, 0, sizeof e);
                assert_int_equal(report_render(f.cfg, f.res, 0, 0, "/dev/full", NULL, &e), -1);
                assert_int_equal(e.code, DM_EX_IOERR);
        }
        memset(&e, 0, sizeof e);
        assert_int_equal(report_render(f.cfg, f.res, 7, 0, "/tmp/x.pdf", NULL, &e), -1);
        assert_int_equal(e.code, DM_EX_SOFTWARE);
        memset(&e, 0, sizeof e);
        assert_int_equal(report_render(f.cfg, f.res, 0, 99, "/tmp/x.pdf", NULL, &e), -1);
        assert_int_equal(e.code, DM_EX_SOFTWARE);
        fake_free(&f);
}

static void test_empty_results(void **state)
{
        (void)state;
        struct fake f;
        fake_config(&f, 6, 2, 0, "fi");
        f.res = results_new();
        render(&f, 0, "empty.pdf");
        char path[512];
        snprintf(path, sizeof path, "%s/empty.pdf", f.dir);
        check_qpdf(path);
        check_fonts_embedded(path);
        fake_free(&f);
}

static void test_national_300(void **state)
{
        (void)state;
        struct fake f;
        fake_config(&f, 300, 4, 0, "fi");
        fake_results(&f);
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        render(&f, -1, "national.pdf");
        clock_gettime(CLOCK_MONOTONIC, &t1);
        char path[512];
        snprintf(path, sizeof path, "%s/national.pdf", f.dir);
        struct stat st;
        assert_int_equal(stat(path, &st), 0);
        long pages = pdf_pages(path);
        double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
        fprintf(stderr, "national regional report: %ld pages, %.1f KB/page, %.2f ms/page\n", pages,
                (double)st.st_size / 1024.0 / (double)pages, ms / (double)pages);
        /* The short national edition (peers.h): one chart page per dimension, the matrix as
         * an appendix, no table of rows per municipality elsewhere (40 pages before). This
         * data set has every section (change, gap, a second wave, strategy: 25 pages, 8 of
         * them the appendix); tests/e2e/peers.sh bounds a survey-only run by 20. */
        assert_true(pages >= 8 && pages <= 25);
        char *text = check_pdf(path);
        assert_contains(text, "Kunta 299 Åbyholm");
        assert_contains(text, "Liite: kaikki kunnat");
        char want[64];
        snprintf(want, sizeof want, "Sivu %ld / %ld", pages, pages);
        assert_contains(text, want);
        free(text);
        /* A municipal report of a large run, whose size class (staff 679) has more than
         * PEERS_MAX_LISTED members, shows its own row and the region only, and its rank and
         * peer group. */
        render(&f, 17, "kunta-017.pdf");
        snprintf(path, sizeof path, "%s/kunta-017.pdf", f.dir);
        text = check_pdf(path);
        assert_contains(text, "Kunta 017 Åbyholm");
        assert_contains(text, "Sija kaikista");
        assert_contains(text, "henkilöstö 300–999");
        assert_true(strstr(text, "Kunta 018 Åbyholm") == NULL);
        free(text);
        fake_free(&f);
}

static void test_long_labels_60_items(void **state)
{
        (void)state;
        struct fake f;
        fake_config(&f, 40, 10, 1, "fi");
        fake_results(&f);
        render(&f, 0, "long.pdf");
        char path[512];
        snprintf(path, sizeof path, "%s/long.pdf", f.dir);
        char *text = check_pdf(path);
        assert_contains(text, "Kuntayhtymä");
        assert_contains(text, "Väittämä 6.10");
        assert_contains(text, "1 000 €");
        free(text);
        fake_free(&f);
}

/* Text of pages first..last of pdf (caller frees). */
static char *pdf_text_pages(const char *pdf, int first, int last)
{
        char cmd[600];
        snprintf(cmd, sizeof cmd, "pdftotext -layout -f %d -l %d '%s' - 2>&1", first, last, pdf);
        char *out = run(cmd, NULL);
        assert_non_null(out);
        return out;
}

/*
 * Issue 6, the report side: with the strategy registers the summary page
 * shows the action-progress lights under the survey lights and stays one
 * page (long municipality name); the strategy section has the participation
 * matrix, the indicators with trend charts, and the implemented and late
 * actions with their areas and dates, each traceable to the registers.
 */
static void test_strategy_registers(void **state)
{
        (void)state;
        struct fake f;
        fake_config(&f, 6, 2, 1, "fi");
        f.registers = 1;
        fake_results(&f);
        fake_registers(&f);
        render(&f, 0, "long-strategy.pdf");
        render(&f, -1, "region-strategy.pdf");
        char path[512];
        snprintf(path, sizeof path, "%s/long-strategy.pdf", f.dir);
        char *text = check_pdf(path);
        /* Page 2: the summary, whole, with both kinds of lights. */
        char *p2 = pdf_text_pages(path, 2, 2);
        assert_contains(p2, "Yhteenveto");
        assert_contains(p2, "Strategian toimenpiteistä toteutettu");
        assert_contains(p2, "Neliö: strategian toimenpiteistä toteutettu");
        assert_contains(p2, "Näin luet taulukkoa");
        assert_contains_words(p2, "sitä pidemmällä digitalisaatio on.");
        free(p2);
        char *p3 = pdf_text_pages(path, 3, 3);
        assert_contains(p3, "Osa-alueiden indeksit");
        free(p3);
        /*
         * The long-named municipality takes part in A1, A2, A3, A6, A7, A8,
         * A9, A10: in plan A1, A2, A3, A6, A8, A9 (A7 cancelled, A10 not
         * started), implemented A1, A3, A8, A9: 4 / 6 = 67 %.
         */
        assert_contains(text, "Strategian toimenpiteistä toteutettu 67 % (4 / 6).");
        assert_contains(text, "Osallistuminen toimenpiteisiin kunnittain");
        assert_contains(text, "kaikki toimenpiteet");
        assert_contains(text, "Mittarit");
        assert_contains(text, "Kehitys");
        assert_contains(text, "pienempi on parempi");
        assert_contains(text, "+4 parempi");    /* e-services 3 -> 7 */
        assert_contains(text, "−21,7 parempi"); /* paper forms 71,5 -> 49,8, lower is better */
        assert_contains(text, "66,0");          /* written with one decimal, shown so */
        assert_contains(text, "Toteutetut toimenpiteet");
        assert_contains(text, "A9 Oma asiointikanava");
        assert_contains(text, "4.11.2022");
        assert_contains(text, "28.2.2024");
        assert_contains(text, "Myöhässä olevat toimenpiteet");
        assert_contains(text, "12/2021"); /* A6, planned, due December 2021 */
        assert_contains(text, "suunniteltu");
        assert_true(strstr(text, "Asiointipiste Halsuassa") == NULL); /* Halsua's own */
        free(text);

        snprintf(path, sizeof path, "%s/region-strategy.pdf", f.dir);
        text = check_pdf(path);
        char *r2 = pdf_text_pages(path, 2, 2);
        assert_contains(r2, "Strategian toimenpiteistä toteutettu");
        assert_contains(r2, "Näin luet taulukkoa");
        free(r2);
        assert_contains(text, "Toteutumisaste kunnittain");
        assert_contains(text, "Osallistuminen toimenpiteisiin kunnittain");
        assert_contains(text, "Asiointipiste Halsuassa");
        assert_contains(text, "1.10.2023");
        assert_contains(text, "Tasainen mittari");
        assert_contains(text, "Yksi arvo");
        free(text);
        fake_free(&f);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_strings_complete),
            cmocka_unit_test(test_filenames),
            cmocka_unit_test(test_municipal_fi),
            cmocka_unit_test(test_suppressed_municipality),
            cmocka_unit_test(test_html_edition),
            cmocka_unit_test(test_regional_en),
            cmocka_unit_test(test_reproducible),
            cmocka_unit_test(test_write_errors),
            cmocka_unit_test(test_empty_results),
            cmocka_unit_test(test_national_300),
            cmocka_unit_test(test_long_labels_60_items),
            cmocka_unit_test(test_strategy_registers),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * report.c - the report stage: turns the results table into the PDF interim
 * reports (see report.h for the page structure).
 *
 * The file reads top to bottom as the report does: helpers (results lookup,
 * numbers, lights, page flow), then one function per section in page order,
 * then report_render() which calls them and draws the page furniture
 * (running headers, "Sivu i / N", the cover's contents) once the page count
 * is known. The sections build a document (doc.h): each block is a node
 * (heading, paragraph, list, table, cell, figure with its text alternative
 * and data table) and what it draws is recorded for that node, laid out
 * here with pdf.h's text measures; pdfdoc.c then draws it as a tagged PDF
 * and html.c as HTML. Words come from strtab.h.
 */
#include "report.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "codebook.h"
#include "doc.h"
#include "html.h"
#include "hyph.h"
#include "pdfdoc.h"
#include "pdf.h"
#include "peers.h"
#include "strategy.h"
#include "strtab.h"

#ifndef DM_VERSION
#define DM_VERSION "dev"
#endif

/* ---- page geometry (points, top-left origin) and palette ---------------- */

#define X0     51.0
#define X1     (PDF_PAGE_W - 51.0)
#define CW     (X1 - X0)
#define TOP    70.0  /* first line of content */
#define BOTTOM 792.0 /* content ends above this */

#define C_TEXT   0x1A1A1AL
#define C_MUTED  0x5E5E5EL
#define C_RULE   0xBDBDBDL
#define C_FAINT  0xE6E6E6L
#define C_HILITE 0xDCEBF7L
#define C_ACCENT 0x0072B2L
#define C_WHITE  0xFFFFFFL
/* Okabe-Ito: readable with red-green colour blindness. */
#define C_RED    0xD55E00L
#define C_YELLOW 0xF0E442L
#define C_GREEN  0x009E73L
#define C_GREY   0xBDBDBDL
#define C_ORANGE 0xE69F00L
#define C_SKY    0x56B4E9L
/* The smallest text size anywhere in a report (points): nothing is drawn smaller. */
#define PT_MIN 7.0

/* Pale zone tints behind index charts. */
#define C_ZONE_RED    0xF8E1D3L
#define C_ZONE_YELLOW 0xFBF8D8L
#define C_ZONE_GREEN  0xD8EFE7L

enum light { L_NONE, L_RED, L_YELLOW, L_GREEN, L_UNCERTAIN, L_SUPPRESSED };

/* A municipality (index into cfg->munis) or the region (-1). */
#define G_ALL (-1)

/* The rendering context of one report. */
struct rep {
        const struct config *cfg;
        const struct results *res;
        const struct edition *ed;
        int muni;        /* municipality index, or G_ALL for the regional report */
        int national;    /* the regional report of a large run: the short national edition */
        int lang;        /* STRTAB_FI or STRTAB_EN */
        struct pdf *pdf; /* measures text (fonts); pdfdoc.c draws into it at the end */
        struct doc *doc; /* what the sections build */
        uint32_t toc;    /* the contents list's node */
        double y;        /* next free y on the current page */
        int prim;        /* index of the primary wave (with dimension indexes), -1 = none */
        int *rows;       /* municipalities shown in comparisons, in config order */
        size_t nrows;
        /* Contents of the cover: section headings and first pages. */
        uint32_t toc_node[16];
        size_t toc_page[16];
        size_t ntoc;
        double mrow_h; /* least row height of the summary matrix (smaller when page 2 is full) */
        size_t legend_page;               /* page (1-based) of the last Likert legend, 0 = none */
        const struct scale *legend_scale; /* its scale */
        int legend_reverse;               /* the Likert legend drawn explains the negative mark */
        int want_reverse;                 /* the statements now drawn include a negative one */
        char num[12][80];                 /* rotating buffers for formatted numbers */
        int numi;
        struct pdf_lines lines; /* scratch for wrapping */
};

static const char *S(const struct rep *r, enum str id)
{
        return strtab_get(r->lang, id);
}

/* ---- results lookup ------------------------------------------------------ */

static const char *gname(const struct rep *r, int g)
{
        return g == G_ALL ? "ALL" : r->cfg->munis[g].name;
}

/* Display name of a group: the municipality, or the region's name. */
static const char *gdisplay(const struct rep *r, int g)
{
        return g == G_ALL ? r->cfg->region : r->cfg->munis[g].name;
}

static const char *wave_id(const struct rep *r, int w)
{
        return r->cfg->waves[w].id;
}

static const struct codebook *wave_cb(const struct rep *r, int w)
{
        return r->cfg->instruments[r->cfg->waves[w].instrument].codebook;
}

static const struct result_row *find(const struct rep *r, int w, int g, const char *subject,
                                     const char *stat, const char *cat)
{
        return results_find(r->res, wave_id(r, w), gname(r, g), "", subject, stat, cat ? cat : "");
}

static int is_suppressed(const struct result_row *row)
{
        if (!row)
                return 0;
        if (row->note && !strncmp(row->note, "suppressed", 10))
                return 1;
        return row->text && !strcmp(row->text, "suppressed");
}

/* The state of one figure. */
enum fig { F_MISSING, F_SUPPRESSED, F_VALUE };

static enum fig fig(const struct rep *r, int w, int g, const char *subject, const char *stat,
                    const char *cat, double *v)
{
        const struct result_row *row = find(r, w, g, subject, stat, cat);
        if (!row)
                return F_MISSING;
        if (is_suppressed(row))
                return F_SUPPRESSED;
        if (!row->has_value || row->text)
                return F_MISSING;
        *v = row->value;
        return F_VALUE;
}

static enum light light_of(const struct rep *r, int w, int g, const char *subject, const char *stat)
{
        const struct result_row *row = find(r, w, g, subject, stat, "");
        if (!row)
                return L_NONE;
        if (is_suppressed(row))
                return L_SUPPRESSED;
        if (!row->text)
                return L_NONE;
        if (!strcmp(row->text, "red"))
                return L_RED;
        if (!strcmp(row->text, "yellow"))
                return L_YELLOW;
        if (!strcmp(row->text, "green"))
                return L_GREEN;
        if (!strcmp(row->text, "uncertain"))
                return L_UNCERTAIN;
        return L_NONE;
}

/* A strategy figure (wave ""), as fig() does for survey figures. */
static enum fig sfig(const struct rep *r, int g, const char *subject, const char *stat,
                     const char *cat, double *v)
{
        const struct result_row *row =
            results_find(r->res, "", gname(r, g), "", subject, stat, cat ? cat : "");
        if (!row)
                return F_MISSING;
        if (is_suppressed(row))
                return F_SUPPRESSED;
        if (!row->has_value || row->text)
                return F_MISSING;
        *v = row->value;
        return F_VALUE;
}

static enum light slight(const struct rep *r, int g, const char *subject)
{
        const struct result_row *row =
            results_find(r->res, "", gname(r, g), "", subject, "light", "");
        if (!row || !row->text)
                return L_NONE;
        if (!strcmp(row->text, "red"))
                return L_RED;
        if (!strcmp(row->text, "yellow"))
                return L_YELLOW;
        if (!strcmp(row->text, "green"))
                return L_GREEN;
        return L_NONE;
}

/* 1 when the results hold strategy follow-up figures (actions per area). */
static int has_strategy(const struct rep *r)
{
        return results_find(r->res, "", "ALL", "", "strategy", "actions", "") != NULL;
}

/* ---- labels -------------------------------------------------------------- */

static const char *pick(const struct rep *r, const char *fi, const char *en)
{
        if (r->lang == STRTAB_EN && en && *en)
                return en;
        return fi ? fi : "";
}

static const char *dim_label(const struct rep *r, const struct dimension *d)
{
        return pick(r, d->label, d->label_en);
}

static const char *item_label(const struct rep *r, const struct item *it)
{
        const char *s = pick(r, it->label, it->label_en);
        return *s ? s : it->id;
}

static const char *code_label(const struct rep *r, const struct scale_code *c)
{
        return pick(r, c->label, c->label_en);
}

static const char *wave_title(const struct rep *r, int w)
{
        const struct instrument *in = &r->cfg->instruments[r->cfg->waves[w].instrument];
        if (r->lang == STRTAB_EN && in->title_en && *in->title_en)
                return in->title_en;
        return in->title && *in->title ? in->title : in->id;
}

/* en in an English report when it is given, else fi (register texts). */
static const char *in_language(const struct rep *r, const char *fi, const char *en)
{
        return r->lang == STRTAB_EN && en && *en ? en : fi;
}

/* The edition's title in the report's language (title_en when English and given). */
static const char *edition_title(const struct rep *r)
{
        if (r->lang == STRTAB_EN && r->ed->title_en && *r->ed->title_en)
                return r->ed->title_en;
        return r->ed->title ? r->ed->title : r->ed->id;
}

/* ---- numbers ------------------------------------------------------------- */

/* Returns a rotating buffer (12 live at a time). */
static char *nbuf(struct rep *r)
{
        r->numi = (r->numi + 1) % 12;
        return r->num[r->numi];
}

/* v with dec decimals, the language's decimal mark and a real minus sign. */
static const char *fmt_num(struct rep *r, double v, int dec)
{
        char *out = nbuf(r);
        char tmp[64];
        double scale = pow(10, dec);
        double rv = round(v * scale) / scale;
        if (rv == 0)
                rv = 0; /* no "-0" */
        snprintf(tmp, sizeof tmp, "%.*f", dec, fabs(rv));
        size_t o = 0;
        if (rv < 0) {
                memcpy(out, "\xE2\x88\x92", 3); /* U+2212 minus */
                o = 3;
        }
        const char *mark = S(r, S_DECIMAL_MARK), *sep = S(r, S_THOUSANDS_SEP);
        size_t intlen = strcspn(tmp, ".");
        for (const char *t = tmp; *t && o + 6 < sizeof r->num[0]; t++) {
                size_t pos = (size_t)(t - tmp);
                /* Group whole numbers of five digits or more: 30 000. */
                if (intlen >= 5 && pos > 0 && pos < intlen && (intlen - pos) % 3 == 0) {
                        size_t sl = strlen(sep);
                        memcpy(out + o, sep, sl);
                        o += sl;
                }
                if (*t == '.') {
                        size_t ml = strlen(mark);
                        memcpy(out + o, mark, ml);
                        o += ml;
                } else {
                        out[o++] = *t;
                }
        }
        out[o] = '\0';
        return out;
}

/* Signed: "+3,2", "−1,5", "0,0". */
static const char *fmt_signed(struct rep *r, double v, int dec)
{
        const char *s = fmt_num(r, v, dec);
        if (s[0] == '\xE2' || round(v * pow(10, dec)) == 0)
                return s;
        char *out = nbuf(r);
        snprintf(out, sizeof r->num[0], "+%s", s);
        return out;
}

static const char *fmt_pct(struct rep *r, double v, int dec)
{
        char *out = nbuf(r);
        snprintf(out, sizeof r->num[0], S(r, S_PCT_FMT), fmt_num(r, v, dec));
        return out;
}

static const char *fmt_long(struct rep *r, long v)
{
        return fmt_num(r, (double)v, 0);
}

/* The neutral mark of a withheld cell: it never says why. */
static const char *fmt_small(struct rep *r)
{
        char *out = nbuf(r);
        snprintf(out, sizeof r->num[0], "%s", S(r, S_SUPPRESSED_CELL));
        return out;
}

/* "(57–67)": a confidence interval. */
static const char *fmt_ci(struct rep *r, double lo, double hi, int dec)
{
        char *out = nbuf(r);
        snprintf(out, sizeof r->num[0], "(%s\xE2\x80\x93%s)", fmt_num(r, lo, dec),
                 fmt_num(r, hi, dec));
        return out;
}

/* A YYYY-MM-DD date in the language's form. */
static const char *fmt_date(struct rep *r, int y, int m, int d)
{
        char *out = nbuf(r);
        if (r->lang == STRTAB_FI)
                snprintf(out, sizeof r->num[0], "%d.%d.%d", d, m, y);
        else
                snprintf(out, sizeof r->num[0], "%04d-%02d-%02d", y, m, d);
        return out;
}

/* ---- page flow ----------------------------------------------------------- */

static void page_new(struct rep *r)
{
        doc_add_page(r->doc);
        r->y = TOP;
}

/* Starts a new page when h more points do not fit; returns 1 when it did. */
static int need(struct rep *r, double h)
{
        if (r->y + h <= BOTTOM)
                return 0;
        page_new(r);
        return 1;
}

/* Height of text wrapped into width at size with leading. */
static double text_height(struct rep *r, enum pdf_font f, double size, double leading, double width,
                          const char *text)
{
        size_t n = pdf_wrap(r->pdf, f, size, text, width, &r->lines);
        return (double)n * leading;
}

/* Draws wrapped text with its first baseline at y; returns the lines drawn. */
static size_t wrapped(struct rep *r, enum pdf_font f, double size, double leading, double x,
                      double y, double width, enum pdf_align align, long color, const char *text)
{
        size_t n = pdf_wrap(r->pdf, f, size, text, width, &r->lines);
        for (size_t i = 0; i < n; i++) {
                double lx = x;
                if (align == PDF_CENTER)
                        lx = x + width / 2;
                else if (align == PDF_RIGHT)
                        lx = x + width;
                doc_text_line(r->doc, f, size, lx, y + leading * (double)i, align, color, text,
                              &r->lines.v[i]);
        }
        return n;
}

/*
 * Draws text on one line within width: at size, or smaller down to min, or
 * finally cut with an ellipsis.
 */
static void line_fit_min(struct rep *r, enum pdf_font f, double size, double min, double x,
                         double y, enum pdf_align align, long color, double width, const char *text)
{
        double sz = pdf_fit_size(r->pdf, f, size, min, width, text);
        if (pdf_text_width(r->pdf, f, sz, text) <= width) {
                doc_text(r->doc, f, sz, x, y, align, color, text);
                return;
        }
        size_t n = strlen(text);
        char *buf = xmalloc(n + 4);
        const char *ell = "\xE2\x80\xA6";
        double ew = pdf_text_width(r->pdf, f, sz, ell);
        while (n > 0) {
                n--;
                while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
                        n--; /* keep whole UTF-8 sequences */
                if (pdf_text_width_n(r->pdf, f, sz, text, n) + ew <= width)
                        break;
        }
        memcpy(buf, text, n);
        memcpy(buf + n, ell, 4);
        doc_text(r->doc, f, sz, x, y, align, color, buf);
        free(buf);
}

/*
 * line_fit_min() down to 70% of size (only running headers, legends and
 * repeated names use it; body text wraps instead).
 */
static void line_fit(struct rep *r, enum pdf_font f, double size, double x, double y,
                     enum pdf_align align, long color, double width, const char *text)
{
        line_fit_min(r, f, size, fmax(PT_MIN, size * 0.7), x, y, align, color, width, text);
}

/*
 * Text in at most maxl lines of width: the largest size from size down to 7
 * at which it wraps into maxl lines; at 7 the last line is cut with an
 * ellipsis. Used only where the full text stands close by (a repeated row
 * name). Returns the size in *sz and the number of lines.
 */
static size_t fit_lines(struct rep *r, enum pdf_font f, double size, double width, size_t maxl,
                        const char *text, double *sz)
{
        size_t n = 0;
        for (*sz = size; *sz > 7; *sz -= 0.5) {
                n = pdf_wrap(r->pdf, f, *sz, text, width, &r->lines);
                if (n <= maxl)
                        return n;
        }
        *sz = 7;
        n = pdf_wrap(r->pdf, f, *sz, text, width, &r->lines);
        return n < maxl ? n : maxl;
}

/* Draws what fit_lines() measured, first baseline at y, lines size * 1.18 apart. */
static void fit_lines_draw(struct rep *r, enum pdf_font f, double x, double y, double width,
                           size_t maxl, const char *text)
{
        double sz;
        size_t n = fit_lines(r, f, 8.5, width, maxl, text, &sz);
        size_t all = pdf_wrap(r->pdf, f, sz, text, width, &r->lines);
        for (size_t k = 0; k < n; k++) {
                double yy = y + sz * 1.18 * (double)k;
                if (k + 1 == n && all > n)
                        line_fit_min(r, f, sz, sz, x, yy, PDF_LEFT, C_TEXT, width,
                                     text + r->lines.v[k].off);
                else
                        doc_text_line(r->doc, f, sz, x, yy, PDF_LEFT, C_TEXT, text, &r->lines.v[k]);
        }
}

/* Opens a node of kind with its text (NULL: the text drawn in it); close with doc_close(). */
static uint32_t open_text(struct rep *r, enum doc_kind kind, const char *text)
{
        uint32_t n = doc_open(r->doc, kind);
        if (text)
                doc_set_text(r->doc, n, text);
        return n;
}

/* Table cells that are not drawn (a figure's data table): a column head, a row head, data. */
static void th_col(struct rep *r, const char *text)
{
        uint32_t n = doc_leaf(r->doc, DOC_TH, text);
        r->doc->nodes[n].scope = DOC_SCOPE_COL;
}

static void th_row(struct rep *r, const char *text)
{
        uint32_t n = doc_leaf(r->doc, DOC_TH, text);
        r->doc->nodes[n].scope = DOC_SCOPE_ROW;
}

static void td(struct rep *r, const char *text)
{
        doc_leaf(r->doc, DOC_TD, text);
}

/*
 * Opens the data table of the open figure (HTML only: the PDF shows the
 * figure), captioned "<title>: the figures as a table"; close with doc_close().
 */
static uint32_t data_table(struct rep *r, const char *title)
{
        uint32_t t = doc_open(r->doc, DOC_TABLE);
        r->doc->nodes[t].data_only = 1;
        char cap[700];
        snprintf(cap, sizeof cap, S(r, S_DATA_TABLE), title);
        doc_leaf(r->doc, DOC_CAPTION, cap);
        return t;
}

/* Opens a figure with a short title (its SVG title in the HTML); close with doc_close(). */
static uint32_t figure_open(struct rep *r, const char *title)
{
        return open_text(r, DOC_FIGURE, title);
}

/*
 * Starts a section on a new page: bookmark, contents entry, title. After the
 * summary, a page less than a third full (the tail of the section before)
 * takes the new section after a gap instead of being left mostly empty; the
 * section's first blocks fit in the two thirds left.
 */
static void section(struct rep *r, const char *title)
{
        if (r->ntoc > 0 && r->y < TOP + (BOTTOM - TOP) / 3)
                r->y += 28;
        else
                page_new(r);
        uint32_t h = doc_open(r->doc, DOC_H1);
        doc_set_text(r->doc, h, title);
        if (r->ntoc < sizeof r->toc_node / sizeof r->toc_node[0]) {
                r->toc_node[r->ntoc] = h;
                r->toc_page[r->ntoc] = doc_page_count(r->doc);
                r->ntoc++;
        }
        size_t n = wrapped(r, PDF_BOLD, 17, 20, X0, r->y + 12, CW, PDF_LEFT, C_TEXT, title);
        doc_close(r->doc, h);
        r->y += 26 + 20 * (double)(n - 1);
}

/* A paragraph of body text at the current y; advances y. */
static void para(struct rep *r, enum pdf_font f, double size, long color, const char *text)
{
        double leading = size * 1.38;
        uint32_t P = doc_open(r->doc, size < 9 || color == C_MUTED ? DOC_NOTE : DOC_P);
        doc_set_text(r->doc, P, text);
        size_t n = pdf_wrap(r->pdf, f, size, text, CW, &r->lines);
        for (size_t i = 0; i < n; i++) {
                need(r, leading);
                doc_text_line(r->doc, f, size, X0, r->y + size, PDF_LEFT, color, text,
                              &r->lines.v[i]);
                r->y += leading;
        }
        doc_close(r->doc, P);
}

/* A subsection title kept with at least `keep` points of what follows. */
static void subsection(struct rep *r, const char *title, double keep)
{
        double h = 0;
        size_t n = pdf_wrap(r->pdf, PDF_BOLD, 11.5, title, CW, &r->lines);
        h = (double)n * 14.5 + 6;
        if (r->y > TOP + 1)
                r->y += 8;
        need(r, h + keep);
        uint32_t hd = doc_open(r->doc, DOC_H2);
        doc_set_text(r->doc, hd, title);
        for (size_t i = 0; i < n; i++)
                doc_text_line(r->doc, PDF_BOLD, 11.5, X0, r->y + 11 + 14.5 * (double)i, PDF_LEFT,
                              C_TEXT, title, &r->lines.v[i]);
        doc_close(r->doc, hd);
        r->y += h;
}

/* ---- lights -------------------------------------------------------------- */

static long light_color(enum light l)
{
        switch (l) {
        case L_RED:
                return C_RED;
        case L_YELLOW:
                return C_YELLOW;
        case L_GREEN:
                return C_GREEN;
        case L_UNCERTAIN:
                return C_WHITE;
        case L_SUPPRESSED:
                return C_GREY;
        case L_NONE:
                break;
        }
        return PDF_NONE;
}

static const char *light_letter(const struct rep *r, enum light l)
{
        switch (l) {
        case L_RED:
                return S(r, S_LETTER_RED);
        case L_YELLOW:
                return S(r, S_LETTER_YELLOW);
        case L_GREEN:
                return S(r, S_LETTER_GREEN);
        case L_UNCERTAIN:
                return S(r, S_LETTER_UNCERTAIN);
        case L_SUPPRESSED:
                return S(r, S_LETTER_SUPPRESSED);
        case L_NONE:
                break;
        }
        return "";
}

static const char *light_name(const struct rep *r, enum light l)
{
        static const enum str names[] = {
            [L_RED] = S_LIGHT_NAME_RED,
            [L_YELLOW] = S_LIGHT_NAME_YELLOW,
            [L_GREEN] = S_LIGHT_NAME_GREEN,
            [L_UNCERTAIN] = S_LIGHT_NAME_UNCERTAIN,
            [L_SUPPRESSED] = S_LIGHT_NAME_SUPPRESSED,
        };
        return l == L_NONE ? "" : S(r, names[l]);
}

/* Opens an inline light node (its letter is drawn into it); close with doc_close(). */
static uint32_t light_node(struct rep *r, enum light l, enum doc_shape shape)
{
        uint32_t n = doc_open(r->doc, DOC_LIGHT);
        r->doc->nodes[n].light = (uint8_t)l; /* enum light and enum doc_light agree */
        r->doc->nodes[n].shape = (uint8_t)shape;
        doc_set_alt(r->doc, n, light_name(r, l));
        return n;
}

/* A light: a coloured disc with its letter, centred at (cx, cy). */
static void draw_light(struct rep *r, double cx, double cy, double rad, enum light l)
{
        if (l == L_NONE)
                return;
        uint32_t n = light_node(r, l, DOC_DISC);
        doc_circle(r->doc, cx, cy, rad, light_color(l), 0x333333L, 0.6);
        double size = rad * 1.25;
        doc_text(r->doc, PDF_BOLD, size, cx, cy + size * 0.36, PDF_CENTER, C_TEXT,
                 light_letter(r, l));
        doc_close(r->doc, n);
}

/*
 * An action-progress light: a coloured square with its letter, centred at
 * (cx, cy). Squares keep the strategy's progress lights apart from the
 * survey's round index lights wherever both appear.
 */
static void draw_square(struct rep *r, double cx, double cy, double rad, enum light l)
{
        if (l == L_NONE)
                return;
        double a = rad * 0.9;
        uint32_t n = light_node(r, l, DOC_SQUARE);
        doc_rect(r->doc, cx - a, cy - a, 2 * a, 2 * a, light_color(l), 0x333333L, 0.6);
        double size = rad * 1.25;
        doc_text(r->doc, PDF_BOLD, size, cx, cy + size * 0.36, PDF_CENTER, C_TEXT,
                 light_letter(r, l));
        doc_close(r->doc, n);
}

/*
 * Writes the five legend texts of the index (gap = 0) or gap lights into txt
 * and the heights of the legend's three rows into rowh; returns the height
 * the legend takes.
 */
static double light_legend_prep(struct rep *r, int gap, char txt[5][256], double rowh[3])
{
        char *a = txt[0], *b = txt[1], *c = txt[2], *d = txt[4];
        const size_t sz = 256;
        const struct thresholds *th = &r->cfg->th;
        if (gap) {
                snprintf(a, sz, S(r, S_LEGEND_GAP_GREEN), fmt_num(r, th->gap_yellow, 1));
                snprintf(b, sz, S(r, S_LEGEND_GAP_YELLOW), fmt_num(r, th->gap_yellow, 1),
                         fmt_num(r, th->gap_red, 1));
                snprintf(c, sz, S(r, S_LEGEND_GAP_RED), fmt_num(r, th->gap_red, 1));
        } else {
                snprintf(a, sz, S(r, S_LEGEND_GREEN), fmt_num(r, th->green_from, 0));
                snprintf(b, sz, S(r, S_LEGEND_YELLOW), fmt_num(r, th->red_below, 0),
                         fmt_num(r, th->green_from, 0));
                snprintf(c, sz, S(r, S_LEGEND_RED), fmt_num(r, th->red_below, 0));
        }
        snprintf(txt[3], sz, "%s", S(r, gap ? S_LEGEND_GAP_UNCERTAIN : S_LEGEND_UNCERTAIN));
        snprintf(d, sz, S(r, S_LEGEND_SUPPRESSED), r->cfg->min_group);
        double colw = CW / 2 - 6, h[5];
        for (int i = 0; i < 5; i++)
                h[i] = text_height(r, PDF_REGULAR, 8, 10, colw - 18, txt[i]);
        rowh[0] = fmax(h[0], h[3]);
        rowh[1] = fmax(h[1], h[4]);
        rowh[2] = h[2];
        return rowh[0] + rowh[1] + rowh[2] + 10;
}

/* The legend of the index (gap = 0) or gap lights, two columns, at the current y. */
static void light_legend(struct rep *r, int gap)
{
        char txt[5][256];
        double rowh[3], colw = CW / 2 - 6;
        double total = light_legend_prep(r, gap, txt, rowh);
        const enum light ls[5] = {L_GREEN, L_YELLOW, L_RED, L_UNCERTAIN, L_SUPPRESSED};
        need(r, total + 2);
        uint32_t list = doc_open(r->doc, DOC_L);
        for (int i = 0; i < 5; i++) {
                int col = i / 3, row = i % 3;
                double y = r->y;
                for (int k = 0; k < row; k++)
                        y += rowh[k] + 3;
                double x = X0 + col * (CW / 2 + 6);
                uint32_t li = doc_open(r->doc, DOC_LI);
                draw_light(r, x + 6, y + 5, 5.6, ls[i]);
                wrapped(r, PDF_REGULAR, 8, 10, x + 16, y + 8, colw - 18, PDF_LEFT, C_TEXT, txt[i]);
                doc_close(r->doc, li);
        }
        doc_close(r->doc, list);
        r->y += total;
}

/* ---- which figures exist ------------------------------------------------- */

/* Dimensions of wave w that have index figures for the region, in codebook order. */
static size_t index_dims(const struct rep *r, int w, int *out)
{
        const struct codebook *cb = wave_cb(r, w);
        size_t n = 0;
        for (size_t d = 0; d < cb->ndims; d++)
                if (find(r, w, G_ALL, cb->dims[d].id, "index", ""))
                        out[n++] = (int)d;
        return n;
}

/* Dimensions of wave w with current/target figures (action areas). */
static size_t area_dims(const struct rep *r, int w, int *out)
{
        const struct codebook *cb = wave_cb(r, w);
        size_t n = 0;
        for (size_t d = 0; d < cb->ndims; d++)
                if (find(r, w, G_ALL, cb->dims[d].id, "current_mean", "") ||
                    find(r, w, G_ALL, cb->dims[d].id, "gap_mean", ""))
                        out[n++] = (int)d;
        return n;
}

/* The groups a comparison shows: the listed municipalities, then the region. */
static size_t groups_of(const struct rep *r, int *out)
{
        size_t n = 0;
        for (size_t i = 0; i < r->nrows; i++)
                out[n++] = r->rows[i];
        out[n++] = G_ALL;
        return n;
}

/* The group a single-group section is about: the municipality or the region. */
static int focus(const struct rep *r)
{
        return r->muni;
}

/* ---- cover --------------------------------------------------------------- */

static void cover(struct rep *r, const char *date)
{
        page_new(r);
        struct pdf *p = r->pdf;
        struct doc *D = r->doc;
        uint32_t n;
        doc_rect(r->doc, 0, 0, PDF_PAGE_W, 250, C_ACCENT, PDF_NONE, 0);
        n = doc_open(D, DOC_P);
        D->nodes[n].style = DOC_STYLE_KICKER;
        line_fit(r, PDF_REGULAR, 12, X0, 70, PDF_LEFT, C_WHITE, CW, r->cfg->region);
        doc_close(D, n);
        double y = 110;
        n = doc_open(D, DOC_P);
        D->nodes[n].style = DOC_STYLE_TITLE;
        doc_set_text(D, n, edition_title(r));
        y += wrapped(r, PDF_BOLD, 26, 31, X0, y, CW, PDF_LEFT, C_WHITE, edition_title(r)) * 31.0;
        doc_close(D, n);
        const char *who = r->muni == G_ALL ? S(r, S_REGIONAL_REPORT) : r->cfg->munis[r->muni].name;
        double size = pdf_fit_size(p, PDF_BOLD, 20, 12, CW, who);
        y += 4;
        n = doc_open(D, DOC_P);
        D->nodes[n].style = DOC_STYLE_SUBTITLE;
        doc_set_text(D, n, who);
        y += (double)wrapped(r, PDF_BOLD, size, size * 1.25, X0, y, CW, PDF_LEFT, C_WHITE, who) *
             size * 1.25;
        doc_close(D, n);
        n = doc_open(D, DOC_P);
        D->nodes[n].style = DOC_STYLE_KICKER;
        if (r->muni != G_ALL)
                doc_text(r->doc, PDF_REGULAR, 11, X0, y + 4, PDF_LEFT, C_WHITE,
                         S(r, S_MUNICIPAL_REPORT));
        else
                doc_text(r->doc, PDF_REGULAR, 11, X0, y + 4, PDF_LEFT, C_WHITE,
                         S(r, S_REGIONAL_REPORT_SUB));
        doc_close(D, n);
        r->y = 285;
        n = doc_open(D, DOC_P);
        D->nodes[n].style = DOC_STYLE_LEAD;
        doc_text(r->doc, PDF_BOLD, 12, X0, r->y, PDF_LEFT, C_TEXT, S(r, S_DATA_SOURCES));
        doc_close(D, n);
        r->y += 8;
        uint32_t list = doc_open(D, DOC_L);
        struct strbuf sb;
        strbuf_init(&sb);
        for (size_t i = 0; i < r->ed->nwaves; i++) {
                int w = r->ed->waves[i];
                double v;
                strbuf_reset(&sb);
                strbuf_addf(&sb, "%s %d", wave_title(r, w), r->cfg->waves[w].year);
                enum fig f = fig(r, w, focus(r), "respondents", "respondents", "", &v);
                if (f == F_VALUE)
                        strbuf_addf(&sb, S(r, S_SOURCE_RESPONDENTS), fmt_long(r, (long)v));
                else if (f == F_SUPPRESSED)
                        strbuf_addf(&sb, S(r, S_SOURCE_RESPONDENTS), fmt_small(r));
                if (r->muni != G_ALL &&
                    fig(r, w, G_ALL, "respondents", "respondents", "", &v) == F_VALUE)
                        strbuf_addf(&sb, S(r, S_SOURCE_REGION), r->cfg->region,
                                    fmt_long(r, (long)v));
                int cmp = r->cfg->waves[w].compare;
                if (cmp >= 0)
                        strbuf_addf(&sb, S(r, S_SOURCE_COMPARED), r->cfg->waves[cmp].year);
                double h = text_height(r, PDF_REGULAR, 10, 13.5, CW - 14, strbuf_str(&sb));
                n = doc_open(D, DOC_LI);
                doc_set_text(D, n, strbuf_str(&sb));
                doc_circle(r->doc, X0 + 3, r->y + 9.5, 2, C_ACCENT, PDF_NONE, 0);
                wrapped(r, PDF_REGULAR, 10, 13.5, X0 + 12, r->y + 13, CW - 14, PDF_LEFT, C_TEXT,
                        strbuf_str(&sb));
                doc_close(D, n);
                r->y += h + 3;
        }
        doc_close(D, list);
        strbuf_clear(&sb);
        if (date) {
                r->y += 10;
                char line[200];
                snprintf(line, sizeof line, S(r, S_REPORT_DATE), date);
                n = doc_open(D, DOC_P);
                doc_text(r->doc, PDF_REGULAR, 10, X0, r->y + 10, PDF_LEFT, C_TEXT, line);
                doc_close(D, n);
                r->y += 16;
        }
        r->y += 12;
        char priv[400];
        snprintf(priv, sizeof priv, S(r, S_PRIVACY_NOTE), r->cfg->min_group);
        para(r, PDF_REGULAR, 9, C_MUTED, priv);
        /* The contents list is drawn at the end, when its page numbers are known. */
        r->toc = doc_open(D, DOC_TOC);
        doc_close(D, r->toc);
        r->y += 18;
}

/* Draws the contents list on the cover (page 0) from y. */
static void cover_contents(struct rep *r, double y)
{
        doc_set_page(r->doc, 0);
        struct doc *D = r->doc;
        uint32_t prev = doc_reopen(D, r->toc);
        uint32_t n = doc_open(D, DOC_CAPTION);
        doc_text(r->doc, PDF_BOLD, 12, X0, y, PDF_LEFT, C_TEXT, S(r, S_CONTENTS));
        doc_close(D, n);
        y += 8;
        for (size_t i = 0; i < r->ntoc; i++) {
                char pg[32];
                const char *title = doc_text_of(D, r->toc_node[i]);
                snprintf(pg, sizeof pg, "%zu", r->toc_page[i]);
                double h = text_height(r, PDF_REGULAR, 10, 13, CW - 40, title);
                n = doc_open(D, DOC_TOCI);
                D->nodes[n].target = r->toc_node[i];
                wrapped(r, PDF_REGULAR, 10, 13, X0, y + 13, CW - 40, PDF_LEFT, C_TEXT, title);
                doc_text(r->doc, PDF_REGULAR, 10, X1, y + 13, PDF_RIGHT, C_TEXT, pg);
                doc_close(D, n);
                doc_line(r->doc, X0, y + h + 3.5, X1, y + h + 3.5, 0.4, C_FAINT, 0);
                y += h + 5;
                if (y > BOTTOM - 20)
                        break;
        }
        doc_resume(D, prev);
}

/* ---- summary ------------------------------------------------------------- */

/* Key findings of group g in the primary wave, as bullet lines. */
static void key_findings(struct rep *r, int g)
{
        int w = r->prim;
        const struct codebook *cb = wave_cb(r, w);
        int dims[256];
        size_t nd = index_dims(r, w, dims);
        struct strbuf sb;
        strbuf_init(&sb);
        char *items[10];
        size_t ni = 0;

        double v, staff;
        enum fig fr = fig(r, w, g, "respondents", "respondents", "", &v);
        if (fr == F_VALUE) {
                strbuf_addf(&sb, S(r, S_FIND_RESPONDENTS), fmt_long(r, (long)v));
                if (fig(r, w, g, "respondents", "response_rate", "", &staff) == F_VALUE)
                        strbuf_addf(&sb, S(r, S_FIND_RATE), fmt_pct(r, staff, 0));
                strbuf_adds(&sb, ".");
                items[ni++] = xstrdup(strbuf_str(&sb));
        }
        int best = -1, worst = -1;
        double bestv = -1, worstv = 1e9;
        size_t published = 0;
        for (size_t i = 0; i < nd; i++) {
                if (fig(r, w, g, cb->dims[dims[i]].id, "index", "", &v) != F_VALUE)
                        continue;
                published++;
                if (v > bestv)
                        bestv = v, best = dims[i];
                if (v < worstv)
                        worstv = v, worst = dims[i];
        }
        if (published == 0) {
                strbuf_reset(&sb);
                strbuf_addf(&sb, S(r, S_FIND_NONE), r->cfg->min_group);
                items[ni++] = xstrdup(strbuf_str(&sb));
        } else {
                strbuf_reset(&sb);
                strbuf_addf(&sb, S(r, S_FIND_BEST), dim_label(r, &cb->dims[best]),
                            fmt_num(r, bestv, 0));
                items[ni++] = xstrdup(strbuf_str(&sb));
                if (published > 1 && worst != best) {
                        strbuf_reset(&sb);
                        strbuf_addf(&sb, S(r, S_FIND_WORST), dim_label(r, &cb->dims[worst]),
                                    fmt_num(r, worstv, 0));
                        items[ni++] = xstrdup(strbuf_str(&sb));
                }
        }
        int cmp = r->cfg->waves[w].compare;
        if (cmp >= 0 && published > 0) {
                struct strbuf up, down;
                strbuf_init(&up);
                strbuf_init(&down);
                int known = 0;
                for (size_t i = 0; i < nd; i++) {
                        const char *id = cb->dims[dims[i]].id;
                        double d, pv;
                        if (fig(r, w, g, id, "change_diff", wave_id(r, cmp), &d) != F_VALUE ||
                            fig(r, w, g, id, "change_p", wave_id(r, cmp), &pv) != F_VALUE)
                                continue;
                        known++;
                        struct strbuf *to = pv < 0.05 && d > 0   ? &up
                                            : pv < 0.05 && d < 0 ? &down
                                                                 : NULL;
                        if (!to)
                                continue;
                        if (to->len)
                                strbuf_adds(to, ", ");
                        strbuf_adds(to, dim_label(r, &cb->dims[dims[i]]));
                }
                int year = r->cfg->waves[cmp].year;
                if (up.len) {
                        strbuf_reset(&sb);
                        strbuf_addf(&sb, S(r, S_FIND_UP), year, strbuf_str(&up));
                        items[ni++] = xstrdup(strbuf_str(&sb));
                }
                if (down.len) {
                        strbuf_reset(&sb);
                        strbuf_addf(&sb, S(r, S_FIND_DOWN), year, strbuf_str(&down));
                        items[ni++] = xstrdup(strbuf_str(&sb));
                }
                if (known > 0 && !up.len && !down.len) {
                        strbuf_reset(&sb);
                        strbuf_addf(&sb, S(r, S_FIND_NOCHANGE), year);
                        items[ni++] = xstrdup(strbuf_str(&sb));
                }
                strbuf_clear(&up);
                strbuf_clear(&down);
        }
        int areas[256];
        size_t na = area_dims(r, w, areas);
        int gmax = -1;
        double gapmax = -1e9;
        for (size_t i = 0; i < na; i++) {
                if (fig(r, w, g, cb->dims[areas[i]].id, "gap_mean", "", &v) == F_VALUE &&
                    v > gapmax)
                        gapmax = v, gmax = areas[i];
        }
        if (gmax >= 0) {
                strbuf_reset(&sb);
                strbuf_addf(&sb, S(r, S_FIND_GAP), dim_label(r, &cb->dims[gmax]),
                            fmt_num(r, gapmax, 1));
                items[ni++] = xstrdup(strbuf_str(&sb));
        }
        if (fig(r, w, g, "maturity", "level", "", &v) == F_VALUE) {
                strbuf_reset(&sb);
                strbuf_addf(&sb, S(r, S_FIND_MATURITY), (int)lround(v));
                items[ni++] = xstrdup(strbuf_str(&sb));
        }
        double done, planned;
        if (sfig(r, g, "strategy", "implemented_pct", "", &v) == F_VALUE &&
            sfig(r, g, "strategy", "implemented", "", &done) == F_VALUE &&
            sfig(r, g, "strategy", "planned", "", &planned) == F_VALUE) {
                strbuf_reset(&sb);
                strbuf_addf(&sb, S(r, S_FIND_STRATEGY), fmt_pct(r, v, 0), fmt_long(r, (long)done),
                            fmt_long(r, (long)planned));
                items[ni++] = xstrdup(strbuf_str(&sb));
        }
        strbuf_clear(&sb);

        /* A tinted box with the findings. */
        char title[600];
        snprintf(title, sizeof title, S(r, S_FINDINGS_TITLE), gdisplay(r, g));
        double h = 24 + text_height(r, PDF_BOLD, 10.5, 13, CW - 24, title) - 13;
        for (size_t i = 0; i < ni; i++)
                h += text_height(r, PDF_REGULAR, 9.5, 12.5, CW - 30, items[i]) + 3;
        need(r, h + 8);
        doc_rect(r->doc, X0, r->y, CW, h, 0xF1F6FBL, PDF_NONE, 0);
        doc_rect(r->doc, X0, r->y, 3, h, C_ACCENT, PDF_NONE, 0);
        uint32_t n = open_text(r, DOC_H2, title);
        size_t tl =
            wrapped(r, PDF_BOLD, 10.5, 13, X0 + 12, r->y + 15, CW - 24, PDF_LEFT, C_TEXT, title);
        doc_close(r->doc, n);
        double y = r->y + 22 + 13 * (double)(tl - 1);
        uint32_t list = doc_open(r->doc, DOC_L);
        for (size_t i = 0; i < ni; i++) {
                n = open_text(r, DOC_LI, items[i]);
                doc_circle(r->doc, X0 + 16, y + 6.5, 1.8, C_TEXT, PDF_NONE, 0);
                size_t nl = wrapped(r, PDF_REGULAR, 9.5, 12.5, X0 + 24, y + 9.5, CW - 30, PDF_LEFT,
                                    C_TEXT, items[i]);
                doc_close(r->doc, n);
                y += (double)nl * 12.5 + 3;
                free(items[i]);
        }
        doc_close(r->doc, list);
        r->y += h + 12;
}

/* Geometry of the traffic-light matrix. */
struct matrix {
        double name_w, cell_w, mat_w;
        int dims[16];
        size_t nd;
        int show_level;    /* draw the extra last column */
        const char *extra; /* its heading (maturity level, total) */
        double head_size, head_h;
        uint32_t table; /* its table node (strategy matrices) */
};

/*
 * Sizes the column heads of a matrix: the largest size from 7.5 down to 6 at
 * which no word of a label breaks (below that, long words are hyphenated),
 * and the height of the tallest head.
 */
static void matrix_fit_header(struct rep *r, struct matrix *m, const struct codebook *cb)
{
        m->head_size = 7.5;
        for (; m->head_size > PT_MIN; m->head_size -= 0.5) {
                int ok = 1;
                for (size_t i = 0; i < m->nd && ok; i++) {
                        const char *s = dim_label(r, &cb->dims[m->dims[i]]);
                        while (*s && ok) {
                                size_t len = strcspn(s, " ");
                                if (pdf_text_width_n(r->pdf, PDF_REGULAR, m->head_size, s, len) >
                                    m->cell_w - 8)
                                        ok = 0;
                                s += len;
                                s += strspn(s, " ");
                        }
                }
                if (ok)
                        break;
        }
        size_t maxl = 1;
        for (size_t i = 0; i < m->nd; i++) {
                size_t n = pdf_wrap(r->pdf, PDF_REGULAR, m->head_size,
                                    dim_label(r, &cb->dims[m->dims[i]]), m->cell_w - 8, &r->lines);
                if (n > maxl)
                        maxl = n;
        }
        if (m->show_level) {
                size_t n =
                    pdf_wrap(r->pdf, PDF_BOLD, m->head_size, m->extra, m->mat_w - 4, &r->lines);
                if (n > maxl)
                        maxl = n;
        }
        m->head_h = (double)maxl * m->head_size * 1.18 + 8;
}

static void matrix_header(struct rep *r, const struct matrix *m, const struct codebook *cb)
{
        double y = r->y;
        struct doc *D = r->doc;
        uint32_t tr = doc_open(D, DOC_TR), th = doc_open(D, DOC_TH);
        doc_text(r->doc, PDF_BOLD, 8, X0, y + m->head_h - 4, PDF_LEFT, C_TEXT,
                 S(r, S_COL_MUNICIPALITY));
        doc_close(D, th);
        for (size_t i = 0; i < m->nd; i++) {
                th = doc_open(D, DOC_TH);
                const char *lab = dim_label(r, &cb->dims[m->dims[i]]);
                double x = X0 + m->name_w + m->cell_w * (double)i;
                size_t n =
                    pdf_wrap(r->pdf, PDF_REGULAR, m->head_size, lab, m->cell_w - 8, &r->lines);
                double lead = m->head_size * 1.18;
                double y0 = y + m->head_h - 4 - lead * (double)(n - 1);
                for (size_t k = 0; k < n; k++)
                        doc_text_line(r->doc, PDF_REGULAR, m->head_size, x + m->cell_w / 2,
                                      y0 + lead * (double)k, PDF_CENTER, C_TEXT, lab,
                                      &r->lines.v[k]);
                doc_close(D, th);
        }
        if (m->show_level) {
                th = doc_open(D, DOC_TH);
                double x = X0 + m->name_w + m->cell_w * (double)m->nd;
                size_t n =
                    pdf_wrap(r->pdf, PDF_BOLD, m->head_size, m->extra, m->mat_w - 4, &r->lines);
                double lead = m->head_size * 1.18;
                double y0 = y + m->head_h - 4 - lead * (double)(n - 1);
                for (size_t k = 0; k < n; k++)
                        doc_text_line(r->doc, PDF_BOLD, m->head_size, x + m->mat_w / 2,
                                      y0 + lead * (double)k, PDF_CENTER, C_TEXT, m->extra,
                                      &r->lines.v[k]);
                doc_close(D, th);
        }
        doc_close(D, tr);
        r->y += m->head_h;
        doc_line(r->doc, X0, r->y, X1, r->y, 0.8, C_TEXT, 0);
        r->y += 2;
}

/* The matrix head again at the top of a new page: not content (the table has it once). */
static void repeat_header(struct rep *r, const struct matrix *m, const struct codebook *cb)
{
        doc_artifact_begin(r->doc);
        matrix_header(r, m, cb);
        doc_artifact_end(r->doc);
}

/* The five-square maturity gauge and its digit, left-aligned at x, centred on cy. */
static void draw_level(struct rep *r, double x, double cy, int level)
{
        char d[8];
        snprintf(d, sizeof d, "%d", level);
        doc_text(r->doc, PDF_BOLD, 10, x, cy + 3.6, PDF_LEFT, C_TEXT, d);
        for (int k = 0; k < 5; k++)
                doc_rect(r->doc, x + 10 + k * 6.5, cy - 2.5, 5, 5, k < level ? C_ACCENT : C_WHITE,
                         C_ACCENT, 0.5);
}

/* One matrix row for group g. */
static void matrix_row(struct rep *r, const struct matrix *m, int w, int g)
{
        const struct codebook *cb = wave_cb(r, w);
        const char *name = gdisplay(r, g);
        enum pdf_font f = (g == G_ALL || g == r->muni) ? PDF_BOLD : PDF_REGULAR;
        double nh = text_height(r, f, 8.5, 10, m->name_w - 6, name);
        double h = fmax(r->nrows > 30 ? 16 : r->mrow_h, nh + 6);
        if (need(r, h))
                repeat_header(r, m, cb);
        struct doc *D = r->doc;
        double y = r->y, cy = y + h / 2;
        uint32_t tr = doc_open(D, DOC_TR);
        D->nodes[tr].hilite = g != G_ALL && g == r->muni;
        if (g != G_ALL && g == r->muni)
                doc_rect(r->doc, X0, y, CW, h, C_HILITE, PDF_NONE, 0);
        if (g == G_ALL)
                doc_line(r->doc, X0, y, X1, y, 0.8, C_TEXT, 0);
        uint32_t th = doc_open(D, DOC_TH);
        D->nodes[th].scope = DOC_SCOPE_ROW;
        doc_set_text(D, th, name);
        wrapped(r, f, 8.5, 10, X0 + 2, cy - nh / 2 + 7.5, m->name_w - 6, PDF_LEFT, C_TEXT, name);
        doc_close(D, th);
        for (size_t i = 0; i < m->nd; i++) {
                uint32_t td = doc_open(D, DOC_TD);
                const char *id = cb->dims[m->dims[i]].id;
                double x = X0 + m->name_w + m->cell_w * (double)i;
                enum light l = light_of(r, w, g, id, "light");
                double v;
                enum fig fv = fig(r, w, g, id, "index", "", &v);
                double lx = x + m->cell_w / 2 - 11;
                if (l == L_SUPPRESSED || fv == F_SUPPRESSED) {
                        draw_light(r, lx, cy, 6.5, L_SUPPRESSED);
                        doc_text(r->doc, PDF_REGULAR, PT_MIN, lx + 9, cy + 2.3, PDF_LEFT, C_MUTED,
                                 fmt_small(r));
                } else if (fv == F_VALUE) {
                        draw_light(r, lx, cy, 6.5, l);
                        doc_text(r->doc, f, 9, lx + 9, cy + 3.2, PDF_LEFT, C_TEXT,
                                 fmt_num(r, v, 0));
                } else {
                        doc_text(r->doc, PDF_REGULAR, 9, x + m->cell_w / 2, cy + 3.2, PDF_CENTER,
                                 C_MUTED, "\xE2\x80\x93");
                }
                doc_close(D, td);
        }
        if (m->show_level) {
                uint32_t td = doc_open(D, DOC_TD);
                double x = X0 + m->name_w + m->cell_w * (double)m->nd;
                double v;
                enum fig fv = fig(r, w, g, "maturity", "level", "", &v);
                if (fv == F_VALUE)
                        draw_level(r, x + m->mat_w / 2 - 21, cy, (int)lround(v));
                else if (fv == F_SUPPRESSED)
                        doc_text(r->doc, PDF_REGULAR, 7, x + m->mat_w / 2, cy + 2.5, PDF_CENTER,
                                 C_MUTED, fmt_small(r));
                else
                        doc_text(r->doc, PDF_REGULAR, 9, x + m->mat_w / 2, cy + 3.2, PDF_CENTER,
                                 C_MUTED, "\xE2\x80\x93");
                doc_close(D, td);
        }
        doc_close(D, tr);
        r->y += h;
        doc_line(r->doc, X0, r->y, X1, r->y, 0.3, C_RULE, 0);
}

/* A share implemented with its square light, left-aligned near x; "–" when none. */
static void progress_cell(struct rep *r, double cx, double cy, int g, const char *subj,
                          enum pdf_font f)
{
        double pct;
        if (sfig(r, g, subj, "implemented_pct", "", &pct) == F_VALUE) {
                draw_square(r, cx - 11, cy, 6.5, slight(r, g, subj));
                doc_text(r->doc, f, 9, cx - 2, cy + 3.2, PDF_LEFT, C_TEXT, fmt_pct(r, pct, 0));
        } else {
                doc_text(r->doc, PDF_REGULAR, 9, cx, cy + 3.2, PDF_CENTER, C_MUTED, "\xE2\x80\x93");
        }
}

/*
 * Under the light matrix: the strategy's progress lights for the same action
 * areas, for the report's municipality and the region, so that each column
 * shows the survey's maturity and the actions' progress side by side; the
 * extra column holds the share over all areas. Nothing when no area of the
 * block has actions.
 */
/*
 * The rows of summary_progress() for a matrix block: the groups (the
 * municipality, the region) into gs and their heights into hs; returns their
 * number, 0 when no area of the block has actions.
 */
static size_t summary_progress_rows(struct rep *r, const struct matrix *m, int w, int gs[2],
                                    double hs[2])
{
        const struct codebook *cb = wave_cb(r, w);
        char subj[200];
        int any = 0;
        for (size_t i = 0; i < m->nd && !any; i++) {
                snprintf(subj, sizeof subj, "strategy:%s", cb->dims[m->dims[i]].id);
                any = results_find(r->res, "", "ALL", "", subj, "actions", "") != NULL;
        }
        if (!any)
                return 0;
        size_t ng = 0;
        if (r->muni != G_ALL)
                gs[ng++] = r->muni;
        gs[ng++] = G_ALL;
        /* The names stand in full in the matrix above: here at most two lines. */
        for (size_t k = 0; k < ng; k++) {
                double sz;
                size_t nl = fit_lines(r, PDF_BOLD, 8.5, m->name_w - 6, 2, gdisplay(r, gs[k]), &sz);
                hs[k] = fmax(17, sz * 1.18 * (double)nl + 6);
        }
        return ng;
}

#define PROGRESS_HEAD 15.0 /* height of the "actions implemented" band */

static void summary_progress(struct rep *r, const struct matrix *m, int w)
{
        const struct codebook *cb = wave_cb(r, w);
        char subj[200];
        int gs[2];
        double hs[2], sz;
        size_t ng = summary_progress_rows(r, m, w, gs, hs);
        if (ng == 0)
                return;
        const double head = PROGRESS_HEAD;
        double span = m->name_w + m->cell_w * (double)m->nd;
        if (need(r, head + hs[0] + (ng > 1 ? hs[1] : 0)))
                repeat_header(r, m, cb);
        struct doc *D = r->doc;
        uint32_t tr = doc_open(D, DOC_TR), th = doc_open(D, DOC_TH);
        D->nodes[th].colspan = (uint16_t)(m->nd + 1);
        doc_set_text(D, th, S(r, S_SUMMARY_PROGRESS));
        doc_rect(r->doc, X0, r->y, CW, head, 0xF2F2F2L, PDF_NONE, 0);
        line_fit(r, PDF_BOLD, 8, X0 + 2, r->y + 10.5, PDF_LEFT, C_TEXT, span - 6,
                 S(r, S_SUMMARY_PROGRESS));
        doc_close(D, th);
        if (m->show_level) {
                th = doc_open(D, DOC_TH);
                doc_set_text(D, th, S(r, S_TOTAL));
                line_fit(r, PDF_BOLD, 7, X0 + span + m->mat_w / 2, r->y + 10.5, PDF_CENTER, C_TEXT,
                         m->mat_w - 4, S(r, S_TOTAL));
                doc_close(D, th);
        }
        doc_close(D, tr);
        r->y += head;
        for (size_t k = 0; k < ng; k++) {
                int g = gs[k];
                double h = hs[k], cy = r->y + h / 2;
                const char *name = gdisplay(r, g);
                tr = doc_open(D, DOC_TR);
                D->nodes[tr].hilite = g != G_ALL;
                if (g != G_ALL)
                        doc_rect(r->doc, X0, r->y, CW, h, C_HILITE, PDF_NONE, 0);
                size_t nl = fit_lines(r, PDF_BOLD, 8.5, m->name_w - 6, 2, name, &sz);
                double nh = sz * 1.18 * (double)nl;
                th = doc_open(D, DOC_TH);
                D->nodes[th].scope = DOC_SCOPE_ROW;
                doc_set_text(D, th, name);
                fit_lines_draw(r, PDF_BOLD, X0 + 2, cy - nh / 2 + sz * 0.9, m->name_w - 6, 2, name);
                doc_close(D, th);
                for (size_t i = 0; i < m->nd; i++) {
                        snprintf(subj, sizeof subj, "strategy:%s", cb->dims[m->dims[i]].id);
                        uint32_t td = doc_open(D, DOC_TD);
                        progress_cell(r, X0 + m->name_w + m->cell_w * ((double)i + 0.5), cy, g,
                                      subj, PDF_BOLD);
                        doc_close(D, td);
                }
                if (m->show_level) {
                        uint32_t td = doc_open(D, DOC_TD);
                        progress_cell(r, X0 + span + m->mat_w / 2, cy, g, "strategy", PDF_BOLD);
                        doc_close(D, td);
                }
                doc_close(D, tr);
                r->y += h;
                doc_line(r->doc, X0, r->y, X1, r->y, 0.3, C_RULE, 0);
        }
}

/*
 * The legend of the progress lights on one line (two when it does not fit):
 * the lead-in, then each square with its range.
 */
/* The progress legend's texts into t and whether it needs two lines. */
static int progress_legend_prep(struct rep *r, char t[3][160])
{
        const struct thresholds *th = &r->cfg->th;
        snprintf(t[0], 160, S(r, S_PROG_GREEN), fmt_num(r, th->progress_green_from, 0));
        snprintf(t[1], 160, S(r, S_PROG_YELLOW), fmt_num(r, th->progress_red_below, 0),
                 fmt_num(r, th->progress_green_from, 0));
        snprintf(t[2], 160, S(r, S_PROG_RED), fmt_num(r, th->progress_red_below, 0));
        double w = pdf_text_width(r->pdf, PDF_REGULAR, 8, S(r, S_LEGEND_PROGRESS)) + 10;
        for (int k = 0; k < 3; k++)
                w += 16 + pdf_text_width(r->pdf, PDF_REGULAR, 8, t[k]) + 12;
        return w > CW;
}

static void progress_legend(struct rep *r)
{
        char t[3][160];
        int two = progress_legend_prep(r, t);
        const enum light ls[3] = {L_GREEN, L_YELLOW, L_RED};
        const char *lead = S(r, S_LEGEND_PROGRESS);
        double lw = pdf_text_width(r->pdf, PDF_REGULAR, 8, lead) + 10;
        need(r, two ? 27 : 14);
        uint32_t P = open_text(r, DOC_P, lead);
        line_fit(r, PDF_REGULAR, 8, X0, r->y + 8, PDF_LEFT, C_TEXT, CW, lead);
        doc_close(r->doc, P);
        double x = two ? X0 : X0 + lw, y = two ? r->y + 13 : r->y;
        uint32_t list = doc_open(r->doc, DOC_L);
        for (int k = 0; k < 3; k++) {
                uint32_t li = doc_open(r->doc, DOC_LI);
                draw_square(r, x + 6, y + 5, 5.6, ls[k]);
                doc_text(r->doc, PDF_REGULAR, 8, x + 16, y + 8, PDF_LEFT, C_TEXT, t[k]);
                doc_close(r->doc, li);
                x += 16 + pdf_text_width(r->pdf, PDF_REGULAR, 8, t[k]) + 12;
        }
        doc_close(r->doc, list);
        r->y = y + 14;
}

/* Sets up block [start, start + 8) of the summary matrix over the nd dimensions dims. */
static void summary_block(struct rep *r, const struct codebook *cb, const int *dims, size_t nd,
                          size_t start, struct matrix *m)
{
        memset(m, 0, sizeof *m);
        m->nd = nd - start > 8 ? 8 : nd - start;
        memcpy(m->dims, dims + start, m->nd * sizeof *dims);
        m->show_level = start + m->nd >= nd;
        m->extra = S(r, S_COL_MATURITY);
        m->name_w = 104;
        m->mat_w = m->show_level ? 54 : 0;
        m->cell_w = m->nd ? (CW - m->name_w - m->mat_w) / (double)m->nd : 0;
        if (m->cell_w > 80)
                m->cell_w = 80;
        matrix_fit_header(r, m, cb);
}

/*
 * The height that the rest of a short summary page takes from here with
 * matrix rows at least row_h high: the matrix with its progress rows, the
 * legends and the reading guide at its smallest size (7.5).
 */
static double summary_rest_height(struct rep *r, int w, double row_h, const char *guide)
{
        const struct codebook *cb = wave_cb(r, w);
        int dims[256], gs[32];
        if (r->nrows + 1 > sizeof gs / sizeof gs[0])
                return 0; /* only for short matrices */
        size_t nd = index_dims(r, w, dims), ng = groups_of(r, gs);
        double h = 8 + text_height(r, PDF_BOLD, 11.5, 14.5, CW, S(r, S_MATRIX_TITLE)) + 6;
        for (size_t start = 0; start < nd || start == 0; start += 8) {
                struct matrix m;
                summary_block(r, cb, dims, nd, start, &m);
                h += (start > 0 ? 14 : 0) + m.head_h + 2;
                for (size_t i = 0; i < ng; i++) {
                        int g = gs[i];
                        enum pdf_font f = (g == G_ALL || g == r->muni) ? PDF_BOLD : PDF_REGULAR;
                        h += fmax(row_h,
                                  text_height(r, f, 8.5, 10, m.name_w - 6, gdisplay(r, g)) + 6);
                }
                int pg[2];
                double ph[2];
                size_t np = has_strategy(r) ? summary_progress_rows(r, &m, w, pg, ph) : 0;
                if (np)
                        h += PROGRESS_HEAD + ph[0] + (np > 1 ? ph[1] : 0);
                if (nd == 0)
                        break;
        }
        char txt[5][256], t[3][160];
        double rowh[3];
        h += 10 + light_legend_prep(r, 0, txt, rowh);
        if (has_strategy(r))
                h += progress_legend_prep(r, t) ? 27 : 14;
        h += 8 + text_height(r, PDF_BOLD, 11.5, 14.5, CW, S(r, S_HOW_TO_READ)) + 6;
        h += text_height(r, PDF_REGULAR, 7.5, 7.5 * 1.38, CW, guide);
        return h;
}

/* The traffic-light matrix, in column blocks of at most 8 dimensions. */
static void summary_matrix(struct rep *r, int w)
{
        const struct codebook *cb = wave_cb(r, w);
        int dims[256];
        size_t nd = index_dims(r, w, dims);
        int groups[1024 + 1];
        int *gs = r->nrows + 1 > 1025 ? xmalloc((r->nrows + 1) * sizeof *gs) : groups;
        size_t ng = groups_of(r, gs);
        for (size_t start = 0; start < nd || start == 0; start += 8) {
                struct matrix m;
                summary_block(r, cb, dims, nd, start, &m);
                if (start > 0)
                        r->y += 14;
                need(r, m.head_h + 3 * 22);
                uint32_t t = doc_open(r->doc, DOC_TABLE);
                doc_leaf(r->doc, DOC_CAPTION, S(r, S_MATRIX_TITLE));
                matrix_header(r, &m, cb);
                for (size_t i = 0; i < ng; i++)
                        matrix_row(r, &m, w, gs[i]);
                if (has_strategy(r))
                        summary_progress(r, &m, w);
                doc_close(r->doc, t);
                if (nd == 0)
                        break;
        }
        if (gs != groups)
                free(gs);
}

static void national_lights(struct rep *r, int w);
static int national_compact(size_t n);
static void national_chart(struct rep *r, int w, const char *id, const char *title);

static void summary(struct rep *r)
{
        int w = r->prim;
        char title[300];
        section(r, S(r, S_SEC_SUMMARY));
        snprintf(title, sizeof title, "%s %d", wave_title(r, w), r->cfg->waves[w].year);
        uint32_t n = open_text(r, DOC_P, title);
        size_t nl = wrapped(r, PDF_REGULAR, 10, 12.5, X0, r->y, CW, PDF_LEFT, C_MUTED, title);
        doc_close(r->doc, n);
        r->y += 12 + 12.5 * (double)(nl - 1);
        key_findings(r, focus(r));
        if (r->national) {
                national_lights(r, w); /* the matrix is the appendix */
                return;
        }
        /* A long matrix gets its legend and reading guide first, so they stay on page 1. */
        int long_matrix = r->nrows > 18;
        char guide[2400];
        snprintf(guide, sizeof guide, S(r, S_READING_GUIDE), fmt_num(r, r->cfg->th.green_from, 0),
                 fmt_num(r, r->cfg->th.red_below, 0), fmt_num(r, r->cfg->th.green_from, 0),
                 fmt_num(r, r->cfg->th.red_below, 0));
        /* A short one keeps the page whole: lower matrix rows (down to 16) when needed. */
        r->mrow_h = 20;
        while (!long_matrix && r->mrow_h > 16 &&
               r->y + summary_rest_height(r, w, r->mrow_h, guide) > BOTTOM)
                r->mrow_h -= 2;
        if (long_matrix) {
                subsection(r, S(r, S_HOW_TO_READ), 60);
                para(r, PDF_REGULAR, 9, C_TEXT, guide);
                r->y += 6;
                light_legend(r, 0);
                if (has_strategy(r))
                        progress_legend(r);
        }
        subsection(r, S(r, S_MATRIX_TITLE), 80);
        summary_matrix(r, w);
        if (!long_matrix) {
                r->y += 10;
                light_legend(r, 0);
                if (has_strategy(r))
                        progress_legend(r);
                /* The guide belongs on this page: a smaller size (down to 7.5) when needed. */
                double room = BOTTOM - r->y - 8 - 20.5, size = 9;
                for (; size > 7.5; size -= 0.5)
                        if (text_height(r, PDF_REGULAR, size, size * 1.38, CW, guide) <= room)
                                break;
                subsection(r, S(r, S_HOW_TO_READ), 40);
                para(r, PDF_REGULAR, size, C_TEXT, guide);
        }
}

/* ---- dimension chart ----------------------------------------------------- */

/* A group with its index, for sorting chart rows. */
struct ranked {
        int g;
        int state; /* 0 value, 1 suppressed, 2 missing */
        double v;
};

static int ranked_cmp(const void *a, const void *b)
{
        const struct ranked *x = a, *y = b;
        if (x->state != y->state)
                return x->state - y->state;
        if (x->state == 0 && x->v != y->v)
                return x->v > y->v ? -1 : 1;
        return x->g - y->g;
}

/* Geometry of a 0-100 dot-and-whisker chart. */
#define DOT_NAME_W 128.0
#define DOT_PX0    (X0 + DOT_NAME_W + 4)
#define DOT_PX1    (X1 - 112)
#define DOT_ROW    13.0

static double dot_x(double v)
{
        if (v < 0)
                v = 0;
        if (v > 100)
                v = 100;
        return DOT_PX0 + (DOT_PX1 - DOT_PX0) * v / 100.0;
}

/* Axis labels 0..100 above the plot at the current y. */
static void dot_axis(struct rep *r)
{
        for (int t = 0; t <= 100; t += 25)
                doc_text(r->doc, PDF_REGULAR, 7, dot_x(t), r->y + 8, PDF_CENTER, C_MUTED,
                         fmt_long(r, t));
        doc_text(r->doc, PDF_BOLD, 7, X1, r->y + 8, PDF_RIGHT, C_MUTED, "n");
        doc_text(r->doc, PDF_BOLD, 7, DOT_PX1 + 12, r->y + 8, PDF_LEFT, C_MUTED, S(r, S_COL_INDEX));
        r->y += 11;
}

/* Zone tints and threshold lines behind rows from y0 to y1. */
static void dot_zones(struct rep *r, double y0, double y1)
{
        const struct thresholds *th = &r->cfg->th;
        double a = dot_x(0), b = dot_x(th->red_below), c = dot_x(th->green_from), d = dot_x(100);
        doc_rect(r->doc, a, y0, b - a, y1 - y0, C_ZONE_RED, PDF_NONE, 0);
        doc_rect(r->doc, b, y0, c - b, y1 - y0, C_ZONE_YELLOW, PDF_NONE, 0);
        doc_rect(r->doc, c, y0, d - c, y1 - y0, C_ZONE_GREEN, PDF_NONE, 0);
        doc_line(r->doc, b, y0, b, y1, 0.7, C_MUTED, 2);
        doc_line(r->doc, c, y0, c, y1, 0.7, C_MUTED, 2);
}

/* One chart row of group g for dimension id of wave w, in a band of height h at y. */
static void dot_row(struct rep *r, int w, int g, const char *id, double y, double h)
{
        enum pdf_font f = (g == G_ALL || g == r->muni) ? PDF_BOLD : PDF_REGULAR;
        const char *name = gdisplay(r, g);
        if (g != G_ALL && g == r->muni)
                doc_rect(r->doc, X0, y, DOT_PX0 - X0 - 2, h, C_HILITE, PDF_NONE, 0);
        double nh = text_height(r, f, 8, 9.5, DOT_NAME_W - 4, name);
        wrapped(r, f, 8, 9.5, X0 + 2, y + (h - nh) / 2 + 7.3, DOT_NAME_W - 4, PDF_LEFT, C_TEXT,
                name);
        double cy = y + h / 2;
        double v, lo, hi, n;
        enum fig fv = fig(r, w, g, id, "index", "", &v);
        if (fv == F_SUPPRESSED) {
                doc_text(r->doc, PDF_REGULAR, 7.5, DOT_PX1 + 12, cy + 2.7, PDF_LEFT, C_MUTED,
                         fmt_small(r));
                return;
        }
        if (fv != F_VALUE) {
                doc_text(r->doc, PDF_REGULAR, 7.5, DOT_PX1 + 12, cy + 2.7, PDF_LEFT, C_MUTED,
                         "\xE2\x80\x93");
                return;
        }
        int has_ci = fig(r, w, g, id, "index_lo", "", &lo) == F_VALUE &&
                     fig(r, w, g, id, "index_hi", "", &hi) == F_VALUE;
        if (has_ci) {
                doc_line(r->doc, dot_x(lo), cy, dot_x(hi), cy, 1.1, C_TEXT, 0);
                doc_line(r->doc, dot_x(lo), cy - 2.5, dot_x(lo), cy + 2.5, 0.8, C_TEXT, 0);
                doc_line(r->doc, dot_x(hi), cy - 2.5, dot_x(hi), cy + 2.5, 0.8, C_TEXT, 0);
        }
        enum light l = light_of(r, w, g, id, "light");
        long fill = light_color(l);
        if (fill == PDF_NONE)
                fill = C_TEXT;
        doc_circle(r->doc, dot_x(v), cy, g == G_ALL || g == r->muni ? 4 : 3.3, fill, C_TEXT, 0.7);
        doc_text(r->doc, f, 8, DOT_PX1 + 12, cy + 2.9, PDF_LEFT, C_TEXT, fmt_num(r, v, 0));
        if (has_ci)
                doc_text(r->doc, PDF_REGULAR, PT_MIN, DOT_PX1 + 29, cy + 2.5, PDF_LEFT, C_MUTED,
                         fmt_ci(r, lo, hi, 0));
        if (fig(r, w, g, id, "n", "", &n) == F_VALUE)
                doc_text(r->doc, PDF_REGULAR, 7, X1, cy + 2.5, PDF_RIGHT, C_MUTED,
                         fmt_long(r, (long)n));
}

/* "Kaustinen: indeksi 58 (95 % LV 55–61), keltainen" for group g, or its "n < 5". */
static void dot_alt_group(struct rep *r, struct strbuf *b, int w, int g, const char *id)
{
        double v, lo, hi;
        enum fig f = fig(r, w, g, id, "index", "", &v);
        if (f == F_VALUE && fig(r, w, g, id, "index_lo", "", &lo) == F_VALUE &&
            fig(r, w, g, id, "index_hi", "", &hi) == F_VALUE) {
                char ci[80];
                snprintf(ci, sizeof ci, "%s\xE2\x80\x93%s", fmt_num(r, lo, 0), fmt_num(r, hi, 0));
                strbuf_addf(b, S(r, S_ALT_INDEX), gdisplay(r, g), fmt_num(r, v, 0), ci,
                            light_name(r, light_of(r, w, g, id, "light")));
        } else if (f == F_VALUE) {
                strbuf_addf(b, S(r, S_ALT_NO_INDEX), gdisplay(r, g), fmt_num(r, v, 0));
        } else {
                strbuf_addf(b, S(r, S_ALT_NO_INDEX), gdisplay(r, g),
                            f == F_SUPPRESSED ? fmt_small(r) : "\xE2\x80\x93");
        }
}

/*
 * The text alternative of a dimension's chart: the region and the report's
 * municipality with index, CI and light, then the lowest and highest
 * municipality among those shown.
 */
static void dot_alt(struct rep *r, int w, const char *id, const char *title,
                    const struct ranked *rk, size_t n, uint32_t fg)
{
        struct strbuf b;
        strbuf_init(&b);
        strbuf_addf(&b, "%s. ", title);
        dot_alt_group(r, &b, w, G_ALL, id);
        if (r->muni != G_ALL) {
                strbuf_adds(&b, "; ");
                dot_alt_group(r, &b, w, r->muni, id);
        }
        /* rk[1..] are the municipalities by index, highest first, values before the rest. */
        size_t lo = 0, hi = 0, nv = 0;
        for (size_t i = 1; i < n; i++)
                if (rk[i].state == 0) {
                        if (!nv)
                                hi = i;
                        lo = i;
                        nv++;
                }
        if (nv >= 2) {
                char a[40], c[40];
                snprintf(a, sizeof a, "%s", fmt_num(r, rk[lo].v, 0));
                snprintf(c, sizeof c, "%s", fmt_num(r, rk[hi].v, 0));
                strbuf_adds(&b, "; ");
                strbuf_addf(&b, S(r, S_ALT_RANGE), gdisplay(r, rk[lo].g), a, gdisplay(r, rk[hi].g),
                            c);
        }
        strbuf_adds(&b, ".");
        doc_set_alt(r->doc, fg, strbuf_str(&b));
        strbuf_clear(&b);
}

/* The data table of a dimension's chart: the rows in chart order. */
static void dot_data(struct rep *r, int w, const char *id, const char *title,
                     const struct ranked *rk, size_t n)
{
        uint32_t t = data_table(r, title);
        uint32_t tr = doc_open(r->doc, DOC_TR);
        th_col(r, S(r, S_COL_MUNICIPALITY));
        th_col(r, S(r, S_COL_VALUE));
        th_col(r, S(r, S_COL_CI));
        th_col(r, S(r, S_COL_LIGHT));
        th_col(r, S(r, S_COL_N));
        doc_close(r->doc, tr);
        for (size_t i = 0; i < n; i++) {
                int g = rk[i].g;
                double v, lo, hi, nn;
                tr = doc_open(r->doc, DOC_TR);
                r->doc->nodes[tr].hilite = g != G_ALL && g == r->muni;
                th_row(r, gdisplay(r, g));
                enum fig f = fig(r, w, g, id, "index", "", &v);
                if (f != F_VALUE) {
                        td(r, f == F_SUPPRESSED ? fmt_small(r) : "\xE2\x80\x93");
                        td(r, "\xE2\x80\x93");
                        td(r, "\xE2\x80\x93");
                        td(r, "\xE2\x80\x93");
                        doc_close(r->doc, tr);
                        continue;
                }
                td(r, fmt_num(r, v, 0));
                if (fig(r, w, g, id, "index_lo", "", &lo) == F_VALUE &&
                    fig(r, w, g, id, "index_hi", "", &hi) == F_VALUE) {
                        char ci[80];
                        snprintf(ci, sizeof ci, "%s\xE2\x80\x93%s", fmt_num(r, lo, 0),
                                 fmt_num(r, hi, 0));
                        td(r, ci);
                } else {
                        td(r, "\xE2\x80\x93");
                }
                enum light l = light_of(r, w, g, id, "light");
                uint32_t c = doc_open(r->doc, DOC_TD);
                if (l != L_NONE) {
                        uint32_t ln = light_node(r, l, DOC_DISC);
                        doc_set_text(r->doc, ln, light_letter(r, l));
                        doc_close(r->doc, ln);
                }
                doc_close(r->doc, c);
                td(r, fig(r, w, g, id, "n", "", &nn) == F_VALUE ? fmt_long(r, (long)nn)
                                                                : "\xE2\x80\x93");
                doc_close(r->doc, tr);
        }
        doc_close(r->doc, t);
}

/* A chart panel: one dimension, the region first, then groups by index. */
static void dot_panel(struct rep *r, int w, const char *id, const char *title, const int *gs,
                      size_t ng)
{
        struct ranked *rk = xmalloc((ng + 1) * sizeof *rk);
        size_t n = 0;
        rk[n].g = G_ALL;
        rk[n].state = 0;
        rk[n].v = 0;
        n++;
        size_t first = n;
        for (size_t i = 0; i < ng; i++) {
                if (gs[i] == G_ALL)
                        continue;
                double v;
                enum fig f = fig(r, w, gs[i], id, "index", "", &v);
                rk[n].g = gs[i];
                rk[n].state = f == F_VALUE ? 0 : f == F_SUPPRESSED ? 1 : 2;
                rk[n].v = f == F_VALUE ? v : 0;
                n++;
        }
        qsort(rk + first, n - first, sizeof *rk, ranked_cmp);
        double *hs = xmalloc(n * sizeof *hs);
        for (size_t i = 0; i < n; i++) {
                enum pdf_font f = (rk[i].g == G_ALL || rk[i].g == r->muni) ? PDF_BOLD : PDF_REGULAR;
                hs[i] = fmax(DOT_ROW,
                             text_height(r, f, 8, 9.5, DOT_NAME_W - 4, gdisplay(r, rk[i].g)) + 3.5);
        }
        /* Keep a panel that fits on a page together; start a long one anywhere. */
        double total = 11;
        for (size_t k = 0; k < n; k++)
                total += hs[k];
        subsection(r, title, total <= BOTTOM - TOP - 40 ? total : 11 + hs[0] + (n > 1 ? hs[1] : 0));
        uint32_t fg = figure_open(r, title);
        dot_alt(r, w, id, title, rk, n, fg);
        size_t i = 0;
        while (i < n) {
                if (i > 0)
                        page_new(r);
                dot_axis(r);
                /* The rows that fit on this page. */
                double y = r->y;
                size_t j = i;
                while (j < n && (j == i || y + hs[j] <= BOTTOM)) {
                        y += hs[j];
                        j++;
                }
                dot_zones(r, r->y, y);
                double yy = r->y;
                for (size_t k = i; k < j; k++) {
                        dot_row(r, w, rk[k].g, id, yy, hs[k]);
                        yy += hs[k];
                        if (k == i && rk[k].g == G_ALL && j > i + 1)
                                doc_line(r->doc, X0, yy, X1, yy, 0.5, C_MUTED, 0);
                }
                r->y = y;
                i = j;
        }
        dot_data(r, w, id, title, rk, n);
        doc_close(r->doc, fg);
        free(hs);
        free(rk);
}

static void dimension_chart(struct rep *r, int w, int with_section)
{
        const struct codebook *cb = wave_cb(r, w);
        int dims[256];
        size_t nd = index_dims(r, w, dims);
        if (nd == 0)
                return;
        if (with_section) {
                section(r, S(r, S_SEC_DIMENSIONS));
                char intro[1200];
                snprintf(intro, sizeof intro, S(r, S_DIMENSIONS_INTRO),
                         fmt_num(r, r->cfg->th.red_below, 0), fmt_num(r, r->cfg->th.green_from, 0));
                para(r, PDF_REGULAR, 9, C_TEXT, intro);
        }
        int *gs = xmalloc((r->nrows + 1) * sizeof *gs);
        size_t ng = groups_of(r, gs);
        for (size_t i = 0; i < nd; i++)
                if (r->national && national_compact(r->cfg->nmunis))
                        national_chart(r, w, cb->dims[dims[i]].id,
                                       dim_label(r, &cb->dims[dims[i]]));
                else
                        dot_panel(r, w, cb->dims[dims[i]].id, dim_label(r, &cb->dims[dims[i]]), gs,
                                  ng);
        free(gs);
}

/* ---- change since the earlier wave --------------------------------------- */

/* Draws a change arrow and word for diff with p-value pv at x, baseline y. */
static void change_word(struct rep *r, double x, double y, double diff, double pv, double size)
{
        if (pv < 0.05 && diff > 0)
                doc_text(r->doc, PDF_BOLD, size, x, y, PDF_LEFT, C_GREEN, S(r, S_CHANGE_UP));
        else if (pv < 0.05 && diff < 0)
                doc_text(r->doc, PDF_BOLD, size, x, y, PDF_LEFT, C_RED, S(r, S_CHANGE_DOWN));
        else
                doc_text(r->doc, PDF_REGULAR, size, x, y, PDF_LEFT, C_MUTED, S(r, S_CHANGE_FLAT));
}

/* The change table of group g: one row per dimension. */
static void change_table(struct rep *r, int w, int cmp, int g)
{
        const struct codebook *cb = wave_cb(r, w);
        int dims[256];
        size_t nd = index_dims(r, w, dims);
        const char *cid = wave_id(r, cmp);
        /* The plot's half-range: the largest |CI end|, rounded up to 10. */
        double range = 10;
        for (size_t i = 0; i < nd; i++) {
                double lo, hi;
                const char *id = cb->dims[dims[i]].id;
                if (fig(r, w, g, id, "change_lo", cid, &lo) == F_VALUE)
                        range = fmax(range, fabs(lo));
                if (fig(r, w, g, id, "change_hi", cid, &hi) == F_VALUE)
                        range = fmax(range, fabs(hi));
        }
        range = ceil(range / 10) * 10;
        const double lab_w = 150, c1 = X0 + lab_w + 28, c2 = c1 + 36, px0 = c2 + 14,
                     px1 = px0 + 130, tx = px1 + 10;
        char head[200];
        snprintf(head, sizeof head, "%s", gdisplay(r, g));
        subsection(r, head, 60);
        struct doc *D = r->doc;
        uint32_t tab = doc_open(D, DOC_TABLE);
        doc_leaf(D, DOC_CAPTION, head);
        uint32_t tr = doc_open(D, DOC_TR), c;
        double hy = r->y;
        c = doc_open(D, DOC_TH);
        doc_text(r->doc, PDF_BOLD, 7.5, X0, hy + 8, PDF_LEFT, C_TEXT, S(r, S_COL_DIMENSION));
        doc_close(D, c);
        c = doc_open(D, DOC_TH);
        doc_text(r->doc, PDF_BOLD, 7.5, c1, hy + 8, PDF_RIGHT, C_TEXT,
                 fmt_long(r, r->cfg->waves[cmp].year));
        doc_close(D, c);
        c = doc_open(D, DOC_TH);
        doc_text(r->doc, PDF_BOLD, 7.5, c2, hy + 8, PDF_RIGHT, C_TEXT,
                 fmt_long(r, r->cfg->waves[w].year));
        doc_close(D, c);
        c = doc_open(D, DOC_TH);
        doc_text(r->doc, PDF_BOLD, 7.5, (px0 + px1) / 2, hy + 8, PDF_CENTER, C_TEXT,
                 S(r, S_COL_CHANGE_CI));
        doc_close(D, c);
        c = doc_open(D, DOC_TH);
        doc_text(r->doc, PDF_BOLD, 7.5, tx, hy + 8, PDF_LEFT, C_TEXT, S(r, S_COL_DIRECTION));
        doc_close(D, c);
        doc_close(D, tr);
        r->y += 12;
        /* The plot's scale: decoration (each row says its change in numbers). */
        doc_artifact_begin(D);
        doc_text(r->doc, PDF_REGULAR, PT_MIN, px0, r->y + 6, PDF_CENTER, C_MUTED,
                 fmt_signed(r, -range, 0));
        doc_text(r->doc, PDF_REGULAR, PT_MIN, (px0 + px1) / 2, r->y + 6, PDF_CENTER, C_MUTED, "0");
        doc_text(r->doc, PDF_REGULAR, PT_MIN, px1, r->y + 6, PDF_CENTER, C_MUTED,
                 fmt_signed(r, range, 0));
        doc_artifact_end(D);
        r->y += 8;
        doc_line(r->doc, X0, r->y, X1, r->y, 0.8, C_TEXT, 0);
        for (size_t i = 0; i < nd; i++) {
                const struct dimension *d = &cb->dims[dims[i]];
                double lh = text_height(r, PDF_REGULAR, 8, 9.5, lab_w, dim_label(r, d));
                double h = fmax(25, lh + 6);
                need(r, h);
                double y = r->y, cy = y + h / 2;
                tr = doc_open(D, DOC_TR);
                c = open_text(r, DOC_TH, dim_label(r, d));
                D->nodes[c].scope = DOC_SCOPE_ROW;
                wrapped(r, PDF_REGULAR, 8, 9.5, X0, cy - lh / 2 + 7, lab_w, PDF_LEFT, C_TEXT,
                        dim_label(r, d));
                doc_close(D, c);
                double v0, v1, diff, lo, hi, pv;
                enum fig f0 = fig(r, cmp, g, d->id, "index", "", &v0);
                enum fig f1 = fig(r, w, g, d->id, "index", "", &v1);
                c = doc_open(D, DOC_TD);
                doc_text(r->doc, PDF_REGULAR, 8.5, c1, cy + 3, PDF_RIGHT,
                         f0 == F_VALUE ? C_TEXT : C_MUTED,
                         f0 == F_VALUE        ? fmt_num(r, v0, 0)
                         : f0 == F_SUPPRESSED ? fmt_small(r)
                                              : "\xE2\x80\x93");
                doc_close(D, c);
                c = doc_open(D, DOC_TD);
                doc_text(r->doc, PDF_BOLD, 8.5, c2, cy + 3, PDF_RIGHT,
                         f1 == F_VALUE ? C_TEXT : C_MUTED,
                         f1 == F_VALUE        ? fmt_num(r, v1, 0)
                         : f1 == F_SUPPRESSED ? fmt_small(r)
                                              : "\xE2\x80\x93");
                doc_close(D, c);
                uint32_t cchange = doc_open(D, DOC_TD);
                double zx = (px0 + px1) / 2;
                doc_line(r->doc, zx, y + 2, zx, y + h - 2, 0.5, C_MUTED, 0);
                enum fig fd = fig(r, w, g, d->id, "change_diff", cid, &diff);
                if (fd == F_VALUE && fig(r, w, g, d->id, "change_lo", cid, &lo) == F_VALUE &&
                    fig(r, w, g, d->id, "change_hi", cid, &hi) == F_VALUE) {
                        double sx = (px1 - px0) / (2 * range);
                        doc_line(r->doc, zx + lo * sx, cy, zx + hi * sx, cy, 1.1, C_TEXT, 0);
                        doc_line(r->doc, zx + lo * sx, cy - 2.5, zx + lo * sx, cy + 2.5, 0.8,
                                 C_TEXT, 0);
                        doc_line(r->doc, zx + hi * sx, cy - 2.5, zx + hi * sx, cy + 2.5, 0.8,
                                 C_TEXT, 0);
                        doc_circle(r->doc, zx + diff * sx, cy, 3.2, C_ACCENT, C_TEXT, 0.6);
                        if (fig(r, w, g, d->id, "change_p", cid, &pv) != F_VALUE)
                                pv = 1;
                        char txt[120];
                        snprintf(txt, sizeof txt, "%s %s", fmt_signed(r, diff, 1),
                                 fmt_ci(r, lo, hi, 1));
                        doc_text(r->doc, PDF_REGULAR, 7, tx, cy + 8, PDF_LEFT, C_MUTED, txt);
                        doc_close(D, cchange);
                        c = doc_open(D, DOC_TD);
                        change_word(r, tx, cy - 1.5, diff, pv, 8);
                        doc_close(D, c);
                } else if (fd == F_SUPPRESSED || f0 == F_SUPPRESSED || f1 == F_SUPPRESSED) {
                        doc_close(D, cchange);
                        c = doc_open(D, DOC_TD);
                        doc_text(r->doc, PDF_REGULAR, 7.5, tx, cy + 2.7, PDF_LEFT, C_MUTED,
                                 fmt_small(r));
                        doc_close(D, c);
                } else {
                        doc_close(D, cchange);
                        c = doc_open(D, DOC_TD);
                        doc_text(r->doc, PDF_REGULAR, 7.5, tx, cy + 2.7, PDF_LEFT, C_MUTED,
                                 "\xE2\x80\x93");
                        doc_close(D, c);
                }
                doc_close(D, tr);
                r->y += h;
                doc_line(r->doc, X0, r->y, X1, r->y, 0.3, C_RULE, 0);
        }
        doc_close(D, tab);
}

/* Draws one cell of a group matrix, centred on x, cy, for group g and dimension id. */
typedef void (*matrix_cell_fn)(struct rep *r, int w, int g, const char *id, double x, double cy,
                               enum pdf_font f, const void *arg);

/*
 * Regional overview: municipalities (and the region) x the given dimensions,
 * eight columns a block, each cell drawn by cell(); rows repeat the header on
 * a new page.
 */
static void group_matrix(struct rep *r, int w, const char *title, const int *dims, size_t nd,
                         matrix_cell_fn cell, const void *arg)
{
        const struct codebook *cb = wave_cb(r, w);
        subsection(r, title, 80);
        int *gs = xmalloc((r->nrows + 1) * sizeof *gs);
        size_t ng = groups_of(r, gs);
        for (size_t start = 0; start < nd; start += 8) {
                struct matrix m;
                memset(&m, 0, sizeof m);
                m.nd = nd - start > 8 ? 8 : nd - start;
                memcpy(m.dims, dims + start, m.nd * sizeof *dims);
                m.name_w = 118;
                m.cell_w = fmin(80, (CW - m.name_w) / (double)m.nd);
                matrix_fit_header(r, &m, cb);
                need(r, m.head_h + 40);
                struct doc *D = r->doc;
                uint32_t tab = doc_open(D, DOC_TABLE);
                doc_leaf(D, DOC_CAPTION, title);
                matrix_header(r, &m, cb);
                for (size_t gi = 0; gi < ng; gi++) {
                        int g = gs[gi];
                        enum pdf_font f = (g == G_ALL) ? PDF_BOLD : PDF_REGULAR;
                        double nh = text_height(r, f, 8.5, 10, m.name_w - 6, gdisplay(r, g));
                        double h = fmax(18, nh + 7);
                        if (need(r, h))
                                repeat_header(r, &m, cb);
                        double y = r->y, cy = y + h / 2;
                        uint32_t tr = doc_open(D, DOC_TR);
                        if (g == G_ALL)
                                doc_line(r->doc, X0, y, X1, y, 0.8, C_TEXT, 0);
                        uint32_t th = open_text(r, DOC_TH, gdisplay(r, g));
                        D->nodes[th].scope = DOC_SCOPE_ROW;
                        wrapped(r, f, 8.5, 10, X0 + 2, cy - nh / 2 + 7.5, m.name_w - 6, PDF_LEFT,
                                C_TEXT, gdisplay(r, g));
                        doc_close(D, th);
                        for (size_t i = 0; i < m.nd; i++) {
                                const char *id = cb->dims[m.dims[i]].id;
                                double x = X0 + m.name_w + m.cell_w * (double)i + m.cell_w / 2;
                                uint32_t tdn = doc_open(D, DOC_TD);
                                cell(r, w, g, id, x, cy, f, arg);
                                doc_close(D, tdn);
                        }
                        doc_close(D, tr);
                        r->y += h;
                        doc_line(r->doc, X0, r->y, X1, r->y, 0.3, C_RULE, 0);
                }
                doc_close(D, tab);
                r->y += 10;
        }
        free(gs);
}

/* A change-matrix cell: the change with its arrow, bold when p < 0.05. */
static void change_cell(struct rep *r, int w, int g, const char *id, double x, double cy,
                        enum pdf_font f, const void *arg)
{
        const char *cid = arg;
        double diff, pv;
        (void)f;
        enum fig fd = fig(r, w, g, id, "change_diff", cid, &diff);
        if (fd == F_VALUE) {
                if (fig(r, w, g, id, "change_p", cid, &pv) != F_VALUE)
                        pv = 1;
                const char *arrow = pv < 0.05 && diff > 0   ? "\xE2\x86\x91"
                                    : pv < 0.05 && diff < 0 ? "\xE2\x86\x93"
                                                            : "\xE2\x86\x92";
                long col = pv < 0.05 ? (diff > 0 ? C_GREEN : C_RED) : C_MUTED;
                char text[64];
                snprintf(text, sizeof text, "%s %s", arrow, fmt_signed(r, diff, 1));
                doc_text(r->doc, pv < 0.05 ? PDF_BOLD : PDF_REGULAR, 8.5, x, cy + 3, PDF_CENTER,
                         col, text);
        } else {
                doc_text(r->doc, PDF_REGULAR, 7, x, cy + 2.5, PDF_CENTER, C_MUTED,
                         fd == F_SUPPRESSED ? fmt_small(r) : "\xE2\x80\x93");
        }
}

/* Regional overview: municipalities x dimensions, each cell the change and its arrow. */
static void change_matrix(struct rep *r, int w, int cmp)
{
        int dims[256];
        size_t nd = index_dims(r, w, dims);
        if (nd == 0)
                return;
        group_matrix(r, w, S(r, S_CHANGE_BY_MUNI), dims, nd, change_cell, wave_id(r, cmp));
}

static void change_section(struct rep *r)
{
        int w = r->prim;
        int cmp = r->cfg->waves[w].compare;
        if (cmp < 0)
                return;
        char title[200];
        snprintf(title, sizeof title, S(r, S_SEC_CHANGE), r->cfg->waves[cmp].year);
        section(r, title);
        char intro[1200];
        snprintf(intro, sizeof intro, S(r, S_CHANGE_INTRO), r->cfg->waves[cmp].year,
                 r->cfg->waves[w].year);
        para(r, PDF_REGULAR, 9, C_TEXT, intro);
        if (r->muni != G_ALL)
                change_table(r, w, cmp, r->muni);
        change_table(r, w, cmp, G_ALL);
        if (r->muni == G_ALL && r->nrows > 0 && !r->national)
                change_matrix(r, w, cmp);
}

/* ---- current vs target --------------------------------------------------- */

static void gap_table(struct rep *r, int w, int g)
{
        const struct codebook *cb = wave_cb(r, w);
        int areas[256];
        size_t na = area_dims(r, w, areas);
        const double lab_w = 150, px0 = X0 + lab_w + 34, px1 = px0 + 170, tx = px1 + 30;
        /* The plot spans the level scale of the first current item. */
        double smin = 1, smax = 5;
        for (size_t i = 0; i < cb->nitems; i++)
                if (cb->items[i].kind == ITEM_CURRENT && cb->items[i].scale >= 0) {
                        smin = cb->scales[cb->items[i].scale].min;
                        smax = cb->scales[cb->items[i].scale].max;
                        break;
                }
        if (smax <= smin)
                smax = smin + 1;
        subsection(r, gdisplay(r, g), 60);
        struct doc *D = r->doc;
        uint32_t tab = doc_open(D, DOC_TABLE);
        doc_leaf(D, DOC_CAPTION, gdisplay(r, g));
        uint32_t tr = doc_open(D, DOC_TR);
        uint32_t c = doc_open(D, DOC_TH);
        doc_text(r->doc, PDF_BOLD, 7.5, X0, r->y + 8, PDF_LEFT, C_TEXT, S(r, S_COL_AREA));
        doc_close(D, c);
        char both[200];
        snprintf(both, sizeof both, "%s / %s", S(r, S_LEGEND_CURRENT), S(r, S_LEGEND_TARGET));
        c = open_text(r, DOC_TH, both);
        doc_artifact_begin(D); /* the plot's scale */
        for (int t = (int)smin; t <= (int)smax; t++)
                doc_text(r->doc, PDF_REGULAR, 7, px0 + (px1 - px0) * (t - smin) / (smax - smin),
                         r->y + 8, PDF_CENTER, C_MUTED, fmt_long(r, t));
        doc_artifact_end(D);
        doc_close(D, c);
        c = doc_open(D, DOC_TH);
        doc_text(r->doc, PDF_BOLD, 7.5, tx, r->y + 8, PDF_LEFT, C_TEXT, S(r, S_COL_GAP));
        doc_close(D, c);
        doc_close(D, tr);
        r->y += 11;
        doc_line(r->doc, X0, r->y, X1, r->y, 0.8, C_TEXT, 0);
        for (size_t i = 0; i < na; i++) {
                const struct dimension *d = &cb->dims[areas[i]];
                double lh = text_height(r, PDF_REGULAR, 8, 9.5, lab_w, dim_label(r, d));
                double h = fmax(22, lh + 6);
                need(r, h);
                double y = r->y, cy = y + h / 2;
                tr = doc_open(D, DOC_TR);
                c = open_text(r, DOC_TH, dim_label(r, d));
                D->nodes[c].scope = DOC_SCOPE_ROW;
                wrapped(r, PDF_REGULAR, 8, 9.5, X0, cy - lh / 2 + 7, lab_w, PDF_LEFT, C_TEXT,
                        dim_label(r, d));
                doc_close(D, c);
                c = doc_open(D, DOC_TD);
                for (int t = (int)smin; t <= (int)smax; t++) {
                        double x = px0 + (px1 - px0) * (t - smin) / (smax - smin);
                        doc_line(r->doc, x, y + 3, x, y + h - 3, 0.3, C_FAINT, 0);
                }
                double cur = 0, tgt = 0, gap = 0, lo = 0, hi = 0;
                enum fig fc = fig(r, w, g, d->id, "current_mean", "", &cur);
                enum fig ft = fig(r, w, g, d->id, "target_mean", "", &tgt);
                enum fig fg = fig(r, w, g, d->id, "gap_mean", "", &gap);
                if (fc == F_VALUE && ft == F_VALUE) {
                        double xc = px0 + (px1 - px0) * (cur - smin) / (smax - smin);
                        double xt = px0 + (px1 - px0) * (tgt - smin) / (smax - smin);
                        doc_line(r->doc, xc, cy, xt, cy, 2.2, C_RULE, 0);
                        doc_circle(r->doc, xc, cy, 4, C_ACCENT, C_TEXT, 0.6);
                        double xs[4] = {xt, xt + 4.5, xt, xt - 4.5};
                        double ys[4] = {cy - 4.5, cy, cy + 4.5, cy};
                        doc_polygon(r->doc, xs, ys, 4, C_ORANGE, C_TEXT, 0.6);
                        /* Values outside the pair: the lower one left, the higher one right. */
                        int rising = tgt >= cur;
                        doc_text(r->doc, PDF_REGULAR, 7, rising ? xc - 7 : xc + 7, cy + 2.5,
                                 rising ? PDF_RIGHT : PDF_LEFT, C_ACCENT, fmt_num(r, cur, 1));
                        doc_text(r->doc, PDF_REGULAR, 7, rising ? xt + 8 : xt - 8, cy + 2.5,
                                 rising ? PDF_LEFT : PDF_RIGHT, 0x9A6700L, fmt_num(r, tgt, 1));
                }
                doc_close(D, c);
                c = doc_open(D, DOC_TD);
                if (fg == F_VALUE) {
                        enum light l = light_of(r, w, g, d->id, "gap_light");
                        draw_light(r, tx + 6, cy, 6, l);
                        char txt[100];
                        if (fig(r, w, g, d->id, "gap_lo", "", &lo) == F_VALUE &&
                            fig(r, w, g, d->id, "gap_hi", "", &hi) == F_VALUE)
                                snprintf(txt, sizeof txt, "%s %s", fmt_num(r, gap, 1),
                                         fmt_ci(r, lo, hi, 1));
                        else
                                snprintf(txt, sizeof txt, "%s", fmt_num(r, gap, 1));
                        doc_text(r->doc, PDF_BOLD, 8.5, tx + 16, cy + 3, PDF_LEFT, C_TEXT, txt);
                } else if (fg == F_SUPPRESSED || fc == F_SUPPRESSED || ft == F_SUPPRESSED) {
                        draw_light(r, tx + 6, cy, 6, L_SUPPRESSED);
                        doc_text(r->doc, PDF_REGULAR, 7.5, tx + 16, cy + 2.7, PDF_LEFT, C_MUTED,
                                 fmt_small(r));
                } else {
                        doc_text(r->doc, PDF_REGULAR, 7.5, tx + 16, cy + 2.7, PDF_LEFT, C_MUTED,
                                 "\xE2\x80\x93");
                }
                doc_close(D, c);
                doc_close(D, tr);
                r->y += h;
                doc_line(r->doc, X0, r->y, X1, r->y, 0.3, C_RULE, 0);
        }
        doc_close(D, tab);
}

/* A gap-matrix cell: the gap light and the mean gap. */
static void gap_cell(struct rep *r, int w, int g, const char *id, double x, double cy,
                     enum pdf_font f, const void *arg)
{
        double gap;
        (void)arg;
        enum fig fg = fig(r, w, g, id, "gap_mean", "", &gap);
        enum light l = light_of(r, w, g, id, "gap_light");
        if (fg == F_VALUE) {
                draw_light(r, x - 10, cy, 6, l);
                doc_text(r->doc, f, 8.5, x - 2, cy + 3, PDF_LEFT, C_TEXT, fmt_num(r, gap, 1));
        } else if (fg == F_SUPPRESSED || l == L_SUPPRESSED) {
                draw_light(r, x - 10, cy, 6, L_SUPPRESSED);
                doc_text(r->doc, PDF_REGULAR, PT_MIN, x - 2, cy + 2.3, PDF_LEFT, C_MUTED,
                         fmt_small(r));
        } else {
                doc_text(r->doc, PDF_REGULAR, 8, x, cy + 3, PDF_CENTER, C_MUTED, "\xE2\x80\x93");
        }
}

/* Regional overview: municipalities x areas, each cell the gap light and value. */
static void gap_matrix(struct rep *r, int w)
{
        int areas[256];
        size_t na = area_dims(r, w, areas);
        group_matrix(r, w, S(r, S_GAP_BY_MUNI), areas, na, gap_cell, NULL);
}

static void gap_section(struct rep *r)
{
        int w = r->prim;
        int areas[256];
        if (area_dims(r, w, areas) == 0)
                return;
        section(r, S(r, S_SEC_GAP));
        char intro[1400];
        snprintf(intro, sizeof intro, S(r, S_GAP_INTRO), fmt_num(r, r->cfg->th.gap_yellow, 1),
                 fmt_num(r, r->cfg->th.gap_red, 1));
        para(r, PDF_REGULAR, 9, C_TEXT, intro);
        r->y += 4;
        /* Marker legend. */
        uint32_t list = doc_open(r->doc, DOC_L), li = doc_open(r->doc, DOC_LI);
        doc_circle(r->doc, X0 + 4, r->y + 5, 4, C_ACCENT, C_TEXT, 0.6);
        doc_text(r->doc, PDF_REGULAR, 8, X0 + 12, r->y + 8, PDF_LEFT, C_TEXT,
                 S(r, S_LEGEND_CURRENT));
        doc_close(r->doc, li);
        li = doc_open(r->doc, DOC_LI);
        double x = X0 + 20 + pdf_text_width(r->pdf, PDF_REGULAR, 8, S(r, S_LEGEND_CURRENT));
        double xs[4] = {x + 4, x + 8.5, x + 4, x - 0.5},
               ys[4] = {r->y, r->y + 4.5, r->y + 9, r->y + 4.5};
        doc_polygon(r->doc, xs, ys, 4, C_ORANGE, C_TEXT, 0.6);
        doc_text(r->doc, PDF_REGULAR, 8, x + 12, r->y + 8, PDF_LEFT, C_TEXT, S(r, S_LEGEND_TARGET));
        doc_close(r->doc, li);
        doc_close(r->doc, list);
        r->y += 16;
        light_legend(r, 1);
        if (r->muni != G_ALL)
                gap_table(r, w, r->muni);
        gap_table(r, w, G_ALL);
        if (r->muni == G_ALL && r->nrows > 0 && !r->national)
                gap_matrix(r, w);
}

/* ---- item pages: diverging stacked bars ---------------------------------- */

/* Bar geometry. */
#define IT_LAB_W 178.0
#define IT_BX0   (X0 + IT_LAB_W + 6)
#define IT_BX1   (X1 - 74)
#define IT_DK0   (IT_BX1 + 8)
#define IT_DK1   (IT_DK0 + 34)

/* Colour of code index k of a scale's ncodes valid codes (diverging orange-blue). */
static long likert_color(size_t k, size_t ncodes)
{
        static const long five[5] = {C_RED, C_ORANGE, 0xD9D9D9L, C_SKY, C_ACCENT};
        static const long four[4] = {C_RED, C_ORANGE, C_SKY, C_ACCENT};
        if (ncodes == 5)
                return five[k];
        if (ncodes == 4)
                return four[k];
        size_t half = ncodes / 2;
        if (ncodes % 2 == 1 && k == half)
                return 0xD9D9D9L;
        if (k < half)
                return k == 0 ? C_RED : C_ORANGE;
        return k == ncodes - 1 ? C_ACCENT : C_SKY;
}

/*
 * The colour of a percentage drawn on a bar of colour c, at a contrast of
 * 4.5:1 or more (WCAG 2.1 AA for text this small): white on the blue (5.2:1),
 * black on the vermilion (5.4:1; white reached only 3.9:1), the text colour on
 * the light ones (7.5:1 or more).
 */
static long on_bar_color(long c)
{
        return c == C_ACCENT ? C_WHITE : c == C_RED ? 0x000000L : C_TEXT;
}

/* The valid (not don't-know) codes of a scale, in code order. */
static size_t valid_codes(const struct scale *sc, const struct scale_code **out, size_t max)
{
        size_t n = 0;
        for (size_t i = 0; i < sc->ncodes && n < max; i++) {
                if (sc->codes[i].dontknow)
                        continue;
                int dup = 0;
                for (size_t k = 0; k < n; k++)
                        if (out[k]->code == sc->codes[i].code)
                                dup = 1;
                if (!dup)
                        out[n++] = &sc->codes[i];
        }
        /* Insertion sort by code. */
        for (size_t i = 1; i < n; i++)
                for (size_t k = i; k > 0 && out[k - 1]->code > out[k]->code; k--) {
                        const struct scale_code *t = out[k];
                        out[k] = out[k - 1];
                        out[k - 1] = t;
                }
        return n;
}

static const struct scale_code *dontknow_code(const struct scale *sc)
{
        for (size_t i = 0; i < sc->ncodes; i++)
                if (sc->codes[i].dontknow)
                        return &sc->codes[i];
        return NULL;
}

/* Legend of a Likert scale's colours at the current y. */
/*
 * The mark of a negative (reverse-coded) statement: a dark disc with a white
 * "!", centred at (cx, cy); a shape and a character, not a colour only.
 */
static void negative_mark(struct rep *r, double cx, double cy)
{
        doc_circle(r->doc, cx, cy, 3.9, C_TEXT, PDF_NONE, 0);
        doc_text(r->doc, PDF_BOLD, PT_MIN, cx, cy + 2.5, PDF_CENTER, C_WHITE, "!");
}

static void likert_legend(struct rep *r, const struct scale *sc)
{
        const struct scale_code *codes[32];
        size_t n = valid_codes(sc, codes, 32);
        const struct scale_code *dk = dontknow_code(sc);
        double x = X0, y;
        if (r->legend_page == doc_page_count(r->doc) && r->legend_scale == sc &&
            (r->legend_reverse || !r->want_reverse))
                return;
        r->legend_reverse = r->want_reverse;
        need(r, 30);
        y = r->y;
        r->legend_page = doc_page_count(r->doc);
        r->legend_scale = sc;
        for (size_t k = 0; k <= n; k++) {
                const char *lab;
                long col;
                if (k < n) {
                        lab = code_label(r, codes[k]);
                        col = likert_color(k, n);
                } else {
                        if (!dk)
                                break;
                        lab = code_label(r, dk);
                        col = 0x9E9E9EL;
                }
                double tw = pdf_text_width(r->pdf, PDF_REGULAR, 7.5, lab);
                if (x + 12 + tw > X1) {
                        x = X0;
                        y += 11;
                }
                doc_rect(r->doc, x, y + 1.5, 8, 8, col, PDF_NONE, 0);
                line_fit(r, PDF_REGULAR, 7.5, x + 11, y + 8.5, PDF_LEFT, C_TEXT, X1 - x - 11, lab);
                x += 11 + tw + 12;
        }
        if (r->legend_reverse) {
                /* The mark of a negative statement, as its bar rows draw it, and what it means. */
                y += 11;
                negative_mark(r, x = X0 + 4, y + 5.5);
                line_fit(r, PDF_REGULAR, 7.5, x + 7, y + 8.5, PDF_LEFT, C_TEXT, X1 - x - 7,
                         S(r, S_NEGATIVE_LEGEND));
        }
        r->y = y + 16;
}

/* Column heads of the bar area. */
static void likert_head(struct rep *r, const struct scale *sc)
{
        double mid = (IT_BX0 + IT_BX1) / 2;
        doc_text(r->doc, PDF_BOLD, 7, (IT_BX0 + mid) / 2, r->y + 8, PDF_CENTER, C_MUTED,
                 S(r, S_HEAD_DISAGREE));
        doc_text(r->doc, PDF_BOLD, 7, (mid + IT_BX1) / 2, r->y + 8, PDF_CENTER, C_MUTED,
                 S(r, S_HEAD_AGREE));
        if (dontknow_code(sc))
                doc_text(r->doc, PDF_BOLD, 7, (IT_DK0 + IT_DK1) / 2, r->y + 8, PDF_CENTER, C_MUTED,
                         S(r, S_HEAD_DONTKNOW));
        doc_text(r->doc, PDF_BOLD, 7, X1, r->y + 8, PDF_RIGHT, C_MUTED, "n");
        r->y += 11;
}

/* One item row: label, diverging bar, don't-know bar, n. */
static void likert_row(struct rep *r, int w, int g, const struct item *it, const struct scale *sc)
{
        const char *lab = item_label(r, it);
        char labbuf[600];
        if (it->reverse) {
                snprintf(labbuf, sizeof labbuf, "%s %s", lab, S(r, S_REVERSED_MARK));
                lab = labbuf;
        }
        double lh = text_height(r, PDF_REGULAR, 8, 9.5, IT_LAB_W, lab);
        double h = fmax(16, lh + 5);
        if (need(r, h)) {
                likert_legend(r, sc);
                likert_head(r, sc);
        }
        double y = r->y, cy = y + h / 2;
        wrapped(r, PDF_REGULAR, 8, 9.5, X0, cy - lh / 2 + 7, IT_LAB_W, PDF_LEFT, C_TEXT, lab);
        double mid = (IT_BX0 + IT_BX1) / 2, half = (IT_BX1 - IT_BX0) / 2;
        doc_line(r->doc, mid, y + 1, mid, y + h - 1, 0.6, C_MUTED, 0);
        double n;
        enum fig fn = fig(r, w, g, it->id, "n", "", &n);
        const struct scale_code *codes[32];
        size_t nc = valid_codes(sc, codes, 32);
        double pct[32];
        int ok = fn == F_VALUE && nc > 0;
        for (size_t k = 0; k < nc && ok; k++) {
                char cat[16];
                snprintf(cat, sizeof cat, "%d", codes[k]->code);
                enum fig fp = fig(r, w, g, it->id, "pct", cat, &pct[k]);
                if (fp == F_MISSING)
                        pct[k] = 0; /* nobody chose it */
                else if (fp == F_SUPPRESSED)
                        ok = 0;
        }
        if (!ok) {
                doc_text(r->doc, PDF_REGULAR, 7.5, mid, cy + 2.7, PDF_CENTER, C_MUTED,
                         fn == F_MISSING ? "\xE2\x80\x93" : fmt_small(r));
                r->y += h;
                doc_line(r->doc, X0, r->y, X1, r->y, 0.25, C_FAINT, 0);
                return;
        }
        /* Left of zero: the lower half of the codes and half of a middle code. */
        size_t half_n = nc / 2;
        double left = 0;
        for (size_t k = 0; k < half_n; k++)
                left += pct[k];
        if (nc % 2 == 1)
                left += pct[half_n] / 2;
        double x = mid - left / 100.0 * half;
        double bh = fmin(10, h - 5);
        for (size_t k = 0; k < nc; k++) {
                double wdt = pct[k] / 100.0 * half;
                long col = likert_color(k, nc);
                doc_rect(r->doc, x, cy - bh / 2, wdt, bh, col, PDF_NONE, 0);
                if (wdt >= pdf_text_width(r->pdf, PDF_REGULAR, PT_MIN, fmt_num(r, pct[k], 0)) + 2)
                        doc_text(r->doc, PDF_REGULAR, PT_MIN, x + wdt / 2, cy + 2.3, PDF_CENTER,
                                 on_bar_color(col), fmt_num(r, pct[k], 0));
                x += wdt;
        }
        /* A negative statement: its mark at the agree end, where agreement is unfavourable. */
        if (it->reverse)
                negative_mark(r, fmin(x + 5.5, IT_BX1 + 4), cy);
        /* Don't know: its share of everyone who answered the item. */
        const struct scale_code *dk = dontknow_code(sc);
        double dkn;
        if (dk) {
                enum fig fd = fig(r, w, g, it->id, "dontknow", "", &dkn);
                double share = 0;
                if (fd == F_VALUE && fig(r, w, g, it->id, "dontknow_pct", "", &share) != F_VALUE)
                        share = n + dkn > 0 ? dkn / (n + dkn) * 100 : 0;
                if (fd == F_VALUE && n + dkn > 0) {
                        doc_rect(r->doc, IT_DK0, cy - bh / 2, (IT_DK1 - IT_DK0) * share / 100, bh,
                                 0x9E9E9EL, PDF_NONE, 0);
                        doc_rect(r->doc, IT_DK0, cy - bh / 2, IT_DK1 - IT_DK0, bh, PDF_NONE, C_RULE,
                                 0.3);
                        /* Inside the box, right-aligned: room for a five-digit n beside it. */
                        doc_text(r->doc, PDF_REGULAR, PT_MIN, IT_DK1 - 1.5, cy + 2.4, PDF_RIGHT,
                                 C_TEXT, fmt_num(r, share, 0));
                } else if (fd == F_SUPPRESSED) {
                        doc_text(r->doc, PDF_REGULAR, PT_MIN, IT_DK0, cy + 2.3, PDF_LEFT, C_MUTED,
                                 fmt_small(r));
                }
        }
        doc_text(r->doc, PDF_REGULAR, 7.5, X1, cy + 2.7, PDF_RIGHT, C_TEXT, fmt_long(r, (long)n));
        r->y += h;
        doc_line(r->doc, X0, r->y, X1, r->y, 0.25, C_FAINT, 0);
}

/* An item with its sort key. */
struct sorted_item {
        const struct item *it;
        int state;
        double fav;
        size_t pos;
};

static int sorted_item_cmp(const void *a, const void *b)
{
        const struct sorted_item *x = a, *y = b;
        if (x->state != y->state)
                return x->state - y->state;
        if (x->state == 0 && x->fav != y->fav)
                return x->fav > y->fav ? -1 : 1;
        return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/*
 * The data table of a Likert figure: per statement the share of each answer,
 * the don't-know share and n; "n < 5" where the figure shows it.
 */
static void likert_data(struct rep *r, int w, int g, const char *title, const struct sorted_item *v,
                        size_t n, const struct scale *sc)
{
        const struct scale_code *codes[32];
        size_t nc = valid_codes(sc, codes, 32);
        const struct scale_code *dk = dontknow_code(sc);
        uint32_t t = data_table(r, title), tr = doc_open(r->doc, DOC_TR);
        th_col(r, S(r, S_COL_STATEMENT));
        for (size_t k = 0; k < nc; k++)
                th_col(r, code_label(r, codes[k]));
        if (dk)
                th_col(r, code_label(r, dk));
        th_col(r, S(r, S_COL_N));
        doc_close(r->doc, tr);
        for (size_t i = 0; i < n; i++) {
                const struct item *it = v[i].it;
                tr = doc_open(r->doc, DOC_TR);
                th_row(r, item_label(r, it));
                double nn, pct[32];
                enum fig fn = fig(r, w, g, it->id, "n", "", &nn);
                int ok = fn == F_VALUE;
                for (size_t k = 0; k < nc && ok; k++) {
                        char cat[16];
                        snprintf(cat, sizeof cat, "%d", codes[k]->code);
                        enum fig fp = fig(r, w, g, it->id, "pct", cat, &pct[k]);
                        if (fp == F_MISSING)
                                pct[k] = 0;
                        else if (fp == F_SUPPRESSED)
                                ok = 0;
                }
                for (size_t k = 0; k < nc; k++)
                        td(r, ok                          ? fmt_pct(r, pct[k], 0)
                              : k == 0 && fn != F_MISSING ? fmt_small(r)
                                                          : "\xE2\x80\x93");
                if (dk) {
                        double dkn, share = 0;
                        enum fig fd = ok ? fig(r, w, g, it->id, "dontknow", "", &dkn) : F_MISSING;
                        if (fd == F_VALUE &&
                            fig(r, w, g, it->id, "dontknow_pct", "", &share) != F_VALUE)
                                share = nn + dkn > 0 ? dkn / (nn + dkn) * 100 : 0;
                        td(r, fd == F_VALUE && nn + dkn > 0 ? fmt_pct(r, share, 0)
                              : fd == F_SUPPRESSED          ? fmt_small(r)
                                                            : "\xE2\x80\x93");
                }
                td(r, ok ? fmt_long(r, (long)nn) : "\xE2\x80\x93");
                doc_close(r->doc, tr);
        }
        doc_close(r->doc, t);
}

/* The Likert items of dimension d (-1: none) of wave w for group g, by % favourable. */
static void likert_group(struct rep *r, int w, int g, int d, const char *title)
{
        const struct codebook *cb = wave_cb(r, w);
        struct sorted_item *v = xmalloc((cb->nitems + 1) * sizeof *v);
        size_t n = 0;
        for (size_t i = 0; i < cb->nitems; i++) {
                const struct item *it = &cb->items[i];
                if (it->kind != ITEM_LIKERT || it->dimension != d || it->scale < 0)
                        continue;
                double fav;
                v[n].it = it;
                v[n].pos = i;
                v[n].state = fig(r, w, g, it->id, "fav_pct", "", &fav) == F_VALUE ? 0 : 1;
                v[n].fav = v[n].state == 0 ? fav : 0;
                n++;
        }
        if (n == 0) {
                free(v);
                return;
        }
        qsort(v, n, sizeof *v, sorted_item_cmp);
        const struct scale *sc = &cb->scales[v[0].it->scale];
        subsection(r, title, 60);
        uint32_t fg = figure_open(r, title);
        int rev = 0;
        for (size_t i = 0; i < n; i++)
                rev |= v[i].it->reverse;
        r->want_reverse = rev;
        likert_legend(r, sc);
        likert_head(r, sc);
        for (size_t i = 0; i < n; i++)
                likert_row(r, w, g, v[i].it, &cb->scales[v[i].it->scale]);
        /* The text alternative: each statement's favourable share, as sorted. */
        struct strbuf list, alt;
        strbuf_init(&list);
        strbuf_init(&alt);
        for (size_t i = 0; i < n; i++) {
                if (i)
                        strbuf_adds(&list, "; ");
                strbuf_addf(&list, "%s %s", item_label(r, v[i].it),
                            v[i].state == 0 ? fmt_pct(r, v[i].fav, 0) : fmt_small(r));
        }
        strbuf_addf(&alt, S(r, S_ALT_LIKERT), title, strbuf_str(&list));
        strbuf_adds(&alt, ".");
        doc_set_alt(r->doc, fg, strbuf_str(&alt));
        strbuf_clear(&list);
        strbuf_clear(&alt);
        likert_data(r, w, g, title, v, n, sc);
        doc_close(r->doc, fg);
        free(v);
}

/* A numeric item: the distribution as vertical bars with mean and median. */
static void numeric_item(struct rep *r, int w, int g, const struct item *it)
{
        subsection(r, item_label(r, it), 130);
        double n, mean, med;
        enum fig fn = fig(r, w, g, it->id, "n", "", &n);
        if (fn != F_VALUE) {
                para(r, PDF_REGULAR, 8.5, C_MUTED,
                     fn == F_SUPPRESSED ? fmt_small(r) : "\xE2\x80\x93");
                return;
        }
        uint32_t fg = figure_open(r, item_label(r, it));
        struct strbuf alt;
        strbuf_init(&alt);
        strbuf_addf(&alt, "%s: ", item_label(r, it));
        /*
         * The values shown: every whole number of the item's range (0 when nobody
         * chose it) and any other value that was answered, found by probing the
         * results at steps of 0.05 (the results name values with %g).
         */
        double vmin = it->num_min, vmax = it->num_max, mn, mx;
        if (!(vmax >= vmin) || vmax - vmin > 2000) {
                if (fig(r, w, g, it->id, "min", "", &mn) != F_VALUE ||
                    fig(r, w, g, it->id, "max", "", &mx) != F_VALUE)
                        mn = mx = 0;
                vmin = floor(mn);
                vmax = ceil(mx);
        }
        int wholes = vmax - vmin <= 24;
        double step = vmax - vmin <= 50 ? 0.05 : 1;
        double vals[48], pcts[48];
        enum fig states[48];
        size_t nv = 0;
        for (long k = 0; nv < 48; k++) {
                double v = vmin + step * (double)k;
                if (v > vmax + 1e-9 || k > 4000)
                        break;
                v = round(v / step) * step;
                int whole = fabs(v - round(v)) < 1e-9;
                char cat[32];
                snprintf(cat, sizeof cat, "%g", whole ? round(v) : v);
                double pct = 0;
                enum fig fp = fig(r, w, g, it->id, "pct", cat, &pct);
                if (fp == F_MISSING && !(whole && wholes))
                        continue;
                vals[nv] = v;
                pcts[nv] = fp == F_VALUE ? pct : 0;
                states[nv++] = fp;
        }
        const double ph = 80, px0 = X0 + 30, px1 = X0 + 330;
        double bw = (px1 - px0) / (double)(nv ? nv : 1);
        uint32_t dt = data_table(r, item_label(r, it)), dtr = doc_open(r->doc, DOC_TR);
        th_col(r, S(r, S_COL_ANSWER));
        th_col(r, S(r, S_COL_SHARE));
        doc_close(r->doc, dtr);
        for (size_t k = 0; k < nv; k++) {
                double v = vals[k];
                int dec = fabs(v - round(v)) < 1e-9             ? 0
                          : fabs(v * 10 - round(v * 10)) < 1e-9 ? 1
                                                                : 2;
                dtr = doc_open(r->doc, DOC_TR);
                th_row(r, fmt_num(r, v, dec));
                td(r, states[k] == F_SUPPRESSED ? fmt_small(r) : fmt_pct(r, pcts[k], 0));
                doc_close(r->doc, dtr);
        }
        doc_close(r->doc, dt);
        double y0 = r->y + 8, base = y0 + ph;
        doc_line(r->doc, px0, base, px1, base, 0.6, C_TEXT, 0);
        for (int t = 0; t <= 100; t += 25) {
                double yy = base - ph * t / 100.0;
                if (t > 0)
                        doc_line(r->doc, px0, yy, px1, yy, 0.3, C_FAINT, 0);
                doc_text(r->doc, PDF_REGULAR, PT_MIN, px0 - 4, yy + 2.2, PDF_RIGHT, C_MUTED,
                         fmt_pct(r, t, 0));
        }
        double lsize = bw < 16 ? PT_MIN : 7.5;
        /* Labels narrower than a bar at PT_MIN: only every lstep-th bar is labelled (the
         * data table has them all). */
        double lw = 0;
        for (size_t k = 0; k < nv; k++)
                lw = fmax(lw,
                          fmax(pdf_text_width(r->pdf, PDF_REGULAR, lsize, fmt_num(r, vals[k], 2)),
                               pdf_text_width(r->pdf, PDF_REGULAR, PT_MIN,
                                              states[k] == F_SUPPRESSED ? fmt_small(r)
                                                                        : fmt_num(r, pcts[k], 0))));
        size_t lstep = lw + 1 > bw ? (size_t)ceil((lw + 1) / bw) : 1;
        for (size_t k = 0; k < nv; k++) {
                double x = px0 + bw * (double)k;
                int label = k % lstep == 0;
                if (states[k] == F_SUPPRESSED) {
                        if (label)
                                doc_text(r->doc, PDF_REGULAR, PT_MIN, x + bw / 2, base - 3,
                                         PDF_CENTER, C_MUTED, fmt_small(r));
                } else {
                        double bh = ph * pcts[k] / 100.0;
                        doc_rect(r->doc, x + bw * 0.15, base - bh, bw * 0.7, bh, C_ACCENT, PDF_NONE,
                                 0);
                        if (label)
                                doc_text(r->doc, PDF_REGULAR, fmax(PT_MIN, lsize * 0.87),
                                         x + bw / 2, base - bh - 2.5, PDF_CENTER, C_TEXT,
                                         fmt_num(r, pcts[k], 0));
                }
                if (!label)
                        continue;
                double v = vals[k];
                int dec = fabs(v - round(v)) < 1e-9             ? 0
                          : fabs(v * 10 - round(v * 10)) < 1e-9 ? 1
                                                                : 2;
                doc_text(r->doc, PDF_REGULAR, lsize, x + bw / 2, base + 9, PDF_CENTER, C_TEXT,
                         fmt_num(r, v, dec));
        }
        /* Summary on the right. */
        double tx = px1 + 24, ty = y0 + 10;
        char line[200];
        snprintf(line, sizeof line, S(r, S_NUM_N), fmt_long(r, (long)n));
        doc_text(r->doc, PDF_REGULAR, 8.5, tx, ty, PDF_LEFT, C_TEXT, line);
        strbuf_adds(&alt, line);
        if (fig(r, w, g, it->id, "mean", "", &mean) == F_VALUE) {
                snprintf(line, sizeof line, S(r, S_NUM_MEAN), fmt_num(r, mean, 1));
                doc_text(r->doc, PDF_REGULAR, 8.5, tx, ty + 13, PDF_LEFT, C_TEXT, line);
                strbuf_addf(&alt, ", %s", line);
        }
        if (fig(r, w, g, it->id, "median", "", &med) == F_VALUE) {
                snprintf(line, sizeof line, S(r, S_NUM_MEDIAN), fmt_num(r, med, 1));
                doc_text(r->doc, PDF_REGULAR, 8.5, tx, ty + 26, PDF_LEFT, C_TEXT, line);
                strbuf_addf(&alt, ", %s", line);
        }
        if (g != G_ALL && fig(r, w, G_ALL, it->id, "mean", "", &mean) == F_VALUE) {
                snprintf(line, sizeof line, S(r, S_NUM_REGION_MEAN), r->cfg->region,
                         fmt_num(r, mean, 1));
                wrapped(r, PDF_REGULAR, 8, 10, tx, ty + 42, X1 - tx, PDF_LEFT, C_MUTED, line);
                strbuf_addf(&alt, ", %s", line);
        }
        /* The distribution's largest share. */
        size_t top = nv;
        for (size_t k = 0; k < nv; k++)
                if (states[k] == F_VALUE && (top == nv || pcts[k] > pcts[top]))
                        top = k;
        if (top < nv) {
                double v = vals[top];
                int dec = fabs(v - round(v)) < 1e-9 ? 0 : 1;
                strbuf_addf(&alt, "; %s: %s", fmt_num(r, v, dec), fmt_pct(r, pcts[top], 0));
        }
        strbuf_adds(&alt, ".");
        doc_set_alt(r->doc, fg, strbuf_str(&alt));
        strbuf_clear(&alt);
        r->y = base + 18;
        doc_text(r->doc, PDF_REGULAR, 7, (px0 + px1) / 2, r->y - 1, PDF_CENTER, C_MUTED,
                 S(r, S_NUM_AXIS));
        doc_close(r->doc, fg);
        r->y += 6;
}

/* A choice or multi item: the share choosing each option with its 95% CI. */
static void choice_item(struct rep *r, int w, int g, const struct item *it)
{
        const struct codebook *cb = wave_cb(r, w);
        if (it->scale < 0)
                return;
        const struct scale *sc = &cb->scales[it->scale];
        const struct scale_code *codes[64];
        size_t nc = valid_codes(sc, codes, 64);
        char title[600];
        snprintf(title, sizeof title, "%s%s", item_label(r, it),
                 it->kind == ITEM_MULTI ? S(r, S_MULTI_MARK) : "");
        subsection(r, title, 40);
        double n;
        enum fig fn = fig(r, w, g, it->id, "n", "", &n);
        if (fn != F_VALUE) {
                para(r, PDF_REGULAR, 8.5, C_MUTED,
                     fn == F_SUPPRESSED ? fmt_small(r) : "\xE2\x80\x93");
                return;
        }
        const double lab_w = 150, px0 = X0 + lab_w + 6, px1 = X1 - 110;
        uint32_t fg = figure_open(r, title);
        struct strbuf alt;
        strbuf_init(&alt);
        strbuf_addf(&alt, "%s: ", title);
        uint32_t dt = data_table(r, title), dtr = doc_open(r->doc, DOC_TR);
        th_col(r, S(r, S_COL_OPTION));
        th_col(r, S(r, S_COL_SHARE));
        doc_close(r->doc, dtr);
        doc_close(r->doc, dt);
        doc_text(r->doc, PDF_REGULAR, PT_MIN, px0, r->y + 7, PDF_CENTER, C_MUTED, fmt_pct(r, 0, 0));
        doc_text(r->doc, PDF_REGULAR, PT_MIN, (px0 + px1) / 2, r->y + 7, PDF_CENTER, C_MUTED,
                 fmt_pct(r, 50, 0));
        doc_text(r->doc, PDF_REGULAR, PT_MIN, px1, r->y + 7, PDF_CENTER, C_MUTED,
                 fmt_pct(r, 100, 0));
        r->y += 10;
        for (size_t k = 0; k < nc; k++) {
                char cat[16];
                snprintf(cat, sizeof cat, "%d", codes[k]->code);
                const char *lab = code_label(r, codes[k]);
                char shown[200];
                double lh = text_height(r, PDF_REGULAR, 8, 9.5, lab_w, lab);
                double h = fmax(14, lh + 4);
                need(r, h);
                double cy = r->y + h / 2;
                wrapped(r, PDF_REGULAR, 8, 9.5, X0, cy - lh / 2 + 7, lab_w, PDF_LEFT, C_TEXT, lab);
                doc_rect(r->doc, px0, cy - 4.5, px1 - px0, 9, C_FAINT, PDF_NONE, 0);
                double pct, lo, hi;
                enum fig fp = fig(r, w, g, it->id, "pct", cat, &pct);
                if (fp == F_VALUE) {
                        doc_rect(r->doc, px0, cy - 4.5, (px1 - px0) * pct / 100, 9, C_ACCENT,
                                 PDF_NONE, 0);
                        char txt[100];
                        if (fig(r, w, g, it->id, "pct_lo", cat, &lo) == F_VALUE &&
                            fig(r, w, g, it->id, "pct_hi", cat, &hi) == F_VALUE) {
                                double a = px0 + (px1 - px0) * lo / 100,
                                       b = px0 + (px1 - px0) * hi / 100;
                                doc_line(r->doc, a, cy, b, cy, 0.9, C_TEXT, 0);
                                doc_line(r->doc, a, cy - 2.5, a, cy + 2.5, 0.7, C_TEXT, 0);
                                doc_line(r->doc, b, cy - 2.5, b, cy + 2.5, 0.7, C_TEXT, 0);
                                snprintf(txt, sizeof txt, "%s %s", fmt_pct(r, pct, 0),
                                         fmt_ci(r, lo, hi, 0));
                        } else {
                                snprintf(txt, sizeof txt, "%s", fmt_pct(r, pct, 0));
                        }
                        doc_text(r->doc, PDF_REGULAR, 7.5, px1 + 6, cy + 2.7, PDF_LEFT, C_TEXT,
                                 txt);
                        snprintf(shown, sizeof shown, "%s", txt);
                } else {
                        snprintf(shown, sizeof shown, "%s",
                                 fp == F_SUPPRESSED ? fmt_small(r) : "\xE2\x80\x93");
                        doc_text(r->doc, PDF_REGULAR, 7.5, px1 + 6, cy + 2.7, PDF_LEFT, C_MUTED,
                                 shown);
                }
                /* The same words in the alternative and the data table. */
                strbuf_addf(&alt, "%s%s %s", k ? "; " : "", lab, shown);
                uint32_t prev = doc_reopen(r->doc, dt);
                dtr = doc_open(r->doc, DOC_TR);
                th_row(r, lab);
                td(r, shown);
                doc_close(r->doc, dtr);
                doc_resume(r->doc, prev);
                r->y += h;
        }
        double dkn;
        char line[200];
        enum fig fd = fig(r, w, g, it->id, "dontknow", "", &dkn);
        if (fd == F_VALUE && dkn > 0) {
                snprintf(line, sizeof line, S(r, S_CHOICE_DONTKNOW), fmt_long(r, (long)dkn));
                doc_text(r->doc, PDF_REGULAR, 7.5, X0, r->y + 9, PDF_LEFT, C_MUTED, line);
                r->y += 11;
        }
        snprintf(line, sizeof line, S(r, S_NUM_N), fmt_long(r, (long)n));
        doc_text(r->doc, PDF_REGULAR, 7.5, X0, r->y + 9, PDF_LEFT, C_MUTED, line);
        strbuf_addf(&alt, "; %s.", line);
        doc_set_alt(r->doc, fg, strbuf_str(&alt));
        strbuf_clear(&alt);
        doc_close(r->doc, fg);
        r->y += 14;
}

/* Every item of wave w for the report's focus group. */
static void wave_items(struct rep *r, int w)
{
        const struct codebook *cb = wave_cb(r, w);
        int g = focus(r);
        for (size_t i = 0; i < cb->nitems; i++)
                if (cb->items[i].kind == ITEM_NUMERIC)
                        numeric_item(r, w, g, &cb->items[i]);
        for (size_t i = 0; i < cb->nitems; i++)
                if (cb->items[i].kind == ITEM_CHOICE || cb->items[i].kind == ITEM_MULTI)
                        choice_item(r, w, g, &cb->items[i]);
        for (size_t d = 0; d < cb->ndims; d++)
                likert_group(r, w, g, (int)d, dim_label(r, &cb->dims[d]));
        likert_group(r, w, g, -1, S(r, S_OTHER_ITEMS));
}

static void items_section(struct rep *r, int w)
{
        char title[300];
        snprintf(title, sizeof title, S(r, S_SEC_ITEMS), wave_title(r, w), r->cfg->waves[w].year);
        section(r, title);
        char intro[1200];
        snprintf(intro, sizeof intro, S(r, S_ITEMS_INTRO), gdisplay(r, focus(r)),
                 r->cfg->min_group);
        para(r, PDF_REGULAR, 9, C_TEXT, intro);
        wave_items(r, w);
}

/* A further wave: its dimension chart and items. */
static void other_wave_section(struct rep *r, int w)
{
        char title[300];
        snprintf(title, sizeof title, "%s %d", wave_title(r, w), r->cfg->waves[w].year);
        section(r, title);
        char intro[1200];
        snprintf(intro, sizeof intro, S(r, S_OTHER_WAVE_INTRO), gdisplay(r, focus(r)));
        para(r, PDF_REGULAR, 9, C_TEXT, intro);
        dimension_chart(r, w, 0);
        wave_items(r, w);
}

/* ---- strategy follow-up -------------------------------------------------- */

/* A count cell of the strategy table: the number, or "–". */
static const char *scell(struct rep *r, int g, const char *subject, const char *stat)
{
        double v;
        return sfig(r, g, subject, stat, "", &v) == F_VALUE ? fmt_num(r, v, 0) : "\xE2\x80\x93";
}

/* The action areas with strategy figures: the primary codebook's dimensions. */
static size_t strategy_areas(const struct rep *r, const struct codebook *cb, int *out)
{
        size_t n = 0;
        char subj[200];
        for (size_t d = 0; cb && d < cb->ndims; d++) {
                snprintf(subj, sizeof subj, "strategy:%s", cb->dims[d].id);
                if (results_find(r->res, "", "ALL", "", subj, "actions", ""))
                        out[n++] = (int)d;
        }
        return n;
}

/* Progress per area for group g: counts, share implemented with its light. */
static void strategy_table(struct rep *r, const struct codebook *cb, const int *areas, size_t na,
                           int g)
{
        int part = g != G_ALL;
        char title[400];
        snprintf(title, sizeof title, S(r, S_STRATEGY_ACTIONS_TITLE), gdisplay(r, g));
        subsection(r, title, 60);
        const double cw = 54, lab_w = CW - cw * (part ? 5 : 4) - 70;
        const enum str heads[5] = {S_COL_IN_PLAN, S_COL_IMPLEMENTED, S_COL_IN_PROGRESS, S_COL_LATE,
                                   S_COL_PARTICIPATES};
        const char *stats[5] = {"planned", "implemented", "in_progress", "late", "participates"};
        size_t ncols = part ? 5 : 4;
        double hy = r->y, hh = 0;
        struct doc *D = r->doc;
        uint32_t tab = doc_open(D, DOC_TABLE);
        doc_leaf(D, DOC_CAPTION, title);
        uint32_t tr = doc_open(D, DOC_TR), cn = doc_open(D, DOC_TH);
        doc_text(r->doc, PDF_BOLD, 7.5, X0, hy + 8, PDF_LEFT, C_TEXT, S(r, S_COL_AREA));
        doc_close(D, cn);
        for (size_t c = 0; c < ncols; c++) {
                cn = open_text(r, DOC_TH, S(r, heads[c]));
                double x = X0 + lab_w + cw * (double)(c + 1), hs = 7;
                size_t n;
                /* A smaller size rather than a word broken in two ("Implemen-ted"). */
                for (;; hs -= 0.25) {
                        n = pdf_wrap(r->pdf, PDF_BOLD, hs, S(r, heads[c]), cw - 4, &r->lines);
                        int broken = 0;
                        for (size_t k = 0; k < n; k++)
                                broken |= r->lines.v[k].hyphen;
                        if (!broken || hs <= PT_MIN)
                                break;
                }
                for (size_t k = 0; k < n; k++)
                        doc_text_line(r->doc, PDF_BOLD, hs, x, hy + 8 + 8.5 * (double)k, PDF_RIGHT,
                                      C_TEXT, S(r, heads[c]), &r->lines.v[k]);
                doc_close(D, cn);
                hh = fmax(hh, 8.5 * (double)n);
        }
        cn = doc_open(D, DOC_TH);
        doc_text(r->doc, PDF_BOLD, 7, X1, hy + 8, PDF_RIGHT, C_TEXT, S(r, S_COL_PROGRESS));
        doc_close(D, cn);
        doc_close(D, tr);
        r->y += hh + 4;
        doc_line(r->doc, X0, r->y, X1, r->y, 0.8, C_TEXT, 0);
        for (size_t i = 0; i <= na; i++) {
                char subj[200];
                const char *lab;
                if (i < na) {
                        snprintf(subj, sizeof subj, "strategy:%s", cb->dims[areas[i]].id);
                        lab = dim_label(r, &cb->dims[areas[i]]);
                } else {
                        snprintf(subj, sizeof subj, "strategy");
                        lab = S(r, S_TOTAL);
                }
                enum pdf_font f = i == na ? PDF_BOLD : PDF_REGULAR;
                double lh = text_height(r, f, 8, 9.5, lab_w - 6, lab);
                double h = fmax(18, lh + 6), cy;
                need(r, h);
                if (i == na)
                        doc_line(r->doc, X0, r->y, X1, r->y, 0.8, C_TEXT, 0);
                cy = r->y + h / 2;
                tr = doc_open(D, DOC_TR);
                cn = open_text(r, DOC_TH, lab);
                D->nodes[cn].scope = DOC_SCOPE_ROW;
                wrapped(r, f, 8, 9.5, X0, cy - lh / 2 + 7, lab_w - 6, PDF_LEFT, C_TEXT, lab);
                doc_close(D, cn);
                for (size_t c = 0; c < ncols; c++) {
                        cn = doc_open(D, DOC_TD);
                        doc_text(r->doc, f, 8.5, X0 + lab_w + cw * (double)(c + 1), cy + 3,
                                 PDF_RIGHT, C_TEXT, scell(r, g, subj, stats[c]));
                        doc_close(D, cn);
                }
                double pct;
                cn = doc_open(D, DOC_TD);
                if (sfig(r, g, subj, "implemented_pct", "", &pct) == F_VALUE) {
                        draw_square(r, X1 - 52, cy, 6, slight(r, g, subj));
                        doc_text(r->doc, f, 8.5, X1, cy + 3, PDF_RIGHT, C_TEXT, fmt_pct(r, pct, 0));
                } else {
                        doc_text(r->doc, PDF_REGULAR, 8.5, X1, cy + 3, PDF_RIGHT, C_MUTED,
                                 "\xE2\x80\x93");
                }
                doc_close(D, cn);
                doc_close(D, tr);
                r->y += h;
                doc_line(r->doc, X0, r->y, X1, r->y, 0.3, C_RULE, 0);
        }
        doc_close(D, tab);
        r->y += 6;
}

/*
 * Starts one row of a municipalities x areas matrix of the strategy section
 * for group g, named name: a page break repeats the header; the report's own
 * municipality is highlighted, the region set off by a rule. Returns the
 * row's height; the caller draws the cells and calls smatrix_row_end().
 */
static double smatrix_row(struct rep *r, const struct matrix *m, const struct codebook *cb, int g,
                          const char *name)
{
        enum pdf_font f = (g == G_ALL || g == r->muni) ? PDF_BOLD : PDF_REGULAR;
        double nh = text_height(r, f, 8.5, 10, m->name_w - 6, name);
        double h = fmax(r->nrows > 30 ? 16 : 18, nh + 7);
        if (need(r, h))
                repeat_header(r, m, cb);
        double cy = r->y + h / 2;
        uint32_t tr = doc_open(r->doc, DOC_TR);
        r->doc->nodes[tr].hilite = g != G_ALL && g == r->muni;
        if (g != G_ALL && g == r->muni)
                doc_rect(r->doc, X0, r->y, CW, h, C_HILITE, PDF_NONE, 0);
        if (g == G_ALL)
                doc_line(r->doc, X0, r->y, X1, r->y, 0.8, C_TEXT, 0);
        uint32_t th = open_text(r, DOC_TH, name);
        r->doc->nodes[th].scope = DOC_SCOPE_ROW;
        wrapped(r, f, 8.5, 10, X0 + 2, cy - nh / 2 + 7.5, m->name_w - 6, PDF_LEFT, C_TEXT, name);
        doc_close(r->doc, th);
        return h;
}

static void smatrix_row_end(struct rep *r, double h)
{
        doc_close(r->doc, r->doc->cur); /* the row smatrix_row() opened */
        r->y += h;
        doc_line(r->doc, X0, r->y, X1, r->y, 0.3, C_RULE, 0);
}

/* Sets up block [start, start + 8) of a strategy matrix over the areas, with a total column. */
static void smatrix_block(struct rep *r, struct matrix *m, const struct codebook *cb,
                          const int *areas, size_t na, size_t start, const char *caption)
{
        memset(m, 0, sizeof *m);
        m->nd = na - start > 8 ? 8 : na - start;
        memcpy(m->dims, areas + start, m->nd * sizeof *areas);
        m->show_level = start + m->nd >= na;
        m->extra = S(r, S_TOTAL);
        m->name_w = 110;
        m->mat_w = m->show_level ? 62 : 0;
        m->cell_w = fmin(80, (CW - m->name_w - m->mat_w) / (double)m->nd);
        matrix_fit_header(r, m, cb);
        need(r, m->head_h + 40);
        m->table = doc_open(r->doc, DOC_TABLE);
        doc_leaf(r->doc, DOC_CAPTION, caption);
        matrix_header(r, m, cb);
}

/* Regional overview: municipalities x areas, the share implemented with its light. */
static void strategy_matrix(struct rep *r, const struct codebook *cb, const int *areas, size_t na)
{
        subsection(r, S(r, S_STRATEGY_BY_MUNI), 80);
        int *gs = xmalloc((r->nrows + 1) * sizeof *gs);
        size_t ng = groups_of(r, gs);
        for (size_t start = 0; start < na; start += 8) {
                struct matrix m;
                smatrix_block(r, &m, cb, areas, na, start, S(r, S_STRATEGY_BY_MUNI));
                for (size_t gi = 0; gi < ng; gi++) {
                        int g = gs[gi];
                        enum pdf_font f = g == G_ALL ? PDF_BOLD : PDF_REGULAR;
                        double h = smatrix_row(r, &m, cb, g, gdisplay(r, g));
                        double cy = r->y + h / 2;
                        for (size_t i = 0; i < m.nd; i++) {
                                char subj[200];
                                snprintf(subj, sizeof subj, "strategy:%s", cb->dims[m.dims[i]].id);
                                uint32_t c = doc_open(r->doc, DOC_TD);
                                progress_cell(r, X0 + m.name_w + m.cell_w * ((double)i + 0.5), cy,
                                              g, subj, f);
                                doc_close(r->doc, c);
                        }
                        if (m.show_level) {
                                uint32_t c = doc_open(r->doc, DOC_TD);
                                progress_cell(r,
                                              X0 + m.name_w + m.cell_w * (double)m.nd + m.mat_w / 2,
                                              cy, g, "strategy", PDF_BOLD);
                                doc_close(r->doc, c);
                        }
                        smatrix_row_end(r, h);
                }
                doc_close(r->doc, m.table);
                r->y += 10;
        }
        free(gs);
}

/*
 * One cell of the participation matrix: for a municipality the number of the
 * area's actions it takes part in and, smaller, that share of all of them;
 * for the region the number of actions.
 */
static void participation_cell(struct rep *r, double cx, double cy, int g, const char *subj,
                               enum pdf_font f)
{
        double v, pct;
        const char *dash = "\xE2\x80\x93";
        if (g == G_ALL) {
                int ok = sfig(r, G_ALL, subj, "actions", "", &v) == F_VALUE;
                doc_text(r->doc, ok ? PDF_BOLD : PDF_REGULAR, 9, cx, cy + 3.2, PDF_CENTER,
                         ok ? C_TEXT : C_MUTED, ok ? fmt_long(r, (long)v) : dash);
                return;
        }
        if (sfig(r, g, subj, "participates", "", &v) != F_VALUE) {
                doc_text(r->doc, PDF_REGULAR, 9, cx, cy + 3.2, PDF_CENTER, C_MUTED, dash);
                return;
        }
        if (sfig(r, g, subj, "participates_pct", "", &pct) != F_VALUE) {
                doc_text(r->doc, f, 9, cx, cy + 3.2, PDF_CENTER, C_TEXT, fmt_long(r, (long)v));
                return;
        }
        char share[80];
        snprintf(share, sizeof share, "(%s)", fmt_pct(r, pct, 0));
        doc_text(r->doc, f, 9, cx - 5, cy + 3.2, PDF_RIGHT, v > 0 ? C_TEXT : C_MUTED,
                 fmt_long(r, (long)v));
        doc_text(r->doc, PDF_REGULAR, 7, cx - 2, cy + 3, PDF_LEFT, C_MUTED, share);
}

/*
 * The participation matrix: municipalities x areas, how many of the area's
 * actions each takes part in, the region's row giving the number of actions.
 */
static void participation_matrix(struct rep *r, const struct codebook *cb, const int *areas,
                                 size_t na)
{
        subsection(r, S(r, S_PARTICIPATION_TITLE), 100);
        para(r, PDF_REGULAR, 8.5, C_MUTED, S(r, S_PARTICIPATION_INTRO));
        r->y += 2;
        int *gs = xmalloc((r->nrows + 1) * sizeof *gs);
        size_t ng = groups_of(r, gs);
        char region[600];
        snprintf(region, sizeof region, S(r, S_PARTICIPATION_REGION), r->cfg->region);
        for (size_t start = 0; start < na; start += 8) {
                struct matrix m;
                smatrix_block(r, &m, cb, areas, na, start, S(r, S_PARTICIPATION_TITLE));
                for (size_t gi = 0; gi < ng; gi++) {
                        int g = gs[gi];
                        enum pdf_font f = (g == G_ALL || g == r->muni) ? PDF_BOLD : PDF_REGULAR;
                        double h = smatrix_row(r, &m, cb, g, g == G_ALL ? region : gdisplay(r, g));
                        double cy = r->y + h / 2;
                        for (size_t i = 0; i < m.nd; i++) {
                                char subj[200];
                                snprintf(subj, sizeof subj, "strategy:%s", cb->dims[m.dims[i]].id);
                                uint32_t c = doc_open(r->doc, DOC_TD);
                                participation_cell(r, X0 + m.name_w + m.cell_w * ((double)i + 0.5),
                                                   cy, g, subj, f);
                                doc_close(r->doc, c);
                        }
                        if (m.show_level) {
                                uint32_t c = doc_open(r->doc, DOC_TD);
                                participation_cell(
                                    r, X0 + m.name_w + m.cell_w * (double)m.nd + m.mat_w / 2, cy, g,
                                    "strategy", PDF_BOLD);
                                doc_close(r->doc, c);
                        }
                        smatrix_row_end(r, h);
                }
                doc_close(r->doc, m.table);
                r->y += 10;
        }
        free(gs);
}

/*
 * A sparkline of one indicator series between x0 and x1, in the band
 * [ytop, ytop + h]: values v[k] where has[k], at evenly spaced years, on the
 * series' own scale (at least a tenth of the values' size, so that 3,4 ->
 * 3,5 does not fill the band); a dotted line at the first value, a large dot
 * at the last.
 */
static void sparkline(struct rep *r, double x0, double x1, double ytop, double h, const double *v,
                      const int *has, int ny, long color, double lw)
{
        double lo = INFINITY, hi = -INFINITY;
        double xs[16], ys[16];
        size_t np = 0;
        for (int k = 0; k < ny; k++)
                if (has[k]) {
                        lo = fmin(lo, v[k]);
                        hi = fmax(hi, v[k]);
                }
        if (lo > hi)
                return;
        double minspan = 0.1 * fmax(fabs(lo), fabs(hi));
        if (hi - lo < minspan) {
                double c = (hi + lo) / 2;
                lo = c - minspan / 2;
                hi = c + minspan / 2;
        }
        if (hi - lo <= 0) {
                lo -= 0.5;
                hi += 0.5;
        }
        for (int k = 0; k < ny && np < 16; k++) {
                if (!has[k])
                        continue;
                xs[np] = ny > 1 ? x0 + (x1 - x0) * (double)k / (double)(ny - 1) : (x0 + x1) / 2;
                ys[np] = ytop + h - (v[k] - lo) / (hi - lo) * h;
                np++;
        }
        doc_line(r->doc, x0 - 3, ys[0], x1 + 3, ys[0], 0.5, C_RULE, 1);
        doc_polyline(r->doc, xs, ys, np, lw, color, 0);
        for (size_t i = 0; i + 1 < np; i++)
                doc_circle(r->doc, xs[i], ys[i], 1.2, color, PDF_NONE, 0);
        doc_circle(r->doc, xs[np - 1], ys[np - 1], 2.3, color, C_WHITE, 0.5);
}

/* Geometry of the indicator table. */
struct itable {
        int years[16];
        int ny;
        double lab_w;    /* label column */
        double sx0, sx1; /* sparkline band */
};

#define IT_YEAR_W   34.0
#define IT_SPARK_W  84.0
#define IT_CHANGE_W 78.0

static void indicator_head(struct rep *r, const struct itable *t)
{
        struct doc *D = r->doc;
        uint32_t tr = doc_open(D, DOC_TR), c = doc_open(D, DOC_TH);
        doc_text(r->doc, PDF_BOLD, 7.5, X0, r->y + 8, PDF_LEFT, C_TEXT, S(r, S_COL_INDICATOR));
        doc_close(D, c);
        for (int k = 0; k < t->ny; k++) {
                c = doc_open(D, DOC_TH);
                doc_text(r->doc, PDF_BOLD, 7.5, X0 + t->lab_w + IT_YEAR_W * (k + 1), r->y + 8,
                         PDF_RIGHT, C_TEXT, fmt_num(r, t->years[k], 0));
                doc_close(D, c);
        }
        c = doc_open(D, DOC_TH);
        doc_text(r->doc, PDF_BOLD, 7.5, (t->sx0 + t->sx1) / 2, r->y + 8, PDF_CENTER, C_TEXT,
                 S(r, S_COL_TREND));
        doc_close(D, c);
        c = doc_open(D, DOC_TH);
        doc_text(r->doc, PDF_BOLD, 7.5, X1, r->y + 8, PDF_RIGHT, C_TEXT, S(r, S_COL_SINCE_START));
        doc_close(D, c);
        doc_close(D, tr);
        r->y += 12;
        doc_line(r->doc, X0, r->y, X1, r->y, 0.8, C_TEXT, 0);
}

/* Digits after the decimal mark an indicator was written with (at most 2). */
static int indicator_decimals(const struct strategy_indicator *ind)
{
        int dec = 0;
        for (size_t s = 0; s < ind->nseries; s++)
                for (size_t k = 0; k < ind->series[s].npoints; k++)
                        if (ind->series[s].points[k].decimals > dec)
                                dec = ind->series[s].points[k].decimals;
        return dec > 2 ? 2 : dec;
}

/* One row of the indicator table: group gg's values, sparkline and change since the start. */
static void indicator_row(struct rep *r, const struct itable *t, const char *subj, int gg, int dec)
{
        const char *name = gdisplay(r, gg);
        int own = gg != G_ALL && gg == r->muni, focus_row = gg == r->muni;
        double lh = text_height(r, focus_row ? PDF_BOLD : PDF_REGULAR, 8, 9.5, t->lab_w - 14, name);
        double h = fmax(19, lh + 6);
        if (need(r, h)) {
                doc_artifact_begin(r->doc);
                indicator_head(r, t);
                doc_artifact_end(r->doc);
        }
        struct doc *D = r->doc;
        double cy = r->y + h / 2;
        uint32_t tr = doc_open(D, DOC_TR);
        D->nodes[tr].hilite = own;
        if (own)
                doc_rect(r->doc, X0, r->y, CW, h, C_HILITE, PDF_NONE, 0);
        uint32_t c = open_text(r, DOC_TH, name);
        D->nodes[c].scope = DOC_SCOPE_ROW;
        wrapped(r, focus_row ? PDF_BOLD : PDF_REGULAR, 8, 9.5, X0 + 10, cy - lh / 2 + 7.7,
                t->lab_w - 14, PDF_LEFT, C_TEXT, name);
        doc_close(D, c);
        double v[16];
        int has[16], lasty = 0;
        for (int k = 0; k < t->ny; k++) {
                char cat[16];
                snprintf(cat, sizeof cat, "%d", t->years[k]);
                c = doc_open(D, DOC_TD);
                has[k] = sfig(r, gg, subj, "value", cat, &v[k]) == F_VALUE;
                if (has[k]) {
                        doc_text(r->doc, PDF_REGULAR, 8, X0 + t->lab_w + IT_YEAR_W * (k + 1),
                                 cy + 3, PDF_RIGHT, C_TEXT, fmt_num(r, v[k], dec));
                        lasty = t->years[k];
                }
                doc_close(D, c);
        }
        double band = fmin(h - 8, 11);
        c = doc_open(D, DOC_TD); /* the sparkline: a picture of the values beside it */
        sparkline(r, t->sx0, t->sx1, cy - band / 2, band, v, has, t->ny,
                  focus_row ? C_ACCENT : C_MUTED, focus_row ? 1.3 : 0.9);
        doc_close(D, c);
        c = doc_open(D, DOC_TD);
        char cat[16];
        snprintf(cat, sizeof cat, "%d", lasty);
        const struct result_row *dir =
            results_find(r->res, "", gname(r, gg), "", subj, "direction_start", cat);
        double ch;
        if (lasty && dir && dir->text && sfig(r, gg, subj, "change_start", cat, &ch) == F_VALUE) {
                int better = !strcmp(dir->text, "better"), worse = !strcmp(dir->text, "worse");
                char txt[120];
                snprintf(txt, sizeof txt, "%s %s", fmt_signed(r, ch, dec),
                         S(r, better  ? S_DIR_BETTER
                              : worse ? S_DIR_WORSE
                                      : S_DIR_SAME));
                doc_text(r->doc, better || worse ? PDF_BOLD : PDF_REGULAR, 7.5, X1, cy + 3,
                         PDF_RIGHT,
                         better  ? C_GREEN
                         : worse ? C_RED
                                 : C_MUTED,
                         txt);
        }
        doc_close(D, c);
        doc_close(D, tr);
        r->y += h;
}

/*
 * The indicators of the register by year: for each indicator its name and
 * which way is better, then a row per group with values (the municipality
 * and the region in a municipal report; the region and each municipality
 * with values in the regional report), a sparkline and the change since the
 * start.
 */
static void indicator_table(struct rep *r, const struct strategy *st, int g)
{
        if (!st || st->nindicators == 0)
                return;
        struct itable t;
        memset(&t, 0, sizeof t);
        int last = st->report_year ? st->report_year : 2100;
        int first = r->cfg->strategy_start ? r->cfg->strategy_start : last - 5;
        if (last - first > 5)
                first = last - 5;
        for (int y = first; y <= last && t.ny < 16; y++) {
                char cat[16];
                snprintf(cat, sizeof cat, "%d", y);
                int found = 0;
                for (size_t i = 0; i < st->nindicators && !found; i++) {
                        char subj[200];
                        snprintf(subj, sizeof subj, "indicator:%s", st->indicators[i].id);
                        found = results_find(r->res, "", "ALL", "", subj, "value", cat) ||
                                results_find(r->res, "", gname(r, g), "", subj, "value", cat);
                        for (size_t k = 0; k < r->nrows && !found && g == G_ALL; k++)
                                found = results_find(r->res, "", gname(r, r->rows[k]), "", subj,
                                                     "value", cat) != NULL;
                }
                if (found || t.ny > 0)
                        t.years[t.ny++] = y;
        }
        /* Trailing years without values are dropped again. */
        while (t.ny > 0) {
                char cat[16];
                int found = 0;
                snprintf(cat, sizeof cat, "%d", t.years[t.ny - 1]);
                for (size_t i = 0; i < st->nindicators && !found; i++) {
                        char subj[200];
                        snprintf(subj, sizeof subj, "indicator:%s", st->indicators[i].id);
                        for (size_t k = 0; k <= r->nrows && !found; k++) {
                                int gg = k < r->nrows ? r->rows[k] : G_ALL;
                                found = results_find(r->res, "", gname(r, gg), "", subj, "value",
                                                     cat) != NULL;
                        }
                }
                if (found)
                        break;
                t.ny--;
        }
        if (t.ny == 0)
                return;
        t.lab_w = CW - IT_YEAR_W * t.ny - IT_SPARK_W - IT_CHANGE_W;
        t.sx0 = X0 + t.lab_w + IT_YEAR_W * t.ny + 16;
        t.sx1 = t.sx0 + IT_SPARK_W - 26;
        subsection(r, S(r, S_INDICATORS_TITLE), 90);
        char intro[600];
        snprintf(intro, sizeof intro, S(r, S_INDICATORS_INTRO), t.years[0], t.years[t.ny - 1]);
        para(r, PDF_REGULAR, 8.5, C_MUTED, intro);
        r->y += 4;
        uint32_t tab = doc_open(r->doc, DOC_TABLE);
        doc_leaf(r->doc, DOC_CAPTION, S(r, S_INDICATORS_TITLE));
        indicator_head(r, &t);
        int *gs = xmalloc((r->nrows + 2) * sizeof *gs);
        for (size_t i = 0; i < st->nindicators; i++) {
                const struct strategy_indicator *ind = &st->indicators[i];
                char subj[200], lab[600];
                snprintf(subj, sizeof subj, "indicator:%s", ind->id);
                /* The groups with a value in the years shown. */
                size_t ng = 0;
                int cand[2] = {g, G_ALL};
                size_t ncand = g == G_ALL ? r->nrows + 1 : 2;
                for (size_t c = 0; c < ncand; c++) {
                        int gg = g == G_ALL ? (c == 0 ? G_ALL : r->rows[c - 1]) : cand[c];
                        for (int k = 0; k < t.ny; k++) {
                                char cat[16];
                                snprintf(cat, sizeof cat, "%d", t.years[k]);
                                if (results_find(r->res, "", gname(r, gg), "", subj, "value",
                                                 cat)) {
                                        gs[ng++] = gg;
                                        break;
                                }
                        }
                }
                if (ng == 0)
                        continue;
                const char *iname = in_language(r, ind->name, ind->name_en);
                const char *unit = in_language(r, ind->unit, ind->unit_en);
                snprintf(lab, sizeof lab, "%s%s%s%s", iname, unit && *unit ? " (" : "",
                         unit && *unit ? unit : "", unit && *unit ? ")" : "");
                const char *better = S(r, ind->higher_is_better ? S_BETTER_HIGHER : S_BETTER_LOWER);
                double bw = pdf_text_width(r->pdf, PDF_REGULAR, 7, better);
                double nh = text_height(r, PDF_BOLD, 8, 9.5, CW - bw - 16, lab) + 5;
                if (need(r, nh + 19 * (double)(ng < 3 ? ng : 3))) {
                        doc_artifact_begin(r->doc);
                        indicator_head(r, &t);
                        doc_artifact_end(r->doc);
                }
                uint32_t tr = doc_open(r->doc, DOC_TR), th = doc_open(r->doc, DOC_TH);
                r->doc->nodes[th].colspan = (uint16_t)(t.ny + 3);
                r->doc->nodes[th].scope = DOC_SCOPE_COL;
                wrapped(r, PDF_BOLD, 8, 9.5, X0, r->y + 10, CW - bw - 16, PDF_LEFT, C_TEXT, lab);
                doc_text(r->doc, PDF_REGULAR, 7, X1, r->y + 10, PDF_RIGHT, C_MUTED, better);
                doc_close(r->doc, th);
                doc_close(r->doc, tr);
                r->y += nh;
                int dec = indicator_decimals(ind);
                for (size_t k = 0; k < ng; k++)
                        indicator_row(r, &t, subj, gs[k], dec);
                doc_line(r->doc, X0, r->y, X1, r->y, 0.3, C_RULE, 0);
        }
        doc_close(r->doc, tab);
        free(gs);
        r->y += 6;
}

/* 1 when group g takes part in action a (the region in every action). */
static int takes_part(const struct strategy *st, const struct strategy_action *a, int g)
{
        if (g == G_ALL || a->whole_region)
                return 1;
        return a->takes_part && (size_t)g < st->nmunis && a->takes_part[g];
}

/* An action in a list: its index, area rank and sort key (a date as a number). */
struct listed {
        size_t i;
        size_t area;
        long key;
};

static int listed_cmp(const void *a, const void *b)
{
        const struct listed *x = a, *y = b;
        if (x->area != y->area)
                return x->area < y->area ? -1 : 1;
        if (x->key != y->key)
                return x->key < y->key ? -1 : 1;
        return x->i < y->i ? -1 : x->i > y->i;
}

static const char *status_word(const struct rep *r, enum strategy_status st)
{
        static const enum str words[STRATEGY_STATUS_COUNT] = {
            [STRATEGY_PLANNED] = S_STATUS_PLANNED,
            [STRATEGY_IN_PROGRESS] = S_STATUS_IN_PROGRESS,
            [STRATEGY_IMPLEMENTED] = S_STATUS_IMPLEMENTED,
            [STRATEGY_POSTPONED] = S_STATUS_POSTPONED,
            [STRATEGY_CANCELLED] = S_STATUS_CANCELLED,
        };
        return (unsigned)st < STRATEGY_STATUS_COUNT ? S(r, words[st]) : "";
}

/* A planned month (0 = only the year) in the language's form: "12/2021", "2021-12". */
static const char *fmt_month(struct rep *r, int y, int m)
{
        char *out = nbuf(r);
        if (!m)
                snprintf(out, sizeof r->num[0], "%d", y);
        else if (r->lang == STRTAB_FI)
                snprintf(out, sizeof r->num[0], "%d/%d", m, y);
        else
                snprintf(out, sizeof r->num[0], "%04d-%02d", y, m);
        return out;
}

#define AL_MAX 60 /* actions listed at most; the rest are counted */

static void action_list_head(struct rep *r, int late)
{
        struct doc *D = r->doc;
        uint32_t tr = doc_open(D, DOC_TR), c = doc_open(D, DOC_TH);
        doc_text(r->doc, PDF_BOLD, 7.5, X0, r->y + 8, PDF_LEFT, C_TEXT, S(r, S_COL_ACTION));
        doc_close(D, c);
        if (late) {
                c = doc_open(D, DOC_TH);
                doc_text(r->doc, PDF_BOLD, 7.5, X1 - 70, r->y + 8, PDF_RIGHT, C_TEXT,
                         S(r, S_COL_STATUS));
                doc_close(D, c);
                c = doc_open(D, DOC_TH);
                doc_text(r->doc, PDF_BOLD, 7.5, X1, r->y + 8, PDF_RIGHT, C_TEXT, S(r, S_COL_DUE));
                doc_close(D, c);
        } else {
                c = doc_open(D, DOC_TH);
                doc_text(r->doc, PDF_BOLD, 7.5, X1, r->y + 8, PDF_RIGHT, C_TEXT, S(r, S_COL_DONE));
                doc_close(D, c);
        }
        doc_close(D, tr);
        r->y += 12;
        doc_line(r->doc, X0, r->y, X1, r->y, 0.8, C_TEXT, 0);
}

/*
 * The implemented (late = 0) or late (late = 1) actions group g takes part
 * in, as of the report date, grouped by action area in codebook order: id
 * and title, with the date implemented, or the status and the planned end.
 */
static void action_list(struct rep *r, const struct strategy *st, const struct codebook *cb, int g,
                        int late)
{
        if (!st || st->nactions == 0)
                return;
        subsection(r, S(r, late ? S_LATE_TITLE : S_IMPLEMENTED_TITLE), 40);
        struct listed *v = xmalloc(st->nactions * sizeof *v);
        size_t n = 0;
        for (size_t i = 0; i < st->nactions; i++) {
                const struct strategy_action *a = &st->actions[i];
                if (!takes_part(st, a, g))
                        continue;
                if (late ? !a->late : a->status_at != STRATEGY_IMPLEMENTED)
                        continue;
                size_t area = cb ? cb->ndims : 0;
                for (size_t d = 0; cb && d < cb->ndims; d++)
                        if (!strcmp(cb->dims[d].id, a->area)) {
                                area = d;
                                break;
                        }
                int y = 0, m = 0, d = 0;
                if (late)
                        y = a->end_year, m = a->end_month ? a->end_month : 12;
                else
                        sscanf(a->status_date, "%d-%d-%d", &y, &m, &d);
                v[n].i = i;
                v[n].area = area;
                v[n].key = (long)y * 10000 + m * 100 + d;
                n++;
        }
        if (n == 0) {
                para(r, PDF_REGULAR, 8.5, C_MUTED, S(r, late ? S_LATE_NONE : S_IMPLEMENTED_NONE));
                free(v);
                return;
        }
        qsort(v, n, sizeof *v, listed_cmp);
        const double right = late ? 140 : 70, tw = CW - right - 14;
        struct doc *D = r->doc;
        uint32_t tab = doc_open(D, DOC_TABLE);
        doc_leaf(D, DOC_CAPTION, S(r, late ? S_LATE_TITLE : S_IMPLEMENTED_TITLE));
        action_list_head(r, late);
        const char *prev_area = NULL;
        size_t shown = n > AL_MAX ? AL_MAX : n;
        for (size_t k = 0; k < shown; k++) {
                const struct strategy_action *a = &st->actions[v[k].i];
                char line[1200];
                snprintf(line, sizeof line, "%s  %s", a->id, in_language(r, a->title, a->title_en));
                double th = text_height(r, PDF_REGULAR, 8, 10, tw, line);
                double h = fmax(14, th + 4);
                int new_area = !prev_area || strcmp(prev_area, a->area) != 0;
                const char *alab = a->area;
                if (v[k].area < (cb ? cb->ndims : 0))
                        alab = dim_label(r, &cb->dims[v[k].area]);
                double ah = new_area ? text_height(r, PDF_BOLD, 8, 10, CW - 8, alab) + 5 : 0;
                if (need(r, ah + h)) {
                        doc_artifact_begin(D);
                        action_list_head(r, late);
                        doc_artifact_end(D);
                        /* The area again on the new page: it is still the same group of rows. */
                        if (!new_area)
                                doc_artifact_begin(D);
                        ah = text_height(r, PDF_BOLD, 8, 10, CW - 8, alab) + 5;
                        doc_rect(r->doc, X0, r->y, CW, ah, 0xF2F2F2L, PDF_NONE, 0);
                        if (new_area) {
                                uint32_t atr = doc_open(D, DOC_TR),
                                         ath = open_text(r, DOC_TH, alab);
                                D->nodes[ath].colspan = late ? 3 : 2;
                                D->nodes[ath].scope = DOC_SCOPE_COL;
                                wrapped(r, PDF_BOLD, 8, 10, X0 + 3, r->y + 10, CW - 8, PDF_LEFT,
                                        C_TEXT, alab);
                                doc_close(D, ath);
                                doc_close(D, atr);
                        } else {
                                wrapped(r, PDF_BOLD, 8, 10, X0 + 3, r->y + 10, CW - 8, PDF_LEFT,
                                        C_TEXT, alab);
                                doc_artifact_end(D);
                        }
                        r->y += ah;
                        prev_area = a->area;
                } else if (new_area) {
                        doc_rect(r->doc, X0, r->y, CW, ah, 0xF2F2F2L, PDF_NONE, 0);
                        uint32_t atr = doc_open(D, DOC_TR), ath = open_text(r, DOC_TH, alab);
                        D->nodes[ath].colspan = late ? 3 : 2;
                        D->nodes[ath].scope = DOC_SCOPE_COL;
                        wrapped(r, PDF_BOLD, 8, 10, X0 + 3, r->y + 10, CW - 8, PDF_LEFT, C_TEXT,
                                alab);
                        doc_close(D, ath);
                        doc_close(D, atr);
                        r->y += ah;
                        prev_area = a->area;
                }
                uint32_t tr = doc_open(D, DOC_TR), c = open_text(r, DOC_TD, line);
                wrapped(r, PDF_REGULAR, 8, 10, X0 + 10, r->y + 10, tw, PDF_LEFT, C_TEXT, line);
                doc_close(D, c);
                c = doc_open(D, DOC_TD);
                if (late) {
                        doc_text(r->doc, PDF_REGULAR, 8, X1 - 70, r->y + 10, PDF_RIGHT, C_TEXT,
                                 status_word(r, a->status_at));
                        doc_close(D, c);
                        c = doc_open(D, DOC_TD);
                        doc_text(r->doc, PDF_REGULAR, 8, X1, r->y + 10, PDF_RIGHT, C_TEXT,
                                 fmt_month(r, a->end_year, a->end_month));
                } else {
                        int y = 0, m = 0, d = 0;
                        if (sscanf(a->status_date, "%d-%d-%d", &y, &m, &d) == 3)
                                doc_text(r->doc, PDF_REGULAR, 8, X1, r->y + 10, PDF_RIGHT, C_TEXT,
                                         fmt_date(r, y, m, d));
                }
                doc_close(D, c);
                doc_close(D, tr);
                r->y += h;
                doc_line(r->doc, X0 + 10, r->y, X1, r->y, 0.25, C_FAINT, 0);
        }
        doc_close(D, tab);
        if (n > shown) {
                char more[200];
                snprintf(more, sizeof more, S(r, S_LATE_MORE), n - shown);
                r->y += 2;
                para(r, PDF_REGULAR, 8.5, C_MUTED, more);
        }
        free(v);
}

static void strategy_section(struct rep *r)
{
        if (!has_strategy(r) && !r->cfg->indicators_file)
                return;
        const struct codebook *cb = r->prim >= 0 ? wave_cb(r, r->prim) : NULL;
        if (!cb)
                for (size_t i = 0; i < r->cfg->ninstruments && !cb; i++)
                        cb = r->cfg->instruments[i].codebook;
        int areas[256];
        size_t na = strategy_areas(r, cb, areas);
        /* The registers themselves, for titles and indicator names; optional. */
        struct err e = {0};
        struct strategy *st = strategy_load(r->cfg, &e);
        if (na == 0 && (!st || st->nindicators == 0)) {
                strategy_free(st);
                return;
        }
        section(r, S(r, S_SEC_STRATEGY));
        const struct result_row *date =
            results_find(r->res, "", "ALL", "", "strategy", "report_date", "");
        char intro[1600];
        const char *when = "\xE2\x80\x93";
        int y, m, d;
        if (date && date->text && sscanf(date->text, "%d-%d-%d", &y, &m, &d) == 3)
                when = fmt_date(r, y, m, d);
        snprintf(intro, sizeof intro, S(r, S_STRATEGY_INTRO), when,
                 fmt_num(r, r->cfg->th.progress_red_below, 0),
                 fmt_num(r, r->cfg->th.progress_green_from, 0));
        para(r, PDF_REGULAR, 9, C_TEXT, intro);
        if (na > 0) {
                if (r->muni != G_ALL)
                        strategy_table(r, cb, areas, na, r->muni);
                strategy_table(r, cb, areas, na, G_ALL);
                /* Not in the national edition: a page of rows per municipality. */
                if (r->muni == G_ALL && r->nrows > 0 && !r->national)
                        strategy_matrix(r, cb, areas, na);
                if (r->nrows > 0 && !r->national)
                        participation_matrix(r, cb, areas, na);
        }
        indicator_table(r, st, focus(r));
        action_list(r, st, cb, focus(r), 0);
        action_list(r, st, cb, focus(r), 1);
        strategy_free(st);
}

/* ---- method appendix ----------------------------------------------------- */

/* A simple text table: the first column wraps, the others are right-aligned numbers. */
struct ttable {
        const char *head[8];
        double width[8]; /* widths of columns 1..; column 0 takes the rest */
        size_t ncols;
        uint32_t table; /* its node, from ttable_begin() */
};

/* The right edge of column c >= 1 of t. */
static double ttable_right(const struct ttable *t, size_t c)
{
        double x = X1;
        for (size_t k = t->ncols - 1; k > c; k--)
                x -= t->width[k];
        return x;
}

static void ttable_head(struct rep *r, const struct ttable *t)
{
        struct doc *D = r->doc;
        uint32_t tr = doc_open(D, DOC_TR), th = open_text(r, DOC_TH, t->head[0]);
        doc_text(r->doc, PDF_BOLD, 7.5, X0, r->y + 8, PDF_LEFT, C_TEXT, t->head[0]);
        doc_close(D, th);
        for (size_t c = 1; c < t->ncols; c++) {
                double lw = t->width[c] - 4, x = ttable_right(t, c);
                th = open_text(r, DOC_TH, t->head[c]);
                size_t n = pdf_wrap(r->pdf, PDF_BOLD, 7.5, t->head[c], lw, &r->lines);
                for (size_t k = 0; k < n; k++)
                        doc_text_line(r->doc, PDF_BOLD, 7.5, x, r->y + 8 + 9 * (double)k, PDF_RIGHT,
                                      C_TEXT, t->head[c], &r->lines.v[k]);
                doc_close(D, th);
        }
        doc_close(D, tr);
        double hmax = 1;
        for (size_t c = 1; c < t->ncols; c++) {
                size_t n = pdf_wrap(r->pdf, PDF_BOLD, 7.5, t->head[c], t->width[c] - 4, &r->lines);
                hmax = fmax(hmax, (double)n);
        }
        r->y += 9 * hmax + 3;
        doc_line(r->doc, X0, r->y, X1, r->y, 0.8, C_TEXT, 0);
}

static void ttable_row(struct rep *r, const struct ttable *t, const char *const *cells, int bold)
{
        double w0 = CW;
        for (size_t c = 1; c < t->ncols; c++)
                w0 -= t->width[c];
        enum pdf_font f = bold ? PDF_BOLD : PDF_REGULAR;
        double lh = text_height(r, f, 8, 9.5, w0 - 6, cells[0]);
        double h = fmax(13, lh + 3.5);
        if (need(r, h)) {
                doc_artifact_begin(r->doc);
                ttable_head(r, t);
                doc_artifact_end(r->doc);
        }
        if (bold)
                doc_line(r->doc, X0, r->y, X1, r->y, 0.8, C_TEXT, 0);
        struct doc *D = r->doc;
        uint32_t tr = doc_open(D, DOC_TR), c0 = open_text(r, DOC_TH, cells[0]);
        D->nodes[c0].scope = DOC_SCOPE_ROW;
        wrapped(r, f, 8, 9.5, X0, r->y + 9.3, w0 - 6, PDF_LEFT, C_TEXT, cells[0]);
        doc_close(D, c0);
        for (size_t c = 1; c < t->ncols; c++) {
                uint32_t tdn = doc_open(D, DOC_TD);
                doc_text(r->doc, f, 8, ttable_right(t, c), r->y + 9.3, PDF_RIGHT, C_TEXT, cells[c]);
                doc_close(D, tdn);
        }
        doc_close(D, tr);
        r->y += h;
        doc_line(r->doc, X0, r->y, X1, r->y, 0.25, C_FAINT, 0);
}

/* Opens t's table with its caption and draws its head; ttable_end() closes it. */
static void ttable_begin(struct rep *r, struct ttable *t, const char *caption)
{
        t->table = doc_open(r->doc, DOC_TABLE);
        doc_leaf(r->doc, DOC_CAPTION, caption);
        ttable_head(r, t);
}

static void ttable_end(struct rep *r, const struct ttable *t)
{
        doc_close(r->doc, t->table);
}

/* Formats figure stat of subject for group g in wave w, or "n < 5" / "–". */
static const char *cell(struct rep *r, int w, int g, const char *subject, const char *stat, int dec,
                        int pct)
{
        double v;
        enum fig f = fig(r, w, g, subject, stat, "", &v);
        if (f == F_SUPPRESSED)
                return fmt_small(r);
        if (f != F_VALUE)
                return "\xE2\x80\x93";
        return pct ? fmt_pct(r, v, dec) : fmt_num(r, v, dec);
}

/* What the method section counts of the whole table, for report_prepare(). */
struct totals {
        const struct results *res; /* the table counted */
        size_t results;            /* respondent counts, items' and dimensions' n, gap means */
        size_t withheld;           /* of them, suppressed */
};

/* The counts report_prepare() made, for its table; res NULL when none. */
static struct totals prepared;

static struct totals count_totals(const struct results *res)
{
        struct totals t = {res, 0, 0};
        for (size_t i = 0; i < results_count(res); i++) {
                const struct result_row *row = results_row(res, i);
                /* The first letter turns most rows away without a call. */
                const char *st = row->statistic;
                if (!*row->wave ||
                    !((st[0] == 'n' && !st[1]) || (st[0] == 'r' && !strcmp(st, "respondents")) ||
                      (st[0] == 'g' && !strcmp(st, "gap_mean"))))
                        continue;
                t.results++;
                t.withheld += row->note && !strcmp(row->note, "suppressed");
        }
        return t;
}

/*
 * Scanning the whole table was a tenth of the CPU time of a national run
 * when every one of its 301 reports did it; a batch counts once.
 */
void report_prepare(const struct results *res)
{
        prepared = res ? count_totals(res) : (struct totals){NULL, 0, 0};
}

/* ---- peers at national scale (peers.h) ----------------------------------- */

/* The published index, CI and n of every municipality in dimension id of wave w, into f. */
static void peer_figs(struct rep *r, int w, const char *id, struct peers_fig *f)
{
        for (size_t i = 0; i < r->cfg->nmunis; i++) {
                struct peers_fig *p = &f[i];
                int g = (int)i;
                p->ok = fig(r, w, g, id, "index", "", &p->v) == F_VALUE &&
                        fig(r, w, g, id, "index_lo", "", &p->lo) == F_VALUE &&
                        fig(r, w, g, id, "index_hi", "", &p->hi) == F_VALUE;
                if (fig(r, w, g, id, "n", "", &p->n) != F_VALUE)
                        p->n = 0;
        }
}

/* The name of municipality g's peer group (its key, or its staff size class), or NULL. */
static const char *peer_group_label(struct rep *r, int g, char *buf, size_t size)
{
        const struct municipality *m = &r->cfg->munis[g];
        if (m->group)
                return m->group;
        int k = peers_size_class(m->staff);
        if (k < 0)
                return NULL;
        char from[40];
        snprintf(from, sizeof from, "%s", fmt_long(r, PEERS_SIZE_FROM[k]));
        if (k + 1 < PEERS_SIZE_CLASSES)
                snprintf(buf, size, S(r, S_PEERS_SIZE_CLASS), from,
                         fmt_long(r, PEERS_SIZE_FROM[k + 1] - 1));
        else
                snprintf(buf, size, S(r, S_PEERS_SIZE_TOP), from);
        return buf;
}

/* "12. (5.–31.) / 300" */
static const char *fmt_rank(struct rep *r, const struct peers_rank *k)
{
        char *out = nbuf(r);
        snprintf(out, sizeof r->num[0], S(r, S_PEERS_RANK), k->rank, k->best, k->worst, k->n);
        return out;
}

static void peers_strip(struct rep *r, int w, const int *dims, size_t nd, const unsigned char *mem,
                        int has_group);

/*
 * A municipal report of a large run: the municipality's rank among all and
 * within its peer group per dimension, with the ranges the CIs allow, and
 * the peer group's index (from published figures only; peers.h).
 */
static void peers_section(struct rep *r)
{
        size_t nm = r->cfg->nmunis;
        int w = r->prim, self = r->muni;
        int dims[256];
        size_t nd = index_dims(r, w, dims);
        if (self == G_ALL || nm <= PEERS_MIN_MUNIS || nd == 0)
                return;
        const struct codebook *cb = wave_cb(r, w);
        unsigned char *mem = xcalloc(nm, 1);
        size_t ngroup = 0;
        for (size_t i = 0; i < nm; i++)
                ngroup += mem[i] = (unsigned char)peers_same_group(r->cfg, (size_t)self, i);
        char gl[200], txt[2400];
        const char *label = peer_group_label(r, self, gl, sizeof gl);
        if (!ngroup)
                label = NULL;
        snprintf(txt, sizeof txt, S(r, S_PEERS_INTRO), nm);
        /* Kept with the group sentence, the placement figure and the table. */
        subsection(r, S(r, S_SEC_PEERS),
                   text_height(r, PDF_REGULAR, 9, 9 * 1.38, CW, txt) + 70 + 60 + 24 * (double)nd +
                       40 + 16 * (double)nd);
        para(r, PDF_REGULAR, 9, C_TEXT, txt);
        r->y += 4;
        if (label) {
                int n = snprintf(txt, sizeof txt, S(r, S_PEERS_GROUP), gdisplay(r, self), label,
                                 ngroup);
                if (n > 0 && (size_t)n < sizeof txt - 2) {
                        txt[n] = ' ';
                        if (ngroup <= PEERS_MAX_LISTED)
                                snprintf(txt + n + 1, sizeof txt - (size_t)n - 1, "%s",
                                         S(r, S_PEERS_LISTED));
                        else
                                snprintf(txt + n + 1, sizeof txt - (size_t)n - 1,
                                         S(r, S_PEERS_NOT_LISTED), PEERS_MAX_LISTED);
                }
        } else {
                snprintf(txt, sizeof txt, S(r, S_PEERS_NO_GROUP), gdisplay(r, self));
        }
        para(r, PDF_REGULAR, 9, C_TEXT, txt);
        peers_strip(r, w, dims, nd, mem, label != NULL);
        r->y += 6;
        struct ttable t = {{S(r, S_COL_DIMENSION), S(r, S_COL_INDEX), S(r, S_COL_RANK_ALL),
                            S(r, S_COL_PEER_INDEX), S(r, S_COL_RANK_PEER)},
                           {0, 70, 96, 102, 96},
                           5,
                           0};
        need(r, 40 + 14 * (double)nd);
        ttable_begin(r, &t, S(r, S_SEC_PEERS));
        struct peers_fig *f = xmalloc(nm * sizeof *f);
        for (size_t i = 0; i < nd; i++) {
                const struct dimension *d = &cb->dims[dims[i]];
                peer_figs(r, w, d->id, f);
                const char *cells[5] = {dim_label(r, d), "\xE2\x80\x93", "\xE2\x80\x93",
                                        "\xE2\x80\x93", "\xE2\x80\x93"};
                struct peers_rank k;
                char idx[200], mc[200];
                if (f[self].ok) {
                        snprintf(idx, sizeof idx, "%s %s", fmt_num(r, f[self].v, 0),
                                 fmt_ci(r, f[self].lo, f[self].hi, 0));
                        cells[1] = idx;
                } else {
                        cells[1] = cell(r, w, self, d->id, "index", 0, 0);
                }
                if (peers_rank(f, NULL, nm, (size_t)self, &k) == 0)
                        cells[2] = fmt_rank(r, &k);
                size_t used;
                double mean = peers_mean(f, mem, nm, &used);
                if (label && used) {
                        snprintf(mc, sizeof mc, S(r, S_PEERS_MEAN_CELL), fmt_num(r, mean, 0), used);
                        cells[3] = mc;
                }
                if (label && peers_rank(f, mem, nm, (size_t)self, &k) == 0)
                        cells[4] = fmt_rank(r, &k);
                ttable_row(r, &t, cells, 0);
        }
        ttable_end(r, &t);
        free(f);
        free(mem);
}

/* Whether the national edition's chart of n municipalities needs the compact form. */
static int national_compact(size_t n)
{
        return (double)(n + 1) * DOT_ROW + 120 > BOTTOM - TOP;
}

/*
 * The national edition's chart of one dimension on one page: every
 * municipality with a published index as a row (highest first) too thin for
 * a name, its CI as a line and its index as a dot in its light's colour; the
 * region's index as a vertical line; ranks on the left. The figure's text
 * alternative and data table (every municipality) are dot_panel's.
 */
static void national_chart(struct rep *r, int w, const char *id, const char *title)
{
        size_t nm = r->cfg->nmunis, n = 0, nv = 0, nwh = 0;
        struct ranked *rk = xmalloc((nm + 1) * sizeof *rk);
        rk[n++] = (struct ranked){G_ALL, 0, 0};
        for (size_t i = 0; i < nm; i++) {
                double v;
                enum fig f = fig(r, w, (int)i, id, "index", "", &v);
                rk[n++] = (struct ranked){(int)i,
                                          f == F_VALUE        ? 0
                                          : f == F_SUPPRESSED ? 1
                                                              : 2,
                                          f == F_VALUE ? v : 0};
                nv += f == F_VALUE;
                nwh += f == F_SUPPRESSED;
        }
        qsort(rk + 1, n - 1, sizeof *rk, ranked_cmp);
        char intro[1400], rv[40];
        double reg = 0;
        int has_reg = fig(r, w, G_ALL, id, "index", "", &reg) == F_VALUE;
        snprintf(rv, sizeof rv, "%s", has_reg ? fmt_num(r, reg, 0) : "\xE2\x80\x93");
        snprintf(intro, sizeof intro, S(r, S_NAT_CHART_INTRO), nv, r->cfg->region, rv);
        if (nwh) {
                size_t len = strlen(intro);
                intro[len++] = ' ';
                snprintf(intro + len, sizeof intro - len, S(r, S_NAT_WITHHELD), nwh,
                         r->cfg->min_group);
        }
        double ih = text_height(r, PDF_REGULAR, 8.5, 8.5 * 1.38, CW, intro);
        /* A whole page: the heading, the intro, the axis and rows of at least 1.6 points. */
        subsection(r, title, ih + 30 + 1.6 * (double)nv);
        para(r, PDF_REGULAR, 8.5, C_TEXT, intro);
        r->y += 4;
        uint32_t fg = figure_open(r, title);
        dot_alt(r, w, id, title, rk, n, fg);
        double row = nv ? fmin(DOT_ROW, (BOTTOM - r->y - 14) / (double)nv) : DOT_ROW;
        /* Axis: index ticks above, the rank label at the left. */
        for (int t = 0; t <= 100; t += 25)
                doc_text(r->doc, PDF_REGULAR, 7, dot_x(t), r->y + 8, PDF_CENTER, C_MUTED,
                         fmt_long(r, t));
        doc_text(r->doc, PDF_BOLD, 7, DOT_PX0 - 26, r->y + 8, PDF_RIGHT, C_MUTED,
                 S(r, S_NAT_RANK_AXIS));
        r->y += 11;
        double y0 = r->y, y1 = y0 + row * (double)nv;
        dot_zones(r, y0, y1);
        size_t step = nv > 200 ? 50 : nv > 60 ? 20 : 10;
        for (size_t i = 0; i < nv; i++) {
                const struct ranked *q = &rk[1 + i];
                double cy = y0 + row * ((double)i + 0.5), lo, hi;
                /* Ranks 1, every step-th and the last (unless next to the step before). */
                if (i == 0 || (i + 1) % step == 0 || (i + 1 == nv && (i + 1) % step > step / 2)) {
                        char rt[24];
                        snprintf(rt, sizeof rt, "%zu", i + 1);
                        doc_text(r->doc, PDF_REGULAR, 7, DOT_PX0 - 6, cy + 2.4, PDF_RIGHT, C_MUTED,
                                 rt);
                        doc_line(r->doc, DOT_PX0 - 4, cy, DOT_PX0, cy, 0.4, C_MUTED, 0);
                }
                if (fig(r, w, q->g, id, "index_lo", "", &lo) == F_VALUE &&
                    fig(r, w, q->g, id, "index_hi", "", &hi) == F_VALUE)
                        doc_line(r->doc, dot_x(lo), cy, dot_x(hi), cy, fmin(0.8, row * 0.35),
                                 C_MUTED, 0);
                enum light l = light_of(r, w, q->g, id, "light");
                long fill = light_color(l);
                double s = fmin(4.5, fmax(2.2, row * 0.95));
                doc_rect(r->doc, dot_x(q->v) - s / 2, cy - s / 2, s, s,
                         fill == PDF_NONE ? C_TEXT : fill, C_TEXT, 0.3);
        }
        if (has_reg) {
                doc_line(r->doc, dot_x(reg), y0 - 2, dot_x(reg), y1 + 2, 1.2, C_ACCENT, 0);
                line_fit(r, PDF_BOLD, 7, dot_x(reg) + 3, y1 + 10, PDF_LEFT, C_ACCENT,
                         X1 - dot_x(reg) - 3, r->cfg->region);
        }
        r->y = y1 + 14;
        dot_data(r, w, id, title, rk, n);
        doc_close(r->doc, fg);
        free(rk);
}

/* The national edition's summary: how many municipalities have each light per dimension. */
static void national_lights(struct rep *r, int w)
{
        const struct codebook *cb = wave_cb(r, w);
        int dims[256];
        size_t nd = index_dims(r, w, dims);
        if (nd == 0)
                return;
        static const enum light ls[5] = {L_GREEN, L_YELLOW, L_RED, L_UNCERTAIN, L_SUPPRESSED};
        subsection(r, S(r, S_NAT_LIGHTS_TITLE), 40 + 13 * (double)nd);
        char txt[400];
        snprintf(txt, sizeof txt, S(r, S_NAT_LIGHTS_INTRO), r->cfg->nmunis);
        para(r, PDF_REGULAR, 9, C_TEXT, txt);
        r->y += 4;
        struct ttable t = {{S(r, S_COL_DIMENSION)}, {0}, 6, 0};
        for (int k = 0; k < 5; k++) {
                t.head[k + 1] = light_name(r, ls[k]);
                t.width[k + 1] = 58;
        }
        ttable_begin(r, &t, S(r, S_NAT_LIGHTS_TITLE));
        for (size_t i = 0; i < nd; i++) {
                const struct dimension *d = &cb->dims[dims[i]];
                size_t cnt[5] = {0};
                for (size_t g = 0; g < r->cfg->nmunis; g++) {
                        enum light l = light_of(r, w, (int)g, d->id, "light");
                        for (int k = 0; k < 5; k++)
                                cnt[k] += l == ls[k];
                }
                const char *cells[6] = {dim_label(r, d)};
                for (int k = 0; k < 5; k++)
                        cells[k + 1] = fmt_long(r, (long)cnt[k]);
                ttable_row(r, &t, cells, 0);
        }
        ttable_end(r, &t);
        r->y += 10;
        light_legend(r, 0);
}

/* The national edition's appendix: the traffic-light matrix of every municipality. */
static void national_appendix(struct rep *r)
{
        if (!r->national || r->prim < 0)
                return;
        section(r, S(r, S_SEC_APPENDIX));
        para(r, PDF_REGULAR, 9, C_TEXT, S(r, S_APPENDIX_INTRO));
        r->y += 4;
        r->mrow_h = 16;
        summary_matrix(r, r->prim);
}

/* Sorts doubles ascending. */
static int dbl_cmp(const void *a, const void *b)
{
        double x = *(const double *)a, y = *(const double *)b;
        return (x > y) - (x < y);
}

/* The national edition's method note on response rates instead of a table per municipality. */
static void national_rates(struct rep *r, int w)
{
        double *v = xmalloc((r->cfg->nmunis + 1) * sizeof *v);
        size_t n = 0;
        for (size_t g = 0; g < r->cfg->nmunis; g++)
                if (fig(r, w, (int)g, "respondents", "response_rate", "", &v[n]) == F_VALUE)
                        n++;
        if (n) {
                qsort(v, n, sizeof *v, dbl_cmp);
                double med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
                char a[40], b[40], c[40], txt[600];
                snprintf(a, sizeof a, "%s", fmt_pct(r, med, 0));
                snprintf(b, sizeof b, "%s", fmt_pct(r, v[0], 0));
                snprintf(c, sizeof c, "%s", fmt_pct(r, v[n - 1], 0));
                snprintf(txt, sizeof txt, S(r, S_NAT_METHOD_NOTE), a, b, c);
                r->y += 4;
                para(r, PDF_REGULAR, 8.5, C_TEXT, txt);
        }
        free(v);
}

/* A legend entry of the placement strip at x (baseline y): marker kind k, then text. */
static double peer_legend_item(struct rep *r, double x, double y, int k, const char *text)
{
        uint32_t li = doc_open(r->doc, DOC_LI);
        if (k == 0)
                doc_line(r->doc, x + 2, y - 7, x + 2, y + 1, 0.5, C_MUTED, 0);
        else if (k == 1)
                doc_line(r->doc, x + 2, y - 8, x + 2, y + 2, 1.2, C_ACCENT, 0);
        else if (k == 2) {
                doc_line(r->doc, x - 2, y - 3, x + 10, y - 3, 1.1, C_TEXT, 0);
                doc_circle(r->doc, x + 4, y - 3, 3.5, C_WHITE, C_TEXT, 0.7);
                x += 6;
        } else {
                double xs[4] = {x + 2, x + 5.5, x + 2, x - 1.5},
                       ys[4] = {y - 7, y - 3, y + 1, y - 3};
                doc_polygon(r->doc, xs, ys, 4, C_ORANGE, C_TEXT, 0.5);
        }
        doc_text(r->doc, PDF_REGULAR, 7.5, x + 9, y, PDF_LEFT, C_TEXT, text);
        doc_close(r->doc, li);
        return x + 9 + pdf_text_width(r->pdf, PDF_REGULAR, 7.5, text) + 16;
}

/*
 * The placement strip of a municipal report in a large run: per dimension
 * one band with every published municipal index as a thin tick (the peer
 * group's taller, in blue), the peer group's index as a diamond and the
 * municipality's index as a dot in its light's colour with its CI. The text
 * alternative gives the index and rank per dimension; the data table the
 * municipality, the lowest, median and highest index and the group's.
 */
static void peers_strip(struct rep *r, int w, const int *dims, size_t nd, const unsigned char *mem,
                        int has_group)
{
        const struct codebook *cb = wave_cb(r, w);
        size_t nm = r->cfg->nmunis;
        int self = r->muni;
        const char *title = S(r, S_PEERS_FIG_TITLE);
        double *hs = xmalloc(nd * sizeof *hs), total = 12 + 16;
        for (size_t i = 0; i < nd; i++) {
                hs[i] = fmax(22, text_height(r, PDF_REGULAR, 8, 9.5, DOT_NAME_W - 4,
                                             dim_label(r, &cb->dims[dims[i]])) +
                                     4);
                total += hs[i];
        }
        subsection(r, title, total);
        uint32_t fg = figure_open(r, title);
        struct peers_fig *f = xmalloc(nm * sizeof *f);
        double *sorted = xmalloc(nm * sizeof *sorted);
        struct strbuf alt;
        strbuf_init(&alt);
        strbuf_addf(&alt, "%s: %s", title, gdisplay(r, self));
        for (int t = 0; t <= 100; t += 25)
                doc_text(r->doc, PDF_REGULAR, 7, dot_x(t), r->y + 8, PDF_CENTER, C_MUTED,
                         fmt_long(r, t));
        r->y += 11;
        for (size_t i = 0; i < nd; i++) {
                const struct dimension *d = &cb->dims[dims[i]];
                peer_figs(r, w, d->id, f);
                double y = r->y, h = hs[i], cy = y + h / 2;
                double nh = text_height(r, PDF_REGULAR, 8, 9.5, DOT_NAME_W - 4, dim_label(r, d));
                wrapped(r, PDF_REGULAR, 8, 9.5, X0 + 2, y + (h - nh) / 2 + 7.3, DOT_NAME_W - 4,
                        PDF_LEFT, C_TEXT, dim_label(r, d));
                dot_zones(r, y + 2, y + h - 2);
                for (int pass = 0; pass < 2; pass++)
                        for (size_t j = 0; j < nm; j++) {
                                if (!f[j].ok || (int)j == self || (pass == 1) != (mem[j] != 0))
                                        continue;
                                double x = dot_x(f[j].v);
                                if (pass == 0)
                                        doc_line(r->doc, x, cy - 4, x, cy + 4, 0.4, C_MUTED, 0);
                                else
                                        doc_line(r->doc, x, cy - 6.5, x, cy + 6.5, 0.7, C_ACCENT,
                                                 0);
                        }
                size_t used;
                double mean = peers_mean(f, mem, nm, &used);
                if (has_group && used) {
                        double x = dot_x(mean);
                        double xs[4] = {x, x + 3.5, x, x - 3.5},
                               ys[4] = {cy - 8, cy - 4, cy, cy - 4};
                        for (int k = 0; k < 4; k++)
                                ys[k] -= 1;
                        doc_polygon(r->doc, xs, ys, 4, C_ORANGE, C_TEXT, 0.5);
                }
                struct peers_rank k;
                if (f[self].ok) {
                        doc_line(r->doc, dot_x(f[self].lo), cy, dot_x(f[self].hi), cy, 1.4, C_TEXT,
                                 0);
                        long fill = light_color(light_of(r, w, self, d->id, "light"));
                        doc_circle(r->doc, dot_x(f[self].v), cy, 4,
                                   fill == PDF_NONE ? C_TEXT : fill, C_TEXT, 0.8);
                        doc_text(r->doc, PDF_BOLD, 8, DOT_PX1 + 12, cy + 2.9, PDF_LEFT, C_TEXT,
                                 fmt_num(r, f[self].v, 0));
                        if (peers_rank(f, NULL, nm, (size_t)self, &k) == 0) {
                                char rk[80];
                                snprintf(rk, sizeof rk, "%zu./%zu", k.rank, k.n);
                                if (r->lang == STRTAB_EN)
                                        snprintf(rk, sizeof rk, "%zu/%zu", k.rank, k.n);
                                doc_text(r->doc, PDF_REGULAR, 7, DOT_PX1 + 29, cy + 2.5, PDF_LEFT,
                                         C_MUTED, rk);
                                strbuf_adds(&alt, i ? "; " : ". ");
                                strbuf_addf(&alt, S(r, S_PEERS_ALT_ROW), dim_label(r, d),
                                            fmt_num(r, f[self].v, 0),
                                            fmt_ci(r, f[self].lo, f[self].hi, 0), fmt_rank(r, &k));
                        }
                } else {
                        doc_text(r->doc, PDF_REGULAR, 7.5, DOT_PX1 + 12, cy + 2.7, PDF_LEFT,
                                 C_MUTED, cell(r, w, self, d->id, "index", 0, 0));
                }
                doc_line(r->doc, X0, y + h, X1, y + h, 0.25, C_FAINT, 0);
                r->y += h;
        }
        r->y += 4;
        uint32_t list = doc_open(r->doc, DOC_L);
        double x = DOT_PX0;
        x = peer_legend_item(r, x, r->y + 9, 0, S(r, S_PEERS_LEG_OTHERS));
        if (has_group) {
                x = peer_legend_item(r, x, r->y + 9, 1, S(r, S_PEERS_LEG_GROUP));
                x = peer_legend_item(r, x, r->y + 9, 3, S(r, S_PEERS_LEG_GROUP_INDEX));
        }
        peer_legend_item(r, x, r->y + 9, 2, S(r, S_PEERS_LEG_SELF));
        doc_close(r->doc, list);
        r->y += 16;
        strbuf_adds(&alt, ".");
        doc_set_alt(r->doc, fg, strbuf_str(&alt));
        strbuf_clear(&alt);
        /* The data table: the municipality's index and the spread of all. */
        uint32_t t = data_table(r, title);
        uint32_t tr = doc_open(r->doc, DOC_TR);
        th_col(r, S(r, S_COL_DIMENSION));
        th_col(r, gdisplay(r, self));
        th_col(r, S(r, S_COL_LOWEST));
        th_col(r, S(r, S_COL_MEDIAN));
        th_col(r, S(r, S_COL_HIGHEST));
        th_col(r, S(r, S_COL_PEER_INDEX));
        doc_close(r->doc, tr);
        for (size_t i = 0; i < nd; i++) {
                const struct dimension *d = &cb->dims[dims[i]];
                peer_figs(r, w, d->id, f);
                size_t n = 0, used;
                for (size_t j = 0; j < nm; j++)
                        if (f[j].ok)
                                sorted[n++] = f[j].v;
                qsort(sorted, n, sizeof *sorted, dbl_cmp);
                double mean = peers_mean(f, mem, nm, &used);
                tr = doc_open(r->doc, DOC_TR);
                th_row(r, dim_label(r, d));
                td(r,
                   f[self].ok ? fmt_num(r, f[self].v, 0) : cell(r, w, self, d->id, "index", 0, 0));
                td(r, n ? fmt_num(r, sorted[0], 0) : "\xE2\x80\x93");
                td(r, n ? fmt_num(
                              r, n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2, 0)
                        : "\xE2\x80\x93");
                td(r, n ? fmt_num(r, sorted[n - 1], 0) : "\xE2\x80\x93");
                td(r, has_group && used ? fmt_num(r, mean, 0) : "\xE2\x80\x93");
                doc_close(r->doc, tr);
        }
        doc_close(r->doc, t);
        doc_close(r->doc, fg);
        free(sorted);
        free(f);
        free(hs);
}

static void method_section(struct rep *r)
{
        section(r, S(r, S_SEC_METHOD));
        int *gs = xmalloc((r->nrows + 1) * sizeof *gs);
        size_t ng = groups_of(r, gs);
        char title[400];

        /* Respondents and response rates. */
        for (size_t i = 0; i < r->ed->nwaves; i++) {
                int w = r->ed->waves[i];
                snprintf(title, sizeof title, S(r, S_METHOD_RESPONDENTS), wave_title(r, w),
                         r->cfg->waves[w].year);
                subsection(r, title, 50);
                struct ttable t = {{S(r, S_COL_MUNICIPALITY), S(r, S_COL_RESPONDENTS),
                                    S(r, S_COL_STAFF), S(r, S_COL_RATE)},
                                   {0, 70, 70, 80},
                                   4,
                                   0};
                ttable_begin(r, &t, title);
                for (size_t k = 0; k < ng; k++) {
                        int g = gs[k];
                        if (r->national && g != G_ALL)
                                continue; /* national_rates() sums them up */
                        const char *cells[4] = {
                            gdisplay(r, g), cell(r, w, g, "respondents", "respondents", 0, 0),
                            cell(r, w, g, "respondents", "staff", 0, 0),
                            cell(r, w, g, "respondents", "response_rate", 0, 1)};
                        ttable_row(r, &t, cells, g == G_ALL);
                }
                ttable_end(r, &t);
                if (r->national)
                        national_rates(r, w);
        }

        /* Reliability: Cronbach's alpha per dimension. */
        for (size_t i = 0; i < r->ed->nwaves; i++) {
                int w = r->ed->waves[i];
                const struct codebook *cb = wave_cb(r, w);
                int dims[256];
                size_t nd = index_dims(r, w, dims);
                if (nd == 0)
                        continue;
                snprintf(title, sizeof title, S(r, S_METHOD_ALPHA), wave_title(r, w),
                         r->cfg->waves[w].year);
                subsection(r, title, 50);
                struct ttable t = {
                    {S(r, S_COL_DIMENSION), S(r, S_COL_ITEMS), "n", S(r, S_COL_ALPHA)},
                    {0, 60, 60, 80},
                    4,
                    0};
                ttable_begin(r, &t, title);
                for (size_t k = 0; k < nd; k++) {
                        const struct dimension *d = &cb->dims[dims[k]];
                        const char *cells[4] = {dim_label(r, d),
                                                cell(r, w, G_ALL, d->id, "items", 0, 0),
                                                cell(r, w, G_ALL, d->id, "n", 0, 0),
                                                cell(r, w, G_ALL, d->id, "alpha", 2, 0)};
                        ttable_row(r, &t, cells, 0);
                }
                ttable_end(r, &t);
        }
        r->y += 4;
        para(r, PDF_REGULAR, 8.5, C_TEXT, S(r, S_METHOD_ALPHA_NOTE));

        /* Rules. */
        subsection(r, S(r, S_METHOD_RULES), 60);
        char txt[2400];
        const struct thresholds *th = &r->cfg->th;
        snprintf(txt, sizeof txt, S(r, S_METHOD_INDEX), fmt_num(r, th->red_below, 0),
                 fmt_num(r, th->red_below, 0), fmt_num(r, th->green_from, 0),
                 fmt_num(r, th->green_from, 0));
        para(r, PDF_REGULAR, 8.5, C_TEXT, txt);
        r->y += 4;
        snprintf(txt, sizeof txt, S(r, S_METHOD_GAP), fmt_num(r, th->gap_yellow, 1),
                 fmt_num(r, th->gap_red, 1));
        para(r, PDF_REGULAR, 8.5, C_TEXT, txt);
        r->y += 4;
        para(r, PDF_REGULAR, 8.5, C_TEXT, S(r, S_METHOD_MATURITY));
        r->y += 4;
        para(r, PDF_REGULAR, 8.5, C_TEXT, S(r, S_METHOD_CI));
        r->y += 4;
        struct totals tot = prepared.res == r->res ? prepared : count_totals(r->res);
        snprintf(txt, sizeof txt, S(r, S_METHOD_SUPPRESSION), tot.withheld, tot.results,
                 r->cfg->min_group);
        para(r, PDF_REGULAR, 8.5, C_TEXT, txt);

        /* Data quality. */
        subsection(r, S(r, S_METHOD_QUALITY), 50);
        struct ttable t = {{S(r, S_COL_WAVE), S(r, S_COL_READ), S(r, S_COL_ACCEPTED),
                            S(r, S_COL_REJECTED), S(r, S_COL_WARNINGS)},
                           {0, 62, 62, 62, 62},
                           5,
                           0};
        ttable_begin(r, &t, S(r, S_METHOD_QUALITY));
        /* The edition's waves, then the earlier waves they are compared with. */
        int *qw = xmalloc((2 * r->ed->nwaves + 1) * sizeof *qw);
        size_t nq = 0;
        for (size_t i = 0; i < r->ed->nwaves; i++)
                qw[nq++] = r->ed->waves[i];
        for (size_t i = 0; i < r->ed->nwaves; i++) {
                int cw = r->cfg->waves[r->ed->waves[i]].compare, seen = cw < 0;
                for (size_t k = 0; k < nq && !seen; k++)
                        seen = qw[k] == cw;
                if (!seen)
                        qw[nq++] = cw;
        }
        for (size_t i = 0; i < nq; i++) {
                int w = qw[i];
                snprintf(title, sizeof title, "%s %d (%s)", wave_title(r, w), r->cfg->waves[w].year,
                         wave_id(r, w));
                const char *cells[5] = {title, cell(r, w, G_ALL, "rows", "read", 0, 0),
                                        cell(r, w, G_ALL, "rows", "accepted", 0, 0),
                                        cell(r, w, G_ALL, "rows", "rejected", 0, 0),
                                        cell(r, w, G_ALL, "rows", "warnings", 0, 0)};
                ttable_row(r, &t, cells, 0);
        }
        ttable_end(r, &t);
        free(qw);
        r->y += 4;
        para(r, PDF_REGULAR, 8.5, C_TEXT, S(r, S_METHOD_QUALITY_NOTE));
        free(gs);
}

/* ---- page furniture ------------------------------------------------------ */

static void furniture(struct rep *r)
{
        size_t np = doc_page_count(r->doc);
        char left[600], pg[120];
        snprintf(left, sizeof left, "%s \xC2\xB7 %s", r->cfg->region, edition_title(r));
        const char *right =
            r->muni == G_ALL ? S(r, S_REGIONAL_REPORT) : r->cfg->munis[r->muni].name;
        doc_artifact_begin(r->doc);
        for (size_t i = 0; i < np; i++) {
                doc_set_page(r->doc, i);
                if (i > 0) {
                        double rw = pdf_text_width(r->pdf, PDF_REGULAR, 7.5, right);
                        if (rw > CW / 2)
                                rw = CW / 2;
                        line_fit(r, PDF_REGULAR, 7.5, X0, 40, PDF_LEFT, C_MUTED, CW - rw - 16,
                                 left);
                        line_fit(r, PDF_REGULAR, 7.5, X1, 40, PDF_RIGHT, C_MUTED, rw, right);
                        doc_line(r->doc, X0, 45, X1, 45, 0.4, C_RULE, 0);
                }
                snprintf(pg, sizeof pg, S(r, S_PAGE_OF), i + 1, np);
                doc_line(r->doc, X0, PDF_PAGE_H - 40, X1, PDF_PAGE_H - 40, 0.4, C_RULE, 0);
                doc_text(r->doc, PDF_REGULAR, 7.5, X1, PDF_PAGE_H - 28, PDF_RIGHT, C_MUTED, pg);
                doc_text(r->doc, PDF_REGULAR, 7.5, X0, PDF_PAGE_H - 28, PDF_LEFT, C_MUTED,
                         S(r, S_FOOTER_LEFT));
        }
        doc_artifact_end(r->doc);
}

/* ---- entry points -------------------------------------------------------- */

/* Seconds since the epoch for the document dates; sets the cover date text. */
static int64_t doc_time(struct rep *r, char *date, size_t datesz)
{
        const char *sde = getenv("SOURCE_DATE_EPOCH");
        int y, m, d;
        date[0] = '\0';
        if (r->cfg->report_date && sscanf(r->cfg->report_date, "%d-%d-%d", &y, &m, &d) == 3)
                snprintf(date, datesz, "%s", fmt_date(r, y, m, d));
        if (sde && *sde) {
                char *end;
                long long v = strtoll(sde, &end, 10);
                if (*end == '\0' && v >= 0) {
                        if (!date[0]) {
                                time_t t = (time_t)v;
                                struct tm tm;
                                if (gmtime_r(&t, &tm))
                                        snprintf(date, datesz, "%s",
                                                 fmt_date(r, tm.tm_year + 1900, tm.tm_mon + 1,
                                                          tm.tm_mday));
                        }
                        return (int64_t)v;
                }
        }
        if (r->cfg->report_date && sscanf(r->cfg->report_date, "%d-%d-%d", &y, &m, &d) == 3) {
                /* Days from the civil date (Howard Hinnant's algorithm), at noon UTC. */
                int yy = m <= 2 ? y - 1 : y;
                int era = (yy >= 0 ? yy : yy - 399) / 400;
                unsigned yoe = (unsigned)(yy - era * 400);
                unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
                unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
                int64_t days = (int64_t)era * 146097 + (int64_t)doe - 719468;
                return days * 86400 + 12 * 3600;
        }
        return 946728000; /* 2000-01-01 12:00 UTC */
}

char *report_filename(const struct config *cfg, size_t edition, int muni)
{
        const char *who = muni < 0 ? cfg->region : cfg->munis[muni].name;
        char *a = slugify(who);
        char *b = slugify(cfg->editions[edition].id);
        size_t n = strlen(a) + strlen(b) + 6;
        char *out = xmalloc(n);
        snprintf(out, n, "%s-%s.pdf", a, b);
        free(a);
        free(b);
        return out;
}

char *report_html_path(const char *pdf_path)
{
        size_t n = strlen(pdf_path);
        if (n >= 4 && !strcmp(pdf_path + n - 4, ".pdf"))
                n -= 4;
        char *out = xmalloc(n + 6);
        memcpy(out, pdf_path, n);
        memcpy(out + n, ".html", 6);
        return out;
}

int report_render(const struct config *cfg, const struct results *res, size_t edition, int muni,
                  const char *path, const char *html_path, struct err *e)
{
        if (edition >= cfg->neditions)
                return err_set(e, DM_EX_SOFTWARE, "report: no report edition %zu", edition);
        if (muni < -1 || (muni >= 0 && (size_t)muni >= cfg->nmunis))
                return err_set(e, DM_EX_SOFTWARE, "report: no municipality %d", muni);
        struct rep r;
        memset(&r, 0, sizeof r);
        r.cfg = cfg;
        r.res = res;
        r.ed = &cfg->editions[edition];
        r.muni = muni < 0 ? G_ALL : muni;
        r.lang = strtab_lang(cfg->language);
        r.prim = -1;
        for (size_t i = 0; i < r.ed->nwaves && r.prim < 0; i++) {
                int w = r.ed->waves[i];
                int dims[256];
                if (wave_cb(&r, w) && index_dims(&r, w, dims) > 0)
                        r.prim = w;
        }
        for (size_t i = 0; i < r.ed->nwaves; i++)
                if (!wave_cb(&r, r.ed->waves[i]))
                        return err_set(e, DM_EX_SOFTWARE, "report: codebooks are not loaded");
        /* Comparisons list every municipality, unless a municipal report of a large run: then
         * its peer group when small enough, else the municipality alone (peers.h). */
        r.national = r.muni == G_ALL && cfg->nmunis > PEERS_MIN_MUNIS;
        r.rows = xmalloc((cfg->nmunis + 1) * sizeof *r.rows);
        size_t npeers = 0;
        for (size_t i = 0; r.muni != G_ALL && i < cfg->nmunis; i++)
                npeers += (size_t)peers_same_group(cfg, (size_t)r.muni, i);
        for (size_t i = 0; i < cfg->nmunis; i++)
                if (r.muni == G_ALL || cfg->nmunis <= PEERS_MIN_MUNIS || (int)i == r.muni ||
                    (npeers <= PEERS_MAX_LISTED && peers_same_group(cfg, (size_t)r.muni, i)))
                        r.rows[r.nrows++] = (int)i;
        /* Finnish words break where libvoikko says, English ones by the en-GB patterns. */
        enum hyph_lang hl = r.lang == STRTAB_EN ? HYPH_EN : HYPH_FI;
        if (hyph_open(hl, e)) {
                free(r.rows);
                return -1;
        }
        r.pdf = pdf_new(e);
        if (!r.pdf) {
                free(r.rows);
                return -1;
        }
        pdf_set_hyphenation(r.pdf, hl);

        char date[64];
        int64_t when = doc_time(&r, date, sizeof date);
        char title[600], subject[600], keywords[600];
        const char *ettl = edition_title(&r);
        snprintf(title, sizeof title, "%s \xE2\x80\x93 %s", ettl,
                 r.muni == G_ALL ? cfg->region : cfg->munis[r.muni].name);
        snprintf(subject, sizeof subject,
                 S(&r, r.muni == G_ALL ? S_INFO_SUBJECT_REGION : S_INFO_SUBJECT_MUNI),
                 r.muni == G_ALL ? cfg->region : cfg->munis[r.muni].name);
        snprintf(keywords, sizeof keywords, "%s, %s, %s", S(&r, S_INFO_KEYWORDS), cfg->region,
                 r.muni == G_ALL ? S(&r, S_REGIONAL_REPORT) : cfg->munis[r.muni].name);
        pdf_set_info(r.pdf, title, cfg->region, subject, keywords, "digimittari " DM_VERSION, when);
        const char *lang = r.lang == STRTAB_EN ? "en-GB" : "fi-FI";
        r.doc = doc_new(lang, title);

        cover(&r, date[0] ? date : NULL);
        double toc_y = r.y;
        if (r.prim >= 0) {
                summary(&r);
                dimension_chart(&r, r.prim, 1);
                peers_section(&r);
                change_section(&r);
                gap_section(&r);
                items_section(&r, r.prim);
        }
        for (size_t i = 0; i < r.ed->nwaves; i++) {
                int w = r.ed->waves[i];
                if (w == r.prim)
                        continue;
                other_wave_section(&r, w);
        }
        strategy_section(&r);
        method_section(&r);
        national_appendix(&r);
        cover_contents(&r, toc_y);
        furniture(&r);

        int rc = pdfdoc_render(r.doc, r.pdf, e);
        if (!rc)
                rc = pdf_save(r.pdf, path, e);
        if (!rc && html_path)
                rc = html_render(r.doc, html_path, e);
        pdf_free(r.pdf);
        doc_free(r.doc);
        pdf_lines_clear(&r.lines);
        free(r.rows);
        return rc;
}

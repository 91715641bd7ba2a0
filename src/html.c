/*
 * html.c - the report document as one self-contained HTML file (see html.h).
 *
 * The nodes before the first section heading are the cover, in a <header>
 * with the contents list as <nav>; each section heading opens a <section>
 * of <main>. A figure's drawing operations (the same as the PDF's) become an
 * inline SVG in the figure's own coordinates, and its data table follows in
 * a <details> element. Colours of text are the style sheet's, chosen for a
 * contrast of at least 4.5:1; the lights keep their letters and shapes.
 */
#include "html.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char css[] =
    ":root{--text:#1a1a1a;--muted:#595959;--accent:#005f94;--rule:#bdbdbd;--hi:#dcebf7}"
    "*{box-sizing:border-box}"
    "html{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;font-size:100%;line-height:1.45;"
    "color:var(--text);background:#fff}"
    "body{margin:0}"
    ".wrap{max-width:62rem;margin:0 auto;padding:0 1rem}"
    "header.cover{background:var(--accent);color:#fff;padding:1.5rem 0 1rem}"
    "header.cover p{margin:.3rem 0}"
    ".kicker{font-size:1rem}"
    ".title{font-size:2rem;font-weight:bold;line-height:1.2}"
    ".subtitle{font-size:1.5rem;font-weight:bold}"
    ".cover-body{padding:1rem 0}"
    ".lead{font-weight:bold;font-size:1.1rem;margin-top:1rem}"
    "nav h2,nav .lead{font-size:1.1rem}"
    "nav ol{padding-left:1.5rem}"
    "a{color:var(--accent)}"
    "h1{font-size:1.6rem;margin:2.5rem 0 .5rem;border-top:1px solid var(--rule);padding-top:1rem}"
    "h2{font-size:1.2rem;margin:1.5rem 0 .4rem}"
    "h3{font-size:1rem;margin:1.2rem 0 .3rem}"
    "p{margin:.4rem 0;max-width:45rem}"
    "p.note{font-size:.9rem;color:var(--muted)}"
    ".tw{overflow-x:auto;margin:.6rem 0;position:relative}"
    "table{border-collapse:collapse;font-size:.9rem}"
    "caption{text-align:left;font-weight:bold;padding:.3rem 0}"
    "th,td{border-bottom:1px solid var(--rule);padding:.25rem .5rem;text-align:left;"
    "vertical-align:top}"
    "thead th,tr:first-child th{border-bottom:2px solid var(--text)}"
    "tr.own{background:var(--hi)}"
    "td{white-space:normal}"
    ".lt{display:inline-block;min-width:1.5em;height:1.5em;line-height:1.4em;text-align:center;"
    "font-weight:bold;border:1px solid #333;border-radius:50%;color:#1a1a1a;margin-right:.3em;"
    "font-size:.85em}"
    ".lt.sq{border-radius:2px}"
    ".l1{background:#d55e00}.l2{background:#f0e442}.l3{background:#009e73}.l4{background:#fff}"
    ".l5{background:#bdbdbd}"
    ".vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);"
    "white-space:nowrap}"
    "figure{margin:1rem 0}"
    "figure svg{max-width:100%;height:auto;display:block}"
    "details{margin:.4rem 0}"
    "summary{cursor:pointer;color:var(--accent)}"
    "ul{padding-left:1.3rem}"
    "footer{border-top:1px solid var(--rule);margin-top:2rem;padding:1rem 0;"
    "color:var(--muted);font-size:.9rem}"
    "@media (max-width:40rem){.title{font-size:1.5rem}.subtitle{font-size:1.2rem}"
    "table{font-size:.8rem}th,td{padding:.2rem .3rem}}"
    "@media print{header.cover{background:#fff;color:#000}.wrap{max-width:none}"
    "h1{break-before:page;border-top:none}details>*{display:block}"
    "tr,figure{break-inside:avoid}a{color:#000;text-decoration:none}}";

struct out {
        const struct doc *d;
        struct strbuf b;
        uint32_t *fig; /* per node: the figure it is in, or 0 */
        size_t nfig;   /* figures so far, for SVG ids */
};

/* Appends s (n bytes) with HTML's special characters escaped, line breaks as spaces. */
static void esc_n(struct strbuf *b, const char *s, size_t n)
{
        strbuf_add_markup(b, s, n, MARKUP_NL_SPACE);
}

static void esc(struct strbuf *b, const char *s)
{
        esc_n(b, s, strlen(s));
}

static void color(struct strbuf *b, long c)
{
        if (c == PDF_NONE)
                strbuf_adds(b, "none");
        else
                strbuf_addf(b, "#%06lx", (unsigned long)c & 0xFFFFFFUL);
}

/* A number for SVG: at most two decimals, no trailing zeros. */
static void num(struct strbuf *b, double v)
{
        char t[32];
        snprintf(t, sizeof t, "%.2f", v);
        char *e = t + strlen(t);
        while (e > t && e[-1] == '0')
                *--e = '\0';
        if (e > t && e[-1] == '.')
                *--e = '\0';
        if (!strcmp(t, "-0"))
                strcpy(t, "0");
        strbuf_adds(b, t);
}

/*
 * Appends an SVG stroke's attributes, from the closing quote of the shape's
 * last attribute on: stroke, stroke-width, extra (more attributes or ""),
 * then the dash pattern when dashed and the operation has one.
 */
static void stroke(struct strbuf *b, const struct doc_op *op, const char *extra, int dashed)
{
        strbuf_adds(b, "\" stroke=\"");
        color(b, op->stroke);
        strbuf_adds(b, "\" stroke-width=\"");
        num(b, op->size);
        strbuf_adds(b, "\"");
        strbuf_adds(b, extra);
        if (dashed && op->dash > 0) {
                strbuf_adds(b, " stroke-dasharray=\"");
                num(b, op->dash);
                strbuf_adds(b, "\"");
        }
}

/* Appends a filled SVG shape's paint: fill, then its stroke (never dashed). */
static void paint(struct strbuf *b, const struct doc_op *op)
{
        strbuf_adds(b, "\" fill=\"");
        color(b, op->fill);
        stroke(b, op, "", 0);
}

static void svg_op(struct out *o, const struct doc_op *op, double dy)
{
        struct strbuf *b = &o->b;
        const struct doc *d = o->d;
        switch ((enum doc_op_kind)op->kind) {
        case DOC_OP_TEXT: {
                static const char *const anchor[] = {"start", "middle", "end"};
                strbuf_adds(b, "<text x=\"");
                num(b, op->x);
                strbuf_adds(b, "\" y=\"");
                num(b, op->y + dy);
                strbuf_adds(b, "\" font-size=\"");
                num(b, op->size);
                strbuf_addf(b, "\" text-anchor=\"%s\"%s fill=\"", anchor[op->align % 3],
                            op->font == PDF_BOLD ? " font-weight=\"bold\"" : "");
                color(b, op->fill);
                strbuf_adds(b, "\">");
                esc_n(b, doc_op_text(d, op), op->n);
                strbuf_adds(b, "</text>");
                break;
        }
        case DOC_OP_RECT:
                strbuf_adds(b, "<rect x=\"");
                num(b, op->x);
                strbuf_adds(b, "\" y=\"");
                num(b, op->y + dy);
                strbuf_adds(b, "\" width=\"");
                num(b, op->w);
                strbuf_adds(b, "\" height=\"");
                num(b, op->h);
                paint(b, op);
                strbuf_adds(b, "/>");
                break;
        case DOC_OP_LINE:
                strbuf_adds(b, "<line x1=\"");
                num(b, op->x);
                strbuf_adds(b, "\" y1=\"");
                num(b, op->y + dy);
                strbuf_adds(b, "\" x2=\"");
                num(b, op->w);
                strbuf_adds(b, "\" y2=\"");
                num(b, op->h + dy);
                stroke(b, op, "", 1);
                strbuf_adds(b, "/>");
                break;
        case DOC_OP_CIRCLE:
                strbuf_adds(b, "<circle cx=\"");
                num(b, op->x);
                strbuf_adds(b, "\" cy=\"");
                num(b, op->y + dy);
                strbuf_adds(b, "\" r=\"");
                num(b, op->w);
                paint(b, op);
                strbuf_adds(b, "/>");
                break;
        case DOC_OP_POLYLINE:
        case DOC_OP_POLYGON: {
                const double *pt = doc_op_points(d, op);
                strbuf_adds(b, op->kind == DOC_OP_POLYGON ? "<polygon points=\""
                                                          : "<polyline points=\"");
                for (size_t i = 0; i < op->n; i++) {
                        if (i)
                                strbuf_addc(b, ' ');
                        num(b, pt[2 * i]);
                        strbuf_addc(b, ',');
                        num(b, pt[2 * i + 1] + dy);
                }
                strbuf_adds(b, "\" fill=\"");
                color(b, op->kind == DOC_OP_POLYGON ? op->fill : PDF_NONE);
                stroke(b, op, " stroke-linejoin=\"round\"", 1);
                strbuf_adds(b, "/>");
                break;
        }
        }
}

/* Grows the box [*x0, *x1] x [*y0, *y1] by an operation's extent. */
static void extent(const struct out *o, const struct doc_op *op, double dy, double *x0, double *y0,
                   double *x1, double *y1)
{
        double ax = op->x, ay = op->y + dy, bx = ax, by = ay;
        switch ((enum doc_op_kind)op->kind) {
        case DOC_OP_TEXT: {
                /* Roughly: DejaVu Sans averages 0.6 em a character. */
                double w = 0.6 * op->size * (double)op->n;
                if (op->align == PDF_CENTER)
                        ax -= w / 2, bx += w / 2;
                else if (op->align == PDF_RIGHT)
                        ax -= w;
                else
                        bx += w;
                ay -= op->size;
                by += op->size * 0.3;
                break;
        }
        case DOC_OP_RECT:
                bx += op->w;
                by += op->h;
                break;
        case DOC_OP_LINE:
                ax = fmin(op->x, op->w);
                bx = fmax(op->x, op->w);
                ay = fmin(op->y, op->h) + dy;
                by = fmax(op->y, op->h) + dy;
                break;
        case DOC_OP_CIRCLE:
                ax -= op->w;
                bx += op->w;
                ay -= op->w;
                by += op->w;
                break;
        case DOC_OP_POLYLINE:
        case DOC_OP_POLYGON: {
                const double *pt = doc_op_points(o->d, op);
                for (size_t i = 0; i < op->n; i++) {
                        ax = fmin(ax, pt[2 * i]);
                        bx = fmax(bx, pt[2 * i]);
                        ay = fmin(ay, pt[2 * i + 1] + dy);
                        by = fmax(by, pt[2 * i + 1] + dy);
                }
                break;
        }
        }
        *x0 = fmin(*x0, ax);
        *y0 = fmin(*y0, ay);
        *x1 = fmax(*x1, bx);
        *y1 = fmax(*y1, by);
}

static void children(struct out *o, uint32_t n);

static void figure(struct out *o, uint32_t n)
{
        const struct doc *d = o->d;
        const struct doc_node *x = &d->nodes[n];
        struct strbuf *b = &o->b;
        size_t id = ++o->nfig;
        /* The figure's operations, pages stacked (a figure is normally on one page). */
        double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
        size_t first = SIZE_MAX;
        for (size_t pg = 0; pg < d->npages; pg++)
                for (size_t i = 0; i < d->pages[pg].nops; i++) {
                        const struct doc_op *op = &d->pages[pg].ops[i];
                        if (o->fig[op->node] != n)
                                continue;
                        if (first == SIZE_MAX)
                                first = pg;
                        extent(o, op, (double)(pg - first) * PDF_PAGE_H, &x0, &y0, &x1, &y1);
                }
        strbuf_addf(b, "<figure id=\"f%zu\">", id);
        if (first != SIZE_MAX) {
                x0 = fmax(0, x0 - 2);
                y0 -= 2;
                x1 = fmin(PDF_PAGE_W, x1 + 2);
                y1 += 2;
                strbuf_addf(b,
                            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
                            "aria-labelledby=\"f%zu-t\" aria-describedby=\"f%zu-d\" viewBox=\"",
                            id, id);
                num(b, x0);
                strbuf_addc(b, ' ');
                num(b, y0);
                strbuf_addc(b, ' ');
                num(b, x1 - x0);
                strbuf_addc(b, ' ');
                num(b, y1 - y0);
                strbuf_adds(b, "\" width=\"");
                num(b, (x1 - x0) * 1.4);
                strbuf_adds(b, "\" height=\"");
                num(b, (y1 - y0) * 1.4);
                strbuf_addf(b,
                            "\" font-family=\"DejaVu Sans, Verdana, sans-serif\"><title "
                            "id=\"f%zu-t\">",
                            id);
                esc(b, x->text ? x->text : "");
                strbuf_addf(b, "</title><desc id=\"f%zu-d\">", id);
                esc(b, x->alt ? x->alt : "");
                strbuf_adds(b, "</desc>");
                for (size_t pg = first; pg < d->npages; pg++)
                        for (size_t i = 0; i < d->pages[pg].nops; i++) {
                                const struct doc_op *op = &d->pages[pg].ops[i];
                                if (o->fig[op->node] == n)
                                        svg_op(o, op, (double)(pg - first) * PDF_PAGE_H);
                        }
                strbuf_adds(b, "</svg>");
        }
        children(o, n);
        strbuf_adds(b, "</figure>\n");
}

static void table(struct out *o, uint32_t n, int in_figure)
{
        const struct doc *d = o->d;
        struct strbuf *b = &o->b;
        uint32_t cap = d->nodes[n].first;
        int has_cap = cap && d->nodes[cap].kind == DOC_CAPTION;
        if (in_figure) {
                strbuf_adds(b, "<details><summary>");
                esc(b, has_cap ? doc_text_of(d, cap) : "");
                strbuf_adds(b, "</summary>");
        }
        strbuf_addf(b, "<div class=\"tw\" tabindex=\"0\" role=\"region\" aria-labelledby=\"t%u\">",
                    n);
        strbuf_addf(b, "<table id=\"t%u\">", n);
        for (uint32_t c = d->nodes[n].first; c; c = d->nodes[c].next) {
                const struct doc_node *x = &d->nodes[c];
                if (x->kind == DOC_CAPTION) {
                        /* A caption the PDF does not draw (a heading says it) is for screen
                         * readers. */
                        strbuf_adds(b, x->page == SIZE_MAX && !in_figure ? "<caption class=\"vh\">"
                                                                         : "<caption>");
                        esc(b, doc_text_of(d, c));
                        strbuf_adds(b, "</caption>\n");
                } else if (x->kind == DOC_TR && !x->skip) {
                        strbuf_adds(b, x->hilite ? "<tr class=\"own\">" : "<tr>");
                        for (uint32_t k = x->first; k; k = d->nodes[k].next) {
                                const struct doc_node *cl = &d->nodes[k];
                                const char *tag = cl->kind == DOC_TH ? "th" : "td";
                                strbuf_addf(b, "<%s", tag);
                                if (cl->kind == DOC_TH)
                                        strbuf_addf(b, " scope=\"%s\"",
                                                    cl->scope == DOC_SCOPE_ROW ? "row" : "col");
                                if (cl->colspan > 1)
                                        strbuf_addf(b, " colspan=\"%u\"", (unsigned)cl->colspan);
                                strbuf_adds(b, ">");
                                children(o, k);
                                if (cl->first && (cl->text || cl->drawn))
                                        strbuf_addc(b, ' ');
                                esc(b, doc_text_of(d, k));
                                strbuf_addf(b, "</%s>", tag);
                        }
                        strbuf_adds(b, "</tr>\n");
                }
        }
        strbuf_adds(b, "</table></div>");
        if (in_figure)
                strbuf_adds(b, "</details>");
        strbuf_addc(b, '\n');
}

static void node(struct out *o, uint32_t n)
{
        const struct doc *d = o->d;
        const struct doc_node *x = &d->nodes[n];
        struct strbuf *b = &o->b;
        static const char *const pstyle[] = {"", " class=\"title\"", " class=\"subtitle\"",
                                             " class=\"kicker\"", " class=\"lead\""};
        if (x->skip)
                return;
        switch ((enum doc_kind)x->kind) {
        case DOC_DOCUMENT:
                children(o, n);
                break;
        case DOC_H1:
        case DOC_H2:
        case DOC_H3: {
                int lv = x->kind == DOC_H1 ? 1 : x->kind == DOC_H2 ? 2 : 3;
                strbuf_addf(b, "<h%d id=\"%s\">", lv, x->id);
                esc(b, doc_text_of(d, n));
                strbuf_addf(b, "</h%d>\n", lv);
                break;
        }
        case DOC_P:
        case DOC_NOTE:
                strbuf_addf(b, "<p%s>",
                            x->kind == DOC_NOTE ? " class=\"note\"" : pstyle[x->style % 5]);
                children(o, n);
                esc(b, doc_text_of(d, n));
                strbuf_adds(b, "</p>\n");
                break;
        case DOC_L:
                strbuf_adds(b, "<ul>");
                children(o, n);
                strbuf_adds(b, "</ul>\n");
                break;
        case DOC_LI:
                strbuf_adds(b, "<li>");
                children(o, n);
                esc(b, doc_text_of(d, n));
                strbuf_adds(b, "</li>\n");
                break;
        case DOC_TOC: {
                uint32_t cap = x->first;
                int has_cap = cap && d->nodes[cap].kind == DOC_CAPTION;
                strbuf_addf(b, "<nav aria-labelledby=\"toc%u\">", n);
                strbuf_addf(b, "<p class=\"lead\" id=\"toc%u\">", n);
                esc(b, has_cap ? doc_text_of(d, cap) : "");
                strbuf_adds(b, "</p><ol>");
                for (uint32_t c = x->first; c; c = d->nodes[c].next) {
                        const struct doc_node *t = &d->nodes[c];
                        if (t->kind != DOC_TOCI)
                                continue;
                        strbuf_addf(b, "<li><a href=\"#%s\">", d->nodes[t->target].id);
                        esc(b, doc_text_of(d, t->target));
                        strbuf_adds(b, "</a></li>");
                }
                strbuf_adds(b, "</ol></nav>\n");
                break;
        }
        case DOC_TABLE:
                table(o, n, doc_in_figure(d, n));
                break;
        case DOC_FIGURE:
                figure(o, n);
                break;
        case DOC_LIGHT:
                strbuf_addf(b, "<span class=\"lt l%d%s\">", x->light,
                            x->shape == DOC_SQUARE ? " sq" : "");
                esc(b, doc_text_of(d, n));
                strbuf_adds(b, "</span>");
                if (x->alt) {
                        strbuf_adds(b, "<span class=\"vh\">");
                        esc(b, x->alt);
                        strbuf_adds(b, "</span>");
                }
                break;
        case DOC_DIV:
                strbuf_adds(b, "<div>");
                children(o, n);
                esc(b, doc_text_of(d, n));
                strbuf_adds(b, "</div>\n");
                break;
        case DOC_CAPTION: /* drawn by its table or contents list */
        case DOC_TR:
        case DOC_TH:
        case DOC_TD:
        case DOC_TOCI:
                break;
        }
}

static void children(struct out *o, uint32_t n)
{
        for (uint32_t c = o->d->nodes[n].first; c; c = o->d->nodes[c].next)
                node(o, c);
}

static int write_file(const char *path, const struct strbuf *b, struct err *e)
{
        return output_write_file(path, strbuf_str(b), b->len, e);
}

int html_render(const struct doc *d, const char *path, struct err *e)
{
        struct out o = {d, {0}, xcalloc(d->nnodes, sizeof *o.fig), 0};
        for (uint32_t n = 1; n < d->nnodes; n++) {
                uint32_t p = d->nodes[n].parent;
                o.fig[n] = d->nodes[n].kind == DOC_FIGURE ? n : o.fig[p];
        }
        struct strbuf *b = &o.b;
        strbuf_adds(b, "<!DOCTYPE html>\n<html lang=\"");
        esc(b, d->lang);
        strbuf_adds(b, "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
                       "content=\"width=device-width, initial-scale=1\">\n<title>");
        esc(b, d->title);
        strbuf_addf(b, "</title>\n<style>%s</style>\n</head>\n<body>\n", css);
        /* The cover: everything before the first section. */
        uint32_t c = d->nodes[0].first;
        strbuf_adds(b, "<header class=\"cover\"><div class=\"wrap\">\n");
        for (; c && d->nodes[c].kind != DOC_H1; c = d->nodes[c].next) {
                const struct doc_node *x = &d->nodes[c];
                if (x->kind == DOC_P && x->style == DOC_STYLE_NONE)
                        break;
                if (x->kind == DOC_P && x->style == DOC_STYLE_LEAD)
                        break;
                node(&o, c);
        }
        strbuf_adds(b, "</div></header>\n<main><div class=\"wrap\">\n<div class=\"cover-body\">\n");
        for (; c && d->nodes[c].kind != DOC_H1; c = d->nodes[c].next)
                node(&o, c);
        strbuf_adds(b, "</div>\n");
        int open = 0;
        for (; c; c = d->nodes[c].next) {
                if (d->nodes[c].kind == DOC_H1) {
                        if (open)
                                strbuf_adds(b, "</section>\n");
                        strbuf_addf(b, "<section aria-labelledby=\"%s\">\n", d->nodes[c].id);
                        open = 1;
                }
                node(&o, c);
        }
        if (open)
                strbuf_adds(b, "</section>\n");
        strbuf_adds(b, "</div></main>\n</body>\n</html>\n");
        int rc = write_file(path, b, e);
        strbuf_clear(b);
        free(o.fig);
        return rc;
}

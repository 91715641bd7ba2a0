/*
 * doc.c - the report document (see doc.h): a node tree in reading order and
 * the pages' drawing operations, each tied to its node.
 */
#include "doc.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static void *grow(void *v, size_t *cap, size_t need, size_t size)
{
        if (need <= *cap)
                return v;
        size_t c = *cap ? *cap : 16;
        while (c < need)
                c *= 2;
        *cap = c;
        return xrealloc(v, c * size);
}

struct doc *doc_new(const char *lang, const char *title)
{
        struct doc *d = xcalloc(1, sizeof *d);
        snprintf(d->lang, sizeof d->lang, "%s", lang);
        d->title = xstrdup(title ? title : "");
        d->nodes = grow(NULL, &d->capnodes, 64, sizeof *d->nodes);
        memset(&d->nodes[0], 0, sizeof d->nodes[0]);
        d->nodes[0].kind = DOC_DOCUMENT;
        d->nodes[0].page = SIZE_MAX;
        d->nnodes = 1;
        d->page = SIZE_MAX;
        return d;
}

void doc_free(struct doc *d)
{
        if (!d)
                return;
        for (size_t i = 0; i < d->nnodes; i++) {
                free(d->nodes[i].text);
                free(d->nodes[i].alt);
                free(d->nodes[i].id);
                free(d->nodes[i].drawn);
        }
        for (size_t i = 0; i < d->npages; i++)
                free(d->pages[i].ops);
        free(d->nodes);
        free(d->pages);
        free(d->strs);
        free(d->pts);
        free(d->title);
        free(d);
}

uint32_t doc_open(struct doc *d, enum doc_kind kind)
{
        d->nodes = grow(d->nodes, &d->capnodes, d->nnodes + 1, sizeof *d->nodes);
        uint32_t n = (uint32_t)d->nnodes++;
        struct doc_node *x = &d->nodes[n];
        memset(x, 0, sizeof *x);
        x->kind = (uint8_t)kind;
        x->skip = d->artifact > 0;
        x->parent = d->cur;
        x->page = SIZE_MAX;
        struct doc_node *p = &d->nodes[d->cur];
        if (p->last)
                d->nodes[p->last].next = n;
        else
                p->first = n;
        p->last = n;
        if (kind == DOC_H1 || kind == DOC_H2 || kind == DOC_H3) {
                char id[32];
                snprintf(id, sizeof id, "s%zu", ++d->nheadings);
                x->id = xstrdup(id);
        }
        d->cur = n;
        return n;
}

void doc_close(struct doc *d, uint32_t n)
{
        assert(d->cur == n && n != 0);
        d->cur = d->nodes[n].parent;
}

uint32_t doc_reopen(struct doc *d, uint32_t n)
{
        uint32_t prev = d->cur;
        d->cur = n;
        return prev;
}

void doc_resume(struct doc *d, uint32_t prev)
{
        d->cur = prev;
}

void doc_set_text(struct doc *d, uint32_t n, const char *text)
{
        free(d->nodes[n].text);
        d->nodes[n].text = text ? xstrdup(text) : NULL;
}

void doc_set_alt(struct doc *d, uint32_t n, const char *alt)
{
        free(d->nodes[n].alt);
        d->nodes[n].alt = alt ? xstrdup(alt) : NULL;
}

uint32_t doc_leaf(struct doc *d, enum doc_kind kind, const char *text)
{
        uint32_t n = doc_open(d, kind);
        doc_set_text(d, n, text);
        doc_close(d, n);
        return n;
}

const char *doc_text_of(const struct doc *d, uint32_t n)
{
        const struct doc_node *x = &d->nodes[n];
        if (x->text)
                return x->text;
        return x->drawn ? x->drawn : "";
}

void doc_artifact_begin(struct doc *d)
{
        d->artifact++;
}

void doc_artifact_end(struct doc *d)
{
        assert(d->artifact > 0);
        d->artifact--;
}

size_t doc_add_page(struct doc *d)
{
        d->pages = grow(d->pages, &d->cappages, d->npages + 1, sizeof *d->pages);
        memset(&d->pages[d->npages], 0, sizeof d->pages[0]);
        d->page = d->npages++;
        return d->page;
}

size_t doc_page_count(const struct doc *d)
{
        return d->npages;
}

void doc_set_page(struct doc *d, size_t i)
{
        assert(i < d->npages);
        d->page = i;
}

int doc_in_figure(const struct doc *d, uint32_t n)
{
        for (;;) {
                if (d->nodes[n].kind == DOC_FIGURE)
                        return 1;
                if (n == 0)
                        return 0;
                n = d->nodes[n].parent;
        }
}

int doc_data_only(const struct doc *d, uint32_t n)
{
        for (;;) {
                if (d->nodes[n].data_only)
                        return 1;
                if (n == 0)
                        return 0;
                n = d->nodes[n].parent;
        }
}

/* A new operation on the current page for the open node. */
static struct doc_op *op_new(struct doc *d, enum doc_op_kind kind, double x, double y)
{
        assert(d->page < d->npages);
        struct doc_page *pg = &d->pages[d->page];
        pg->ops = grow(pg->ops, &pg->cap, pg->nops + 1, sizeof *pg->ops);
        struct doc_op *op = &pg->ops[pg->nops++];
        memset(op, 0, sizeof *op);
        op->kind = (uint8_t)kind;
        op->node = d->cur;
        op->x = x;
        op->y = y;
        /* Graphics are content only inside a figure; text unless told otherwise. */
        op->artifact = d->artifact > 0                                      ? 2
                       : (kind != DOC_OP_TEXT && !doc_in_figure(d, d->cur)) ? 1
                                                                            : 0;
        struct doc_node *nd = &d->nodes[d->cur];
        if (!op->artifact && nd->page == SIZE_MAX) {
                nd->page = d->page;
                nd->y = y;
        }
        return op;
}

static void drawn_add(struct doc_node *nd, const char *s, size_t n, int hyphen)
{
        size_t need = nd->drawn_len + n + 2;
        nd->drawn = grow(nd->drawn, &nd->drawn_cap, need, 1);
        if (nd->drawn_len && !nd->drawn_hyphen)
                nd->drawn[nd->drawn_len++] = ' ';
        memcpy(nd->drawn + nd->drawn_len, s, n);
        nd->drawn_len += n;
        nd->drawn[nd->drawn_len] = '\0';
        nd->drawn_hyphen = hyphen;
}

static void text_op(struct doc *d, enum pdf_font font, double size, double x, double y,
                    enum pdf_align align, long color, const char *text, size_t n, int hyphen)
{
        struct doc_op *op = op_new(d, DOC_OP_TEXT, x, y);
        op->font = (uint8_t)font;
        op->align = (uint8_t)align;
        op->size = size;
        op->fill = color;
        d->strs = grow(d->strs, &d->capstrs, d->nstrs + n + 1, 1);
        op->off = d->nstrs;
        op->n = n + (hyphen ? 1 : 0);
        memcpy(d->strs + d->nstrs, text, n);
        if (hyphen)
                d->strs[d->nstrs + n] = '-';
        d->nstrs += op->n;
        if (!op->artifact)
                drawn_add(&d->nodes[d->cur], text, n, hyphen);
}

void doc_text(struct doc *d, enum pdf_font font, double size, double x, double y,
              enum pdf_align align, long color, const char *text)
{
        text_op(d, font, size, x, y, align, color, text, strlen(text), 0);
}

void doc_text_n(struct doc *d, enum pdf_font font, double size, double x, double y,
                enum pdf_align align, long color, const char *text, size_t n)
{
        text_op(d, font, size, x, y, align, color, text, n, 0);
}

void doc_text_line(struct doc *d, enum pdf_font font, double size, double x, double y,
                   enum pdf_align align, long color, const char *text, const struct pdf_line *l)
{
        /*
         * A left-aligned line that ended at a space keeps one (invisible) space,
         * so that text extracted from the PDF does not run two words together.
         */
        char c = text[l->off + l->len];
        if (!l->hyphen && align == PDF_LEFT && (c == ' ' || c == '\n')) {
                struct doc_page *pg = &d->pages[d->page];
                text_op(d, font, size, x, y, align, color, text + l->off, l->len, 0);
                struct doc_op *op = &pg->ops[pg->nops - 1];
                d->strs = grow(d->strs, &d->capstrs, d->nstrs + 1, 1);
                d->strs[d->nstrs++] = ' ';
                op->n++;
                return;
        }
        text_op(d, font, size, x, y, align, color, text + l->off, l->len, l->hyphen);
}

void doc_rect(struct doc *d, double x, double y, double w, double h, long fill, long stroke,
              double line_width)
{
        struct doc_op *op = op_new(d, DOC_OP_RECT, x, y);
        op->w = w;
        op->h = h;
        op->fill = fill;
        op->stroke = stroke;
        op->size = line_width;
}

void doc_line(struct doc *d, double x1, double y1, double x2, double y2, double line_width,
              long color, double dash)
{
        struct doc_op *op = op_new(d, DOC_OP_LINE, x1, y1);
        op->w = x2;
        op->h = y2;
        op->size = line_width;
        op->stroke = color;
        op->fill = PDF_NONE;
        op->dash = dash;
}

static void points(struct doc *d, struct doc_op *op, const double *xs, const double *ys, size_t n)
{
        d->pts = grow(d->pts, &d->cappts, d->npts + 2 * n, sizeof *d->pts);
        op->off = d->npts;
        op->n = n;
        for (size_t i = 0; i < n; i++) {
                d->pts[d->npts++] = xs[i];
                d->pts[d->npts++] = ys[i];
        }
}

void doc_polyline(struct doc *d, const double *xs, const double *ys, size_t n, double line_width,
                  long color, double dash)
{
        struct doc_op *op = op_new(d, DOC_OP_POLYLINE, n ? xs[0] : 0, n ? ys[0] : 0);
        op->size = line_width;
        op->stroke = color;
        op->fill = PDF_NONE;
        op->dash = dash;
        points(d, op, xs, ys, n);
}

void doc_circle(struct doc *d, double x, double y, double r, long fill, long stroke,
                double line_width)
{
        struct doc_op *op = op_new(d, DOC_OP_CIRCLE, x, y);
        op->w = r;
        op->fill = fill;
        op->stroke = stroke;
        op->size = line_width;
}

void doc_polygon(struct doc *d, const double *xs, const double *ys, size_t n, long fill,
                 long stroke, double line_width)
{
        struct doc_op *op = op_new(d, DOC_OP_POLYGON, n ? xs[0] : 0, n ? ys[0] : 0);
        op->fill = fill;
        op->stroke = stroke;
        op->size = line_width;
        points(d, op, xs, ys, n);
}

const char *doc_op_text(const struct doc *d, const struct doc_op *op)
{
        return d->strs + op->off;
}

const double *doc_op_points(const struct doc *d, const struct doc_op *op)
{
        return d->pts + op->off;
}

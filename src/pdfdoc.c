/*
 * pdfdoc.c - the report document as a tagged PDF (see pdfdoc.h).
 *
 * The pages are drawn operation by operation in the order the section
 * builders drew them, which is the reading order. A structure element is
 * made for a node when its first content is drawn (its ancestors first), so
 * that the structure tree lists the elements in the order a reader meets
 * them. Consecutive operations of one node form one marked-content sequence;
 * everything in a figure belongs to the figure. Bookmarks point at the
 * headings' elements.
 */
#include "pdfdoc.h"

#include <stdlib.h>
#include <string.h>

#ifndef DM_ICC_PATH
#define DM_ICC_PATH "/usr/share/color/icc/sRGB.icc"
#endif

/* The standard structure type of each node kind. */
static const char *const tag_of[] = {
    [DOC_DOCUMENT] = "Document",
    [DOC_H1] = "H1",
    [DOC_H2] = "H2",
    [DOC_H3] = "H3",
    [DOC_P] = "P",
    [DOC_NOTE] = "P",
    [DOC_L] = "L",
    [DOC_LI] = "LI",
    [DOC_TOC] = "TOC",
    [DOC_TOCI] = "TOCI",
    [DOC_TABLE] = "Table",
    [DOC_CAPTION] = "Caption",
    [DOC_TR] = "TR",
    [DOC_TH] = "TH",
    [DOC_TD] = "TD",
    [DOC_FIGURE] = "Figure",
    [DOC_LIGHT] = "Span",
    [DOC_DIV] = "Div",
};

struct ctx {
        const struct doc *d;
        struct pdf *p;
        size_t *elem; /* per node: its structure element, 0 = not made yet */
        size_t *body; /* per node: where its own content goes (an LI's LBody) */
};

/* The structure element of node n, made (with its ancestors) on first use. */
static size_t elem_of(struct ctx *c, uint32_t n)
{
        if (c->elem[n])
                return c->elem[n];
        const struct doc_node *x = &c->d->nodes[n];
        size_t parent = 0;
        if (n != 0) {
                elem_of(c, x->parent);
                parent = c->body[x->parent]; /* inside a list item: in its LBody */
        }
        size_t e = pdf_struct_new(c->p, parent, tag_of[x->kind]);
        c->elem[n] = e;
        c->body[n] = e;
        if (x->kind == DOC_LI)
                c->body[n] = pdf_struct_new(c->p, e, "LBody");
        if (x->kind == DOC_FIGURE)
                pdf_struct_alt(c->p, e, x->alt ? x->alt : doc_text_of(c->d, n));
        if (x->kind == DOC_LIGHT && x->alt)
                pdf_struct_alt(c->p, e, x->alt);
        if (x->kind == DOC_TH || x->kind == DOC_TD)
                pdf_struct_table_attr(c->p, e, x->kind == DOC_TH ? (x->scope ? x->scope : 1) : 0,
                                      x->colspan);
        if (x->kind == DOC_TR) {
                /* Every cell of a row, in order, also one with nothing drawn in it. */
                for (uint32_t k = x->first; k; k = c->d->nodes[k].next)
                        if ((c->d->nodes[k].kind == DOC_TH || c->d->nodes[k].kind == DOC_TD) &&
                            !c->d->nodes[k].skip)
                                elem_of(c, k);
        }
        if (x->kind == DOC_H1 || x->kind == DOC_H2)
                pdf_bookmark_elem(c->p, x->kind == DOC_H1 ? 0 : 1, doc_text_of(c->d, n), e,
                                  x->y - 20);
        return e;
}

/* The node whose element an operation's content belongs to: a figure takes all within. */
static uint32_t owner(const struct doc *d, uint32_t n)
{
        /*
         * A light's letter is part of its cell's text ("K 58"): a Span of its
         * own would cost an object a light, and the size budget has no room.
         */
        if (d->nodes[n].kind == DOC_LIGHT && n != 0)
                n = d->nodes[n].parent;
        uint32_t fig = 0;
        for (uint32_t k = n;; k = d->nodes[k].parent) {
                if (d->nodes[k].kind == DOC_FIGURE)
                        fig = k;
                if (k == 0)
                        break;
        }
        return fig ? fig : n;
}

static void draw(struct pdf *p, const struct doc *d, const struct doc_op *op)
{
        switch ((enum doc_op_kind)op->kind) {
        case DOC_OP_TEXT:
                pdf_text_n(p, (enum pdf_font)op->font, op->size, op->x, op->y,
                           (enum pdf_align)op->align, op->fill, doc_op_text(d, op), op->n);
                break;
        case DOC_OP_RECT:
                pdf_rect(p, op->x, op->y, op->w, op->h, op->fill, op->stroke, op->size);
                break;
        case DOC_OP_LINE:
                pdf_line(p, op->x, op->y, op->w, op->h, op->size, op->stroke, op->dash);
                break;
        case DOC_OP_CIRCLE:
                pdf_circle(p, op->x, op->y, op->w, op->fill, op->stroke, op->size);
                break;
        case DOC_OP_POLYLINE:
        case DOC_OP_POLYGON: {
                const double *pt = doc_op_points(d, op);
                double xs[64], ys[64];
                double *vx = op->n > 64 ? xmalloc(op->n * sizeof *vx) : xs;
                double *vy = op->n > 64 ? xmalloc(op->n * sizeof *vy) : ys;
                for (size_t i = 0; i < op->n; i++) {
                        vx[i] = pt[2 * i];
                        vy[i] = pt[2 * i + 1];
                }
                if (op->kind == DOC_OP_POLYLINE)
                        pdf_polyline(p, vx, vy, op->n, op->size, op->stroke, op->dash);
                else
                        pdf_polygon(p, vx, vy, op->n, op->fill, op->stroke, op->size);
                if (vx != xs) {
                        free(vx);
                        free(vy);
                }
                break;
        }
        }
}

int pdfdoc_render(const struct doc *d, struct pdf *p, struct err *e)
{
        struct ctx c = {d, p, xcalloc(d->nnodes, sizeof *c.elem),
                        xcalloc(d->nnodes, sizeof *c.body)};
        elem_of(&c, 0);
        for (size_t pg = 0; pg < d->npages; pg++) {
                pdf_add_page(p);
                const struct doc_page *page = &d->pages[pg];
                /* The open sequence: -1 none, -2 layout artifact, -3 pagination, else the node. */
                long open = -1;
                for (size_t i = 0; i < page->nops; i++) {
                        const struct doc_op *op = &page->ops[i];
                        long want = op->artifact == 2   ? -3
                                    : op->artifact == 1 ? -2
                                                        : (long)owner(d, op->node);
                        if (want != open) {
                                if (open != -1)
                                        pdf_mark_end(p);
                                if (want < 0) {
                                        pdf_artifact_begin(p, want == -3);
                                } else {
                                        elem_of(&c, (uint32_t)want);
                                        pdf_mark_begin(p, c.body[want]);
                                }
                                open = want;
                        }
                        draw(p, d, op);
                }
                if (open != -1)
                        pdf_mark_end(p);
        }
        free(c.elem);
        free(c.body);
        return pdf_set_tagged(p, d->lang, DM_ICC_PATH, e);
}

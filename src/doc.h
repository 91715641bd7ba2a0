/*
 * doc.h - the report document: what a report says, built once by the
 * section builders of report.c and drawn by two renderers, pdfdoc.c (tagged
 * PDF through pdf.h) and html.c (one self-contained HTML file).
 *
 * A document is a tree of nodes in reading order (cmark-like): headings of
 * three levels, paragraphs, lists and their items, a contents list, tables
 * with a caption, rows and header or data cells, figures with a text
 * alternative, and inline lights (a coloured disc or square with its
 * letter). Every node holds the text a reader gets from it; a figure also
 * holds the table of the data behind it (a child table marked as data
 * only, which the PDF does not draw).
 *
 * Beside the tree, a document holds the PDF pages as lists of drawing
 * operations (text, rectangles, lines, circles, polygons) in the order they
 * were drawn. Each operation belongs to the node that was open when it was
 * drawn, or is an artifact (running headers, page numbers, rules, cell
 * backgrounds, repeated table heads): this is what the PDF renderer tags.
 * The operations inside a figure are also its drawing for the HTML edition
 * (SVG). The text of a node that was given none is the text drawn inside
 * it, so that the two editions say the same words.
 *
 * Coordinates and colours are those of pdf.h. Nodes are numbered from 0
 * (the document root) in the order they were made; a node's number stays
 * valid for the life of the document.
 *
 * Ownership: a struct doc owns its nodes, operations and every string in
 * them; strings passed in are copied.
 */
#ifndef DM_DOC_H
#define DM_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "pdf.h"

enum doc_kind {
        DOC_DOCUMENT, /* the root */
        DOC_H1,       /* a section: new page, bookmark, contents entry */
        DOC_H2,       /* a subsection (child bookmark) */
        DOC_H3,       /* a heading inside a subsection (no bookmark) */
        DOC_P,        /* a paragraph */
        DOC_NOTE,     /* a paragraph in a smaller, muted print */
        DOC_L,        /* a list */
        DOC_LI,       /* a list item */
        DOC_TOC,      /* the contents list: items are DOC_TOCI */
        DOC_TOCI,     /* one contents entry; target = the heading's node */
        DOC_TABLE,    /* a table: a DOC_CAPTION, then DOC_TR rows */
        DOC_CAPTION,  /* a table's or figure's caption */
        DOC_TR,       /* a table row */
        DOC_TH,       /* a header cell (scope: DOC_SCOPE_COL or _ROW) */
        DOC_TD,       /* a data cell */
        DOC_FIGURE,   /* a chart: alt text, drawing, data table (child, data only) */
        DOC_LIGHT,    /* an inline light: light and shape set, text = its letter */
        DOC_DIV,      /* a group of blocks with no meaning of its own (a legend) */
};

enum doc_scope { DOC_SCOPE_NONE, DOC_SCOPE_COL, DOC_SCOPE_ROW };

/* The lights of the report (their colour and letter are report.c's). */
enum doc_light {
        DOC_L_NONE,
        DOC_L_RED,
        DOC_L_YELLOW,
        DOC_L_GREEN,
        DOC_L_UNCERTAIN,
        DOC_L_SUPPRESSED
};

enum doc_shape { DOC_DISC, DOC_SQUARE };

/* How a paragraph looks (the cover's lines); DOC_STYLE_NONE for body text. */
enum doc_style {
        DOC_STYLE_NONE,
        DOC_STYLE_TITLE,
        DOC_STYLE_SUBTITLE,
        DOC_STYLE_KICKER,
        DOC_STYLE_LEAD
};

/* One drawing operation. */
enum doc_op_kind {
        DOC_OP_TEXT,
        DOC_OP_RECT,
        DOC_OP_LINE,
        DOC_OP_POLYLINE,
        DOC_OP_CIRCLE,
        DOC_OP_POLYGON
};

struct doc_op {
        uint8_t kind;      /* enum doc_op_kind */
        uint8_t font;      /* text: enum pdf_font */
        uint8_t align;     /* text: enum pdf_align */
        uint8_t artifact;  /* not content: 1 decoration, 2 furniture or a repeated table head */
        uint32_t node;     /* the node it belongs to */
        double x, y, w, h; /* text: x, y; rect: x, y, w, h; line: x1, y1, x2, y2; circle: x, y, r */
        double size;       /* text: font size; others: line width */
        double dash;       /* line, polyline: dash length, 0 = solid */
        long fill, stroke; /* text: fill is the colour */
        size_t off, n;     /* text: bytes in the string arena; poly*: points in the point arena */
};

/* One page: its operations in drawing order. */
struct doc_page {
        struct doc_op *ops;
        size_t nops, cap;
};

struct doc_node {
        uint8_t kind;  /* enum doc_kind */
        uint8_t scope; /* DOC_TH: enum doc_scope */
        uint8_t light; /* DOC_LIGHT: enum doc_light */
        uint8_t shape; /* DOC_LIGHT: enum doc_shape */
        uint8_t
            data_only;    /* 1: HTML only (a figure's data table); the PDF draws it as the figure */
        uint8_t hilite;   /* DOC_TR: the report's own row (highlighted) */
        uint8_t style;    /* DOC_P: enum doc_style */
        uint8_t skip;     /* made inside doc_artifact_begin/end (a repeated head): not content */
        uint16_t colspan; /* DOC_TH/TD: columns spanned, 0 or 1 = one */
        uint32_t parent;  /* the root is its own parent */
        uint32_t first, last, next; /* children; 0 = none (the root is nobody's child) */
        uint32_t target;            /* DOC_TOCI: the heading it points to */
        char *text;                 /* the text given, or NULL: then the text drawn inside */
        char *alt;   /* DOC_FIGURE: the text alternative; DOC_LIGHT: what the light means */
        char *id;    /* headings: an anchor ("s3"), made by doc_open */
        size_t page; /* the page (0-based) of its first drawing, or SIZE_MAX */
        double y;    /* headings: the top of its first drawing on that page */
        /* Text drawn inside it, joined (see doc_text_of). */
        char *drawn;
        size_t drawn_len, drawn_cap;
        int drawn_hyphen; /* the last piece drawn ended with a hyphen of a broken word */
};

struct doc {
        struct doc_node *nodes;
        size_t nnodes, capnodes;
        struct doc_page *pages;
        size_t npages, cappages;
        size_t page;  /* current page */
        uint32_t cur; /* the open node */
        int artifact; /* > 0: what is drawn now is an artifact */
        char *strs;   /* text arena */
        size_t nstrs, capstrs;
        double *pts; /* point arena: x, y pairs */
        size_t npts, cappts;
        char lang[16]; /* "fi-FI" or "en-GB" */
        char *title;   /* the document's title */
        size_t nheadings;
};

/* Makes an empty document (root node open, no page) in language lang ("fi-FI"). */
struct doc *doc_new(const char *lang, const char *title);

/* Frees the document; NULL is a no-op. */
void doc_free(struct doc *d);

/*
 * Opens a new node of kind as the last child of the open node and makes it
 * the open one. Returns its number.
 */
uint32_t doc_open(struct doc *d, enum doc_kind kind);

/*
 * Closes node n, which must be the open one (an assert); its parent becomes
 * the open node.
 */
void doc_close(struct doc *d, uint32_t n);

/*
 * Makes node n (a node closed earlier, e.g. the contents list filled at the
 * end) the open node again; returns the node that was open, for
 * doc_resume().
 */
uint32_t doc_reopen(struct doc *d, uint32_t n);

/* Makes node prev the open node again (after doc_reopen). */
void doc_resume(struct doc *d, uint32_t prev);

/* Opens a node, sets its text and closes it: a heading, paragraph or cell. */
uint32_t doc_leaf(struct doc *d, enum doc_kind kind, const char *text);

/* Sets node n's text (copied), replacing what it had; NULL clears it. */
void doc_set_text(struct doc *d, uint32_t n, const char *text);

/* Sets node n's text alternative (copied). */
void doc_set_alt(struct doc *d, uint32_t n, const char *alt);

/* The text of node n: its own text, else the text drawn inside it ("" when none). */
const char *doc_text_of(const struct doc *d, uint32_t n);

/*
 * Starts (depth + 1) or ends (depth - 1) a stretch of drawing that is not
 * content: page furniture, decoration, a table head repeated on a new page.
 * Nodes opened inside are marked skip (the HTML leaves them out). Nests.
 */
void doc_artifact_begin(struct doc *d);
void doc_artifact_end(struct doc *d);

/* Appends a page and makes it current; returns its 0-based number. */
size_t doc_add_page(struct doc *d);

/* Number of pages. */
size_t doc_page_count(const struct doc *d);

/* Makes page i (< doc_page_count) current. */
void doc_set_page(struct doc *d, size_t i);

/*
 * The drawing operations: as in pdf.h, recorded on the current page for the
 * open node. Text drawn is also added to the open node's drawn text (and a
 * line that ends with a hyphen of a broken word joins the next one).
 * Graphics outside a figure are artifacts; text is content unless inside
 * doc_artifact_begin/end.
 */
void doc_text(struct doc *d, enum pdf_font font, double size, double x, double y,
              enum pdf_align align, long color, const char *text);
void doc_text_n(struct doc *d, enum pdf_font font, double size, double x, double y,
                enum pdf_align align, long color, const char *text, size_t n);
void doc_text_line(struct doc *d, enum pdf_font font, double size, double x, double y,
                   enum pdf_align align, long color, const char *text, const struct pdf_line *l);
void doc_rect(struct doc *d, double x, double y, double w, double h, long fill, long stroke,
              double line_width);
void doc_line(struct doc *d, double x1, double y1, double x2, double y2, double line_width,
              long color, double dash);
void doc_polyline(struct doc *d, const double *xs, const double *ys, size_t n, double line_width,
                  long color, double dash);
void doc_circle(struct doc *d, double x, double y, double r, long fill, long stroke,
                double line_width);
void doc_polygon(struct doc *d, const double *xs, const double *ys, size_t n, long fill,
                 long stroke, double line_width);

/* The string of a text operation (not NUL-terminated: op->n bytes). */
const char *doc_op_text(const struct doc *d, const struct doc_op *op);

/* The points of a poly operation: x0, y0, x1, y1, ... (op->n pairs). */
const double *doc_op_points(const struct doc *d, const struct doc_op *op);

/* 1 when node n is a figure or inside one. */
int doc_in_figure(const struct doc *d, uint32_t n);

/* 1 when node n or an ancestor is data only (HTML only). */
int doc_data_only(const struct doc *d, uint32_t n);

#endif

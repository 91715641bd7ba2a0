/*
 * pdf.h - a small drawing layer over libharu for the report stage: A4 pages,
 * embedded DejaVu fonts with UTF-8 text, measuring and wrapping, lines,
 * rectangles and circles, bookmarks, document information, the structure
 * tree and marked content of a tagged PDF, PDF/A metadata and a checked
 * save. report.c measures text with it and pdfdoc.c draws with it; nothing
 * else in the pipeline sees libharu.
 *
 * Coordinates are PostScript points (1/72 inch) from the TOP-LEFT corner of
 * the page, y growing downwards; text is placed by its baseline. Colours are
 * 0xRRGGBB, or PDF_NONE for "do not fill" / "do not stroke". Errors inside
 * libharu are remembered and reported by pdf_save(); drawing calls themselves
 * never fail.
 *
 * Fonts: the report fonts are glyph subsets of DejaVu Sans and DejaVu Sans
 * Bold made at build time (scripts/fontsubset.c keeps the code points listed
 * in PDF_GLYPH_RANGES below) and looked up in the data folder (datadir.h:
 * fonts/ under build/share/digimittari or PREFIX/share/digimittari). They are
 * required: pdf_new() fails naming a missing one. A text with a character
 * outside the subset is drawn with the full font from DM_FONT_DIR (embedded
 * on first use).
 *
 * Text is UTF-8. Invalid bytes, control characters and characters outside
 * the Basic Multilingual Plane are drawn as U+FFFD.
 *
 * Ownership: a struct pdf owns its libharu document and everything drawn;
 * strings passed in are copied or consumed before the call returns.
 */
#ifndef DM_PDF_H
#define DM_PDF_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/*
 * Unicode ranges kept in the embedded font subsets: Basic Latin, Latin-1,
 * Latin Extended-A (Finnish, Swedish, Sami, most European names), general
 * punctuation, the euro sign, arrows, a few maths signs and the shapes the
 * report draws. One list, read by scripts/fontsubset.c and by pdf.c.
 */
#define PDF_GLYPH_RANGES                                                                           \
        PDF_RANGE(0x0020, 0x007E)                                                                  \
        PDF_RANGE(0x00A0, 0x017F)                                                                  \
        PDF_RANGE(0x2010, 0x2027)                                                                  \
        PDF_RANGE(0x2030, 0x203A)                                                                  \
        PDF_RANGE(0x20AC, 0x20AC)                                                                  \
        PDF_RANGE(0x2190, 0x2195)                                                                  \
        PDF_RANGE(0x2212, 0x2212)                                                                  \
        PDF_RANGE(0x2248, 0x2248)                                                                  \
        PDF_RANGE(0x2260, 0x2265)                                                                  \
        PDF_RANGE(0x25A0, 0x25A1)                                                                  \
        PDF_RANGE(0x25B2, 0x25BC)                                                                  \
        PDF_RANGE(0x25CB, 0x25CF)                                                                  \
        PDF_RANGE(0x2713, 0x2717)

/* A4 portrait, in points. */
#define PDF_PAGE_W 595.276
#define PDF_PAGE_H 841.89

/* "No colour": no fill or no stroke. */
#define PDF_NONE (-1L)

enum pdf_font {
        PDF_REGULAR, /* DejaVu Sans */
        PDF_BOLD,    /* DejaVu Sans Bold */
};

enum pdf_align { PDF_LEFT, PDF_CENTER, PDF_RIGHT };

struct pdf;

/*
 * One wrapped line: bytes [off, off + len) of the text, its width in points
 * and whether a hyphen ends it (a word broken at a syllable boundary).
 */
struct pdf_line {
        size_t off, len;
        double width;
        int hyphen;
};

/* A list of wrapped lines; zero-initialise, release with pdf_lines_clear(). */
struct pdf_lines {
        struct pdf_line *v;
        size_t n, cap;
};

void pdf_lines_clear(struct pdf_lines *l);

/*
 * Creates an empty document with compression on and the two report fonts
 * loaded. Returns it, or NULL with e set (DM_EX_SOFTWARE, with the libharu
 * error code, when libharu or the fonts fail).
 */
struct pdf *pdf_new(struct err *e);

/* Frees the document; NULL is a no-op. */
void pdf_free(struct pdf *p);

/*
 * Sets the document information (UTF-8; NULL leaves a field out) and both
 * dates to `when` (seconds since the epoch, UTC): creation and modification
 * dates are never taken from the clock, so that output is reproducible.
 */
void pdf_set_info(struct pdf *p, const char *title, const char *author, const char *subject,
                  const char *keywords, const char *creator, int64_t when);

/* Appends an A4 portrait page and makes it current; returns its 0-based number. */
size_t pdf_add_page(struct pdf *p);

/* Number of pages so far. */
size_t pdf_page_count(const struct pdf *p);

/* Makes page i (0-based, < pdf_page_count) current again, e.g. to draw footers. */
void pdf_set_page(struct pdf *p, size_t i);

/*
 * Adds a bookmark to the top of the current page: level 0 is a top-level
 * entry, level 1 a child of the latest level-0 entry.
 */
void pdf_bookmark(struct pdf *p, int level, const char *title);

/* Width in points of text in font at size. */
double pdf_text_width(struct pdf *p, enum pdf_font font, double size, const char *text);

/* Same for the first n bytes of text. */
double pdf_text_width_n(struct pdf *p, enum pdf_font font, double size, const char *text, size_t n);

/*
 * Draws one line of text with its baseline at y, aligned at x (the left
 * edge, centre or right edge by align), in colour. No wrapping.
 */
void pdf_text(struct pdf *p, enum pdf_font font, double size, double x, double y,
              enum pdf_align align, long color, const char *text);

/* Same for the first n bytes of text. */
void pdf_text_n(struct pdf *p, enum pdf_font font, double size, double x, double y,
                enum pdf_align align, long color, const char *text, size_t n);

/*
 * Breaks text into lines no wider than width: at spaces, after a hyphen, a
 * dash or a slash, and inside a word only when the word alone is too wide:
 * then with a hyphen at a break point of the document's hyphenation
 * language (pdf_set_hyphenation, hyph.h), preferring a compound boundary
 * ("kypsyys-taso"), or anywhere as a last resort. An explicit
 * '\n' ends a line. Replaces the contents of out; returns the number of lines
 * (at least 1, an empty line for an empty text).
 */
size_t pdf_wrap(struct pdf *p, enum pdf_font font, double size, const char *text, double width,
                struct pdf_lines *out);

/*
 * Sets how pdf_wrap breaks words: lang is an enum hyph_lang (HYPH_NONE, the
 * default, breaks a too-wide word anywhere). The caller opens the language
 * first (hyph_open) to report a missing dictionary.
 */
void pdf_set_hyphenation(struct pdf *p, int lang);

/* Draws line l of text (from pdf_wrap), with its hyphen when it has one. */
void pdf_text_line(struct pdf *p, enum pdf_font font, double size, double x, double y,
                   enum pdf_align align, long color, const char *text, const struct pdf_line *l);

/*
 * Draws text wrapped into width, first baseline at y, lines `leading` apart.
 * Returns the number of lines drawn.
 */
size_t pdf_para(struct pdf *p, enum pdf_font font, double size, double leading, double x, double y,
                double width, enum pdf_align align, long color, const char *text);

/* Returns the largest size <= size (and >= min) at which text fits width on one line. */
double pdf_fit_size(struct pdf *p, enum pdf_font font, double size, double min, double width,
                    const char *text);

/* Rectangle with its top-left corner at (x, y); fill and/or stroke (PDF_NONE to skip). */
void pdf_rect(struct pdf *p, double x, double y, double w, double h, long fill, long stroke,
              double line_width);

/* Straight line; dash > 0 draws it dashed with that dash length. */
void pdf_line(struct pdf *p, double x1, double y1, double x2, double y2, double line_width,
              long color, double dash);

/*
 * Open line through n points (xs[i], ys[i]) with round joins; dash > 0 draws
 * it dashed. Fewer than two points draw nothing.
 */
void pdf_polyline(struct pdf *p, const double *xs, const double *ys, size_t n, double line_width,
                  long color, double dash);

/* Circle centred at (x, y). */
void pdf_circle(struct pdf *p, double x, double y, double r, long fill, long stroke,
                double line_width);

/* Closed polygon through n points (xs[i], ys[i]). */
void pdf_polygon(struct pdf *p, const double *xs, const double *ys, size_t n, long fill,
                 long stroke, double line_width);

/* ---- tagged PDF (PDF/UA-1) and PDF/A ------------------------------------- */

/*
 * Structure elements are numbered from 1; 0 stands for the structure tree
 * root, under which the first element (the Document) is made.
 *
 * Makes a structure element of standard type `type` ("H1", "P", "Table",
 * "TD", ...) as the last child of element `parent`. Returns its number.
 */
size_t pdf_struct_new(struct pdf *p, size_t parent, const char *type);

/* Sets element e's text alternative /Alt (UTF-8). */
void pdf_struct_alt(struct pdf *p, size_t e, const char *alt);

/*
 * Sets table attributes of element e (a TH or TD): its header scope (0 none,
 * 1 column, 2 row) and the columns it spans (<= 1: none).
 */
void pdf_struct_table_attr(struct pdf *p, size_t e, int scope, int colspan);

/*
 * Begins a marked-content sequence of element e (tag its type) on the
 * current page: the page content drawn until pdf_mark_end() belongs to e.
 * Sequences do not nest.
 */
void pdf_mark_begin(struct pdf *p, size_t e);

/*
 * Begins an artifact on the current page (pagination = 1: a running header,
 * footer or page number; 0: layout, e.g. a rule or a cell background).
 */
void pdf_artifact_begin(struct pdf *p, int pagination);

/* Ends the sequence begun by pdf_mark_begin() or pdf_artifact_begin(). */
void pdf_mark_end(struct pdf *p);

/*
 * Adds a bookmark for heading element e on the current page, with its
 * destination at y (top-down) and the element as its /SE: level 0 is a
 * top-level entry, level 1 a child of the latest level-0 entry.
 */
void pdf_bookmark_elem(struct pdf *p, int level, const char *title, size_t e, double y);

/*
 * Makes the document a tagged PDF/UA-1 and PDF/A-2a file when saved: the
 * document language (BCP 47, "fi-FI"), the structure tree and parent tree,
 * /MarkInfo, /ViewerPreferences /DisplayDocTitle, XMP metadata repeating the
 * document information (set pdf_set_info() first) with the PDF/A and PDF/UA
 * identification, an sRGB output intent from the ICC profile at icc_path, a
 * file identifier and PDF 1.7. Returns 0, or -1 with e set (DM_EX_NOINPUT
 * when the profile cannot be read).
 */
int pdf_set_tagged(struct pdf *p, const char *lang, const char *icc_path, struct err *e);

/*
 * Writes the document to path. Returns 0, or -1 with e set: DM_EX_SOFTWARE
 * with the libharu error code when drawing failed, DM_EX_CANTCREAT when the
 * file cannot be created, DM_EX_IOERR when writing or closing it fails.
 */
int pdf_save(struct pdf *p, const char *path, struct err *e);

#endif

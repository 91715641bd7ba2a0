/*
 * html.h - the HTML renderer of the report document: one self-contained
 * file (inline CSS and SVG, no script, no external request) with the same
 * words as the PDF edition: landmarks, the headings of the PDF's bookmarks,
 * tables with captions and header scopes, each figure as an SVG image with
 * a title and description, followed by the table of its data.
 */
#ifndef DM_HTML_H
#define DM_HTML_H

#include "doc.h"
#include "util.h"

/*
 * Writes document d as HTML to path (created or truncated). Returns 0, or
 * -1 with e set: DM_EX_CANTCREAT when path cannot be created, DM_EX_IOERR
 * when writing fails.
 */
int html_render(const struct doc *d, const char *path, struct err *e);

#endif

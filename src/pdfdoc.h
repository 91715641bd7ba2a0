/*
 * pdfdoc.h - the PDF renderer of the report document: draws a struct doc's
 * pages through pdf.h as a tagged PDF (PDF/UA-1, PDF/A-2a): one structure
 * element per node in reading order, each node's drawing marked as its
 * content, everything else as artifacts, bookmarks for the headings.
 */
#ifndef DM_PDFDOC_H
#define DM_PDFDOC_H

#include "doc.h"
#include "pdf.h"
#include "util.h"

/*
 * Draws document d into p (which must have no pages yet and its document
 * information set) and makes it tagged. Returns 0, or -1 with e set
 * (DM_EX_NOINPUT when the sRGB profile DM_ICC_PATH cannot be read).
 */
int pdfdoc_render(const struct doc *d, struct pdf *p, struct err *e);

#endif

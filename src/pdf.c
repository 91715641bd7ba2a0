/*
 * pdf.c - the report stage's drawing layer over libharu (see pdf.h).
 *
 * libharu draws in a bottom-left coordinate system; every call here turns the
 * top-left coordinates of pdf.h around. Text goes through libharu's UTF-8
 * encoder to Type 0 fonts (CIDFontType2 with Identity-H), whose glyphs are
 * embedded as they are used.
 *
 * Two libharu 2.3.0 quirks are handled here:
 *  - its ToUnicode CMap for UTF-8 fonts uses the CID operators where a
 *    ToUnicode map needs bfrange ones, so text extraction relies on viewer
 *    fallbacks; pdf_save() replaces it with a correct identity map of the
 *    Unicode blocks the document used;
 *  - it has no error return from drawing calls: an error handler records the
 *    first libharu error and pdf_save() reports it.
 */
#include "pdf.h"

#include "datadir.h"
#include "hyph.h"
#include "msgcat.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <libdeflate.h>
#include <xxhash.h>

#ifndef DM_FONT_DIR
#define DM_FONT_DIR "/usr/share/fonts/truetype/dejavu"
#endif

static const char *const font_files[2] = {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"};

struct glyph_range {
        uint32_t lo, hi;
};

#define PDF_RANGE(lo, hi) {lo, hi},
static const struct glyph_range subset_ranges[] = {PDF_GLYPH_RANGES};
#undef PDF_RANGE

/* Code points below this have their widths cached per font. */
#define WIDTH_CACHE 0x3000

/* One loaded font: a subset (slots 0, 1) or a full fallback (slots 2, 3). */
struct font_slot {
        HPDF_Font font;          /* NULL until loaded */
        int16_t *widths;         /* cached glyph widths (1/1000 em), -1 = unknown */
        uint8_t used_blocks[32]; /* bit b: some code point 0xbb00-0xbbff was drawn */
};

/* Graphics state of the current page as last set, to skip repeated operators. */
struct gstate {
        long fill, stroke;
        double line_width, dash;
        HPDF_Font font;
        double font_size;
};

struct pdf {
        HPDF_Doc doc;
        HPDF_Page *pages;
        size_t npages, cappages;
        HPDF_Page page; /* current page */
        struct gstate gs;
        struct font_slot slots[4];
        int subset;           /* 1: slots 0-1 hold the subsets (always, since they are required) */
        char *subset_path[2]; /* the subsets, in the data folder (datadir.h) */
        HPDF_Outline top;     /* latest level-0 bookmark */
        HPDF_Encoder utf8;
        HPDF_STATUS error, detail; /* first libharu error, 0 when none */
        char *scratch;             /* sanitised text */
        size_t scratch_cap;
        uint8_t *slot_of; /* per scratch byte: the slot of its code point */
        size_t cur;       /* index of the current page */
        /* Tagging (pdf_struct_new and friends); elems[0] is the tree root. */
        struct tag_elem *elems;
        size_t nelems, capelems;
        struct tag_page *tpages; /* per page: its parent-tree array and next MCID */
        size_t ntpages;
        int marking;   /* a marked-content sequence is open */
        char *info[5]; /* title, author, subject, keywords, creator (for XMP) */
        int64_t when;  /* document date */
        int hyph_lang; /* enum hyph_lang: how words are broken (pdf_set_hyphenation) */
};

/* A structure element and its kids array. */
struct tag_elem {
        HPDF_Dict dict;
        HPDF_Array kids;
        HPDF_Page pg; /* the page of its first marked content, NULL before */
};

/* A page's marked content: the element of each MCID, in order. */
struct tag_page {
        HPDF_Array parents; /* NULL until the page has marked content */
        int next_mcid;
};

static void *HPDF_STDCALL hpdf_alloc(HPDF_UINT size)
{
        return xmalloc(size);
}

static void HPDF_STDCALL hpdf_free(void *ptr)
{
        free(ptr);
}

static void on_error(HPDF_STATUS code, HPDF_STATUS detail, void *data)
{
        struct pdf *p = data;
        if (p && !p->error) {
                p->error = code;
                p->detail = detail;
        }
}

void pdf_lines_clear(struct pdf_lines *l)
{
        free(l->v);
        l->v = NULL;
        l->n = l->cap = 0;
}

static int file_exists(const char *path)
{
        struct stat st;
        return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Loads slot s (0/1 subset or primary, 2/3 full fallback). Returns 0 or -1. */
static int load_slot(struct pdf *p, int s)
{
        char *path = s < 2 ? xstrdup(p->subset_path[s]) : path_join(DM_FONT_DIR, font_files[s & 1]);
        const char *name = HPDF_LoadTTFontFromFile(p->doc, path, HPDF_TRUE);
        free(path);
        if (!name)
                return -1;
        p->slots[s].font = HPDF_GetFont(p->doc, name, "UTF-8");
        if (!p->slots[s].font)
                return -1;
        p->slots[s].widths = xmalloc(WIDTH_CACHE * sizeof *p->slots[s].widths);
        memset(p->slots[s].widths, 0xFF, WIDTH_CACHE * sizeof *p->slots[s].widths);
        return 0;
}

struct pdf *pdf_new(struct err *e)
{
        struct pdf *p = xcalloc(1, sizeof *p);
        /*
         * libharu's allocations go through xmalloc: out of memory then ends the
         * run as everywhere else, instead of libharu going on with a NULL.
         */
        p->doc = HPDF_NewEx(on_error, hpdf_alloc, hpdf_free, 0, p);
        if (!p->doc) {
                free(p);
                err_set(e, DM_EX_SOFTWARE, "libharu: cannot create a document");
                return NULL;
        }
        HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL);
        HPDF_UseUTFEncodings(p->doc);
        HPDF_SetCurrentEncoder(p->doc, "UTF-8");
        p->utf8 = HPDF_GetEncoder(p->doc, "UTF-8");
        HPDF_SetPageMode(p->doc, HPDF_PAGE_MODE_USE_OUTLINE);

        /*
         * The subsets are required: a missing one is an error naming it, never
         * a silent fallback to the full fonts (4 times the size). The full
         * fonts, embedded only for a character outside the subsets, must be
         * there too, so that a report cannot fail half-way for lack of them.
         */
        for (int s = 0; s < 2; s++) {
                char name[64];
                snprintf(name, sizeof name, "fonts/%s", font_files[s]);
                p->subset_path[s] = datadir_file(name, e);
                if (!p->subset_path[s]) {
                        pdf_free(p);
                        return NULL;
                }
                char *full = path_join(DM_FONT_DIR, font_files[s]);
                int ok = file_exists(full);
                if (!ok)
                        err_set(e, DM_EX_SOFTWARE,
                                "%s: cannot open: no such file; install the Debian package "
                                "fonts-dejavu-core",
                                full);
                free(full);
                if (!ok) {
                        pdf_free(p);
                        return NULL;
                }
        }
        p->subset = 1;
        if (p->error || load_slot(p, PDF_REGULAR) != 0 || load_slot(p, PDF_BOLD) != 0) {
                err_set(e, DM_EX_SOFTWARE,
                        "libharu error 0x%04X (detail %u) loading the fonts %s and %s",
                        (unsigned)p->error, (unsigned)p->detail, p->subset_path[0],
                        p->subset_path[1]);
                pdf_free(p);
                return NULL;
        }
        return p;
}

void pdf_free(struct pdf *p)
{
        if (!p)
                return;
        if (p->doc)
                HPDF_Free(p->doc);
        for (int s = 0; s < 4; s++)
                free(p->slots[s].widths);
        free(p->pages);
        free(p->scratch);
        free(p->slot_of);
        free(p->subset_path[0]);
        free(p->subset_path[1]);
        free(p->elems);
        free(p->tpages);
        for (int i = 0; i < 5; i++)
                free(p->info[i]);
        free(p);
}

void pdf_set_info(struct pdf *p, const char *title, const char *author, const char *subject,
                  const char *keywords, const char *creator, int64_t when)
{
        if (title)
                HPDF_SetInfoAttr(p->doc, HPDF_INFO_TITLE, title);
        if (author)
                HPDF_SetInfoAttr(p->doc, HPDF_INFO_AUTHOR, author);
        if (subject)
                HPDF_SetInfoAttr(p->doc, HPDF_INFO_SUBJECT, subject);
        if (keywords)
                HPDF_SetInfoAttr(p->doc, HPDF_INFO_KEYWORDS, keywords);
        if (creator)
                HPDF_SetInfoAttr(p->doc, HPDF_INFO_CREATOR, creator);
        const char *f[5] = {title, author, subject, keywords, creator};
        for (int i = 0; i < 5; i++) {
                free(p->info[i]);
                p->info[i] = f[i] ? xstrdup(f[i]) : NULL;
        }
        p->when = when;
        time_t t = (time_t)when;
        struct tm tm;
        if (!gmtime_r(&t, &tm))
                return;
        HPDF_Date d = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                       tm.tm_sec,         'Z',           0,          0};
        HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_CREATION_DATE, d);
        HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_MOD_DATE, d);
}

static void reset_gstate(struct pdf *p)
{
        p->gs.fill = p->gs.stroke = -2;
        p->gs.line_width = -1;
        p->gs.dash = -1;
        p->gs.font = NULL;
        p->gs.font_size = -1;
}

size_t pdf_add_page(struct pdf *p)
{
        HPDF_Page page = HPDF_AddPage(p->doc);
        if (page)
                HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
        if (p->npages == p->cappages) {
                p->cappages = p->cappages ? 2 * p->cappages : 16;
                p->pages = xrealloc(p->pages, p->cappages * sizeof *p->pages);
        }
        p->cur = p->npages;
        p->pages[p->npages++] = page;
        p->page = page;
        reset_gstate(p);
        return p->npages - 1;
}

size_t pdf_page_count(const struct pdf *p)
{
        return p->npages;
}

void pdf_set_page(struct pdf *p, size_t i)
{
        if (i < p->npages) {
                p->cur = i;
                p->page = p->pages[i];
                reset_gstate(p);
        }
}

void pdf_bookmark(struct pdf *p, int level, const char *title)
{
        if (!p->page)
                return;
        HPDF_Outline parent = (level > 0 && p->top) ? p->top : NULL;
        HPDF_Outline o = HPDF_CreateOutline(p->doc, parent, title, p->utf8);
        if (!o)
                return;
        HPDF_Destination d = HPDF_Page_CreateDestination(p->page);
        if (d)
                HPDF_Outline_SetDestination(o, d); /* the default view: fit the page */
        if (!parent) {
                p->top = o;
                HPDF_Outline_SetOpened(o, HPDF_TRUE);
        }
}

/* ---- text ---------------------------------------------------------------- */

static int in_subset(uint32_t cp)
{
        for (size_t i = 0; i < sizeof subset_ranges / sizeof subset_ranges[0]; i++)
                if (cp >= subset_ranges[i].lo && cp <= subset_ranges[i].hi)
                        return 1;
        return 0;
}

/* Decodes one UTF-8 sequence; returns its length (0 when invalid) and sets *cp. */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
        if (n == 0)
                return 0;
        unsigned c = s[0];
        size_t len;
        uint32_t v, min;
        if (c < 0x80) {
                *cp = c;
                return 1;
        } else if ((c & 0xE0) == 0xC0) {
                len = 2;
                v = c & 0x1F;
                min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
                len = 3;
                v = c & 0x0F;
                min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
                len = 4;
                v = c & 0x07;
                min = 0x10000;
        } else {
                return 0;
        }
        if (len > n)
                return 0;
        for (size_t i = 1; i < len; i++) {
                if ((s[i] & 0xC0) != 0x80)
                        return 0;
                v = v << 6 | (s[i] & 0x3F);
        }
        if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
                return 0;
        *cp = v;
        return len;
}

static void scratch_reserve(struct pdf *p, size_t n)
{
        if (n <= p->scratch_cap)
                return;
        p->scratch_cap = n * 2 + 64;
        p->scratch = xrealloc(p->scratch, p->scratch_cap);
        p->slot_of = xrealloc(p->slot_of, p->scratch_cap);
}

/*
 * Copies n bytes of text into p->scratch as clean UTF-8 (BMP only, no
 * control characters) and records each byte's font slot for font f.
 * Returns the cleaned length.
 */
static size_t sanitise(struct pdf *p, enum pdf_font f, const char *text, size_t n)
{
        scratch_reserve(p, 3 * n + 1);
        const unsigned char *s = (const unsigned char *)text;
        size_t i = 0, o = 0;
        while (i < n) {
                uint32_t cp;
                size_t l = utf8_next(s + i, n - i, &cp);
                if (l == 0) {
                        cp = 0xFFFD;
                        l = 1;
                }
                i += l;
                if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
                        cp = ' ';
                if (cp > 0xFFFF)
                        cp = 0xFFFD;
                int slot = (int)f;
                if (p->subset && !in_subset(cp))
                        slot = (int)f + 2;
                size_t start = o;
                if (cp < 0x80) {
                        p->scratch[o++] = (char)cp;
                } else if (cp < 0x800) {
                        p->scratch[o++] = (char)(0xC0 | cp >> 6);
                        p->scratch[o++] = (char)(0x80 | (cp & 0x3F));
                } else {
                        p->scratch[o++] = (char)(0xE0 | cp >> 12);
                        p->scratch[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                        p->scratch[o++] = (char)(0x80 | (cp & 0x3F));
                }
                for (size_t k = start; k < o; k++)
                        p->slot_of[k] = (uint8_t)slot;
        }
        p->scratch[o] = '\0';
        return o;
}

static struct font_slot *slot_get(struct pdf *p, int s)
{
        if (!p->slots[s].font && load_slot(p, s) != 0)
                return NULL;
        return &p->slots[s];
}

/* Width in 1/1000 em of code point cp in slot s. */
static int glyph_width(struct pdf *p, int s, uint32_t cp)
{
        struct font_slot *fs = slot_get(p, s);
        if (!fs)
                return 600;
        if (cp < WIDTH_CACHE && fs->widths[cp] >= 0)
                return fs->widths[cp];
        int w = HPDF_Font_GetUnicodeWidth(fs->font, (HPDF_UNICODE)cp);
        if (w < 0)
                w = 0;
        if (cp < WIDTH_CACHE)
                fs->widths[cp] = (int16_t)(w > 32767 ? 32767 : w);
        return w;
}

/* Width in 1/1000 em of the clean scratch bytes [a, b). */
static long scratch_width(struct pdf *p, size_t a, size_t b)
{
        long w = 0;
        const unsigned char *s = (const unsigned char *)p->scratch;
        while (a < b) {
                uint32_t cp;
                size_t l = utf8_next(s + a, b - a, &cp);
                if (l == 0)
                        l = 1, cp = '?';
                w += glyph_width(p, p->slot_of[a], cp);
                a += l;
        }
        return w;
}

double pdf_text_width_n(struct pdf *p, enum pdf_font font, double size, const char *text, size_t n)
{
        size_t len = sanitise(p, font, text, n);
        return (double)scratch_width(p, 0, len) * size / 1000.0;
}

double pdf_text_width(struct pdf *p, enum pdf_font font, double size, const char *text)
{
        return pdf_text_width_n(p, font, size, text, strlen(text));
}

static void set_fill(struct pdf *p, long c)
{
        if (p->gs.fill == c)
                return;
        p->gs.fill = c;
        HPDF_Page_SetRGBFill(p->page, (HPDF_REAL)((c >> 16) & 0xFF) / 255.0f,
                             (HPDF_REAL)((c >> 8) & 0xFF) / 255.0f, (HPDF_REAL)(c & 0xFF) / 255.0f);
}

static void set_stroke(struct pdf *p, long c, double lw, double dash)
{
        if (p->gs.stroke != c) {
                p->gs.stroke = c;
                HPDF_Page_SetRGBStroke(p->page, (HPDF_REAL)((c >> 16) & 0xFF) / 255.0f,
                                       (HPDF_REAL)((c >> 8) & 0xFF) / 255.0f,
                                       (HPDF_REAL)(c & 0xFF) / 255.0f);
        }
        if (p->gs.line_width != lw) {
                p->gs.line_width = lw;
                HPDF_Page_SetLineWidth(p->page, (HPDF_REAL)lw);
        }
        if (p->gs.dash != dash) {
                p->gs.dash = dash;
                if (dash > 0) {
                        HPDF_UINT16 pat[2] = {(HPDF_UINT16)(dash + 0.5), (HPDF_UINT16)(dash + 0.5)};
                        if (pat[0] == 0)
                                pat[0] = pat[1] = 1;
                        HPDF_Page_SetDash(p->page, pat, 2, 0);
                } else {
                        HPDF_Page_SetDash(p->page, NULL, 0, 0);
                }
        }
}

/* Draws the clean scratch bytes [0, len) at x (left), baseline y (top-down). */
static void draw_scratch(struct pdf *p, double size, double x, double y, size_t len)
{
        if (!p->page || len == 0)
                return;
        HPDF_Page_BeginText(p->page);
        size_t a = 0;
        while (a < len) {
                int s = p->slot_of[a];
                size_t b = a;
                while (b < len && p->slot_of[b] == s)
                        b++;
                struct font_slot *fs = slot_get(p, s);
                if (!fs)
                        break;
                if (p->gs.font != fs->font || p->gs.font_size != size) {
                        HPDF_Page_SetFontAndSize(p->page, fs->font, (HPDF_REAL)size);
                        p->gs.font = fs->font;
                        p->gs.font_size = size;
                }
                /* Note the Unicode blocks drawn, for the ToUnicode map. */
                const unsigned char *u = (const unsigned char *)p->scratch;
                for (size_t i = a; i < b;) {
                        uint32_t cp;
                        size_t l = utf8_next(u + i, b - i, &cp);
                        if (l == 0)
                                break;
                        fs->used_blocks[cp >> 11] |= (uint8_t)(1u << ((cp >> 8) & 7));
                        i += l;
                }
                char save = p->scratch[b];
                p->scratch[b] = '\0';
                HPDF_Page_TextOut(p->page, (HPDF_REAL)x, (HPDF_REAL)(PDF_PAGE_H - y),
                                  p->scratch + a);
                p->scratch[b] = save;
                x += (double)scratch_width(p, a, b) * size / 1000.0;
                a = b;
        }
        HPDF_Page_EndText(p->page);
}

void pdf_text_n(struct pdf *p, enum pdf_font font, double size, double x, double y,
                enum pdf_align align, long color, const char *text, size_t n)
{
        size_t len = sanitise(p, font, text, n);
        if (len == 0)
                return;
        double w = (double)scratch_width(p, 0, len) * size / 1000.0;
        if (align == PDF_CENTER)
                x -= w / 2;
        else if (align == PDF_RIGHT)
                x -= w;
        set_fill(p, color);
        draw_scratch(p, size, x, y, len);
}

void pdf_text(struct pdf *p, enum pdf_font font, double size, double x, double y,
              enum pdf_align align, long color, const char *text)
{
        pdf_text_n(p, font, size, x, y, align, color, text, strlen(text));
}

static void lines_push(struct pdf_lines *l, size_t off, size_t len, double width, int hyphen)
{
        if (l->n == l->cap) {
                l->cap = l->cap ? 2 * l->cap : 8;
                l->v = xrealloc(l->v, l->cap * sizeof *l->v);
        }
        l->v[l->n].off = off;
        l->v[l->n].len = len;
        l->v[l->n].width = width;
        l->v[l->n].hyphen = hyphen;
        l->n++;
}

static int is_letter(uint32_t cp)
{
        if (cp < 0x80)
                return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
        return (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);
}

void pdf_set_hyphenation(struct pdf *p, int lang)
{
        p->hyph_lang = lang;
}

/*
 * Returns the byte offset in (start, limit] where the word at start is best
 * broken with a hyphen so that text[start..offset] + "-" fits width, from the
 * points of hyph.h: the last compound boundary that fits when it fills at
 * least half of width ("kypsyys-taso", not "kypsyysta-so"), else the last
 * syllable boundary that fits. Returns start when there is none (then the
 * caller breaks anywhere, as a last resort).
 */
static size_t hyphen_point(struct pdf *p, enum pdf_font font, double size, const char *text,
                           size_t start, size_t limit, double width)
{
        if (p->hyph_lang == HYPH_NONE)
                return start;
        const unsigned char *s = (const unsigned char *)text;
        size_t n = strlen(text);
        /* The word: letters (and inner hyphens) from the first letter at or after start. */
        size_t w0 = start;
        uint32_t cp;
        while (w0 < n) {
                size_t l = utf8_next(s + w0, n - w0, &cp);
                if (l == 0 || is_letter(cp))
                        break;
                w0 += l;
        }
        size_t w1 = w0;
        while (w1 < n) {
                size_t l = utf8_next(s + w1, n - w1, &cp);
                if (l == 0 || !(is_letter(cp) || cp == '-'))
                        break;
                w1 += l;
        }
        if (w1 - w0 < 4 || w1 - w0 > HYPH_MAX_WORD || w0 > limit)
                return start;
        unsigned char pts[HYPH_MAX_WORD];
        if (hyph_points((enum hyph_lang)p->hyph_lang, text + w0, w1 - w0, pts) == 0)
                return start;
        double hw = pdf_text_width(p, font, size, "-");
        size_t best_syl = start, best_cmp = start;
        for (size_t i = w1 - w0; i-- > 1;) {
                size_t at = w0 + i;
                if (!pts[i] || at > limit)
                        continue;
                if (best_syl != start && (best_cmp != start || pts[i] != HYPH_COMPOUND))
                        continue;
                double lw = pdf_text_width_n(p, font, size, text + start, at - start) + hw;
                if (lw > width)
                        continue;
                if (best_syl == start)
                        best_syl = at;
                if (pts[i] == HYPH_COMPOUND && best_cmp == start && lw >= width / 2)
                        best_cmp = at;
        }
        return best_cmp != start ? best_cmp : best_syl;
}

/*
 * Wraps text. Works on the original bytes (offsets refer to them); widths are
 * measured on sanitised copies, which have the same characters.
 */
size_t pdf_wrap(struct pdf *p, enum pdf_font font, double size, const char *text, double width,
                struct pdf_lines *out)
{
        out->n = 0;
        const unsigned char *s = (const unsigned char *)text;
        size_t n = strlen(text);
        size_t start = 0;
        double em = 1000.0 / size;
        long limit = (long)(width * em + 0.5);
        while (start <= n) {
                /* Skip spaces at the start of a continuation line. */
                if (out->n > 0) {
                        while (start < n && s[start] == ' ')
                                start++;
                        if (start == n)
                                break;
                }
                size_t i = start, brk = 0; /* brk: end of the last break candidate */
                long w = 0;
                int forced = 0;
                while (i < n) {
                        if (s[i] == '\n') {
                                forced = 1;
                                break;
                        }
                        uint32_t cp;
                        size_t l = utf8_next(s + i, n - i, &cp);
                        if (l == 0)
                                l = 1, cp = 0xFFFD;
                        if (cp < 0x20 || cp > 0xFFFF)
                                cp = cp > 0xFFFF ? 0xFFFD : ' ';
                        int slot = (int)font;
                        if (p->subset && !in_subset(cp))
                                slot += 2;
                        long cw = glyph_width(p, slot, cp);
                        if (w + cw > limit && i > start) {
                                if (cp == ' ')
                                        brk = i; /* the space itself is dropped */
                                break;
                        }
                        w += cw;
                        i += l;
                        if (cp == ' ')
                                brk = i - 1;
                        else if (cp == '-' || cp == 0x2013 || cp == 0x2010 ||
                                 (cp == '/' && !(i < n && s[i] >= '0' && s[i] <= '9')))
                                brk = i; /* not inside a date such as 12/2021 */
                }
                if (i >= n || forced) {
                        size_t end = i;
                        while (end > start && s[end - 1] == ' ')
                                end--;
                        lines_push(out, start, end - start,
                                   pdf_text_width_n(p, font, size, text + start, end - start), 0);
                        if (i >= n)
                                break;
                        start = i + 1;
                        continue;
                }
                size_t end = (brk > start) ? brk : i;
                int hyphen = 0;
                if (brk <= start) {
                        size_t h = hyphen_point(p, font, size, text, start, i, width);
                        if (h > start) {
                                end = h;
                                hyphen = 1;
                        }
                }
                size_t trim = end;
                while (trim > start && s[trim - 1] == ' ')
                        trim--;
                double lw = pdf_text_width_n(p, font, size, text + start, trim - start);
                if (hyphen)
                        lw += pdf_text_width(p, font, size, "-");
                lines_push(out, start, trim - start, lw, hyphen);
                start = end;
        }
        if (out->n == 0)
                lines_push(out, 0, 0, 0, 0);
        return out->n;
}

void pdf_text_line(struct pdf *p, enum pdf_font font, double size, double x, double y,
                   enum pdf_align align, long color, const char *text, const struct pdf_line *l)
{
        if (!l->hyphen) {
                pdf_text_n(p, font, size, x, y, align, color, text + l->off, l->len);
                return;
        }
        char *tmp = xmalloc(l->len + 2);
        memcpy(tmp, text + l->off, l->len);
        tmp[l->len] = '-';
        tmp[l->len + 1] = '\0';
        pdf_text_n(p, font, size, x, y, align, color, tmp, l->len + 1);
        free(tmp);
}

size_t pdf_para(struct pdf *p, enum pdf_font font, double size, double leading, double x, double y,
                double width, enum pdf_align align, long color, const char *text)
{
        struct pdf_lines l = {0};
        size_t n = pdf_wrap(p, font, size, text, width, &l);
        for (size_t i = 0; i < n; i++) {
                double lx = x;
                if (align == PDF_CENTER)
                        lx = x + width / 2;
                else if (align == PDF_RIGHT)
                        lx = x + width;
                pdf_text_line(p, font, size, lx, y + leading * (double)i, align, color, text,
                              &l.v[i]);
        }
        pdf_lines_clear(&l);
        return n;
}

double pdf_fit_size(struct pdf *p, enum pdf_font font, double size, double min, double width,
                    const char *text)
{
        double w = pdf_text_width(p, font, size, text);
        if (w <= width || w <= 0)
                return size;
        double s = size * width / w;
        s = floor(s * 4) / 4; /* quarter points, for stable output */
        return s < min ? min : s;
}

/* ---- graphics ------------------------------------------------------------ */

static void paint(struct pdf *p, long fill, long stroke)
{
        if (fill != PDF_NONE && stroke != PDF_NONE)
                HPDF_Page_FillStroke(p->page);
        else if (fill != PDF_NONE)
                HPDF_Page_Fill(p->page);
        else
                HPDF_Page_Stroke(p->page);
}

void pdf_rect(struct pdf *p, double x, double y, double w, double h, long fill, long stroke,
              double line_width)
{
        if (!p->page || (fill == PDF_NONE && stroke == PDF_NONE) || w <= 0 || h <= 0)
                return;
        if (fill != PDF_NONE)
                set_fill(p, fill);
        if (stroke != PDF_NONE)
                set_stroke(p, stroke, line_width, 0);
        HPDF_Page_Rectangle(p->page, (HPDF_REAL)x, (HPDF_REAL)(PDF_PAGE_H - y - h), (HPDF_REAL)w,
                            (HPDF_REAL)h);
        paint(p, fill, stroke);
}

void pdf_line(struct pdf *p, double x1, double y1, double x2, double y2, double line_width,
              long color, double dash)
{
        if (!p->page || color == PDF_NONE)
                return;
        set_stroke(p, color, line_width, dash);
        HPDF_Page_MoveTo(p->page, (HPDF_REAL)x1, (HPDF_REAL)(PDF_PAGE_H - y1));
        HPDF_Page_LineTo(p->page, (HPDF_REAL)x2, (HPDF_REAL)(PDF_PAGE_H - y2));
        HPDF_Page_Stroke(p->page);
}

void pdf_polyline(struct pdf *p, const double *xs, const double *ys, size_t n, double line_width,
                  long color, double dash)
{
        if (!p->page || n < 2 || color == PDF_NONE)
                return;
        set_stroke(p, color, line_width, dash);
        HPDF_Page_SetLineJoin(p->page, HPDF_ROUND_JOIN);
        HPDF_Page_MoveTo(p->page, (HPDF_REAL)xs[0], (HPDF_REAL)(PDF_PAGE_H - ys[0]));
        for (size_t i = 1; i < n; i++)
                HPDF_Page_LineTo(p->page, (HPDF_REAL)xs[i], (HPDF_REAL)(PDF_PAGE_H - ys[i]));
        HPDF_Page_Stroke(p->page);
        HPDF_Page_SetLineJoin(p->page, HPDF_MITER_JOIN);
}

void pdf_circle(struct pdf *p, double x, double y, double r, long fill, long stroke,
                double line_width)
{
        if (!p->page || (fill == PDF_NONE && stroke == PDF_NONE) || r <= 0)
                return;
        if (fill != PDF_NONE)
                set_fill(p, fill);
        if (stroke != PDF_NONE)
                set_stroke(p, stroke, line_width, 0);
        HPDF_Page_Circle(p->page, (HPDF_REAL)x, (HPDF_REAL)(PDF_PAGE_H - y), (HPDF_REAL)r);
        paint(p, fill, stroke);
}

void pdf_polygon(struct pdf *p, const double *xs, const double *ys, size_t n, long fill,
                 long stroke, double line_width)
{
        if (!p->page || n < 2 || (fill == PDF_NONE && stroke == PDF_NONE))
                return;
        if (fill != PDF_NONE)
                set_fill(p, fill);
        if (stroke != PDF_NONE)
                set_stroke(p, stroke, line_width, 0);
        HPDF_Page_MoveTo(p->page, (HPDF_REAL)xs[0], (HPDF_REAL)(PDF_PAGE_H - ys[0]));
        for (size_t i = 1; i < n; i++)
                HPDF_Page_LineTo(p->page, (HPDF_REAL)xs[i], (HPDF_REAL)(PDF_PAGE_H - ys[i]));
        HPDF_Page_ClosePath(p->page);
        paint(p, fill, stroke);
}

/* ---- saving -------------------------------------------------------------- */

/* Replaces the font's ToUnicode stream by an identity map of the blocks used. */
static void fix_tounicode(struct font_slot *fs)
{
        HPDF_Dict tu = HPDF_Dict_GetItem((HPDF_Dict)fs->font, "ToUnicode", HPDF_OCLASS_DICT);
        if (!tu || !tu->stream)
                return;
        size_t nblocks = 0;
        for (unsigned b = 0; b < 256; b++)
                if (fs->used_blocks[b >> 3] & (1u << (b & 7)))
                        nblocks++;
        HPDF_MemStream_FreeData(tu->stream);
        HPDF_Stream_WriteStr(tu->stream, "/CIDInit /ProcSet findresource begin\n"
                                         "12 dict begin\nbegincmap\n"
                                         "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
                                         "/Supplement 0 >> def\n"
                                         "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                                         "1 begincodespacerange\n<0000> <FFFF>\n"
                                         "endcodespacerange\n");
        char line[64];
        size_t left = nblocks;
        unsigned b = 0;
        while (left > 0) {
                size_t chunk = left > 100 ? 100 : left;
                snprintf(line, sizeof line, "%zu beginbfrange\n", chunk);
                HPDF_Stream_WriteStr(tu->stream, line);
                for (size_t k = 0; k < chunk; b++) {
                        if (!(fs->used_blocks[b >> 3] & (1u << (b & 7))))
                                continue;
                        snprintf(line, sizeof line, "<%02X00> <%02XFF> <%02X00>\n", b, b, b);
                        HPDF_Stream_WriteStr(tu->stream, line);
                        k++;
                }
                HPDF_Stream_WriteStr(tu->stream, "endbfrange\n");
                left -= chunk;
        }
        HPDF_Stream_WriteStr(tu->stream, "endcmap\nCMapName currentdict /CMap defineresource pop\n"
                                         "end\nend\n");
}

/* A libharu output stream appending to a strbuf (its attr). */
static HPDF_STATUS HPDF_STDCALL strbuf_write(HPDF_Stream s, const HPDF_BYTE *ptr, HPDF_UINT n)
{
        strbuf_addn(s->attr, (const char *)ptr, n);
        return HPDF_OK;
}

/* Bytes needed for the value v in a cross-reference stream field. */
static int field_width(size_t v)
{
        int w = 1;
        while (w < 8 && (v >> (8 * w)) != 0)
                w++;
        return w;
}

/* Stores v at b as w big-endian bytes. */
static void put_field(unsigned char *b, size_t v, int w)
{
        for (int i = 0; i < w; i++)
                b[i] = (unsigned char)(v >> (8 * (w - 1 - i)) & 0xFF);
}

/* One object's place: in the file (type 1, at off) or in the object stream (type 2, index). */
struct place {
        unsigned char type;
        size_t where; /* byte offset, or the index in the object stream */
};

/* Compresses n bytes at in (zlib format, FlateDecode) into z, which it resets. */
static void deflate_into(struct libdeflate_compressor *c, const void *in, size_t n,
                         struct strbuf *z)
{
        z->len = 0;
        size_t bound = libdeflate_zlib_compress_bound(c, n);
        char *o = strbuf_reserve(z, bound);
        strbuf_commit(z, libdeflate_zlib_compress(c, in, n, o, bound));
}

/* Adds /Filter to a stream dictionary whose data flate_stream() compressed. */
static HPDF_STATUS HPDF_STDCALL flate_entry(HPDF_Dict d, HPDF_Stream s)
{
        (void)d;
        return HPDF_Stream_WriteStr(s, "/Filter [ /FlateDecode ]\n");
}

/*
 * Compresses the data of a stream dictionary that libharu would deflate
 * while writing it, with libdeflate instead: libharu's zlib at its default
 * level was a fifth of the CPU time of a national run, libdeflate at the same
 * level takes half the time for slightly fewer bytes (measured on a report's
 * page contents: 1.6 ms against 2.8 ms, 24.1 KB against 24.6 KB). The dict
 * is then written as it is, without a filter of libharu's, and flate_entry
 * names the filter. A stream with callbacks of its own is left to libharu.
 */
static void flate_stream(HPDF_Dict sd, struct libdeflate_compressor *c, struct strbuf *raw,
                         struct strbuf *z)
{
        if (sd->filter != HPDF_STREAM_FILTER_FLATE_DECODE || sd->before_write_fn || sd->write_fn ||
            sd->stream->type != HPDF_STREAM_MEMORY)
                return;
        raw->len = 0;
        HPDF_UINT nbuf = HPDF_MemStream_GetBufCount(sd->stream);
        for (HPDF_UINT i = 0; i < nbuf; i++) {
                HPDF_UINT len = 0;
                HPDF_BYTE *b = HPDF_MemStream_GetBufPtr(sd->stream, i, &len);
                if (b && len)
                        strbuf_addn(raw, (const char *)b, len);
        }
        deflate_into(c, raw->buf, raw->len, z);
        HPDF_MemStream_FreeData(sd->stream);
        HPDF_Stream_Write(sd->stream, (const HPDF_BYTE *)z->buf, (HPDF_UINT)z->len);
        sd->filter = HPDF_STREAM_FILTER_NONE;
        sd->write_fn = flate_entry;
}

/*
 * Writes the document into out as PDF 1.5+ with an object stream: libharu
 * writes every object as a numbered object of its own with a 20-byte entry
 * in a plain cross-reference table, which for the structure tree (an object
 * per element) was a quarter of a report's bytes. Here the objects that may
 * go into an object stream (all but streams; ISO 32000-1 7.5.7) are written
 * by libharu's own serialiser into one compressed object stream, the streams
 * as before, and the cross-reference table becomes a compressed
 * cross-reference stream (7.5.8, PNG Up predictor). Objects are taken in
 * number order, as libharu does: writing one may add others (a font writes
 * its descriptor and file), and a stream's length object follows its stream.
 */
static int write_document(struct pdf *p, struct strbuf *out)
{
        HPDF_Doc d = p->doc;
        HPDF_MMgr mm = d->mmgr;
        HPDF_Xref x = d->xref;
        struct strbuf objs, heads, z;
        strbuf_init(&objs);
        strbuf_init(&heads);
        strbuf_init(&z);
        HPDF_Stream fs = HPDF_CallbackWriter_New(mm, strbuf_write, out);
        HPDF_Stream os = HPDF_CallbackWriter_New(mm, strbuf_write, &objs);
        struct libdeflate_compressor *zc = libdeflate_alloc_compressor(6);
        struct strbuf raw;
        strbuf_init(&raw);
        struct place *at = NULL;
        size_t nat = 0, nin = 0;
        int rc = -1;
        if (!fs || !os || !zc)
                goto done;
        HPDF_Stream_WriteStr(fs, "%PDF-1.7\n%\267\276\255\252\n");
        char buf[160];
        for (size_t i = 1; i < x->entries->count && !p->error; i++) {
                HPDF_XrefEntry en = HPDF_List_ItemAt(x->entries, (HPDF_UINT)i);
                HPDF_Obj_Header *h = en->obj;
                if (i >= nat) {
                        nat = x->entries->count + 64;
                        at = xrealloc(at, nat * sizeof *at);
                }
                int is_stream = (h->obj_class & HPDF_OCLASS_ANY) == HPDF_OCLASS_DICT &&
                                ((HPDF_Dict)en->obj)->stream;
                if (is_stream) {
                        flate_stream(en->obj, zc, &raw, &z);
                        at[i] = (struct place){1, fs->size};
                        snprintf(buf, sizeof buf, "%zu 0 obj\n", i);
                        HPDF_Stream_WriteStr(fs, buf);
                        HPDF_Obj_WriteValue(en->obj, fs, NULL);
                        HPDF_Stream_WriteStr(fs, "\nendobj\n");
                } else {
                        at[i] = (struct place){2, nin++};
                        strbuf_addf(&heads, "%zu %u ", i, (unsigned)os->size);
                        HPDF_Obj_WriteValue(en->obj, os, NULL);
                        HPDF_Stream_WriteChar(os, '\n');
                }
        }
        if (p->error)
                goto done;

        /* The object stream: the pairs "number offset", then the objects. */
        size_t ostm = x->entries->count, xstm = ostm + 1, size = xstm + 1;
        at = xrealloc(at, size * sizeof *at);
        size_t first = heads.len;
        strbuf_addn(&heads, objs.buf, objs.len);
        deflate_into(zc, heads.buf, heads.len, &z);
        at[ostm] = (struct place){1, fs->size};
        snprintf(buf, sizeof buf,
                 "%zu 0 obj\n<< /Type /ObjStm /N %zu /First %zu /Filter /FlateDecode /Length %zu "
                 ">>\nstream\r\n",
                 ostm, nin, first, z.len);
        HPDF_Stream_WriteStr(fs, buf);
        HPDF_Stream_Write(fs, (const HPDF_BYTE *)z.buf, (HPDF_UINT)z.len);
        HPDF_Stream_WriteStr(fs, "\nendstream\nendobj\n");

        /* The cross-reference stream, rows [type, offset or stream, index or generation]. */
        at[xstm] = (struct place){1, fs->size};
        int w2 = field_width(fs->size > ostm ? fs->size : ostm);
        int w3 = field_width(nin > 0xFFFF ? nin : 0xFFFF);
        size_t row = (size_t)(1 + w2 + w3);
        struct strbuf rows;
        strbuf_init(&rows);
        unsigned char cur[17], up[17] = {0};
        for (size_t i = 0; i < size; i++) {
                size_t f1 = i == 0 ? 0 : at[i].type;
                size_t f2 = i == 0 ? 0 : at[i].type == 2 ? ostm : at[i].where;
                size_t f3 = i == 0 ? 0xFFFF : at[i].type == 2 ? at[i].where : 0;
                put_field(cur, f1, 1);
                put_field(cur + 1, f2, w2);
                put_field(cur + 1 + w2, f3, w3);
                /* PNG Up predictor: each byte less the one above it. */
                strbuf_addc(&rows, 2);
                for (size_t k = 0; k < row; k++)
                        strbuf_addc(&rows, (char)(unsigned char)(cur[k] - up[k]));
                memcpy(up, cur, row);
        }
        deflate_into(zc, rows.buf, rows.len, &z);
        strbuf_clear(&rows);
        HPDF_Obj_Header *cat = (HPDF_Obj_Header *)d->catalog, *info = (HPDF_Obj_Header *)d->info;
        snprintf(buf, sizeof buf, "%zu 0 obj\n<< /Type /XRef /Size %zu /W [ 1 %d %d ] /Root %u 0 R",
                 xstm, size, w2, w3, (unsigned)(cat->obj_id & 0x00FFFFFF));
        HPDF_Stream_WriteStr(fs, buf);
        if (info) {
                snprintf(buf, sizeof buf, " /Info %u 0 R", (unsigned)(info->obj_id & 0x00FFFFFF));
                HPDF_Stream_WriteStr(fs, buf);
        }
        HPDF_Array id = HPDF_Dict_GetItem(d->trailer, "ID", HPDF_OCLASS_ARRAY);
        if (id) {
                HPDF_Stream_WriteStr(fs, " /ID ");
                HPDF_Obj_WriteValue(id, fs, NULL);
        }
        snprintf(buf, sizeof buf,
                 " /Filter /FlateDecode /DecodeParms << /Columns %zu /Predictor 12 >> /Length %zu "
                 ">>\nstream\r\n",
                 row, z.len);
        HPDF_Stream_WriteStr(fs, buf);
        HPDF_Stream_Write(fs, (const HPDF_BYTE *)z.buf, (HPDF_UINT)z.len);
        snprintf(buf, sizeof buf, "\nendstream\nendobj\nstartxref\n%zu\n%%%%EOF\n", at[xstm].where);
        HPDF_Stream_WriteStr(fs, buf);
        rc = p->error ? -1 : 0;
done:
        HPDF_Stream_Free(fs);
        HPDF_Stream_Free(os);
        libdeflate_free_compressor(zc);
        strbuf_clear(&raw);
        free(at);
        strbuf_clear(&objs);
        strbuf_clear(&heads);
        strbuf_clear(&z);
        return rc;
}

int pdf_save(struct pdf *p, const char *path, struct err *e)
{
        for (int s = 0; s < 4; s++)
                if (p->slots[s].font)
                        fix_tounicode(&p->slots[s]);
        struct strbuf out;
        strbuf_init(&out);
        if (p->error || write_document(p, &out) != 0) {
                strbuf_clear(&out);
                return err_set(e, DM_EX_SOFTWARE, "%s: libharu error 0x%04X (detail %u)", path,
                               (unsigned)p->error, (unsigned)p->detail);
        }
        FILE *fp = fopen(path, "wb");
        if (!fp) {
                int en = errno;
                strbuf_clear(&out);
                return err_set(e, DM_EX_CANTCREAT, "%s: cannot create: %s", path, msg_strerror(en));
        }
        errno = 0;
        int werr = 0;
        if (out.len && fwrite(out.buf, 1, out.len, fp) != out.len)
                werr = errno ? errno : EIO;
        strbuf_clear(&out);
        return output_close(fp, werr, path, e);
}

/* ---- tagged PDF and PDF/A ------------------------------------------------ */

static HPDF_Binary text_string16(struct pdf *p, const char *utf8);

/* The PDFDocEncoding byte of code point cp, or 0 when it has none. */
static unsigned char pdfdoc_byte(uint32_t cp)
{
        static const uint16_t high[] = {0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192,
                                        0x2044, 0x2039, 0x203A, 0x2212, 0x2030, 0x201E, 0x201C,
                                        0x201D, 0x2018, 0x2019, 0x201A, 0x2122, 0xFB01, 0xFB02,
                                        0x0141, 0x0152, 0x0160, 0x0178, 0x017D, 0x0131, 0x0142,
                                        0x0153, 0x0161, 0x017E}; /* bytes 0x80-0x9E */
        if (cp >= 0x20 && cp < 0x7F)
                return (unsigned char)cp;
        if (cp == 0xA0)
                return ' ';
        if (cp >= 0xA1 && cp <= 0xFF && cp != 0xAD)
                return (unsigned char)cp;
        if (cp == 0x20AC)
                return 0xA0;
        for (size_t i = 0; i < sizeof high / sizeof high[0]; i++)
                if (high[i] == cp)
                        return (unsigned char)(0x80 + i);
        return 0;
}

/*
 * A PDF text string: in PDFDocEncoding (a literal string, about a byte a
 * character) when every character has a byte there, else UTF-16BE with a
 * byte order mark.
 */
static void *text_string(struct pdf *p, const char *utf8)
{
        size_t n = strlen(utf8), k = 0;
        char *doc = xmalloc(n + 1);
        const unsigned char *u = (const unsigned char *)utf8;
        for (size_t i = 0; i < n;) {
                uint32_t cp;
                size_t l = utf8_next(u + i, n - i, &cp);
                unsigned char c = l ? pdfdoc_byte(cp) : 0;
                if (!c) {
                        k = SIZE_MAX;
                        break;
                }
                doc[k++] = (char)c;
                i += l;
        }
        if (k != SIZE_MAX) {
                doc[k] = '\0';
                HPDF_String s = HPDF_String_New(p->doc->mmgr, doc, NULL);
                free(doc);
                return s;
        }
        free(doc);
        return text_string16(p, utf8);
}

/* A PDF text string: UTF-16BE with a byte order mark, written as hex. */
static HPDF_Binary text_string16(struct pdf *p, const char *utf8)
{
        size_t n = strlen(utf8);
        HPDF_BYTE *b = xmalloc(4 * n + 2);
        size_t k = 0;
        b[k++] = 0xFE;
        b[k++] = 0xFF;
        const unsigned char *u = (const unsigned char *)utf8;
        for (size_t i = 0; i < n;) {
                uint32_t cp;
                size_t l = utf8_next(u + i, n - i, &cp);
                if (l == 0) {
                        cp = 0xFFFD;
                        l = 1;
                }
                i += l;
                if (cp >= 0x10000) {
                        uint32_t v = cp - 0x10000;
                        uint32_t hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);
                        b[k++] = (HPDF_BYTE)(hi >> 8);
                        b[k++] = (HPDF_BYTE)hi;
                        b[k++] = (HPDF_BYTE)(lo >> 8);
                        b[k++] = (HPDF_BYTE)lo;
                } else {
                        b[k++] = (HPDF_BYTE)(cp >> 8);
                        b[k++] = (HPDF_BYTE)cp;
                }
        }
        HPDF_Binary s = HPDF_Binary_New(p->doc->mmgr, b, (HPDF_UINT)k);
        free(b);
        return s;
}

/* The stream of the current page's contents. */
static HPDF_Stream page_stream(struct pdf *p)
{
        return ((HPDF_PageAttr)((HPDF_Dict)p->page)->attr)->stream;
}

static struct tag_elem *elem_new(struct pdf *p)
{
        if (p->nelems == p->capelems) {
                p->capelems = p->capelems ? 2 * p->capelems : 256;
                p->elems = xrealloc(p->elems, p->capelems * sizeof *p->elems);
        }
        struct tag_elem *t = &p->elems[p->nelems++];
        t->dict = HPDF_Dict_New(p->doc->mmgr);
        t->kids = HPDF_Array_New(p->doc->mmgr);
        t->pg = NULL;
        HPDF_Xref_Add(p->doc->xref, t->dict);
        HPDF_Dict_Add(t->dict, "K", t->kids);
        return t;
}

size_t pdf_struct_new(struct pdf *p, size_t parent, const char *type)
{
        if (p->nelems == 0) {
                /* The structure tree root. */
                struct tag_elem *root = elem_new(p);
                HPDF_Dict_AddName(root->dict, "Type", "StructTreeRoot");
        }
        if (parent >= p->nelems)
                parent = 0;
        struct tag_elem *t = elem_new(p);
        struct tag_elem *par = &p->elems[parent];
        HPDF_Dict_AddName(t->dict, "S", type);
        HPDF_Dict_Add(t->dict, "P", par->dict);
        HPDF_Array_Add(par->kids, t->dict);
        return p->nelems - 1;
}

void pdf_struct_alt(struct pdf *p, size_t e, const char *alt)
{
        if (e > 0 && e < p->nelems)
                HPDF_Dict_Add(p->elems[e].dict, "Alt", text_string(p, alt));
}

void pdf_struct_table_attr(struct pdf *p, size_t e, int scope, int colspan)
{
        if (e == 0 || e >= p->nelems || (scope == 0 && colspan <= 1))
                return;
        HPDF_Dict a = HPDF_Dict_New(p->doc->mmgr);
        HPDF_Dict_AddName(a, "O", "Table");
        if (scope)
                HPDF_Dict_AddName(a, "Scope", scope == 2 ? "Row" : "Column");
        if (colspan > 1)
                HPDF_Dict_AddNumber(a, "ColSpan", colspan);
        HPDF_Dict_Add(p->elems[e].dict, "A", a);
}

static struct tag_page *tag_page(struct pdf *p)
{
        if (p->ntpages < p->npages) {
                p->tpages = xrealloc(p->tpages, p->npages * sizeof *p->tpages);
                memset(p->tpages + p->ntpages, 0, (p->npages - p->ntpages) * sizeof *p->tpages);
                p->ntpages = p->npages;
        }
        return &p->tpages[p->cur];
}

void pdf_mark_begin(struct pdf *p, size_t e)
{
        if (!p->page || e == 0 || e >= p->nelems || p->marking)
                return;
        struct tag_page *tp = tag_page(p);
        if (!tp->parents)
                tp->parents = HPDF_Array_New(p->doc->mmgr);
        int mcid = tp->next_mcid++;
        HPDF_Array_Add(tp->parents, p->elems[e].dict);
        struct tag_elem *t = &p->elems[e];
        if (!t->pg) {
                /* The element's page: its marked content there is listed by MCID alone. */
                t->pg = p->page;
                HPDF_Dict_Add(t->dict, "Pg", p->page);
        }
        if (t->pg == p->page) {
                HPDF_Array_AddNumber(t->kids, mcid);
        } else {
                HPDF_Dict mcr = HPDF_Dict_New(p->doc->mmgr);
                HPDF_Dict_AddName(mcr, "Type", "MCR");
                HPDF_Dict_Add(mcr, "Pg", p->page);
                HPDF_Dict_AddNumber(mcr, "MCID", mcid);
                HPDF_Array_Add(t->kids, mcr);
        }
        HPDF_Name s = HPDF_Dict_GetItem(p->elems[e].dict, "S", HPDF_OCLASS_NAME);
        char buf[96];
        snprintf(buf, sizeof buf, "/%s <</MCID %d>> BDC\n", s ? HPDF_Name_GetValue(s) : "Span",
                 mcid);
        HPDF_Stream_WriteStr(page_stream(p), buf);
        p->marking = 1;
}

void pdf_artifact_begin(struct pdf *p, int pagination)
{
        if (!p->page || p->marking)
                return;
        HPDF_Stream_WriteStr(page_stream(p), pagination ? "/Artifact <</Type /Pagination>> BDC\n"
                                                        : "/Artifact BMC\n");
        p->marking = 1;
}

void pdf_mark_end(struct pdf *p)
{
        if (!p->page || !p->marking)
                return;
        HPDF_Stream_WriteStr(page_stream(p), "EMC\n");
        p->marking = 0;
}

void pdf_bookmark_elem(struct pdf *p, int level, const char *title, size_t e, double y)
{
        if (!p->page)
                return;
        HPDF_Outline parent = (level > 0 && p->top) ? p->top : NULL;
        HPDF_Outline o = HPDF_CreateOutline(p->doc, parent, title, p->utf8);
        if (!o)
                return;
        /* The title in PDFDocEncoding when it fits: a third of libharu's UTF-16 hex. */
        HPDF_Dict_Add((HPDF_Dict)o, "Title", text_string(p, title));
        /* [page /XYZ left top null]: the heading at the top, the zoom unchanged. */
        HPDF_Array d = HPDF_Array_New(p->doc->mmgr);
        HPDF_Array_Add(d, p->page);
        HPDF_Array_AddName(d, "XYZ");
        HPDF_Array_AddNumber(d, 0);
        HPDF_Array_AddReal(d, (HPDF_REAL)(PDF_PAGE_H - (y < 0 ? 0 : y)));
        HPDF_Array_Add(d, HPDF_Null_New(p->doc->mmgr));
        HPDF_Dict_Add((HPDF_Dict)o, "Dest", d);
        if (e > 0 && e < p->nelems)
                HPDF_Dict_Add((HPDF_Dict)o, "SE", p->elems[e].dict);
        if (!parent) {
                p->top = o;
                HPDF_Outline_SetOpened(o, HPDF_TRUE);
        }
}

/* Appends s to b with XML's five special characters escaped. */
static void xml_esc(struct strbuf *b, const char *s)
{
        strbuf_add_markup(b, s, strlen(s), MARKUP_APOS);
}

/* The XMP packet: document information, PDF/A-2a and PDF/UA-1 identification. */
static void xmp_packet(struct pdf *p, const char *lang, struct strbuf *b)
{
        char date[32] = "2000-01-01T12:00:00Z";
        time_t t = (time_t)p->when;
        struct tm tm;
        if (gmtime_r(&t, &tm))
                strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
        const char *na = "";
        strbuf_adds(b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                       "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                       "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                       "<rdf:Description rdf:about=\"\"\n"
                       " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                       " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
                       " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
                       " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
                       " xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"
                       "<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>A</pdfaid:conformance>\n"
                       "<pdfuaid:part>1</pdfuaid:part>\n");
        strbuf_adds(b, "<dc:format>application/pdf</dc:format>\n<dc:title><rdf:Alt><rdf:li "
                       "xml:lang=\"x-default\">");
        xml_esc(b, p->info[0] ? p->info[0] : na);
        strbuf_adds(b, "</rdf:li></rdf:Alt></dc:title>\n");
        if (p->info[1]) {
                strbuf_adds(b, "<dc:creator><rdf:Seq><rdf:li>");
                xml_esc(b, p->info[1]);
                strbuf_adds(b, "</rdf:li></rdf:Seq></dc:creator>\n");
        }
        if (p->info[2]) {
                strbuf_adds(b, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">");
                xml_esc(b, p->info[2]);
                strbuf_adds(b, "</rdf:li></rdf:Alt></dc:description>\n");
        }
        strbuf_adds(b, "<dc:language><rdf:Bag><rdf:li>");
        xml_esc(b, lang);
        strbuf_adds(b, "</rdf:li></rdf:Bag></dc:language>\n");
        if (p->info[3]) {
                strbuf_adds(b, "<pdf:Keywords>");
                xml_esc(b, p->info[3]);
                strbuf_adds(b, "</pdf:Keywords>\n");
        }
        strbuf_addf(b, "<pdf:Producer>Haru Free PDF Library %s</pdf:Producer>\n",
                    HPDF_GetVersion());
        if (p->info[4]) {
                strbuf_adds(b, "<xmp:CreatorTool>");
                xml_esc(b, p->info[4]);
                strbuf_adds(b, "</xmp:CreatorTool>\n");
        }
        strbuf_addf(b, "<xmp:CreateDate>%s</xmp:CreateDate>\n<xmp:ModifyDate>%s</xmp:ModifyDate>\n",
                    date, date);
        strbuf_adds(b, "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>\n");
}

/* Reads a whole file into a new buffer; returns its length, or -1. */
static long read_all(const char *path, unsigned char **out)
{
        FILE *fp = fopen(path, "rb");
        if (!fp)
                return -1;
        size_t cap = 65536, n = 0;
        unsigned char *b = xmalloc(cap);
        for (;;) {
                if (n == cap)
                        b = xrealloc(b, cap *= 2);
                size_t k = fread(b + n, 1, cap - n, fp);
                n += k;
                if (k == 0)
                        break;
        }
        int bad = ferror(fp);
        fclose(fp);
        if (bad) {
                free(b);
                return -1;
        }
        *out = b;
        return (long)n;
}

int pdf_set_tagged(struct pdf *p, const char *lang, const char *icc_path, struct err *e)
{
        if (p->error)
                return err_set(e, DM_EX_SOFTWARE, "libharu error 0x%04X (detail %u) while drawing",
                               (unsigned)p->error, (unsigned)p->detail);
        unsigned char *icc = NULL;
        long nicc = read_all(icc_path, &icc);
        if (nicc <= 0) {
                free(icc);
                return err_set(
                    e, DM_EX_NOINPUT,
                    "%s: cannot read the sRGB colour profile (install icc-profiles-free)",
                    icc_path);
        }
        HPDF_Doc d = p->doc;
        HPDF_Dict cat = (HPDF_Dict)d->catalog;
        d->pdf_version = HPDF_VER_17;
        if (p->nelems == 0)
                pdf_struct_new(p, 0, "Document");

        /* The parent tree: for each page with marked content, the element of each MCID. */
        HPDF_Dict ptree = HPDF_Dict_New(d->mmgr);
        HPDF_Xref_Add(d->xref, ptree);
        HPDF_Array nums = HPDF_Array_New(d->mmgr);
        HPDF_Dict_Add(ptree, "Nums", nums);
        tag_page(p);
        int key = 0;
        for (size_t i = 0; i < p->ntpages; i++) {
                if (!p->tpages[i].parents)
                        continue;
                HPDF_Dict_AddNumber((HPDF_Dict)p->pages[i], "StructParents", key);
                HPDF_Array_AddNumber(nums, key);
                HPDF_Array_Add(nums, p->tpages[i].parents);
                key++;
        }
        for (size_t i = 0; i < p->npages; i++)
                HPDF_Dict_AddName((HPDF_Dict)p->pages[i], "Tabs", "S");
        HPDF_Dict root = p->elems[0].dict;
        HPDF_Dict_Add(root, "ParentTree", ptree);
        HPDF_Dict_AddNumber(root, "ParentTreeNextKey", key);
        HPDF_Dict_Add(cat, "StructTreeRoot", root);

        HPDF_Dict mi = HPDF_Dict_New(d->mmgr);
        HPDF_Dict_Add(mi, "Marked", HPDF_Boolean_New(d->mmgr, HPDF_TRUE));
        HPDF_Dict_Add(cat, "MarkInfo", mi);
        HPDF_Dict_Add(cat, "Lang", HPDF_String_New(d->mmgr, lang, NULL));
        HPDF_Dict vp = HPDF_Dict_New(d->mmgr);
        HPDF_Dict_Add(vp, "DisplayDocTitle", HPDF_Boolean_New(d->mmgr, HPDF_TRUE));
        HPDF_Dict_Add(cat, "ViewerPreferences", vp);

        /* XMP metadata, uncompressed so that archives can read it. */
        struct strbuf x;
        strbuf_init(&x);
        xmp_packet(p, lang, &x);
        HPDF_Dict meta = HPDF_DictStream_New(d->mmgr, d->xref);
        HPDF_Dict_AddName(meta, "Type", "Metadata");
        HPDF_Dict_AddName(meta, "Subtype", "XML");
        meta->filter = HPDF_STREAM_FILTER_NONE;
        HPDF_Stream_Write(meta->stream, (const HPDF_BYTE *)strbuf_str(&x), (HPDF_UINT)x.len);
        HPDF_Dict_Add(cat, "Metadata", meta);

        /* The sRGB output intent. */
        HPDF_Dict prof = HPDF_DictStream_New(d->mmgr, d->xref);
        HPDF_Dict_AddNumber(prof, "N", 3);
        prof->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
        HPDF_Stream_Write(prof->stream, icc, (HPDF_UINT)nicc);
        HPDF_Dict oi = HPDF_Dict_New(d->mmgr);
        HPDF_Xref_Add(d->xref, oi);
        HPDF_Dict_AddName(oi, "Type", "OutputIntent");
        HPDF_Dict_AddName(oi, "S", "GTS_PDFA1");
        HPDF_Dict_Add(oi, "OutputConditionIdentifier",
                      HPDF_String_New(d->mmgr, "sRGB IEC61966-2.1", NULL));
        HPDF_Dict_Add(oi, "Info", HPDF_String_New(d->mmgr, "sRGB IEC61966-2.1", NULL));
        HPDF_Dict_Add(oi, "DestOutputProfile", prof);
        HPDF_Array ois = HPDF_Array_New(d->mmgr);
        HPDF_Array_Add(ois, oi);
        HPDF_Dict_Add(cat, "OutputIntents", ois);

        /* A file identifier from the metadata and page count: the same input, the same id. */
        XXH128_hash_t h = XXH3_128bits(strbuf_str(&x), x.len);
        h.low64 ^= (uint64_t)p->npages;
        HPDF_BYTE id[16];
        for (int i = 0; i < 8; i++) {
                id[i] = (HPDF_BYTE)(h.high64 >> (56 - 8 * i));
                id[8 + i] = (HPDF_BYTE)(h.low64 >> (56 - 8 * i));
        }
        HPDF_Array ida = HPDF_Array_New(d->mmgr);
        HPDF_Array_Add(ida, HPDF_Binary_New(d->mmgr, id, 16));
        HPDF_Array_Add(ida, HPDF_Binary_New(d->mmgr, id, 16));
        HPDF_Dict_Add(d->trailer, "ID", ida);
        strbuf_clear(&x);
        free(icc);
        return 0;
}

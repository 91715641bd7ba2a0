/*
 * xlsx.c - streaming Excel workbook reader (see xlsx.h).
 *
 * A workbook is a ZIP package of XML parts. The reader follows the package's
 * relationships: _rels/.rels names the workbook part, the workbook part
 * lists the sheets (and the date system), its relationships part names each
 * sheet's part, the shared-string table and the styles. Every part is
 * decompressed in blocks and fed to its own expat parser, so no part is ever
 * held whole; the sheet's parser builds one row at a time and hands it on at
 * </row>. Limits on part sizes, compression ratio, rows, columns, cell and
 * shared-string bytes keep a hostile file from taking unbounded memory or
 * time; every refusal names the file, the part and what to do.
 */
#include "xlsx.h"

#include <errno.h>
#include <expat.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "msgcat.h"

#define DEF_BLOCK      ((size_t)64 << 10)
#define DEF_MAX_CELL   ((size_t)1 << 20)
#define DEF_MAX_ROWS   1048576L
#define DEF_MAX_COLS   16384
#define DEF_MAX_PART   (4ULL << 30)
#define DEF_MAX_SHARED (256ULL << 20)
#define DEF_MAX_RATIO  200u
/* Parts over this size must also keep within the compression ratio. */
#define RATIO_FLOOR (16ULL << 20)
/* The workbook, relationships and styles parts are small in any real file. */
#define MAX_META_PART (64ULL << 20)
#define MAX_SHEETS    10000
/* Entries of the ZIP package: a workbook has a few dozen. */
#define MAX_ENTRIES      100000
#define MAX_STYLES       65536
#define MAX_SHARED_COUNT ((size_t)1 << 24)
/* Text of one row, all cells together. */
#define MAX_ROW_BYTES ((size_t)64 << 20)

/* What to do about a damaged workbook, in the operator's language. */
#define damaged_hint msgcat_fmt(N_("open it in Excel or LibreOffice and save it again as .xlsx"))

/*
 * Memory of the XML parsers, counted (so that tests can see it does not grow
 * with rows) and bounded: expat keeps a whole start tag or attribute value in
 * memory, and a hostile file could make one gigabytes long.
 */
#define DEF_MAX_XML ((size_t)64 << 20)
struct mm_head {
        size_t n;
        max_align_t align[]; /* keeps the block after the header aligned */
};
static _Thread_local size_t xml_now, xml_peak, xml_limit = DEF_MAX_XML;

static void *mm_malloc(size_t n)
{
        if (n > xml_limit || xml_now + n > xml_limit)
                return NULL; /* expat reports XML_ERROR_NO_MEMORY */
        struct mm_head *h = malloc(sizeof *h + n);
        if (!h)
                return NULL;
        h->n = n;
        xml_now += n;
        if (xml_now > xml_peak)
                xml_peak = xml_now;
        return h->align;
}

static void mm_free(void *p)
{
        if (!p)
                return;
        struct mm_head *h = (struct mm_head *)((char *)p - offsetof(struct mm_head, align));
        xml_now -= h->n;
        free(h);
}

static void *mm_realloc(void *p, size_t n)
{
        if (!p)
                return mm_malloc(n);
        struct mm_head *h = (struct mm_head *)((char *)p - offsetof(struct mm_head, align));
        size_t old = h->n;
        if (n > old && (n > xml_limit || xml_now - old + n > xml_limit))
                return NULL;
        struct mm_head *g = realloc(h, sizeof *g + n);
        if (!g)
                return NULL;
        g->n = n;
        xml_now = xml_now - old + n;
        if (xml_now > xml_peak)
                xml_peak = xml_now;
        return g->align;
}

static const XML_Memory_Handling_Suite mm = {mm_malloc, mm_realloc, mm_free};

/* ---- the package --------------------------------------------------------- */

struct pkg {
        zip_t *z;
        const char *name; /* the file, for messages */
        struct xlsx_opts o;
        struct err *e;
};

/* The state every part parser starts with. */
struct xp {
        XML_Parser parser;
        struct pkg *pkg;
        const char *part;
        int stop; /* 1: a handler set the error; 2: the row callback stopped */
};

static const char *lname(const XML_Char *n)
{
        const char *c = strrchr(n, ':');
        return c ? c + 1 : n;
}

/* Returns the value of the attribute with local name `name`, or NULL. */
static const char *attr(const XML_Char **a, const char *name)
{
        for (; a && a[0]; a += 2)
                if (!strcmp(lname(a[0]), name))
                        return a[1];
        return NULL;
}

/* Stops the parser with an error naming the part and the current line. */
static void xp_fail(struct xp *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void xp_fail(struct xp *x, const char *fmt, ...)
{
        char what[600];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(what, sizeof what, msgcat_fmt(fmt), ap);
        va_end(ap);
        if (!x->stop)
                err_set(x->pkg->e, DM_EX_DATAERR, "%s: part %s, line %lu: %s", x->pkg->name,
                        x->part, (unsigned long)XML_GetCurrentLineNumber(x->parser), what);
        x->stop = 1;
        XML_StopParser(x->parser, XML_FALSE);
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal)
{
        (void)name, (void)sysid, (void)pubid, (void)has_internal;
        xp_fail(ud, "the XML declares a DTD, which workbooks never do; %s", damaged_hint);
}

static zip_int64_t find_part(struct pkg *p, const char *part)
{
        return zip_name_locate(p->z, part, ZIP_FL_NOCASE);
}

/*
 * Streams part through a new expat parser with the given handlers and state
 * x (whose xp fields are filled here). Returns 0, 1 when the part is not in
 * the package (e untouched), or -1 with e set.
 */
static int parse_part(struct pkg *p, const char *part, struct xp *x, XML_StartElementHandler st,
                      XML_EndElementHandler en, XML_CharacterDataHandler cd,
                      unsigned long long limit)
{
        zip_int64_t idx = find_part(p, part);
        if (idx < 0)
                return 1;
        zip_stat_t zs;
        zip_stat_init(&zs);
        if (zip_stat_index(p->z, (zip_uint64_t)idx, 0, &zs))
                return err_set(p->e, DM_EX_DATAERR, "%s: part %s cannot be read: %s; %s", p->name,
                               part, zip_strerror(p->z), damaged_hint);
        if ((zs.valid & ZIP_STAT_ENCRYPTION_METHOD) && zs.encryption_method != ZIP_EM_NONE)
                return err_set(p->e, DM_EX_DATAERR,
                               "%s: the workbook is password-protected (its ZIP parts are "
                               "encrypted); remove the password in Excel (File > Info > Protect "
                               "Workbook) and save it again, or save it as CSV",
                               p->name);
        if ((zs.valid & ZIP_STAT_SIZE) && zs.size > limit)
                return err_set(p->e, DM_EX_DATAERR,
                               "%s: part %s would unpack to %llu bytes, more than the limit of "
                               "%llu; a survey export is never this big (is it a ZIP bomb?)",
                               p->name, part, (unsigned long long)zs.size, limit);
        if ((zs.valid & ZIP_STAT_SIZE) && (zs.valid & ZIP_STAT_COMP_SIZE) &&
            zs.size > RATIO_FLOOR && zs.size / (zs.comp_size ? zs.comp_size : 1) > p->o.max_ratio)
                return err_set(p->e, DM_EX_DATAERR,
                               "%s: part %s would unpack %llu bytes from %llu (more than %u times "
                               "its packed size); refused as a likely ZIP bomb",
                               p->name, part, (unsigned long long)zs.size,
                               (unsigned long long)zs.comp_size, p->o.max_ratio);
        zip_file_t *f = zip_fopen_index(p->z, (zip_uint64_t)idx, 0);
        if (!f) {
                int ze = zip_error_code_zip(zip_get_error(p->z));
                if (ze == ZIP_ER_NOPASSWD || ze == ZIP_ER_WRONGPASSWD || ze == ZIP_ER_ENCRNOTSUPP)
                        return err_set(p->e, DM_EX_DATAERR,
                                       "%s: the workbook is password-protected (its ZIP parts are "
                                       "encrypted); remove the password in Excel and save it "
                                       "again, or save it as CSV",
                                       p->name);
                return err_set(p->e, DM_EX_DATAERR, "%s: part %s cannot be unpacked: %s; %s",
                               p->name, part, zip_strerror(p->z), damaged_hint);
        }
        XML_Parser xpr = XML_ParserCreate_MM("UTF-8", &mm, NULL);
        if (!xpr) {
                zip_fclose(f);
                return err_set(p->e, DM_EX_SOFTWARE, "%s: cannot start the XML parser", p->name);
        }
        x->parser = xpr;
        x->pkg = p;
        x->part = part;
        x->stop = 0;
        XML_SetUserData(xpr, x);
        XML_SetElementHandler(xpr, st, en);
        XML_SetCharacterDataHandler(xpr, cd);
        XML_SetStartDoctypeDeclHandler(xpr, on_doctype);
        int rc = 0;
        unsigned long long total = 0;
        for (;;) {
                void *buf = XML_GetBuffer(xpr, (int)p->o.block_size);
                if (!buf) { /* the unparsed rest of a tag and a new block pass the limit */
                        rc = err_set(p->e, DM_EX_DATAERR,
                                     "%s: part %s, line %lu: an XML tag or value takes more than "
                                     "the parser's limit of %zu bytes; %s",
                                     p->name, part, (unsigned long)XML_GetCurrentLineNumber(xpr),
                                     xml_limit, damaged_hint);
                        break;
                }
                zip_int64_t n = zip_fread(f, buf, p->o.block_size);
                if (n < 0) {
                        rc = err_set(p->e, DM_EX_DATAERR, "%s: part %s cannot be unpacked: %s; %s",
                                     p->name, part, zip_file_strerror(f), damaged_hint);
                        break;
                }
                total += (unsigned long long)n;
                if (total > limit) {
                        rc = err_set(p->e, DM_EX_DATAERR,
                                     "%s: part %s unpacks to more than the limit of %llu bytes; a "
                                     "survey export is never this big (is it a ZIP bomb?)",
                                     p->name, part, limit);
                        break;
                }
                if (XML_ParseBuffer(xpr, (int)n, n == 0) != XML_STATUS_OK) {
                        if (x->stop == 3) {
                                rc = 0; /* a handler has read all it needs */
                        } else if (x->stop) {
                                rc = -1; /* a handler set e, or the row callback stopped */
                        } else if (XML_GetErrorCode(xpr) == XML_ERROR_NO_MEMORY) {
                                rc = err_set(p->e, DM_EX_DATAERR,
                                             "%s: part %s, line %lu: an XML tag or value takes "
                                             "more than the parser's limit of %zu bytes; %s",
                                             p->name, part,
                                             (unsigned long)XML_GetCurrentLineNumber(xpr),
                                             xml_limit, damaged_hint);
                        } else {
                                rc = err_set(p->e, DM_EX_DATAERR,
                                             "%s: part %s, line %lu, column %lu: malformed XML "
                                             "(%s); %s",
                                             p->name, part,
                                             (unsigned long)XML_GetCurrentLineNumber(xpr),
                                             (unsigned long)XML_GetCurrentColumnNumber(xpr) + 1,
                                             XML_ErrorString(XML_GetErrorCode(xpr)), damaged_hint);
                        }
                        break;
                }
                if (n == 0)
                        break;
        }
        XML_ParserFree(xpr);
        zip_fclose(f);
        return rc;
}

/*
 * Resolves a relationship target against the folder of the part holding the
 * relationship ("xl/" for "xl/_rels/workbook.xml.rels"): absolute targets
 * lose their '/', "../" climbs. Writes at most n bytes; returns 0, or -1
 * when it does not fit or climbs out of the package.
 */
static int resolve_target(char *dst, size_t n, const char *base_dir, const char *target)
{
        char tmp[512];
        int w;
        if (target[0] == '/')
                w = snprintf(tmp, sizeof tmp, "%s", target + 1);
        else
                w = snprintf(tmp, sizeof tmp, "%s%s", base_dir, target);
        if (w < 0 || (size_t)w >= sizeof tmp)
                return -1;
        /* Lexical tidy of "a/b/../c" and "./". */
        size_t len = 0;
        const char *s = tmp;
        while (*s) {
                const char *slash = strchr(s, '/');
                size_t seg = slash ? (size_t)(slash - s) : strlen(s);
                if (seg == 2 && !strncmp(s, "..", 2)) {
                        if (!len)
                                return -1;
                        while (len && dst[len - 1] != '/')
                                len--;
                        if (len)
                                len--; /* drop the '/' before the removed segment */
                        while (len && dst[len - 1] != '/')
                                len--;
                } else if (!(seg == 1 && s[0] == '.') && seg) {
                        if (len + seg + 2 > n)
                                return -1;
                        memcpy(dst + len, s, seg);
                        len += seg;
                        if (slash)
                                dst[len++] = '/';
                }
                s = slash ? slash + 1 : s + seg;
        }
        dst[len] = '\0';
        return len ? 0 : -1;
}

/* ---- relationships ------------------------------------------------------- */

struct rel {
        char *id;
        char *type; /* the last segment of the type URI, e.g. "worksheet" */
        char *target;
};

struct rels {
        struct xp x;
        struct rel *v;
        size_t n;
};

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **a)
{
        struct rels *r = ud;
        if (strcmp(lname(name), "Relationship"))
                return;
        const char *id = attr(a, "Id"), *type = attr(a, "Type"), *target = attr(a, "Target");
        if (!id || !type || !target)
                return;
        if (r->n >= MAX_SHEETS * 2) {
                xp_fail(&r->x, "more than %d relationships", MAX_SHEETS * 2);
                return;
        }
        const char *slash = strrchr(type, '/');
        r->v = xrealloc(r->v, (r->n + 1) * sizeof *r->v);
        r->v[r->n].id = xstrdup(id);
        r->v[r->n].type = xstrdup(slash ? slash + 1 : type);
        r->v[r->n].target = xstrdup(target);
        r->n++;
}

static void rels_clear(struct rels *r)
{
        for (size_t i = 0; i < r->n; i++) {
                free(r->v[i].id);
                free(r->v[i].type);
                free(r->v[i].target);
        }
        free(r->v);
        r->v = NULL;
        r->n = 0;
}

static const struct rel *rels_find_type(const struct rels *r, const char *type)
{
        for (size_t i = 0; i < r->n; i++)
                if (!strcmp(r->v[i].type, type))
                        return &r->v[i];
        return NULL;
}

static const struct rel *rels_find_id(const struct rels *r, const char *id)
{
        for (size_t i = 0; i < r->n; i++)
                if (!strcmp(r->v[i].id, id))
                        return &r->v[i];
        return NULL;
}

/* ---- workbook: sheets and date system ----------------------------------- */

struct sheetref {
        char *name;
        char *rid;
        int hidden; /* state="hidden" or "veryHidden" */
};

struct workbook {
        struct xp x;
        struct sheetref *v;
        size_t n;
        int date1904;
};

static int truthy(const char *s)
{
        return s && (!strcmp(s, "1") || !strcmp(s, "true") || !strcmp(s, "on"));
}

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **a)
{
        struct workbook *w = ud;
        const char *ln = lname(name);
        if (!strcmp(ln, "workbookPr")) {
                w->date1904 = truthy(attr(a, "date1904"));
        } else if (!strcmp(ln, "sheet")) {
                const char *n = attr(a, "name"), *rid = attr(a, "id");
                if (!n || !rid)
                        return;
                if (w->n >= MAX_SHEETS) {
                        xp_fail(&w->x, "more than %d sheets", MAX_SHEETS);
                        return;
                }
                w->v = xrealloc(w->v, (w->n + 1) * sizeof *w->v);
                w->v[w->n].name = xstrdup(n);
                w->v[w->n].rid = xstrdup(rid);
                const char *state = attr(a, "state");
                w->v[w->n].hidden = state && strcmp(state, "visible");
                w->n++;
        }
}

static void wb_clear(struct workbook *w)
{
        for (size_t i = 0; i < w->n; i++) {
                free(w->v[i].name);
                free(w->v[i].rid);
        }
        free(w->v);
}

/* ---- styles: which cell formats are dates ------------------------------- */

enum { XF_NUMBER = 0, XF_DATE = 1, XF_TIME = 2 };

struct numfmt {
        int id;
        unsigned char kind;
};

struct styles {
        struct xp x;
        int in_xfs;
        struct numfmt *fmts; /* custom formats */
        size_t nfmts;
        int *xf_fmt; /* cellXfs: numFmtId per style index */
        size_t nxf;
};

/*
 * Classifies a number format code: a date (or date and time), a time of day,
 * or a plain number. Quoted text, escaped characters and [colour] / [$-locale]
 * brackets are skipped; an elapsed-time bracket ([h], [mm], [ss]) makes a
 * duration, which stays a number.
 */
static unsigned char fmt_kind_of(const char *code)
{
        int date = 0, time = 0, month = 0;
        for (const char *s = code; *s && *s != ';'; s++) {
                char c = *s;
                if (c == '"') {
                        while (s[1] && s[1] != '"')
                                s++;
                        if (s[1])
                                s++;
                } else if (c == '\\' || c == '_' || c == '*') {
                        if (s[1])
                                s++;
                } else if (c == '[') {
                        char b = s[1];
                        if (b == 'h' || b == 'H' || b == 'm' || b == 'M' || b == 's' || b == 'S')
                                return XF_NUMBER;
                        while (s[1] && s[1] != ']')
                                s++;
                        if (s[1])
                                s++;
                } else if (!strncasecmp(s, "general", 7)) {
                        s += 6;
                } else if (c == 'd' || c == 'D' || c == 'y' || c == 'Y' || c == 'e' || c == 'E') {
                        if ((c == 'e' || c == 'E') && (s[1] == '+' || s[1] == '-'))
                                continue; /* scientific notation 0.0E+00 */
                        date = 1;
                } else if (c == 'h' || c == 'H' || c == 's' || c == 'S') {
                        time = 1;
                } else if (c == 'm' || c == 'M') {
                        month = 1; /* month or minute: with d/y a date, with h/s a time */
                }
        }
        if (date)
                return XF_DATE;
        if (time)
                return XF_TIME;
        return month ? XF_DATE : XF_NUMBER;
}

static unsigned char builtin_kind(int id)
{
        if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58))
                return XF_DATE;
        if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47))
                return XF_TIME;
        return XF_NUMBER;
}

static void XMLCALL st_start(void *ud, const XML_Char *name, const XML_Char **a)
{
        struct styles *s = ud;
        const char *ln = lname(name);
        if (!strcmp(ln, "numFmt")) {
                const char *id = attr(a, "numFmtId"), *code = attr(a, "formatCode");
                if (!id || !code || s->nfmts >= MAX_STYLES)
                        return;
                s->fmts = xrealloc(s->fmts, (s->nfmts + 1) * sizeof *s->fmts);
                s->fmts[s->nfmts].id = atoi(id);
                s->fmts[s->nfmts].kind = fmt_kind_of(code);
                s->nfmts++;
        } else if (!strcmp(ln, "cellXfs")) {
                s->in_xfs = 1;
        } else if (!strcmp(ln, "xf") && s->in_xfs) {
                if (s->nxf >= MAX_STYLES) {
                        xp_fail(&s->x, "more than %d cell styles", MAX_STYLES);
                        return;
                }
                const char *id = attr(a, "numFmtId");
                s->xf_fmt = xrealloc(s->xf_fmt, (s->nxf + 1) * sizeof *s->xf_fmt);
                s->xf_fmt[s->nxf++] = id ? atoi(id) : 0;
        }
}

static void XMLCALL st_end(void *ud, const XML_Char *name)
{
        struct styles *s = ud;
        if (!strcmp(lname(name), "cellXfs"))
                s->in_xfs = 0;
}

/* Returns a new array of XF_* kinds, one per cell style. */
static unsigned char *styles_kinds(const struct styles *s)
{
        unsigned char *k = xcalloc(s->nxf ? s->nxf : 1, 1);
        for (size_t i = 0; i < s->nxf; i++) {
                int id = s->xf_fmt[i];
                k[i] = builtin_kind(id);
                for (size_t f = 0; f < s->nfmts; f++)
                        if (s->fmts[f].id == id)
                                k[i] = s->fmts[f].kind;
        }
        return k;
}

/* ---- text ---------------------------------------------------------------- */

static int hexval(char c)
{
        if (c >= '0' && c <= '9')
                return c - '0';
        if (c >= 'a' && c <= 'f')
                return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
                return c - 'A' + 10;
        return -1;
}

static size_t put_utf8(char *d, unsigned cp)
{
        if (cp < 0x80) {
                d[0] = (char)cp;
                return 1;
        }
        if (cp < 0x800) {
                d[0] = (char)(0xC0 | (cp >> 6));
                d[1] = (char)(0x80 | (cp & 0x3F));
                return 2;
        }
        d[0] = (char)(0xE0 | (cp >> 12));
        d[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        d[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
}

/*
 * Decodes the _xHHHH_ escapes of an Office string (ST_Xstring) in place:
 * "_x000D_" is a carriage return, "_x005F_" a '_'. Escapes of control
 * characters other than tab, LF and CR, of surrogates and of NUL are left as
 * they are. Returns the new length.
 */
static size_t decode_xescapes(char *s, size_t n)
{
        size_t r = 0, w = 0;
        while (r < n) {
                if (s[r] == '_' && r + 6 < n && s[r + 1] == 'x' && s[r + 6] == '_') {
                        int h0 = hexval(s[r + 2]), h1 = hexval(s[r + 3]), h2 = hexval(s[r + 4]),
                            h3 = hexval(s[r + 5]);
                        if (h0 >= 0 && h1 >= 0 && h2 >= 0 && h3 >= 0) {
                                unsigned cp = (unsigned)(h0 << 12 | h1 << 8 | h2 << 4 | h3);
                                int ok = cp == '\t' || cp == '\n' || cp == '\r' ||
                                         (cp >= 0x20 && (cp < 0xD800 || cp > 0xDFFF) &&
                                          cp != 0xFFFE && cp != 0xFFFF);
                                if (ok) {
                                        w += put_utf8(s + w, cp);
                                        r += 7;
                                        continue;
                                }
                        }
                }
                s[w++] = s[r++];
        }
        s[w] = '\0';
        return w;
}

/* ---- shared strings ------------------------------------------------------ */

struct sst {
        struct xp x;
        struct strbuf text; /* every string, NUL-terminated, one after another */
        size_t *off;
        size_t n, cap;
        int in_si, in_t, rph;
        struct strbuf cur;
        unsigned long long max;
};

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **a)
{
        struct sst *s = ud;
        const char *ln = lname(name);
        (void)a;
        if (!strcmp(ln, "si")) {
                if (s->in_si) {
                        xp_fail(&s->x, "a shared string inside a shared string; %s", damaged_hint);
                        return;
                }
                s->in_si = 1;
                s->rph = 0;
                strbuf_reset(&s->cur);
        } else if (s->in_si && !strcmp(ln, "rPh")) {
                s->rph++;
        } else if (s->in_si && !strcmp(ln, "t")) {
                s->in_t = 1;
        }
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
        struct sst *s = ud;
        const char *ln = lname(name);
        if (!strcmp(ln, "t")) {
                s->in_t = 0;
        } else if (!strcmp(ln, "rPh")) {
                if (s->rph)
                        s->rph--;
        } else if (!strcmp(ln, "si") && s->in_si) {
                s->in_si = 0;
                size_t len = decode_xescapes(s->cur.buf ? s->cur.buf : (char[1]){0}, s->cur.len);
                if (s->n >= MAX_SHARED_COUNT ||
                    (unsigned long long)s->text.len + len + 1 > s->max) {
                        xp_fail(&s->x,
                                "the shared-string table holds more than %llu bytes or %zu "
                                "strings, the limit; save the sheet as CSV instead",
                                s->max, MAX_SHARED_COUNT);
                        return;
                }
                if (s->n == s->cap) {
                        s->cap = s->cap ? 2 * s->cap : 256;
                        s->off = xrealloc(s->off, s->cap * sizeof *s->off);
                }
                s->off[s->n++] = s->text.len;
                strbuf_addn(&s->text, s->cur.buf ? s->cur.buf : "", len);
                strbuf_addc(&s->text, '\0');
        }
}

static void XMLCALL sst_text(void *ud, const XML_Char *t, int len)
{
        struct sst *s = ud;
        if (!s->in_si || !s->in_t || s->rph)
                return;
        if ((unsigned long long)s->cur.len + (size_t)len > s->max) {
                xp_fail(&s->x, "a shared string is longer than %llu bytes", s->max);
                return;
        }
        strbuf_addn(&s->cur, t, (size_t)len);
}

static void sst_clear(struct sst *s)
{
        strbuf_clear(&s->text);
        strbuf_clear(&s->cur);
        free(s->off);
}

/* ---- dates --------------------------------------------------------------- */

/* Civil date of a day count from 1970-01-01 (H. Hinnant's algorithm). */
static void civil_from_days(long long z, int *y, int *m, int *d)
{
        z += 719468;
        long long era = (z >= 0 ? z : z - 146096) / 146097;
        unsigned doe = (unsigned)(z - era * 146097);
        unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long long yy = (long long)yoe + era * 400;
        unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        unsigned mp = (5 * doy + 2) / 153;
        *d = (int)(doy - (153 * mp + 2) / 5 + 1);
        *m = (int)(mp < 10 ? mp + 3 : mp - 9);
        *y = (int)(yy + (*m <= 2));
}

size_t xlsx_date_text(char *buf, double v, int date1904, int time_only)
{
        /* 2958466 is 10000-01-01 in the 1900 system, the first day Excel cannot show. */
        if (!(v >= 0) || v >= 2958466.0)
                return 0;
        long long secs = llround(v * 86400.0);
        long long days = secs / 86400;
        int sod = (int)(secs % 86400);
        int hh = sod / 3600, mi = sod / 60 % 60, ss = sod % 60;
        if (time_only && days == 0)
                return (size_t)snprintf(buf, 32, "%02d:%02d:%02d", hh, mi, ss);
        int y, m, d;
        if (date1904) {
                civil_from_days(days - 24107, &y, &m, &d);
        } else if (days == 0) {
                if (!sod)
                        return 0; /* Excel's "1900-01-00" */
                return (size_t)snprintf(buf, 32, "%02d:%02d:%02d", hh, mi, ss);
        } else if (days == 60) {
                y = 1900, m = 2, d = 29; /* Lotus 1-2-3's leap day, kept by Excel */
        } else {
                civil_from_days(days - (days < 60 ? 25568 : 25569), &y, &m, &d);
        }
        if (y > 9999)
                return 0;
        if (!sod)
                return (size_t)snprintf(buf, 32, "%04d-%02d-%02d", y, m, d);
        return (size_t)snprintf(buf, 32, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d, hh, mi, ss);
}

/* ---- the sheet ----------------------------------------------------------- */

enum ctype { CT_NUMBER, CT_SHARED, CT_INLINE, CT_FORMULA_STR, CT_BOOL, CT_ERROR, CT_DATE };

struct sheet {
        struct xp x;
        const struct sst *sst;
        const unsigned char *xfkind;
        size_t nxf;
        int date1904;
        csvread_fn fn;
        void *ctx;
        struct xlsx_info *info;
        /* Where the parser is. */
        int in_data, in_row, in_c, in_v, in_is, in_t, rph;
        long row, prev_row;
        int col, prev_col;
        enum ctype ct;
        int style;
        int has_v, has_f, over;
        struct strbuf val; /* text of the current cell */
        /* OpenDocument (content.xml) only. */
        int ods_skip;            /* depth of tables being passed over */
        int ods_done;            /* 1 once the chosen table has ended */
        int ods_p, ods_annot;    /* inside a text:p (count), inside an annotation */
        int ods_pcount;          /* paragraphs of the current cell so far */
        long ods_rows;           /* repetitions of the current row */
        long ods_cols;           /* repetitions of the current cell */
        char ods_type;           /* value type: 'f'loat, 'd'ate, 't'ime, 'b'oolean, 's'tring, 0 */
        struct strbuf ods_value; /* the office:*-value attribute of the current cell */
        struct strbuf ods_names; /* the tables seen, for an error listing them */
        const char *ods_want;    /* the table to read, NULL = the first */
        /* The current row: cell texts, NUL-terminated, in arena. */
        struct strbuf arena;
        size_t *off, *len;
        unsigned char *set;
        char **fields;
        int cap;    /* columns the arrays hold */
        int maxcol; /* last column with a non-empty cell, -1 = none */
        int maxset; /* last column with any cell, -1 = none */
        int nonempty;
        char problem[400];
        int problem_col;   /* 1-based, 0 = none */
        long header_width; /* -1 until the header row */
        long records;
};

static char empty_field[1];

/* Writes the letters of 0-based column c ("A", "AB"). */
static void col_letters(char *buf, int c)
{
        char tmp[8];
        int n = 0;
        c++;
        while (c > 0 && n < 7) {
                c--;
                tmp[n++] = (char)('A' + c % 26);
                c /= 26;
        }
        for (int i = 0; i < n; i++)
                buf[i] = tmp[n - 1 - i];
        buf[n] = '\0';
}

/* Parses the letters of a cell reference ("AB12"): returns the 0-based column, or -1. */
static long ref_col(const char *r)
{
        long c = 0;
        int n = 0;
        for (; (*r >= 'A' && *r <= 'Z') || (*r >= 'a' && *r <= 'z'); r++) {
                if (++n > 4)
                        return -1;
                c = c * 26 + ((*r | 0x20) - 'a' + 1);
        }
        if (!n)
                return -1;
        for (const char *d = r; *d; d++)
                if (*d < '0' || *d > '9')
                        return -1;
        return c - 1;
}

static int parse_ulong(const char *s, unsigned long long max, unsigned long long *out)
{
        unsigned long long v = 0;
        if (!*s)
                return -1;
        for (; *s; s++) {
                if (*s < '0' || *s > '9')
                        return -1;
                v = v * 10 + (unsigned)(*s - '0');
                if (v > max)
                        return -1;
        }
        *out = v;
        return 0;
}

static void row_problem(struct sheet *sh, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void row_problem(struct sheet *sh, const char *fmt, ...)
{
        if (sh->problem_col)
                return; /* the first problem of a row is the one reported */
        char ref[16];
        col_letters(ref, sh->col);
        char what[300];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(what, sizeof what, msgcat_fmt(fmt), ap);
        va_end(ap);
        snprintf(sh->problem, sizeof sh->problem, msgcat_fmt("cell %s%ld %s"), ref, sh->row, what);
        sh->problem_col = sh->col + 1;
}

static void grow_cols(struct sheet *sh, int need)
{
        if (need <= sh->cap)
                return;
        int cap = sh->cap ? sh->cap : 64;
        while (cap < need)
                cap *= 2;
        sh->off = xrealloc(sh->off, (size_t)cap * sizeof *sh->off);
        sh->len = xrealloc(sh->len, (size_t)cap * sizeof *sh->len);
        sh->fields = xrealloc(sh->fields, (size_t)cap * sizeof *sh->fields);
        sh->set = xrealloc(sh->set, (size_t)cap);
        memset(sh->set + sh->cap, 0, (size_t)(cap - sh->cap));
        sh->cap = cap;
}

static void XMLCALL sh_start(void *ud, const XML_Char *name, const XML_Char **a)
{
        struct sheet *sh = ud;
        const char *ln = lname(name);
        if (!sh->in_data) {
                if (!strcmp(ln, "sheetData"))
                        sh->in_data = 1;
                return;
        }
        if (!strcmp(ln, "row")) {
                const char *r = attr(a, "r");
                unsigned long long v;
                if (sh->in_row) {
                        xp_fail(&sh->x, "a row inside row %ld; %s", sh->row, damaged_hint);
                        return;
                }
                if (!r) {
                        v = (unsigned long long)sh->prev_row + 1;
                } else if (parse_ulong(r, (unsigned long long)sh->x.pkg->o.max_rows + 1, &v) ||
                           !v) {
                        xp_fail(&sh->x, "row number \"%.20s\" is not a row number from 1 to %ld", r,
                                sh->x.pkg->o.max_rows);
                        return;
                }
                if (v > (unsigned long long)sh->x.pkg->o.max_rows) {
                        xp_fail(&sh->x,
                                "row %llu is beyond row %ld, the last one a sheet can have; save "
                                "the survey answers as CSV instead",
                                v, sh->x.pkg->o.max_rows);
                        return;
                }
                if ((long)v <= sh->prev_row) {
                        xp_fail(&sh->x, "row %llu comes after row %ld; rows must be in order; %s",
                                v, sh->prev_row, damaged_hint);
                        return;
                }
                sh->in_row = 1;
                sh->row = (long)v;
                sh->prev_col = -1;
                sh->maxcol = sh->maxset = -1;
                sh->nonempty = 0;
                sh->problem_col = 0;
                sh->problem[0] = '\0';
                strbuf_reset(&sh->arena);
                return;
        }
        if (!sh->in_row) {
                if (!strcmp(ln, "c"))
                        xp_fail(&sh->x, "a cell outside any row; %s", damaged_hint);
                return;
        }
        if (!strcmp(ln, "c")) {
                if (sh->in_c) {
                        xp_fail(&sh->x, "a cell inside a cell; %s", damaged_hint);
                        return;
                }
                /* SpreadsheetML's cell attributes are unqualified: one pass, by name. */
                const char *r = NULL, *t = NULL, *s = NULL;
                for (const XML_Char **at = a; at[0]; at += 2) {
                        const char *an = at[0];
                        if (!an[0] || an[1])
                                continue;
                        if (an[0] == 'r')
                                r = at[1];
                        else if (an[0] == 't')
                                t = at[1];
                        else if (an[0] == 's')
                                s = at[1];
                }
                long c = r ? ref_col(r) : sh->prev_col + 1;
                if (c < 0) {
                        xp_fail(&sh->x,
                                "cell reference \"%.20s\" is not a reference such as B7; %s", r,
                                damaged_hint);
                        return;
                }
                if (c >= sh->x.pkg->o.max_cols) {
                        char ref[16];
                        col_letters(ref, sh->x.pkg->o.max_cols - 1);
                        xp_fail(&sh->x,
                                "cell %.20s is beyond column %s, the last column a sheet can have",
                                r ? r : "?", ref);
                        return;
                }
                sh->in_c = 1;
                sh->col = (int)c;
                sh->prev_col = (int)c;
                sh->ct = !t                        ? CT_NUMBER
                         : !strcmp(t, "s")         ? CT_SHARED
                         : !strcmp(t, "inlineStr") ? CT_INLINE
                         : !strcmp(t, "str")       ? CT_FORMULA_STR
                         : !strcmp(t, "b")         ? CT_BOOL
                         : !strcmp(t, "e")         ? CT_ERROR
                         : !strcmp(t, "d")         ? CT_DATE
                                                   : CT_NUMBER;
                unsigned long long st = 0;
                sh->style = s && !parse_ulong(s, MAX_STYLES, &st) ? (int)st : 0;
                sh->has_v = sh->has_f = sh->over = 0;
                sh->in_v = sh->in_is = sh->in_t = sh->rph = 0;
                strbuf_reset(&sh->val);
                return;
        }
        if (!sh->in_c)
                return;
        if (!strcmp(ln, "v")) {
                sh->in_v = 1;
                sh->has_v = 1;
        } else if (!strcmp(ln, "f")) {
                sh->has_f = 1;
        } else if (!strcmp(ln, "is")) {
                sh->in_is = 1;
                sh->has_v = 1;
        } else if (sh->in_is && !strcmp(ln, "rPh")) {
                sh->rph++;
        } else if (sh->in_is && !strcmp(ln, "t")) {
                sh->in_t = 1;
        }
}

static void XMLCALL sh_text(void *ud, const XML_Char *t, int len)
{
        struct sheet *sh = ud;
        if (!sh->in_c || !(sh->in_v || (sh->in_is && sh->in_t && !sh->rph)) || sh->over)
                return;
        if (sh->val.len + (size_t)len > sh->x.pkg->o.max_cell) {
                sh->over = 1;
                return;
        }
        strbuf_addn(&sh->val, t, (size_t)len);
}

/* Sets the current cell's text (n bytes of s) in the row. */
static void put_cell(struct sheet *sh, const char *s, size_t n)
{
        grow_cols(sh, sh->col + 1);
        if (sh->set[sh->col]) {
                row_problem(sh, "appears twice in the row; %s", damaged_hint);
                return;
        }
        if (sh->arena.len + n + 1 > MAX_ROW_BYTES) {
                row_problem(sh, "makes the row longer than %zu bytes", MAX_ROW_BYTES);
                n = 0;
        }
        sh->off[sh->col] = sh->arena.len;
        sh->len[sh->col] = n;
        strbuf_addn(&sh->arena, s, n);
        strbuf_addc(&sh->arena, '\0');
        if (sh->col > sh->maxset)
                sh->maxset = sh->col;
        if ((n || sh->problem_col == sh->col + 1) && sh->col > sh->maxcol)
                sh->maxcol = sh->col;
        sh->set[sh->col] = 1;
        if (n)
                sh->nonempty = 1;
}

static void no_saved_value(struct sheet *sh)
{
        row_problem(sh, "holds a formula without a saved value (the file was written by a "
                        "program that does not calculate); open the workbook in Excel or "
                        "LibreOffice and save it, so that the values are stored");
}

static void finish_cell(struct sheet *sh)
{
        char *v = sh->val.buf ? sh->val.buf : empty_field;
        size_t n = sh->val.len;
        char num[DM_NUMBUF];
        if (sh->over) {
                row_problem(sh, "holds more than %zu bytes of text", sh->x.pkg->o.max_cell);
                put_cell(sh, "", 0);
                return;
        }
        if (!sh->has_v) {
                if (sh->has_f)
                        no_saved_value(sh);
                put_cell(sh, "", 0);
                return;
        }
        switch (sh->ct) {
        case CT_INLINE:
        case CT_FORMULA_STR:
                n = decode_xescapes(v, n);
                put_cell(sh, v, n);
                return;
        case CT_ERROR:
                put_cell(sh, v, n);
                return;
        case CT_SHARED: {
                unsigned long long i;
                char *t = trim_inplace(v);
                if (parse_ulong(t, SIZE_MAX, &i) || i >= sh->sst->n) {
                        row_problem(sh,
                                    "refers to shared string \"%.20s\", but the workbook has %zu "
                                    "shared strings; %s",
                                    t, sh->sst->n, damaged_hint);
                        put_cell(sh, "", 0);
                        return;
                }
                const struct sst *t2 = sh->sst;
                size_t end = i + 1 < t2->n ? t2->off[i + 1] : t2->text.len;
                put_cell(sh, t2->text.buf + t2->off[i], end - t2->off[i] - 1);
                return;
        }
        case CT_BOOL: {
                char *t = trim_inplace(v);
                if (!strcmp(t, "1") || !strcmp(t, "0")) {
                        put_cell(sh, t[0] == '1' ? "TRUE" : "FALSE", t[0] == '1' ? 4 : 5);
                        return;
                }
                row_problem(sh, "holds \"%.20s\" as a true/false value; expected 1 or 0", t);
                put_cell(sh, "", 0);
                return;
        }
        case CT_DATE: {
                /* ISO 8601 text: "2024-03-05T09:12:33.000Z" -> "2024-03-05 09:12:33". */
                char *t = trim_inplace(v);
                size_t len = strlen(t);
                char *T = strchr(t, 'T');
                if (T)
                        *T = ' ';
                char *dot = T ? strchr(T, '.') : NULL;
                if (dot)
                        len = (size_t)(dot - t);
                else if (len && t[len - 1] == 'Z')
                        len--;
                if (T && len == 19 && !strncmp(T, " 00:00:00", 9))
                        len = (size_t)(T - t);
                put_cell(sh, t, len);
                return;
        }
        case CT_NUMBER:
                break;
        }
        char *t = trim_inplace(v);
        char *end;
        errno = 0;
        double d = strtod(t, &end);
        if (!*t || *end || !isfinite(d)) {
                if (!*t) {
                        put_cell(sh, "", 0);
                        return;
                }
                row_problem(sh, "holds \"%.20s\", which is not a number; %s", t, damaged_hint);
                put_cell(sh, "", 0);
                return;
        }
        unsigned char kind = (size_t)sh->style < sh->nxf ? sh->xfkind[sh->style] : XF_NUMBER;
        if (kind != XF_NUMBER) {
                char date[32];
                size_t dl = xlsx_date_text(date, d, sh->date1904, kind == XF_TIME);
                if (dl) {
                        put_cell(sh, date, dl);
                        return;
                }
        }
        size_t nl = fmt_double(num, d == 0 ? 0.0 : d);
        put_cell(sh, num, nl);
}

/* Forgets the cells of the row just ended, so the next row starts with none set. */
static void clear_row(struct sheet *sh)
{
        for (long f = 0; f <= sh->maxset; f++)
                sh->set[f] = 0;
        sh->maxcol = sh->maxset = -1;
}

/* Returns 1 when the current row has nothing to hand on (a blank row, like a blank CSV line). */
static int row_blank(const struct sheet *sh)
{
        return sh->maxcol < 0 || (!sh->nonempty && !sh->problem_col);
}

/* Hands the current row, numbered sh->row, to the callback; keeps its cells. */
static void emit_current(struct sheet *sh)
{
        long nf = sh->maxcol + 1;
        if (sh->header_width < 0)
                sh->header_width = nf;
        else if (nf < sh->header_width)
                nf = sh->header_width;
        grow_cols(sh, (int)nf);
        for (long f = 0; f < nf; f++) {
                if (f <= sh->maxcol && sh->set[f]) {
                        sh->fields[f] = sh->arena.buf + sh->off[f];
                } else {
                        sh->fields[f] = empty_field;
                        sh->len[f] = 0;
                }
        }
        struct csvrow row = {
            .nfields = (size_t)nf,
            .fields = sh->fields,
            .lens = sh->len,
            .line = sh->row,
            .end_line = sh->row,
            .record = sh->records++,
            .problem = sh->problem_col ? sh->problem : NULL,
            .problem_field = (size_t)sh->problem_col,
        };
        sh->info->rows++;
        sh->info->last_row = sh->row;
        size_t held =
            sh->arena.cap + sh->val.cap +
            (size_t)sh->cap * (sizeof *sh->off + sizeof *sh->len + sizeof *sh->fields + 1);
        if (held > sh->info->row_peak)
                sh->info->row_peak = held;
        if (sh->fn && sh->fn(sh->ctx, &row)) {
                sh->x.stop = 2;
                XML_StopParser(sh->x.parser, XML_FALSE);
        }
}

static void emit_row(struct sheet *sh)
{
        if (!row_blank(sh))
                emit_current(sh);
        clear_row(sh);
}

static void XMLCALL sh_end(void *ud, const XML_Char *name)
{
        struct sheet *sh = ud;
        const char *ln = lname(name);
        if (!sh->in_data)
                return;
        if (sh->in_c) {
                if (!strcmp(ln, "v"))
                        sh->in_v = 0;
                else if (!strcmp(ln, "t"))
                        sh->in_t = 0;
                else if (!strcmp(ln, "rPh") && sh->rph)
                        sh->rph--;
                else if (!strcmp(ln, "is"))
                        sh->in_is = 0;
                else if (!strcmp(ln, "c")) {
                        sh->in_c = 0;
                        finish_cell(sh);
                }
                return;
        }
        if (!strcmp(ln, "row") && sh->in_row) {
                sh->in_row = 0;
                sh->prev_row = sh->row;
                emit_row(sh);
        } else if (!strcmp(ln, "sheetData")) {
                sh->in_data = 0;
        }
}

/* ---- OpenDocument spreadsheets (content.xml) ----------------------------- */

/* Parses an attribute count (number-rows-repeated): 1 when absent or unusable. */
static long ods_count(const XML_Char **a, const char *name, long max)
{
        const char *v = attr(a, name);
        unsigned long long n;
        if (!v || parse_ulong(v, ~0ULL >> 1, &n) || !n)
                return 1;
        return n > (unsigned long long)max ? max : (long)n;
}

static void ods_add_text(struct sheet *sh, const char *s, size_t n)
{
        if (sh->over || sh->val.len + n > sh->x.pkg->o.max_cell) {
                sh->over = 1;
                return;
        }
        strbuf_addn(&sh->val, s, n);
}

static void XMLCALL ods_start(void *ud, const XML_Char *name, const XML_Char **a)
{
        struct sheet *sh = ud;
        const char *ln = lname(name);
        if (!strcmp(ln, "table")) {
                const char *tn = attr(a, "name");
                if (sh->ods_skip || sh->in_data) {
                        sh->ods_skip++;
                        return;
                }
                strbuf_addf(&sh->ods_names, "%s\"%s\"", sh->ods_names.len ? ", " : "",
                            tn ? tn : "");
                int pick = !sh->ods_want;
                if (sh->ods_want && tn) {
                        char *x = text_key(tn), *y = text_key(sh->ods_want);
                        pick = !strcmp(x, y);
                        free(x);
                        free(y);
                }
                if (!pick) {
                        sh->ods_skip++;
                        return;
                }
                sh->in_data = 1;
                snprintf(sh->info->sheet, sizeof sh->info->sheet, "%.255s", tn ? tn : "");
                return;
        }
        if (!sh->in_data || sh->ods_skip)
                return;
        if (!strcmp(ln, "table-row")) {
                if (sh->in_row) {
                        xp_fail(&sh->x, "a row inside row %ld; %s", sh->row, damaged_hint);
                        return;
                }
                sh->in_row = 1;
                sh->row = sh->prev_row + 1;
                sh->ods_rows = ods_count(a, "number-rows-repeated", sh->x.pkg->o.max_rows + 1L);
                sh->col = 0;
                sh->maxcol = sh->maxset = -1;
                sh->nonempty = 0;
                sh->problem_col = 0;
                sh->problem[0] = '\0';
                strbuf_reset(&sh->arena);
                return;
        }
        if (!sh->in_row)
                return;
        if (!strcmp(ln, "table-cell") || !strcmp(ln, "covered-table-cell")) {
                if (sh->in_c) {
                        xp_fail(&sh->x, "a cell inside a cell; %s", damaged_hint);
                        return;
                }
                sh->in_c = 1;
                sh->over = 0;
                sh->ods_pcount = 0;
                sh->ods_cols = ods_count(a, "number-columns-repeated", sh->x.pkg->o.max_cols + 1L);
                const char *t = attr(a, "value-type");
                const char *v = NULL;
                sh->ods_type = 0;
                if (!t) {
                } else if (!strcmp(t, "float") || !strcmp(t, "percentage") ||
                           !strcmp(t, "currency")) {
                        sh->ods_type = 'f';
                        v = attr(a, "value");
                } else if (!strcmp(t, "date")) {
                        sh->ods_type = 'd';
                        v = attr(a, "date-value");
                } else if (!strcmp(t, "time")) {
                        sh->ods_type = 't';
                        v = attr(a, "time-value");
                } else if (!strcmp(t, "boolean")) {
                        sh->ods_type = 'b';
                        v = attr(a, "boolean-value");
                } else {
                        sh->ods_type = 's';
                }
                strbuf_reset(&sh->val);
                strbuf_reset(&sh->ods_value);
                if (v)
                        strbuf_adds(&sh->ods_value, v);
                return;
        }
        if (!sh->in_c)
                return;
        if (!strcmp(ln, "annotation")) {
                sh->ods_annot++;
        } else if (sh->ods_annot) {
        } else if (!strcmp(ln, "p") || !strcmp(ln, "h")) {
                if (sh->ods_pcount++)
                        ods_add_text(sh, "\n", 1);
                sh->ods_p++;
        } else if (sh->ods_p && !strcmp(ln, "s")) {
                long n = ods_count(a, "c", 1000);
                for (long i = 0; i < n; i++)
                        ods_add_text(sh, " ", 1);
        } else if (sh->ods_p && !strcmp(ln, "tab")) {
                ods_add_text(sh, "\t", 1);
        } else if (sh->ods_p && !strcmp(ln, "line-break")) {
                ods_add_text(sh, "\n", 1);
        }
}

static void XMLCALL ods_text(void *ud, const XML_Char *t, int len)
{
        struct sheet *sh = ud;
        if (sh->in_c && sh->ods_p && !sh->ods_annot && !sh->ods_skip)
                ods_add_text(sh, t, (size_t)len);
}

/* Writes an ODF duration "PT09H12M33S" as "09:12:33"; returns the length or 0. */
static size_t ods_time(char *buf, const char *v)
{
        unsigned h = 0, m = 0;
        double s = 0;
        char tail;
        if (sscanf(v, "PT%uH%uM%lfS%c", &h, &m, &s, &tail) != 3 || h > 100000 || m > 59 ||
            !(s >= 0 && s < 60))
                return 0;
        return (size_t)snprintf(buf, 32, "%02u:%02u:%02u", h, m, (unsigned)(s + 0.5) % 60);
}

static void ods_finish_cell(struct sheet *sh)
{
        char num[40];
        const char *text = sh->val.buf ? sh->val.buf : "";
        size_t n = sh->val.len;
        const char *v = strbuf_str(&sh->ods_value);
        if (sh->over) {
                row_problem(sh, "holds more than %zu bytes of text", sh->x.pkg->o.max_cell);
                text = "", n = 0;
        } else if (sh->ods_type == 'f') {
                char *end;
                double d = strtod(v, &end);
                if (!*v || *end || !isfinite(d)) {
                        row_problem(sh, "holds \"%.20s\" as a number; %s", v, damaged_hint);
                        text = "", n = 0;
                } else {
                        n = fmt_double(num, d == 0 ? 0.0 : d);
                        text = num;
                }
        } else if (sh->ods_type == 'd') {
                /* "2024-03-05T09:12:33.123" -> "2024-03-05 09:12:33"; midnight -> the date. */
                size_t len = strlen(v);
                if (len > 19)
                        len = 19;
                if (len > sizeof num - 1)
                        len = sizeof num - 1;
                memcpy(num, v, len);
                num[len] = '\0';
                char *T = strchr(num, 'T');
                if (T) {
                        *T = ' ';
                        if (!strcmp(T, " 00:00:00"))
                                *T = '\0';
                }
                text = num;
                n = strlen(num);
        } else if (sh->ods_type == 't') {
                n = ods_time(num, v);
                if (!n) {
                        row_problem(sh, "holds \"%.20s\" as a time; %s", v, damaged_hint);
                }
                text = n ? num : "";
        } else if (sh->ods_type == 'b') {
                int yes = !strcmp(v, "true");
                text = yes ? "TRUE" : "FALSE";
                n = yes ? 4 : 5;
        } else if (!sh->ods_type) {
                text = "", n = 0; /* no value type: an empty cell, whatever it shows */
        }
        if (!n && !sh->problem_col) {
                sh->col +=
                    (int)(sh->ods_cols > INT_MAX - sh->col ? INT_MAX - sh->col : sh->ods_cols);
                return;
        }
        for (long k = 0; k < sh->ods_cols && sh->x.stop == 0; k++) {
                if (sh->col >= sh->x.pkg->o.max_cols) {
                        char ref[16];
                        col_letters(ref, sh->x.pkg->o.max_cols - 1);
                        xp_fail(&sh->x,
                                "a cell of row %ld is beyond column %s, the last column "
                                "a sheet can have",
                                sh->row, ref);
                        return;
                }
                put_cell(sh, text, n);
                sh->col++;
        }
}

static void XMLCALL ods_end(void *ud, const XML_Char *name)
{
        struct sheet *sh = ud;
        const char *ln = lname(name);
        if (!strcmp(ln, "table")) {
                if (sh->ods_skip) {
                        sh->ods_skip--;
                } else if (sh->in_data) {
                        sh->in_data = 0;
                        sh->ods_done = 1;
                        sh->x.stop = 3; /* the rest of the file is other tables */
                        XML_StopParser(sh->x.parser, XML_FALSE);
                }
                return;
        }
        if (!sh->in_data || sh->ods_skip)
                return;
        if (sh->in_c) {
                if (!strcmp(ln, "annotation")) {
                        if (sh->ods_annot)
                                sh->ods_annot--;
                } else if (!sh->ods_annot && (!strcmp(ln, "p") || !strcmp(ln, "h"))) {
                        if (sh->ods_p)
                                sh->ods_p--;
                } else if (!strcmp(ln, "table-cell") || !strcmp(ln, "covered-table-cell")) {
                        sh->in_c = 0;
                        ods_finish_cell(sh);
                }
                return;
        }
        if (!strcmp(ln, "table-row") && sh->in_row) {
                sh->in_row = 0;
                long first = sh->row, last = first + sh->ods_rows - 1;
                if (!row_blank(sh)) {
                        if (last > sh->x.pkg->o.max_rows) {
                                xp_fail(&sh->x,
                                        "row %ld is beyond row %ld, the last one a sheet can "
                                        "have; save the survey answers as CSV instead",
                                        last, sh->x.pkg->o.max_rows);
                                return;
                        }
                        for (long r = first; r <= last && !sh->x.stop; r++) {
                                sh->row = r;
                                emit_current(sh);
                        }
                }
                clear_row(sh);
                sh->prev_row = last;
        }
}

static void sheet_clear(struct sheet *sh)
{
        strbuf_clear(&sh->ods_value);
        strbuf_clear(&sh->ods_names);
        strbuf_clear(&sh->val);
        strbuf_clear(&sh->arena);
        free(sh->off);
        free(sh->len);
        free(sh->set);
        free(sh->fields);
}

/* ---- not a workbook ------------------------------------------------------ */

/* Returns 1 when the UTF-16LE form of ascii is among the n bytes of b. */
static int has_u16(const unsigned char *b, size_t n, const char *ascii)
{
        size_t m = strlen(ascii);
        if (n < 2 * m)
                return 0;
        for (size_t i = 0; i + 2 * m <= n; i++) {
                size_t k = 0;
                while (k < m && b[i + 2 * k] == (unsigned char)ascii[k] && !b[i + 2 * k + 1])
                        k++;
                if (k == m)
                        return 1;
        }
        return 0;
}

enum { OLE2_OTHER, OLE2_ENCRYPTED, OLE2_XLS };

/* What an OLE2 compound file holds, from the stream names in n bytes of it. */
static int ole2_kind(const unsigned char *b, size_t n)
{
        if (has_u16(b, n, "EncryptedPackage") || has_u16(b, n, "EncryptionInfo"))
                return OLE2_ENCRYPTED;
        if (has_u16(b, n, "Workbook") || has_u16(b, n, "Book"))
                return OLE2_XLS;
        return OLE2_OTHER;
}

/* Words why an OLE2 compound file of this kind is not read. */
static int ole2_error(const char *name, int kind, struct err *e)
{
        if (kind == OLE2_ENCRYPTED)
                return err_set(e, DM_EX_DATAERR,
                               "%s: the workbook is encrypted (protected with a password to "
                               "open); open it in Excel, remove the password (File > Info > "
                               "Protect Workbook > Encrypt with Password) and save it as .xlsx, "
                               "or save the answers as CSV",
                               name);
        if (kind == OLE2_XLS)
                return err_set(e, DM_EX_DATAERR,
                               "%s: this is an old Excel 97-2003 workbook (.xls), which is not "
                               "read; open it in Excel or LibreOffice and save it as \"Excel "
                               "Workbook (.xlsx)\" or as \"CSV UTF-8\"",
                               name);
        return err_set(e, DM_EX_DATAERR,
                       "%s: this is an old Microsoft Office file (OLE2), not a workbook or CSV "
                       "export; save the answers as .xlsx or CSV",
                       name);
}

/* Reads at most n bytes of the part into buf (NUL-terminated); returns the length or -1. */
static long read_small_part(struct pkg *p, const char *part, char *buf, size_t n)
{
        zip_int64_t idx = find_part(p, part);
        if (idx < 0)
                return -1;
        zip_file_t *f = zip_fopen_index(p->z, (zip_uint64_t)idx, 0);
        if (!f)
                return -1;
        zip_int64_t got = zip_fread(f, buf, n - 1);
        zip_fclose(f);
        if (got < 0)
                return -1;
        buf[got] = '\0';
        return (long)got;
}

/* ---- reading ------------------------------------------------------------- */

static void fill_defaults(struct xlsx_opts *o, const struct xlsx_opts *in)
{
        memset(o, 0, sizeof *o);
        if (in)
                *o = *in;
        if (!o->block_size)
                o->block_size = DEF_BLOCK;
        if (o->block_size > (1u << 30))
                o->block_size = 1u << 30;
        if (!o->max_cell)
                o->max_cell = DEF_MAX_CELL;
        if (o->max_rows <= 0)
                o->max_rows = DEF_MAX_ROWS;
        if (o->max_cols <= 0)
                o->max_cols = DEF_MAX_COLS;
        if (!o->max_part)
                o->max_part = DEF_MAX_PART;
        if (!o->max_shared)
                o->max_shared = DEF_MAX_SHARED;
        if (!o->max_ratio)
                o->max_ratio = DEF_MAX_RATIO;
        if (!o->max_xml)
                o->max_xml = DEF_MAX_XML;
        if (o->block_size > o->max_xml / 4) /* the parser's buffer holds a block and the rest */
                o->block_size = o->max_xml / 4 ? o->max_xml / 4 : 1;
}

/* Lists the worksheet names for a message: "Sheet1", "Taul2". */
static void list_sheets(struct strbuf *sb, const struct workbook *wb, const struct rels *rl)
{
        int k = 0;
        for (size_t i = 0; i < wb->n && k < 10; i++) {
                const struct rel *r = rels_find_id(rl, wb->v[i].rid);
                if (!r || strcmp(r->type, "worksheet"))
                        continue;
                strbuf_addf(sb, "%s\"%s\"", k++ ? ", " : "", wb->v[i].name);
        }
        if (!k)
                strbuf_adds(sb, "none");
}

/*
 * Reads an OpenDocument spreadsheet (.ods): its content.xml holds every
 * table; the chosen one is streamed like a worksheet, and parsing stops at
 * its end.
 */
static int read_ods(struct pkg *p, csvread_fn fn, void *ctx, struct xlsx_info *info)
{
        snprintf(info->format, sizeof info->format, "%s", N_("OpenDocument spreadsheet"));
        snprintf(info->part, sizeof info->part, "content.xml");
        size_t mn = (size_t)256 << 10;
        char *man = xmalloc(mn);
        long got = read_small_part(p, "META-INF/manifest.xml", man, mn);
        int encrypted = got > 0 && strstr(man, "encryption-data");
        free(man);
        if (encrypted)
                return err_set(p->e, DM_EX_DATAERR,
                               "%s: the spreadsheet is encrypted (saved with a password); open "
                               "it in LibreOffice, save it without the password, or save the "
                               "answers as CSV",
                               p->name);
        struct sheet sh = {0};
        sh.fn = fn;
        sh.ctx = ctx;
        sh.info = info;
        sh.header_width = -1;
        sh.maxcol = sh.maxset = -1;
        sh.ods_want = p->o.sheet;
        int rc = parse_part(p, "content.xml", &sh.x, ods_start, ods_end, ods_text, p->o.max_part);
        if (rc > 0)
                rc = err_set(p->e, DM_EX_DATAERR,
                             "%s: the spreadsheet has no part content.xml; open it in LibreOffice "
                             "and save it again",
                             p->name);
        else if (!rc && !sh.ods_done && p->o.sheet)
                rc = err_set(p->e, DM_EX_DATAERR,
                             "%s: the spreadsheet has no sheet \"%s\"; its sheets are %s (check "
                             "sheet = in the wave's section)",
                             p->name, p->o.sheet,
                             sh.ods_names.len ? strbuf_str(&sh.ods_names) : "none");
        else if (!rc && !sh.ods_done)
                rc = err_set(p->e, DM_EX_DATAERR, "%s: the spreadsheet has no sheet", p->name);
        if (rc < 0 && sh.x.stop == 2 && (!p->e || !p->e->code))
                err_set(p->e, DM_EX_DATAERR, "%s: stopped", p->name);
        sheet_clear(&sh);
        return rc ? -1 : 0;
}

/* Reads the package once it is open (p->z set). */
static int read_package(struct pkg *p, csvread_fn fn, void *ctx, struct xlsx_info *info)
{
        char small[512];
        xml_peak = xml_now;
        xml_limit = p->o.max_xml;
        zip_int64_t entries = zip_get_num_entries(p->z, 0);
        if (entries > MAX_ENTRIES)
                return err_set(p->e, DM_EX_DATAERR,
                               "%s: the ZIP package has %lld parts, more than the limit of %d; a "
                               "workbook has a few dozen",
                               p->name, (long long)entries, MAX_ENTRIES);
        /* An OpenDocument file says so in its first part. */
        if (read_small_part(p, "mimetype", small, sizeof small) >= 0 &&
            strstr(small, "opendocument")) {
                if (strstr(small, "opendocument.spreadsheet") &&
                    !strstr(small, "spreadsheet-template"))
                        return read_ods(p, fn, ctx, info);
                return err_set(p->e, DM_EX_DATAERR,
                               "%s: this is an OpenDocument file, not a survey export; save the "
                               "answers as .xlsx or CSV",
                               p->name);
        }
        snprintf(info->format, sizeof info->format, "%s", N_("Excel workbook"));
        /* The package relationships name the workbook part. */
        char wbpart[512] = "xl/workbook.xml";
        struct rels root = {0};
        int rc = parse_part(p, "_rels/.rels", &root.x, rels_start, NULL, NULL, MAX_META_PART);
        if (rc < 0) {
                rels_clear(&root);
                return -1;
        }
        const struct rel *doc = rels_find_type(&root, "officeDocument");
        if (doc && resolve_target(wbpart, sizeof wbpart, "", doc->target)) {
                rels_clear(&root);
                return err_set(p->e, DM_EX_DATAERR,
                               "%s: part _rels/.rels names the workbook as \"%.100s\", which is "
                               "not a part of the package; %s",
                               p->name, doc->target, damaged_hint);
        }
        rels_clear(&root);
        size_t wl = strlen(wbpart);
        if (wl > 4 && !strcasecmp(wbpart + wl - 4, ".bin"))
                return err_set(p->e, DM_EX_DATAERR,
                               "%s: this is an Excel binary workbook (.xlsb), which is not read; "
                               "save it in Excel as \"Excel Workbook (.xlsx)\" or as \"CSV UTF-8\"",
                               p->name);
        if (find_part(p, wbpart) < 0) {
                if (find_part(p, "word/document.xml") >= 0 ||
                    find_part(p, "ppt/presentation.xml") >= 0)
                        return err_set(p->e, DM_EX_DATAERR,
                                       "%s: this is a Word or PowerPoint file, not a workbook; "
                                       "give the survey tool's .xlsx or CSV export",
                                       p->name);
                return err_set(p->e, DM_EX_DATAERR,
                               "%s: this is a ZIP file but not an Excel workbook (it has no part "
                               "%s); give the survey tool's .xlsx or CSV export",
                               p->name, wbpart);
        }
        /* The workbook: sheets and date system. */
        struct workbook wb = {0};
        struct rels wrels = {0};
        struct styles sty = {0};
        struct sst sst = {0};
        struct sheet sh = {0};
        unsigned char *kinds = NULL;
        char wbdir[512], relpart[600], part[512];
        const char *slash = strrchr(wbpart, '/');
        size_t dl = slash ? (size_t)(slash - wbpart + 1) : 0;
        memcpy(wbdir, wbpart, dl);
        wbdir[dl] = '\0';
        snprintf(relpart, sizeof relpart, "%s_rels/%s.rels", wbdir, wbpart + dl);
        rc = parse_part(p, wbpart, &wb.x, wb_start, NULL, NULL, MAX_META_PART);
        if (rc)
                goto out;
        info->date1904 = wb.date1904;
        rc = parse_part(p, relpart, &wrels.x, rels_start, NULL, NULL, MAX_META_PART);
        if (rc > 0)
                rc = err_set(p->e, DM_EX_DATAERR,
                             "%s: the workbook has no part %s (which says where its sheets are); "
                             "%s",
                             p->name, relpart, damaged_hint);
        if (rc)
                goto out;
        /* Which sheet: by name, else the first visible worksheet, else the first worksheet. */
        const struct sheetref *pick = NULL;
        for (int pass = p->o.sheet ? 1 : 0; pass < 2 && !pick; pass++)
                for (size_t i = 0; i < wb.n && !pick; i++) {
                        const struct rel *r = rels_find_id(&wrels, wb.v[i].rid);
                        if (p->o.sheet) {
                                char *a = text_key(wb.v[i].name), *b = text_key(p->o.sheet);
                                int same = !strcmp(a, b);
                                free(a);
                                free(b);
                                if (!same)
                                        continue;
                                if (!r || strcmp(r->type, "worksheet")) {
                                        rc = err_set(p->e, DM_EX_DATAERR,
                                                     "%s: sheet \"%s\" is not a worksheet (a chart "
                                                     "sheet?); name a sheet of answers",
                                                     p->name, wb.v[i].name);
                                        goto out;
                                }
                                pick = &wb.v[i];
                        } else if (r && !strcmp(r->type, "worksheet") &&
                                   (pass || !wb.v[i].hidden)) {
                                pick = &wb.v[i];
                        }
                }
        if (!pick) {
                struct strbuf sb = {0};
                list_sheets(&sb, &wb, &wrels);
                if (p->o.sheet)
                        rc = err_set(p->e, DM_EX_DATAERR,
                                     "%s: the workbook has no sheet \"%s\"; its sheets are %s "
                                     "(check sheet = in the wave's section)",
                                     p->name, p->o.sheet, strbuf_str(&sb));
                else
                        rc = err_set(p->e, DM_EX_DATAERR, "%s: the workbook has no worksheet; %s",
                                     p->name, damaged_hint);
                strbuf_clear(&sb);
                goto out;
        }
        const struct rel *sr = rels_find_id(&wrels, pick->rid);
        if (resolve_target(part, sizeof part, wbdir, sr->target)) {
                rc = err_set(p->e, DM_EX_DATAERR,
                             "%s: sheet \"%s\" is said to be in \"%.100s\", which is not a part "
                             "of the package; %s",
                             p->name, pick->name, sr->target, damaged_hint);
                goto out;
        }
        snprintf(info->sheet, sizeof info->sheet, "%.255s", pick->name);
        snprintf(info->part, sizeof info->part, "%.255s", part);
        /* Styles: which cells are dates (optional part). */
        const struct rel *stl = rels_find_type(&wrels, "styles");
        char stpart[512];
        if (stl && !resolve_target(stpart, sizeof stpart, wbdir, stl->target)) {
                rc = parse_part(p, stpart, &sty.x, st_start, st_end, NULL, MAX_META_PART);
                if (rc < 0)
                        goto out;
        }
        kinds = styles_kinds(&sty);
        /* Shared strings (optional part). */
        const struct rel *ssr = rels_find_type(&wrels, "sharedStrings");
        char sspart[512];
        sst.max = p->o.max_shared;
        if (ssr && !resolve_target(sspart, sizeof sspart, wbdir, ssr->target)) {
                rc = parse_part(p, sspart, &sst.x, sst_start, sst_end, sst_text, p->o.max_part);
                if (rc < 0)
                        goto out;
        }
        info->nstrings = sst.n;
        /* The sheet, row by row. */
        sh.sst = &sst;
        sh.xfkind = kinds;
        sh.nxf = sty.nxf;
        sh.date1904 = wb.date1904;
        sh.fn = fn;
        sh.ctx = ctx;
        sh.info = info;
        sh.header_width = -1;
        sh.maxcol = sh.maxset = -1;
        rc = parse_part(p, part, &sh.x, sh_start, sh_end, sh_text, p->o.max_part);
        if (rc > 0)
                rc = err_set(p->e, DM_EX_DATAERR,
                             "%s: sheet \"%s\" should be in part %s, which the workbook lacks; %s",
                             p->name, pick->name, part, damaged_hint);
        if (rc < 0 && sh.x.stop == 2 && (!p->e || !p->e->code))
                err_set(p->e, DM_EX_DATAERR, "%s: stopped", p->name);
out:
        sheet_clear(&sh);
        free(kinds);
        sst_clear(&sst);
        free(sty.fmts);
        free(sty.xf_fmt);
        rels_clear(&wrels);
        wb_clear(&wb);
        info->xml_peak = xml_peak;
        return rc ? -1 : 0;
}

static int zip_open_error(const char *name, int code, struct err *e)
{
        if (code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS || code == ZIP_ER_EOF ||
            code == ZIP_ER_CRC || code == ZIP_ER_COMPNOTSUPP)
                return err_set(e, DM_EX_DATAERR,
                               "%s: the file starts like a ZIP package (.xlsx) but is damaged or "
                               "cut short; %s",
                               name, damaged_hint);
        zip_error_t ze;
        zip_error_init_with_code(&ze, code);
        err_set(e, code == ZIP_ER_OPEN || code == ZIP_ER_READ ? DM_EX_NOINPUT : DM_EX_DATAERR,
                "%s: cannot open the workbook: %s", name, zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return -1;
}

enum xlsx_kind xlsx_sniff_buffer(const void *data, size_t n)
{
        const unsigned char *b = data;
        static const unsigned char ole2[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
        if (n >= 4 && b[0] == 'P' && b[1] == 'K' &&
            ((b[2] == 3 && b[3] == 4) || (b[2] == 5 && b[3] == 6)))
                return XLSX_ZIP;
        if (n >= 8 && !memcmp(b, ole2, 8))
                return XLSX_OLE2;
        return XLSX_NOT_PACKAGE;
}

enum xlsx_kind xlsx_sniff(const char *path)
{
        unsigned char b[8];
        FILE *fp = fopen(path, "rb");
        if (!fp)
                return XLSX_NOT_PACKAGE;
        size_t n = fread(b, 1, sizeof b, fp);
        fclose(fp);
        return xlsx_sniff_buffer(b, n);
}

/* An OLE2 file's directory can be anywhere in it: scanned in blocks, up to 256 MiB. */
static int ole2_file_error(const char *path, struct err *e)
{
        FILE *fp = fopen(path, "rb");
        if (!fp)
                return err_set(e, DM_EX_NOINPUT, "%s: cannot open: %s", path, strerror(errno));
        const size_t block = (size_t)1 << 20, overlap = 64;
        unsigned char *buf = xmalloc(block + overlap);
        size_t keep = 0, seen = 0;
        int kind = OLE2_OTHER;
        while (kind == OLE2_OTHER && seen < ((size_t)256 << 20)) {
                size_t got = fread(buf + keep, 1, block, fp);
                if (!got)
                        break;
                seen += got;
                size_t have = keep + got;
                kind = ole2_kind(buf, have);
                keep = have < overlap ? have : overlap;
                memmove(buf, buf + have - keep, keep);
        }
        fclose(fp);
        free(buf);
        return ole2_error(path, kind, e);
}

int xlsx_read_file(const char *path, const struct xlsx_opts *opts, csvread_fn fn, void *ctx,
                   struct xlsx_info *info, struct err *e)
{
        struct xlsx_info tmp;
        if (!info)
                info = &tmp;
        memset(info, 0, sizeof *info);
        FILE *fp = fopen(path, "rb");
        if (!fp)
                return err_set(e, DM_EX_NOINPUT, "%s: cannot open: %s", path, strerror(errno));
        unsigned char head[8];
        size_t hn = fread(head, 1, sizeof head, fp);
        if (!fseek(fp, 0, SEEK_END))
                info->bytes = ftell(fp);
        fclose(fp);
        enum xlsx_kind k = xlsx_sniff_buffer(head, hn);
        if (k == XLSX_OLE2)
                return ole2_file_error(path, e);
        if (k != XLSX_ZIP)
                return err_set(e, DM_EX_DATAERR, "%s: not an Excel workbook (.xlsx)", path);
        struct pkg p = {.name = path, .e = e};
        fill_defaults(&p.o, opts);
        int code = 0;
        p.z = zip_open(path, ZIP_RDONLY, &code);
        if (!p.z)
                return zip_open_error(path, code, e);
        int rc = read_package(&p, fn, ctx, info);
        zip_discard(p.z);
        return rc;
}

int xlsx_read_buffer(const char *name, const void *data, size_t n, const struct xlsx_opts *opts,
                     csvread_fn fn, void *ctx, struct xlsx_info *info, struct err *e)
{
        struct xlsx_info tmp;
        if (!info)
                info = &tmp;
        memset(info, 0, sizeof *info);
        info->bytes = (long long)n;
        enum xlsx_kind k = xlsx_sniff_buffer(data, n);
        if (k == XLSX_OLE2)
                return ole2_error(name, ole2_kind(data, n), e);
        if (k != XLSX_ZIP)
                return err_set(e, DM_EX_DATAERR, "%s: not an Excel workbook (.xlsx)", name);
        struct pkg p = {.name = name, .e = e};
        fill_defaults(&p.o, opts);
        zip_error_t ze;
        zip_error_init(&ze);
        zip_source_t *src = zip_source_buffer_create(data, n, 0, &ze);
        if (!src) {
                zip_error_fini(&ze);
                return err_set(e, DM_EX_SOFTWARE, "%s: cannot open the buffer", name);
        }
        p.z = zip_open_from_source(src, ZIP_RDONLY, &ze);
        if (!p.z) {
                int code = zip_error_code_zip(&ze);
                zip_source_free(src);
                zip_error_fini(&ze);
                return zip_open_error(name, code, e);
        }
        zip_error_fini(&ze);
        int rc = read_package(&p, fn, ctx, info);
        zip_discard(p.z);
        return rc;
}

/*
 * fontsubset.c - a build-time tool: cuts a TrueType font down to the glyphs
 * the reports can draw, so that every PDF embeds a small font.
 *
 * usage: fontsubset IN.ttf OUT.ttf
 *
 * libharu embeds the cmap, hmtx, loca and post tables of a TrueType font
 * whole, and looks glyph ids up by scanning the cmap, so a full DejaVu Sans
 * costs about 90 KB and several milliseconds per PDF. This tool keeps the code
 * points listed in PDF_GLYPH_RANGES (src/pdf.h, the single list that the report
 * code also checks text against), the glyphs they use and the components of
 * composite glyphs. It renumbers the glyphs in code point order (so the new
 * cmap has a handful of segments), drops hinting (fpgm, prep, cvt and the
 * per-glyph instructions), drops the glyph names (post format 3) and the
 * OpenType layout tables, and keeps the tables libharu reads: OS/2, cmap,
 * glyf, head, hhea, hmtx, loca, maxp, name, post. The name table keeps the
 * copyright, names, version, trademark and licence records (the licence text
 * on one platform only); the PostScript name becomes e.g. "DejaVuSans-Subset",
 * so that libharu can load the full font beside the subset (it merges fonts of
 * the same name).
 *
 * The output is a pure function of the input: the same font gives the same
 * bytes. Exits 0, or 1 with a message on standard error.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf.h"

struct range {
        uint32_t lo, hi;
};

#define PDF_RANGE(lo, hi) {lo, hi},
static const struct range keep_ranges[] = {PDF_GLYPH_RANGES};
#undef PDF_RANGE

/* A growable output buffer. */
struct buf {
        uint8_t *p;
        size_t len, cap;
};

static const char *prog = "fontsubset";

static void die(const char *msg)
{
        fprintf(stderr, "%s: %s\n", prog, msg);
        exit(1);
}

static void *sub_realloc(void *p, size_t n)
{
        p = realloc(p, n ? n : 1);
        if (!p)
                die("out of memory");
        return p;
}

static void put(struct buf *b, const void *src, size_t n)
{
        if (b->len + n > b->cap) {
                b->cap = (b->len + n) * 2 + 256;
                b->p = sub_realloc(b->p, b->cap);
        }
        memcpy(b->p + b->len, src, n);
        b->len += n;
}

static void put16(struct buf *b, unsigned v)
{
        uint8_t x[2] = {(uint8_t)(v >> 8), (uint8_t)v};
        put(b, x, 2);
}

static void put32(struct buf *b, uint32_t v)
{
        uint8_t x[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
        put(b, x, 4);
}

static void pad4(struct buf *b)
{
        static const uint8_t zero[4];
        put(b, zero, (4 - b->len % 4) % 4);
}

static void set16(uint8_t *p, unsigned v)
{
        p[0] = (uint8_t)(v >> 8);
        p[1] = (uint8_t)v;
}

static void set32(uint8_t *p, uint32_t v)
{
        p[0] = (uint8_t)(v >> 24);
        p[1] = (uint8_t)(v >> 16);
        p[2] = (uint8_t)(v >> 8);
        p[3] = (uint8_t)v;
}

/* The input font. */
static uint8_t *font;
static size_t font_len;

static unsigned get16(size_t off)
{
        if (off + 2 > font_len)
                die("truncated font");
        return (unsigned)font[off] << 8 | font[off + 1];
}

static uint32_t get32(size_t off)
{
        if (off + 4 > font_len)
                die("truncated font");
        return (uint32_t)font[off] << 24 | (uint32_t)font[off + 1] << 16 |
               (uint32_t)font[off + 2] << 8 | font[off + 3];
}

/* Returns the offset of table tag and sets *len, or dies when required and missing. */
static size_t table(const char *tag, size_t *len, int required)
{
        unsigned n = get16(4);
        for (unsigned i = 0; i < n; i++) {
                size_t rec = 12 + 16 * (size_t)i;
                if (rec + 16 > font_len)
                        die("truncated table directory");
                if (memcmp(font + rec, tag, 4) == 0) {
                        size_t off = get32(rec + 8);
                        *len = get32(rec + 12);
                        if (off + *len > font_len)
                                die("table beyond end of font");
                        return off;
                }
        }
        if (required) {
                fprintf(stderr, "%s: missing table '%s'\n", prog, tag);
                exit(1);
        }
        *len = 0;
        return 0;
}

/* Looks a BMP code point up in the (3,1) format 4 cmap; returns the glyph id or 0. */
static unsigned cmap4_lookup(size_t sub, uint32_t cp)
{
        unsigned segx2 = get16(sub + 6);
        size_t ends = sub + 14, starts = ends + segx2 + 2, deltas = starts + segx2,
               ranges = deltas + segx2;
        for (unsigned i = 0; i < segx2 / 2; i++) {
                unsigned end = get16(ends + 2 * i), start = get16(starts + 2 * i);
                if (cp > end)
                        continue;
                if (cp < start)
                        return 0;
                unsigned delta = get16(deltas + 2 * i), ro = get16(ranges + 2 * i);
                if (ro == 0)
                        return (cp + delta) & 0xFFFF;
                unsigned g = get16(ranges + 2 * i + ro + 2 * (cp - start));
                return g ? (g + delta) & 0xFFFF : 0;
        }
        return 0;
}

static size_t find_cmap4(void)
{
        size_t len, cmap = table("cmap", &len, 1);
        unsigned n = get16(cmap + 2);
        for (unsigned i = 0; i < n; i++) {
                size_t rec = cmap + 4 + 8 * (size_t)i;
                if (get16(rec) == 3 && get16(rec + 2) == 1) {
                        size_t sub = cmap + get32(rec + 4);
                        if (get16(sub) == 4)
                                return sub;
                }
        }
        die("no Windows Unicode BMP (3,1) format 4 cmap");
        return 0;
}

/* Glyph data offsets from loca. */
static size_t glyf_off, nglyphs_in;
static int long_loca;
static size_t loca_off;

static void glyph_span(unsigned gid, size_t *off, size_t *len)
{
        size_t a, b;
        if (long_loca) {
                a = get32(loca_off + 4 * (size_t)gid);
                b = get32(loca_off + 4 * (size_t)gid + 4);
        } else {
                a = 2 * (size_t)get16(loca_off + 2 * (size_t)gid);
                b = 2 * (size_t)get16(loca_off + 2 * (size_t)gid + 2);
        }
        if (b < a)
                die("bad loca");
        *off = glyf_off + a;
        *len = b - a;
        if (*off + *len > font_len)
                die("glyph beyond end of font");
}

/* Composite glyph flags. */
enum {
        ARG_WORDS = 0x0001,
        HAVE_SCALE = 0x0008,
        MORE_COMPONENTS = 0x0020,
        HAVE_XY_SCALE = 0x0040,
        HAVE_2X2 = 0x0080,
        HAVE_INSTRUCTIONS = 0x0100,
};

static size_t component_len(unsigned flags)
{
        size_t n = 4 + ((flags & ARG_WORDS) ? 4 : 2);
        if (flags & HAVE_SCALE)
                n += 2;
        else if (flags & HAVE_XY_SCALE)
                n += 4;
        else if (flags & HAVE_2X2)
                n += 8;
        return n;
}

static int *newid;      /* old gid -> new gid, -1 when dropped */
static unsigned *order; /* new gid -> old gid */
static size_t nkeep;

/* Gives gid a new id when it has none; returns 1 when it was new. */
static int assign(unsigned gid)
{
        if (gid >= nglyphs_in)
                die("component glyph id out of range");
        if (newid[gid] >= 0)
                return 0;
        newid[gid] = (int)nkeep;
        order[nkeep++] = gid;
        return 1;
}

/* Keeps the components of composite glyph gid, recursively. */
static void keep_components(unsigned gid)
{
        size_t off, len;
        glyph_span(gid, &off, &len);
        if (len < 10 || (int16_t)get16(off) >= 0)
                return;
        size_t p = off + 10;
        unsigned flags;
        do {
                if (p + 4 > off + len)
                        die("bad composite glyph");
                flags = get16(p);
                unsigned comp = get16(p + 2);
                if (assign(comp))
                        keep_components(comp);
                p += component_len(flags);
        } while (flags & MORE_COMPONENTS);
}

/* Appends glyph gid without its instructions, components renumbered. */
static void put_glyph(struct buf *b, unsigned gid)
{
        size_t off, len;
        glyph_span(gid, &off, &len);
        if (len == 0)
                return;
        int contours = (int16_t)get16(off);
        if (contours >= 0) {
                size_t ilen_at = off + 10 + 2 * (size_t)contours;
                size_t ilen = get16(ilen_at);
                put(b, font + off, ilen_at - off);
                put16(b, 0);
                size_t rest = ilen_at + 2 + ilen;
                if (rest > off + len)
                        die("bad simple glyph");
                put(b, font + rest, off + len - rest);
        } else {
                size_t p = off + 10;
                unsigned flags;
                put(b, font + off, 10);
                do {
                        flags = get16(p);
                        size_t n = component_len(flags);
                        if (p + n > off + len)
                                die("bad composite glyph");
                        size_t at = b->len;
                        put(b, font + p, n);
                        set16(b->p + at, flags & ~(unsigned)HAVE_INSTRUCTIONS);
                        set16(b->p + at + 2, (unsigned)newid[get16(p + 2)]);
                        p += n;
                } while (flags & MORE_COMPONENTS);
        }
        pad4(b);
}

/* One output table. */
struct out_table {
        char tag[5];
        struct buf data;
};

static uint32_t checksum(const uint8_t *p, size_t n)
{
        uint32_t sum = 0;
        for (size_t i = 0; i < n; i += 4) {
                uint32_t w = 0;
                for (size_t k = 0; k < 4; k++)
                        w = w << 8 | (i + k < n ? p[i + k] : 0);
                sum += w;
        }
        return sum;
}

static void copy_table(struct out_table *t, const char *tag)
{
        size_t len, off = table(tag, &len, 1);
        memcpy(t->tag, tag, 5);
        put(&t->data, font + off, len);
}

/* Builds a (3,1) format 4 cmap from the kept code points. */
static void build_cmap(struct buf *b, const uint32_t *cps, const unsigned *gids, size_t n)
{
        /* Segments: runs of consecutive code points whose new ids are consecutive. */
        uint32_t *sstart = sub_realloc(NULL, (n + 1) * sizeof *sstart);
        uint32_t *send = sub_realloc(NULL, (n + 1) * sizeof *send);
        unsigned *sdelta = sub_realloc(NULL, (n + 1) * sizeof *sdelta);
        size_t nseg = 0;
        for (size_t i = 0; i < n; i++) {
                if (nseg > 0 && cps[i] == send[nseg - 1] + 1 &&
                    gids[i] == ((cps[i] + sdelta[nseg - 1]) & 0xFFFF)) {
                        send[nseg - 1] = cps[i];
                        continue;
                }
                sstart[nseg] = send[nseg] = cps[i];
                sdelta[nseg] = (gids[i] - cps[i]) & 0xFFFF;
                nseg++;
        }
        sstart[nseg] = send[nseg] = 0xFFFF;
        sdelta[nseg] = 1;
        nseg++;

        unsigned search = 1, sel = 0;
        while (search * 2 <= nseg) {
                search *= 2;
                sel++;
        }
        size_t sublen = 16 + 8 * nseg;
        put16(b, 0);  /* version */
        put16(b, 1);  /* one subtable */
        put16(b, 3);  /* Windows */
        put16(b, 1);  /* Unicode BMP */
        put32(b, 12); /* offset */
        put16(b, 4);  /* format */
        put16(b, (unsigned)sublen);
        put16(b, 0); /* language */
        put16(b, (unsigned)(2 * nseg));
        put16(b, 2 * search);
        put16(b, sel);
        put16(b, (unsigned)(2 * nseg - 2 * search));
        for (size_t i = 0; i < nseg; i++)
                put16(b, send[i]);
        put16(b, 0); /* reservedPad */
        for (size_t i = 0; i < nseg; i++)
                put16(b, sstart[i]);
        for (size_t i = 0; i < nseg; i++)
                put16(b, sdelta[i]);
        for (size_t i = 0; i < nseg; i++)
                put16(b, 0);
        free(sstart);
        free(send);
        free(sdelta);
}

#define SUFFIX "-Subset"

/*
 * Whether the subset keeps name record rec: the copyright, names, version,
 * trademark and licence URL on every platform, and the licence text (about
 * 4.7 KB, the largest record) once, on the Macintosh platform, where it is a
 * byte a character: the Windows copy (UTF-16, twice the bytes) repeated it in
 * every PDF.
 */
static int name_kept(size_t rec)
{
        static const unsigned keep_ids[] = {0, 1, 2, 3, 4, 5, 6, 7, 13, 14};
        unsigned plat = get16(rec), id = get16(rec + 6);
        if (id == 13 && plat != 1)
                return 0;
        for (size_t k = 0; k < sizeof keep_ids / sizeof keep_ids[0]; k++)
                if (id == keep_ids[k])
                        return 1;
        return 0;
}

/*
 * Keeps the name records name_kept() wants, strings packed; the PostScript
 * name (id 6) gets SUFFIX.
 */
static void build_name(struct buf *b)
{
        size_t len, name = table("name", &len, 1);
        unsigned count = get16(name + 2), strings = name + get16(name + 4);
        unsigned nkept = 0;
        for (unsigned i = 0; i < count; i++)
                nkept += (unsigned)name_kept(name + 6 + 12 * (size_t)i);
        put16(b, 0);
        put16(b, nkept);
        put16(b, 6 + 12 * nkept);
        struct buf str = {0};
        for (unsigned i = 0; i < count; i++) {
                size_t rec = name + 6 + 12 * (size_t)i;
                unsigned id = get16(rec + 6);
                if (!name_kept(rec))
                        continue;
                unsigned slen = get16(rec + 8), soff = get16(rec + 10);
                if (strings + soff + slen > font_len)
                        die("bad name record");
                /*
                 * The PostScript name gets SUFFIX: libharu treats two fonts with one
                 * name as one, and the full font must stay loadable beside the subset.
                 */
                unsigned plat = get16(rec);
                size_t extra = id == 6 ? strlen(SUFFIX) * (plat == 1 ? 1 : 2) : 0;
                put(b, font + rec, 8);
                put16(b, (unsigned)(slen + extra));
                put16(b, (unsigned)str.len);
                put(&str, font + strings + soff, slen);
                for (size_t k = 0; extra && k < strlen(SUFFIX); k++) {
                        uint8_t ch[2] = {0, (uint8_t)SUFFIX[k]};
                        if (plat == 1)
                                put(&str, ch + 1, 1);
                        else
                                put(&str, ch, 2);
                }
        }
        put(b, str.p, str.len);
        free(str.p);
}

static uint8_t *read_file(const char *path, size_t *len)
{
        FILE *fp = fopen(path, "rb");
        if (!fp) {
                perror(path);
                exit(1);
        }
        struct buf b = {0};
        uint8_t chunk[65536];
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
                put(&b, chunk, n);
        if (ferror(fp))
                die("read error");
        fclose(fp);
        *len = b.len;
        return b.p;
}

int main(int argc, char **argv)
{
        if (argc != 3) {
                fprintf(stderr, "usage: %s IN.ttf OUT.ttf\n", prog);
                return 1;
        }
        font = read_file(argv[1], &font_len);
        if (get32(0) != 0x00010000)
                die("not a TrueType (glyf) font");

        size_t len, head = table("head", &len, 1);
        long_loca = get16(head + 50) != 0;
        size_t maxp = table("maxp", &len, 1);
        nglyphs_in = get16(maxp + 4);
        loca_off = table("loca", &len, 1);
        glyf_off = table("glyf", &len, 1);
        size_t hhea = table("hhea", &len, 1);
        unsigned nhm = get16(hhea + 34);
        size_t hmtx = table("hmtx", &len, 1);
        if (nhm == 0 || nhm > nglyphs_in)
                die("bad hhea.numberOfHMetrics");

        newid = sub_realloc(NULL, nglyphs_in * sizeof *newid);
        order = sub_realloc(NULL, nglyphs_in * sizeof *order);
        for (size_t i = 0; i < nglyphs_in; i++)
                newid[i] = -1;

        /* The code points to keep, in order, and their glyphs. */
        size_t sub = find_cmap4();
        size_t maxcp = 0;
        for (size_t r = 0; r < sizeof keep_ranges / sizeof keep_ranges[0]; r++)
                maxcp += keep_ranges[r].hi - keep_ranges[r].lo + 1;
        uint32_t *cps = sub_realloc(NULL, maxcp * sizeof *cps);
        unsigned *oldg = sub_realloc(NULL, maxcp * sizeof *oldg);
        size_t ncp = 0;
        assign(0); /* .notdef stays glyph 0 */
        for (size_t r = 0; r < sizeof keep_ranges / sizeof keep_ranges[0]; r++) {
                for (uint32_t cp = keep_ranges[r].lo; cp <= keep_ranges[r].hi; cp++) {
                        if (cp > 0xFFFF)
                                die("code point outside the BMP in PDF_GLYPH_RANGES");
                        unsigned g = cmap4_lookup(sub, cp);
                        if (g == 0 || g >= nglyphs_in)
                                continue;
                        cps[ncp] = cp;
                        oldg[ncp++] = g;
                }
        }
        /* Mapped glyphs first in code point order, then composite components. */
        for (size_t i = 0; i < ncp; i++)
                assign(oldg[i]);
        size_t nmapped = nkeep;
        for (size_t i = 0; i < nmapped; i++)
                keep_components(order[i]);
        unsigned *newg = sub_realloc(NULL, (ncp ? ncp : 1) * sizeof *newg);
        for (size_t i = 0; i < ncp; i++)
                newg[i] = (unsigned)newid[oldg[i]];

        enum { T_OS2, T_CMAP, T_GLYF, T_HEAD, T_HHEA, T_HMTX, T_LOCA, T_MAXP, T_NAME, T_POST, NT };
        struct out_table t[NT];
        memset(t, 0, sizeof t);

        copy_table(&t[T_OS2], "OS/2");

        memcpy(t[T_CMAP].tag, "cmap", 5);
        build_cmap(&t[T_CMAP].data, cps, newg, ncp);

        memcpy(t[T_GLYF].tag, "glyf", 5);
        memcpy(t[T_LOCA].tag, "loca", 5);
        for (size_t i = 0; i < nkeep; i++) {
                put32(&t[T_LOCA].data, (uint32_t)t[T_GLYF].data.len);
                put_glyph(&t[T_GLYF].data, order[i]);
        }
        put32(&t[T_LOCA].data, (uint32_t)t[T_GLYF].data.len);

        copy_table(&t[T_HEAD], "head");
        if (t[T_HEAD].data.len < 54)
                die("short head table");
        set32(t[T_HEAD].data.p + 8, 0);  /* checkSumAdjustment, set below */
        set16(t[T_HEAD].data.p + 50, 1); /* long loca */

        copy_table(&t[T_HHEA], "hhea");
        set16(t[T_HHEA].data.p + 34, (unsigned)nkeep);

        memcpy(t[T_HMTX].tag, "hmtx", 5);
        for (size_t i = 0; i < nkeep; i++) {
                unsigned g = order[i];
                unsigned adv = get16(hmtx + 4 * (size_t)(g < nhm ? g : nhm - 1));
                unsigned lsb = g < nhm ? get16(hmtx + 4 * (size_t)g + 2)
                                       : get16(hmtx + 4 * (size_t)nhm + 2 * (size_t)(g - nhm));
                put16(&t[T_HMTX].data, adv);
                put16(&t[T_HMTX].data, lsb);
        }

        copy_table(&t[T_MAXP], "maxp");
        set16(t[T_MAXP].data.p + 4, (unsigned)nkeep);

        memcpy(t[T_NAME].tag, "name", 5);
        build_name(&t[T_NAME].data);

        memcpy(t[T_POST].tag, "post", 5);
        {
                size_t post = table("post", &len, 1);
                if (len < 32)
                        die("short post table");
                put(&t[T_POST].data, font + post, 32);
                set32(t[T_POST].data.p, 0x00030000);
        }

        /* Assemble: directory sorted by tag (the enum is in tag order). */
        struct buf out = {0};
        unsigned search = 1, sel = 0;
        while (search * 2 <= NT) {
                search *= 2;
                sel++;
        }
        put32(&out, 0x00010000);
        put16(&out, NT);
        put16(&out, search * 16);
        put16(&out, sel);
        put16(&out, NT * 16 - search * 16);
        size_t off = 12 + 16 * (size_t)NT;
        for (int i = 0; i < NT; i++) {
                put(&out, t[i].tag, 4);
                put32(&out, checksum(t[i].data.p, t[i].data.len));
                put32(&out, (uint32_t)off);
                put32(&out, (uint32_t)t[i].data.len);
                off += (t[i].data.len + 3) / 4 * 4;
        }
        size_t head_at = 0;
        for (int i = 0; i < NT; i++) {
                if (i == T_HEAD)
                        head_at = out.len;
                put(&out, t[i].data.p, t[i].data.len);
                pad4(&out);
        }
        set32(out.p + head_at + 8, 0xB1B0AFBA - checksum(out.p, out.len));

        FILE *fp = fopen(argv[2], "wb");
        if (!fp) {
                perror(argv[2]);
                return 1;
        }
        if (fwrite(out.p, 1, out.len, fp) != out.len || fclose(fp) != 0) {
                perror(argv[2]);
                return 1;
        }
        for (int i = 0; i < NT; i++)
                free(t[i].data.p);
        free(out.p);
        free(cps);
        free(oldg);
        free(newg);
        free(newid);
        free(order);
        free(font);
        return 0;
}

/*
 * util.c - leaf utilities: errors, allocation, strings and text keys.
 * Every other module may include util.h; util.c includes nothing of ours.
 */
#include "util.h"

#include "msgcat.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <uninorm.h>
#include <xxhash.h>

int err_set(struct err *e, int code, const char *fmt, ...)
{
        if (e) {
                va_list ap;
                va_start(ap, fmt);
                vsnprintf(e->msg, sizeof e->msg, msgcat_fmt(fmt), ap);
                va_end(ap);
                e->code = code;
        }
        return -1;
}

static void oom(size_t n)
{
        fprintf(stderr, "digimittari: out of memory allocating %zu bytes\n", n);
        abort();
}

void *xmalloc(size_t n)
{
        void *p = malloc(n ? n : 1);
        if (!p)
                oom(n);
        return p;
}

void *xcalloc(size_t n, size_t size)
{
        void *p = calloc(n ? n : 1, size ? size : 1);
        if (!p)
                oom(n * size);
        return p;
}

void *xrealloc(void *p, size_t n)
{
        void *q = realloc(p, n ? n : 1);
        if (!q)
                oom(n);
        return q;
}

int output_close(FILE *fp, int werr, const char *path, struct err *e)
{
        errno = 0;
        if (fflush(fp) != 0 && !werr)
                werr = errno ? errno : EIO;
        errno = 0;
        if (fclose(fp) != 0 && !werr)
                werr = errno ? errno : EIO;
        if (werr)
                return err_set(e, DM_EX_IOERR, "%s: write error: %s", path, msg_strerror(werr));
        return 0;
}

int output_write_file(const char *path, const void *buf, size_t n, struct err *e)
{
        FILE *fp = fopen(path, "wb");
        if (!fp)
                return err_set(e, DM_EX_CANTCREAT, "%s: cannot create: %s", path,
                               msg_strerror(errno));
        int werr = 0;
        errno = 0;
        if (fwrite(buf, 1, n, fp) != n)
                werr = errno ? errno : EIO;
        return output_close(fp, werr, path, e);
}

char *xstrdup(const char *s)
{
        return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
        char *p = xmalloc(n + 1);
        memcpy(p, s, n);
        p[n] = '\0';
        return p;
}

void strbuf_init(struct strbuf *sb)
{
        sb->buf = NULL;
        sb->len = 0;
        sb->cap = 0;
}

void strbuf_clear(struct strbuf *sb)
{
        free(sb->buf);
        strbuf_init(sb);
}

void strbuf_reset(struct strbuf *sb)
{
        sb->len = 0;
        if (sb->buf)
                sb->buf[0] = '\0';
}

static void strbuf_grow(struct strbuf *sb, size_t extra)
{
        if (sb->len + extra + 1 <= sb->cap)
                return;
        size_t cap = sb->cap ? sb->cap : 64;
        while (cap < sb->len + extra + 1)
                cap *= 2;
        sb->buf = xrealloc(sb->buf, cap);
        sb->cap = cap;
}

char *strbuf_reserve(struct strbuf *sb, size_t n)
{
        strbuf_grow(sb, n);
        return sb->buf + sb->len;
}

void strbuf_commit(struct strbuf *sb, size_t n)
{
        sb->len += n;
        sb->buf[sb->len] = '\0';
}

void strbuf_addn(struct strbuf *sb, const char *s, size_t n)
{
        strbuf_grow(sb, n);
        if (n)
                memcpy(sb->buf + sb->len, s, n);
        sb->len += n;
        sb->buf[sb->len] = '\0';
}

void strbuf_adds(struct strbuf *sb, const char *s)
{
        strbuf_addn(sb, s, strlen(s));
}

void strbuf_addc(struct strbuf *sb, char c)
{
        strbuf_addn(sb, &c, 1);
}

void strbuf_add_markup(struct strbuf *sb, const char *s, size_t n, unsigned flags)
{
        for (size_t i = 0; i < n; i++) {
                char c = s[i];
                if (c == '&')
                        strbuf_adds(sb, "&amp;");
                else if (c == '<')
                        strbuf_adds(sb, "&lt;");
                else if (c == '>')
                        strbuf_adds(sb, "&gt;");
                else if (c == '"')
                        strbuf_adds(sb, "&quot;");
                else if (c == '\'' && (flags & MARKUP_APOS))
                        strbuf_adds(sb, "&apos;");
                else if (c == '\n')
                        strbuf_addc(sb, flags & MARKUP_NL_SPACE ? ' ' : '\n');
                else if ((unsigned char)c >= 0x20 || c == '\t')
                        strbuf_addc(sb, c);
        }
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
        char small[256];
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(small, sizeof small, fmt, ap);
        va_end(ap);
        if (n < 0)
                return;
        if ((size_t)n < sizeof small) {
                strbuf_addn(sb, small, (size_t)n);
                return;
        }
        strbuf_grow(sb, (size_t)n);
        va_start(ap, fmt);
        vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
        va_end(ap);
        sb->len += (size_t)n;
}

const char *strbuf_str(const struct strbuf *sb)
{
        return sb->buf ? sb->buf : "";
}

/* Decodes one UTF-8 sequence at s (n bytes left); returns its length or 0. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
        if (n == 0)
                return 0;
        unsigned char c = s[0];
        if (c < 0x80) {
                *cp = c;
                return 1;
        }
        size_t len;
        uint32_t v, min;
        if ((c & 0xE0) == 0xC0) {
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
        if (n < len)
                return 0;
        for (size_t i = 1; i < len; i++) {
                if ((s[i] & 0xC0) != 0x80)
                        return 0;
                v = (v << 6) | (s[i] & 0x3F);
        }
        if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
                return 0;
        *cp = v;
        return len;
}

int utf8_valid(const char *s, size_t n)
{
        const unsigned char *p = (const unsigned char *)s;
        size_t i = 0;
        while (i < n) {
                if (p[i] < 0x80) {
                        i++;
                        continue;
                }
                uint32_t cp;
                size_t l = utf8_decode(p + i, n - i, &cp);
                if (!l)
                        return 0;
                i += l;
        }
        return 1;
}

static void put_utf8(struct strbuf *sb, uint32_t cp)
{
        char b[4];
        if (cp < 0x80) {
                strbuf_addc(sb, (char)cp);
        } else if (cp < 0x800) {
                b[0] = (char)(0xC0 | (cp >> 6));
                b[1] = (char)(0x80 | (cp & 0x3F));
                strbuf_addn(sb, b, 2);
        } else if (cp < 0x10000) {
                b[0] = (char)(0xE0 | (cp >> 12));
                b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
                b[2] = (char)(0x80 | (cp & 0x3F));
                strbuf_addn(sb, b, 3);
        } else {
                b[0] = (char)(0xF0 | (cp >> 18));
                b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
                b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
                b[3] = (char)(0x80 | (cp & 0x3F));
                strbuf_addn(sb, b, 4);
        }
}

static int is_space_cp(uint32_t cp)
{
        return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0xA0 ||
               cp == 0x202F || cp == 0x2007 || cp == 0xFEFF;
}

static uint32_t lower_cp(uint32_t cp)
{
        if (cp < 0x80)
                return (uint32_t)tolower((int)cp);
        /* Latin-1 capitals except the multiplication sign. */
        if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
                return cp + 0x20;
        return cp;
}

/*
 * The tolerant-matching fold of text that is valid UTF-8: Unicode full case
 * folding, then NFC (libunistring's canonical caseless form), so that an NFD
 * export from macOS, "STRASSE" and "Straße", or "ÅLAND" and "åland" match.
 * Pure ASCII, the usual case, takes a byte loop instead. Returns a new
 * NUL-terminated string, or NULL when libunistring fails (never on valid
 * input but for memory).
 */
static char *fold_utf8(const char *s, size_t n)
{
        size_t i = 0;
        while (i < n && !((unsigned char)s[i] & 0x80))
                i++;
        if (i == n) {
                char *r = xmalloc(n + 1);
                for (size_t j = 0; j < n; j++)
                        r[j] = (char)tolower((unsigned char)s[j]);
                r[n] = '\0';
                return r;
        }
        size_t len = 0;
        uint8_t *f = u8_casefold((const uint8_t *)s, n, NULL, UNINORM_NFC, NULL, &len);
        if (!f)
                return NULL;
        char *r = xmalloc(len + 1);
        memcpy(r, f, len);
        r[len] = '\0';
        free(f);
        return r;
}

/* The fold of text that is not valid UTF-8: ASCII and Latin-1 letters lowered, stray bytes kept. */
static char *fold_bytes(const char *s, size_t n)
{
        struct strbuf sb;
        strbuf_init(&sb);
        const unsigned char *p = (const unsigned char *)s;
        size_t i = 0;
        while (i < n) {
                uint32_t cp;
                size_t l = utf8_decode(p + i, n - i, &cp);
                if (!l) {
                        strbuf_addc(&sb, (char)p[i++]);
                        continue;
                }
                i += l;
                put_utf8(&sb, lower_cp(cp));
        }
        if (!sb.buf)
                return xstrdup("");
        return sb.buf;
}

char *text_key(const char *s)
{
        size_t n = strlen(s);
        char *folded = utf8_valid(s, n) ? fold_utf8(s, n) : NULL;
        if (!folded)
                folded = fold_bytes(s, n);
        /* Spaces: runs of any kind to one ASCII space, none at either end. */
        struct strbuf sb;
        strbuf_init(&sb);
        const unsigned char *p = (const unsigned char *)folded;
        n = strlen(folded);
        size_t i = 0;
        int pending_space = 0;
        while (i < n) {
                uint32_t cp;
                size_t l = p[i] < 0x80 ? (cp = p[i], 1) : utf8_decode(p + i, n - i, &cp);
                if (!l) {
                        cp = 0; /* a stray byte: kept as it is */
                        l = 1;
                }
                if (cp && is_space_cp(cp)) {
                        pending_space = 1;
                        i += l;
                        continue;
                }
                if (pending_space && sb.len)
                        strbuf_addc(&sb, ' ');
                pending_space = 0;
                strbuf_addn(&sb, folded + i, l);
                i += l;
        }
        free(folded);
        if (sb.len && sb.buf[sb.len - 1] == ':') {
                sb.len--;
                while (sb.len && sb.buf[sb.len - 1] == ' ')
                        sb.len--;
                sb.buf[sb.len] = '\0';
        }
        if (!sb.buf)
                return xstrdup("");
        return sb.buf;
}

/* Decodes at most max code points of s into cp; stray bytes count as one each. */
static size_t to_cps(const char *s, uint32_t *cp, size_t max)
{
        const unsigned char *p = (const unsigned char *)s;
        size_t n = strlen(s), i = 0, k = 0;
        while (i < n && k < max) {
                size_t l = utf8_decode(p + i, n - i, &cp[k]);
                if (!l) {
                        cp[k] = p[i];
                        l = 1;
                }
                i += l;
                k++;
        }
        return i < n ? (size_t)-1 : k;
}

/*
 * The edit distance of x[0..n) and y[0..m) when it is at most max, else
 * max + 1: a row of the matrix whose every cell exceeds max ends the work.
 */
static int distance_cps(const uint32_t *x, size_t n, const uint32_t *y, size_t m, int max)
{
        enum { MAXCP = 128 };
        if ((n > m ? n - m : m - n) > (size_t)max)
                return max + 1;
        /* Rows i - 2, i - 1 and i of the edit matrix; a swap of two neighbours is one edit. */
        int rows[3][MAXCP + 1];
        int *two = rows[0], *prev = rows[1], *cur = rows[2];
        for (size_t j = 0; j <= m; j++)
                prev[j] = (int)j;
        for (size_t i = 1; i <= n; i++) {
                cur[0] = (int)i;
                int low = cur[0];
                for (size_t j = 1; j <= m; j++) {
                        int best = prev[j - 1] + (x[i - 1] != y[j - 1]);
                        if (prev[j] + 1 < best)
                                best = prev[j] + 1;
                        if (cur[j - 1] + 1 < best)
                                best = cur[j - 1] + 1;
                        if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] &&
                            two[j - 2] + 1 < best)
                                best = two[j - 2] + 1;
                        cur[j] = best;
                        if (best < low)
                                low = best;
                }
                /* A swap reaches back two rows: both must be past max. */
                int lowprev = prev[0];
                for (size_t j = 1; j <= m; j++)
                        if (prev[j] < lowprev)
                                lowprev = prev[j];
                if (low > max && lowprev > max)
                        return max + 1;
                int *t = two;
                two = prev;
                prev = cur;
                cur = t;
        }
        return prev[m] <= max ? prev[m] : max + 1;
}

int text_distance(const char *a, const char *b)
{
        uint32_t x[128], y[128];
        size_t n = to_cps(a, x, 128), m = to_cps(b, y, 128);
        if (n == (size_t)-1 || m == (size_t)-1)
                return INT_MAX;
        return distance_cps(x, n, y, m, INT_MAX - 1);
}

int text_close(const char *a, const char *b)
{
        size_t la = strlen(a), lb = strlen(b);
        size_t longer = la > lb ? la : lb;
        /* None in a word of 1-3 bytes ("Ei", "En"), one up to 8, then one per 4 bytes. */
        int allowed = longer < 4 ? 0 : longer <= 8 ? 1 : (int)(longer / 4);
        uint32_t x[128], y[128];
        size_t n = to_cps(a, x, 128), m = to_cps(b, y, 128);
        if (n == (size_t)-1 || m == (size_t)-1)
                return 0;
        int d = distance_cps(x, n, y, m, allowed);
        return d > 0 && d <= allowed;
}

char *slugify(const char *s)
{
        struct strbuf sb;
        strbuf_init(&sb);
        /* Composed first, so that an NFD "a" + U+0308 is the letter ä. */
        size_t n = strlen(s), i = 0;
        uint8_t *nfc = NULL;
        if (utf8_valid(s, n)) {
                size_t len = 0;
                nfc = u8_normalize(UNINORM_NFC, (const uint8_t *)s, n, NULL, &len);
                if (nfc)
                        n = len;
        }
        const unsigned char *p = nfc ? nfc : (const unsigned char *)s;
        int dash = 0;
        while (i < n && sb.len < 60) {
                uint32_t cp;
                size_t l = utf8_decode(p + i, n - i, &cp);
                if (!l) {
                        cp = '?';
                        l = 1;
                }
                i += l;
                cp = lower_cp(cp);
                char c = 0;
                if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
                        c = (char)cp;
                else if (cp >= 0xE0 && cp <= 0xE5)
                        c = 'a';
                else if ((cp >= 0xF2 && cp <= 0xF6) || cp == 0xF8)
                        c = 'o';
                else if (cp >= 0xE8 && cp <= 0xEB)
                        c = 'e';
                else if (cp >= 0xF9 && cp <= 0xFC)
                        c = 'u';
                else if (cp >= 0xEC && cp <= 0xEF)
                        c = 'i';
                else if (cp == 0xE7)
                        c = 'c';
                else if (cp == 0xF1)
                        c = 'n';
                if (c) {
                        if (sb.len + (dash && sb.len) >= 60)
                                break; /* no room for a dash and a letter */
                        if (dash && sb.len)
                                strbuf_addc(&sb, '-');
                        dash = 0;
                        strbuf_addc(&sb, c);
                } else {
                        dash = 1;
                }
        }
        free(nfc);
        if (!sb.len)
                strbuf_adds(&sb, "x");
        return sb.buf;
}

/* Returns the byte length of a thousands separator at p (space, U+00A0, U+202F), else 0. */
static size_t thousands_sep(const char *p)
{
        const unsigned char *u = (const unsigned char *)p;
        if (u[0] == ' ')
                return 1;
        if (u[0] == 0xC2 && u[1] == 0xA0)
                return 2;
        if (u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0xAF)
                return 3;
        return 0;
}

int parse_decimal(const char *s, double *out)
{
        char tmp[64];
        size_t n = 0;
        while (*s == ' ' || *s == '\t')
                s++;
        size_t len = strlen(s);
        while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
                len--;
        /*
         * Digits of the whole part may come in groups of three after a first
         * group of one to three ("1 204,5", "12 000"): the separators go.
         */
        int grouped = 0, whole = 1;
        size_t run = 0; /* digits since the start or the last separator */
        for (size_t i = 0; i < len;) {
                size_t sl = thousands_sep(s + i);
                if (sl) {
                        if (!whole || !run || run > 3 || (grouped && run != 3) || i + sl >= len ||
                            s[i + sl] < '0' || s[i + sl] > '9')
                                return -1;
                        grouped = 1;
                        run = 0;
                        i += sl;
                        continue;
                }
                char c = s[i++];
                if (c >= '0' && c <= '9') {
                        run++;
                } else if (c == ',' || c == '.' || c == 'e' || c == 'E') {
                        if (whole && grouped && run != 3)
                                return -1;
                        whole = 0;
                } else if (c != '+' && c != '-') {
                        return -1;
                }
                if (n == sizeof tmp - 1)
                        return -1;
                tmp[n++] = c == ',' ? '.' : c;
        }
        if (whole && grouped && run != 3)
                return -1;
        tmp[n] = '\0';
        if (!n)
                return -1;
        char *end;
        errno = 0;
        double v = strtod(tmp, &end);
        if (*end || errno || !isfinite(v))
                return -1;
        *out = v;
        return 0;
}

char *trim_inplace(char *s)
{
        char *p = s;
        for (;;) {
                if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
                        p++;
                else if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0)
                        p += 2;
                else
                        break;
        }
        size_t n = strlen(p);
        for (;;) {
                if (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r' ||
                          p[n - 1] == '\n'))
                        n--;
                else if (n >= 2 && (unsigned char)p[n - 2] == 0xC2 &&
                         (unsigned char)p[n - 1] == 0xA0)
                        n -= 2;
                else
                        break;
        }
        memmove(s, p, n);
        s[n] = '\0';
        return s;
}

/* Removes "./" parts and "NAME/.." pairs lexically ("input/../output" -> "output"). */
static char *path_tidy(char *p)
{
        char **parts = xcalloc(strlen(p) + 1, sizeof *parts);
        size_t n = 0;
        int abs = p[0] == '/';
        for (char *save = NULL, *t = strtok_r(p, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
                if (!strcmp(t, "."))
                        continue;
                if (!strcmp(t, "..") && n && strcmp(parts[n - 1], ".."))
                        n--;
                else if (!(strcmp(t, "..") == 0 && abs && n == 0))
                        parts[n++] = t;
        }
        struct strbuf sb;
        strbuf_init(&sb);
        if (abs)
                strbuf_addc(&sb, '/');
        for (size_t i = 0; i < n; i++) {
                if (i)
                        strbuf_addc(&sb, '/');
                strbuf_adds(&sb, parts[i]);
        }
        if (!sb.len)
                strbuf_addc(&sb, '.');
        free(parts);
        free(p);
        return sb.buf;
}

char *path_join(const char *dir, const char *name)
{
        if (name[0] == '/' || !dir || !dir[0])
                return xstrdup(name);
        struct strbuf sb;
        strbuf_init(&sb);
        strbuf_adds(&sb, dir);
        if (sb.buf[sb.len - 1] != '/')
                strbuf_addc(&sb, '/');
        strbuf_adds(&sb, name);
        return path_tidy(sb.buf);
}

char *path_dirname(const char *path)
{
        const char *slash = strrchr(path, '/');
        if (!slash)
                return xstrdup(".");
        if (slash == path)
                return xstrdup("/");
        return xstrndup(path, (size_t)(slash - path));
}

uint64_t hash_bytes(const void *p, size_t n)
{
        return XXH3_64bits(p, n);
}

void strmap_init(struct strmap *m)
{
        m->keys = NULL;
        m->vals = NULL;
        m->n = 0;
        m->cap = 0;
}

void strmap_clear(struct strmap *m)
{
        for (size_t i = 0; i < m->cap; i++)
                free(m->keys[i]);
        free(m->keys);
        free(m->vals);
        strmap_init(m);
}

static size_t strmap_slot(const struct strmap *m, const char *key)
{
        size_t mask = m->cap - 1;
        size_t i = (size_t)hash_bytes(key, strlen(key)) & mask;
        while (m->keys[i] && strcmp(m->keys[i], key))
                i = (i + 1) & mask;
        return i;
}

int strmap_get(const struct strmap *m, const char *key, int *val)
{
        if (!m->cap)
                return 0;
        size_t i = strmap_slot(m, key);
        if (!m->keys[i])
                return 0;
        *val = m->vals[i];
        return 1;
}

void strmap_put(struct strmap *m, const char *key, int val)
{
        if ((m->n + 1) * 2 > m->cap) {
                struct strmap old = *m;
                m->cap = old.cap ? old.cap * 2 : 16;
                m->keys = xcalloc(m->cap, sizeof *m->keys);
                m->vals = xcalloc(m->cap, sizeof *m->vals);
                for (size_t i = 0; i < old.cap; i++) {
                        if (!old.keys[i])
                                continue;
                        size_t j = strmap_slot(m, old.keys[i]);
                        m->keys[j] = old.keys[i];
                        m->vals[j] = old.vals[i];
                }
                free(old.keys);
                free(old.vals);
        }
        size_t i = strmap_slot(m, key);
        if (!m->keys[i]) {
                m->keys[i] = xstrdup(key);
                m->n++;
        }
        m->vals[i] = val;
}

int id_valid(const char *s)
{
        if (!*s)
                return 0;
        for (; *s; s++)
                if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-' && *s != '.')
                        return 0;
        return 1;
}

size_t csv_field_bound(size_t len)
{
        return 2 * len + 4;
}

char *csv_field_raw(char *d, const char *s, size_t len, char delim, int guard_formulas)
{
        int guard = guard_formulas && (s[0] == '=' || s[0] == '+' || s[0] == '-' ||
                                       s[0] == '@' || s[0] == '\t' || s[0] == '\r');
        int quote = guard || s[0] == ' ' || (len && s[len - 1] == ' ');
        for (size_t i = 0; i < len && !quote; i++)
                if (s[i] == delim || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
                        quote = 1;
        if (!quote) {
                memcpy(d, s, len);
                return d + len;
        }
        *d++ = '"';
        if (guard)
                *d++ = '\'';
        for (size_t i = 0; i < len; i++) {
                if (s[i] == '"')
                        *d++ = '"';
                *d++ = s[i];
        }
        *d++ = '"';
        return d;
}

void csv_add_field(struct strbuf *sb, const char *s, char delim, int guard_formulas)
{
        size_t len = strlen(s);
        char *d = strbuf_reserve(sb, csv_field_bound(len));
        strbuf_commit(sb, (size_t)(csv_field_raw(d, s, len, delim, guard_formulas) - d));
}

void csv_put_field(FILE *fp, const char *s, char delim, int guard_formulas)
{
        struct strbuf sb;
        strbuf_init(&sb);
        csv_add_field(&sb, s, delim, guard_formulas);
        fwrite(sb.buf, 1, sb.len, fp);
        strbuf_clear(&sb);
}

size_t fmt_integer(char *buf, long long x)
{
        char tmp[24];
        size_t len = 0, k = 0;
        unsigned long long u = x < 0 ? 0ULL - (unsigned long long)x : (unsigned long long)x;
        do {
                tmp[len++] = (char)('0' + u % 10);
                u /= 10;
        } while (u);
        if (x < 0)
                buf[k++] = '-';
        while (len)
                buf[k++] = tmp[--len];
        buf[k] = '\0';
        return k;
}

/* The reference path: printf at 15, 16, 17 digits, each read back with strtod. */
static size_t fmt_double_slow(char *buf, double v)
{
        int len = 0;
        for (int prec = 15; prec <= 17; prec++) {
                len = snprintf(buf, DM_NUMBUF, "%.*g", prec, v);
                if (strtod(buf, NULL) == v)
                        break;
        }
        return len > 0 ? (size_t)len : 0;
}

/*
 * The exact path for 1e-3 <= |v| < 1e14, not a whole number. Then v = m / 2^s
 * with 2^52 < m < 2^53 and 1 <= s <= 62, and P significant digits are
 * D / 10^k with k = P - 1 - X (X = floor(log10 |v|), 0 <= k <= 19): D is m *
 * 10^k / 2^s rounded half to even, computed exactly in 128 bits (m * 10^19 <
 * 2^117). D / 10^k reads back as v when it lies within half an ulp of v
 * (ties go to even m), which is again an exact 128-bit comparison. This is
 * what glibc's correctly rounded %.Pg and strtod decide, without their
 * multi-precision arithmetic. Returns 0 when v is outside the path.
 */
static size_t fmt_double_exact(char *buf, double v)
{
        static const uint64_t p10[20] = {1ULL,
                                         10ULL,
                                         100ULL,
                                         1000ULL,
                                         10000ULL,
                                         100000ULL,
                                         1000000ULL,
                                         10000000ULL,
                                         100000000ULL,
                                         1000000000ULL,
                                         10000000000ULL,
                                         100000000000ULL,
                                         1000000000000ULL,
                                         10000000000000ULL,
                                         100000000000000ULL,
                                         1000000000000000ULL,
                                         10000000000000000ULL,
                                         100000000000000000ULL,
                                         1000000000000000000ULL,
                                         10000000000000000000ULL};
        double a = fabs(v);
        if (!(a >= 1e-3 && a < 1e14) || a == floor(a))
                return 0;
        int e2;
        double fr = frexp(a, &e2); /* a = fr * 2^e2, 0.5 <= fr < 1 */
        uint64_t m = (uint64_t)ldexp(fr, 53);
        int s = 53 - e2;
        if (m == (1ULL << 52) || s < 1 || s > 62)
                return 0; /* a power of two has a narrower gap below: use the slow path */
        __extension__ typedef unsigned __int128 u128;
        int X = (int)floor(log10(a));
        for (int tries = 0; tries < 3; tries++) {
                int k = 16 - X;
                if (k < 0 || k > 19)
                        return 0;
                u128 d = ((u128)m * p10[k]) >> s;
                if (d >= (u128)p10[17])
                        X++;
                else if (d < (u128)p10[16])
                        X--;
                else
                        break;
        }
        {
                int k = 16 - X;
                u128 d = k >= 0 && k <= 19 ? ((u128)m * p10[k]) >> s : 0;
                if (d < (u128)p10[16] || d >= (u128)p10[17])
                        return 0;
        }
        u128 half = (u128)1 << (s - 1), mask = ((u128)1 << s) - 1;
        for (int P = 15; P <= 17; P++) {
                int k = P - 1 - X;
                if (k < 0 || k > 19)
                        return 0;
                u128 N = (u128)m * p10[k];
                u128 D = N >> s, rem = N & mask;
                if (rem > half || (rem == half && (D & 1)))
                        D++;
                u128 Ds = D << s;
                u128 diff = Ds > N ? Ds - N : N - Ds;
                u128 twice = diff * 2, ten = p10[k];
                if (!(twice < ten || (twice == ten && !(m & 1))))
                        continue;
                /* Print D / 10^k in fixed notation without trailing zeros. */
                uint64_t dd = (uint64_t)D;
                while (k > 0 && dd % 10 == 0) {
                        dd /= 10;
                        k--;
                }
                size_t len = 0;
                if (v < 0)
                        buf[len++] = '-';
                len += fmt_integer(buf + len, (long long)(dd / p10[k]));
                if (k > 0) {
                        uint64_t frac = dd % p10[k];
                        buf[len++] = '.';
                        for (int i = k - 1; i >= 0; i--) {
                                buf[len + (size_t)i] = (char)('0' + frac % 10);
                                frac /= 10;
                        }
                        len += (size_t)k;
                }
                buf[len] = '\0';
                return len;
        }
        return 0;
}

size_t fmt_double(char *buf, double v)
{
        /* Whole numbers (counts, n, levels) are most figures. */
        if (v == floor(v) && fabs(v) < 1e15)
                return fmt_integer(buf, (long long)v);
        size_t len = fmt_double_exact(buf, v);
        return len ? len : fmt_double_slow(buf, v);
}

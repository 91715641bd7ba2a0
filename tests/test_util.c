/*
 * test_util.c - unit tests of the leaf utilities: text keys for tolerant
 * matching, file-name slugs, decimal numbers, UTF-8 validation, the string
 * map, the string buffer, error reports and paths.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xxhash.h>

#include "util.h"

/* Asserts that text_key(in) is want. */
static void expect_key(const char *in, const char *want)
{
        char *k = text_key(in);
        if (strcmp(k, want))
                fail_msg("text_key(\"%s\") = \"%s\", expected \"%s\"", in, k, want);
        free(k);
}

static void test_text_key_case(void **state)
{
        (void)state;
        expect_key("Täysin SAMAA Mieltä", "täysin samaa mieltä");
        expect_key("KUNTA", "kunta");
        expect_key("kunta", "kunta");
        /* Finnish capitals from Latin-1: Ä Ö Å, and the rest of the block. */
        expect_key("ÄÖÅ äöå", "äöå äöå");
        expect_key("LESTIJÄRVI", "lestijärvi");
        expect_key("ÉÜÑ", "éüñ");
        /* The multiplication sign (U+00D7) is not a letter and stays. */
        expect_key("2×3", "2×3");
        /* Full Unicode case folding (libunistring), not only Latin-1. */
        expect_key("Šakki", "šakki");
        expect_key("ß", "ss");
        expect_key("STRASSE", "strasse");
        expect_key("Straße", "strasse");
        expect_key("ΣΟΦΙΑ", "σοφια");
}

static void test_text_key_nfc(void **state)
{
        (void)state;
        /* NFD, as macOS writes it: a + U+0308 is ä; both forms give one key. */
        expect_key("Lestija\xcc\x88rvi", "lestijärvi");
        expect_key("LESTIJA\xcc\x88RVI", "lestijärvi");
        expect_key("Eta\xcc\x88tyo\xcc\x88 mahdollista?", "etätyö mahdollista?");
        expect_key("A\xcc\x8aland", "åland");
        /* The Ångström sign U+212B is canonically Å. */
        expect_key("\xe2\x84\xab", "å");
}

static void test_text_key_spaces(void **state)
{
        (void)state;
        /* No-break space U+00A0, narrow no-break U+202F, figure space U+2007, BOM U+FEFF. */
        expect_key("Lestijärvi\xc2\xa0", "lestijärvi");
        expect_key("\xc2\xa0\xc2\xa0Kaustinen", "kaustinen");
        expect_key("a\xc2\xa0\xc2\xa0"
                   "b",
                   "a b");
        expect_key("a\xe2\x80\xaf"
                   "b",
                   "a b");
        expect_key("a\xe2\x80\x87"
                   "b",
                   "a b");
        expect_key("\xef\xbb\xbfKunta", "kunta");
        /* Repeated spaces, tabs and line breaks fold into one space. */
        expect_key("Voin   vaikuttaa  työhön", "voin vaikuttaa työhön");
        expect_key("a\tb\r\nc", "a b c");
        expect_key("  surrounding  ", "surrounding");
        expect_key("", "");
        expect_key("   ", "");
        expect_key("\xc2\xa0", "");
}

static void test_text_key_colon(void **state)
{
        (void)state;
        expect_key("Voin vaikuttaa työni digitalisointiin:",
                   "voin vaikuttaa työni digitalisointiin");
        expect_key("Kunta :", "kunta");
        expect_key("Kunta:  ", "kunta");
        expect_key("Kunta\xc2\xa0:", "kunta");
        /* Only one trailing colon goes; inner colons stay. */
        expect_key("Kunta::", "kunta:");
        expect_key("klo 8:30", "klo 8:30");
        expect_key(":", "");
        expect_key(": a", ": a");
}

static void test_text_key_invalid_bytes(void **state)
{
        (void)state;
        /* A stray byte (Windows-1252 Ä read as UTF-8) is kept, not dropped. */
        expect_key("\xc4Ij\xc4", "\xc4ij\xc4");
        expect_key("A \xff  B", "a \xff b");
}

static void test_text_distance(void **state)
{
        (void)state;
        assert_int_equal(text_distance("", ""), 0);
        assert_int_equal(text_distance("abc", ""), 3);
        assert_int_equal(text_distance("mieltä", "mielta"), 1); /* one code point, two bytes */
        assert_int_equal(text_distance("teams", "temas"), 1);   /* a swap */
        assert_int_equal(text_distance("kaustinen", "kaustine"), 1);
        assert_int_equal(text_distance("kitten", "sitting"), 3);
        assert_true(text_close("jokseenkin samaa mielta", "jokseenkin samaa mieltä"));
        assert_true(text_close("temas", "teams"));
        assert_false(text_close("teams", "teams")); /* the same is not a typo */
        assert_false(text_close("ei", "en"));       /* two different short answers */
        assert_true(text_close("zomo", "zoom"));
        assert_false(text_close("zoom", "slack"));
}

static void expect_slug(const char *in, const char *want)
{
        char *s = slugify(in);
        if (strcmp(s, want))
                fail_msg("slugify(\"%s\") = \"%s\", expected \"%s\"", in, s, want);
        free(s);
}

/* A slug is safe: [a-z0-9-], 1-60 bytes, no dash first, last or twice in a row. */
static void check_slug_safe(const char *in)
{
        char *s = slugify(in);
        size_t n = strlen(s);
        assert_true(n >= 1 && n <= 60);
        for (size_t i = 0; i < n; i++) {
                char c = s[i];
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
                        fail_msg("slugify gave byte 0x%02x in \"%s\"", (unsigned char)c, s);
        }
        assert_true(s[0] != '-');
        assert_true(s[n - 1] != '-');
        assert_null(strstr(s, "--"));
        free(s);
}

static void test_slugify(void **state)
{
        (void)state;
        expect_slug("Lestijärvi", "lestijarvi");
        expect_slug("Lestija\xcc\x88rvi", "lestijarvi"); /* NFD */
        expect_slug("Kaustisen seutu", "kaustisen-seutu");
        expect_slug("Väliraportti 2024", "valiraportti-2024");
        expect_slug("ÅÄÖ åäö", "aao-aao");
        expect_slug("Pedersören kunta", "pedersoren-kunta");
        expect_slug("digi-2024", "digi-2024");
        expect_slug("  A  --  B  ", "a-b");
        expect_slug("a/b\\c", "a-b-c");
        /* Nothing of a path survives: no slash, no dot. */
        expect_slug("../../etc", "etc");
        expect_slug("../../etc/passwd", "etc-passwd");
        expect_slug("/", "x");
        expect_slug("..", "x");
        expect_slug(".hidden", "hidden");
        expect_slug("", "x");
        expect_slug("???", "x");
        expect_slug("\xff\xfe", "x");
        check_slug_safe("../../etc");
        check_slug_safe("a\xc3");
}

static void test_slugify_long(void **state)
{
        (void)state;
        char in[200], want[61];
        memset(in, 'a', 100);
        in[100] = '\0';
        memset(want, 'a', 60);
        want[60] = '\0';
        expect_slug(in, want);

        /* Cut at 60 bytes even when the 60th would follow a dash. */
        for (int cut = 55; cut <= 62; cut++) {
                memset(in, 'b', (size_t)cut);
                strcpy(in + cut, " cdefgh ijk");
                check_slug_safe(in);
        }
        memset(in, 'b', 59);
        strcpy(in + 59, " c");
        memset(want, 'b', 59);
        want[59] = '\0';
        expect_slug(in, want);

        /* Two-byte letters count once each in the slug. */
        strcpy(in, "");
        for (int i = 0; i < 70; i++)
                strcat(in, "ä");
        memset(want, 'a', 60);
        want[60] = '\0';
        expect_slug(in, want);
}

static void test_slugify_random(void **state)
{
        (void)state;
        uint32_t x = 12345;
        char in[128];
        for (int round = 0; round < 2000; round++) {
                size_t n = (size_t)(round % 127);
                for (size_t i = 0; i < n; i++) {
                        x = x * 1103515245u + 12345u;
                        unsigned char c = (unsigned char)(x >> 16);
                        in[i] = (char)(c ? c : 'z');
                }
                in[n] = '\0';
                check_slug_safe(in);
        }
}

static void expect_decimal(const char *in, double want)
{
        double v = -12345;
        if (parse_decimal(in, &v))
                fail_msg("parse_decimal(\"%s\") failed, expected %g", in, want);
        assert_float_equal(v, want, 1e-12);
}

static void expect_not_decimal(const char *in)
{
        double v = -12345;
        if (!parse_decimal(in, &v))
                fail_msg("parse_decimal(\"%s\") accepted it as %g", in, v);
        assert_float_equal(v, -12345, 0); /* untouched */
}

static void test_parse_decimal(void **state)
{
        (void)state;
        expect_decimal("2,5", 2.5);
        expect_decimal("2.5", 2.5);
        expect_decimal("0", 0);
        expect_decimal("5", 5);
        expect_decimal(" 3 ", 3);
        expect_decimal("\t-1,25\t", -1.25);
        expect_decimal("+4", 4);
        expect_decimal(",5", 0.5);
        expect_decimal("1e3", 1000);
        expect_decimal("0,000001", 1e-6);
        /* Thousands separators: space, no-break space, narrow no-break space. */
        expect_decimal("1 000", 1000);
        expect_decimal("1 204,0", 1204);
        expect_decimal("1\xc2\xa0"
                       "204,5",
                       1204.5);
        expect_decimal("12\xe2\x80\xaf"
                       "345\xe2\x80\xaf"
                       "678",
                       12345678);
        expect_decimal("-3 100", -3100);
        expect_decimal("999 999.25", 999999.25);

        expect_not_decimal("");
        expect_not_decimal("   ");
        expect_not_decimal("abc");
        expect_not_decimal("viisi");
        expect_not_decimal("2,5 km");
        expect_not_decimal("2 5");
        expect_not_decimal("12 04");
        expect_not_decimal("1 0000");
        expect_not_decimal("1234 567");
        expect_not_decimal("1 000 00");
        expect_not_decimal("1,5 000");
        expect_not_decimal("1  000");
        expect_not_decimal("1.000,5");
        expect_not_decimal("3,5,5");
        expect_not_decimal("2..5");
        expect_not_decimal("0x10");
        expect_not_decimal("inf");
        expect_not_decimal("-inf");
        expect_not_decimal("nan");
        expect_not_decimal("1e999");
        expect_not_decimal(",");
        expect_not_decimal("-");
        expect_not_decimal("e5");
        expect_not_decimal("5\xc2\xa0");
        /* Longer than any real answer: refused rather than cut. */
        char longnum[100];
        memset(longnum, '1', 80);
        longnum[80] = '\0';
        expect_not_decimal(longnum);
}

static void test_utf8_valid(void **state)
{
        (void)state;
        assert_int_equal(utf8_valid("", 0), 1);
        assert_int_equal(utf8_valid("abc", 3), 1);
        assert_int_equal(utf8_valid("äöå", 6), 1);
        assert_int_equal(utf8_valid("\xe2\x82\xac", 3), 1);     /* euro sign */
        assert_int_equal(utf8_valid("\xf0\x9f\x98\x80", 4), 1); /* emoji */
        assert_int_equal(utf8_valid("a\0b", 3), 1);             /* NUL is ASCII */
        assert_int_equal(utf8_valid("\xc3", 1), 0);             /* cut sequence */
        assert_int_equal(utf8_valid("\xc3\xa4", 1), 0);         /* cut by n */
        assert_int_equal(utf8_valid("\x80", 1), 0);             /* lone continuation */
        assert_int_equal(utf8_valid("\xff", 1), 0);
        assert_int_equal(utf8_valid("\xe4rvi", 4), 0);          /* Windows-1252 ä */
        assert_int_equal(utf8_valid("\xc0\xaf", 2), 0);         /* overlong '/' */
        assert_int_equal(utf8_valid("\xe0\x80\xaf", 3), 0);     /* overlong, 3 bytes */
        assert_int_equal(utf8_valid("\xed\xa0\x80", 3), 0);     /* surrogate */
        assert_int_equal(utf8_valid("\xf4\x90\x80\x80", 4), 0); /* above U+10FFFF */
        assert_int_equal(utf8_valid("\xf8\x88\x80\x80\x80", 5), 0);
        assert_int_equal(utf8_valid("\xc3\x28", 2), 0); /* bad continuation */
}

static void test_trim_inplace(void **state)
{
        (void)state;
        char a[] = "  \t kunta \r\n";
        assert_string_equal(trim_inplace(a), "kunta");
        char b[] = "\xc2\xa0Lestijärvi\xc2\xa0\xc2\xa0";
        assert_string_equal(trim_inplace(b), "Lestijärvi");
        char c[] = "   ";
        assert_string_equal(trim_inplace(c), "");
        char d[] = "a  b";
        assert_string_equal(trim_inplace(d), "a  b");
}

static void test_strmap(void **state)
{
        (void)state;
        struct strmap m;
        strmap_init(&m);
        int v = 42;
        assert_int_equal(strmap_get(&m, "x", &v), 0); /* empty map */
        assert_int_equal(v, 42);

        char key[32] = "kaustinen";
        strmap_put(&m, key, 1);
        strcpy(key, "changed"); /* the map keeps its own copy */
        assert_int_equal(strmap_get(&m, "kaustinen", &v), 1);
        assert_int_equal(v, 1);
        assert_int_equal(strmap_get(&m, "changed", &v), 0);
        strmap_put(&m, "kaustinen", -1); /* replace */
        assert_int_equal(strmap_get(&m, "kaustinen", &v), 1);
        assert_int_equal(v, -1);
        assert_int_equal(m.n, 1);
        strmap_put(&m, "", 7); /* the empty key is a key */
        assert_int_equal(strmap_get(&m, "", &v), 1);
        assert_int_equal(v, 7);

        /* Growth keeps every entry. */
        char buf[32];
        for (int i = 0; i < 5000; i++) {
                snprintf(buf, sizeof buf, "key-%d", i);
                strmap_put(&m, buf, i * 3);
        }
        assert_int_equal(m.n, 5002);
        for (int i = 0; i < 5000; i++) {
                snprintf(buf, sizeof buf, "key-%d", i);
                assert_int_equal(strmap_get(&m, buf, &v), 1);
                assert_int_equal(v, i * 3);
        }
        assert_int_equal(strmap_get(&m, "key-5000", &v), 0);
        assert_int_equal(strmap_get(&m, "kaustinen", &v), 1);
        assert_int_equal(v, -1);
        strmap_clear(&m);
        assert_int_equal(m.n, 0);
        assert_int_equal(strmap_get(&m, "kaustinen", &v), 0);
        strmap_clear(&m); /* clearing twice is harmless */
}

static void test_strbuf(void **state)
{
        (void)state;
        struct strbuf sb;
        strbuf_init(&sb);
        assert_string_equal(strbuf_str(&sb), "");
        strbuf_adds(&sb, "abc");
        strbuf_addc(&sb, '-');
        strbuf_addn(&sb, "xyz", 2);
        strbuf_addf(&sb, "%d:%s", 42, "ok");
        assert_string_equal(strbuf_str(&sb), "abc-xy42:ok");
        assert_int_equal(sb.len, 11);
        /* A formatted text longer than the 256-byte fast path. */
        char big[600];
        memset(big, 'q', 599);
        big[599] = '\0';
        strbuf_reset(&sb);
        assert_string_equal(strbuf_str(&sb), "");
        strbuf_addf(&sb, "<%s>", big);
        assert_int_equal(sb.len, 601);
        assert_int_equal(sb.buf[0], '<');
        assert_int_equal(sb.buf[600], '>');
        assert_int_equal(sb.buf[601], '\0');
        strbuf_clear(&sb);
        assert_null(sb.buf);
        strbuf_clear(&sb);
}

static void test_err_set(void **state)
{
        (void)state;
        struct err e = {0};
        assert_int_equal(err_set(&e, DM_EX_CONFIG, "%s:%d: %s", "a.ini", 3, "bad"), -1);
        assert_int_equal(e.code, 78);
        assert_string_equal(e.msg, "a.ini:3: bad");
        assert_int_equal(err_set(NULL, DM_EX_DATAERR, "ignored"), -1);
        /* A message longer than the buffer is cut, still NUL-terminated. */
        char big[2000];
        memset(big, 'm', sizeof big - 1);
        big[sizeof big - 1] = '\0';
        err_set(&e, DM_EX_DATAERR, "%s", big);
        assert_int_equal(e.code, 65);
        assert_int_equal(strlen(e.msg), sizeof e.msg - 1);
}

static void test_exit_codes(void **state)
{
        (void)state;
        /* sysexits.h values, as README documents them. */
        assert_int_equal(DM_EX_USAGE, 64);
        assert_int_equal(DM_EX_DATAERR, 65);
        assert_int_equal(DM_EX_NOINPUT, 66);
        assert_int_equal(DM_EX_CANTCREAT, 73);
        assert_int_equal(DM_EX_CONFIG, 78);
}

static void expect_join(const char *dir, const char *name, const char *want)
{
        char *p = path_join(dir, name);
        if (strcmp(p, want))
                fail_msg("path_join(\"%s\", \"%s\") = \"%s\", expected \"%s\"", dir ? dir : "NULL",
                         name, p, want);
        free(p);
}

static void expect_dirname(const char *path, const char *want)
{
        char *p = path_dirname(path);
        assert_string_equal(p, want);
        free(p);
}

static void test_paths(void **state)
{
        (void)state;
        expect_join("input", "digi-2024.csv", "input/digi-2024.csv");
        expect_join("input/", "digi-2024.csv", "input/digi-2024.csv");
        expect_join("input", "/srv/data/x.csv", "/srv/data/x.csv");
        expect_join("", "x.csv", "x.csv");
        expect_join(NULL, "x.csv", "x.csv");
        expect_join(".", "x.csv", "x.csv");
        expect_join("input", "../output", "output");
        expect_join("a/b", "../../../x", "../x");
        expect_dirname("input/kaustisen-seutu.ini", "input");
        expect_dirname("kaustisen-seutu.ini", ".");
        expect_dirname("/etc.ini", "/");
        expect_dirname("a/b/c.ini", "a/b");
}

static void test_hash_bytes(void **state)
{
        (void)state;
        /* XXH3-64 with seed 0: the published value for no input, and libxxhash itself. */
        assert_true(hash_bytes("", 0) == 0x2D06800538D394C2ULL);
        const char *s[] = {"a", "foobar", "R-0000001", "a somewhat longer id of 40 bytes or so.."};
        for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
                assert_true(hash_bytes(s[i], strlen(s[i])) == XXH3_64bits(s[i], strlen(s[i])));
        assert_true(hash_bytes("R-0000001", 9) != hash_bytes("R-0000002", 9));
}

/* The definition fmt_double promises: glibc's %.15g, %.16g or %.17g, read back by strtod. */
static void reference_number(char *buf, size_t n, double v)
{
        if (v == floor(v) && fabs(v) < 1e15) {
                snprintf(buf, n, "%.0f", v == 0 ? 0.0 : v);
                return;
        }
        for (int prec = 15; prec <= 17; prec++) {
                snprintf(buf, n, "%.*g", prec, v);
                if (strtod(buf, NULL) == v)
                        return;
        }
}

static void expect_number(double v)
{
        char got[DM_NUMBUF], want[64];
        size_t len = fmt_double(got, v);
        reference_number(want, sizeof want, v);
        if (strcmp(got, want) || len != strlen(got))
                fail_msg("fmt_double(%a): got \"%s\", printf gives \"%s\"", v, got, want);
}

static uint64_t xorshift(uint64_t *s)
{
        *s ^= *s << 13;
        *s ^= *s >> 7;
        *s ^= *s << 17;
        return *s;
}

static void test_fmt_double(void **state)
{
        (void)state;
        static const double fixed[] = {
            0.0, -0.0, 1.0, -1.0, 0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 0.5, 0.25, 0.125, 1e-3,
            0.001000000000000001, 9.999999999999999e-4, 1e14, 99999999999999.98, 1e15 - 0.5,
            1e15, 1e16, 123456789012345.6, 4.35, 2.675, 72.45, 49.99999999999999, 50.00000000000001,
            3.4166666666666665, 99.99999999999999, 9.9999999999999995, 0.009999999999999998,
            -3.0000000000000004, 1e-300, 5e-324, 1.7976931348623157e308, -2.5e-5, 100.0 / 7};
        for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
                expect_number(fixed[i]);
        uint64_t seed = 0x9E3779B97F4A7C15ULL;
        for (int i = 0; i < 200000; i++) {
                uint64_t r = xorshift(&seed);
                double v;
                switch (i % 4) {
                case 0: /* any bit pattern with an exponent from about 1e-6 to 1e17 */
                        v = ldexp((double)(r >> 11) / 9007199254740992.0, (int)(r % 78) - 20);
                        break;
                case 1: /* a share in percent, as the statistics make them */
                        v = 100.0 * (double)(r % 5000) / (double)(1 + (r >> 32) % 5000);
                        break;
                case 2: /* a mean of codes 1-5 */
                        v = (double)(r % 50000) / (double)(1 + (r >> 20) % 10000);
                        break;
                default: /* neighbours of short decimals: the ties and near-ties */
                        v = nextafter((double)(r % 100000) / 1000.0, (r >> 40) & 1 ? 1e300 : -1e300);
                        break;
                }
                if (r >> 63)
                        v = -v;
                expect_number(v);
        }
}

/* Markup escaping for the HTML edition (line breaks as spaces) and XMP (apostrophes too). */
static void test_strbuf_add_markup(void **state)
{
        (void)state;
        const char s[] = "a&b<c>\"d'e\nf\tg\x01h";
        struct strbuf b;
        strbuf_init(&b);
        strbuf_add_markup(&b, s, sizeof s - 1, MARKUP_NL_SPACE);
        assert_string_equal(strbuf_str(&b), "a&amp;b&lt;c&gt;&quot;d'e f\tgh");
        strbuf_clear(&b);
        strbuf_init(&b);
        strbuf_add_markup(&b, s, sizeof s - 1, MARKUP_APOS);
        assert_string_equal(strbuf_str(&b), "a&amp;b&lt;c&gt;&quot;d&apos;e\nf\tgh");
        strbuf_clear(&b);
}

/* A write that the disk refuses is an I/O error naming the file, never success. */
static void test_output_write_file(void **state)
{
        (void)state;
        struct err e = {0};
        char path[] = "/tmp/dm_util_XXXXXX";
        int fd = mkstemp(path);
        assert_true(fd >= 0);
        close(fd);
        assert_int_equal(output_write_file(path, "abc", 3, &e), 0);
        FILE *fp = fopen(path, "rb");
        char buf[8] = {0};
        assert_int_equal(fread(buf, 1, sizeof buf, fp), 3);
        fclose(fp);
        assert_string_equal(buf, "abc");
        unlink(path);
        assert_int_equal(output_write_file("/dev/full", "abc", 3, &e), -1);
        assert_int_equal(e.code, DM_EX_IOERR);
        assert_non_null(strstr(e.msg, "/dev/full: write error: "));
        assert_int_equal(output_write_file("/nonexistent/x.html", "abc", 3, &e), -1);
        assert_int_equal(e.code, DM_EX_CANTCREAT);
        assert_non_null(strstr(e.msg, "/nonexistent/x.html: cannot create: "));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_text_key_case),
            cmocka_unit_test(test_text_key_nfc),
            cmocka_unit_test(test_text_key_spaces),
            cmocka_unit_test(test_text_distance),
            cmocka_unit_test(test_text_key_colon),
            cmocka_unit_test(test_text_key_invalid_bytes),
            cmocka_unit_test(test_slugify),
            cmocka_unit_test(test_slugify_long),
            cmocka_unit_test(test_slugify_random),
            cmocka_unit_test(test_parse_decimal),
            cmocka_unit_test(test_utf8_valid),
            cmocka_unit_test(test_trim_inplace),
            cmocka_unit_test(test_strmap),
            cmocka_unit_test(test_strbuf),
            cmocka_unit_test(test_err_set),
            cmocka_unit_test(test_exit_codes),
            cmocka_unit_test(test_paths),
            cmocka_unit_test(test_hash_bytes),
            cmocka_unit_test(test_fmt_double),
            cmocka_unit_test(test_output_write_file),
            cmocka_unit_test(test_strbuf_add_markup),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_msgcat.c - the Finnish message catalog: every message the sources can
 * print has a Finnish entry, and its conversions take the same arguments.
 *
 * Like xgettext, the test reads the .c files of src/ (run from the repository root) and
 * extracts every string literal passed as the format of a message function
 * (err_set, msg_fprintf, the modules' printf-like problem recorders) or
 * marked N_("...") or msgcat_fmt("..."). A literal without a letter outside
 * its conversions ("%s:%d: %s") needs no entry.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msgcat.h"
#include "util.h"

/* Message functions and the 1-based argument that is the format. */
static const struct {
        const char *name;
        const char *file; /* only in this file, or NULL for any */
        int arg;
} msgfuncs[] = {
    {"err_set", NULL, 3},        {"msg_fprintf", NULL, 2},
    {"msgcat_fmt", NULL, 1},     {"N_", NULL, 1},
    {"fail", "src/config.c", 2}, {"fail", "src/codebook.c", 3},
    {"set_problem", NULL, 4},    {"problem", "src/strategy.c", 4},
    {"dq_event", NULL, 5},       {"reject", "src/ingest.c", 5},
    {"usage_error", NULL, 1},    {"damage", "src/csvread.c", 4},
    {"xp_fail", "src/xlsx.c", 2}, {"row_problem", "src/xlsx.c", 2},
};

/*
 * The argument types of a printf format, one letter per argument in order:
 * d (int), l (long), L (long long), z (size_t), u (unsigned), g (double),
 * s (string), c (char), p (pointer), w ('*' width or precision). Returns the
 * count, or -1 for a malformed format or one that mixes numbered and
 * unnumbered conversions.
 */
static int arg_types(const char *f, char *types, int max)
{
        int n = 0, numbered = -1;
        memset(types, 0, (size_t)max);
        for (; *f; f++) {
                if (*f != '%')
                        continue;
                f++;
                if (*f == '%')
                        continue;
                int pos = 0;
                const char *p = f;
                while (isdigit((unsigned char)*p))
                        pos = pos * 10 + (*p++ - '0');
                int is_numbered = *p == '$' && pos > 0;
                if (numbered >= 0 && numbered != is_numbered)
                        return -1;
                numbered = is_numbered;
                if (is_numbered)
                        f = p + 1;
                else
                        pos = n + 1;
                while (strchr("-+ #0'", *f))
                        f++;
                int star = 0;
                if (*f == '*')
                        star++, f++;
                while (isdigit((unsigned char)*f))
                        f++;
                if (*f == '.') {
                        f++;
                        if (*f == '*')
                                star++, f++;
                        while (isdigit((unsigned char)*f))
                                f++;
                }
                if (star && is_numbered)
                        return -1; /* "*m$" is not used here */
                char len = 0;
                if (*f == 'h') {
                        f += f[1] == 'h' ? 2 : 1;
                } else if (*f == 'l') {
                        len = f[1] == 'l' ? 'L' : 'l';
                        f += f[1] == 'l' ? 2 : 1;
                } else if (*f == 'z' || *f == 'j' || *f == 't' || *f == 'L') {
                        len = *f == 'L' ? 'g' : 'z';
                        f++;
                }
                char t;
                if (strchr("di", *f))
                        t = len ? len : 'd';
                else if (strchr("uxXo", *f))
                        t = len ? len : 'u';
                else if (strchr("eEfFgGaA", *f))
                        t = 'g';
                else if (*f == 's' || *f == 'c' || *f == 'p')
                        t = *f;
                else
                        return -1;
                for (int k = 0; k < star; k++) {
                        if (n >= max)
                                return -1;
                        types[n++] = 'w';
                        pos++;
                }
                if (pos > max)
                        return -1;
                if (types[pos - 1] && types[pos - 1] != t)
                        return -1;
                types[pos - 1] = t;
                if (pos > n)
                        n = pos;
        }
        for (int i = 0; i < n; i++)
                if (!types[i])
                        return -1; /* a numbered argument left out */
        return n;
}

/* 1 when s has a letter outside its conversions (so it is words to translate). */
static int has_words(const char *s)
{
        for (; *s; s++) {
                if (*s == '%') {
                        s++;
                        while (*s && !strchr("diuxXoeEfFgGaAscp%", *s))
                                s++;
                        if (!*s)
                                break;
                        continue;
                }
                if (isalpha((unsigned char)*s))
                        return 1;
        }
        return 0;
}

static const char *lookup(const char *en)
{
        size_t n;
        const struct msgcat_entry *c = msgcat_entries(&n);
        for (size_t i = 0; i < n; i++)
                if (!strcmp(c[i].en, en))
                        return c[i].fi;
        return NULL;
}

static void test_entries_agree(void **state)
{
        (void)state;
        size_t n;
        const struct msgcat_entry *c = msgcat_entries(&n);
        assert_true(n > 200);
        int bad = 0;
        for (size_t i = 0; i < n; i++) {
                char te[32], tf[32];
                int ne = arg_types(c[i].en, te, sizeof te);
                int nf = arg_types(c[i].fi, tf, sizeof tf);
                if (ne < 0 || nf != ne || memcmp(te, tf, (size_t)ne)) {
                        print_error("conversions differ:\n  en: %s\n  fi: %s\n", c[i].en, c[i].fi);
                        bad++;
                }
                for (size_t k = 0; k < i; k++)
                        if (!strcmp(c[k].en, c[i].en)) {
                                print_error("twice in the catalog: %s\n", c[i].en);
                                bad++;
                        }
        }
        assert_int_equal(bad, 0);
}

/* The checker itself: it must see what a wrong translation gets wrong. */
static void test_arg_types(void **state)
{
        (void)state;
        char a[16], b[16];
        assert_int_equal(arg_types("%s:%ld: %zu of %d %g%%", a, 16), 5);
        assert_memory_equal(a, "slzdg", 5);
        assert_int_equal(arg_types("%2$d %1$s", b, 16), 2);
        assert_memory_equal(b, "sd", 2);
        assert_int_equal(arg_types("%.*s and %.0s", a, 16), 3);
        assert_memory_equal(a, "wss", 3);
        assert_int_equal(arg_types("%1$s %3$s", a, 16), -1); /* argument 2 left out */
        assert_int_equal(arg_types("%1$s %s", a, 16), -1);   /* mixed */
        assert_int_equal(arg_types("%1$s %1$d", a, 16), -1); /* one argument, two types */
        assert_false(has_words("%s:%d: %s"));
        assert_true(has_words("%s: cannot open: %s"));
}

/* A C literal's bytes, escapes decoded, appended to sb. */
static void add_literal(struct strbuf *sb, const char *s, size_t n)
{
        for (size_t i = 0; i < n; i++) {
                if (s[i] != '\\') {
                        strbuf_addc(sb, s[i]);
                        continue;
                }
                char c = s[++i];
                if (c == 'n')
                        strbuf_addc(sb, '\n');
                else if (c == 't')
                        strbuf_addc(sb, '\t');
                else if (c == 'x') {
                        unsigned v = 0;
                        while (i + 1 < n && isxdigit((unsigned char)s[i + 1])) {
                                char h = s[++i];
                                v = v * 16 + (unsigned)(isdigit((unsigned char)h)
                                                            ? h - '0'
                                                            : (h | 32) - 'a' + 10);
                        }
                        strbuf_addc(sb, (char)v);
                } else
                        strbuf_addc(sb, c);
        }
}

/* Tokens: what the extractor needs of C. */
enum tok_kind { T_IDENT, T_STRING, T_PUNCT, T_END };
struct lexer {
        const char *p;
        enum tok_kind kind;
        const char *start;
        size_t len;
        char punct;
};

static void next(struct lexer *lx)
{
        for (;;) {
                while (isspace((unsigned char)*lx->p))
                        lx->p++;
                if (lx->p[0] == '/' && lx->p[1] == '*') {
                        const char *e = strstr(lx->p + 2, "*/");
                        lx->p = e ? e + 2 : lx->p + strlen(lx->p);
                } else if (lx->p[0] == '/' && lx->p[1] == '/') {
                        lx->p += strcspn(lx->p, "\n");
                } else if (lx->p[0] == '#') {
                        /* A preprocessor line (with its continuations). */
                        while (*lx->p && !(lx->p[0] == '\n' && lx->p[-1] != '\\'))
                                lx->p++;
                } else {
                        break;
                }
        }
        const char *s = lx->p;
        if (!*s) {
                lx->kind = T_END;
                return;
        }
        if (*s == '"' || *s == '\'') {
                char q = *s++;
                const char *b = s;
                while (*s && *s != q)
                        s += s[0] == '\\' && s[1] ? 2 : 1;
                lx->kind = q == '"' ? T_STRING : T_PUNCT;
                lx->punct = 0;
                lx->start = b;
                lx->len = (size_t)(s - b);
                lx->p = *s ? s + 1 : s;
                return;
        }
        if (isalpha((unsigned char)*s) || *s == '_') {
                const char *b = s;
                while (isalnum((unsigned char)*s) || *s == '_')
                        s++;
                lx->kind = T_IDENT;
                lx->start = b;
                lx->len = (size_t)(s - b);
                lx->p = s;
                return;
        }
        lx->kind = T_PUNCT;
        lx->punct = *s;
        lx->start = s;
        lx->len = 1;
        lx->p = s + 1;
}

static int ident_is(const struct lexer *lx, const char *s)
{
        return lx->kind == T_IDENT && lx->len == strlen(s) && !memcmp(lx->start, s, lx->len);
}

static int checked, missing;

static void need_entry(const char *file, const char *msg)
{
        if (!has_words(msg))
                return;
        checked++;
        if (!lookup(msg)) {
                print_error("%s: no Finnish entry in src/msgcat_fi.h for:\n  \"%s\"\n", file, msg);
                missing++;
        }
}

/* Checks every message literal of one source file. */
static void scan_file(const char *path)
{
        FILE *fp = fopen(path, "r");
        assert_non_null(fp);
        struct strbuf src;
        strbuf_init(&src);
        char buf[65536];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
                strbuf_addn(&src, buf, n);
        fclose(fp);
        struct lexer lx = {.p = strbuf_str(&src)};
        int after_type = 0; /* the previous token was a declaration's type word */
        for (next(&lx); lx.kind != T_END;) {
                int fn = -1;
                for (size_t i = 0; i < sizeof msgfuncs / sizeof msgfuncs[0] && fn < 0; i++)
                        if (ident_is(&lx, msgfuncs[i].name) &&
                            (!msgfuncs[i].file || !strcmp(msgfuncs[i].file, path)))
                                fn = (int)i;
                int was_type = after_type;
                after_type = ident_is(&lx, "int") || ident_is(&lx, "void") ||
                             ident_is(&lx, "define") || (lx.kind == T_PUNCT && lx.punct == '*');
                next(&lx);
                if (fn < 0 || was_type || lx.kind != T_PUNCT || lx.punct != '(')
                        continue;
                /* Inside the call: count arguments at depth 0, collect literal runs. */
                int depth = 0, arg = 1;
                struct strbuf lit;
                strbuf_init(&lit);
                int in_lit = 0;
                for (next(&lx); lx.kind != T_END; next(&lx)) {
                        int is_lit = lx.kind == T_STRING;
                        if (in_lit && !is_lit) {
                                need_entry(path, strbuf_str(&lit));
                                strbuf_reset(&lit);
                                in_lit = 0;
                        }
                        if (is_lit && arg == msgfuncs[fn].arg && depth == 0) {
                                add_literal(&lit, lx.start, lx.len);
                                in_lit = 1;
                                continue;
                        }
                        if (lx.kind != T_PUNCT || !lx.punct)
                                continue;
                        if (strchr("([{", lx.punct))
                                depth++;
                        else if (strchr(")]}", lx.punct) && depth-- == 0)
                                break;
                        else if (lx.punct == ',' && depth == 0)
                                arg++;
                }
                strbuf_clear(&lit);
        }
        strbuf_clear(&src);
}

static void test_every_message_has_an_entry(void **state)
{
        (void)state;
        DIR *d = opendir("src");
        assert_non_null(d);
        struct dirent *de;
        int files = 0;
        while ((de = readdir(d))) {
                size_t l = strlen(de->d_name);
                if (l < 3 || strcmp(de->d_name + l - 2, ".c"))
                        continue;
                char path[300];
                snprintf(path, sizeof path, "src/%s", de->d_name);
                scan_file(path);
                files++;
        }
        closedir(d);
        assert_true(files > 10);
        assert_true(checked > 200); /* the extractor found the messages at all */
        assert_int_equal(missing, 0);
}

/* The lookup itself, and the language switch. */
static void test_lookup_follows_the_language(void **state)
{
        (void)state;
        const char *en = "%s: cannot open: %s";
        msgcat_set_lang(MSG_EN);
        assert_string_equal(msgcat_fmt(en), en);
        msgcat_set_lang(MSG_FI);
        assert_string_equal(msgcat_fmt(en), "%s: ei voi avata: %s");
        assert_string_equal(msgcat_fmt("not in the catalog"), "not in the catalog");
        struct err e = {0};
        err_set(&e, DM_EX_CONFIG, "%s:%d: alias \"%s\" of %s also names %s", "a.ini", 7, "Kaus",
                "Kaustinen", "Veteli");
        assert_string_equal(e.msg, "a.ini:7: kunnan Kaustinen muu nimi \"Kaus\" on myös kunnan "
                                   "Veteli nimi");
        assert_string_equal(msg_strerror(2), "tiedostoa tai kansiota ei ole");
        msgcat_set_lang(MSG_EN);
        assert_string_equal(msg_strerror(2), "No such file or directory");
}

static void test_language_from_environment(void **state)
{
        (void)state;
        int forced;
        unsetenv("DIGIMITTARI_LANG");
        unsetenv("LC_ALL");
        unsetenv("LC_MESSAGES");
        unsetenv("LANG");
        assert_int_equal(msgcat_lang_from_env(&forced), MSG_FI); /* cron: no variables */
        assert_int_equal(forced, 0);
        setenv("LANG", "en_GB.UTF-8", 1);
        assert_int_equal(msgcat_lang_from_env(&forced), MSG_EN);
        setenv("LC_MESSAGES", "fi_FI.UTF-8", 1);
        assert_int_equal(msgcat_lang_from_env(&forced), MSG_FI);
        setenv("LC_ALL", "en_US.UTF-8", 1);
        assert_int_equal(msgcat_lang_from_env(&forced), MSG_EN);
        setenv("LANG", "C.UTF-8", 1);
        unsetenv("LC_ALL");
        unsetenv("LC_MESSAGES");
        assert_int_equal(msgcat_lang_from_env(&forced), MSG_FI);
        setenv("DIGIMITTARI_LANG", "en", 1);
        setenv("LC_ALL", "fi_FI.UTF-8", 1);
        assert_int_equal(msgcat_lang_from_env(&forced), MSG_EN);
        assert_int_equal(forced, 1);
        unsetenv("DIGIMITTARI_LANG");
        unsetenv("LC_ALL");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_arg_types),
            cmocka_unit_test(test_entries_agree),
            cmocka_unit_test(test_every_message_has_an_entry),
            cmocka_unit_test(test_lookup_follows_the_language),
            cmocka_unit_test(test_language_from_environment),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
